import { sql } from 'kysely';
import { can } from '../../domain/accounts/roles.js';
import { AppError, notFound } from '../../domain/errors.js';
import { managementChain } from '../../domain/people/org-graph.js';
import { nameKey, normalizeName } from '../../domain/names.js';
import { activePrinciples, assertLedgerEntryChanger, assertNoNewerPromotionCase, assertLedgerEntryUncited, assertReviewSubject, calibrate, citersOf, cyclePrinciples, normaliseLedgerText, normalisePromotionCase, normaliseReview, type CalibrationGroup, type LedgerCiter, type LedgerEntryRef, type PrincipleStanding, type PromotionSectionInput, type ReviewRatingInput } from '../../domain/reviews/review-rules.js';
import { contentToken, assertSameContent } from '../../domain/stale-write.js';
import type { Db } from '../../storage/database.js';
import { recordAuditEvent } from '../audit/audit.service.js';
import { assertNameFree } from '../unique-names.js';
import { requirePermission, type OrgActor } from '../context.js';
import { findActorPerson, loadReportingChains } from '../people/people.service.js';

/**
 * Reviews and promotions scored by principle. One evidence ledger per person, tagged by principle,
 * feeds both: a review rating or a promotion section cites ledger entries of its own principle.
 * Admins run cycles and calibration and may review anyone; a manager reviews, and keeps the ledger of,
 * the people below them in the org chart (directly or not).
 */

/** The people (among `personIds`) whose reviews the actor may read and write. */
async function reviewablePeople(db: Db, actor: OrgActor, personIds: readonly string[]): Promise<Set<string>> {
  if (can(actor.role, 'reviews.manage')) return new Set(personIds);
  const actorPersonId = await findActorPerson(db, actor);
  if (actorPersonId === null || personIds.length === 0) return new Set();
  const managerOf = await loadReportingChains(db, actor.orgId, personIds);
  return new Set(personIds.filter((id) => managementChain(id, managerOf).includes(actorPersonId)));
}

async function requireReviewerOf(db: Db, actor: OrgActor, personId: string): Promise<void> {
  requirePermission(actor, 'people.read');
  if (!(await reviewablePeople(db, actor, [personId])).has(personId)) {
    throw new AppError('forbidden', 'You review only the people who report to you (directly or not); admins review anyone.');
  }
}

/**
 * Whose reviews the actor reads, by person and by the status of the review's cycle: everyone's for admins, the people's
 * below them for managers, and their own once the cycle is closed. An open cycle's review can still change and is not
 * calibrated yet, so its subject reads it only when it is final.
 */
async function reviewReader(db: Db, actor: OrgActor, personIds: readonly string[]): Promise<(personId: string, cycleStatus: 'open' | 'closed') => boolean> {
  if (can(actor.role, 'reviews.manage')) return () => true;
  const [reviewable, self] = await Promise.all([reviewablePeople(db, actor, personIds), findActorPerson(db, actor)]);
  return (personId, cycleStatus) => reviewable.has(personId) || (cycleStatus === 'closed' && personId === self);
}

/**
 * A person's ledger is read, and added to, by their reviewers and by the person themselves: an employee keeps their
 * own evidence, which their manager then cites (a review or a promotion case about them stays their reviewers' to
 * write). Answers whether the actor is one of the person's reviewers.
 */
async function requireLedgerReader(db: Db, actor: OrgActor, personId: string): Promise<{ isReviewer: boolean }> {
  requirePermission(actor, 'people.read');
  if ((await reviewablePeople(db, actor, [personId])).has(personId)) return { isReviewer: true };
  if ((await findActorPerson(db, actor)) === personId) return { isReviewer: false };
  throw new AppError('forbidden', 'You read only your own evidence ledger and those of the people who report to you (directly or not); admins read anyone\'s.');
}

async function activePrincipleVersions(db: Db, orgId: string): Promise<Map<string, number>> {
  const rows = await db.selectFrom('principles').select(['id', 'current_version']).where('org_id', '=', orgId).where('status', '=', 'active').execute();
  return new Map(rows.map((row) => [row.id, row.current_version]));
}

/** Every principle of the org as it stands now (status, current version, place in the org's order). */
async function principleStandings(db: Db, orgId: string): Promise<PrincipleStanding[]> {
  const rows = await db.selectFrom('principles').select(['id', 'status', 'current_version', 'position']).where('org_id', '=', orgId).execute();
  return rows.map((row) => ({ id: row.id, status: row.status, currentVersion: row.current_version, position: row.position }));
}

/** Every principle of the org, active or retired: a principle id outside it is not the org's at all. */
async function knownPrincipleIds(db: Db, orgId: string): Promise<Set<string>> {
  const rows = await db.selectFrom('principles').select('id').where('org_id', '=', orgId).execute();
  return new Set(rows.map((row) => row.id));
}

