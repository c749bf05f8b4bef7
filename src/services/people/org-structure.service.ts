import { AppError, notFound } from '../../domain/errors.js';
import type { InitiativeStage } from '../../domain/initiatives/stages.js';
import { assertInitiativeNotKilled } from '../../domain/initiatives/pipeline-rules.js';
import { assertAllocationTarget, assertTeamNotArchived, isLiveInitiative, normaliseUnitName, type ArchivedTeamRefusal, type InitiativeStatus } from '../../domain/people/people-rules.js';
import { findLookAlike } from '../../domain/names.js';
import { assertSameContent, fieldsToken } from '../../domain/stale-write.js';
import type { Db } from '../../storage/database.js';
import { isUniqueViolation } from '../../storage/pg-errors.js';
import { isoTimestamp } from '../../storage/timestamps.js';
import { recordAuditEvent } from '../audit/audit.service.js';
import { can } from '../../domain/accounts/roles.js';
import { requirePermission, type OrgActor } from '../context.js';
import { changeOrgStructure } from './org-state.js';
import { allocationEditToken, allocationsToken, assertPersonHere } from './people.service.js';

export interface TeamMemberView {
  personId: string;
  name: string;
  percent: number;
  /** The allocation that puts them there, and its token: send it as `baseToken` when removing it from the row. */
  allocationId: string;
  editToken: string;
}

/** Someone on a team that works on an initiative: its people, besides those allocated to the initiative itself. */
export interface InitiativeTeamMemberView extends TeamMemberView {
  teamId: string;
  teamName: string;
}

export interface TeamView {
  id: string;
  name: string;
  isSingleThreaded: boolean;
  initiativeId: string | null;
  members: TeamMemberView[];
  /** When an admin archived it (it takes no new people, requisitions or initiatives); null while in use. */
  archivedAt: string | null;
  /** Send it back as `baseToken` with a change: one made to the team since refuses it (409). */
  editToken: string;
}

export interface InitiativeView {
  id: string;
  name: string;
  status: InitiativeStatus;
  stage: InitiativeStage;
  stl: { id: string; name: string } | null;
  members: TeamMemberView[];
  /** The teams set to work on it (a single-threaded team is the one its leader staffs). */
  teams: { id: string; name: string; isSingleThreaded: boolean }[];
  /** The people of those teams, by team: who works on it besides those allocated to it directly. */
  teamMembers: InitiativeTeamMemberView[];
  /** Send it back as `baseToken` with a change: one made to the initiative since refuses it (409). */
  editToken: string;
}

/**
 * What a team's edit writes, and whether it is archived (a colleague's archive or restore makes an edit read before it
 * stale); its members change by allocations, which a team edit never overwrites.
 */
const teamEditToken = (team: { name: string; is_single_threaded: boolean; initiative_id: string | null; archived_at: Date | null }) => fieldsToken([team.name, team.is_single_threaded, team.initiative_id, team.archived_at !== null]);
const TEAM_COLUMNS = ['id', 'name', 'is_single_threaded', 'initiative_id', 'archived_at'] as const;

/** What an initiative's edit writes (a kill in the pipeline sets its status, so that counts too); its stage moves through the pipeline's own check. */
export const initiativeEditToken = (initiative: { name: string; status: string; stl_person_id: string | null }) => fieldsToken([initiative.name, initiative.status, initiative.stl_person_id]);

interface AllocationRow {
  id: string;
  team_id: string | null;
  initiative_id: string | null;
  person_id: string;
  name: string;
  percent: number;
}

function groupMembers(rows: readonly AllocationRow[], targetOf: (row: AllocationRow) => string | null): Map<string, TeamMemberView[]> {
  const byTarget = new Map<string, TeamMemberView[]>();
  for (const row of rows) {
    const target = targetOf(row);
    if (target === null) continue;
    byTarget.set(target, [...(byTarget.get(target) ?? []), { personId: row.person_id, name: row.name, percent: row.percent, allocationId: row.id, editToken: allocationEditToken(row) }]);
  }
  return byTarget;
}

function allocationsWithNames(db: Db, orgId: string) {
  return db
    .selectFrom('allocations')
    .innerJoin('people', 'people.id', 'allocations.person_id')
    .select(['allocations.id', 'allocations.team_id', 'allocations.initiative_id', 'allocations.person_id', 'people.name', 'allocations.percent'])
    .where('allocations.org_id', '=', orgId)
    .orderBy('people.name');
}

