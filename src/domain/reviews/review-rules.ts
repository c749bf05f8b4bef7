import { formatDay } from '../dates.js';
import { AppError, ruleViolation } from '../errors.js';
import { nameKey } from '../names.js';
import { assertEvidence, assertRating, evidenceShortfall } from '../hiring/feedback-rules.js';

export const REVIEW_LIMITS = { textMaxLength: 10_000, nameMaxLength: 120 } as const;

/**
 * What a promotion case must show. A case argues that the person already works at the next level, from strength:
 * at least `minSections` principles (one strong principle is an anecdote, not a pattern), each scored at least
 * `minSectionRating` against the bar of the target level (3 is "at the bar" on the interview scale; a section below
 * it argues against the promotion, so it is left out, not written down as support).
 */
export const PROMOTION_RULES = { minSections: 3, minSectionRating: 3 } as const;

/** The person a review, a ledger entry or a promotion case is about, as seen by the one writing it. */
export interface ReviewSubject {
  name: string;
  /** The writer is this person (their login is linked to this person record). */
  isSelf: boolean;
  /** The day they left the company (YYYY-MM-DD), or null while they work here. */
  leftOn: string | null;
}

/**
 * Nobody reviews themselves or writes their own promotion case, and someone who has left gets no new review,
 * ledger entry or promotion case. (Their past reviews stay in the cycles that are closed.)
 */
export function assertReviewSubject(subject: ReviewSubject, area: 'review' | 'evidence' | 'promotion'): void {
  if (subject.isSelf && area === 'review') throw ruleViolation('review.not_self', 'You cannot review yourself: your review is written by your manager or another admin.');
  if (subject.isSelf && area === 'promotion') throw ruleViolation('promotion.not_self', 'You cannot write a promotion case for yourself: your manager or another admin writes it.');
  if (subject.leftOn !== null) {
    const what = { review: 'a review', evidence: 'new evidence in their ledger', promotion: 'a promotion case' }[area];
    throw ruleViolation(`${area}.person_left`, `${subject.name} left the company on ${formatDay(subject.leftOn)}, so they can no longer get ${what}.`);
  }
}

/**
 * The text of a new ledger entry, trimmed. An entry notes one thing the person did, so it has no word minimum ("Shipped
 * the calibration tool two weeks early" is evidence); but reviews and promotion cases cite it as evidence, so it must
 * say something: an empty or placeholder entry ("tbd", "n/a", "xxx", "ok") is refused.
 */
export function normaliseLedgerText(text: string): string {
  const trimmed = text.trim();
  if (trimmed.length === 0) throw new AppError('validation_failed', 'Evidence needs text: what the person did and what came of it.', { field: 'text' });
  if (evidenceShortfall(trimmed)?.kind === 'placeholder') {
    const shown = trimmed.replace(/\s+/g, ' ');
    throw new AppError('rule_violation', `"${shown.length > 40 ? `${shown.slice(0, 40)}…` : shown}" is a placeholder, not evidence: write what the person did and what came of it.`, { rule: 'evidence.placeholder', field: 'text' });
  }
  return trimmed;
}

/** A principle a review or promotion case may not use: not one of the org's at all, or retired. */
function principleRefusal(rule: string, principleId: string, known: ReadonlySet<string> | undefined, retiredMessage: string, field: string): AppError {
  if (known !== undefined && !known.has(principleId)) {
    return new AppError('rule_violation', 'This is not one of this org\'s principles: choose one from the org\'s list of active principles.', { rule, field });
  }
  return new AppError('rule_violation', retiredMessage, { rule, field });
}

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
  // An entry cited twice would be read, and counted, as two pieces of evidence.
  if (new Set(evidenceIds).size !== evidenceIds.length) throw new AppError('validation_failed', 'A ledger entry is cited twice: cite each entry once.', { field });
  for (const id of evidenceIds) {
    const entry = ledger.get(id);
    // Most often an entry deleted after the form citing it was opened: `data.evidenceId` lets the form name it by the
    // text it read, since the ledger no longer has it.
    if (!entry) throw new AppError('validation_failed', 'A cited ledger entry is not in this person\'s ledger: it was deleted after you read the ledger, or is not theirs. Read the ledger again and cite what it holds now.', { field, data: { evidenceId: id } });
    if (entry.principleId !== principleId) throw ruleViolation('evidence.same_principle', 'Cited evidence must be tagged with the principle it supports.', { evidenceId: id });
  }
}

