import { sql, type Kysely } from 'kysely';

// The weekly business review in the app: decks (a WBR App config and the data it reads), the weeks published
// from them (immutable snapshots), and the anomalies those weeks raised, each with an owner, a root cause and a
// status, carried from week to week until resolved.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('wbr_decks')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('org_id', 'uuid', (c) => c.notNull().references('orgs.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('owner_person_id', 'uuid', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('config_text', 'text', (c) => c.notNull())
    // Alert thresholds on the week's change, per metric (a JSON array, checked by the domain before it is saved).
    .addColumn('alert_thresholds', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    // The data as uploaded (the CSV text): a week is built from it when it is published, and the snapshot keeps
    // the result, so a later upload never changes a published week.
    .addColumn('data_csv', 'text')
    .addColumn('data_file_name', 'text')
    .addColumn('data_rows', 'integer')
    .addColumn('data_first_day', 'date')
    .addColumn('data_last_day', 'date')
    .addColumn('data_uploaded_at', 'timestamptz')
    .addColumn('data_uploaded_by_user_id', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create unique index wbr_decks_org_name_key on wbr_decks (org_id, lower(name))`.execute(db);

  await db.schema
    .createTable('wbr_snapshots')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('org_id', 'uuid', (c) => c.notNull().references('orgs.id').onDelete('cascade'))
    .addColumn('deck_id', 'uuid', (c) => c.notNull().references('wbr_decks.id').onDelete('cascade'))
    .addColumn('week_ending', 'date', (c) => c.notNull())
    // The deck JSON as text, byte for byte as the engine wrote it (jsonb would reorder keys and reformat numbers).
    .addColumn('deck_json', 'text', (c) => c.notNull())
    .addColumn('config_text', 'text', (c) => c.notNull())
    .addColumn('data_file_name', 'text', (c) => c.notNull())
    .addColumn('block_count', 'integer', (c) => c.notNull())
    // The signals the week showed, as they were (alerts depend on thresholds that may change later).
    .addColumn('signals_json', 'text', (c) => c.notNull())
    .addColumn('new_signals', 'integer', (c) => c.notNull())
    // No ON DELETE action: a published week is never updated (the trigger below), not even to forget its publisher.
    .addColumn('published_by_user_id', 'uuid', (c) => c.references('users.id'))
    .addColumn('published_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('wbr_snapshots_deck_week_key', ['deck_id', 'week_ending'])
    .execute();
  // A published week is kept as it was, whatever code runs against the database: updates are refused here too.
  await sql`
    create function wbr_snapshots_refuse_update() returns trigger language plpgsql as $$
    begin
      raise exception 'a published WBR week is immutable' using errcode = 'check_violation';
    end $$`.execute(db);
  await sql`create trigger wbr_snapshots_immutable before update on wbr_snapshots for each row execute function wbr_snapshots_refuse_update()`.execute(db);

  await db.schema
    .createTable('wbr_anomalies')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('org_id', 'uuid', (c) => c.notNull().references('orgs.id').onDelete('cascade'))
    .addColumn('deck_id', 'uuid', (c) => c.notNull().references('wbr_decks.id').onDelete('cascade'))
    .addColumn('metric_name', 'text', (c) => c.notNull())
    .addColumn('rule', 'text', (c) => c.notNull().check(sql`rule in ('outside_limits', 'three_of_four_near_limit', 'eight_on_one_side', 'wow_alert', 'yoy_alert')`))
    .addColumn('direction', 'text', (c) => c.notNull().check(sql`direction in ('up', 'down')`))
    .addColumn('first_week_ending', 'date', (c) => c.notNull())
    .addColumn('last_week_ending', 'date', (c) => c.notNull())
    .addColumn('weeks_signalled', 'integer', (c) => c.notNull())
    .addColumn('first_snapshot_id', 'uuid', (c) => c.notNull().references('wbr_snapshots.id').onDelete('cascade'))
    .addColumn('owner_person_id', 'uuid', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('open').check(sql`status in ('open', 'explained', 'resolved')`))
    .addColumn('root_cause', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    // Explained and resolved need the cause written down (the domain rule says why); the database holds it too.
    .addCheckConstraint('wbr_anomalies_cause_when_closed', sql`status = 'open' or length(btrim(root_cause)) > 0`)
    .execute();
  // At most one unresolved anomaly per metric of a deck: new signals add weeks to it.
  await sql`create unique index wbr_anomalies_one_unresolved on wbr_anomalies (deck_id, metric_name) where status <> 'resolved'`.execute(db);
  await db.schema.createIndex('wbr_anomalies_org_status_idx').on('wbr_anomalies').columns(['org_id', 'status']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('wbr_anomalies').execute();
  await db.schema.dropTable('wbr_snapshots').execute();
  await sql`drop function wbr_snapshots_refuse_update()`.execute(db);
  await db.schema.dropTable('wbr_decks').execute();
}
