import { describe, expect, it } from 'vitest';
import { FULFILMENT_CONFIG, fulfilmentCsv } from '../../../test/support/wbr-review-fixture.js';
import { buildWbrDeckFromText } from '../wbr/wbr-deck.js';
import { chartedWeeklySeries, lagAnalysis, laggedCorrelations, MIN_LAG_PAIRS, strongestLag } from './lag.js';

/** A weekly series whose changes are `steps`, starting at 100. */
const fromSteps = (steps: readonly number[]) => steps.reduce<number[]>((series, step) => [...series, (series.at(-1) as number) + step], [100]);

describe('lagged correlations', () => {
  // Irregular input changes; the output repeats them three weeks later, halved.
  const inputSteps = [3, -1, 4, 1, -5, 9, -2, 6, -5, 3, 5, -8, 9, -7, 9, 3, -2, 3, -8, 4, 6, -2, 6, -4, 3, 3, -8, 3, 2, -7, 9];
  const outputSteps = [0, 0, 0, ...inputSteps.slice(0, -3).map((step) => step / 2)];
  const input = fromSteps(inputSteps);
  const output = fromSteps(outputSteps);

  it('finds the lag at which the output repeats the input', () => {
    const correlations = laggedCorrelations(input, output);
    expect(correlations).toHaveLength(13);
    expect(correlations[3]?.r).toBeCloseTo(1, 10);
    expect(strongestLag(correlations)?.lag).toBe(3);
    expect(Math.abs(correlations[0]?.r as number)).toBeLessThan(0.5);
  });

  it('counts the pairs, and gives no correlation with too few of them or without variation', () => {
    const correlations = laggedCorrelations(input, output);
    expect(correlations[0]?.pairs).toBe(31);
    expect(correlations[12]?.pairs).toBe(19);
    const short = laggedCorrelations(input.slice(0, MIN_LAG_PAIRS), output.slice(0, MIN_LAG_PAIRS));
    expect(short.every((correlation) => correlation.r === null)).toBe(true);
    expect(strongestLag(short)).toBeNull();
    const flat = laggedCorrelations(input, input.map(() => 5));
    expect(flat.every((correlation) => correlation.r === null)).toBe(true);
  });

  it('skips weeks with a missing value instead of treating them as zero', () => {
    const gappy = output.map((value, week) => (week === 10 ? null : value));
    const correlations = laggedCorrelations(input, gappy);
    // Week 10 missing removes the changes into and out of it.
    expect(correlations[3]?.pairs).toBe(26);
    expect(correlations[3]?.r).toBeCloseTo(1, 10);
  });

  it('does not mistake two growing metrics for related ones', () => {
    // Both grow steadily with their own week-to-week noise: their levels correlate above 0.99 at every lag.
    const growth = input.map((_, week) => 100 + week * 5 + ((week * 7) % 5));
    const otherGrowth = input.map((_, week) => 40 + week * 2 + ((week * 3) % 4));
    const correlations = laggedCorrelations(growth, otherGrowth);
    expect(correlations.every((correlation) => correlation.r !== null && Math.abs(correlation.r) < 0.6)).toBe(true);
  });
});

describe('lag analysis of a published deck', () => {
  const deck = buildWbrDeckFromText({ configText: FULFILMENT_CONFIG, configFile: 'config.yaml', csvText: fulfilmentCsv('2025-01-04'), csvFile: 'data.csv', withSignals: true });

  it('reads the weekly series of the charted metrics', () => {
    const series = chartedWeeklySeries(deck);
    expect([...series.keys()]).toEqual(['Late deliveries', 'Orders shipped']);
    expect(series.get('Late deliveries')).toHaveLength(32);
  });

  it('names the charted metrics when asked for one the deck does not chart', () => {
    expect(() => lagAnalysis(deck, 'Pick rate', 'Orders shipped')).toThrow('input: "Pick rate" is not a metric charted in this week\'s deck (charted: Late deliveries, Orders shipped).');
    expect(lagAnalysis(deck, 'Late deliveries', 'Orders shipped')).toMatchObject({ input: 'Late deliveries', output: 'Orders shipped', weeks: 32 });
  });

  it('refuses one metric as both the input and the output, naming the output', () => {
    expect(() => lagAnalysis(deck, 'Late deliveries', 'Late deliveries')).toThrow(expect.objectContaining({ code: 'validation_failed', details: expect.objectContaining({ field: 'output' }) }));
    expect(() => lagAnalysis(deck, 'Late deliveries', 'Late deliveries')).toThrow('output: choose a metric other than the input ("Late deliveries")');
  });
});
