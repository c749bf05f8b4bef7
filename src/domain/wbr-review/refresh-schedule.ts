/**
 * A deck's daily refresh from its queries: once a day, at a whole hour in UTC (a deck's readers may be in several
 * time zones; the warehouse's nightly load is usually scheduled in UTC too). These are the schedule's rules; the
 * service claims and runs due refreshes.
 */

export const REFRESH_HOURS = 24;
const HOUR_MS = 60 * 60 * 1000;

/** The first run of a daily refresh at `hourUtc`:00 UTC strictly after `after`. */
export function nextDailyRefresh(hourUtc: number, after: Date): Date {
  const day = Date.UTC(after.getUTCFullYear(), after.getUTCMonth(), after.getUTCDate());
  const today = day + hourUtc * HOUR_MS;
  return new Date(today > after.getTime() ? today : today + REFRESH_HOURS * HOUR_MS);
}

/** `06:00 UTC`, as the deck page and the docs write an hour. */
export function refreshHourLabel(hourUtc: number): string {
  return `${String(hourUtc).padStart(2, '0')}:00 UTC`;
}
