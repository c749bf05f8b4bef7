import { AppError } from '../errors.js';
import { CsvScanner } from '../wbr/csv-scanner.js';
import { isStorableDay, parseIsoDay } from './review-rules.js';

/**
 * Rows pushed to a deck's data by a script (yesterday's numbers, every morning), merged into the deck's CSV: a
 * pushed day replaces every row of that day, a new day is added, and every other row stays as it was, byte for
 * byte, line breaks included (new lines end as the header does). The merged file then goes through the same checks
 * as an upload.
 */

export const PUSH_LIMITS = { maxRows: 10_000, maxColumns: 2_000, columnNameMaxLength: 200 } as const;

export interface PushedRow {
  /** 'YYYY-MM-DD'. */
  date: string;
  /** Each column's value; null (or a column left out) is a blank cell. */
  values: Readonly<Record<string, number | null>>;
}

const refuse = (message: string, field: string): AppError => new AppError('validation_failed', message, { field });

/** Checks a push before it meets the data: real dates, each once, numbers, and column names a CSV header can hold. */
export function checkPushedRows(rows: readonly PushedRow[]): void {
  if (rows.length === 0 || rows.length > PUSH_LIMITS.maxRows) throw refuse(`rows: push from 1 to ${PUSH_LIMITS.maxRows.toLocaleString('en-US')} rows at a time (this push has ${rows.length}).`, 'rows');
  const seen = new Set<string>();
  rows.forEach((row, index) => {
    if (!isStorableDay(row.date)) throw refuse(`rows.${index}.date: "${row.date}" is not a date written YYYY-MM-DD (years 0001 to 9999).`, `rows.${index}.date`);
    if (seen.has(row.date)) throw refuse(`rows.${index}.date: ${row.date} is pushed twice; push each day once, with all its columns.`, `rows.${index}.date`);
    seen.add(row.date);
    const columns = Object.keys(row.values);
    if (columns.length > PUSH_LIMITS.maxColumns) throw refuse(`rows.${index}.values: at most ${PUSH_LIMITS.maxColumns} columns.`, `rows.${index}.values`);
    for (const column of columns) {
      const field = `rows.${index}.values.${column}`;
      // A name starting like a spreadsheet formula (=, +, -, @) would run as one when the file is opened in a spreadsheet.
      if (column.trim() === '' || column.length > PUSH_LIMITS.columnNameMaxLength || /[,"\r\n]/.test(column) || /^[=+\-@]/.test(column) || column === 'Date') {
        throw refuse(`${field}: "${column}" cannot be a column name (empty, too long, the Date column itself, starting like a spreadsheet formula, or holding a comma, a quote or a line break).`, field);
      }
      const value = row.values[column];
      if (value !== null && (typeof value !== 'number' || !Number.isFinite(value))) throw refuse(`${field}: must be a number, or null for a blank cell.`, field);
    }
  });
}

/** A number as a CSV cell: the shortest text that reads back as the same number. */
const cell = (value: number | null | undefined): string => (value === null || value === undefined ? '' : String(value));

/**
 * The deck's CSV with the pushed rows merged in. `csv` is the current data (null for a deck without any: the header
 * is then `Date` and the pushed columns, in the order they first appear). A pushed column the current header lacks
 * is refused, naming it: a new column changes what every past row means, so it comes with a full upload.
 */
export function mergePushedRows(csv: string | null, fileName: string, rows: readonly PushedRow[]): string {
  const pushed = [...rows].sort((a, b) => a.date.localeCompare(b.date));
  if (csv === null) {
    const columns = [...new Set(rows.flatMap((row) => Object.keys(row.values)))];
    const lines = [['Date', ...columns].join(','), ...pushed.map((row) => [row.date, ...columns.map((column) => cell(row.values[column]))].join(','))];
    return `${lines.join('\n')}\n`;
  }
  // Every row's day and first line, whatever its columns hold (a scan that keeps no column reads only the dates).
  const scanner = new CsvScanner({ fileName, selectColumns: () => ({ numeric: [], text: [] }) });
  scanner.push(new TextEncoder().encode(csv));
  const table = scanner.end();
  const header = table.header;
  rows.forEach((row, index) => {
    for (const column of Object.keys(row.values)) {
      if (!header.includes(column)) {
        throw refuse(`rows.${index}.values.${column}: the data has no column "${column}" (its columns: ${header.filter((name) => name !== 'Date').slice(0, 8).join(', ')}${header.length > 9 ? ', …' : ''}). Upload a whole file to add a column.`, `rows.${index}.values.${column}`);
      }
    }
  });
  const replaced = new Set(pushed.map((row) => parseIsoDay(row.date) as number));
  // Every physical line with the break that ends it, split on every break the scanner counts (CRLF, LF, and a lone
  // CR as old Mac files end lines), so that its row numbers index these lines and each kept line keeps its break.
  const parts = csv.split(/(\r\n|\r|\n)/);
  const lines: string[] = [];
  for (let i = 0; i < parts.length; i += 2) lines.push((parts[i] as string) + (parts[i + 1] ?? ''));
  if (lines.at(-1) === '') lines.pop();
  // New lines end as the header does, so a CRLF file stays CRLF.
  const newline = parts[1] ?? '\n';
  const isBlank = (line: string): boolean => line === '\n' || line === '\r\n' || line === '\r';
  // Row r spans from its first line to the line before the next row's (a quoted cell may hold line breaks).
  const preamble = lines.slice(0, (table.lines[0] ?? lines.length + 1) - 1);
  const entries: Array<{ day: number; lines: string[] }> = [];
  for (let row = 0; row < table.rowCount; row++) {
    const day = table.dates[row] as number;
    if (replaced.has(day)) continue;
    let end = row + 1 < table.rowCount ? (table.lines[row + 1] as number) - 1 : lines.length;
    // Blank lines after a row are no part of it (a quoted cell never ends on an empty line): they are left out.
    while (end > (table.lines[row] as number) && isBlank(lines[end - 1] as string)) end--;
    entries.push({ day, lines: lines.slice((table.lines[row] as number) - 1, end) });
  }
  const inOrder = entries.every((entry, index) => index === 0 || (entries[index - 1] as { day: number }).day <= entry.day);
  for (const row of pushed) {
    entries.push({ day: parseIsoDay(row.date) as number, lines: [header.map((column) => (column === 'Date' ? row.date : cell(row.values[column]))).join(',') + newline] });
  }
  // A file kept in date order stays in date order (the sort is stable: a day's rows keep theirs); another gets the
  // pushed days at its end, as it was written.
  if (inOrder) entries.sort((a, b) => a.day - b.day);
  // Only the file's last line may lack its break; once other lines follow it, it gets one.
  return [...preamble, ...entries.flatMap((entry) => entry.lines)].map((line) => (/[\r\n]$/.test(line) ? line : line + newline)).join('');
}
