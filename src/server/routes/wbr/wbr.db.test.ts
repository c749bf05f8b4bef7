import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { ApiClient} from '../../../../test/support/test-app.js';
import { inviteClient, signUpClient, useTestApp } from '../../../../test/support/test-app.js';
import { FULFILMENT_CONFIG, fulfilmentCsv } from '../../../../test/support/wbr-review-fixture.js';
import { readPdf } from '../../../../test/support/pdf-reader.js';
import { duringDeparture } from '../../../../test/support/departure-race.js';
import { formatDay } from '../../../domain/dates.js';

// A small upload limit, so the limit can be tested without a large body.
const context = useTestApp({ PULSE_MAX_UPLOAD_BYTES: '200000' });

async function addPerson(client: ApiClient, orgId: string, name: string, userId?: string): Promise<string> {
  const response = await client.post(`/orgs/${orgId}/people`, { name, email: `${name.toLowerCase().replace(/\s+/g, '.')}@example.test`, role: 'Engineer', level: 5, ...(userId && { userId }) });
  if (response.status !== 201) throw new Error(`adding ${name} failed: ${JSON.stringify(response.body)}`);
  return response.body.person.id;
}

const upload = (client: ApiClient, path: string, csv: string, fileName = 'fulfilment.csv') =>
  client.request('PUT', `${path}/data?fileName=${encodeURIComponent(fileName)}`, undefined, { rawBody: csv, headers: { 'content-type': 'text/csv' } });

/**
 * An org with a deck owned by Dana; "Late deliveries" is in the catalog, owned by Kofi, whose person record is
 * linked to a member's login (so that member answers for its anomalies).
 */
async function reviewOrg() {
  const { client: admin, orgId } = await signUpClient(context.app);
  const kofiLogin = await inviteClient(context.app, admin, orgId, 'member');
  const otherMember = await inviteClient(context.app, admin, orgId, 'member');
  const kofi = await addPerson(admin, orgId, 'Kofi Mensah', kofiLogin.userId);
  const dana = await addPerson(admin, orgId, 'Dana Whitfield');
  const catalog = await admin.post(`/orgs/${orgId}/metrics`, { name: 'late  DELIVERIES', definition: 'Orders delivered after the promised day, by delivery date.', kind: 'input', controllable: true, ownerPersonId: kofi, goodDirection: 'down' });
  expect(catalog.status).toBe(201);
  const created = await admin.post(`/orgs/${orgId}/wbr/decks`, { name: 'Fulfilment', ownerPersonId: dana, config: FULFILMENT_CONFIG });
  expect(created.status).toBe(201);
  const deckId = created.body.deck.id as string;
  return { admin, orgId, kofi, dana, kofiClient: kofiLogin.client, otherClient: otherMember.client, deckId, deckPath: `/orgs/${orgId}/wbr/decks/${deckId}`, catalogId: catalog.body.metric.id as string };
}

