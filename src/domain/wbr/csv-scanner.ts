import { AppError } from '../errors.js';
import { parseCsvDate } from './csv-dates.js';

/**
 * A streaming, byte-level CSV scanner for WBR data files. It reads the header, then keeps only the columns the
 * deck needs, straight into growable Float64Arrays: no row objects, no per-cell strings for numbers.
 *
 * It reads what the App reads with `pandas.read_csv(parse_dates=["Date"], thousands=",")`: RFC 4180 quoting,
 * a UTF-8 BOM, `"1,234"` thousands separators, blank cells and pandas' NA spellings as missing, blank lines
 * skipped, and the App's date formats in the `Date` column. Columns named twice get pandas' `X.1` suffixes.
 */

export interface CsvColumnSelection {
  /** Columns read as numbers; a cell that is neither a number nor blank/NA is an error. */
  numeric: readonly string[];
  /** Columns read as text too (for filter queries); their numbers are kept where a cell is numeric. */
  text: readonly string[];
}

export interface CsvScanOptions {
  /** Named in error messages. */
  fileName: string;
  /** Called once with the de-duplicated header; returns the columns to keep. May throw an AppError. */
  selectColumns(header: readonly string[]): CsvColumnSelection;
  /**
   * The file's size in bytes, when known: the scanner then sizes its columns once from the first rows instead
   * of growing them by doubling (at 10,000 columns each doubling copies hundreds of megabytes).
   */
  expectedBytes?: number;
  /**
   * Rows dated before this day (a day number) are checked like every other row, but not kept: the WBR engine
   * passes the first day a deck can use, and older rows would only cost memory (a quarter to most of a long
   * history file). A plain old row (see `CsvScanner.skipPlainOldRows`) is checked without converting its numbers.
   */
  firstDay?: number;
  /**
   * The fewest columns for which plain old rows take the byte check (default 500). Below that the check costs more
   * than it saves: its own loop starts cold, and a narrow file's old rows are over before V8 optimizes it (at 100
   * columns a build took 15 ms longer with it; at 1,000, 10 ms shorter, at 10,000, 80). Tests lower it.
   */
  plainOldRowCheckFromColumns?: number;
}

export interface CsvTable {
  fileName: string;
  header: string[];
  /** Rows kept (see `CsvScanOptions.firstDay`). */
  rowCount: number;
  /** Rows read, kept or not. */
  rowsRead: number;
  /** The first and last date of every row read, kept or not; null without rows. */
  dateSpan: { first: number; last: number } | null;
  /** Rows dated before this day were not kept. */
  firstDay: number;
  /** Day number (days since 1970-01-01) of each row, in file order. */
  dates: Int32Array;
  /** 1-based line where each row starts (for messages about a row). */
  lines: Int32Array;
  numeric: Map<string, Float64Array>;
  /** Text of the selected text columns (null = missing). */
  text: Map<string, Array<string | null>>;
  /** Text columns whose every non-missing cell is a number (pandas would type them as numbers). */
  numericTextColumns: Set<string>;
  /** Rows with fewer cells than the header (their missing cells read as blank): how many, and the first lines. */
  shortRows: { rows: number; firstLines: number[] };
}

/** How many lines of short rows a scan names. */
const SHORT_ROW_LINES_KEPT = 5;

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;
const SPACE = 32;
const TAB = 9;

const KIND_SKIP = 0;
const KIND_NUMERIC = 1;
const KIND_TEXT = 2;
const KIND_DATE = 3;

/** pandas' default NA spellings: such a cell is missing, in any column. */
const NA_STRINGS = new Set([
  '', '#N/A', '#N/A N/A', '#NA', '-1.#IND', '-1.#QNAN', '-NaN', '-nan', '1.#IND', '1.#QNAN', '<NA>', 'N/A', 'NA', 'NULL',
  'NaN', 'None', 'n/a', 'nan', 'null',
]);

/** The digits pandas' converter keeps. */
const MAX_DIGITS = 17;
/** 1e0 to 1e308 as the nearest doubles (as C's literals are; `10 ** n` is not always the nearest). */
const POWERS_OF_TEN = Array.from({ length: 309 }, (_, i) => Number(`1e${i}`));

/** Signals that a numeric cell held text (kept out of the hot path's return value). */
const NOT_A_NUMBER_TEXT = Symbol('not-a-number');
type NumberParse = number | typeof NOT_A_NUMBER_TEXT;

