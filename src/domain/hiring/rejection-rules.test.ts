import { describe, expect, it } from 'vitest';
import { errorDetailsOf } from '../../../test/support/app-error.js';
import { assertCanReinstate, assertCanReject, assertCanWithdraw, assertNotRejected, assertOpeningUnfilled, REJECTION_NOTE_MAX } from './rejection-rules.js';

const inProcess = { withdrawnAt: null, rejectedAt: null, decision: null, offers: [] };
const earlier = new Date('2026-11-20T12:00:00Z');
const offerMade = new Date('2026-11-18T10:00:00Z');
const declined = { madeAt: offerMade, answer: { answer: 'declined' as const, answeredOn: '2026-11-19' } };
const awaited = { madeAt: earlier, answer: null };
const accepted = { madeAt: earlier, answer: { answer: 'accepted' as const, answeredOn: '2026-11-21' } };

describe('rejecting a candidate', () => {
  it('takes a reason from the closed list and a trimmed, optional note', () => {
    expect(assertCanReject(inProcess, { reason: 'skills', note: '  Systems design was thin.  ' })).toEqual({ reason: 'skills', note: 'Systems design was thin.' });
    expect(assertCanReject({ ...inProcess, decision: 'hire' }, { reason: 'another_candidate', note: '   ' })).toEqual({ reason: 'another_candidate', note: null });
    expect(errorDetailsOf(() => assertCanReject(inProcess, { reason: 'vibes' }))).toEqual({ field: 'reason' });
    expect(errorDetailsOf(() => assertCanReject(inProcess, { reason: 'other', note: 'x'.repeat(REJECTION_NOTE_MAX + 1) }))).toEqual({ field: 'note' });
  });

  it('is refused while an offer awaits its answer, twice, after a withdrawal and after a veto', () => {
    expect(errorDetailsOf(() => assertCanReject({ ...inProcess, offers: [awaited], decision: 'hire' }, { reason: 'other' }))).toEqual({ rule: 'candidate.offer_made' });
    expect(errorDetailsOf(() => assertCanReject({ ...inProcess, rejectedAt: earlier }, { reason: 'other' }))).toEqual({ rule: 'candidate.rejected' });
    expect(errorDetailsOf(() => assertCanReject({ ...inProcess, withdrawnAt: earlier }, { reason: 'other' }))).toEqual({ rule: 'candidate.withdrawn' });
    expect(errorDetailsOf(() => assertCanReject({ ...inProcess, decision: 'no_hire' }, { reason: 'other' }))).toEqual({ rule: 'candidate.vetoed' });
  });

  it('is allowed once every offer was declined, and refused while one awaits its answer or after an acceptance', () => {
    expect(assertCanReject({ ...inProcess, decision: 'hire', offers: [declined] }, { reason: 'compensation' })).toEqual({ reason: 'compensation', note: null });
    expect(assertCanReject({ ...inProcess, decision: 'hire', offers: [declined, { ...declined, madeAt: earlier }] }, { reason: 'other' }).reason).toBe('other');
    expect(() => assertCanReject({ ...inProcess, decision: 'hire', offers: [declined, awaited] }, { reason: 'other' })).toThrow(/awaiting their answer \(made on Nov 20, 2026\): record their answer before they can be rejected/);
    expect(() => assertCanReject({ ...inProcess, decision: 'hire', offers: [declined, accepted] }, { reason: 'other' })).toThrow(/accepted the offer on Nov 21, 2026: an accepted offer is final/);
    expect(errorDetailsOf(() => assertCanReject({ ...inProcess, decision: 'hire', offers: [accepted] }, { reason: 'other' }))).toEqual({ rule: 'candidate.offer_made' });
  });

  it('puts the candidate out of the process until reinstated', () => {
    expect(() => assertNotRejected(null)).not.toThrow();
    expect(errorDetailsOf(() => assertNotRejected(earlier))).toEqual({ rule: 'candidate.rejected' });
  });
});

describe('recording a withdrawal', () => {
  it('is allowed before any offer and after every offer was declined; recording it twice changes nothing', () => {
    expect(assertCanWithdraw(inProcess)).toBe(true);
    expect(assertCanWithdraw({ ...inProcess, offers: [declined] })).toBe(true);
    expect(assertCanWithdraw({ ...inProcess, withdrawnAt: earlier, offers: [declined] })).toBe(false);
  });

  it('is refused while an offer awaits its answer, after an acceptance, and after a rejection', () => {
    expect(errorDetailsOf(() => assertCanWithdraw({ ...inProcess, offers: [awaited] }))).toEqual({ rule: 'candidate.offer_made' });
    expect(() => assertCanWithdraw({ ...inProcess, offers: [declined, awaited] })).toThrow(/record their answer before they can be recorded as withdrawn/);
    expect(() => assertCanWithdraw({ ...inProcess, offers: [declined, accepted] })).toThrow(/accepted the offer on Nov 21, 2026/);
    expect(errorDetailsOf(() => assertCanWithdraw({ ...inProcess, rejectedAt: earlier }))).toEqual({ rule: 'candidate.rejected' });
  });
});

describe('reinstating a candidate', () => {
  it('undoes a withdrawal or a rejection while the requisition is open and its opening not filled', () => {
    const open = { isOpen: true, hasOfferSinceOpened: false };
    expect(assertCanReinstate({ withdrawnAt: earlier, rejectedAt: null }, open)).toBe('withdrawn');
    expect(assertCanReinstate({ withdrawnAt: null, rejectedAt: earlier }, open)).toBe('rejected');
    expect(errorDetailsOf(() => assertCanReinstate({ withdrawnAt: null, rejectedAt: null }, open))).toEqual({ rule: 'candidate.in_process' });
    expect(errorDetailsOf(() => assertCanReinstate({ withdrawnAt: null, rejectedAt: earlier }, { ...open, isOpen: false }))).toEqual({ rule: 'requisition.open' });
    expect(errorDetailsOf(() => assertCanReinstate({ withdrawnAt: earlier, rejectedAt: null }, { ...open, hasOfferSinceOpened: true }))).toEqual({ rule: 'requisition.opening_filled' });
  });
});

describe('a requisition\'s opening', () => {
  it('takes candidates, loops and an offer until an offer fills it, then refuses each as requisition.opening_filled', () => {
    expect(() => assertOpeningUnfilled(false, 'candidate')).not.toThrow();
    expect(() => assertOpeningUnfilled(false, 'loop')).not.toThrow();
    expect(errorDetailsOf(() => assertOpeningUnfilled(true, 'candidate'))).toEqual({ rule: 'requisition.opening_filled' });
    expect(() => assertOpeningUnfilled(true, 'loop')).toThrow(/takes no new interview loops\. Close it as filled/);
    expect(errorDetailsOf(() => assertOpeningUnfilled(true, 'offer'))).toEqual({ rule: 'requisition.opening_filled' });
  });
});
