import { sql, type Kysely } from 'kysely';

// Sales discovery worked backwards: an opportunity per account (owner, stage, amount, close date), the buyer's
// future press release in four parts, its success criteria and its FAQ of objections.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('opportunities')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('org_id', 'uuid', (c) => c.notNull().references('orgs.id').onDelete('cascade'))
    .addColumn('account_name', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('owner_person_id', 'uuid', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('stage', 'text', (c) => c.notNull().defaultTo('discovery').check(sql`stage in ('discovery', 'solution', 'proposal', 'won', 'lost')`))
    .addColumn('lost_reason', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('amount', 'double precision')
    .addColumn('close_date', 'date')
    .addColumn('pr_headline', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('pr_problem', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('pr_outcome', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('pr_quote', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('stage_changed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    // A lost deal says why (the domain rule sales.lost_reason); the database keeps it so whatever writes the row.
    .addCheckConstraint('opportunities_lost_has_reason', sql`stage <> 'lost' or lost_reason <> ''`)
    .execute();
  await sql`create unique index opportunities_org_account_name_key on opportunities (org_id, lower(account_name), lower(name))`.execute(db);
  await db.schema.createIndex('opportunities_org_stage_idx').on('opportunities').columns(['org_id', 'stage']).execute();

  await db.schema
    .createTable('opportunity_success_criteria')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('org_id', 'uuid', (c) => c.notNull().references('orgs.id').onDelete('cascade'))
    .addColumn('opportunity_id', 'uuid', (c) => c.notNull().references('opportunities.id').onDelete('cascade'))
    .addColumn('metric', 'text', (c) => c.notNull())
    .addColumn('baseline', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('target', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('due_on', 'date')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('opportunity_success_criteria_idx').on('opportunity_success_criteria').columns(['org_id', 'opportunity_id']).execute();

  await db.schema
    .createTable('opportunity_objections')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('org_id', 'uuid', (c) => c.notNull().references('orgs.id').onDelete('cascade'))
    .addColumn('opportunity_id', 'uuid', (c) => c.notNull().references('opportunities.id').onDelete('cascade'))
    .addColumn('question', 'text', (c) => c.notNull())
    .addColumn('answer', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('open').check(sql`status in ('open', 'answered')`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('opportunity_objections_answered_has_answer', sql`status = 'open' or answer <> ''`)
    .execute();
  await db.schema.createIndex('opportunity_objections_idx').on('opportunity_objections').columns(['org_id', 'opportunity_id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('opportunity_objections').execute();
  await db.schema.dropTable('opportunity_success_criteria').execute();
  await db.schema.dropTable('opportunities').execute();
}
