import { sql, type Kysely } from 'kysely';

// When a ledger entry was last corrected (its text or its principle changed after it was written). A reader of the
// ledger, or of a review citing it, must be able to tell an entry was changed since it was written without going to
// the audit log. Entries corrected before the column existed take the time of their last `evidence.corrected` audit
// event; entries never corrected keep null.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('evidence_entries').addColumn('corrected_at', 'timestamptz').execute();
  await sql`
    update evidence_entries set corrected_at = corrections.last_at
    from (
      select org_id, data->>'evidenceId' as evidence_id, max(created_at) as last_at
      from audit_events
      where action = 'evidence.corrected'
      group by org_id, data->>'evidenceId'
    ) as corrections
    where corrections.org_id = evidence_entries.org_id and corrections.evidence_id = evidence_entries.id::text
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('evidence_entries').dropColumn('corrected_at').execute();
}
