import { sql, type Kysely } from 'kysely';

// When a requisition closed: an offer after the close is made only to a candidate whose hire was decided before it,
// so the moment is a fact of the requisition, not of its audit log. Requisitions closed before this migration take
// the time of their latest `requisition.closed` audit event (or now, where none was kept: every decision already
// recorded then counts as made before the close, so no decided hire is stranded by the migration).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('requisitions').addColumn('closed_at', 'timestamptz').execute();
  await sql`
    update requisitions set closed_at = coalesce(
      (select max(event.created_at) from audit_events event where event.org_id = requisitions.org_id and event.action = 'requisition.closed' and event.subject_id = requisitions.id::text),
      now())
    where status = 'closed'`.execute(db);
  await sql`alter table requisitions add constraint requisitions_closed_at_check check ((status = 'closed') = (closed_at is not null))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('requisitions').dropConstraint('requisitions_closed_at_check').execute();
  await db.schema.alterTable('requisitions').dropColumn('closed_at').execute();
}
