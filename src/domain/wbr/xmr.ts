/**
 * XmR (individuals and moving range) process-behaviour limits and run rules for one metric's weekly
 * series. This is what tells a WBR reader whether a movement is a signal or routine noise.
 *
 * Index convention: every index in the result is an index into the `values` array given to
 * {@link computeXmrSignals} (oldest first). The shown window is the last `shownWeeks` entries; the
 * baseline is the `baselineWeeks` entries just before it.
 *
 * It runs once per metric (10,000 metrics in the benchmark), so it makes two passes over the
 * baseline and one over the evaluated range, and allocates nothing but the result and its signals.
 */

/** The three detection rules, by stable id. */
export type XmrRuleId = 'outside_limits' | 'three_of_four_near_limit' | 'eight_on_one_side';

export type XmrDirection = 'up' | 'down';

export interface XmrOptions {
  /** How many weeks before the shown window form the baseline. Default 26. */
  baselineWeeks?: number;
  /** How many of the most recent weeks the deck shows. Default 6. */
  shownWeeks?: number;
  /** Which direction is good for this metric; a signal in the good direction is not an anomaly. */
  goodDirection?: XmrDirection;
  /**
   * The fewest baseline values with which limits are computed. Default 8: with fewer, the average
   * moving range rests on a handful of differences and the limits jump whenever a week is added.
   */
  minBaselinePoints?: number;
  /** Which weeks are checked for signals: the shown window (default) or the whole series. */
  scope?: 'shown' | 'all';
}

export interface XmrLimits {
  /** Centre line: the mean of the baseline values. */
  centre: number;
  /** Mean of |x_i − x_{i−1}| over adjacent baseline weeks that both have a value. */
  averageMovingRange: number;
  /** centre + 2.66 × averageMovingRange. */
  upper: number;
  /**
   * centre − 2.66 × averageMovingRange, never clamped. A negative lower limit on a metric that
   * cannot go negative changes no signal (no value can fall below it), while clamping it to zero
   * would be wrong for metrics that can go negative (differences, margins, growth rates).
   */
  lower: number;
}

export interface XmrSignal {
  rule: XmrRuleId;
  /** The week at which the signal stands: the point itself, or the last point of a run. */
  index: number;
  /** First week of the run (equal to `index` for `outside_limits`). */
  fromIndex: number;
  /** Last week of the run (equal to `index`). */
  toIndex: number;
  /** `up` when the values are above the centre line, `down` when below. */
  direction: XmrDirection;
  /** True unless the metric declares a good direction and the movement goes that way. */
  isAnomaly: boolean;
}

export type XmrStatus = 'ok' | 'insufficient_baseline';

export interface XmrResult {
  /** `insufficient_baseline`: too few baseline values, so no limits and no signals are given. */
  status: XmrStatus;
  /** Why the status is not `ok`, in words for the deck reader; null when it is. */
  reason: string | null;
  /** Baseline range [baselineStart, baselineEnd) and shown range [shownStart, length). */
  baselineStart: number;
  baselineEnd: number;
  shownStart: number;
  /** Baseline weeks that have a value, and adjacent pairs of them (moving ranges). */
  baselinePoints: number;
  movingRanges: number;
  /** Null unless status is `ok`. */
  limits: XmrLimits | null;
  /** The baseline did not vary at all (average moving range 0): limits equal the centre. */
  isConstantBaseline: boolean;
  /** In time order of their `index`; for one index, outside_limits before the run rules. */
  signals: XmrSignal[];
}

/** Wheeler's scaling constant for individuals charts: 3 / d2 with d2 = 1.128 for ranges of two. */
export const XMR_LIMIT_FACTOR = 2.66;

const DEFAULT_BASELINE_WEEKS = 26;
const DEFAULT_SHOWN_WEEKS = 6;
const DEFAULT_MIN_BASELINE_POINTS = 8;
const NEAR_WINDOW = 4;
const NEAR_REQUIRED = 3;
const RUN_LENGTH = 8;

/**
 * The series with every missing week as NaN: null, and any value that is not finite (NaN from an empty bucket,
 * ±Infinity). A Float64Array of finite values and NaN (what the deck builder passes) is used as it is.
 */
