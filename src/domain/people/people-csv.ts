import { neutraliseTextCell, toCsv, withoutFormulaGuard } from '../csv-text.js';
import { formatDay } from '../dates.js';
import { AppError } from '../errors.js';
import { nameKey, normalizeName } from '../names.js';
import { findReportingLoop } from './org-graph.js';
import { PEOPLE_LIMITS } from './people-rules.js';

/**
 * CSV import of people and reporting lines. One attempt finds every problem it can, each by line and field: the rows
 * that cannot be read, then the rest checked against the org (managers, leavers, cycles, archived teams, the
 * importer's own level). Any problem refuses the whole file: nothing is half-imported.
 */
export const PEOPLE_CSV_COLUMNS = ['name', 'email', 'role', 'level', 'manager_email', 'dotted_line_manager_email', 'team', 'team_percent'] as const;
const REQUIRED_COLUMNS = ['name', 'email', 'role', 'level'] as const;

export interface PeopleCsvRow {
  line: number;
  name: string;
  email: string;
  role: string;
  level: number;
  managerEmail: string | null;
  dottedLineManagerEmail: string | null;
  team: string | null;
  teamPercent: number | null;
}

export interface CsvRowError {
  line: number;
  field: string;
  message: string;
}

/** Splits CSV text into records with the line each starts on (RFC 4180 quoting; quoted fields may span lines). */
export function parseCsvRecords(text: string): { line: number; fields: string[] }[] {
  const records: { line: number; fields: string[] }[] = [];
  let fields: string[] = [];
  let field = '';
  let isQuoted = false;
  let line = 1;
  let recordLine = 1;
  let hasContent = false;
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  for (let index = 0; index < source.length; index++) {
    const char = source[index]!;
    if (isQuoted) {
      if (char === '"') {
        if (source[index + 1] === '"') {
          field += '"';
          index++;
        } else isQuoted = false;
      } else {
        if (char === '\n') line++;
        field += char;
      }
      continue;
    }
    if (char === '"') {
      isQuoted = true;
      hasContent = true;
    } else if (char === ',') {
      fields.push(field);
      field = '';
      hasContent = true;
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && source[index + 1] === '\n') index++;
      if (hasContent || field.length > 0) records.push({ line: recordLine, fields: [...fields, field] });
      fields = [];
      field = '';
      hasContent = false;
      line++;
      recordLine = line;
    } else {
      field += char;
      hasContent = true;
    }
  }
  if (isQuoted) throw new AppError('invalid_data', `Line ${recordLine}: a quoted field is never closed.`, { line: recordLine });
  if (hasContent || field.length > 0) records.push({ line: recordLine, fields: [...fields, field] });
  return records;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** What reading a file gives: its good rows, the problems of the rest, and who the rest name. */
export interface PeopleCsvReading {
  /** The rows without a problem, which the checks against the org go on to. */
  rows: PeopleCsvRow[];
  /** Every problem of the rows that could not be read, by line. */
  problems: CsvRowError[];
  /**
   * The valid emails on rows that could not be read: those people are in the file, so a manager line to them is no
   * "unknown manager" on top of the problem their own row already has.
   */
  unreadEmails: Set<string>;
}

/** Parses and checks every row; throws one `invalid_data` error listing every bad row by line. */
export function parsePeopleCsv(text: string, file: string): PeopleCsvRow[] {
  const reading = readPeopleCsv(text, file);
  if (reading.problems.length > 0) throw importError(file, reading.problems);
  return reading.rows;
}

/**
 * Reads every row and collects the problems of each by line, without stopping at the first bad row, so the rows that
 * could be read can still be checked against the org in the same attempt. Only a file that cannot be read as a whole
 * (empty, a wrong header, too many rows, a quote never closed) is refused at once.
 */
