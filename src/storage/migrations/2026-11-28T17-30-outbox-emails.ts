import { sql, type Kysely } from 'kysely';

// The outbox: every email Pulse means to send (an invitation's link, a late-scorecard reminder, a reading meeting's
// attendee, a new anomaly owner, an interviewer's seat), written in the transaction of the decision that causes it
// and sent afterwards by the server's sender (decision 023). A row waits while next_attempt_at is set, is sent once
// sent_at is, and was given up when neither is. The body may carry an invitation's link, a secret: it is cleared once
// the email is sent or given up. An invitation's unsent email goes with the invitation when it is revoked or renewed
// (invitation_id).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('outbox_emails')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('org_id', 'uuid', (c) => c.notNull().references('orgs.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('invitation', 'feedback_reminder', 'reading_meeting', 'anomaly_owner', 'interview_seat')`))
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('text_body', 'text')
    .addColumn('invitation_id', 'uuid', (c) => c.references('invitations.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'timestamptz')
    .addColumn('sent_at', 'timestamptz')
    .addColumn('last_error', 'text')
    .addCheckConstraint('outbox_emails_state_check', sql`(sent_at is null or next_attempt_at is null) and (next_attempt_at is null) = (text_body is null)`)
    .execute();
  // The sender's look: only rows still waiting.
  await sql`create index outbox_emails_due_idx on outbox_emails (next_attempt_at) where next_attempt_at is not null`.execute(db);
  await db.schema.createIndex('outbox_emails_org_idx').on('outbox_emails').columns(['org_id', 'created_at']).execute();
  await db.schema.createIndex('outbox_emails_invitation_idx').on('outbox_emails').column('invitation_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('outbox_emails').execute();
}
