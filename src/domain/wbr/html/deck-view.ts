/**
 * What a reader of a deck sees, as data: the blocks' numbers, the signal index, each chart's legend, its box
 * totals and its signals in words, the tables' rows with their styles. The HTML deck and the PDF deck are both
 * drawn from this, so the two files always say the same things in the same words.
 */
import type { AxisSeries, DeckBlock, EmbeddedContentBlock, SixTwelveChartBlock, TableRow, XmrRuleId, Deck } from '../deck-types.js';
import { formatTarget } from '../../metrics/metric-rules.js';
import { catalogTargetsByLine, chartSignalNotes, describeRule, describeRuleBriefly, SERIES_COLOUR_COUNT } from './six-twelve-chart-svg.js';
import type { ChartSignalNote } from './six-twelve-chart-svg.js';
import { formatBoxCell, formatTableCell, isBoxComparisonColumn, parseYScaling } from './y-scaling-format.js';

/** The signal index at the top lists at most this many charts; the charts show every signal. */
export const SIGNAL_INDEX_LIMIT = 100;
const BOX_GROUPS: ReadonlyArray<readonly [string, number]> = [['Week', 3], ['Month to date', 2], ['Quarter to date', 2], ['Year to date', 2]];

/** The words around a deck's blocks, the same in every file made of it. */
export const DECK_WORDS = {
  eyebrow: 'Weekly Business Review',
  weekEnding: 'Week ending',
  annotationErrors: 'Some annotations were not shown:',
  annotations: 'Noteworthy events',
} as const;

export const DECK_FOOTER_TEXT =
  'Made with Pulse. Current year solid, prior year dashed; triangles are targets. ' +
  'Dotted lines over the six weeks are XmR natural process limits; ringed points are signals.';

export interface NumberedBlock {
  block: DeckBlock;
  /** The number shown before the title; null for sections and embedded content (not numbered, as in the App). */
  number: number | null;
  anchor: string;
}

/** Numbers the blocks as the App does: charts and tables count, sections and embedded content do not. */
export function numberBlocks(deck: Deck): NumberedBlock[] {
  let next = Number.isFinite(deck.blockStartingNumber) ? deck.blockStartingNumber : 1;
  return deck.blocks.map((block, index) => {
    const isNumbered = block.plotStyle === '6_12_chart' || block.plotStyle === '6_week_table' || block.plotStyle === '12_MonthsTable';
    const number = isNumbered ? next++ : null;
    return { block, number, anchor: `block-${index + 1}` };
  });
}

export function numberedTitle(entry: NumberedBlock, title: string | null): string {
  return entry.number === null ? title ?? '' : `${entry.number}. ${title ?? ''}`;
}

export interface SignalGroup {
  legendName: string;
  rule: XmrRuleId;
  direction: 'up' | 'down';
  isAnomaly: boolean;
  weekLabels: string[];
}

/** One entry per metric, rule and direction, listing its weeks: `wk 33, wk 34: above the upper ...`. */
export function groupSignalNotes(notes: ReadonlyArray<ChartSignalNote>): SignalGroup[] {
  const groups = new Map<string, SignalGroup>();
  for (const note of notes) {
    const key = `${note.legendName}\u0000${note.rule}\u0000${note.direction}\u0000${note.isAnomaly}`;
    const group = groups.get(key);
    if (group === undefined) groups.set(key, { legendName: note.legendName, rule: note.rule, direction: note.direction, isAnomaly: note.isAnomaly, weekLabels: [note.weekLabel] });
    else group.weekLabels.push(note.weekLabel);
  }
  return [...groups.values()];
}

/** A chart's signals in words, one line per group; the metric is named only when the chart has several. */
export function chartSignalLines(block: SixTwelveChartBlock, notes: ReadonlyArray<ChartSignalNote>): Array<{ isAnomaly: boolean; text: string }> {
  return groupSignalNotes(notes).map((group) => {
    const who = group.legendName === block.title ? '' : `${group.legendName}, `;
    return { isAnomaly: group.isAnomaly, text: `${who}${group.weekLabels.join(', ')}: ${describeRule(group.rule, group.direction)}` };
  });
}

/**
 * A signal's mark in the deck. Not "anomaly": in the review an anomaly is the agenda item one metric's bad signals
 * open (one per metric, with an owner), so a reader counting marks would read another number for the same word.
 */
