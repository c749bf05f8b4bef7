import { sql, type Kysely } from 'kysely';

// A deck fed by SQL queries can refresh its data by itself, once a day at an hour (UTC), with the rights of the
// person who set the schedule (the audit log names them; if they lose the right to change decks, the refresh
// fails and says so). refresh_next_at is the claim every Pulse instance looks at: the one that moves it forward
// runs the refresh, so a refresh runs once however many instances there are.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('wbr_decks')
    .addColumn('refresh_hour_utc', 'integer')
    .addColumn('refresh_by_user_id', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('refresh_next_at', 'timestamptz')
    .addColumn('refresh_last_at', 'timestamptz')
    .addColumn('refresh_last_error', 'text')
    .execute();
  await db.schema.alterTable('wbr_decks').addCheckConstraint('wbr_decks_refresh_hour_valid', sql`refresh_hour_utc between 0 and 23`).execute();
  // A schedule has its next run, and only a schedule has one.
  await db.schema.alterTable('wbr_decks').addCheckConstraint('wbr_decks_refresh_next_with_hour', sql`(refresh_hour_utc is null) = (refresh_next_at is null)`).execute();
  await sql`create index wbr_decks_refresh_due_idx on wbr_decks (refresh_next_at) where refresh_next_at is not null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('wbr_decks')
    .dropColumn('refresh_last_error')
    .dropColumn('refresh_last_at')
    .dropColumn('refresh_next_at')
    .dropColumn('refresh_by_user_id')
    .dropColumn('refresh_hour_utc')
    .execute();
}
