import { AppError, notFound } from '../../domain/errors.js';
import type { InitiativeStage } from '../../domain/initiatives/stages.js';
import { assertAllocationTarget, type InitiativeStatus } from '../../domain/people/people-rules.js';
import type { Db } from '../../storage/database.js';
import { isUniqueViolation } from '../../storage/pg-errors.js';
import { recordAuditEvent } from '../audit/audit.service.js';
import { requirePermission, type OrgActor } from '../context.js';
import { changeOrgStructure } from './org-state.js';

export interface TeamMemberView {
  personId: string;
  name: string;
  percent: number;
}

export interface TeamView {
  id: string;
  name: string;
  isSingleThreaded: boolean;
  initiativeId: string | null;
  members: TeamMemberView[];
}

export interface InitiativeView {
  id: string;
  name: string;
  status: InitiativeStatus;
  stage: InitiativeStage;
  stl: { id: string; name: string } | null;
  members: TeamMemberView[];
}

function groupMembers(rows: readonly { target: string | null; person_id: string; name: string; percent: number }[]): Map<string, TeamMemberView[]> {
  const byTarget = new Map<string, TeamMemberView[]>();
  for (const row of rows) {
    if (row.target === null) continue;
    byTarget.set(row.target, [...(byTarget.get(row.target) ?? []), { personId: row.person_id, name: row.name, percent: row.percent }]);
  }
  return byTarget;
}

function allocationsWithNames(db: Db, orgId: string) {
  return db.selectFrom('allocations').innerJoin('people', 'people.id', 'allocations.person_id').where('allocations.org_id', '=', orgId).orderBy('people.name');
}

export async function listTeams(db: Db, actor: OrgActor): Promise<TeamView[]> {
  requirePermission(actor, 'people.read');
  const [teams, members] = await Promise.all([
    db.selectFrom('teams').select(['id', 'name', 'is_single_threaded', 'initiative_id']).where('org_id', '=', actor.orgId).orderBy('name').execute(),
    allocationsWithNames(db, actor.orgId).select(['allocations.team_id as target', 'allocations.person_id', 'people.name', 'allocations.percent']).where('allocations.team_id', 'is not', null).execute(),
  ]);
  const byTeam = groupMembers(members);
  return teams.map((team) => ({ id: team.id, name: team.name, isSingleThreaded: team.is_single_threaded, initiativeId: team.initiative_id, members: byTeam.get(team.id) ?? [] }));
}

export async function listInitiatives(db: Db, actor: OrgActor): Promise<InitiativeView[]> {
  requirePermission(actor, 'people.read');
  const [initiatives, members] = await Promise.all([
    db
      .selectFrom('initiatives')
      .leftJoin('people', 'people.id', 'initiatives.stl_person_id')
      .select(['initiatives.id', 'initiatives.name', 'initiatives.status', 'initiatives.stage', 'initiatives.stl_person_id', 'people.name as stl_name'])
      .where('initiatives.org_id', '=', actor.orgId)
      .orderBy('initiatives.name')
      .execute(),
    allocationsWithNames(db, actor.orgId).select(['allocations.initiative_id as target', 'allocations.person_id', 'people.name', 'allocations.percent']).where('allocations.initiative_id', 'is not', null).execute(),
  ]);
  const byInitiative = groupMembers(members);
  return initiatives.map((row) => ({
    id: row.id,
    name: row.name,
    status: row.status,
    stage: row.stage,
    stl: row.stl_person_id ? { id: row.stl_person_id, name: row.stl_name ?? '' } : null,
    members: byInitiative.get(row.id) ?? [],
  }));
}

/** Refuses an id (in `field`) that names no row of `table` in the org: another org's ids are not found either. */
export async function requireRow(db: Db, table: 'people' | 'teams' | 'initiatives', orgId: string, id: string, field: string): Promise<void> {
  const row = await db.selectFrom(table).select('id').where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('validation_failed', `${field}: not found in this org.`, { field });
}

function nameClash(error: unknown): never {
  if (isUniqueViolation(error)) throw new AppError('conflict', 'A team with that name already exists.', { field: 'name' });
  throw error;
}

