import { sql, type Kysely } from 'kysely';

// A candidate rejected by the hiring side (the hiring manager, a recruiter or an admin) before any offer: when, why
// (a reason from a closed list, so rejections can be counted by reason), an optional note, and who. It is no
// verdict of the loop, unlike a bar raiser's no: nothing holds against the person on another requisition.
// A candidate is out of the process by at most one of withdrawal and rejection, so undoing one never uncovers the other.
// Requisitions get the time they last opened: an offer made since then fills the opening that a reinstated candidate
// would compete for, where an offer from before a reopen filled an earlier one. Requisitions reopened before this
// migration take the time of their latest `requisition.reopened` audit event, the others their creation.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('candidates')
    .addColumn('rejected_at', 'timestamptz')
    .addColumn('rejection_reason', 'text')
    .addColumn('rejection_note', 'text')
    .addColumn('rejected_by', 'uuid', (c) => c.references('users.id'))
    .execute();
  await sql`alter table candidates add constraint candidates_rejection_check check ((rejected_at is null) = (rejection_reason is null) and (rejected_at is not null or rejection_note is null))`.execute(db);
  await sql`alter table candidates add constraint candidates_one_exit_check check (rejected_at is null or withdrawn_at is null)`.execute(db);
  await db.schema.alterTable('requisitions').addColumn('opened_at', 'timestamptz').execute();
  await sql`
    update requisitions set opened_at = coalesce(
      (select max(event.created_at) from audit_events event where event.org_id = requisitions.org_id and event.action = 'requisition.reopened' and event.subject_id = requisitions.id::text),
      created_at)`.execute(db);
  await sql`alter table requisitions alter column opened_at set default now(), alter column opened_at set not null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('requisitions').dropColumn('opened_at').execute();
  await db.schema.alterTable('candidates').dropConstraint('candidates_one_exit_check').execute();
  await db.schema.alterTable('candidates').dropConstraint('candidates_rejection_check').execute();
  await db.schema.alterTable('candidates').dropColumn('rejected_by').dropColumn('rejection_note').dropColumn('rejection_reason').dropColumn('rejected_at').execute();
}