/** The org's teams by name; archived ones only with `includeArchived` (they are history, not where work goes). */
export async function listTeams(db: Db, actor: OrgActor, options: { includeArchived?: boolean } = {}): Promise<TeamView[]> {
  requirePermission(actor, 'people.read');
  let teamQuery = db.selectFrom('teams').select(TEAM_COLUMNS).where('org_id', '=', actor.orgId).orderBy('name');
  if (options.includeArchived !== true) teamQuery = teamQuery.where('archived_at', 'is', null);
  const [teams, members] = await Promise.all([
    teamQuery.execute(),
    allocationsWithNames(db, actor.orgId).where('allocations.team_id', 'is not', null).execute(),
  ]);
  const byTeam = groupMembers(members, (row) => row.team_id);
  return teams.map((team) => ({ id: team.id, name: team.name, isSingleThreaded: team.is_single_threaded, initiativeId: team.initiative_id, members: byTeam.get(team.id) ?? [], archivedAt: isoTimestamp(team.archived_at), editToken: teamEditToken(team) }));
}

/** One team as the list shows it, archived or not (after a change to it). */
async function teamView(db: Db, actor: OrgActor, teamId: string): Promise<TeamView> {
  const team = (await listTeams(db, actor, { includeArchived: true })).find((candidate) => candidate.id === teamId);
  if (!team) throw notFound('Team');
  return team;
}

export async function listInitiatives(db: Db, actor: OrgActor): Promise<InitiativeView[]> {
  requirePermission(actor, 'people.read');
  const [initiatives, members, teams] = await Promise.all([
    db
      .selectFrom('initiatives')
      .leftJoin('people', 'people.id', 'initiatives.stl_person_id')
      .select(['initiatives.id', 'initiatives.name', 'initiatives.status', 'initiatives.stage', 'initiatives.stl_person_id', 'people.name as stl_name'])
      .where('initiatives.org_id', '=', actor.orgId)
      .orderBy('initiatives.name')
      .execute(),
    // Every allocation: those to an initiative, and those to a team, which count for the initiative the team works on.
    allocationsWithNames(db, actor.orgId).execute(),
    db.selectFrom('teams').select(['id', 'name', 'is_single_threaded', 'initiative_id']).where('org_id', '=', actor.orgId).where('initiative_id', 'is not', null).orderBy('name').execute(),
  ]);
  const byInitiative = groupMembers(members, (row) => row.initiative_id);
  const byTeam = groupMembers(members, (row) => row.team_id);
  // Who works on an initiative is its leader and direct allocations plus the people of the teams set to work on it:
  // an executive reading "Adaptive gripper" expects the Gripper team there, not only its leader.
  const teamsOf = (initiativeId: string) => teams.filter((team) => team.initiative_id === initiativeId);
  return initiatives.map((row) => ({
    id: row.id,
    name: row.name,
    status: row.status,
    stage: row.stage,
    stl: row.stl_person_id ? { id: row.stl_person_id, name: row.stl_name ?? '' } : null,
    members: byInitiative.get(row.id) ?? [],
    teams: teamsOf(row.id).map((team) => ({ id: team.id, name: team.name, isSingleThreaded: team.is_single_threaded })),
    teamMembers: teamsOf(row.id).flatMap((team) => (byTeam.get(team.id) ?? []).map((member) => ({ ...member, teamId: team.id, teamName: team.name }))),
    editToken: initiativeEditToken(row),
  }));
}

/**
 * Refuses an id (in `field`) that names no row of `table` in the org: another org's ids are not found either.
 * Returns the row's name, for the audit event that records the change (a reader needs names, not ids).
 * A person named in a change is checked with `assertPersonHere` instead, which also refuses those who left.
 */
export async function requireRow(db: Db, table: 'people' | 'teams' | 'initiatives', orgId: string, id: string, field: string): Promise<string> {
  const row = await db.selectFrom(table).select('name').where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('validation_failed', `${field}: not found in this org.`, { field });
  return row.name;
}

/**
 * The name of a team that is being given work (`refused` says what: people, a requisition, an initiative), refusing
 * an id not in the org (`field`) and an archived team (rule `team.archived`). The row is locked for share, so an
 * archive under way (which locks it for update) either came first and is seen, or waits for this change and then
 * sees what it added.
 */
