import { dayNumber, isoDate, isoWeekday } from '../../src/domain/wbr/calendar.js';

/**
 * A small fulfilment deck for tests of the review in the app: two metrics whose weekly totals alternate by one
 * around a steady level (so their XmR limits are tight and no run rule fires), and a late-deliveries spike in the
 * weeks asked for (three times the level: a point far outside the limits, against its good direction).
 */
export const FULFILMENT_CONFIG = `setup:
  week_ending: 04-JAN-2025
  week_number: 1
  title: Fulfilment WBR
metrics:
  Late deliveries:
    column: late
    aggf: sum
    good_direction: down
  Orders shipped:
    column: orders
    aggf: sum
    good_direction: up
deck:
  - block:
      ui_type: 6_12Graph
      title: Late deliveries
      y_scaling: "##"
      metrics:
        Late deliveries:
          graph_prior_year_flag: true
  - block:
      ui_type: 6_12Graph
      title: Orders shipped
      y_scaling: "##"
      metrics:
        Orders shipped:
          graph_prior_year_flag: true
`;

const SATURDAY = 6;

/** Daily rows from 1 December 2022 to `lastDay` (YYYY-MM-DD), with late deliveries tripled in the `spikeWeeks` (Saturdays, YYYY-MM-DD). */
export function fulfilmentCsv(lastDay: string, spikeWeeks: readonly string[] = []): string {
  const [year, month, day] = lastDay.split('-').map(Number) as [number, number, number];
  const last = dayNumber(year, month, day);
  const spikes = new Set(spikeWeeks);
  const lines = ['Date,late,orders'];
  for (let date = dayNumber(2022, 12, 1); date <= last; date++) {
    const weekEnding = date + ((SATURDAY - isoWeekday(date) + 7) % 7);
    const oddWeek = Math.floor(weekEnding / 7) % 2 === 1;
    const bump = isoWeekday(date) === SATURDAY && oddWeek ? 1 : 0;
    const late = (10 + bump) * (spikes.has(isoDate(weekEnding)) ? 3 : 1);
    lines.push(`${isoDate(date)},${late},${1000 + bump}`);
  }
  return `${lines.join('\n')}\n`;
}
