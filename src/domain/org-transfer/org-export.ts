import { AppError } from '../errors.js';
import { isUuid } from '../ids.js';
import { findJsonSyntaxProblem } from './json-syntax.js';

/**
 * The file `pulse orgs export` writes and `pulse orgs import` reads: one org with every row of every table that
 * belongs to it, and the users those rows name, so that an org can move between Pulse installations (the embedded
 * database to a PostgreSQL server, one server to another) or be kept as a backup. Rows are the database's own
 * (`to_jsonb` of each row, column names as in the schema), so a column added by a later migration needs no change
 * here. These are the file's rules; reading and writing the database is src/services/org-transfer.
 */

export const ORG_EXPORT_FORMAT = 'pulse-org-export';
/** Bumped only when the file's own layout changes (not when a migration adds a column: rows carry their columns). */
export const ORG_EXPORT_VERSION = 1;

export type ExportRow = Record<string, unknown>;

export interface OrgExport {
  format: typeof ORG_EXPORT_FORMAT;
  version: number;
  exportedAt: string;
  /** The version of the Pulse that wrote the file (for people; the migrations decide what can be read). */
  pulseVersion: string;
  /** The migrations applied to the exporting database, in order: the schema the rows fit. */
  migrations: string[];
  /** The org's row. */
  org: ExportRow & { id: string; name: string; slug: string };
  /** The users the org's rows name (members, authors, actors), with their password hashes. */
  users: Array<ExportRow & { id: string; email: string; name: string; password_hash: string }>;
  /** Every org table's rows (each with `org_id` = the org's id), by table name. */
  tables: Record<string, ExportRow[]>;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads and checks an export file's text; every refusal names the file and, where it can, the line or the field. */
export function parseOrgExport(text: string, file: string): OrgExport {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    const problem = findJsonSyntaxProblem(text);
    const where = problem === null ? {} : { line: problem.line, column: problem.column };
    throw new AppError('invalid_data', `The file is not valid JSON${problem === null ? '' : `: ${problem.message}`}.`, { file, ...where });
  }
  const fail = (field: string, message: string): never => {
    throw new AppError('invalid_data', `${field} ${message}`, { file, field });
  };
  if (!isObject(parsed) || parsed.format !== ORG_EXPORT_FORMAT) {
    throw new AppError('invalid_data', `The file is not a Pulse org export: it lacks "format": "${ORG_EXPORT_FORMAT}" (make one with pulse orgs export).`, { file, field: 'format' });
  }
  const version = parsed.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) fail('version', 'must be a whole number.');
  if ((version as number) > ORG_EXPORT_VERSION) {
    fail('version', `is ${String(version)}: the file is in a format written by a newer Pulse; this Pulse reads format ${ORG_EXPORT_VERSION}. Upgrade Pulse to import it.`);
  }
  const migrations = parsed.migrations;
  if (!Array.isArray(migrations) || !migrations.every((name) => typeof name === 'string')) fail('migrations', 'must be a list of migration names.');

  const org = parsed.org;
  if (!isObject(org)) return fail('org', 'must be the org\'s row (an object).');
  for (const key of ['id', 'name', 'slug'] as const) if (typeof org[key] !== 'string' || org[key] === '') fail(`org.${key}`, 'must be a non-empty string.');
  if (!isUuid(org.id as string)) fail('org.id', 'must be a UUID.');

  const users = parsed.users;
  if (!Array.isArray(users)) return fail('users', 'must be a list of users.');
  const userIds = new Set<string>();
  users.forEach((user, index) => {
    if (!isObject(user)) fail(`users[${index}]`, 'must be an object.');
    for (const key of ['id', 'email', 'name', 'password_hash'] as const) {
      if (typeof (user as ExportRow)[key] !== 'string' || (user as ExportRow)[key] === '') fail(`users[${index}].${key}`, 'must be a non-empty string.');
    }
    const id = (user as ExportRow).id as string;
    if (!isUuid(id)) fail(`users[${index}].id`, 'must be a UUID.');
    // Sign-in runs scrypt with the cost stored in the hash: a file must not set one that would exhaust the server.
    if (!isStoredPasswordHash((user as ExportRow).password_hash as string)) {
      fail(`users[${index}].password_hash`, `is not a password hash of Pulse (scrypt, cost at most 2^${MAX_IMPORTED_HASH_LOG2N}).`);
    }
    if (userIds.has(id)) fail(`users[${index}].id`, `repeats the id of an earlier user (${id}).`);
    userIds.add(id);
  });

  const tables = parsed.tables;
  if (!isObject(tables)) return fail('tables', 'must map table names to lists of rows.');
  for (const [table, rows] of Object.entries(tables)) {
    if (!Array.isArray(rows)) fail(`tables.${table}`, 'must be a list of rows.');
    (rows as unknown[]).forEach((row, index) => {
      if (!isObject(row)) fail(`tables.${table}[${index}]`, 'must be an object (one row).');
      // Every row is the org's own; checkExportReferences makes sure that its links are to the org's rows too.
      if ((row as ExportRow).org_id !== org.id) fail(`tables.${table}[${index}].org_id`, `must be the org's id (${org.id as string}), not ${JSON.stringify((row as ExportRow).org_id)}.`);
    });
  }
  return parsed as unknown as OrgExport;
}

