import { describe, expect, it } from 'vitest';
import { ApiClient, inviteClient, signUpClient, useTestApp } from '../../../../test/support/test-app.js';

const context = useTestApp();

async function addPerson(client: ApiClient, orgId: string, name: string, extra: Record<string, unknown> = {}): Promise<string> {
  const response = await client.post(`/orgs/${orgId}/people`, { name, email: `${name.toLowerCase().replace(/\s+/g, '.')}@example.test`, role: 'Engineer', level: 5, ...extra });
  if (response.status !== 201) throw new Error(`adding ${name} failed: ${JSON.stringify(response.body)}`);
  return response.body.person.id;
}

/** An org with an admin, two people and an initiative led by one of them. */
async function catalogOrg() {
  const { client, orgId } = await signUpClient(context.app);
  const kofi = await addPerson(client, orgId, 'Kofi Mensah');
  const dana = await addPerson(client, orgId, 'Dana Whitfield');
  const gripper = (await client.post(`/orgs/${orgId}/initiatives`, { name: 'Adaptive gripper', stlPersonId: kofi })).body.initiative.id as string;
  return { client, orgId, kofi, dana, gripper };
}

const pickRate = (ownerPersonId: string, initiativeId: string | null) => ({
  name: 'Pick success rate',
  definition: 'Picks completed on the first grasp, divided by all pick attempts in the week.',
  kind: 'input',
  controllable: true,
  ownerPersonId,
  unit: '%',
  goodDirection: 'up',
  target: 99.5,
  initiativeId,
});

const ordersShipped = (ownerPersonId: string) => ({ name: 'Orders shipped', definition: 'Orders that left a warehouse in the week, by ship date.', kind: 'output', ownerPersonId, unit: 'orders', goodDirection: 'up' });

