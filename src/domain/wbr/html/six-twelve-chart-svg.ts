/**
 * The 6-12 chart as hand-written inline SVG: the trailing six weeks and the trailing twelve months on
 * one x axis, current year solid, prior year dashed, targets as triangles, the XmR natural process
 * limits as faint lines over the weekly part and XmR signals ringed. No chart library: a deck of
 * 10,000 charts must render in a second or two, and the result must need no script to display.
 *
 * Colours are CSS classes (see deck-stylesheet.ts) so the light, dark and print themes apply.
 */
import type { ChartValue, DeckCatalogTarget, DeckXmr, DeckXmrSignal, SeriesPair, SixTwelveChartBlock, XmrRuleId } from '../deck-types.js';
import { formatTarget } from '../../metrics/metric-rules.js';
import { escapeHtml } from './escape-html.js';
import { labelWidth, pointLabels, TICK_FONT_SIZE, tickLabels } from './chart-labels.js';
import type { LabelRoom } from './chart-labels.js';
import { formatScaled, parseYScaling, scaleValue } from './y-scaling-format.js';
import type { YScaling } from './y-scaling-format.js';

/** The chart's 19 slots: weeks 0-5, an empty separator slot, months 7-18. */
const WEEK_SLOTS = 6;
const MONTH_FIRST_SLOT = 7;
const SLOT_COUNT = 19;
/** How many line colours the stylesheet defines (`.s0` … `.s3`); more lines reuse them. */
export const SERIES_COLOUR_COUNT = 4;

/** The chart's viewBox: the PDF deck sizes its drawing from it. */
export const CHART_VIEWBOX = { width: 900, height: 290 } as const;
const WIDTH = CHART_VIEWBOX.width;
const HEIGHT = CHART_VIEWBOX.height;
const PAD_TOP = 22;
const PAD_BOTTOM = 28;
const PAD_LEFT = 62;
const PAD_RIGHT_ONE_AXIS = 16;
const PAD_RIGHT_TWO_AXES = 62;
/** Space between a tick label and the plot, and between the label and the chart's edge. */
const TICK_GAP = 8;
const EDGE_GAP = 2;
const PLOT_HEIGHT = HEIGHT - PAD_TOP - PAD_BOTTOM;
const TARGET_TICKS = 4;


/** One signal in words, for the list under the chart and the deck's signal index. */
export interface ChartSignalNote {
  /** The week's position among the chart's six (0 = oldest). */
  weekSlot: number;
  /** The x-axis label of the week (e.g. `wk 38`). */
  weekLabel: string;
  legendName: string;
  /** The metric signalling (the deck's XmR key): one metric charted on two charts shows the same signal on both. */
  metric: string;
  rule: XmrRuleId;
  direction: 'up' | 'down';
  isAnomaly: boolean;
  /** The whole sentence, e.g. `wk 38: above the upper natural process limit`. */
  text: string;
}

export interface ChartRender {
  svg: string;
  signals: ChartSignalNote[];
  /** Why a line has no XmR limits (too little history), one entry per such line. */
  xmrRemarks: string[];
}

interface Scale {
  low: number;
  high: number;
  step: number;
  /** Pixel y of the top (high) and bottom (low) of the plot. */
  top: number;
  bottom: number;
}

/** Each rule in words: a sentence for the chart's list and a few words for the deck's index. */
const RULE_WORDS: Record<XmrRuleId, Record<'up' | 'down', { sentence: string; brief: string }>> = {
  outside_limits: {
    up: { sentence: 'above the upper natural process limit', brief: 'above the upper limit' },
    down: { sentence: 'below the lower natural process limit', brief: 'below the lower limit' },
  },
  three_of_four_near_limit: {
    up: { sentence: '3 of 4 weeks nearer the upper limit than the centre line', brief: '3 of 4 near the upper limit' },
    down: { sentence: '3 of 4 weeks nearer the lower limit than the centre line', brief: '3 of 4 near the lower limit' },
  },
  eight_on_one_side: {
    up: { sentence: '8 weeks in a row above the centre line', brief: '8 weeks above the centre' },
    down: { sentence: '8 weeks in a row below the centre line', brief: '8 weeks below the centre' },
  },
};

