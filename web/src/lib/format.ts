import { formatCalendarDay, formatClock, formatDay } from '../../../src/domain/dates.js';

// Dates are named by the domain core's formatter ("Nov 28, 2026"), the one the server's messages use, so a refusal
// and the page around it name a day the same way. The reader's own day and clock are passed where a moment is shown.

/**
 * A calendar day as the API carries it (`2026-11-28`: a departure, a close date, a quarter's first day): "Nov 28,
 * 2026". It is a day, not a moment, so no time zone moves it; text that is not a day is shown as it came.
 */
export { formatDay } from '../../../src/domain/dates.js';

/** A moment on the reader's clock, to the minute: "Nov 28, 2026, 2:05 PM". */
export function formatDateTime(iso: string): string {
  const moment = new Date(iso);
  if (Number.isNaN(moment.getTime())) return iso;
  return `${formatDate(iso)}, ${formatClock(moment.getHours(), moment.getMinutes())}`;
}

/**
 * A moment as a datetime-local field shows it: the reader's own clock, to the minute. (`toISOString` would give
 * UTC, which the field then reads as local time, moving the moment by the time-zone offset.)
 */
export function localDateTimeValue(moment: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${moment.getFullYear()}-${pad(moment.getMonth() + 1)}-${pad(moment.getDate())}T${pad(moment.getHours())}:${pad(moment.getMinutes())}`;
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

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto', style: 'short' });

/** How long ago a moment was, to the largest whole unit ("2 hr. ago", "yesterday"); "just now" under a minute. */
export function formatAgo(iso: string, now: number = Date.now()): string {
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (seconds < 60) return 'just now';
  if (seconds < 3600) return relative.format(-Math.floor(seconds / 60), 'minute');
  if (seconds < 86_400) return relative.format(-Math.floor(seconds / 3600), 'hour');
  return relative.format(-Math.floor(seconds / 86_400), 'day');
}
