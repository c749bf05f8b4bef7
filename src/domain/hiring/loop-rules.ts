import { AppError, ruleViolation } from '../errors.js';
import { fieldsToken } from '../stale-write.js';
import { isInReportingChain, type ReportingLinesOf } from '../people/org-graph.js';

/** Interview loops: 5–7 interviewers (the bar raiser counts; shadows do not), exactly one bar raiser. */
export const LOOP_LIMITS = { minInterviewers: 5, maxInterviewers: 7, maxPrinciplesPerInterviewer: 4 } as const;

export const LOOP_SEATS = ['interviewer', 'bar_raiser', 'shadow'] as const;
export type LoopSeat = (typeof LOOP_SEATS)[number];

export const BAR_RAISER_STATUSES = ['certified', 'in_training'] as const;
export type BarRaiserStatus = (typeof BAR_RAISER_STATUSES)[number];

/**
 * The edit token of one person's place in the bar raiser pool (their status and when it last changed), or of their
 * absence from it (null): a status set from a stale read (someone paused, certified or removed them since) is
 * refused, and adding someone another admin added meanwhile is refused too, instead of quietly overwriting.
 */
export function barRaiserPoolToken(entry: { status: BarRaiserStatus; updatedAt: Date | string } | null): string {
  return fieldsToken(entry === null ? [null, null] : [entry.status, new Date(entry.updatedAt).toISOString()]);
}

export interface LoopSeatInput {
  personId: string;
  seat: LoopSeat;
  principleIds: readonly string[];
}

export interface LoopContext {
  hiringManagerId: string;
  /** The reporting lines (manager and dotted-line manager) above the hiring manager and the loop's people. */
  reportingLinesOf: ReportingLinesOf;
  /** The requisition's team: the people allocated to it, and its name for the message. */
  hiringTeam: HiringTeam;
  barRaiserStatusOf: ReadonlyMap<string, BarRaiserStatus>;
  /** Principles the org can assign now (active ones). */
  activePrincipleIds: ReadonlySet<string>;
  /** People of the loop who sign in to Pulse (a login is linked to them). */
  peopleWithLogin: ReadonlySet<string>;
  /** People of the loop who are the candidate (an internal candidate: the same email on the org chart or their login). */
  candidatePersonIds: ReadonlySet<string>;
}

