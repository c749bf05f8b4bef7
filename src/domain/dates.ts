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
 * "Nov 28": an ISO day without its year, for a list of days whose year is said once beside them ("Nov 7, Nov 14, and
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

/**
 * "a", "a and b", "a, b, and c": items in an English sentence, with the serial comma, whatever the reader's
 * language (the sentence around the list is English; `Intl.ListFormat` with the browser's locale gave British or
 * French joins inside it).
 */
export function formatList(items: readonly string[]): string {
  if (items.length <= 2) return items.join(' and ');
  return `${items.slice(0, -1).join(', ')}, and ${items[items.length - 1]!}`;
}

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/**
 * How long before `now` a moment was, in the largest whole unit: "just now" under a minute, "1 minute ago",
 * "3 hours ago", "yesterday", "12 days ago". A moment after `now` (a clock a little ahead) is "just now".
 */
export function formatAgo(moment: Date, now: Date): string {
  const elapsed = Math.max(0, now.getTime() - moment.getTime());
  if (Number.isNaN(elapsed)) return String(moment);
  const count = (amount: number, unit: string) => `${amount} ${unit}${amount === 1 ? '' : 's'} ago`;
  if (elapsed < MINUTE_MS) return 'just now';
  if (elapsed < HOUR_MS) return count(Math.floor(elapsed / MINUTE_MS), 'minute');
  if (elapsed < DAY_MS) return count(Math.floor(elapsed / HOUR_MS), 'hour');
  const days = Math.floor(elapsed / DAY_MS);
  return days === 1 ? 'yesterday' : count(days, 'day');
}

/** The time zone furthest ahead of UTC (UTC+14, Kiritimati): where a calendar day begins first. */
const LATEST_ZONE_AHEAD_MS = 14 * HOUR_MS;

/**
 * The newest calendar day anywhere on Earth at `now`, YYYY-MM-DD: the day at UTC+14. A day the reader records as
 * "today" on their own calendar (the app defaults date fields to it) is never later than this, so a rule refusing
 * days "still to come" compares with it rather than the UTC day, which is a day behind for readers far east.
 */
export function latestCalendarDay(now: Date): string {
  return new Date(now.getTime() + LATEST_ZONE_AHEAD_MS).toISOString().slice(0, 10);
}