/** The highest scrypt cost (log2 of N) an imported password hash may carry: Pulse's own is 17 (128 MiB a sign-in). */
export const MAX_IMPORTED_HASH_LOG2N = 18;
const PASSWORD_HASH = /^scrypt\$(\d+)\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/;

/** Whether `hash` is a password hash as Pulse writes them (scrypt, r=8, p=1, a 16-byte salt, a 32-byte key), at a cost it accepts. */
export function isStoredPasswordHash(hash: string): boolean {
  const match = PASSWORD_HASH.exec(hash);
  if (match === null) return false;
  const n = Number(match[1]);
  return Number.isSafeInteger(n) && n >= 2 && (n & (n - 1)) === 0 && n <= 2 ** MAX_IMPORTED_HASH_LOG2N;
}

/**
 * The links of the file's rows stay inside the file: every foreign key to an org table names a row of that table in
 * the file, and every user column a user the file lists. Checked before anything is written, this is what keeps a
 * crafted file from attaching rows to another org's documents, candidates or people, or from naming an account of
 * the importing database that it does not list (and so does not match by email, in the open).
 */
export function checkExportReferences(exported: OrgExport, references: readonly ColumnReference[], file: string): void {
  const ids = new Map<string, Set<unknown>>([['users', new Set(exported.users.map((user) => user.id))]]);
  const idsOf = (table: string): Set<unknown> => {
    let known = ids.get(table);
    if (known === undefined) {
      known = new Set((exported.tables[table] ?? []).map((row) => row.id));
      ids.set(table, known);
    }
    return known;
  };
  for (const [table, rows] of Object.entries(exported.tables)) {
    const links = references.filter((ref) => ref.table === table && ref.references !== 'orgs');
    rows.forEach((row, index) => {
      for (const link of links) {
        const value = row[link.column];
        if (value === null || value === undefined || idsOf(link.references).has(value)) continue;
        const what = link.references === 'users' ? 'a user the file does not list' : `a row of ${link.references} that is not in the file`;
        throw new AppError('invalid_data', `tables.${table}[${index}].${link.column} names ${what} (${JSON.stringify(value)}): an import links only rows and people of its own org.`, {
          file, field: `tables.${table}[${index}].${link.column}`,
        });
      }
    });
  }
}

/**
 * Every row of a table is in the file once: no two rows share their primary key. Without this a duplicated line of a
 * table whose ids the target gives anew (the audit log, votes, meeting posts) would be imported twice, unnoticed; for
 * the other tables the database refuses the copy too, but as a duplicate key, without saying which row it copies.
 */
export function checkExportKeys(exported: OrgExport, primaryKeys: ReadonlyMap<string, readonly string[]>, file: string): void {
  for (const [table, rows] of Object.entries(exported.tables)) {
    const key = primaryKeys.get(table);
    if (key === undefined || key.length === 0) continue;
    const seen = new Map<string, number>();
    rows.forEach((row, index) => {
      const value = JSON.stringify(key.map((column) => row[column] ?? null));
      const earlier = seen.get(value);
      if (earlier !== undefined) {
        throw new AppError('invalid_data', `tables.${table}[${index}] repeats tables.${table}[${earlier}] (the same ${key.join(', ')}: ${value.slice(1, -1)}): a row is in the file twice. Nothing was imported.`, {
          file, field: `tables.${table}[${index}]`,
        });
      }
      seen.set(value, index);
    });
  }
}

/**
 * The 1-based line of what a refusal names in a file laid out as formatOrgExport writes it: a row (`users[2]`,
 * `tables.people[3]`, or a field of one), one a line, or a key of the header (`migrations`, `org.id`), one a line.
 * Undefined for any other field, or a file laid out otherwise (reformatted by hand), where a line could mislead.
 */
export function lineOfExportField(text: string, field: string): number | undefined {
  const lines = text.split('\n');
  const tablesLine = lines.findIndex((line) => line.trim() === '"tables": {');
  if (tablesLine < 0) return undefined;
  const header = /^(format|version|exportedAt|pulseVersion|migrations|org)\b/.exec(field);
  if (header !== null) {
    const line = lines.findIndex((candidate, index) => index < tablesLine && candidate.startsWith(`  ${JSON.stringify(header[1])}: `));
    return line < 0 ? undefined : line + 1;
  }
  const match = /^(?:users|tables\.([a-z0-9_]+))\[(\d+)\]/.exec(field);
  if (match === null) return undefined;
  // The users' list comes before the tables; a table's list is a key of `tables`.
  const [name, from] = match[1] === undefined ? ['users', 0] : [match[1], tablesLine + 1];
  const start = lines.findIndex((line, index) => index >= from && line.trim() === `${JSON.stringify(name)}: [`);
  if (start < 0) return undefined;
  const row = start + 1 + Number(match[2]);
  for (let index = start + 1; index <= row; index++) if (!(lines[index] ?? '').trimStart().startsWith('{')) return undefined;
  return row + 1;
}

