import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import type { WbrConnection } from '../../domain/wbr/wbr-connections.js';
import type { Db } from '../../storage/database.js';
import type { OrgActor } from '../context.js';
import { nextDailyRefresh } from '../../domain/wbr-review/refresh-schedule.js';
import { refreshDeckFromSources } from '../wbr/wbr-deck-sources.service.js';
import type { DataSourceLimits, WbrSourceSettings } from '../wbr/wbr-data-sources.js';
import { createDeck, updateDeck } from '../wbr/wbr-decks.service.js';
import { formatDayMonYear } from '../../domain/wbr/calendar.js';
import { DEMO_LOGIN } from './seed-demo-org.js';
import { DEMO_REFRESH_HOUR_UTC, DEMO_WAREHOUSE_HISTORY_DAYS, demoWbrSetUpAt, lastSaturdayBefore } from './demo-calendar.js';
import { demoWeekNumber } from './seed-wbr-demo.js';

/**
 * The demo's data warehouse: a small database beside the demo's own on the embedded PostgreSQL, with a table of
 * daily order figures up to today, and a login that may only read it. `pulse serve --demo` names it as the
 * server's connection when no connections file is set, so the demo org has a deck fed by a SQL query
 * (docs/wbr-sql.md) and *Refresh from the database* works out of the box. Only on the embedded database, whose
 * superuser Pulse holds: on a PostgreSQL server, databases and logins are the operator's to create.
 */

export interface DemoWarehouseNames {
  /** The connection's name in the deck's data_sources. */
  connection: string;
  database: string;
  /** The login the queries run as: CONNECT on the warehouse and SELECT on its table, nothing else. */
  reader: string;
}

export const DEMO_WAREHOUSE: DemoWarehouseNames = { connection: 'NorthwindWarehouse', database: 'pulse_demo_warehouse', reader: 'pulse_demo_reader' };

export const DEMO_SQL_DECK_NAME = 'Orders from the warehouse';

/** Two years of days before today, and today: the warehouse gains the days since the last start. */

/** Identifiers written into DDL (which takes no parameters): only the plain names Pulse itself chooses. */
function identifier(name: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`Not a plain identifier: ${name}`);
  return `"${name}"`;
}

