import { AppError } from '../errors.js';
import { aggregateRange, isIdentityForSingleRows } from './aggregate.js';
import {
  addMonthsClamped, civilDate, dayNumber, firstDayOfMonthIndex, isLastDayOfMonth, lastDayOfMonthIndex, lowerBound,
  MONTH_ABBREVIATIONS, monthIndexOf,
} from './calendar.js';
import type { CsvTable } from './csv-scanner.js';
import { compileFilterQuery, queryColumns, QuerySyntaxError } from './filter-query.js';
import type { QueryColumn } from './filter-query.js';
import type { Aggregation, BaseMetricConfig, FunctionMetricConfig, WbrConfig, WbrSetup } from './wbr-config.js';

/**
 * The WBR computation: from the config and the CSV columns to every number a deck shows — the six weeks,
 * the twelve (and more) months, the prior year, the box totals and the YOY / WOW / MOM series — following
 * the WBR App rule by rule (see docs/wbr-compatibility.md for the few places where Pulse differs).
 *
 * Rows of the App's "metrics table" are: 0-5 the six weeks, 6 a gap, 7... the months (12 trailing months, the
 * current partial month, then the months to fiscal year end). Each table keeps every metric's column in one
 * Float64Array (see `MetricTables`).
 */

const WEEKS = 6;
const MONTHS = 12;
const FIRST_MONTH_ROW = 7;
const PRIOR_YEAR_WEEK_OFFSET = 364;
const BPS = 10_000;
const PERCENT = 100;

/** Period summary rows (the App's YOY_IDX_*). */
const PS = { cyWk6: 0, cyWk5: 1, pyWk6: 2, pyWk5: 3, cyMtd: 4, pyMtd: 5, cyQtd: 6, pyQtd: 7, cyYtd: 8, pyYtd: 9 } as const;
/** Box rows compared against period summary rows: [box row, current row, previous row]. */
const BOX_COMPARISONS: ReadonlyArray<readonly [number, number, number]> = [
  [1, PS.cyWk6, PS.cyWk5], [2, PS.cyWk6, PS.pyWk6], [4, PS.cyMtd, PS.pyMtd], [6, PS.cyQtd, PS.pyQtd], [8, PS.cyYtd, PS.pyYtd],
];

export const BOX_LABELS = ['LastWk', 'WOW', 'YOY', 'MTD', 'YOY', 'QTD', 'YOY', 'YTD', 'YOY'] as const;

/** A table of rows: each row is a bucket of days [from, to) in the daily arrays, or a padding row (from = -1). */
interface Buckets {
  from: Int32Array;
  to: Int32Array;
  /** Month index of each row (monthly tables), for fiscal-year matching and labels. */
  month: Int32Array;
  /** Rows whose exact zeros the App turns into blanks (months to fiscal year end). */
  zeroIsBlank: Uint8Array;
}

/** The first and last date of the data file (of every row, kept or not); null for a file without rows. */
type DateSpan = CsvTable['dateSpan'];

/** One table of every metric: metric `slot` owns `values[slot * width, (slot + 1) * width)`. */
export interface MetricTable {
  /** Values per metric. */
  width: number;
  values: Float64Array;
}

/**
 * Every metric's numbers in every table the deck reads, one Float64Array per table ("struct of arrays"). A handful
 * of large arrays instead of a dozen small ones per metric keeps the heap small, so the garbage collector has
 * little live data to copy.
 */
export interface MetricTables {
  cyWeeks: MetricTable;
  pyWeeks: MetricTable;
  cyMonths: MetricTable;
  pyMonths: MetricTable;
  /** The 10 period-summary values (zeros blank). */
  periods: MetricTable;
  /** The 9 box-total values before placeholders (NaN / ±Infinity become "N/A"). */
  box: MetricTable;
  /** Prior-year box values (LastWk, MTD, QTD, YTD rows; others blank). */
  priorBox: MetricTable;
  /** WOW and MOM inputs: this metric over the six weeks ending a week earlier and the twelve months a month earlier. */
  wowCurrent: MetricTable;
  wowPrevious: MetricTable;
  momCurrent: MetricTable;
  momPrevious: MetricTable;
}

export interface WbrComputation {
  config: WbrConfig;
  weekEnding: number;
  /** The App's graph axis labels: 6 week labels, " ", then one month label per current-year monthly row. */
  axisLabels: string[];
  /** Rows in the metrics table: 7 + the longer of the current- and prior-year monthly tables. */
  rowCount: number;
  /** Month index of each current-year monthly row (row 7 + i). */
  monthRows: Int32Array;
  /** Each metric's slot in `tables`. */
  slots: Map<string, number>;
  tables: MetricTables;
  /** Day numbers of the data's distinct dates and the daily value of each base metric (for XmR series). */
  days: Int32Array;
  /** Rows dated before this day were not kept (CsvScanOptions.firstDay). */
  firstDayKept: number;
  daily: Map<string, Float64Array>;
}

function compare(isBps: boolean, current: number, previous: number): number {
  return isBps ? current - previous : current / previous - 1;
}

