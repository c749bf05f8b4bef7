import { sql, type Kysely } from 'kysely';

// The playbook library's readers, per org. The playbooks themselves are files shipped with Pulse (decision 015);
// these tables hold only what readers do with them, keyed by the playbook's slug.
export async function up(db: Kysely<unknown>): Promise<void> {
  // One row per reader, playbook and day (UTC): a view counts each signed-in reader once a day, however often
  // they reopen the page, so the count says how many reading days a playbook had, not how many reloads.
  await db.schema
    .createTable('playbook_views')
    .addColumn('org_id', 'uuid', (c) => c.notNull().references('orgs.id').onDelete('cascade'))
    .addColumn('playbook_slug', 'text', (c) => c.notNull())
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('viewed_on', 'date', (c) => c.notNull())
    .addPrimaryKeyConstraint('playbook_views_pkey', ['org_id', 'playbook_slug', 'user_id', 'viewed_on'])
    .execute();
  // "Was this helpful?": one answer per reader and playbook, which they may change.
  await db.schema
    .createTable('playbook_feedback')
    .addColumn('org_id', 'uuid', (c) => c.notNull().references('orgs.id').onDelete('cascade'))
    .addColumn('playbook_slug', 'text', (c) => c.notNull())
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('is_helpful', 'boolean', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('playbook_feedback_pkey', ['org_id', 'playbook_slug', 'user_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('playbook_feedback').execute();
  await db.schema.dropTable('playbook_views').execute();
}
