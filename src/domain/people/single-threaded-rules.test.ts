import { describe, expect, it } from 'vitest';
import { assertNoNewViolations, findOrgViolations, isWorse, newViolations, type OrgState, type OrgStateAllocation } from './single-threaded-rules.js';

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
    // The leader's duty elsewhere is what the refusal names: the total over 100% only follows from it.
    expect(() => assertNoNewViolations(before, findOrgViolations(worse))).toThrow(expect.objectContaining({ code: 'rule_violation', details: expect.objectContaining({ rule: 'stl.no_other_duties', data: { violations: [expect.objectContaining({ rule: 'stl.no_other_duties' }), expect.objectContaining({ rule: 'alloc.total_at_most_100' })] } }) }));
  });

  it('says where else a leader or a single-threaded team\'s member works, by name and share, so the refusal says what to change', () => {
    const shared = { ...healthy, allocations: [
      { personId: 'ana', teamId: null, initiativeId: 'arm', percent: 100 },
      { personId: 'ana', teamId: 'ops', initiativeId: null, percent: 10 },
      { personId: 'ben', teamId: 'robots', initiativeId: null, percent: 50 },
      { personId: 'ben', teamId: 'ops', initiativeId: null, percent: 30 },
      { personId: 'ben', teamId: null, initiativeId: 'arm', percent: 20 },
    ] };
    const messages = findOrgViolations(shared).map((violation) => violation.message);
    expect(messages).toContain('Ana leads "Arm" and is also allocated to the team "Ops" (10%); a single-threaded leader has no duties elsewhere.');
    expect(messages).toContain('Ben is on the single-threaded team "Robots" at 50% and also on the team "Ops" (30%) and the initiative "Arm" (20%); its members are 100% on it and nowhere else.');
    // Short of 100% with nothing elsewhere says only that.
    const partTime = { ...healthy, allocations: [healthy.allocations[0]!, { personId: 'ben', teamId: 'robots', initiativeId: null, percent: 40 }] };
    expect(findOrgViolations(partTime).map((violation) => violation.message)).toEqual(['Ben is on the single-threaded team "Robots" at 40%; its members are 100% on it.']);
  });

  it('names a second initiative led, not the total it takes the leader to, when a leader is given another active one', () => {
    const second = { ...healthy, initiatives: [...healthy.initiatives, { id: 'leg', name: 'Leg', status: 'active' as const, stage: 'staffing' as const, stlPersonId: 'ana' }], allocations: [...healthy.allocations, { personId: 'ana', teamId: null, initiativeId: 'leg', percent: 100 }] };
    expect(() => assertNoNewViolations(findOrgViolations(healthy), findOrgViolations(second))).toThrow(expect.objectContaining({ details: expect.objectContaining({ rule: 'stl.single_initiative' }), message: expect.stringMatching(/^Ana leads 2 active initiatives/) }));
  });

  it('names someone who left the company in a message, and no longer counts them as a report or a dotted line', () => {
    // A leftover of someone who left (an allocation from before the departure rules) still says who it is.
    const left = [...people, { id: 'dee', name: 'Dee', managerId: 'ana', dottedLineManagerId: 'ben', hasLeft: true }];
    const leftover = { ...healthy, people: left, allocations: [...healthy.allocations, { personId: 'dee', teamId: 'ops', initiativeId: null, percent: 100 }, { personId: 'dee', teamId: null, initiativeId: 'arm', percent: 50 }] };
    const messages = findOrgViolations(leftover).map((violation) => violation.message);
    expect(messages).toContain('Dee is allocated 150% in total; the most is 100%.');
    expect(messages.join(' ')).not.toContain('Someone');
    // Dee is not Ana's report any more: the leader of the arm manages nobody elsewhere.
    expect(findOrgViolations(leftover).map((violation) => violation.rule)).toEqual(['alloc.total_at_most_100']);
  });
});

