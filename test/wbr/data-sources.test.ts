import { describe, expect, it } from 'vitest';
import { mergeSourcesToCsv, sourceTableFromQuery } from '../../src/domain/wbr/data-sources.js';
import type { SourceTable } from '../../src/domain/wbr/data-sources.js';
import { scanCsvText } from '../../src/domain/wbr/csv-scanner.js';
import { parseWbrConfig } from '../../src/domain/wbr/wbr-config.js';
import type { WbrDataSource } from '../../src/domain/wbr/wbr-config.js';
import { connectionServesOrg, parseWbrConnections } from '../../src/domain/wbr/wbr-connections.js';
import { appErrorOf } from '../support/app-error.js';
import { configWith, utcDay } from './wbr-fixtures.js';

const day = (iso: string): number => utcDay(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)), Number(iso.slice(8, 10)));

describe('data_sources in a deck config', () => {
  it('are read in order, queries per connection and CSV files, each with its line', () => {
    const config = parseWbrConfig(configWith({ metrics: '  Orders:\n    column: daily.orders\n    aggf: sum', charts: ['Orders'] })
      .replace('metrics:\n', 'data_sources:\n  Warehouse:\n    daily:\n      query: >\n        SELECT day AS "Date", orders FROM sales\n    refunds:\n      query: SELECT 1\n  csv_files:\n    manual:\n      url_or_path: extra.csv\nmetrics:\n'), { fileName: 'deck.yaml' });
    expect(config.dataSources.map((source) => [source.kind, source.name, source.line])).toEqual([['query', 'daily', 8], ['query', 'refunds', 11], ['csv', 'manual', 14]]);
    expect(config.dataSources[0]).toMatchObject({ connection: 'Warehouse', sql: 'SELECT day AS "Date", orders FROM sales' });
    expect([...config.dataSourceNames]).toEqual(['daily', 'refunds', 'manual']);
    expect(config.warnings).toEqual([]);
  });

  it('refuse a query without SQL, and unknown keys, naming the key path and line', () => {
    const withSources = (sources: string): string => configWith({ metrics: '  Orders:\n    column: orders\n    aggf: sum', charts: ['Orders'] }).replace('metrics:\n', `data_sources:\n${sources}metrics:\n`);
    expect(appErrorOf(() => parseWbrConfig(withSources('  Db:\n    daily:\n      sql: SELECT 1\n'), { fileName: 'd.yaml' })).message).toMatch(/Unknown key "sql" in data_sources\.Db\.daily/);
    expect(appErrorOf(() => parseWbrConfig(withSources('  Db:\n    daily:\n      query: ""\n'), { fileName: 'd.yaml' })).details).toMatchObject({ field: 'data_sources.Db.daily.query', line: 8 });
    expect(appErrorOf(() => parseWbrConfig(withSources('  Db:\n    daily: SELECT 1\n'), { fileName: 'd.yaml' })).message).toMatch(/data_sources\.Db\.daily must be a mapping/);
  });
});

