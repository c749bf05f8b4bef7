import { AppError } from '../errors.js';
import { NO_NODE, parseConfigTree } from './config-tree.js';
import type { ConfigNode, ConfigNodeKind, ConfigTree } from './config-tree.js';
import { monthFromAbbreviation, parseDayMonYear } from './calendar.js';
import { parseFilterQuery, QuerySyntaxError } from './filter-query.js';
import type { QueryExpression } from './filter-query.js';

/**
 * A WBR deck config (the WBR App's YAML) read into a validated model. Every error names the key path and the
 * line. The App's own keys keep their meaning; Pulse adds a few optional keys that the App ignores:
 * `setup.xmr_baseline_weeks` and a metric's `good_direction` (`up` / `down`).
 */

export const AGGREGATIONS = ['sum', 'mean', 'min', 'max', 'first', 'last', 'median', 'count', 'std', 'var', 'nunique', 'prod'] as const;
export type Aggregation = (typeof AGGREGATIONS)[number];
export type ComparisonMethod = 'percent' | 'bps';
export const FUNCTION_OPERATIONS = ['sum', 'difference', 'product', 'divide'] as const;
export type FunctionOperation = (typeof FUNCTION_OPERATIONS)[number];
export type GoodDirection = 'up' | 'down';
export type MonthlyDisplay = 'trailing_twelve_months' | 'fiscal_year';

interface MetricCommon {
  name: string;
  /** Line of the metric's key. */
  line: number;
  comparison: ComparisonMethod;
  goodDirection: GoodDirection | null;
}

export interface ColumnMetricConfig extends MetricCommon {
  kind: 'column';
  column: string;
  aggregation: Aggregation;
}

export interface FilterMetricConfig extends MetricCommon {
  kind: 'filter';
  baseColumn: string;
  queryText: string;
  query: QueryExpression;
  aggregation: Aggregation;
}

export interface FunctionOperand {
  kind: 'metric' | 'column';
  name: string;
  line: number;
}

export interface FunctionMetricConfig extends MetricCommon {
  kind: 'function';
  operation: FunctionOperation;
  /** As written in the YAML. */
  operands: FunctionOperand[];
}

export type MetricConfig = ColumnMetricConfig | FilterMetricConfig | FunctionMetricConfig;
export type BaseMetricConfig = ColumnMetricConfig | FilterMetricConfig;

export interface WbrSetup {
  weekEnding: number;
  weekNumber: number;
  title: string;
  /** 1-12. */
  fiscalYearEndMonth: number;
  blockStartingNumber: number;
  tooltip: boolean;
  /** The setup default for blocks; `hasXAxisMonthlyDisplay` says whether the key was present. */
  xAxisMonthlyDisplay: MonthlyDisplay | null;
  xmrBaselineWeeks: number;
  /**
   * `app` reproduces the WBR App's number-changing bugs (so its decks match exactly); `corrected` fixes them.
   * Pulse-only key `setup.pulse_compatibility`; `pulse wbr build --corrected` overrides it. See docs/wbr-compatibility.md.
   */
  compatibility: CompatibilityMode;
  /** `setup.db_config_url`: where the App finds its connections file (docs/wbr-sql.md says how Pulse reads it). */
  dbConfigUrl: string | null;
}

/**
 * One source of the App's `data_sources`, in the config's order: a SQL query run on a named connection, or a CSV
 * file. Its columns other than `Date` are read as `<name>.<column>`.
 */
export type WbrDataSource =
  | { kind: 'query'; connection: string; name: string; sql: string; file: string; line: number; path: string }
  | { kind: 'csv'; name: string; path: string; file: string; line: number; field: string };

export type CompatibilityMode = 'app' | 'corrected';
const COMPATIBILITY_MODES: readonly CompatibilityMode[] = ['app', 'corrected'];

export interface ChartMetricConfig {
  name: string;
  line: number;
  lineStyle: string;
  showPriorYear: boolean;
  legendName: string;
}

export interface TableRowConfig {
  line: number;
  header?: string;
  metric?: string;
  style?: string;
  yScaling?: string;
}

export type BlockConfig =
  | { uiType: '6_12Graph'; line: number; title: string | null; yScaling: string; xAxisMonthlyDisplay: MonthlyDisplay | null; axes: number | null; metrics: ChartMetricConfig[] }
  | { uiType: '6_WeeksTable'; line: number; title: string; rows: TableRowConfig[] }
  | { uiType: '12_MonthsTable'; line: number; title: string; xAxisMonthlyDisplay: MonthlyDisplay | null; rows: TableRowConfig[] }
  | { uiType: 'section'; line: number; title: string }
  | { uiType: 'embedded_content'; line: number; source: string; title: string; name: string; height: number | ''; width: number | '' };

export interface WbrConfig {
  fileName: string;
  setup: WbrSetup;
  /** In YAML order. */
  metrics: MetricConfig[];
  metricsByName: Map<string, MetricConfig>;
  deck: BlockConfig[];
  /** Annotation CSV paths as written (relative paths are resolved by the caller). */
  annotationFiles: Array<{ path: string; line: number }>;
  /** The App's `data_sources`, in order: where the data comes from when no CSV is given. */
  dataSources: WbrDataSource[];
  /** Names of the App's `data_sources` queries and CSVs: `<name>.<column>` may then refer to `<column>` of the CSV. */
  dataSourceNames: Set<string>;
  /** Remarks that do not stop the build (keys the App accepts but ignores). */
  warnings: string[];
}

export interface ParseWbrConfigOptions {
  fileName: string;
  /** `error` (default): an unknown key stops the build; `warn`: it becomes a warning. */
  unknownKeys?: 'error' | 'warn';
  /**
   * Read plain column metrics and 6_12Graph blocks with the direct reader (default true). Only tests turn it
   * off, to check that both readers give the same model.
   */
  directReads?: boolean;
}

