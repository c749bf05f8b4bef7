import { sql } from 'kysely';
import type { AuditAction } from '../../domain/audit/audit-actions.js';
import { AppError } from '../../domain/errors.js';
import type { Db } from '../../storage/database.js';
import type { AuditEventRow } from '../../storage/schema.js';
import { requirePermission, type OrgActor } from '../context.js';
import { currentAuditVia, type AuditVia } from './audit-context.js';

export interface AuditEntry {
  orgId: string;
  actorUserId: string | null;
  action: AuditAction;
  subjectType: string;
  subjectId: string | null;
  data?: Record<string, unknown>;
  /** When the change happened, from the clock its service dated the change with (the demo's past); without it, the database's clock when the event is written. */
  at?: Date | undefined;
}

/**
 * Writes an audit event. Call it with the transaction of the change it records, so both land or neither. During
 * a request made with an API token the event also names that token (audit-context.ts).
 */
export async function recordAuditEvent(db: Db, entry: AuditEntry): Promise<void> {
  const via = currentAuditVia();
  await db
    .insertInto('audit_events')
    .values({
      org_id: entry.orgId,
      actor_user_id: entry.actorUserId,
      action: entry.action,
      subject_type: entry.subjectType,
      subject_id: entry.subjectId,
      data: JSON.stringify(entry.data ?? {}),
      api_token_id: via?.tokenId ?? null,
      api_token_name: via?.tokenName ?? null,
      // Without a clock of the service's, the moment the event is written, not the transaction's start (`now()`): a
      // change that waited for another's lock happened after it, and the log must not list it before.
      created_at: entry.at ?? sql<Date>`clock_timestamp()`,
    })
    .execute();
}

export interface AuditEventView {
  id: number;
  action: string;
  actor: { id: string; name: string } | null;
  /** The API token the actor's change was made with; null when they were signed in (or for Pulse itself). */
  via: AuditVia | null;
  subjectType: string;
  subjectId: string | null;
  data: Record<string, unknown>;
  createdAt: string;
}

/** Which events to read; every part is optional and they all apply together. */
export interface AuditEventFilter {
  /** Any of these actions (a family such as `member.*` is resolved to its actions before it gets here); empty for any action. */
  actions?: readonly AuditAction[] | undefined;
  actorUserId?: string | undefined;
  subjectType?: string | undefined;
  subjectId?: string | undefined;
  /** Made with this API token, with any token, or without one (signed in, or by Pulse itself). */
  via?: { tokenId: string } | 'any' | 'none' | undefined;
  /** The first moment included. */
  from?: Date | undefined;
  /** The first moment after the period. */
  toExclusive?: Date | undefined;
}

/**
 * One page of events matching the filter, newest first by time, (created_at, id) descending, with id breaking
 * ties between events of one moment. `before` is the id of the last event of the previous page: the page goes on
 * strictly after that event's (created_at, id), read in the database at full precision. Each of the log's indexes
 * ends in (created_at, id) (migration 2026-11-27T01-50), so a page is read in order, a period far back starts
 * where it starts, and reading stops at the limit. When `before` is no event of this org, the comparison has
 * nothing to compare with and the page is empty.
 */
function selectAuditEvents(db: Db, orgId: string, filter: AuditEventFilter, page: { limit: number; before?: number | undefined }) {
  let query = db
    .selectFrom('audit_events')
    .leftJoin('users', 'users.id', 'audit_events.actor_user_id')
    .select(['audit_events.id', 'audit_events.action', 'audit_events.subject_type', 'audit_events.subject_id', 'audit_events.data', 'audit_events.created_at', 'audit_events.actor_user_id', 'users.name as actor_name', 'audit_events.api_token_id', 'audit_events.api_token_name'])
    .where('audit_events.org_id', '=', orgId)
    .orderBy('audit_events.created_at', 'desc')
    .orderBy('audit_events.id', 'desc')
    .limit(page.limit);
  if (page.before !== undefined) {
    const cursor = db.selectFrom('audit_events as cursor').select(['cursor.created_at', 'cursor.id']).where('cursor.org_id', '=', orgId).where('cursor.id', '=', page.before);
    query = query.where(sql<boolean>`(audit_events.created_at, audit_events.id) < (${cursor})`);
  }
  if (filter.actions !== undefined && filter.actions.length > 0) query = query.where('audit_events.action', 'in', filter.actions);
  if (filter.actorUserId !== undefined) query = query.where('audit_events.actor_user_id', '=', filter.actorUserId);
  if (filter.subjectType !== undefined) query = query.where('audit_events.subject_type', '=', filter.subjectType);
  if (filter.subjectId !== undefined) query = query.where('audit_events.subject_id', '=', filter.subjectId);
  if (filter.via === 'any') query = query.where('audit_events.api_token_id', 'is not', null);
  else if (filter.via === 'none') query = query.where('audit_events.api_token_id', 'is', null);
  else if (filter.via !== undefined) query = query.where('audit_events.api_token_id', '=', filter.via.tokenId);
  if (filter.from !== undefined) query = query.where('audit_events.created_at', '>=', filter.from);
  if (filter.toExclusive !== undefined) query = query.where('audit_events.created_at', '<', filter.toExclusive);
  return query;
}

