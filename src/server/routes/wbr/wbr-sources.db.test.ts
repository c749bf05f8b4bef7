import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadWbrSourceSettings } from '../../../services/wbr/wbr-data-sources.js';
import { MAX_RUNNING_REFRESHES } from '../../../services/wbr/wbr-deck-sources.service.js';
import { runDueRefreshes, type ScheduledRefreshOutcome } from '../../../services/wbr/wbr-scheduled-refresh.service.js';
import type { PulseApp } from '../../app.js';
import { createTestApp, inviteClient, signUpClient } from '../../../../test/support/test-app.js';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/test-database.js';
import { createReaderLogin, type ReaderLogin } from '../../../../test/support/wbr-reader.js';
import { answerMismatch, declaredAnswersOf } from '../../../../test/support/declared-answer.js';
import { configWith } from '../../../../test/wbr/wbr-fixtures.js';

/**
 * Decks whose data comes from SQL queries: the server's operator names the databases (PULSE_WBR_CONNECTIONS);
 * a deck's config names its queries (data_sources, the WBR App's format); "Refresh from the database" runs them
 * and stores what they return as the deck's data, through an upload's checks.
 */

let database: TestDatabase;
let reader: ReaderLogin;
let app: PulseApp;
let appWithoutConnections: PulseApp;
const work = mkdtempSync(join(tmpdir(), 'pulse-wbr-sources-app-'));

const METRICS = '  Orders:\n    column: daily.Orders\n    aggf: sum';

function deckConfig(query: string, connection = 'Shop'): string {
  return configWith({ weekEnding: '28-DEC-2024', metrics: METRICS, charts: ['Orders'] })
    .replace('metrics:\n', `data_sources:\n  ${connection}:\n    daily:\n      query: ${query}\nmetrics:\n`);
}

const GOOD_QUERY = 'SELECT day AS "Date", orders AS "Orders" FROM shop_daily ORDER BY day';

beforeAll(async () => {
  database = await createTestDatabase();
  // The "warehouse" is a table in the test's own database: two years of daily orders.
  await sql`CREATE TABLE shop_daily AS SELECT d::date AS day, (extract(doy FROM d))::int AS orders FROM generate_series('2023-01-01'::date, '2024-12-31', '1 day') AS d`.execute(database.db);
  reader = await createReaderLogin(database.url);
  await reader.grant('shop_daily');
  const file = join(work, 'connections.yaml');
  // Shop is open to every org; Restricted to another org only; Closed names no org, so no org may use it.
  writeFileSync(file, `version: 1.0\nconnections:\n  - name: Shop\n    type: postgres\n    pulse_orgs: ["*"]\n${reader.config}  - name: Restricted\n    type: postgres\n    pulse_orgs: [${randomUUID()}]\n${reader.config}  - name: Closed\n    type: postgres\n${reader.config}`);
  app = createTestApp(database.db, { PULSE_WBR_CONNECTIONS: file }).app;
  appWithoutConnections = createTestApp(database.db).app;
});

afterAll(async () => {
  await database.drop();
  await reader.drop();
  rmSync(work, { recursive: true, force: true });
});

async function deckOf(config: string) {
  const { client, orgId } = await signUpClient(app);
  const created = await client.post(`/orgs/${orgId}/wbr/decks`, { name: 'Shop floor', config });
  expect(created.status).toBe(201);
  return { client, orgId, deck: created.body.deck };
}