export function describeRule(rule: XmrRuleId, direction: 'up' | 'down'): string {
  return RULE_WORDS[rule][direction].sentence;
}

export function describeRuleBriefly(rule: XmrRuleId, direction: 'up' | 'down'): string {
  return RULE_WORDS[rule][direction].brief;
}

/**
 * Coordinates are whole viewBox units: at 900 units across, one unit is about a screen pixel, and
 * integers print much faster than fractions (this runs some 300 times per chart).
 */
function pixel(value: number): number {
  return Math.round(value);
}

function slotX(slot: number, plotLeft: number, slotWidth: number): number {
  return pixel(plotLeft + slotWidth * (slot + 0.5));
}

/** The weekly (`primaryAxis`) or monthly (`secondaryAxis`) points of a series, if it has them. */
function weeklyPoints(pair: SeriesPair | undefined, which: 'current' | 'previous'): ChartValue[] | undefined {
  const series = pair?.[which];
  return series !== undefined && series.length === 2 ? series[0].primaryAxis : undefined;
}

function monthlyPoints(pair: SeriesPair | undefined, which: 'current' | 'previous'): ChartValue[] | undefined {
  const series = pair?.[which];
  return series !== undefined && series.length === 2 ? series[1].secondaryAxis : undefined;
}

function extendRange(range: [number, number], points: ChartValue[] | undefined, from: number, to: number): void {
  if (points === undefined) return;
  for (let i = from; i < to; i += 1) {
    const value = points[i];
    if (typeof value === 'number' && Number.isFinite(value)) {
      if (value < range[0]) range[0] = value;
      if (value > range[1]) range[1] = value;
    }
  }
}

function niceScale(range: [number, number], top: number, bottom: number, scaling: YScaling): Scale | null {
  let [min, max] = range;
  if (!(min <= max)) return null;
  if (min === max) {
    // A flat line sits mid-plot; a line of zeros gets a range of one of the mask's units (±1K for `KK`, ±1% for `%`).
    const pad = Math.abs(min) * 0.1 || 1 / scaleValue(1, scaling);
    min -= pad;
    max += pad;
  }
  // Divided before subtracting, so that a range from -1e308 to 1e308 does not overflow to Infinity.
  const rough = max / TARGET_TICKS - min / TARGET_TICKS;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const fraction = rough / magnitude;
  const step = (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 2.5 ? 2.5 : fraction <= 5 ? 5 : 10) * magnitude;
  // Ticks keep float noise (0.30000000000000004); labels go through toFixed, which hides it.
  return { low: Math.floor(min / step) * step, high: Math.ceil(max / step) * step, step, top, bottom };
}

function yOf(scale: Scale, value: number): number {
  return pixel(scale.bottom - ((value - scale.low) / (scale.high - scale.low)) * (scale.bottom - scale.top));
}

function ticksOf(scale: Scale): number[] {
  const ticks: number[] = [];
  const count = Math.round((scale.high - scale.low) / scale.step);
  for (let i = 0; i <= count; i += 1) ticks.push(scale.low + i * scale.step);
  return ticks;
}

interface AxisTicks {
  ticks: number[];
  labels: string[];
  /** The widest label's estimated width, in viewBox units. */
  width: number;
}

/** An axis's ticks and their labels, which fit in `availableWidth` where they can (see chart-labels.ts). */
function axisTicks(scale: Scale | null, scaling: YScaling, availableWidth: number): AxisTicks | null {
  if (scale === null) return null;
  const ticks = ticksOf(scale);
  const labels = tickLabels(ticks, scaling, availableWidth);
  return { ticks, labels, width: labels.reduce((width, label) => Math.max(width, labelWidth(label, TICK_FONT_SIZE)), 0) };
}