export function readPeopleCsv(text: string, file: string): PeopleCsvReading {
  const records = parseCsvRecords(text);
  const header = records[0];
  if (!header) throw new AppError('invalid_data', `${file} is empty: it needs a header line (${PEOPLE_CSV_COLUMNS.join(',')}).`, { file, line: 1 });
  const columns = header.fields.map((name) => name.trim().toLowerCase());
  const missing = REQUIRED_COLUMNS.filter((name) => !columns.includes(name));
  // A spreadsheet saved in a locale whose decimal mark is a comma separates columns with semicolons (or tabs): the
  // whole header is then one column, and "lacks name" would puzzle someone looking at a name column.
  const separator = header.fields.length === 1 ? [';', '\t'].find((candidate) => (header.fields[0] ?? '').includes(candidate)) : undefined;
  if (missing.length > 0 && separator !== undefined) {
    throw new AppError('invalid_data', `${file}:1: the columns are separated by ${separator === ';' ? 'semicolons' : 'tabs'}; Pulse reads commas. Save the file as "CSV (comma delimited)" and import it again.`, { file, line: 1, field: missing[0] });
  }
  if (missing.length > 0) throw new AppError('invalid_data', `${file}:1: the header lacks the column(s) ${missing.join(', ')}.`, { file, line: 1, field: missing[0] });
  const unknown = columns.filter((name) => !(PEOPLE_CSV_COLUMNS as readonly string[]).includes(name));
  if (unknown.length > 0) throw new AppError('invalid_data', `${file}:1: unknown column "${unknown[0]}"; the columns are ${PEOPLE_CSV_COLUMNS.join(', ')}.`, { file, line: 1, field: unknown[0] });
  if (records.length - 1 > PEOPLE_LIMITS.maxImportRows) {
    throw new AppError('invalid_data', `${file} has ${records.length - 1} rows; one import takes at most ${PEOPLE_LIMITS.maxImportRows}.`, { file });
  }

  const errors: CsvRowError[] = [];
  const rows: PeopleCsvRow[] = [];
  const unreadEmails = new Set<string>();
  const firstLineOfEmail = new Map<string, number>();
  for (const record of records.slice(1)) {
    const value = (name: string) => {
      const index = columns.indexOf(name);
      const raw = index < 0 ? '' : (record.fields[index] ?? '').trim();
      return raw.length === 0 ? null : raw;
    };
    // A text cell the export guarded against spreadsheet formulas reads back as the text it was (csv-text.ts).
    const text = (name: string) => {
      const raw = value(name);
      return raw === null ? null : withoutFormulaGuard(raw);
    };
    const problemsBefore = errors.length;
    const fail = (field: string, message: string) => errors.push({ line: record.line, field, message });
    if (record.fields.length !== columns.length) fail('row', `has ${record.fields.length} fields; the header has ${columns.length}`);
    const name = text('name');
    const email = text('email')?.toLowerCase() ?? null;
    const role = text('role');
    const levelText = value('level');
    if (name === null) fail('name', 'is empty');
    else if (name.length > PEOPLE_LIMITS.nameMaxLength) fail('name', `is longer than ${PEOPLE_LIMITS.nameMaxLength} characters`);
    if (email === null) fail('email', 'is empty');
    else if (!EMAIL.test(email)) fail('email', `"${email}" is not an email address`);
    else if (firstLineOfEmail.has(email)) fail('email', `"${email}" is already on line ${firstLineOfEmail.get(email)}`);
    else firstLineOfEmail.set(email, record.line);
    if (role === null) fail('role', 'is empty');
    else if (role.length > PEOPLE_LIMITS.roleMaxLength) fail('role', `is longer than ${PEOPLE_LIMITS.roleMaxLength} characters`);
    const level = levelText === null ? NaN : Number(levelText);
    if (!Number.isInteger(level) || level < PEOPLE_LIMITS.minLevel || level > PEOPLE_LIMITS.maxLevel) fail('level', `must be a whole number from ${PEOPLE_LIMITS.minLevel} to ${PEOPLE_LIMITS.maxLevel}`);
    const managerEmail = text('manager_email')?.toLowerCase() ?? null;
    const dottedLineManagerEmail = text('dotted_line_manager_email')?.toLowerCase() ?? null;
    if (managerEmail !== null && managerEmail === email) fail('manager_email', 'is the person themself');
    if (dottedLineManagerEmail !== null && dottedLineManagerEmail === email) fail('dotted_line_manager_email', 'is the person themself');
    // A team is named as the API names it (names.ts normalizeName), so a soft hyphen in a cell neither becomes part
    // of a new team's name nor makes a second team that looks like one the org has.
    const teamText = text('team');
    const team = teamText === null ? null : normalizeName(teamText);
    if (team === '') fail('team', 'has nothing visible in it');
    else if (team !== null && team.length > PEOPLE_LIMITS.nameMaxLength) fail('team', `is longer than ${PEOPLE_LIMITS.nameMaxLength} characters`);
    const percentText = value('team_percent');
    let teamPercent: number | null = null;
    if (team !== null) {
      teamPercent = percentText === null ? 100 : Number(percentText);
      if (!Number.isInteger(teamPercent) || teamPercent < 1 || teamPercent > 100) fail('team_percent', 'must be a whole number from 1 to 100');
    } else if (percentText !== null) fail('team_percent', 'is set but the team is empty');
    // A row with any problem goes no further (its level or team may be unreadable), but its person is in the file.
    if (errors.length > problemsBefore) {
      if (email !== null && EMAIL.test(email)) unreadEmails.add(email);
    } else if (name !== null && email !== null && role !== null) {
      rows.push({ line: record.line, name, email, role, level, managerEmail, dottedLineManagerEmail, team, teamPercent });
    }
  }
  return { rows, problems: errors, unreadEmails };
}