export async function requireTeamTakingWork(db: Db, orgId: string, teamId: string, field: string, refused: ArchivedTeamRefusal): Promise<string> {
  const team = await db.selectFrom('teams').select(['name', 'archived_at']).where('org_id', '=', orgId).where('id', '=', teamId).forShare().executeTakeFirst();
  if (!team) throw new AppError('validation_failed', `${field}: not found in this org.`, { field });
  assertTeamNotArchived(team, field, refused);
  return team.name;
}

/**
 * The name of an initiative something is being put on (a team, an allocation), refusing a killed one: killing it
 * released its people and teams, and nothing new works on it.
 */
export async function requireLiveInitiative(db: Db, orgId: string, initiativeId: string, field: string): Promise<string> {
  const row = await db.selectFrom('initiatives').select(['name', 'stage']).where('org_id', '=', orgId).where('id', '=', initiativeId).executeTakeFirst();
  if (!row) throw new AppError('validation_failed', `${field}: not found in this org.`, { field });
  assertInitiativeNotKilled(row, field);
  return row.name;
}

/** A person's name for an audit event, whoever they are (someone who left included); null for nobody. */
async function personName(db: Db, orgId: string, personId: string | null): Promise<string | null> {
  if (personId === null) return null;
  const row = await db.selectFrom('people').select('name').where('org_id', '=', orgId).where('id', '=', personId).executeTakeFirst();
  return row?.name ?? null;
}

const teamNameTaken = () => new AppError('conflict', 'A team with that name already exists.', { field: 'name' });

function nameClash(error: unknown): never {
  if (isUniqueViolation(error)) throw teamNameTaken();
  throw error;
}

/**
 * Refuses a second initiative whose name reads as one the org has (names.ts nameKey: case, spacing and look-alike
 * characters aside), as a team's name is: two "Adaptive gripper" rows would split its people, metrics and history
 * between look-alikes. No unique index holds it (older data may have twins), so the check runs under the
 * org-structure lock every change here holds; `exceptId` is the initiative being renamed.
 */
export async function assertInitiativeNameFree(db: Db, orgId: string, name: string, exceptId: string | null): Promise<void> {
  const initiatives = await db.selectFrom('initiatives').select(['id', 'name']).where('org_id', '=', orgId).execute();
  if (findLookAlike(name, initiatives, exceptId)) throw new AppError('conflict', 'An initiative with that name already exists.', { field: 'name' });
}

/**
 * The same for teams: the unique index compares only `lower(name)`, so a look-alike ("Ｐｉｃｋｉｎｇ", a soft hyphen)
 * is refused here, under the org-structure lock, with the index's own refusal.
 */
async function assertTeamNameFree(db: Db, orgId: string, name: string, exceptId: string | null): Promise<void> {
  const teams = await db.selectFrom('teams').select(['id', 'name']).where('org_id', '=', orgId).execute();
  if (findLookAlike(name, teams, exceptId)) throw teamNameTaken();
}

/** `now` dates the team and its audit event (the demo's teams, made before their work); without it, the database's clock. */
export async function createTeam(db: Db, actor: OrgActor, input: { name: string; isSingleThreaded: boolean; initiativeId?: string | null | undefined }, now?: Date): Promise<TeamView> {
  requirePermission(actor, 'people.manage');
  const name = normaliseUnitName(input.name, 'team');
  const id = await changeOrgStructure(db, actor.orgId, async (trx) => {
    const initiativeName = input.initiativeId ? await requireLiveInitiative(trx, actor.orgId, input.initiativeId, 'initiativeId') : null;
    await assertTeamNameFree(trx, actor.orgId, name, null);
    const row = await trx
      .insertInto('teams')
      .values({ org_id: actor.orgId, name, is_single_threaded: input.isSingleThreaded, initiative_id: input.initiativeId ?? null, ...(now === undefined ? {} : { created_at: now }) })
      .returning('id')
      .executeTakeFirstOrThrow()
      .catch(nameClash);
    await recordAuditEvent(trx, { at: now, orgId: actor.orgId, actorUserId: actor.userId, action: 'team.created', subjectType: 'team', subjectId: row.id, data: { name, isSingleThreaded: input.isSingleThreaded, initiativeName } });
    return row.id;
  });
  return teamView(db, actor, id);
}