/** Where the CSV rows of each day start, after putting rows in date order (stable). */
interface DayIndex {
  days: Int32Array;
  /** rowStart[d]..rowStart[d+1] are the rows of day d in `order`. */
  rowStart: Int32Array;
  /** Row order (null when the file is already in date order). */
  order: Int32Array | null;
}

function indexDays(dates: Int32Array): DayIndex {
  const n = dates.length;
  let sorted = true;
  for (let i = 1; i < n; i++) if ((dates[i] as number) < (dates[i - 1] as number)) { sorted = false; break; }
  let order: Int32Array | null = null;
  let ordered = dates;
  if (!sorted) {
    const rows = Array.from({ length: n }, (_, i) => i);
    rows.sort((a, b) => (dates[a] as number) - (dates[b] as number) || a - b);
    order = Int32Array.from(rows);
    ordered = Int32Array.from(rows, (row) => dates[row] as number);
  }
  const days: number[] = [];
  const starts: number[] = [];
  for (let i = 0; i < n; i++) {
    if (i === 0 || ordered[i] !== ordered[i - 1]) { days.push(ordered[i] as number); starts.push(i); }
  }
  starts.push(n);
  return { days: Int32Array.from(days), rowStart: Int32Array.from(starts), order };
}

function permuted(values: Float64Array, order: Int32Array | null): Float64Array {
  if (order === null) return values;
  const result = new Float64Array(order.length);
  for (let i = 0; i < order.length; i++) result[i] = values[order[i] as number] as number;
  return result;
}

/**
 * The first day whose data a deck for `setup` can use: older rows of the data file need not be kept. The earliest
 * windows are the prior year's trailing twelve months (they begin at most 24 months before the week's month; the
 * prior fiscal year and quarter begin later), the prior year's six weeks, and the XmR baseline before the shown
 * weeks; a month more is kept to spare.
 */
export function firstDayUsed(setup: WbrSetup): number {
  const months = firstDayOfMonthIndex(monthIndexOf(setup.weekEnding) - 25);
  const weeks = setup.weekEnding - Math.max(PRIOR_YEAR_WEEK_OFFSET + WEEKS * 7, (setup.xmrBaselineWeeks + WEEKS) * 7);
  return Math.min(months, weeks);
}

/** Resolves a metric's column in the CSV header, allowing the App's `<source>.<column>` names for a single CSV. */
function resolveColumn(name: string, header: ReadonlySet<string>, dataSourceNames: ReadonlySet<string>): string | undefined {
  if (header.has(name)) return name;
  const dot = name.indexOf('.');
  if (dot > 0 && dataSourceNames.has(name.slice(0, dot)) && header.has(name.slice(dot + 1))) return name.slice(dot + 1);
  return undefined;
}

/** The CSV columns the config needs: numbers for metric columns, text for filter-query columns. */
export function plannedCsvColumns(config: WbrConfig, header: readonly string[]): { numeric: string[]; text: string[] } {
  const headerSet = new Set(header);
  const numeric = new Set<string>();
  const text = new Set<string>();
  for (const metric of config.metrics) {
    if (metric.kind === 'column') {
      const column = resolveColumn(metric.column, headerSet, config.dataSourceNames);
      if (column === undefined) {
        throw new AppError('invalid_config', `Metric "${metric.name}" reads column "${metric.column}", which is not in the data file.`, {
          file: config.fileName, line: metric.line, field: `metrics.${metric.name}.column`,
        });
      }
      numeric.add(column);
    } else if (metric.kind === 'filter') {
      const base = resolveColumn(metric.baseColumn, headerSet, config.dataSourceNames);
      if (base === undefined) {
        throw new AppError('invalid_config', `The filter of metric "${metric.name}" uses base_column "${metric.baseColumn}", which is not in the data file.`, {
          file: config.fileName, line: metric.line, field: `metrics.${metric.name}.filter.base_column`,
        });
      }
      numeric.add(base);
      for (const column of queryColumns(metric.query)) {
        if (!headerSet.has(column)) {
          throw new AppError('invalid_config', `The filter query of metric "${metric.name}" (${metric.queryText}) uses "${column}", which is not a column of the data file.`, {
            file: config.fileName, line: metric.line, field: `metrics.${metric.name}.filter.query`,
          });
        }
        text.add(column);
      }
    }
  }
  return { numeric: [...numeric], text: [...text] };
}

