import { formatDayMonthNameYear, formatMonthNameDayYear, isLastDayOfMonth, isoDate, MONTH_ABBREVIATIONS, monthIndexOf } from './calendar.js';
import type {
  AxisSeries, BoxValue, ChartLine, ChartValue, Deck, DeckAnnotation, DeckBlock, DeckXmr, DeckXmrSignal, SixTwelveChartBlock, TableRow, TableValue,
} from './deck-types.js';
import type { BlockConfig, ChartMetricConfig, MetricConfig, MonthlyDisplay, TableRowConfig } from './wbr-config.js';
import { seriesBaseName } from './wbr-config.js';
import { BOX_LABELS, BPS, FIRST_MONTH_ROW, MONTHS, PERCENT, WEEKS, weeklyTable } from './wbr-engine.js';
import type { MetricTable, MetricTables, WbrComputation } from './wbr-engine.js';
import { computeXmrSignals } from './xmr.js';
import type { XmrSignal } from './xmr.js';

/**
 * Turns a WBR computation into the deck: the App's deck JSON, key for key, plus Pulse's XmR signals.
 */

export interface AnnotationEvent {
  /** Day number. */
  date: number;
  metricName: string;
  description: string;
}

export interface BuildDeckOptions {
  /** Annotation events from the config's annotation CSVs, in file order. */
  annotations?: readonly AnnotationEvent[];
  /** Compute XmR limits and signals for chart metrics (default true). */
  withSignals?: boolean;
}

type SeriesKind = 'metric' | 'prior' | 'YOY' | 'WOW' | 'MOM';

/**
 * One series of the App's metrics table (a metric, its prior year, or its YOY / WOW / MOM change), by its base
 * metric's slot in the computation's tables. Rows and box cells are read from the tables when asked, never stored.
 */
interface Series {
  kind: SeriesKind;
  base: string;
  slot: number;
  isBps: boolean;
}

const NOT_AVAILABLE: BoxValue[] = ['N/A', 'N/A', 'N/A', 'N/A', 'N/A', 'N/A', 'N/A', 'N/A', 'N/A'];
const TABLE_HEADER: string[] = [...BOX_LABELS];

function finiteOrNaN(value: number): number {
  return value - value === 0 ? value : Number.NaN;
}

/** The 9 box cells from `values[from]` on. */
function boxCells(values: ArrayLike<number>, from = 0): BoxValue[] {
  const cells: BoxValue[] = [];
  for (let i = from; i < from + 9; i++) {
    const value = values[i] as number;
    cells.push(value - value === 0 ? value : 'N/A');
  }
  return cells;
}

function cell(table: MetricTable, slot: number, index: number): number {
  return table.values[slot * table.width + index] as number;
}

/** A row of a metric's current- or prior-year column: weeks, a gap, then months (raw: infinities kept). */
function rowValue(weeks: MetricTable, months: MetricTable, slot: number, row: number): number {
  if (row < WEEKS) return cell(weeks, slot, row);
  const month = row - FIRST_MONTH_ROW;
  return month >= 0 && month < months.width ? cell(months, slot, month) : Number.NaN;
}

/** The App's metrics table: its series by name, their rows and their box totals. */
class MetricsTable {
  private readonly tables: MetricTables;
  /** Which of the four multiplier groups (see `multiplier`) have a metric. */
  private readonly groupPresent = [false, false, false, false];

  constructor(private readonly computation: WbrComputation) {
    this.tables = computation.tables;
    for (const metric of computation.config.metrics) this.groupPresent[multiplierGroup(metric)] = true;
  }

  isBps(name: string): boolean {
    return this.computation.config.metricsByName.get(name)?.comparison === 'bps';
  }

  series(name: string): Series | undefined {
    const series = seriesBaseName(name, this.computation.config.metricsByName);
    if (series === undefined) return undefined;
    return { kind: series.kind, base: series.base, slot: this.computation.slots.get(series.base) as number, isBps: this.isBps(series.base) };
  }

  /** Whether the series has a prior-year line (only a metric itself). */
  hasPriorYear(series: Series): boolean {
    return series.kind === 'metric';
  }