export async function updateTeam(db: Db, actor: OrgActor, teamId: string, input: { name?: string | undefined; isSingleThreaded?: boolean | undefined; initiativeId?: string | null | undefined; baseToken?: string | undefined }): Promise<TeamView> {
  requirePermission(actor, 'people.manage');
  await changeOrgStructure(db, actor.orgId, async (trx) => {
    const team = await trx.selectFrom('teams').select(TEAM_COLUMNS).where('org_id', '=', actor.orgId).where('id', '=', teamId).forUpdate().executeTakeFirst();
    if (!team) throw notFound('Team');
    assertSameContent(teamEditToken(team), input.baseToken, 'team', 'baseToken');
    // An archived team keeps its name editable (its history reads better with a clear one), but takes no new initiative.
    if (input.initiativeId && input.initiativeId !== team.initiative_id) assertTeamNotArchived(team, 'initiativeId', 'work on an initiative');
    const initiativeName = !input.initiativeId ? null
      : input.initiativeId === team.initiative_id ? await requireRow(trx, 'initiatives', actor.orgId, input.initiativeId, 'initiativeId')
      : await requireLiveInitiative(trx, actor.orgId, input.initiativeId, 'initiativeId');
    const name = input.name === undefined ? undefined : normaliseUnitName(input.name, 'team');
    // Only what differs is changed and audited: a form that sends every field records what it changed, not all of them.
    const changes = {
      ...(name === undefined || name === team.name ? {} : { name }),
      ...(input.isSingleThreaded === undefined || input.isSingleThreaded === team.is_single_threaded ? {} : { is_single_threaded: input.isSingleThreaded }),
      ...(input.initiativeId === undefined || input.initiativeId === team.initiative_id ? {} : { initiative_id: input.initiativeId }),
    };
    if (Object.keys(changes).length === 0) return;
    if (changes.name !== undefined) await assertTeamNameFree(trx, actor.orgId, changes.name, teamId);
    await trx.updateTable('teams').set(changes).where('org_id', '=', actor.orgId).where('id', '=', teamId).execute().catch(nameClash);
    await recordAuditEvent(trx, {
      orgId: actor.orgId,
      actorUserId: actor.userId,
      action: 'team.updated',
      subjectType: 'team',
      subjectId: teamId,
      data: {
        name: changes.name ?? team.name,
        changed: Object.keys(changes),
        ...(changes.name === undefined ? {} : { fromName: team.name }),
        ...(changes.is_single_threaded === undefined ? {} : { isSingleThreaded: changes.is_single_threaded }),
        ...(changes.initiative_id === undefined ? {} : { initiativeId: changes.initiative_id, initiativeName }),
      },
    });
  });
  return teamView(db, actor, teamId);
}

/** A team's row as a delete or an archive reads it, locked for update under the org-structure lock, token checked. */
async function lockTeamForChange(trx: Db, orgId: string, teamId: string, baseToken: string | undefined) {
  const team = await trx.selectFrom('teams').select(TEAM_COLUMNS).where('org_id', '=', orgId).where('id', '=', teamId).forUpdate().executeTakeFirst();
  if (!team) throw notFound('Team');
  assertSameContent(teamEditToken(team), baseToken, 'team', 'baseToken');
  return team;
}

type TeamRow = Awaited<ReturnType<typeof lockTeamForChange>>;

/**
 * Refuses (rule `team.has_people`) while people are allocated to the team: a delete would drop their allocations with
 * it unseen (the foreign key cascades), and an archived team holding people would hide where they work.
 */
async function assertNobodyOnTeam(trx: Db, orgId: string, team: TeamRow, then: 'delete' | 'archive'): Promise<void> {
  const people = await trx.selectFrom('allocations').select((eb) => eb.fn.countAll<number>().as('count')).where('org_id', '=', orgId).where('team_id', '=', team.id).executeTakeFirstOrThrow();
  const peopleCount = Number(people.count);
  if (peopleCount === 0) return;
  throw new AppError('rule_violation', `${quoteName(team.name)} still has ${peopleCount === 1 ? '1 person' : `${peopleCount} people`} allocated to it: remove them from the team first (or move them to another team), then ${then} it.`, { field: 'teamId', rule: 'team.has_people', data: { people: peopleCount } });
}

/**
 * Refuses (rule `team.works_on_initiative`) while the team works on an initiative that holds it: for a delete any
 * initiative (the pipeline's staffing gate counts its single-threaded teams: deleting one would undo a passed gate
 * silently); for an archive only a live one (a done initiative is history the archived team keeps).
 */