/** Keys the App's own samples carry but the App ignores: accepted with a warning, never an error. */
const IGNORED_APP_KEYS: Record<string, ReadonlySet<string>> = {
  metric: new Set(['box_total_scaling']),
};

/** A node (null when absent) with its key path (built only when a message needs it: large decks have 100,000 nodes) and line. */
export class Located {
  constructor(
    readonly node: ConfigNode | null,
    private readonly parent: Located | null,
    private readonly key: string | number,
    readonly line: number,
  ) {}

  get path(): string {
    if (this.parent === null) return String(this.key);
    const parentPath = this.parent.path;
    if (typeof this.key === 'number') return `${parentPath}[${this.key}]`;
    return parentPath === '' ? this.key : `${parentPath}.${this.key}`;
  }
}

/** Above this many keys, a mapping finds duplicate keys with a Map rather than by scanning its keys. */
const SCANNED_KEYS = 16;

/**
 * The entries of a mapping, in order, with later duplicates winning (as in the App's YAML loader). Most mappings
 * have a few keys: a scan of their keys is faster than a Map, and a `Located` is made only for a value asked for.
 */
export class Mapping {
  constructor(
    private readonly reader: ConfigReader,
    private readonly at: Located,
    /** Distinct keys, in the order of their first appearance. */
    readonly keys: string[],
    /** The value node of each key (of its last appearance). */
    private readonly values: ConfigNode[],
    /** The position of each key, for mappings of more than SCANNED_KEYS keys. */
    private readonly index?: Map<string, number>,
  ) {}

  get size(): number {
    return this.keys.length;
  }

  has(key: string): boolean {
    return this.positionOf(key) >= 0;
  }

  get(key: string): Located | undefined {
    const position = this.positionOf(key);
    return position < 0 ? undefined : this.valueAt(position);
  }

  valueAt(position: number): Located {
    const tree = this.reader.tree;
    const node = this.values[position] as ConfigNode;
    const absent = tree.isNull(node);
    return new Located(absent ? null : node, this.at, this.keys[position] as string, absent ? tree.keyLine(node) : tree.line(node));
  }

  map<T>(read: (key: string, value: Located) => T): T[] {
    return this.keys.map((key, position) => read(key, this.valueAt(position)));
  }

  private positionOf(key: string): number {
    return this.index === undefined ? this.keys.indexOf(key) : (this.index.get(key) ?? -1);
  }
}

/**
 * What a value is, for messages: a text, a node (its key path), or a function making the text; not a text made
 * in advance for every metric or block of a deck, as it is needed only when something is wrong.
 */
type Description = string | Located | (() => string);

function describe(what: Description | undefined, at: Located): string {
  if (what === undefined) return at.path;
  if (typeof what === 'string') return what;
  return what instanceof Located ? what.path : what();
}

/** A scalar as text (a number or boolean by String()); undefined for a null, a missing value or a collection. */
function textOf(value: unknown): string | undefined {
  return value === undefined || value === null || typeof value === 'object' ? undefined : String(value);
}

/** A flag's value as the App's Python reads it (`if flag:`). */
function isTruthy(value: unknown): boolean {
  return value !== null && value !== undefined && value !== false && value !== 0 && value !== '';
}

export class ConfigReader {
  readonly warnings: string[] = [];
  constructor(
    readonly tree: ConfigTree,
    private readonly fileName: string,
    private readonly unknownKeys: 'error' | 'warn',
    readonly directReads: boolean,
  ) {}

  fail(at: { path: string; line: number }, message: string): never {
    throw new AppError('invalid_config', message, { file: this.fileName, line: at.line, field: at.path });
  }

  kind(at: Located): ConfigNodeKind | null {
    return at.node === null ? null : this.tree.kind(at.node);
  }

  /** The entries of a mapping; warns about keys given twice. */
  entries(at: Located, what?: Description): Mapping {
    const tree = this.tree;
    if (at.node === null || tree.kind(at.node) !== 'map') this.fail(at, `${describe(what, at)} must be a mapping of keys to values.`);
    // Sized up front: arrays grown by push start with room for 17 items, and decks have 100,000 small mappings.
    const size = tree.size(at.node);
    const keys = new Array<string>(size);
    const values = new Array<ConfigNode>(size);
    let count = 0;
    let positions: Map<string, number> | undefined;
    for (let child = tree.first(at.node); child !== NO_NODE; child = tree.next(child)) {
      const key = tree.key(child);
      if (positions === undefined && count === SCANNED_KEYS) positions = new Map(keys.slice(0, count).map((k, position) => [k, position]));
      const seen = positions === undefined ? keys.indexOf(key) : (positions.get(key) ?? -1);
      if (seen >= 0) {
        this.warnings.push(`${this.fileName}:${tree.keyLine(child)}: ${new Located(child, at, key, 0).path} is given twice; the last value is used.`);
        values[seen] = child;
        continue;
      }
      positions?.set(key, count);
      keys[count] = key;
      values[count] = child;
      count++;
    }
    if (count < size) {
      keys.length = count;
      values.length = count;
    }
    return new Mapping(this, at, keys, values, positions);
  }

  emptyMapping(at: Located): Mapping {
    return new Mapping(this, at, [], []);
  }

  items(at: Located, what?: Description): Located[] {
    const tree = this.tree;
    if (at.node === null || tree.kind(at.node) !== 'seq') this.fail(at, `${describe(what, at)} must be a list.`);
    const items: Located[] = [];
    for (let item = tree.first(at.node); item !== NO_NODE; item = tree.next(item)) {
      const line = tree.kind(item) === 'none' ? at.line : tree.line(item);
      items.push(new Located(tree.isNull(item) ? null : item, at, items.length, line));
    }
    return items;
  }

