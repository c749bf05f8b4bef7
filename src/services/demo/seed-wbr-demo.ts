import { civilDate, dayNumber, formatDayMonYear, isoDate, isoWeekday } from '../../domain/wbr/calendar.js';
import type { Db } from '../../storage/database.js';
import type { OrgActor } from '../context.js';
import { updateAnomaly } from '../wbr/wbr-anomalies.service.js';
import { addAnnotation } from '../wbr/wbr-annotations.service.js';
import { createDeck, getDeck, updateDeck, uploadDeckData } from '../wbr/wbr-decks.service.js';
import { publishWeek } from '../wbr/wbr-weeks.service.js';
import { atHour, DEMO_WBR_HISTORY_DAYS, DEMO_WBR_PUBLISHED_WEEKS, HOUR_MS, demoWbrSetUpAt, lastSaturdayBefore } from './demo-calendar.js';

/**
 * The demo org's weekly business review: one deck over two years of daily data for six catalog metrics, whose
 * last three weeks are published. The weeks end on the Saturday before the demo is created, so the review looks
 * current; the series are the same whatever the date (each day's value depends on how many days it is from the
 * end), so the anomalies are too:
 * - order pick time jumped two weeks before the latest (a conveyor outage): raised by the first published week,
 *   explained by its owner, and still on the latest week's agenda;
 * - same-day orders on time fell in the latest week: new, open;
 * - checkout page load has run above its usual level for ten weeks (a release): a run of weeks on the bad side.
 * Orders delivered follow same-day reliability two weeks later, which the lag analysis finds.
 */

export const DEMO_WBR_DECK_NAME = 'Weekly business review';

const CONFIG = (weekEnding: number) => `# The demo's weekly business review, in the WBR App's format.
setup:
  week_ending: ${formatDayMonYear(weekEnding)}
  week_number: ${demoWeekNumber(weekEnding)}
  title: Shopwell weekly business review
  fiscal_year_end_month: DEC
  xmr_baseline_weeks: 26
metrics:
  Orders delivered:
    column: orders_delivered
    aggf: sum
    good_direction: up
  Same-day orders on time:
    column: same_day_on_time
    aggf: mean
    metric_comparison_method: bps
    good_direction: up
  Order pick time (p90):
    column: pick_time_p90
    aggf: mean
    good_direction: down
  Items damaged in picking:
    column: items_damaged
    aggf: mean
    good_direction: down
  Return pickups on time:
    column: return_pickups_on_time
    aggf: mean
    metric_comparison_method: bps
    good_direction: up
  Checkout page load (p90):
    column: checkout_load_p90
    aggf: mean
    good_direction: down
deck:
  - block:
      ui_type: section
      title: Customer outputs
  - block:
      ui_type: 6_12Graph
      title: Orders delivered
      y_scaling: "##.1KK"
      metrics:
        Orders delivered:
          graph_prior_year_flag: true
  - block:
      ui_type: section
      title: Controllable inputs
  - block:
      ui_type: 6_12Graph
      title: Same-day orders on time
      y_scaling: "##.1%"
      metrics:
        Same-day orders on time:
          graph_prior_year_flag: true
  - block:
      ui_type: 6_12Graph
      title: Order pick time, 90th percentile (seconds)
      y_scaling: "##"
      metrics:
        Order pick time (p90):
          graph_prior_year_flag: true
  - block:
      ui_type: 6_12Graph
      title: Items damaged in picking (per 10,000 picks)
      y_scaling: "##.2"
      metrics:
        Items damaged in picking:
          graph_prior_year_flag: true
  - block:
      ui_type: 6_12Graph
      title: Return pickups on time
      y_scaling: "##.1%"
      metrics:
        Return pickups on time:
          graph_prior_year_flag: true
  - block:
      ui_type: 6_12Graph
      title: Checkout page load, 90th percentile (ms)
      y_scaling: "##"
      metrics:
        Checkout page load (p90):
          graph_prior_year_flag: true
`;