async function assertNoInitiativeHolds(trx: Db, orgId: string, team: TeamRow, then: 'delete' | 'archive'): Promise<void> {
  if (team.initiative_id === null) return;
  const initiative = await trx.selectFrom('initiatives').select(['name', 'status', 'stage']).where('org_id', '=', orgId).where('id', '=', team.initiative_id).executeTakeFirst();
  if (!initiative) throw new AppError('validation_failed', 'teamId: its initiative is not found in this org.', { field: 'teamId' });
  if (then === 'archive' && !isLiveInitiative(initiative)) return;
  const first = then === 'archive' ? 'set it to work on no initiative (or mark the initiative done) first' : 'set it to work on no initiative first';
  throw new AppError('rule_violation', `${quoteName(team.name)} works on the initiative ${quoteName(initiative.name)}${then === 'archive' ? `, which is ${initiative.status}` : ''}: ${first}, then ${then} it.`, { field: 'teamId', rule: 'team.works_on_initiative', data: { initiativeId: team.initiative_id, initiativeName: initiative.name } });
}

/**
 * Deletes a team that nothing depends on. Refused (422, `field: teamId`, the rule naming what to do first) while
 * people are allocated to it, while a requisition, open or closed, names it (the hiring record keeps its team: the key
 * refuses the delete; archive it instead), or while it works on an initiative. `baseToken` is the team's `editToken`
 * as read: a team renamed or relinked since is not deleted unseen.
 */
export async function deleteTeam(db: Db, actor: OrgActor, teamId: string, baseToken?: string): Promise<void> {
  requirePermission(actor, 'people.manage');
  await changeOrgStructure(db, actor.orgId, async (trx) => {
    const team = await lockTeamForChange(trx, actor.orgId, teamId, baseToken);
    await assertNobodyOnTeam(trx, actor.orgId, team, 'delete');
    const requisitions = await trx.selectFrom('requisitions').select((eb) => eb.fn.countAll<number>().as('count')).where('org_id', '=', actor.orgId).where('team_id', '=', teamId).executeTakeFirstOrThrow();
    const requisitionCount = Number(requisitions.count);
    if (requisitionCount > 0) {
      throw new AppError('rule_violation', `${quoteName(team.name)} is the team of ${requisitionCount === 1 ? '1 requisition' : `${requisitionCount} requisitions`}, whose hiring record keeps it: it cannot be deleted. Archive it instead if it is done (or rename it if it changed).`, { field: 'teamId', rule: 'team.has_requisitions', data: { requisitions: requisitionCount } });
    }
    await assertNoInitiativeHolds(trx, actor.orgId, team, 'delete');
    await trx.deleteFrom('teams').where('org_id', '=', actor.orgId).where('id', '=', teamId).execute();
    await recordAuditEvent(trx, { orgId: actor.orgId, actorUserId: actor.userId, action: 'team.deleted', subjectType: 'team', subjectId: teamId, data: { name: team.name, isSingleThreaded: team.is_single_threaded } });
  });
}

/**
 * Archives a team that is done: it keeps its history (requisitions, past initiatives, audit) but leaves the pickers
 * and default lists, and takes no new people, requisitions or initiatives until restored. Refused (422, `field:
 * teamId`) while people are on it (`team.has_people`), while an open requisition is for it (`team.has_open_requisition`:
 * close it first) or while it works on a live initiative (`team.works_on_initiative`). Archiving an archived team
 * changes nothing. `baseToken` as for a delete.
 */
export async function archiveTeam(db: Db, actor: OrgActor, teamId: string, baseToken?: string): Promise<TeamView> {
  requirePermission(actor, 'people.manage');
  await changeOrgStructure(db, actor.orgId, async (trx) => {
    const team = await lockTeamForChange(trx, actor.orgId, teamId, baseToken);
    if (team.archived_at !== null) return;
    await assertNobodyOnTeam(trx, actor.orgId, team, 'archive');
    const open = await trx.selectFrom('requisitions').select((eb) => eb.fn.countAll<number>().as('count')).where('org_id', '=', actor.orgId).where('team_id', '=', teamId).where('status', '=', 'open').executeTakeFirstOrThrow();
    const openCount = Number(open.count);
    if (openCount > 0) {
      throw new AppError('rule_violation', `${quoteName(team.name)} is hiring: ${openCount === 1 ? '1 open requisition is' : `${openCount} open requisitions are`} for it. Close ${openCount === 1 ? 'it' : 'them'} first (Hiring), then archive the team.`, { field: 'teamId', rule: 'team.has_open_requisition', data: { openRequisitions: openCount } });
    }
    await assertNoInitiativeHolds(trx, actor.orgId, team, 'archive');
    await trx.updateTable('teams').set({ archived_at: new Date() }).where('org_id', '=', actor.orgId).where('id', '=', teamId).execute();
    await recordAuditEvent(trx, { orgId: actor.orgId, actorUserId: actor.userId, action: 'team.archived', subjectType: 'team', subjectId: teamId, data: { name: team.name } });
  });
  return teamView(db, actor, teamId);
}

