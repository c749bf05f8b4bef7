import { type Kysely } from 'kysely';

// A requisition's role template (`account-executive`, …; null is "General"). No check constraint: the list of
// templates lives in the domain code and grows without a migration; the API refuses an unknown one.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('requisitions').addColumn('role_template', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('requisitions').dropColumn('role_template').execute();
}
