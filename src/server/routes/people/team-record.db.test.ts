import { describe, expect, it } from 'vitest';
import { inviteClient, signUpClient, useTestApp, type ApiClient } from '../../../../test/support/test-app.js';

const context = useTestApp();

async function addPerson(client: ApiClient, orgId: string, name: string, role = 'Engineer'): Promise<string> {
  const response = await client.post(`/orgs/${orgId}/people`, { name, email: `${name.toLowerCase().replace(/\s+/g, '.')}@example.test`, role, level: 5 });
  expect(response.status).toBe(201);
  return response.body.person.id;
}

describe('a team\'s own record', () => {
  it('gives any member the team read-only: members and their share, its initiative and leader, its open requisitions', async () => {
    const { client: admin, orgId } = await signUpClient(context.app);
    const member = await inviteClient(context.app, admin, orgId, 'member');
    const lead = await addPerson(admin, orgId, 'Lee Lead', 'Product lead');
    const initiative = (await admin.post(`/orgs/${orgId}/initiatives`, { name: 'Returns robot', stlPersonId: lead })).body.initiative;
    const team = (await admin.post(`/orgs/${orgId}/teams`, { name: 'Robot crew', initiativeId: initiative.id })).body.team;
    const bo = await addPerson(admin, orgId, 'Bo Builder');
    const ann = await addPerson(admin, orgId, 'Ann Arm');
    expect((await admin.put(`/orgs/${orgId}/allocations`, { personId: bo, teamId: team.id, percent: 100 })).status).toBe(200);
    expect((await admin.put(`/orgs/${orgId}/allocations`, { personId: ann, teamId: team.id, percent: 50 })).status).toBe(200);
    const open = (await admin.post(`/orgs/${orgId}/hiring/requisitions`, { role: 'Robotics engineer', level: 5, teamId: team.id, hiringManagerId: lead })).body.requisition;
    const closed = (await admin.post(`/orgs/${orgId}/hiring/requisitions`, { role: 'Operator', level: 4, teamId: team.id, hiringManagerId: lead })).body.requisition;
    expect((await admin.post(`/orgs/${orgId}/hiring/requisitions/${closed.id}/close`, {})).status).toBe(200);

    const read = await member.client.get(`/orgs/${orgId}/teams/${team.id}`);
    expect(read.status).toBe(200);
    expect(read.body.team).toEqual({
      id: team.id,
      name: 'Robot crew',
      isSingleThreaded: false,
      archivedAt: null,
      initiative: { id: initiative.id, name: 'Returns robot', stage: 'idea', status: 'active' },
      leader: { id: lead, name: 'Lee Lead' },
      members: [
        { personId: ann, name: 'Ann Arm', role: 'Engineer', percent: 50 },
        { personId: bo, name: 'Bo Builder', role: 'Engineer', percent: 100 },
      ],
      openRequisitions: [{ id: open.id, role: 'Robotics engineer', level: 5, hiringManager: { id: lead, name: 'Lee Lead' } }],
    });
  });

  it('says an archived team is archived, with its last initiative', async () => {
    const { client: admin, orgId } = await signUpClient(context.app);
    const team = (await admin.post(`/orgs/${orgId}/teams`, { name: 'Night shift' })).body.team;
    expect((await admin.post(`/orgs/${orgId}/teams/${team.id}/archive`, { baseToken: team.editToken })).status).toBe(200);
    const read = await admin.get(`/orgs/${orgId}/teams/${team.id}`);
    expect(read.status).toBe(200);
    expect(read.body.team).toMatchObject({ name: 'Night shift', archivedAt: expect.any(String), initiative: null, leader: null, members: [], openRequisitions: [] });
  });

  it('finds no team of another org (404), nor one that does not exist, and refuses an id that is not one (400)', async () => {
    const { client: admin, orgId } = await signUpClient(context.app);
    const team = (await admin.post(`/orgs/${orgId}/teams`, { name: 'Robot crew' })).body.team;
    const other = await signUpClient(context.app);
    const foreign = await other.client.get(`/orgs/${other.orgId}/teams/${team.id}`);
    expect(foreign.status).toBe(404);
    expect(foreign.body.error).toMatchObject({ code: 'not_found' });
    expect((await other.client.get(`/orgs/${orgId}/teams/${team.id}`)).status).toBe(404);
    expect((await admin.get(`/orgs/${orgId}/teams/00000000-0000-4000-8000-000000000000`)).status).toBe(404);
    const malformed = await admin.get(`/orgs/${orgId}/teams/not-a-team`);
    expect(malformed.status).toBe(400);
    expect(malformed.body.error).toMatchObject({ field: expect.stringContaining('teamId') });
  });
});