/** Brings an archived team back into use: in the lists and pickers, able to take people and work. Audited; a team in use is left as it is. */
export async function restoreTeam(db: Db, actor: OrgActor, teamId: string, baseToken?: string): Promise<TeamView> {
  requirePermission(actor, 'people.manage');
  await changeOrgStructure(db, actor.orgId, async (trx) => {
    const team = await lockTeamForChange(trx, actor.orgId, teamId, baseToken);
    if (team.archived_at === null) return;
    await trx.updateTable('teams').set({ archived_at: null }).where('org_id', '=', actor.orgId).where('id', '=', teamId).execute();
    await recordAuditEvent(trx, { orgId: actor.orgId, actorUserId: actor.userId, action: 'team.restored', subjectType: 'team', subjectId: teamId, data: { name: team.name } });
  });
  return teamView(db, actor, teamId);
}

const quoteName = (name: string) => `"${name}"`;

/** Gives the leader their 100% allocation to the initiative, in the same change that names them. */
async function allocateLeader(trx: Db, orgId: string, initiativeId: string, personId: string): Promise<void> {
  const existing = await trx.selectFrom('allocations').select('id').where('org_id', '=', orgId).where('person_id', '=', personId).where('initiative_id', '=', initiativeId).executeTakeFirst();
  if (existing) await trx.updateTable('allocations').set({ percent: 100 }).where('id', '=', existing.id).execute();
  else await trx.insertInto('allocations').values({ org_id: orgId, person_id: personId, initiative_id: initiativeId, team_id: null, percent: 100 }).execute();
}

/** `now` dates the initiative and its stage (the demo's work that began before Pulse); without it, the database's clock. */
export async function createInitiative(db: Db, actor: OrgActor, input: { name: string; status: InitiativeStatus; stlPersonId: string | null; stage?: InitiativeStage | undefined }, now?: Date): Promise<InitiativeView> {
  requirePermission(actor, 'people.manage');
  const name = normaliseUnitName(input.name, 'initiative');
  const id = await changeOrgStructure(db, actor.orgId, async (trx) => {
    // Someone who left the company leads nothing and is allocated nowhere: the rules alone would not say so by name.
    const stlName = input.stlPersonId ? await assertPersonHere(trx, actor.orgId, input.stlPersonId, 'stlPersonId') : null;
    await assertInitiativeNameFree(trx, actor.orgId, name, null);
    // A killed initiative is done, whatever the form said (as a kill through the pipeline makes it).
    const status = input.stage === 'killed' ? 'done' : input.status;
    const row = await trx.insertInto('initiatives').values({ org_id: actor.orgId, name, status, stl_person_id: input.stlPersonId, stage: input.stage ?? 'idea', ...(now === undefined ? {} : { created_at: now, stage_changed_at: now }) }).returning('id').executeTakeFirstOrThrow();
    if (input.stlPersonId) await allocateLeader(trx, actor.orgId, row.id, input.stlPersonId);
    await recordAuditEvent(trx, { at: now, orgId: actor.orgId, actorUserId: actor.userId, action: 'initiative.created', subjectType: 'initiative', subjectId: row.id, data: { name, stlPersonId: input.stlPersonId, stlName, stage: input.stage ?? 'idea' } });
    return row.id;
  });
  return (await listInitiatives(db, actor)).find((initiative) => initiative.id === id)!;
}