describe('a break already in the data may stay or shrink, never grow', () => {
  const withAllocations = (state: OrgState, ...allocations: OrgStateAllocation[]): OrgState => ({ ...state, allocations: [...state.allocations, ...allocations] });
  const refused = (before: OrgState, after: OrgState) => newViolations(findOrgViolations(before), findOrgViolations(after)).map((violation) => violation.rule);

  it('compares extents: a larger amount or anyone new involved is worse; the same or less is not', () => {
    expect(isWorse({ amounts: { total: 160 } }, { amounts: { total: 260 } })).toBe(true);
    expect(isWorse({ amounts: { total: 160 } }, { amounts: { total: 160 } })).toBe(false);
    expect(isWorse({ amounts: { total: 160 } }, { amounts: { total: 120 } })).toBe(false);
    expect(isWorse({ involves: ['ana'] }, { involves: ['ben'] })).toBe(true);
    expect(isWorse({ involves: ['ana', 'ben'] }, { involves: ['ben'] })).toBe(false);
    expect(isWorse({ amounts: { shortOf100: 50, elsewhere: 50 } }, { amounts: { shortOf100: 40, elsewhere: 60 } })).toBe(true);
    expect(isWorse({}, {})).toBe(false);
  });

  it('alloc.total_at_most_100: Cy imported at 160% may go down, not up', () => {
    const over = withAllocations(healthy, { personId: 'cy', teamId: null, initiativeId: 'x', percent: 100 });
    expect(findOrgViolations(over)).toEqual([expect.objectContaining({ rule: 'alloc.total_at_most_100', message: 'Cy is allocated 160% in total; the most is 100%.' })]);
    expect(refused(over, withAllocations(over, { personId: 'cy', teamId: null, initiativeId: 'y', percent: 100 }))).toEqual(['alloc.total_at_most_100']);
    expect(refused(over, { ...over, allocations: over.allocations.map((a) => (a.personId === 'cy' && a.teamId === 'ops' ? { ...a, percent: 30 } : a)) })).toEqual([]);
    expect(refused(over, { ...over, people: over.people.map((p) => (p.id === 'cy' ? { ...p, name: 'Cyrus' } : p)) })).toEqual([]);
  });

  it('team.no_dotted_lines: another dotted-line manager is refused; dropping it or keeping it is not', () => {
    const dotted = { ...healthy, people: people.map((p) => (p.id === 'ben' ? { ...p, dottedLineManagerId: 'cy' } : p)) };
    expect(findOrgViolations(dotted).map((violation) => violation.rule)).toEqual(['team.no_dotted_lines']);
    expect(refused(dotted, { ...dotted, people: dotted.people.map((p) => (p.id === 'ben' ? { ...p, dottedLineManagerId: 'ana' } : p)) })).toEqual(['team.no_dotted_lines']);
    expect(refused(dotted, { ...dotted, people: dotted.people.map((p) => (p.id === 'ben' ? { ...p, level: 7 } : p)) })).toEqual([]);
    expect(refused(dotted, healthy)).toEqual([]);
  });

  it('team.members_full_time: a lower share on the team, or more time or a new place elsewhere, is refused; moving towards 100% is not', () => {
    const shared = { ...healthy, allocations: [...healthy.allocations.filter((a) => a.personId !== 'ben'), { personId: 'ben', teamId: 'robots', initiativeId: null, percent: 50 }] };
    expect(findOrgViolations(shared).map((violation) => violation.rule)).toEqual(['team.members_full_time']);
    const onRobots = (percent: number) => ({ ...shared, allocations: shared.allocations.map((a) => (a.personId === 'ben' ? { ...a, percent } : a)) });
    expect(refused(shared, onRobots(30))).toEqual(['team.members_full_time']);
    expect(refused(shared, onRobots(80))).toEqual([]);
    expect(refused(shared, withAllocations(shared, { personId: 'ben', teamId: 'ops', initiativeId: null, percent: 20 }))).toEqual(['team.members_full_time']);
  });

  it('stl rules: another report elsewhere, another initiative led, another duty elsewhere are refused', () => {
    const reportingTo = (state: OrgState, ids: string[]) => ({ ...state, people: state.people.map((p) => (ids.includes(p.id) ? { ...p, managerId: 'ana' } : p)) });
    const dee = { id: 'dee', name: 'Dee', managerId: null, dottedLineManagerId: null };
    const withDee = withAllocations({ ...healthy, people: [...people, dee] }, { personId: 'dee', teamId: 'ops', initiativeId: null, percent: 100 });
    expect(refused(reportingTo(withDee, ['cy']), reportingTo(withDee, ['cy', 'dee']))).toEqual(['stl.no_reports_elsewhere']);
    expect(refused(reportingTo(withDee, ['cy', 'dee']), reportingTo(withDee, ['cy']))).toEqual([]);

    const leadsTwo = { ...healthy, initiatives: [...healthy.initiatives, { id: 'leg', name: 'Leg', status: 'active' as const, stage: 'building' as const, stlPersonId: 'ana' }] };
    const leadsThree = { ...leadsTwo, initiatives: [...leadsTwo.initiatives, { id: 'eye', name: 'Eye', status: 'active' as const, stage: 'building' as const, stlPersonId: 'ana' }] };
    expect(refused(leadsTwo, leadsThree)).toContain('stl.single_initiative');

    const moonlighting = { ...healthy, allocations: healthy.allocations.map((a) => (a.personId === 'ana' ? { ...a, percent: 80 } : a)).concat({ personId: 'ana', teamId: 'ops', initiativeId: null, percent: 20 }) };
    const elsewhereToo = { ...moonlighting, allocations: moonlighting.allocations.map((a) => (a.personId === 'ana' && a.teamId === 'ops' ? { ...a, percent: 10 } : a)).concat({ personId: 'ana', teamId: 'robots', initiativeId: null, percent: 10 }) };
    expect(refused(moonlighting, elsewhereToo)).toContain('stl.no_other_duties');
  });

  it('refuses a worsened break with a message that says so, and lists it without its extent', () => {
    const over = withAllocations(healthy, { personId: 'cy', teamId: null, initiativeId: 'x', percent: 100 });
    const worse = withAllocations(over, { personId: 'cy', teamId: null, initiativeId: 'y', percent: 100 });
    let thrown: unknown;
    try {
      assertNoNewViolations(findOrgViolations(over), findOrgViolations(worse));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ code: 'rule_violation', message: expect.stringMatching(/^Cy is allocated 260% in total; the most is 100%\. This break was already in the data/), details: { rule: 'alloc.total_at_most_100' } });
    expect((thrown as { details: { data: { violations: unknown[] } } }).details.data.violations).toEqual([{ rule: 'alloc.total_at_most_100', personId: 'cy', message: expect.any(String) }]);
  });
});
