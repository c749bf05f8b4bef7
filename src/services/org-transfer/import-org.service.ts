import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { isOrgSlug, normaliseEmail } from '../../domain/accounts/account-rules.js';
import { AppError } from '../../domain/errors.js';
import { checkExportKeys, checkExportReferences, checkExportSchema, movesWithOrg, tableFillOrder, type ExportRow, type OrgExport } from '../../domain/org-transfer/org-export.js';
import { activePrinciples } from '../../domain/reviews/review-rules.js';
import { publishChange } from '../../storage/change-feed.js';
import { listAppliedMigrations, type Db } from '../../storage/database.js';
import { isUniqueViolation } from '../../storage/pg-errors.js';
import { recordAuditEvent } from '../audit/audit.service.js';
import { readOrgSchema, userColumns, type OrgSchema } from './org-schema.js';

export interface ImportOrgOptions {
  /** The export file's name, for messages. */
  file: string;
  /** A slug for the org in this database, instead of the exported one (when that one is taken). */
  slug?: string | undefined;
  /** A name for the org in this database, instead of the exported one. */
  name?: string | undefined;
  /**
   * Give people who already have an account here (same email) the org's memberships and records. Off by default:
   * the file's author decides which emails it lists, so the operator says yes to linking them, having seen them.
   */
  linkExistingAccounts?: boolean | undefined;
}

export interface ImportOrgSummary {
  org: { id: string; name: string; slug: string };
  users: { created: number; matched: number; matchedEmails: string[] };
  /** Rows that stay behind (API tokens, pending invitations, the outbox), per table. */
  leftBehind: Record<string, number>;
  /** Rows written per org table (tables without rows left out). */
  rows: Record<string, number>;
}

/** Rows per INSERT, and the most JSON text one INSERT carries (a deck's data can be megabytes on its own). */
const BATCH_ROWS = 500;
const BATCH_CHARS = 4 * 1024 * 1024;

/**
 * Writes an exported org into this database, all or nothing (one transaction). Ids are kept, so links inside the
 * org (and the ids in its audit log and snapshots) stay true; an org is therefore imported once per database.
 * Users are matched by email: a person who already has an account here keeps it (and its password), and the org's
 * rows are pointed at it; anyone else gets their account with the exported password hash, so they sign in as before.
 */
export async function importOrg(db: Db, exported: OrgExport, options: ImportOrgOptions): Promise<ImportOrgSummary> {
  const { file } = options;
  const slug = options.slug ?? exported.org.slug;
  const name = options.name ?? exported.org.name;
  if (!isOrgSlug(slug)) throw new AppError('validation_failed', `The slug "${slug}" is not a slug: use lowercase letters, digits and dashes (like acme-robotics).`, { field: '--slug' });
  if (name.trim() === '') throw new AppError('validation_failed', 'The org needs a name.', { field: '--name' });

  return db.transaction().execute(async (trx) => {
    checkExportSchema(exported.migrations, await listAppliedMigrations(trx), file);
    const schema = await readOrgSchema(trx);
    checkColumns(schema, exported, file);
    checkExportKeys(exported, schema.primaryKeys, file);
    checkExportReferences(exported, schema.references, file);

    const orgId = exported.org.id;
    const existing = await trx.selectFrom('orgs').select(['name', 'slug']).where('id', '=', orgId).executeTakeFirst();
    if (existing) {
      throw new AppError('conflict', `This database already has this org (${existing.name}, slug ${existing.slug}, id ${orgId}): an org is imported once per database, with its ids.`, { file, field: 'org.id' });
    }
    const slugOwner = await trx.selectFrom('orgs').select('name').where('slug', '=', slug).executeTakeFirst();
    if (slugOwner) {
      throw new AppError('conflict', `The slug "${slug}" belongs to the org ${slugOwner.name} in this database: choose another with --slug.`, { field: '--slug' });
    }
    await insertRows(trx, 'orgs', [{ ...exported.org, slug, name }], file, () => 'org');

    const users = await matchUsers(trx, exported, file, options.linkExistingAccounts === true);
    const rows: Record<string, number> = {};
    const leftBehind: Record<string, number> = {};
    const moving = new Map<string, Array<{ row: ExportRow; index: number }>>();
    for (const [table, tableRows] of Object.entries(exported.tables)) {
      const kept = tableRows.map((row, index) => ({ row, index })).filter(({ row }) => movesWithOrg(table, row));
      if (kept.length < tableRows.length) leftBehind[table] = tableRows.length - kept.length;
      if (kept.length > 0) moving.set(table, kept);
    }
    fillCyclePrinciples(moving, exported.tables.principles ?? []);
    fillAnomalyWeeksSeen(moving);
    const present = schema.orgTables.filter((table) => moving.has(table));
    const orgReferences = schema.references.filter((ref) => present.includes(ref.table) && present.includes(ref.references));
    for (const table of tableFillOrder(present, orgReferences)) {
      await importTable(trx, schema, table, moving.get(table) as Array<{ row: ExportRow; index: number }>, users.idFor, file);
    }
    for (const table of [...present].sort()) rows[table] = (moving.get(table) as unknown[]).length;

    await recordAuditEvent(trx, {
      orgId,
      actorUserId: null,
      action: 'org.imported',
      subjectType: 'org',
      subjectId: orgId,
      data: { name, exportedAt: exported.exportedAt, pulseVersion: exported.pulseVersion, usersCreated: users.created, usersMatched: users.matchedEmails.length },
    });
    // Other instances may hold what they know of these people's memberships: they hear of the new ones at commit.
    for (const membership of exported.tables.memberships ?? []) {
      await publishChange(trx, { topic: 'membership', orgId, userId: users.idFor(membership.user_id as string) });
    }
    return { org: { id: orgId, name, slug }, users: { created: users.created, matched: users.matchedEmails.length, matchedEmails: users.matchedEmails }, rows, leftBehind };
  });
}

