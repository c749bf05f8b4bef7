import { sql, type Kysely } from 'kysely';

// Sales quotas: what a seller (a person of the org chart) is asked to book in a calendar quarter, set by an admin.
// One row per seller and quarter; the quarter is named by its first day. Attainment and coverage are computed
// from the deals when read, never stored.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('sales_quotas')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('org_id', 'uuid', (c) => c.notNull().references('orgs.id').onDelete('cascade'))
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('quarter_start', 'date', (c) => c.notNull())
    .addColumn('amount', 'double precision', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('sales_quotas_person_quarter_key', ['org_id', 'person_id', 'quarter_start'])
    // The API refuses first, naming the field; the database keeps the shape whatever writes the row.
    .addCheckConstraint('sales_quotas_amount_valid', sql`amount > 0 and amount < 'Infinity'::double precision`)
    .addCheckConstraint('sales_quotas_quarter_start_valid', sql`extract(day from quarter_start) = 1 and extract(month from quarter_start) in (1, 4, 7, 10)`)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('sales_quotas').execute();
}
