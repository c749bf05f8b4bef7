import { formatDay } from '../dates.js';
import { AppError, ruleViolation } from '../errors.js';
import { everyoneAbove, type ReportingLinesOf } from './org-graph.js';

/**
 * When someone leaves the company. Their record stays (feedback, reviews and evidence name them) with the day
 * they left, and the org carries on without them: their reports move to a successor, their allocations and
 * their seat in the bar-raiser pool end, and their login loses the org. What nobody else can carry on for them
 * refuses the departure until it is handed over: an initiative they lead as its single-threaded leader, a
 * requisition they hire for, a loop they sit in that has no decision yet.
 */

export const DEPARTURE_RULES = {
  'departure.already_left': 'A person leaves once.',
  'departure.leads_initiative': 'A single-threaded leader hands the initiative over before leaving.',
  'departure.hiring_manager': 'A hiring manager hands over their open requisitions before leaving.',
  'departure.in_open_loop': 'An interviewer or bar raiser is replaced in the loops still open before leaving.',
  'departure.successor': 'The successor is someone still here, and not one of the people who would report to them.',
  'departure.record_kept': 'The record of someone who left stays as it was on the day they left.',
} as const;

export type DepartureRule = keyof typeof DEPARTURE_RULES;

/** What a departure must check, about the person leaving, read in one transaction. */
export interface DepartureFacts {
  person: { id: string; name: string; leftOn: string | null; managerId: string | null };
  /** Initiatives they are the single-threaded leader of that are not done. */
  initiativesLed: ReadonlyArray<{ name: string; status: string }>;
  /** Open requisitions they are the hiring manager of. */
  openRequisitions: ReadonlyArray<{ role: string }>;
  /** Loops without a decision in which they hold a seat. */
  openLoops: ReadonlyArray<{ candidateName: string; seat: string }>;
}

/** Names in a sentence: `A`, `A and B`, `A, B and 2 more`. */
function listed(names: readonly string[]): string {
  if (names.length <= 2) return names.join(' and ');
  return `${names.slice(0, 2).join(', ')} and ${names.length - 2} more`;
}

/** Refuses a departure that would leave work without an owner, naming it. */
export function assertCanLeave(facts: DepartureFacts): void {
  const { person } = facts;
  if (person.leftOn !== null) {
    throw new AppError('conflict', `${person.name} already left on ${formatDay(person.leftOn)}.`, { rule: 'departure.already_left' });
  }
  if (facts.initiativesLed.length > 0) {
    throw ruleViolation('departure.leads_initiative', `${person.name} is the single-threaded leader of ${listed(facts.initiativesLed.map((i) => `"${i.name}" (${i.status})`))}: name a new leader first.`);
  }
  if (facts.openRequisitions.length > 0) {
    throw ruleViolation('departure.hiring_manager', `${person.name} is the hiring manager of the open requisition${facts.openRequisitions.length === 1 ? '' : 's'} ${listed(facts.openRequisitions.map((r) => `"${r.role}"`))}: hand ${facts.openRequisitions.length === 1 ? 'it' : 'them'} over or close ${facts.openRequisitions.length === 1 ? 'it' : 'them'} first.`);
  }
  if (facts.openLoops.length > 0) {
    throw ruleViolation('departure.in_open_loop', `${person.name} has a seat in the loop${facts.openLoops.length === 1 ? '' : 's'} of ${listed(facts.openLoops.map((l) => `${l.candidateName} (${l.seat.replace('_', ' ')})`))}, which ${facts.openLoops.length === 1 ? 'has' : 'have'} no decision yet: replace them first.`);
  }
}

/**
 * Refuses a change to the record of someone who left (rule `departure.record_kept`): their role, level and reporting
 * lines are what their feedback, reviews and evidence were written against, and a manager or a login given to them
 * would put them back in the org's lines. The CSV import refuses their row for the same reason.
 */
export function assertRecordKept(person: { name: string; leftOn: string | null }): void {
  if (person.leftOn === null) return;
  throw ruleViolation('departure.record_kept', `${person.name} left the company on ${formatDay(person.leftOn)}: their record is kept as it was when they left.`);
}

/** A reporting-line change a departure makes. */
export interface ManagerChange {
  personId: string;
  managerId: string | null;
}

/**
 * Where the leaver's direct reports go: to the successor (by default the leaver's own manager, or nobody). A
 * successor who reported to the leaver takes the leaver's place under the leaver's manager. A successor further
 * down the leaver's line, by solid or dotted lines, would end up managing someone they answer to: refused.
 * `linesOf` holds the reporting lines above the successor (loadReportingLines).
 */
export function reportsAfterDeparture(
  leaver: { id: string; managerId: string | null },
  successorId: string | null,
  directReports: readonly string[],
  linesOf: ReportingLinesOf,
): ManagerChange[] {
  if (successorId === leaver.id) {
    throw ruleViolation('departure.successor', 'The successor cannot be the person who is leaving.');
  }
  const changes: ManagerChange[] = [];
  for (const report of directReports) {
    changes.push({ personId: report, managerId: report === successorId ? leaver.managerId : successorId });
  }
  if (successorId !== null) {
    const above = everyoneAbove(successorId, linesOf);
    const blocking = directReports.find((report) => report !== successorId && above.has(report));
    if (blocking !== undefined) {
      throw ruleViolation('departure.successor', 'The successor reports (through someone, or by a dotted line) to one of the people who would report to them: choose someone outside that line.', { personId: blocking });
    }
  }
  return changes;
}
