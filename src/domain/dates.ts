import { MONTH_ABBREVIATIONS, civilDate, daysInMonth, type YearMonthDay } from './wbr/calendar.js';

/**
 * How Pulse names dates to people, on the server and in the web app alike: "Nov 28, 2026". The format is fixed
 * English rather than the reader's locale, because every sentence around it is English and a refusal from the
 * server must read like the page it lands on. Machine-readable values (error details, CSV and JSON exports, file
 * formats, API fields) stay ISO: only words meant for people go through here.
 *
 * Days are calendar days, not instants. A moment is named by its UTC day on the server (its rules count UTC
 * days, and it does not know the reader's zone); the web app passes the reader's own day where it means one.
 */
export function formatCalendarDay({ year, month, day }: YearMonthDay): string {
  return `${MONTH_ABBREVIATIONS[month - 1]} ${day}, ${year}`;
}

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * "Nov 28, 2026" for an ISO day (`2026-11-28`, as date columns and API fields carry them), a day number (days since
 * 1970-01-01, as the WBR calendar counts them) or a moment (its UTC day). Text that is not a real ISO day comes
 * back as it was, so a message quoting odd input never throws.
 */
export function formatDay(value: string | number | Date): string {
  if (typeof value === 'number') return formatCalendarDay(civilDate(value));
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return String(value);
    return formatCalendarDay({ year: value.getUTCFullYear(), month: value.getUTCMonth() + 1, day: value.getUTCDate() });
  }
  const parts = isoCalendarDay(value);
  return parts === undefined ? value : formatCalendarDay(parts);
}

/**
 * "Nov 28": an ISO day without its year, for a list of days whose year is said once beside them ("Nov 7, Nov 14 and
 * Nov 21, 2026"). Text that is not a real ISO day comes back as it was, as in `formatDay`.
 */
export function formatMonthDay(isoDay: string): string {
  const parts = isoCalendarDay(isoDay);
  return parts === undefined ? isoDay : `${MONTH_ABBREVIATIONS[parts.month - 1]} ${parts.day}`;
}

function isoCalendarDay(value: string): YearMonthDay | undefined {
  const match = ISO_DAY.exec(value);
  if (match === null) return undefined;
  const parts = { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
  // A day that does not exist (Feb 30, month 13) is shown as written rather than rolled over into another day.
  if (parts.year < 1 || parts.month < 1 || parts.month > 12 || parts.day < 1 || parts.day > daysInMonth(parts.year, parts.month)) return undefined;
  return parts;
}

/** "2:05 PM": a time of day on a 12-hour clock, as the app shows times. */
export function formatClock(hours: number, minutes: number): string {
  const hour12 = hours % 12 === 0 ? 12 : hours % 12;
  return `${hour12}:${String(minutes).padStart(2, '0')} ${hours < 12 ? 'AM' : 'PM'}`;
}

/**
 * "Nov 28, 2026, 2:05 PM UTC": a moment, to the minute, for the few messages where the time matters (an interview
 * start, a reading's end, a token's expiry). The server names UTC and says so, since it does not know the reader's zone.
 */
export function formatUtcDateTime(moment: Date): string {
  if (Number.isNaN(moment.getTime())) return String(moment);
  return `${formatDay(moment)}, ${formatClock(moment.getUTCHours(), moment.getUTCMinutes())} UTC`;
}