  checkKeys(map: Mapping, allowed: readonly string[], ignoredGroup: keyof typeof IGNORED_APP_KEYS | null, where: Description): void {
    for (let position = 0; position < map.size; position++) {
      const key = map.keys[position] as string;
      if (allowed.includes(key)) continue;
      const value = map.valueAt(position);
      const where2 = `${this.fileName}:${value.line}: ${value.path}`;
      if (ignoredGroup !== null && IGNORED_APP_KEYS[ignoredGroup]?.has(key)) {
        this.warnings.push(`${where2} is not used (the WBR App ignores it too).`);
        continue;
      }
      if (this.unknownKeys === 'warn') {
        this.warnings.push(`${where2} is not a known key of ${describe(where, value)}; it is ignored.`);
        continue;
      }
      this.fail(value, `Unknown key "${key}" in ${describe(where, value)}. Known keys: ${allowed.join(', ')}.`);
    }
  }

  scalar(at: Located): unknown {
    if (at.node === null) return null;
    return this.tree.value(at.node);
  }

  string(at: Located, what?: Description): string {
    const text = textOf(this.scalar(at));
    if (text === undefined) this.fail(at, `${describe(what, at)} must be a text value.`);
    return text;
  }

  optionalString(at: Located | undefined, what: string): string | null {
    if (at === undefined || at.node === null) return null;
    return this.string(at, what);
  }

  integer(at: Located, what?: Description): number {
    const value = this.scalar(at);
    const number = typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
    if (typeof number !== 'number' || !Number.isInteger(number)) this.fail(at, `${describe(what, at)} must be a whole number.`);
    return number;
  }

  boolean(at: Located): boolean {
    return isTruthy(this.scalar(at));
  }
}

const SETUP_KEYS = ['week_ending', 'week_number', 'title', 'fiscal_year_end_month', 'block_starting_number', 'tooltip', 'x_axis_monthly_display', 'xmr_baseline_weeks', 'pulse_compatibility', 'db_config_url'];
const METRIC_KEYS = ['column', 'filter', 'function', 'aggf', 'metric_comparison_method', 'good_direction'];
const TOP_KEYS = ['setup', 'metrics', 'deck', 'annotations', 'data_sources'];
const BLOCK_WRAPPER_KEYS = ['block'];
const CHART_BLOCK_KEYS = ['ui_type', 'title', 'y_scaling', 'x_axis_monthly_display', 'axes', 'metrics'];
const CHART_METRIC_KEYS = ['line_style', 'graph_prior_year_flag', 'legend_name'];

function isMonthlyDisplay(value: unknown): value is MonthlyDisplay {
  return value === 'trailing_twelve_months' || value === 'fiscal_year';
}

function monthlyDisplay(reader: ConfigReader, at: Located | undefined, what: Description): MonthlyDisplay | null {
  if (at === undefined || at.node === null) return null;
  const value = reader.string(at, what);
  if (!isMonthlyDisplay(value)) {
    reader.fail(at, `${describe(what, at)} must be "fiscal_year" or "trailing_twelve_months", not "${value}".`);
  }
  return value;
}

function readSetup(reader: ConfigReader, at: Located): WbrSetup {
  const setup = reader.entries(at, 'setup');
  reader.checkKeys(setup, SETUP_KEYS, 'setup', 'setup');
  const need = (key: string): Located => {
    const value = setup.get(key);
    if (value === undefined || value.node === null) reader.fail({ path: `setup.${key}`, line: at.line }, `setup.${key} is required.`);
    return value;
  };
  const weekEndingAt = need('week_ending');
  const weekEndingValue = reader.scalar(weekEndingAt);
  const weekEnding = typeof weekEndingValue === 'string' ? parseDayMonYear(weekEndingValue) : undefined;
  if (weekEnding === undefined) {
    reader.fail(weekEndingAt, `setup.week_ending must be a date like 25-SEP-2021 (day-month-year), not "${String(weekEndingValue instanceof Date ? weekEndingValue.toISOString().slice(0, 10) : weekEndingValue)}".`);
  }
  const weekNumber = reader.integer(need('week_number'), 'setup.week_number');
  const title = reader.string(need('title'), 'setup.title');
  let fiscalYearEndMonth = 12;
  const fiscalAt = setup.get('fiscal_year_end_month');
  if (fiscalAt !== undefined && fiscalAt.node !== null) {
    const text = reader.string(fiscalAt, 'setup.fiscal_year_end_month');
    const month = monthFromAbbreviation(text);
    if (month === undefined) reader.fail(fiscalAt, `setup.fiscal_year_end_month must be a 3-letter month like DEC or Jun, not "${text}".`);
    fiscalYearEndMonth = month;
  }
  const blockStartAt = setup.get('block_starting_number');
  const blockStartingNumber = blockStartAt === undefined || blockStartAt.node === null ? 1 : reader.integer(blockStartAt, 'setup.block_starting_number');
  const tooltipAt = setup.get('tooltip');
  const baselineAt = setup.get('xmr_baseline_weeks');
  let xmrBaselineWeeks = 26;
  if (baselineAt !== undefined && baselineAt.node !== null) {
    xmrBaselineWeeks = reader.integer(baselineAt, 'setup.xmr_baseline_weeks');
    if (xmrBaselineWeeks < 2 || xmrBaselineWeeks > 520) reader.fail(baselineAt, 'setup.xmr_baseline_weeks must be between 2 and 520.');
  }
  return {
    weekEnding,
    weekNumber,
    title,
    fiscalYearEndMonth,
    blockStartingNumber,
    tooltip: tooltipAt === undefined ? false : reader.boolean(tooltipAt),
    xAxisMonthlyDisplay: monthlyDisplay(reader, setup.get('x_axis_monthly_display'), 'setup.x_axis_monthly_display'),
    xmrBaselineWeeks,
    compatibility: readCompatibility(reader, setup.get('pulse_compatibility')),
    dbConfigUrl: reader.optionalString(setup.get('db_config_url'), 'setup.db_config_url'),
  };
}

