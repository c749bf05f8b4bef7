import { describe, expect, it } from 'vitest';
import { appErrorOf, errorDetailsOf } from '../../../test/support/app-error.js';
import { assertCanDecide, assertNotWithdrawn, assertOfferAllowed, assertOfferOwedAfterClose, standingAmong } from './debrief-rules.js';
import { assertCanKeyIn, assertEvidence, assertInterviewHeld, canReadOthersFeedback, EVIDENCE_MIN_WORDS, evidenceShortfall, feedbackDueAt, isDebriefOpen, isFeedbackOverdue, normaliseFeedback, tallyVotes } from './feedback-rules.js';


describe('feedback rules', () => {
  it('needs evidence and a 1–5 rating for exactly the assigned principles', () => {
    expect(normaliseFeedback([{ principleId: 'p1', rating: 4, evidence: '  Told of a time she rolled back a launch herself.  ' }], ['p1'])).toEqual([{ principleId: 'p1', rating: 4, evidence: 'Told of a time she rolled back a launch herself.' }]);
    expect(errorDetailsOf(() => normaliseFeedback([{ principleId: 'p1', rating: 4, evidence: ' ' }], ['p1']))).toEqual({ field: 'ratings.0.evidence' });
    expect(errorDetailsOf(() => normaliseFeedback([{ principleId: 'p1', rating: 6, evidence: 'x' }], ['p1']))).toEqual({ field: 'ratings.0.rating' });
    expect(errorDetailsOf(() => normaliseFeedback([{ principleId: 'p2', rating: 3, evidence: 'x' }], ['p1']))).toMatchObject({ rule: 'feedback.assigned_principles' });
    expect(errorDetailsOf(() => normaliseFeedback([], ['p1']))).toMatchObject({ rule: 'feedback.all_principles_rated' });
  });

  it('takes as evidence one real sentence, of at least 8 words, and names the principle of a short one', () => {
    expect(EVIDENCE_MIN_WORDS).toBe(8);
    expect(evidenceShortfall('Walked me through the outage they led, minute by minute.')).toBeNull();
    expect(evidenceShortfall('Owned the rollback and wrote the postmortem.')).toEqual({ kind: 'too_short', words: 7 });
    expect(evidenceShortfall('Strong hire')).toEqual({ kind: 'too_short', words: 2 });
    // Placeholders, however long: no words, placeholder words only, one letter or one word over and over.
    for (const text of ['', '-', '...', 'n/a', 'N/A', 'TBD', 'see above', 'Same as above.', 'xxxxxxxx', 'a a a a a a a a a', 'good good good good good good good good']) {
      expect(evidenceShortfall(text)).toEqual({ kind: 'placeholder' });
    }
    const short = appErrorOf(() => normaliseFeedback([{ principleId: 'p1', rating: 4, evidence: 'Good answers.' }], ['p1'], new Map([['p1', 'Customer Obsession']])));
    expect(short.details).toEqual({ rule: 'feedback.evidence_too_short', field: 'ratings.0.evidence' });
    expect(short.message).toBe('Write at least 8 words of evidence for Customer Obsession: what the candidate said or did (this has 2 words).');
    const placeholder = appErrorOf(() => normaliseFeedback([
      { principleId: 'p1', rating: 4, evidence: 'Walked me through the outage they led, minute by minute.' },
      { principleId: 'p2', rating: 3, evidence: ' n/a ' },
    ], ['p1', 'p2'], new Map([['p1', 'Ownership'], ['p2', 'Dive Deep']])));
    expect(placeholder.details).toEqual({ rule: 'feedback.evidence_placeholder', field: 'ratings.1.evidence' });
    expect(placeholder.message).toBe('"n/a" is a placeholder, not evidence. Write at least 8 words of evidence for Dive Deep: what the candidate said or did.');
    expect(appErrorOf(() => assertEvidence('ok', { area: 'review', field: 'ratings.0.evidence', principle: 'Ownership', expected: 'what the person did' })).details.rule).toBe('review.evidence_placeholder');
  });

  it('is due 24 hours after the interview; unsubmitted after that is overdue', () => {
    const interview = new Date('2026-11-20T10:00:00Z');
    expect(feedbackDueAt(interview).toISOString()).toBe('2026-11-21T10:00:00.000Z');
    expect(isFeedbackOverdue(interview, null, new Date('2026-11-21T10:00:01Z'))).toBe(true);
    expect(isFeedbackOverdue(interview, null, new Date('2026-11-21T09:59:59Z'))).toBe(false);
    expect(isFeedbackOverdue(interview, new Date('2026-11-22T00:00:00Z'), new Date('2026-11-23T00:00:00Z'))).toBe(false);
  });

  it('counts the 24 hours from a reinstatement that came after the interview, never from one before it', () => {
    const interview = new Date('2026-11-20T10:00:00Z');
    const reinstated = new Date('2026-11-25T08:00:00Z');
    expect(feedbackDueAt(interview, reinstated).toISOString()).toBe('2026-11-26T08:00:00.000Z');
    expect(isFeedbackOverdue(interview, null, new Date('2026-11-25T09:00:00Z'), reinstated)).toBe(false);
    expect(isFeedbackOverdue(interview, null, new Date('2026-11-26T08:00:01Z'), reinstated)).toBe(true);
    // Reinstated before a loop was set up: the interview, later, starts the clock as for anyone.
    expect(feedbackDueAt(interview, new Date('2026-11-19T00:00:00Z')).toISOString()).toBe('2026-11-21T10:00:00.000Z');
    expect(feedbackDueAt(interview, null).toISOString()).toBe('2026-11-21T10:00:00.000Z');
  });

  it('keeps feedback blind until you submit yours; outsiders to the loop wait for the debrief', () => {
    expect(canReadOthersFeedback({ isInLoop: true, hasSubmitted: false }, true)).toBe(false);
    expect(canReadOthersFeedback({ isInLoop: true, hasSubmitted: true }, false)).toBe(true);
    expect(canReadOthersFeedback({ isInLoop: false, hasSubmitted: false }, false)).toBe(false);
    expect(canReadOthersFeedback({ isInLoop: false, hasSubmitted: false }, true)).toBe(true);
    // A shadow's bare vote does not unblind them: they read it at the debrief, like someone outside the loop.
    expect(canReadOthersFeedback({ isInLoop: true, isShadow: true, hasSubmitted: true }, false)).toBe(false);
    expect(canReadOthersFeedback({ isInLoop: true, isShadow: true, hasSubmitted: false }, true)).toBe(true);
  });

  it('lets hiring staff key in the scorecard of an interviewer without a login, after their own if they sit in the loop', () => {
    const staff = { isHiringStaff: true, isInLoop: false, hasSubmitted: false };
    const paper = { name: 'Pat', hasLogin: false };
    expect(() => assertCanKeyIn(staff, paper)).not.toThrow();
    expect(() => assertCanKeyIn({ ...staff, isInLoop: true, hasSubmitted: true }, paper)).not.toThrow();
    expect(appErrorOf(() => assertCanKeyIn({ ...staff, isHiringStaff: false }, paper)).code).toBe('forbidden');
    expect(errorDetailsOf(() => assertCanKeyIn(staff, { name: 'Pat', hasLogin: true })).rule).toBe('feedback.own_words');
    expect(errorDetailsOf(() => assertCanKeyIn({ ...staff, isInLoop: true }, paper)).rule).toBe('feedback.blind');
    expect(errorDetailsOf(() => assertCanKeyIn({ ...staff, isInLoop: true, isBarRaiser: true, hasSubmitted: true }, paper)).rule).toBe('feedback.not_by_bar_raiser');
  });

  it('takes feedback from the start of the interview on', () => {
    const at = new Date('2026-11-20T14:00:00Z');
    expect(errorDetailsOf(() => assertInterviewHeld(at, new Date('2026-11-20T13:59:00Z')))).toMatchObject({ rule: 'feedback.after_interview' });
    expect(() => assertInterviewHeld(at, at)).not.toThrow();
  });

  it('opens the debrief when every interviewer but shadows has submitted', () => {
    const at = new Date();
    expect(isDebriefOpen([{ seat: 'interviewer', submittedAt: at }, { seat: 'bar_raiser', submittedAt: at }, { seat: 'shadow', submittedAt: null }])).toBe(true);
    expect(isDebriefOpen([{ seat: 'interviewer', submittedAt: null }, { seat: 'bar_raiser', submittedAt: at }])).toBe(false);
    expect(isDebriefOpen([])).toBe(false);
  });
});