describe('WBR decks', () => {
  it('creates a deck whose metrics are linked to the catalog by name, and refuses a bad config with its line and key path', async () => {
    const { admin, orgId, kofi, dana, deckPath, catalogId } = await reviewOrg();
    const deck = (await admin.get(deckPath)).body.deck;
    expect(deck).toMatchObject({ name: 'Fulfilment', owner: { id: dana, name: 'Dana Whitfield', leftOn: null }, data: null, latestWeekEnding: null, snapshotCount: 0, unresolvedAnomalies: 0, nextWeekEnding: null, snapshots: [], anomalies: [] });
    expect(deck.metrics).toEqual([
      { name: 'Late deliveries', changeUnit: '%', catalogMetric: { id: catalogId, name: 'late DELIVERIES', kind: 'input', owner: { id: kofi, name: 'Kofi Mensah' } }, anomalyOwner: { person: { id: kofi, name: 'Kofi Mensah' }, reason: 'catalog_owner' }, goodDirection: 'down', goodDirectionFrom: 'config', goodDirectionConflict: null },
      { name: 'Orders shipped', changeUnit: '%', catalogMetric: null, anomalyOwner: { person: { id: dana, name: 'Dana Whitfield' }, reason: 'no_catalog_metric' }, goodDirection: 'up', goodDirectionFrom: 'config', goodDirectionConflict: null },
    ]);

    const badAggf = FULFILMENT_CONFIG.replace('aggf: sum\n    good_direction: up', 'aggf: total\n    good_direction: up');
    const refused = await admin.post(`/orgs/${orgId}/wbr/decks`, { name: 'Broken', ownerPersonId: dana, config: badAggf });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ code: 'invalid_config', field: 'metrics.Orders shipped.aggf', line: 12, file: 'config.yaml' });
    expect(refused.body.error.message).toMatch(/^Line 12 \(metrics\.Orders shipped\.aggf\): "total" is not a known aggf/);
    expect((await admin.post(`/orgs/${orgId}/wbr/decks`, { name: ' fulfilment ', ownerPersonId: dana, config: FULFILMENT_CONFIG })).body.error).toMatchObject({ code: 'conflict', field: 'body.name' });
    expect((await admin.get(`/orgs/${orgId}/wbr/decks`)).body.decks.map((listed: { name: string }) => listed.name)).toEqual(['Fulfilment']);
  });

  it('refuses a deck name that only looks like one the org has, with the 409 the same name gets, on create and rename', async () => {
    const { admin, orgId, dana } = await reviewOrg();
    const same = await admin.post(`/orgs/${orgId}/wbr/decks`, { name: 'fulfilment', ownerPersonId: dana, config: FULFILMENT_CONFIG });
    expect(same.status).toBe(409);
    for (const lookAlike of ['Ｆｕｌｆｉｌｍｅｎｔ', 'Fulfil\u00adment', '\u202aFulfilment\u202c']) {
      const refused = await admin.post(`/orgs/${orgId}/wbr/decks`, { name: lookAlike, ownerPersonId: dana, config: FULFILMENT_CONFIG });
      expect({ lookAlike, status: refused.status, error: refused.body.error }).toEqual({ lookAlike, status: 409, error: same.body.error });
    }
    const other = await admin.post(`/orgs/${orgId}/wbr/decks`, { name: 'Returns', ownerPersonId: dana, config: FULFILMENT_CONFIG });
    expect(other.status).toBe(201);
    const renamed = await admin.patch(`/orgs/${orgId}/wbr/decks/${other.body.deck.id}`, { name: 'ＦＵＬＦＩＬＭＥＮＴ' });
    expect({ status: renamed.status, error: renamed.body.error }).toEqual({ status: 409, error: same.body.error });
    expect((await admin.get(`/orgs/${orgId}/wbr/decks`)).body.decks.map((listed: { name: string }) => listed.name)).toEqual(['Fulfilment', 'Returns']);
  });

  it('does not hand a deck, or an anomaly, to someone whose departure is being recorded at that moment', async () => {
    const { admin, orgId, kofi, dana, deckPath } = await reviewOrg();
    const ben = await addPerson(admin, orgId, 'Ben Vee');
    const handedOver = await duringDeparture(context.database.db, ben, '2026-11-20', () => admin.patch(deckPath, { ownerPersonId: ben }));
    expect(handedOver.status).toBe(400);
    expect(handedOver.body.error).toMatchObject({ code: 'validation_failed', field: 'body.ownerPersonId', message: 'ownerPersonId: Ben Vee left the company on Nov 20, 2026.' });
    expect((await admin.get(deckPath)).body.deck.owner.name).toBe('Dana Whitfield');

    // A week published while the catalog metric's owner is leaving gives its new anomaly to the deck's owner.
    await upload(admin, deckPath, fulfilmentCsv('2025-01-04', ['2025-01-04']));
    const published = await duringDeparture(context.database.db, kofi, '2026-11-20', () => admin.post(`${deckPath}/snapshots`, {}));
    expect(published.status).toBe(201);
    const [anomaly] = (await admin.get(deckPath)).body.deck.anomalies;
    expect(anomaly).toMatchObject({ metric: 'Late deliveries', owner: { id: dana } });

    const taken = await duringDeparture(context.database.db, ben, '2026-11-21', () => admin.patch(`/orgs/${orgId}/wbr/anomalies/${anomaly.id}`, { ownerPersonId: ben }));
    expect(taken.body.error).toMatchObject({ code: 'validation_failed', field: 'body.ownerPersonId' });
    expect((await admin.get(deckPath)).body.deck.anomalies[0].owner.id).toBe(dana);
  });

  it('takes the data as a CSV body, checks every cell against the config, and keeps the previous data when a file is refused', async () => {
    const { admin, deckPath } = await reviewOrg();
    const uploaded = await upload(admin, deckPath, fulfilmentCsv('2025-01-07'));
    expect(uploaded.status).toBe(200);
    expect(uploaded.body.deck.data).toMatchObject({ fileName: 'fulfilment.csv', rows: 769, firstDate: '2022-12-01', lastDate: '2025-01-07', uploadedBy: { name: expect.any(String) } });
    // The data reaches Tuesday 7 January: the latest Saturday it covers is the 4th.
    expect(uploaded.body.deck.nextWeekEnding).toBe('2025-01-04');

    const badCell = fulfilmentCsv('2025-01-14').replace('2024-03-05,10,1000', '2024-03-05,ten,1000');
    const refused = await upload(admin, deckPath, badCell, 'next.csv');
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ code: 'invalid_data', file: 'next.csv', column: 2 });
    expect(refused.body.error.message).toMatch(/^Line \d+: The cell "ten" in column "late" is not a number/);
    // A column the config reads and the file lacks is the file's fault: it names the file and the column, and the
    // config's line only as where the column is asked for (a "Line 7" would read as a line of the CSV).
    const missingColumn = await upload(admin, deckPath, 'Date,orders\n2025-01-01,3\n');
    expect(missingColumn.status).toBe(400);
    expect(missingColumn.body.error).toEqual({
      code: 'invalid_data',
      field: 'body',
      file: 'fulfilment.csv',
      message: 'The file fulfilment.csv has no column "late", which metric "Late deliveries" reads (config line 7, metrics.Late deliveries.column).',
    });
    expect(refused.body.error.field).toBe('body');
    const latin1 = await admin.request('PUT', `${deckPath}/data?fileName=latin1.csv`, undefined, { rawBody: Buffer.from('Date,late,orders\n2025-01-04,1,caf\xe9\n', 'latin1'), headers: { 'content-type': 'text/csv' } });
    expect(latin1.body.error).toMatchObject({ code: 'invalid_data', field: 'body', file: 'latin1.csv' });
    expect(latin1.body.error.message).toMatch(/not UTF-8/);
    const asJson = await admin.put(`${deckPath}/data?fileName=x.csv`, { csv: 'Date,late\n' });
    expect(asJson.body.error).toMatchObject({ code: 'validation_failed', field: 'body' });
    const tooLarge = await upload(admin, deckPath, `${fulfilmentCsv('2025-01-07')}${'#'.repeat(200_000)}`);
    expect(tooLarge.status).toBe(413);
    expect((await admin.get(deckPath)).body.deck.data).toMatchObject({ fileName: 'fulfilment.csv', lastDate: '2025-01-07' });
  });

  it('says which week Publish would take, or why none can be published yet', async () => {
    const { admin, deckPath } = await reviewOrg();
    expect((await admin.get(deckPath)).body.deck).toMatchObject({ nextWeekEnding: null, publishNote: expect.stringMatching(/^Upload the deck's data/) });
    await upload(admin, deckPath, fulfilmentCsv('2025-01-07'));
    expect((await admin.get(deckPath)).body.deck).toMatchObject({ nextWeekEnding: '2025-01-04', publishNote: null });
    await admin.post(`${deckPath}/snapshots`, {});
    // The latest week the data covers is published: the next one waits for data that reaches it.
    expect((await admin.get(deckPath)).body.deck).toMatchObject({ nextWeekEnding: null, publishNote: 'The data ends on Jan 7, 2025, before the week ending Jan 11, 2025: upload the newer data first.' });
    await upload(admin, deckPath, fulfilmentCsv('2025-01-11'));
    expect((await admin.get(deckPath)).body.deck).toMatchObject({ nextWeekEnding: '2025-01-11', publishNote: null });
  });

  it('gives a new deck to its creator\'s person by default, and lets anyone who builds the review take an anomaly nobody owns', async () => {
    const { admin, orgId, kofi, dana, kofiClient, otherClient } = await reviewOrg();
    const byKofi = await kofiClient.post(`/orgs/${orgId}/wbr/decks`, { name: 'Kofi\'s review', config: FULFILMENT_CONFIG });
    expect(byKofi.body.deck.owner).toEqual({ id: kofi, name: 'Kofi Mensah', leftOn: null });
    // The admin has no person record: their deck has no owner, and neither has an anomaly on a metric outside the catalog.
    const unowned = (await admin.post(`/orgs/${orgId}/wbr/decks`, { name: 'Unowned', config: FULFILMENT_CONFIG.replaceAll('Late deliveries', 'Late parcels') })).body.deck;
    expect(unowned.owner).toBeNull();
    const path = `/orgs/${orgId}/wbr/decks/${unowned.id}`;
    await upload(admin, path, fulfilmentCsv('2025-01-04', ['2025-01-04']));
    await admin.post(`${path}/snapshots`, {});
    const [anomaly] = (await admin.get(path)).body.deck.anomalies;
    expect(anomaly).toMatchObject({ metric: 'Late parcels', owner: null });
    const taken = await otherClient.patch(`/orgs/${orgId}/wbr/anomalies/${anomaly.id}`, { ownerPersonId: dana });
    expect(taken.body.anomaly.owner).toEqual({ id: dana, name: 'Dana Whitfield', leftOn: null });
    // Once someone owns it, it is theirs to answer.
    expect((await otherClient.patch(`/orgs/${orgId}/wbr/anomalies/${anomaly.id}`, { rootCause: 'Guessing.' })).status).toBe(403);
  });

  it('checks a new config against the uploaded data before saving it', async () => {
    const { admin, deckPath } = await reviewOrg();
    await upload(admin, deckPath, fulfilmentCsv('2025-01-07'));
    const renamedColumn = FULFILMENT_CONFIG.replace('column: orders', 'column: shipped');
    const refused = await admin.patch(deckPath, { config: renamedColumn, name: 'Renamed' });
    expect(refused.body.error).toMatchObject({ code: 'invalid_config', field: 'metrics.Orders shipped.column', line: 11 });
    const deck = (await admin.get(deckPath)).body.deck;
    expect(deck.name).toBe('Fulfilment');
    expect(deck.config).toBe(FULFILMENT_CONFIG);
    const renamed = await admin.patch(deckPath, { name: 'Fulfilment review' });
    expect(renamed.body.deck.name).toBe('Fulfilment review');
  });

  it('refuses a change to the deck\'s settings made from a read older than a colleague\'s save, writing nothing', async () => {
    const { admin, orgId, kofi, deckPath, kofiClient } = await reviewOrg();
    const opened = (await admin.get(deckPath)).body.deck.editToken as string;
    // A colleague (Kofi, who owns "Late deliveries") renames the deck and sets an alert on his metric.
    const theirs = await kofiClient.patch(deckPath, { name: 'Fulfilment review', alerts: [{ metric: 'Late deliveries', wow: 20 }], baseToken: opened });
    expect(theirs.status).toBe(200);
    expect(theirs.body.deck.editToken).not.toBe(opened);
    // A form opened before their save: each setting it writes is refused, with the field and the current token, and nothing of it is written.
    for (const change of [{ name: 'Fulfilment' }, { alerts: [] }, { ownerPersonId: kofi }, { refreshHourUtc: null }, { name: 'Ops', config: FULFILMENT_CONFIG }]) {
      const stale = await admin.patch(deckPath, { ...change, baseToken: opened });
      expect(stale.status).toBe(409);
      expect(stale.body.error).toMatchObject({ code: 'conflict', field: 'body.baseToken', data: { token: theirs.body.deck.editToken } });
      expect(stale.body.error.message).toBe('This deck\'s settings changed after you opened it: reload it to see the change, then make yours again.');
    }
    const deck = (await admin.get(deckPath)).body.deck;
    expect(deck).toMatchObject({ name: 'Fulfilment review', alerts: [{ metric: 'Late deliveries', wow: 20, yoy: null }], owner: { name: 'Dana Whitfield' }, editToken: theirs.body.deck.editToken });
    const events = (await admin.get(`/orgs/${orgId}/audit-events`)).body.events as Array<{ action: string }>;
    expect(events.filter((event) => event.action === 'wbr_deck.updated')).toHaveLength(1);
    // From the newer read it goes through; a config saved meanwhile, or a data upload, does not make the settings stale.
    await upload(admin, deckPath, fulfilmentCsv('2025-01-07'));
    const config = await admin.patch(deckPath, { config: `${FULFILMENT_CONFIG}# checked\n`, baseConfigToken: deck.configToken });
    expect(config.body.deck.editToken).toBe(theirs.body.deck.editToken);
    const mine = await admin.patch(deckPath, { alerts: [{ metric: 'Late deliveries', wow: 20, yoy: 5 }], baseToken: theirs.body.deck.editToken });
    expect(mine.status).toBe(200);
    expect(mine.body.deck).toMatchObject({ name: 'Fulfilment review', alerts: [{ metric: 'Late deliveries', wow: 20, yoy: 5 }] });
  });

  it('refuses a form\'s save only when a colleague saved the fields that form writes, by its own token', async () => {
    const { admin, orgId, kofi, deckPath, otherClient } = await reviewOrg();
    const opened = (await admin.get(deckPath)).body.deck;
    expect(Object.keys(opened.settingsTokens).sort()).toEqual(['alerts', 'details', 'refresh']);
    // A colleague renames the deck: the name-and-owner token moves, the alerts' and the refresh's do not.
    const renamed = (await otherClient.patch(deckPath, { name: 'Fulfilment review', baseDetailsToken: opened.settingsTokens.details })).body.deck;
    expect(renamed.settingsTokens).toMatchObject({ alerts: opened.settingsTokens.alerts, refresh: opened.settingsTokens.refresh });
    expect(renamed.settingsTokens.details).not.toBe(opened.settingsTokens.details);
    // The alerts form opened before the rename saves: nothing it shows changed.
    const alerts = await admin.patch(deckPath, { alerts: [{ metric: 'Late deliveries', wow: 20 }], baseAlertsToken: opened.settingsTokens.alerts });
    expect(alerts.status).toBe(200);
    expect(alerts.body.deck).toMatchObject({ name: 'Fulfilment review', alerts: [{ metric: 'Late deliveries', wow: 20, yoy: null }] });
    // The same stale read is refused where it overlaps: the name form (the colleague's rename), the alerts form (the save just made).
    const staleName = await admin.patch(deckPath, { ownerPersonId: kofi, baseDetailsToken: opened.settingsTokens.details });
    expect(staleName.status).toBe(409);
    expect(staleName.body.error).toMatchObject({ code: 'conflict', field: 'body.baseDetailsToken', data: { token: renamed.settingsTokens.details } });
    expect(staleName.body.error.message).toBe('This deck\'s name and owner changed after you opened it: reload it to see the change, then make yours again.');
    const staleAlerts = await otherClient.patch(deckPath, { alerts: [], baseAlertsToken: opened.settingsTokens.alerts });
    expect(staleAlerts.body.error).toMatchObject({ code: 'conflict', field: 'body.baseAlertsToken', data: { token: alerts.body.deck.settingsTokens.alerts } });
    const staleRefresh = await admin.patch(deckPath, { refreshHourUtc: null, baseRefreshToken: 'stale' });
    expect(staleRefresh.body.error).toMatchObject({ code: 'conflict', field: 'body.baseRefreshToken', data: { token: opened.settingsTokens.refresh } });
    const deck = (await admin.get(deckPath)).body.deck;
    expect(deck).toMatchObject({ name: 'Fulfilment review', owner: { name: 'Dana Whitfield' }, alerts: [{ metric: 'Late deliveries', wow: 20, yoy: null }] });
    const events = (await admin.get(`/orgs/${orgId}/audit-events`)).body.events as Array<{ action: string }>;
    expect(events.filter((event) => event.action === 'wbr_deck.updated')).toHaveLength(2);
    // `baseToken` still covers all four: the editToken read before the rename refuses an alerts change too.
    const staleAll = await admin.patch(deckPath, { alerts: [], baseToken: opened.editToken });
    expect(staleAll.body.error).toMatchObject({ code: 'conflict', field: 'body.baseToken', data: { token: deck.editToken } });
    // Sending both, each is checked: a current baseToken does not excuse a stale form token.
    const both = await admin.patch(deckPath, { alerts: [], baseToken: deck.editToken, baseAlertsToken: opened.settingsTokens.alerts });
    expect(both.body.error).toMatchObject({ code: 'conflict', field: 'body.baseAlertsToken' });
  });

  it('lets recruiters read the review but not build it, and only admins delete a deck', async () => {
    const { admin, orgId, deckPath, dana } = await reviewOrg();
    const { client: recruiter } = await inviteClient(context.app, admin, orgId, 'recruiter');
    expect((await recruiter.get(deckPath)).status).toBe(200);
    expect((await recruiter.post(`/orgs/${orgId}/wbr/decks`, { name: 'Mine', ownerPersonId: dana, config: FULFILMENT_CONFIG })).status).toBe(403);
    const { client: member } = await inviteClient(context.app, admin, orgId, 'member');
    expect((await member.delete(deckPath)).status).toBe(403);
    expect((await admin.delete(deckPath)).status).toBe(204);
    expect((await admin.get(deckPath)).status).toBe(404);
  });
});

describe('publishing weeks', () => {
  it('keeps each published week as it was: once, in order, and never beyond the data', async () => {
    const { admin, orgId, deckPath } = await reviewOrg();
    expect((await admin.post(`${deckPath}/snapshots`, {})).body.error).toMatchObject({ code: 'rule_violation', rule: 'wbr.data_required' });
    await upload(admin, deckPath, fulfilmentCsv('2025-01-07', ['2025-01-04']));

    const published = await admin.post(`${deckPath}/snapshots`, {});
    expect(published.status).toBe(201);
    const [audited] = (await admin.get(`/orgs/${orgId}/audit-events`)).body.events;
    expect(audited).toMatchObject({ action: 'wbr_week.published', data: { name: 'Fulfilment', weekEnding: '2025-01-04', newSignals: 1, anomaliesOpened: 1, anomaliesContinued: 0 } });
    expect(published.body.snapshot).toMatchObject({ weekEnding: '2025-01-04', blockCount: 2, newSignals: 1, signals: [{ metric: 'Late deliveries', rule: 'outside_limits', direction: 'up', weekEnding: '2025-01-04', isNew: true }] });

    const again = await admin.post(`${deckPath}/snapshots`, { weekEnding: '2025-01-04' });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ rule: 'wbr.snapshot_exists', field: 'body.weekEnding' });
    expect((await admin.post(`${deckPath}/snapshots`, { weekEnding: '2024-12-28' })).body.error).toMatchObject({ rule: 'wbr.snapshot_order' });
    expect((await admin.post(`${deckPath}/snapshots`, { weekEnding: '2025-01-08' })).body.error).toMatchObject({ rule: 'wbr.snapshot_order' });
    expect((await admin.post(`${deckPath}/snapshots`, { weekEnding: '2025-01-11' })).body.error).toMatchObject({ rule: 'wbr.week_beyond_data' });
    expect((await admin.post(`${deckPath}/snapshots`, { weekEnding: '2025-02-30' })).body.error).toMatchObject({ code: 'validation_failed', field: 'body.weekEnding' });
    // A week on another weekday than the config's would review days the Saturday weeks review, and stay so for good.
    await upload(admin, deckPath, fulfilmentCsv('2025-01-15', ['2025-01-04']));
    const wednesday = await admin.post(`${deckPath}/snapshots`, { weekEnding: '2025-01-15' });
    expect(wednesday.status).toBe(422);
    expect(wednesday.body.error).toMatchObject({ rule: 'wbr.week_ending_weekday', field: 'body.weekEnding' });
    expect(wednesday.body.error.message).toBe('The week ending Jan 15, 2025 is a Wednesday; this deck\'s weeks end on a Saturday (the config\'s week_ending).');
    await upload(admin, deckPath, fulfilmentCsv('2025-01-07', ['2025-01-04']));

    // New data does not touch the published week: its JSON is what was built then.
    const before = await admin.get(`${deckPath}/snapshots/${published.body.snapshot.id}/export?format=json`);
    await upload(admin, deckPath, fulfilmentCsv('2025-01-07'));
    const after = await admin.get(`${deckPath}/snapshots/${published.body.snapshot.id}/export?format=json`);
    expect(after.body).toEqual(before.body);
    // Not even the database lets it change.
    await expect(sql`update wbr_snapshots set week_ending = '2025-01-11' where id = ${published.body.snapshot.id}`.execute(context.database.db)).rejects.toThrow(/immutable/);
  });

  it('exports a week as the deck JSON and as an HTML deck the app may frame but where nothing runs', async () => {
    const { admin, deckPath } = await reviewOrg();
    await upload(admin, deckPath, fulfilmentCsv('2025-01-07', ['2025-01-04']));
    const { snapshot } = (await admin.post(`${deckPath}/snapshots`, {})).body;
    const json = await admin.get(`${deckPath}/snapshots/${snapshot.id}/export?format=json`);
    expect(json.headers.get('content-disposition')).toBe('attachment; filename="Fulfilment-2025-01-04.json"');
    expect(json.body).toMatchObject({ title: 'Fulfilment WBR', weekEnding: '04 January 2025', pulse: { weekEndingDate: '2025-01-04' } });
    const html = await admin.get(`${deckPath}/snapshots/${snapshot.id}/export?format=html`);
    expect(html.headers.get('content-type')).toContain('text/html');
    expect(html.headers.get('content-disposition')).toMatch(/^inline;/);
    expect(html.headers.get('content-security-policy')).toMatch(/frame-ancestors 'self'; sandbox$/);
    expect(html.body).toContain('Late deliveries');
    expect((await admin.get(`${deckPath}/snapshots/${snapshot.id}/export?format=html&download=1`)).headers.get('content-disposition')).toMatch(/^attachment;/);
    // The PDF deck: a file with the week's charts in it, by the same words.
    const pdf = await admin.get<Uint8Array>(`${deckPath}/snapshots/${snapshot.id}/export?format=pdf&download=1`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.headers.get('content-disposition')).toBe('attachment; filename="Fulfilment-2025-01-04.pdf"');
    const pages = (await readPdf(pdf.body)).pages.map((page) => page.text).join(' ');
    expect(pages).toMatch(/^WEEKLY BUSINESS REVIEW Fulfilment WBR Week ending 04 January 2025 /);
    expect(pages).toContain('Late deliveries');
    const unknown = await admin.get(`${deckPath}/snapshots/${snapshot.id}/export?format=docx`);
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toMatchObject({ code: 'validation_failed', field: 'query.format', message: expect.stringContaining('must be html, json or pdf') });
    // The rest of the app still refuses to be framed.
    expect((await admin.get(deckPath)).headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  });

  it('names an exported week after its deck with the accented letters kept as letters', async () => {
    const { admin, deckPath } = await reviewOrg();
    expect((await admin.patch(deckPath, { name: 'Übersicht Été 📦' })).status).toBe(200);
    await upload(admin, deckPath, fulfilmentCsv('2025-01-07'));
    const { snapshot } = (await admin.post(`${deckPath}/snapshots`, {})).body;
    const json = await admin.get(`${deckPath}/snapshots/${snapshot.id}/export?format=json`);
    expect(json.headers.get('content-disposition')).toBe('attachment; filename="Ubersicht-Ete-2025-01-04.json"');
  });
});