/** The daily value of every base metric (column and filter metrics). */
function dailyValues(config: WbrConfig, table: CsvTable, dayIndex: DayIndex): Map<string, Float64Array> {
  const headerSet = new Set(table.header);
  const daily = new Map<string, Float64Array>();
  // A column put in date order is made once however many metrics read it; a file in date order needs no copy and
  // no cache (at 10,000 columns the cache alone was a Map grown to 10,000 entries).
  const columnCache = new Map<string, Float64Array>();
  const sortedColumn = (name: string): Float64Array => {
    let values = dayIndex.order === null ? undefined : columnCache.get(name);
    if (values === undefined) {
      const raw = table.numeric.get(name);
      if (raw === undefined) throw new AppError('internal', `Column ${name} was not read.`);
      values = permuted(raw, dayIndex.order);
      if (dayIndex.order !== null) columnCache.set(name, values);
    }
    return values;
  };
  const dayCount = dayIndex.days.length;
  const oneRowPerDay = dayCount === table.rowCount;
  const rowStart = dayIndex.rowStart;
  const byDay = (aggregation: Aggregation, rows: Float64Array): Float64Array => {
    if (oneRowPerDay && isIdentityForSingleRows(aggregation)) return rows;
    const result = new Float64Array(dayCount);
    for (let d = 0; d < dayCount; d++) result[d] = aggregateRange(aggregation, rows, rowStart[d] as number, rowStart[d + 1] as number, 'day');
    return result;
  };
  for (const metric of config.metrics) {
    if (metric.kind === 'column') {
      const column = resolveColumn(metric.column, headerSet, config.dataSourceNames) as string;
      daily.set(metric.name, byDay(metric.aggregation, sortedColumn(column)));
    } else if (metric.kind === 'filter') {
      const base = sortedColumn(resolveColumn(metric.baseColumn, headerSet, config.dataSourceNames) as string);
      const columns = new Map<string, QueryColumn>();
      for (const name of queryColumns(metric.query)) {
        const text = table.text.get(name) ?? [];
        if (table.numericTextColumns.has(name)) {
          const numbers = new Float64Array(text.length);
          text.forEach((cell, i) => { numbers[i] = cell === null ? Number.NaN : Number(cell.replaceAll(',', '')); });
          columns.set(name, { kind: 'number', values: permuted(numbers, dayIndex.order) });
        } else {
          columns.set(name, { kind: 'text', values: dayIndex.order === null ? text : Array.from(dayIndex.order, (row) => text[row] ?? null) });
        }
      }
      let matches: (row: number) => boolean;
      try {
        matches = compileFilterQuery(metric.query, columns);
      } catch (error) {
        if (error instanceof QuerySyntaxError) {
          throw new AppError('invalid_config', `The filter query of metric "${metric.name}" (${metric.queryText}) cannot be applied: ${error.message}.`, {
            file: config.fileName, line: metric.line, field: `metrics.${metric.name}.filter.query`,
          });
        }
        throw error;
      }
      const filtered = new Float64Array(base.length);
      for (let row = 0; row < base.length; row++) filtered[row] = matches(row) ? (base[row] as number) : Number.NaN;
      daily.set(metric.name, byDay(metric.aggregation, filtered));
    }
  }
  return daily;
}

/** The App's six weekly buckets ending on `end` (weeks end on `end`'s weekday), padded in front when data is short. */
function weekBuckets(days: Int32Array, end: number): Buckets {
  const buckets = emptyBuckets(WEEKS);
  const lo = lowerBound(days, end - (WEEKS * 7 - 1));
  const hi = lowerBound(days, end + 1);
  if (lo === hi) return buckets;
  const weekOf = (day: number): number => WEEKS - 1 - Math.floor((end - day) / 7);
  const firstWeek = weekOf(days[lo] as number);
  const lastWeek = weekOf(days[hi - 1] as number);
  const padding = WEEKS - (lastWeek - firstWeek + 1);
  for (let week = firstWeek; week <= lastWeek; week++) {
    const label = end - (WEEKS - 1 - week) * 7;
    const row = padding + week - firstWeek;
    buckets.from[row] = lowerBound(days, label - 6);
    buckets.to[row] = lowerBound(days, label + 1);
  }
  return buckets;
}

function emptyBuckets(count: number): Buckets {
  return { from: new Int32Array(count).fill(-1), to: new Int32Array(count).fill(-1), month: new Int32Array(count), zeroIsBlank: new Uint8Array(count) };
}

function lastFullMonth(reference: number): number {
  return isLastDayOfMonth(reference) ? monthIndexOf(reference) : monthIndexOf(reference) - 1;
}

/** The App's trailing twelve calendar months for `reference`, padded in front when the data does not cover them. */
function trailingMonthBuckets(days: Int32Array, span: DateSpan, reference: number): Buckets {
  return monthsEndingIn(days, span, lastFullMonth(reference));
}

/** Twelve calendar months ending with month index `endMonth`, padded in front when the data does not cover them. */
function monthsEndingIn(days: Int32Array, span: DateSpan, endMonth: number): Buckets {
  const buckets = emptyBuckets(MONTHS);
  const beginMonth = endMonth - (MONTHS - 1);
  let firstMonth = beginMonth;
  let lastMonth = endMonth;
  if (span !== null) {
    firstMonth = Math.max(beginMonth, monthIndexOf(span.first));
    lastMonth = Math.min(endMonth, monthIndexOf(span.last));
  }
  const count = span === null ? 0 : Math.max(0, lastMonth - firstMonth + 1);
  const padding = MONTHS - count;
  // With no month at all the App pads from the month before the last full month (an off-by-one it has).
  const paddingEnd = count === 0 ? endMonth - 1 : firstMonth - 1;
  for (let row = 0; row < padding; row++) buckets.month[row] = paddingEnd - (padding - 1 - row);
  for (let i = 0; i < count; i++) {
    const month = firstMonth + i;
    buckets.month[padding + i] = month;
    buckets.from[padding + i] = lowerBound(days, firstDayOfMonthIndex(month));
    buckets.to[padding + i] = lowerBound(days, lastDayOfMonthIndex(month) + 1);
  }
  return buckets;
}