function axisSvg(scale: Scale, { ticks, labels }: AxisTicks, x: number, anchor: 'end' | 'start', gridFrom: number, gridTo: number): string {
  let grid = '';
  let text = '';
  for (let i = 0; i < ticks.length; i += 1) {
    const y = yOf(scale, ticks[i] ?? 0);
    grid += `M${gridFrom} ${y}H${gridTo}`;
    // Formatted numbers hold no character that needs escaping.
    text += `<text x="${x}" y="${pixel(y + 4)}" text-anchor="${anchor}">${labels[i]}</text>`;
  }
  return `<path class="grid" d="${grid}"/><g class="tick">${text}</g>`;
}

/** A polyline through the numeric points of slots [from, to), broken where a point is missing. */
function linePath(points: ChartValue[] | undefined, from: number, to: number, scale: Scale, plotLeft: number, slotWidth: number): string {
  if (points === undefined) return '';
  let d = '';
  let isDrawing = false;
  let count = 0;
  for (let i = from; i < to; i += 1) {
    const value = points[i];
    if (typeof value === 'number' && Number.isFinite(value)) {
      d += `${isDrawing ? 'L' : 'M'}${slotX(i, plotLeft, slotWidth)} ${yOf(scale, value)}`;
      isDrawing = true;
      count += 1;
    } else {
      isDrawing = false;
    }
  }
  // A lone point still needs a visible mark: a zero-length segment shows with round caps.
  return count === 1 ? d + 'h0.01' : d;
}

type MarkerShape = 'circle' | 'square' | 'diamond' | 'triangle';

const MARKER_BY_STYLE: Record<string, MarkerShape> = { primary: 'circle', secondary: 'square', tertiary: 'diamond' };

function markerPath(shape: MarkerShape, x: number, y: number): string {
  switch (shape) {
    case 'circle':
      return `M${x} ${y}m-3.5 0a3.5 3.5 0 1 0 7 0a3.5 3.5 0 1 0-7 0`;
    case 'square':
      return `M${x} ${y}m-3.2-3.2h6.4v6.4h-6.4z`;
    case 'diamond':
      return `M${x} ${y}m0-4.2l4.2 4.2-4.2 4.2-4.2-4.2z`;
    case 'triangle':
      return `M${x} ${y}m0-5.5l5 8.5h-10z`;
  }
}

function markersPath(points: ChartValue[] | undefined, from: number, to: number, shape: MarkerShape, scale: Scale, plotLeft: number, slotWidth: number): string {
  if (points === undefined) return '';
  let d = '';
  for (let i = from; i < to; i += 1) {
    const value = points[i];
    if (typeof value === 'number' && Number.isFinite(value)) d += markerPath(shape, slotX(i, plotLeft, slotWidth), yOf(scale, value));
  }
  return d;
}

function pointTitles(points: ChartValue[] | undefined, from: number, to: number, block: SixTwelveChartBlock, label: string, scaling: YScaling, scale: Scale, plotLeft: number, slotWidth: number): string {
  if (points === undefined) return '';
  let out = '';
  for (let i = from; i < to; i += 1) {
    const value = points[i];
    if (typeof value !== 'number' || !Number.isFinite(value)) continue;
    const x = slotX(i, plotLeft, slotWidth);
    const title = `${label}, ${block.xAxis[i] ?? ''}: ${formatScaled(value, scaling, true)}`;
    out += `<circle class="hit" cx="${x}" cy="${yOf(scale, value)}" r="7"><title>${escapeHtml(title)}</title></circle>`;
  }
  return out;
}

