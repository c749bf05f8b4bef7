import { readFileSync, statSync } from 'node:fs';
import { Socket } from 'node:net';
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
 * Each query runs on its own connection as one statement in a READ ONLY transaction, so it cannot change the
 * database; a login that could do harm through reads (a superuser, or a member of the server-file and
 * server-program roles: `COPY ... TO PROGRAM`, `pg_read_file`) is refused before any query runs. Everything is
 * bounded: one timer covers connecting, the session settings and the query, and destroys the connection when it
 * fires; the bytes that arrive on the socket are counted against the limit of all the queries together, and the
 * connection is destroyed as soon as they pass it, before a row is parsed. Every value arrives as PostgreSQL
 * prints it (in ISO dates, UTC, shortest exact floats), so that numbers reach the engine as a CSV export of the
 * same table would give them; booleans become 1 and 0, as pandas counts them.
 */

export interface DataSourceLimits {
  /** Per query: from connecting to its last row. */
  timeoutMs: number;
  /** The merged data, as CSV text, at most (the same bound as an uploaded file); also the bound on bytes received. */
  maxBytes: number;
}

export interface DataSourceAccess {
  connections: ReadonlyMap<string, WbrConnection>;
  /** Where the connections come from, for messages (a file name, or the server's setting). */
  connectionsOrigin: string;
  /** The org running the queries (the app): only connections open to it (`pulse_orgs`) may be used. Absent on the CLI. */
  orgId?: string;
  /** Reads a `csv_files` source; absent where files cannot be read (the app). */
  readCsvFile?: (path: string) => Promise<Uint8Array>;
  limits: DataSourceLimits;
}

const BOOLEAN_TYPE_ID = 16;
/** Every value as the text PostgreSQL sends (no conversion to JavaScript numbers or dates). */
const TEXT_TYPES = { getTypeParser: () => (value: string) => value };
/** How long closing a connection may take before its socket is simply closed. */
const GOODBYE_MS = 1_000;
/** What a row costs beyond its values (so that rows of no columns still count), in the byte budget. */
const ROW_OVERHEAD_BYTES = 16;
/** The session settings that make values print the same whatever the login's defaults (PostgreSQL only). */
const SESSION_SETTINGS = "SET DateStyle = 'ISO, YMD'; SET TimeZone = 'UTC'; SET extra_float_digits = 1";
/**
 * Roles whose members reach the server's files or programs through statements that only read: Pulse refuses
 * them (and superusers), as the READ ONLY transaction would not stop them.
 */
const DANGEROUS_ROLES = ['pg_execute_server_program', 'pg_read_server_files', 'pg_write_server_files'];
/** SQLSTATE classes of a database that failed, rather than a query that is wrong: connection, shutdown, cancel. */
const UPSTREAM_STATES = /^(08|57|53)/;
/** SQLSTATE of a statement the server stopped: here, at the statement_timeout Pulse sets. */
const QUERY_CANCELED = '57014';

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
  const serves = (connection: WbrConnection): boolean => access.orgId === undefined || connectionServesOrg(connection, access.orgId);
  const connection = access.connections.get(source.connection);
  if (connection === undefined || !serves(connection)) {
    // Only the connections open to this org are named: the others do not exist for it.
    const known = [...access.connections.values()].filter(serves).map((c) => c.name);
    throw new AppError('invalid_config', `Query "${source.name}" uses the connection "${source.connection}", which ${access.connectionsOrigin} does not define${access.orgId === undefined ? '' : ' for this org'}${known.length > 0 ? ` (it defines: ${known.join(', ')})` : ''}.`, locationOf(source));
  }
  return connection;
}

/** The bytes every query of one load may still receive. */
interface ByteBudget {
  remaining: number;
}

/** Why a connection was cut by Pulse (the socket's own error says only that it closed). */
type Cut = 'timeout' | 'too_large';