async function requirePerson(db: Db, orgId: string, personId: string) {
  const person = await db.selectFrom('people').select(['id', 'name', 'role', 'level', 'user_id', 'left_on']).where('org_id', '=', orgId).where('id', '=', personId).executeTakeFirst();
  if (!person) throw notFound('Person');
  return person;
}

/** The person as the subject of what the actor writes: themselves or not, still here or not (review-rules.ts). */
const subjectOf = (person: { name: string; user_id: string | null; left_on: string | null }, actor: OrgActor) => ({ name: person.name, isSelf: person.user_id !== null && person.user_id === actor.userId, leftOn: person.left_on });

/**
 * The person's ledger entries, for a review or a promotion case about to cite them: read under a share lock, so an
 * entry cannot be deleted or corrected between this check and the save citing it (deleteEvidence and correctEvidence
 * lock the entry for update, and then see the new citation).
 */
async function ledgerRefs(db: Db, orgId: string, personId: string): Promise<Map<string, LedgerEntryRef>> {
  const rows = await db.selectFrom('evidence_entries').select(['id', 'principle_id']).where('org_id', '=', orgId).where('person_id', '=', personId).forShare().execute();
  return new Map(rows.map((row) => [row.id, { id: row.id, principleId: row.principle_id }]));
}

/** Principle titles at any version, keyed `id@version`, plus the current title by id. */
async function principleTitles(db: Db, orgId: string): Promise<{ atVersion: Map<string, string>; current: Map<string, string> }> {
  const rows = await db
    .selectFrom('principle_versions')
    .innerJoin('principles', 'principles.id', 'principle_versions.principle_id')
    .select(['principle_versions.principle_id', 'principle_versions.version', 'principle_versions.title', 'principles.current_version'])
    .where('principle_versions.org_id', '=', orgId)
    .execute();
  const atVersion = new Map(rows.map((row) => [`${row.principle_id}@${row.version}`, row.title]));
  const current = new Map(rows.filter((row) => row.version === row.current_version).map((row) => [row.principle_id, row.title]));
  return { atVersion, current };
}

export interface EvidenceView {
  id: string;
  principleId: string;
  principleVersion: number;
  principleTitle: string;
  text: string;
  author: string | null;
  createdAt: string;
  /** When the entry's text or principle was last corrected, or null while it reads as it was written. */
  correctedAt: string | null;
  /** Send it back as `baseToken` when correcting or deleting the entry: changed since you read it, 409. */
  editToken: string;
  /** The actor wrote the entry or is an admin: they may correct or delete it, unless it is cited. */
  canChange: boolean;
  /** A saved review or promotion case the actor may read cites it: it stays as it is (assertLedgerEntryUncited). */
  isCited: boolean;
}

/** The ledger entry's editable content, fingerprinted for stale-write checks. */
const evidenceToken = (entry: { principle_id: string; principle_version: number; text: string }) => contentToken(JSON.stringify([entry.principle_id, entry.principle_version, entry.text]));

/** The person's saved reviews (each with its cycle) and promotion cases: what may cite their ledger entries. */
async function ledgerCiters(db: Db, orgId: string, personId: string) {
  const [reviews, cases] = await Promise.all([
    db
      .selectFrom('reviews')
      .innerJoin('review_cycles', 'review_cycles.id', 'reviews.cycle_id')
      .select(['reviews.cycle_id', 'review_cycles.name', 'review_cycles.status', 'reviews.ratings', 'reviews.updated_at'])
      .where('reviews.org_id', '=', orgId)
      .where('reviews.person_id', '=', personId)
      .orderBy('review_cycles.created_at', 'desc')
      .execute(),
    db.selectFrom('promotion_cases').select(['id', 'target_level', 'created_at', 'sections']).where('org_id', '=', orgId).where('person_id', '=', personId).execute(),
  ]);
  return {
    reviews: reviews.map((row) => ({ cycleId: row.cycle_id, cycleName: row.name, status: row.status, ratings: row.ratings, updatedAt: new Date(row.updated_at).toISOString() })),
    cases: cases.map((row) => ({ id: row.id, targetLevel: row.target_level, createdOn: new Date(row.created_at).toISOString().slice(0, 10), sections: row.sections })),
  };
}

/**
 * What cites an entry as the actor may see it: everything for the person's reviewers; for the person themselves, their
 * reviews in closed cycles only (an open cycle's review of them and their promotion cases are not theirs to read).
 */
function visibleCiters(citers: readonly LedgerCiter[], isReviewer: boolean, closedCycleIds: ReadonlySet<string>): LedgerCiter[] {
  return isReviewer ? [...citers] : citers.filter((citer) => citer.kind === 'review' && closedCycleIds.has(citer.cycleId));
}

type LedgerCiting = Awaited<ReturnType<typeof ledgerCiters>>;

export async function listEvidence(db: Db, actor: OrgActor, personId: string): Promise<EvidenceView[]> {
  await requirePerson(db, actor.orgId, personId);
  const { isReviewer } = await requireLedgerReader(db, actor, personId);
  return evidenceOf(db, actor, personId, isReviewer, ledgerCiters(db, actor.orgId, personId));
}

