import { sql } from 'kysely';
import { DEFAULT_PRINCIPLES } from '../../domain/principles/default-principles.js';
import { assertCanRetire, assertCurrentVersion, assertTitleFree, isWordingChanged, normaliseWording, planReorder, PRINCIPLE_LIMITS, principlesOrderToken, type PrincipleWording } from '../../domain/principles/principle-rules.js';
import { AppError, notFound } from '../../domain/errors.js';
import { publishChange } from '../../storage/change-feed.js';
import type { Db } from '../../storage/database.js';
import type { PrincipleStatus } from '../../storage/schema.js';
import { recordAuditEvent } from '../audit/audit.service.js';
import { assertNotChangedSince, assertSameContent } from '../../domain/stale-write.js';
import { lockNameScope } from '../unique-names.js';
import { requirePermission, type OrgActor, type ReadThroughCache } from '../context.js';

export interface PrincipleView {
  id: string;
  slug: string | null;
  position: number;
  status: PrincipleStatus;
  version: number;
  title: string;
  summary: string;
  updatedAt: string;
}

export interface PrincipleVersionView {
  version: number;
  title: string;
  summary: string;
  createdAt: string;
  createdBy: { id: string; name: string } | null;
}

/** Gives a new org the default principles, version 1 each. Runs inside the org's creation transaction, dated as the org (`now`). */
export async function seedDefaultPrinciples(trx: Db, orgId: string, userId: string | null, now?: Date): Promise<void> {
  const rows = await trx
    .insertInto('principles')
    .values(DEFAULT_PRINCIPLES.map((principle, index) => ({ org_id: orgId, slug: principle.slug, position: index + 1, status: 'active' as const, current_version: 1, ...(now === undefined ? {} : { created_at: now, updated_at: now }) })))
    .returning(['id', 'slug'])
    .execute();
  const bySlug = new Map(DEFAULT_PRINCIPLES.map((principle) => [principle.slug, principle]));
  await trx
    .insertInto('principle_versions')
    .values(rows.map((row) => ({ principle_id: row.id, org_id: orgId, version: 1, title: bySlug.get(row.slug ?? '')!.title, summary: bySlug.get(row.slug ?? '')!.summary, created_by: userId, ...(now === undefined ? {} : { created_at: now }) })))
    .execute();
}

function principlesQuery(db: Db, orgId: string) {
  return db
    .selectFrom('principles')
    .innerJoin('principle_versions', (join) => join.onRef('principle_versions.principle_id', '=', 'principles.id').onRef('principle_versions.version', '=', 'principles.current_version'))
    .select(['principles.id', 'principles.slug', 'principles.position', 'principles.status', 'principles.current_version', 'principles.updated_at', 'principle_versions.title', 'principle_versions.summary'])
    .where('principles.org_id', '=', orgId);
}

type PrincipleRowWithWording = Awaited<ReturnType<ReturnType<typeof principlesQuery>['executeTakeFirstOrThrow']>>;