type AuditEventSelection = Awaited<ReturnType<ReturnType<typeof selectAuditEvents>['execute']>>[number];

function toView(row: AuditEventSelection): AuditEventView {
  return {
    id: row.id,
    action: row.action,
    actor: row.actor_user_id ? { id: row.actor_user_id, name: row.actor_name ?? '' } : null,
    via: row.api_token_id ? { tokenId: row.api_token_id, tokenName: row.api_token_name ?? '' } : null,
    subjectType: row.subject_type,
    subjectId: row.subject_id,
    data: row.data,
    createdAt: new Date(row.created_at).toISOString(),
  };
}

/**
 * Newest first, a page at a time: `before` is the id of the last event of the previous page (the oldest on it).
 * An id that is no event of this org's log is refused, naming the field, rather than answered with an empty page
 * that would read as the end of the log.
 */
export async function listAuditEvents(db: Db, actor: OrgActor, options: { limit: number; before?: number | undefined; filter?: AuditEventFilter | undefined }): Promise<AuditEventView[]> {
  requirePermission(actor, 'audit.read');
  const rows = await selectAuditEvents(db, actor.orgId, options.filter ?? {}, options).execute();
  // A page can only be empty for an unknown `before` (see selectAuditEvents): only then is the id looked up.
  if (rows.length === 0 && options.before !== undefined) {
    const known = await db.selectFrom('audit_events').select('id').where('org_id', '=', actor.orgId).where('id', '=', options.before).executeTakeFirst();
    if (!known) throw new AppError('validation_failed', 'query.before: must be the id of an event in this org\'s audit log (the last event of the previous page).', { field: 'query.before' });
  }
  return rows.map(toView);
}

/** How many events the export reads per query: a page of the log, not the whole of it, in memory at once. */
const EXPORT_BATCH_SIZE = 500;

/**
 * Every event matching the filter, newest first, in batches, for a download as long as the log. The permission is
 * checked now, before the first byte is sent, so a refusal is still an error answer. Batches are read by time from
 * where the previous one ended: events written during the download are newer than its first batch and are not
 * in it, so the file is the log as it stood when the download began.
 */
export function exportAuditEvents(db: Db, actor: OrgActor, filter: AuditEventFilter): AsyncIterable<AuditEventView[]> {
  requirePermission(actor, 'audit.read');
  return (async function* readBatches() {
    let before: number | undefined;
    for (;;) {
      const batch = (await selectAuditEvents(db, actor.orgId, filter, { limit: EXPORT_BATCH_SIZE, before }).execute()).map(toView);
      if (batch.length > 0) yield batch;
      if (batch.length < EXPORT_BATCH_SIZE) return;
      before = batch[batch.length - 1]!.id;
    }
  })();
}

export interface AuditActorView {
  userId: string;
  name: string;
  email: string;
  /** False for someone who has since left the org or been removed: their events stay in the log. */
  isMember: boolean;
}

/**
 * Everyone who has acted in the org's log, members or not, by name: what the log's "who" filter offers. Read as a
 * skip scan of the (org, actor, …) index, one probe per actor, rather than by reading every event of the org: the
 * log is long, the people few.
 */
export async function listAuditActors(db: Db, actor: OrgActor): Promise<AuditActorView[]> {
  requirePermission(actor, 'audit.read');
  const orgId = actor.orgId;
  const { rows } = await sql<{ user_id: string; name: string; email: string; is_member: boolean }>`
    with recursive actors(user_id) as (
      (select actor_user_id from audit_events where org_id = ${orgId} and actor_user_id is not null order by actor_user_id limit 1)
      union all
      select (select e.actor_user_id from audit_events e where e.org_id = ${orgId} and e.actor_user_id > actors.user_id order by e.actor_user_id limit 1)
      from actors where actors.user_id is not null
    )
    select users.id as user_id, users.name, users.email, memberships.user_id is not null as is_member
    from actors
    join users on users.id = actors.user_id
    left join memberships on memberships.user_id = users.id and memberships.org_id = ${orgId}`.execute(db);
  // Sorted here, not by the database, whose collation differs between installations: one order everywhere.
  return rows.map((row) => ({ userId: row.user_id, name: row.name, email: row.email, isMember: row.is_member })).sort((a, b) => a.name.localeCompare(b.name, 'en') || a.email.localeCompare(b.email, 'en'));
}

export type { AuditEventRow, AuditVia };