/**
 * The person's ledger entries as the actor reads them, once they are known to read it (requireLedgerReader).
 * `citing` is what cites the entries (ledgerCiters), given by the caller: readLedger reads it once for both the
 * entries and the list of reviews, and it is read alongside the entries rather than before them.
 */
async function evidenceOf(db: Db, actor: OrgActor, personId: string, isReviewer: boolean, citing: Promise<LedgerCiting>): Promise<EvidenceView[]> {
  const [rows, titles, citers] = await Promise.all([
    db
      .selectFrom('evidence_entries')
      .leftJoin('users', 'users.id', 'evidence_entries.author_user_id')
      .select(['evidence_entries.id', 'evidence_entries.principle_id', 'evidence_entries.principle_version', 'evidence_entries.text', 'evidence_entries.created_at', 'evidence_entries.corrected_at', 'evidence_entries.author_user_id', 'users.name as author'])
      .where('evidence_entries.org_id', '=', actor.orgId)
      .where('evidence_entries.person_id', '=', personId)
      .orderBy('evidence_entries.created_at', 'desc')
      .execute(),
    principleTitles(db, actor.orgId),
    citing,
  ]);
  const isAdmin = can(actor.role, 'reviews.manage');
  const closedCycleIds = new Set(citers.reviews.filter((review) => review.status === 'closed').map((review) => review.cycleId));
  return rows.map((row) => ({
    id: row.id,
    principleId: row.principle_id,
    principleVersion: row.principle_version,
    principleTitle: titles.atVersion.get(`${row.principle_id}@${row.principle_version}`) ?? '',
    text: row.text,
    author: row.author,
    createdAt: new Date(row.created_at).toISOString(),
    correctedAt: row.corrected_at === null ? null : new Date(row.corrected_at).toISOString(),
    editToken: evidenceToken(row),
    canChange: isAdmin || (row.author_user_id !== null && row.author_user_id === actor.userId),
    isCited: visibleCiters(citersOf(row.id, citers.reviews, citers.cases), isReviewer, closedCycleIds).length > 0,
  }));
}

/**
 * Locks one ledger entry for a correction or a deletion and applies the rules both share: the actor reads the ledger,
 * wrote the entry or is an admin, read its current content (`baseToken`), and no saved review or promotion case cites
 * it (review-rules.ts assertLedgerEntryUncited says why a cited entry is not corrected either).
 */
async function lockChangeableEntry(trx: Db, actor: OrgActor, personId: string, entryId: string, change: 'correct' | 'delete', baseToken: string | undefined) {
  const person = await requirePerson(trx, actor.orgId, personId);
  const { isReviewer } = await requireLedgerReader(trx, actor, personId);
  const entry = await trx.selectFrom('evidence_entries').select(['id', 'principle_id', 'principle_version', 'text', 'author_user_id']).where('org_id', '=', actor.orgId).where('person_id', '=', personId).where('id', '=', entryId).forUpdate().executeTakeFirst();
  if (!entry) throw notFound('Ledger entry');
  assertLedgerEntryChanger({ isAuthor: entry.author_user_id !== null && entry.author_user_id === actor.userId, isAdmin: can(actor.role, 'reviews.manage') }, change);
  assertSameContent(evidenceToken(entry), baseToken, 'ledger entry', 'baseToken');
  const citing = await ledgerCiters(trx, actor.orgId, personId);
  const citers = citersOf(entryId, citing.reviews, citing.cases);
  const closedCycleIds = new Set(citing.reviews.filter((review) => review.status === 'closed').map((review) => review.cycleId));
  // The refusal names what cites the entry only when the actor may read all of it.
  assertLedgerEntryUncited(citers, change, { personName: person.name, namesCiters: visibleCiters(citers, isReviewer, closedCycleIds).length === citers.length });
  return entry;
}