/** A refusal of the file's row or header with its line added, so the message points into the file as a JSON error does. */
export function withExportLine(error: unknown, text: string, file: string): unknown {
  if (!(error instanceof AppError) || error.details.file !== file || error.details.line !== undefined || error.details.field === undefined) return error;
  const line = lineOfExportField(text, error.details.field);
  if (line === undefined) return error;
  return new AppError(error.code, error.message, { ...error.details, line }, { ...(error.logMessage === undefined ? {} : { logMessage: error.logMessage }), cause: error.cause });
}

/**
 * Rows that stay behind in a move: API tokens and pending invitations are credentials made for the old
 * installation (scripts and invitation links name its address), and a token that a file could carry would let
 * its author act as whoever it names. New ones are made on the new installation. The outbox stays too: an email
 * still waiting carries a pending invitation's link, which the new installation would send again, and those sent
 * are the old installation's log of its mail server, not the org's data.
 */
export function movesWithOrg(table: string, row: ExportRow): boolean {
  if (table === 'api_tokens' || table === 'outbox_emails') return false;
  if (table === 'invitations') return row.accepted_at !== null && row.accepted_at !== undefined;
  return true;
}

/**
 * Whether rows written under `exported` migrations fit a database at `applied`: the export's migrations must be
 * the first of this database's (an older export fits: columns added since take their defaults).
 */
export function checkExportSchema(exported: readonly string[], applied: readonly string[], file: string): void {
  const unknown = exported.find((name) => !applied.includes(name));
  if (unknown !== undefined) {
    throw new AppError('invalid_data', `The file was written by a newer Pulse: its database has the migration ${unknown}, which this Pulse does not know. Upgrade Pulse, then import.`, { file, field: 'migrations' });
  }
  const outOfOrder = exported.findIndex((name, index) => applied[index] !== name);
  if (outOfOrder >= 0) {
    throw new AppError('invalid_data', `The file's migrations are not the first ${exported.length} of this database's (${exported[outOfOrder] as string} comes at ${outOfOrder + 1}); it cannot be imported here.`, { file, field: `migrations[${outOfOrder}]` });
  }
}

/** A foreign key of one column: `table.column` references a row of `references`. */
export interface ColumnReference {
  table: string;
  column: string;
  references: string;
}

/**
 * The order in which tables can be filled: every table after the tables its rows reference. A table's references to
 * itself (a person's manager) are left to the caller, which fills those columns once all the table's rows exist.
 */
export function tableFillOrder(tables: readonly string[], references: readonly ColumnReference[]): string[] {
  const pending = new Set(tables);
  const order: string[] = [];
  while (pending.size > 0) {
    const ready = [...pending].filter((table) => !references.some((ref) => ref.table === table && ref.references !== table && pending.has(ref.references)));
    if (ready.length === 0) {
      throw new AppError('internal', `The org tables reference each other in a cycle (${[...pending].sort().join(', ')}); an import cannot order them.`);
    }
    for (const table of ready.sort()) {
      order.push(table);
      pending.delete(table);
    }
  }
  return order;
}

/**
 * The file's text, piece by piece (an org's audit log and decks can be large): JSON with one row per line, so a
 * row can be found, read and compared with `grep` and `diff`, and a parse error's line points into one row.
 */
export function* formatOrgExport(exported: OrgExport): Generator<string> {
  const { tables, users, ...header } = exported;
  function* rowList(rows: readonly ExportRow[], indent: string): Generator<string> {
    if (rows.length === 0) {
      yield '[]';
      return;
    }
    for (const [index, row] of rows.entries()) yield `${index === 0 ? '[\n' : ',\n'}${indent}${JSON.stringify(row)}`;
    yield `\n${indent.slice(2)}]`;
  }
  yield '{\n';
  for (const [key, value] of Object.entries(header)) yield `  ${JSON.stringify(key)}: ${JSON.stringify(value)},\n`;
  yield '  "users": ';
  yield* rowList(users, '    ');
  yield ',\n  "tables": {';
  const names = Object.keys(tables);
  for (const [index, table] of names.entries()) {
    yield `${index === 0 ? '\n' : ',\n'}    ${JSON.stringify(table)}: `;
    yield* rowList(tables[table] as ExportRow[], '      ');
  }
  yield names.length === 0 ? '}\n}\n' : '\n  }\n}\n';
}