/** Corrected MOM baseline: for each shown month, the calendar month just before it. */
function previousMonthBuckets(days: Int32Array, span: DateSpan, shown: Buckets): Buckets {
  const buckets = emptyBuckets(shown.from.length);
  for (let row = 0; row < shown.from.length; row++) {
    const month = (shown.month[row] as number) - 1;
    buckets.month[row] = month;
    if (span === null || month < monthIndexOf(span.first) || month > monthIndexOf(span.last)) continue;
    buckets.from[row] = lowerBound(days, firstDayOfMonthIndex(month));
    buckets.to[row] = lowerBound(days, lastDayOfMonthIndex(month) + 1);
  }
  return buckets;
}

function concatBuckets(parts: Buckets[]): Buckets {
  const total = parts.reduce((sum, part) => sum + part.from.length, 0);
  const result = emptyBuckets(total);
  let offset = 0;
  for (const part of parts) {
    result.from.set(part.from, offset);
    result.to.set(part.to, offset);
    result.month.set(part.month, offset);
    result.zeroIsBlank.set(part.zeroIsBlank, offset);
    offset += part.from.length;
  }
  return result;
}

/** Whole calendar months of the data in [fromMonth, toMonth], as the App's month-end resample gives them. */
function dataMonthBuckets(days: Int32Array, span: DateSpan, fromMonth: number, toMonth: number, zeroIsBlank: boolean): Buckets {
  if (span === null) return emptyBuckets(0);
  const first = Math.max(fromMonth, monthIndexOf(span.first));
  const last = Math.min(toMonth, monthIndexOf(span.last));
  const count = Math.max(0, last - first + 1);
  const buckets = emptyBuckets(count);
  for (let i = 0; i < count; i++) {
    const month = first + i;
    buckets.month[i] = month;
    buckets.from[i] = lowerBound(days, firstDayOfMonthIndex(month));
    buckets.to[i] = lowerBound(days, lastDayOfMonthIndex(month) + 1);
    buckets.zeroIsBlank[i] = zeroIsBlank ? 1 : 0;
  }
  return buckets;
}

/**
 * Aggregates a metric's daily values over each bucket into `target` from `offset` on. Rows that `shared` maps to a
 * row of an already filled table (same days, same blank rule, so the same value) are copied from
 * `source[sourceOffset + row]` instead.
 */
function fill(
  aggregation: Aggregation, daily: Float64Array, buckets: Buckets, target: Float64Array, offset: number,
  shared: Int32Array | null = null, source: Float64Array = target, sourceOffset = 0,
): void {
  const count = buckets.from.length;
  for (let row = 0; row < count; row++) {
    const from = buckets.from[row] as number;
    if (from < 0) { target[offset + row] = Number.NaN; continue; }
    const same = shared === null ? -1 : (shared[row] as number);
    if (same >= 0) { target[offset + row] = source[sourceOffset + same] as number; continue; }
    const value = aggregateRange(aggregation, daily, from, buckets.to[row] as number, 'period');
    target[offset + row] = buckets.zeroIsBlank[row] === 1 && value === 0 ? Number.NaN : value;
  }
}

/** For each row of `buckets`, the row of `source` over the same days with the same blank rule (-1 for none). */
function sharedRows(buckets: Buckets, source: Buckets): Int32Array {
  const rows = new Int32Array(buckets.from.length).fill(-1);
  for (let row = 0; row < rows.length; row++) {
    const from = buckets.from[row] as number;
    if (from < 0) continue;
    for (let other = 0; other < source.from.length; other++) {
      if (source.from[other] === from && source.to[other] === buckets.to[row] && source.zeroIsBlank[other] === buckets.zeroIsBlank[row]) {
        rows[row] = other;
        break;
      }
    }
  }
  return rows;
}

/** Start of the fiscal quarter containing `day`, with quarters ending in the fiscal year's last month. */
function quarterStart(day: number, fiscalEndMonth: number): number {
  const { year, month } = civilDate(day);
  const offset = (((month - fiscalEndMonth - 1) % 3) + 3) % 3;
  const startMonth = year * 12 + month - 1 - offset;
  return firstDayOfMonthIndex(startMonth);
}

/** First day of the fiscal year containing `day`. */
function fiscalYearStart(day: number, fiscalEndMonth: number): number {
  const { year, month } = civilDate(day);
  const startMonth = (fiscalEndMonth % 12) + 1;
  return dayNumber(month >= startMonth ? year : year - 1, startMonth, 1);
}

/** Month index of the fiscal year end at or after `monthIndex`. */
function fiscalYearEndMonthIndex(monthIndex: number, fiscalEndMonth: number): number {
  const month = (monthIndex % 12) + 1;
  return monthIndex + ((fiscalEndMonth - month + 12) % 12);
}

interface PeriodWindows {
  from: Int32Array;
  to: Int32Array;
}

