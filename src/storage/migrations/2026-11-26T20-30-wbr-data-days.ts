import { sql, type Kysely } from 'kysely';

// The days a deck's data has rows on ([day, rows, first line] per day, src/domain/wbr-review/data-days.ts), kept
// with the data so that the deck page can offer the latest week that holds rows, and warn about rows dated after
// today, without reading the whole file. Null for data stored before: the service reads the file then.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table wbr_decks add column data_days jsonb`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table wbr_decks drop column data_days`.execute(db);
}
