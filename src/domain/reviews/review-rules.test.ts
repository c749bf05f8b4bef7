import { describe, expect, it } from 'vitest';
import { appErrorOf, errorDetailsOf } from '../../../test/support/app-error.js';
import { activePrinciples, assertLedgerEntryChanger, assertLedgerEntryUncited, assertNoNewerPromotionCase, assertReviewSubject, calibrate, citersOf, cyclePrinciples, normaliseLedgerText, normalisePromotionCase, normaliseReview } from './review-rules.js';

const ledger = new Map([['e1', { id: 'e1', principleId: 'p1' }], ['e2', { id: 'e2', principleId: 'p2' }]]);
const context = { isCycleOpen: true, activePrincipleIds: new Set(['p1', 'p2', 'p3', 'p4']), ledger };
const narrative = 'Led the launch from the first customer interview to general availability.';
/** A promotion case's sections on p2, p3 and p4 (a case argues at least three principles), each scored 4. */
const strong = (change: Partial<{ principleId: string; rating: number; narrative: string; evidenceIds: string[] }> = {}) => [
  { principleId: 'p2', rating: 4, narrative, evidenceIds: ['e2'], ...change },
  { principleId: 'p3', rating: 4, narrative, evidenceIds: [] },
  { principleId: 'p4', rating: 4, narrative, evidenceIds: [] },
];

