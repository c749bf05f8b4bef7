import { sql, type Kysely } from 'kysely';

// A closed cycle records the principles it was judged against (the org's active principles when it closed, each at
// the version then current, in the org's order), so that retiring or adding a principle later does not change its
// coverage, thin reviews or ranking. An open cycle has none recorded: it follows the org's active principles.
// Cycles closed before this was recorded take the principles active now: what they were judged against at close
// was never stored, and today's active set is what their calibration showed until now, so it is the best record there is.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table review_cycles add column principles jsonb`.execute(db);
  await sql`
    update review_cycles c set principles = coalesce((
      select jsonb_agg(jsonb_build_object('principleId', p.id, 'version', p.current_version) order by p.position, p.id)
      from principles p where p.org_id = c.org_id and p.status = 'active'
    ), '[]'::jsonb)
    where c.status = 'closed'`.execute(db);
  await sql`alter table review_cycles add constraint review_cycles_principles_when_closed check ((status = 'closed') = (principles is not null))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table review_cycles drop constraint if exists review_cycles_principles_when_closed, drop column if exists principles`.execute(db);
}
