import { sql, type Kysely } from 'kysely';

// Stage probabilities: how likely a deal in each open stage is to be won, in whole percent, one row per org that
// changed them (an org without a row reads the defaults, src/domain/sales/stage-probabilities.ts). Won and lost are
// fixed at 100 and 0, so they have no column. The org_id column carries the row in an org's export and import.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('sales_stage_probabilities')
    .addColumn('org_id', 'uuid', (c) => c.primaryKey().references('orgs.id').onDelete('cascade'))
    .addColumn('discovery', 'integer', (c) => c.notNull())
    .addColumn('solution', 'integer', (c) => c.notNull())
    .addColumn('proposal', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    // The API refuses first, naming the stage; the database keeps the range whatever writes the row (an import).
    .addCheckConstraint('sales_stage_probabilities_range', sql`discovery between 0 and 100 and solution between 0 and 100 and proposal between 0 and 100`)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('sales_stage_probabilities').execute();
}