/** Corrects a ledger entry's text (and, if given, its principle): by its writer or an admin, while nothing cites it. */
export async function correctEvidence(db: Db, actor: OrgActor, personId: string, entryId: string, input: { text?: string | undefined; principleId?: string | undefined; baseToken?: string | undefined }): Promise<EvidenceView> {
  if (input.text === undefined && input.principleId === undefined) throw new AppError('validation_failed', 'Give the corrected text, or the principle the entry belongs to.', { field: 'text' });
  const text = input.text === undefined ? undefined : normaliseLedgerText(input.text);
  await db.transaction().execute(async (trx) => {
    const entry = await lockChangeableEntry(trx, actor, personId, entryId, 'correct', input.baseToken);
    let version = entry.principle_version;
    if (input.principleId !== undefined && input.principleId !== entry.principle_id) {
      const active = (await activePrincipleVersions(trx, actor.orgId)).get(input.principleId);
      if (active === undefined) throw new AppError('rule_violation', 'Evidence is tagged with one of the org\'s active principles.', { rule: 'evidence.active_principle', field: 'principleId' });
      version = active;
    }
    const principleId = input.principleId ?? entry.principle_id;
    const correctedText = text ?? entry.text;
    // Sending the entry back as it reads changes nothing: it is not stamped as corrected, nor audited as a correction.
    if (correctedText === entry.text && principleId === entry.principle_id) return;
    // The stamp tells the ledger's readers the entry no longer reads as it was first written (the audit event keeps who and what).
    await trx.updateTable('evidence_entries').set({ text: correctedText, principle_id: principleId, principle_version: version, corrected_at: sql<Date>`now()` }).where('id', '=', entryId).execute();
    await recordAuditEvent(trx, { orgId: actor.orgId, actorUserId: actor.userId, action: 'evidence.corrected', subjectType: 'person', subjectId: personId, data: { evidenceId: entryId, principleId, ...(principleId === entry.principle_id ? {} : { fromPrincipleId: entry.principle_id }) } });
  });
  const corrected = (await listEvidence(db, actor, personId)).find((candidate) => candidate.id === entryId);
  if (!corrected) throw notFound('Ledger entry');
  return corrected;
}

/** Deletes a ledger entry: by its writer or an admin, while no saved review or promotion case cites it. */
export async function deleteEvidence(db: Db, actor: OrgActor, personId: string, entryId: string, baseToken: string | undefined): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const entry = await lockChangeableEntry(trx, actor, personId, entryId, 'delete', baseToken);
    await trx.deleteFrom('evidence_entries').where('id', '=', entryId).execute();
    // The audit row keeps the deleted words: a ledger is evidence, and what was taken out of it stays findable.
    await recordAuditEvent(trx, { orgId: actor.orgId, actorUserId: actor.userId, action: 'evidence.deleted', subjectType: 'person', subjectId: personId, data: { evidenceId: entryId, principleId: entry.principle_id, text: entry.text } });
  });
}

/** `now` dates the entry and its audit event (the demo's ledger, written over months); without it, the database's clock. */
export async function addEvidence(db: Db, actor: OrgActor, personId: string, input: { principleId: string; text: string }, now?: Date): Promise<{ id: string }> {
  await requirePerson(db, actor.orgId, personId);
  await requireLedgerReader(db, actor, personId);
  const text = normaliseLedgerText(input.text);
  return db.transaction().execute(async (trx) => {
    assertReviewSubject(subjectOf(await requirePerson(trx, actor.orgId, personId), actor), 'evidence');
    const version = (await activePrincipleVersions(trx, actor.orgId)).get(input.principleId);
    if (version === undefined) throw new AppError('rule_violation', 'Evidence is tagged with one of the org\'s active principles.', { rule: 'evidence.active_principle', field: 'principleId' });
    const row = await trx.insertInto('evidence_entries').values({ org_id: actor.orgId, person_id: personId, principle_id: input.principleId, principle_version: version, text, author_user_id: actor.userId, ...(now === undefined ? {} : { created_at: now }) }).returning('id').executeTakeFirstOrThrow();
    await recordAuditEvent(trx, { at: now, orgId: actor.orgId, actorUserId: actor.userId, action: 'evidence.added', subjectType: 'person', subjectId: personId, data: { principleId: input.principleId } });
    return { id: row.id };
  });
}

export interface CycleView {
  id: string;
  name: string;
  status: 'open' | 'closed';
  reviewCount: number;
  createdAt: string;
}

/**
 * Cycles are listed to everyone who can read people; the reviews in them are not, so each cycle counts only the
 * reviews the actor reads (a count of reviews one cannot open says who is being reviewed).
 */
export async function listCycles(db: Db, actor: OrgActor): Promise<CycleView[]> {
  requirePermission(actor, 'people.read');
  const [rows, reviews] = await Promise.all([
    db.selectFrom('review_cycles').select(['id', 'name', 'status', 'created_at']).where('org_id', '=', actor.orgId).orderBy('created_at', 'desc').execute(),
    db.selectFrom('reviews').select(['cycle_id', 'person_id']).where('org_id', '=', actor.orgId).execute(),
  ]);
  const reads = await reviewReader(db, actor, [...new Set(reviews.map((review) => review.person_id))]);
  const statusOf = new Map(rows.map((row) => [row.id, row.status]));
  const counts = new Map<string, number>();
  for (const review of reviews) {
    const status = statusOf.get(review.cycle_id);
    if (status !== undefined && reads(review.person_id, status)) counts.set(review.cycle_id, (counts.get(review.cycle_id) ?? 0) + 1);
  }
  return rows.map((row) => ({ id: row.id, name: row.name, status: row.status, reviewCount: counts.get(row.id) ?? 0, createdAt: new Date(row.created_at).toISOString() }));
}