/** How many problems one refusal lists: enough to fix a file in one go, few enough to read; the rest are counted. */
export const IMPORT_PROBLEMS_LISTED = 100;

/** The order of the columns in a problem list: the row itself first, then the columns as the file has them. */
const FIELD_ORDER: readonly string[] = ['row', ...PEOPLE_CSV_COLUMNS];

/**
 * The one refusal of an import: every problem sorted by line (and by column within a line), the first
 * `IMPORT_PROBLEMS_LISTED` of them in `data.errors` and how many there are in all in `data.total`; the first also as
 * the error's `line` and `field`.
 */
export function importError(file: string, errors: readonly CsvRowError[]): AppError {
  const sorted = [...errors].sort((a, b) => a.line - b.line || FIELD_ORDER.indexOf(a.field) - FIELD_ORDER.indexOf(b.field));
  const first = sorted[0]!;
  const more = sorted.length > 1 ? ` (and ${sorted.length - 1} more problem${sorted.length > 2 ? 's' : ''})` : '';
  return new AppError('invalid_data', `${file}:${first.line}: ${first.field} ${first.message}${more}. Nothing was imported.`, {
    file,
    line: first.line,
    field: first.field,
    data: { errors: sorted.slice(0, IMPORT_PROBLEMS_LISTED), total: sorted.length },
  });
}

/** What the checks of an import read from the org, in a few batched reads. */
export interface PeopleImportOrgState {
  /** Everyone in the org (leavers too) with their reporting lines, by email. */
  existingLinesByEmail: ReadonlyMap<string, ExistingReportingLines>;
  /** The day each person who left the company left, by email. */
  leftOnByEmail: ReadonlyMap<string, string>;
  /** The importing admin's own person (the one linked to their login), if any. */
  own: { email: string; level: number } | null;
  /** The org's archived teams' names by names.ts nameKey, as the import matches team names. */
  archivedTeamsByKey: ReadonlyMap<string, string>;
}

/**
 * Every problem of an import in one list: the rows that could not be read, then the readable rows checked against the
 * org. Empty when the file can be imported; the caller refuses it with `importError` otherwise.
 */
export function peopleImportProblems(reading: PeopleCsvReading, org: PeopleImportOrgState): CsvRowError[] {
  return [
    ...reading.problems,
    ...ownLevelProblems(reading.rows, org.own),
    ...referenceProblems(reading.rows, org.existingLinesByEmail, org.leftOnByEmail, reading.unreadEmails),
    ...archivedTeamProblems(reading.rows, org.archivedTeamsByKey),
  ];
}

/**
 * Each row that puts someone on an archived team (it takes no people until restored), by line. `archivedByKey`
 * holds the org's archived teams by names.ts nameKey, as the import matches team names.
 */
export function archivedTeamProblems(rows: readonly PeopleCsvRow[], archivedByKey: ReadonlyMap<string, string>): CsvRowError[] {
  return rows.flatMap((row) => {
    const archived = row.team === null ? undefined : archivedByKey.get(nameKey(row.team));
    return archived === undefined ? [] : [{ line: row.line, field: 'team', message: `"${archived}" is archived and takes no people: restore it first, or name another team` }];
  });
}

/**
 * A row that changes the importing admin's own level (`own`: the person linked to their login, if any), by line: it
 * is what their reviews and promotions are judged at, so another admin changes it, as the person form refuses it too
 * (rule `people.not_self`). The rest of their row (name, role, reporting lines) goes through.
 */
export function ownLevelProblems(rows: readonly PeopleCsvRow[], own: { email: string; level: number } | null): CsvRowError[] {
  const row = own === null ? undefined : rows.find((candidate) => candidate.email === own.email);
  if (own === null || row === undefined || row.level === own.level) return [];
  return [{ line: row.line, field: 'level', message: `is your own level (${own.level} now): another admin changes it, since your reviews and promotions are judged at it; keep ${own.level} in this row` }];
}

/** The reporting lines of someone already in the org, by their managers' emails. */
export interface ExistingReportingLines {
  managerEmail: string | null;
  dottedLineManagerEmail: string | null;
}

