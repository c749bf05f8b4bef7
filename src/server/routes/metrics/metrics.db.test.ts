import { describe, expect, it } from 'vitest';
import { ApiClient, inviteClient, signUpClient, useTestApp } from '../../../../test/support/test-app.js';
import { FULFILMENT_CONFIG, fulfilmentCsv } from '../../../../test/support/wbr-review-fixture.js';
import { duringDeparture } from '../../../../test/support/departure-race.js';

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
      initiative: { id: gripper, name: 'Adaptive gripper', stage: 'idea' },
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
    expect(toOutput.body.error).toMatchObject({ code: 'rule_violation', rule: 'metric.output_not_controllable', field: 'body.controllable' });
    const asOutput = await client.patch(`/orgs/${orgId}/metrics/${id}`, { kind: 'output', controllable: false });
    expect(asOutput.body.metric).toMatchObject({ kind: 'output', controllable: false, initiative: { id: gripper } });
    expect((await client.patch(`/orgs/${orgId}/metrics/${id}`, { goodDirection: null })).body.error).toMatchObject({ rule: 'metric.target_needs_direction', field: 'body.goodDirection' });

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
    expect(stale.body.error).toMatchObject({ code: 'conflict', field: 'body.baseUpdatedAt', data: { updatedAt: first.body.metric.updatedAt } });
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
    expect(refused.body.error).toMatchObject({ code: 'rule_violation', rule: 'metric.output_not_controllable', field: 'body.controllable' });
    expect(refused.body.error.message).toMatch(/move only through the inputs/);
    expect((await client.get(`/orgs/${orgId}/metrics`)).body.metrics).toEqual([]);
  });

  it('refuses an owner who left the company, and someone who is not in the org', async () => {
    const { client, orgId, kofi, gripper } = await catalogOrg();
    const gone = await addPerson(client, orgId, 'Ben Vee');
    expect((await client.post(`/orgs/${orgId}/people/${gone}/departure`, { leftOn: '2026-11-20' })).status).toBe(200);
    const leaver = await client.post(`/orgs/${orgId}/metrics`, pickRate(gone, gripper));
    expect(leaver.status).toBe(400);
    expect(leaver.body.error).toMatchObject({ code: 'validation_failed', field: 'body.ownerPersonId', message: 'ownerPersonId: Ben Vee left the company on Nov 20, 2026.' });

    const other = await catalogOrg();
    expect((await client.post(`/orgs/${orgId}/metrics`, pickRate(other.kofi, gripper))).body.error).toMatchObject({ code: 'validation_failed', field: 'body.ownerPersonId' });

    // Handing a metric to someone who left is refused too.
    const id = (await client.post(`/orgs/${orgId}/metrics`, pickRate(kofi, gripper))).body.metric.id;
    expect((await client.patch(`/orgs/${orgId}/metrics/${id}`, { ownerPersonId: gone })).body.error).toMatchObject({ field: 'body.ownerPersonId' });
    expect((await client.get(`/orgs/${orgId}/metrics/${id}`)).body.metric.owner.id).toBe(kofi);
  });

  it('refuses a new link to a killed initiative, and flags a metric whose initiative was killed without locking it', async () => {
    const { client, orgId, kofi, gripper } = await catalogOrg();
    const id = (await client.post(`/orgs/${orgId}/metrics`, pickRate(kofi, gripper))).body.metric.id;
    expect((await client.post(`/orgs/${orgId}/pipeline/initiatives/${gripper}/moves`, { to: 'killed', reason: 'The supplier stopped making the gripper.' })).status).toBe(200);
    const refused = await client.post(`/orgs/${orgId}/metrics`, { ...pickRate(kofi, gripper), name: 'Gripper uptime' });
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({ code: 'rule_violation', rule: 'pipeline.closed', field: 'body.initiativeId' });
    // The metric keeps its link, marked, and its other fields still change (a form sends the link back unchanged).
    const changed = await client.patch(`/orgs/${orgId}/metrics/${id}`, { target: 98, initiativeId: gripper });
    expect(changed.body.metric).toMatchObject({ target: 98, initiative: { id: gripper, stage: 'killed' } });
    expect((await client.get(`/orgs/${orgId}/metrics`)).body.metrics[0].initiative.stage).toBe('killed');
    expect((await client.patch(`/orgs/${orgId}/metrics/${id}`, { initiativeId: null })).body.metric.initiative).toBeNull();
    expect((await client.patch(`/orgs/${orgId}/metrics/${id}`, { initiativeId: gripper })).body.error).toMatchObject({ rule: 'pipeline.closed', field: 'body.initiativeId' });
  });

  it('refuses an initiative of another org, or none at all', async () => {
    const { client, orgId, kofi } = await catalogOrg();
    const other = await catalogOrg();
    const foreign = await client.post(`/orgs/${orgId}/metrics`, pickRate(kofi, other.gripper));
    expect(foreign.status).toBe(400);
    expect(foreign.body.error).toMatchObject({ code: 'validation_failed', field: 'body.initiativeId' });
    expect((await client.post(`/orgs/${orgId}/metrics`, pickRate(kofi, '00000000-0000-4000-8000-000000000000'))).body.error.field).toBe('body.initiativeId');
    expect((await client.get(`/orgs/${orgId}/metrics`)).body.metrics).toEqual([]);
  });

  it('refuses a duplicate name, whatever its case and spacing, as a conflict naming the field', async () => {
    const { client, orgId, kofi, dana, gripper } = await catalogOrg();
    await client.post(`/orgs/${orgId}/metrics`, pickRate(kofi, gripper));
    const clash = await client.post(`/orgs/${orgId}/metrics`, { ...ordersShipped(dana), name: 'PICK  success RATE' });
    expect(clash.status).toBe(409);
    expect(clash.body.error).toMatchObject({ code: 'conflict', field: 'body.name' });
    const second = (await client.post(`/orgs/${orgId}/metrics`, ordersShipped(dana))).body.metric.id;
    expect((await client.patch(`/orgs/${orgId}/metrics/${second}`, { name: 'pick success rate' })).body.error).toMatchObject({ code: 'conflict', field: 'body.name' });
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
      [{ ...pickRate(kofi, gripper), definition: 'Pick success rate' }, 'body.definition'],
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

describe('what the catalog keeps straight under pressure', () => {
  it('refuses a name that only looks like one in the catalog, and stores names and units as they read', async () => {
    const { client, orgId, kofi, dana, gripper } = await catalogOrg();
    const cafe = await client.post(`/orgs/${orgId}/metrics`, { ...pickRate(kofi, gripper), name: 'Café visits', unit: ' per\n  visit ' });
    expect(cafe.body.metric).toMatchObject({ name: 'Café visits', unit: 'per visit' });
    const lookAlikes = [
      'Cafe\u0301 visits', // "é" typed as e + combining accent
      'Ｃａｆé visits', // full-width letters
      'Ca\u00adfé visits', // a soft hyphen, drawn as nothing
      'Café\u200e visits', // a left-to-right mark
      'Café\u0007 visits', // a control character
    ];
    for (const name of lookAlikes) {
      const clash = await client.post(`/orgs/${orgId}/metrics`, { ...ordersShipped(dana), name });
      expect({ name, status: clash.status, error: clash.body.error }).toMatchObject({ name, status: 409, error: { code: 'conflict', field: 'body.name' } });
      expect(clash.body.error.message).toContain('"Café visits"');
    }
    const other = (await client.post(`/orgs/${orgId}/metrics`, ordersShipped(dana))).body.metric.id;
    expect((await client.patch(`/orgs/${orgId}/metrics/${other}`, { name: 'ＣＡＦＥ\u0301 VISITS' })).body.error).toMatchObject({ code: 'conflict', field: 'body.name' });
    // What cannot be seen is not stored: the name reads as it is shown.
    const bell = await client.post(`/orgs/${orgId}/metrics`, { ...ordersShipped(dana), name: 'Bell\u0007 rings\u00ad' });
    expect(bell.body.metric.name).toBe('Bell rings');
    expect((await client.post(`/orgs/${orgId}/metrics`, { ...ordersShipped(dana), name: '\u00ad\u2060\u0007' })).body.error).toMatchObject({ code: 'validation_failed', field: 'body.name' });
    expect((await client.get(`/orgs/${orgId}/metrics`)).body.metrics.map((metric: { name: string }) => metric.name)).toEqual(['Bell rings', 'Café visits', 'Orders shipped']);
  });

  it('keeps in the audit log what each change decided: the values before and after, and what a deleted metric said', async () => {
    const { client, orgId, kofi, dana, gripper } = await catalogOrg();
    const id = (await client.post(`/orgs/${orgId}/metrics`, pickRate(kofi, gripper))).body.metric.id;
    expect((await client.patch(`/orgs/${orgId}/metrics/${id}`, { target: 97, unit: 'percent', definition: 'First-grasp picks over all picks attempted in the week.' })).status).toBe(200);
    expect((await client.patch(`/orgs/${orgId}/metrics/${id}`, { kind: 'output', controllable: false, target: null, goodDirection: null, initiativeId: null, ownerPersonId: dana })).status).toBe(200);
    expect((await client.delete(`/orgs/${orgId}/metrics/${id}`)).status).toBe(204);
    const [deleted, demoted, retargeted, created] = (await client.get(`/orgs/${orgId}/audit-events`)).body.events.filter((event: { action: string }) => event.action.startsWith('metric.'));
    expect(created.data).toEqual({ name: 'Pick success rate', kind: 'input', controllable: true, ownerPersonId: kofi, unit: '%', goodDirection: 'up', target: 99.5, initiativeId: gripper });
    expect(retargeted.data).toEqual({ name: 'Pick success rate', changed: ['definition', 'unit', 'target'], fromUnit: '%', toUnit: 'percent', fromTarget: 99.5, toTarget: 97 });
    expect(demoted.data).toEqual({
      name: 'Pick success rate',
      changed: ['kind', 'controllable', 'ownerPersonId', 'goodDirection', 'target', 'initiativeId'],
      fromKind: 'input', toKind: 'output', fromControllable: true, toControllable: false, fromOwnerPersonId: kofi, toOwnerPersonId: dana,
      fromGoodDirection: 'up', toGoodDirection: null, fromTarget: 97, toTarget: null, fromInitiativeId: gripper, toInitiativeId: null,
    });
    expect(deleted.data).toEqual({ name: 'Pick success rate', kind: 'output', controllable: false, ownerPersonId: dana, unit: 'percent', goodDirection: null, target: null, initiativeId: null });
  });

  it('deletes a metric the review charts without changing a published week, and its anomaly keeps its owner', async () => {
    const { client, orgId, kofi, dana } = await catalogOrg();
    const late = await client.post(`/orgs/${orgId}/metrics`, { name: 'Late deliveries', definition: 'Orders delivered after the promised day, by delivery date.', kind: 'input', controllable: true, ownerPersonId: kofi, goodDirection: 'down', target: 3 });
    const deckPath = `/orgs/${orgId}/wbr/decks/${(await client.post(`/orgs/${orgId}/wbr/decks`, { name: 'Fulfilment', ownerPersonId: dana, config: FULFILMENT_CONFIG })).body.deck.id}`;
    const uploaded = await client.request('PUT', `${deckPath}/data?fileName=fulfilment.csv`, undefined, { rawBody: fulfilmentCsv('2025-01-07', ['2025-01-04']), headers: { 'content-type': 'text/csv' } });
    expect(uploaded.status).toBe(200);
    const week = (await client.post(`${deckPath}/snapshots`, {})).body.snapshot;
    const exportOf = async (format: string) => (await client.get(`${deckPath}/snapshots/${week.id}/export?format=${format}`)).body;
    const [html, json] = [await exportOf('html'), await exportOf('json')];
    expect(json.blocks[0].pulse.catalogTargets['Late deliveries']).toMatchObject({ written: 3 });

    expect((await client.delete(`/orgs/${orgId}/metrics/${late.body.metric.id}`)).status).toBe(204);
    expect(await exportOf('html')).toBe(html);
    expect(await exportOf('json')).toEqual(json);
    const [anomaly] = (await client.get(`/orgs/${orgId}/wbr/anomalies`)).body.anomalies;
    expect(anomaly).toMatchObject({ metric: 'Late deliveries', catalogMetric: null, owner: { id: kofi }, status: 'open' });
    expect(context.logs.filter((line) => line.includes('unexpected error'))).toEqual([]);
  });

  it('refuses a target too large to store, or written as text, saying how to write one', async () => {
    const { client, orgId, kofi, gripper } = await catalogOrg();
    const tooLarge = JSON.stringify(pickRate(kofi, gripper)).replace('"target":99.5', '"target":1e309');
    for (const body of [tooLarge, JSON.stringify({ ...pickRate(kofi, gripper), target: '99,5' })]) {
      const refused = await client.request('POST', `/orgs/${orgId}/metrics`, undefined, { rawBody: body, headers: { 'content-type': 'application/json' } });
      expect(refused.status).toBe(400);
      expect(refused.body.error).toMatchObject({ field: 'body.target', message: 'body.target: must be a number, such as 99.5 or -2, with a dot before any decimals' });
    }
    expect((await client.get(`/orgs/${orgId}/metrics`)).body.metrics).toEqual([]);
  });

  it('does not give a metric to someone whose departure is being recorded at that moment', async () => {
    const { client, orgId, gripper } = await catalogOrg();
    const ben = await addPerson(client, orgId, 'Ben Vee');
    // A departure holds the person's row from its first read to its commit, as recording one does.
    const response = await duringDeparture(context.database.db, ben, '2026-11-20', () => client.post(`/orgs/${orgId}/metrics`, pickRate(ben, gripper)));
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ code: 'validation_failed', field: 'body.ownerPersonId', message: 'ownerPersonId: Ben Vee left the company on Nov 20, 2026.' });
  });
});
