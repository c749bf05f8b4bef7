import type { Deck, DeckCatalogTarget } from '../wbr/deck-types.js';
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
