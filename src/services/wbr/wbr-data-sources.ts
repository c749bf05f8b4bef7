import { readFileSync } from 'node:fs';
import pg from 'pg';
import { AppError } from '../../domain/errors.js';
import { mergeSourcesToCsv, sourceTableFromCsv, sourceTableFromQuery } from '../../domain/wbr/data-sources.js';
import type { QueryResult, SourceTable } from '../../domain/wbr/data-sources.js';
import { CsvScanner } from '../../domain/wbr/csv-scanner.js';
import type { WbrConfig, WbrDataSource } from '../../domain/wbr/wbr-config.js';
import { connectionServesOrg, parseWbrConnections } from '../../domain/wbr/wbr-connections.js';
import type { WbrConnection } from '../../domain/wbr/wbr-connections.js';

/**
 * Runs a deck's `data_sources` (the WBR App's SQL queries and CSV files) and merges what they return into one
 * data file (src/domain/wbr/data-sources.ts). Used by `pulse wbr build` when no CSV is given, and by the app's
 * "Refresh from the database".
 *
 * Each query runs on its own connection, inside a READ ONLY transaction (a query cannot change the database,
 * whatever its user may do), with a time limit; its rows are streamed and counted, and a result larger than
 * `maxBytes` (as CSV) is refused rather than held in memory. Every value arrives as PostgreSQL prints it, so
 * that numbers reach the engine exactly as a CSV export of the same table would give them; booleans become
 * 1 and 0, as pandas counts them.
 */

export interface DataSourceLimits {
  /** Per query, from its start to its last row (connecting has its own bound, CONNECT_TIMEOUT_MS). */
  timeoutMs: number;
  /** The merged data, as CSV text, at most (the same bound as an uploaded file). */
  maxBytes: number;
}

export interface DataSourceAccess {
  connections: ReadonlyMap<string, WbrConnection>;
  /** Where the connections come from, for messages (a file name, or the server's setting). */
  connectionsOrigin: string;
  /** The org running the queries (the app): only connections that serve it may be used. Absent on the CLI. */
  orgSlug?: string;
  /** Reads a `csv_files` source; absent where files cannot be read (the app). */
  readCsvFile?: (path: string) => Promise<Uint8Array>;
  limits: DataSourceLimits;
}

const BOOLEAN_TYPE_ID = 16;
/** A database that has not accepted the connection by then is down or out of reach. */
const CONNECT_TIMEOUT_MS = 15_000;
/** How long past its time limit a query may take to report that it was stopped, before Pulse gives up on it. */
const ANSWER_GRACE_MS = 5_000;
/** Every value as the text PostgreSQL sends (no conversion to JavaScript numbers or dates). */
const TEXT_TYPES = { getTypeParser: () => (value: string) => value };

/** Where a source is written in the config, for its errors. */
function locationOf(source: WbrDataSource): { file: string; field: string; line: number } {
  return { file: source.file, field: source.kind === 'query' ? source.path : source.field, line: source.line };
}