  /** The value at a row of the metrics table (NaN where blank; never infinite). */
  at(series: Series, row: number): number {
    const { tables } = this;
    const { slot, isBps } = series;
    const inTable = row >= 0 && row < this.computation.rowCount;
    switch (series.kind) {
      case 'metric': return inTable ? finiteOrNaN(rowValue(tables.cyWeeks, tables.cyMonths, slot, row)) : Number.NaN;
      case 'prior': return inTable ? finiteOrNaN(rowValue(tables.pyWeeks, tables.pyMonths, slot, row)) : Number.NaN;
      case 'YOY': return inTable ? finiteOrNaN(this.yoyRaw(series, row)) : Number.NaN;
      case 'WOW':
        return row >= 0 && row < WEEKS
          ? finiteOrNaN(compareRaw(isBps, cell(tables.wowCurrent, slot, row), cell(tables.wowPrevious, slot, row))) : Number.NaN;
      case 'MOM': {
        const month = row - FIRST_MONTH_ROW;
        return month >= 0 && month < MONTHS && inTable
          ? finiteOrNaN(compareRaw(isBps, cell(tables.momCurrent, slot, month), cell(tables.momPrevious, slot, month))) : Number.NaN;
      }
    }
  }

  /** The 9 box-total cells of a series, or undefined where the App has none (prior-year series). */
  box(series: Series): BoxValue[] | undefined {
    const { tables } = this;
    const { slot, isBps } = series;
    switch (series.kind) {
      case 'metric': return boxCells(tables.box.values, slot * 9);
      case 'prior': return undefined;
      case 'WOW':
      case 'MOM': return NOT_AVAILABLE;
      case 'YOY': {
        const box = new Float64Array(9);
        for (let i = 0; i < 9; i++) {
          const current = cell(tables.box, slot, i);
          box[i] = compareRaw(isBps, Number.isNaN(current) ? 0 : current, cell(tables.priorBox, slot, i));
        }
        // The App compares the last two weekly YOY values with compounding scale factors (K1 in docs/wbr-compatibility.md).
        box[1] = compareRaw(isBps, this.yoyRaw(series, WEEKS - 1), this.yoyRaw(series, WEEKS - 2)) * this.multiplier(series.base);
        for (const row of [0, 3, 5, 7]) if (Number.isNaN(box[row])) box[row] = 0;
        return boxCells(box);
      }
    }
  }

  private yoyRaw(series: Series, row: number): number {
    const { tables } = this;
    return compareRaw(series.isBps, rowValue(tables.cyWeeks, tables.cyMonths, series.slot, row), rowValue(tables.pyWeeks, tables.pyMonths, series.slot, row));
  }

  /**
   * The App scales the WOW cell of a `<M>YOY` box by multiplying its whole result frame after each metric group
   * (bps columns, bps functions, percent columns, percent functions), so earlier groups are scaled again.
   * Corrected K1: each metric's WOW cell is scaled once, by its own factor (bps 10,000, percent 100).
   */
  private multiplier(name: string): number {
    const metric = this.computation.config.metricsByName.get(name) as MetricConfig;
    if (this.computation.config.setup.compatibility !== 'app') return metric.comparison === 'bps' ? BPS : PERCENT;
    let multiplier = 1;
    for (let group = multiplierGroup(metric); group < 4; group++) if (this.groupPresent[group]) multiplier *= GROUP_FACTORS[group] as number;
    return multiplier;
  }
}

const GROUP_FACTORS = [BPS, BPS, PERCENT, PERCENT];

function multiplierGroup(metric: MetricConfig): number {
  return (metric.comparison === 'bps' ? 0 : 2) + (metric.kind === 'function' ? 1 : 0);
}

function compareRaw(isBps: boolean, current: number, previous: number): number {
  return isBps ? current - previous : current / previous - 1;
}

function tableValue(value: number | undefined): TableValue {
  return value === undefined || Number.isNaN(value) ? ' ' : value;
}

interface ChartContext {
  computation: WbrComputation;
  table: MetricsTable;
  annotations: Map<string, DeckAnnotation[]>;
  withSignals: boolean;
  /** Every metric's weekly XmR values (see `xmrWeeks`), made when the first chart with signals needs them. */
  xmrWeeks?: MetricTable;
  /** Month rows and x-axis labels per monthly display (the same for every chart). */
  layouts: Map<MonthlyDisplay, { monthRows: number[]; xAxis: string[] }>;
}

