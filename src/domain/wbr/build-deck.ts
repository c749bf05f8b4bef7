import { aggregateRange } from './aggregate.js';
import { formatDayMonthNameYear, formatMonthNameDayYear, isLastDayOfMonth, isoDate, lowerBound, MONTH_ABBREVIATIONS, monthIndexOf } from './calendar.js';
import type {
  AxisSeries, BoxValue, ChartLine, ChartValue, Deck, DeckAnnotation, DeckBlock, DeckXmr, DeckXmrSignal, SixTwelveChartBlock, TableRow, TableValue,
} from './deck-types.js';
import type { BlockConfig, ChartMetricConfig, MetricConfig, MonthlyDisplay, TableRowConfig } from './wbr-config.js';
import { seriesBaseName } from './wbr-config.js';
import { BOX_LABELS, BPS, FIRST_MONTH_ROW, MONTHS, PERCENT, WEEKS } from './wbr-engine.js';
import type { MetricTables, WbrComputation } from './wbr-engine.js';
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

/** One series of the App's metrics table (a metric, its prior year, or its YOY / WOW / MOM change). */
interface SeriesColumns {
  /** The value at a row of the metrics table (NaN where blank; never infinite). Rows are read, not stored. */
  at(row: number): number;
  /** The 9 box-total cells of this series, or undefined where the App has none (prior-year series). */
  box: BoxValue[] | undefined;
  hasPriorYear: boolean;
}

const NOT_AVAILABLE: BoxValue[] = ['N/A', 'N/A', 'N/A', 'N/A', 'N/A', 'N/A', 'N/A', 'N/A', 'N/A'];
const TABLE_HEADER: string[] = [...BOX_LABELS];

function finiteOrNaN(value: number): number {
  return value - value === 0 ? value : Number.NaN;
}

function boxCells(values: ArrayLike<number>): BoxValue[] {
  const cells: BoxValue[] = [];
  for (let i = 0; i < values.length; i++) {
    const value = values[i] as number;
    cells.push(value - value === 0 ? value : 'N/A');
  }
  return cells;
}

/** A row of a metric's current- or prior-year column: weeks, a gap, then months (raw: infinities kept). */
function rowValue(weeks: Float64Array, months: Float64Array, row: number): number {
  if (row < WEEKS) return weeks[row] as number;
  const month = row - FIRST_MONTH_ROW;
  return month >= 0 && month < months.length ? (months[month] as number) : Number.NaN;
}

/** Builds the metrics-table series of the App lazily, by name. */
class MetricsTable {
  private readonly cache = new Map<string, SeriesColumns | null>();
  private readonly multipliers: Map<string, number>;

  constructor(private readonly computation: WbrComputation) {
    this.multipliers = computation.config.setup.compatibility === 'app'
      ? compoundedMultipliers(computation.config.metrics) : ownMultipliers(computation.config.metrics);
  }

  isBps(name: string): boolean {
    return this.computation.config.metricsByName.get(name)?.comparison === 'bps';
  }

  get(name: string): SeriesColumns | undefined {
    const cached = this.cache.get(name);
    if (cached !== undefined) return cached ?? undefined;
    const result = this.build(name);
    this.cache.set(name, result ?? null);
    return result;
  }

  private build(name: string): SeriesColumns | undefined {
    const series = seriesBaseName(name, this.computation.config.metricsByName);
    if (series === undefined) return undefined;
    const tables = this.computation.metrics.get(series.base) as MetricTables;
    const isBps = this.isBps(series.base);
    const rows = this.computation.rowCount;
    const inTable = (row: number): boolean => row >= 0 && row < rows;
    switch (series.kind) {
      case 'metric':
        return { at: (row) => (inTable(row) ? finiteOrNaN(rowValue(tables.cyWeeks, tables.cyMonths, row)) : Number.NaN), box: boxCells(tables.box), hasPriorYear: true };
      case 'prior':
        return { at: (row) => (inTable(row) ? finiteOrNaN(rowValue(tables.pyWeeks, tables.pyMonths, row)) : Number.NaN), box: undefined, hasPriorYear: false };
      case 'YOY': {
        const raw = (row: number): number => compareRaw(isBps, rowValue(tables.cyWeeks, tables.cyMonths, row), rowValue(tables.pyWeeks, tables.pyMonths, row));
        const box = new Float64Array(9);
        for (let i = 0; i < 9; i++) box[i] = compareRaw(isBps, Number.isNaN(tables.box[i]) ? 0 : (tables.box[i] as number), tables.priorBox[i] as number);
        // The App compares the last two weekly YOY values with compounding scale factors (K1 in docs/wbr-compatibility.md).
        box[1] = compareRaw(isBps, raw(WEEKS - 1), raw(WEEKS - 2)) * (this.multipliers.get(series.base) as number);
        for (const row of [0, 3, 5, 7]) if (Number.isNaN(box[row])) box[row] = 0;
        return { at: (row) => (inTable(row) ? finiteOrNaN(raw(row)) : Number.NaN), box: boxCells(box), hasPriorYear: false };
      }
      case 'WOW':
        return {
          at: (row) => (row >= 0 && row < WEEKS ? finiteOrNaN(compareRaw(isBps, tables.wowCurrent[row] as number, tables.wowPrevious[row] as number)) : Number.NaN),
          box: NOT_AVAILABLE,
          hasPriorYear: false,
        };
      case 'MOM':
        return {
          at: (row) => {
            const month = row - FIRST_MONTH_ROW;
            return month >= 0 && month < MONTHS && row < rows ? finiteOrNaN(compareRaw(isBps, tables.momCurrent[month] as number, tables.momPrevious[month] as number)) : Number.NaN;
          },
          box: NOT_AVAILABLE,
          hasPriorYear: false,
        };
    }
  }
}

