import { sql, type Kysely } from 'kysely';

// The audit log can be searched by action, actor, subject, API token and period, newest first, a page at a
// time. The only index so far, (org_id, id), serves the unfiltered log; with a filter that few events match
// (one person, one metric, a token), a page would read backwards through the whole org's log to fill itself.
// Each index below ends in id, so a filtered page is read in order and stops at its limit. The token index
// leaves out the events made signed in (most of them), which a token filter never asks for.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index audit_events_org_action_idx on audit_events (org_id, action, id)`.execute(db);
  await sql`create index audit_events_org_actor_idx on audit_events (org_id, actor_user_id, id)`.execute(db);
  await sql`create index audit_events_org_subject_idx on audit_events (org_id, subject_type, subject_id, id)`.execute(db);
  await sql`create index audit_events_org_token_idx on audit_events (org_id, api_token_id, id) where api_token_id is not null`.execute(db);
  await sql`create index audit_events_org_created_idx on audit_events (org_id, created_at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const index of ['audit_events_org_action_idx', 'audit_events_org_actor_idx', 'audit_events_org_subject_idx', 'audit_events_org_token_idx', 'audit_events_org_created_idx']) {
    await sql`drop index if exists ${sql.id(index)}`.execute(db);
  }
}
