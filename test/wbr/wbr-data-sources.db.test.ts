import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/domain/errors.js';
import { parseCsvDate } from '../../src/domain/wbr/csv-dates.js';
import { isoDate } from '../../src/domain/wbr/calendar.js';
import { parseWbrConfig } from '../../src/domain/wbr/wbr-config.js';
import { parseWbrConnections } from '../../src/domain/wbr/wbr-connections.js';
import { loadDataSources } from '../../src/services/wbr/wbr-data-sources.js';
import type { DataSourceAccess } from '../../src/services/wbr/wbr-data-sources.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { createReaderLogin, type ReaderLogin } from '../support/wbr-reader.js';
import { configWith } from './wbr-fixtures.js';

/**
 * A deck's data_sources run against a real PostgreSQL (the embedded one and the server): the queries of the WBR
 * App's own demo give the same deck as its CSV, queries cannot write, and every failure names its query.
 */

const BIN = fileURLToPath(new URL('../../bin/pulse.js', import.meta.url));
const demoDir = fileURLToPath(new URL('../../../shared/wbr/demo/', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'pulse-wbr-sources-'));

let database: TestDatabase;
let client: pg.Client;
let reader: ReaderLogin;
let connectionsFile: string;

/** A connections file with one connection, Warehouse, on the test's database: as the reader, or as the test's own (super)user. */
function connectionsYaml(extra = '', as: 'reader' | 'superuser' = 'reader'): string {
  let config = reader.config;
  if (as === 'superuser') {
    const { hostname, port, username, password, pathname } = new URL(database.url);
    config = `    config:\n      host: ${hostname}\n      port: ${port || 5432}\n      username: ${username}\n${password === '' ? '' : `      password: "${decodeURIComponent(password)}"\n`}      database: ${pathname.slice(1)}\n`;
  }
  return `version: 1.0\nconnections:\n  - name: Warehouse\n    type: postgres\n${extra}${config}`;
}

function access(overrides: Partial<DataSourceAccess> = {}): DataSourceAccess {
  return {
    connections: parseWbrConnections(readFileSync(connectionsFile, 'utf8'), connectionsFile),
    connectionsOrigin: connectionsFile,
    limits: { timeoutMs: 10_000, maxBytes: 1024 * 1024 },
    ...overrides,
  };
}

function configReading(sources: string): ReturnType<typeof parseWbrConfig> {
  const text = configWith({ metrics: '  Orders:\n    column: daily.orders\n    aggf: sum', charts: ['Orders'] }).replace('metrics:\n', `data_sources:\n${sources}metrics:\n`);
  return parseWbrConfig(text, { fileName: 'deck.yaml' });
}