describe('the connections file', () => {
  const acme = '6f1c2a34-1111-4a2b-9c3d-000000000001';
  const globex = '6f1c2a34-2222-4a2b-9c3d-000000000002';
  const file = `version: 1.0
connections:
  - name: Warehouse
    type: postgres
    config:
      host: db.example.com
      username: analyst
      password: secret
      database: metrics
  - name: Shared
    type: redshift
    pulse_orgs: [6F1C2A34-1111-4A2B-9C3D-000000000001]
    config: { host: rs.example.com, port: 5439, username: u, database: d, sslmode: require }
`;

  it('reads PostgreSQL and Redshift connections, with the port defaulting to 5432', () => {
    const connections = parseWbrConnections(file, 'connections.yaml');
    expect(connections.get('Warehouse')).toMatchObject({ type: 'postgres', host: 'db.example.com', port: 5432, user: 'analyst', password: 'secret', database: 'metrics', sslMode: 'disable', orgs: [], line: 3 });
    expect(connections.get('Shared')).toMatchObject({ type: 'redshift', port: 5439, password: null, sslMode: 'require', orgs: [acme] });
  });

  it('opens a connection to the orgs pulse_orgs names by id, or to all with *, and to none without it', () => {
    const connections = parseWbrConnections(file, 'connections.yaml');
    expect(connectionServesOrg(connections.get('Shared')!, acme)).toBe(true);
    expect(connectionServesOrg(connections.get('Shared')!, acme.toUpperCase())).toBe(true);
    expect(connectionServesOrg(connections.get('Shared')!, globex)).toBe(false);
    expect(connectionServesOrg(connections.get('Warehouse')!, acme)).toBe(false);
    const everyone = parseWbrConnections(file.replace(`pulse_orgs: [${acme.toUpperCase()}]`, 'pulse_orgs: ["*"]'), 'c.yaml');
    expect(connectionServesOrg(everyone.get('Shared')!, globex)).toBe(true);
    // A slug or a name is refused: they are first come, first served.
    expect(appErrorOf(() => parseWbrConnections(file.replace(`pulse_orgs: [${acme.toUpperCase()}]`, 'pulse_orgs: [northwind]'), 'c.yaml'))).toMatchObject({
      message: expect.stringMatching(/connections\[1\]\.pulse_orgs\[0\] must be an org's id/), details: { line: 12 },
    });
  });

  it('refuses what Pulse cannot run, naming the line', () => {
    expect(appErrorOf(() => parseWbrConnections(file.replace('type: postgres', 'type: snowflake'), 'c.yaml'))).toMatchObject({ message: expect.stringMatching(/type "snowflake"; Pulse runs queries on postgres and redshift/), details: { line: 4 } });
    expect(appErrorOf(() => parseWbrConnections(file.replace('host: db.example.com', 'service: aws\n      secret_name: prod/db'), 'c.yaml')).message).toMatch(/AWS Secrets Manager/);
    expect(appErrorOf(() => parseWbrConnections(file.replace('name: Shared', 'name: Warehouse'), 'c.yaml'))).toMatchObject({ message: expect.stringMatching(/"Warehouse" is used twice/), details: { line: 10 } });
    expect(appErrorOf(() => parseWbrConnections(file.replace('      database: metrics\n', ''), 'c.yaml')).message).toMatch(/connections\[0\]\.config\.database is required/);
    expect(appErrorOf(() => parseWbrConnections(file.replace('version: 1.0', 'version: 2'), 'c.yaml')).message).toMatch(/version must be 1\.0/);
    expect(appErrorOf(() => parseWbrConnections('', 'c.yaml')).message).toMatch(/empty/);
  });
});

describe('merging data sources as the App does', () => {
  const query = (name: string): Extract<WbrDataSource, { kind: 'query' }> => ({ kind: 'query', connection: 'Db', name, sql: 'SELECT 1', file: 'deck.yaml', line: 7, path: `data_sources.Db.${name}.query` });

  it('reads a query result: Date as a date, a timestamp or a text date; other columns by name', () => {
    const table = sourceTableFromQuery(query('daily'), { columns: ['orders', 'Date', 'note'], rows: [['3', '2024-01-02', 'a'], ['4', '2024-01-01 13:45:00+00', null], ['5', 'Sun, 07-Jan-2024', 'b']] });
    expect(table).toEqual({ name: 'daily', columns: ['orders', 'note'], days: [day('2024-01-02'), day('2024-01-01'), day('2024-01-07')], cells: [['3', 'a'], ['4', null], ['5', 'b']] });
  });

  it('refuses a result without a Date column, or a row without a date, naming the query', () => {
    expect(appErrorOf(() => sourceTableFromQuery(query('daily'), { columns: ['day', 'orders'], rows: [] }))).toMatchObject({
      message: expect.stringMatching(/Query "daily" on connection "Db": its results have no "Date" column \(found: day, orders\)/), details: { field: 'data_sources.Db.daily.query', line: 7 },
    });
    expect(appErrorOf(() => sourceTableFromQuery(query('daily'), { columns: ['Date'], rows: [['2024-01-01'], [null]] })).message).toMatch(/row 2 has no Date \(NULL\)/);
    expect(appErrorOf(() => sourceTableFromQuery(query('daily'), { columns: ['Date'], rows: [['soon']] })).message).toMatch(/row 1 has the Date "soon"/);
  });

  it('joins the first row of each date, then appends further rows source by source, in date order', () => {
    const a: SourceTable = { name: 'a', columns: ['x'], days: [day('2024-01-02'), day('2024-01-01'), day('2024-01-02')], cells: [['1'], ['2'], ['3']] };
    const b: SourceTable = { name: 'b', columns: ['y', 'x'], days: [day('2024-01-03'), day('2024-01-02'), day('2024-01-02')], cells: [['4', 'p'], ['5', 'q'], ['6', 'r,s']] };
    expect(mergeSourcesToCsv([a, b])).toBe([
      'Date,a.x,b.y,b.x',
      '2024-01-01,2,,',
      '2024-01-02,1,5,q',
      '2024-01-02,3,,',
      '2024-01-02,,6,"r,s"',
      '2024-01-03,,4,p',
      '',
    ].join('\n'));
  });

  it('renames a column an earlier source already has, and gives text that the scanner reads back as written', () => {
    const first: SourceTable = { name: 'q', columns: ['v'], days: [day('2024-01-01')], cells: [['1']] };
    const second: SourceTable = { name: 'q', columns: ['v', 'v'], days: [day('2024-01-01')], cells: [['2', 'say "hi"\nthere']] };
    const csv = mergeSourcesToCsv([first, second]);
    const table = scanCsvText(csv, { fileName: 'merged', selectColumns: (header) => ({ numeric: [], text: header.filter((name) => name !== 'Date') }) });
    expect(table.header).toEqual(['Date', 'q.v', 'q.v_src2', 'q.v.1']);
    expect(table.text.get('q.v.1')).toEqual(['say "hi"\nthere']);
  });

  it('refuses an empty list of sources', () => {
    expect(appErrorOf(() => mergeSourcesToCsv([])).message).toMatch(/no query and no CSV/);
  });
});
