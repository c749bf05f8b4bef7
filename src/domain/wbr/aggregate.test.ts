import { describe, expect, it } from 'vitest';
import { aggregateRange } from './aggregate.js';

/**
 * Sums, means and variances to the last bit, as the WBR App's numpy and pandas code computes them. The expected
 * values come from numpy (`np.array(x).sum()`) and pandas (`Series(x).groupby(...).sum()` / `.mean()` / `.var()` /
 * `.std()`); the plain way (adding one value after another, or a two-pass variance) gives a different last bit in
 * each case below.
 */
const PRICES = [67.52, 32.71, 32.28, 32.17, 15.29, 65.19, 86.14, 86.95, 68.0, 7.78, 61.77, 89.41, 29.2, 25.0, 59.88, 15.89, 57.31, 36.33,
  45.48, 36.52, 80.43, 99.72, 57.15, 43.93, 20.72, 91.65];

function oneAfterAnother(values: readonly number[]): number {
  let total = 0;
  for (const value of values) total += value;
  return total;
}

const all = (values: readonly number[], aggregation: 'sum' | 'mean', mode: 'day' | 'period'): number =>
  aggregateRange(aggregation, values, 0, values.length, mode);

describe('aggregateRange adds as the App does', () => {
  it("a period's sum is numpy's pairwise sum", () => {
    expect(oneAfterAnother(PRICES)).toBe(1344.4200000000003);
    expect(all(PRICES, 'sum', 'period')).toBe(1344.42);
    const tenths = Array<number>(10).fill(0.1);
    expect(oneAfterAnother(tenths)).toBe(0.9999999999999999);
    expect(all(tenths, 'sum', 'period')).toBe(1);
  });

  it('a long period (a year to date) is summed in halves, as numpy does beyond 128 values', () => {
    const days = Array.from({ length: 200 }, (_, i) => 0.1 * i + 0.01);
    expect(oneAfterAnother(days)).toBe(1991.9999999999993);
    expect(all(days, 'sum', 'period')).toBe(1992.0000000000002);
  });

  it("a day's rows are summed, and any mean is taken, with pandas' Kahan-compensated grouped sum", () => {
    expect(all(PRICES, 'sum', 'day')).toBe(1344.42);
    expect(oneAfterAnother(PRICES) / PRICES.length).toBe(51.70846153846155);
    expect(all(PRICES, 'mean', 'period')).toBe(51.70846153846154);
    expect(all(PRICES, 'mean', 'day')).toBe(51.70846153846154);
  });

  it("var and std are pandas' grouped ones (Welford's method), skipping blanks", () => {
    const scores = [86.57, 85.69, 78.12, 45.18, 85.5, 18.99, 80.39, 47.58, 61.4, 18.62, 44.66, 14.18];
    const mean = oneAfterAnother(scores) / scores.length;
    expect(scores.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (scores.length - 1)).toBe(784.5358424242423);
    expect(aggregateRange('var', scores, 0, scores.length, 'period')).toBe(784.5358424242426);
    expect(aggregateRange('std', [...scores, Number.NaN], 0, scores.length + 1, 'day')).toBe(28.009566980305898);
    expect(aggregateRange('std', [1, Number.NaN], 0, 2, 'period')).toBeNaN();
  });

  it('keeps the blank rules: a period sum is blank with a blank day and 0 without days; grouped sums and means skip blanks', () => {
    expect(all([1, Number.NaN, 2], 'sum', 'period')).toBeNaN();
    expect(all(Array<number>(20).fill(1).concat(Number.NaN), 'sum', 'period')).toBeNaN();
    expect(all([], 'sum', 'period')).toBe(0);
    expect(all([1, Number.NaN, 2], 'sum', 'day')).toBe(3);
    expect(all([Number.NaN, Number.NaN], 'sum', 'day')).toBeNaN();
    expect(all([1, Number.NaN, 2], 'mean', 'period')).toBe(1.5);
    expect(all([], 'mean', 'period')).toBeNaN();
  });

  it('an infinite value gives an infinite grouped sum, not NaN (pandas drops the compensation it spoils)', () => {
    expect(all([1, Number.POSITIVE_INFINITY, 2], 'sum', 'day')).toBe(Number.POSITIVE_INFINITY);
    expect(all([1, Number.NEGATIVE_INFINITY, 2], 'mean', 'period')).toBe(Number.NEGATIVE_INFINITY);
  });
});