/** A small deterministic wobble in [-1, 1] for day `n` and series `k` (no state: the same day gives the same value). */
function wobble(n: number, k: number): number {
  const x = Math.sin(n * 12.9898 + k * 78.233) * 43758.5453;
  return (x - Math.floor(x)) * 2 - 1;
}

/** Same-day reliability's week-to-week swing (one value per week, `week` counted back from the latest). */
function sameDayLevel(week: number): number {
  return 0.006 * wobble(week, 7);
}

/**
 * Daily rows to two days after `lastSaturday`; `back` counts days from the end (0 = the last day) and `week`
 * weeks back from the last published one (0 = the week ending `lastSaturday`).
 */
function demoCsv(lastSaturday: number): string {
  const lastDay = lastSaturday + 2;
  const lines = ['Date,orders_delivered,same_day_on_time,pick_time_p90,items_damaged,return_pickups_on_time,checkout_load_p90'];
  for (let back = DEMO_WBR_HISTORY_DAYS - 1; back >= 0; back--) {
    const date = lastDay - back;
    const week = Math.floor((lastSaturday - date) / 7);
    const weekend = isoWeekday(date) >= 6;
    const growth = 1 + (DEMO_WBR_HISTORY_DAYS - back) / DEMO_WBR_HISTORY_DAYS * 0.18; // about 9% a year
    // Orders follow same-day reliability two weeks later: shoppers come back after on-time deliveries.
    const orders = Math.round(5600 * growth * (weekend ? 1.25 : 1) * (1 + 0.02 * wobble(back, 1)) * (1 + 3 * sameDayLevel(week + 2)));
    const sameDay = 0.962 + sameDayLevel(week) + 0.002 * wobble(back, 2) - (week === 0 ? 0.05 : 0);
    const pick = 84 + 2 * wobble(back, 3) + (week === 2 ? 30 : 0);
    const damaged = 2.4 + 0.15 * wobble(back, 4) - (DEMO_WBR_HISTORY_DAYS - back) / DEMO_WBR_HISTORY_DAYS * 0.3;
    const pickups = 0.93 + 0.006 * wobble(back, 5);
    const checkout = 760 + 12 * wobble(back, 6) + (week <= 9 ? 45 : 0);
    lines.push([isoDate(date), orders, sameDay.toFixed(4), pick.toFixed(1), damaged.toFixed(2), pickups.toFixed(4), Math.round(checkout)].join(','));
  }
  return `${lines.join('\n')}\n`;
}


/** The events behind the demo data's movements (see demoCsv), by week back from the last published one. */
const DEMO_ANNOTATIONS = [
  { weeksBack: 9, daysBeforeSaturday: 4, metric: 'Checkout page load (p90)', description: 'New payment provider live: its card form loads in a frame of its own.' },
  { weeksBack: 2, daysBeforeSaturday: 4, metric: 'Order pick time (p90)', description: 'Conveyor 3 at the Leeds warehouse down until Thursday.' },
  { weeksBack: 0, daysBeforeSaturday: 3, metric: 'Same-day orders on time', description: 'Storm closed the M62 for a day; same-day vans rerouted through Huddersfield.' },
] as const;

/**
 * The `week_number` a demo config gives its `week_ending`: the ISO week of that day (a Saturday in week 47 is
 * `wk 47`). The App only labels the x-axis with it, the last shown week being `wk <week_number>` and the five before
 * it counted back (docs/wbr-compatibility.md); its labels wrap after week 52, so the rare ISO week 53 reads `wk 1`,
 * as it would in the App.
 */
export function demoWeekNumber(weekEnding: number): number {
  // The ISO week is the one of the week's Thursday, counted from the first Thursday of that Thursday's year.
  const thursday = weekEnding - isoWeekday(weekEnding) + 4;
  return Math.floor((thursday - dayNumber(civilDate(thursday).year, 1, 1)) / 7) + 1;
}