/** Every table and column of the file exists here (a file from a newer Pulse is refused before this, by its migrations). */
function checkColumns(schema: OrgSchema, exported: OrgExport, file: string): void {
  const check = (table: string, row: ExportRow, field: string): void => {
    const known = schema.columns.get(table) as Set<string>;
    const unknown = Object.keys(row).find((column) => !known.has(column));
    if (unknown !== undefined) throw new AppError('invalid_data', `${field}: this Pulse's ${table} table has no column "${unknown}".`, { file, field: `${field}.${unknown}` });
  };
  check('orgs', exported.org, 'org');
  exported.users.forEach((user, index) => check('users', user, `users[${index}]`));
  for (const [table, tableRows] of Object.entries(exported.tables)) {
    if (!schema.orgTables.includes(table)) {
      throw new AppError('invalid_data', `tables.${table}: this Pulse has no org table "${table}".`, { file, field: `tables.${table}` });
    }
    tableRows.forEach((row, index) => check(table, row, `tables.${table}[${index}]`));
  }
}

interface UserMatch {
  created: number;
  /** The emails of the people who already had an account here (the account they keep). */
  matchedEmails: string[];
  /**
   * The id in this database of a user the file lists. User columns name only those (checkExportReferences); a
   * mention in text (an audit entry's subject or details) may name someone else, who keeps the id as written.
   */
  idFor(exportedId: string): string;
}

async function matchUsers(trx: Db, exported: OrgExport, file: string, linkExistingAccounts: boolean): Promise<UserMatch> {
  const ids = new Map<string, string>();
  const toCreate: ExportRow[] = [];
  const fileIndex: number[] = [];
  const matchedEmails: string[] = [];
  for (const [index, user] of exported.users.entries()) {
    const email = normaliseEmail(user.email);
    const byEmail = await trx.selectFrom('users').select('id').where((eb) => eb(eb.fn('lower', ['email']), '=', email)).executeTakeFirst();
    if (byEmail) {
      ids.set(user.id, byEmail.id);
      matchedEmails.push(email);
      continue;
    }
    // Another person here with the same id (vanishingly rare with random UUIDs) keeps it; this one gets a new one.
    const byId = await trx.selectFrom('users').select('id').where('id', '=', user.id).executeTakeFirst();
    const id = byId ? randomUUID() : user.id;
    ids.set(user.id, id);
    toCreate.push({ ...user, id, email });
    fileIndex.push(index);
  }
  if (matchedEmails.length > 0 && !linkExistingAccounts) {
    const shown = matchedEmails.slice(0, 5).join(', ') + (matchedEmails.length > 5 ? ` and ${matchedEmails.length - 5} more` : '');
    throw new AppError('conflict', `${matchedEmails.length === 1 ? 'One person of the org already has an account' : `${matchedEmails.length} people of the org already have accounts`} in this database: ${shown}. If they are the same people, import with --link-accounts: their accounts get the org's memberships and records, and keep their passwords here.`, {
      file, field: '--link-accounts', data: { emails: matchedEmails },
    });
  }
  await insertRows(trx, 'users', toCreate, file, (index) => `users[${fileIndex[index] as number}]`);
  return { created: toCreate.length, matchedEmails, idFor: (exportedId) => ids.get(exportedId) ?? exportedId };
}

