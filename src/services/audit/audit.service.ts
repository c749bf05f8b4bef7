import type { AuditAction } from '../../domain/audit/audit-actions.js';
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

/** Newest first, paged by id: `before` is the smallest id of the previous page. */
export async function listAuditEvents(db: Db, actor: OrgActor, options: { limit: number; before?: number | undefined }): Promise<AuditEventView[]> {
  requirePermission(actor, 'audit.read');
  let query = db
    .selectFrom('audit_events')
    .leftJoin('users', 'users.id', 'audit_events.actor_user_id')
    .select(['audit_events.id', 'audit_events.action', 'audit_events.subject_type', 'audit_events.subject_id', 'audit_events.data', 'audit_events.created_at', 'audit_events.actor_user_id', 'users.name as actor_name', 'audit_events.api_token_id', 'audit_events.api_token_name'])
    .where('audit_events.org_id', '=', actor.orgId)
    .orderBy('audit_events.id', 'desc')
    .limit(options.limit);
  if (options.before !== undefined) query = query.where('audit_events.id', '<', String(options.before));
  const rows = await query.execute();
  return rows.map((row) => ({
    id: Number(row.id),
    action: row.action,
    actor: row.actor_user_id ? { id: row.actor_user_id, name: row.actor_name ?? '' } : null,
    via: row.api_token_id ? { tokenId: row.api_token_id, tokenName: row.api_token_name ?? '' } : null,
    subjectType: row.subject_type,
    subjectId: row.subject_id,
    data: row.data,
    createdAt: new Date(row.created_at).toISOString(),
  }));
}

export type { AuditEventRow, AuditVia };
