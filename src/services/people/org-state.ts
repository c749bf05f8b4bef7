import { sql } from 'kysely';
import { findOrgViolations, assertNoNewViolations, publicViolation, type MeasuredViolation, type OrgState, type OrgViolation } from '../../domain/people/single-threaded-rules.js';
import type { Db } from '../../storage/database.js';

/**
 * Everything the single-threaded rules read, for one org. People who left are read too, marked: the rules
 * no longer count them as anyone's report, but a message about something of theirs still names them.
 */
export async function loadOrgState(db: Db, orgId: string): Promise<OrgState> {
  const [people, allocations, teams, initiatives] = await Promise.all([
    db.selectFrom('people').select(['id', 'name', 'manager_id', 'dotted_line_manager_id', 'left_on']).where('org_id', '=', orgId).execute(),
    db.selectFrom('allocations').select(['person_id', 'team_id', 'initiative_id', 'percent']).where('org_id', '=', orgId).execute(),
    db.selectFrom('teams').select(['id', 'name', 'is_single_threaded', 'initiative_id']).where('org_id', '=', orgId).execute(),
    db.selectFrom('initiatives').select(['id', 'name', 'status', 'stage', 'stl_person_id']).where('org_id', '=', orgId).execute(),
  ]);
  return {
    people: people.map((row) => ({ id: row.id, name: row.name, managerId: row.manager_id, dottedLineManagerId: row.dotted_line_manager_id, hasLeft: row.left_on !== null })),
    allocations: allocations.map((row) => ({ personId: row.person_id, teamId: row.team_id, initiativeId: row.initiative_id, percent: row.percent })),
    teams: teams.map((row) => ({ id: row.id, name: row.name, isSingleThreaded: row.is_single_threaded, initiativeId: row.initiative_id })),
    initiatives: initiatives.map((row) => ({ id: row.id, name: row.name, status: row.status, stage: row.stage, stlPersonId: row.stl_person_id })),
  };
}

/** Every rule the org breaks now, as org health and an import's summary show them. */
export async function currentViolations(db: Db, orgId: string): Promise<OrgViolation[]> {
  return (await measuredViolations(db, orgId)).map(publicViolation);
}

/** The same with how far each break goes, which is what a change is compared on. */
async function measuredViolations(db: Db, orgId: string): Promise<MeasuredViolation[]> {
  return findOrgViolations(await loadOrgState(db, orgId));
}

/** Serialises org-structure changes per org, so two changes cannot each pass the rules and together break them. */
export async function lockOrgStructure(trx: Db, orgId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext(${`people:${orgId}`}))`.execute(trx);
}

/**
 * Runs an org-structure change in one transaction and refuses it (rolling it back) when it adds a
 * single-threaded violation or makes one already there worse. Violations already in the data (from an
 * import) do not block other edits, nor edits that reduce them.
 */
export async function changeOrgStructure<T>(db: Db, orgId: string, change: (trx: Db) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (trx) => changeOrgStructureIn(trx, orgId, change));
}

/** The same, inside a transaction the caller already holds (a change that is part of a larger one). */
export async function changeOrgStructureIn<T>(trx: Db, orgId: string, change: (trx: Db) => Promise<T>): Promise<T> {
  await lockOrgStructure(trx, orgId);
  const before = await measuredViolations(trx, orgId);
  const result = await change(trx);
  assertNoNewViolations(before, await measuredViolations(trx, orgId));
  return result;
}