async function runQuery(source: Extract<WbrDataSource, { kind: 'query' }>, connection: WbrConnection, limits: DataSourceLimits, budget: ByteBudget): Promise<QueryResult> {
  const where = `query "${source.name}" on connection "${source.connection}"`;
  let cut: Cut | null = null;
  let socket: Socket | undefined;
  const cutConnection = (reason: Cut): void => {
    cut ??= reason;
    socket?.destroy(new Error(reason));
  };
  const client = new pg.Client({
    host: connection.host,
    port: connection.port,
    user: connection.user,
    ...(connection.password === null ? {} : { password: connection.password }),
    database: connection.database,
    ssl: connection.sslMode === 'disable' ? false : { rejectUnauthorized: connection.sslMode === 'require' },
    // The server stops the statement at the limit; the timer below also stops a server that stops answering.
    statement_timeout: limits.timeoutMs,
    application_name: 'pulse-wbr',
    types: TEXT_TYPES,
    // Pulse's own socket, so that every byte received is counted before the protocol parser holds it.
    stream: () => {
      socket = new Socket();
      socket.on('data', (chunk: Buffer) => {
        budget.remaining -= chunk.length;
        if (budget.remaining < 0) cutConnection('too_large');
      });
      return socket;
    },
  });
  // Errors of a cut connection come back through the query; this only keeps a late socket error from crashing the process.
  client.on('error', () => undefined);
  const timer = setTimeout(() => cutConnection('timeout'), limits.timeoutMs);
  const refused = (error: unknown): AppError => {
    if (error instanceof AppError) return error;
    if (cut === 'too_large') return new AppError('payload_too_large', `The ${where} returned more than ${sizeText(limits.maxBytes)} of data; aggregate it by day in the query.`, locationOf(source));
    const { code, message } = error as { code?: unknown; message?: string };
    // The server's statement_timeout (57014, query_canceled) and Pulse's timer are the same limit; which one is seen
    // first depends on how busy the event loop is, so both are said the same way.
    if (cut === 'timeout' || code === QUERY_CANCELED) return new AppError('upstream_failed', `The ${where} did not finish within ${durationText(limits.timeoutMs)}.`, locationOf(source));
    // A database that failed or stopped the statement is not the query's fault; the query's own errors are.
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && !UPSTREAM_STATES.test(code)) {
      return new AppError('invalid_config', `The ${where} failed: ${message ?? code}.`, locationOf(source));
    }
    return new AppError('upstream_failed', `The ${where} could not run: ${message ?? String(error)}.`, locationOf(source));
  };
  try {
    await client.connect();
    await refuseDangerousLogin(client, connection, where, source);
    if (connection.type === 'postgres') await client.query(SESSION_SETTINGS);
    await client.query('BEGIN READ ONLY');
    const columns: string[] = [];
    let booleans: boolean[] = [];
    let hasBooleans = false;
    const rows: Array<Array<string | null>> = [];
    let bytes = 0;
    await new Promise<void>((resolve, reject) => {
      // The extended protocol runs exactly one statement: `COMMIT; DELETE ...` cannot leave the read-only
      // transaction. Rows as arrays: a query may name two columns alike, and rows as objects would keep one.
      const query = new pg.Query({ text: source.sql, rowMode: 'array', queryMode: 'extended' } as pg.QueryConfig);
      query.on('row', (row: Array<string | null>, result?: pg.ResultBuilder) => {
        if (columns.length === 0 && result !== undefined && result.fields.length > 0) {
          for (const field of result.fields) columns.push(field.name);
          booleans = result.fields.map((field) => field.dataTypeID === BOOLEAN_TYPE_ID);
          hasBooleans = booleans.includes(true);
        }
        bytes += ROW_OVERHEAD_BYTES;
        for (const value of row) bytes += (value?.length ?? 0) + 1;
        if (bytes > limits.maxBytes) {
          cutConnection('too_large');
          return;
        }
        rows.push(hasBooleans ? row.map((value, index) => (booleans[index] === true && value !== null ? (value === 't' ? '1' : '0') : value)) : row);
      });
      query.on('end', (result: pg.ResultBuilder) => {
        if (columns.length === 0) for (const field of result.fields) columns.push(field.name);
        resolve();
      });
      query.on('error', reject);
      void client.query(query);
    });
    if (cut !== null) throw new Error(cut);
    return { columns, rows };
  } catch (error) {
    throw refused(error);
  } finally {
    clearTimeout(timer);
    // A polite goodbye, but never a wait on a database that has stopped answering.
    if (cut === null) await Promise.race([client.end().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, GOODBYE_MS).unref())]);
    socket?.destroy();
  }
}

/**
 * Refuses a login that could reach the server's files or programs through a read: a superuser, or a member of
 * the server-file or server-program roles (PostgreSQL 11 and later; Redshift: its superusers).
 */