async function refusal(run: Promise<unknown>): Promise<AppError> {
  try {
    await run;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

beforeAll(async () => {
  database = await createTestDatabase();
  client = new pg.Client({ connectionString: database.url });
  await client.connect();
  await client.query(`CREATE TABLE sales (day date NOT NULL, orders integer, refunded boolean, at timestamptz)`);
  await client.query(`INSERT INTO sales VALUES ('2024-01-01', 5, true, '2024-01-01 10:00+00'), ('2024-01-01', 7, false, NULL), ('2024-01-02', NULL, NULL, NULL), ('2024-01-03', 2, true, NULL)`);
  reader = await createReaderLogin(database.url);
  await reader.grant('sales');
  connectionsFile = join(work, 'connections.yaml');
  writeFileSync(connectionsFile, connectionsYaml());
});

afterAll(async () => {
  await client.end();
  await database.drop();
  await reader.drop();
  rmSync(work, { recursive: true, force: true });
});

describe('data_sources queries', { timeout: 30_000 }, () => {
  it('return every row as PostgreSQL prints it, booleans as 1 and 0, merged with a second query on Date', async () => {
    const config = configReading('  Warehouse:\n    daily:\n      query: SELECT day AS "Date", orders, refunded FROM sales ORDER BY day, orders\n    stamps:\n      query: SELECT at AS "Date", 1 AS one FROM sales WHERE at IS NOT NULL\n');
    expect(await loadDataSources(config, access())).toBe([
      'Date,daily.orders,daily.refunded,stamps.one',
      '2024-01-01,5,1,1',
      '2024-01-01,7,0,',
      '2024-01-02,,,',
      '2024-01-03,2,1,',
      '',
    ].join('\n'));
  });

  it('cannot change the database: a write is refused, and so is a second statement after the first', async () => {
    const write = configReading('  Warehouse:\n    daily:\n      query: DELETE FROM sales RETURNING day AS "Date"\n');
    expect((await refusal(loadDataSources(write, access()))).message).toMatch(/read-only transaction/);
    const smuggled = configReading('  Warehouse:\n    daily:\n      query: COMMIT; DELETE FROM sales\n');
    expect((await refusal(loadDataSources(smuggled, access()))).message).toMatch(/multiple commands/);
    expect((await client.query('SELECT count(*)::int AS n FROM sales')).rows[0]).toEqual({ n: 4 });
  });

  it('name the query, its connection and its line in every failure', async () => {
    const unknown = await refusal(loadDataSources(configReading('  Elsewhere:\n    daily:\n      query: SELECT 1\n'), access()));
    expect(unknown).toMatchObject({ code: 'invalid_config', details: { field: 'data_sources.Elsewhere.daily.query', line: 8 } });
    expect(unknown.message).toMatch(/connection "Elsewhere", which .*connections\.yaml does not define \(it defines: Warehouse\)/);

    const badSql = await refusal(loadDataSources(configReading('  Warehouse:\n    daily:\n      query: SELECT day AS "Date" FROM no_such_table\n'), access()));
    expect(badSql).toMatchObject({ code: 'invalid_config', details: { line: 8 } });
    expect(badSql.message).toBe('The query "daily" on connection "Warehouse" failed: relation "no_such_table" does not exist.');
    // A column that happens to be named "timeout" is the query's mistake, not a database that timed out.
    expect(await refusal(loadDataSources(configReading('  Warehouse:\n    daily:\n      query: SELECT timeout AS "Date" FROM sales\n'), access()))).toMatchObject({ code: 'invalid_config' });

    const noDate = await refusal(loadDataSources(configReading('  Warehouse:\n    daily:\n      query: SELECT day, orders FROM sales\n'), access()));
    expect(noDate.message).toMatch(/no "Date" column \(found: day, orders\)/);

    const slow = await refusal(loadDataSources(configReading('  Warehouse:\n    daily:\n      query: SELECT pg_sleep(5), now()::date AS "Date"\n'), access({ limits: { timeoutMs: 300, maxBytes: 1024 } })));
    expect(slow).toMatchObject({ code: 'upstream_failed' });
    expect(slow.message).toMatch(/did not finish within 300 ms/);

    // Rows of no columns count too, and the query is stopped at the limit rather than run to its end.
    const empty = await refusal(loadDataSources(configReading('  Warehouse:\n    daily:\n      query: SELECT FROM generate_series(1, 2000000)\n'), access({ limits: { timeoutMs: 20_000, maxBytes: 10_000 } })));
    expect(empty).toMatchObject({ code: 'payload_too_large' });
    const huge = await refusal(loadDataSources(configReading('  Warehouse:\n    daily:\n      query: SELECT repeat(\'x\', 50000000) AS "Date"\n'), access({ limits: { timeoutMs: 20_000, maxBytes: 10_000 } })));
    expect(huge).toMatchObject({ code: 'payload_too_large' });

    const large = await refusal(loadDataSources(configReading('  Warehouse:\n    daily:\n      query: SELECT d::date AS "Date", 123456789 AS n FROM generate_series(\'2000-01-01\'::date, \'2020-01-01\', \'1 day\') AS d\n'), access({ limits: { timeoutMs: 10_000, maxBytes: 10_000 } })));
    expect(large).toMatchObject({ code: 'payload_too_large', message: expect.stringMatching(/returned more than 10 KB of data/) });

    const closedPort = parseWbrConnections(connectionsYaml().replace(/port: \d+/, 'port: 1'), 'closed.yaml');
    const unreachable = await refusal(loadDataSources(configReading('  Warehouse:\n    daily:\n      query: SELECT 1\n'), access({ connections: closedPort })));
    expect(unreachable).toMatchObject({ code: 'upstream_failed' });
    expect(unreachable.message).toMatch(/The query "daily" on connection "Warehouse" could not run: connect/);
  });

  it('refuse a superuser login, which reaches the server\'s files and programs through reads', async () => {
    const connections = parseWbrConnections(connectionsYaml('', 'superuser'), 'c.yaml');
    const config = configReading('  Warehouse:\n    daily:\n      query: SELECT pg_read_file(\'PG_VERSION\') AS "Date"\n');
    const refused = await refusal(loadDataSources(config, access({ connections })));
    expect(refused).toMatchObject({ code: 'invalid_config', details: { line: 8 } });
    expect(refused.message).toMatch(/a superuser or a member of pg_execute_server_program/);
  });

  it('read dates in ISO whatever the login\'s DateStyle', async () => {
    await client.query(`ALTER ROLE "${reader.user}" SET DateStyle = 'SQL, DMY'`);
    try {
      const config = configReading('  Warehouse:\n    daily:\n      query: SELECT \'2024-02-13\'::date AS "Date", 1 AS one\n');
      expect(await loadDataSources(config, access())).toBe('Date,daily.one\n2024-02-13,1\n');
    } finally {
      await client.query(`ALTER ROLE "${reader.user}" RESET DateStyle`);
    }
  });

  it('use a connection in the app only for the orgs its pulse_orgs names (by id, or *): none by default', async () => {
    const acme = '6f1c2a34-1111-4a2b-9c3d-000000000001';
    const globex = '6f1c2a34-2222-4a2b-9c3d-000000000002';
    const config = configReading('  Warehouse:\n    daily:\n      query: SELECT day AS "Date", orders FROM sales\n');
    const opened = (orgs: string) => parseWbrConnections(connectionsYaml(`    pulse_orgs: ${orgs}\n`), 'c.yaml');
    expect((await refusal(loadDataSources(config, access({ connections: opened(`[${acme}]`), orgId: globex })))).message).toMatch(/which .* does not define for this org/);
    expect(await loadDataSources(config, access({ connections: opened(`[${acme}]`), orgId: acme }))).toMatch(/^Date,daily\.orders\n/);
    expect(await loadDataSources(config, access({ connections: opened('["*"]'), orgId: globex }))).toMatch(/^Date,daily\.orders\n/);
    // Without pulse_orgs no org may use it in the app; the command line (no org) may.
    expect((await refusal(loadDataSources(config, access({ orgId: acme })))).message).toMatch(/does not define for this org/);
    expect(await loadDataSources(config, access())).toMatch(/^Date,daily\.orders\n/);
  });
});

describe('pulse wbr build without --data runs the config\'s data_sources', { timeout: 60_000 }, () => {
  const demoConfig = `${demoDir}1-wbr-sample-config.yaml`;
  if (!existsSync(demoConfig)) {
    it('needs ../shared/wbr/demo beside the repository', (context) => {
      const message = `WBR demo inputs skipped: ${demoDir} is absent (it is present for developers and in CI).`;
      if (process.env.CI === 'true') throw new Error(`${message} CI must run this suite.`);
      context.skip(message);
    });
    return;
  }

  const pulse = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', cwd: work });

  it('gives the WBR App demo\'s deck from its two queries, identical to the deck from its CSV', async () => {
    // The demo's table, loaded from the demo's CSV: its config queries it on a connection named MyProdPostgres.
    const [header, ...lines] = readFileSync(`${demoDir}1-wbr-sample-dataset.csv`, 'utf8').replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    const columns = (header as string).split(',').slice(1);
    await client.query(`CREATE TABLE wbr_sample_1 (date date, ${columns.map((name) => `"${name}" double precision`).join(', ')})`);
    for (const line of lines) {
      const cells = line.match(/"[^"]*"|[^,]+|(?<=,)(?=,|$)/g) ?? [];
      const [date, ...values] = cells.map((cell) => cell.replace(/^"|"$/g, ''));
      const numbers = values.map((value) => (value === '' ? null : Number(value.replaceAll(',', ''))));
      await client.query(`INSERT INTO wbr_sample_1 VALUES ($1, ${numbers.map((_, i) => `$${i + 2}`).join(', ')})`, [isoDate(parseCsvDate(date as string) as number), ...numbers]);
    }
    const connections = join(work, 'demo-connections.yaml');
    await reader.grant('wbr_sample_1');
    writeFileSync(connections, connectionsYaml().replace('name: Warehouse', 'name: MyProdPostgres'));

    const fromQueries = pulse('wbr', 'build', demoConfig, '--connections', connections, '--out', join(work, 'queries.json'));
    expect(fromQueries.stderr).toBe('');
    expect(fromQueries.status).toBe(0);
    const fromCsv = pulse('wbr', 'build', demoConfig, '--data', `${demoDir}1-wbr-sample-dataset.csv`, '--out', join(work, 'csv.json'));
    expect(fromCsv.status).toBe(0);
    expect(readFileSync(join(work, 'queries.json'), 'utf8')).toBe(readFileSync(join(work, 'csv.json'), 'utf8'));
  });

  it('exits 1 naming what is missing: no connections file, or a URL for one', () => {
    const config = join(work, 'no-connections.yaml');
    writeFileSync(config, readFileSync(demoConfig, 'utf8').replace(/^ {2}db_config_url: .*$/m, ''));
    const missing = pulse('wbr', 'build', config, '--out', join(work, 'x.json'));
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/need a connections file: give it with --connections, or set setup\.db_config_url/);
    const url = pulse('wbr', 'build', demoConfig, '--out', join(work, 'x.json'));
    expect(url.status).toBe(1);
    expect(url.stderr).toMatch(/setup\.db_config_url is a URL \(https:.*\); pulse wbr build reads local files only/);
  });
});