function dataLabels(points: ChartValue[] | undefined, from: number, to: number, scaling: YScaling, scale: Scale, plotLeft: number, slotWidth: number, room: LabelRoom): string {
  if (points === undefined) return '';
  const values: Array<number | null> = [];
  for (let i = from; i < to; i += 1) {
    const value = points[i];
    values.push(typeof value === 'number' && Number.isFinite(value) ? value : null);
  }
  const labels = pointLabels(values, scaling, slotWidth, room);
  let out = '';
  for (let i = from; i < to; i += 1) {
    const value = values[i - from];
    if (value === null || value === undefined) continue;
    const y = yOf(scale, value);
    // Above the point, unless that would leave the plot.
    const labelY = y - 9 < scale.top - 8 ? y + 16 : y - 9;
    // Formatted numbers hold no character that needs escaping.
    out += `<text x="${slotX(i, plotLeft, slotWidth)}" y="${pixel(labelY)}">${labels[i - from] ?? ''}</text>`;
  }
  return out;
}

/**
 * Pairs each non-target line with its XmR entry (keyed by metric name): by the legend name, which
 * is the metric name unless the config renames it, else by the shown weeks' values, which are the
 * last six of the XmR series. Pairing by position would be wrong: metrics without a prior year
 * (the YOY/WOW series) get no XmR entry, so entries and lines do not line up.
 */
/**
 * The metric each line draws, as the chart's Pulse extras name it (by metric, while lines carry legend names): the
 * legend name when it is a metric's, else the one metric whose XmR weeks are the line's six weeks.
 */
function metricNameByLine(block: SixTwelveChartBlock): Array<string | undefined> {
  const xmr = block.pulse?.xmr;
  if (xmr === undefined) return block.yAxis.map(() => undefined);
  const entries = Object.entries(xmr);
  return block.yAxis.map((line) => {
    if (line.lineStyle === 'target' || line.metric === undefined) return undefined;
    if (Object.prototype.hasOwnProperty.call(xmr, line.legendName)) return line.legendName;
    const weeks = weeklyPoints(line.metric, 'current');
    const matches = weeks === undefined ? [] : entries.filter(([, entry]) => showsSameWeeks(entry, weeks));
    return matches.length === 1 ? matches[0]?.[0] : undefined;
  });
}

function xmrByLine(block: SixTwelveChartBlock): Array<DeckXmr | undefined> {
  return metricNameByLine(block).map((name) => (name === undefined ? undefined : block.pulse?.xmr[name]));
}

/** Each line's target from the metric catalog, if the week carries one for its metric. */
export function catalogTargetsByLine(block: SixTwelveChartBlock): Array<DeckCatalogTarget | undefined> {
  const targets = block.pulse?.catalogTargets;
  if (targets === undefined) return block.yAxis.map(() => undefined);
  return metricNameByLine(block).map((name) => (name === undefined || !Object.prototype.hasOwnProperty.call(targets, name) ? undefined : targets[name]));
}

function showsSameWeeks(xmr: DeckXmr, weeks: ReadonlyArray<ChartValue>): boolean {
  const offset = xmr.values.length - WEEK_SLOTS;
  if (offset < 0) return false;
  let hasValue = false;
  for (let slot = 0; slot < WEEK_SLOTS; slot += 1) {
    const shown = weeks[slot];
    const value = xmr.values[offset + slot];
    const isShownMissing = typeof shown !== 'number' || !Number.isFinite(shown);
    const isValueMissing = typeof value !== 'number' || !Number.isFinite(value);
    if (isShownMissing || isValueMissing) {
      if (isShownMissing !== isValueMissing) return false;
      continue;
    }
    hasValue = true;
    if (Math.abs((shown as number) - value) > 1e-9 * Math.max(1, Math.abs(value))) return false;
  }
  return hasValue;
}

function signalNote(block: SixTwelveChartBlock, legendName: string, metric: string, signal: DeckXmrSignal, slot: number): ChartSignalNote {
  const weekLabel = block.xAxis[slot] ?? `week ${slot + 1}`;
  const text = `${weekLabel}: ${describeRule(signal.rule, signal.direction)}`;
  return { weekSlot: slot, weekLabel, legendName, metric, rule: signal.rule, direction: signal.direction, isAnomaly: signal.isAnomaly, text };
}

