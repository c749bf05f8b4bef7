import { sql } from 'kysely';
import { findOrgViolations, assertNoNewViolations, type OrgState, type OrgViolation } from '../../domain/people/single-threaded-rules.js';
import type { Db } from '../../storage/database.js';

/** Everything the single-threaded rules read, for one org. */
export async function loadOrgState(db: Db, orgId: string): Promise<OrgState> {
  const [people, allocations, teams, initiatives] = await Promise.all([
    db.selectFrom('people').select(['id', 'name', 'manager_id', 'dotted_line_manager_id']).where('org_id', '=', orgId).where('left_on', 'is', null).execute(),
    db.selectFrom('allocations').select(['person_id', 'team_id', 'initiative_id', 'percent']).where('org_id', '=', orgId).execute(),
    db.selectFrom('teams').select(['id', 'name', 'is_single_threaded', 'initiative_id']).where('org_id', '=', orgId).execute(),
    db.selectFrom('initiatives').select(['id', 'name', 'status', 'stage', 'stl_person_id']).where('org_id', '=', orgId).execute(),
  ]);
  return {
    people: people.map((row) => ({ id: row.id, name: row.name, managerId: row.manager_id, dottedLineManagerId: row.dotted_line_manager_id })),
    allocations: allocations.map((row) => ({ personId: row.person_id, teamId: row.team_id, initiativeId: row.initiative_id, percent: row.percent })),
    teams: teams.map((row) => ({ id: row.id, name: row.name, isSingleThreaded: row.is_single_threaded, initiativeId: row.initiative_id })),
    initiatives: initiatives.map((row) => ({ id: row.id, name: row.name, status: row.status, stage: row.stage, stlPersonId: row.stl_person_id })),
  };
}

export async function currentViolations(db: Db, orgId: string): Promise<OrgViolation[]> {
  return findOrgViolations(await loadOrgState(db, orgId));
}

/** Serialises org-structure changes per org, so two changes cannot each pass the rules and together break them. */
export async function lockOrgStructure(trx: Db, orgId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext(${`people:${orgId}`}))`.execute(trx);
}

/**
 * Runs an org-structure change in one transaction and refuses it (rolling it back) when it adds a
 * single-threaded violation. Violations already in the data (from an import) do not block other edits.
 */
export async function changeOrgStructure<T>(db: Db, orgId: string, change: (trx: Db) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (trx) => changeOrgStructureIn(trx, orgId, change));
}

/** The same, inside a transaction the caller already holds (a change that is part of a larger one). */
export async function changeOrgStructureIn<T>(trx: Db, orgId: string, change: (trx: Db) => Promise<T>): Promise<T> {
  await lockOrgStructure(trx, orgId);
  const before = await currentViolations(trx, orgId);
  const result = await change(trx);
  assertNoNewViolations(before, await currentViolations(trx, orgId));
  return result;
}
