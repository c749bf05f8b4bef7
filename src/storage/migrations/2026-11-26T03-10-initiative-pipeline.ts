import { sql, type Kysely } from 'kysely';

// The initiative pipeline: each initiative's stage (idea → press_release → … → launched, or killed), the PR/FAQ
// and the memo it is judged by, and every move between stages (who, when, from, to, why).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('initiatives')
    .addColumn('stage', 'text', (c) => c.notNull().defaultTo('idea').check(sql`stage in ('idea', 'press_release', 'faq', 'memo', 'reading_review', 'approved', 'staffing', 'building', 'launched', 'killed')`))
    .addColumn('prfaq_document_id', 'uuid', (c) => c.references('documents.id').onDelete('set null'))
    .addColumn('memo_document_id', 'uuid', (c) => c.references('documents.id').onDelete('set null'))
    .addColumn('stage_changed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  // Initiatives from before the pipeline were already being staffed and built (they had leaders and teams).
  await sql`update initiatives set stage = case when status = 'done' then 'launched' else 'building' end`.execute(db);

  await db.schema
    .createTable('initiative_transitions')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('org_id', 'uuid', (c) => c.notNull().references('orgs.id').onDelete('cascade'))
    .addColumn('initiative_id', 'uuid', (c) => c.notNull().references('initiatives.id').onDelete('cascade'))
    .addColumn('from_stage', 'text', (c) => c.notNull())
    .addColumn('to_stage', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('actor_user_id', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('initiative_transitions_idx').on('initiative_transitions').columns(['org_id', 'initiative_id', 'id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('initiative_transitions').execute();
  await db.schema.alterTable('initiatives').dropColumn('stage').dropColumn('prfaq_document_id').dropColumn('memo_document_id').dropColumn('stage_changed_at').execute();
}