/**
 * A file from before reviews recorded the role and level they were written for (migration 21-05) gives each such
 * review the person's role and level, as that migration did for the reviews it found: people are imported first.
 */
async function fillReviewRoleLevel(trx: Db, reviews: ExportRow[]): Promise<void> {
  const missing = reviews.filter((review) => review.role === undefined || review.level === undefined);
  if (missing.length === 0) return;
  const people = await trx.selectFrom('people').select(['id', 'role', 'level']).where('id', 'in', missing.map((review) => String(review.person_id))).execute();
  const byId = new Map(people.map((person) => [person.id, person]));
  for (const review of missing) {
    const person = byId.get(String(review.person_id));
    review.role ??= person?.role;
    review.level ??= person?.level;
  }
}

/**
 * A file from before closed review cycles recorded the principles they were closed with (migration 23-30) gives
 * each closed cycle the org's active principles as the file has them, as that migration did for the cycles it found.
 * Read from the file's own rows, so it does not depend on the order tables are filled in.
 */
function fillCyclePrinciples(moving: Map<string, Array<{ row: ExportRow; index: number }>>, principles: readonly ExportRow[]): void {
  const cycles = moving.get('review_cycles');
  if (cycles === undefined || !cycles.some(({ row }) => row.status === 'closed' && row.principles === undefined)) return;
  // A row that is not a principle is refused when principles are written, naming it; here it simply counts for nothing.
  const standings = principles
    .filter((row) => typeof row.id === 'string' && typeof row.current_version === 'number' && typeof row.position === 'number')
    .map((row) => ({ id: row.id as string, status: String(row.status), currentVersion: row.current_version as number, position: row.position as number }));
  const atClose = activePrinciples(standings);
  moving.set('review_cycles', cycles.map(({ row, index }) => ({ row: row.status === 'closed' && row.principles === undefined ? { ...row, principles: atClose } : row, index })));
}

/**
 * A file from before anomalies kept the weeks they were seen in (migration 13-30) gives each anomaly its first and
 * last week, the weeks the file says for sure it was seen in (the migration could read the signals of every version).
 */
function fillAnomalyWeeksSeen(moving: Map<string, Array<{ row: ExportRow; index: number }>>): void {
  const anomalies = moving.get('wbr_anomalies');
  if (anomalies === undefined || !anomalies.some(({ row }) => row.weeks_seen === undefined)) return;
  moving.set('wbr_anomalies', anomalies.map(({ row, index }) => ({ row: row.weeks_seen === undefined ? { ...row, weeks_seen: [...new Set([row.first_week_ending, row.last_week_ending])] } : row, index })));
}

/**
 * One table's rows: user columns pointed at this database's accounts, sequence ids left to this database, and
 * references within the table (a person's manager) set once every row exists, so row order does not matter.
 */
