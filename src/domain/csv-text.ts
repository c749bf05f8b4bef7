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

/**
 * A cell a spreadsheet would run as a formula (it starts with =, +, -, @, or a tab or carriage return, which some
 * spreadsheets skip before reading one) gets a leading apostrophe, so that it shows as the text it is. For exports
 * of what people typed (names, ids, details), never for files meant to be imported back as they are.
 */
export function neutraliseSpreadsheetFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}