function periodWindows(days: Int32Array, weekEnding: number, fiscalEndMonth: number): PeriodWindows {
  const priorYear = addMonthsClamped(weekEnding, -12);
  const ranges: Array<[number, number]> = [];
  for (const [start, end] of [
    [firstDayOfMonthIndex(monthIndexOf(weekEnding)), weekEnding],
    [firstDayOfMonthIndex(monthIndexOf(priorYear)), priorYear],
    [quarterStart(weekEnding, fiscalEndMonth), weekEnding],
    [quarterStart(priorYear, fiscalEndMonth), priorYear],
    [fiscalYearStart(weekEnding, fiscalEndMonth), weekEnding],
    [fiscalYearStart(priorYear, fiscalEndMonth), priorYear],
  ] as const) {
    ranges.push([lowerBound(days, start), lowerBound(days, end + 1)]);
  }
  return { from: Int32Array.from(ranges, (r) => r[0]), to: Int32Array.from(ranges, (r) => r[1]) };
}

/** A function metric over its operands' rows of one table, as the App's main evaluator does: `sum` skips blanks (all blank = 0). */
function applyMain(operation: FunctionMetricConfig['operation'], table: MetricTable, operands: readonly number[], target: number): void {
  const { width, values } = table;
  const a = (operands[0] as number) * width;
  const b = (operands[1] ?? (operands[0] as number)) * width;
  const out = target * width;
  for (let i = 0; i < width; i++) {
    switch (operation) {
      case 'sum': {
        let total = 0;
        for (const operand of operands) { const value = values[operand * width + i] as number; if (value === value) total += value; }
        values[out + i] = total;
        break;
      }
      case 'difference': values[out + i] = (values[a + i] as number) - (values[b + i] as number); break;
      case 'product': values[out + i] = (values[a + i] as number) * (values[b + i] as number); break;
      case 'divide': values[out + i] = (values[a + i] as number) / (values[b + i] as number); break;
    }
  }
}

/** The App's simpler evaluator for WOW and MOM: binary only, blanks propagate, operands as written. */
function applyBinary(operation: FunctionMetricConfig['operation'], table: MetricTable, x: number, y: number, target: number): void {
  const { width, values } = table;
  for (let i = 0; i < width; i++) {
    const a = values[x * width + i] as number;
    const b = values[y * width + i] as number;
    values[target * width + i] = operation === 'sum' ? a + b : operation === 'difference' ? a - b : operation === 'product' ? a * b : a / b;
  }
}

/** Operands in the order the App's main evaluator uses: `metric` operands first, then `column` operands. */
function mainOperandNames(metric: FunctionMetricConfig): string[] {
  return [...metric.operands.filter((o) => o.kind === 'metric'), ...metric.operands.filter((o) => o.kind === 'column')].map((o) => o.name);
}

function weekLabels(weekNumber: number): string[] {
  const labels: string[] = [];
  for (let i = WEEKS; i >= 1; i--) labels.push(`wk ${((((weekNumber - i) % 52) + 52) % 52) + 1}`);
  return labels;
}

/** One table a base metric's daily values are aggregated into: its buckets, and rows copied from another table. */
interface FillJob {
  buckets: Buckets;
  table: MetricTable;
  /** Rows that have the same days as a row of `source` (see `sharedRows`), or null. */
  shared: Int32Array | null;
  source: MetricTable;
}

/** What every base metric is computed over: the same buckets and tables for all. */
interface BaseMetricPlan {
  tables: MetricTables;
  /** In order: a job's `source` is filled before the job. */
  jobs: FillJob[];
  partialMonth: { from: number; to: number } | null;
  partialRow: number;
}

/**
 * Fills a column or filter metric's slot of every table. A function of its own (not a loop body of computeWbr),
 * with a single call of `fill`, so that V8 optimizes it soon and quickly: a CLI run is short and mostly cold.
 */
