import { formatDay } from '../dates.js';
import { AppError, ruleViolation } from '../errors.js';
import { assertEvidence } from './feedback-rules.js';

export const DECISIONS = ['hire', 'no_hire'] as const;
export type Decision = (typeof DECISIONS)[number];

export interface DebriefDecisionInput {
  decision: Decision;
  isBetterThanHalf: boolean;
  justification: string;
}

/**
 * The bar raiser runs the debrief and records the decision with the "better than half" judgement, justified in at
 * least EVIDENCE_MIN_WORDS words (assertEvidence).
 */
export function assertCanDecide(input: DebriefDecisionInput, context: { isBarRaiser: boolean; isDebriefOpen: boolean; alreadyDecided: boolean }): DebriefDecisionInput {
  if (!context.isBarRaiser) throw ruleViolation('debrief.run_by_bar_raiser', 'Only the loop\'s bar raiser runs the debrief and records its decision.');
  if (!context.isDebriefOpen) throw ruleViolation('debrief.all_feedback_in', 'The debrief opens once every interviewer has submitted feedback.');
  if (context.alreadyDecided) throw ruleViolation('debrief.decided_once', 'This debrief already has a decision.');
  const justification = input.justification.trim();
  if (justification.length === 0) throw new AppError('validation_failed', 'Say why the candidate is (or is not) better than half of the people now in this role.', { field: 'justification' });
  if (input.decision === 'hire' && !input.isBetterThanHalf) {
    throw ruleViolation('debrief.raise_the_bar', 'A hire must be better than half of the people now in this role.');
  }
  // The decision is final and a no is a veto: "ok" or "no" would leave the hiring manager, and the candidate's next
  // loop, with nothing to read. The same bar as an interviewer's evidence (debrief.evidence_too_short, _placeholder).
  assertEvidence(justification, { area: 'debrief', field: 'justification', principle: 'the bar judgement', expected: 'why the candidate is, or is not, better than half of the people now in this role' });
  return { ...input, justification };
}

/** An offer needs a decided debrief whose answer is hire; the bar raiser's no is a veto. */
export function assertOfferAllowed(decision: Decision | null): void {
  if (decision === null) throw ruleViolation('offer.debrief_decided', 'An offer needs a debrief decision first.');
  if (decision === 'no_hire') throw ruleViolation('offer.bar_raiser_veto', 'The bar raiser said no: that is a veto, and no offer can be made.');
}

/**
 * Whether a closed requisition (filled or cancelled) still owes this hire an offer: only where the debrief decided
 * to hire before the close. A recruiter who closes the role the day after a yes has not taken the offer away; a loop
 * still running at the close may finish (its feedback is owed, and a no is a veto that follows the person), but a
 * yes it reaches afterwards is for a role no longer open, and waits for the requisition to reopen.
 */
export function isOfferOwedAfterClose(closedAt: Date | null, decidedAt: Date): boolean {
  return closedAt === null || decidedAt.getTime() < closedAt.getTime();
}

export function assertOfferOwedAfterClose(closedAt: Date | null, decidedAt: Date): void {
  if (isOfferOwedAfterClose(closedAt, decidedAt)) return;
  throw ruleViolation('offer.requisition_closed', `This requisition closed on ${formatDay(closedAt!)}, before the debrief decided to hire: a closed requisition makes offers only to hires decided before it closed. Reopen the requisition to make this offer.`);
}

/**
 * A candidate who withdrew is out of the process: their loop takes no more feedback, debrief decision, seat change or
 * offer. Withdrawing is no verdict: nothing is recorded against the person, where a bar raiser's no would be a veto.
 */
export function assertNotWithdrawn(withdrawnAt: Date | null): void {
  if (withdrawnAt === null) return;
  throw ruleViolation('candidate.withdrawn', `This candidate withdrew on ${formatDay(withdrawnAt)}: their loop takes no more feedback, decision, seat change or offer.`);
}

/** How long a bar raiser's no holds for the same person, whatever the requisition (the usual wait before interviewing again). */
export const VETO_HOLDS_DAYS = 182;

/**
 * A veto stays with the person, not with the record: an offer is refused while the same candidate (by email) was
 * vetoed in the org less than VETO_HOLDS_DAYS ago, on any requisition, so adding them again does not undo it.
 */
export function assertNoRecentVeto(earlierVetoes: readonly { decidedAt: Date; role: string }[], now: Date): void {
  const recent = findRecentVeto(earlierVetoes, now);
  if (recent === null) return;
  throw ruleViolation('offer.bar_raiser_veto', `A bar raiser vetoed this candidate for ${recent.role} on ${formatDay(recent.decidedAt)}: a veto holds for ${VETO_HOLDS_DAYS} days (until ${formatDay(recent.holdsUntil)} UTC), on every requisition.`);
}

/** The latest of these vetoes still holding at `now`, and the day it stops: the candidate page says it before anyone asks for an offer. */
export function findRecentVeto<V extends { decidedAt: Date }>(earlierVetoes: readonly V[], now: Date): (V & { holdsUntil: Date }) | null {
  const cutoff = now.getTime() - VETO_HOLDS_DAYS * 86_400_000;
  const recent = earlierVetoes.filter((veto) => veto.decidedAt.getTime() > cutoff).sort((a, b) => b.decidedAt.getTime() - a.decidedAt.getTime())[0];
  return recent === undefined ? null : { ...recent, holdsUntil: new Date(recent.decidedAt.getTime() + VETO_HOLDS_DAYS * 86_400_000) };
}

export interface Standing {
  incumbents: number;
  below: number;
  percentile: number | null;
  isAboveMedian: boolean | null;
}

/**
 * Where a candidate's average rating would stand among the review scores of the people now in the role:
 * how many score below them, and whether that beats the median ("better than half").
 */
export function standingAmong(candidateScore: number | null, incumbentScores: readonly number[]): Standing {
  if (candidateScore === null || incumbentScores.length === 0) return { incumbents: incumbentScores.length, below: 0, percentile: null, isAboveMedian: null };
  const below = incumbentScores.filter((score) => score < candidateScore).length;
  return { incumbents: incumbentScores.length, below, percentile: Math.round((below / incumbentScores.length) * 100), isAboveMedian: below > incumbentScores.length / 2 };
}

export function averageOf(values: readonly number[]): number | null {
  return values.length === 0 ? null : values.reduce((sum, value) => sum + value, 0) / values.length;
}