describe('the metric catalog', () => {
  it('creates metrics with owner and initiative names, lists them by name and filters them', async () => {
    const { client, orgId, kofi, dana, gripper } = await catalogOrg();
    const created = await client.post(`/orgs/${orgId}/metrics`, { ...pickRate(kofi, gripper), name: '  Pick   success rate ' });
    expect(created.status).toBe(201);
    expect(created.body.metric).toMatchObject({
      name: 'Pick success rate',
      kind: 'input',
      controllable: true,
      owner: { id: kofi, name: 'Kofi Mensah', leftOn: null },
      unit: '%',
      goodDirection: 'up',
      target: 99.5,
      initiative: { id: gripper, name: 'Adaptive gripper' },
    });
    // The optional fields default to "not controllable, no unit, no direction, no target, no initiative".
    const demand = await client.post(`/orgs/${orgId}/metrics`, { name: 'Return requests', definition: 'Return requests opened in the week, from the app.', kind: 'input', ownerPersonId: dana });
    expect(demand.body.metric).toMatchObject({ controllable: false, unit: '', goodDirection: null, target: null, initiative: null });
    expect((await client.post(`/orgs/${orgId}/metrics`, ordersShipped(dana))).status).toBe(201);

    const names = async (query = '') => (await client.get(`/orgs/${orgId}/metrics${query}`)).body.metrics.map((metric: { name: string }) => metric.name);
    expect(await names()).toEqual(['Orders shipped', 'Pick success rate', 'Return requests']);
    expect(await names('?kind=output')).toEqual(['Orders shipped']);
    expect(await names('?kind=input&controllable=true')).toEqual(['Pick success rate']);
    expect(await names(`?ownerPersonId=${dana}`)).toEqual(['Orders shipped', 'Return requests']);
    expect(await names(`?initiativeId=${gripper}`)).toEqual(['Pick success rate']);

    const one = await client.get(`/orgs/${orgId}/metrics/${created.body.metric.id}`);
    expect(one.body.metric).toEqual(created.body.metric);
  });

  it('updates only the fields sent, checks the merged metric, and audits the change of owner', async () => {
    const { client, orgId, kofi, dana, gripper } = await catalogOrg();
    const id = (await client.post(`/orgs/${orgId}/metrics`, pickRate(kofi, gripper))).body.metric.id;
    const updated = await client.patch(`/orgs/${orgId}/metrics/${id}`, { target: 99.8, ownerPersonId: dana });
    expect(updated.status).toBe(200);
    expect(updated.body.metric).toMatchObject({ name: 'Pick success rate', target: 99.8, owner: { id: dana }, initiative: { id: gripper } });

    // Turning the controllable input into an output alone is refused: the stored `controllable` breaks the rule.
    const toOutput = await client.patch(`/orgs/${orgId}/metrics/${id}`, { kind: 'output' });
    expect(toOutput.status).toBe(422);
    expect(toOutput.body.error).toMatchObject({ code: 'rule_violation', rule: 'metric.output_not_controllable', field: 'controllable' });
    const asOutput = await client.patch(`/orgs/${orgId}/metrics/${id}`, { kind: 'output', controllable: false });
    expect(asOutput.body.metric).toMatchObject({ kind: 'output', controllable: false, initiative: { id: gripper } });
    expect((await client.patch(`/orgs/${orgId}/metrics/${id}`, { goodDirection: null })).body.error).toMatchObject({ rule: 'metric.target_needs_direction', field: 'goodDirection' });

    const events = (await client.get(`/orgs/${orgId}/audit-events`)).body.events.filter((event: { action: string }) => event.action.startsWith('metric.'));
    expect(events.map((event: { action: string }) => event.action)).toEqual(['metric.updated', 'metric.updated', 'metric.created']);
    expect(events[1].data).toMatchObject({ name: 'Pick success rate', changed: ['ownerPersonId', 'target'], fromOwnerPersonId: kofi, toOwnerPersonId: dana });
    expect(events[0].data.changed).toEqual(['kind', 'controllable']);
  });

  it('refuses a change made from a stale read (409) instead of undoing a newer one', async () => {
    const { client, orgId, kofi, dana, gripper } = await catalogOrg();
    const read = (await client.post(`/orgs/${orgId}/metrics`, pickRate(kofi, gripper))).body.metric;
    const path = `/orgs/${orgId}/metrics/${read.id}`;
    const first = await client.patch(path, { ...pickRate(kofi, gripper), target: 99.8, baseUpdatedAt: read.updatedAt });
    expect(first.status).toBe(200);
    const stale = await client.patch(path, { ...pickRate(dana, gripper), baseUpdatedAt: read.updatedAt });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'conflict', field: 'baseUpdatedAt', data: { updatedAt: first.body.metric.updatedAt } });
    expect((await client.get(path)).body.metric).toMatchObject({ target: 99.8, owner: { id: kofi } });
  });

  it('deletes a metric and audits it by name', async () => {
    const { client, orgId, kofi } = await catalogOrg();
    const id = (await client.post(`/orgs/${orgId}/metrics`, ordersShipped(kofi))).body.metric.id;
    expect((await client.delete(`/orgs/${orgId}/metrics/${id}`)).status).toBe(204);
    expect((await client.get(`/orgs/${orgId}/metrics/${id}`)).status).toBe(404);
    expect((await client.get(`/orgs/${orgId}/metrics`)).body.metrics).toEqual([]);
    expect((await client.delete(`/orgs/${orgId}/metrics/${id}`)).status).toBe(404);
    const [event] = (await client.get(`/orgs/${orgId}/audit-events`)).body.events;
    expect(event).toMatchObject({ action: 'metric.deleted', subjectId: id, data: { name: 'Orders shipped' } });
  });
});

