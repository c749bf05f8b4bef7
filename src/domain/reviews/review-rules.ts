import { AppError, ruleViolation } from '../errors.js';
import { assertEvidence, assertRating } from '../hiring/feedback-rules.js';

export const REVIEW_LIMITS = { textMaxLength: 10_000, nameMaxLength: 120 } as const;

export interface ReviewRatingInput {
  principleId: string;
  rating: number;
  evidence: string;
  evidenceIds: readonly string[];
}

export interface LedgerEntryRef {
  id: string;
  principleId: string;
}

/** Ledger entries cited for a principle must be this person's, tagged with that same principle. */
function assertCitations(evidenceIds: readonly string[], principleId: string, ledger: ReadonlyMap<string, LedgerEntryRef>, field: string): void {
  for (const id of evidenceIds) {
    const entry = ledger.get(id);
    if (!entry) throw new AppError('validation_failed', 'A cited evidence entry is not in this person\'s ledger.', { field });
    if (entry.principleId !== principleId) throw ruleViolation('evidence.same_principle', 'Cited evidence must be tagged with the principle it supports.', { evidenceId: id });
  }
}

/**
 * A review rates principles, each with written evidence, optionally citing the person's ledger. It rates the org's
 * active principles, and keeps any it already rated that were retired since (`keptPrincipleIds`): retiring a
 * principle in the middle of a cycle must not make the reviews already written impossible to correct.
 */
export function normaliseReview(ratings: readonly ReviewRatingInput[], context: { isCycleOpen: boolean; activePrincipleIds: ReadonlySet<string>; keptPrincipleIds?: ReadonlySet<string>; ledger: ReadonlyMap<string, LedgerEntryRef>; titles?: ReadonlyMap<string, string> }): ReviewRatingInput[] {
  if (!context.isCycleOpen) throw ruleViolation('review.cycle_open', 'This review cycle is closed; its reviews can no longer change.');
  if (ratings.length === 0) throw new AppError('validation_failed', 'A review rates at least one principle.', { field: 'ratings' });
  const seen = new Set<string>();
  const checked = ratings.map((rating, index) => {
    if (seen.has(rating.principleId)) throw new AppError('validation_failed', 'A principle is rated twice.', { field: `ratings.${index}.principleId` });
    seen.add(rating.principleId);
    if (!context.activePrincipleIds.has(rating.principleId) && context.keptPrincipleIds?.has(rating.principleId) !== true) {
      throw ruleViolation('review.active_principles', 'Reviews rate the org\'s active principles: this one is retired (a review keeps a retired principle only if it rated it before).', { principleId: rating.principleId, field: `ratings.${index}.principleId` });
    }
    assertRating(rating.rating, `ratings.${index}.rating`);
    const evidence = rating.evidence.trim();
    if (evidence.length === 0) throw new AppError('validation_failed', 'Each rating needs written evidence.', { field: `ratings.${index}.evidence` });
    assertCitations(rating.evidenceIds, rating.principleId, context.ledger, `ratings.${index}.evidenceIds`);
    return { ...rating, evidence };
  });
  // A saved review is the review (there are no drafts): its written evidence is real, whatever ledger entries it cites.
  for (const [index, rating] of checked.entries()) {
    assertEvidence(rating.evidence, { area: 'review', field: `ratings.${index}.evidence`, principle: context.titles?.get(rating.principleId) ?? 'this principle', expected: 'what the person did, with an example' });
  }
  return checked;
}

export interface PromotionSectionInput {
  principleId: string;
  /** How far the person is above the bar of the target level on this principle (the interview scale, 1 to 5). */
  rating: number;
  narrative: string;
  evidenceIds: readonly string[];
}

/** A promotion case is one section per principle, each scored, with a narrative and the ledger entries it draws on. */
export function normalisePromotionCase(input: { currentLevel: number; targetLevel: number; sections: readonly PromotionSectionInput[] }, context: { activePrincipleIds: ReadonlySet<string>; ledger: ReadonlyMap<string, LedgerEntryRef>; titles?: ReadonlyMap<string, string> }): PromotionSectionInput[] {
  if (input.targetLevel <= input.currentLevel) throw ruleViolation('promotion.higher_level', `A promotion goes above the current level (${input.currentLevel}).`);
  if (input.sections.length === 0) throw new AppError('validation_failed', 'A promotion case has at least one section, one per principle.', { field: 'sections' });
  const seen = new Set<string>();
  const checked = input.sections.map((section, index) => {
    if (seen.has(section.principleId)) throw new AppError('validation_failed', 'A principle has one section.', { field: `sections.${index}.principleId` });
    seen.add(section.principleId);
    if (!context.activePrincipleIds.has(section.principleId)) throw ruleViolation('promotion.active_principles', 'Promotion cases are structured by the org\'s active principles.', { principleId: section.principleId });
    const narrative = section.narrative.trim();
    if (narrative.length === 0) throw new AppError('validation_failed', 'Each section needs a narrative.', { field: `sections.${index}.narrative` });
    assertRating(section.rating, `sections.${index}.rating`);
    assertCitations(section.evidenceIds, section.principleId, context.ledger, `sections.${index}.evidenceIds`);
    return { ...section, narrative };
  });
  for (const [index, section] of checked.entries()) {
    assertEvidence(section.narrative, { area: 'promotion', field: `sections.${index}.narrative`, principle: context.titles?.get(section.principleId) ?? 'this principle', expected: 'how the person already works above the bar, with an example' });
  }
  return checked;
}

export interface CalibrationReview {
  personId: string;
  name: string;
  role: string;
  level: number;
  ratings: readonly { principleId: string; rating: number }[];
}

export interface CalibrationGroup {
  role: string;
  level: number;
  people: { personId: string; name: string; average: number | null; ratings: Record<string, number> }[];
  principleAverages: Record<string, number>;
}

/** Groups a cycle's reviews by role and level, best average first, with per-principle averages. */
export function calibrate(reviews: readonly CalibrationReview[]): CalibrationGroup[] {
  const groups = new Map<string, CalibrationReview[]>();
  for (const review of reviews) {
    const key = `${review.role}\u0000${review.level}`;
    groups.set(key, [...(groups.get(key) ?? []), review]);
  }
  return [...groups.values()]
    .map((members) => {
      const sums = new Map<string, { total: number; count: number }>();
      const people = members.map((member) => {
        const ratings: Record<string, number> = {};
        for (const { principleId, rating } of member.ratings) {
          ratings[principleId] = rating;
          const sum = sums.get(principleId) ?? { total: 0, count: 0 };
          sums.set(principleId, { total: sum.total + rating, count: sum.count + 1 });
        }
        const values = member.ratings.map((rating) => rating.rating);
        return { personId: member.personId, name: member.name, average: values.length === 0 ? null : round2(values.reduce((a, b) => a + b, 0) / values.length), ratings };
      });
      people.sort((a, b) => (b.average ?? 0) - (a.average ?? 0) || a.name.localeCompare(b.name));
      const principleAverages = Object.fromEntries([...sums].map(([id, sum]) => [id, round2(sum.total / sum.count)]));
      return { role: members[0]!.role, level: members[0]!.level, people, principleAverages };
    })
    .sort((a, b) => a.role.localeCompare(b.role) || a.level - b.level);
}

const round2 = (value: number) => Math.round(value * 100) / 100;