/** `now` dates the cycle's opening and its audit event (the demo's past cycles); without it, the database's clock. */
export async function createCycle(db: Db, actor: OrgActor, input: { name: string }, now?: Date): Promise<{ id: string }> {
  requirePermission(actor, 'reviews.manage');
  const name = normalizeName(input.name);
  return db.transaction().execute(async (trx) => {
    // One cycle per name (case, spacing and look-alike characters aside), under a lock: two creations at once give
    // one cycle and one refusal.
    await assertNameFree(trx, {
      scope: `review_cycles:${actor.orgId}`,
      name,
      exceptId: null,
      existing: () => trx.selectFrom('review_cycles').select(['id', 'name']).where('org_id', '=', actor.orgId).execute(),
      taken: (existing) => new AppError('conflict', `There is already a review cycle named "${existing}": give this one another name.`, { field: 'name' }),
    });
    const row = await trx.insertInto('review_cycles').values({ org_id: actor.orgId, name, status: 'open', ...(now === undefined ? {} : { created_at: now }) }).returning('id').executeTakeFirstOrThrow();
    await recordAuditEvent(trx, { at: now, orgId: actor.orgId, actorUserId: actor.userId, action: 'review_cycle.created', subjectType: 'review_cycle', subjectId: row.id, data: { name } });
    return { id: row.id };
  });
}

/** `now` dates the closing's audit event (the demo's closed cycle); without it, the database's clock. */
export async function closeCycle(db: Db, actor: OrgActor, cycleId: string, now?: Date): Promise<void> {
  requirePermission(actor, 'reviews.manage');
  await db.transaction().execute(async (trx) => {
    const cycle = await trx.selectFrom('review_cycles').select('status').where('org_id', '=', actor.orgId).where('id', '=', cycleId).forUpdate().executeTakeFirst();
    if (!cycle) throw notFound('Review cycle');
    if (cycle.status === 'closed') return;
    // The cycle keeps the principles it is judged against now: a principle added or retired later must not change
    // a closed cycle's coverage, thin reviews or ranking (cyclePrinciples).
    const principles = activePrinciples(await principleStandings(trx, actor.orgId));
    await trx.updateTable('review_cycles').set({ status: 'closed', principles: JSON.stringify(principles) }).where('id', '=', cycleId).execute();
    await recordAuditEvent(trx, { at: now, orgId: actor.orgId, actorUserId: actor.userId, action: 'review_cycle.closed', subjectType: 'review_cycle', subjectId: cycleId, data: {} });
  });
}

export interface ReviewView {
  personId: string;
  name: string;
  /** The person's role and level when the review was last saved. */
  role: string;
  level: number;
  /** The day the person left the company, or null while they work here. */
  leftOn: string | null;
  /** `cited`: the ledger entries the rating cites, with their text, so a reader sees what it draws on. */
  ratings: { principleId: string; version: number; title: string; rating: number; evidence: string; evidenceIds: string[]; cited: { id: string; text: string }[] }[];
  /** How many times the review was saved: send it back as `baseVersion` with the next save. */
  reviewVersion: number;
  /** Who saved it last (a review is one reviewer's judgement: its reader needs to know whose), null once their account is gone. */
  reviewer: string | null;
  updatedAt: string;
}

/** The cycle's reviews the actor may read (reviewReader): all for admins, the people below them for managers, and one's own once the cycle is closed. */
export async function listCycleReviews(db: Db, actor: OrgActor, cycleId: string): Promise<{ cycle: CycleView; reviews: ReviewView[] }> {
  const cycle = (await listCycles(db, actor)).find((candidate) => candidate.id === cycleId);
  if (!cycle) throw notFound('Review cycle');
  const all = await listReviewsOf(db, actor.orgId, cycleId);
  const reads = await reviewReader(db, actor, all.map((review) => review.personId));
  return { cycle, reviews: all.filter((review) => reads(review.personId, cycle.status)) };
}

async function listReviewsOf(db: Db, orgId: string, cycleId: string): Promise<ReviewView[]> {
  const [rows, titles, ledger] = await Promise.all([
    db
      .selectFrom('reviews')
      .innerJoin('people', 'people.id', 'reviews.person_id')
      .leftJoin('users', 'users.id', 'reviews.reviewer_user_id')
      .select(['reviews.person_id', 'people.name', 'reviews.role', 'reviews.level', 'people.left_on', 'reviews.ratings', 'reviews.version', 'reviews.updated_at', 'users.name as reviewer'])
      .where('reviews.org_id', '=', orgId)
      .where('reviews.cycle_id', '=', cycleId)
      .orderBy('people.name')
      .execute(),
    principleTitles(db, orgId),
    db
      .selectFrom('evidence_entries')
      .select(['evidence_entries.id', 'evidence_entries.text'])
      .where('evidence_entries.org_id', '=', orgId)
      .where('evidence_entries.person_id', 'in', (qb) => qb.selectFrom('reviews').select('person_id').where('org_id', '=', orgId).where('cycle_id', '=', cycleId))
      .execute(),
  ]);
  const textOf = new Map(ledger.map((entry) => [entry.id, entry.text]));
  return rows.map((row) => ({
      personId: row.person_id,
      name: row.name,
      role: row.role,
      level: row.level,
      leftOn: row.left_on,
      ratings: row.ratings.map((rating) => ({ ...rating, title: titles.atVersion.get(`${rating.principleId}@${rating.version}`) ?? '', cited: rating.evidenceIds.map((id) => ({ id, text: textOf.get(id) ?? '' })) })),
      reviewVersion: row.version,
      reviewer: row.reviewer,
      updatedAt: new Date(row.updated_at).toISOString(),
    }));
}