async function refuseDangerousLogin(client: pg.Client, connection: WbrConnection, where: string, source: Extract<WbrDataSource, { kind: 'query' }>): Promise<void> {
  const check = connection.type === 'redshift'
    ? 'SELECT usesuper AS dangerous FROM pg_user WHERE usename = current_user'
    : `SELECT rolsuper OR ${DANGEROUS_ROLES.map((role) => `coalesce(pg_has_role(current_user, (SELECT oid FROM pg_roles WHERE rolname = '${role}'), 'MEMBER'), false)`).join(' OR ')} AS dangerous FROM pg_roles WHERE rolname = current_user`;
  const result = await client.query<{ dangerous: string | boolean }>(check);
  const dangerous = result.rows[0]?.dangerous;
  if (dangerous === true || dangerous === 't') {
    throw new AppError('invalid_config', `The ${where} would log in as "${connection.user}", a superuser or a member of ${DANGEROUS_ROLES.join(', ')}: such a login reaches the server's files and programs through reads. Give the connection a login that can only read the tables decks need.`, locationOf(source));
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

/** What a Pulse server lets decks query: the connections file its operator set (PULSE_WBR_CONNECTIONS). */
export interface WbrSourceSettings {
  /** The connections as they are now (the server's file is read again when it has changed). */
  connections(): ReadonlyMap<string, WbrConnection>;
  /** The file's name, for messages. */
  origin: string;
  limits: DataSourceLimits;
}

function readConnectionsFile(connectionsFile: string): ReadonlyMap<string, WbrConnection> {
  let text: string;
  try {
    text = readFileSync(connectionsFile, 'utf8');
  } catch (error) {
    throw new AppError('validation_failed', `PULSE_WBR_CONNECTIONS: cannot read ${connectionsFile}: ${(error as Error).message}.`, { field: 'PULSE_WBR_CONNECTIONS', file: connectionsFile });
  }
  return parseWbrConnections(text, connectionsFile);
}

/** What identifies a version of the file without reading it: a save changes its modification time or its size. */
function fileVersion(path: string): string | null {
  try {
    const stats = statSync(path);
    return `${stats.mtimeMs}:${stats.size}`;
  } catch {
    return null;
  }
}

/**
 * Reads the server's connections file at start: a broken file stops the start with its line, rather than every
 * refresh failing later. Null when none is set: then decks take uploads only. Afterwards each refresh looks at the
 * file's modification time and reads it again when it has changed, so the operator adds a database without a
 * restart. A broken or missing file then keeps the last good connections (one refresh failing for every org over
 * a typo would be worse) and is logged once per change, with its line.
 */
export function loadWbrSourceSettings(connectionsFile: string | null, limits: DataSourceLimits, log: (message: string) => void): WbrSourceSettings | null {
  if (connectionsFile === null) return null;
  let version = fileVersion(connectionsFile);
  let connections = readConnectionsFile(connectionsFile);
  return {
    connections() {
      const now = fileVersion(connectionsFile);
      if (now === version) return connections;
      version = now;
      try {
        connections = readConnectionsFile(connectionsFile);
        log(`wbr: read the connections file ${connectionsFile} again (${connections.size} connection${connections.size === 1 ? '' : 's'}).`);
      } catch (error) {
        const where = error instanceof AppError && error.location !== undefined ? `${error.location}: ` : '';
        log(`wbr: the connections file changed but cannot be used, so the last good one stays in use: ${where}${(error as Error).message}`);
      }
      return connections;
    },
    origin: `the server's connections file (${connectionsFile})`,
    limits,
  };
}

/** Runs every source of the config, in order, and returns the merged data file's text. */
export async function loadDataSources(config: WbrConfig, access: DataSourceAccess): Promise<string> {
  if (config.dataSources.length === 0) {
    throw new AppError('invalid_config', 'The config has no data_sources to read the data from.', { file: config.fileName, field: 'data_sources', line: 1 });
  }
  // Every connection is looked up before the first query runs: a typo in the last source is reported at once.
  const connections = config.dataSources.map((source) => (source.kind === 'query' ? connectionFor(source, access) : null));
  const tables: SourceTable[] = [];
  // One budget for all the queries: the wire carries a bit more than the CSV the rows become, hence the doubling.
  const budget: ByteBudget = { remaining: 2 * access.limits.maxBytes };
  for (const [index, source] of config.dataSources.entries()) {
    const connection = connections[index];
    if (source.kind === 'csv') tables.push(await csvSourceTable(source, access));
    else tables.push(sourceTableFromQuery(source, await runQuery(source, connection as WbrConnection, access.limits, budget)));
  }
  const csv = mergeSourcesToCsv(tables);
  if (Buffer.byteLength(csv) > access.limits.maxBytes) {
    throw new AppError('payload_too_large', `The data_sources together return more than ${sizeText(access.limits.maxBytes)} of data; aggregate them by day in the queries.`, { file: config.fileName, field: 'data_sources' });
  }
  return csv;
}
