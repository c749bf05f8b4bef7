import { formatDay } from '../dates.js';
import { AppError, ruleViolation } from '../errors.js';
import type { Decision } from './debrief-rules.js';
import { assertNoStandingOffer, type OfferState } from './offer-rules.js';

/**
 * Why the hiring side rejected a candidate: a closed list, so rejections can be counted by reason (as Greenhouse and
 * Lever do), with `other` and the note for what the list does not say.
 */
export const REJECTION_REASONS = ['experience', 'skills', 'leadership_principles', 'another_candidate', 'compensation', 'location', 'other'] as const;
export type RejectionReason = (typeof REJECTION_REASONS)[number];

export const REJECTION_REASON_LABELS: Record<RejectionReason, string> = {
  experience: 'Not enough experience',
  skills: 'Skills',
  leadership_principles: 'Leadership principles',
  another_candidate: 'Another candidate was chosen',
  compensation: 'Compensation',
  location: 'Location',
  other: 'Other',
};

export const REJECTION_NOTE_MAX = 1000;

export const isRejectionReason = (value: string): value is RejectionReason => (REJECTION_REASONS as readonly string[]).includes(value);

/** Where a candidate stands for a withdrawal, a rejection or a reinstatement: their exits, their loop's decision, their offers (earliest first). */
export interface CandidateOutcome {
  withdrawnAt: Date | null;
  rejectedAt: Date | null;
  decision: Decision | null;
  offers: readonly OfferState[];
}

/**
 * A rejected candidate is out of the process, as one who withdrew: their loop takes no more feedback, debrief
 * decision, seat change or offer, until someone reinstates them.
 */
export function assertNotRejected(rejectedAt: Date | null): void {
  if (rejectedAt === null) return;
  throw ruleViolation('candidate.rejected', `This candidate was rejected on ${formatDay(rejectedAt)}: their loop takes no more feedback, decision, seat change or offer unless they are reinstated.`);
}

/**
 * A candidate who withdrew ("took another job") is recorded so at any step while no offer stands (assertNoStandingOffer):
 * before any offer, or after every one was declined. Once rejected they are already out, and the rejection (with its
 * reason) is what happened. Returns false when the withdrawal is already recorded: recording it again changes nothing.
 */
export function assertCanWithdraw(outcome: Pick<CandidateOutcome, 'withdrawnAt' | 'rejectedAt' | 'offers'>): boolean {
  if (outcome.withdrawnAt !== null) return false;
  assertNotRejected(outcome.rejectedAt);
  assertNoStandingOffer(outcome.offers, 'withdrawn');
  return true;
}

/**
 * The hiring side may reject a candidate at any step while no offer stands (assertNoStandingOffer: none yet, or every
 * one declined; offers stay on the record), once, while they are still in the process. A bar raiser's no already
 * ended the loop, with a veto: a rejection on top would only hide it. Returns the note trimmed (null when empty).
 */
export function assertCanReject(outcome: CandidateOutcome, input: { reason: string; note?: string | null | undefined }): { reason: RejectionReason; note: string | null } {
  if (!isRejectionReason(input.reason)) throw new AppError('validation_failed', `reason: choose one of ${REJECTION_REASONS.join(', ')}.`, { field: 'reason' });
  const note = input.note?.trim() ?? '';
  if (note.length > REJECTION_NOTE_MAX) throw new AppError('validation_failed', `note: at most ${REJECTION_NOTE_MAX} characters.`, { field: 'note' });
  assertNoStandingOffer(outcome.offers, 'rejected');
  if (outcome.rejectedAt !== null) throw ruleViolation('candidate.rejected', `This candidate was already rejected on ${formatDay(outcome.rejectedAt)}.`);
  if (outcome.withdrawnAt !== null) throw ruleViolation('candidate.withdrawn', `This candidate withdrew on ${formatDay(outcome.withdrawnAt)}: there is no one to reject.`);
  if (outcome.decision === 'no_hire') throw ruleViolation('candidate.vetoed', 'The bar raiser said no: the loop already ended, with a veto.');
  return { reason: input.reason, note: note.length === 0 ? null : note };
}

/**
 * Undoing a withdrawal or a rejection puts the candidate back where they were, while there is still a role to
 * compete for: the requisition open, and no offer made to someone else since it last opened (a requisition is one
 * opening; an offer fills it).
 */
export function assertCanReinstate(outcome: Pick<CandidateOutcome, 'withdrawnAt' | 'rejectedAt'>, requisition: { isOpen: boolean; hasOfferSinceOpened: boolean }): 'withdrawn' | 'rejected' {
  if (outcome.withdrawnAt === null && outcome.rejectedAt === null) throw ruleViolation('candidate.in_process', 'This candidate neither withdrew nor was rejected: there is nothing to undo.');
  if (!requisition.isOpen) throw ruleViolation('requisition.open', 'This requisition is closed: reopen it before reinstating a candidate.');
  // The other candidate goes unnamed: they may be someone the actor may not know of (their own record, applying inside).
  if (requisition.hasOfferSinceOpened) throw ruleViolation('requisition.opening_filled', 'Another candidate has an offer for this requisition\'s opening: a second seat is the requisition closed and reopened, or a new requisition.');
  return outcome.rejectedAt !== null ? 'rejected' : 'withdrawn';
}

/**
 * A requisition is one opening, and an offer made since it last opened fills it: it then takes no new candidate, no
 * new loop and no second offer, as nobody is reinstated for it (assertCanReinstate). Loops already set up may finish,
 * as after a close; the candidate with the offer goes unnamed (the actor may not know of them: their own record).
 * What comes next is closing it as filled; if the hire falls through, or the team gets a second seat, it is reopened.
 */
export function assertOpeningUnfilled(hasOfferSinceOpened: boolean, action: 'candidate' | 'loop' | 'offer'): void {
  if (!hasOfferSinceOpened) return;
  const refused = { candidate: 'it takes no new candidates', loop: 'it takes no new interview loops', offer: 'a second offer would be for a second seat' }[action];
  throw ruleViolation('requisition.opening_filled', `An offer was made for this requisition's opening since it last opened: ${refused}. Close it as filled; reopen it if the hire falls through or the team gets a second seat, or open a new requisition.`);
}