/**
 * Saves (or replaces) one person's review in an open cycle. `baseVersion` is the version the reviewer
 * started from (0 for a first review): a save on top of a copy someone else has since changed answers
 * 409 with the current version, so two reviewers never silently overwrite each other. `now` dates the save and its
 * audit event (the demo's reviews, written inside their cycles); without it, the database's clock.
 */
export async function saveReview(db: Db, actor: OrgActor, cycleId: string, personId: string, ratings: readonly ReviewRatingInput[], baseVersion: number, now?: Date): Promise<void> {
  await requirePerson(db, actor.orgId, personId);
  await requireReviewerOf(db, actor, personId);
  await db.transaction().execute(async (trx) => {
    const cycle = await trx.selectFrom('review_cycles').select('status').where('org_id', '=', actor.orgId).where('id', '=', cycleId).forShare().executeTakeFirst();
    if (!cycle) throw notFound('Review cycle');
    const person = await requirePerson(trx, actor.orgId, personId);
    assertReviewSubject(subjectOf(person, actor), 'review');
    const versions = await activePrincipleVersions(trx, actor.orgId);
    const current = await trx.selectFrom('reviews').select(['id', 'version', 'ratings']).where('org_id', '=', actor.orgId).where('cycle_id', '=', cycleId).where('person_id', '=', personId).forUpdate().executeTakeFirst();
    // A principle retired since this review rated it keeps the wording it was rated against.
    const kept = new Map((current?.ratings ?? []).filter((rating) => !versions.has(rating.principleId)).map((rating) => [rating.principleId, rating.version]));
    const titles = (await principleTitles(trx, actor.orgId)).current;
    const checked = normaliseReview(ratings, { isCycleOpen: cycle.status === 'open', activePrincipleIds: new Set(versions.keys()), keptPrincipleIds: new Set(kept.keys()), knownPrincipleIds: await knownPrincipleIds(trx, actor.orgId), ledger: await ledgerRefs(trx, actor.orgId, personId), titles });
    const stored = JSON.stringify(checked.map((rating) => ({ principleId: rating.principleId, version: versions.get(rating.principleId) ?? kept.get(rating.principleId)!, rating: rating.rating, evidence: rating.evidence, evidenceIds: [...rating.evidenceIds] })));
    const currentVersion = current?.version ?? 0;
    if (currentVersion !== baseVersion) {
      const message =
        currentVersion === 0
          ? `There is no review of ${person.name} in this cycle yet, so there is nothing to update. Reload the page and write it.`
          : baseVersion === 0
            ? `Someone wrote a review of ${person.name} in this cycle after you opened the form. Reload the page to see it: your changes go on top of theirs.`
            : `Someone saved ${person.name}'s review after you opened it. Reload the page to see their changes, then make yours again.`;
      throw new AppError('conflict', message, { field: 'baseVersion', data: { currentVersion } });
    }
    // The review records the person's role and level as they are when it is written: calibration groups by these.
    if (current) {
      await trx.updateTable('reviews').set({ ratings: stored, role: person.role, level: person.level, reviewer_user_id: actor.userId, version: currentVersion + 1, updated_at: now ?? sql<Date>`now()` }).where('id', '=', current.id).execute();
    } else {
      // Two first reviews racing: the unique (cycle, person) key makes the second one fail; answer it as a conflict too.
      const inserted = await trx
        .insertInto('reviews')
        .values({ org_id: actor.orgId, cycle_id: cycleId, person_id: personId, ratings: stored, role: person.role, level: person.level, reviewer_user_id: actor.userId, ...(now === undefined ? {} : { updated_at: now }) })
        .onConflict((oc) => oc.columns(['cycle_id', 'person_id']).doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!inserted) throw new AppError('conflict', 'Someone saved a review of this person a moment ago. Reload to see it before saving.', { field: 'baseVersion', data: { currentVersion: 1 } });
    }
    await recordAuditEvent(trx, { at: now, orgId: actor.orgId, actorUserId: actor.userId, action: 'review.saved', subjectType: 'person', subjectId: personId, data: { cycleId } });
  });
}

export interface CalibrationView {
  /** Whether the thin reviews count in the group averages (the chair asked for them); by default they are left out. */
  includesThin: boolean;
  /**
   * The principles each review's coverage counts, in order: the org's active principles for an open cycle, the ones
   * it was closed with (at their wording then) for a closed cycle.
   */
  judgedAgainst: { id: string; version: number; title: string }[];
  /** The principles the cycle's reviews rate: one column each. */
  principles: { id: string; title: string }[];
  groups: CalibrationGroup[];
}