async function importTable(trx: Db, schema: OrgSchema, table: string, tableRows: Array<{ row: ExportRow; index: number }>, idFor: (id: string) => string, file: string): Promise<void> {
  const userCols = userColumns(schema, table);
  const sequenceCols = [...(schema.sequenceColumns.get(table) ?? [])];
  const selfCols = schema.references.filter((ref) => ref.table === table && ref.references === table).map((ref) => ref.column);
  const later: Array<{ id: unknown; column: string; value: unknown }> = [];
  const prepared = tableRows.map(({ row }) => {
    const copy: ExportRow = { ...row };
    for (const column of userCols) if (typeof copy[column] === 'string') copy[column] = idFor(copy[column] as string);
    if (table === 'audit_events') {
      // The audit log names accounts in text: the subject of an event (no foreign key, subjects are of many kinds)
      // and ids in its details (who could read a document before and after a change).
      if (copy.subject_type === 'user' && typeof copy.subject_id === 'string') copy.subject_id = idFor(copy.subject_id);
      copy.data = withUserIds(copy.data, idFor);
    }
    for (const column of sequenceCols) delete copy[column];
    for (const column of selfCols) {
      if (copy[column] !== null && copy[column] !== undefined) later.push({ id: copy.id, column, value: copy[column] });
      copy[column] = null;
    }
    return copy;
  });
  if (table === 'reviews') await fillReviewRoleLevel(trx, prepared);
  await insertRows(trx, table, prepared, file, (index) => `tables.${table}[${(tableRows[index] as { index: number }).index}]`);
  for (const column of selfCols) {
    const links = later.filter((link) => link.column === column).map((link) => ({ id: link.id, value: link.value }));
    if (links.length === 0) continue;
    try {
      await sql`
        update ${sql.table(table)} t set ${sql.ref(column)} = link.value
        from jsonb_to_recordset(${JSON.stringify(links)}::jsonb) as link(id uuid, value uuid)
        where t.id = link.id`.execute(trx);
    } catch (error) {
      throw rowRefused(error, file, `tables.${table} (${column})`, {});
    }
  }
}

/** A JSON value with every string that is an exported user's id replaced by that user's id here. */
function withUserIds(value: unknown, idFor: (id: string) => string): unknown {
  if (typeof value === 'string') return idFor(value);
  if (Array.isArray(value)) return value.map((item) => withUserIds(item, idFor));
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, withUserIds(item, idFor)]));
  return value;
}

/**
 * Inserts rows as PostgreSQL reads them back from JSON (`jsonb_populate_recordset`), so every type comes back as
 * it was exported. Columns a row lacks take their defaults (rows are batched by their columns). When a batch fails, its rows are tried one by one to
 * name the row at fault; the transaction is then abandoned, so nothing of the import stays.
 */
async function insertRows(trx: Db, table: string, rows: ExportRow[], file: string, fieldOf: (index: number) => string): Promise<void> {
  // A batch holds rows with the same columns: in one statement, a column that some rows lack would be NULL for
  // them, not its default.
  const columnsOf = (row: ExportRow): string => Object.keys(row).sort().join(',');
  let start = 0;
  while (start < rows.length) {
    let end = start;
    let chars = 0;
    const columns = columnsOf(rows[start] as ExportRow);
    while (end < rows.length && end - start < BATCH_ROWS && (end === start || (chars < BATCH_CHARS && columnsOf(rows[end] as ExportRow) === columns))) {
      chars += JSON.stringify(rows[end]).length;
      end++;
    }
    const batch = rows.slice(start, end);
    await sql`savepoint org_import_batch`.execute(trx);
    try {
      await insertBatch(trx, table, batch);
      await sql`release savepoint org_import_batch`.execute(trx);
    } catch (error) {
      await sql`rollback to savepoint org_import_batch`.execute(trx);
      for (let index = 0; index < batch.length; index++) {
        try {
          await insertBatch(trx, table, [batch[index] as ExportRow]);
        } catch (rowError) {
          throw rowRefused(rowError, file, fieldOf(start + index), batch[index] as ExportRow);
        }
      }
      throw error; // the batch failed though every row alone would not: not a problem of the file's rows
    }
    start = end;
  }
}

async function insertBatch(trx: Db, table: string, batch: ExportRow[]): Promise<void> {
  const columns = [...new Set(batch.flatMap((row) => Object.keys(row)))];
  const refs = sql.join(columns.map((column) => sql.ref(column)));
  await sql`
    insert into ${sql.table(table)} (${refs})
    select ${refs} from jsonb_populate_recordset(null::${sql.table(table)}, ${JSON.stringify(batch)}::jsonb)`.execute(trx);
}

function rowRefused(error: unknown, file: string, field: string, row: ExportRow): AppError {
  const pgError = error as { message?: string; detail?: string; code?: string };
  if (typeof pgError.code !== 'string') return error instanceof AppError ? error : new AppError('internal', 'The import failed.', {}, { cause: error });
  const id = typeof row.id === 'string' || typeof row.id === 'number' ? ` (id ${String(row.id)})` : '';
  const detail = pgError.detail === undefined ? '' : ` ${pgError.detail}`;
  return new AppError(isUniqueViolation(error) ? 'conflict' : 'invalid_data', `${field}${id} cannot be written: ${pgError.message ?? 'refused by the database'}.${detail} Nothing was imported.`, { file, field });
}
