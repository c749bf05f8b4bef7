import { sql, type Kysely } from 'kysely';

// The candidate's answer to an offer: accepted or declined, on the day they gave it (as the hiring side heard it),
// an optional note, and who recorded it when. Recorded once. A declined offer no longer fills its requisition's
// opening (requisition.opening_filled); an accepted one, like one still awaiting its answer, does. Offers made
// before this migration stay unanswered.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('offers')
    .addColumn('answer', 'text')
    .addColumn('answered_on', 'date')
    .addColumn('answer_note', 'text')
    .addColumn('answered_by', 'uuid', (c) => c.references('users.id'))
    .addColumn('answered_at', 'timestamptz')
    .execute();
  await sql`alter table offers add constraint offers_answer_check check (
    (answer is null or answer in ('accepted', 'declined'))
    and (answer is null) = (answered_on is null)
    and (answer is null) = (answered_by is null)
    and (answer is null) = (answered_at is null)
    and (answer is not null or answer_note is null))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('offers').dropConstraint('offers_answer_check').execute();
  await db.schema.alterTable('offers').dropColumn('answered_at').dropColumn('answered_by').dropColumn('answer_note').dropColumn('answered_on').dropColumn('answer').execute();
}
