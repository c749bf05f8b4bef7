import { sql, type Kysely } from 'kysely';

// A candidate's offers become a history: after a decline the hiring side may make a revised offer, kept beside the
// earlier ones. The one-offer-per-candidate constraint gives way to a partial unique index that still allows at most
// one offer per candidate that is not declined (awaiting its answer, or accepted and final), so two open offers
// cannot coexist even if a caller skipped the requisition's lock. Existing rows (one per candidate) all fit it.
// The index on (candidate_id, created_at) replaces the one the unique constraint gave, and reads the history in order.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('offers').dropConstraint('offers_candidate_id_key').execute();
  await db.schema.createIndex('offers_candidate_history_idx').on('offers').columns(['candidate_id', 'created_at']).execute();
  await sql`create unique index offers_one_standing_per_candidate on offers (candidate_id) where answer is distinct from 'declined'`.execute(db);
}

// Down fails while a candidate has more than one offer: the older schema holds one, and dropping history is no undo.
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('offers_one_standing_per_candidate').execute();
  await db.schema.dropIndex('offers_candidate_history_idx').execute();
  await db.schema.alterTable('offers').addUniqueConstraint('offers_candidate_id_key', ['candidate_id']).execute();
}
