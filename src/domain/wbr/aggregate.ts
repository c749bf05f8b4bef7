import type { Aggregation } from './wbr-config.js';

/**
 * The aggregation functions (`aggf`), over `values[from..to)`, with the WBR App's two sets of semantics:
 *
 * - `day`: many CSV rows of one date become one daily value (pandas `groupby(...).aggregate`, `sum` with
 *   `min_count=1`): a day whose rows are all blank is blank.
 * - `period`: daily values become a week, a month or a to-date total (the App's `metric_aggregation`):
 *   `sum` is blank as soon as one day is blank, and a period with no day at all sums to 0.
 *
 * Every other aggf skips blanks in both; with nothing left, it is blank (`count` and `nunique` give 0,
 * `prod` gives 1, as pandas does).
 *
 * Sums, means and variances add in the order and with the rounding of the App's own code, so that its numbers
 * come out to the last bit (all 9 reference scenarios do): a period's NaN-propagating `sum` is numpy's pairwise
 * sum, pandas' grouped `sum` and `mean` (a day's rows, a period's mean) use Kahan-compensated addition, and its
 * grouped `var` and `std` Welford's method.
 */
export type AggregationMode = 'day' | 'period';

export function aggregateRange(aggregation: Aggregation, values: ArrayLike<number>, from: number, to: number, mode: AggregationMode): number {
  switch (aggregation) {
    case 'sum':
      // NaN as soon as one value is NaN (and 0 for no value at all).
      if (mode === 'period') return numpySum(values, from, to);
      return kahanSum(values, from, to, false);
    case 'mean':
      return kahanSum(values, from, to, true);
    case 'min': {
      let best = Number.NaN;
      for (let i = from; i < to; i++) {
        const value = values[i] as number;
        if (value === value && !(value >= best)) best = value;
      }
      return best;
    }
    case 'max': {
      let best = Number.NaN;
      for (let i = from; i < to; i++) {
        const value = values[i] as number;
        if (value === value && !(value <= best)) best = value;
      }
      return best;
    }
    case 'first':
      for (let i = from; i < to; i++) if ((values[i] as number) === (values[i] as number)) return values[i] as number;
      return Number.NaN;
    case 'last':
      for (let i = to - 1; i >= from; i--) if ((values[i] as number) === (values[i] as number)) return values[i] as number;
      return Number.NaN;
    case 'count': {
      let count = 0;
      for (let i = from; i < to; i++) if ((values[i] as number) === (values[i] as number)) count++;
      return count;
    }
    case 'median': {
      const present = presentValues(values, from, to).sort((a, b) => a - b);
      if (present.length === 0) return Number.NaN;
      const middle = present.length >> 1;
      return present.length % 2 === 1 ? (present[middle] as number) : ((present[middle - 1] as number) + (present[middle] as number)) / 2;
    }
    case 'std':
    case 'var': {
      // pandas' grouped var (std is its square root): Welford's running mean and sum of squared deviations, one
      // pass over the values that are not blank, divided by n - 1.
      let count = 0;
      let mean = 0;
      let squares = 0;
      for (let i = from; i < to; i++) {
        const value = values[i] as number;
        if (value !== value) continue;
        count++;
        const before = mean;
        mean += (value - before) / count;
        squares += (value - mean) * (value - before);
      }
      if (count < 2) return Number.NaN;
      const variance = squares / (count - 1);
      return aggregation === 'var' ? variance : Math.sqrt(variance);
    }
    case 'nunique':
      return new Set(presentValues(values, from, to)).size;
    case 'prod': {
      let product = 1;
      for (let i = from; i < to; i++) {
        const value = values[i] as number;
        if (value === value) product *= value;
      }
      return product;
    }
  }
}

/**
 * numpy's sum of a float64 array, which pandas' `Series.sum` calls: fewer than 8 values one after another; up to
 * 128 values in 8 running totals (every 8th value each), combined in pairs, then the rest; longer arrays split in
 * two halves (the first a multiple of 8 long) summed the same way. NaN propagates.
 */
function numpySum(values: ArrayLike<number>, from: number, to: number): number {
  const length = to - from;
  if (length < 8) {
    let total = 0;
    for (let i = from; i < to; i++) total += values[i] as number;
    return total;
  }
  if (length <= 128) {
    let r0 = values[from] as number;
    let r1 = values[from + 1] as number;
    let r2 = values[from + 2] as number;
    let r3 = values[from + 3] as number;
    let r4 = values[from + 4] as number;
    let r5 = values[from + 5] as number;
    let r6 = values[from + 6] as number;
    let r7 = values[from + 7] as number;
    const blocksEnd = to - (length % 8);
    let i = from + 8;
    for (; i < blocksEnd; i += 8) {
      r0 += values[i] as number;
      r1 += values[i + 1] as number;
      r2 += values[i + 2] as number;
      r3 += values[i + 3] as number;
      r4 += values[i + 4] as number;
      r5 += values[i + 5] as number;
      r6 += values[i + 6] as number;
      r7 += values[i + 7] as number;
    }
    let total = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
    for (; i < to; i++) total += values[i] as number;
    return total;
  }
  let half = Math.floor(length / 2);
  half -= half % 8;
  return numpySum(values, from, from + half) + numpySum(values, from + half, to);
}

/**
 * pandas' grouped `sum` (with `min_count=1`) or `mean`: the values that are not blank, added with Kahan's
 * compensation (a compensation made NaN by an infinite value is dropped, as pandas does); blank when none is left.
 */
function kahanSum(values: ArrayLike<number>, from: number, to: number, isMean: boolean): number {
  let total = 0;
  let compensation = 0;
  let count = 0;
  for (let i = from; i < to; i++) {
    const value = values[i] as number;
    if (value !== value) continue;
    count++;
    const y = value - compensation;
    const t = total + y;
    compensation = t - total - y;
    if (compensation !== compensation) compensation = 0;
    total = t;
  }
  if (count === 0) return Number.NaN;
  return isMean ? total / count : total;
}

function presentValues(values: ArrayLike<number>, from: number, to: number): number[] {
  const present: number[] = [];
  for (let i = from; i < to; i++) {
    const value = values[i] as number;
    if (value === value) present.push(value);
  }
  return present;
}

/** Aggregations for which one row per day gives the row's value as the daily value. */
export function isIdentityForSingleRows(aggregation: Aggregation): boolean {
  return aggregation === 'sum' || aggregation === 'mean' || aggregation === 'min' || aggregation === 'max'
    || aggregation === 'first' || aggregation === 'last' || aggregation === 'median';
}
