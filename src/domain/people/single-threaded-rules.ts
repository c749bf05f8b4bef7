import { ruleViolation } from '../errors.js';
import { isStaffedStage, type InitiativeStage } from '../initiatives/stages.js';

/**
 * Single-threaded leadership as data checks. The whole org's state goes in, every broken rule comes
 * out: the org-health view lists them all, and a change is refused when it adds a violation that was
 * not there before, or makes one that was there worse (so data imported with problems can still be
 * edited towards health, but never further away from it).
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
  /**
   * Someone who left the company: still named in messages (an allocation or a leadership left over from
   * before must name who it is), but no longer anyone's report or dotted line.
   */
  hasLeft?: boolean;
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

/** One broken rule, as org health and a refusal show it. */
export interface OrgViolation {
  rule: StlRule;
  message: string;
  personId?: string;
  teamId?: string;
  initiativeId?: string;
}

/**
 * How far one break goes, in measures that only grow when it gets worse, so that a change can be refused
 * for making a break already in the data worse (160% becoming 260%, a second dotted-line manager) while an
 * edit that leaves it alone or reduces it passes. `amounts` are numbers where more is worse (a total over
 * 100%, how far a share is short of 100%, the percent given elsewhere); `involves` names who or what the
 * break takes in (reports elsewhere, initiatives led, places of other work, the dotted-line manager), where
 * anyone new is worse.
 */
export interface ViolationExtent {
  amounts?: Readonly<Record<string, number>>;
  involves?: readonly string[];
}

/** A violation with its extent: what the rules find, and what the before/after comparison reads. */
export interface MeasuredViolation extends OrgViolation {
  extent: ViolationExtent;
}

/** A stable key of one violation, so the states before and after a change can be compared. */
export function violationKey(violation: OrgViolation): string {
  return [violation.rule, violation.personId ?? '', violation.teamId ?? '', violation.initiativeId ?? ''].join('|');
}

/** A violation as clients see it: the extent is how the rules compare states, not something to show. */
export function publicViolation(violation: OrgViolation): OrgViolation {
  const { rule, message, personId, teamId, initiativeId } = violation;
  return { rule, message, ...(personId === undefined ? {} : { personId }), ...(teamId === undefined ? {} : { teamId }), ...(initiativeId === undefined ? {} : { initiativeId }) };
}

/** Whether the same break goes further after a change than before it: any amount larger, or anyone new involved. */
export function isWorse(before: ViolationExtent, after: ViolationExtent): boolean {
  const amountsBefore = before.amounts ?? {};
  for (const [measure, amount] of Object.entries(after.amounts ?? {})) {
    if (amount > (amountsBefore[measure] ?? 0)) return true;
  }
  const involvedBefore = new Set(before.involves ?? []);
  return (after.involves ?? []).some((id) => !involvedBefore.has(id));
}

