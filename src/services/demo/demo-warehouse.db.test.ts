import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountSettingsFrom } from '../../server/serve.js';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.js';
import { testConfig } from '../../../test/support/test-app.js';
import { runDueRefreshes } from '../wbr/wbr-scheduled-refresh.service.js';
import { DEMO_REFRESH_HOUR_UTC } from './demo-calendar.js';
import { DEMO_SQL_DECK_NAME, startDemoWarehouse, type DemoWarehouseNames } from './demo-warehouse.js';
import { seedDemoOrg } from './seed-demo-org.js';

/**
 * The demo's warehouse: a database beside the demo's, a login that reads only its table, and the demo org's deck
 * that queries it. Names unique to the run: databases and logins are the server's, not the test database's.
 */

let database: TestDatabase;
const suffix = randomBytes(4).toString('hex');
const names: DemoWarehouseNames = { connection: 'NorthwindWarehouse', database: `pulse_test_wh_${suffix}`, reader: `pulse_test_reader_${suffix}` };
const limits = { timeoutMs: 30_000, maxBytes: 32 * 1024 * 1024 };

async function query(url: string, text: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(text);
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  database = await createTestDatabase({ withDemoOrg: true });
});

afterAll(async () => {
  await database.drop();
  const maintenance = Object.assign(new URL(database.url), { pathname: '/postgres' }).toString();
  await query(maintenance, `DROP DATABASE IF EXISTS "${names.database}" WITH (FORCE)`);
  await query(maintenance, `DROP ROLE IF EXISTS "${names.reader}"`);
});

describe('the demo warehouse', { timeout: 60_000 }, () => {
  it('gives the demo org a deck whose data comes from a query, read by a login that can read nothing else', async () => {
    const { orgId } = await seedDemoOrg(database.db, accountSettingsFrom(testConfig()));
    const settings = await startDemoWarehouse(database.db, database.url, orgId, limits, names);
    const connection = settings.connections().get('NorthwindWarehouse');
    expect(connection).toMatchObject({ database: names.database, user: names.reader });

    const deck = await database.db.selectFrom('wbr_decks').select(['id', 'data_rows', 'data_last_day', 'data_file_name', 'refresh_hour_utc', 'refresh_next_at']).where('org_id', '=', orgId).where('name', '=', DEMO_SQL_DECK_NAME).executeTakeFirstOrThrow();
    // It refreshes itself every morning.
    expect(deck.refresh_hour_utc).toBe(DEMO_REFRESH_HOUR_UTC);
    expect(new Date(deck.refresh_next_at as Date).getUTCHours()).toBe(DEMO_REFRESH_HOUR_UTC);
    // Its schedule was set weeks back, in the demo's story, and has run every morning since: its next run is the
    // first after this start, so a fresh start runs no catch-up refresh (one more upload nobody made).
    expect(new Date(deck.refresh_next_at as Date).getTime()).toBeGreaterThan(Date.now());
    expect(await runDueRefreshes(database.db, settings, () => undefined)).toEqual([]);
    // Every day of the warehouse, up to its last (its server's today, whatever this process's clock says).
    const warehouseUrl = Object.assign(new URL(database.url), { pathname: `/${names.database}` }).toString();
    const stored = (await query(warehouseUrl, 'SELECT count(*)::int AS days, max(day)::text AS last FROM daily_orders')).rows[0];
    expect(stored.days).toBeGreaterThanOrEqual(731);
    expect(deck.data_rows).toBe(stored.days);
    expect(deck.data_last_day).toBe(stored.last);
    expect(deck.data_file_name).toBe('data_sources: daily');

    // The reader's login reads the warehouse's table and nothing of Pulse's own database.
    const login = `postgres://${names.reader}:${connection?.password}@${connection?.host}:${connection?.port}`;
    expect((await query(`${login}/${names.database}`, 'SELECT count(*)::int AS n FROM daily_orders')).rows[0]).toEqual({ n: stored.days });
    const pulseDatabase = new URL(database.url).pathname.slice(1);
    await expect(query(`${login}/${pulseDatabase}`, 'SELECT 1')).rejects.toThrow(/permission denied for database/);

    // A second start adds nothing twice: one deck, one row per day; the login gets a new password.
    const again = await startDemoWarehouse(database.db, database.url, orgId, limits, names);
    expect(again.connections().get('NorthwindWarehouse')?.password).not.toBe(connection?.password);
    expect(await database.db.selectFrom('wbr_decks').select('id').where('org_id', '=', orgId).where('name', '=', DEMO_SQL_DECK_NAME).execute()).toHaveLength(1);
    expect((await query(warehouseUrl, 'SELECT count(*) = max(day) - min(day) + 1 AS contiguous FROM daily_orders')).rows[0]).toEqual({ contiguous: true });
  });
});
