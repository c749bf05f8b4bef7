import { describe, expect, it } from 'vitest';
import { inviteClient, signUpClient, useTestApp, type ApiClient } from '../../../../test/support/test-app.js';

const context = useTestApp();

async function addPerson(client: ApiClient, orgId: string, name: string): Promise<string> {
  const response = await client.post(`/orgs/${orgId}/people`, { name, email: `${name.toLowerCase().replace(/\s+/g, '.')}@example.test`, role: 'Engineer', level: 5 });
  if (response.status !== 201) throw new Error(`adding ${name} failed: ${JSON.stringify(response.body)}`);
  return response.body.person.id;
}

interface Member {
  personId: string;
  name: string;
  percent: number;
  allocationId: string;
  editToken: string;
}
interface TeamRow {
  id: string;
  name: string;
  initiativeId: string | null;
  members: Member[];
  editToken: string;
}

async function teamOf(client: ApiClient, orgId: string, teamId: string): Promise<TeamRow | undefined> {
  const { teams } = (await client.get(`/orgs/${orgId}/teams`)).body as { teams: TeamRow[] };
  return teams.find((team) => team.id === teamId);
}

async function newTeam(client: ApiClient, orgId: string, name: string, extra: Record<string, unknown> = {}): Promise<TeamRow> {
  const created = await client.post(`/orgs/${orgId}/teams`, { name, ...extra });
  expect(created.status).toBe(201);
  return created.body.team as TeamRow;
}