export function signalTagText(isAnomaly: boolean): string {
  return isAnomaly ? 'Bad signal' : 'Good signal';
}

export interface SignalIndexEntry {
  anchor: string;
  title: string;
  anomalies: number;
  good: number;
  details: string;
}

export interface SignalIndex {
  heading: string;
  entries: SignalIndexEntry[];
  /** How many more charts have signals than the index lists (see SIGNAL_INDEX_LIMIT). */
  moreCharts: number;
}

/**
 * The deck's signals chart by chart, for the index at the top; null when no chart has any. The heading counts each
 * signal once (a metric, a rule, a week), however many charts show it, as the review's list of the week's signals
 * does; it says the six weeks shown, which is what the charts mark, not only the week under review.
 */
export function signalIndex(numbered: ReadonlyArray<NumberedBlock>): SignalIndex | null {
  const entries: SignalIndexEntry[] = [];
  let charts = 0;
  const bad = new Set<string>();
  const good = new Set<string>();
  for (const entry of numbered) {
    if (entry.block.plotStyle !== '6_12_chart') continue;
    const notes = chartSignalNotes(entry.block);
    if (notes.length === 0) continue;
    charts += 1;
    for (const note of notes) (note.isAnomaly ? bad : good).add(`${note.metric}\u0000${note.rule}\u0000${note.weekLabel}`);
    const chartAnomalies = notes.filter((note) => note.isAnomaly).length;
    if (entries.length >= SIGNAL_INDEX_LIMIT) continue;
    const title = entry.block.title ?? '';
    const details = groupSignalNotes(notes)
      .map((group) => `${group.legendName === title ? '' : `${group.legendName}, `}${group.weekLabels.join(', ')}: ${describeRuleBriefly(group.rule, group.direction)}`)
      .join('; ');
    entries.push({ anchor: entry.anchor, title: numberedTitle(entry, title), anomalies: chartAnomalies, good: notes.length - chartAnomalies, details });
  }
  if (charts === 0) return null;
  const heading = `Signals in the six weeks shown: ${bad.size} in the bad direction, ${good.size} in the good direction, on ${countOf(charts, 'chart', 'charts')}`;
  return { heading, entries, moreCharts: charts - entries.length };
}

export function countOf(count: number, singular: string, plural: string): string {
  return `${count} ${count === 1 ? singular : plural}`;
}

export type LegendItem =
  | { kind: 'target' | 'catalogTarget'; label: string }
  | { kind: 'current' | 'prior'; colour: number; label: string }
  | { kind: 'limits' | 'anomaly' | 'good'; label: string };

/** The legend under a chart: each line (a target, a metric and its prior year), then the XmR marks it shows. */
export function legendItems(block: SixTwelveChartBlock, signals: ReadonlyArray<ChartSignalNote>): LegendItem[] {
  const items: LegendItem[] = [];
  const catalogTargets = catalogTargetsByLine(block);
  let metricIndex = 0;
  for (const [lineIndex, line] of block.yAxis.entries()) {
    if (line.lineStyle === 'target' || line.metric === undefined) {
      const suffix = /target/i.test(line.legendName) ? '' : ' (target)';
      items.push({ kind: 'target', label: `${line.legendName}${suffix}` });
      continue;
    }
    const colour = metricIndex++ % SERIES_COLOUR_COUNT;
    items.push({ kind: 'current', colour, label: line.legendName });
    // A prior year without a value (the data starts this year) draws no line, so the legend does not name one.
    if (hasValue(line.metric.previous)) items.push({ kind: 'prior', colour, label: `${line.legendName}, prior year` });
    const target = catalogTargets[lineIndex];
    if (target !== undefined) items.push({ kind: 'catalogTarget', label: `${line.legendName}, target ${formatTarget({ target: target.written, unit: target.unit })} a week (metric catalog)` });
  }
  const xmr = block.pulse?.xmr;
  if (xmr !== undefined && Object.values(xmr).some((entry) => entry.upperLimit !== null)) items.push({ kind: 'limits', label: 'XmR limits (weeks)' });
  if (signals.some((signal) => signal.isAnomaly)) items.push({ kind: 'anomaly', label: 'Signal in the bad direction' });
  if (signals.some((signal) => !signal.isAnomaly)) items.push({ kind: 'good', label: 'Signal in the good direction' });
  return items;
}

