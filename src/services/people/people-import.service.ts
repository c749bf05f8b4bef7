import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { importError, peopleImportProblems, readPeopleCsv, writePeopleCsv } from '../../domain/people/people-csv.js';
import { nameKey } from '../../domain/names.js';
import type { OrgViolation } from '../../domain/people/single-threaded-rules.js';
import type { Db } from '../../storage/database.js';
import { recordAuditEvent } from '../audit/audit.service.js';
import { requirePermission, type OrgActor } from '../context.js';
import { currentViolations, lockOrgStructure } from './org-state.js';

export interface ImportSummary {
  created: number;
  updated: number;
  teamsCreated: number;
  /** Single-threaded rules the org breaks after the import: an import warns, it does not block. */
  violations: OrgViolation[];
}

const CHUNK = 1_000;

function chunks<T>(items: readonly T[]): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += CHUNK) result.push(items.slice(start, start + CHUNK));
  return result;
}

/**
 * Imports people and reporting lines from CSV text, all or nothing: every row is checked first, against the org too,
 * and every problem found is refused in one error (by line and field), then the whole file is written in one
 * transaction. People are matched by email, so a second import of the same file updates rather than duplicates.
 * `now` dates the new people, the new teams and the audit event (the demo's org chart, drawn before its work);
 * without it, the database's clock.
 */
export async function importPeopleCsv(db: Db, actor: OrgActor, text: string, file: string, now?: Date): Promise<ImportSummary> {
  requirePermission(actor, 'people.manage');
  const reading = readPeopleCsv(text, file);
  const { rows } = reading;
  const dated = now === undefined ? {} : { created_at: now };
  return db.transaction().execute(async (trx) => {
    await lockOrgStructure(trx, actor.orgId);
    const existing = await trx
      .selectFrom('people as p')
      .leftJoin('people as m', 'm.id', 'p.manager_id')
      .leftJoin('people as d', 'd.id', 'p.dotted_line_manager_id')
      .select(['p.id', 'p.email', 'p.level', 'p.user_id', 'p.left_on', 'm.email as manager_email', 'd.email as dotted_email'])
      .where('p.org_id', '=', actor.orgId)
      .execute();
    // Read under the org-structure lock that archiving holds too: a team archived meanwhile is seen archived here.
    const teams = await trx.selectFrom('teams').select(['id', 'name', 'archived_at']).where('org_id', '=', actor.orgId).execute();
    const own = existing.find((row) => row.user_id === actor.userId);
    // Checked before anything is written, bad rows and all, so one attempt names every problem it can.
    const problems = peopleImportProblems(reading, {
      existingLinesByEmail: new Map(existing.map((row) => [row.email, { managerEmail: row.manager_email, dottedLineManagerEmail: row.dotted_email }])),
      leftOnByEmail: new Map(existing.flatMap((row) => (row.left_on === null ? [] : [[row.email, row.left_on] as const]))),
      own: own === undefined ? null : { email: own.email, level: own.level },
      archivedTeamsByKey: new Map(teams.filter((team) => team.archived_at !== null).map((team) => [nameKey(team.name), team.name])),
    });
    if (problems.length > 0) throw importError(file, problems);

    const idByEmail = new Map(existing.map((row) => [row.email, row.id]));
    const members = await trx.selectFrom('memberships').innerJoin('users', 'users.id', 'memberships.user_id').select(['users.id', 'users.email']).where('memberships.org_id', '=', actor.orgId).execute();
    const linkedUsers = new Set((await trx.selectFrom('people').select('user_id').where('org_id', '=', actor.orgId).where('user_id', 'is not', null).execute()).map((row) => row.user_id));
    const userByEmail = new Map(members.filter((member) => !linkedUsers.has(member.id)).map((member) => [member.email.toLowerCase(), member.id]));

    const fresh = rows.filter((row) => !idByEmail.has(row.email));
    for (const row of fresh) idByEmail.set(row.email, randomUUID());
    for (const part of chunks(fresh)) {
      await trx
        .insertInto('people')
        .values(part.map((row) => ({ id: idByEmail.get(row.email)!, org_id: actor.orgId, name: row.name, email: row.email, role: row.role, level: row.level, manager_id: null, dotted_line_manager_id: null, user_id: userByEmail.get(row.email) ?? null, ...dated })))
        .execute();
    }
    // Reporting lines in a second pass: a manager may appear later in the file than their reports.
    for (const part of chunks(rows)) {
      const values = sql.join(part.map((row) => sql`(${idByEmail.get(row.email)!}::uuid, ${row.name}, ${row.role}, ${row.level}::int, ${row.managerEmail ? idByEmail.get(row.managerEmail)! : null}::uuid, ${row.dottedLineManagerEmail ? idByEmail.get(row.dottedLineManagerEmail)! : null}::uuid, ${userByEmail.get(row.email) ?? null}::uuid)`));
      // An existing person without a login is linked to a member with their email, as a new one is.
      await sql`update people set name = v.name, role = v.role, level = v.level, manager_id = v.manager_id, dotted_line_manager_id = v.dotted, user_id = coalesce(people.user_id, v.user_id)
        from (values ${values}) as v(id, name, role, level, manager_id, dotted, user_id)
        where people.id = v.id and people.org_id = ${actor.orgId}`.execute(trx);
    }

    // Teams are found by names.ts nameKey, as the API compares team names: "robots", "Robots" and a look-alike are
    // one team, the org's if it has it, else created once, under the name it first has in the file.
    const teamByKey = new Map(teams.map((team) => [nameKey(team.name), team.id]));
    const newTeams = new Map<string, string>();
    for (const row of rows) if (row.team !== null && !teamByKey.has(nameKey(row.team)) && !newTeams.has(nameKey(row.team))) newTeams.set(nameKey(row.team), row.team);
    if (newTeams.size > 0) {
      const created = await trx.insertInto('teams').values([...newTeams.values()].map((name) => ({ org_id: actor.orgId, name, ...dated }))).returning(['id', 'name']).execute();
      for (const team of created) teamByKey.set(nameKey(team.name), team.id);
    }
    const withTeam = rows.filter((row) => row.team !== null);
    for (const part of chunks(withTeam)) {
      const pairs = part.map((row) => ({ personId: idByEmail.get(row.email)!, teamId: teamByKey.get(nameKey(row.team!))!, percent: row.teamPercent ?? 100 }));
      await trx.deleteFrom('allocations').where('org_id', '=', actor.orgId).where((eb) => eb.or(pairs.map((pair) => eb.and([eb('person_id', '=', pair.personId), eb('team_id', '=', pair.teamId)])))).execute();
      await trx.insertInto('allocations').values(pairs.map((pair) => ({ org_id: actor.orgId, person_id: pair.personId, team_id: pair.teamId, initiative_id: null, percent: pair.percent }))).execute();
    }

    const summary = { created: fresh.length, updated: rows.length - fresh.length, teamsCreated: newTeams.size };
    await recordAuditEvent(trx, { at: now, orgId: actor.orgId, actorUserId: actor.userId, action: 'people.imported', subjectType: 'org', subjectId: actor.orgId, data: { file, ...summary } });
    return { ...summary, violations: await currentViolations(trx, actor.orgId) };
  });
}