describe('debrief and offer rules', () => {
  const open = { isBarRaiser: true, isDebriefOpen: true, alreadyDecided: false };
  const input = { decision: 'hire' as const, isBetterThanHalf: true, justification: ' Raises the bar on ownership: led two outages end to end. ' };
  it('lets only the bar raiser decide, once, after all feedback is in', () => {
    expect(assertCanDecide(input, open).justification).toBe('Raises the bar on ownership: led two outages end to end.');
    expect(errorDetailsOf(() => assertCanDecide(input, { ...open, isBarRaiser: false }))).toMatchObject({ rule: 'debrief.run_by_bar_raiser' });
    expect(errorDetailsOf(() => assertCanDecide(input, { ...open, isDebriefOpen: false }))).toMatchObject({ rule: 'debrief.all_feedback_in' });
    expect(errorDetailsOf(() => assertCanDecide(input, { ...open, alreadyDecided: true }))).toMatchObject({ rule: 'debrief.decided_once' });
  });
  it('needs a justification, and a hire must be better than half', () => {
    expect(errorDetailsOf(() => assertCanDecide({ ...input, justification: '' }, open))).toEqual({ field: 'justification' });
    expect(errorDetailsOf(() => assertCanDecide({ ...input, isBetterThanHalf: false }, open))).toMatchObject({ rule: 'debrief.raise_the_bar' });
    expect(() => assertCanDecide({ ...input, decision: 'no_hire', isBetterThanHalf: false }, open)).not.toThrow();
  });
  it('takes a justification of the bar judgement only in a real sentence, as an interviewer\'s evidence', () => {
    const veto = { decision: 'no_hire' as const, isBetterThanHalf: false };
    expect(errorDetailsOf(() => assertCanDecide({ ...veto, justification: 'Below the bar.' }, open))).toEqual({ rule: 'debrief.evidence_too_short', field: 'justification' });
    expect(errorDetailsOf(() => assertCanDecide({ ...veto, justification: 'n/a' }, open))).toEqual({ rule: 'debrief.evidence_placeholder', field: 'justification' });
    expect(appErrorOf(() => assertCanDecide({ ...veto, justification: 'Below the bar.' }, open)).message).toBe('Write at least 8 words of evidence for the bar judgement: why the candidate is, or is not, better than half of the people now in this role (this has 3 words).');
    expect(() => assertCanDecide({ ...veto, justification: 'Below most of our L6 engineers on Ownership and Dive Deep.' }, open)).not.toThrow();
  });
  it('refuses an offer without a decision, and vetoes one after a no', () => {
    expect(errorDetailsOf(() => assertOfferAllowed(null))).toMatchObject({ rule: 'offer.debrief_decided' });
    expect(errorDetailsOf(() => assertOfferAllowed('no_hire'))).toMatchObject({ rule: 'offer.bar_raiser_veto' });
    expect(() => assertOfferAllowed('hire')).not.toThrow();
  });
  it('takes nothing more from the loop of a candidate who withdrew', () => {
    expect(() => assertNotWithdrawn(null)).not.toThrow();
    expect(errorDetailsOf(() => assertNotWithdrawn(new Date('2026-11-20T12:00:00Z')))).toEqual({ rule: 'candidate.withdrawn' });
  });
  it('owes an offer after the close only to a hire decided before it', () => {
    const closedAt = new Date('2026-11-20T12:00:00Z');
    expect(() => assertOfferOwedAfterClose(null, new Date('2026-11-21T12:00:00Z'))).not.toThrow();
    expect(() => assertOfferOwedAfterClose(closedAt, new Date('2026-11-20T11:59:59Z'))).not.toThrow();
    expect(errorDetailsOf(() => assertOfferOwedAfterClose(closedAt, closedAt))).toEqual({ rule: 'offer.requisition_closed' });
    expect(appErrorOf(() => assertOfferOwedAfterClose(closedAt, new Date('2026-11-21T09:00:00Z'))).message).toContain('closed on Nov 20, 2026, before the debrief decided to hire');
  });
  it('places the candidate among incumbents', () => {
    expect(standingAmong(3.5, [2, 3, 4, 5])).toEqual({ incumbents: 4, below: 2, percentile: 50, isAboveMedian: false });
    expect(standingAmong(4.5, [2, 3, 4, 5])).toMatchObject({ below: 3, isAboveMedian: true });
    expect(standingAmong(4, [])).toEqual({ incumbents: 0, below: 0, percentile: null, isAboveMedian: null });
  });
});

describe('the debrief\'s vote tally', () => {
  it('counts each interviewer\'s vote once, the bar raiser\'s included and a shadow\'s left out, every vote named even at zero', () => {
    const tally = tallyVotes([
      { seat: 'interviewer', vote: 'inclined' },
      { seat: 'interviewer', vote: 'inclined' },
      { seat: 'interviewer', vote: 'strongly_not_inclined' },
      { seat: 'bar_raiser', vote: 'not_inclined' },
      { seat: 'shadow', vote: 'strongly_inclined' },
    ]);
    expect(tally).toEqual({ strongly_inclined: 0, inclined: 2, not_inclined: 1, strongly_not_inclined: 1 });
    expect(tallyVotes([])).toEqual({ strongly_inclined: 0, inclined: 0, not_inclined: 0, strongly_not_inclined: 0 });
  });
});
