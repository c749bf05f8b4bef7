import { can } from '../../domain/accounts/roles.js';
import { notFound } from '../../domain/errors.js';
import type { InitiativeStage } from '../../domain/initiatives/stages.js';
import type { InitiativeStatus } from '../../domain/people/people-rules.js';
import type { Db } from '../../storage/database.js';
import { isoTimestamp } from '../../storage/timestamps.js';
import { requirePermission, type OrgActor } from '../context.js';

/**
 * One team as a page shows it to anyone in the org: who is on it and with how much of their time, the initiative it
 * works on and that initiative's single-threaded leader (a team has no leader of its own: it is led by the leader of
 * what it builds), and the roles it is hiring for. Read-only: changes go through the Teams & initiatives page.
 */
export interface TeamRecord {
  id: string;
  name: string;
  isSingleThreaded: boolean;
  /** When it was archived; null while in use. An archived team keeps its last initiative and its hiring record. */
  archivedAt: string | null;
  initiative: { id: string; name: string; stage: InitiativeStage; status: InitiativeStatus } | null;
  leader: { id: string; name: string } | null;
  members: Array<{ personId: string; name: string; role: string; percent: number }>;
  /** Its open requisitions, newest first; null for a role that may not read hiring. */
  openRequisitions: Array<{ id: string; role: string; level: number; hiringManager: { id: string; name: string } }> | null;
}

export async function getTeamRecord(db: Db, actor: OrgActor, teamId: string): Promise<TeamRecord> {
  requirePermission(actor, 'people.read');
  const team = await db.selectFrom('teams').select(['id', 'name', 'is_single_threaded', 'initiative_id', 'archived_at']).where('org_id', '=', actor.orgId).where('id', '=', teamId).executeTakeFirst();
  if (!team) throw notFound('Team');
  const [initiative, members, requisitions] = await Promise.all([
    team.initiative_id === null
      ? undefined
      : db.selectFrom('initiatives').leftJoin('people', 'people.id', 'initiatives.stl_person_id')
        .select(['initiatives.id', 'initiatives.name', 'initiatives.stage', 'initiatives.status', 'initiatives.stl_person_id', 'people.name as stl_name'])
        .where('initiatives.org_id', '=', actor.orgId).where('initiatives.id', '=', team.initiative_id).executeTakeFirst(),
    db.selectFrom('allocations').innerJoin('people', 'people.id', 'allocations.person_id')
      .select(['people.id', 'people.name', 'people.role', 'allocations.percent'])
      .where('allocations.org_id', '=', actor.orgId).where('allocations.team_id', '=', teamId).orderBy('people.name').execute(),
    can(actor.role, 'hiring.read')
      ? db.selectFrom('requisitions').innerJoin('people', 'people.id', 'requisitions.hiring_manager_id')
        .select(['requisitions.id', 'requisitions.role', 'requisitions.level', 'people.id as manager_id', 'people.name as manager_name'])
        .where('requisitions.org_id', '=', actor.orgId).where('requisitions.team_id', '=', teamId).where('requisitions.status', '=', 'open').orderBy('requisitions.created_at', 'desc').execute()
      : null,
  ]);
  return {
    id: team.id,
    name: team.name,
    isSingleThreaded: team.is_single_threaded,
    archivedAt: isoTimestamp(team.archived_at),
    initiative: initiative === undefined ? null : { id: initiative.id, name: initiative.name, stage: initiative.stage, status: initiative.status },
    leader: initiative?.stl_person_id ? { id: initiative.stl_person_id, name: initiative.stl_name ?? '' } : null,
    members: members.map((member) => ({ personId: member.id, name: member.name, role: member.role, percent: member.percent })),
    openRequisitions: requisitions === null ? null : requisitions.map((row) => ({ id: row.id, role: row.role, level: row.level, hiringManager: { id: row.manager_id, name: row.manager_name } })),
  };
}