describe('the catalog refuses what breaks its rules, and saves nothing', () => {
  it('refuses a controllable output with the rule that says why', async () => {
    const { client, orgId, dana } = await catalogOrg();
    const refused = await client.post(`/orgs/${orgId}/metrics`, { ...ordersShipped(dana), controllable: true });
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({ code: 'rule_violation', rule: 'metric.output_not_controllable', field: 'controllable' });
    expect(refused.body.error.message).toMatch(/move only through the inputs/);
    expect((await client.get(`/orgs/${orgId}/metrics`)).body.metrics).toEqual([]);
  });

  it('refuses an owner who left the company, and someone who is not in the org', async () => {
    const { client, orgId, kofi, gripper } = await catalogOrg();
    const gone = await addPerson(client, orgId, 'Ben Vee');
    expect((await client.post(`/orgs/${orgId}/people/${gone}/departure`, { leftOn: '2026-11-20' })).status).toBe(200);
    const leaver = await client.post(`/orgs/${orgId}/metrics`, pickRate(gone, gripper));
    expect(leaver.status).toBe(400);
    expect(leaver.body.error).toMatchObject({ code: 'validation_failed', field: 'ownerPersonId', message: 'ownerPersonId: Ben Vee left the company on 2026-11-20.' });

    const other = await catalogOrg();
    expect((await client.post(`/orgs/${orgId}/metrics`, pickRate(other.kofi, gripper))).body.error).toMatchObject({ code: 'validation_failed', field: 'ownerPersonId' });

    // Handing a metric to someone who left is refused too.
    const id = (await client.post(`/orgs/${orgId}/metrics`, pickRate(kofi, gripper))).body.metric.id;
    expect((await client.patch(`/orgs/${orgId}/metrics/${id}`, { ownerPersonId: gone })).body.error).toMatchObject({ field: 'ownerPersonId' });
    expect((await client.get(`/orgs/${orgId}/metrics/${id}`)).body.metric.owner.id).toBe(kofi);
  });

  it('refuses an initiative of another org, or none at all', async () => {
    const { client, orgId, kofi } = await catalogOrg();
    const other = await catalogOrg();
    const foreign = await client.post(`/orgs/${orgId}/metrics`, pickRate(kofi, other.gripper));
    expect(foreign.status).toBe(400);
    expect(foreign.body.error).toMatchObject({ code: 'validation_failed', field: 'initiativeId' });
    expect((await client.post(`/orgs/${orgId}/metrics`, pickRate(kofi, '00000000-0000-4000-8000-000000000000'))).body.error.field).toBe('initiativeId');
    expect((await client.get(`/orgs/${orgId}/metrics`)).body.metrics).toEqual([]);
  });

  it('refuses a duplicate name, whatever its case and spacing, as a conflict naming the field', async () => {
    const { client, orgId, kofi, dana, gripper } = await catalogOrg();
    await client.post(`/orgs/${orgId}/metrics`, pickRate(kofi, gripper));
    const clash = await client.post(`/orgs/${orgId}/metrics`, { ...ordersShipped(dana), name: 'PICK  success RATE' });
    expect(clash.status).toBe(409);
    expect(clash.body.error).toMatchObject({ code: 'conflict', field: 'name' });
    const second = (await client.post(`/orgs/${orgId}/metrics`, ordersShipped(dana))).body.metric.id;
    expect((await client.patch(`/orgs/${orgId}/metrics/${second}`, { name: 'pick success rate' })).body.error).toMatchObject({ code: 'conflict', field: 'name' });
    // Another org may use the same name.
    const other = await catalogOrg();
    expect((await other.client.post(`/orgs/${other.orgId}/metrics`, pickRate(other.kofi, other.gripper))).status).toBe(201);
  });

  it('lets members add metrics but change only their own; admins change any; recruiters only read', async () => {
    const { client: admin, orgId, kofi, gripper } = await catalogOrg();
    const member = await inviteClient(context.app, admin, orgId, 'member');
    const memberPerson = await addPerson(admin, orgId, 'Mia Member', { email: member.email });
    const kofis = (await admin.post(`/orgs/${orgId}/metrics`, pickRate(kofi, gripper))).body.metric.id;

    const change = await member.client.patch(`/orgs/${orgId}/metrics/${kofis}`, { target: 50 });
    expect(change.status).toBe(403);
    expect(change.body.error).toMatchObject({ code: 'forbidden', message: 'Only the owner of "Pick success rate" or an admin may change it.' });
    expect((await member.client.delete(`/orgs/${orgId}/metrics/${kofis}`)).status).toBe(403);
    expect((await admin.get(`/orgs/${orgId}/metrics/${kofis}`)).body.metric.target).toBe(99.5);

    const mine = await member.client.post(`/orgs/${orgId}/metrics`, { ...ordersShipped(memberPerson), name: 'Support contacts' });
    expect(mine.status).toBe(201);
    expect((await member.client.patch(`/orgs/${orgId}/metrics/${mine.body.metric.id}`, { unit: 'contacts' })).body.metric.unit).toBe('contacts');
    expect((await admin.patch(`/orgs/${orgId}/metrics/${mine.body.metric.id}`, { unit: 'tickets' })).status).toBe(200);
    expect((await member.client.delete(`/orgs/${orgId}/metrics/${mine.body.metric.id}`)).status).toBe(204);

    const recruiter = await inviteClient(context.app, admin, orgId, 'recruiter');
    expect((await recruiter.client.get(`/orgs/${orgId}/metrics`)).status).toBe(200);
    expect((await recruiter.client.post(`/orgs/${orgId}/metrics`, { ...ordersShipped(kofi), name: 'Hires' })).status).toBe(403);
    const outsider = await signUpClient(context.app);
    expect((await outsider.client.get(`/orgs/${orgId}/metrics/${kofis}`)).status).toBe(404);
    expect((await outsider.client.patch(`/orgs/${orgId}/metrics/${kofis}`, { target: 1 })).status).toBe(404);
  });

  it('answers bad input with 400 naming the field, never a 500', async () => {
    const { client, orgId, kofi, gripper } = await catalogOrg();
    const cases: Array<[unknown, string]> = [
      [{ ...pickRate(kofi, gripper), name: '   ' }, 'body.name'],
      [{ ...pickRate(kofi, gripper), name: 'x'.repeat(121) }, 'body.name'],
      [{ ...pickRate(kofi, gripper), definition: '' }, 'body.definition'],
      [{ ...pickRate(kofi, gripper), kind: 'kpi' }, 'body.kind'],
      [{ ...pickRate(kofi, gripper), goodDirection: 'sideways' }, 'body.goodDirection'],
      [{ ...pickRate(kofi, gripper), target: '99' }, 'body.target'],
      [{ ...pickRate(kofi, gripper), ownerPersonId: 'kofi' }, 'body.ownerPersonId'],
      [{ ...pickRate(kofi, gripper), color: 'red' }, 'body'],
      [{ ...pickRate(kofi, gripper), definition: 'Pick success rate' }, 'definition'],
    ];
    for (const [body, field] of cases) {
      const response = await client.post(`/orgs/${orgId}/metrics`, body);
      expect({ status: response.status, field: response.body.error?.field }).toEqual({ status: 400, field });
    }
    expect((await client.get(`/orgs/${orgId}/metrics?kind=kpi`)).body.error.field).toBe('query.kind');
    expect((await client.get(`/orgs/${orgId}/metrics?controllable=yes`)).body.error.field).toBe('query.controllable');
    expect((await client.get(`/orgs/${orgId}/metrics/not-a-uuid`)).body.error.field).toBe('param.metricId');
    expect((await client.request('POST', `/orgs/${orgId}/metrics`, undefined, { rawBody: '{"name": ' })).status).toBe(400);
    expect(context.logs.filter((line) => line.includes('unexpected error'))).toEqual([]);
  });
});

describe('the OpenAPI document', () => {
  it('documents every metrics route with the schemas that validate it', async () => {
    const document = (await new ApiClient(context.app).get('/openapi.json')).body;
    const collection = document.paths['/api/v1/orgs/{orgId}/metrics'];
    const item = document.paths['/api/v1/orgs/{orgId}/metrics/{metricId}'];
    expect(Object.keys(collection).sort()).toEqual(['get', 'post']);
    expect(Object.keys(item).sort()).toEqual(['delete', 'get', 'patch']);
    expect(collection.get.parameters.map((parameter: { name: string }) => parameter.name)).toEqual(expect.arrayContaining(['kind', 'controllable', 'ownerPersonId', 'initiativeId']));
    expect(Object.keys(collection.post.responses)).toEqual(expect.arrayContaining(['201', '400', '409', '422']));
    const create = document.components.schemas[(collection.post.requestBody.content['application/json'].schema.$ref as string).split('/').pop()!];
    expect(create.required).toEqual(expect.arrayContaining(['name', 'definition', 'kind', 'ownerPersonId']));
    expect(create.properties.name.maxLength).toBe(120);
  });
});