/** The signals a chart shows (those in its six weeks), in words, without drawing it. */
export function chartSignalNotes(block: SixTwelveChartBlock): ChartSignalNote[] {
  const notes: ChartSignalNote[] = [];
  const xmrLines = xmrByLine(block);
  const metrics = metricNameByLine(block);
  xmrLines.forEach((xmr, lineIndex) => {
    const line = block.yAxis[lineIndex];
    const metric = metrics[lineIndex];
    if (xmr === undefined || line === undefined || metric === undefined || xmr.upperLimit === null) return;
    for (const signal of xmr.signals) {
      const slot = chartSlotOfWeek(xmr, signal.weekIndex);
      if (slot >= 0 && slot < WEEK_SLOTS) notes.push(signalNote(block, line.legendName, metric, signal, slot));
    }
  });
  return notes.sort(byWeek);
}

function byWeek(a: ChartSignalNote, b: ChartSignalNote): number {
  return a.weekSlot - b.weekSlot;
}

/** Position (0-5) of an XmR week in the chart's six weeks, which are the series' last six. */
function chartSlotOfWeek(xmr: DeckXmr, weekIndex: number): number {
  return weekIndex - (xmr.values.length - WEEK_SLOTS);
}

function countValues(values: ReadonlyArray<number | null>, from: number, to: number): number {
  let count = 0;
  for (let i = Math.max(0, from); i < to; i += 1) {
    const value = values[i];
    if (typeof value === 'number' && Number.isFinite(value)) count += 1;
  }
  return count;
}