/** Whether a series (weekly and monthly points) has a number to draw. */
function hasValue(series: AxisSeries): boolean {
  for (const part of series) {
    const points = 'primaryAxis' in part ? part.primaryAxis : part.secondaryAxis;
    if (points.some((point) => typeof point === 'number' && Number.isFinite(point))) return true;
  }
  return false;
}

export interface BoxTotals {
  /** The group labels over the App's nine columns (Week, Month to date, ...), or null for other columns. */
  groups: ReadonlyArray<readonly [string, number]> | null;
  header: Array<{ label: string; isComparison: boolean }>;
  rows: Array<{ name: string; cells: Array<{ text: string; isComparison: boolean }> }>;
}

/** A chart's box totals, formatted as the App's y_scaling and box_total_scale ask; null when it has none. */
export function boxTotals(block: SixTwelveChartBlock): BoxTotals | null {
  const header = block.table.tableHeader;
  if (header === undefined || block.table.tableBody.length === 0) return null;
  const scaling = parseYScaling(block.yScale);
  const metricLines = block.yAxis.filter((line) => line.lineStyle !== 'target' && line.metric !== undefined);
  const groupColumns = BOX_GROUPS.reduce((total, [, span]) => total + span, 0);
  return {
    groups: header.length === groupColumns ? BOX_GROUPS : null,
    header: header.map((label, index) => ({ label, isComparison: isBoxComparisonColumn(index) })),
    rows: block.table.tableBody.map((row, rowIndex) => ({
      name: metricLines[rowIndex]?.legendName ?? '',
      cells: row.map((value, index) => ({ text: formatBoxCell(value, index, scaling, block.boxTotalScale), isComparison: isBoxComparisonColumn(index) })),
    })),
  };
}

export interface RowStyle {
  isBold: boolean;
  isItalic: boolean;
  headerAlign: 'left' | 'center' | 'right';
}

/** The few properties of a config's row style that the App's configs use; the style itself is never copied. */
export function rowStyleOf(rowStyle: string | null | undefined): RowStyle {
  const style = (rowStyle ?? '').toLowerCase().replace(/\s+/g, '');
  return {
    isBold: /font-weight:(bold|[6-9]00)/.test(style),
    isItalic: style.includes('font-style:italic'),
    headerAlign: style.includes('text-align:center') ? 'center' : style.includes('text-align:right') ? 'right' : 'left',
  };
}

/** A table row's cells as text, padded to the header's width so that columns stay aligned. */
export function tableRowCells(row: TableRow, columnCount: number): string[] {
  const scaling = parseYScaling(row.yScale);
  const cells = row.rowData.map((value) => formatTableCell(value, scaling));
  while (cells.length < columnCount) cells.push('');
  return cells;
}

export const EMBED_NOTICE = 'This deck is self-contained and does not load embedded content. Open it at';

/** Where embedded content lives: a web link, or anything else (a file path, `javascript:`) shown as text only. */
export function embeddedTarget(block: EmbeddedContentBlock): { title: string; source: string; isWebUrl: boolean } {
  const source = block.source ?? '';
  const isWebUrl = /^https?:\/\/[^\s]+$/i.test(source.trim());
  return { title: block.title || block.name || 'Embedded content', source: isWebUrl ? source.trim() : source, isWebUrl };
}

/**
 * The alerts on the week's change a published week raised, one line each (`Orders shipped: week over week -12.0%,
 * beyond its alert at 10%`), for the top of every file made of the deck; empty when none fired.
 */
export const ALERTS_HEADING = (count: number): string => `Alerts on the week's change: ${count}`;

export function alertLines(deck: Deck): string[] {
  return (deck.pulse?.alerts ?? []).map((alert) => {
    const unit = alert.unit === 'bps' ? ' bps' : '%';
    const change = `${alert.change > 0 ? '+' : ''}${alert.change.toFixed(alert.unit === 'bps' ? 0 : 1)}${unit}`;
    return `${alert.metric}: ${alert.rule === 'wow_alert' ? 'week over week' : 'year over year'} ${change}, beyond its alert at ${alert.threshold}${unit}`;
  });
}
