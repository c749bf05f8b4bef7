import { AppError } from '../errors.js';
import { isoDate } from './calendar.js';
import { parseCsvDate } from './csv-dates.js';
import type { CsvTable } from './csv-scanner.js';
import { deduplicateHeader } from './csv-scanner.js';
import type { WbrDataSource } from './wbr-config.js';

/**
 * The App's `data_sources` made into one data file: each query's rows (or CSV's), with its columns renamed
 * `<source>.<column>`, merged on `Date` as the App merges them (`_merge_dataframes`):
 *
 * - each source's rows are put in date order (a stable sort: rows of one date keep their order);
 * - a column name that an earlier source already has gets `_src<k>` (k: the source's 1-based position);
 * - the first row of each date of every source are joined into one row per date (an outer join: a date only
 *   one source has gets blanks in the others' columns);
 * - every further row of a date (a source with several rows per date) follows that row, with blanks in the
 *   other sources' columns, source by source.
 *
 * The result is CSV text, so that it goes through the same scanner, checks and engine as an uploaded file.
 */

/** One source's rows: the day of each row, and its cells (null when missing) in `columns` order. */
export interface SourceTable {
  name: string;
  columns: string[];
  days: number[];
  cells: Array<Array<string | null>>;
}

/** What a query returned: its column names, and each row's cells as PostgreSQL prints them (null for NULL). */
export interface QueryResult {
  columns: string[];
  rows: Array<Array<string | null>>;
}

type QuerySource = Extract<WbrDataSource, { kind: 'query' }>;

function sourceError(source: QuerySource, message: string): AppError {
  return new AppError('invalid_config', `Query "${source.name}" on connection "${source.connection}": ${message}`, { file: source.file, field: source.path, line: source.line });
}

/**
 * A query's rows as a source table. The query must return a `Date` column (named so, as the App requires); a
 * date, a timestamp or a text date the data files accept. A timestamp counts as its day (the App compares days).
 */
export function sourceTableFromQuery(source: QuerySource, result: QueryResult): SourceTable {
  const dateIndex = result.columns.indexOf('Date');
  if (dateIndex < 0) {
    throw sourceError(source, `its results have no "Date" column (found: ${result.columns.join(', ') || 'none'}). Name the date column "Date", e.g. \`SELECT day AS "Date", ...\`.`);
  }
  const keep = result.columns.map((_, index) => index).filter((index) => index !== dateIndex);
  const days: number[] = [];
  const cells: Array<Array<string | null>> = [];
  result.rows.forEach((row, rowIndex) => {
    const text = row[dateIndex] ?? null;
    // PostgreSQL prints dates and timestamps as ISO text: the day is its first ten characters.
    const day = text === null ? undefined : parseCsvDate(/^\d{4}-\d{2}-\d{2}/.test(text) ? text.slice(0, 10) : text);
    if (day === undefined) throw sourceError(source, `row ${rowIndex + 1} has ${text === null ? 'no Date (NULL)' : `the Date "${text}", which is not a date`}.`);
    days.push(day);
    cells.push(keep.map((index) => row[index] ?? null));
  });
  return { name: source.name, columns: keep.map((index) => result.columns[index] as string), days, cells };
}

/** A CSV file of `data_sources.csv_files`, scanned with every column as text, as a source table. */
export function sourceTableFromCsv(name: string, table: CsvTable): SourceTable {
  const columns = table.header.filter((column) => column !== 'Date');
  const values = columns.map((column) => table.text.get(column) ?? []);
  const cells = Array.from({ length: table.rowCount }, (_, row) => values.map((column) => column[row] ?? null));
  return { name, columns, days: Array.from(table.dates), cells };
}

/** A cell as CSV: quoted when it holds a comma, a quote, a line break or spaces at its ends. */
function csvCell(value: string | null): string {
  if (value === null) return '';
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

export function mergeSourcesToCsv(sources: readonly SourceTable[]): string {
  if (sources.length === 0) throw new AppError('invalid_config', 'data_sources lists no query and no CSV file.', { field: 'data_sources' });
  const header: string[] = [];
  const used = new Set(['Date']);
  const offsets: number[] = [];
  sources.forEach((source, position) => {
    offsets.push(header.length);
    for (const column of deduplicateHeader(source.columns)) {
      const named = `${source.name}.${column}`;
      const unique = used.has(named) ? `${named}_src${position + 1}` : named;
      used.add(unique);
      header.push(unique);
    }
  });
  const width = header.length;
  // Per day: the joined first row, then the further rows of each source in source order.
  const firstRows = new Map<number, Array<string | null>>();
  const furtherRows = new Map<number, Array<Array<string | null>>>();
  sources.forEach((source, position) => {
    const order = source.days.map((_, row) => row).sort((a, b) => (source.days[a] as number) - (source.days[b] as number) || a - b);
    const seen = new Set<number>();
    for (const row of order) {
      const day = source.days[row] as number;
      let target: Array<string | null>;
      if (seen.has(day)) {
        target = new Array<string | null>(width).fill(null);
        const list = furtherRows.get(day) ?? [];
        list.push(target);
        furtherRows.set(day, list);
      } else {
        seen.add(day);
        target = firstRows.get(day) ?? new Array<string | null>(width).fill(null);
        firstRows.set(day, target);
      }
      const values = source.cells[row] as Array<string | null>;
      const offset = offsets[position] as number;
      for (let column = 0; column < values.length; column++) target[offset + column] = values[column] ?? null;
    }
  });
  const lines = [['Date', ...header].map(csvCell).join(',')];
  for (const day of [...firstRows.keys()].sort((a, b) => a - b)) {
    for (const row of [firstRows.get(day) as Array<string | null>, ...(furtherRows.get(day) ?? [])]) {
      lines.push([isoDate(day), ...row.map(csvCell)].join(','));
    }
  }
  return `${lines.join('\n')}\n`;
}