function monthlyDisplayOf(block: { xAxisMonthlyDisplay: MonthlyDisplay | null }, computation: WbrComputation): MonthlyDisplay {
  return block.xAxisMonthlyDisplay ?? computation.config.setup.xAxisMonthlyDisplay ?? 'trailing_twelve_months';
}

/** Month index of the first month of the fiscal year that contains the week ending. */
function fiscalStartMonth(computation: WbrComputation): number {
  const weekMonth = monthIndexOf(computation.weekEnding);
  const fiscalEnd = computation.config.setup.fiscalYearEndMonth;
  const month = (weekMonth % 12) + 1;
  return weekMonth + ((fiscalEnd - month + 12) % 12) - 11;
}

/** The metrics-table rows a 6-12 chart shows as months: 12 trailing rows, or 12 rows from the fiscal year's first month. */
function chartMonthRows(computation: WbrComputation, display: MonthlyDisplay): number[] {
  if (display === 'trailing_twelve_months') return Array.from({ length: MONTHS }, (_, i) => FIRST_MONTH_ROW + i);
  const start = fiscalStartMonth(computation);
  const index = computation.monthRows.indexOf(start);
  // The App matches the month by its exact end date and finds none for some fiscal years (it then fails);
  // matching the month gives the right rows. Without the month at all, the months stay blank.
  if (index < 0) return [];
  const rows: number[] = [];
  for (let row = FIRST_MONTH_ROW + index; row < computation.rowCount && rows.length < MONTHS; row++) rows.push(row);
  return rows;
}

function xAxisLabels(computation: WbrComputation, display: MonthlyDisplay): string[] {
  const labels = computation.axisLabels;
  const lastFullMonth = monthIndexOf(computation.weekEnding) - (isLastDayOfMonth(computation.weekEnding) ? 0 : 1);
  const startMonth = display === 'trailing_twelve_months'
    ? MONTH_ABBREVIATIONS[(lastFullMonth - (MONTHS - 1)) % 12]
    : MONTH_ABBREVIATIONS[computation.config.setup.fiscalYearEndMonth % 12];
  const result = labels.slice(0, FIRST_MONTH_ROW);
  const first = labels.findIndex((label, i) => i >= FIRST_MONTH_ROW && label.toLowerCase() === (startMonth as string).toLowerCase());
  if (first < 0) {
    if (display === 'fiscal_year') for (let i = 0; i < MONTHS; i++) result.push(MONTH_ABBREVIATIONS[(computation.config.setup.fiscalYearEndMonth + i) % 12] as string);
    return result;
  }
  return result.concat(labels.slice(first, first + MONTHS));
}

/** A chart line's 19 blank points (6 weeks, a gap, 12 months). */
const BLANK_POINTS: readonly ChartValue[] = Array.from({ length: WEEKS + 1 + MONTHS }, (): ChartValue => '');

/** Sets a chart point (left `""` when blank) and returns the running maximum of the values seen. */
function setChartValue(target: ChartValue[], index: number, value: number, max: number): number {
  if (value !== value) return max;
  target[index] = value;
  return value <= max ? max : value;
}

function axisSeries(table: MetricsTable, series: Series, monthRows: readonly number[], isFiscal: boolean): { series: AxisSeries; isSingleAxis: boolean } {
  // Copies of a packed blank line, filled in place: they stay packed (JSON.stringify is several times slower on
  // holey arrays) and are allocated once at their final length.
  const primary = BLANK_POINTS.slice();
  let weeklyMax = Number.NaN;
  for (let row = 0; row < WEEKS; row++) weeklyMax = setChartValue(primary, row, table.at(series, row), weeklyMax);
  const monthCount = monthRows.length === 0 && isFiscal ? MONTHS : monthRows.length;
  const secondary = BLANK_POINTS.slice(0, FIRST_MONTH_ROW + monthCount);
  let monthlyMax = Number.NaN;
  for (let i = 0; i < monthRows.length; i++) {
    monthlyMax = setChartValue(secondary, FIRST_MONTH_ROW + i, table.at(series, monthRows[i] as number), monthlyMax);
  }
  const ratio = monthlyMax / weeklyMax;
  const isSingleAxis = weeklyMax > 0 && ratio > 0 && ratio <= 3;
  return { series: [{ primaryAxis: primary }, { secondaryAxis: secondary }], isSingleAxis };
}

