import { formatDay, latestCalendarDay } from '../dates.js';
import { AppError, ruleViolation } from '../errors.js';

/**
 * The candidate's answer to an offer. Pulse records it once; an offer is never withdrawn or edited. After a decline the
 * hiring side may make a revised offer (a new one, after the earlier ones on the record); an acceptance is final.
 */
export const OFFER_ANSWERS = ['accepted', 'declined'] as const;
export type OfferAnswer = (typeof OFFER_ANSWERS)[number];

export const OFFER_ANSWER_LABELS: Record<OfferAnswer, string> = { accepted: 'Accepted', declined: 'Declined' };

export const OFFER_ANSWER_NOTE_MAX = 1000;

export const isOfferAnswer = (value: string): value is OfferAnswer => (OFFER_ANSWERS as readonly string[]).includes(value);

/** An offer as its answer rules read it: when it was made, and its answer if one was recorded. */
export interface OfferState {
  madeAt: Date;
  answer: null | { answer: OfferAnswer; answeredOn: string };
}

/** The UTC calendar day of a moment, YYYY-MM-DD: the days the server compares answers with. */
const utcDay = (at: Date) => at.toISOString().slice(0, 10);

/**
 * Whether an offer fills its requisition's opening (requisition.opening_filled): awaiting its answer or accepted, it
 * does; declined, the opening is free again (new candidates, loops, another offer, reinstatements).
 */
export const doesOfferFillOpening = (answer: OfferAnswer | null) => answer !== 'declined';

/**
 * The candidate's standing offer, if any: the one awaiting its answer or accepted (it fills the opening). Only the
 * latest offer can stand, since a revised one follows only a decline; with every offer declined, none stands. Takes
 * the offers as their rules read them or as the page shows them.
 */
export const standingOfferOf = <Offer extends { answer: null | { answer: OfferAnswer } }>(offers: readonly Offer[]): Offer | undefined =>
  offers.find((offer) => doesOfferFillOpening(offer.answer?.answer ?? null));

/**
 * A standing offer keeps the candidate in the process: they cannot be recorded as withdrawn nor rejected while it
 * awaits their answer (record the answer first) or once they accepted it (final). Offers all declined leave the way
 * out open, and stay on the record.
 */
export function assertNoStandingOffer(offers: readonly OfferState[], exit: 'withdrawn' | 'rejected'): void {
  const standing = standingOfferOf(offers);
  if (standing === undefined) return;
  const recorded = exit === 'withdrawn' ? 'recorded as withdrawn' : 'rejected';
  if (standing.answer === null) {
    throw ruleViolation('candidate.offer_made', `This candidate has an offer awaiting their answer (made on ${formatDay(standing.madeAt)}): record their answer before they can be ${recorded}. Once every offer is declined, they can be.`);
  }
  throw ruleViolation('candidate.offer_made', `This candidate accepted the offer on ${formatDay(standing.answer.answeredOn)}: an accepted offer is final, and they cannot be ${recorded}.`);
}

/**
 * Whether the candidate's offers, earliest first, leave room for another: none yet, or every one declined (a revised
 * offer: a better salary, a later start). An offer still awaiting its answer is refused as a conflict, as a stale page
 * is (someone made it since the page was read); an accepted one is final. The other rules of a first offer (the
 * debrief's hire, no veto, the opening unfilled, the requisition open, the candidate in the process) hold for a revised
 * one too: the caller checks them as for the first.
 */
export function assertCanMakeOffer(earlierOffers: readonly OfferState[]): { isRevised: boolean } {
  const awaited = earlierOffers.find((offer) => offer.answer === null);
  if (awaited) {
    throw new AppError('conflict', `This candidate has an offer awaiting their answer (made on ${formatDay(awaited.madeAt)}): record their answer before making another.`, { rule: 'offer.awaiting_answer' });
  }
  const accepted = earlierOffers.find((offer) => offer.answer?.answer === 'accepted');
  if (accepted) throw ruleViolation('offer.accepted_final', `This candidate accepted the offer on ${formatDay(accepted.answer!.answeredOn)}: an accepted offer is final, and no other is made.`);
  return { isRevised: earlierOffers.length > 0 };
}

/**
 * The candidate's answer, recorded once, on the day they gave it: not before the offer was made (its UTC day), not
 * after today where today is furthest ahead (the recruiter's own calendar day may be UTC's tomorrow). Answering an offer whose requisition has since closed is allowed: a requisition
 * closed as filled while the answer was awaited still learns it, and a decline is what tells the team to reopen it.
 * Returns the note trimmed (null when empty).
 */
export function assertCanAnswerOffer(offer: OfferState, input: { answer: string; answeredOn: string; note?: string | null | undefined }, now: Date): { answer: OfferAnswer; answeredOn: string; note: string | null } {
  if (!isOfferAnswer(input.answer)) throw new AppError('validation_failed', `answer: choose one of ${OFFER_ANSWERS.join(', ')}.`, { field: 'answer' });
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.answeredOn) || Number.isNaN(Date.parse(`${input.answeredOn}T00:00:00Z`)) || utcDay(new Date(`${input.answeredOn}T00:00:00Z`)) !== input.answeredOn) {
    throw new AppError('validation_failed', 'answeredOn: must be a date like 2026-11-30.', { field: 'answeredOn' });
  }
  const note = input.note?.trim() ?? '';
  if (note.length > OFFER_ANSWER_NOTE_MAX) throw new AppError('validation_failed', `note: at most ${OFFER_ANSWER_NOTE_MAX} characters.`, { field: 'note' });
  if (offer.answer !== null) {
    // A conflict, as a stale page is: someone recorded the answer since it was read, and the page reloads to show it.
    throw new AppError('conflict', `The answer to this offer was already recorded: ${offer.answer.answer} on ${formatDay(offer.answer.answeredOn)}. It is recorded once.`, { rule: 'offer.answered_once' });
  }
  if (input.answeredOn < utcDay(offer.madeAt)) throw new AppError('validation_failed', `answeredOn: the offer was made on ${formatDay(offer.madeAt)}; the answer came on or after that day.`, { field: 'answeredOn' });
  if (input.answeredOn > latestCalendarDay(now)) throw new AppError('validation_failed', `answeredOn: record the answer once it is given (${formatDay(input.answeredOn)} is still to come).`, { field: 'answeredOn' });
  return { answer: input.answer, answeredOn: input.answeredOn, note: note.length === 0 ? null : note };
}
