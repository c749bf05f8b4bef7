import { AppError } from '../errors.js';
import type { Deck, DeckAlert } from '../wbr/deck-types.js';
import type { GoodDirection, WbrConfig } from '../wbr/wbr-config.js';
import type { AnomalySignal } from './review-rules.js';

/**
 * Alerts on the week's change, beside the XmR signals: a metric can be watched for a week-over-week or a
 * year-over-year change beyond a threshold the review sets (a 10% weekly drop in orders is worth a question even
 * when the process limits are wide). The changes are the deck's own box totals (WOW and YOY), so an alert fires on
 * exactly the number the room reads, in its unit: percent, or basis points for a metric compared in bps.
 */

export const ALERT_RULES = ['wow_alert', 'yoy_alert'] as const;
export type AlertRule = (typeof ALERT_RULES)[number];

export const ALERT_LIMITS = { maxThreshold: 1_000_000, maxAlerts: 500 } as const;

/** A metric's alert thresholds, each in the unit of its box totals (percent, or bps); null when not watched. */
export interface AlertThreshold {
  metric: string;
  wow: number | null;
  yoy: number | null;
}

export interface WeeklyChange {
  wow: number | null;
  yoy: number | null;
  unit: '%' | 'bps';
  goodDirection: GoodDirection | null;
}

const asNumber = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);

/**
 * This week's WOW and YOY box totals of every metric a 6-12 chart shows (the first chart that shows it). A chart's
 * box table has one row per metric that is not a target line, in the block's order; the deck keeps the config's
 * block order, so the config names each row.
 */
export function weeklyChanges(config: WbrConfig, deck: Deck): Map<string, WeeklyChange> {
  const changes = new Map<string, WeeklyChange>();
  config.deck.forEach((blockConfig, index) => {
    const block = deck.blocks[index];
    if (blockConfig.uiType !== '6_12Graph' || block === undefined || block.plotStyle !== '6_12_chart') return;
    const rows = blockConfig.metrics.filter((metric) => metric.lineStyle !== 'target');
    rows.forEach((metric, row) => {
      const metricConfig = config.metricsByName.get(metric.name);
      const box = block.table.tableBody[row];
      if (metricConfig === undefined || box === undefined || changes.has(metric.name)) return;
      changes.set(metric.name, { wow: asNumber(box[1]), yoy: asNumber(box[2]), unit: metricConfig.comparison === 'bps' ? 'bps' : '%', goodDirection: metricConfig.goodDirection });
    });
  });
  return changes;
}

/** Whether a change goes beyond a threshold in the bad direction (either direction when none is declared). */
function breaches(change: number, threshold: number, goodDirection: GoodDirection | null): boolean {
  if (goodDirection === 'up') return change <= -threshold;
  if (goodDirection === 'down') return change >= threshold;
  return Math.abs(change) >= threshold;
}

/** The alerts that fire on a week: each box total beyond its threshold, with the numbers (the deck carries them). */
export function weekAlerts(changes: ReadonlyMap<string, WeeklyChange>, thresholds: readonly AlertThreshold[]): DeckAlert[] {
  const alerts: DeckAlert[] = [];
  for (const threshold of thresholds) {
    const change = changes.get(threshold.metric);
    if (change === undefined) continue;
    for (const [rule, value, limit] of [['wow_alert', change.wow, threshold.wow], ['yoy_alert', change.yoy, threshold.yoy]] as const) {
      if (value === null || limit === null || !breaches(value, limit, change.goodDirection)) continue;
      alerts.push({ metric: threshold.metric, rule, change: value, threshold: limit, unit: change.unit });
    }
  }
  return alerts;
}

/** The alerts a published week raises, as signals on its own week. */
export function alertSignals(alerts: readonly DeckAlert[], weekEnding: string): AnomalySignal[] {
  return alerts.map((alert) => ({ metric: alert.metric, rule: alert.rule, direction: alert.change >= 0 ? 'up' : 'down', weekEnding }));
}

/** A bad entry is named by its index, and a bad threshold by its own key (`alerts.0.wow`), so the refusal points at it. */
const invalid = (message: string, index: number, key?: 'wow' | 'yoy') =>
  new AppError('validation_failed', `alerts[${index}]${key === undefined ? '' : `.${key}`}: ${message}`, { field: key === undefined ? `alerts.${index}` : `alerts.${index}.${key}` });

/**
 * A deck's thresholds, checked: each on a metric of its config, once, with at least one positive threshold. A
 * metric the config no longer has keeps its alert until it is removed here (its alert simply finds no change).
 */
export function checkAlertThresholds(thresholds: readonly AlertThreshold[], configMetrics: ReadonlySet<string>): AlertThreshold[] {
  if (thresholds.length > ALERT_LIMITS.maxAlerts) throw new AppError('validation_failed', `alerts: at most ${ALERT_LIMITS.maxAlerts} metrics can have alerts.`, { field: 'alerts' });
  const seen = new Set<string>();
  return thresholds.map((threshold, index) => {
    if (!configMetrics.has(threshold.metric)) throw invalid(`"${threshold.metric}" is not a metric of this deck's config.`, index);
    if (seen.has(threshold.metric)) throw invalid(`"${threshold.metric}" has alerts twice: set both thresholds in one entry.`, index);
    seen.add(threshold.metric);
    for (const [name, value] of [['wow', threshold.wow], ['yoy', threshold.yoy]] as const) {
      if (value !== null && !(Number.isFinite(value) && value > 0 && value <= ALERT_LIMITS.maxThreshold)) {
        throw invalid(`must be a number above 0 and at most ${ALERT_LIMITS.maxThreshold} (percent, or bps for a metric compared in bps), or null.`, index, name);
      }
    }
    if (threshold.wow === null && threshold.yoy === null) throw invalid(`"${threshold.metric}" needs a wow or a yoy threshold (or leave it out).`, index);
    return { metric: threshold.metric, wow: threshold.wow, yoy: threshold.yoy };
  });
}
