import { sql, type Kysely } from 'kysely';

// A deck's annotations: what happened on a day to one of its metrics, written in the web app or uploaded as the WBR
// App's annotation CSV. A published week keeps the ones it was built with (inside its deck JSON), so removing one
// here changes only the weeks published after.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('wbr_annotations')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('org_id', 'uuid', (c) => c.notNull().references('orgs.id').onDelete('cascade'))
    .addColumn('deck_id', 'uuid', (c) => c.notNull().references('wbr_decks.id').onDelete('cascade'))
    .addColumn('day', 'date', (c) => c.notNull())
    .addColumn('metric_name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('created_by_user_id', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    // The API refuses first, naming the field; the database keeps the shape whatever writes the row.
    .addCheckConstraint('wbr_annotations_description_valid', sql`length(description) between 1 and 500`)
    .execute();
  await sql`create index wbr_annotations_deck_day on wbr_annotations (org_id, deck_id, day)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('wbr_annotations').execute();
}
