import { describe, expect, it } from 'vitest';
import { appErrorOf, errorDetailsOf } from '../../../test/support/app-error.js';
import { calibrate, normalisePromotionCase, normaliseReview } from './review-rules.js';

const ledger = new Map([['e1', { id: 'e1', principleId: 'p1' }], ['e2', { id: 'e2', principleId: 'p2' }]]);
const context = { isCycleOpen: true, activePrincipleIds: new Set(['p1', 'p2']), ledger };

describe('review rules', () => {
  it('rates principles with evidence, citing ledger entries of the same principle', () => {
    expect(normaliseReview([{ principleId: 'p1', rating: 4, evidence: ' Shipped the billing migration with no customer-visible downtime. ', evidenceIds: ['e1'] }], context)[0]!.evidence).toBe('Shipped the billing migration with no customer-visible downtime.');
    expect(errorDetailsOf(() => normaliseReview([{ principleId: 'p1', rating: 4, evidence: 'x', evidenceIds: ['e2'] }], context))).toMatchObject({ rule: 'evidence.same_principle' });
    expect(errorDetailsOf(() => normaliseReview([{ principleId: 'p1', rating: 4, evidence: 'x', evidenceIds: ['nope'] }], context))).toEqual({ field: 'ratings.0.evidenceIds' });
    expect(errorDetailsOf(() => normaliseReview([{ principleId: 'p1', rating: 4, evidence: '', evidenceIds: [] }], context))).toEqual({ field: 'ratings.0.evidence' });
    expect(errorDetailsOf(() => normaliseReview([{ principleId: 'p9', rating: 4, evidence: 'x', evidenceIds: [] }], context))).toMatchObject({ rule: 'review.active_principles' });
    expect(errorDetailsOf(() => normaliseReview([{ principleId: 'p1', rating: 0, evidence: 'x', evidenceIds: [] }], context))).toEqual({ field: 'ratings.0.rating' });
    expect(errorDetailsOf(() => normaliseReview([], context))).toEqual({ field: 'ratings' });
  });
  it('needs at least 8 words of written evidence per principle, even when ledger entries are cited', () => {
    const titles = new Map([['p1', 'Ownership'], ['p2', 'Dive Deep']]);
    const short = appErrorOf(() => normaliseReview([{ principleId: 'p1', rating: 4, evidence: 'Shipped.', evidenceIds: ['e1'] }], { ...context, titles }));
    expect(short.details).toEqual({ rule: 'review.evidence_too_short', field: 'ratings.0.evidence' });
    expect(short.message).toBe('Write at least 8 words of evidence for Ownership: what the person did, with an example (this has 1 word).');
    expect(appErrorOf(() => normaliseReview([{ principleId: 'p2', rating: 4, evidence: 'tbd', evidenceIds: [] }], { ...context, titles })).details).toEqual({ rule: 'review.evidence_placeholder', field: 'ratings.0.evidence' });
    const narrative = appErrorOf(() => normalisePromotionCase({ currentLevel: 5, targetLevel: 6, sections: [{ principleId: 'p2', rating: 4, narrative: 'Led the launch.', evidenceIds: [] }] }, { ...context, titles }));
    expect(narrative.details).toEqual({ rule: 'promotion.evidence_too_short', field: 'sections.0.narrative' });
    expect(narrative.message).toBe('Write at least 8 words of evidence for Dive Deep: how the person already works above the bar, with an example (this has 3 words).');
  });
  it('refuses changes in a closed cycle', () => {
    expect(errorDetailsOf(() => normaliseReview([{ principleId: 'p1', rating: 4, evidence: 'x', evidenceIds: [] }], { ...context, isCycleOpen: false }))).toMatchObject({ rule: 'review.cycle_open' });
  });
  it('structures a promotion case by principle, each section scored, to a higher level', () => {
    const sections = [{ principleId: 'p2', rating: 4, narrative: ' Led the launch from the first customer interview to general availability. ', evidenceIds: ['e2'] }];
    expect(normalisePromotionCase({ currentLevel: 5, targetLevel: 6, sections }, context)[0]!.narrative).toBe('Led the launch from the first customer interview to general availability.');
    expect(errorDetailsOf(() => normalisePromotionCase({ currentLevel: 5, targetLevel: 5, sections }, context))).toMatchObject({ rule: 'promotion.higher_level' });
    expect(errorDetailsOf(() => normalisePromotionCase({ currentLevel: 5, targetLevel: 6, sections: [...sections, ...sections] }, context))).toEqual({ field: 'sections.1.principleId' });
    expect(errorDetailsOf(() => normalisePromotionCase({ currentLevel: 5, targetLevel: 6, sections: [{ principleId: 'p2', rating: 4, narrative: '', evidenceIds: [] }] }, context))).toEqual({ field: 'sections.0.narrative' });
    for (const rating of [0, 6, 3.5, Number.NaN]) {
      expect(errorDetailsOf(() => normalisePromotionCase({ currentLevel: 5, targetLevel: 6, sections: [{ principleId: 'p2', rating, narrative: 'Led it.', evidenceIds: [] }] }, context))).toEqual({ field: 'sections.0.rating' });
    }
    expect(normalisePromotionCase({ currentLevel: 5, targetLevel: 6, sections }, context)[0]!.rating).toBe(4);
  });
  it('calibrates by role and level, best average first', () => {
    const groups = calibrate([
      { personId: 'a', name: 'A', role: 'Eng', level: 5, ratings: [{ principleId: 'p1', rating: 3 }, { principleId: 'p2', rating: 4 }] },
      { personId: 'b', name: 'B', role: 'Eng', level: 5, ratings: [{ principleId: 'p1', rating: 5 }] },
      { personId: 'c', name: 'C', role: 'Eng', level: 6, ratings: [{ principleId: 'p1', rating: 2 }] },
    ]);
    expect(groups.map((group) => [group.role, group.level, group.people.map((person) => [person.name, person.average])])).toEqual([
      ['Eng', 5, [['B', 5], ['A', 3.5]]],
      ['Eng', 6, [['C', 2]]],
    ]);
    expect(groups[0]!.principleAverages).toEqual({ p1: 4, p2: 4 });
  });
});
