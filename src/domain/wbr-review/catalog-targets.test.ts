import { describe, expect, it } from 'vitest';
import type { Deck, SixTwelveChartBlock } from '../wbr/deck-types.js';
import { withCatalogTargets } from './catalog-targets.js';

const XMR = { values: [], baselineWeeks: 26, shownWeeks: 6, goodDirection: null, centreLine: null, upperLimit: null, lowerLimit: null, averageMovingRange: null, signals: [] };

function chart(title: string, metrics: string[], overrides: Partial<SixTwelveChartBlock> = {}): SixTwelveChartBlock {
  return {
    plotStyle: '6_12_chart', title, yLabel: '', yScale: '##', boxTotalScale: '%', axes: 1, xAxis: [], tooltip: 'false', annotations: [],
    yAxis: metrics.map((name) => ({ lineStyle: 'primary', metric: { current: [], previous: [] }, legendName: name })),
    table: { tableBody: [] },
    pulse: { xmr: Object.fromEntries(metrics.map((name) => [name, XMR])) },
    ...overrides,
  };
}

function deckOf(blocks: Deck['blocks']): Deck {
  return { blocks, title: 'Review', weekEnding: '21 November 2026', blockStartingNumber: 1, xAxisMonthlyDisplay: null, annotationErrors: null };
}

const targetsOf = (deck: Deck, index: number) => (deck.blocks[index] as SixTwelveChartBlock).pulse?.catalogTargets;

describe('catalog targets on a week\'s charts', () => {
  it('carries each charted metric\'s target in the chart\'s own values, matched by name as the catalog links metrics', () => {
    const deck = withCatalogTargets(deckOf([
      chart('On time', ['Same-day on time'], { yScale: '##.1%' }),
      chart('Damage', ['Damaged items'], { yScale: '##bps' }),
      chart('Orders', ['Orders shipped', 'Orders returned'], { yScale: '##.1KK' }),
    ]), [
      { name: 'same-day  ON TIME', target: 97, unit: '%' },
      { name: 'Damaged items', target: 12, unit: 'bps' },
      { name: 'Orders shipped', target: 48_000, unit: 'orders' },
      { name: 'Orders returned', target: null, unit: 'orders' },
    ]);
    expect(targetsOf(deck, 0)).toEqual({ 'Same-day on time': { value: 0.97, written: 97, unit: '%' } });
    expect(targetsOf(deck, 1)).toEqual({ 'Damaged items': { value: 0.0012, written: 12, unit: 'bps' } });
    expect(targetsOf(deck, 2)).toEqual({ 'Orders shipped': { value: 48_000, written: 48_000, unit: 'orders' } });
  });

  it('leaves alone a chart whose config draws its own target, charts of metrics without one, and other blocks', () => {
    const own = chart('On time', ['Same-day on time']);
    own.yAxis.push({ lineStyle: 'target', Target: { current: [], previous: [] }, legendName: 'Plan' });
    const section = { plotStyle: 'section' as const, title: 'Inputs' };
    const before = deckOf([own, chart('Refunds', ['Refunds']), section]);
    const after = withCatalogTargets(before, [{ name: 'Same-day on time', target: 97, unit: '%' }, { name: 'Refunds', target: null, unit: '' }]);
    expect(after).toEqual(before);
    expect(withCatalogTargets(before, [])).toBe(before);
  });
});
