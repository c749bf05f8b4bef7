import { can, type Role } from '../accounts/roles.js';
import { AppError } from '../errors.js';
import type { Deck, DeckCatalogTarget } from '../wbr/deck-types.js';
import type { GoodDirection, WbrConfig } from '../wbr/wbr-config.js';
import { shownFactor } from './metric-week.js';
import { catalogMetricFor } from './review-rules.js';

/**
 * The metric catalog's targets on a week's charts. A catalog target says where a metric's week should be (97% of
 * orders on time); the WBR App's configs draw targets only from a column of the data. When a week is published,
 * each charted metric with a target in the catalog carries it, converted to the chart's values (a percent chart
 * holds 0.97 for 97%), so that the week's deck shows the line the metric is held to, as it was that week.
 *
 * A chart whose config draws a target line of its own keeps only that one: two targets on one chart would
 * contradict each other.
 */
export interface CatalogTargetEntry {
  name: string;
  target: number | null;
  unit: string;
}

export function withCatalogTargets(deck: Deck, catalog: readonly CatalogTargetEntry[]): Deck {
  const withTargets = catalog.filter((entry) => entry.target !== null);
  if (withTargets.length === 0) return deck;
  const blocks = deck.blocks.map((block) => {
    if (block.plotStyle !== '6_12_chart' || block.pulse === undefined) return block;
    if (block.yAxis.some((line) => line.lineStyle === 'target' || line.metric === undefined)) return block;
    const targets: Record<string, DeckCatalogTarget> = {};
    const factor = shownFactor(block.yScale);
    for (const metric of Object.keys(block.pulse.xmr)) {
      const entry = catalogMetricFor(metric, withTargets);
      if (entry === undefined || entry.target === null) continue;
      // Rounded like the values read for a target (metric-week.ts), so that 97 / 100 is 0.97, not 0.9700000000000001.
      targets[metric] = { value: Number((entry.target / factor).toPrecision(12)), written: entry.target, unit: entry.unit };
    }
    return Object.keys(targets).length === 0 ? block : { ...block, pulse: { ...block.pulse, catalogTargets: targets } };
  });
  return { ...deck, blocks };
}

/**
 * The metric catalog's good direction for the review. The App's configs have no `good_direction` (it is Pulse's
 * own key), so a config brought over unchanged would judge every metric both ways: a sharp fall in refund time
 * would open an anomaly "below the lower limit" for its owner to explain, an improvement treated as a problem. The
 * catalog says which way is good once for the org; a charted metric linked to a catalog metric (by name, as the
 * deck's page links them) is read in the catalog's direction unless the config sets its own. A config that sets the
 * other direction keeps it (it is the file `pulse wbr build` reads too, so the app and the CLI raise the same
 * signals), and the deck's page says that the two disagree.
 */
export interface CatalogDirectionEntry {
  name: string;
  goodDirection: GoodDirection | null;
}

export interface MetricDirection {
  /** The direction the review judges the metric in; null when neither the config nor the catalog has one. */
  goodDirection: GoodDirection | null;
  from: 'config' | 'catalog' | null;
  /** Set when the config and the linked catalog metric name opposite directions (the config's is read). */
  conflict: string | null;
}

export function metricDirection(metric: { name: string; goodDirection: GoodDirection | null }, catalog: readonly CatalogDirectionEntry[]): MetricDirection {
  const entry = catalogMetricFor(metric.name, catalog);
  const catalogDirection = entry?.goodDirection ?? null;
  if (metric.goodDirection === null) return { goodDirection: catalogDirection, from: catalogDirection === null ? null : 'catalog', conflict: null };
  const conflict = entry !== undefined && catalogDirection !== null && catalogDirection !== metric.goodDirection
    ? `The config says ${metric.goodDirection} is good for "${metric.name}"; the catalog's "${entry.name}" says ${catalogDirection}. The review reads the config's: change one so that they agree.`
    : null;
  return { goodDirection: metric.goodDirection, from: 'config', conflict };
}

/** The config as a week is built from it: each metric without a good_direction takes its catalog metric's. */
export function withCatalogDirections(config: WbrConfig, catalog: readonly CatalogDirectionEntry[]): WbrConfig {
  if (!catalog.some((entry) => entry.goodDirection !== null)) return config;
  const metrics = config.metrics.map((metric) => (metric.goodDirection === null ? { ...metric, goodDirection: metricDirection(metric, catalog).goodDirection } : metric));
  return { ...config, metrics, metricsByName: new Map(metrics.map((metric) => [metric.name, metric])) };
}

export interface CatalogDirectionOwner extends CatalogDirectionEntry {
  ownerPersonId: string | null;
  ownerName: string;
}

/**
 * Who may make a config judge a catalog metric against the catalog's direction. The config's `good_direction`
 * outranks the catalog's (metricDirection), so a config saying "up is good" for a metric whose owner wrote "down"
 * turns every bad week of it into no anomaly at all: a member who may not edit the metric in the catalog could
 * silence its owner's signals through any deck. So a direction against the catalog's is set only by the catalog
 * metric's owner (through the login linked to their person record) or whoever manages the review. A disagreement
 * the deck's config already had (the catalog changed since, or an admin set it) is kept through later edits.
 */
export function assertMayOverrideCatalogDirections(
  actor: { role: Role; personId: string | null },
  before: readonly { name: string; goodDirection: GoodDirection | null }[],
  after: readonly { name: string; line: number; goodDirection: GoodDirection | null }[],
  catalog: readonly CatalogDirectionOwner[],
): void {
  if (can(actor.role, 'wbr.manage')) return;
  for (const metric of after) {
    if (metricDirection(metric, catalog).conflict === null) continue;
    const entry = catalogMetricFor(metric.name, catalog);
    if (entry === undefined || (actor.personId !== null && actor.personId === entry.ownerPersonId)) continue;
    const alreadySet = before.some((earlier) => earlier.goodDirection === metric.goodDirection && catalogMetricFor(earlier.name, catalog) === entry);
    if (alreadySet) continue;
    const owner = entry.ownerPersonId === null ? 'an admin' : `its owner (${entry.ownerName}) or an admin`;
    throw new AppError(
      'forbidden',
      `Line ${metric.line} (metrics.${metric.name}): good_direction ${metric.goodDirection ?? ''} goes against the catalog's "${entry.name}", which says ${entry.goodDirection ?? ''} is good; only ${owner} may have the review judge it the other way. Remove good_direction to use the catalog's, or ask its owner.`,
      { field: 'config', line: metric.line },
    );
  }
}