/** The demo data's rows up to `lastDay`: what a refresh on that day could have read. */
function rowsUpTo(csv: string, lastDay: number): string {
  const until = isoDate(lastDay);
  const [header, ...rows] = csv.trimEnd().split('\n');
  return `${[header, ...rows.filter((row) => row.slice(0, 10) <= until)].join('\n')}\n`;
}

export async function seedWbrDemo(db: Db, admin: OrgActor, today: Date = new Date()): Promise<void> {
  const lastSaturday = lastSaturdayBefore(today);
  const setUp = demoWbrSetUpAt(today);
  const owner = await db.selectFrom('people').select('id').where('org_id', '=', admin.orgId).where('user_id', '=', admin.userId).executeTakeFirstOrThrow();
  const deck = await createDeck(db, admin, { name: DEMO_WBR_DECK_NAME, ownerPersonId: owner.id, config: CONFIG(lastSaturday) }, setUp);
  const minutesAfterSetUp = (minutes: number) => new Date(setUp.getTime() + minutes * 60_000);
  // Alerts beside the process limits: a weekly drop in orders, or in same-day reliability (in bps, as it is compared).
  await updateDeck(db, admin, deck.id, { alerts: [{ metric: 'Orders delivered', wow: 10, yoy: 5 }, { metric: 'Same-day orders on time', wow: 300, yoy: null }] }, minutesAfterSetUp(10));
  const csv = demoCsv(lastSaturday);
  // What the data's movements were, written down as they happened (a Tuesday or Wednesday of their week, in the
  // afternoon); one from before the deck existed was written when it was set up.
  const notes = DEMO_ANNOTATIONS.map((note) => {
    const day = lastSaturday - 7 * note.weeksBack - note.daysBeforeSaturday;
    return { ...note, day, writtenAt: new Date(Math.max(atHour(day, 16).getTime(), minutesAfterSetUp(20).getTime())) };
  }).sort((a, b) => a.writtenAt.getTime() - b.writtenAt.getTime());
  // The latest week is reviewed by its Monday, and never later than an hour before the demo's today (a demo made
  // on a Sunday publishes it the evening before).
  const latest = today.getTime() - HOUR_MS;
  for (let week = DEMO_WBR_PUBLISHED_WEEKS - 1; week >= 0; week--) {
    const weekEnding = lastSaturday - 7 * week;
    const publishedAt = new Date(Math.min(atHour(weekEnding + 2, 9).getTime(), latest));
    const refreshedAt = new Date(Math.min(atHour(weekEnding + 2, 7).getTime(), publishedAt.getTime() - HOUR_MS));
    // The notes written since the last refresh, each at its own moment.
    while (notes.length > 0 && notes[0]!.writtenAt < refreshedAt) {
      const note = notes.shift()!;
      await addAnnotation(db, admin, deck.id, { date: isoDate(note.day), metric: note.metric, description: note.description }, note.writtenAt);
    }
    // Each Monday's refresh brings the data through that morning, into the new week, as it does by a Monday review.
    await uploadDeckData(db, admin, deck.id, { fileName: 'shopwell-daily.csv', csv: rowsUpTo(csv, weekEnding + 2) }, refreshedAt);
    await publishWeek(db, admin, deck.id, { weekEnding: isoDate(weekEnding) }, publishedAt);
    if (week === DEMO_WBR_PUBLISHED_WEEKS - 1) {
      // The pick-time owner explains the jump the day after it is raised; it stays on the agenda until resolved.
      const pick = (await getDeck(db, admin, deck.id, publishedAt)).anomalies.find((anomaly) => anomaly.metric === 'Order pick time (p90)');
      if (pick !== undefined) {
        await updateAnomaly(db, admin, pick.id, { status: 'explained', rootCause: 'Conveyor 3 at the Leeds warehouse was down for two days; orders queued for the remaining lines. The repair is done; watching one more week before resolving.' }, atHour(weekEnding + 3, 10));
      }
    }
  }
}