function readCompatibility(reader: ConfigReader, at: Located | undefined): CompatibilityMode {
  if (at === undefined || at.node === null) return 'app';
  const text = reader.string(at, 'setup.pulse_compatibility');
  const mode = COMPATIBILITY_MODES.find((candidate) => candidate === text);
  if (mode === undefined) reader.fail(at, `setup.pulse_compatibility must be app or corrected, not "${text}".`);
  return mode;
}

function readAggregation(reader: ConfigReader, map: Mapping, at: Located, name: string): Aggregation {
  const aggfAt = map.get('aggf');
  if (aggfAt === undefined || aggfAt.node === null) {
    reader.fail({ path: `${at.path}.aggf`, line: at.line }, `Metric "${name}" needs an aggf (one of ${AGGREGATIONS.join(', ')}).`);
  }
  const aggf = reader.string(aggfAt);
  // The constant rather than the text read: one string for all metrics.
  const aggregation = AGGREGATIONS.find((known) => known === aggf);
  if (aggregation === undefined) {
    reader.fail(aggfAt, `"${aggf}" is not a known aggf for metric "${name}"; use one of ${AGGREGATIONS.join(', ')}.`);
  }
  return aggregation;
}

function readOperands(reader: ConfigReader, at: Located, name: string, inline: MetricConfig[], common: (n: string, line: number) => MetricCommon): FunctionOperand[] {
  return reader.items(at, `The operands of function metric "${name}"`).map((item) => {
    const operand = reader.entries(item, `An operand of function metric "${name}"`);
    const kindKey = operand.has('metric') ? 'metric' : operand.has('column') ? 'column' : undefined;
    if (kindKey === undefined || operand.size !== 1) {
      reader.fail(item, `An operand of function metric "${name}" must be "- metric: {name: X}" or "- column: {name: X}".`);
    }
    const body = operand.get(kindKey) as Located;
    const fields = reader.entries(body);
    reader.checkKeys(fields, kindKey === 'metric' ? ['name', 'function'] : ['name'], null, body);
    const nameAt = fields.get('name');
    if (nameAt === undefined) reader.fail(body, `${body.path} needs a name.`);
    const operandName = reader.string(nameAt);
    const nested = fields.get('function');
    if (nested !== undefined) {
      // An inline definition: a function metric of its own, evaluated before the one that uses it.
      inline.push(readFunction(reader, nested, operandName, inline, common(operandName, nameAt.line)));
    }
    return { kind: kindKey, name: operandName, line: nameAt.line };
  });
}

function readFunction(reader: ConfigReader, at: Located, name: string, inline: MetricConfig[], base: MetricCommon): FunctionMetricConfig {
  const fn = reader.entries(at, `The function of metric "${name}"`);
  if (fn.size !== 1) reader.fail(at, `The function of metric "${name}" must have exactly one operation (${FUNCTION_OPERATIONS.join(', ')}).`);
  const operation = fn.keys[0] as string;
  const operandsAt = fn.valueAt(0);
  if (!(FUNCTION_OPERATIONS as readonly string[]).includes(operation)) {
    reader.fail(operandsAt, `Unknown function "${operation}" in metric "${name}"; use one of ${FUNCTION_OPERATIONS.join(', ')}.`);
  }
  const operands = readOperands(reader, operandsAt, name, inline, (n, line) => ({ name: n, line, comparison: base.comparison, goodDirection: base.goodDirection }));
  const minimum = operation === 'sum' ? 1 : 2;
  if (operands.length < minimum) reader.fail(operandsAt, `Function "${operation}" of metric "${name}" needs ${minimum === 1 ? 'at least one operand' : 'two operands'}.`);
  return { name: base.name, line: base.line, comparison: base.comparison, goodDirection: base.goodDirection, kind: 'function', operation: operation as FunctionOperation, operands };
}

// ---------------------------------------------------------------------------------------------------------
// Direct reads of the common forms. A large deck is mostly plain column metrics and one-metric charts (10,000
// of each at 10,000 metrics), read by code V8 has not optimized yet, where the general reader's objects per
// entry (mappings, located values, key paths) cost about 1 KB of fresh memory and 6 µs each. These readers take
// the values straight from the tree, and only for valid entries in the common form: for anything else (an
// unknown or repeated key, a wrong type, a filter or function metric, another block type) they return
// undefined and the general reader reads the entry, so every message comes from one place.

/**
 * The value nodes of a mapping whose keys are all in `known`, each given once: `into[i]` is the node of
 * `known[i]` (NO_NODE when absent). False when `node` is not a mapping or has another or a repeated key.
 */
function knownValues(tree: ConfigTree, node: ConfigNode, known: readonly string[], into: Int32Array): boolean {
  if (tree.kind(node) !== 'map') return false;
  into.fill(NO_NODE);
  for (let child = tree.first(node); child !== NO_NODE; child = tree.next(child)) {
    const index = tree.keyIndex(child, known);
    if (index < 0 || into[index] !== NO_NODE) return false;
    into[index] = child;
  }
  return true;
}

/** A scalar read as `ConfigReader.string` reads it; undefined where that would fail. */
function directString(tree: ConfigTree, node: ConfigNode): string | undefined {
  return textOf(tree.value(node));
}

/** An optional text (absent or null: null); undefined where `ConfigReader.optionalString` would fail. */
function directOptionalString(tree: ConfigTree, node: ConfigNode): string | null | undefined {
  return node === NO_NODE || tree.isNull(node) ? null : directString(tree, node);
}

// The slots of `knownValues` for metrics (METRIC_KEYS), chart blocks (CHART_BLOCK_KEYS) and chart metrics
// (CHART_METRIC_KEYS), reused from entry to entry.
const metricSlots = new Int32Array(6);
const blockSlots = new Int32Array(6);
const chartMetricSlots = new Int32Array(3);
const wrapperSlots = new Int32Array(1);

