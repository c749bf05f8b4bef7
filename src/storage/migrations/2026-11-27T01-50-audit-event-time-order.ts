import { sql, type Kysely } from 'kysely';

// The audit log is read newest first by time, (created_at, id), rather than by id alone: a period filter reads
// created_at, and ids need not follow time (an imported org's events get new ids in the order of the file). With
// the log ordered by id, a period long past was found by walking back through every newer event of the org.
// Each index of 2026-11-26T23-32 is remade to end in (created_at, id), so a page, filtered or not, is read in its
// order and stops at its limit; the period's bounds and the page's cursor are ranges on that same index.
const REMADE = [
  { old: 'audit_events_org_created_idx', oldColumns: sql`(org_id, created_at)`, name: 'audit_events_org_time_idx', columns: sql`(org_id, created_at, id)`, where: sql`` },
  { old: 'audit_events_org_action_idx', oldColumns: sql`(org_id, action, id)`, name: 'audit_events_org_action_time_idx', columns: sql`(org_id, action, created_at, id)`, where: sql`` },
  { old: 'audit_events_org_actor_idx', oldColumns: sql`(org_id, actor_user_id, id)`, name: 'audit_events_org_actor_time_idx', columns: sql`(org_id, actor_user_id, created_at, id)`, where: sql`` },
  { old: 'audit_events_org_subject_idx', oldColumns: sql`(org_id, subject_type, subject_id, id)`, name: 'audit_events_org_subject_time_idx', columns: sql`(org_id, subject_type, subject_id, created_at, id)`, where: sql`` },
  { old: 'audit_events_org_token_idx', oldColumns: sql`(org_id, api_token_id, id)`, name: 'audit_events_org_token_time_idx', columns: sql`(org_id, api_token_id, created_at, id)`, where: sql` where api_token_id is not null` },
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const index of REMADE) {
    await sql`create index if not exists ${sql.id(index.name)} on audit_events ${index.columns}${index.where}`.execute(db);
    await sql`drop index if exists ${sql.id(index.old)}`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const index of REMADE) {
    await sql`create index if not exists ${sql.id(index.old)} on audit_events ${index.oldColumns}${index.where}`.execute(db);
    await sql`drop index if exists ${sql.id(index.name)}`.execute(db);
  }
}
