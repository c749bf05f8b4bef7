import { describe, expect, it } from 'vitest';
import { inviteClient, signUpClient, useTestApp, type ApiClient } from '../../../../test/support/test-app.js';

const context = useTestApp();

interface TeamRow {
  id: string;
  name: string;
  initiativeId: string | null;
  archivedAt: string | null;
  members: Array<{ personId: string; allocationId: string; editToken: string }>;
  editToken: string;
}

async function addPerson(client: ApiClient, orgId: string, name: string): Promise<string> {
  const response = await client.post(`/orgs/${orgId}/people`, { name, email: `${name.toLowerCase().replace(/\s+/g, '.')}@example.test`, role: 'Engineer', level: 5 });
  if (response.status !== 201) throw new Error(`adding ${name} failed: ${JSON.stringify(response.body)}`);
  return response.body.person.id;
}

async function newTeam(client: ApiClient, orgId: string, name: string, extra: Record<string, unknown> = {}): Promise<TeamRow> {
  const created = await client.post(`/orgs/${orgId}/teams`, { name, ...extra });
  expect(created.status).toBe(201);
  return created.body.team as TeamRow;
}

const teamNames = async (client: ApiClient, orgId: string, query = '') => ((await client.get(`/orgs/${orgId}/teams${query}`)).body.teams as TeamRow[]).map((team) => team.name);

