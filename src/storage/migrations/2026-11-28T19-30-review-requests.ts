import { sql, type Kysely } from 'kysely';

// An author asks org members to review a document. A request is open until the reviewer votes on the document after
// it was made (read from document_votes, never stored twice here) or an author withdraws it (withdrawn_at and
// withdrawn_by, both or neither). One open request per reviewer and document is the service's rule, as "open" depends
// on votes. The outbox learns the review_request kind: the reviewer's email, queued with the request.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('document_review_requests')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('org_id', 'uuid', (c) => c.notNull().references('orgs.id').onDelete('cascade'))
    .addColumn('document_id', 'uuid', (c) => c.notNull().references('documents.id').onDelete('cascade'))
    .addColumn('reviewer_id', 'uuid', (c) => c.notNull().references('users.id'))
    .addColumn('requested_by', 'uuid', (c) => c.notNull().references('users.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('withdrawn_at', 'timestamptz')
    .addColumn('withdrawn_by', 'uuid', (c) => c.references('users.id'))
    .addCheckConstraint('document_review_requests_withdrawn_whole', sql`(withdrawn_at is null) = (withdrawn_by is null)`)
    .execute();
  await db.schema.createIndex('document_review_requests_document_idx').on('document_review_requests').columns(['document_id', 'reviewer_id']).execute();
  // Home's look: a reviewer's requests not withdrawn.
  await sql`create index document_review_requests_reviewer_idx on document_review_requests (org_id, reviewer_id) where withdrawn_at is null`.execute(db);
  await sql`
    alter table outbox_emails
      drop constraint outbox_emails_kind_check,
      add constraint outbox_emails_kind_check check (kind in ('invitation', 'feedback_reminder', 'reading_meeting', 'anomaly_owner', 'interview_seat', 'review_request'))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`delete from outbox_emails where kind = 'review_request'`.execute(db);
  await sql`
    alter table outbox_emails
      drop constraint outbox_emails_kind_check,
      add constraint outbox_emails_kind_check check (kind in ('invitation', 'feedback_reminder', 'reading_meeting', 'anomaly_owner', 'interview_seat'))`.execute(db);
  await db.schema.dropTable('document_review_requests').execute();
}