describe('catalog targets on a week', () => {
  it('draws a catalog metric\'s target on its chart, as the catalog said it when the week was published', async () => {
    const { admin, orgId, deckPath, catalogId } = await reviewOrg();
    expect((await admin.patch(`/orgs/${orgId}/metrics/${catalogId}`, { target: 12, unit: 'orders' })).status).toBe(200);
    await upload(admin, deckPath, fulfilmentCsv('2025-01-14', ['2025-01-04']));
    const first = (await admin.post(`${deckPath}/snapshots`, { weekEnding: '2025-01-04' })).body.snapshot;
    const deck = (await admin.get(`${deckPath}/snapshots/${first.id}/export?format=json`)).body;
    expect(deck.blocks[0].pulse.catalogTargets).toEqual({ 'Late deliveries': { value: 12, written: 12, unit: 'orders' } });
    expect(deck.blocks[1].pulse.catalogTargets).toBeUndefined();
    expect((await admin.get(`${deckPath}/snapshots/${first.id}/export?format=html`)).body).toContain('Late deliveries, target 12 orders a week (metric catalog)');
    // A later change of the target reaches only the weeks published after it.
    expect((await admin.patch(`/orgs/${orgId}/metrics/${catalogId}`, { target: 9 })).status).toBe(200);
    const second = (await admin.post(`${deckPath}/snapshots`, { weekEnding: '2025-01-11' })).body.snapshot;
    expect((await admin.get(`${deckPath}/snapshots/${second.id}/export?format=json`)).body.blocks[0].pulse.catalogTargets['Late deliveries'].written).toBe(9);
    expect((await admin.get(`${deckPath}/snapshots/${first.id}/export?format=json`)).body.blocks[0].pulse.catalogTargets['Late deliveries'].written).toBe(12);
  });
});