/**
 * The cycle's reviews grouped by the role and level each review recorded, for a calibration meeting: fuller reviews
 * first, best average first, thin ones after (review-rules.ts calibrate). An open cycle leaves out the people who have
 * left and counts coverage against the org's active principles; a closed cycle keeps everyone it had, counts coverage
 * against the principles it was closed with, and names each principle by the wording its reviews rated.
 */
export async function getCalibration(db: Db, actor: OrgActor, cycleId: string, filter: { role?: string | undefined; level?: number | undefined; includeThin?: boolean | undefined }): Promise<CalibrationView> {
  requirePermission(actor, 'reviews.manage');
  const { reviews } = await listCycleReviews(db, actor, cycleId);
  const [cycle, standings, titles] = await Promise.all([
    db.selectFrom('review_cycles').select(['status', 'principles']).where('org_id', '=', actor.orgId).where('id', '=', cycleId).executeTakeFirst(),
    principleStandings(db, actor.orgId),
    principleTitles(db, actor.orgId),
  ]);
  if (!cycle) throw notFound('Review cycle');
  const isOpen = cycle.status === 'open';
  const judged = cyclePrinciples({ status: cycle.status, principlesAtClose: cycle.principles }, activePrinciples(standings));
  const wanted = reviews.filter((review) => (!isOpen || review.leftOn === null) && (filter.role === undefined || nameKey(review.role) === nameKey(filter.role)) && (filter.level === undefined || review.level === filter.level));
  const groups = calibrate(
    wanted.map((review) => ({ personId: review.personId, name: review.name, role: review.role, level: review.level, ratings: review.ratings })),
    new Set(judged.map((principle) => principle.principleId)),
    { includeThin: filter.includeThin ?? false },
  );
  // The latest wording the cycle's reviews rated, per principle.
  const ratedVersion = new Map<string, number>();
  for (const rating of wanted.flatMap((review) => review.ratings)) ratedVersion.set(rating.principleId, Math.max(ratedVersion.get(rating.principleId) ?? 0, rating.version));
  // Columns in the order of the principles judged against (a closed cycle's order at close: reordering the org's
  // principles later does not move them), then any retired principle a review kept, in the org's order.
  const judgedOrder = new Map(judged.map((principle, index) => [principle.principleId, index]));
  const positionOf = new Map(standings.map((principle) => [principle.id, principle.position]));
  const rank = (id: string) => judgedOrder.get(id) ?? judged.length + (positionOf.get(id) ?? 0);
  const used = [...ratedVersion.keys()].sort((a, b) => rank(a) - rank(b));
  const titleOf = (id: string) => (isOpen ? titles.current.get(id) : titles.atVersion.get(`${id}@${ratedVersion.get(id)}`)) ?? titles.current.get(id) ?? '';
  return {
    includesThin: filter.includeThin ?? false,
    judgedAgainst: judged.map((principle) => ({ id: principle.principleId, version: principle.version, title: titles.atVersion.get(`${principle.principleId}@${principle.version}`) ?? '' })),
    principles: used.map((id) => ({ id, title: titleOf(id) })),
    groups,
  };
}

export interface PromotionCaseView {
  id: string;
  personId: string;
  fromLevel: number;
  targetLevel: number;
  /** `rating` is null in a case written before sections were scored. */
  sections: { principleId: string; version: number; title: string; rating: number | null; narrative: string; evidence: { id: string; text: string }[] }[];
  /** Who wrote the case (it is one manager's argument: those deciding it need to know whose), null once their account is gone. */
  author: string | null;
  createdAt: string;
}

/**
 * A person's ledger as the actor reads it (requireLedgerReader): its evidence, and the promotion cases about the person
 * for their reviewers. The person themselves gets `promotionCases: null`: a case is argued by their manager and read by
 * those who decide it, and a self-reader is no reviewer of themselves.
 */
export async function readLedger(db: Db, actor: OrgActor, personId: string): Promise<{ evidence: EvidenceView[]; promotionCases: PromotionCaseView[] | null; reviews: PersonReviewView[] }> {
  await requirePerson(db, actor.orgId, personId);
  const { isReviewer } = await requireLedgerReader(db, actor, personId);
  // What cites the entries is read once: it marks the entries cited and lists the person's reviews.
  const citers = ledgerCiters(db, actor.orgId, personId);
  const [evidence, promotionCases, citing] = await Promise.all([evidenceOf(db, actor, personId, isReviewer, citers), isReviewer ? listPromotionCases(db, actor, personId) : null, citers]);
  // The reviews of the person the actor reads (as reviewReader): every cycle's for their reviewers, the closed cycles'
  // for the person themselves.
  const reviews = citing.reviews.filter((review) => isReviewer || review.status === 'closed').map((review) => ({ cycleId: review.cycleId, cycleName: review.cycleName, cycleStatus: review.status, updatedAt: review.updatedAt }));
  return { evidence, promotionCases, reviews };
}