describe('review rules', () => {
  it('rates principles with evidence, citing ledger entries of the same principle', () => {
    expect(normaliseReview([{ principleId: 'p1', rating: 4, evidence: ' Shipped the billing migration with no customer-visible downtime. ', evidenceIds: ['e1'] }], context)[0]!.evidence).toBe('Shipped the billing migration with no customer-visible downtime.');
    expect(errorDetailsOf(() => normaliseReview([{ principleId: 'p1', rating: 4, evidence: 'x', evidenceIds: ['e2'] }], context))).toMatchObject({ rule: 'evidence.same_principle' });
    // An entry gone from the ledger (deleted since the form was opened) is named by its id, so the form can say which.
    expect(errorDetailsOf(() => normaliseReview([{ principleId: 'p1', rating: 4, evidence: 'x', evidenceIds: ['nope'] }], context))).toEqual({ field: 'ratings.0.evidenceIds', data: { evidenceId: 'nope' } });
    expect(errorDetailsOf(() => normalisePromotionCase({ currentLevel: 5, targetLevel: 6, sections: strong({ evidenceIds: ['gone'] }) }, context))).toEqual({ field: 'sections.0.evidenceIds', data: { evidenceId: 'gone' } });
    // One entry cited twice would read as two pieces of evidence.
    expect(appErrorOf(() => normaliseReview([{ principleId: 'p1', rating: 4, evidence: 'x', evidenceIds: ['e1', 'e1'] }], context))).toMatchObject({ code: 'validation_failed', details: { field: 'ratings.0.evidenceIds' }, message: 'A ledger entry is cited twice: cite each entry once.' });
    expect(appErrorOf(() => normalisePromotionCase({ currentLevel: 5, targetLevel: 6, sections: strong({ evidenceIds: ['e2', 'e2'] }) }, context))).toMatchObject({ details: { field: 'sections.0.evidenceIds' } });
    expect(errorDetailsOf(() => normaliseReview([{ principleId: 'p1', rating: 4, evidence: '', evidenceIds: [] }], context))).toEqual({ field: 'ratings.0.evidence' });
    expect(errorDetailsOf(() => normaliseReview([{ principleId: 'p9', rating: 4, evidence: 'x', evidenceIds: [] }], context))).toMatchObject({ rule: 'review.active_principles' });
    // An id that is no principle of the org at all is not called retired; the field is named at the top level.
    const unknown = appErrorOf(() => normaliseReview([{ principleId: 'p9', rating: 4, evidence: 'x', evidenceIds: [] }], { ...context, knownPrincipleIds: new Set(['p1', 'p2', 'p5']) }));
    expect(unknown.details).toEqual({ rule: 'review.active_principles', field: 'ratings.0.principleId' });
    expect(unknown.message).toBe('This is not one of this org\'s principles: choose one from the org\'s list of active principles.');
    const retired = appErrorOf(() => normaliseReview([{ principleId: 'p5', rating: 4, evidence: 'x', evidenceIds: [] }], { ...context, knownPrincipleIds: new Set(['p1', 'p2', 'p5']) }));
    expect(retired.details).toEqual({ rule: 'review.active_principles', field: 'ratings.0.principleId' });
    expect(retired.message).toMatch(/this one is retired/);
    expect(errorDetailsOf(() => normaliseReview([{ principleId: 'p1', rating: 0, evidence: 'x', evidenceIds: [] }], context))).toEqual({ field: 'ratings.0.rating' });
    expect(errorDetailsOf(() => normaliseReview([], context))).toEqual({ field: 'ratings' });
  });
  it('needs at least 8 words of written evidence per principle, even when ledger entries are cited', () => {
    const titles = new Map([['p1', 'Ownership'], ['p2', 'Dive Deep']]);
    const short = appErrorOf(() => normaliseReview([{ principleId: 'p1', rating: 4, evidence: 'Shipped.', evidenceIds: ['e1'] }], { ...context, titles }));
    expect(short.details).toEqual({ rule: 'review.evidence_too_short', field: 'ratings.0.evidence' });
    expect(short.message).toBe('Write at least 8 words of evidence for Ownership: what the person did, with an example (this has 1 word).');
    expect(appErrorOf(() => normaliseReview([{ principleId: 'p2', rating: 4, evidence: 'tbd', evidenceIds: [] }], { ...context, titles })).details).toEqual({ rule: 'review.evidence_placeholder', field: 'ratings.0.evidence' });
    const shortNarrative = appErrorOf(() => normalisePromotionCase({ currentLevel: 5, targetLevel: 6, sections: strong({ narrative: 'Led the launch.', evidenceIds: [] }) }, { ...context, titles }));
    expect(shortNarrative.details).toEqual({ rule: 'promotion.evidence_too_short', field: 'sections.0.narrative' });
    expect(shortNarrative.message).toBe('Write at least 8 words of evidence for Dive Deep: how the person already works above the bar, with an example (this has 3 words).');
  });
  it('refuses changes in a closed cycle', () => {
    expect(errorDetailsOf(() => normaliseReview([{ principleId: 'p1', rating: 4, evidence: 'x', evidenceIds: [] }], { ...context, isCycleOpen: false }))).toMatchObject({ rule: 'review.cycle_open' });
  });
  it('structures a promotion case by principle, each section scored, to the next level', () => {
    const sections = strong({ narrative: ` ${narrative} ` });
    expect(normalisePromotionCase({ currentLevel: 5, targetLevel: 6, sections }, context)[0]!.narrative).toBe(narrative);
    expect(errorDetailsOf(() => normalisePromotionCase({ currentLevel: 5, targetLevel: 5, sections }, context))).toEqual({ rule: 'promotion.higher_level', field: 'targetLevel' });
    expect(errorDetailsOf(() => normalisePromotionCase({ currentLevel: 5, targetLevel: 6, sections: [...sections, sections[0]!] }, context))).toEqual({ field: 'sections.3.principleId' });
    expect(errorDetailsOf(() => normalisePromotionCase({ currentLevel: 5, targetLevel: 6, sections: strong({ narrative: '' }) }, context))).toEqual({ field: 'sections.0.narrative' });
    for (const rating of [0, 6, 3.5, Number.NaN]) {
      expect(errorDetailsOf(() => normalisePromotionCase({ currentLevel: 5, targetLevel: 6, sections: strong({ rating }) }, context))).toEqual({ field: 'sections.0.rating' });
    }
    expect(normalisePromotionCase({ currentLevel: 5, targetLevel: 6, sections }, context)[0]!.rating).toBe(4);
  });
  it('promotes one level up', () => {
    const jump = appErrorOf(() => normalisePromotionCase({ currentLevel: 5, targetLevel: 12, sections: strong() }, context));
    expect(jump.details).toEqual({ rule: 'promotion.one_level', field: 'targetLevel' });
    expect(jump.message).toBe('A promotion goes one level up: from L5 to L6 (this case asks for L12).');
    expect(errorDetailsOf(() => normalisePromotionCase({ currentLevel: 5, targetLevel: 7, sections: strong() }, context))).toMatchObject({ rule: 'promotion.one_level' });
  });
  it('argues a promotion from strength: at least 3 principles, none scored below 3', () => {
    const titles = new Map([['p2', 'Dive Deep'], ['p3', 'Ownership'], ['p4', 'Bias for Action']]);
    const thin = appErrorOf(() => normalisePromotionCase({ currentLevel: 5, targetLevel: 6, sections: strong().slice(0, 2) }, { ...context, titles }));
    expect(thin.details).toEqual({ rule: 'promotion.sections', field: 'sections' });
    expect(thin.message).toBe('A promotion case argues from strength on at least 3 principles: write a section for 3 or more (this case has 2).');
    const weak = appErrorOf(() => normalisePromotionCase({ currentLevel: 5, targetLevel: 6, sections: strong({ rating: 2 }) }, { ...context, titles }));
    expect(weak.details).toEqual({ rule: 'promotion.sections', field: 'sections.0.rating' });
    expect(weak.message).toBe('Each section of a promotion case shows the person already works at the bar of the target level: Dive Deep is scored 2. Score it 3 or more, or leave that principle out of the case.');
    expect(normalisePromotionCase({ currentLevel: 5, targetLevel: 6, sections: strong({ rating: 3 }) }, context)).toHaveLength(3);
  });
  it('takes a short ledger note as evidence, but not an empty or placeholder one', () => {
    expect(normaliseLedgerText('  Shipped the calibration tool two weeks early. ')).toBe('Shipped the calibration tool two weeks early.');
    expect(appErrorOf(() => normaliseLedgerText('   '))).toMatchObject({ code: 'validation_failed', details: { field: 'text' } });
    for (const placeholder of ['TBD', 'n/a', 'xxx', 'ok', 'todo todo']) {
      expect(errorDetailsOf(() => normaliseLedgerText(placeholder))).toEqual({ rule: 'evidence.placeholder', field: 'text' });
    }
    expect(appErrorOf(() => normaliseLedgerText('tbd')).message).toBe('"tbd" is a placeholder, not evidence: write what the person did and what came of it.');
  });
  it('refuses reviewing or promoting yourself, and new reviews, evidence or cases for someone who left', () => {
    const here = { name: 'Ana', isSelf: false, leftOn: null };
    for (const area of ['review', 'evidence', 'promotion'] as const) expect(() => assertReviewSubject(here, area)).not.toThrow();
    expect(appErrorOf(() => assertReviewSubject({ ...here, isSelf: true }, 'review'))).toMatchObject({ code: 'rule_violation', details: { rule: 'review.not_self' }, message: 'You cannot review yourself: your review is written by your manager or another admin.' });
    expect(errorDetailsOf(() => assertReviewSubject({ ...here, isSelf: true }, 'promotion'))).toEqual({ rule: 'promotion.not_self' });
    const left = { ...here, leftOn: '2026-11-20' };
    expect(appErrorOf(() => assertReviewSubject(left, 'review'))).toMatchObject({ details: { rule: 'review.person_left' }, message: 'Ana left the company on Nov 20, 2026, so they can no longer get a review.' });
    expect(errorDetailsOf(() => assertReviewSubject(left, 'evidence'))).toEqual({ rule: 'evidence.person_left' });
    expect(errorDetailsOf(() => assertReviewSubject(left, 'promotion'))).toEqual({ rule: 'promotion.person_left' });
  });
  it('calibrates by role and level, best average first', () => {
    const groups = calibrate([
      { personId: 'a', name: 'A', role: 'Eng', level: 5, ratings: [{ principleId: 'p1', rating: 3 }, { principleId: 'p2', rating: 4 }] },
      { personId: 'b', name: 'B', role: 'Eng', level: 5, ratings: [{ principleId: 'p1', rating: 5 }] },
      { personId: 'c', name: 'C', role: 'Eng', level: 6, ratings: [{ principleId: 'p1', rating: 2 }] },
    ], new Set(['p1', 'p2']));
    expect(groups.map((group) => [group.role, group.level, group.people.map((person) => [person.name, person.average])])).toEqual([
      ['Eng', 5, [['B', 5], ['A', 3.5]]],
      ['Eng', 6, [['C', 2]]],
    ]);
    expect(groups[0]!.principleAverages).toEqual({ p1: 4, p2: 4 });
    expect(groups[0]!.people.map((person) => [person.coverage, person.isThin])).toEqual([[{ rated: 1, of: 2 }, false], [{ rated: 2, of: 2 }, false]]);
  });
  it('calibrates one role as one group, whatever its case and spacing', () => {
    const groups = calibrate([
      { personId: 'a', name: 'A', role: 'Software Engineer', level: 5, ratings: [{ principleId: 'p1', rating: 3 }] },
      { personId: 'b', name: 'B', role: 'software  engineer', level: 5, ratings: [{ principleId: 'p1', rating: 5 }] },
    ], new Set(['p1']));
    expect(groups.map((group) => [group.role, group.people.map((person) => person.name), group.principleAverages])).toEqual([['Software Engineer', ['B', 'A'], { p1: 4 }]]);
  });
  it('ranks a thin review (fewer than half the principles rated) after the fuller ones, whatever its average', () => {
    const active = new Set(['p1', 'p2', 'p3', 'p4']);
    const rated = (scores: number[]) => scores.map((rating, index) => ({ principleId: `p${index + 1}`, rating }));
    const [group] = calibrate([
      { personId: 'a', name: 'Ana', role: 'Eng', level: 5, ratings: rated([5]) },
      { personId: 'b', name: 'Ben', role: 'Eng', level: 5, ratings: rated([5, 4, 5, 4]) },
      { personId: 'c', name: 'Cy', role: 'Eng', level: 5, ratings: rated([3, 3]) },
    ], active);
    expect(group!.people.map((person) => [person.name, person.average, person.coverage.rated, person.isThin])).toEqual([
      ['Ben', 4.5, 4, false],
      ['Cy', 3, 2, false],
      ['Ana', 5, 1, true],
    ]);
  });
  it('averages each principle over the full reviews only, counting the thin ones left out, unless they are asked for', () => {
    const active = new Set(['p1', 'p2', 'p3', 'p4']);
    const rated = (scores: number[]) => scores.map((rating, index) => ({ principleId: `p${index + 1}`, rating }));
    const reviews = [
      { personId: 'a', name: 'Ana', role: 'Eng', level: 5, ratings: rated([1]) },
      { personId: 'b', name: 'Ben', role: 'Eng', level: 5, ratings: rated([5, 4, 5, 4]) },
      { personId: 'c', name: 'Cy', role: 'Eng', level: 5, ratings: rated([3, 2]) },
      { personId: 'd', name: 'Di', role: 'Eng', level: 6, ratings: rated([2]) },
    ];
    const [eng5, eng6] = calibrate(reviews, active);
    // Ana's one rating of 1 would pull p1 down to 3: left out, p1 rests on Ben's and Cy's ratings.
    expect(eng5!.principleAverages).toEqual({ p1: 4, p2: 3, p3: 5, p4: 4 });
    expect(eng5!.principleRatingCounts).toEqual({ p1: 2, p2: 2, p3: 1, p4: 1 });
    expect(eng5!.thinLeftOut).toBe(1);
    // Still listed and marked, after the full reviews.
    expect(eng5!.people.map((person) => [person.name, person.isThin, person.isInAverages])).toEqual([['Ben', false, true], ['Cy', false, true], ['Ana', true, false]]);
    // A group of thin reviews alone has no averages, rather than averages resting on thin reviews.
    expect([eng6!.principleAverages, eng6!.principleRatingCounts, eng6!.thinLeftOut]).toEqual([{}, {}, 1]);

    const [withThin5, withThin6] = calibrate(reviews, active, { includeThin: true });
    expect(withThin5!.principleAverages).toEqual({ p1: 3, p2: 3, p3: 5, p4: 4 });
    expect(withThin5!.principleRatingCounts).toEqual({ p1: 3, p2: 2, p3: 1, p4: 1 });
    expect(withThin5!.thinLeftOut).toBe(0);
    expect(withThin5!.people.every((person) => person.isInAverages)).toBe(true);
    expect([withThin6!.principleAverages, withThin6!.principleRatingCounts]).toEqual([{ p1: 2 }, { p1: 1 }]);
  });
  it('judges reviews against the org\'s active principles, at their current version, in the org\'s order', () => {
    expect(activePrinciples([
      { id: 'p3', status: 'active', currentVersion: 1, position: 2 },
      { id: 'p1', status: 'active', currentVersion: 3, position: 0 },
      { id: 'p2', status: 'retired', currentVersion: 2, position: 1 },
    ])).toEqual([{ principleId: 'p1', version: 3 }, { principleId: 'p3', version: 1 }]);
    expect(activePrinciples([])).toEqual([]);
  });
  it('keeps a closed cycle on the principles it was closed with, and an open one on today\'s', () => {
    const today = [{ principleId: 'p1', version: 2 }, { principleId: 'p5', version: 1 }];
    const atClose = [{ principleId: 'p1', version: 1 }, { principleId: 'p2', version: 1 }, { principleId: 'p3', version: 1 }];
    expect(cyclePrinciples({ status: 'open', principlesAtClose: null }, today)).toEqual(today);
    expect(cyclePrinciples({ status: 'closed', principlesAtClose: atClose }, today)).toEqual(atClose);
    // Closed with no principle active is a record too: nothing to cover, not today's list.
    expect(cyclePrinciples({ status: 'closed', principlesAtClose: [] }, today)).toEqual([]);
    expect(appErrorOf(() => cyclePrinciples({ status: 'closed', principlesAtClose: null }, today)).code).toBe('internal');
  });
  it('counts coverage and thin reviews against the principles given, not the ratings\' own', () => {
    const reviews = [
      { personId: 'a', name: 'Ana', role: 'Eng', level: 5, ratings: [{ principleId: 'p1', rating: 5 }] },
      { personId: 'b', name: 'Ben', role: 'Eng', level: 5, ratings: [{ principleId: 'p1', rating: 4 }, { principleId: 'p2', rating: 4 }] },
    ];
    // Judged against p1 and p2: both cover at least half, best average first.
    expect(calibrate(reviews, new Set(['p1', 'p2']))[0]!.people.map((person) => [person.name, person.coverage, person.isThin])).toEqual([
      ['Ana', { rated: 1, of: 2 }, false],
      ['Ben', { rated: 2, of: 2 }, false],
    ]);
    // Judged against p2 and p3 (p1 retired, p3 added): Ana's review is thin now and goes after Ben's.
    expect(calibrate(reviews, new Set(['p2', 'p3']))[0]!.people.map((person) => [person.name, person.coverage, person.isThin])).toEqual([
      ['Ben', { rated: 1, of: 2 }, false],
      ['Ana', { rated: 0, of: 2 }, true],
    ]);
  });
});

