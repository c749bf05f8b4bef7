import type { Kysely } from 'kysely';

// When an admin archived a team. A team with requisitions can never be deleted (its hiring record keeps it), so a
// team that is done is archived instead: it keeps its history but leaves the pickers and the default lists, and takes
// no new people, requisitions or initiatives. Null for a team in use; restoring it sets null again.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('teams').addColumn('archived_at', 'timestamptz').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('teams').dropColumn('archived_at').execute();
}
