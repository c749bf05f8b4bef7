/** Writing CSV text: the quoting every export shares, and the guard for files people open in a spreadsheet. */

type CsvValue = string | number | null;

/** A cell quoted when it holds a comma, a quote or a line break (RFC 4180); null is an empty cell. */
function csvCell(value: CsvValue): string {
  const text = value === null ? '' : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV line, with its line break. */
export function csvLine(cells: readonly CsvValue[]): string {
  return `${cells.map(csvCell).join(',')}\n`;
}

export function toCsv(header: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  return [header, ...rows].map(csvLine).join('');
}

/** What a spreadsheet reads as the start of a formula: =, +, -, @, or a tab or carriage return (which some skip first). */
const FORMULA_CHARACTER = String.raw`[=+\-@\t\r]`;
/** A cell the guard is for: one starting like a formula, or typed apostrophes then that (so `'=x` reads back as typed). */
const NEEDS_GUARD = new RegExp(`^'*${FORMULA_CHARACTER}`);
/** A cell that carries the guard: the apostrophe the export added, then what it guarded. */
const GUARDED = new RegExp(`^''*${FORMULA_CHARACTER}`);

/**
 * A text cell a spreadsheet would run as a formula gets a leading apostrophe, so that it shows as the text it is.
 * For every export of what people typed (names, ids, details), text columns only: a number such as -5 in a numeric
 * column is data, and stays as it is. A file that Pulse reads back reads such a cell through `withoutFormulaGuard`.
 */
export function neutraliseSpreadsheetFormula(value: string): string {
  return NEEDS_GUARD.test(value) ? `'${value}` : value;
}

/** `neutraliseSpreadsheetFormula` for a text cell that may be empty (null). */
export function neutraliseTextCell(value: string | null): string | null {
  return value === null ? null : neutraliseSpreadsheetFormula(value);
}

/**
 * The text a neutralised cell stood for: exactly the one apostrophe the export added is taken off, and only where
 * the rest starts with a formula character (after any apostrophes that were typed), so `'=x` reads as `=x`,
 * `''=x` as `'=x`, and `'quoted'` or `'5` stay as they are. Together with `neutraliseSpreadsheetFormula` every text
 * reads back exactly as it was written.
 */
export function withoutFormulaGuard(value: string): string {
  return GUARDED.test(value) ? value.slice(1) : value;
}