function computeBaseMetric(plan: BaseMetricPlan, metric: BaseMetricConfig, values: Float64Array, slot: number): void {
  const { tables, partialMonth } = plan;
  const aggregation = metric.aggregation;
  // Indexed loops here and below: until V8 optimizes this function, for-of allocates an iterator result per step
  // (and destructuring an iterator per triple), which at thousands of metrics is most of the phase's garbage.
  const jobs = plan.jobs;
  for (let j = 0; j < jobs.length; j++) {
    const job = jobs[j] as FillJob;
    fill(aggregation, values, job.buckets, job.table.values, slot * job.table.width, job.shared, job.source.values, slot * job.source.width);
  }
  const cyWeeksOf = tables.cyWeeks.values;
  const pyWeeksOf = tables.pyWeeks.values;
  const cyMonthsOf = tables.cyMonths.values;
  const periodsOf = tables.periods.values;
  const boxOf = tables.box.values;
  const priorBoxOf = tables.priorBox.values;
  const weeksAt = slot * WEEKS;
  const monthsAt = slot * tables.cyMonths.width;
  if (partialMonth !== null) {
    // The App's partial month: every day of the calendar month must have a value (days after the week too).
    const { from, to } = partialMonth;
    let present = 0;
    for (let d = from; d < to; d++) if ((values[d] as number) === (values[d] as number)) present++;
    cyMonthsOf[monthsAt + plan.partialRow] = present !== to - from ? Number.NaN : aggregateRange(aggregation, values, from, to, 'period');
  }
  // Periods 4-9 (MTD, QTD, YTD and their prior years) were filled by a job; the first four are week values.
  const p = slot * 10;
  periodsOf[p + PS.cyWk6] = cyWeeksOf[weeksAt + WEEKS - 1] as number;
  periodsOf[p + PS.cyWk5] = cyWeeksOf[weeksAt + WEEKS - 2] as number;
  periodsOf[p + PS.pyWk6] = pyWeeksOf[weeksAt + WEEKS - 1] as number;
  periodsOf[p + PS.pyWk5] = pyWeeksOf[weeksAt + WEEKS - 2] as number;
  for (let i = p; i < p + 10; i++) if (periodsOf[i] === 0) periodsOf[i] = Number.NaN;
  const isBps = metric.comparison === 'bps';
  const b = slot * 9;
  boxOf[b] = periodsOf[p + PS.cyWk6] as number;
  boxOf[b + 3] = periodsOf[p + PS.cyMtd] as number;
  boxOf[b + 5] = periodsOf[p + PS.cyQtd] as number;
  boxOf[b + 7] = periodsOf[p + PS.cyYtd] as number;
  for (let c = 0; c < BOX_COMPARISONS.length; c++) {
    const comparison = BOX_COMPARISONS[c] as readonly [number, number, number];
    const change = compare(isBps, periodsOf[p + comparison[1]] as number, periodsOf[p + comparison[2]] as number);
    boxOf[b + comparison[0]] = isBps ? change * BPS : change * PERCENT;
  }
  for (let i = b; i < b + 9; i++) if (Number.isNaN(boxOf[i])) boxOf[i] = 0;
  priorBoxOf.fill(Number.NaN, b, b + 9);
  priorBoxOf[b] = periodsOf[p + PS.pyWk6] as number;
  priorBoxOf[b + 3] = periodsOf[p + PS.pyMtd] as number;
  priorBoxOf[b + 5] = periodsOf[p + PS.pyQtd] as number;
  priorBoxOf[b + 7] = periodsOf[p + PS.pyYtd] as number;
  const wowCurrentOf = tables.wowCurrent.values;
  for (let i = weeksAt; i < weeksAt + WEEKS; i++) wowCurrentOf[i] = cyWeeksOf[i] as number;
  const momCurrentOf = tables.momCurrent.values;
  for (let i = 0; i < MONTHS; i++) momCurrentOf[slot * MONTHS + i] = cyMonthsOf[monthsAt + i] as number;
}