export function findOrgViolations(state: OrgState): MeasuredViolation[] {
  const violations: MeasuredViolation[] = [];
  // Everyone's name, those who left included, so a leftover of theirs is named too. The stand-in is only for an
  // id a partial state does not hold: the org's state (loadOrgState) holds everyone its rows can point at.
  const nameOf = new Map(state.people.map((person) => [person.id, person.name]));
  const personName = (id: string) => nameOf.get(id) ?? 'Someone';
  const peopleHere = state.people.filter((person) => person.hasLeft !== true);
  /** Where an allocation goes, as one id: a team and an initiative with the same id stay apart. */
  const placeOf = (allocation: OrgStateAllocation) => (allocation.teamId === null ? `initiative:${allocation.initiativeId ?? ''}` : `team:${allocation.teamId}`);
  const percentOf = (allocations: readonly OrgStateAllocation[]) => allocations.reduce((sum, allocation) => sum + allocation.percent, 0);
  const teamNames = new Map(state.teams.map((team) => [team.id, team.name]));
  const initiativeNames = new Map(state.initiatives.map((initiative) => [initiative.id, initiative.name]));
  /** Where someone's other time goes, by name and share, so a refusal says what to change ("the team "Platform" (50%)"). */
  const describePlaces = (allocations: readonly OrgStateAllocation[]) => listNames(allocations.map((allocation) => (allocation.teamId === null
    ? `the initiative "${initiativeNames.get(allocation.initiativeId ?? '') ?? 'unknown'}" (${allocation.percent}%)`
    : `the team "${teamNames.get(allocation.teamId) ?? 'unknown'}" (${allocation.percent}%)`)));
  const allocationsOf = new Map<string, OrgStateAllocation[]>();
  for (const allocation of state.allocations) {
    const list = allocationsOf.get(allocation.personId) ?? [];
    list.push(allocation);
    allocationsOf.set(allocation.personId, list);
  }

  for (const [personId, allocations] of allocationsOf) {
    const total = percentOf(allocations);
    if (total > 100) violations.push({ rule: 'alloc.total_at_most_100', personId, message: `${personName(personId)} is allocated ${total}% in total; the most is 100%.`, extent: { amounts: { total } } });
  }

  const reportsOf = new Map<string, string[]>();
  for (const person of peopleHere) {
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
      violations.push({ rule: 'stl.exactly_one', initiativeId: initiative.id, message: `The active initiative "${initiative.name}" has no single-threaded leader.`, extent: {} });
      continue;
    }
    const stl = initiative.stlPersonId;
    const led = activeLedBy.get(stl) ?? [];
    led.push(initiative);
    activeLedBy.set(stl, led);
    const allocations = allocationsOf.get(stl) ?? [];
    const onInitiative = percentOf(allocations.filter((allocation) => allocation.initiativeId === initiative.id));
    if (onInitiative !== 100) {
      violations.push({
        rule: 'stl.full_time',
        personId: stl,
        initiativeId: initiative.id,
        message: `${personName(stl)} leads "${initiative.name}" but is allocated ${onInitiative}% to it; a single-threaded leader is 100% on it.`,
        extent: { amounts: { shortOf100: Math.abs(100 - onInitiative) } },
      });
    }
    const elsewhere = allocations.filter((allocation) => allocation.initiativeId !== initiative.id);
    if (elsewhere.length > 0) {
      violations.push({
        rule: 'stl.no_other_duties',
        personId: stl,
        initiativeId: initiative.id,
        message: `${personName(stl)} leads "${initiative.name}" and is also allocated to ${describePlaces(elsewhere)}; a single-threaded leader has no duties elsewhere.`,
        extent: { amounts: { elsewhere: percentOf(elsewhere) }, involves: elsewhere.map(placeOf) },
      });
    }
    // Managing people who work on something else is an operational duty too. A report with no allocation yet
    // is not counted: someone just hired is named before being placed, and works nowhere else meanwhile.
    const reportsElsewhere = (reportsOf.get(stl) ?? []).filter((report) => (allocationsOf.get(report) ?? [])
      .some((allocation) => !worksOn(allocation, initiative.id)));
    if (reportsElsewhere.length > 0) {
      const names = reportsElsewhere.map(personName);
      violations.push({
        rule: 'stl.no_reports_elsewhere',
        personId: stl,
        initiativeId: initiative.id,
        message: `${personName(stl)} leads "${initiative.name}" and manages ${listNames(names)}, who ${names.length === 1 ? 'works' : 'work'} elsewhere; a single-threaded leader manages only people on the initiative.`,
        extent: { involves: reportsElsewhere },
      });
    }
  }
  for (const [personId, led] of activeLedBy) {
    if (led.length > 1) {
      violations.push({
        rule: 'stl.single_initiative',
        personId,
        message: `${personName(personId)} leads ${led.length} active initiatives (${led.map((initiative) => `"${initiative.name}"`).join(', ')}); a person leads at most one.`,
        extent: { involves: led.map((initiative) => initiative.id) },
      });
    }
  }

  const dottedLineOf = new Map(peopleHere.map((person) => [person.id, person.dottedLineManagerId]));
  for (const team of state.teams) {
    if (!team.isSingleThreaded) continue;
    const members = new Set(state.allocations.filter((allocation) => allocation.teamId === team.id).map((allocation) => allocation.personId));
    for (const personId of members) {
      const allocations = allocationsOf.get(personId) ?? [];
      const onTeam = percentOf(allocations.filter((allocation) => allocation.teamId === team.id));
      const elsewhere = allocations.filter((allocation) => allocation.teamId !== team.id);
      if (onTeam !== 100 || elsewhere.length > 0) {
        violations.push({
          rule: 'team.members_full_time',
          personId,
          teamId: team.id,
          message: elsewhere.length === 0
            ? `${personName(personId)} is on the single-threaded team "${team.name}" at ${onTeam}%; its members are 100% on it.`
            : `${personName(personId)} is on the single-threaded team "${team.name}" at ${onTeam}% and also on ${describePlaces(elsewhere)}; its members are 100% on it and nowhere else.`,
          // A smaller share on the team, more time elsewhere or a new place elsewhere: each takes them further from it.
          extent: { amounts: { shortOf100: Math.abs(100 - onTeam), elsewhere: percentOf(elsewhere) }, involves: elsewhere.map(placeOf) },
        });
      }
      const dottedLineManagerId = dottedLineOf.get(personId) ?? null;
      if (dottedLineManagerId !== null) {
        violations.push({
          rule: 'team.no_dotted_lines',
          personId,
          teamId: team.id,
          message: `${personName(personId)} is on the single-threaded team "${team.name}" and has a dotted-line manager; its members have none.`,
          // Another dotted-line manager is a new break in all but name: someone else now pulls on their time.
          extent: { involves: [dottedLineManagerId] },
        });
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

const WORSENED = 'This break was already in the data: a change may leave it as it is or reduce it, not make it worse.';

/**
 * The violations a change would add or make worse: those after it that were not there before, and those
 * that were there but go further now (their message says so). A break left alone or reduced is not one.
 */
export function newViolations(before: readonly MeasuredViolation[], after: readonly MeasuredViolation[]): MeasuredViolation[] {
  const existing = new Map(before.map((violation) => [violationKey(violation), violation]));
  return after.flatMap((violation) => {
    const prior = existing.get(violationKey(violation));
    if (prior === undefined) return [violation];
    return isWorse(prior.extent, violation.extent) ? [{ ...violation, message: `${violation.message} ${WORSENED}` }] : [];
  });
}

/**
 * Which rule a refusal names when a change breaks several, most telling first. A second initiative given to a leader
 * also takes them over 100%, and a share on a second single-threaded team does too: the total is a consequence, and an
 * admin told "200% in total" would cut a percent rather than see that a leader leads one initiative, or that a
 * single-threaded team shares nobody. The over-100% total is named first only when it is the whole story.
 */
const REFUSAL_ORDER: readonly StlRule[] = ['stl.single_initiative', 'stl.exactly_one', 'stl.full_time', 'stl.no_other_duties', 'stl.no_reports_elsewhere', 'team.members_full_time', 'team.no_dotted_lines', 'alloc.total_at_most_100'];

/** Refuses a change that adds a violation or worsens one, naming the most telling rule it breaks and listing all of them. */
export function assertNoNewViolations(before: readonly MeasuredViolation[], after: readonly MeasuredViolation[]): void {
  const added = newViolations(before, after).sort((a, b) => REFUSAL_ORDER.indexOf(a.rule) - REFUSAL_ORDER.indexOf(b.rule));
  const first = added[0];
  if (first === undefined) return;
  throw ruleViolation(first.rule, first.message, { violations: added.map(publicViolation) });
}
