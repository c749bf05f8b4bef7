import { sql, type Kysely } from 'kysely';

// People who have left the company: their record stays (feedback, reviews and evidence name them), with the day
// they left; null while they are here.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('people').addColumn('left_on', 'date').execute();
  await sql`create index people_present_idx on people (org_id) where left_on is null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('people_present_idx').execute();
  await db.schema.alterTable('people').dropColumn('left_on').execute();
}
