import { describe, expect, it } from 'vitest';
import { assertCanAnswerOffer, assertCanMakeOffer, doesOfferFillOpening, standingOfferOf } from './offer-rules.js';

const madeAt = new Date('2026-11-20T15:00:00Z');
const now = new Date('2026-11-25T09:00:00Z');
const unanswered = { madeAt, answer: null };

describe('assertCanAnswerOffer', () => {
  it('accepts an answer given between the offer and today, trimming the note', () => {
    expect(assertCanAnswerOffer(unanswered, { answer: 'accepted', answeredOn: '2026-11-20', note: '  Starts in January ' }, now)).toEqual({ answer: 'accepted', answeredOn: '2026-11-20', note: 'Starts in January' });
    expect(assertCanAnswerOffer(unanswered, { answer: 'declined', answeredOn: '2026-11-25', note: '   ' }, now)).toEqual({ answer: 'declined', answeredOn: '2026-11-25', note: null });
  });

  it('names the field of bad input', () => {
    expect(() => assertCanAnswerOffer(unanswered, { answer: 'maybe', answeredOn: '2026-11-21' }, now)).toThrow(expect.objectContaining({ code: 'validation_failed', details: expect.objectContaining({ field: 'answer' }) }));
    for (const answeredOn of ['2026-02-30', '21/11/2026', '']) {
      expect(() => assertCanAnswerOffer(unanswered, { answer: 'accepted', answeredOn }, now)).toThrow(expect.objectContaining({ details: expect.objectContaining({ field: 'answeredOn' }) }));
    }
    expect(() => assertCanAnswerOffer(unanswered, { answer: 'accepted', answeredOn: '2026-11-21', note: 'x'.repeat(1001) }, now)).toThrow(expect.objectContaining({ details: expect.objectContaining({ field: 'note' }) }));
  });

  it('refuses an answer dated before the offer or after today', () => {
    expect(() => assertCanAnswerOffer(unanswered, { answer: 'accepted', answeredOn: '2026-11-19' }, now)).toThrow(/offer was made on Nov 20, 2026/);
    expect(() => assertCanAnswerOffer(unanswered, { answer: 'accepted', answeredOn: '2026-11-26' }, now)).toThrow(/still to come/);
    // Already the 26th east of UTC+12 at 12:00 UTC: a recruiter there records today's answer.
    expect(assertCanAnswerOffer(unanswered, { answer: 'accepted', answeredOn: '2026-11-26' }, new Date('2026-11-25T12:00:00Z')).answeredOn).toBe('2026-11-26');
  });

  it('records the answer once', () => {
    expect(() => assertCanAnswerOffer({ madeAt, answer: { answer: 'accepted', answeredOn: '2026-11-21' } }, { answer: 'declined', answeredOn: '2026-11-22' }, now)).toThrow(expect.objectContaining({ code: 'conflict', details: expect.objectContaining({ rule: 'offer.answered_once' }) }));
  });
});

describe('doesOfferFillOpening', () => {
  it('is filled while awaiting the answer and once accepted; a decline frees it', () => {
    expect([doesOfferFillOpening(null), doesOfferFillOpening('accepted'), doesOfferFillOpening('declined')]).toEqual([true, true, false]);
  });
});

describe('standingOfferOf', () => {
  it('is the offer awaiting its answer or accepted; none once every offer was declined', () => {
    const declined = { madeAt, answer: { answer: 'declined' as const, answeredOn: '2026-11-22' } };
    const accepted = { madeAt: now, answer: { answer: 'accepted' as const, answeredOn: '2026-11-25' } };
    expect(standingOfferOf([])).toBeUndefined();
    expect(standingOfferOf([declined, { ...declined, madeAt: now }])).toBeUndefined();
    expect(standingOfferOf([declined, unanswered])).toBe(unanswered);
    expect(standingOfferOf([declined, accepted])).toBe(accepted);
  });
});

describe('assertCanMakeOffer', () => {
  const declined = { madeAt, answer: { answer: 'declined' as const, answeredOn: '2026-11-22' } };

  it('allows a first offer, and a revised one after every earlier offer was declined', () => {
    expect(assertCanMakeOffer([])).toEqual({ isRevised: false });
    expect(assertCanMakeOffer([declined])).toEqual({ isRevised: true });
    expect(assertCanMakeOffer([declined, { madeAt: now, answer: { answer: 'declined', answeredOn: '2026-11-25' } }])).toEqual({ isRevised: true });
  });

  it('refuses a second open offer as a conflict', () => {
    expect(() => assertCanMakeOffer([unanswered])).toThrow(expect.objectContaining({ code: 'conflict', details: expect.objectContaining({ rule: 'offer.awaiting_answer' }) }));
    expect(() => assertCanMakeOffer([declined, { madeAt: now, answer: null }])).toThrow(/awaiting their answer \(made on Nov 25, 2026\)/);
  });

  it('refuses any offer after an acceptance: it is final', () => {
    expect(() => assertCanMakeOffer([{ madeAt, answer: { answer: 'accepted', answeredOn: '2026-11-21' } }])).toThrow(expect.objectContaining({ code: 'rule_violation', details: expect.objectContaining({ rule: 'offer.accepted_final' }) }));
    expect(() => assertCanMakeOffer([declined, { madeAt: now, answer: { answer: 'accepted', answeredOn: '2026-11-25' } }])).toThrow(/accepted the offer on Nov 25, 2026/);
  });
});