function readColumnMetricDirectly(tree: ConfigTree, name: string, node: ConfigNode): ColumnMetricConfig | undefined {
  if (!knownValues(tree, node, METRIC_KEYS, metricSlots)) return undefined;
  const columnNode = metricSlots[0] as number;
  const aggfNode = metricSlots[3] as number;
  const methodNode = metricSlots[4] as number;
  const directionNode = metricSlots[5] as number;
  if (columnNode === NO_NODE || tree.isNull(columnNode) || aggfNode === NO_NODE || tree.isNull(aggfNode)) return undefined;
  const column = directString(tree, columnNode);
  const aggf = tree.value(aggfNode);
  const aggregation = AGGREGATIONS.find((known) => known === aggf);
  if (column === undefined || aggregation === undefined) return undefined;
  let comparison: ComparisonMethod = 'percent';
  if (methodNode !== NO_NODE) {
    if (tree.value(methodNode) !== 'bps') return undefined;
    comparison = 'bps';
  }
  let goodDirection: GoodDirection | null = null;
  if (directionNode !== NO_NODE && !tree.isNull(directionNode)) {
    const direction = tree.value(directionNode);
    if (direction !== 'up' && direction !== 'down') return undefined;
    goodDirection = direction;
  }
  return { name, line: tree.line(node), comparison, goodDirection, kind: 'column', column, aggregation };
}

function readChartBlockDirectly(tree: ConfigTree, item: ConfigNode, metrics: ReadonlyMap<string, MetricConfig>): BlockConfig | undefined {
  if (!knownValues(tree, item, BLOCK_WRAPPER_KEYS, wrapperSlots)) return undefined;
  const block = wrapperSlots[0] as number;
  if (block === NO_NODE || tree.isNull(block) || !knownValues(tree, block, CHART_BLOCK_KEYS, blockSlots)) return undefined;
  const uiTypeNode = blockSlots[0] as number;
  const displayNode = blockSlots[3] as number;
  const axesNode = blockSlots[4] as number;
  const metricsNode = blockSlots[5] as number;
  if (uiTypeNode === NO_NODE || tree.value(uiTypeNode) !== '6_12Graph') return undefined;
  const title = directOptionalString(tree, blockSlots[1] as number);
  const yScaling = directOptionalString(tree, blockSlots[2] as number);
  let xAxisMonthlyDisplay: MonthlyDisplay | null = null;
  if (displayNode !== NO_NODE && !tree.isNull(displayNode)) {
    const display = tree.value(displayNode);
    if (!isMonthlyDisplay(display)) return undefined;
    xAxisMonthlyDisplay = display;
  }
  let axes: number | null = null;
  if (axesNode !== NO_NODE && !tree.isNull(axesNode)) {
    const value = tree.value(axesNode);
    if (typeof value !== 'number' || !Number.isInteger(value)) return undefined;
    axes = value;
  }
  if (title === undefined || yScaling === undefined || metricsNode === NO_NODE || tree.kind(metricsNode) !== 'map') return undefined;
  // Sized up front (an array grown by push keeps room for 17 metrics, and a deck has thousands of one-metric charts).
  const chartMetrics = new Array<ChartMetricConfig>(tree.size(metricsNode));
  let count = 0;
  for (let child = tree.first(metricsNode); child !== NO_NODE; child = tree.next(child)) {
    const name = tree.key(child);
    if (!metrics.has(name) && seriesBaseName(name, metrics) === undefined) return undefined;
    for (let i = 0; i < count; i++) if ((chartMetrics[i] as ChartMetricConfig).name === name) return undefined;
    let lineStyle: string | null | undefined = null;
    let legendName: string | null | undefined = null;
    let showPriorYear = true;
    const isNull = tree.isNull(child);
    if (!isNull) {
      if (!knownValues(tree, child, CHART_METRIC_KEYS, chartMetricSlots)) return undefined;
      const flagNode = chartMetricSlots[1] as number;
      lineStyle = directOptionalString(tree, chartMetricSlots[0] as number);
      legendName = directOptionalString(tree, chartMetricSlots[2] as number);
      if (lineStyle === undefined || legendName === undefined) return undefined;
      if (flagNode !== NO_NODE) showPriorYear = !tree.isNull(flagNode) && isTruthy(tree.value(flagNode));
    }
    chartMetrics[count++] = { name, line: isNull ? tree.keyLine(child) : tree.line(child), lineStyle: lineStyle ?? 'primary', showPriorYear, legendName: legendName ?? name };
  }
  return { uiType: '6_12Graph', line: tree.line(block), title, yScaling: yScaling ?? '', xAxisMonthlyDisplay, axes, metrics: chartMetrics };
}

// ---------------------------------------------------------------------------------------------------------

