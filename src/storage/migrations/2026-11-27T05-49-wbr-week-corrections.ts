import { sql, type Kysely } from 'kysely';

// A published week can be corrected, never rewritten: a correction is a new immutable snapshot of the same week with
// the next version number and the reason it was made; the original stays as it was. Which version superseded which
// is read from the versions themselves (the newer one of the same week), never written onto the original: a
// published week is not updated, and its trigger refuses updates. No column links a correction to the row it
// supersedes, so the org import (which fills links inside a table by updating rows) never has to update a week.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table wbr_snapshots add column version integer not null default 1 check (version >= 1)`.execute(db);
  // Only a correction carries a reason, and a correction always does.
  await sql`alter table wbr_snapshots add column correction_reason text`.execute(db);
  await sql`alter table wbr_snapshots add constraint wbr_snapshots_correction_reason check ((version = 1) = (correction_reason is null))`.execute(db);
  // One row per version of a week: two corrections of the same version at once cannot both be kept.
  await sql`alter table wbr_snapshots drop constraint wbr_snapshots_deck_week_key`.execute(db);
  await sql`alter table wbr_snapshots add constraint wbr_snapshots_deck_week_version_key unique (deck_id, week_ending, version)`.execute(db);
  // A week published on bad data often had rows that lost cells (read as blank, so its sums were lower): the data's
  // short rows ({ rows, firstLines }) are kept with it so the deck's page warns of them. Null when there are none,
  // and for data stored before (its next upload or refresh counts them).
  await sql`alter table wbr_decks add column data_short_rows jsonb`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table wbr_decks drop column data_short_rows`.execute(db);
  await sql`delete from wbr_snapshots where version > 1`.execute(db);
  await sql`alter table wbr_snapshots drop constraint wbr_snapshots_deck_week_version_key`.execute(db);
  await sql`alter table wbr_snapshots add constraint wbr_snapshots_deck_week_key unique (deck_id, week_ending)`.execute(db);
  await sql`alter table wbr_snapshots drop constraint wbr_snapshots_correction_reason`.execute(db);
  await sql`alter table wbr_snapshots drop column correction_reason`.execute(db);
  await sql`alter table wbr_snapshots drop column version`.execute(db);
}