const utf8 = new TextDecoder('utf-8');

function decode(bytes: Uint8Array, start: number, end: number): string {
  // ASCII fast path: most cells are short and plain.
  if (end - start < 64) {
    let ascii = true;
    for (let i = start; i < end; i++) if ((bytes[i] as number) >= 0x80) { ascii = false; break; }
    if (ascii) return String.fromCharCode(...bytes.subarray(start, end));
  }
  return utf8.decode(bytes.subarray(start, end));
}

/**
 * Parses a number from bytes exactly as pandas' `read_csv` does (its default converter, `precise_xstrtod`, with
 * `thousands=","`), so that the App's numbers come out to the last bit: the first 17 digits (leading zeros count)
 * are accumulated in a double, one digit at a time (later digits of the integer part only raise the exponent,
 * later decimals are dropped), and the result is multiplied or divided once by a power of ten. Up to 15 digits this
 * is the correctly rounded value; beyond that pandas may be an ulp or two off, and so is Pulse, on purpose.
 */
function parseNumberBytes(bytes: Uint8Array, start: number, end: number): NumberParse {
  while (start < end && (bytes[start] === SPACE || bytes[start] === TAB)) start++;
  while (end > start && (bytes[end - 1] === SPACE || bytes[end - 1] === TAB)) end--;
  if (start === end) return Number.NaN;
  let i = start;
  let negative = false;
  const first = bytes[i] as number;
  if (first === 45 /* - */ || first === 43 /* + */) { negative = first === 45; i++; }
  let number = 0;
  let digits = 0;
  let exponent = 0;
  const integerStart = i;
  for (; i < end; i++) {
    const c = bytes[i] as number;
    if (c >= 48 && c <= 57) {
      if (digits < MAX_DIGITS) {
        number = number * 10 + (c - 48);
        digits++;
      } else {
        exponent++;
      }
    } else if (c === COMMA && i > integerStart && (bytes[i - 1] as number) >= 48 && (bytes[i - 1] as number) <= 57) {
      // One thousands separator may follow a digit of the integer part (checked here, off the digits' path).
    } else {
      break;
    }
  }
  if (i < end && bytes[i] === 46 /* . */) {
    i++;
    for (; i < end; i++) {
      const c = bytes[i] as number;
      if (c < 48 || c > 57) break;
      if (digits < MAX_DIGITS) {
        number = number * 10 + (c - 48);
        digits++;
        exponent--;
      }
    }
  }
  if (digits === 0) return notANumber(bytes, start, end);
  if (negative) number = -number;
  if (i < end && (bytes[i] === 101 || bytes[i] === 69) /* e E */) {
    i++;
    let exponentNegative = false;
    if (i < end && (bytes[i] === 45 || bytes[i] === 43)) { exponentNegative = bytes[i] === 45; i++; }
    let value = 0;
    let exponentDigits = 0;
    for (; i < end && exponentDigits < MAX_DIGITS; i++) {
      const c = bytes[i] as number;
      if (c < 48 || c > 57) break;
      value = value * 10 + (c - 48);
      exponentDigits++;
    }
    if (exponentDigits === 0) return notANumber(bytes, start, end);
    exponent += exponentNegative ? -value : value;
  }
  if (i !== end) return notANumber(bytes, start, end);
  if (exponent < 0) {
    if (exponent >= -308) return number / (POWERS_OF_TEN[-exponent] as number);
    return exponent < -616 ? 0 : number / (POWERS_OF_TEN[-308 - exponent] as number) / (POWERS_OF_TEN[308] as number);
  }
  if (exponent === 0) return number;
  if (exponent <= 308) {
    number *= POWERS_OF_TEN[exponent] as number;
    // Within a double's range; beyond it pandas reads the cell as text.
    if (number !== Number.POSITIVE_INFINITY && number !== Number.NEGATIVE_INFINITY) return number;
  }
  return notANumber(bytes, start, end);
}

function notANumber(bytes: Uint8Array, start: number, end: number): NumberParse {
  // pandas also skips line breaks, vertical tabs and form feeds around a number (a quoted cell may hold them).
  let from = start;
  let to = end;
  while (from < to && isAsciiSpace(bytes[from] as number)) from++;
  while (to > from && isAsciiSpace(bytes[to - 1] as number)) to--;
  if (from !== start || to !== end) return parseNumberBytes(bytes, from, to);
  const text = decode(bytes, start, end);
  if (NA_STRINGS.has(text)) return Number.NaN;
  const lower = text.toLowerCase();
  if (lower === 'inf' || lower === 'infinity' || lower === '+inf' || lower === '+infinity') return Number.POSITIVE_INFINITY;
  if (lower === '-inf' || lower === '-infinity') return Number.NEGATIVE_INFINITY;
  return NOT_A_NUMBER_TEXT;
}