export function renderSixTwelveChart(block: SixTwelveChartBlock, chartId: string, title: string): ChartRender {
  const scaling = parseYScaling(block.yScale);
  const hasTwoAxes = block.axes === 2;
  const plotBottom = PAD_TOP + PLOT_HEIGHT;
  const xmrLines = xmrByLine(block);

  // Value ranges: weeks and months apart when the chart has two axes (the App's weekly axis on the
  // left, monthly on the right), together when it has one.
  const weekRange: [number, number] = [Infinity, -Infinity];
  const monthRange: [number, number] = [Infinity, -Infinity];
  for (const line of block.yAxis) {
    const pair = line.metric ?? line.Target;
    for (const which of ['current', 'previous'] as const) {
      extendRange(weekRange, weeklyPoints(pair, which), 0, WEEK_SLOTS);
      extendRange(monthRange, monthlyPoints(pair, which), MONTH_FIRST_SLOT, SLOT_COUNT);
    }
  }
  const hasWeeklyData = weekRange[0] <= weekRange[1];
  const catalogTargets = catalogTargetsByLine(block);
  // A target the weeks are far from still shows: the scale takes it in.
  if (hasWeeklyData) for (const target of catalogTargets) if (target !== undefined) extendRange(weekRange, [target.value], 0, 1);
  for (const xmr of xmrLines) {
    if (xmr === undefined || !hasWeeklyData || xmr.upperLimit === null || xmr.lowerLimit === null) continue;
    // Limits belong on the chart, but a lower limit below zero for data that never is would only
    // squash the lines: clamp what the scale sees (not the limit) at zero then.
    const floor = weekRange[0] >= 0 ? Math.max(0, xmr.lowerLimit) : xmr.lowerLimit;
    extendRange(weekRange, [floor, xmr.upperLimit], 0, 2);
  }
  if (!hasTwoAxes) {
    weekRange[0] = Math.min(weekRange[0], monthRange[0]);
    weekRange[1] = Math.max(weekRange[1], monthRange[1]);
  }
  const weekScale = niceScale(weekRange, PAD_TOP, plotBottom, scaling);
  const monthScale = hasTwoAxes ? niceScale(monthRange, PAD_TOP, plotBottom, scaling) : weekScale;

  // The plot leaves room for its tick labels: the usual margins, wider where a label still needs more.
  const leftTicks = axisTicks(weekScale, scaling, PAD_LEFT - TICK_GAP - EDGE_GAP);
  const rightTicks = hasTwoAxes ? axisTicks(monthScale, scaling, PAD_RIGHT_TWO_AXES - TICK_GAP - EDGE_GAP) : null;
  const plotLeft = Math.max(PAD_LEFT, Math.ceil((leftTicks?.width ?? 0) + TICK_GAP + EDGE_GAP));
  const plotRight = WIDTH - (hasTwoAxes ? Math.max(PAD_RIGHT_TWO_AXES, Math.ceil((rightTicks?.width ?? 0) + TICK_GAP + EDGE_GAP)) : PAD_RIGHT_ONE_AXIS);
  const slotWidth = (plotRight - plotLeft) / SLOT_COUNT;
  const weeksRight = pixel(plotLeft + slotWidth * WEEK_SLOTS);
  const monthsLeft = pixel(plotLeft + slotWidth * MONTH_FIRST_SLOT);

  let body = '';
  if (weekScale !== null && leftTicks !== null) body += axisSvg(weekScale, leftTicks, plotLeft - TICK_GAP, 'end', plotLeft, hasTwoAxes ? weeksRight : plotRight);
  if (hasTwoAxes && monthScale !== null && rightTicks !== null) body += axisSvg(monthScale, rightTicks, plotRight + TICK_GAP, 'start', monthsLeft, plotRight);
  const separatorX = pixel(plotLeft + slotWidth * (WEEK_SLOTS + 0.5));
  body += `<path class="sep" d="M${separatorX} ${PAD_TOP - 6}V${plotBottom}"/>`;
  body += `<path class="base" d="M${plotLeft} ${plotBottom}H${plotRight}"/>`;
  let xLabels = '';
  for (let slot = 0; slot < SLOT_COUNT; slot += 1) {
    const label = block.xAxis[slot];
    if (label === undefined || label.trim() === '') continue;
    xLabels += `<text x="${slotX(slot, plotLeft, slotWidth)}" y="${plotBottom + 17}">${escapeHtml(label)}</text>`;
  }
  body += `<g class="xl">${xLabels}</g>`;
  if (weekScale === null && monthScale === null) {
    body += `<text class="empty" x="${WIDTH / 2}" y="${PAD_TOP + PLOT_HEIGHT / 2}">No data for this period</text>`;
  }

  // XmR limits behind the lines.
  const signals: ChartSignalNote[] = [];
  const xmrRemarks: string[] = [];
  let limits = '';
  let bands = '';
  let rings = '';
  let metricIndex = 0;
  const lineColours: number[] = [];
  for (const line of block.yAxis) {
    lineColours.push(line.lineStyle === 'target' || line.metric === undefined ? -1 : metricIndex++ % SERIES_COLOUR_COUNT);
  }
  // One set of limits is drawn grey; several are drawn in their line's colour so they can be told apart.
  const limitSets = xmrLines.filter((xmr) => xmr !== undefined && xmr.upperLimit !== null).length;
  const metricNames = metricNameByLine(block);
  xmrLines.forEach((xmr, lineIndex) => {
    const line = block.yAxis[lineIndex];
    const metric = metricNames[lineIndex];
    if (xmr === undefined || line === undefined || metric === undefined) return;
    const limitColour = limitSets > 1 ? ` s${lineColours[lineIndex] ?? 0}` : '';
    if (xmr.centreLine === null || xmr.upperLimit === null || xmr.lowerLimit === null) {
      const baselineValues = countValues(xmr.values, 0, xmr.values.length - xmr.shownWeeks);
      xmrRemarks.push(`${line.legendName}: no XmR limits yet: the baseline has ${baselineValues} week${baselineValues === 1 ? '' : 's'} with values.`);
      return;
    }
    if (weekScale === null) return;
    const from = plotLeft;
    for (const [value, cssClass] of [[xmr.upperLimit, 'lim'], [xmr.centreLine, 'ctr'], [xmr.lowerLimit, 'lim']] as const) {
      if (value < weekScale.low || value > weekScale.high) continue;
      limits += `<path class="${cssClass}${limitColour}" d="M${from} ${yOf(weekScale, value)}H${weeksRight}"/>`;
    }
    const currentWeeks = weeklyPoints(line.metric, 'current');
    for (const signal of xmr.signals) {
      const slot = chartSlotOfWeek(xmr, signal.weekIndex);
      if (slot < 0 || slot >= WEEK_SLOTS) continue;
      const note = signalNote(block, line.legendName, metric, signal, slot);
      signals.push(note);
      const chartValue = currentWeeks?.[slot];
      const value = typeof chartValue === 'number' ? chartValue : xmr.values[signal.weekIndex];
      if (typeof value !== 'number' || !Number.isFinite(value)) continue;
      const kind = signal.isAnomaly ? 'bad' : 'good';
      const label = `${line.legendName}, ${note.text} (${signal.isAnomaly ? 'signal in the bad direction' : 'signal in the good direction'})`;
      // A run rule covers several weeks: shade them (from the first shown one) behind the ring.
      if (signal.fromIndex < signal.weekIndex) {
        const firstSlot = Math.max(0, chartSlotOfWeek(xmr, signal.fromIndex));
        const bandLeft = pixel(firstSlot === 0 ? plotLeft : plotLeft + slotWidth * (firstSlot + 0.1));
        const bandRight = pixel(plotLeft + slotWidth * (slot + 0.9));
        bands += `<rect class="band ${kind}" x="${bandLeft}" y="${PAD_TOP}" width="${pixel(bandRight - bandLeft)}" height="${PLOT_HEIGHT}"/>`;
      }
      rings += `<circle class="ring ${kind}" cx="${slotX(slot, plotLeft, slotWidth)}" cy="${yOf(weekScale, value)}" r="8"><title>${escapeHtml(label)}</title></circle>`;
    }
  });

  // Catalog targets over the six weeks (the weeks are what a weekly target is held against), under the lines.
  if (weekScale !== null) {
    for (const target of catalogTargets) {
      if (target === undefined) continue;
      limits += `<path class="ctg" d="M${plotLeft} ${yOf(weekScale, target.value)}H${weeksRight}"/>`;
    }
  }

  // Lines: prior year first so the current year draws on top.
  let priorYear = '';
  let currentYear = '';
  let labels = '';
  let titles = '';
  let isFirstMetric = true;
  block.yAxis.forEach((line, lineIndex) => {
    const colour = lineColours[lineIndex] ?? -1;
    if (colour < 0) {
      const pair = line.Target ?? line.metric;
      let d = '';
      if (weekScale !== null) d += markersPath(weeklyPoints(pair, 'current'), 0, WEEK_SLOTS, 'triangle', weekScale, plotLeft, slotWidth);
      if (monthScale !== null) d += markersPath(monthlyPoints(pair, 'current'), MONTH_FIRST_SLOT, SLOT_COUNT, 'triangle', monthScale, plotLeft, slotWidth);
      if (d !== '') currentYear += `<path class="tgt" d="${d}"/>`;
      return;
    }
    const shape = MARKER_BY_STYLE[line.lineStyle] ?? 'circle';
    let dPrior = '';
    let dCurrent = '';
    let dMarkers = '';
    if (weekScale !== null) {
      dPrior += linePath(weeklyPoints(line.metric, 'previous'), 0, WEEK_SLOTS, weekScale, plotLeft, slotWidth);
      dCurrent += linePath(weeklyPoints(line.metric, 'current'), 0, WEEK_SLOTS, weekScale, plotLeft, slotWidth);
      dMarkers += markersPath(weeklyPoints(line.metric, 'current'), 0, WEEK_SLOTS, shape, weekScale, plotLeft, slotWidth);
    }
    if (monthScale !== null) {
      dPrior += linePath(monthlyPoints(line.metric, 'previous'), MONTH_FIRST_SLOT, SLOT_COUNT, monthScale, plotLeft, slotWidth);
      dCurrent += linePath(monthlyPoints(line.metric, 'current'), MONTH_FIRST_SLOT, SLOT_COUNT, monthScale, plotLeft, slotWidth);
      dMarkers += markersPath(monthlyPoints(line.metric, 'current'), MONTH_FIRST_SLOT, SLOT_COUNT, shape, monthScale, plotLeft, slotWidth);
    }
    if (dPrior !== '') priorYear += `<path class="py s${colour}" d="${dPrior}"/>`;
    if (dCurrent !== '') currentYear += `<path class="cy s${colour}" d="${dCurrent}"/>`;
    if (dMarkers !== '') currentYear += `<path class="mk s${colour}" d="${dMarkers}"/>`;
    // Value labels on the first metric only: more would collide.
    if (isFirstMetric) {
      isFirstMetric = false;
      // Labels may reach into the margins beside the plot, short of the tick labels, and into the empty slot between weeks and months.
      const besideAxis = slotWidth / 2 + TICK_GAP - EDGE_GAP;
      const besideGap = slotWidth * 1.5 - EDGE_GAP;
      const afterMonths = hasTwoAxes ? besideAxis : slotWidth / 2 + PAD_RIGHT_ONE_AXIS - EDGE_GAP;
      if (weekScale !== null) labels += dataLabels(weeklyPoints(line.metric, 'current'), 0, WEEK_SLOTS, scaling, weekScale, plotLeft, slotWidth, { before: besideAxis, after: besideGap });
      if (monthScale !== null) labels += dataLabels(monthlyPoints(line.metric, 'current'), MONTH_FIRST_SLOT, SLOT_COUNT, scaling, monthScale, plotLeft, slotWidth, { before: besideGap, after: afterMonths });
    }
    // The App's `tooltip` setting: hover titles on every current-year point.
    if (block.tooltip === 'true') {
      if (weekScale !== null) titles += pointTitles(weeklyPoints(line.metric, 'current'), 0, WEEK_SLOTS, block, line.legendName, scaling, weekScale, plotLeft, slotWidth);
      if (monthScale !== null) titles += pointTitles(monthlyPoints(line.metric, 'current'), MONTH_FIRST_SLOT, SLOT_COUNT, block, line.legendName, scaling, monthScale, plotLeft, slotWidth);
    }
  });

  signals.sort(byWeek);
  const description = describeChart(block, signals);
  const svg =
    `<svg class="chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-labelledby="${chartId}-t ${chartId}-d">` +
    `<title id="${chartId}-t">${escapeHtml(title)}</title><desc id="${chartId}-d">${escapeHtml(description)}</desc>` +
    body +
    bands +
    limits +
    priorYear +
    currentYear +
    `<g class="dl">${labels}</g>` +
    rings +
    titles +
    '</svg>';
  return { svg, signals, xmrRemarks };
}

function describeChart(block: SixTwelveChartBlock, signals: ReadonlyArray<ChartSignalNote>): string {
  const targets = catalogTargetsByLine(block);
  const names = block.yAxis.map((line, index) => {
    if (line.lineStyle === 'target') return `${line.legendName} (target)`;
    const target = targets[index];
    return target === undefined ? line.legendName : `${line.legendName} (catalog target ${formatTarget({ target: target.written, unit: target.unit })} a week)`;
  }).join(', ');
  const weeks = block.xAxis.slice(0, WEEK_SLOTS).filter((label) => label.trim() !== '');
  const months = block.xAxis.slice(MONTH_FIRST_SLOT).filter((label) => label.trim() !== '');
  let text = `${names}: weekly values ${weeks[0] ?? ''} to ${weeks[weeks.length - 1] ?? ''}, monthly values ${months[0] ?? ''} to ${months[months.length - 1] ?? ''}; current year solid, prior year dashed.`;
  if (signals.length > 0) text += ` XmR signals: ${signals.map((s) => `${s.legendName} ${s.text}`).join('; ')}.`;
  return text;
}
