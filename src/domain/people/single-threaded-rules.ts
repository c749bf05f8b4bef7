import { ruleViolation } from '../errors.js';
import { isStaffedStage, type InitiativeStage } from '../initiatives/stages.js';

/**
 * Single-threaded leadership as data checks. The whole org's state goes in, every broken rule comes
 * out: the org-health view lists them all, and a change is refused when it adds a violation that was
 * not there before (so data imported with problems can still be edited towards health).
 */
export const STL_RULES = {
  'alloc.total_at_most_100': 'A person\'s allocations add up to at most 100%.',
  'stl.exactly_one': 'An active initiative, once it is being staffed, has exactly one single-threaded leader.',
  'stl.full_time': 'A single-threaded leader is allocated 100% to their initiative.',
  'stl.no_other_duties': 'A single-threaded leader has no allocation anywhere else.',
  'stl.no_reports_elsewhere': 'A single-threaded leader manages only people who work on their initiative.',
  'stl.single_initiative': 'A person leads at most one active initiative.',
  'team.members_full_time': 'A single-threaded team\'s members are allocated 100% to it.',
  'team.no_dotted_lines': 'A single-threaded team\'s members have no dotted-line manager.',
} as const;

export type StlRule = keyof typeof STL_RULES;

export interface OrgStatePerson {
  id: string;
  name: string;
  managerId: string | null;
  dottedLineManagerId: string | null;
}

export interface OrgStateAllocation {
  personId: string;
  teamId: string | null;
  initiativeId: string | null;
  percent: number;
}

export interface OrgStateTeam {
  id: string;
  name: string;
  isSingleThreaded: boolean;
  /** The initiative the team works on, if any: its members work on that initiative. */
  initiativeId: string | null;
}

export interface OrgStateInitiative {
  id: string;
  name: string;
  status: 'active' | 'paused' | 'done';
  /** The leadership rules apply from `staffing` on: an idea still being written up has no leader to hold to them. */
  stage: InitiativeStage;
  stlPersonId: string | null;
}

export interface OrgState {
  people: readonly OrgStatePerson[];
  allocations: readonly OrgStateAllocation[];
  teams: readonly OrgStateTeam[];
  initiatives: readonly OrgStateInitiative[];
}

export interface OrgViolation {
  rule: StlRule;
  message: string;
  personId?: string;
  teamId?: string;
  initiativeId?: string;
}

/** A stable key of one violation, so the states before and after a change can be compared. */
export function violationKey(violation: OrgViolation): string {
  return [violation.rule, violation.personId ?? '', violation.teamId ?? '', violation.initiativeId ?? ''].join('|');
}