function weeklySeries(values: ArrayLike<number | null>): Float64Array {
  if (values instanceof Float64Array) {
    let clean = true;
    for (let i = 0; i < values.length; i++) if ((values[i] as number) - (values[i] as number) !== 0 && values[i] === values[i]) { clean = false; break; }
    if (clean) return values;
  }
  const series = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    series[i] = value === null || value === undefined || value - value !== 0 ? Number.NaN : value;
  }
  return series;
}

function wholeCount(value: number | undefined, fallback: number, minimum: number): number {
  if (value === undefined || !Number.isFinite(value)) return fallback;
  return Math.max(minimum, Math.floor(value));
}

/**
 * Computes XmR limits over the baseline and the signals of the three run rules.
 *
 * Missing values: they are left out of the mean, a moving range needs two adjacent weeks with
 * values, and a missing week counts as lying on the centre line, so it breaks a run on one side
 * and is never "near a limit". `values` may be a plain array (null = missing) or a Float64Array
 * (NaN = missing).
 */
export function computeXmrSignals(values: ArrayLike<number | null>, options: XmrOptions = {}): XmrResult {
  const series = weeklySeries(values);
  const length = series.length;
  const baselineWeeks = wholeCount(options.baselineWeeks, DEFAULT_BASELINE_WEEKS, 0);
  const shownWeeks = wholeCount(options.shownWeeks, DEFAULT_SHOWN_WEEKS, 0);
  const minBaselinePoints = wholeCount(options.minBaselinePoints, DEFAULT_MIN_BASELINE_POINTS, 2);
  const shownStart = Math.max(0, length - shownWeeks);
  const baselineEnd = shownStart;
  const baselineStart = Math.max(0, baselineEnd - baselineWeeks);

  // NaN compares false with everything, so a missing week needs no test of its own below.
  let sum = 0;
  let points = 0;
  let rangeSum = 0;
  let ranges = 0;
  let previous = Number.NaN;
  for (let i = baselineStart; i < baselineEnd; i++) {
    const x = series[i] as number;
    if (x === x) {
      sum += x;
      points++;
      if (previous === previous) {
        rangeSum += Math.abs(x - previous);
        ranges++;
      }
    }
    previous = x;
  }

  const base = { baselineStart, baselineEnd, shownStart, baselinePoints: points, movingRanges: ranges };
  if (points < minBaselinePoints || ranges < minBaselinePoints - 1) {
    return {
      status: 'insufficient_baseline',
      reason:
        `XmR limits need at least ${minBaselinePoints} baseline weeks with values, ${minBaselinePoints - 1} of them ` +
        `following another week with a value; the ${baselineEnd - baselineStart} weeks before the shown window ` +
        `have ${points} values and ${ranges} such pairs.`,
      ...base,
      limits: null,
      isConstantBaseline: false,
      signals: [],
    };
  }

  const centre = sum / points;
  const averageMovingRange = rangeSum / ranges;
  const spread = XMR_LIMIT_FACTOR * averageMovingRange;
  const limits: XmrLimits = { centre, averageMovingRange, upper: centre + spread, lower: centre - spread };
  const isConstantBaseline = averageMovingRange === 0;
  // Floating-point means of equal values need not equal them (0.1 three times averages to
  // 0.10000000000000002), so "on the centre" and "beyond a limit" allow a relative tolerance.
  const tolerance = 1e-9 * (Math.abs(centre) + averageMovingRange);
  const signals = findSignals(series, limits, tolerance, options.scope === 'all' ? 0 : shownStart, options.goodDirection);
  return { status: 'ok', reason: null, ...base, limits, isConstantBaseline, signals };
}

/**
 * The signals of the three rules from `scopeStart` on. One function with no calls of its own in its loop: it runs
 * once per chart metric, mostly before V8 has optimized it, where every call costs.
 */
