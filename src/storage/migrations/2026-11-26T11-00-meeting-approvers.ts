import { sql, type Kysely } from 'kysely';

// Approval is the approvers' decision: some attendees of a reading review are its approvers (never an author of
// the document), each records a vote after the silent reading, and the meeting's decision is theirs. Meetings from
// before have no approvers: their facilitator decided, and still does until they end.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('reading_meeting_attendees')
    .addColumn('is_approver', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('vote', 'text', (c) => c.check(sql`vote in ('approve', 'iterate', 'kill')`))
    .addColumn('voted_at', 'timestamptz')
    .execute();
  // Only an approver votes.
  await db.schema.alterTable('reading_meeting_attendees').addCheckConstraint('reading_meeting_attendees_vote_by_approver', sql`vote is null or is_approver`).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('reading_meeting_attendees').dropColumn('voted_at').dropColumn('vote').dropColumn('is_approver').execute();
}
