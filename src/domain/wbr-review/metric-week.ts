import type { Deck } from '../wbr/deck-types.js';
import { formatScaled, parseYScaling } from '../wbr/html/y-scaling-format.js';
import { nameKey } from '../names.js';
import { chartedMetrics } from './lag.js';

/**
 * A catalog metric's last published week, read from a week's deck: the value of the week and of the week before
 * (the last two weeks of its XmR series), for an initiative's record to show how its inputs move. The deck names
 * metrics as its config does; a catalog metric matches by name, case and spacing aside (as anomaly owners do).
 */
export interface MetricWeek {
  value: number | null;
  /** The value as the deck's chart writes it (its y_scaling: `91.0%`, `2.3M`); null when blank. */
  valueText: string | null;
  previousValue: number | null;
  /**
   * The value in the unit a catalog target is written in: as the chart shows it for a percent or bps chart (0.962 on a
   * `%` chart is 96.2, as a target of 97 means), as it is for any other (a `KK` or `MM` chart only abbreviates it).
   * Rounded to 12 significant digits, so that 0.57 on a `%` chart is 57, not 56.99999999999999.
   */
  valueForTarget: number | null;
  /** The change on the week before, in percent; null when either week is blank or the week before is zero. */
  changePercent: number | null;
}

/**
 * What a chart's values are multiplied by to read them as the chart shows them, which is the unit a catalog target
 * is written in: 100 on a percent chart (0.962 reads 96.2%), 10,000 on a bps one, 1 otherwise (`KK` or `MM` only
 * abbreviate).
 */
export function shownFactor(yScale: string): number {
  const { unit } = parseYScaling(yScale);
  return unit === '%' ? 100 : unit === 'bps' ? 10_000 : 1;
}

export function metricWeekInDeck(deck: Deck, catalogName: string): MetricWeek | null {
  const key = nameKey(catalogName);
  for (const [name, { values, yScale }] of chartedMetrics(deck)) {
    if (nameKey(name) !== key || values.length === 0) continue;
    const value = values[values.length - 1] ?? null;
    const previousValue = values.length > 1 ? (values[values.length - 2] ?? null) : null;
    const changePercent = value === null || previousValue === null || previousValue === 0 ? null : ((value - previousValue) / Math.abs(previousValue)) * 100;
    const scaling = parseYScaling(yScale);
    const valueText = value === null ? null : formatScaled(value, scaling, true);
    return { value, valueText, previousValue, valueForTarget: value === null ? null : Number((value * shownFactor(yScale)).toPrecision(12)), changePercent };
  }
  return null;
}
