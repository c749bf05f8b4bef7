import { describe, expect, it } from 'vitest';
import { assertNoNewViolations, findOrgViolations, newViolations, type OrgState } from './single-threaded-rules.js';

const people = [
  { id: 'ana', name: 'Ana', dottedLineManagerId: null },
  { id: 'ben', name: 'Ben', dottedLineManagerId: null },
  { id: 'cy', name: 'Cy', dottedLineManagerId: 'ana' },
];
const healthy: OrgState = {
  people,
  teams: [{ id: 'robots', name: 'Robots', isSingleThreaded: true }, { id: 'ops', name: 'Ops', isSingleThreaded: false }],
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
