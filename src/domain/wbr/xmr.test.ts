import { describe, expect, it } from 'vitest';
import { computeXmrSignals, XMR_LIMIT_FACTOR } from './xmr.js';
import type { XmrSignal } from './xmr.js';

// Hand-worked baseline used by most tests: eight weeks alternating 10 and 12.
//   centre = (4 × 10 + 4 × 12) / 8 = 11
//   moving ranges = seven differences of 2, so mR̄ = 2
//   limits = 11 ± 2.66 × 2 = 11 ± 5.32 → upper 16.32, lower 5.68
//   "near a limit" = beyond the midpoint: above 11 + 2.66 = 13.66 or below 11 − 2.66 = 8.34
const BASELINE_ENDING_HIGH = [10, 12, 10, 12, 10, 12, 10, 12];
const BASELINE_ENDING_LOW = [12, 10, 12, 10, 12, 10, 12, 10];

function xmrOver(baseline: ReadonlyArray<number | null>, shown: ReadonlyArray<number | null>, goodDirection?: 'up' | 'down') {
  return computeXmrSignals([...baseline, ...shown], { baselineWeeks: baseline.length, shownWeeks: shown.length, goodDirection });
}

function summary(signals: ReadonlyArray<XmrSignal>): string[] {
  return signals.map((s) => `${s.rule} ${s.direction} ${s.fromIndex}-${s.toIndex}@${s.index}${s.isAnomaly ? '' : ' (good)'}`);
}