/** A review of the person, by its cycle: read in full on the cycle's page. */
export interface PersonReviewView {
  cycleId: string;
  cycleName: string;
  cycleStatus: 'open' | 'closed';
  updatedAt: string;
}

export async function listPromotionCases(db: Db, actor: OrgActor, personId: string): Promise<PromotionCaseView[]> {
  await requirePerson(db, actor.orgId, personId);
  await requireReviewerOf(db, actor, personId);
  const [rows, titles, ledger] = await Promise.all([
    db
      .selectFrom('promotion_cases')
      .leftJoin('users', 'users.id', 'promotion_cases.author_user_id')
      .selectAll('promotion_cases')
      .select('users.name as author')
      .where('promotion_cases.org_id', '=', actor.orgId)
      .where('promotion_cases.person_id', '=', personId)
      .orderBy('promotion_cases.created_at', 'desc')
      .orderBy('promotion_cases.id', 'desc')
      .execute(),
    principleTitles(db, actor.orgId),
    db.selectFrom('evidence_entries').select(['id', 'text']).where('org_id', '=', actor.orgId).where('person_id', '=', personId).execute(),
  ]);
  const textOf = new Map(ledger.map((entry) => [entry.id, entry.text]));
  return rows.map((row) => ({
    id: row.id,
    personId: row.person_id,
    fromLevel: row.from_level,
    targetLevel: row.target_level,
    sections: row.sections.map((section) => ({
      principleId: section.principleId,
      version: section.version,
      title: titles.atVersion.get(`${section.principleId}@${section.version}`) ?? '',
      rating: section.rating ?? null,
      narrative: section.narrative,
      evidence: section.evidenceIds.map((id) => ({ id, text: textOf.get(id) ?? '' })),
    })),
    author: row.author,
    createdAt: new Date(row.created_at).toISOString(),
  }));
}

/**
 * `baseCaseId` is the person's newest case as the writer read it (null: none): a case written since answers 409
 * (assertNoNewerPromotionCase). `now` dates the case and its audit event (the demo's, written after the ledger it
 * cites); without it, the database's clock.
 */
export async function createPromotionCase(db: Db, actor: OrgActor, personId: string, input: { targetLevel: number; sections: readonly PromotionSectionInput[]; baseCaseId?: string | null | undefined }, now?: Date): Promise<{ id: string }> {
  await requirePerson(db, actor.orgId, personId);
  await requireReviewerOf(db, actor, personId);
  return db.transaction().execute(async (trx) => {
    const person = await requirePerson(trx, actor.orgId, personId);
    assertReviewSubject(subjectOf(person, actor), 'promotion');
    // Cases about one person are written one at a time: of two writers who read the same cases, the second sees the first's.
    await sql`select pg_advisory_xact_lock(hashtext(${`promotion_cases:${personId}`}))`.execute(trx);
    const newest = await trx
      .selectFrom('promotion_cases')
      .leftJoin('users', 'users.id', 'promotion_cases.author_user_id')
      .select(['promotion_cases.id', 'promotion_cases.target_level', 'users.name as author'])
      .where('promotion_cases.org_id', '=', actor.orgId)
      .where('promotion_cases.person_id', '=', personId)
      .orderBy('promotion_cases.created_at', 'desc')
      .orderBy('promotion_cases.id', 'desc')
      .executeTakeFirst();
    assertNoNewerPromotionCase(newest === undefined ? null : { id: newest.id, targetLevel: newest.target_level, author: newest.author }, input.baseCaseId, person.name);
    const versions = await activePrincipleVersions(trx, actor.orgId);
    const titles = (await principleTitles(trx, actor.orgId)).current;
    const sections = normalisePromotionCase({ currentLevel: person.level, targetLevel: input.targetLevel, sections: input.sections }, { activePrincipleIds: new Set(versions.keys()), knownPrincipleIds: await knownPrincipleIds(trx, actor.orgId), ledger: await ledgerRefs(trx, actor.orgId, personId), titles });
    const row = await trx
      .insertInto('promotion_cases')
      .values({
        org_id: actor.orgId,
        person_id: personId,
        from_level: person.level,
        target_level: input.targetLevel,
        sections: JSON.stringify(sections.map((section) => ({ principleId: section.principleId, version: versions.get(section.principleId)!, rating: section.rating, narrative: section.narrative, evidenceIds: [...section.evidenceIds] }))),
        author_user_id: actor.userId,
        ...(now === undefined ? {} : { created_at: now }),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAuditEvent(trx, { at: now, orgId: actor.orgId, actorUserId: actor.userId, action: 'promotion_case.created', subjectType: 'person', subjectId: personId, data: { fromLevel: person.level, targetLevel: input.targetLevel } });
    return { id: row.id };
  });
}
