import type { Kysely } from 'kysely';

// What a move through a gate read, kept with the move, so the initiative's history can lead to it: the document
// and the version the gate judged (the PR/FAQ's verdict, its FAQ, the memo's writing checks), and the reading
// meeting whose decision passed it (or moved it back or killed it). Moves made before this migration read nothing
// recorded here: their history lines stay plain.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('initiative_transitions')
    .addColumn('document_id', 'uuid', (c) => c.references('documents.id').onDelete('set null'))
    .addColumn('document_version', 'integer')
    .addColumn('reading_meeting_id', 'uuid', (c) => c.references('reading_meetings.id').onDelete('set null'))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('initiative_transitions').dropColumn('reading_meeting_id').dropColumn('document_version').dropColumn('document_id').execute();
}