describe('computeXmrSignals: limits', () => {
  it('takes the centre as the baseline mean and the limits as centre ± 2.66 × mean moving range', () => {
    const result = xmrOver(BASELINE_ENDING_HIGH, [11, 11]);
    expect(result.status).toBe('ok');
    expect(result.reason).toBeNull();
    expect(result.limits?.centre).toBe(11);
    expect(result.limits?.averageMovingRange).toBe(2);
    expect(result.limits?.upper).toBeCloseTo(16.32, 12);
    expect(result.limits?.lower).toBeCloseTo(5.68, 12);
    expect(result).toMatchObject({ baselineStart: 0, baselineEnd: 8, shownStart: 8, baselinePoints: 8, movingRanges: 7 });
    expect(result.isConstantBaseline).toBe(false);
    expect(result.signals).toEqual([]);
    expect(XMR_LIMIT_FACTOR).toBe(2.66);
  });

  it('uses the 26 weeks before the last 6 by default and ignores older weeks', () => {
    // 10 old weeks at 1000 would wreck the limits if they were read.
    const series = [...Array<number>(10).fill(1000), ...Array.from({ length: 26 }, (_, i) => (i % 2 === 0 ? 10 : 12)), 11, 11, 11, 11, 11, 11];
    const result = computeXmrSignals(series, {});
    expect(result).toMatchObject({ baselineStart: 10, baselineEnd: 36, shownStart: 36, baselinePoints: 26, movingRanges: 25 });
    expect(result.limits?.centre).toBe(11);
    expect(result.limits?.averageMovingRange).toBe(2);
  });

  it('does not clamp a lower limit below zero', () => {
    // centre 2, mR̄ 4 → lower = 2 − 10.64 = −8.64, upper = 12.64
    const result = xmrOver([0, 4, 0, 4, 0, 4, 0, 4], [3]);
    expect(result.limits?.lower).toBeCloseTo(-8.64, 12);
    expect(result.limits?.upper).toBeCloseTo(12.64, 12);
  });

  it('leaves missing baseline weeks out of the mean and of the moving ranges', () => {
    // Ten values 10,12,…,12 (mean 11); the only ranges are the eight after the gap, each 2.
    const withNull = xmrOver([10, null, 12, 10, 12, 10, 12, 10, 12, 10, 12], [11]);
    expect(withNull).toMatchObject({ status: 'ok', baselinePoints: 10, movingRanges: 8 });
    expect(withNull.limits).toMatchObject({ centre: 11, averageMovingRange: 2 });
    const withNaN = xmrOver([10, Number.NaN, 12, 10, 12, 10, 12, 10, 12, 10, 12], [11]);
    expect(withNaN.limits).toEqual(withNull.limits);
  });

  it('reads a Float64Array with NaN for missing weeks like an array with nulls', () => {
    const typed = computeXmrSignals(Float64Array.from([10, Number.NaN, 12, 10, 12, 10, 12, 10, 12, 10, 12, 17]), { baselineWeeks: 11, shownWeeks: 1 });
    const plain = computeXmrSignals([10, null, 12, 10, 12, 10, 12, 10, 12, 10, 12, 17], { baselineWeeks: 11, shownWeeks: 1 });
    expect(typed).toEqual(plain);
    expect(summary(typed.signals)).toEqual(['outside_limits up 11-11@11']);
  });

  it('reports a too-short baseline instead of inventing limits', () => {
    const result = xmrOver([10, 12, 10, 12, 10, 12, 10], [30]);
    expect(result.status).toBe('insufficient_baseline');
    expect(result.limits).toBeNull();
    expect(result.signals).toEqual([]);
    expect(result.reason).toContain('at least 8 baseline weeks');
    expect(result.reason).toContain('have 7 values');
  });

  it('reports a baseline whose values are too scattered by gaps to give moving ranges', () => {
    // Eight values, but no two adjacent: zero moving ranges.
    const result = xmrOver([10, null, 12, null, 10, null, 12, null, 10, null, 12, null, 10, null, 12], [11]);
    expect(result).toMatchObject({ status: 'insufficient_baseline', baselinePoints: 8, movingRanges: 0, limits: null });
  });

  it('handles a series shorter than the shown window: no baseline at all', () => {
    const result = computeXmrSignals([5, 6, 7], {});
    expect(result).toMatchObject({ status: 'insufficient_baseline', baselineStart: 0, baselineEnd: 0, shownStart: 0, baselinePoints: 0 });
  });

  it('honours a smaller minBaselinePoints', () => {
    // Four values 10,12,10,12: centre 11, three ranges of 2 → mR̄ 2.
    const result = computeXmrSignals([10, 12, 10, 12, 20], { baselineWeeks: 4, shownWeeks: 1, minBaselinePoints: 4 });
    expect(result.status).toBe('ok');
    expect(summary(result.signals)).toEqual(['outside_limits up 4-4@4']);
  });

  it('gives a constant baseline limits equal to the centre, so any different value is outside them', () => {
    const result = xmrOver([5, 5, 5, 5, 5, 5, 5, 5], [5, 6, 4]);
    expect(result.isConstantBaseline).toBe(true);
    expect(result.limits).toEqual({ centre: 5, averageMovingRange: 0, upper: 5, lower: 5 });
    expect(summary(result.signals)).toEqual(['outside_limits up 9-9@9', 'outside_limits down 10-10@10']);
  });

  it('never fires "near a limit" on a constant baseline, where limits and centre coincide', () => {
    const result = xmrOver([5, 5, 5, 5, 5, 5, 5, 5], [6, 6, 6, 6]);
    expect(result.signals.map((s) => s.rule)).toEqual(['outside_limits', 'outside_limits', 'outside_limits', 'outside_limits']);
  });

  it('treats a value equal to the centre up to rounding as on the centre', () => {
    // The mean of eight 0.1s is 0.09999999999999999 in floating point, not 0.1.
    const result = xmrOver(Array<number>(8).fill(0.1), [0.1, 0.1]);
    expect(result.limits?.centre).not.toBe(0.1);
    expect(result.signals).toEqual([]);
  });
});

describe('computeXmrSignals: outside_limits', () => {
  it('flags each point beyond a limit with its direction', () => {
    // 17 > 16.32 and 5 < 5.68; 16 and 6 are inside.
    const result = xmrOver(BASELINE_ENDING_HIGH, [16, 17, 6, 5]);
    expect(summary(result.signals)).toEqual(['outside_limits up 9-9@9', 'outside_limits down 11-11@11']);
  });

  it('marks movements in the good direction as signals that are not anomalies', () => {
    expect(summary(xmrOver(BASELINE_ENDING_HIGH, [17, 5], 'up').signals)).toEqual([
      'outside_limits up 8-8@8 (good)',
      'outside_limits down 9-9@9',
    ]);
    expect(summary(xmrOver(BASELINE_ENDING_HIGH, [17, 5], 'down').signals)).toEqual([
      'outside_limits up 8-8@8',
      'outside_limits down 9-9@9 (good)',
    ]);
  });

  it('checks only the shown window by default and the whole series with scope "all"', () => {
    // Baseline 10,12,10,12,10,12,10,30: centre 13.25, mR̄ = (6 × 2 + 20) / 7 = 32/7,
    // upper = 13.25 + 2.66 × 32/7 = 25.41 → the 30 in the baseline is beyond it.
    const series = [10, 12, 10, 12, 10, 12, 10, 30, 13];
    const shownOnly = computeXmrSignals(series, { baselineWeeks: 8, shownWeeks: 1 });
    expect(shownOnly.limits?.upper).toBeCloseTo(13.25 + (2.66 * 32) / 7, 12);
    expect(shownOnly.signals).toEqual([]);
    const all = computeXmrSignals(series, { baselineWeeks: 8, shownWeeks: 1, scope: 'all' });
    expect(summary(all.signals)).toEqual(['outside_limits up 7-7@7']);
  });

  it('ignores missing weeks in the shown window', () => {
    expect(xmrOver(BASELINE_ENDING_HIGH, [null, Number.NaN, Number.POSITIVE_INFINITY]).signals).toEqual([]);
  });
});

