import { describe, expect, it } from 'vitest';
import type { Deck } from '../wbr/deck-types.js';
import { metricWeekInDeck } from './metric-week.js';

const deckWith = (xmr: Record<string, Array<number | null>>, yScale = ''): Deck => ({
  blocks: [{ plotStyle: '6_12_chart', yScale, pulse: { xmr: Object.fromEntries(Object.entries(xmr).map(([name, values]) => [name, { values }])) } }],
}) as unknown as Deck;

describe('a catalog metric\'s last published week', () => {
  it('reads the last two weeks of the metric\'s series, matching its name as the catalog does', () => {
    const deck = deckWith({ 'Orders  delivered': [90, 100, 110], Revenue: [5, null] });
    expect(metricWeekInDeck(deck, 'orders delivered')).toEqual({ value: 110, valueText: '110', previousValue: 100, valueForTarget: 110, changePercent: 10 });
    expect(metricWeekInDeck(deck, 'Revenue')).toEqual({ value: null, valueText: null, previousValue: 5, valueForTarget: null, changePercent: null });
    // Written as the deck's chart writes it.
    expect(metricWeekInDeck(deckWith({ 'On time': [0.9, 0.912] }, '##.1%'), 'On time')?.valueText).toBe('91.2%');
    expect(metricWeekInDeck(deck, 'Churn')).toBeNull();
    // A catalog name that only looks like the chart's (full-width letters, a soft hyphen) is the same metric.
    expect(metricWeekInDeck(deck, 'ＯＲＤＥＲＳ de\u00adlivered')?.value).toBe(110);
    expect(metricWeekInDeck(deckWith({ Refunds: [0, -3] }), 'Refunds')).toMatchObject({ value: -3, previousValue: 0, changePercent: null });
    expect(metricWeekInDeck(deckWith({ Loss: [-4, -2] }), 'Loss')?.changePercent).toBe(50);
  });
});

describe('the value a target is compared with', () => {
  it('is the value as a percent or bps chart shows it, and the plain value on any other chart', () => {
    expect(metricWeekInDeck(deckWith({ 'On time': [0.9, 0.57] }, '##.1%'), 'On time')?.valueForTarget).toBe(57); // not 56.99999999999999
    expect(metricWeekInDeck(deckWith({ Margin: [0.02, 0.0215] }, '##bps'), 'Margin')?.valueForTarget).toBe(215);
    expect(metricWeekInDeck(deckWith({ Revenue: [1, 2_345_678] }, '##.1MM'), 'Revenue')?.valueForTarget).toBe(2_345_678);
  });
});

