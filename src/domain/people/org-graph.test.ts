import { describe, expect, it } from 'vitest';
import { assertNoReportingCycle, buildOrgChart, findReportingLoop, isInReportingChain, managementChain, solidLinesOf } from './org-graph.js';

// ceo ← vp ← hm ← eng ; ceo ← other ← br
const managerOf = new Map<string, string | null>([
  ['ceo', null],
  ['vp', 'ceo'],
  ['hm', 'vp'],
  ['eng', 'hm'],
  ['other', 'ceo'],
  ['br', 'other'],
]);

describe('org graph', () => {
  it('builds a forest with reports under their managers and unknown managers as roots', () => {
    const chart = buildOrgChart([
      { id: 'ceo', managerId: null },
      { id: 'vp', managerId: 'ceo' },
      { id: 'lost', managerId: 'nobody' },
    ]);
    expect(chart.map((node) => node.person.id)).toEqual(['ceo', 'lost']);
    expect(chart[0]!.reports.map((node) => node.person.id)).toEqual(['vp']);
  });

  it('lists the management chain nearest first and stops on a cycle', () => {
    expect(managementChain('eng', managerOf)).toEqual(['hm', 'vp', 'ceo']);
    expect(managementChain('a', new Map([['a', 'b'], ['b', 'a']]))).toEqual(['b']);
  });

  it('finds reporting cycles and nothing in a tree', () => {
    expect(findReportingLoop(solidLinesOf(managerOf))).toBeNull();
    expect(findReportingLoop(solidLinesOf(new Map([['a', 'b'], ['b', 'c'], ['c', 'a'], ['d', 'a']])))?.sort()).toEqual(['a', 'b', 'c']);
  });

  it('refuses a manager change that makes a cycle (org.no_reporting_cycle)', () => {
    const lines = solidLinesOf(managerOf);
    expect(() => assertNoReportingCycle('vp', 'eng', lines)).toThrow(expect.objectContaining({ details: { rule: 'org.no_reporting_cycle', field: 'managerId' } }));
    expect(() => assertNoReportingCycle('vp', 'vp', lines)).toThrow(/own manager/);
    expect(() => assertNoReportingCycle('eng', 'other', lines)).not.toThrow();
  });

  it('refuses a loop closed through a dotted line, whichever line is new', () => {
    // br has a dotted line to eng, so br answers to eng: eng reporting to br would loop.
    const dottedToEng = new Map([...solidLinesOf(managerOf), ['br', ['other', 'eng']]]);
    expect(() => assertNoReportingCycle('eng', 'br', dottedToEng)).toThrow(expect.objectContaining({ details: { rule: 'org.no_reporting_cycle', field: 'managerId' } }));
    // A dotted line from vp to eng, who answers to vp through hm, loops; one to br does not.
    const lines = solidLinesOf(managerOf);
    expect(() => assertNoReportingCycle('vp', 'eng', lines, 'dottedLineManagerId')).toThrow(expect.objectContaining({ details: { rule: 'org.no_reporting_cycle', field: 'dottedLineManagerId' } }));
    expect(() => assertNoReportingCycle('vp', 'br', lines, 'dottedLineManagerId')).not.toThrow();
    // A loop already in the data, elsewhere, ends the walk instead of hanging it.
    const looped = new Map([...lines, ['x', ['y']], ['y', ['x']], ['br', ['other', 'x']]]);
    expect(() => assertNoReportingCycle('vp', 'br', looped, 'dottedLineManagerId')).not.toThrow();
  });

  it('puts the hiring manager, those above and those below in the reporting chain, not a sibling branch', () => {
    const lines = solidLinesOf(managerOf);
    expect(isInReportingChain('hm', 'hm', lines)).toBe(true);
    expect(isInReportingChain('vp', 'hm', lines)).toBe(true);
    expect(isInReportingChain('ceo', 'hm', lines)).toBe(true);
    expect(isInReportingChain('eng', 'hm', lines)).toBe(true);
    expect(isInReportingChain('br', 'hm', lines)).toBe(false);
    expect(isInReportingChain('other', 'hm', lines)).toBe(false);
  });

  it('follows dotted lines up the chain, either way, as reporting lines, and stops on a cycle', () => {
    // br's dotted-line manager is eng, who reports to hm: br answers to hm through eng.
    const belowByDottedLine = new Map([...solidLinesOf(managerOf), ['br', ['other', 'eng']]]);
    expect(isInReportingChain('br', 'hm', belowByDottedLine)).toBe(true);
    expect(isInReportingChain('other', 'hm', belowByDottedLine)).toBe(false);
    // hm's dotted-line manager is other: other is above hm; br, who reports to other, is not.
    const aboveByDottedLine = new Map([...solidLinesOf(managerOf), ['hm', ['vp', 'other']]]);
    expect(isInReportingChain('other', 'hm', aboveByDottedLine)).toBe(true);
    expect(isInReportingChain('br', 'hm', aboveByDottedLine)).toBe(false);
    // A solid report of someone with a dotted line to hm is below hm too.
    const reportOfDotted = new Map([...solidLinesOf(managerOf), ['other', ['ceo', 'hm']]]);
    expect(isInReportingChain('br', 'hm', reportOfDotted)).toBe(true);
    // A dotted line that closes a loop ends the walk.
    expect(isInReportingChain('x', 'hm', new Map([['x', ['y']], ['y', ['x']], ['hm', []]]))).toBe(false);
  });
});
