import type { AuditAction } from '../../domain/audit/audit-actions.js';
import type { Db } from '../../storage/database.js';
import type { AuditEventRow } from '../../storage/schema.js';
import { requirePermission, type OrgActor } from '../context.js';

export interface AuditEntry {
  orgId: string;
  actorUserId: string | null;
  action: AuditAction;
  subjectType: string;
  subjectId: string | null;
  data?: Record<string, unknown>;
}

/** Writes an audit event. Call it with the transaction of the change it records, so both land or neither. */
export async function recordAuditEvent(db: Db, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_events')
    .values({
      org_id: entry.orgId,
      actor_user_id: entry.actorUserId,
      action: entry.action,
      subject_type: entry.subjectType,
      subject_id: entry.subjectId,
      data: JSON.stringify(entry.data ?? {}),
    })
    .execute();
}

export interface AuditEventView {
  id: number;
  action: string;
  actor: { id: string; name: string } | null;
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
    .select(['audit_events.id', 'audit_events.action', 'audit_events.subject_type', 'audit_events.subject_id', 'audit_events.data', 'audit_events.created_at', 'audit_events.actor_user_id', 'users.name as actor_name'])
    .where('audit_events.org_id', '=', actor.orgId)
    .orderBy('audit_events.id', 'desc')
    .limit(options.limit);
  if (options.before !== undefined) query = query.where('audit_events.id', '<', String(options.before));
  const rows = await query.execute();
  return rows.map((row) => ({
    id: Number(row.id),
    action: row.action,
    actor: row.actor_user_id ? { id: row.actor_user_id, name: row.actor_name ?? '' } : null,
    subjectType: row.subject_type,
    subjectId: row.subject_id,
    data: row.data,
    createdAt: new Date(row.created_at).toISOString(),
  }));
}

export type { AuditEventRow };
