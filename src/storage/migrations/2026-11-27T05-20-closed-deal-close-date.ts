import { sql, type Kysely } from 'kysely';

// A won or lost deal's close date is the day it closed (as a CRM records it), not the date it was once expected:
// closing a deal now writes it, and the deals closed before this migration take the day their stage last changed.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`update opportunities set close_date = (stage_changed_at at time zone 'UTC')::date where stage in ('won', 'lost')`.execute(db);
}

export async function down(): Promise<void> {
  // The expected dates it replaced were not kept: there is nothing to put back.
}
