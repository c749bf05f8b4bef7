import { sql, type Kysely } from 'kysely';

// API tokens can end on a date and can be limited to reading; existing tokens keep working as before (no expiry,
// the owner's full role). The audit log records which token acted, by id and by the name it had then: no foreign
// key, since tokens are not exported with an org and the name must stay readable after a revocation.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table api_tokens add column expires_at timestamptz, add column scope text not null default 'write' check (scope in ('read', 'write'))`.execute(db);
  await sql`alter table audit_events add column api_token_id uuid, add column api_token_name text`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table audit_events drop column if exists api_token_id, drop column if exists api_token_name`.execute(db);
  await sql`alter table api_tokens drop column if exists expires_at, drop column if exists scope`.execute(db);
}
