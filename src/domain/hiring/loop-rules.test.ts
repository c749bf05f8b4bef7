import { describe, expect, it } from 'vitest';
import { solidLinesOf } from '../people/org-graph.js';
import { assertLoopComposition, assignPrinciples, coverageWarnings, suggestBarRaiser, type LoopContext, type LoopSeatInput } from './loop-rules.js';

const reportingLinesOf = solidLinesOf(new Map<string, string | null>([['ceo', null], ['hm', 'ceo'], ['i1', 'hm'], ['i2', 'hm'], ['i3', 'ceo'], ['i4', 'ceo'], ['br', 'ceo'], ['br2', 'ceo'], ['br3', 'ceo'], ['trainee', 'ceo']]));
// br3 reports to the CEO, outside the hiring manager's chain, but is allocated to the team the role joins.
const hiringTeam = { name: 'Robotics', memberIds: new Set(['hm', 'i1', 'i2', 'br3']) };
const context: LoopContext = {
  hiringManagerId: 'hm',
  reportingLinesOf,
  hiringTeam,
  barRaiserStatusOf: new Map([['br', 'certified'], ['br2', 'certified'], ['br3', 'certified'], ['i1', 'certified'], ['trainee', 'in_training']]),
  activePrincipleIds: new Set(['p1', 'p2', 'p3', 'p4', 'p5', 'p6']),
  peopleWithLogin: new Set(['hm', 'i1', 'i2', 'i3', 'br', 'br2', 'br3', 'trainee']),
  candidatePersonIds: new Set(),
};
const seat = (personId: string, principleIds: string[], kind: LoopSeatInput['seat'] = 'interviewer'): LoopSeatInput => ({ personId, seat: kind, principleIds });
const goodLoop = [seat('hm', ['p1']), seat('i1', ['p2']), seat('i2', ['p3']), seat('i3', ['p4']), seat('br', ['p5', 'p6'], 'bar_raiser')];
const ruleOf = (seats: LoopSeatInput[]) => {
  try {
    assertLoopComposition(seats, context);
    return null;
  } catch (error) {
    return (error as { details: { rule?: string; field?: string } }).details.rule ?? (error as { details: { field?: string } }).details.field;
  }
};

describe('loop composition', () => {
  it('accepts 5 interviewers with one certified bar raiser from outside the chain, plus a shadow in training', () => {
    expect(ruleOf([...goodLoop, seat('trainee', [], 'shadow')])).toBeNull();
  });
  it('loop.bar_raiser_login: the bar raiser signs in to Pulse, since only they run the debrief', () => {
    const withoutLogin = { ...context, peopleWithLogin: new Set([...context.peopleWithLogin].filter((id) => id !== 'br')) };
    expect(() => assertLoopComposition(goodLoop, withoutLogin)).toThrow(expect.objectContaining({ details: expect.objectContaining({ rule: 'loop.bar_raiser_login' }) }));
    // Interviewers without a login are fine: a recruiter keys in their scorecards.
    const interviewerWithout = { ...context, peopleWithLogin: new Set([...context.peopleWithLogin].filter((id) => id !== 'i3')) };
    expect(() => assertLoopComposition(goodLoop, interviewerWithout)).not.toThrow();
  });
  it('loop.not_the_candidate: an internal candidate sits in no seat of their own loop, shadow included', () => {
    const candidateIsI3 = { ...context, candidatePersonIds: new Set(['i3']) };
    expect(() => assertLoopComposition(goodLoop, candidateIsI3)).toThrow(expect.objectContaining({ details: expect.objectContaining({ rule: 'loop.not_the_candidate' }) }));
    const candidateIsTrainee = { ...context, candidatePersonIds: new Set(['trainee']) };
    expect(() => assertLoopComposition([...goodLoop, seat('trainee', [], 'shadow')], candidateIsTrainee)).toThrow(/their own interview loop/);
  });
  it('loop.size: 5 to 7 interviewers, shadows not counted', () => {
    expect(ruleOf(goodLoop.slice(1))).toBe('loop.size');
    expect(ruleOf([...goodLoop, seat('i4', ['p1']), seat('ceo', ['p2']), seat('br2', ['p3'])])).toBe('loop.size');
  });
  it('loop.one_bar_raiser', () => {
    expect(ruleOf([...goodLoop.slice(0, 4), seat('i4', ['p5'])])).toBe('loop.one_bar_raiser');
    expect(ruleOf([...goodLoop.slice(0, 4), seat('br', ['p5'], 'bar_raiser'), seat('br2', ['p6'], 'bar_raiser')])).toBe('loop.one_bar_raiser');
  });
  it('loop.bar_raiser_certified', () => {
    expect(ruleOf([...goodLoop.slice(0, 4), seat('i4', ['p5'], 'bar_raiser')])).toBe('loop.bar_raiser_certified');
  });
  it('loop.bar_raiser_outside_chain: a certified bar raiser in the hiring team is refused', () => {
    expect(ruleOf([seat('hm', ['p1']), seat('i4', ['p2']), seat('i2', ['p3']), seat('i3', ['p4']), seat('i1', ['p5'], 'bar_raiser')])).toBe('loop.bar_raiser_outside_chain');
  });
  it('loop.bar_raiser_outside_chain: a bar raiser joined to the hiring manager by a dotted line, directly or up the chain, is refused', () => {
    expect(ruleOf(goodLoop)).toBeNull();
    // br's dotted-line manager is the hiring manager; then i1, who reports to the hiring manager; or the hiring manager's is br.
    for (const lines of [{ br: ['ceo', 'hm'] }, { br: ['ceo', 'i1'] }, { hm: ['ceo', 'br'] }]) {
      try {
        assertLoopComposition(goodLoop, { ...context, reportingLinesOf: new Map([...reportingLinesOf, ...Object.entries(lines)]) });
        expect.unreachable('a dotted line into the hiring manager\'s chain should be refused');
      } catch (error) {
        expect((error as { details: { rule?: string } }).details.rule).toBe('loop.bar_raiser_outside_chain');
      }
    }
  });
  it('loop.bar_raiser_outside_team: a certified bar raiser outside the chain but allocated to the hiring team is refused', () => {
    expect(ruleOf([...goodLoop.slice(0, 4), seat('br3', ['p5'], 'bar_raiser')])).toBe('loop.bar_raiser_outside_team');
    expect(() => assertLoopComposition([...goodLoop.slice(0, 4), seat('br3', ['p5'], 'bar_raiser')], context)).toThrow(/allocated to Robotics/);
    // Sitting as an interviewer, a teammate is welcome.
    expect(ruleOf([...goodLoop.slice(0, 4), seat('br3', ['p6']), seat('br', ['p5'], 'bar_raiser')])).toBeNull();
  });
  it('loop.shadow_in_training, loop.distinct_people, loop.principles_assigned, loop.active_principles', () => {
    expect(ruleOf([...goodLoop, seat('i4', [], 'shadow')])).toBe('loop.shadow_in_training');
    expect(ruleOf([...goodLoop, seat('hm', ['p2'])])).toBe('loop.distinct_people');
    expect(ruleOf([seat('hm', []), ...goodLoop.slice(1)])).toBe('loop.principles_assigned');
    expect(ruleOf([seat('hm', ['zz']), ...goodLoop.slice(1)])).toBe('loop.active_principles');
    expect(ruleOf([seat('hm', ['p1', 'p1']), ...goodLoop.slice(1)])).toBe('interviewers.principleIds');
  });

  it('loop.distinct_principles: no principle for two interviewers (a shadow aside)', () => {
    const taken = goodLoop[1]!.principleIds[0]!;
    expect(ruleOf([seat('hm', [taken]), ...goodLoop.slice(1)])).toBe('loop.distinct_principles');
    expect(ruleOf([...goodLoop, seat('trainee', [taken], 'shadow')])).toBeNull();
  });
});