function readMetric(reader: ConfigReader, name: string, at: Located, inline: MetricConfig[]): MetricConfig {
  if (reader.directReads && at.node !== null) {
    const metric = readColumnMetricDirectly(reader.tree, name, at.node);
    if (metric !== undefined) return metric;
  }
  const map = reader.entries(at, () => `Metric "${name}"`);
  reader.checkKeys(map, METRIC_KEYS, 'metric', () => `metric "${name}"`);
  const methodAt = map.get('metric_comparison_method');
  let comparison: ComparisonMethod = 'percent';
  if (methodAt !== undefined) {
    const method = reader.scalar(methodAt);
    if (method !== 'bps') reader.fail(methodAt, `metric_comparison_method of metric "${name}" can only be bps (leave it out for percent change), not "${String(method)}".`);
    comparison = 'bps';
  }
  const directionAt = map.get('good_direction');
  let goodDirection: GoodDirection | null = null;
  if (directionAt !== undefined && directionAt.node !== null) {
    const direction = reader.string(directionAt);
    if (direction !== 'up' && direction !== 'down') reader.fail(directionAt, `good_direction of metric "${name}" must be "up" or "down", not "${direction}".`);
    goodDirection = direction;
  }
  const common: MetricCommon = { name, line: at.line, comparison, goodDirection };
  const functionAt = map.get('function');
  const columnAt = map.get('column');
  const filterAt = map.get('filter');
  if (columnAt !== undefined && columnAt.node !== null) {
    // Written out rather than spread from `common`: V8 gives each object made by such a spread its own hidden
    // class, which costs large decks memory and time here and in the engine.
    return { name, line: at.line, comparison, goodDirection, kind: 'column', column: reader.string(columnAt), aggregation: readAggregation(reader, map, at, name) };
  }
  if (filterAt !== undefined && filterAt.node !== null) {
    const filter = reader.entries(filterAt, `The filter of metric "${name}"`);
    reader.checkKeys(filter, ['base_column', 'query'], null, `the filter of metric "${name}"`);
    const baseAt = filter.get('base_column');
    const queryAt = filter.get('query');
    if (baseAt === undefined || queryAt === undefined) reader.fail(filterAt, `The filter of metric "${name}" needs base_column and query.`);
    const queryText = reader.string(queryAt);
    let query: QueryExpression;
    try {
      query = parseFilterQuery(queryText);
    } catch (error) {
      if (error instanceof QuerySyntaxError) reader.fail(queryAt, `The filter query of metric "${name}" cannot be read: ${error.message} (query: ${queryText}).`);
      throw error;
    }
    return { name, line: at.line, comparison, goodDirection, kind: 'filter', baseColumn: reader.string(baseAt), queryText, query, aggregation: readAggregation(reader, map, at, name) };
  }
  if (functionAt !== undefined && functionAt.node !== null) return readFunction(reader, functionAt, name, inline, common);
  return reader.fail(at, `Metric "${name}" needs a column, a filter or a function (with an aggf for column and filter metrics).`);
}

/** The names a block may show: metrics, their prior-year series and their YOY / WOW / MOM series. */
export function seriesBaseName(name: string, metrics: ReadonlyMap<string, MetricConfig>): { base: string; kind: 'metric' | 'prior' | 'YOY' | 'WOW' | 'MOM' } | undefined {
  if (metrics.has(name)) return { base: name, kind: 'metric' };
  if (name.startsWith('PY__') && metrics.has(name.slice(4))) return { base: name.slice(4), kind: 'prior' };
  for (const suffix of ['YOY', 'WOW', 'MOM'] as const) {
    if (name.endsWith(suffix) && metrics.has(name.slice(0, -3))) return { base: name.slice(0, -3), kind: suffix };
  }
  return undefined;
}

function readRows(reader: ConfigReader, block: Mapping, at: Located, metrics: ReadonlyMap<string, MetricConfig>, index: number, isSixWeeks: boolean): TableRowConfig[] {
  const rowsAt = block.get('rows');
  if (rowsAt === undefined || rowsAt.node === null) reader.fail(at, `Block ${index + 1} (${isSixWeeks ? '6_WeeksTable' : '12_MonthsTable'}) needs rows.`);
  return reader.items(rowsAt).map((item) => {
    const wrapper = reader.entries(item);
    reader.checkKeys(wrapper, ['row'], null, item);
    const rowAt = wrapper.get('row');
    if (rowAt === undefined) reader.fail(item, `${item.path} must be "- row: {header, metric, style, y_scaling}".`);
    const row = reader.entries(rowAt);
    reader.checkKeys(row, ['header', 'metric', 'style', 'y_scaling'], null, rowAt);
    const result: TableRowConfig = { line: rowAt.line };
    const header = reader.optionalString(row.get('header'), 'header');
    if (header !== null) result.header = header;
    const style = reader.optionalString(row.get('style'), 'style');
    if (style !== null) result.style = style;
    const yScaling = reader.optionalString(row.get('y_scaling'), 'y_scaling');
    if (yScaling !== null) result.yScaling = yScaling;
    const metricAt = row.get('metric');
    if (metricAt !== undefined && metricAt.node !== null) {
      const metric = reader.string(metricAt);
      const series = seriesBaseName(metric, metrics);
      if (series === undefined || (series.kind === 'prior' && isSixWeeks)) {
        reader.fail(metricAt, `Metric "${metric}" is not defined in the metrics section (a row may show a metric or its YOY, WOW or MOM series).`);
      }
      if (isSixWeeks && series.kind === 'MOM') reader.fail(metricAt, `A 6_WeeksTable cannot show the month-over-month series "${metric}".`);
      result.metric = metric;
    }
    return result;
  });
}