/** A byte limit as a reader says it. */
function sizeText(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / (1024 * 1024))} MiB` : `${Math.round(bytes / 1024)} KB`;
}

/** A time limit as a reader says it. */
function durationText(milliseconds: number): string {
  return milliseconds >= 1000 ? `${Math.round(milliseconds / 1000)} s` : `${milliseconds} ms`;
}

function connectionFor(source: Extract<WbrDataSource, { kind: 'query' }>, access: DataSourceAccess): WbrConnection {
  const connection = access.connections.get(source.connection);
  if (connection === undefined || (access.orgSlug !== undefined && !connectionServesOrg(connection, access.orgSlug))) {
    const known = [...access.connections.values()].filter((c) => access.orgSlug === undefined || connectionServesOrg(c, access.orgSlug)).map((c) => c.name);
    throw new AppError('invalid_config', `Query "${source.name}" uses the connection "${source.connection}", which ${access.connectionsOrigin} does not define${known.length > 0 ? ` (it defines: ${known.join(', ')})` : ''}.`, locationOf(source));
  }
  return connection;
}

async function runQuery(source: Extract<WbrDataSource, { kind: 'query' }>, connection: WbrConnection, limits: DataSourceLimits): Promise<QueryResult> {
  const client = new pg.Client({
    host: connection.host,
    port: connection.port,
    user: connection.user,
    ...(connection.password === null ? {} : { password: connection.password }),
    database: connection.database,
    ssl: connection.sslMode === 'disable' ? false : { rejectUnauthorized: connection.sslMode === 'require' },
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    // The server stops the statement at the limit. (Not pg's own query_timeout: with it, a failing streamed query
    // reports its error nowhere, and the caller waits forever.)
    statement_timeout: limits.timeoutMs,
    application_name: 'pulse-wbr',
    types: TEXT_TYPES,
  });
  // A connection that drops while idle must not crash the process; the query's own error reports it.
  client.on('error', () => undefined);
  const where = `query "${source.name}" on connection "${source.connection}" (${connection.host}:${connection.port}/${connection.database})`;
  try {
    await client.connect();
  } catch (error) {
    throw new AppError('upstream_failed', `Cannot connect for ${where}: ${(error as Error).message}.`, locationOf(source));
  }
  try {
    await client.query('BEGIN READ ONLY');
    const columns: string[] = [];
    let booleans: boolean[] = [];
    let hasBooleans = false;
    const rows: Array<Array<string | null>> = [];
    let bytes = 0;
    await new Promise<void>((resolve, reject) => {
      // A server that stops answering is not stopped by its own statement_timeout.
      const guard = setTimeout(() => reject(new Error(`timeout: no answer after ${limits.timeoutMs} ms`)), limits.timeoutMs + ANSWER_GRACE_MS);
      // The extended protocol runs exactly one statement: `COMMIT; DELETE ...` cannot leave the read-only
      // transaction. Rows as arrays: a query may name two columns alike, and rows as objects would keep one.
      const query = new pg.Query({ text: source.sql, rowMode: 'array', queryMode: 'extended' } as pg.QueryConfig);
      query.on('row', (row: Array<string | null>, result?: pg.ResultBuilder) => {
        if (columns.length === 0 && result !== undefined && result.fields.length > 0) {
          for (const field of result.fields) columns.push(field.name);
          booleans = result.fields.map((field) => field.dataTypeID === BOOLEAN_TYPE_ID);
          hasBooleans = booleans.includes(true);
        }
        for (const value of row) bytes += (value?.length ?? 0) + 1;
        // Past the limit the rows are only counted (the query runs to its end or its time limit), never kept.
        if (bytes > limits.maxBytes) return;
        rows.push(hasBooleans ? row.map((value, index) => (booleans[index] === true && value !== null ? (value === 't' ? '1' : '0') : value)) : row);
      });
      query.on('end', (result: pg.ResultBuilder) => {
        clearTimeout(guard);
        if (columns.length === 0) for (const field of result.fields) columns.push(field.name);
        resolve();
      });
      query.on('error', (error: Error) => {
        clearTimeout(guard);
        reject(error);
      });
      void client.query(query);
    });
    if (bytes > limits.maxBytes) {
      throw new AppError('payload_too_large', `The ${where} returned more than ${sizeText(limits.maxBytes)} of data; aggregate it by day in the query.`, locationOf(source));
    }
    return { columns, rows };
  } catch (error) {
    if (error instanceof AppError) throw error;
    const message = (error as Error).message;
    // A timeout is the database's or the connection's failure to answer in time; anything else is the query's own error.
    if (/timeout|canceling statement/i.test(message)) {
      throw new AppError('upstream_failed', `The ${where} did not finish within ${durationText(limits.timeoutMs)}: ${message}.`, locationOf(source));
    }
    throw new AppError('invalid_config', `The ${where} failed: ${message}.`, locationOf(source));
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function csvSourceTable(source: Extract<WbrDataSource, { kind: 'csv' }>, access: DataSourceAccess): Promise<SourceTable> {
  if (access.readCsvFile === undefined) {
    throw new AppError('invalid_config', `data_sources.csv_files "${source.name}" names a file; in the app the data comes from queries or an upload, not from files on the server.`, locationOf(source));
  }
  const bytes = await access.readCsvFile(source.path);
  const scanner = new CsvScanner({ fileName: source.path, selectColumns: (header) => ({ numeric: [], text: header.filter((name) => name !== 'Date') }) });
  scanner.push(bytes);
  return sourceTableFromCsv(source.name, scanner.end());
}

/** What a Pulse server lets decks query: the connections file its operator set (PULSE_WBR_CONNECTIONS), read at start. */
export interface WbrSourceSettings {
  connections: ReadonlyMap<string, WbrConnection>;
  /** The file's name, for messages. */
  origin: string;
  limits: DataSourceLimits;
}

/**
 * Reads the server's connections file at start: a broken file stops the start with its line, rather than every
 * refresh failing later. Null when none is set: then decks take uploads only.
 */
export function loadWbrSourceSettings(connectionsFile: string | null, limits: DataSourceLimits): WbrSourceSettings | null {
  if (connectionsFile === null) return null;
  let text: string;
  try {
    text = readFileSync(connectionsFile, 'utf8');
  } catch (error) {
    throw new AppError('validation_failed', `PULSE_WBR_CONNECTIONS: cannot read ${connectionsFile}: ${(error as Error).message}.`, { field: 'PULSE_WBR_CONNECTIONS', file: connectionsFile });
  }
  return { connections: parseWbrConnections(text, connectionsFile), origin: `the server's connections file (${connectionsFile})`, limits };
}

/** Runs every source of the config, in order, and returns the merged data file's text. */
export async function loadDataSources(config: WbrConfig, access: DataSourceAccess): Promise<string> {
  if (config.dataSources.length === 0) {
    throw new AppError('invalid_config', 'The config has no data_sources to read the data from.', { file: config.fileName, field: 'data_sources', line: 1 });
  }
  // Every connection is looked up before the first query runs: a typo in the last source is reported at once.
  const connections = config.dataSources.map((source) => (source.kind === 'query' ? connectionFor(source, access) : null));
  const tables: SourceTable[] = [];
  for (const [index, source] of config.dataSources.entries()) {
    const connection = connections[index];
    if (source.kind === 'csv') tables.push(await csvSourceTable(source, access));
    else tables.push(sourceTableFromQuery(source, await runQuery(source, connection as WbrConnection, access.limits)));
  }
  const csv = mergeSourcesToCsv(tables);
  if (Buffer.byteLength(csv) > access.limits.maxBytes) {
    throw new AppError('payload_too_large', `The data_sources together return more than ${sizeText(access.limits.maxBytes)} of data; aggregate them by day in the queries.`, { file: config.fileName, field: 'data_sources' });
  }
  return csv;
}