export async function updateInitiative(db: Db, actor: OrgActor, initiativeId: string, input: { name?: string | undefined; status?: InitiativeStatus | undefined; stlPersonId?: string | null | undefined; baseToken?: string | undefined }): Promise<InitiativeView> {
  requirePermission(actor, 'people.manage');
  await changeOrgStructure(db, actor.orgId, async (trx) => {
    const current = await trx.selectFrom('initiatives').select(['id', 'name', 'stage', 'status', 'stl_person_id']).where('org_id', '=', actor.orgId).where('id', '=', initiativeId).forUpdate().executeTakeFirst();
    if (!current) throw notFound('Initiative');
    assertSameContent(initiativeEditToken(current), input.baseToken, 'initiative', 'baseToken');
    const name = input.name === undefined ? undefined : normaliseUnitName(input.name, 'initiative');
    // Only what differs is changed and audited: the same status sent twice is not two changes.
    const changes = {
      ...(name === undefined || name === current.name ? {} : { name }),
      ...(input.status === undefined || input.status === current.status ? {} : { status: input.status }),
      ...(input.stlPersonId === undefined || input.stlPersonId === current.stl_person_id ? {} : { stl_person_id: input.stlPersonId }),
    };
    if (Object.keys(changes).length === 0) return;
    // A killed initiative keeps its name editable (its history reads better with a clear one), nothing else.
    if (changes.status !== undefined) assertInitiativeNotKilled(current, 'status');
    if (changes.stl_person_id !== undefined) assertInitiativeNotKilled(current, 'stlPersonId');
    if (changes.name !== undefined) await assertInitiativeNameFree(trx, actor.orgId, changes.name, initiativeId);
    // A new leader must still be here. So must the leader of a done initiative brought back to work: they may have
    // left once it was done (a leader who left stays named on an initiative that stays done: that is its history).
    if (changes.stl_person_id) {
      await assertPersonHere(trx, actor.orgId, changes.stl_person_id, 'stlPersonId');
    } else if (changes.stl_person_id === undefined && current.stl_person_id !== null && current.status === 'done' && changes.status !== undefined) {
      await assertPersonHere(trx, actor.orgId, current.stl_person_id, 'stlPersonId');
    }
    await trx.updateTable('initiatives').set(changes).where('org_id', '=', actor.orgId).where('id', '=', initiativeId).execute();
    if (changes.stl_person_id) await allocateLeader(trx, actor.orgId, initiativeId, changes.stl_person_id);
    // What a reader of the audit log needs, by name: the initiative, and for a change of leader who was and who is.
    await recordAuditEvent(trx, {
      orgId: actor.orgId,
      actorUserId: actor.userId,
      action: 'initiative.updated',
      subjectType: 'initiative',
      subjectId: initiativeId,
      data: {
        name: changes.name ?? current.name,
        changed: Object.keys(changes),
        ...(changes.name === undefined ? {} : { fromName: current.name }),
        ...(changes.status === undefined ? {} : { fromStatus: current.status, toStatus: changes.status }),
        ...(changes.stl_person_id === undefined
          ? {}
          : {
              fromStl: current.stl_person_id,
              toStl: changes.stl_person_id,
              fromStlName: await personName(trx, actor.orgId, current.stl_person_id),
              toStlName: await personName(trx, actor.orgId, changes.stl_person_id),
            }),
      },
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
  /** The person's `allocationsToken` as read: allocations of theirs changed since refuse the change (409). */
  baseToken?: string | undefined;
}

/**
 * Refuses an allocation change to someone who may not make it. Admins change any. A single-threaded leader staffs their
 * team: whatever their role, the person linked to their login, while still here and leading an active initiative, may
 * put people on (and take them off) a single-threaded team that works on it; only there, and under every rule an
 * admin's change meets. Anyone else is refused as `requirePermission` refuses them.
 */
async function requireStaffingRight(trx: Db, actor: OrgActor, teamId: string | null): Promise<void> {
  if (can(actor.role, 'people.manage')) return;
  requirePermission(actor, 'people.read');
  if (teamId !== null) {
    const led = await trx
      .selectFrom('teams')
      .innerJoin('initiatives', 'initiatives.id', 'teams.initiative_id')
      .innerJoin('people', 'people.id', 'initiatives.stl_person_id')
      .select('teams.id')
      .where('teams.org_id', '=', actor.orgId)
      .where('teams.id', '=', teamId)
      .where('teams.is_single_threaded', '=', true)
      .where('initiatives.status', '=', 'active')
      .where('initiatives.stage', '!=', 'killed')
      .where('people.user_id', '=', actor.userId)
      .where('people.left_on', 'is', null)
      .executeTakeFirst();
    if (led) return;
  }
  throw new AppError('forbidden', `Your role (${actor.role}) does not allow this: allocations are changed by admins, and a single-threaded leader staffs only the single-threaded team of the active initiative they lead.`);
}

/**
 * Sets a person's percent on one team or initiative (replacing the percent they had there). `now` dates its audit event.
 * Admins set any; a single-threaded leader sets those on their single-threaded team (requireStaffingRight).
 */
export async function setAllocation(db: Db, actor: OrgActor, input: AllocationInput, now?: Date): Promise<{ id: string }> {
  requirePermission(actor, 'people.read');
  assertAllocationTarget(input);
  return changeOrgStructure(db, actor.orgId, async (trx) => {
    await requireStaffingRight(trx, actor, input.teamId ?? null);
    // Someone who left the company is allocated nowhere: refused here by name, not left to the rules.
    const name = await assertPersonHere(trx, actor.orgId, input.personId, 'personId');
    if (input.baseToken !== undefined) {
      const current = await trx.selectFrom('allocations').select(['team_id', 'initiative_id', 'percent']).where('org_id', '=', actor.orgId).where('person_id', '=', input.personId).execute();
      assertSameContent(allocationsToken(current), input.baseToken, 'person\'s allocations', 'baseToken');
    }
    const teamName = input.teamId ? await requireTeamTakingWork(trx, actor.orgId, input.teamId, 'teamId', 'take people') : null;
    const initiativeName = input.initiativeId ? await requireLiveInitiative(trx, actor.orgId, input.initiativeId, 'initiativeId') : null;
    let query = trx.selectFrom('allocations').select(['id', 'percent']).where('org_id', '=', actor.orgId).where('person_id', '=', input.personId);
    query = input.teamId ? query.where('team_id', '=', input.teamId) : query.where('initiative_id', '=', input.initiativeId!);
    const existing = await query.executeTakeFirst();
    const id = existing
      ? (await trx.updateTable('allocations').set({ percent: input.percent }).where('id', '=', existing.id).returning('id').executeTakeFirstOrThrow()).id
      : (await trx.insertInto('allocations').values({ org_id: actor.orgId, person_id: input.personId, team_id: input.teamId ?? null, initiative_id: input.initiativeId ?? null, percent: input.percent }).returning('id').executeTakeFirstOrThrow()).id;
    await recordAuditEvent(trx, {
      at: now,
      orgId: actor.orgId,
      actorUserId: actor.userId,
      action: 'allocation.set',
      subjectType: 'person',
      subjectId: input.personId,
      data: { name, teamId: input.teamId ?? null, teamName, initiativeId: input.initiativeId ?? null, initiativeName, percent: input.percent, fromPercent: existing?.percent ?? null },
    });
    return { id };
  });
}

/**
 * Removes an allocation (admins any; a single-threaded leader one on their single-threaded team). `baseToken` is its `editToken` as read: one changed since (a colleague set another percent)
 * is not removed unseen (409); one already removed is a 404.
 */
export async function removeAllocation(db: Db, actor: OrgActor, allocationId: string, baseToken?: string): Promise<void> {
  requirePermission(actor, 'people.read');
  await changeOrgStructure(db, actor.orgId, async (trx) => {
    const row = await trx
      .selectFrom('allocations')
      .innerJoin('people', 'people.id', 'allocations.person_id')
      .leftJoin('teams', 'teams.id', 'allocations.team_id')
      .leftJoin('initiatives', 'initiatives.id', 'allocations.initiative_id')
      .select(['allocations.person_id', 'allocations.team_id', 'allocations.initiative_id', 'allocations.percent', 'people.name', 'teams.name as team_name', 'initiatives.name as initiative_name'])
      .where('allocations.org_id', '=', actor.orgId)
      .where('allocations.id', '=', allocationId)
      .executeTakeFirst();
    if (!row) throw notFound('Allocation');
    await requireStaffingRight(trx, actor, row.team_id);
    // Read under the org-structure lock, so a percent set meanwhile has either been seen here or waits for this removal.
    assertSameContent(allocationEditToken(row), baseToken, 'allocation', 'baseToken');
    await trx.deleteFrom('allocations').where('org_id', '=', actor.orgId).where('id', '=', allocationId).execute();
    await recordAuditEvent(trx, {
      orgId: actor.orgId,
      actorUserId: actor.userId,
      action: 'allocation.removed',
      subjectType: 'person',
      subjectId: row.person_id,
      data: { name: row.name, teamId: row.team_id, teamName: row.team_name, initiativeId: row.initiative_id, initiativeName: row.initiative_name, percent: row.percent },
    });
  });
}