export function findOrgViolations(state: OrgState): OrgViolation[] {
  const violations: OrgViolation[] = [];
  const nameOf = new Map(state.people.map((person) => [person.id, person.name]));
  const personName = (id: string) => nameOf.get(id) ?? 'Someone';
  const allocationsOf = new Map<string, OrgStateAllocation[]>();
  for (const allocation of state.allocations) {
    const list = allocationsOf.get(allocation.personId) ?? [];
    list.push(allocation);
    allocationsOf.set(allocation.personId, list);
  }

  for (const [personId, allocations] of allocationsOf) {
    const total = allocations.reduce((sum, allocation) => sum + allocation.percent, 0);
    if (total > 100) violations.push({ rule: 'alloc.total_at_most_100', personId, message: `${personName(personId)} is allocated ${total}% in total; the most is 100%.` });
  }

  const reportsOf = new Map<string, string[]>();
  for (const person of state.people) {
    if (person.managerId === null) continue;
    const reports = reportsOf.get(person.managerId) ?? [];
    reports.push(person.id);
    reportsOf.set(person.managerId, reports);
  }
  const initiativeOfTeam = new Map(state.teams.map((team) => [team.id, team.initiativeId]));
  /** An allocation to the initiative itself or to a team that works on it. */
  const worksOn = (allocation: OrgStateAllocation, initiativeId: string): boolean => allocation.initiativeId === initiativeId
    || (allocation.teamId !== null && initiativeOfTeam.get(allocation.teamId) === initiativeId);

  const activeLedBy = new Map<string, OrgStateInitiative[]>();
  for (const initiative of state.initiatives) {
    if (initiative.status !== 'active' || !isStaffedStage(initiative.stage)) continue;
    if (initiative.stlPersonId === null) {
      violations.push({ rule: 'stl.exactly_one', initiativeId: initiative.id, message: `The active initiative "${initiative.name}" has no single-threaded leader.` });
      continue;
    }
    const stl = initiative.stlPersonId;
    const led = activeLedBy.get(stl) ?? [];
    led.push(initiative);
    activeLedBy.set(stl, led);
    const allocations = allocationsOf.get(stl) ?? [];
    const onInitiative = allocations.filter((allocation) => allocation.initiativeId === initiative.id).reduce((sum, allocation) => sum + allocation.percent, 0);
    if (onInitiative !== 100) {
      violations.push({ rule: 'stl.full_time', personId: stl, initiativeId: initiative.id, message: `${personName(stl)} leads "${initiative.name}" but is allocated ${onInitiative}% to it; a single-threaded leader is 100% on it.` });
    }
    if (allocations.some((allocation) => allocation.initiativeId !== initiative.id)) {
      violations.push({ rule: 'stl.no_other_duties', personId: stl, initiativeId: initiative.id, message: `${personName(stl)} leads "${initiative.name}" and also has duties elsewhere; a single-threaded leader has none.` });
    }
    // Managing people who work on something else is an operational duty too. A report with no allocation yet
    // is not counted: someone just hired is named before being placed, and works nowhere else meanwhile.
    const reportsElsewhere = (reportsOf.get(stl) ?? []).filter((report) => (allocationsOf.get(report) ?? [])
      .some((allocation) => !worksOn(allocation, initiative.id)));
    if (reportsElsewhere.length > 0) {
      const names = reportsElsewhere.map(personName);
      violations.push({ rule: 'stl.no_reports_elsewhere', personId: stl, initiativeId: initiative.id, message: `${personName(stl)} leads "${initiative.name}" and manages ${listNames(names)}, who ${names.length === 1 ? 'works' : 'work'} elsewhere; a single-threaded leader manages only people on the initiative.` });
    }
  }
  for (const [personId, led] of activeLedBy) {
    if (led.length > 1) {
      violations.push({ rule: 'stl.single_initiative', personId, message: `${personName(personId)} leads ${led.length} active initiatives (${led.map((initiative) => `"${initiative.name}"`).join(', ')}); a person leads at most one.` });
    }
  }

  const dottedLineOf = new Map(state.people.map((person) => [person.id, person.dottedLineManagerId]));
  for (const team of state.teams) {
    if (!team.isSingleThreaded) continue;
    const members = new Set(state.allocations.filter((allocation) => allocation.teamId === team.id).map((allocation) => allocation.personId));
    for (const personId of members) {
      const allocations = allocationsOf.get(personId) ?? [];
      const onTeam = allocations.filter((allocation) => allocation.teamId === team.id).reduce((sum, allocation) => sum + allocation.percent, 0);
      if (onTeam !== 100 || allocations.some((allocation) => allocation.teamId !== team.id)) {
        violations.push({ rule: 'team.members_full_time', personId, teamId: team.id, message: `${personName(personId)} is on the single-threaded team "${team.name}" at ${onTeam}% with other allocations; its members are 100% on it.` });
      }
      if ((dottedLineOf.get(personId) ?? null) !== null) {
        violations.push({ rule: 'team.no_dotted_lines', personId, teamId: team.id, message: `${personName(personId)} is on the single-threaded team "${team.name}" and has a dotted-line manager; its members have none.` });
      }
    }
  }
  return violations;
}

/** "Ana", "Ana and Ben", "Ana, Ben and 3 others". */
function listNames(names: readonly string[]): string {
  if (names.length <= 2) return names.join(' and ');
  if (names.length === 3) return `${names[0]}, ${names[1]} and ${names[2]}`;
  return `${names[0]}, ${names[1]} and ${names.length - 2} others`;
}

/** The violations a change would add: those after it that were not there before. */
export function newViolations(before: readonly OrgViolation[], after: readonly OrgViolation[]): OrgViolation[] {
  const existing = new Set(before.map(violationKey));
  return after.filter((violation) => !existing.has(violationKey(violation)));
}

/** Refuses a change that adds a violation, naming the first rule it breaks and listing all of them. */
export function assertNoNewViolations(before: readonly OrgViolation[], after: readonly OrgViolation[]): void {
  const added = newViolations(before, after);
  const first = added[0];
  if (first === undefined) return;
  throw ruleViolation(first.rule, first.message, { violations: added });
}
