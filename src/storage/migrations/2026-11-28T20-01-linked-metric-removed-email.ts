import { sql, type Kysely } from 'kysely';

// The outbox learns the linked_metric_removed and linked_metric_added kinds: a catalog metric's owner is told when
// someone else takes their metric off a business review's deck, or puts it on one (wbr-decks.service).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table outbox_emails
      drop constraint outbox_emails_kind_check,
      add constraint outbox_emails_kind_check check (kind in ('invitation', 'feedback_reminder', 'reading_meeting', 'anomaly_owner', 'interview_seat', 'review_request', 'linked_metric_removed', 'linked_metric_added'))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`delete from outbox_emails where kind in ('linked_metric_removed', 'linked_metric_added')`.execute(db);
  await sql`
    alter table outbox_emails
      drop constraint outbox_emails_kind_check,
      add constraint outbox_emails_kind_check check (kind in ('invitation', 'feedback_reminder', 'reading_meeting', 'anomaly_owner', 'interview_seat', 'review_request'))`.execute(db);
}
