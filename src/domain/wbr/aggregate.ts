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
 */
export type AggregationMode = 'day' | 'period';

export function aggregateRange(aggregation: Aggregation, values: ArrayLike<number>, from: number, to: number, mode: AggregationMode): number {
  switch (aggregation) {
    case 'sum': {
      if (mode === 'period') {
        let total = 0;
        for (let i = from; i < to; i++) total += values[i] as number;
        return total; // NaN as soon as one value is NaN
      }
      let total = 0;
      let count = 0;
      for (let i = from; i < to; i++) {
        const value = values[i] as number;
        if (value === value) { total += value; count++; }
      }
      return count === 0 ? Number.NaN : total;
    }
    case 'mean': {
      let total = 0;
      let count = 0;
      for (let i = from; i < to; i++) {
        const value = values[i] as number;
        if (value === value) { total += value; count++; }
      }
      return count === 0 ? Number.NaN : total / count;
    }
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
      const present = presentValues(values, from, to);
      if (present.length < 2) return Number.NaN;
      const mean = present.reduce((sum, value) => sum + value, 0) / present.length;
      const variance = present.reduce((sum, value) => sum + (value - mean) * (value - mean), 0) / (present.length - 1);
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