describe('the PDF of a week', () => {
  it('is refused for a deck past 2,000 blocks, with the way out named, while its HTML is still served', async () => {
    const { admin, orgId, dana } = await reviewOrg();
    const sections = Array.from({ length: 2001 }, (_, index) => `  - block:\n      ui_type: section\n      title: Part ${index + 1}`).join('\n');
    const created = await admin.post(`/orgs/${orgId}/wbr/decks`, { name: 'Huge', ownerPersonId: dana, config: `${FULFILMENT_CONFIG.trimEnd()}\n${sections}\n` });
    expect(created.status).toBe(201);
    const deckPath = `/orgs/${orgId}/wbr/decks/${created.body.deck.id as string}`;
    await upload(admin, deckPath, fulfilmentCsv('2025-01-07', ['2025-01-04']));
    const { snapshot } = (await admin.post(`${deckPath}/snapshots`, {})).body;
    const refused = await admin.get(`${deckPath}/snapshots/${snapshot.id}/export?format=pdf`);
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({ code: 'rule_violation', rule: 'wbr.pdf_block_limit' });
    expect(refused.body.error.message).toMatch(/This week has 2,00\d blocks: download the HTML deck/);
    expect((await admin.get(`${deckPath}/snapshots/${snapshot.id}/export?format=html`)).status).toBe(200);
  });
});

describe('alerts on the week\'s change', () => {
  it('raise a signal when a change goes beyond its threshold the bad way, kept with the week even if the threshold changes', async () => {
    const { admin, orgId, deckPath } = await reviewOrg();
    const refused = await admin.patch(deckPath, { alerts: [{ metric: 'Refunds', wow: 10 }] });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ code: 'validation_failed', field: 'body.alerts.0' });
    // A bad threshold is named by its own key, not by its entry.
    const badWow = await admin.patch(deckPath, { alerts: [{ metric: 'Orders shipped', wow: 0 }] });
    expect(badWow.status).toBe(400);
    expect(badWow.body.error).toMatchObject({ code: 'validation_failed', field: 'body.alerts.0.wow' });
    const badYoy = await admin.patch(deckPath, { alerts: [{ metric: 'Orders shipped', wow: 5 }, { metric: 'Late deliveries', wow: 50, yoy: -3 }] });
    expect(badYoy.status).toBe(400);
    expect(badYoy.body.error).toMatchObject({ code: 'validation_failed', field: 'body.alerts.1.yoy', message: expect.stringMatching(/^alerts\[1\]\.yoy: must be a number above 0/) });
    // Orders shipped, up is good, alerts on a 5% weekly drop; its weeks alternate by 1 order in 7,000: no alert.
    const set = await admin.patch(deckPath, { alerts: [{ metric: 'Orders shipped', wow: 5 }, { metric: 'Late deliveries', wow: 50, yoy: 50 }] });
    expect(set.body.deck.alerts).toEqual([{ metric: 'Orders shipped', wow: 5, yoy: null }, { metric: 'Late deliveries', wow: 50, yoy: 50 }]);
    await upload(admin, deckPath, fulfilmentCsv('2025-01-07', ['2025-01-04']));
    const week = (await admin.post(`${deckPath}/snapshots`, {})).body.snapshot;
    expect(week.signals.map((signal: { rule: string }) => signal.rule).sort()).toEqual(['outside_limits', 'wow_alert', 'yoy_alert']);
    expect(week.newSignals).toBe(3);
    // One metric, one unresolved anomaly: the XmR signal raised it first, the alerts count the same week.
    const [anomaly] = (await admin.get(deckPath)).body.deck.anomalies;
    expect(anomaly).toMatchObject({ metric: 'Late deliveries', rule: 'outside_limits', occurrences: 1 });
    // The downloads show the alerts the review was shown, with the change and the threshold.
    const json = (await admin.get(`${deckPath}/snapshots/${week.id}/export?format=json`)).body;
    expect(json.pulse.alerts).toEqual([
      { metric: 'Late deliveries', rule: 'wow_alert', change: expect.closeTo(195.77, 2), threshold: 50, unit: '%' },
      { metric: 'Late deliveries', rule: 'yoy_alert', change: expect.any(Number), threshold: 50, unit: '%' },
    ]);
    const html = (await admin.get(`${deckPath}/snapshots/${week.id}/export?format=html`)).body as string;
    expect(html).toContain('<h2 id="alerts-h">Alerts on the week\'s change: 2</h2>');
    expect(html).toContain('<li>Late deliveries: week over week +195.8%, beyond its alert at 50%</li>');
    // A published week keeps the signals it showed, whatever the thresholds become.
    await admin.patch(deckPath, { alerts: [] });
    expect((await admin.get(`${deckPath}/snapshots/${week.id}`)).body.snapshot.signals).toHaveLength(3);
    const [audited] = (await admin.get(`/orgs/${orgId}/audit-events`)).body.events;
    expect(audited).toMatchObject({ action: 'wbr_deck.updated', data: { changed: ['alerts'] } });
  });
});