/** Everyone still here as CSV in the import format (their largest team allocation, if any), so export → import round-trips. */
export async function exportPeopleCsv(db: Db, actor: OrgActor): Promise<string> {
  requirePermission(actor, 'people.read');
  const people = await db
    .selectFrom('people as p')
    .leftJoin('people as m', 'm.id', 'p.manager_id')
    .leftJoin('people as d', 'd.id', 'p.dotted_line_manager_id')
    .select(['p.id', 'p.name', 'p.email', 'p.role', 'p.level', 'm.email as manager_email', 'd.email as dotted_email'])
    .where('p.org_id', '=', actor.orgId)
    .where('p.left_on', 'is', null)
    .orderBy('p.name')
    .orderBy('p.id')
    .execute();
  const teamAllocations = await db
    .selectFrom('allocations')
    .innerJoin('teams', 'teams.id', 'allocations.team_id')
    .select(['allocations.person_id', 'teams.name', 'allocations.percent'])
    .where('allocations.org_id', '=', actor.orgId)
    .orderBy('allocations.percent', 'asc')
    .execute();
  const teamOf = new Map(teamAllocations.map((row) => [row.person_id, row]));
  return writePeopleCsv(
    people.map((person) => {
      const team = teamOf.get(person.id);
      return { name: person.name, email: person.email, role: person.role, level: person.level, managerEmail: person.manager_email, dottedLineManagerEmail: person.dotted_email, team: team?.name ?? null, teamPercent: team?.percent ?? null };
    }),
  );
}