describe('refreshing a deck from the database', () => {
  it('runs the config\'s queries and stores their rows as the deck\'s data, which then publishes', async () => {
    const { client, orgId, deck } = await deckOf(deckConfig(GOOD_QUERY));
    expect(deck.dataSources).toEqual([{ kind: 'query', name: 'daily', connection: 'Shop' }]);
    const refreshed = await client.put(`/orgs/${orgId}/wbr/decks/${deck.id}/data/from-sources`, {});
    expect(refreshed.status).toBe(200);
    // The answer is the one the OpenAPI document declares (the API's contract test cannot call this route: it needs a database to query).
    expect(answerMismatch('PUT /orgs/{orgId}/wbr/decks/{deckId}/data/from-sources', declaredAnswersOf(app, 'put', '/orgs/{orgId}/wbr/decks/{deckId}/data/from-sources'), refreshed)).toBeUndefined();
    expect(refreshed.body.deck.data).toMatchObject({ fileName: 'data_sources: daily', rows: 731, firstDate: '2023-01-01', lastDate: '2024-12-31' });
    expect(refreshed.body.deck.nextWeekEnding).toBe('2024-12-28');
    const published = await client.post(`/orgs/${orgId}/wbr/decks/${deck.id}/snapshots`, {});
    expect(published.status).toBe(201);
    // The last week: 22-28 December 2024, days 357 to 363 of a leap year.
    const week = await client.get(`/orgs/${orgId}/wbr/decks/${deck.id}/snapshots/${published.body.snapshot.id}/export?format=json`);
    expect(week.status).toBe(200);
    const lastWeek = (week.body as unknown as { blocks: Array<{ table: { tableBody: number[][] } }> }).blocks[0]?.table.tableBody[0]?.[0];
    expect(lastWeek).toBe([357, 358, 359, 360, 361, 362, 363].reduce((a, b) => a + b, 0));
    const events = (await client.get(`/orgs/${orgId}/audit-events`)).body.events.map((event: { action: string }) => event.action);
    expect(events).toContain('wbr_deck.data_uploaded');
  });

  it('names a failing query and its config line, and keeps the data the deck had', async () => {
    const { client, orgId, deck } = await deckOf(deckConfig(GOOD_QUERY));
    expect((await client.put(`/orgs/${orgId}/wbr/decks/${deck.id}/data/from-sources`, {})).status).toBe(200);
    const broken = deckConfig('SELECT day AS "Date", orders AS "Orders" FROM no_such_table');
    expect((await client.patch(`/orgs/${orgId}/wbr/decks/${deck.id}`, { config: broken })).status).toBe(200);
    const refused = await client.put(`/orgs/${orgId}/wbr/decks/${deck.id}/data/from-sources`, {});
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ code: 'invalid_config', field: 'data_sources.Shop.daily.query', line: 8 });
    expect(refused.body.error.message).toMatch(/relation "no_such_table" does not exist/);
    expect((await client.get(`/orgs/${orgId}/wbr/decks/${deck.id}`)).body.deck.data).toMatchObject({ fileName: 'data_sources: daily', rows: 731 });
  });

  it('cannot write through a query', async () => {
    const { client, orgId, deck } = await deckOf(deckConfig('DELETE FROM shop_daily RETURNING day AS "Date", orders AS "Orders"'));
    const refused = await client.put(`/orgs/${orgId}/wbr/decks/${deck.id}/data/from-sources`, {});
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toMatch(/read-only transaction/);
    expect(Number((await sql<{ n: string }>`SELECT count(*) AS n FROM shop_daily`.execute(database.db)).rows[0]?.n)).toBe(731);
  });

  it('uses only the connections open to the org (pulse_orgs), and none that names no org', async () => {
    for (const connection of ['Restricted', 'Closed']) {
      const { client, orgId, deck } = await deckOf(deckConfig(GOOD_QUERY, connection));
      const refused = await client.put(`/orgs/${orgId}/wbr/decks/${deck.id}/data/from-sources`, {});
      expect(refused.status).toBe(400);
      expect(refused.body.error.message).toMatch(new RegExp(`connection "${connection}", which the server's connections file .* does not define for this org \\(it defines: Shop\\)`));
    }
  });

  it('runs a few refreshes at once, and answers the others "try again" (429)', async () => {
    const { client, orgId, deck } = await deckOf(deckConfig('SELECT day AS "Date", orders AS "Orders" FROM shop_daily WHERE pg_sleep(1.5) IS NOT NULL LIMIT 1'));
    const answers = await Promise.all(Array.from({ length: MAX_RUNNING_REFRESHES + 2 }, () => client.put(`/orgs/${orgId}/wbr/decks/${deck.id}/data/from-sources`, {})));
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 429)).toHaveLength(2);
    expect(statuses.filter((status) => status !== 429).every((status) => status === 200)).toBe(true);
    expect((await client.put(`/orgs/${orgId}/wbr/decks/${deck.id}/data/from-sources`, {})).status).toBe(200);
  });

  it('names no host, port or database in its answers, only the connection', async () => {
    const { client, orgId, deck } = await deckOf(deckConfig('SELECT day AS "Date", orders AS "Orders" FROM no_such_table'));
    const refused = await client.put(`/orgs/${orgId}/wbr/decks/${deck.id}/data/from-sources`, {});
    const { hostname, port, pathname } = new URL(database.url);
    expect(refused.body.error.message).not.toContain(hostname);
    expect(refused.body.error.message).not.toContain(`:${port}`);
    expect(refused.body.error.message).not.toContain(pathname.slice(1));
  });

  it('refuses without queries in the config, on a server without a connections file, and for a role that cannot write', async () => {
    const plain = await deckOf(configWith({ weekEnding: '28-DEC-2024', metrics: '  Orders:\n    column: Orders\n    aggf: sum', charts: ['Orders'] }));
    const none = await plain.client.put(`/orgs/${plain.orgId}/wbr/decks/${plain.deck.id}/data/from-sources`, {});
    expect(none.status).toBe(422);
    expect(none.body.error.rule).toBe('wbr.no_data_sources');
    // The config is the deck's, not something this request sent: the rule says what, no field is named.
    expect(none.body.error.field).toBeUndefined();

    const { client, orgId, deck } = await deckOf(deckConfig(GOOD_QUERY));
    const { client: recruiter } = await inviteClient(app, client, orgId, 'recruiter');
    expect((await recruiter.put(`/orgs/${orgId}/wbr/decks/${deck.id}/data/from-sources`, {})).status).toBe(403);
    const outsider = await signUpClient(app);
    // Another org's deck does not exist for an outsider, through its org or through their own.
    expect((await outsider.client.put(`/orgs/${orgId}/wbr/decks/${deck.id}/data/from-sources`, {})).status).toBe(404);
    expect((await outsider.client.put(`/orgs/${outsider.orgId}/wbr/decks/${deck.id}/data/from-sources`, {})).status).toBe(404);

    const signedIn = await signUpClient(appWithoutConnections);
    const elsewhere = await signedIn.client.post(`/orgs/${signedIn.orgId}/wbr/decks`, { name: 'Shop floor', config: deckConfig(GOOD_QUERY) });
    const unconfigured = await signedIn.client.put(`/orgs/${signedIn.orgId}/wbr/decks/${elsewhere.body.deck.id}/data/from-sources`, {});
    expect(unconfigured.status).toBe(422);
    expect(unconfigured.body.error).toMatchObject({ rule: 'wbr.no_connections', message: expect.stringMatching(/PULSE_WBR_CONNECTIONS/) });
  });

  it('reads the connections file again when the operator changes it, and keeps the last good one over a broken edit', async () => {
    const file = join(work, 'changing.yaml');
    const shop = (name: string) => `  - name: ${name}\n    type: postgres\n    pulse_orgs: ["*"]\n${reader.config}`;
    writeFileSync(file, `version: 1.0\nconnections:\n${shop('Shop')}`);
    const changing = createTestApp(database.db, { PULSE_WBR_CONNECTIONS: file });
    const { client, orgId } = await signUpClient(changing.app);
    const deck = (await client.post(`/orgs/${orgId}/wbr/decks`, { name: 'Later', config: deckConfig(GOOD_QUERY, 'Warehouse') })).body.deck;
    const refresh = () => client.put(`/orgs/${orgId}/wbr/decks/${deck.id}/data/from-sources`, {});
    expect((await refresh()).body.error.message).toMatch(/it defines: Shop\)/);

    // A save a second later (file times are what tells a change; set them, rather than wait).
    writeFileSync(file, `version: 1.0\nconnections:\n${shop('Shop')}${shop('Warehouse')}`);
    utimesSync(file, new Date(), new Date(Date.now() + 1000));
    expect((await refresh()).status).toBe(200);
    expect(changing.logs).toContainEqual(expect.stringMatching(/read the connections file .*changing\.yaml again \(2 connections\)/));

    writeFileSync(file, 'version: 1.0\nconnections:\n  - name: Warehouse\n    type: oracle\n');
    utimesSync(file, new Date(), new Date(Date.now() + 2000));
    expect((await refresh()).status).toBe(200);
    expect(changing.logs.filter((line) => line.includes('cannot be used'))).toEqual([expect.stringMatching(/changing\.yaml:\d+.*oracle/)]);
    // Logged once per change, not at every refresh.
    expect((await refresh()).status).toBe(200);
    expect(changing.logs.filter((line) => line.includes('cannot be used'))).toHaveLength(1);
  });
});

