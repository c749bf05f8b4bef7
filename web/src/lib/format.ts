import { formatAgo as formatAgoFrom, formatCalendarDay, formatClock, formatDay } from '../../../src/domain/dates.js';

// Dates are named by the domain core's formatter ("Nov 28, 2026"), the one the server's messages use, so a refusal
// and the page around it name a day the same way. The reader's own day and clock are passed where a moment is shown.

/**
 * A calendar day as the API carries it (`2026-11-28`: a departure, a close date, a quarter's first day): "Nov 28,
 * 2026". It is a day, not a moment, so no time zone moves it; text that is not a day is shown as it came.
 */
export { formatDay } from '../../../src/domain/dates.js';

/** Items in an English sentence: "a, b, and c" (the sentence is English, so its list is too, whatever the locale). */
export { formatList } from '../../../src/domain/dates.js';

/** A moment on the reader's clock, to the minute: "Nov 28, 2026, 2:05 PM". */
export function formatDateTime(iso: string): string {
  const moment = new Date(iso);
  if (Number.isNaN(moment.getTime())) return iso;
  return `${formatDate(iso)}, ${formatTime(iso)}`;
}

/** A moment's time of day on the reader's clock: "2:05 PM" (the 12-hour clock the app shows, whatever the locale). */
export function formatTime(iso: string): string {
  const moment = new Date(iso);
  if (Number.isNaN(moment.getTime())) return iso;
  return formatClock(moment.getHours(), moment.getMinutes());
}

/**
 * A moment as a datetime-local field shows it: the reader's own clock, to the minute. (`toISOString` would give
 * UTC, which the field then reads as local time, moving the moment by the time-zone offset.)
 */
export function localDateTimeValue(moment: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${moment.getFullYear()}-${pad(moment.getMonth() + 1)}-${pad(moment.getDate())}T${pad(moment.getHours())}:${pad(moment.getMinutes())}`;
}

/**
 * The reader's own calendar day of a moment, YYYY-MM-DD, as a date field holds it: what every form that starts a
 * date at "today" fills in. (`toISOString().slice(0, 10)` gives the UTC day: tomorrow or yesterday for a reader far
 * from UTC in their evening.)
 */
export function localDayValue(moment: Date): string {
  return localDateTimeValue(moment).slice(0, 10);
}

/** The reader's own day of a moment: "Nov 28, 2026". */
export function formatDate(iso: string): string {
  const moment = new Date(iso);
  if (Number.isNaN(moment.getTime())) return iso;
  return formatCalendarDay({ year: moment.getFullYear(), month: moment.getMonth() + 1, day: moment.getDate() });
}

const ROLE_LABELS: Record<string, string> = { admin: 'Admin', member: 'Member', recruiter: 'Recruiter' };

export function roleLabel(role: string): string {
  return ROLE_LABELS[role] ?? role;
}

/**
 * The UTC day of a moment, for dates the server's rules count in UTC days (a veto holds until a UTC day, and its
 * refusal names that day): read in the browser's zone, Auckland would see the day after the one the server names.
 */
export function formatUtcDate(iso: string): string {
  return formatDay(new Date(iso));
}

/** How long ago a moment was, in fixed English like every date in the app ("3 hours ago", "yesterday"). */
export function formatAgo(iso: string, now: number = Date.now()): string {
  const moment = new Date(iso);
  return Number.isNaN(moment.getTime()) ? iso : formatAgoFrom(moment, new Date(now));
}