describe('loop planner', () => {
  const principles = ['p1', 'p2', 'p3', 'p4', 'p5'].map((id) => ({ id, title: id.toUpperCase() }));
  it('spreads distinct principles over interviewers, one fewer for some rather than a repeat', () => {
    expect([...assignPrinciples(['a', 'b', 'c'], principles, 2).values()]).toEqual([['p1', 'p2'], ['p3', 'p4'], ['p5']]);
    expect([...assignPrinciples(['a', 'b'], principles, 2).values()]).toEqual([['p1', 'p2'], ['p3', 'p4']]);
    expect([...assignPrinciples(['a'], principles.slice(0, 1), 3).values()]).toEqual([['p1']]);
    // Fewer principles than interviewers: a repeat is unavoidable (and the loop would be refused).
    expect([...assignPrinciples(['a', 'b', 'c'], principles.slice(0, 2), 2).values()]).toEqual([['p1'], ['p2'], ['p1']]);
  });
  it('warns on uncovered and duplicated principles (shadows ignored)', () => {
    const warnings = coverageWarnings([seat('a', ['p1', 'p2']), seat('b', ['p1']), seat('c', ['p3'], 'shadow')], principles.slice(0, 3));
    expect(warnings.map((w) => [w.kind, w.principleId])).toEqual([['duplicate', 'p1'], ['uncovered', 'p3']]);
  });
  it('suggests the certified, eligible bar raiser with the lightest recent load', () => {
    const pool = [
      { personId: 'br', name: 'Busy', status: 'certified' as const, recentLoad: 3, hasLogin: true },
      { personId: 'br2', name: 'Free', status: 'certified' as const, recentLoad: 1, hasLogin: true },
      { personId: 'i1', name: 'Inside', status: 'certified' as const, recentLoad: 0, hasLogin: true },
      { personId: 'trainee', name: 'Trainee', status: 'in_training' as const, recentLoad: 0, hasLogin: true },
    ];
    expect(suggestBarRaiser(pool, 'hm', reportingLinesOf, hiringTeam, new Set())?.personId).toBe('br2');
    expect(suggestBarRaiser(pool, 'hm', reportingLinesOf, hiringTeam, new Set(['br2']))?.personId).toBe('br');
    expect(suggestBarRaiser(pool.slice(2), 'hm', reportingLinesOf, hiringTeam, new Set())).toBeNull();
    // A teammate of the hire is never suggested, however light their load.
    expect(suggestBarRaiser([...pool, { personId: 'br3', name: 'Teammate', status: 'certified' as const, recentLoad: 0, hasLogin: true }], 'hm', reportingLinesOf, hiringTeam, new Set())?.personId).toBe('br2');
    // Nor one who cannot sign in to run the debrief.
    expect(suggestBarRaiser([...pool, { personId: 'br4', name: 'Paper only', status: 'certified' as const, recentLoad: 0, hasLogin: false }], 'hm', reportingLinesOf, hiringTeam, new Set())?.personId).toBe('br2');
    // Nor one joined to the hiring manager's chain by a dotted line (br2's runs to i1, who reports to the hiring manager).
    expect(suggestBarRaiser(pool, 'hm', new Map([...reportingLinesOf, ['br2', ['ceo', 'i1']]]), hiringTeam, new Set())?.personId).toBe('br');
  });
});