function buildChart(block: Extract<BlockConfig, { uiType: '6_12Graph' }>, context: ChartContext): SixTwelveChartBlock {
  const { computation, table } = context;
  const display = monthlyDisplayOf(block, computation);
  const layout = context.layouts.get(display) ?? { monthRows: chartMonthRows(computation, display), xAxis: xAxisLabels(computation, display) };
  context.layouts.set(display, layout);
  const monthRows = layout.monthRows;
  const isFiscal = display === 'fiscal_year';
  let isSingleAxis = false;
  const lines: ChartLine[] = [];
  const body: BoxValue[][] = [];
  const annotations: DeckAnnotation[] = [];
  let isBpsScale = false;
  const xmr: Record<string, DeckXmr> = {};
  for (const metric of block.metrics) {
    const series = table.series(metric.name) as Series;
    const hasPriorYear = table.hasPriorYear(series);
    const current = axisSeries(table, series, monthRows, isFiscal);
    isSingleAxis = current.isSingleAxis;
    let previous: AxisSeries = [];
    if (hasPriorYear && metric.showPriorYear) {
      const prior = table.series(`PY__${metric.name}`) as Series;
      const result = axisSeries(table, prior, monthRows, isFiscal);
      previous = result.series;
      isSingleAxis = result.isSingleAxis;
    }
    const pair = { current: current.series, previous };
    lines.push(metric.lineStyle === 'target'
      ? { lineStyle: metric.lineStyle, Target: pair, legendName: metric.legendName }
      : { lineStyle: metric.lineStyle, metric: pair, legendName: metric.legendName });
    isBpsScale = table.isBps(metric.name);
    if (metric.lineStyle !== 'target') {
      body.push(table.box(series) ?? NOT_AVAILABLE);
      if (context.withSignals && hasPriorYear) xmr[metric.name] = xmrFor(metric, context);
    }
    annotations.push(...(context.annotations.get(metric.name) ?? []));
  }
  const chart: SixTwelveChartBlock = {
    plotStyle: '6_12_chart',
    title: block.title,
    yLabel: '',
    yScale: block.yScaling,
    boxTotalScale: isBpsScale ? 'bps' : '%',
    axes: block.axes ?? (isSingleAxis ? 1 : 2),
    xAxis: layout.xAxis, // shared by the charts of one display; the deck is read, never changed in place
    yAxis: lines,
    table: block.metrics.length > 0 ? { tableHeader: TABLE_HEADER, tableBody: body } : { tableBody: body },
    tooltip: computation.config.setup.tooltip ? 'true' : 'false',
    annotations,
  };
  if (context.withSignals) chart.pulse = { xmr };
  return chart;
}

/** How many weeks the XmR series cover: the baseline, then the shown weeks. */
function xmrWeekCount(computation: WbrComputation): number {
  return computation.config.setup.xmrBaselineWeeks + WEEKS;
}

/** Every metric's weekly values over the XmR baseline and the shown weeks. */
function xmrWeeks(computation: WbrComputation): MetricTable {
  return weeklyTable(computation, xmrWeekCount(computation));
}

/** The last days of the XmR weeks, oldest first: the same for every metric, so the deck carries them once. */
function xmrWeekEndings(computation: WbrComputation): string[] {
  const count = xmrWeekCount(computation);
  return Array.from({ length: count }, (_, i) => isoDate(computation.weekEnding - (count - 1 - i) * 7));
}

/** An XmR signal as the deck carries it (with the run's first and last week, which the HTML deck shades). */
export function deckXmrSignal(signal: XmrSignal): DeckXmrSignal {
  return { weekIndex: signal.index, rule: signal.rule, fromIndex: signal.fromIndex, toIndex: signal.toIndex, direction: signal.direction, isAnomaly: signal.isAnomaly };
}

function xmrFor(metric: ChartMetricConfig, context: ChartContext): DeckXmr {
  const config = context.computation.config.metricsByName.get(metric.name) as MetricConfig;
  const { width, values: weekly } = context.xmrWeeks ??= xmrWeeks(context.computation);
  const from = (context.computation.slots.get(metric.name) as number) * width;
  const values: Array<number | null> = [];
  for (let i = from; i < from + width; i++) {
    const value = weekly[i] as number;
    values.push(value - value === 0 ? value : null);
  }
  const baselineWeeks = context.computation.config.setup.xmrBaselineWeeks;
  // The table's own row (NaN = missing), which computeXmrSignals reads without copying.
  const result = computeXmrSignals(weekly.subarray(from, from + width), {
    baselineWeeks,
    shownWeeks: WEEKS,
    ...(config.goodDirection === null ? {} : { goodDirection: config.goodDirection }),
  });
  return {
    values,
    baselineWeeks,
    shownWeeks: WEEKS,
    goodDirection: config.goodDirection,
    centreLine: result.limits?.centre ?? null,
    upperLimit: result.limits?.upper ?? null,
    lowerLimit: result.limits?.lower ?? null,
    averageMovingRange: result.limits?.averageMovingRange ?? null,
    signals: result.signals.map(deckXmrSignal),
  };
}

