import type { Kysely } from 'kysely';

// When a candidate was last reinstated (after a withdrawal or a rejection). Their loop's owed feedback falls due
// counting from then, not from an interview held before they left: an interviewer could not be late with a
// scorecard nobody asked of them while the candidate was out. Candidates never reinstated keep null.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('candidates').addColumn('reinstated_at', 'timestamptz').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('candidates').dropColumn('reinstated_at').execute();
}