/** Every composition rule of a loop, each refused with its own rule id. */
export function assertLoopComposition(seats: readonly LoopSeatInput[], context: LoopContext): void {
  const seen = new Set<string>();
  for (const seat of seats) {
    if (seen.has(seat.personId)) throw ruleViolation('loop.distinct_people', 'A person sits in a loop once.', { personId: seat.personId });
    seen.add(seat.personId);
    // An internal candidate never reads, let alone writes, the loop's judgement of themselves.
    if (context.candidatePersonIds.has(seat.personId)) throw ruleViolation('loop.not_the_candidate', 'This is the candidate themselves: nobody sits in their own interview loop.', { personId: seat.personId });
  }
  const interviewers = seats.filter((seat) => seat.seat !== 'shadow');
  if (interviewers.length < LOOP_LIMITS.minInterviewers || interviewers.length > LOOP_LIMITS.maxInterviewers) {
    throw ruleViolation('loop.size', `A loop has ${LOOP_LIMITS.minInterviewers} to ${LOOP_LIMITS.maxInterviewers} interviewers including the bar raiser (shadows not counted); this one has ${interviewers.length}.`);
  }
  const barRaisers = seats.filter((seat) => seat.seat === 'bar_raiser');
  if (barRaisers.length !== 1) throw ruleViolation('loop.one_bar_raiser', `A loop has exactly one bar raiser; this one has ${barRaisers.length}.`);
  const barRaiser = barRaisers[0]!;
  if (context.barRaiserStatusOf.get(barRaiser.personId) !== 'certified') {
    throw ruleViolation('loop.bar_raiser_certified', 'The bar raiser must come from the certified pool.', { personId: barRaiser.personId });
  }
  // The bar raiser submits their own feedback, runs the debrief and holds the veto: without a login nobody could,
  // and the candidate would wait at the debrief for ever (a recruiter keys in only others' paper scorecards).
  if (!context.peopleWithLogin.has(barRaiser.personId)) {
    throw ruleViolation('loop.bar_raiser_login', 'The bar raiser runs the debrief and holds the veto in Pulse, so they need a login: invite them to the org first.', { personId: barRaiser.personId });
  }
  assertOutsideReportingChain(barRaiser.personId, context.hiringManagerId, context.reportingLinesOf);
  assertOutsideHiringTeam(barRaiser.personId, context.hiringTeam);
  for (const seat of seats) {
    if (seat.seat === 'shadow' && context.barRaiserStatusOf.get(seat.personId) !== 'in_training') {
      throw ruleViolation('loop.shadow_in_training', 'Only bar raisers in training shadow a loop.', { personId: seat.personId });
    }
    if (seat.seat !== 'shadow' && seat.principleIds.length === 0) {
      throw ruleViolation('loop.principles_assigned', 'Every interviewer is assigned at least one principle to probe.', { personId: seat.personId });
    }
    if (seat.principleIds.length > LOOP_LIMITS.maxPrinciplesPerInterviewer) {
      throw new AppError('validation_failed', `An interviewer probes at most ${LOOP_LIMITS.maxPrinciplesPerInterviewer} principles.`, { field: 'interviewers.principleIds' });
    }
    if (new Set(seat.principleIds).size !== seat.principleIds.length) throw new AppError('validation_failed', 'A principle is listed twice for one interviewer.', { field: 'interviewers.principleIds' });
    for (const principleId of seat.principleIds) {
      if (!context.activePrincipleIds.has(principleId)) throw ruleViolation('loop.active_principles', 'Interviewers probe the org\'s active principles only.', { principleId });
    }
  }
  // The loop covers distinct principles: two interviewers probing the same one leave another unheard.
  const probedBy = new Map<string, string>();
  for (const seat of interviewers) {
    for (const principleId of seat.principleIds) {
      const other = probedBy.get(principleId);
      if (other !== undefined) {
        throw ruleViolation('loop.distinct_principles', 'Each principle is probed by one interviewer: the loop covers distinct principles. Give one of the two interviewers another principle.', { principleId, personIds: [other, seat.personId] });
      }
      probedBy.set(principleId, seat.personId);
    }
  }
}

/**
 * The bar raiser is not the hiring manager, nor above or below them in the org chart, following dotted lines as
 * well as solid ones all the way up (isInReportingChain): a dotted line is a reporting line too, and a judge who
 * answers to the manager through one, however far down, would judge for them.
 */
export function assertOutsideReportingChain(barRaiserId: string, hiringManagerId: string, reportingLinesOf: ReportingLinesOf): void {
  if (isInReportingChain(barRaiserId, hiringManagerId, reportingLinesOf)) {
    throw ruleViolation('loop.bar_raiser_outside_chain', 'The bar raiser must come from outside the hiring manager\'s reporting chain (not the hiring manager, above them, in their team, or joined to them by a dotted line, directly or up the chain).', { personId: barRaiserId });
  }
}

/** The team a requisition hires into: everyone allocated to it, whatever their reporting line. */
export interface HiringTeam {
  name: string;
  memberIds: ReadonlySet<string>;
}

/**
 * The bar raiser comes from outside the hiring team: a teammate of the new hire, even one who reports elsewhere
 * (allocated to the team from another line), would judge a future colleague with a stake in filling the seat.
 */
export function assertOutsideHiringTeam(barRaiserId: string, team: HiringTeam): void {
  if (team.memberIds.has(barRaiserId)) {
    throw ruleViolation('loop.bar_raiser_outside_team', `The bar raiser must come from outside the hiring team: they are allocated to ${team.name}, the team this role joins.`, { personId: barRaiserId });
  }
}