describe('the daily refresh from the database', () => {
  const settings = () => loadWbrSourceSettings(join(work, 'connections.yaml'), { timeoutMs: 10_000, maxBytes: 10 * 1024 * 1024 }, () => undefined);
  const refreshesOf = (outcomes: ScheduledRefreshOutcome[], deckId: string) => outcomes.filter((outcome) => outcome.deckId === deckId);

  it('runs once a day at the hour set, with the rights of whoever set it, once however many instances look', async () => {
    const { client, orgId, deck } = await deckOf(deckConfig(GOOD_QUERY));
    const set = await client.patch(`/orgs/${orgId}/wbr/decks/${deck.id}`, { refreshHourUtc: 6 });
    expect(set.status).toBe(200);
    const me = (await client.get('/auth/session')).body.user;
    expect(set.body.deck.refresh).toMatchObject({ hourUtc: 6, by: { id: me.id, name: me.name }, lastAt: null, lastError: null });
    const nextAt = new Date(set.body.deck.refresh.nextAt);
    expect(nextAt.getUTCHours()).toBe(6);
    expect(nextAt.getTime() - Date.now()).toBeLessThanOrEqual(24 * 3600 * 1000);
    expect(refreshesOf(await runDueRefreshes(database.db, settings(), () => undefined, new Date(nextAt.getTime() - 1)), deck.id)).toEqual([]);

    // Two instances look at the same moment: one of them runs it.
    const [first, second] = await Promise.all([runDueRefreshes(database.db, settings(), () => undefined, nextAt), runDueRefreshes(database.db, settings(), () => undefined, nextAt)]);
    expect([...refreshesOf(first, deck.id), ...refreshesOf(second, deck.id)]).toEqual([{ deckId: deck.id, orgId, error: null }]);
    const after = (await client.get(`/orgs/${orgId}/wbr/decks/${deck.id}`)).body.deck;
    expect(after.data).toMatchObject({ fileName: 'data_sources: daily', rows: 731 });
    expect(after.refresh).toMatchObject({ hourUtc: 6, lastError: null, nextAt: new Date(nextAt.getTime() + 24 * 3600 * 1000).toISOString() });
    expect(after.refresh.lastAt).not.toBeNull();
    const upload = (await client.get(`/orgs/${orgId}/audit-events`)).body.events.find((event: { action: string }) => event.action === 'wbr_deck.data_uploaded');
    expect(upload.actor).toMatchObject({ id: me.id });
    expect(refreshesOf(await runDueRefreshes(database.db, settings(), () => undefined, nextAt), deck.id)).toEqual([]);

    const stopped = await client.patch(`/orgs/${orgId}/wbr/decks/${deck.id}`, { refreshHourUtc: null });
    expect(stopped.body.deck.refresh).toBeNull();
  });

  it('keeps the data and says why when a refresh fails, or when its owner may no longer change decks', async () => {
    const { client, orgId, deck } = await deckOf(deckConfig('SELECT day AS "Date", orders AS "Orders" FROM no_such_table'));
    const nextAt = new Date((await client.patch(`/orgs/${orgId}/wbr/decks/${deck.id}`, { refreshHourUtc: 23 })).body.deck.refresh.nextAt);
    const [failed] = refreshesOf(await runDueRefreshes(database.db, settings(), () => undefined, nextAt), deck.id);
    expect(failed?.error).toMatch(/relation "no_such_table" does not exist/);
    const shown = (await client.get(`/orgs/${orgId}/wbr/decks/${deck.id}`)).body.deck;
    expect(shown.data).toBeNull();
    expect(shown.refresh.lastError).toMatch(/no_such_table/);

    // A member sets the schedule, then becomes a recruiter (who may read decks, not change them).
    const member = await inviteClient(app, client, orgId, 'member');
    await client.patch(`/orgs/${orgId}/wbr/decks/${deck.id}`, { config: deckConfig(GOOD_QUERY) });
    const memberNext = new Date((await member.client.patch(`/orgs/${orgId}/wbr/decks/${deck.id}`, { refreshHourUtc: 5 })).body.deck.refresh.nextAt);
    expect((await client.patch(`/orgs/${orgId}/members/${member.userId}`, { role: 'recruiter' })).status).toBe(200);
    const [refused] = refreshesOf(await runDueRefreshes(database.db, settings(), () => undefined, memberNext), deck.id);
    expect(refused?.error).toMatch(/does not allow this/);
    expect((await client.get(`/orgs/${orgId}/wbr/decks/${deck.id}`)).body.deck.data).toBeNull();
  });

  it('is refused for a deck without queries, and ends when the config drops them', async () => {
    const { client, orgId } = await signUpClient(app);
    const plain = (await client.post(`/orgs/${orgId}/wbr/decks`, { name: 'Uploads only', config: configWith({ weekEnding: '28-DEC-2024', metrics: '  Orders:\n    column: Orders\n    aggf: sum', charts: ['Orders'] }) })).body.deck;
    const refused = await client.patch(`/orgs/${orgId}/wbr/decks/${plain.id}`, { refreshHourUtc: 6 });
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({ code: 'rule_violation', rule: 'wbr.no_data_sources', field: 'body.refreshHourUtc' });
    const badHour = await client.patch(`/orgs/${orgId}/wbr/decks/${plain.id}`, { refreshHourUtc: 24 });
    expect(badHour.status).toBe(400);
    expect(badHour.body.error.field).toMatch(/refreshHourUtc/);

    const queried = await deckOf(deckConfig(GOOD_QUERY));
    expect((await queried.client.patch(`/orgs/${queried.orgId}/wbr/decks/${queried.deck.id}`, { refreshHourUtc: 6 })).body.deck.refresh).not.toBeNull();
    const dropped = await queried.client.patch(`/orgs/${queried.orgId}/wbr/decks/${queried.deck.id}`, { config: configWith({ weekEnding: '28-DEC-2024', metrics: '  Orders:\n    column: Orders\n    aggf: sum', charts: ['Orders'] }) });
    expect(dropped.body.deck.refresh).toBeNull();
  });
});