export function computeWbr(config: WbrConfig, table: CsvTable): WbrComputation {
  const weekEnding = config.setup.weekEnding;
  const fiscalEndMonth = config.setup.fiscalYearEndMonth;
  // The compatibility switch is read once here; each fix picks its buckets or formula outside the per-cell loops.
  const corrected = config.setup.compatibility === 'corrected';
  if (table.firstDay > firstDayUsed(config.setup)) {
    throw new AppError('internal', 'The data was read for another week: rows the deck needs were left out.');
  }
  const dayIndex = indexDays(table.dates);
  const days = dayIndex.days;
  // Which months the data covers: from every row read, as some old rows were not kept (CsvScanOptions.firstDay).
  const span = table.dateSpan;
  const daily = dailyValues(config, table, dayIndex);

  // Buckets are the same for every metric: compute them once.
  const cyWeekBuckets = weekBuckets(days, weekEnding);
  const pyWeekBuckets = weekBuckets(days, weekEnding - PRIOR_YEAR_WEEK_OFFSET);
  const wowPreviousBuckets = weekBuckets(days, weekEnding - 7);
  const priorYearEnding = addMonthsClamped(weekEnding, -12);
  const cyTrailing = trailingMonthBuckets(days, span, weekEnding);
  // K8: the App re-applies the "last full month" rule to the prior-year date, so around a leap day the two years'
  // months can be one apart; corrected, the prior year shows the same calendar months one year earlier.
  const pyTrailing = corrected ? monthsEndingIn(days, span, lastFullMonth(weekEnding) - 12) : trailingMonthBuckets(days, span, priorYearEnding);
  // K2: the App compares with the trailing months of "a month earlier", which skips a month after a month-end week;
  // corrected, each shown month is compared with the month just before it.
  const momPreviousBuckets = corrected ? previousMonthBuckets(days, span, cyTrailing) : trailingMonthBuckets(days, span, addMonthsClamped(weekEnding, -1));

  const weekEndingMonth = monthIndexOf(weekEnding);
  const cyParts: Buckets[] = [cyTrailing];
  const pyParts: Buckets[] = [pyTrailing];
  // The partial current month (only when the week does not end on a month end).
  let partialMonth: { from: number; to: number } | null = null;
  if (!isLastDayOfMonth(weekEnding)) {
    const from = lowerBound(days, firstDayOfMonthIndex(weekEndingMonth));
    const to = lowerBound(days, lastDayOfMonthIndex(weekEndingMonth) + 1);
    partialMonth = { from, to };
    const partial = emptyBuckets(1);
    partial.month[0] = weekEndingMonth;
    cyParts.push(partial); // values filled specially below
    pyParts.push(dataMonthBuckets(days, span, weekEndingMonth - 12, weekEndingMonth - 12, false));
  }
  // The months to fiscal year end (only when the week's month is not the fiscal year's last month).
  if ((weekEndingMonth % 12) + 1 !== fiscalEndMonth) {
    const fiscalEnd = fiscalYearEndMonthIndex(weekEndingMonth, fiscalEndMonth);
    cyParts.push(dataMonthBuckets(days, span, weekEndingMonth + 1, fiscalEnd, true));
    pyParts.push(dataMonthBuckets(days, span, weekEndingMonth + 1 - 12, fiscalEnd - 12, true));
  }
  const cyMonthBuckets = concatBuckets(cyParts);
  const pyMonthBuckets = concatBuckets(pyParts);
  const partialRow = partialMonth === null ? -1 : MONTHS;
  const windows = periodWindows(days, weekEnding, fiscalEndMonth);

  // Slots in computation order: base metrics first, then function metrics (each after its operands, as the
  // config orders them). K3's "every column so far" is then every slot below the current one.
  const slots = new Map<string, number>();
  for (const metric of config.metrics) if (metric.kind !== 'function') slots.set(metric.name, slots.size);
  for (const metric of config.metrics) if (metric.kind === 'function') slots.set(metric.name, slots.size);
  const metricCount = slots.size;
  const newTable = (width: number): MetricTable => ({ width, values: new Float64Array(width * metricCount) });
  const cyMonthCount = cyMonthBuckets.from.length;
  const tables: MetricTables = {
    cyWeeks: newTable(WEEKS), pyWeeks: newTable(WEEKS), cyMonths: newTable(cyMonthCount), pyMonths: newTable(pyMonthBuckets.from.length),
    periods: newTable(10), box: newTable(9), priorBox: newTable(9),
    wowCurrent: newTable(WEEKS), wowPrevious: newTable(WEEKS), momCurrent: newTable(MONTHS), momPrevious: newTable(MONTHS),
  };
  const periodsOf = tables.periods.values;
  const boxOf = tables.box.values;

  // The week before each shown week, and the month before each shown month, are mostly shown weeks and months
  // themselves: their values are copied, not aggregated again. (The partial month row has no days of its own
  // in the buckets, so it is never copied.)
  const wowFromCurrentWeeks = sharedRows(wowPreviousBuckets, cyWeekBuckets);
  const momFromCurrentMonths = sharedRows(momPreviousBuckets, cyMonthBuckets);

  // The period windows as rows 4-9 of the period table (rows 0-3, the week values, are copied after); a window
  // without days is blank.
  const periodBuckets = emptyBuckets(10);
  for (let w = 0; w < 6; w++) {
    const from = windows.from[w] as number;
    const to = windows.to[w] as number;
    if (from !== to) { periodBuckets.from[4 + w] = from; periodBuckets.to[4 + w] = to; }
  }
  const job = (buckets: Buckets, table: MetricTable, shared: Int32Array | null = null, source: MetricTable = table): FillJob => ({ buckets, table, shared, source });
  const plan: BaseMetricPlan = {
    tables,
    jobs: [
      job(cyWeekBuckets, tables.cyWeeks), job(pyWeekBuckets, tables.pyWeeks), job(cyMonthBuckets, tables.cyMonths), job(pyMonthBuckets, tables.pyMonths),
      job(periodBuckets, tables.periods),
      job(wowPreviousBuckets, tables.wowPrevious, wowFromCurrentWeeks, tables.cyWeeks),
      job(momPreviousBuckets, tables.momPrevious, momFromCurrentMonths, tables.cyMonths),
    ],
    partialMonth,
    partialRow,
  };
  let slot = 0;
  for (const metric of config.metrics) {
    if (metric.kind === 'function') continue;
    computeBaseMetric(plan, metric, daily.get(metric.name) as Float64Array, slot);
    slot++;
  }

  for (const metric of config.metrics) {
    if (metric.kind !== 'function') continue;
    const operands = mainOperandNames(metric).map((name) => slots.get(name) as number);
    const first = operands[0] as number;
    const second = operands[1] ?? first;
    const operation = metric.operation;
    const isBps = metric.comparison === 'bps';
    for (const name of ['cyWeeks', 'pyWeeks', 'cyMonths', 'pyMonths', 'box', 'priorBox'] as const) applyMain(operation, tables[name], operands, slot);
    const p = slot * 10;
    const periodAt = (operand: number, i: number): number => periodsOf[operand * 10 + i] as number;
    for (let i = 0; i < 10; i++) {
      const a = periodAt(first, i);
      const b = periodAt(second, i);
      if (operation === 'sum') {
        // K3: the App sums every column of its period summary here (every metric so far, in slot order), not just
        // the operands; corrected, only the operands.
        let total = 0;
        if (corrected) {
          for (const operand of operands) { const value = periodAt(operand, i); if (value === value) total += value; }
        } else {
          for (let other = 0; other < slot; other++) { const value = periodAt(other, i); if (value === value) total += value; }
        }
        periodsOf[p + i] = total;
      } else {
        periodsOf[p + i] = operation === 'divide' ? a / b : operation === 'product' ? a * b : a - b;
      }
    }
    const score = (current: number, previous: number): number => (isBps ? (current - previous) * BPS : (current / previous - 1) * PERCENT);
    for (const [row, current, previous] of BOX_COMPARISONS) {
      if (operation === 'divide' || operation === 'product') {
        const op = (i: number): number => (operation === 'divide' ? periodAt(first, i) / periodAt(second, i) : periodAt(first, i) * periodAt(second, i));
        boxOf[slot * 9 + row] = score(op(current), op(previous));
      } else {
        const zeroBlank = (value: number): number => (value === value ? value : 0);
        const combine = (i: number): number => (operation === 'sum'
          ? operands.reduce((total, operand) => total + zeroBlank(periodAt(operand, i)), 0)
          : zeroBlank(periodAt(first, i)) - zeroBlank(periodAt(second, i)));
        const before = combine(previous);
        boxOf[slot * 9 + row] = score(combine(current), before === 0 ? Number.NaN : before);
      }
    }
    const binaryOperands = metric.operands.map((o) => slots.get(o.name) as number);
    const x = binaryOperands[0] as number;
    const y = binaryOperands[1] ?? x;
    // K9: the App's WOW / MOM evaluator uses only the first two operands and lets blanks propagate; corrected, WOW
    // and MOM use the same formula as the metric's own weeks and months.
    for (const name of ['wowCurrent', 'wowPrevious', 'momCurrent', 'momPrevious'] as const) {
      const changeTable = tables[name];
      if (corrected) applyMain(operation, changeTable, operands, slot);
      else if (binaryOperands.length === 1) changeTable.values.copyWithin(slot * changeTable.width, x * changeTable.width, (x + 1) * changeTable.width);
      else applyBinary(operation, changeTable, x, y, slot);
    }
    slot++;
  }

  const monthRows = cyMonthBuckets.month;
  const firstLabelMonth = lastFullMonth(weekEnding) - (MONTHS - 1);
  const axisLabels = [...weekLabels(config.setup.weekNumber), ' '];
  for (let i = 0; i < monthRows.length; i++) axisLabels.push(MONTH_ABBREVIATIONS[(firstLabelMonth + i) % 12] as string);
  return {
    config,
    weekEnding,
    axisLabels,
    rowCount: FIRST_MONTH_ROW + Math.max(cyMonthBuckets.from.length, pyMonthBuckets.from.length),
    monthRows,
    slots,
    tables,
    days,
    firstDayKept: table.firstDay,
    daily,
  };
}