describe('who answers an anomaly', () => {
  it('lets the deck\'s owner hand out the anomalies nobody answers (or their own), and anyone who builds the review take one whose owner has left', async () => {
    const { admin, orgId, kofi, kofiClient, deckPath } = await reviewOrg();
    const { client: dana, userId: danaUserId } = await inviteClient(context.app, admin, orgId, 'member');
    const danaPerson = (await admin.get(deckPath)).body.deck.owner.id;
    await admin.patch(`/orgs/${orgId}/people/${danaPerson}`, { userId: danaUserId });
    await upload(admin, deckPath, fulfilmentCsv('2025-01-04', ['2025-01-04']));
    await admin.post(`${deckPath}/snapshots`, {});
    const [anomaly] = (await admin.get(deckPath)).body.deck.anomalies;
    expect(anomaly.owner.id).toBe(kofi);
    const path = `/orgs/${orgId}/wbr/anomalies/${anomaly.id}`;
    // Dana owns the deck, not the anomaly: taking it off Kofi, who is still here, is his call or an admin's.
    expect((await dana.patch(path, { ownerPersonId: danaPerson })).body.error).toMatchObject({ code: 'forbidden', rule: 'wbr.hands_on_others_anomaly' });
    // Kofi hands it to her: hers now, she may hand it on (back to him here).
    expect((await kofiClient.patch(path, { ownerPersonId: danaPerson })).body.anomaly.owner.id).toBe(danaPerson);
    expect((await dana.patch(path, { ownerPersonId: kofi })).body.anomaly.owner.id).toBe(kofi);
    // Kofi leaves with nobody named to take his work: his anomaly waits for whoever builds the review.
    const { client: member } = await inviteClient(context.app, admin, orgId, 'member');
    expect((await member.patch(path, { rootCause: 'Not mine.' })).status).toBe(403);
    expect((await admin.post(`/orgs/${orgId}/people/${kofi}/departure`, { leftOn: '2026-11-20', successorId: null })).status).toBe(200);
    const left = (await admin.get(deckPath)).body.deck.anomalies[0];
    expect(left.owner).toMatchObject({ id: kofi, leftOn: '2026-11-20' });
    expect((await member.patch(path, { ownerPersonId: danaPerson })).status).toBe(200);
  });
});

