import { formatDay } from '../dates.js';

/**
 * Which days a deck's data has rows on, kept with the data when it is stored: the review picks its week from them
 * (the latest week that is over and has rows) and warns about rows dated after today. One entry per day with rows:
 * the day (days since 1970-01-01), how many rows that day has, and the line of the file its first row starts on.
 * Ascending by day. A year of daily data is 365 entries, whatever the width of its rows.
 */
export type DataDay = readonly [day: number, rows: number, firstLine: number];

/** The days of the rows of a scanned file (their dates and starting lines, in file order). */
export function dataDaysOf(dates: ArrayLike<number>, lines: ArrayLike<number>): DataDay[] {
  const byDay = new Map<number, { rows: number; firstLine: number }>();
  for (let row = 0; row < dates.length; row++) {
    const day = dates[row] as number;
    const line = lines[row] as number;
    const entry = byDay.get(day);
    if (entry === undefined) byDay.set(day, { rows: 1, firstLine: line });
    else {
      entry.rows++;
      if (line < entry.firstLine) entry.firstLine = line;
    }
  }
  return [...byDay].sort((a, b) => a[0] - b[0]).map(([day, entry]) => [day, entry.rows, entry.firstLine] as const);
}

/** The stored form back (jsonb comes back parsed; text is parsed here); null when there is none or it does not read. */
export function readDataDays(value: unknown): DataDay[] | null {
  const parsed: unknown = typeof value === 'string' ? JSON.parse(value) : value;
  if (!Array.isArray(parsed)) return null;
  const isEntry = (entry: unknown): entry is DataDay => Array.isArray(entry) && entry.length === 3 && entry.every((part) => Number.isInteger(part));
  return parsed.every(isEntry) ? parsed : null;
}

/** Index of the last entry dated on or before `day`, or -1 (binary search: the entries are in day order). */
function lastIndexOnOrBefore(days: readonly DataDay[], day: number): number {
  let low = 0;
  let high = days.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((days[middle] as DataDay)[0] <= day) low = middle + 1;
    else high = middle;
  }
  return low - 1;
}

/** The last day with rows on or before today: where the data the review may use ends. Null when every row is later. */
export function lastDayDue(days: readonly DataDay[], today: number): number | null {
  const index = lastIndexOnOrBefore(days, today);
  return index < 0 ? null : (days[index] as DataDay)[0];
}

/**
 * The latest week on the config's week-ending weekday that the review can take: over by today, reached by the data
 * dated up to today, and holding at least one row (the engine's week is the seven days ending on its last day).
 * Rows dated after today never choose it: a typo dated 2062 would otherwise offer this week, which holds nothing.
 * Null when no such week exists (every row dated in the current week, or after today).
 */
export function latestWeekWithData(configWeekEnding: number, days: readonly DataDay[], today: number): number | null {
  const due = lastDayDue(days, today);
  if (due === null) return null;
  const behind = (((due - configWeekEnding) % 7) + 7) % 7;
  const reached = due - behind;
  // The week `reached` may be empty (a gap in the data): the latest day with rows in it or before it names the week.
  const index = lastIndexOnOrBefore(days, reached);
  if (index < 0) return null;
  const day = (days[index] as DataDay)[0];
  return day + ((((configWeekEnding - day) % 7) + 7) % 7);
}

export interface RowsAfterToday {
  rows: number;
  /** The earliest of their days, and the line its first row starts on. */
  firstDay: number;
  firstLine: number;
}

/** The rows dated after today, or null when there are none. */
export function rowsAfterToday(days: readonly DataDay[], today: number): RowsAfterToday | null {
  const start = lastIndexOnOrBefore(days, today) + 1;
  if (start >= days.length) return null;
  let rows = 0;
  for (let index = start; index < days.length; index++) rows += (days[index] as DataDay)[1];
  const first = days[start] as DataDay;
  return { rows, firstDay: first[0], firstLine: first[2] };
}

/**
 * What the metric owner is told about rows dated after today: how many, the first date and where it is. They stay in
 * the data (a plan for the months ahead is read by the deck) but choose no week until their week is over.
 */
export function rowsAfterTodayWarning(future: RowsAfterToday, fileName: string): string {
  const count = future.rows === 1 ? '1 row is' : `${future.rows.toLocaleString('en-US')} rows are`;
  const where = `first: ${formatDay(future.firstDay)}, line ${future.firstLine.toLocaleString('en-US')} of ${fileName}`;
  const them = future.rows === 1 ? 'it is' : 'they are';
  return `${count} dated after today (${where}); ${them} left out of the week to review until ${future.rows === 1 ? 'its' : 'their'} week is over. If ${future.rows === 1 ? 'it is not a plan' : 'they are not plans'} for the weeks ahead, correct the date${future.rows === 1 ? '' : 's'} and upload the file again.`;
}

/** Rows of a data file with fewer cells than its header: how many, and the lines of the first few. */
export interface ShortRows {
  rows: number;
  firstLines: number[];
}

/**
 * The warning about short rows. The WBR App reads their missing cells as blank, and so does the deck (its numbers
 * stay the App's), but a row that lost cells makes a week's sum quietly lower: the owner is told where to look.
 */
export function shortRowsWarning(short: ShortRows, fileName: string): string {
  const count = short.rows === 1 ? '1 row has' : `${short.rows.toLocaleString('en-US')} rows have`;
  const lines = short.firstLines.map((line) => line.toLocaleString('en-US'));
  const listed = lines.length <= 1 ? `line ${lines[0] ?? '?'}` : `lines ${lines.slice(0, -1).join(', ')} and ${lines[lines.length - 1] as string}`;
  const more = short.rows > short.firstLines.length ? ', among others' : '';
  const them = short.rows === 1 ? 'its missing cells are' : 'their missing cells are';
  return `${count} fewer cells than the header (${listed} of ${fileName}${more}); ${them} read as blank, as the WBR App reads them, so a week's sum may be lower than it should. If cells were lost, correct the file and upload it again.`;
}