/**
 * A review rates principles, each with written evidence, optionally citing the person's ledger. It rates the org's
 * active principles, and keeps any it already rated that were retired since (`keptPrincipleIds`): retiring a
 * principle in the middle of a cycle must not make the reviews already written impossible to correct.
 */
export function normaliseReview(ratings: readonly ReviewRatingInput[], context: { isCycleOpen: boolean; activePrincipleIds: ReadonlySet<string>; keptPrincipleIds?: ReadonlySet<string>; knownPrincipleIds?: ReadonlySet<string>; ledger: ReadonlyMap<string, LedgerEntryRef>; titles?: ReadonlyMap<string, string> }): ReviewRatingInput[] {
  if (!context.isCycleOpen) throw ruleViolation('review.cycle_open', 'This review cycle is closed; its reviews can no longer change.');
  if (ratings.length === 0) throw new AppError('validation_failed', 'A review rates at least one principle.', { field: 'ratings' });
  const seen = new Set<string>();
  const checked = ratings.map((rating, index) => {
    if (seen.has(rating.principleId)) throw new AppError('validation_failed', 'A principle is rated twice.', { field: `ratings.${index}.principleId` });
    seen.add(rating.principleId);
    if (!context.activePrincipleIds.has(rating.principleId) && context.keptPrincipleIds?.has(rating.principleId) !== true) {
      throw principleRefusal('review.active_principles', rating.principleId, context.knownPrincipleIds, 'Reviews rate the org\'s active principles: this one is retired (a review keeps a retired principle only if it rated it before).', `ratings.${index}.principleId`);
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
export function normalisePromotionCase(input: { currentLevel: number; targetLevel: number; sections: readonly PromotionSectionInput[] }, context: { activePrincipleIds: ReadonlySet<string>; knownPrincipleIds?: ReadonlySet<string>; ledger: ReadonlyMap<string, LedgerEntryRef>; titles?: ReadonlyMap<string, string> }): PromotionSectionInput[] {
  if (input.targetLevel <= input.currentLevel) throw new AppError('rule_violation', `A promotion goes above the current level (L${input.currentLevel}): to L${input.currentLevel + 1}.`, { rule: 'promotion.higher_level', field: 'targetLevel' });
  if (input.targetLevel !== input.currentLevel + 1) {
    throw new AppError('rule_violation', `A promotion goes one level up: from L${input.currentLevel} to L${input.currentLevel + 1} (this case asks for L${input.targetLevel}).`, { rule: 'promotion.one_level', field: 'targetLevel' });
  }
  if (input.sections.length === 0) throw new AppError('validation_failed', 'A promotion case has at least one section, one per principle.', { field: 'sections' });
  if (input.sections.length < PROMOTION_RULES.minSections) {
    throw new AppError('rule_violation', `A promotion case argues from strength on at least ${PROMOTION_RULES.minSections} principles: write a section for ${PROMOTION_RULES.minSections} or more (this case has ${input.sections.length}).`, { rule: 'promotion.sections', field: 'sections' });
  }
  const seen = new Set<string>();
  const checked = input.sections.map((section, index) => {
    if (seen.has(section.principleId)) throw new AppError('validation_failed', 'A principle has one section.', { field: `sections.${index}.principleId` });
    seen.add(section.principleId);
    if (!context.activePrincipleIds.has(section.principleId)) throw principleRefusal('promotion.active_principles', section.principleId, context.knownPrincipleIds, 'Promotion cases are structured by the org\'s active principles: this one is retired.', `sections.${index}.principleId`);
    const narrative = section.narrative.trim();
    if (narrative.length === 0) throw new AppError('validation_failed', 'Each section needs a narrative.', { field: `sections.${index}.narrative` });
    assertRating(section.rating, `sections.${index}.rating`);
    if (section.rating < PROMOTION_RULES.minSectionRating) {
      const title = context.titles?.get(section.principleId) ?? 'This principle';
      throw new AppError('rule_violation', `Each section of a promotion case shows the person already works at the bar of the target level: ${title} is scored ${section.rating}. Score it ${PROMOTION_RULES.minSectionRating} or more, or leave that principle out of the case.`, { rule: 'promotion.sections', field: `sections.${index}.rating` });
    }
    assertCitations(section.evidenceIds, section.principleId, context.ledger, `sections.${index}.evidenceIds`);
    return { ...section, narrative };
  });
  for (const [index, section] of checked.entries()) {
    assertEvidence(section.narrative, { area: 'promotion', field: `sections.${index}.narrative`, principle: context.titles?.get(section.principleId) ?? 'this principle', expected: 'how the person already works above the bar, with an example' });
  }
  return checked;
}

/** The person's newest promotion case, as a new case about them is checked against it. */
export interface NewestPromotionCase {
  id: string;
  targetLevel: number;
  /** Who wrote it, null once their account is gone. */
  author: string | null;
}

/**
 * A promotion case is written having read the cases already there. Without this, a case saved by someone else after
 * the writer opened the form (two managers of the person, an admin, a second tab) would be followed by a second case
 * for the same promotion, argued without having read the first. `baseCaseId` is the newest case the writer read (null:
 * there was none); a caller that sends none (a script) is not checked, as with the other stale-write checks.
 */
export function assertNoNewerPromotionCase(newest: NewestPromotionCase | null, baseCaseId: string | null | undefined, personName: string): void {
  if (baseCaseId === undefined || (newest?.id ?? null) === baseCaseId) return;
  const message =
    newest === null
      ? `The promotion cases of ${personName} are not as you read them: reload the page to read them before writing one.`
      : `${newest.author ?? 'Someone'} wrote a promotion case for ${personName} (to L${newest.targetLevel}) after you opened this form. Read it before writing another, so the same promotion is not argued twice.`;
  throw new AppError('conflict', message, { field: 'baseCaseId', data: { currentCaseId: newest?.id ?? null } });
}

/** A principle at one of its versions: the wording it had then. */
export interface PrincipleAtVersion {
  principleId: string;
  version: number;
}

/** One of the org's principles as it stands now. */
export interface PrincipleStanding {
  id: string;
  status: string;
  currentVersion: number;
  position: number;
}

/** The org's active principles, each at its current version, in the org's order: what reviews are judged against now. */
export function activePrinciples(principles: readonly PrincipleStanding[]): PrincipleAtVersion[] {
  return principles
    .filter((principle) => principle.status === 'active')
    .sort((a, b) => a.position - b.position || a.id.localeCompare(b.id))
    .map((principle) => ({ principleId: principle.id, version: principle.currentVersion }));
}

/**
 * The principles a cycle's reviews are judged against (their coverage, which ones are thin, and so their order). An
 * open cycle follows the org's active principles of today; a closed cycle is a record, and keeps those it was closed
 * with (closing records them), so adding or retiring a principle afterwards changes nothing in it.
 */
export function cyclePrinciples(cycle: { status: 'open' | 'closed'; principlesAtClose: readonly PrincipleAtVersion[] | null }, activeNow: readonly PrincipleAtVersion[]): readonly PrincipleAtVersion[] {
  if (cycle.status === 'open') return activeNow;
  if (cycle.principlesAtClose === null) throw new AppError('internal', 'This closed review cycle has no record of the principles it was closed with.');
  return cycle.principlesAtClose;
}

export interface CalibrationReview {
  personId: string;
  name: string;
  role: string;
  level: number;
  ratings: readonly { principleId: string; rating: number }[];
}

export interface CalibrationPerson {
  personId: string;
  name: string;
  average: number | null;
  ratings: Record<string, number>;
  /** How many of the principles the cycle is judged against (cyclePrinciples) the review rates, out of how many. */
  coverage: { rated: number; of: number };
  /** Rates fewer than half the cycle's principles: ranked after the fuller reviews, whatever its average. */
  isThin: boolean;
  /** Its ratings count in the group's per-principle averages: every full review, and a thin one only when asked for. */
  isInAverages: boolean;
}

export interface CalibrationGroup {
  role: string;
  level: number;
  people: CalibrationPerson[];
  /** Per principle, the average of the ratings of the reviews counted (`isInAverages`); absent where none rates it. */
  principleAverages: Record<string, number>;
  /** Per principle, how many ratings its average rests on (the same keys as `principleAverages`). */
  principleRatingCounts: Record<string, number>;
  /** The group's thin reviews whose ratings the averages leave out (0 when thin reviews are included). */
  thinLeftOut: number;
}

export interface CalibrationOptions {
  /** Count thin reviews in the group averages too (the chair asks for it); by default they are left out. */
  includeThin?: boolean;
}

/** A review is thin when it rates fewer than half the cycle's principles. */
export const isThinReview = (rated: number, of: number): boolean => rated * 2 < of;

/**
 * Groups a cycle's reviews by role and level, with per-principle averages. A role is one role whatever its case and
 * spacing ("Software Engineer", "software  engineer": people are typed in by hand and imported from CSV), as the
 * calibration filter already reads it: peers split into two groups would each get the wrong averages and ranking. Within a group the reviews that rate at
 * least half the cycle's principles (`cyclePrincipleIds`, see cyclePrinciples) come first, best average first; thinner
 * ones follow, also best first, marked `isThin`: one rating of 5 must not outrank a full review averaging 4.5.
 *
 * The group averages a chair compares groups by come from the full reviews only, unless `includeThin` is asked for: a
 * review that rated two principles would otherwise weigh as much on those two as a full review, and a group whose
 * average rests on it would read as judged as thoroughly as its neighbour. Thin reviews stay listed and are counted
 * (`thinLeftOut`), and each average says how many ratings it rests on (`principleRatingCounts`).
 */
export function calibrate(reviews: readonly CalibrationReview[], cyclePrincipleIds: ReadonlySet<string>, options: CalibrationOptions = {}): CalibrationGroup[] {
  const includeThin = options.includeThin ?? false;
  const groups = new Map<string, CalibrationReview[]>();
  for (const review of reviews) {
    const key = `${nameKey(review.role)}\u0000${review.level}`;
    groups.set(key, [...(groups.get(key) ?? []), review]);
  }
  return [...groups.values()]
    .map((members) => {
      const sums = new Map<string, { total: number; count: number }>();
      let thinLeftOut = 0;
      const people = members.map((member): CalibrationPerson => {
        const ratings: Record<string, number> = {};
        for (const { principleId, rating } of member.ratings) ratings[principleId] = rating;
        const values = member.ratings.map((rating) => rating.rating);
        const rated = member.ratings.filter((rating) => cyclePrincipleIds.has(rating.principleId)).length;
        const isThin = isThinReview(rated, cyclePrincipleIds.size);
        const isInAverages = includeThin || !isThin;
        if (isInAverages) {
          for (const { principleId, rating } of member.ratings) {
            const sum = sums.get(principleId) ?? { total: 0, count: 0 };
            sums.set(principleId, { total: sum.total + rating, count: sum.count + 1 });
          }
        } else {
          thinLeftOut += 1;
        }
        const average = values.length === 0 ? null : round2(values.reduce((a, b) => a + b, 0) / values.length);
        return { personId: member.personId, name: member.name, average, ratings, coverage: { rated, of: cyclePrincipleIds.size }, isThin, isInAverages };
      });
      people.sort((a, b) => Number(a.isThin) - Number(b.isThin) || (b.average ?? 0) - (a.average ?? 0) || a.name.localeCompare(b.name));
      const principleAverages = Object.fromEntries([...sums].map(([id, sum]) => [id, round2(sum.total / sum.count)]));
      const principleRatingCounts = Object.fromEntries([...sums].map(([id, sum]) => [id, sum.count]));
      return { role: members[0]!.role, level: members[0]!.level, people, principleAverages, principleRatingCounts, thinLeftOut };
    })
    .sort((a, b) => a.role.localeCompare(b.role) || a.level - b.level);
}

const round2 = (value: number) => Math.round(value * 100) / 100;

/** A saved review or promotion case that cites a ledger entry. */
export type LedgerCiter =
  | { kind: 'review'; cycleId: string; cycleName: string }
  | { kind: 'promotion_case'; caseId: string; targetLevel: number; createdOn: string };

/** The saved reviews and promotion cases whose ratings or sections cite the entry. */
export function citersOf(
  entryId: string,
  reviews: readonly { cycleId: string; cycleName: string; ratings: readonly { evidenceIds: readonly string[] }[] }[],
  cases: readonly { id: string; targetLevel: number; createdOn: string; sections: readonly { evidenceIds: readonly string[] }[] }[],
): LedgerCiter[] {
  return [
    ...reviews.filter((review) => review.ratings.some((rating) => rating.evidenceIds.includes(entryId))).map((review): LedgerCiter => ({ kind: 'review', cycleId: review.cycleId, cycleName: review.cycleName })),
    ...cases.filter((found) => found.sections.some((section) => section.evidenceIds.includes(entryId))).map((found): LedgerCiter => ({ kind: 'promotion_case', caseId: found.id, targetLevel: found.targetLevel, createdOn: found.createdOn })),
  ];
}

/** A ledger entry is corrected or deleted by whoever wrote it, or by an admin. */
export function assertLedgerEntryChanger(changer: { isAuthor: boolean; isAdmin: boolean }, change: 'correct' | 'delete'): void {
  if (changer.isAuthor || changer.isAdmin) return;
  throw new AppError('forbidden', `Only whoever wrote a ledger entry, or an admin, can ${change} it.`, { field: 'evidenceId' });
}

/**
 * An entry a saved review or promotion case cites stays as it is: it can be neither deleted nor corrected. Both were
 * judged on the words they cite, and their readers (the person once the cycle closes, calibration, a promotion
 * committee) open the entry to see what the judgement drew on. Deleting it would leave the judgement citing nothing;
 * correcting it in place would make the record show words its writer never read. Keeping the old text beside a
 * correction would keep the review readable too, but then the ledger would hold two truths for one entry; refusing
 * keeps one, and a correction is written as a new entry (an open cycle's reviewer can then cite it instead).
 * `namesCiters` is false for a reader who may not see what cites it (the person reading their own ledger does not see
 * an open cycle's review of them nor their promotion cases): the refusal then says only that their reviewers cite it.
 */
export function assertLedgerEntryUncited(citers: readonly LedgerCiter[], change: 'correct' | 'delete', context: { personName: string; namesCiters: boolean }): void {
  if (citers.length === 0) return;
  const what = context.namesCiters
    ? citers.map((citer) => (citer.kind === 'review' ? `${context.personName}'s review in "${citer.cycleName}"` : `the promotion case to L${citer.targetLevel} of ${formatDay(citer.createdOn)}`)).join(', ')
    : 'a review or promotion case written by their reviewers';
  const verb = change === 'delete' ? 'cannot be deleted' : 'cannot be corrected';
  throw new AppError('rule_violation', `This entry is cited by ${what}, so it ${verb}: it stays as they read it. Write the correction as a new entry instead.`, {
    rule: 'evidence.cited',
    field: change === 'delete' ? 'evidenceId' : 'text',
    ...(context.namesCiters ? { data: { citedBy: citers } } : {}),
  });
}