function readBlock(reader: ConfigReader, item: Located, index: number, metrics: ReadonlyMap<string, MetricConfig>): BlockConfig {
  if (reader.directReads && item.node !== null) {
    const block = readChartBlockDirectly(reader.tree, item.node, metrics);
    if (block !== undefined) return block;
  }
  const wrapper = reader.entries(item, () => `Block ${index + 1} of the deck`);
  const blockAt = wrapper.get('block');
  if (blockAt === undefined || blockAt.node === null) reader.fail(item, `Block ${index + 1} of the deck must be "- block: {ui_type: ...}".`);
  reader.checkKeys(wrapper, BLOCK_WRAPPER_KEYS, null, item);
  const block = reader.entries(blockAt, () => `Block ${index + 1}`);
  const uiTypeAt = block.get('ui_type');
  if (uiTypeAt === undefined || uiTypeAt.node === null) reader.fail(blockAt, `Block ${index + 1} needs a ui_type (6_12Graph, 6_WeeksTable, 12_MonthsTable, section, embedded_content).`);
  const uiType = reader.string(uiTypeAt);
  const title = reader.optionalString(block.get('title'), 'title');
  const line = blockAt.line;
  switch (uiType) {
    case '6_12Graph': {
      reader.checkKeys(block, CHART_BLOCK_KEYS, null, () => `block ${index + 1} (6_12Graph)`);
      const metricsAt = block.get('metrics');
      if (metricsAt === undefined || metricsAt.node === null) reader.fail(blockAt, `Block ${index + 1} (6_12Graph) needs metrics.`);
      const chartMetrics = reader.entries(metricsAt).map((name, metricAt): ChartMetricConfig => {
        if (seriesBaseName(name, metrics) === undefined) {
          reader.fail(metricAt, `Metric "${name}" of block ${index + 1} is not defined in the metrics section (a chart may show a metric or its YOY, WOW or MOM series).`);
        }
        const options = metricAt.node === null ? reader.emptyMapping(metricAt) : reader.entries(metricAt);
        reader.checkKeys(options, CHART_METRIC_KEYS, null, metricAt);
        const flagAt = options.get('graph_prior_year_flag');
        return {
          name,
          line: metricAt.line,
          lineStyle: reader.optionalString(options.get('line_style'), 'line_style') ?? 'primary',
          showPriorYear: flagAt === undefined ? true : reader.boolean(flagAt),
          legendName: reader.optionalString(options.get('legend_name'), 'legend_name') ?? name,
        };
      });
      const axesAt = block.get('axes');
      return {
        uiType: '6_12Graph', // the constant rather than the text read: one string for all blocks
        line,
        title,
        yScaling: reader.optionalString(block.get('y_scaling'), 'y_scaling') ?? '',
        xAxisMonthlyDisplay: monthlyDisplay(reader, block.get('x_axis_monthly_display'), () => `x_axis_monthly_display of block ${index + 1}`),
        axes: axesAt === undefined || axesAt.node === null ? null : reader.integer(axesAt),
        metrics: chartMetrics,
      };
    }
    case '6_WeeksTable':
      reader.checkKeys(block, ['ui_type', 'title', 'rows'], null, `block ${index + 1} (6_WeeksTable)`);
      return { uiType, line, title: title ?? '', rows: readRows(reader, block, blockAt, metrics, index, true) };
    case '12_MonthsTable':
      reader.checkKeys(block, ['ui_type', 'title', 'rows', 'x_axis_monthly_display'], null, `block ${index + 1} (12_MonthsTable)`);
      return {
        uiType,
        line,
        title: title ?? '',
        xAxisMonthlyDisplay: monthlyDisplay(reader, block.get('x_axis_monthly_display'), () => `x_axis_monthly_display of block ${index + 1}`),
        rows: readRows(reader, block, blockAt, metrics, index, false),
      };
    case 'section':
      reader.checkKeys(block, ['ui_type', 'title'], null, `block ${index + 1} (section)`);
      return { uiType, line, title: title ?? '' };
    case 'embedded_content': {
      reader.checkKeys(block, ['ui_type', 'title', 'source', 'name', 'height', 'width'], null, `block ${index + 1} (embedded_content)`);
      const sourceAt = block.get('source');
      if (sourceAt === undefined || sourceAt.node === null) reader.fail(blockAt, `Block ${index + 1} (embedded_content) needs a source.`);
      const size = (key: 'height' | 'width'): number | '' => {
        const sizeAt = block.get(key);
        if (sizeAt === undefined || sizeAt.node === null) return '';
        const value = reader.scalar(sizeAt);
        if (typeof value === 'number' && Number.isInteger(value)) return value;
        // The App drops the last two characters ("700px" -> 700).
        const text = String(value);
        const number = Number.parseInt(text.slice(0, -2), 10);
        if (!Number.isFinite(number)) reader.fail(sizeAt, `${key} of block ${index + 1} must be a size like 700px.`);
        return number;
      };
      return {
        uiType,
        line,
        source: reader.string(sourceAt),
        title: title ?? '',
        name: reader.optionalString(block.get('name'), 'name') ?? '',
        height: size('height'),
        width: size('width'),
      };
    }
    default:
      return reader.fail(uiTypeAt, `Unknown ui_type "${uiType}" in block ${index + 1}; use 6_12Graph, 6_WeeksTable, 12_MonthsTable, section or embedded_content.`);
  }
}

function readAnnotations(reader: ConfigReader, at: Located | undefined): Array<{ path: string; line: number }> {
  if (at === undefined || at.node === null) return [];
  const paths = (listAt: Located): Array<{ path: string; line: number }> =>
    reader.items(listAt).map((item) => ({ path: reader.string(item), line: item.line }));
  const kind = reader.kind(at);
  if (kind === 'seq') return paths(at);
  if (kind === 'map') {
    const map = reader.entries(at, 'annotations');
    reader.checkKeys(map, ['csv_files', 'data_sources'], null, 'annotations');
    if (map.has('data_sources')) {
      reader.fail(map.get('data_sources') as Located, 'Annotations from database queries (annotations.data_sources) are not supported by Pulse; list annotation CSV files instead.');
    }
    const files = map.get('csv_files');
    return files === undefined || files.node === null ? [] : paths(files);
  }
  return reader.fail(at, 'annotations must be a list of CSV paths or a mapping with csv_files.');
}

/**
 * The App's `data_sources`: `<connection>: {<query name>: {query: SQL}}` entries, and `csv_files: {<name>:
 * {url_or_path: path}}`, in the order written (the order in which the App merges them).
 */
function readDataSources(reader: ConfigReader, at: Located | undefined, file: string): WbrDataSource[] {
  if (at === undefined || at.node === null) return [];
  const sources: WbrDataSource[] = [];
  const groups = reader.entries(at, 'data_sources');
  for (let position = 0; position < groups.size; position++) {
    const group = groups.keys[position] as string;
    const groupAt = groups.valueAt(position);
    const entries = reader.entries(groupAt, group === 'csv_files' ? 'data_sources.csv_files' : `Connection "${group}" in data_sources`);
    for (let index = 0; index < entries.size; index++) {
      const name = entries.keys[index] as string;
      const entryAt = entries.valueAt(index);
      const entry = reader.entries(entryAt, entryAt);
      if (group === 'csv_files') {
        reader.checkKeys(entry, ['url_or_path'], null, entryAt);
        const pathAt = entry.get('url_or_path');
        if (pathAt === undefined || pathAt.node === null) reader.fail(entryAt, `${entryAt.path} needs url_or_path: the CSV file to read.`);
        sources.push({ kind: 'csv', name, path: reader.string(pathAt, pathAt), file, line: pathAt.line, field: pathAt.path });
        continue;
      }
      reader.checkKeys(entry, ['query'], null, entryAt);
      const queryAt = entry.get('query');
      if (queryAt === undefined || queryAt.node === null) reader.fail(entryAt, `${entryAt.path} needs a query (SQL that returns a "Date" column).`);
      const sql = reader.string(queryAt, queryAt).trim();
      if (sql === '') reader.fail(queryAt, `${queryAt.path} is empty.`);
      sources.push({ kind: 'query', connection: group, name, sql, file, line: queryAt.line, path: queryAt.path });
    }
  }
  return sources;
}