describe('computeXmrSignals: three_of_four_near_limit', () => {
  it('fires when 3 of 4 consecutive points are beyond the midpoint towards the upper limit', () => {
    // 14, 12, 14, 15: three above 13.66 (none above 16.32), window = weeks 8-11.
    const result = xmrOver(BASELINE_ENDING_HIGH, [14, 12, 14, 15]);
    expect(summary(result.signals)).toEqual(['three_of_four_near_limit up 8-11@11']);
  });

  it('fires on the lower side too, and is not an anomaly when down is good', () => {
    // 8, 10, 8, 7: three below 8.34 (none below 5.68).
    const result = xmrOver(BASELINE_ENDING_HIGH, [8, 10, 8, 7], 'down');
    expect(summary(result.signals)).toEqual(['three_of_four_near_limit down 8-11@11 (good)']);
  });

  it('needs three on the same side: two up and two down is no signal', () => {
    expect(xmrOver(BASELINE_ENDING_HIGH, [14, 8, 14, 8]).signals).toEqual([]);
  });

  it('merges overlapping windows into one signal that ends at the last near point', () => {
    // Windows ending at weeks 10 (12,14,14,14) and 11 (14,14,14,12) both fire; week 11 is not near.
    const result = xmrOver(BASELINE_ENDING_HIGH, [14, 14, 14, 12]);
    expect(summary(result.signals)).toEqual(['three_of_four_near_limit up 8-10@10']);
  });

  it('counts a point beyond the limit as near it, so both rules can fire on one week', () => {
    const result = xmrOver(BASELINE_ENDING_HIGH, [14, 14, 17]);
    expect(summary(result.signals)).toEqual(['outside_limits up 10-10@10', 'three_of_four_near_limit up 8-10@10']);
  });

  it('does not count a missing week as near a limit', () => {
    expect(xmrOver(BASELINE_ENDING_HIGH, [14, null, 14, 11]).signals).toEqual([]);
  });
});

describe('computeXmrSignals: eight_on_one_side', () => {
  it('fires on the eighth consecutive point above the centre', () => {
    // 11.5 is above the centre 11 but not near the limit (13.66); the baseline ends below the centre.
    const result = xmrOver(BASELINE_ENDING_LOW, Array<number>(8).fill(11.5));
    expect(summary(result.signals)).toEqual(['eight_on_one_side up 8-15@15']);
  });

  it('does not fire on seven', () => {
    expect(xmrOver(BASELINE_ENDING_LOW, Array<number>(7).fill(11.5)).signals).toEqual([]);
  });

  it('counts a run that began in the baseline from its true first week', () => {
    // The baseline ends with 12 (above 11), so the run is weeks 7-14 and fires at week 14.
    const result = xmrOver(BASELINE_ENDING_HIGH, Array<number>(8).fill(11.5));
    expect(summary(result.signals)).toEqual(['eight_on_one_side up 7-15@15']);
  });

  it('extends one signal over a longer run, below the centre here', () => {
    const result = xmrOver(BASELINE_ENDING_HIGH, Array<number>(10).fill(10.5));
    expect(summary(result.signals)).toEqual(['eight_on_one_side down 8-17@17']);
  });

  it('is broken by a missing week and by a point on the centre', () => {
    const run = Array<number>(4).fill(11.5);
    expect(xmrOver(BASELINE_ENDING_LOW, [...run, null, ...run]).signals).toEqual([]);
    expect(xmrOver(BASELINE_ENDING_LOW, [...run, 11, ...run]).signals).toEqual([]);
  });

  it('orders signals by week, outside_limits first within a week', () => {
    const result = xmrOver(BASELINE_ENDING_LOW, [11.5, 11.5, 11.5, 11.5, 11.5, 11.5, 11.5, 17]);
    expect(summary(result.signals)).toEqual(['outside_limits up 15-15@15', 'eight_on_one_side up 8-15@15']);
  });
});
