import { sql, type Kysely } from 'kysely';

// People and the org chart (people, teams, initiatives, allocations), Bar Raiser hiring (pool,
// requisitions, candidates, loops, seats, feedback, offers) and reviews (evidence ledger, cycles,
// reviews, promotion cases). Every table carries org_id; references stay inside one org by the
// services' queries, which always filter by it.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('people')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('org_id', 'uuid', (c) => c.notNull().references('orgs.id').onDelete('cascade'))
    .addColumn('user_id', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('level', 'integer', (c) => c.notNull())
    .addColumn('manager_id', 'uuid', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('dotted_line_manager_id', 'uuid', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create unique index people_org_email_key on people (org_id, lower(email))`.execute(db);
  await sql`create unique index people_org_user_key on people (org_id, user_id) where user_id is not null`.execute(db);
  await db.schema.createIndex('people_manager_idx').on('people').columns(['org_id', 'manager_id']).execute();

  await db.schema
    .createTable('initiatives')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('org_id', 'uuid', (c) => c.notNull().references('orgs.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('active', 'paused', 'done')`))
    .addColumn('stl_person_id', 'uuid', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('teams')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('org_id', 'uuid', (c) => c.notNull().references('orgs.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('is_single_threaded', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('initiative_id', 'uuid', (c) => c.references('initiatives.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create unique index teams_org_name_key on teams (org_id, lower(name))`.execute(db);

  await db.schema
    .createTable('allocations')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('org_id', 'uuid', (c) => c.notNull().references('orgs.id').onDelete('cascade'))
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('team_id', 'uuid', (c) => c.references('teams.id').onDelete('cascade'))
    .addColumn('initiative_id', 'uuid', (c) => c.references('initiatives.id').onDelete('cascade'))
    .addColumn('percent', 'integer', (c) => c.notNull().check(sql`percent between 1 and 100`))
    .addCheckConstraint('allocations_one_target', sql`(team_id is null) <> (initiative_id is null)`)
    .execute();
  await db.schema.createIndex('allocations_person_idx').on('allocations').columns(['org_id', 'person_id']).execute();

  await db.schema
    .createTable('bar_raisers')
    .addColumn('org_id', 'uuid', (c) => c.notNull().references('orgs.id').onDelete('cascade'))
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('certified', 'in_training')`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('bar_raisers_pkey', ['org_id', 'person_id'])
    .execute();

  await db.schema
    .createTable('requisitions')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('org_id', 'uuid', (c) => c.notNull().references('orgs.id').onDelete('cascade'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('level', 'integer', (c) => c.notNull())
    .addColumn('team_id', 'uuid', (c) => c.notNull().references('teams.id'))
    .addColumn('hiring_manager_id', 'uuid', (c) => c.notNull().references('people.id'))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('open').check(sql`status in ('open', 'closed')`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('candidates')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('org_id', 'uuid', (c) => c.notNull().references('orgs.id').onDelete('cascade'))
    .addColumn('requisition_id', 'uuid', (c) => c.notNull().references('requisitions.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('candidates_requisition_idx').on('candidates').columns(['org_id', 'requisition_id']).execute();

  await db.schema
    .createTable('loops')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('org_id', 'uuid', (c) => c.notNull().references('orgs.id').onDelete('cascade'))
    .addColumn('candidate_id', 'uuid', (c) => c.notNull().unique().references('candidates.id').onDelete('cascade'))
    .addColumn('interview_at', 'timestamptz', (c) => c.notNull())
    .addColumn('decision', 'text', (c) => c.check(sql`decision in ('hire', 'no_hire')`))
    .addColumn('is_better_than_half', 'boolean')
    .addColumn('justification', 'text')
    .addColumn('decided_by', 'uuid', (c) => c.references('users.id'))
    .addColumn('decided_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('loop_seats')
    .addColumn('loop_id', 'uuid', (c) => c.notNull().references('loops.id').onDelete('cascade'))
    .addColumn('org_id', 'uuid', (c) => c.notNull().references('orgs.id').onDelete('cascade'))
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('people.id'))
    .addColumn('seat', 'text', (c) => c.notNull().check(sql`seat in ('interviewer', 'bar_raiser', 'shadow')`))
    .addColumn('principles', 'jsonb', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('loop_seats_pkey', ['loop_id', 'person_id'])
    .execute();
  await db.schema.createIndex('loop_seats_person_idx').on('loop_seats').columns(['org_id', 'person_id']).execute();

  await db.schema
    .createTable('feedback')
    .addColumn('loop_id', 'uuid', (c) => c.notNull().references('loops.id').onDelete('cascade'))
    .addColumn('org_id', 'uuid', (c) => c.notNull().references('orgs.id').onDelete('cascade'))
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('people.id'))
    .addColumn('vote', 'text', (c) => c.notNull().check(sql`vote in ('strongly_inclined', 'inclined', 'not_inclined', 'strongly_not_inclined')`))
    .addColumn('ratings', 'jsonb', (c) => c.notNull())
    .addColumn('submitted_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('feedback_pkey', ['loop_id', 'person_id'])
    .execute();

  await db.schema
    .createTable('offers')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('org_id', 'uuid', (c) => c.notNull().references('orgs.id').onDelete('cascade'))
    .addColumn('candidate_id', 'uuid', (c) => c.notNull().unique().references('candidates.id').onDelete('cascade'))
    .addColumn('created_by', 'uuid', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('evidence_entries')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('org_id', 'uuid', (c) => c.notNull().references('orgs.id').onDelete('cascade'))
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('principle_id', 'uuid', (c) => c.notNull().references('principles.id'))
    .addColumn('principle_version', 'integer', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('author_user_id', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('evidence_person_idx').on('evidence_entries').columns(['org_id', 'person_id']).execute();

  await db.schema
    .createTable('review_cycles')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('org_id', 'uuid', (c) => c.notNull().references('orgs.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('open', 'closed')`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('reviews')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('org_id', 'uuid', (c) => c.notNull().references('orgs.id').onDelete('cascade'))
    .addColumn('cycle_id', 'uuid', (c) => c.notNull().references('review_cycles.id').onDelete('cascade'))
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('ratings', 'jsonb', (c) => c.notNull())
    .addColumn('reviewer_user_id', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    // Counts saves, so a save made on top of an older copy is refused instead of silently overwriting.
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('reviews_cycle_person_key', ['cycle_id', 'person_id'])
    .execute();

  await db.schema
    .createTable('promotion_cases')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('org_id', 'uuid', (c) => c.notNull().references('orgs.id').onDelete('cascade'))
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('from_level', 'integer', (c) => c.notNull())
    .addColumn('target_level', 'integer', (c) => c.notNull())
    .addColumn('sections', 'jsonb', (c) => c.notNull())
    .addColumn('author_user_id', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['promotion_cases', 'reviews', 'review_cycles', 'evidence_entries', 'offers', 'feedback', 'loop_seats', 'loops', 'candidates', 'requisitions', 'bar_raisers', 'allocations', 'teams', 'initiatives', 'people']) {
    await db.schema.dropTable(table).execute();
  }
}
