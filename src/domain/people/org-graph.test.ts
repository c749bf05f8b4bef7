import { describe, expect, it } from 'vitest';
import { assertNoReportingCycle, buildOrgChart, findReportingCycle, isInReportingChain, managementChain } from './org-graph.js';

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
    expect(findReportingCycle(managerOf)).toBeNull();
    expect(findReportingCycle(new Map([['a', 'b'], ['b', 'c'], ['c', 'a'], ['d', 'a']]))?.sort()).toEqual(['a', 'b', 'c']);
  });

  it('refuses a manager change that makes a cycle (org.no_reporting_cycle)', () => {
    expect(() => assertNoReportingCycle('vp', 'eng', managerOf)).toThrow(expect.objectContaining({ details: { rule: 'org.no_reporting_cycle' } }));
    expect(() => assertNoReportingCycle('vp', 'vp', managerOf)).toThrow(/own manager/);
    expect(() => assertNoReportingCycle('eng', 'other', managerOf)).not.toThrow();
  });

  it('puts the hiring manager, those above and those below in the reporting chain, not a sibling branch', () => {
    expect(isInReportingChain('hm', 'hm', managerOf)).toBe(true);
    expect(isInReportingChain('vp', 'hm', managerOf)).toBe(true);
    expect(isInReportingChain('ceo', 'hm', managerOf)).toBe(true);
    expect(isInReportingChain('eng', 'hm', managerOf)).toBe(true);
    expect(isInReportingChain('br', 'hm', managerOf)).toBe(false);
    expect(isInReportingChain('other', 'hm', managerOf)).toBe(false);
  });
});
