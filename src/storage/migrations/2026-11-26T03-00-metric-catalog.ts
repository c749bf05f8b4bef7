import { sql, type Kysely } from 'kysely';

// The metric catalog: what each metric means, whether it is an input the team controls or an output it can only
// watch, who owns it, its unit, which direction is good and its target. An initiative links the input metrics it
// promises to move (its launch needs at least one controllable input).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('metrics')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('org_id', 'uuid', (c) => c.notNull().references('orgs.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('input', 'output')`))
    .addColumn('controllable', 'boolean', (c) => c.notNull())
    .addColumn('owner_person_id', 'uuid', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('unit', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('good_direction', 'text', (c) => c.check(sql`good_direction in ('up', 'down')`))
    .addColumn('target', 'double precision')
    .addColumn('initiative_id', 'uuid', (c) => c.references('initiatives.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    // An output metric is watched, not steered: only an input can be controllable (the domain rule says why).
    .addCheckConstraint('metrics_only_inputs_controllable', sql`kind = 'input' or not controllable`)
    .execute();
  await sql`create unique index metrics_org_name_key on metrics (org_id, lower(name))`.execute(db);
  await db.schema.createIndex('metrics_initiative_idx').on('metrics').columns(['org_id', 'initiative_id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('metrics').execute();
}