/**
 * The rows checked against the people already in the org: nobody who left is updated or anyone's manager, every
 * manager exists (in the file, `unreadEmails` included, or the org), and the reporting lines after the import, dotted
 * ones included, have no cycle. Every cycle found is named once, at a row of the file on it.
 */
export function referenceProblems(
  rows: readonly PeopleCsvRow[],
  existingLinesByEmail: ReadonlyMap<string, ExistingReportingLines>,
  /** The day each person who left the company left, by email: they are neither updated nor anyone's manager. */
  leftOnByEmail: ReadonlyMap<string, string> = new Map(),
  /** The people on rows that could not be read: in the file, though their rows are not checked. */
  unreadEmails: ReadonlySet<string> = new Set(),
): CsvRowError[] {
  const errors: CsvRowError[] = [];
  const known = new Set([...existingLinesByEmail.keys(), ...rows.map((row) => row.email), ...unreadEmails]);
  for (const row of rows) {
    const leftOn = leftOnByEmail.get(row.email);
    if (leftOn !== undefined) errors.push({ line: row.line, field: 'email', message: `"${row.email}" left the company on ${formatDay(leftOn)}; their record is kept as it was` });
    for (const [field, email] of [['manager_email', row.managerEmail], ['dotted_line_manager_email', row.dottedLineManagerEmail]] as const) {
      if (email === null) continue;
      if (!known.has(email)) errors.push({ line: row.line, field, message: `"${email}" is neither in the file nor in the org` });
      else if (leftOnByEmail.has(email)) errors.push({ line: row.line, field, message: `"${email}" left the company on ${formatDay(leftOnByEmail.get(email)!)}` });
    }
  }
  return [...errors, ...cycleProblems(rows, existingLinesByEmail)];
}

/**
 * Every reporting cycle the rows make with the org's lines. A row replaces both of that person's lines; those not in
 * the file keep theirs. Each cycle found is named at a row of the file on it, by the column of the line that leads on
 * round it; that line is then set aside and the walk runs again, so a file with several cycles has them all named.
 */
function cycleProblems(rows: readonly PeopleCsvRow[], existingLinesByEmail: ReadonlyMap<string, ExistingReportingLines>): CsvRowError[] {
  // The file's rows go first, so the walk starts from them and a loop is told from someone in the file.
  const linesOf = new Map<string, string[]>();
  const linesFrom = (lines: ExistingReportingLines) => [lines.managerEmail, lines.dottedLineManagerEmail].filter((email): email is string => email !== null);
  for (const row of rows) linesOf.set(row.email, linesFrom(row));
  for (const [email, lines] of existingLinesByEmail) if (!linesOf.has(email)) linesOf.set(email, linesFrom(lines));
  const rowOf = new Map(rows.map((row) => [row.email, row]));
  const errors: CsvRowError[] = [];
  // Each pass sets one line aside, so the passes end; the bound keeps a file of thousands of cycles from walking the org thousands of times.
  while (errors.length < IMPORT_PROBLEMS_LISTED) {
    const cycle = findReportingLoop(linesOf);
    if (cycle === null) break;
    const index = Math.max(0, cycle.findIndex((email) => rowOf.has(email)));
    const loop = [...cycle.slice(index), ...cycle.slice(0, index)];
    const from = loop[0]!;
    const to = loop[1] ?? from;
    const row = rowOf.get(from);
    const field = row === undefined || row.managerEmail === to ? 'manager_email' : 'dotted_line_manager_email';
    errors.push({ line: row?.line ?? 1, field, message: `makes a reporting cycle: ${[...loop, from].join(' → ')}` });
    linesOf.set(from, (linesOf.get(from) ?? []).filter((email) => email !== to));
  }
  return errors;
}

/** One person as the export writes them, in the import format (a row without the line it would be read from). */
export type PeopleCsvExportRow = Omit<PeopleCsvRow, 'line'>;

/**
 * The export: the import format with the CSV quoting every export shares. People open it in a spreadsheet, so each
 * text cell is guarded against running as a formula (a name like `=HYPERLINK(…)` or `-Ops`), and the import takes
 * the guard off again; the numbers (level, team percent) are data and are written as they are.
 */
export function writePeopleCsv(rows: readonly PeopleCsvExportRow[]): string {
  return toCsv(
    PEOPLE_CSV_COLUMNS,
    rows.map((row) => [
      neutraliseTextCell(row.name),
      neutraliseTextCell(row.email),
      neutraliseTextCell(row.role),
      row.level,
      neutraliseTextCell(row.managerEmail),
      neutraliseTextCell(row.dottedLineManagerEmail),
      neutraliseTextCell(row.team),
      row.teamPercent,
    ]),
  );
}