const NOT_EMPTY = -1;
const MORE_BYTES_NEEDED = -2;

/**
 * Where the next line starts when the line at `pos` holds only commas, spaces and tabs; NOT_EMPTY when it holds
 * anything else, MORE_BYTES_NEEDED when it goes on past the bytes there are so far.
 */
function emptyLineEnd(bytes: Uint8Array, pos: number, isFinal: boolean): number {
  const length = bytes.length;
  let i = pos;
  while (i < length && (bytes[i] === COMMA || bytes[i] === SPACE || bytes[i] === TAB)) i++;
  if (i === length) return isFinal ? length : MORE_BYTES_NEEDED;
  if (bytes[i] === LF) return i + 1;
  if (bytes[i] !== CR) return NOT_EMPTY;
  if (i + 1 < length) return bytes[i + 1] === LF ? i + 2 : i + 1;
  return isFinal ? length : MORE_BYTES_NEEDED;
}

/** The column names pandas gives a header: an empty name is `Unnamed: <index>`; repeated names get `.1`, `.2`, ... */
export function pandasHeader(names: readonly string[]): string[] {
  return deduplicateHeader(names.map((name, index) => (name === '' ? `Unnamed: ${index}` : name)));
}

/** C's isspace in the C locale: space, tab, line feed, vertical tab, form feed, carriage return. */
function isAsciiSpace(byte: number): boolean {
  return byte === SPACE || (byte >= TAB && byte <= CR);
}

/** pandas' de-duplication of repeated header names: `X`, `X.1`, `X.2`, ... */
export function deduplicateHeader(names: readonly string[]): string[] {
  const seen = new Map<string, number>();
  const taken = new Set(names);
  return names.map((name) => {
    const count = seen.get(name);
    if (count === undefined) {
      seen.set(name, 0);
      return name;
    }
    let next = count + 1;
    while (taken.has(`${name}.${next}`)) next++;
    seen.set(name, next);
    const renamed = `${name}.${next}`;
    taken.add(renamed);
    return renamed;
  });
}

/** See CsvScanOptions.plainOldRowCheckFromColumns. */
const PLAIN_OLD_ROW_CHECK_FROM_COLUMNS = 500;

/** Rows sampled after the header to estimate the file's row count from its size. */
const SAMPLE_ROWS = 64;
/** The row capacity when the file's size is unknown (doubled as needed). */
const DEFAULT_CAPACITY = 256;

export class CsvScanner {
  private readonly options: CsvScanOptions;
  private carry: Uint8Array | null = null;
  private header: string[] | null = null;
  private kinds = new Uint8Array(0);
  /** Column slot per header index (numeric store index or text store index). */
  private slots = new Int32Array(0);
  /**
   * The numeric columns: views of `capacity` rows each into one shared buffer. One allocation for all columns
   * instead of one (and one per doubling) for each: at 10,000 columns, separate arrays cost more time to
   * allocate, zero and copy than parsing the numbers does.
   */
  private numericColumns: Float64Array[] = [];
  private numericNames: string[] = [];
  private textStores: Array<Array<string | null>> = [];
  private textNames: string[] = [];
  private textAllNumeric: boolean[] = [];
  private textNumericSlot: number[] = [];
  private dates = new Int32Array(0);
  private rowLines = new Int32Array(0);
  private rowCount = 0;
  private rowsRead = 0;
  private shortRowCount = 0;
  private shortRowLines: number[] = [];
  private earliestDate = Number.POSITIVE_INFINITY;
  private latestDate = Number.NEGATIVE_INFINITY;
  private readonly firstDay: number;
  /** Whether the columns were sized for the file (see scanHeader). */
  private isSized = false;
  /** Whether old rows may take the fast check (skipPlainOldRows): a first day is set and `Date` is the first column. */
  private checksOldRowsFast = false;
  /** 1-based line number of the next record's first line. */
  private line = 1;
  private capacity = 0;
  private lastDateBytes: Uint8Array = new Uint8Array(0);
  private lastDate = 0;
  private isFirstChunk = true;
  private joined = new Uint8Array(0);

