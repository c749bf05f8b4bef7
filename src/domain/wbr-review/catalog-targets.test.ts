import { describe, expect, it } from 'vitest';
import { FULFILMENT_CONFIG, fulfilmentCsv } from '../../../test/support/wbr-review-fixture.js';
import type { Deck, SixTwelveChartBlock } from '../wbr/deck-types.js';
import { buildWbrDeck, createDataScanner, parseWbrConfig } from '../wbr/wbr-deck.js';
import { assertMayOverrideCatalogDirections, metricDirection, withCatalogDirections, withCatalogTargets } from './catalog-targets.js';
import { reviewAnomalySignals } from './review-rules.js';

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

describe('the catalog\'s good direction on a week\'s charts', () => {
  // The fixture as the WBR App writes it: no good_direction anywhere (a Pulse-only key).
  const appConfig = FULFILMENT_CONFIG.replaceAll(/\n\s+good_direction: \w+/g, '');
  // Late deliveries fall to a fifth in the week ending 4 January: far below the lower limit, an improvement.
  const csv = fulfilmentCsv('2025-01-04').replace(/^(2024-12-(29|30|31)|2025-01-0[1-4]),\d+,/gm, '$1,2,');
  const catalog = [{ name: 'late  DELIVERIES', goodDirection: 'down' as const }, { name: 'Orders shipped', goodDirection: null }];

  function signalsOf(configText: string, directions: typeof catalog) {
    const config = withCatalogDirections(parseWbrConfig(configText, { fileName: 'config.yaml' }), directions);
    const scanner = createDataScanner(config, 'data.csv');
    scanner.push(new TextEncoder().encode(csv));
    return reviewAnomalySignals(buildWbrDeck({ config, data: scanner.end(), withSignals: true }), null);
  }

  it('judges a metric the config leaves undirected in its catalog metric\'s direction: a sharp fall in late deliveries is no anomaly', () => {
    expect(appConfig).not.toContain('good_direction');
    // Without the catalog, the fall is judged both ways and raised as a problem.
    expect(signalsOf(appConfig, [])).toContainEqual(expect.objectContaining({ metric: 'Late deliveries', rule: 'outside_limits', direction: 'down', weekEnding: '2025-01-04' }));
    expect(signalsOf(appConfig, catalog).filter((signal) => signal.metric === 'Late deliveries' && signal.direction === 'down')).toEqual([]);
  });

  it('keeps the config\'s direction when it sets one, and says when the catalog disagrees', () => {
    expect(metricDirection({ name: 'Late deliveries', goodDirection: null }, catalog)).toEqual({ goodDirection: 'down', from: 'catalog', conflict: null });
    expect(metricDirection({ name: 'Late deliveries', goodDirection: 'down' }, catalog)).toEqual({ goodDirection: 'down', from: 'config', conflict: null });
    expect(metricDirection({ name: 'Late deliveries', goodDirection: 'up' }, catalog)).toEqual({
      goodDirection: 'up',
      from: 'config',
      conflict: 'The config says up is good for "Late deliveries"; the catalog\'s "late  DELIVERIES" says down. The review reads the config\'s: change one so that they agree.',
    });
    expect(metricDirection({ name: 'Orders shipped', goodDirection: null }, catalog)).toEqual({ goodDirection: null, from: null, conflict: null });
    expect(metricDirection({ name: 'Returns', goodDirection: 'up' }, catalog)).toEqual({ goodDirection: 'up', from: 'config', conflict: null });
    // The config's `up` wins: the fall is raised.
    const upIsGood = FULFILMENT_CONFIG.replace('good_direction: down', 'good_direction: up');
    expect(signalsOf(upIsGood, catalog)).toContainEqual(expect.objectContaining({ metric: 'Late deliveries', direction: 'down', weekEnding: '2025-01-04' }));
  });
});

describe('who may set a direction against the catalog\'s', () => {
  const catalog = [{ name: 'late  DELIVERIES', goodDirection: 'down' as const, ownerPersonId: 'kofi', ownerName: 'Kofi Mensah' }];
  const flipped = [{ name: 'Late deliveries', line: 7, goodDirection: 'up' as const }];
  const member = (personId: string | null) => ({ role: 'member' as const, personId });

  it('refuses a member who does not own the metric, and lets its owner and an admin', () => {
    expect(() => assertMayOverrideCatalogDirections(member('sam'), [], flipped, catalog)).toThrow(/^Line 7 \(metrics\.Late deliveries\): good_direction up goes against the catalog's "late  DELIVERIES", which says down is good; only its owner \(Kofi Mensah\) or an admin/);
    expect(() => assertMayOverrideCatalogDirections(member(null), [], flipped, catalog)).toThrow(/only its owner/);
    expect(() => assertMayOverrideCatalogDirections(member('kofi'), [], flipped, catalog)).not.toThrow();
    expect(() => assertMayOverrideCatalogDirections({ role: 'admin', personId: null }, [], flipped, catalog)).not.toThrow();
  });

  it('keeps a disagreement the config already had, and checks only directions against the catalog\'s', () => {
    expect(() => assertMayOverrideCatalogDirections(member('sam'), [{ name: 'Late  deliveries', goodDirection: 'up' }], flipped, catalog)).not.toThrow();
    expect(() => assertMayOverrideCatalogDirections(member('sam'), [{ name: 'Late deliveries', goodDirection: 'down' }], flipped, catalog)).toThrow(/good_direction up/);
    expect(() => assertMayOverrideCatalogDirections(member('sam'), [], [{ name: 'Late deliveries', line: 7, goodDirection: 'down' }, { name: 'Orders', line: 12, goodDirection: 'up' }], catalog)).not.toThrow();
    expect(() => assertMayOverrideCatalogDirections(member('sam'), [], flipped, [{ ...catalog[0]!, goodDirection: null }])).not.toThrow();
  });

  it('names an admin alone for a metric nobody owns', () => {
    expect(() => assertMayOverrideCatalogDirections(member('sam'), [], flipped, [{ ...catalog[0]!, ownerPersonId: null, ownerName: '' }])).toThrow(/only an admin may/);
  });
});