function tableRow(row: TableRowConfig, rowData: TableValue[]): TableRow {
  return { rowHeader: row.header ?? '', rowData, rowStyle: row.style ?? '', yScale: row.yScaling ?? '' };
}

function buildSixWeeksTable(block: Extract<BlockConfig, { uiType: '6_WeeksTable' }>, context: ChartContext): DeckBlock {
  const annotations: DeckAnnotation[][] = [];
  const rows = block.rows.map((row) => {
    if (row.metric === undefined) return tableRow(row, []);
    const series = context.table.series(row.metric) as Series;
    const data: TableValue[] = Array.from({ length: WEEKS }, (_, row) => tableValue(context.table.at(series, row)));
    const kind = seriesBaseName(row.metric, context.computation.config.metricsByName)?.kind;
    const box = context.table.box(series) ?? NOT_AVAILABLE;
    for (const index of [5, 7]) {
      const cell = kind === 'WOW' ? 'N/A' : box[index];
      data.push(cell === 'N/A' || cell === undefined ? ' ' : cell);
    }
    const rowAnnotations = context.annotations.get(row.metric);
    if (rowAnnotations !== undefined) annotations.push(rowAnnotations);
    return tableRow(row, data);
  });
  return { plotStyle: '6_week_table', title: block.title, headers: [...context.computation.axisLabels.slice(0, WEEKS), 'QTD', 'YTD'], rows, annotations };
}

function buildTwelveMonthsTable(block: Extract<BlockConfig, { uiType: '12_MonthsTable' }>, context: ChartContext): DeckBlock {
  const { computation } = context;
  let start = FIRST_MONTH_ROW;
  if (monthlyDisplayOf(block, computation) === 'fiscal_year') {
    // The App finds the fiscal start among the month labels but then indexes the whole table with that
    // position, starting inside the weeks; Pulse starts at the month itself (docs/wbr-compatibility.md).
    const startLabel = MONTH_ABBREVIATIONS[computation.config.setup.fiscalYearEndMonth % 12] as string;
    const index = computation.axisLabels.slice(FIRST_MONTH_ROW).findIndex((label) => label.toLowerCase() === startLabel.toLowerCase());
    start = FIRST_MONTH_ROW + (index < 0 ? computation.axisLabels.length - FIRST_MONTH_ROW : index);
  }
  const headers = computation.axisLabels.slice(start, start + MONTHS);
  // Past the data's last month there are no labels; name the months so that headers and cells line up.
  const lastLabel = headers.at(-1);
  let nextMonth = lastLabel === undefined ? computation.config.setup.fiscalYearEndMonth % 12 : MONTH_ABBREVIATIONS.indexOf(lastLabel as (typeof MONTH_ABBREVIATIONS)[number]) + 1;
  while (headers.length < MONTHS) headers.push(MONTH_ABBREVIATIONS[nextMonth++ % 12] as string);
  const rows = block.rows.map((row) => {
    if (row.metric === undefined) return tableRow(row, []);
    const series = context.table.series(row.metric) as Series;
    return tableRow(row, Array.from({ length: MONTHS }, (_, i) => tableValue(context.table.at(series, start + i))));
  });
  return { plotStyle: '12_MonthsTable', title: block.title, headers, rows, annotations: [] };
}

