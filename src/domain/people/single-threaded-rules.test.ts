import { describe, expect, it } from 'vitest';
import { assertNoNewViolations, findOrgViolations, newViolations, type OrgState } from './single-threaded-rules.js';

const people = [
  { id: 'ana', name: 'Ana', managerId: null, dottedLineManagerId: null },
  { id: 'ben', name: 'Ben', managerId: null, dottedLineManagerId: null },
  { id: 'cy', name: 'Cy', managerId: null, dottedLineManagerId: 'ana' },
];
const healthy: OrgState = {
  people,
  teams: [{ id: 'robots', name: 'Robots', isSingleThreaded: true, initiativeId: 'arm' }, { id: 'ops', name: 'Ops', isSingleThreaded: false, initiativeId: null }],
  initiatives: [{ id: 'arm', name: 'Arm', status: 'active', stage: 'building', stlPersonId: 'ana' }],
  allocations: [
    { personId: 'ana', teamId: null, initiativeId: 'arm', percent: 100 },
    { personId: 'ben', teamId: 'robots', initiativeId: null, percent: 100 },
    { personId: 'cy', teamId: 'ops', initiativeId: null, percent: 60 },
  ],
};
const rulesOf = (state: OrgState) => findOrgViolations(state).map((violation) => violation.rule);

describe('single-threaded leadership rules', () => {
  it('finds nothing wrong in a healthy org', () => {
    expect(findOrgViolations(healthy)).toEqual([]);
  });

  it('alloc.total_at_most_100', () => {
    expect(rulesOf({ ...healthy, allocations: [...healthy.allocations, { personId: 'cy', teamId: null, initiativeId: 'x', percent: 50 }] })).toContain('alloc.total_at_most_100');
  });

  it('stl.exactly_one: an active, staffed initiative without a leader; done ones and ideas still being written up are not checked', () => {
    const initiatives = [...healthy.initiatives, { id: 'leg', name: 'Leg', status: 'active' as const, stage: 'building' as const, stlPersonId: null }, { id: 'old', name: 'Old', status: 'done' as const, stage: 'launched' as const, stlPersonId: null }, { id: 'new', name: 'New', status: 'active' as const, stage: 'memo' as const, stlPersonId: null }];
    expect(findOrgViolations({ ...healthy, initiatives })).toEqual([expect.objectContaining({ rule: 'stl.exactly_one', initiativeId: 'leg' })]);
  });

  it('stl.full_time and stl.no_other_duties', () => {
    const allocations = [{ personId: 'ana', teamId: null, initiativeId: 'arm', percent: 80 }, { personId: 'ana', teamId: 'ops', initiativeId: null, percent: 20 }];
    expect(rulesOf({ ...healthy, allocations })).toEqual(['stl.full_time', 'stl.no_other_duties']);
  });

  it('stl.no_reports_elsewhere: the leader manages only people on the initiative, directly or through its teams', () => {
    const reportingTo = (manager: string, ...ids: string[]) => people.map((person) => (ids.includes(person.id) ? { ...person, managerId: manager } : person));
    // Ben is on Robots, the arm's team: managing him is part of leading the arm.
    expect(rulesOf({ ...healthy, people: reportingTo('ana', 'ben') })).toEqual([]);
    // Cy works on Ops: Ana would run part of operations too.
    expect(findOrgViolations({ ...healthy, people: reportingTo('ana', 'ben', 'cy') })).toEqual([expect.objectContaining({
      rule: 'stl.no_reports_elsewhere', personId: 'ana', initiativeId: 'arm', message: 'Ana leads "Arm" and manages Cy, who works elsewhere; a single-threaded leader manages only people on the initiative.',
    })]);
    // A report allocated to the initiative itself counts as on it; one with no allocation yet is not counted.
    const onInitiative = healthy.allocations.map((a) => (a.personId === 'cy' ? { ...a, teamId: null, initiativeId: 'arm', percent: 60 } : a));
    expect(rulesOf({ ...healthy, people: reportingTo('ana', 'cy'), allocations: onInitiative })).toEqual([]);
    expect(rulesOf({ ...healthy, people: reportingTo('ana', 'cy'), allocations: healthy.allocations.filter((a) => a.personId !== 'cy') })).toEqual([]);
    // The rule holds from staffing on, like the other leadership rules.
    const idea = healthy.initiatives.map((i) => ({ ...i, stage: 'memo' as const }));
    expect(rulesOf({ ...healthy, people: reportingTo('ana', 'cy'), initiatives: idea })).toEqual([]);
  });

  it('stl.single_initiative', () => {
    const initiatives = [...healthy.initiatives, { id: 'leg', name: 'Leg', status: 'active' as const, stage: 'building' as const, stlPersonId: 'ana' }];
    expect(rulesOf({ ...healthy, initiatives })).toContain('stl.single_initiative');
  });

  it('team.members_full_time and team.no_dotted_lines on single-threaded teams only', () => {
    const allocations = [...healthy.allocations.filter((a) => a.personId !== 'cy'), { personId: 'cy', teamId: 'robots', initiativeId: null, percent: 50 }];
    expect(rulesOf({ ...healthy, allocations })).toEqual(['team.members_full_time', 'team.no_dotted_lines']);
    expect(rulesOf(healthy)).not.toContain('team.no_dotted_lines');
  });

  it('refuses only violations a change adds, naming the first rule', () => {
    const broken = { ...healthy, initiatives: [...healthy.initiatives, { id: 'leg', name: 'Leg', status: 'active' as const, stage: 'building' as const, stlPersonId: null }] };
    const before = findOrgViolations(broken);
    expect(() => assertNoNewViolations(before, findOrgViolations(broken))).not.toThrow();
    const worse = { ...broken, allocations: [...broken.allocations, { personId: 'ana', teamId: 'ops', initiativeId: null, percent: 10 }] };
    expect(newViolations(before, findOrgViolations(worse)).map((v) => v.rule)).toEqual(['alloc.total_at_most_100', 'stl.no_other_duties']);
    expect(() => assertNoNewViolations(before, findOrgViolations(worse))).toThrow(expect.objectContaining({ code: 'rule_violation', details: expect.objectContaining({ rule: 'alloc.total_at_most_100' }) }));
  });
});