export async function createTeam(db: Db, actor: OrgActor, input: { name: string; isSingleThreaded: boolean; initiativeId?: string | null | undefined }): Promise<TeamView> {
  requirePermission(actor, 'people.manage');
  const id = await changeOrgStructure(db, actor.orgId, async (trx) => {
    if (input.initiativeId) await requireRow(trx, 'initiatives', actor.orgId, input.initiativeId, 'initiativeId');
    const row = await trx
      .insertInto('teams')
      .values({ org_id: actor.orgId, name: input.name.trim(), is_single_threaded: input.isSingleThreaded, initiative_id: input.initiativeId ?? null })
      .returning('id')
      .executeTakeFirstOrThrow()
      .catch(nameClash);
    await recordAuditEvent(trx, { orgId: actor.orgId, actorUserId: actor.userId, action: 'team.created', subjectType: 'team', subjectId: row.id, data: { name: input.name.trim(), isSingleThreaded: input.isSingleThreaded } });
    return row.id;
  });
  return (await listTeams(db, actor)).find((team) => team.id === id)!;
}

export async function updateTeam(db: Db, actor: OrgActor, teamId: string, input: { name?: string | undefined; isSingleThreaded?: boolean | undefined; initiativeId?: string | null | undefined }): Promise<TeamView> {
  requirePermission(actor, 'people.manage');
  await changeOrgStructure(db, actor.orgId, async (trx) => {
    const team = await trx.selectFrom('teams').select('id').where('org_id', '=', actor.orgId).where('id', '=', teamId).forUpdate().executeTakeFirst();
    if (!team) throw notFound('Team');
    if (input.initiativeId) await requireRow(trx, 'initiatives', actor.orgId, input.initiativeId, 'initiativeId');
    const changes = {
      ...(input.name === undefined ? {} : { name: input.name.trim() }),
      ...(input.isSingleThreaded === undefined ? {} : { is_single_threaded: input.isSingleThreaded }),
      ...(input.initiativeId === undefined ? {} : { initiative_id: input.initiativeId }),
    };
    if (Object.keys(changes).length === 0) return;
    await trx.updateTable('teams').set(changes).where('org_id', '=', actor.orgId).where('id', '=', teamId).execute().catch(nameClash);
    await recordAuditEvent(trx, { orgId: actor.orgId, actorUserId: actor.userId, action: 'team.updated', subjectType: 'team', subjectId: teamId, data: { changed: Object.keys(changes) } });
  });
  const team = (await listTeams(db, actor)).find((candidate) => candidate.id === teamId);
  if (!team) throw notFound('Team');
  return team;
}

/** Gives the leader their 100% allocation to the initiative, in the same change that names them. */
async function allocateLeader(trx: Db, orgId: string, initiativeId: string, personId: string): Promise<void> {
  const existing = await trx.selectFrom('allocations').select('id').where('org_id', '=', orgId).where('person_id', '=', personId).where('initiative_id', '=', initiativeId).executeTakeFirst();
  if (existing) await trx.updateTable('allocations').set({ percent: 100 }).where('id', '=', existing.id).execute();
  else await trx.insertInto('allocations').values({ org_id: orgId, person_id: personId, initiative_id: initiativeId, team_id: null, percent: 100 }).execute();
}

export async function createInitiative(db: Db, actor: OrgActor, input: { name: string; status: InitiativeStatus; stlPersonId: string | null; stage?: InitiativeStage | undefined }): Promise<InitiativeView> {
  requirePermission(actor, 'people.manage');
  const id = await changeOrgStructure(db, actor.orgId, async (trx) => {
    if (input.stlPersonId) await requireRow(trx, 'people', actor.orgId, input.stlPersonId, 'stlPersonId');
    // A killed initiative is done, whatever the form said (as a kill through the pipeline makes it).
    const status = input.stage === 'killed' ? 'done' : input.status;
    const row = await trx.insertInto('initiatives').values({ org_id: actor.orgId, name: input.name.trim(), status, stl_person_id: input.stlPersonId, stage: input.stage ?? 'idea' }).returning('id').executeTakeFirstOrThrow();
    if (input.stlPersonId) await allocateLeader(trx, actor.orgId, row.id, input.stlPersonId);
    await recordAuditEvent(trx, { orgId: actor.orgId, actorUserId: actor.userId, action: 'initiative.created', subjectType: 'initiative', subjectId: row.id, data: { name: input.name.trim(), stlPersonId: input.stlPersonId, stage: input.stage ?? 'idea' } });
    return row.id;
  });
  return (await listInitiatives(db, actor)).find((initiative) => initiative.id === id)!;
}