async function withClient<T>(url: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/**
 * Creates the warehouse (once) and its reading login, adds the days up to today, and gives the login a new random
 * password (kept only in this process: each start sets another). `serverUrl` is a superuser URL of the server.
 */
export async function ensureDemoWarehouse(serverUrl: string, names: DemoWarehouseNames = DEMO_WAREHOUSE): Promise<WbrConnection> {
  const server = new URL(serverUrl);
  const at = (database: string): string => Object.assign(new URL(serverUrl), { pathname: `/${database}` }).toString();
  const password = randomBytes(18).toString('hex');
  await withClient(at('postgres'), async (client) => {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [names.database]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE ${identifier(names.database)}`);
    const role = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [names.reader]);
    if (role.rowCount === 0) await client.query(`CREATE ROLE ${identifier(names.reader)} LOGIN`);
    // A hex password needs no escaping in the literal.
    await client.query(`ALTER ROLE ${identifier(names.reader)} PASSWORD '${password}'`);
    // Pulse's own database is for Pulse's login alone (PostgreSQL lets every login connect to every database).
    await client.query(`REVOKE CONNECT ON DATABASE ${identifier(server.pathname.slice(1))} FROM PUBLIC`);
  });
  await withClient(at(names.database), async (client) => {
    await client.query(`CREATE TABLE IF NOT EXISTS daily_orders (
      day date PRIMARY KEY,
      orders integer NOT NULL,
      late_deliveries integer NOT NULL,
      revenue numeric(12, 2) NOT NULL
    )`);
    // The same figures for a day whenever they are made: a yearly season, a weekly rhythm, growth, and noise from
    // the date's hash. Late deliveries rise in the last two weeks, for the review to notice.
    await client.query(`INSERT INTO daily_orders (day, orders, late_deliveries, revenue)
      SELECT d::date,
        orders,
        round(orders * (0.03 + (abs(hashtext('late' || d::text)) % 10) / 1000.0 + CASE WHEN d > current_date - 14 THEN 0.04 ELSE 0 END)),
        round(orders * (61 + (abs(hashtext('basket' || d::text)) % 900) / 100.0), 2)
      FROM generate_series(current_date - ${DEMO_WAREHOUSE_HISTORY_DAYS}, current_date, interval '1 day') AS d,
        LATERAL (SELECT (900 + 150 * sin(2 * pi() * extract(doy FROM d) / 365.25) + 60 * (extract(isodow FROM d) < 6)::int
          + (d::date - (current_date - ${DEMO_WAREHOUSE_HISTORY_DAYS})) / 4 + abs(hashtext(d::text)) % 80)::int AS orders) AS figures
      ON CONFLICT (day) DO NOTHING`);
    await client.query(`GRANT CONNECT ON DATABASE ${identifier(names.database)} TO ${identifier(names.reader)}`);
    await client.query(`GRANT USAGE ON SCHEMA public TO ${identifier(names.reader)}`);
    await client.query(`GRANT SELECT ON daily_orders TO ${identifier(names.reader)}`);
  });
  return {
    name: names.connection,
    type: 'postgres',
    host: server.hostname,
    port: Number(server.port || 5432),
    user: names.reader,
    password,
    database: names.database,
    sslMode: 'disable',
    orgs: [],
    line: 0,
  };
}

/**
 * The demo SQL deck's config. Its masks are the App's `##.nUNIT` (docs/wbr-deck.md#number-formats), n the decimals:
 * a late rate of 3 to 8 percent reads with one (`##.1%`, 4.2%), a week's revenue of about half a million with two
 * in millions (`##.2MM`, 0.46M); without them both would round to whole numbers (4%, 0M).
 */
export const SQL_DECK_CONFIG = (weekEnding: number, connection: string) => `# Fed by a SQL query on the demo's warehouse (docs/wbr-sql.md), in the WBR App's format.
setup:
  week_ending: ${formatDayMonYear(weekEnding)}
  week_number: ${demoWeekNumber(weekEnding)}
  title: Orders from the warehouse
data_sources:
  ${connection}:
    daily:
      query: >
        SELECT day AS "Date", orders, late_deliveries, revenue
        FROM daily_orders ORDER BY day
metrics:
  Orders:
    column: daily.orders
    aggf: sum
    good_direction: up
  Late deliveries:
    column: daily.late_deliveries
    aggf: sum
    good_direction: down
  Revenue:
    column: daily.revenue
    aggf: sum
    good_direction: up
  Late delivery rate:
    function:
      divide:
        - metric:
            name: Late deliveries
        - metric:
            name: Orders
    metric_comparison_method: bps
deck:
  - block:
      ui_type: 6_12Graph
      title: Orders
      y_scaling: "##"
      metrics:
        Orders:
          graph_prior_year_flag: true
  - block:
      ui_type: 6_12Graph
      title: Late delivery rate
      y_scaling: "##.1%"
      metrics:
        Late delivery rate:
          graph_prior_year_flag: true
  - block:
      ui_type: 6_12Graph
      title: Revenue
      y_scaling: "##.2MM"
      metrics:
        Revenue:
          graph_prior_year_flag: true
`;

/**
 * For `pulse serve --demo` on the embedded database: the warehouse up to today, the server's settings naming it,
 * and the demo org's deck that reads it.
 */
export async function startDemoWarehouse(db: Db, serverUrl: string, orgId: string, limits: DataSourceLimits, names: DemoWarehouseNames = DEMO_WAREHOUSE): Promise<WbrSourceSettings> {
  // Open to the demo org only.
  const connection = { ...(await ensureDemoWarehouse(serverUrl, names)), orgs: [orgId] };
  const connections = new Map([[connection.name, connection]]);
  const settings: WbrSourceSettings = { connections: () => connections, origin: 'the demo warehouse', limits };
  const admin = await db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select('users.id')
    .where('memberships.org_id', '=', orgId)
    .where(sql<string>`lower(users.email)`, '=', DEMO_LOGIN.email)
    .executeTakeFirstOrThrow();
  await ensureDemoSqlDeck(db, { userId: admin.id, orgId, role: 'admin' }, settings, connection.name);
  return settings;
}

/**
 * The demo org's deck fed by the warehouse, made once (a demo org seeded before the warehouse existed gets it at
 * the next start) with its data refreshed from the query, as *Refresh from the database* does.
 */
export async function ensureDemoSqlDeck(db: Db, admin: OrgActor, settings: WbrSourceSettings, connection: string, today: Date = new Date()): Promise<void> {
  const existing = await db.selectFrom('wbr_decks').select('id').where('org_id', '=', admin.orgId).where(sql<string>`lower(name)`, '=', DEMO_SQL_DECK_NAME.toLowerCase()).executeTakeFirst();
  if (existing) return;
  const owner = await db.selectFrom('people').select('id').where('org_id', '=', admin.orgId).where('user_id', '=', admin.userId).executeTakeFirst();
  // Set up with the business review, weeks back (its schedule too); the data is read from the warehouse now, the
  // one step that truly happens today.
  const setUp = new Date(demoWbrSetUpAt(today).getTime() + 30 * 60_000);
  const deck = await createDeck(db, admin, { name: DEMO_SQL_DECK_NAME, ownerPersonId: owner?.id ?? null, config: SQL_DECK_CONFIG(lastSaturdayBefore(today), connection) }, setUp);
  // And every morning before the review, as a team would set it.
  await updateDeck(db, admin, deck.id, { refreshHourUtc: DEMO_REFRESH_HOUR_UTC }, new Date(setUp.getTime() + 5 * 60_000));
  await refreshDeckFromSources(db, admin, deck.id, settings);
  // In the story the schedule has run every morning since it was set, the last run read the data above: its next run
  // is the first after today, not the one after the set-up weeks back (which a fresh start would run at once, as a
  // missed refresh, adding an upload nobody made).
  await db.updateTable('wbr_decks').set({ refresh_next_at: nextDailyRefresh(DEMO_REFRESH_HOUR_UTC, today) }).where('id', '=', deck.id).execute();
}
