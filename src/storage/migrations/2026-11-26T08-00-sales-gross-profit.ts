import { sql, type Kysely } from 'kysely';

// Gross profit per deal, rep and territory: an opportunity's direct cost to deliver (hosting, implementation,
// support: its cost of goods sold) and the sales territory it belongs to. Both stay null until the seller knows
// them: a deal whose cost is unknown is left out of profit sums, never counted as free.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('opportunities').addColumn('delivery_cost', 'double precision').addColumn('territory', 'text').execute();
  // The API refuses bad values first, naming the field; the database keeps them out whatever writes the row. The
  // upper bound also shuts out 'Infinity' and 'NaN' (PostgreSQL sorts NaN above every number).
  await db.schema.alterTable('opportunities').addCheckConstraint('opportunities_delivery_cost_valid', sql`delivery_cost >= 0 and delivery_cost < 'Infinity'::double precision`).execute();
  // Trimmed and never empty (no territory is null), so grouping never splits "EMEA" from "EMEA ".
  await db.schema.alterTable('opportunities').addCheckConstraint('opportunities_territory_valid', sql`territory = btrim(territory) and char_length(territory) between 1 and 60`).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  // Dropping a column drops the check constraints that read it.
  await db.schema.alterTable('opportunities').dropColumn('territory').dropColumn('delivery_cost').execute();
}