export async function updateInitiative(db: Db, actor: OrgActor, initiativeId: string, input: { name?: string | undefined; status?: InitiativeStatus | undefined; stlPersonId?: string | null | undefined }): Promise<InitiativeView> {
  requirePermission(actor, 'people.manage');
  await changeOrgStructure(db, actor.orgId, async (trx) => {
    const current = await trx.selectFrom('initiatives').select(['id', 'stl_person_id']).where('org_id', '=', actor.orgId).where('id', '=', initiativeId).forUpdate().executeTakeFirst();
    if (!current) throw notFound('Initiative');
    if (input.stlPersonId) await requireRow(trx, 'people', actor.orgId, input.stlPersonId, 'stlPersonId');
    const changes = {
      ...(input.name === undefined ? {} : { name: input.name.trim() }),
      ...(input.status === undefined ? {} : { status: input.status }),
      ...(input.stlPersonId === undefined ? {} : { stl_person_id: input.stlPersonId }),
    };
    if (Object.keys(changes).length === 0) return;
    await trx.updateTable('initiatives').set(changes).where('org_id', '=', actor.orgId).where('id', '=', initiativeId).execute();
    if (input.stlPersonId && input.stlPersonId !== current.stl_person_id) await allocateLeader(trx, actor.orgId, initiativeId, input.stlPersonId);
    await recordAuditEvent(trx, {
      orgId: actor.orgId,
      actorUserId: actor.userId,
      action: 'initiative.updated',
      subjectType: 'initiative',
      subjectId: initiativeId,
      data: { changed: Object.keys(changes), ...(input.stlPersonId === undefined ? {} : { fromStl: current.stl_person_id, toStl: input.stlPersonId }) },
    });
  });
  const initiative = (await listInitiatives(db, actor)).find((candidate) => candidate.id === initiativeId);
  if (!initiative) throw notFound('Initiative');
  return initiative;
}

export interface AllocationInput {
  personId: string;
  teamId?: string | null | undefined;
  initiativeId?: string | null | undefined;
  percent: number;
}

/** Sets a person's percent on one team or initiative (replacing the percent they had there). */
export async function setAllocation(db: Db, actor: OrgActor, input: AllocationInput): Promise<{ id: string }> {
  requirePermission(actor, 'people.manage');
  assertAllocationTarget(input);
  return changeOrgStructure(db, actor.orgId, async (trx) => {
    await requireRow(trx, 'people', actor.orgId, input.personId, 'personId');
    if (input.teamId) await requireRow(trx, 'teams', actor.orgId, input.teamId, 'teamId');
    if (input.initiativeId) await requireRow(trx, 'initiatives', actor.orgId, input.initiativeId, 'initiativeId');
    let query = trx.selectFrom('allocations').select('id').where('org_id', '=', actor.orgId).where('person_id', '=', input.personId);
    query = input.teamId ? query.where('team_id', '=', input.teamId) : query.where('initiative_id', '=', input.initiativeId!);
    const existing = await query.executeTakeFirst();
    const id = existing
      ? (await trx.updateTable('allocations').set({ percent: input.percent }).where('id', '=', existing.id).returning('id').executeTakeFirstOrThrow()).id
      : (await trx.insertInto('allocations').values({ org_id: actor.orgId, person_id: input.personId, team_id: input.teamId ?? null, initiative_id: input.initiativeId ?? null, percent: input.percent }).returning('id').executeTakeFirstOrThrow()).id;
    await recordAuditEvent(trx, { orgId: actor.orgId, actorUserId: actor.userId, action: 'allocation.set', subjectType: 'person', subjectId: input.personId, data: { teamId: input.teamId ?? null, initiativeId: input.initiativeId ?? null, percent: input.percent } });
    return { id };
  });
}

export async function removeAllocation(db: Db, actor: OrgActor, allocationId: string): Promise<void> {
  requirePermission(actor, 'people.manage');
  await changeOrgStructure(db, actor.orgId, async (trx) => {
    const row = await trx.deleteFrom('allocations').where('org_id', '=', actor.orgId).where('id', '=', allocationId).returning(['person_id', 'team_id', 'initiative_id', 'percent']).executeTakeFirst();
    if (!row) throw notFound('Allocation');
    await recordAuditEvent(trx, { orgId: actor.orgId, actorUserId: actor.userId, action: 'allocation.removed', subjectType: 'person', subjectId: row.person_id, data: { teamId: row.team_id, initiativeId: row.initiative_id, percent: row.percent } });
  });
}
