import { type Kysely } from 'kysely';

// Reminders sent to an interviewer whose scorecard is late, by a recruiter, an admin or the requisition's hiring
// manager: who sent each and when. One a day per interviewer and loop (the key on the UTC day), so a chase stays a
// nudge and not a flood.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('feedback_reminders')
    .addColumn('loop_id', 'uuid', (c) => c.notNull().references('loops.id').onDelete('cascade'))
    .addColumn('org_id', 'uuid', (c) => c.notNull().references('orgs.id').onDelete('cascade'))
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('people.id'))
    .addColumn('reminded_by', 'uuid', (c) => c.notNull().references('users.id'))
    .addColumn('reminded_at', 'timestamptz', (c) => c.notNull())
    .addColumn('reminded_on', 'date', (c) => c.notNull())
    .addPrimaryKeyConstraint('feedback_reminders_pkey', ['loop_id', 'person_id', 'reminded_on'])
    .execute();
  await db.schema.createIndex('feedback_reminders_person_idx').on('feedback_reminders').columns(['org_id', 'person_id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('feedback_reminders').execute();
}