function compareRaw(isBps: boolean, current: number, previous: number): number {
  return isBps ? current - previous : current / previous - 1;
}

/**
 * The App scales the WOW cell of a `<M>YOY` box by multiplying its whole result frame after each metric group
 * (bps columns, bps functions, percent columns, percent functions), so earlier groups are scaled again.
 */
function compoundedMultipliers(metrics: readonly MetricConfig[]): Map<string, number> {
  const groupOf = (m: MetricConfig): number => (m.comparison === 'bps' ? 0 : 2) + (m.kind === 'function' ? 1 : 0);
  const present = [false, false, false, false];
  for (const metric of metrics) present[groupOf(metric)] = true;
  const factors = [BPS, BPS, PERCENT, PERCENT];
  const result = new Map<string, number>();
  for (const metric of metrics) {
    let multiplier = 1;
    for (let group = groupOf(metric); group < 4; group++) if (present[group]) multiplier *= factors[group] as number;
    result.set(metric.name, multiplier);
  }
  return result;
}

/** Corrected K1: each metric's WOW cell is scaled once, by its own factor (bps 10,000, percent 100). */
function ownMultipliers(metrics: readonly MetricConfig[]): Map<string, number> {
  return new Map(metrics.map((metric) => [metric.name, metric.comparison === 'bps' ? BPS : PERCENT]));
}

function tableValue(value: number | undefined): TableValue {
  return value === undefined || Number.isNaN(value) ? ' ' : value;
}