/** Orders metrics so that every function metric comes after the metrics it uses; reports unknown operands and cycles. */
function orderMetrics(reader: ConfigReader, metrics: MetricConfig[], byName: Map<string, MetricConfig>): MetricConfig[] {
  // Without function metrics no metric depends on another: the YAML order stands (and a large deck skips the walk).
  if (!metrics.some((metric) => metric.kind === 'function')) return metrics;
  const ordered: MetricConfig[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  // A depth-first walk with an explicit stack rather than recursion: a chain of tens of thousands of function
  // metrics (each using the next) would overflow the call stack, and copying the path at every step would make
  // it quadratic. The stack itself is the path from the metric the walk started at, which a circle's message names.
  const path: MetricConfig[] = [];
  const nextOperand: number[] = [];
  const enter = (metric: MetricConfig): void => {
    const seen = state.get(metric.name);
    if (seen === 'done') return;
    if (seen === 'visiting') {
      const circle = [...path.map((step) => step.name), metric.name].join(' -> ');
      reader.fail({ path: `metrics.${metric.name}`, line: metric.line }, `Function metrics refer to each other in a circle: ${circle}.`);
    }
    state.set(metric.name, 'visiting');
    path.push(metric);
    nextOperand.push(0);
  };
  for (const root of metrics) {
    enter(root);
    while (path.length > 0) {
      const top = path.length - 1;
      const metric = path[top] as MetricConfig;
      const operands = metric.kind === 'function' ? metric.operands : [];
      const index = nextOperand[top] as number;
      if (index < operands.length) {
        nextOperand[top] = index + 1;
        const operand = operands[index] as FunctionOperand;
        const target = byName.get(operand.name);
        if (target === undefined) {
          reader.fail({ path: `metrics.${metric.name}.function`, line: operand.line }, `Function metric "${metric.name}" uses "${operand.name}", which is not defined in the metrics section.`);
        }
        enter(target);
        continue;
      }
      path.pop();
      nextOperand.pop();
      state.set(metric.name, 'done');
      ordered.push(metric);
    }
  }
  return ordered;
}

/**
 * Opens one of the App's YAML files (a deck config, a connections file) for reading: its top-level mapping, read
 * by the same reader, so every file's errors name their key path and line the same way.
 */
export function openYamlFile(text: string, options: { fileName: string; unknownKeys?: 'error' | 'warn'; directReads?: boolean; emptyMessage: string; what: string }): { reader: ConfigReader; top: Mapping } {
  const tree = parseConfigTree(text, options.fileName);
  const reader = new ConfigReader(tree, options.fileName, options.unknownKeys ?? 'error', options.directReads ?? true);
  const root = new Located(tree.root === NO_NODE ? null : tree.root, null, '', 1);
  if (root.node === null) reader.fail(root, options.emptyMessage);
  return { reader, top: reader.entries(root, options.what) };
}

export function parseWbrConfig(text: string, options: ParseWbrConfigOptions): WbrConfig {
  const fileName = options.fileName;
  const opened = openYamlFile(text, { ...options, emptyMessage: 'The WBR config is empty: it needs setup, metrics and deck sections.', what: 'The WBR config' });
  // Annotated, so that the reader's `never`-returning fail narrows types after it.
  const reader: ConfigReader = opened.reader;
  const top = opened.top;
  reader.checkKeys(top, TOP_KEYS, 'top', 'the WBR config');
  const section = (key: string): Located => {
    const value = top.get(key);
    if (value === undefined || value.node === null) reader.fail({ path: key, line: 1 }, `The WBR config needs a "${key}" section.`);
    return value;
  };
  const setup = readSetup(reader, section('setup'));

  const metricsAt = section('metrics');
  const inline: MetricConfig[] = [];
  const declared = reader.entries(metricsAt, 'metrics').map((name, metricAt) => {
    if (metricAt.node === null) reader.fail(metricAt, `Metric "${name}" has no definition.`);
    return readMetric(reader, name, metricAt, inline);
  });
  const metricsByName = new Map<string, MetricConfig>();
  // Sets, not array searches: a config with thousands of inline operands would otherwise be read in quadratic time.
  const inlineSet = new Set(inline);
  const declaredSet = new Set(declared);
  for (const metric of [...declared, ...inline]) {
    const existing = metricsByName.get(metric.name);
    if (existing !== undefined && inlineSet.has(metric)) {
      reader.fail({ path: `metrics`, line: metric.line }, `The inline function metric "${metric.name}" has the name of another metric.`);
    }
    metricsByName.set(metric.name, metric);
  }
  const metrics = orderMetrics(reader, [...declared, ...inline.filter((m) => !declaredSet.has(m))], metricsByName);

  const dataSources = readDataSources(reader, top.get('data_sources'), fileName);
  const deckAt = section('deck');
  const deck = reader.items(deckAt, 'deck').map((item, index) => readBlock(reader, item, index, metricsByName));
  return {
    fileName,
    setup,
    metrics,
    metricsByName,
    deck,
    annotationFiles: readAnnotations(reader, top.get('annotations')),
    dataSources,
    dataSourceNames: new Set(dataSources.map((source) => source.name)),
    warnings: reader.warnings,
  };
}