function toView(row: PrincipleRowWithWording): PrincipleView {
  return {
    id: row.id,
    slug: row.slug,
    position: row.position,
    status: row.status,
    version: row.current_version,
    title: row.title,
    summary: row.summary,
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

/**
 * The org's principles in order. `cache` (optional) answers from memory when it can: the permission check
 * always runs first, so a cached list is never shown to someone who may not read it.
 */
export async function listPrinciples(db: Db, actor: OrgActor, options: { includeRetired: boolean }, cache?: ReadThroughCache<PrincipleView[]>): Promise<PrincipleView[]> {
  requirePermission(actor, 'principles.read');
  const load = async () => {
    let query = principlesQuery(db, actor.orgId).orderBy('principles.position').orderBy('principles.id');
    if (!options.includeRetired) query = query.where('principles.status', '=', 'active');
    return (await query.execute()).map(toView);
  };
  return cache ? cache.getOrLoad(principlesCacheKey(actor.orgId, options.includeRetired), load) : load();
}

export const principlesCacheKey = (orgId: string, includeRetired: boolean): string => `${orgId}:${includeRetired}`;

export async function getPrinciple(db: Db, actor: OrgActor, principleId: string): Promise<PrincipleView> {
  requirePermission(actor, 'principles.read');
  const row = await principlesQuery(db, actor.orgId).where('principles.id', '=', principleId).executeTakeFirst();
  if (!row) throw notFound('Principle');
  return toView(row);
}

/** Locks the principle row for the rest of the transaction so concurrent edits queue up instead of racing. */
async function lockPrinciple(trx: Db, orgId: string, principleId: string) {
  const row = await trx.selectFrom('principles').selectAll().where('org_id', '=', orgId).where('id', '=', principleId).forUpdate().executeTakeFirst();
  if (!row) throw notFound('Principle');
  return row;
}

/** One change to the org's principle names at a time: two saves could each find a title free and both take it. */
async function lockPrincipleNames(trx: Db, orgId: string): Promise<void> {
  await lockNameScope(trx, `principles:${orgId}`);
}

/** The current titles of the org's active principles, but one (the principle being changed). */
async function activeTitles(trx: Db, orgId: string, exceptId: string | null): Promise<string[]> {
  let query = trx
    .selectFrom('principles')
    .innerJoin('principle_versions', (join) => join.onRef('principle_versions.principle_id', '=', 'principles.id').onRef('principle_versions.version', '=', 'principles.current_version'))
    .select('principle_versions.title')
    .where('principles.org_id', '=', orgId)
    .where('principles.status', '=', 'active');
  if (exceptId !== null) query = query.where('principles.id', '<>', exceptId);
  return (await query.execute()).map((row) => row.title);
}

/** `now` dates the principle, its wording and its audit event (the demo's past); without it, the database's clock. */
export async function createPrinciple(db: Db, actor: OrgActor, input: PrincipleWording, now?: Date): Promise<PrincipleView> {
  requirePermission(actor, 'principles.manage');
  const wording = normaliseWording(input);
  const id = await db.transaction().execute(async (trx) => {
    // Serialise creations per org, so the count limit, the next position and unique names stay right under concurrency.
    await lockPrincipleNames(trx, actor.orgId);
    const { count, maxPosition } = await trx
      .selectFrom('principles')
      .select((eb) => [eb.fn.countAll<number>().as('count'), eb.fn.max('position').as('maxPosition')])
      .where('org_id', '=', actor.orgId)
      .executeTakeFirstOrThrow();
    if (Number(count) >= PRINCIPLE_LIMITS.maxPerOrg) {
      throw new AppError('rule_violation', `An org has at most ${PRINCIPLE_LIMITS.maxPerOrg} principles; retire or edit one instead.`, { rule: 'principles.max_per_org' });
    }
    assertTitleFree(wording.title, await activeTitles(trx, actor.orgId, null));
    const principle = await trx
      .insertInto('principles')
      .values({ org_id: actor.orgId, slug: null, position: Number(maxPosition ?? 0) + 1, status: 'active', current_version: 1, ...(now === undefined ? {} : { created_at: now, updated_at: now }) })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.insertInto('principle_versions').values({ principle_id: principle.id, org_id: actor.orgId, version: 1, ...wording, created_by: actor.userId, ...(now === undefined ? {} : { created_at: now }) }).execute();
    await publishChange(trx, { topic: 'principles', orgId: actor.orgId });
    await recordAuditEvent(trx, { at: now, orgId: actor.orgId, actorUserId: actor.userId, action: 'principle.created', subjectType: 'principle', subjectId: principle.id, data: { title: wording.title } });
    return principle.id;
  });
  return getPrinciple(db, actor, id);
}

/** Saves new wording as a new version; the old one stays readable, so records can cite the exact words they used. */
/** `now` dates the new version and its audit event (the demo's past); without it, the database's clock. */
export async function editPrinciple(db: Db, actor: OrgActor, principleId: string, input: PrincipleWording & { expectedVersion: number }, now?: Date): Promise<PrincipleView> {
  requirePermission(actor, 'principles.manage');
  const wording = normaliseWording(input);
  await db.transaction().execute(async (trx) => {
    await lockPrincipleNames(trx, actor.orgId);
    const principle = await lockPrinciple(trx, actor.orgId, principleId);
    assertCurrentVersion(principle.current_version, input.expectedVersion);
    if (principle.status === 'active') assertTitleFree(wording.title, await activeTitles(trx, actor.orgId, principleId));
    const current = await trx
      .selectFrom('principle_versions')
      .select(['title', 'summary'])
      .where('principle_id', '=', principleId)
      .where('version', '=', principle.current_version)
      .executeTakeFirstOrThrow();
    if (!isWordingChanged(current, wording)) return;
    const version = principle.current_version + 1;
    await trx.insertInto('principle_versions').values({ principle_id: principleId, org_id: actor.orgId, version, ...wording, created_by: actor.userId, ...(now === undefined ? {} : { created_at: now }) }).execute();
    await trx.updateTable('principles').set({ current_version: version, updated_at: now ?? sql<Date>`now()` }).where('id', '=', principleId).execute();
    await publishChange(trx, { topic: 'principles', orgId: actor.orgId });
    await recordAuditEvent(trx, {
      at: now,
      orgId: actor.orgId,
      actorUserId: actor.userId,
      action: 'principle.edited',
      subjectType: 'principle',
      subjectId: principleId,
      data: { fromVersion: principle.current_version, toVersion: version, before: current, after: wording },
    });
  });
  return getPrinciple(db, actor, principleId);
}

/** Retires or restores a principle. A retired principle stays readable in every record that used it. */
/**
 * Retires or restores a principle. `now` dates the change and its audit event (the demo's past); without it, the
 * database's clock. `baseUpdatedAt` is the principle's `updatedAt` as read: one reworded, retired or restored since is
 * not retired or restored unseen (409).
 */
export async function setPrincipleStatus(db: Db, actor: OrgActor, principleId: string, status: PrincipleStatus, now?: Date, baseUpdatedAt?: string): Promise<PrincipleView> {
  requirePermission(actor, 'principles.manage');
  await db.transaction().execute(async (trx) => {
    await lockPrincipleNames(trx, actor.orgId);
    const principle = await lockPrinciple(trx, actor.orgId, principleId);
    assertNotChangedSince(principle.updated_at, baseUpdatedAt, 'principle');
    if (principle.status === status) return;
    if (status === 'active') {
      const { title } = await trx.selectFrom('principle_versions').select('title').where('principle_id', '=', principleId).where('version', '=', principle.current_version).executeTakeFirstOrThrow();
      assertTitleFree(title, await activeTitles(trx, actor.orgId, principleId), 'restore');
    } else {
      // Under the org's principle-name lock, so two admins retiring the last ones at once cannot both pass.
      const { count } = await trx.selectFrom('principles').select(sql<number>`count(*)::int`.as('count')).where('org_id', '=', actor.orgId).where('status', '=', 'active').executeTakeFirstOrThrow();
      assertCanRetire(count);
    }
    await trx.updateTable('principles').set({ status, updated_at: now ?? sql<Date>`now()` }).where('id', '=', principleId).execute();
    await publishChange(trx, { topic: 'principles', orgId: actor.orgId });
    await recordAuditEvent(trx, {
      at: now,
      orgId: actor.orgId,
      actorUserId: actor.userId,
      action: status === 'retired' ? 'principle.retired' : 'principle.restored',
      subjectType: 'principle',
      subjectId: principleId,
      data: {},
    });
  });
  return getPrinciple(db, actor, principleId);
}

/**
 * Puts the principles in the order given. `baseToken` is the `orderToken` of the list the order was made from: a list
 * a colleague reordered, added to, retired from or restored to since is refused (409), not written over theirs.
 */
export async function reorderPrinciples(db: Db, actor: OrgActor, orderedIds: readonly string[], baseToken?: string): Promise<PrincipleView[]> {
  requirePermission(actor, 'principles.manage');
  await db.transaction().execute(async (trx) => {
    await lockPrincipleNames(trx, actor.orgId);
    // In the order the list is read (position, then id), so the token matches the one the page was given.
    const existing = await trx.selectFrom('principles').select(['id', 'position', 'status']).where('org_id', '=', actor.orgId).orderBy('position').orderBy('id').execute();
    assertSameContent(principlesOrderToken(existing), baseToken, 'list of principles', 'baseToken');
    const positions = planReorder(existing.map((row) => row.id), orderedIds);
    const changed = existing.filter((row) => positions.get(row.id) !== row.position);
    if (changed.length === 0) return;
    for (const row of changed) {
      await trx.updateTable('principles').set({ position: positions.get(row.id)! }).where('id', '=', row.id).where('org_id', '=', actor.orgId).execute();
    }
    await publishChange(trx, { topic: 'principles', orgId: actor.orgId });
    await recordAuditEvent(trx, {
      orgId: actor.orgId,
      actorUserId: actor.userId,
      action: 'principles.reordered',
      subjectType: 'principle',
      subjectId: null,
      data: { order: orderedIds },
    });
  });
  return listPrinciples(db, actor, { includeRetired: true });
}

export async function listPrincipleVersions(db: Db, actor: OrgActor, principleId: string): Promise<PrincipleVersionView[]> {
  requirePermission(actor, 'principles.read');
  const rows = await db
    .selectFrom('principle_versions')
    .leftJoin('users', 'users.id', 'principle_versions.created_by')
    .select(['principle_versions.version', 'principle_versions.title', 'principle_versions.summary', 'principle_versions.created_at', 'principle_versions.created_by', 'users.name as creator_name'])
    .where('principle_versions.org_id', '=', actor.orgId)
    .where('principle_versions.principle_id', '=', principleId)
    .orderBy('principle_versions.version', 'desc')
    .execute();
  if (rows.length === 0) throw notFound('Principle');
  return rows.map((row) => ({
    version: row.version,
    title: row.title,
    summary: row.summary,
    createdAt: new Date(row.created_at).toISOString(),
    createdBy: row.created_by ? { id: row.created_by, name: row.creator_name ?? '' } : null,
  }));
}