interface ChartContext {
  computation: WbrComputation;
  table: MetricsTable;
  annotations: Map<string, DeckAnnotation[]>;
  withSignals: boolean;
  weekly: WeeklySeries;
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

/** Appends a chart point (`""` when blank) and returns the running maximum of the values seen. */
function pushChartValue(target: ChartValue[], value: number, max: number): number {
  if (value !== value) {
    target.push('');
    return max;
  }
  target.push(value);
  return value <= max ? max : value;
}

function axisSeries(series: SeriesColumns, monthRows: readonly number[], isFiscal: boolean): { series: AxisSeries; isSingleAxis: boolean } {
  // Arrays grow by push so that they stay packed: JSON.stringify is several times slower on holey arrays.
  const primary: ChartValue[] = [];
  let weeklyMax = Number.NaN;
  for (let row = 0; row < WEEKS; row++) weeklyMax = pushChartValue(primary, series.at(row), weeklyMax);
  for (let i = WEEKS; i < WEEKS + 1 + MONTHS; i++) primary.push('');
  const secondary: ChartValue[] = [];
  for (let i = 0; i < FIRST_MONTH_ROW; i++) secondary.push('');
  let monthlyMax = Number.NaN;
  if (monthRows.length === 0 && isFiscal) {
    for (let i = 0; i < MONTHS; i++) secondary.push('');
  } else {
    for (const row of monthRows) monthlyMax = pushChartValue(secondary, series.at(row), monthlyMax);
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
    const series = table.get(metric.name) as SeriesColumns;
    const current = axisSeries(series, monthRows, isFiscal);
    isSingleAxis = current.isSingleAxis;
    let previous: AxisSeries = [];
    if (series.hasPriorYear && metric.showPriorYear) {
      const prior = table.get(`PY__${metric.name}`) as SeriesColumns;
      const result = axisSeries(prior, monthRows, isFiscal);
      previous = result.series;
      isSingleAxis = result.isSingleAxis;
    }
    const pair = { current: current.series, previous };
    lines.push(metric.lineStyle === 'target'
      ? { lineStyle: metric.lineStyle, Target: pair, legendName: metric.legendName }
      : { lineStyle: metric.lineStyle, metric: pair, legendName: metric.legendName });
    isBpsScale = table.isBps(metric.name);
    if (metric.lineStyle !== 'target') {
      body.push(series.box ?? NOT_AVAILABLE);
      if (context.withSignals && series.hasPriorYear) xmr[metric.name] = xmrFor(metric, context);
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

/** Weekly values of a metric over the XmR baseline and the shown weeks (weeks ending on the week ending's weekday). */
class WeeklySeries {
  private readonly cache = new Map<string, Float64Array>();
  readonly weekEndings: number[];
  readonly weekEndingDates: string[];
  /** Each week's days [from, to) in the daily arrays (the same for every metric). */
  private readonly from: Int32Array;
  private readonly to: Int32Array;

  constructor(private readonly computation: WbrComputation) {
    const count = computation.config.setup.xmrBaselineWeeks + WEEKS;
    this.weekEndings = Array.from({ length: count }, (_, i) => computation.weekEnding - (count - 1 - i) * 7);
    this.weekEndingDates = [];
    for (const end of this.weekEndings) this.weekEndingDates.push(isoDate(end));
    this.from = Int32Array.from(this.weekEndings, (end) => lowerBound(computation.days, end - 6));
    this.to = Int32Array.from(this.weekEndings, (end) => lowerBound(computation.days, end + 1));
  }

  get(name: string): Float64Array {
    const cached = this.cache.get(name);
    if (cached !== undefined) return cached;
    const metric = this.computation.config.metricsByName.get(name) as MetricConfig;
    const count = this.weekEndings.length;
    const result = new Float64Array(count);
    if (metric.kind === 'function') {
      const operands = [...metric.operands.filter((o) => o.kind === 'metric'), ...metric.operands.filter((o) => o.kind === 'column')].map((o) => this.get(o.name));
      const a = operands[0] as Float64Array;
      const b = operands[1] ?? a;
      for (let i = 0; i < count; i++) {
        if (metric.operation === 'sum') {
          let total = 0;
          let present = 0;
          for (const operand of operands) if ((operand[i] as number) === (operand[i] as number)) { total += operand[i] as number; present++; }
          result[i] = present === 0 ? Number.NaN : total;
        } else {
          const x = a[i] as number;
          const y = b[i] as number;
          result[i] = metric.operation === 'difference' ? x - y : metric.operation === 'product' ? x * y : x / y;
        }
      }
    } else {
      const daily = this.computation.daily.get(name) as Float64Array;
      for (let i = 0; i < count; i++) {
        const from = this.from[i] as number;
        const to = this.to[i] as number;
        result[i] = from === to ? Number.NaN : aggregateRange(metric.aggregation, daily, from, to, 'period');
      }
    }
    this.cache.set(name, result);
    return result;
  }
}

/** An XmR signal as the deck carries it (with the run's first and last week, which the HTML deck shades). */
export function deckXmrSignal(signal: XmrSignal): DeckXmrSignal {
  return { weekIndex: signal.index, rule: signal.rule, fromIndex: signal.fromIndex, toIndex: signal.toIndex, direction: signal.direction, isAnomaly: signal.isAnomaly };
}

function xmrFor(metric: ChartMetricConfig, context: ChartContext): DeckXmr {
  const config = context.computation.config.metricsByName.get(metric.name) as MetricConfig;
  const weekly = context.weekly.get(metric.name);
  const values: Array<number | null> = [];
  for (let i = 0; i < weekly.length; i++) {
    const value = weekly[i] as number;
    values.push(value - value === 0 ? value : null);
  }
  const baselineWeeks = context.computation.config.setup.xmrBaselineWeeks;
  const result = computeXmrSignals(values, {
    baselineWeeks,
    shownWeeks: WEEKS,
    ...(config.goodDirection === null ? {} : { goodDirection: config.goodDirection }),
  });
  return {
    weekEndings: context.weekly.weekEndingDates,
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
    const series = context.table.get(row.metric) as SeriesColumns;
    const data: TableValue[] = Array.from({ length: WEEKS }, (_, row) => tableValue(series.at(row)));
    const kind = seriesBaseName(row.metric, context.computation.config.metricsByName)?.kind;
    const box = series.box ?? NOT_AVAILABLE;
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
    const series = context.table.get(row.metric) as SeriesColumns;
    return tableRow(row, Array.from({ length: MONTHS }, (_, i) => tableValue(series.at(start + i))));
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
  const isKnown = (name: string): boolean => name === 'Date' || name === 'Axis' || name === 'PY__Date' || table.get(name) !== undefined;
  for (const event of selected) {
    if (!isKnown(event.metricName)) {
      const message = `Metric ${event.metricName} not present the metric list`;
      if (!errors.includes(message)) errors.push(message);
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
  const context: ChartContext = {
    computation, table, annotations: byMetric, withSignals: options.withSignals ?? true, weekly: new WeeklySeries(computation), layouts: new Map(),
  };
  const setup = computation.config.setup;
  const deck: Deck = {
    blocks: [],
    title: setup.title,
    weekEnding: formatDayMonthNameYear(setup.weekEnding),
    blockStartingNumber: setup.blockStartingNumber,
    xAxisMonthlyDisplay: setup.xAxisMonthlyDisplay,
    annotationErrors: errors.length > 0 ? errors.join('\n') : null,
    pulse: {
      version: 1,
      weekEndingDate: isoDate(setup.weekEnding),
      fiscalYearEndMonth: (MONTH_ABBREVIATIONS[setup.fiscalYearEndMonth - 1] as string).toUpperCase(),
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
    sink(index === 0 ? JSON.stringify(block) : `,${JSON.stringify(block)}`);
  });
  const fields: Partial<Deck> = { ...deck };
  delete fields.blocks;
  sink(`],${JSON.stringify(fields).slice(1)}`);
  return deck;
}