function filterAnnotations(computation: WbrComputation, table: MetricsTable, events: readonly AnnotationEvent[]): { byMetric: Map<string, DeckAnnotation[]>; errors: string[] } {
  const end = computation.weekEnding;
  const priorEnd = end - 364;
  const inWindow = (day: number, last: number): boolean => day >= last - 41 && day <= last;
  const sorted = events.map((event, i) => ({ event, i })).sort((a, b) => a.event.date - b.event.date || a.i - b.i).map((e) => e.event);
  const selected = [...sorted.filter((e) => inWindow(e.date, end)), ...sorted.filter((e) => inWindow(e.date, priorEnd))];
  const byMetric = new Map<string, DeckAnnotation[]>();
  const errors: string[] = [];
  // A Set beside the list: an annotation file naming thousands of unknown metrics would otherwise be checked in quadratic time.
  const reported = new Set<string>();
  const isKnown = (name: string): boolean => name === 'Date' || name === 'Axis' || name === 'PY__Date' || table.series(name) !== undefined;
  for (const event of selected) {
    if (!isKnown(event.metricName)) {
      const message = `Metric ${event.metricName} not present the metric list`;
      if (!reported.has(message)) {
        reported.add(message);
        errors.push(message);
      }
      continue;
    }
    const list = byMetric.get(event.metricName) ?? [];
    list.push({ metric: event.metricName, description: event.description, date: formatMonthNameDayYear(event.date) });
    byMetric.set(event.metricName, list);
  }
  return { byMetric, errors };
}

function buildBlock(block: BlockConfig, context: ChartContext): DeckBlock {
  switch (block.uiType) {
    case '6_12Graph': return buildChart(block, context);
    case '6_WeeksTable': return buildSixWeeksTable(block, context);
    case '12_MonthsTable': return buildTwelveMonthsTable(block, context);
    case 'section': return { plotStyle: 'section', title: block.title };
    case 'embedded_content':
      return { plotStyle: 'embedded_content', id: 'iframe_id', source: block.source, name: block.name, height: block.height, width: block.width, title: block.title };
  }
}

/** Everything the blocks share, and the deck's own fields (with no blocks yet). */
function prepareDeck(computation: WbrComputation, options: BuildDeckOptions): { context: ChartContext; deck: Deck } {
  const table = new MetricsTable(computation);
  const { byMetric, errors } = filterAnnotations(computation, table, options.annotations ?? []);
  const withSignals = options.withSignals ?? true;
  const context: ChartContext = { computation, table, annotations: byMetric, withSignals, layouts: new Map() };
  const setup = computation.config.setup;
  const deck: Deck = {
    blocks: [],
    title: setup.title,
    weekEnding: formatDayMonthNameYear(setup.weekEnding),
    blockStartingNumber: setup.blockStartingNumber,
    xAxisMonthlyDisplay: setup.xAxisMonthlyDisplay,
    annotationErrors: errors.length > 0 ? errors.join('\n') : null,
    pulse: {
      version: 2,
      weekEndingDate: isoDate(setup.weekEnding),
      fiscalYearEndMonth: (MONTH_ABBREVIATIONS[setup.fiscalYearEndMonth - 1] as string).toUpperCase(),
      xmrWeekEndings: withSignals ? xmrWeekEndings(computation) : null,
      warnings: [...computation.config.warnings],
    },
  };
  return { context, deck };
}

export function buildDeck(computation: WbrComputation, options: BuildDeckOptions = {}): Deck {
  const { context, deck } = prepareDeck(computation, options);
  deck.blocks = computation.config.deck.map((block) => buildBlock(block, context));
  return deck;
}

/**
 * Writes the deck JSON block by block, exactly as `JSON.stringify(buildDeck(...))` would, without holding every
 * block in memory: at 10,000 charts that saves hundreds of megabytes and most of the garbage collection.
 * Returns the deck without its blocks; `onBlock` sees each block before it is written.
 */
export function writeDeckJson(computation: WbrComputation, options: BuildDeckOptions, sink: (chunk: string) => void, onBlock?: (block: DeckBlock) => void): Deck {
  const { context, deck } = prepareDeck(computation, options);
  sink('{"blocks":[');
  computation.config.deck.forEach((config, index) => {
    const block = buildBlock(config, context);
    onBlock?.(block);
    // The separator goes on its own: prefixing it would make a joined string that the sink must flatten again.
    // One string per block, not per batch of blocks: stringifying 64 blocks at once measured slower (probably
    // because strings of over about 128 KB go to V8's large-object space, in memory touched for the first time).
    if (index > 0) sink(',');
    sink(JSON.stringify(block));
  });
  const fields: Partial<Deck> = { ...deck };
  delete fields.blocks;
  sink(`],${JSON.stringify(fields).slice(1)}`);
  return deck;
}