describe('archiving teams', () => {
  it('archives a team whose requisitions are closed: it keeps them, leaves the default list, shows with includeArchived, and is restored; both audited', async () => {
    const { client, orgId } = await signUpClient(context.app);
    const team = await newTeam(client, orgId, 'Night shift');
    await newTeam(client, orgId, 'Day shift');
    const manager = await addPerson(client, orgId, 'Hana Manager');
    const requisition = (await client.post(`/orgs/${orgId}/hiring/requisitions`, { role: 'Operator', level: 4, teamId: team.id, hiringManagerId: manager })).body.requisition;
    expect((await client.post(`/orgs/${orgId}/hiring/requisitions/${requisition.id}/close`, {})).status).toBe(200);

    const archived = await client.post(`/orgs/${orgId}/teams/${team.id}/archive`, { baseToken: team.editToken });
    expect(archived.status).toBe(200);
    expect(archived.body.team.archivedAt).toEqual(expect.any(String));
    expect(await teamNames(client, orgId)).toEqual(['Day shift']);
    expect(await teamNames(client, orgId, '?includeArchived=true')).toEqual(['Day shift', 'Night shift']);
    // Search still finds it (its history stays), marked archived.
    const found = (await client.get(`/orgs/${orgId}/search?q=night&kind=team`)).body.results as Array<{ id: string; detail: string }>;
    expect(found.find((result) => result.id === team.id)?.detail).toBe('Archived team');
    // Its hiring record keeps it, by name.
    expect((await client.get(`/orgs/${orgId}/hiring/requisitions/${requisition.id}`)).body.requisition.team).toEqual({ id: team.id, name: 'Night shift' });
    // Archiving it again changes nothing (no second event); the token read before the archive is stale now.
    expect((await client.post(`/orgs/${orgId}/teams/${team.id}/archive`, {})).status).toBe(200);
    const stale = await client.post(`/orgs/${orgId}/teams/${team.id}/restore`, { baseToken: team.editToken });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'conflict', field: 'body.baseToken' });

    const restored = await client.post(`/orgs/${orgId}/teams/${team.id}/restore`, { baseToken: archived.body.team.editToken });
    expect(restored.status).toBe(200);
    expect(restored.body.team.archivedAt).toBeNull();
    expect(await teamNames(client, orgId)).toEqual(['Day shift', 'Night shift']);
    const events = (await client.get(`/orgs/${orgId}/audit-events?subjectType=team`)).body.events as Array<{ action: string; subjectId: string; data: Record<string, unknown> }>;
    expect(events.filter((event) => event.action === 'team.archived')).toEqual([expect.objectContaining({ subjectId: team.id, data: { name: 'Night shift' } })]);
    expect(events.filter((event) => event.action === 'team.restored')).toEqual([expect.objectContaining({ subjectId: team.id, data: { name: 'Night shift' } })]);
  });

  it('refuses to archive while people are on the team, naming what to do first, as a delete does', async () => {
    const { client, orgId } = await signUpClient(context.app);
    const team = await newTeam(client, orgId, 'Robots');
    await client.put(`/orgs/${orgId}/allocations`, { personId: await addPerson(client, orgId, 'Cy Dev'), teamId: team.id, percent: 50 });
    const refused = await client.post(`/orgs/${orgId}/teams/${team.id}/archive`, {});
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({ code: 'rule_violation', rule: 'team.has_people', field: 'param.teamId' });
    expect(refused.body.error.message).toContain('remove them from the team first (or move them to another team), then archive it');
    expect(await teamNames(client, orgId)).toEqual(['Robots']);
  });

  it('refuses to archive while an open requisition is for the team, until it is closed', async () => {
    const { client, orgId } = await signUpClient(context.app);
    const team = await newTeam(client, orgId, 'Hiring team');
    const manager = await addPerson(client, orgId, 'Hana Manager');
    const requisition = (await client.post(`/orgs/${orgId}/hiring/requisitions`, { role: 'Engineer', level: 5, teamId: team.id, hiringManagerId: manager })).body.requisition;
    const refused = await client.post(`/orgs/${orgId}/teams/${team.id}/archive`, {});
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({ code: 'rule_violation', rule: 'team.has_open_requisition', field: 'param.teamId', data: { openRequisitions: 1 } });
    expect(refused.body.error.message).toContain('Close it first');
    await client.post(`/orgs/${orgId}/hiring/requisitions/${requisition.id}/close`, {});
    expect((await client.post(`/orgs/${orgId}/teams/${team.id}/archive`, {})).status).toBe(200);
  });

  it('refuses to archive a team working on a live initiative, and archives one whose initiative is done, keeping the link as history', async () => {
    const { client, orgId } = await signUpClient(context.app);
    const initiative = (await client.post(`/orgs/${orgId}/initiatives`, { name: 'Adaptive gripper', stlPersonId: null })).body.initiative;
    const team = await newTeam(client, orgId, 'Gripper', { isSingleThreaded: true, initiativeId: initiative.id });
    const refused = await client.post(`/orgs/${orgId}/teams/${team.id}/archive`, {});
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({ code: 'rule_violation', rule: 'team.works_on_initiative', field: 'param.teamId', data: { initiativeName: 'Adaptive gripper' } });
    expect(refused.body.error.message).toContain('set it to work on no initiative (or mark the initiative done) first');
    expect((await client.patch(`/orgs/${orgId}/initiatives/${initiative.id}`, { status: 'done' })).status).toBe(200);
    const archived = await client.post(`/orgs/${orgId}/teams/${team.id}/archive`, {});
    expect(archived.status).toBe(200);
    expect(archived.body.team).toMatchObject({ initiativeId: initiative.id, archivedAt: expect.any(String) });
  });

  it('refuses to give an archived team people, requisitions (new or reopened), an initiative or CSV rows, saying to restore it first', async () => {
    const { client, orgId } = await signUpClient(context.app);
    const team = await newTeam(client, orgId, 'Night shift');
    const manager = await addPerson(client, orgId, 'Hana Manager');
    const requisition = (await client.post(`/orgs/${orgId}/hiring/requisitions`, { role: 'Operator', level: 4, teamId: team.id, hiringManagerId: manager })).body.requisition;
    await client.post(`/orgs/${orgId}/hiring/requisitions/${requisition.id}/close`, {});
    const initiative = (await client.post(`/orgs/${orgId}/initiatives`, { name: 'Lights out', stlPersonId: null })).body.initiative;
    expect((await client.post(`/orgs/${orgId}/teams/${team.id}/archive`, {})).status).toBe(200);

    const allocation = await client.put(`/orgs/${orgId}/allocations`, { personId: manager, teamId: team.id, percent: 50 });
    expect(allocation.status).toBe(422);
    expect(allocation.body.error).toMatchObject({ code: 'rule_violation', rule: 'team.archived', field: 'body.teamId' });
    expect(allocation.body.error.message).toContain('restore it first');
    const opened = await client.post(`/orgs/${orgId}/hiring/requisitions`, { role: 'Operator', level: 4, teamId: team.id, hiringManagerId: manager });
    expect(opened.status).toBe(422);
    expect(opened.body.error).toMatchObject({ rule: 'team.archived', field: 'body.teamId' });
    const reopened = await client.post(`/orgs/${orgId}/hiring/requisitions/${requisition.id}/reopen`, {});
    expect(reopened.status).toBe(422);
    expect(reopened.body.error).toMatchObject({ rule: 'team.archived' });
    expect((await client.get(`/orgs/${orgId}/hiring/requisitions/${requisition.id}`)).body.requisition.status).toBe('closed');
    const linked = await client.patch(`/orgs/${orgId}/teams/${team.id}`, { initiativeId: initiative.id });
    expect(linked.status).toBe(422);
    expect(linked.body.error).toMatchObject({ rule: 'team.archived', field: 'body.initiativeId' });
    const csv = 'name,email,role,level,manager_email,dotted_line_manager_email,team,team_percent\nLena Night,lena@example.test,Operator,4,,,night shift,100\n';
    const imported = await client.post(`/orgs/${orgId}/people/import`, { csv, fileName: 'people.csv' });
    expect(imported.body.error.message).toContain('"Night shift" is archived and takes no people');
    expect(imported.status).toBe(400);
    expect(imported.body.error).toMatchObject({ code: 'invalid_data', field: 'team', line: 2 });
    // Nothing was written; its name stays editable (history reads better with a clear one).
    expect((await client.get(`/orgs/${orgId}/people`)).body.people.map((person: { name: string }) => person.name)).toEqual(['Hana Manager']);
    expect((await client.patch(`/orgs/${orgId}/teams/${team.id}`, { name: 'Old night shift' })).status).toBe(200);

    // Restored, it takes people again.
    expect((await client.post(`/orgs/${orgId}/teams/${team.id}/restore`, {})).status).toBe(200);
    expect((await client.put(`/orgs/${orgId}/allocations`, { personId: manager, teamId: team.id, percent: 50 })).status).toBe(200);
  });

  it('lets only those who manage people archive or restore (403), and answers 404 for an unknown team', async () => {
    const { client, orgId } = await signUpClient(context.app);
    const team = await newTeam(client, orgId, 'Platform');
    const member = await inviteClient(context.app, client, orgId, 'member');
    expect((await member.client.post(`/orgs/${orgId}/teams/${team.id}/archive`, {})).status).toBe(403);
    expect(await teamNames(client, orgId)).toEqual(['Platform']);
    expect((await client.post(`/orgs/${orgId}/teams/00000000-0000-4000-8000-000000000000/archive`, {})).status).toBe(404);
    const badToken = await client.post(`/orgs/${orgId}/teams/${team.id}/archive`, { baseToken: 42 });
    expect(badToken.status).toBe(400);
    expect(badToken.body.error).toMatchObject({ field: 'body.baseToken' });
  });
});