/** A base metric's weekly values (blank for a week without days). Its own function, so V8 optimizes it soon. */
function fillWeeks(aggregation: Aggregation, daily: Float64Array, from: Int32Array, to: Int32Array, target: Float64Array, offset: number): void {
  for (let i = 0; i < from.length; i++) {
    const first = from[i] as number;
    const last = to[i] as number;
    target[offset + i] = first === last ? Number.NaN : aggregateRange(aggregation, daily, first, last, 'period');
  }
}

/**
 * Every metric's weekly values over the `weekCount` weeks ending on the week ending (oldest first; weeks end on
 * its weekday): the XmR series. A week without any day is blank. Function metrics combine their operands'
 * weeks (`sum` skips blanks, all blank is blank). One pass over all metrics, made only when a deck shows signals.
 */
export function weeklyTable(computation: WbrComputation, weekCount: number): MetricTable {
  const { config, days, daily, slots } = computation;
  if (computation.weekEnding - weekCount * 7 + 1 < computation.firstDayKept) {
    throw new AppError('internal', `The data rows of the ${weekCount} weeks before the week ending were not all kept.`);
  }
  const from = new Int32Array(weekCount);
  const to = new Int32Array(weekCount);
  for (let i = 0; i < weekCount; i++) {
    const end = computation.weekEnding - (weekCount - 1 - i) * 7;
    from[i] = lowerBound(days, end - 6);
    to[i] = lowerBound(days, end + 1);
  }
  const values = new Float64Array(weekCount * slots.size);
  for (const metric of config.metrics) {
    const at = (slots.get(metric.name) as number) * weekCount;
    if (metric.kind !== 'function') {
      fillWeeks(metric.aggregation, daily.get(metric.name) as Float64Array, from, to, values, at);
      continue;
    }
    // Operands come before the metric in the config's order, so their weeks are already filled.
    const operands = mainOperandNames(metric).map((name) => (slots.get(name) as number) * weekCount);
    const a = operands[0] as number;
    const b = operands[1] ?? a;
    for (let i = 0; i < weekCount; i++) {
      if (metric.operation === 'sum') {
        let total = 0;
        let present = 0;
        for (const operand of operands) {
          const value = values[operand + i] as number;
          if (value === value) { total += value; present++; }
        }
        values[at + i] = present === 0 ? Number.NaN : total;
      } else {
        const x = values[a + i] as number;
        const y = values[b + i] as number;
        values[at + i] = metric.operation === 'difference' ? x - y : metric.operation === 'product' ? x * y : x / y;
      }
    }
  }
  return { width: weekCount, values };
}

export { FIRST_MONTH_ROW, MONTHS, WEEKS, BPS, PERCENT };