  constructor(options: CsvScanOptions) {
    this.options = options;
    this.firstDay = options.firstDay ?? Number.NEGATIVE_INFINITY;
  }

  /** Feeds the next piece of the file. */
  push(chunk: Uint8Array): void {
    // Every chunk is read through a plain Uint8Array view: Node's chunks are Buffers (a subclass, another hidden
    // class), the joined ones below are not, and the scanner's optimized code dropped itself when the second kind came.
    let bytes = chunk.constructor === Uint8Array ? chunk : new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length);
    if (this.carry !== null) {
      // The carried partial record and the new chunk are joined in a buffer that is reused from chunk to chunk
      // (a new one per chunk would allocate the whole file again).
      const length = this.carry.length + chunk.length;
      if (this.joined.length < length) this.joined = new Uint8Array(Math.max(length, this.joined.length * 2));
      bytes = this.joined.subarray(0, length);
      bytes.set(this.carry);
      bytes.set(chunk, this.carry.length);
      this.carry = null;
    }
    if (this.isFirstChunk && bytes.length > 0) {
      this.isFirstChunk = false;
      if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
    }
    const consumed = this.scan(bytes, false);
    if (consumed < bytes.length) this.carry = bytes.slice(consumed);
    this.bytesSeen += consumed;
  }

  /** Bytes of the file consumed before the current chunk. */
  private bytesSeen = 0;

  /** Where the first row after the header starts in the file. */
  private rowsStartOffset = 0;

  /**
   * The rows to expect from `rowsStart` in `bytes` to the end of the file, with 5% to spare, when the file's size
   * is known: the bytes per row come from the rows read so far or, at the start, from the next rows in the chunk.
   * A wrong guess only means that the columns grow later.
   */
  private initialCapacity(bytes: Uint8Array, rowsStart: number): number {
    const expected = this.options.expectedBytes;
    if (expected === undefined) return DEFAULT_CAPACITY;
    const offset = this.bytesSeen + rowsStart;
    let bytesPerRow: number;
    if (this.rowsRead >= SAMPLE_ROWS) {
      bytesPerRow = (offset - this.rowsStartOffset) / this.rowsRead;
    } else {
      let end = rowsStart;
      let rows = 0;
      while (rows < SAMPLE_ROWS) {
        const newline = bytes.indexOf(LF, end);
        if (newline < 0) break;
        end = newline + 1;
        rows++;
      }
      if (rows === 0) return DEFAULT_CAPACITY;
      bytesPerRow = (end - rowsStart) / rows;
    }
    return Math.ceil((Math.max(0, expected - offset) / bytesPerRow) * 1.05) + 16;
  }

  /** Ends the file and returns the columns. */
  end(): CsvTable {
    if (this.carry !== null) {
      const rest = this.carry;
      this.carry = null;
      this.scan(rest, true);
    }
    if (this.header === null) {
      throw new AppError('invalid_data', 'The CSV file is empty: it needs a header row with a `Date` column.', { file: this.options.fileName, line: 1 });
    }
    const numeric = new Map<string, Float64Array>();
    this.numericNames.forEach((name, i) => numeric.set(name, (this.numericColumns[i] as Float64Array).subarray(0, this.rowCount)));
    const text = new Map<string, Array<string | null>>();
    const numericTextColumns = new Set<string>();
    this.textNames.forEach((name, i) => {
      const values = this.textStores[i] as Array<string | null>;
      values.length = this.rowCount;
      text.set(name, values);
      if (this.textAllNumeric[i]) numericTextColumns.add(name);
    });
    return {
      fileName: this.options.fileName,
      header: this.header,
      rowCount: this.rowCount,
      rowsRead: this.rowsRead,
      dateSpan: this.rowsRead === 0 ? null : { first: this.earliestDate, last: this.latestDate },
      firstDay: this.firstDay,
      dates: this.dates.subarray(0, this.rowCount),
      lines: this.rowLines.subarray(0, this.rowCount),
      numeric,
      text,
      numericTextColumns,
      shortRows: { rows: this.shortRowCount, firstLines: [...this.shortRowLines] },
    };
  }

  /** Scans whole records; returns how many bytes were consumed (the rest is an incomplete record). */
  private scan(bytes: Uint8Array, isFinal: boolean): number {
    let pos = 0;
    const length = bytes.length;
    while (pos < length) {
      // Skip blank lines.
      const c = bytes[pos];
      if (c === LF) { pos++; this.line++; continue; }
      if (c === CR) {
        if (pos + 1 < length) { pos += bytes[pos + 1] === LF ? 2 : 1; this.line++; continue; }
        if (!isFinal) return pos;
        pos++; this.line++; continue;
      }
      // A line of empty cells only (`,,,` at the end of a spreadsheet export, or spaces): pandas skips a line of
      // spaces and reads the other as a row without a date, which the App's grouping by date leaves out.
      if ((c === COMMA || c === SPACE || c === TAB) && this.header !== null) {
        const end = emptyLineEnd(bytes, pos, isFinal);
        if (end === MORE_BYTES_NEEDED) return pos;
        if (end !== NOT_EMPTY) { pos = end; this.line++; continue; }
      }
      if (this.checksOldRowsFast) {
        const after = this.skipPlainOldRows(bytes, pos);
        if (after !== pos) { pos = after; continue; }
      }
      const next = this.header === null ? this.scanHeader(bytes, pos, isFinal) : this.scanRecord(bytes, pos, isFinal);
      if (next < 0) return pos;
      pos = next;
      // The columns are sized at the first kept row (see scanHeader). Here rather than in scanRecord: V8 optimizes
      // scanRecord while it reads the rows before the first day, and code there that only a kept row ran would
      // have had no type feedback yet, so the optimized scanRecord was dropped at the first kept row.
      if (!this.isSized && this.rowCount > 0) this.sizeColumns(bytes, pos);
    }
    return pos;
  }

  /**
   * Finds the field starting at `pos` and writes [contentStart, contentEnd, nextPos, quoting (0 none, 1 quoted,
   * 2 quoted with doubled quotes), newlines inside] into `out`; false when the field is not complete yet.
   */
  private fieldEnd(bytes: Uint8Array, pos: number, isFinal: boolean, out: Int32Array): boolean {
    const length = bytes.length;
    if (pos < length && bytes[pos] === QUOTE) {
      let i = pos + 1;
      let newlines = 0;
      let hasEscapes = 0;
      for (;;) {
        if (i >= length) {
          if (!isFinal) return false;
          throw new AppError('invalid_data', 'A quoted field is not closed before the end of the file.', { file: this.options.fileName, line: this.line });
        }
        const c = bytes[i];
        if (c === QUOTE) {
          if (i + 1 < length && bytes[i + 1] === QUOTE) { hasEscapes = 1; i += 2; continue; }
          if (i + 1 >= length && !isFinal) return false;
          break;
        }
        if (c === LF) newlines++;
        i++;
      }
      out[0] = pos + 1;
      out[1] = i;
      // After the closing quote: tolerate stray characters up to the delimiter (pandas keeps them; rare).
      let j = i + 1;
      while (j < length && bytes[j] !== COMMA && bytes[j] !== LF && bytes[j] !== CR) j++;
      out[2] = j;
      out[3] = 1 + hasEscapes;
      out[4] = newlines;
      return isFinal || (j < length && !CsvScanner.isSplitLineEnd(bytes, j));
    }
    let i = pos;
    while (i < length) {
      const c = bytes[i];
      if (c === COMMA || c === LF || c === CR) break;
      i++;
    }
    if (!isFinal && (i >= length || CsvScanner.isSplitLineEnd(bytes, i))) return false;
    out[0] = pos;
    out[1] = i;
    out[2] = i;
    out[3] = 0;
    out[4] = 0;
    return true;
  }

  private readonly field = new Int32Array(5);

  /**
   * A CR that ends the bytes so far: the LF of a CRLF may start the next chunk, and reading the CR alone as the
   * line end would count that line twice (every later line number one too high).
   */
  private static isSplitLineEnd(bytes: Uint8Array, pos: number): boolean {
    return bytes[pos] === CR && pos + 1 === bytes.length;
  }

  /** Moves past the delimiter after a field; returns [nextPos, isRecordEnd] encoded as sign: -(pos+1) when the record ended. */
  private static afterField(bytes: Uint8Array, pos: number): number {
    if (pos >= bytes.length) return -(pos + 1);
    const c = bytes[pos];
    if (c === COMMA) return pos + 1;
    if (c === CR) return -(pos + (pos + 1 < bytes.length && bytes[pos + 1] === LF ? 2 : 1) + 1);
    return -(pos + 2); // LF
  }

  private fieldText(bytes: Uint8Array): string {
    const field = this.field;
    const text = decode(bytes, field[0] as number, field[1] as number);
    return field[3] === 2 ? text.replaceAll('""', '"') : text;
  }

  private scanHeader(bytes: Uint8Array, pos: number, isFinal: boolean): number {
    const names: string[] = [];
    let newlines = 0;
    for (;;) {
      if (!this.fieldEnd(bytes, pos, isFinal, this.field)) return -1;
      names.push(this.fieldText(bytes));
      newlines += this.field[4] as number;
      const next = CsvScanner.afterField(bytes, this.field[2] as number);
      if (next < 0) { pos = -next - 1; break; }
      pos = next;
    }
    const header = pandasHeader(names);
    const dateIndex = header.indexOf('Date');
    if (dateIndex < 0) {
      throw new AppError('invalid_data', `The CSV header has no \`Date\` column (found: ${names.slice(0, 8).join(', ')}${names.length > 8 ? ', ...' : ''}).`, {
        file: this.options.fileName, line: this.line,
      });
    }
    const selection = this.options.selectColumns(header);
    this.header = header;
    this.kinds = new Uint8Array(header.length);
    this.slots = new Int32Array(header.length).fill(-1);
    this.kinds[dateIndex] = KIND_DATE;
    const wantedText = new Set(selection.text);
    const indexOf = new Map<string, number>();
    header.forEach((name, index) => { if (!indexOf.has(name)) indexOf.set(name, index); });
    for (const name of selection.numeric) {
      const index = indexOf.get(name) ?? -1;
      if (index < 0 || index === dateIndex || this.kinds[index] !== KIND_SKIP) continue;
      this.kinds[index] = KIND_NUMERIC;
      this.slots[index] = this.numericNames.length;
      this.numericNames.push(name);
    }
    for (const name of wantedText) {
      const index = indexOf.get(name) ?? -1;
      if (index < 0 || index === dateIndex) continue;
      if (this.kinds[index] === KIND_NUMERIC) {
        // Wanted as both: keep text, and fill the numeric store from it.
        this.textNumericSlot.push(this.slots[index] as number);
      } else {
        this.textNumericSlot.push(-1);
      }
      this.kinds[index] = KIND_TEXT;
      this.slots[index] = this.textStores.length;
      this.textStores.push([]);
      this.textNames.push(name);
      this.textAllNumeric.push(true);
    }
    this.line += 1 + newlines;
    this.rowsStartOffset = this.bytesSeen + pos;
    // With a first day, rows before it are not kept, and a date-ordered file starts with them: the columns are
    // sized at the first kept row, for the rest of the file, and until then one row's room is enough.
    if (this.firstDay === Number.NEGATIVE_INFINITY) this.sizeColumns(bytes, pos);
    else this.grow(1);
    this.checksOldRowsFast = this.firstDay !== Number.NEGATIVE_INFINITY && dateIndex === 0 && header.length >= (this.options.plainOldRowCheckFromColumns ?? PLAIN_OLD_ROW_CHECK_FROM_COLUMNS);
    return pos;
  }

  /**
   * Skips the rows from `pos` on that are dated before the first day and plain: an unquoted date first, then only
   * blank cells and plain decimals (an optional minus, at most 300 integer digits, an optional fraction), no more
   * cells than the header has, one line each. Such a row holds nothing `scanRecord` would refuse, and its values
   * are not kept, so its numbers need not be converted: checking its bytes is all the work (a fifth of reading
   * it). Returns where the first row that is not an old plain row starts (`pos` if there is none); that row, or
   * an incomplete one at the end of the bytes, is left to `scanRecord`, which reads and checks it in full.
   *
   * One call runs over the whole run of old rows at the start of a date-ordered file, so that V8 optimizes its
   * loop once, while it runs.
   */
  private skipPlainOldRows(bytes: Uint8Array, pos: number): number {
    const length = bytes.length;
    const maxCells = this.kinds.length;
    const field = this.field;
    let rowStart = pos;
    for (;;) {
      let i = rowStart;
      // The date: unquoted, up to the first comma or line end.
      while (i < length) {
        const c = bytes[i];
        if (c === COMMA || c === LF || c === CR || c === QUOTE) break;
        i++;
      }
      if (i >= length || i === rowStart || bytes[i] === QUOTE) return rowStart;
      field[0] = rowStart;
      field[1] = i;
      field[3] = 0;
      const date = this.readDate(bytes);
      if (date >= this.firstDay) return rowStart;
      // The cells: each a comma, then nothing or a plain decimal.
      let cells = 1;
      let rowEnd = -1;
      for (;;) {
        if (i >= length) break;
        const c = bytes[i];
        if (c === LF) { rowEnd = i + 1; break; }
        if (c === CR) {
          if (i + 1 < length && bytes[i + 1] === LF) rowEnd = i + 2;
          break;
        }
        if (c !== COMMA || ++cells > maxCells) break;
        i++;
        if (i < length && bytes[i] === 45 /* - */) i++;
        const integerStart = i;
        while (i < length && (bytes[i] as number) >= 48 && (bytes[i] as number) <= 57) i++;
        const integerDigits = i - integerStart;
        if (integerDigits > 300) break;
        if (integerDigits === 0) {
          // A blank cell, unless a minus came alone.
          if (bytes[i - 1] === 45) break;
          continue;
        }
        if (i < length && bytes[i] === 46 /* . */) {
          i++;
          const fractionStart = i;
          while (i < length && (bytes[i] as number) >= 48 && (bytes[i] as number) <= 57) i++;
          if (i === fractionStart) break;
        }
      }
      // Not plain, or not complete in these bytes: scanRecord reads it (and waits for more bytes if need be).
      if (rowEnd < 0) return rowStart;
      if (date < this.earliestDate) this.earliestDate = date;
      if (date > this.latestDate) this.latestDate = date;
      this.rowsRead++;
      this.line++;
      rowStart = rowEnd;
      if (rowStart >= length) return rowStart;
    }
  }

  /** Sizes the columns for the rows kept so far and the rest of the file (from `pos` in `bytes`) at once. */
  private sizeColumns(bytes: Uint8Array, pos: number): void {
    this.grow(this.rowCount + this.initialCapacity(bytes, pos));
    this.isSized = true;
  }

  /** Gives every column room for `minimum` rows, or twice the current capacity, whichever is more. */
  private grow(minimum = 0): void {
    const capacity = Math.max(this.capacity * 2, minimum);
    const count = this.numericNames.length;
    const buffer = new Float64Array(capacity * count);
    const columns: Float64Array[] = [];
    for (let i = 0; i < count; i++) {
      const column = buffer.subarray(i * capacity, (i + 1) * capacity);
      if (this.rowCount > 0) column.set((this.numericColumns[i] as Float64Array).subarray(0, this.rowCount));
      columns.push(column);
    }
    this.numericColumns = columns;
    const dates = new Int32Array(capacity);
    dates.set(this.dates);
    this.dates = dates;
    const lines = new Int32Array(capacity);
    lines.set(this.rowLines);
    this.rowLines = lines;
    this.capacity = capacity;
  }

  private scanRecord(bytes: Uint8Array, pos: number, isFinal: boolean): number {
    const row = this.rowCount;
    if (row >= this.capacity) this.grow();
    const kinds = this.kinds;
    const slots = this.slots;
    const columnCount = kinds.length;
    const field = this.field;
    let column = 0;
    let newlines = 0;
    let sawDate = false;
    for (;;) {
      if (!this.fieldEnd(bytes, pos, isFinal, field)) return -1;
      newlines += field[4] as number;
      if (column >= columnCount) {
        // pandas refuses rows wider than the header, unless the extra cells are empty.
        if ((field[1] as number) > (field[0] as number)) {
          throw new AppError('invalid_data', `This row has more cells than the header (${columnCount}).`, { file: this.options.fileName, line: this.line, column: column + 1 });
        }
      } else {
        const kind = kinds[column];
        if (kind === KIND_NUMERIC) {
          const value = field[3] === 2 ? NOT_A_NUMBER_TEXT : parseNumberBytes(bytes, field[0] as number, field[1] as number);
          if (value === NOT_A_NUMBER_TEXT) this.numericCellError(bytes, column);
          (this.numericColumns[slots[column] as number] as Float64Array)[row] = value as number;
        } else if (kind === KIND_DATE) {
          this.dates[row] = this.readDate(bytes);
          sawDate = true;
        } else if (kind === KIND_TEXT) {
          this.storeText(bytes, slots[column] as number, row);
        }
      }
      column++;
      const next = CsvScanner.afterField(bytes, field[2] as number);
      if (next < 0) { pos = -next - 1; break; }
      pos = next;
    }
    // Short rows: the missing cells are blank (as pandas reads them). Counted, so the review can say so: a row that
    // lost cells sums lower without any error.
    if (column < columnCount) {
      this.shortRowCount++;
      if (this.shortRowLines.length < SHORT_ROW_LINES_KEPT) this.shortRowLines.push(this.line);
    }
    for (let c = column; c < columnCount; c++) {
      const kind = kinds[c];
      if (kind === KIND_NUMERIC) (this.numericColumns[slots[c] as number] as Float64Array)[row] = Number.NaN;
      else if (kind === KIND_TEXT) this.storeNull(slots[c] as number, row);
      else if (kind === KIND_DATE) sawDate = false;
    }
    if (!sawDate) {
      throw new AppError('invalid_data', 'This row has no `Date` value.', { file: this.options.fileName, line: this.line });
    }
    const date = this.dates[row] as number;
    if (date < this.earliestDate) this.earliestDate = date;
    if (date > this.latestDate) this.latestDate = date;
    this.rowsRead++;
    this.rowLines[row] = this.line;
    this.line += 1 + newlines;
    // A row before the first day is not kept: the next row takes its place. Every operation here runs for every
    // row, kept or not: V8 optimizes this function while it reads the old rows, and an operation that only kept
    // rows ran would have no type feedback then; the optimized code deoptimized at every kept row instead (792
    // times at 1,000 metrics), which V8 did not repair by optimizing it again.
    this.rowCount = row + (date >= this.firstDay ? 1 : 0);
    return pos;
  }

  private storeNull(slot: number, row: number): void {
    (this.textStores[slot] as Array<string | null>)[row] = null;
    const numericSlot = this.textNumericSlot[slot] as number;
    if (numericSlot >= 0) (this.numericColumns[numericSlot] as Float64Array)[row] = Number.NaN;
  }

  private storeText(bytes: Uint8Array, slot: number, row: number): void {
    const text = this.fieldText(bytes);
    const isMissing = NA_STRINGS.has(text);
    (this.textStores[slot] as Array<string | null>)[row] = isMissing ? null : text;
    let value: NumberParse = Number.NaN;
    if (!isMissing) {
      value = this.field[3] === 2 ? NOT_A_NUMBER_TEXT : parseNumberBytes(bytes, this.field[0] as number, this.field[1] as number);
      if (value === NOT_A_NUMBER_TEXT) this.textAllNumeric[slot] = false;
    }
    const numericSlot = this.textNumericSlot[slot] as number;
    if (numericSlot >= 0) {
      if (value === NOT_A_NUMBER_TEXT) this.numericCellError(bytes, this.header?.indexOf(this.textNames[slot] as string) ?? 0);
      (this.numericColumns[numericSlot] as Float64Array)[row] = value as number;
    }
  }

  private readDate(bytes: Uint8Array): number {
    const start = this.field[0] as number;
    const end = this.field[1] as number;
    const length = end - start;
    const previous = this.lastDateBytes;
    if (previous.length === length && length > 0) {
      let same = true;
      for (let i = 0; i < length; i++) if (previous[i] !== bytes[start + i]) { same = false; break; }
      if (same) return this.lastDate;
    }
    const text = this.fieldText(bytes);
    const day = parseCsvDate(text);
    if (day === undefined) {
      // A row with values but no date: the App leaves its values out without a word; Pulse says so (D15).
      const message = text.trim() === '' ? 'This row has values but no `Date`.' : `Cannot read the date "${text}" (use e.g. 2021-09-25, 9/25/2021 or "Sat, 25-Sep-2021").`;
      throw new AppError('invalid_data', message, { file: this.options.fileName, line: this.line, column: (this.header?.indexOf('Date') ?? 0) + 1 });
    }
    this.lastDateBytes = bytes.slice(start, end);
    this.lastDate = day;
    return day;
  }

  private numericCellError(bytes: Uint8Array, column: number): never {
    const name = this.header?.[column] ?? `column ${column + 1}`;
    throw new AppError('invalid_data', `The cell "${this.fieldText(bytes)}" in column "${name}" is not a number.`, {
      file: this.options.fileName, line: this.line, column: column + 1,
    });
  }
}

/** Convenience for tests and small inputs: scans a whole text at once. */
export function scanCsvText(text: string, options: CsvScanOptions): CsvTable {
  const scanner = new CsvScanner(options);
  scanner.push(new TextEncoder().encode(text));
  return scanner.end();
}
