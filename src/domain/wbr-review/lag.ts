import { AppError } from '../errors.js';
import type { Deck } from '../wbr/deck-types.js';

/**
 * How strongly an output metric follows an input metric, week by week, at lags of 0 to 12 weeks: the input moves
 * first and the output answers later, which is why a WBR reviews inputs. Measured on week-over-week changes, not
 * levels: two metrics that both grow correlate at every lag, whatever drives what, while their changes correlate
 * only where one moves with the other.
 */

export const MAX_LAG_WEEKS = 12;
/** Fewer pairs than this and a correlation says little; it is reported as null. */
export const MIN_LAG_PAIRS = 8;

export interface LagCorrelation {
  /** Weeks the output trails the input by. */
  lag: number;
  /** Weeks with both changes known at this lag. */
  pairs: number;
  /** Pearson's r of the input's change and the output's change `lag` weeks later; null with too few pairs or no variation. */
  r: number | null;
}

/** Week-over-week changes of a weekly series (null where either week is missing). */
function changes(values: ReadonlyArray<number | null>): Array<number | null> {
  const result: Array<number | null> = [];
  for (let week = 1; week < values.length; week++) {
    const before = values[week - 1];
    const now = values[week];
    result.push(before === null || before === undefined || now === null || now === undefined ? null : now - before);
  }
  return result;
}

function pearson(xs: readonly number[], ys: readonly number[]): number | null {
  const n = xs.length;
  let sumX = 0;
  let sumY = 0;
  for (let i = 0; i < n; i++) {
    sumX += xs[i] as number;
    sumY += ys[i] as number;
  }
  const meanX = sumX / n;
  const meanY = sumY / n;
  let covariance = 0;
  let varianceX = 0;
  let varianceY = 0;
  for (let i = 0; i < n; i++) {
    const dx = (xs[i] as number) - meanX;
    const dy = (ys[i] as number) - meanY;
    covariance += dx * dy;
    varianceX += dx * dx;
    varianceY += dy * dy;
  }
  if (varianceX === 0 || varianceY === 0) return null;
  return covariance / Math.sqrt(varianceX * varianceY);
}

/** The correlation at each lag from 0 to `maxLag` of two weekly series covering the same weeks, oldest first. */
export function laggedCorrelations(input: ReadonlyArray<number | null>, output: ReadonlyArray<number | null>, maxLag = MAX_LAG_WEEKS): LagCorrelation[] {
  const inputChanges = changes(input);
  const outputChanges = changes(output);
  const correlations: LagCorrelation[] = [];
  for (let lag = 0; lag <= maxLag; lag++) {
    const xs: number[] = [];
    const ys: number[] = [];
    for (let week = lag; week < outputChanges.length; week++) {
      const x = inputChanges[week - lag];
      const y = outputChanges[week];
      if (x === null || x === undefined || y === null || y === undefined) continue;
      xs.push(x);
      ys.push(y);
    }
    correlations.push({ lag, pairs: xs.length, r: xs.length < MIN_LAG_PAIRS ? null : pearson(xs, ys) });
  }
  return correlations;
}

/** The lag where the output follows the input most closely (largest |r|), or null when no lag has enough pairs. */
export function strongestLag(correlations: readonly LagCorrelation[]): LagCorrelation | null {
  let best: LagCorrelation | null = null;
  for (const correlation of correlations) {
    if (correlation.r === null) continue;
    if (best === null || Math.abs(correlation.r) > Math.abs(best.r as number)) best = correlation;
  }
  return best;
}

/** A metric charted in a deck: its weekly series (its XmR weeks: baseline then shown), and its chart's y_scaling. */
export interface ChartedMetric {
  values: Array<number | null>;
  yScale: string;
}

/** Every metric charted in a deck, by name, as its first chart shows it. */
export function chartedMetrics(deck: Deck): Map<string, ChartedMetric> {
  const metrics = new Map<string, ChartedMetric>();
  for (const block of deck.blocks) {
    if (block.plotStyle !== '6_12_chart' || block.pulse === undefined) continue;
    for (const [metric, xmr] of Object.entries(block.pulse.xmr)) if (!metrics.has(metric)) metrics.set(metric, { values: xmr.values, yScale: block.yScale });
  }
  return metrics;
}

/** The weekly series of every metric charted in a deck (its XmR weeks: baseline then shown), by metric name. */
export function chartedWeeklySeries(deck: Deck): Map<string, Array<number | null>> {
  return new Map([...chartedMetrics(deck)].map(([metric, charted]) => [metric, charted.values]));
}

/**
 * The lag analysis of two charted metrics of a published week; a metric the deck does not chart is refused by name,
 * and so is one metric asked for as both: it follows itself perfectly in the same week, which says nothing.
 */
export function lagAnalysis(deck: Deck, inputMetric: string, outputMetric: string) {
  const series = chartedWeeklySeries(deck);
  const pick = (field: 'input' | 'output', name: string) => {
    const values = series.get(name);
    if (values === undefined) {
      const known = [...series.keys()];
      throw new AppError('validation_failed', `${field}: "${name}" is not a metric charted in this week's deck${known.length > 0 ? ` (charted: ${known.join(', ')})` : ''}.`, { field });
    }
    return values;
  };
  const inputValues = pick('input', inputMetric);
  const outputValues = pick('output', outputMetric);
  if (inputMetric === outputMetric) {
    throw new AppError('validation_failed', `output: choose a metric other than the input ("${inputMetric}"): a metric always moves with itself, so it would show a perfect correlation that means nothing.`, { field: 'output' });
  }
  const correlations = laggedCorrelations(inputValues, outputValues);
  return { input: inputMetric, output: outputMetric, weeks: Math.min(inputValues.length, outputValues.length), correlations, strongest: strongestLag(correlations) };
}
