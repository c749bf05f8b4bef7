import { sql, type Kysely } from 'kysely';

// A review records the person's role and level when it is written, so a cycle's calibration groups people as they
// were in that cycle: a later promotion or change of role must not move them to another group of a closed cycle.
// Existing reviews take the person's role and level as they are now (the best record there is).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table reviews add column role text, add column level integer`.execute(db);
  await sql`update reviews set role = people.role, level = people.level from people where people.id = reviews.person_id`.execute(db);
  await sql`alter table reviews alter column role set not null, alter column level set not null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table reviews drop column if exists role, drop column if exists level`.execute(db);
}