describe('changing a ledger entry', () => {
  const reviews = [{ cycleId: 'c1', cycleName: '2026 H1', ratings: [{ evidenceIds: ['e1'] }] }, { cycleId: 'c2', cycleName: '2026 H2', ratings: [{ evidenceIds: [] }] }];
  const cases = [{ id: 'k1', targetLevel: 6, createdOn: '2026-10-01', sections: [{ evidenceIds: [] }, { evidenceIds: ['e1', 'e2'] }] }];

  it('finds every saved review and promotion case citing the entry', () => {
    expect(citersOf('e1', reviews, cases)).toEqual([{ kind: 'review', cycleId: 'c1', cycleName: '2026 H1' }, { kind: 'promotion_case', caseId: 'k1', targetLevel: 6, createdOn: '2026-10-01' }]);
    expect(citersOf('e3', reviews, cases)).toEqual([]);
  });

  it('lets only its writer or an admin change it', () => {
    expect(() => assertLedgerEntryChanger({ isAuthor: true, isAdmin: false }, 'delete')).not.toThrow();
    expect(() => assertLedgerEntryChanger({ isAuthor: false, isAdmin: true }, 'correct')).not.toThrow();
    const refused = appErrorOf(() => assertLedgerEntryChanger({ isAuthor: false, isAdmin: false }, 'correct'));
    expect({ code: refused.code, ...refused.details }).toMatchObject({ code: 'forbidden', field: 'evidenceId' });
  });

  it('refuses to delete or correct a cited entry, naming what cites it only to a reader who may see it', () => {
    const citers = citersOf('e1', reviews, cases);
    expect(() => assertLedgerEntryUncited([], 'delete', { personName: 'Ana', namesCiters: true })).not.toThrow();
    const named = appErrorOf(() => assertLedgerEntryUncited(citers, 'delete', { personName: 'Ana', namesCiters: true }));
    expect({ code: named.code, ...named.details }).toEqual({ code: 'rule_violation', rule: 'evidence.cited', field: 'evidenceId', data: { citedBy: citers } });
    expect(named.message).toBe('This entry is cited by Ana\'s review in "2026 H1", the promotion case to L6 of Oct 1, 2026, so it cannot be deleted: it stays as they read it. Write the correction as a new entry instead.');
    const unnamed = appErrorOf(() => assertLedgerEntryUncited(citers, 'correct', { personName: 'Ana', namesCiters: false }));
    expect(unnamed.details).toEqual({ rule: 'evidence.cited', field: 'text' });
    expect(unnamed.message).not.toContain('2026 H1');
  });
});

describe('writing a promotion case after the ones already there', () => {
  const newest = { id: 'c2', targetLevel: 6, author: 'Mona' };

  it('goes ahead from the newest case, from none when there is none, and unchecked when no base is sent', () => {
    expect(() => assertNoNewerPromotionCase(newest, 'c2', 'Ana')).not.toThrow();
    expect(() => assertNoNewerPromotionCase(null, null, 'Ana')).not.toThrow();
    expect(() => assertNoNewerPromotionCase(newest, undefined, 'Ana')).not.toThrow();
  });

  it('refuses one written before a case saved since, naming who wrote that one and to which level', () => {
    const refused = appErrorOf(() => assertNoNewerPromotionCase(newest, null, 'Ana'));
    expect(refused.code).toBe('conflict');
    expect(refused.details).toMatchObject({ field: 'baseCaseId', data: { currentCaseId: 'c2' } });
    expect(refused.message).toBe('Mona wrote a promotion case for Ana (to L6) after you opened this form. Read it before writing another, so the same promotion is not argued twice.');
    expect(appErrorOf(() => assertNoNewerPromotionCase({ ...newest, author: null }, 'c1', 'Ana')).message).toMatch(/^Someone wrote a promotion case for Ana/);
  });
});
