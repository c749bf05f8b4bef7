import { isoWeekday } from '../../domain/wbr/calendar.js';

/**
 * The demo's calendar: when each chapter of the demo org's story happened, counted back from the day the demo is
 * made, so every demo reads as months of lived-in work whatever day it is started (the seeds date each change
 * through the services' own clocks). The story, oldest first:
 *
 * - 290 days back the org is founded; its colleagues join one a day after, and its principles are settled in the
 *   first week (seed-demo-org).
 * - 280 days back the org chart is imported: every seller then has quotas for the last four quarters (a quarter
 *   starts at most 274 days back), and the oldest sales deal (240) and initiative (200) have owners from it.
 * - 190 days back the metric catalog is drawn up, a metric a day.
 * - 180 days back the first half's review cycle opens; it closes 150 days back. This half's opens 42 days back.
 * - 120 days back the Returns Robot PR/FAQ is written (the document demo); 100 days back the adaptive gripper's
 *   (the pipeline demo).
 * - Three weeks back the weekly business review is set up in Pulse, with the warehouse's deck and its daily
 *   refresh; its last three weeks are published, the latest on the Monday before today.
 *
 * Offsets inside one chapter (a vote two days after its draft) stay beside the change they date, counted from here.
 */

export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;

/** A moment `days` before now (fractions of a day for hours). */
export function daysAgo(days: number): Date {
  return new Date(Date.now() - days * DAY_MS);
}

/** The org is founded; its colleagues join in the days after, and its principles are settled that week. */
export const FOUNDED_DAYS_AGO = 290;

/** The org chart is imported: the oldest thing the rest of the story names (teams, sellers, leaders). */
export const DEMO_CHART_DAYS_AGO = 280;

/** The metric catalog is drawn up, a metric a day from then. */
export const METRICS_DRAWN_UP_DAYS_AGO = 190;

/** The review cycles: the first half's opens and closes, this half's opens (still open). */
export const FIRST_HALF_CYCLE_OPENED_DAYS_AGO = 180;
export const FIRST_HALF_CYCLE_CLOSED_DAYS_AGO = 150;
export const SECOND_HALF_CYCLE_OPENED_DAYS_AGO = 42;

/** The PR/FAQs the document and pipeline stories start from. */
export const RETURNS_ROBOT_PRFAQ_DAYS_AGO = 120;
export const GRIPPER_PRFAQ_DAYS_AGO = 100;

/** Days of daily data behind the business review's deck (two years and five weeks: a year-over-year view). */
export const DEMO_WBR_HISTORY_DAYS = 2 * 365 + 35;

/** Days of daily rows in the demo warehouse, up to its server's today. */
export const DEMO_WAREHOUSE_HISTORY_DAYS = 2 * 365;

/** How many weeks of the business review are published, the last ending on the Saturday before today. */
export const DEMO_WBR_PUBLISHED_WEEKS = 3;

/** The hour (UTC) of the warehouse deck's daily refresh: every morning before the review. */
export const DEMO_REFRESH_HOUR_UTC = 5;

/** The day number of the last Saturday before `today` (today excluded): the week the demo's decks review. */
export function lastSaturdayBefore(today: Date): number {
  const todayNumber = Math.floor(today.getTime() / DAY_MS);
  return todayNumber - 1 - ((isoWeekday(todayNumber - 1) + 1) % 7);
}

/** A moment of the demo's past: `hour` (UTC, fractions for minutes) of day number `day`. */
export function atHour(day: number, hour: number): Date {
  return new Date(day * DAY_MS + hour * HOUR_MS);
}

/**
 * When the demo's business review was set up in Pulse: the Monday of the first week it published (11:00 UTC), so
 * the deck, its alerts and its backfilled annotation come before its weeks. The warehouse deck was set up then too.
 */
export function demoWbrSetUpAt(today: Date): Date {
  return atHour(lastSaturdayBefore(today) - 7 * (DEMO_WBR_PUBLISHED_WEEKS - 1) - 5, 11);
}