function findSignals(series: Float64Array, limits: XmrLimits, tolerance: number, scopeStart: number, goodDirection: XmrDirection | undefined): XmrSignal[] {
  const { centre, upper, lower, averageMovingRange } = limits;
  const above = centre + tolerance;
  const below = centre - tolerance;
  const beyondUpper = upper + tolerance;
  const beyondLower = lower - tolerance;
  // "Nearer a limit than the centre" means beyond the midpoint between them. With no variation the
  // limits coincide with the centre, so no point is strictly nearer one than the other.
  const halfSpread = (upper - centre) / 2;
  const nearUpper = centre + halfSpread + tolerance;
  const nearLower = centre - halfSpread - tolerance;
  const hasNearZone = averageMovingRange > 0;
  // A signal is an anomaly unless it goes the metric's good way.
  const upIsAnomaly = goodDirection !== 'up';
  const downIsAnomaly = goodDirection !== 'down';
  const signals: XmrSignal[] = [];
  const length = series.length;

  // The run on one side is tracked from the first week, so a run that began before the scope
  // reports its true first week.
  let runSide = 0;
  let runLength = 0;
  let openNear: XmrSignal | null = null;
  let openRun: XmrSignal | null = null;

  for (let i = 0; i < length; i++) {
    const x = series[i] as number;
    const side = x > above ? 1 : x < below ? -1 : 0;
    if (side !== 0 && side === runSide) runLength++;
    else {
      runSide = side;
      runLength = side === 0 ? 0 : 1;
    }
    if (i < scopeStart) continue;

    if (x > beyondUpper) signals.push({ rule: 'outside_limits', index: i, fromIndex: i, toIndex: i, direction: 'up', isAnomaly: upIsAnomaly });
    else if (x < beyondLower) signals.push({ rule: 'outside_limits', index: i, fromIndex: i, toIndex: i, direction: 'down', isAnomaly: downIsAnomaly });

    // Three of the last four weeks beyond the same midpoint; the signal starts at the first of them.
    let nearSide = 0;
    let nearFrom = -1;
    if (hasNearZone && i >= NEAR_WINDOW - 1) {
      let aboveCount = 0;
      let belowCount = 0;
      let firstAbove = -1;
      let firstBelow = -1;
      for (let j = i - NEAR_WINDOW + 1; j <= i; j++) {
        const y = series[j] as number;
        if (y > nearUpper) {
          aboveCount++;
          if (firstAbove < 0) firstAbove = j;
        } else if (y < nearLower) {
          belowCount++;
          if (firstBelow < 0) firstBelow = j;
        }
      }
      if (aboveCount >= NEAR_REQUIRED) {
        nearSide = 1;
        nearFrom = firstAbove;
      } else if (belowCount >= NEAR_REQUIRED) {
        nearSide = -1;
        nearFrom = firstBelow;
      }
    }
    if (nearSide !== 0) {
      const isUp = nearSide > 0;
      const limit = isUp ? nearUpper : nearLower;
      if (openNear !== null) {
        // Windows of consecutive weeks overlap by three points, so both fire on the same side: they
        // are one signal, which grows to the latest near point.
        if (isUp ? x > limit : x < limit) openNear.toIndex = openNear.index = i;
      } else {
        let lastNear = i;
        while (!(isUp ? (series[lastNear] as number) > limit : (series[lastNear] as number) < limit)) lastNear--;
        openNear = { rule: 'three_of_four_near_limit', index: lastNear, fromIndex: nearFrom, toIndex: lastNear, direction: isUp ? 'up' : 'down', isAnomaly: isUp ? upIsAnomaly : downIsAnomaly };
        signals.push(openNear);
      }
    } else {
      openNear = null;
    }

    if (runLength >= RUN_LENGTH) {
      if (openRun !== null && runLength > RUN_LENGTH) {
        openRun.toIndex = openRun.index = i;
      } else {
        const isUp = runSide > 0;
        openRun = { rule: 'eight_on_one_side', index: i, fromIndex: i - runLength + 1, toIndex: i, direction: isUp ? 'up' : 'down', isAnomaly: isUp ? upIsAnomaly : downIsAnomaly };
        signals.push(openRun);
      }
    } else {
      openRun = null;
    }
  }
  // Signals were pushed when they started; a run that grew stands at its last week, so keep time order. Most lists
  // are in order already, and sort() copies its array even then.
  for (let i = 1; i < signals.length; i++) {
    if (bySignalOrder(signals[i - 1] as XmrSignal, signals[i] as XmrSignal) > 0) {
      signals.sort(bySignalOrder);
      break;
    }
  }
  return signals;
}

const RULE_ORDER: Record<XmrRuleId, number> = { outside_limits: 0, three_of_four_near_limit: 1, eight_on_one_side: 2 };

function bySignalOrder(a: XmrSignal, b: XmrSignal): number {
  return a.index - b.index || RULE_ORDER[a.rule] - RULE_ORDER[b.rule];
}
