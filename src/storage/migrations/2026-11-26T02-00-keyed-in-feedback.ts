import { type Kysely } from 'kysely';

// Feedback a recruiter or admin keys in from the paper scorecard of an interviewer without a login: who keyed it
// in (null when the interviewer submitted it themselves).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('feedback').addColumn('keyed_in_by', 'uuid', (c) => c.references('users.id')).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('feedback').dropColumn('keyed_in_by').execute();
}