describe('renaming and deleting teams', () => {
  it('renames a team with the editToken read, refuses a rename over a colleague\'s newer one, and audits the rename', async () => {
    const { client, orgId } = await signUpClient(context.app);
    const team = await newTeam(client, orgId, 'Robots');
    const renamed = await client.patch(`/orgs/${orgId}/teams/${team.id}`, { name: 'Robotics', baseToken: team.editToken });
    expect(renamed.status).toBe(200);
    expect(renamed.body.team.name).toBe('Robotics');
    // A second tab still holding the first read does not rename it back unseen.
    const stale = await client.patch(`/orgs/${orgId}/teams/${team.id}`, { name: 'Robots again', baseToken: team.editToken });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'conflict', field: 'body.baseToken' });
    expect((await teamOf(client, orgId, team.id))?.name).toBe('Robotics');
    const events = (await client.get(`/orgs/${orgId}/audit-events?subjectType=team`)).body.events as Array<{ action: string; data: Record<string, unknown> }>;
    expect(events.find((event) => event.action === 'team.updated')?.data).toMatchObject({ name: 'Robotics', fromName: 'Robots' });
  });

  it('deletes a team nobody is on, with its editToken, audits it, and answers 404 the second time', async () => {
    const { client, orgId } = await signUpClient(context.app);
    const team = await newTeam(client, orgId, 'Short-lived');
    const deleted = await client.delete(`/orgs/${orgId}/teams/${team.id}?baseToken=${encodeURIComponent(team.editToken)}`);
    expect(deleted.status).toBe(204);
    expect(await teamOf(client, orgId, team.id)).toBeUndefined();
    expect((await client.delete(`/orgs/${orgId}/teams/${team.id}`)).status).toBe(404);
    const events = (await client.get(`/orgs/${orgId}/audit-events?subjectType=team`)).body.events as Array<{ action: string; subjectId: string; data: Record<string, unknown> }>;
    expect(events.find((event) => event.action === 'team.deleted')).toMatchObject({ subjectId: team.id, data: { name: 'Short-lived' } });
  });

  it('refuses to delete a team renamed since it was read (409 baseToken), and lets a member delete none', async () => {
    const { client, orgId } = await signUpClient(context.app);
    const team = await newTeam(client, orgId, 'Platform');
    await client.patch(`/orgs/${orgId}/teams/${team.id}`, { name: 'Platform core' });
    const stale = await client.delete(`/orgs/${orgId}/teams/${team.id}?baseToken=${encodeURIComponent(team.editToken)}`);
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'conflict', field: 'query.baseToken' });
    expect(await teamOf(client, orgId, team.id)).toBeDefined();
    const member = await inviteClient(context.app, client, orgId, 'member');
    expect((await member.client.delete(`/orgs/${orgId}/teams/${team.id}`)).status).toBe(403);
    expect(await teamOf(client, orgId, team.id)).toBeDefined();
  });

  it('refuses to delete a team people are allocated to, naming what to do first, and deletes it once they are removed from its row', async () => {
    const { client, orgId } = await signUpClient(context.app);
    const team = await newTeam(client, orgId, 'Robots');
    const cy = await addPerson(client, orgId, 'Cy Dev');
    await client.put(`/orgs/${orgId}/allocations`, { personId: cy, teamId: team.id, percent: 50 });
    const read = (await teamOf(client, orgId, team.id))!;
    const refused = await client.delete(`/orgs/${orgId}/teams/${team.id}?baseToken=${encodeURIComponent(read.editToken)}`);
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({ code: 'rule_violation', rule: 'team.has_people', field: 'param.teamId' });
    expect(refused.body.error.message).toContain('remove them from the team first');
    // The allocations are still there: the foreign key's cascade did not take them.
    expect((await teamOf(client, orgId, team.id))?.members.map((member) => member.name)).toEqual(['Cy Dev']);

    // The team's row carries each member's allocation and its token: a share changed since is not removed unseen...
    const [cyOnTeam] = read.members;
    await client.put(`/orgs/${orgId}/allocations`, { personId: cy, teamId: team.id, percent: 80 });
    const stale = await client.delete(`/orgs/${orgId}/allocations/${cyOnTeam!.allocationId}?baseToken=${encodeURIComponent(cyOnTeam!.editToken)}`);
    expect(stale.status).toBe(409);
    // ... and the current one is.
    const current = (await teamOf(client, orgId, team.id))!.members[0]!;
    expect(current.percent).toBe(80);
    expect((await client.delete(`/orgs/${orgId}/allocations/${current.allocationId}?baseToken=${encodeURIComponent(current.editToken)}`)).status).toBe(204);
    expect((await client.delete(`/orgs/${orgId}/teams/${team.id}`)).status).toBe(204);
  });

  it('refuses to delete the team a requisition names (its hiring record keeps the team)', async () => {
    const { client, orgId } = await signUpClient(context.app);
    const team = await newTeam(client, orgId, 'Hiring team');
    const manager = await addPerson(client, orgId, 'Hana Manager');
    const requisition = await client.post(`/orgs/${orgId}/hiring/requisitions`, { role: 'Engineer', level: 5, teamId: team.id, hiringManagerId: manager });
    expect(requisition.status).toBe(201);
    const refused = await client.delete(`/orgs/${orgId}/teams/${team.id}`);
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({ code: 'rule_violation', rule: 'team.has_requisitions', field: 'param.teamId' });
    expect(await teamOf(client, orgId, team.id)).toBeDefined();
  });

  it('refuses to delete a team that works on an initiative until it is set to work on none', async () => {
    const { client, orgId } = await signUpClient(context.app);
    const initiative = (await client.post(`/orgs/${orgId}/initiatives`, { name: 'Adaptive gripper', stlPersonId: null })).body.initiative;
    const team = await newTeam(client, orgId, 'Gripper', { isSingleThreaded: true, initiativeId: initiative.id });
    const refused = await client.delete(`/orgs/${orgId}/teams/${team.id}?baseToken=${encodeURIComponent(team.editToken)}`);
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({ code: 'rule_violation', rule: 'team.works_on_initiative', field: 'param.teamId', data: { initiativeName: 'Adaptive gripper' } });
    expect(refused.body.error.message).toContain('set it to work on no initiative first');
    const unlinked = await client.patch(`/orgs/${orgId}/teams/${team.id}`, { initiativeId: null, baseToken: team.editToken });
    expect(unlinked.status).toBe(200);
    expect((await client.delete(`/orgs/${orgId}/teams/${team.id}?baseToken=${encodeURIComponent(unlinked.body.team.editToken)}`)).status).toBe(204);
  });
});

describe('an initiative\'s people', () => {
  it('lists the teams set to work on it and their people, besides those allocated to it directly', async () => {
    const { client, orgId } = await signUpClient(context.app);
    const leader = await addPerson(client, orgId, 'Lea Leader');
    const initiative = (await client.post(`/orgs/${orgId}/initiatives`, { name: 'Adaptive gripper', stlPersonId: leader })).body.initiative;
    const gripper = await newTeam(client, orgId, 'Gripper', { isSingleThreaded: true, initiativeId: initiative.id });
    await newTeam(client, orgId, 'Elsewhere');
    for (const name of ['Bo Builder', 'Ann Arm']) await client.put(`/orgs/${orgId}/allocations`, { personId: await addPerson(client, orgId, name), teamId: gripper.id, percent: 100 });
    const { initiatives } = (await client.get(`/orgs/${orgId}/initiatives`)).body;
    const listed = initiatives.find((entry: { id: string }) => entry.id === initiative.id);
    expect(listed.members.map((member: Member) => member.name)).toEqual(['Lea Leader']);
    expect(listed.teams).toEqual([{ id: gripper.id, name: 'Gripper', isSingleThreaded: true }]);
    expect(listed.teamMembers.map((member: Member & { teamName: string }) => [member.name, member.teamName, member.percent])).toEqual([
      ['Ann Arm', 'Gripper', 100],
      ['Bo Builder', 'Gripper', 100],
    ]);
  });
});