describe('inputs and outputs', () => {
  it('measures how the output follows the input at lags of 0 to 12 weeks, naming the charted metrics when asked for another', async () => {
    const { admin, deckPath } = await reviewOrg();
    await upload(admin, deckPath, fulfilmentCsv('2025-01-07'));
    const { snapshot } = (await admin.post(`${deckPath}/snapshots`, {})).body;
    const lag = await admin.get(`${deckPath}/snapshots/${snapshot.id}/lag?input=${encodeURIComponent('Late deliveries')}&output=${encodeURIComponent('Orders shipped')}`);
    expect(lag.status).toBe(200);
    expect(lag.body.analysis).toMatchObject({ input: 'Late deliveries', output: 'Orders shipped', weeks: 32 });
    expect(lag.body.analysis.correlations.map((correlation: { lag: number }) => correlation.lag)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    // The fixture's two metrics alternate in step, week after week: their changes match at even lags.
    expect(lag.body.analysis.strongest).toMatchObject({ lag: 0, r: expect.closeTo(1, 6) });
    const unknown = await admin.get(`${deckPath}/snapshots/${snapshot.id}/lag?input=Refunds&output=${encodeURIComponent('Orders shipped')}`);
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toMatchObject({ code: 'validation_failed', field: 'query.input' });
    expect(unknown.body.error.message).toContain('(charted: Late deliveries, Orders shipped)');
    // One metric against itself correlates perfectly in the same week, which says nothing: refused, naming the output.
    const itself = await admin.get(`${deckPath}/snapshots/${snapshot.id}/lag?input=${encodeURIComponent('Late deliveries')}&output=${encodeURIComponent('Late deliveries')}`);
    expect(itself.status).toBe(400);
    expect(itself.body.error).toMatchObject({ code: 'validation_failed', field: 'query.output' });
  });
});

describe('anomalies', () => {
  it('gives a new anomaly to the catalog metric\'s owner, lets only them or an admin answer it, and needs a root cause to close it', async () => {
    const { admin, orgId, kofi, kofiClient, otherClient, deckPath } = await reviewOrg();
    await upload(admin, deckPath, fulfilmentCsv('2025-01-07', ['2025-01-04']));
    await admin.post(`${deckPath}/snapshots`, {});
    const [anomaly] = (await admin.get(deckPath)).body.deck.anomalies;
    expect(anomaly).toMatchObject({ metric: 'Late deliveries', rule: 'outside_limits', direction: 'up', firstWeekEnding: '2025-01-04', lastWeekEnding: '2025-01-04', occurrences: 1, owner: { id: kofi, name: 'Kofi Mensah' }, status: 'open', rootCause: '', carriedOver: false });
    const path = `/orgs/${orgId}/wbr/anomalies/${anomaly.id}`;

    expect((await otherClient.patch(path, { rootCause: 'Not mine to say.' })).status).toBe(403);
    const noCause = await kofiClient.patch(path, { status: 'explained' });
    expect(noCause.status).toBe(422);
    expect(noCause.body.error).toMatchObject({ rule: 'wbr.root_cause_required', field: 'body.rootCause' });
    const explained = await kofiClient.patch(path, { status: 'explained', rootCause: '  A carrier lost a sorting centre to a fire; volumes moved to the backup carrier.  ' });
    expect(explained.body.anomaly).toMatchObject({ status: 'explained', rootCause: 'A carrier lost a sorting centre to a fire; volumes moved to the backup carrier.' });
    // Clearing the cause of an explained anomaly breaks the same rule.
    expect((await kofiClient.patch(path, { rootCause: ' ' })).body.error).toMatchObject({ rule: 'wbr.root_cause_required' });
    // The owner hands it to someone else; from then on it is theirs, and no longer Kofi's to change.
    const dana = (await admin.get(deckPath)).body.deck.owner.id;
    expect((await kofiClient.patch(path, { ownerPersonId: dana })).body.anomaly.owner.id).toBe(dana);
    expect((await kofiClient.patch(path, { status: 'resolved' })).status).toBe(403);
    expect((await admin.patch(path, { status: 'resolved' })).body.anomaly.status).toBe('resolved');

    const [event] = (await admin.get(`/orgs/${orgId}/audit-events`)).body.events;
    expect(event).toMatchObject({ action: 'wbr_anomaly.updated', subjectId: anomaly.id, data: { metric: 'Late deliveries', changed: ['status'], fromStatus: 'explained', toStatus: 'resolved' } });
  });

  it('calls an anomaly carried over only once a week after the one that raised it is published', async () => {
    const { admin, deckPath } = await reviewOrg();
    // The first published week shows a spike two weeks before its own: raised by this week, not carried over.
    await upload(admin, deckPath, fulfilmentCsv('2025-01-13', ['2024-12-21']));
    await admin.post(`${deckPath}/snapshots`, { weekEnding: '2025-01-04' });
    let [anomaly] = (await admin.get(deckPath)).body.deck.anomalies;
    expect(anomaly).toMatchObject({ firstWeekEnding: '2024-12-21', carriedOver: false });
    await admin.post(`${deckPath}/snapshots`, { weekEnding: '2025-01-11' });
    [anomaly] = (await admin.get(deckPath)).body.deck.anomalies;
    expect(anomaly).toMatchObject({ firstWeekEnding: '2024-12-21', carriedOver: true });
  });

  it('leaves a new anomaly unowned, for anyone who builds the review, when the deck\'s owner has left without a successor', async () => {
    const { admin, orgId, dana, otherClient } = await reviewOrg();
    const deck = (await admin.post(`/orgs/${orgId}/wbr/decks`, { name: 'Parcels', ownerPersonId: dana, config: FULFILMENT_CONFIG.replaceAll('Late deliveries', 'Late parcels') })).body.deck;
    expect((await admin.post(`/orgs/${orgId}/people/${dana}/departure`, { leftOn: '2025-01-01', successorId: null })).status).toBe(200);
    const path = `/orgs/${orgId}/wbr/decks/${deck.id}`;
    await upload(admin, path, fulfilmentCsv('2025-01-04', ['2025-01-04']));
    await admin.post(`${path}/snapshots`, {});
    const [anomaly] = (await admin.get(path)).body.deck.anomalies;
    expect(anomaly).toMatchObject({ metric: 'Late parcels', owner: null });
    expect((await otherClient.patch(`/orgs/${orgId}/wbr/anomalies/${anomaly.id}`, { status: 'explained', rootCause: 'A courier depot closed.' })).status).toBe(200);
  });

  it('answers a publish that races the reopening of a resolved anomaly with a conflict, not a 500', async () => {
    const { admin, orgId, deckPath } = await reviewOrg();
    await upload(admin, deckPath, fulfilmentCsv('2025-01-11', ['2025-01-04', '2025-01-11']));
    await admin.post(`${deckPath}/snapshots`, { weekEnding: '2025-01-04' });
    const [anomaly] = (await admin.get(deckPath)).body.deck.anomalies;
    await admin.patch(`/orgs/${orgId}/wbr/anomalies/${anomaly.id}`, { status: 'resolved', rootCause: 'A one-off.' });
    // Someone reopens it and has not committed yet when the next week, which signals again, is published.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let reopened!: () => void;
    const isReopened = new Promise<void>((resolve) => (reopened = resolve));
    const reopen = context.database.db.transaction().execute(async (trx) => {
      await sql`update wbr_anomalies set status = 'open' where id = ${anomaly.id}`.execute(trx);
      reopened();
      await held;
    });
    await isReopened;
    const publishing = admin.post(`${deckPath}/snapshots`, { weekEnding: '2025-01-11' });
    // Wait until the publish is blocked on the reopened row's index entry.
    for (let tries = 0; tries < 200; tries++) {
      const waiting = await sql<{ count: number }>`select count(*)::int as count from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`.execute(context.database.db);
      if ((waiting.rows[0]?.count ?? 0) > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    release();
    await reopen;
    const published = await publishing;
    expect(published.status).toBe(409);
    expect(published.body.error.message).toMatch(/publish it again/);
    expect((await admin.post(`${deckPath}/snapshots`, { weekEnding: '2025-01-11' })).status).toBe(201);
    expect((await admin.get(deckPath)).body.deck.anomalies).toMatchObject([{ id: anomaly.id, occurrences: 2, lastWeekEnding: '2025-01-11' }]);
  });

  it('carries unresolved anomalies over to the next week, adds new signals to them, and opens a new one after a resolved one', async () => {
    const { admin, orgId, kofi, dana, deckPath } = await reviewOrg();
    await upload(admin, deckPath, fulfilmentCsv('2025-01-13', ['2025-01-04']));
    await admin.post(`${deckPath}/snapshots`, { weekEnding: '2025-01-04' });
    const second = await admin.post(`${deckPath}/snapshots`, {});
    // The spike is still in the shown weeks, but it was raised by the week before.
    expect(second.body.snapshot).toMatchObject({ weekEnding: '2025-01-11', newSignals: 0, signals: [{ weekEnding: '2025-01-04', isNew: false }] });
    let deck = (await admin.get(deckPath)).body.deck;
    expect(deck.anomalies).toHaveLength(1);
    expect(deck.anomalies[0]).toMatchObject({ carriedOver: true, occurrences: 1, status: 'open', raisedByWeekEnding: '2025-01-04' });
    expect(deck).toMatchObject({ latestWeekEnding: '2025-01-11', snapshotCount: 2, unresolvedAnomalies: 1 });
    expect(deck.snapshots.map((snapshot: { weekEnding: string }) => snapshot.weekEnding)).toEqual(['2025-01-11', '2025-01-04']);

    // Late deliveries spike again: the same unresolved anomaly gets the week.
    await upload(admin, deckPath, fulfilmentCsv('2025-01-20', ['2025-01-04', '2025-01-18']));
    await admin.post(`${deckPath}/snapshots`, {});
    deck = (await admin.get(deckPath)).body.deck;
    expect(deck.anomalies).toHaveLength(1);
    expect(deck.anomalies[0]).toMatchObject({ firstWeekEnding: '2025-01-04', lastWeekEnding: '2025-01-18', occurrences: 2 });

    // Once resolved, a later spike opens a new anomaly, and the resolved one cannot be reopened beside it.
    const first = deck.anomalies[0].id as string;
    await admin.patch(`/orgs/${orgId}/wbr/anomalies/${first}`, { status: 'resolved', rootCause: 'Backup carrier capacity came back.' });
    await upload(admin, deckPath, fulfilmentCsv('2025-01-27', ['2025-01-04', '2025-01-18', '2025-01-25']));
    await admin.post(`${deckPath}/snapshots`, {});
    const unresolved = (await admin.get(`/orgs/${orgId}/wbr/anomalies?status=unresolved&deckId=${deck.id}`)).body.anomalies;
    expect(unresolved).toHaveLength(1);
    expect(unresolved[0]).toMatchObject({ firstWeekEnding: '2025-01-25', carriedOver: false });
    expect((await admin.get(`/orgs/${orgId}/wbr/anomalies?status=resolved`)).body.anomalies.map((anomaly: { id: string }) => anomaly.id)).toEqual([first]);
    const reopen = await admin.patch(`/orgs/${orgId}/wbr/anomalies/${first}`, { status: 'open' });
    expect(reopen.status).toBe(409);
    expect(reopen.body.error.field).toBe('body.status');
    // The owner filter: every anomaly here is on Kofi's catalog metric, none on the deck owner's account.
    expect((await admin.get(`/orgs/${orgId}/wbr/anomalies?ownerPersonId=${kofi}`)).body.anomalies).toHaveLength(2);
    expect((await admin.get(`/orgs/${orgId}/wbr/anomalies?ownerPersonId=${dana}`)).body.anomalies).toEqual([]);
    expect(context.logs.filter((line) => line.includes('unexpected error'))).toEqual([]);
  });
});

describe('text PostgreSQL cannot store', () => {
  it('refuses a NUL character with a 400 naming the field, not a 500', async () => {
    const { admin, orgId, deckPath } = await reviewOrg();
    const nul = await admin.post(`/orgs/${orgId}/wbr/decks`, { name: 'A\u0000B', config: FULFILMENT_CONFIG });
    expect(nul.status).toBe(400);
    expect(nul.body.error).toMatchObject({ code: 'validation_failed', field: 'body.name' });
    expect((await admin.patch(deckPath, { config: `${FULFILMENT_CONFIG}# a comment\u0000\n` })).status).toBe(400);
    // A column the config does not read is not scanned cell by cell, but the whole file is stored.
    expect((await upload(admin, deckPath, 'Date,late,orders,notes\n2025-01-04,1,2,a\u0000b\n')).status).toBe(400);
    await upload(admin, deckPath, fulfilmentCsv('2025-01-04', ['2025-01-04']));
    await admin.post(`${deckPath}/snapshots`, {});
    const [anomaly] = (await admin.get(deckPath)).body.deck.anomalies;
    expect((await admin.patch(`/orgs/${orgId}/wbr/anomalies/${anomaly.id}`, { rootCause: 'Fire\u0000' })).status).toBe(400);
    expect(context.logs.filter((line) => line.includes('unexpected error'))).toEqual([]);
  });

  it('refuses half of a surrogate pair anywhere in a JSON body, naming the field, on every route', async () => {
    const { admin, orgId, deckPath } = await reviewOrg();
    const cases: Array<['POST' | 'PATCH', string, Record<string, unknown>, string]> = [
      ['POST', `/orgs/${orgId}/principles`, { title: 'P\ud800x', summary: 's' }, 'body.title'],
      ['POST', `/orgs/${orgId}/documents`, { kind: 'memo', title: 'Memo', body: 'Text \ud83d end' }, 'body.body'],
      ['POST', `/orgs/${orgId}/people`, { name: 'N\udc00', email: 'n@example.test', role: 'Engineer', level: 3 }, 'body.name'],
      ['PATCH', deckPath, { alerts: [{ metric: 'Late\udbff deliveries', wow: 5 }] }, 'body.alerts.0.metric'],
    ];
    for (const [method, path, body, field] of cases) {
      const refused = await admin.request(method, path, body);
      expect(refused.status, path).toBe(400);
      expect(refused.body.error).toMatchObject({ code: 'validation_failed', field, message: expect.stringContaining('half of a UTF-16 surrogate pair') });
    }
    // A whole pair (an emoji) is text like any other.
    expect((await admin.post(`/orgs/${orgId}/principles`, { title: 'Delight 🎉', summary: 's' })).status).toBe(201);
    expect(context.logs.filter((line) => line.includes('unexpected error'))).toEqual([]);
  });
});

describe('a config whose week_ending moves to another weekday', () => {
  it('does not raise a signal a published week already raised', async () => {
    const { admin, deckPath } = await reviewOrg();
    await upload(admin, deckPath, fulfilmentCsv('2025-01-13', ['2025-01-04']));
    await admin.post(`${deckPath}/snapshots`, { weekEnding: '2025-01-04' });
    // The review moves to Sunday weeks: the week ending Sunday 5 January holds the same spike, seen a day later.
    expect((await admin.patch(deckPath, { config: FULFILMENT_CONFIG.replace('04-JAN-2025', '05-JAN-2025') })).status).toBe(200);
    const sunday = await admin.post(`${deckPath}/snapshots`, {});
    expect(sunday.body.snapshot.weekEnding).toBe('2025-01-12');
    const [anomaly] = (await admin.get(deckPath)).body.deck.anomalies;
    // The Sunday week ending 5 January shares six days with the published Saturday week: its spike was raised then.
    expect(anomaly).toMatchObject({ occurrences: 1, lastWeekEnding: '2025-01-04' });
  });
});

describe('a config whose aliases expand without end', () => {
  /** 1.5 KB of chained anchors: eight levels of nine aliases each, 9^8 (43 million) nodes if expanded; flow style, so it skips the fast reader. */
  const bomb = (() => {
    const lines = [`l0: &l0 [${Array(9).fill('"xxxxxxxxxxxx"').join(', ')}]`];
    for (let level = 1; level < 8; level++) lines.push(`l${level}: &l${level} [${Array(9).fill(`*l${level - 1}`).join(', ')}]`);
    return `${FULFILMENT_CONFIG}${lines.join('\n')}\n`;
  })();
  const bombLine = FULFILMENT_CONFIG.split('\n').length + 4;

  it('is refused on create and on change with the alias\'s line, by a count of nodes, and the server keeps answering', async () => {
    const { admin, orgId, deckPath } = await reviewOrg();
    expect(bomb.length).toBeLessThan(2048);
    const created = await admin.post(`/orgs/${orgId}/wbr/decks`, { name: 'Bomb', config: bomb });
    expect(created.status).toBe(400);
    expect(created.body.error).toMatchObject({ code: 'invalid_config', field: 'config', file: 'config.yaml', line: bombLine });
    expect(created.body.error.message).toBe(`Line ${bombLine}: The aliases expand to more than 10,000 nodes, at the alias *l3 here (with the aliases inside what it names): write the repeated part out, or alias it fewer times.`);
    const changed = await admin.patch(deckPath, { config: bomb });
    expect(changed.status).toBe(400);
    expect(changed.body.error).toMatchObject({ code: 'invalid_config', line: bombLine });
    expect((await admin.get(deckPath)).body.deck.config).toBe(FULFILMENT_CONFIG);
    // A config that reuses a part through an alias reads as before.
    const reused = FULFILMENT_CONFIG.replace('    aggf: sum\n    good_direction: down', '    aggf: &sum sum\n    good_direction: down').replace('    aggf: sum\n    good_direction: up', '    aggf: *sum\n    good_direction: up');
    expect(reused).toContain('*sum');
    expect((await admin.patch(deckPath, { config: reused })).status).toBe(200);
  });
});

describe('weeks that have not happened', () => {
  it('keeps rows dated after today (plans, or a typo) but never lets them choose or publish a week not over', async () => {
    const { admin, orgId, deckPath } = await reviewOrg();
    await upload(admin, deckPath, fulfilmentCsv('2025-01-07', ['2025-01-04']));
    const today = new Date().toISOString().slice(0, 10);
    // A script pushes a row dated 9999-12-25, a Saturday: the data reaches it, the week is still far off.
    const pushed = await admin.post(`${deckPath}/data/rows`, { rows: [{ date: '9999-12-25', values: { late: 1, orders: 1 } }] });
    expect(pushed.status).toBe(200);
    expect(pushed.body.deck.data.lastDate).toBe('9999-12-25');
    expect(pushed.body.deck.nextWeekEnding <= today).toBe(true);
    const future = await admin.post(`${deckPath}/snapshots`, { weekEnding: '9999-12-25' });
    expect(future.status).toBe(422);
    expect(future.body.error).toMatchObject({ code: 'rule_violation', rule: 'wbr.week_not_over', field: 'body.weekEnding' });
    expect(future.body.error.message).toBe(`The week ending Dec 25, 9999 is not over yet (today is ${formatDay(today)}, UTC): publish it on Dec 25, 9999 or later.`);
    // The real weeks go on being published, one after the other, and the catalog's latest week is a real one. The
    // far row does not count as reaching a week: the week ending 11 January waits for its own days' rows.
    expect(pushed.body.deck.nextWeekEnding).toBe('2025-01-04');
    expect((await admin.post(`${deckPath}/snapshots`, { weekEnding: '2025-01-04' })).status).toBe(201);
    expect((await admin.post(`${deckPath}/snapshots`, { weekEnding: '2025-01-11' })).body.error).toMatchObject({ rule: 'wbr.week_beyond_data', message: 'Up to today, the data ends on Jan 7, 2025, before the week ending Jan 11, 2025: upload the newer data first.' });
    const week = ['2025-01-08', '2025-01-09', '2025-01-10', '2025-01-11'].map((date) => ({ date, values: { late: 10, orders: 1000 } }));
    expect((await admin.post(`${deckPath}/data/rows`, { rows: week })).body.deck.nextWeekEnding).toBe('2025-01-11');
    expect((await admin.post(`${deckPath}/snapshots`, { weekEnding: '2025-01-11' })).status).toBe(201);
    const metric = (await admin.get(`/orgs/${orgId}/metrics`)).body.metrics.find((listed: { name: string }) => listed.name === 'late DELIVERIES');
    expect(metric.lastWeek).toMatchObject({ weekEnding: '2025-01-11' });
    // A typo in an uploaded file (2062 for 2026) moves nothing past today either.
    const typo = await upload(admin, deckPath, `${fulfilmentCsv('2025-01-20')}2062-11-14,10,1000\n`);
    expect(typo.status).toBe(200);
    expect(typo.body.deck.nextWeekEnding <= today).toBe(true);
  });
});

describe('rows with fewer cells than the header', () => {
  it('are read as the WBR App reads them (blank), and the upload warns of them with the file and their first lines', async () => {
    const { admin, deckPath } = await reviewOrg();
    const lines = fulfilmentCsv('2025-01-07').split('\n');
    // Lines 3 and 10 lost their orders cell; line 12 lost both numbers.
    for (const [index, cut] of [[2, ','], [9, ','], [11, ',']] as const) lines[index] = (lines[index] as string).split(cut).slice(0, index === 11 ? 1 : 2).join(cut);
    const uploaded = await upload(admin, deckPath, lines.join('\n'), 'late.csv');
    expect(uploaded.status).toBe(200);
    expect(uploaded.body.deck.shortRows).toEqual({
      rows: 3,
      lines: [3, 10, 12],
      fileName: 'late.csv',
      message: '3 rows have fewer cells than the header (lines 3, 10 and 12 of late.csv); their missing cells are read as blank, as the WBR App reads them, so a week\'s sum may be lower than it should. If cells were lost, correct the file and upload it again.',
    });
    expect((await admin.get(deckPath)).body.deck.shortRows.rows).toBe(3);
    // The whole file again: no warning.
    expect((await upload(admin, deckPath, fulfilmentCsv('2025-01-07'))).body.deck.shortRows).toBeNull();
  });
});

describe('data dated after today', () => {
  /** The latest Saturday on or before today (UTC): the week a typo dated in the future used to offer. */
  const thisWeeksSaturday = () => {
    const today = new Date();
    const back = (today.getUTCDay() + 1) % 7;
    return new Date(today.getTime() - back * 86_400_000).toISOString().slice(0, 10);
  };

  it('offers the last week that holds rows, not an empty week, and warns the owner of the rows with their first date and line', async () => {
    const { admin, deckPath } = await reviewOrg();
    // Data that ended weeks ago (Monday 20 January 2025), and one row whose year is a typo (2062 for 2026). (A row
    // from 2020, older than any window of the deck, has its days read from the file again: the deck's scan drops it.)
    const csv = `${fulfilmentCsv('2025-01-20').replace('Date,late,orders\n', 'Date,late,orders\n2020-01-06,10,1000\n')}2062-11-14,10,1000\n`;
    const typoLine = csv.split('\n').indexOf('2062-11-14,10,1000') + 1;
    const uploaded = await upload(admin, deckPath, csv);
    expect(uploaded.status).toBe(200);
    expect(uploaded.body.deck.data.lastDate).toBe('2062-11-14');
    expect(uploaded.body.deck.nextWeekEnding).toBe('2025-01-18');
    expect(uploaded.body.deck.publishNote).toBeNull();
    const warning = {
      rows: 1,
      firstDate: '2062-11-14',
      line: typoLine,
      fileName: 'fulfilment.csv',
      message: `1 row is dated after today (first: Nov 14, 2062, line ${typoLine.toLocaleString('en-US')} of fulfilment.csv); it is left out of the week to review until its week is over. If it is not a plan for the weeks ahead, correct the date and upload the file again.`,
    };
    expect(uploaded.body.deck.rowsAfterToday).toEqual(warning);
    expect((await admin.get(deckPath)).body.deck).toMatchObject({ nextWeekEnding: '2025-01-18', rowsAfterToday: warning });

    // This week is over by Saturday but holds no rows: publishing it is refused, whatever the typo's date.
    const empty = await admin.post(`${deckPath}/snapshots`, { weekEnding: thisWeeksSaturday() });
    expect(empty.status).toBe(422);
    expect(empty.body.error).toMatchObject({ code: 'rule_violation', rule: 'wbr.week_beyond_data', field: 'body.weekEnding' });
    expect(empty.body.error.message).toBe(`Up to today, the data ends on Jan 20, 2025, before the week ending ${formatDay(thisWeeksSaturday())}: upload the newer data first.`);
    // Publishing without naming a week takes the week offered.
    const published = await admin.post(`${deckPath}/snapshots`, {});
    expect(published.status).toBe(201);
    expect(published.body.snapshot.weekEnding).toBe('2025-01-18');

    // With the date corrected, the warning goes.
    const fixed = await upload(admin, deckPath, fulfilmentCsv('2025-01-20'));
    expect(fixed.body.deck.rowsAfterToday).toBeNull();
  });

  it('reads the days from the file for data stored before Pulse kept them', async () => {
    const { admin, deckPath, deckId } = await reviewOrg();
    const csv = `${fulfilmentCsv('2025-01-20')}2062-11-14,10,1000\n2062-11-15,10,1000\n`;
    expect((await upload(admin, deckPath, csv)).status).toBe(200);
    await sql`update wbr_decks set data_days = null where id = ${deckId}`.execute(context.database.db);
    const deck = (await admin.get(deckPath)).body.deck;
    expect(deck).toMatchObject({ nextWeekEnding: '2025-01-18', rowsAfterToday: { rows: 2, firstDate: '2062-11-14' } });
    expect(deck.rowsAfterToday.message).toMatch(/^2 rows are dated after today \(first: Nov 14, 2062, line [\d,]+ of fulfilment\.csv\); they are left out/);
    // Read once, then kept: the next view and every publish read the stored days, not the file.
    const kept = await context.database.db.selectFrom('wbr_decks').select('data_days').where('id', '=', deckId).executeTakeFirstOrThrow();
    expect(Array.isArray(kept.data_days) && kept.data_days.length > 0).toBe(true);
    const published = await admin.post(`${deckPath}/snapshots`, {});
    expect(published.body.snapshot.weekEnding).toBe('2025-01-18');
  });
});

describe('week numbers of published weeks', () => {
  it('move on with the week from the config\'s week_ending and week_number, wrapping after week 52', async () => {
    const { admin, deckPath } = await reviewOrg();
    await upload(admin, deckPath, fulfilmentCsv('2025-01-14'));
    const labels = async (weekEnding: string) => {
      const { snapshot } = (await admin.post(`${deckPath}/snapshots`, { weekEnding })).body;
      return ((await admin.get(`${deckPath}/snapshots/${snapshot.id}/export?format=json`)).body.blocks[0].xAxis as string[]).slice(0, 6);
    };
    // The config: week_ending 04-JAN-2025 is week 1.
    expect(await labels('2024-12-28')).toEqual(['wk 47', 'wk 48', 'wk 49', 'wk 50', 'wk 51', 'wk 52']);
    expect(await labels('2025-01-04')).toEqual(['wk 48', 'wk 49', 'wk 50', 'wk 51', 'wk 52', 'wk 1']);
    expect(await labels('2025-01-11')).toEqual(['wk 49', 'wk 50', 'wk 51', 'wk 52', 'wk 1', 'wk 2']);
  });
});

describe('the catalog\'s good direction', () => {
  // The fixture as the WBR App writes it: no good_direction (a Pulse-only key).
  const appConfig = FULFILMENT_CONFIG.replaceAll(/\n\s+good_direction: \w+/g, '');
  // Late deliveries fall to a fifth in the week ending 4 January: an improvement.
  const fall = fulfilmentCsv('2025-01-07').replace(/^(2024-12-(29|30|31)|2025-01-0[1-4]),\d+,/gm, '$1,2,');

  it('judges a metric the config leaves undirected in the catalog\'s direction: a sharp fall of a down-is-good metric raises nothing', async () => {
    const { admin, orgId, dana } = await reviewOrg();
    const deck = (await admin.post(`/orgs/${orgId}/wbr/decks`, { name: 'App deck', ownerPersonId: dana, config: appConfig })).body.deck;
    expect(deck.metrics[0]).toMatchObject({ name: 'Late deliveries', goodDirection: 'down', goodDirectionFrom: 'catalog', goodDirectionConflict: null });
    expect(deck.metrics[1]).toMatchObject({ name: 'Orders shipped', goodDirection: null, goodDirectionFrom: null });
    const path = `/orgs/${orgId}/wbr/decks/${deck.id}`;
    await upload(admin, path, fall);
    const week = (await admin.post(`${path}/snapshots`, {})).body.snapshot;
    expect(week.signals.filter((signal: { metric: string }) => signal.metric === 'Late deliveries')).toEqual([]);
    expect((await admin.get(path)).body.deck.anomalies).toEqual([]);
    // The deck JSON carries the direction the week was judged in.
    const json = (await admin.get(`${path}/snapshots/${week.id}/export?format=json`)).body;
    expect(json.blocks[0].pulse.xmr['Late deliveries'].goodDirection).toBe('down');
  });

  it('keeps the config\'s direction when it sets the other one, and the deck says the two disagree', async () => {
    const { admin, deckPath } = await reviewOrg();
    const upIsGood = FULFILMENT_CONFIG.replace('good_direction: down', 'good_direction: up');
    const changed = (await admin.patch(deckPath, { config: upIsGood })).body.deck;
    expect(changed.metrics[0]).toMatchObject({ goodDirection: 'up', goodDirectionFrom: 'config', goodDirectionConflict: expect.stringMatching(/^The config says up is good for "Late deliveries"; the catalog's "late DELIVERIES" says down/) });
    await upload(admin, deckPath, fall);
    const week = (await admin.post(`${deckPath}/snapshots`, {})).body.snapshot;
    expect(week.signals).toContainEqual(expect.objectContaining({ metric: 'Late deliveries', direction: 'down', weekEnding: '2025-01-04' }));
  });
});

describe('handing a deck over', () => {
  it('is for its owner or an admin: a member who takes a deck cannot take its anomalies with it', async () => {
    const { admin, orgId, kofi, dana, deckPath, otherClient } = await reviewOrg();
    await upload(admin, deckPath, fulfilmentCsv('2025-01-07', ['2025-01-04']));
    await admin.post(`${deckPath}/snapshots`, {});
    const [anomaly] = (await admin.get(deckPath)).body.deck.anomalies;
    const anomalyPath = `/orgs/${orgId}/wbr/anomalies/${anomaly.id}`;
    // Another member, with a person record of their own, tries to make the deck theirs.
    const ines = await addPerson(admin, orgId, 'Ines Duarte');
    const { client: inesClient, userId: inesUser } = await inviteClient(context.app, admin, orgId, 'member');
    await admin.patch(`/orgs/${orgId}/people/${ines}`, { userId: inesUser });
    const taken = await inesClient.patch(deckPath, { ownerPersonId: ines });
    expect(taken.status).toBe(403);
    expect(taken.body.error).toMatchObject({ code: 'forbidden', field: 'body.ownerPersonId', message: 'Only the owner of the deck "Fulfilment" or an admin may hand it to someone else.' });
    expect((await admin.get(deckPath)).body.deck.owner.id).toBe(dana);
    expect((await inesClient.patch(anomalyPath, { rootCause: 'Mine now.' })).status).toBe(403);
    // A member may still rename the deck; sending the owner it already has back changes nothing.
    expect((await otherClient.patch(deckPath, { name: 'Fulfilment review', ownerPersonId: dana })).status).toBe(200);

    // The owner hands it over, and the audit log names both owners.
    const { client: danaClient, userId: danaUser } = await inviteClient(context.app, admin, orgId, 'member');
    await admin.patch(`/orgs/${orgId}/people/${dana}`, { userId: danaUser });
    expect((await danaClient.patch(deckPath, { ownerPersonId: kofi })).body.deck.owner.id).toBe(kofi);
    const [event] = (await admin.get(`/orgs/${orgId}/audit-events`)).body.events;
    expect(event).toMatchObject({ action: 'wbr_deck.updated', data: { name: 'Fulfilment review', changed: ['owner'], fromOwner: { id: dana, name: 'Dana Whitfield' }, toOwner: { id: kofi, name: 'Kofi Mensah' } } });
    // Now it is no longer Dana's to hand on; an admin may hand any deck over.
    expect((await danaClient.patch(deckPath, { ownerPersonId: dana })).status).toBe(403);
    expect((await admin.patch(deckPath, { ownerPersonId: ines })).body.deck.owner.id).toBe(ines);
  });
});

describe('an anomaly\'s owner', () => {
  it('cannot be set to nobody: every anomaly has an owner', async () => {
    const { admin, orgId, kofi, kofiClient, deckPath } = await reviewOrg();
    await upload(admin, deckPath, fulfilmentCsv('2025-01-07', ['2025-01-04']));
    await admin.post(`${deckPath}/snapshots`, {});
    const [anomaly] = (await admin.get(deckPath)).body.deck.anomalies;
    const path = `/orgs/${orgId}/wbr/anomalies/${anomaly.id}`;
    const refused = await kofiClient.patch(path, { ownerPersonId: null });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ code: 'validation_failed', field: 'body.ownerPersonId' });
    expect((await admin.patch(path, { ownerPersonId: null })).status).toBe(400);
    expect((await admin.get(deckPath)).body.deck.anomalies[0].owner.id).toBe(kofi);
  });
});
