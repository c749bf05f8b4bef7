import { type Kysely } from 'kysely';

// When a candidate withdrew (took another job, stopped answering); null while they are still in the process. Their
// loop then stops asking for feedback and no longer holds its interviewers back from leaving the company.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('candidates').addColumn('withdrawn_at', 'timestamptz').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('candidates').dropColumn('withdrawn_at').execute();
}