export interface PlannerPrinciple {
  id: string;
  title: string;
}

export interface PoolMember {
  personId: string;
  name: string;
  status: BarRaiserStatus;
  /** Loops this person sat as bar raiser in the recent window. */
  recentLoad: number;
  /** Whether they sign in to Pulse: only they can run a debrief. */
  hasLogin: boolean;
}

export interface LoopPlanWarning {
  kind: 'uncovered' | 'duplicate';
  principleId: string;
  message: string;
}

/** A role template as the coverage check sees it: its name and which of the org's principles it names. */
export interface CoverageTemplate {
  name: string;
  principleIds: ReadonlySet<string>;
}

/**
 * Warnings about principle coverage: each principle probed by nobody, or by more than one interviewer.
 * With a role template, an unprobed template principle says so: those are the gaps that matter most.
 */
export function coverageWarnings(seats: readonly LoopSeatInput[], principles: readonly PlannerPrinciple[], template: CoverageTemplate | null = null): LoopPlanWarning[] {
  const count = new Map<string, number>();
  for (const seat of seats) if (seat.seat !== 'shadow') for (const id of seat.principleIds) count.set(id, (count.get(id) ?? 0) + 1);
  const warnings: LoopPlanWarning[] = [];
  for (const principle of principles) {
    const times = count.get(principle.id) ?? 0;
    if (times === 0) {
      const isTemplatePrinciple = template !== null && template.principleIds.has(principle.id);
      const message = isTemplatePrinciple ? `Nobody probes "${principle.title}", which the ${template.name} template asks for.` : `Nobody probes "${principle.title}".`;
      warnings.push({ kind: 'uncovered', principleId: principle.id, message });
    }
    if (times > 1) warnings.push({ kind: 'duplicate', principleId: principle.id, message: `"${principle.title}" is probed by ${times} interviewers.` });
  }
  return warnings;
}

/**
 * Spreads principles over the interviewers, in the list's order: up to `perInterviewer` each, and no principle to
 * two interviewers (loop.distinct_principles), so some get one fewer when principles are short. Only with fewer
 * principles than interviewers must one repeat: the plan then shows it as a duplicate, and the loop is refused
 * until the org has more principles or the loop fewer interviewers.
 */
export function assignPrinciples(interviewerIds: readonly string[], principles: readonly PlannerPrinciple[], perInterviewer = 2): Map<string, string[]> {
  const assignment = new Map<string, string[]>();
  const count = interviewerIds.length;
  if (principles.length === 0 || count === 0) {
    for (const id of interviewerIds) assignment.set(id, []);
    return assignment;
  }
  const base = Math.min(perInterviewer, Math.floor(principles.length / count));
  const extra = base >= perInterviewer ? 0 : principles.length - base * count;
  let next = 0;
  interviewerIds.forEach((id, index) => {
    const take = Math.max(1, base + (index < extra ? 1 : 0));
    const mine: string[] = [];
    while (mine.length < Math.min(take, principles.length)) {
      const principle = principles[next % principles.length]!;
      next++;
      if (!mine.includes(principle.id)) mine.push(principle.id);
    }
    assignment.set(id, mine);
  });
  return assignment;
}

/** The certified bar raiser with the lightest recent load who is eligible for this hiring manager and team. */
export function suggestBarRaiser(pool: readonly PoolMember[], hiringManagerId: string, reportingLinesOf: ReportingLinesOf, hiringTeam: HiringTeam, excludedIds: ReadonlySet<string>): PoolMember | null {
  const eligible = pool
    .filter((member) => member.status === 'certified' && member.hasLogin && !excludedIds.has(member.personId) && !isInReportingChain(member.personId, hiringManagerId, reportingLinesOf) && !hiringTeam.memberIds.has(member.personId))
    .sort((a, b) => a.recentLoad - b.recentLoad || a.name.localeCompare(b.name));
  return eligible[0] ?? null;
}
