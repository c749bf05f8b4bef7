/**
 * The WBR deck as JSON: the contract shared by the engine (which builds it), the HTML renderer (which
 * draws it) and any reader of an exported deck.
 *
 * Every key the WBR App writes is kept with the App's name, order and placeholder values, so a deck made by
 * either program can be read by the other: `""` marks a missing chart point, `" "` a missing table cell and
 * `"N/A"` an undefined box total. Pulse's own additions live under a `pulse` key (on the deck and on a chart
 * block) and never change an App key.
 */

/** A chart point: a number, or `""` where the App leaves a gap. */
export type ChartValue = number | '';

/** A 6-week or 12-month table cell: a number, or `" "` where the value is missing. */
export type TableValue = number | ' ';

/** A box-total cell (LastWk, WOW, YOY, ...): a number, or `"N/A"` where it is undefined. */
export type BoxValue = number | 'N/A';

/**
 * One line of a 6-12 chart: 19 points each (6 weeks, a gap, 12 months). The weekly points are in
 * `primaryAxis` (months blank), the monthly ones in `secondaryAxis` (weeks blank).
 * An empty list means "no series" (e.g. no prior year).
 */
export type AxisSeries = [{ primaryAxis: ChartValue[] }, { secondaryAxis: ChartValue[] }] | [];

export interface SeriesPair {
  current: AxisSeries;
  previous: AxisSeries;
}

/** A metric line of a 6-12 chart. Exactly one of `metric` / `Target` is present (`Target` for `line_style: target`). */
export interface ChartLine {
  lineStyle: string;
  metric?: SeriesPair;
  Target?: SeriesPair;
  legendName: string;
}

/** An annotation event shown on a block: `date` is written like `September 20 2021`. */
export interface DeckAnnotation {
  metric: string;
  description: string;
  date: string;
}

export type XmrRuleId = 'outside_limits' | 'three_of_four_near_limit' | 'eight_on_one_side';

/** One run-rule signal on a metric's weekly series. */
export interface DeckXmrSignal {
  /** Index into `DeckXmr.values` and the deck's `pulse.xmrWeekEndings` (0 = oldest week of baseline + shown window). */
  weekIndex: number;
  rule: XmrRuleId;
  /**
   * The weeks the signal covers, as indexes like `weekIndex`: a run rule's first and last week (the
   * HTML deck shades them); both equal `weekIndex` for a point outside the limits.
   */
  fromIndex: number;
  toIndex: number;
  /** Which side of the centre line the signal is on. */
  direction: 'up' | 'down';
  /** True when the signal goes against the metric's good direction (or no direction is declared). */
  isAnomaly: boolean;
}

/**
 * Process-behaviour (XmR) limits of one metric's weekly series. Pulse-only.
 * Limits are null (and there are no signals) when the baseline has fewer than 8 weeks with values or fewer than
 * 7 adjacent pairs of them (`minBaselinePoints` in xmr.ts).
 */
export interface DeckXmr {
  /** The weekly values, oldest first (null = missing): baseline weeks then shown weeks, the weeks of the deck's `pulse.xmrWeekEndings`. */
  values: Array<number | null>;
  baselineWeeks: number;
  shownWeeks: number;
  goodDirection: 'up' | 'down' | null;
  centreLine: number | null;
  upperLimit: number | null;
  lowerLimit: number | null;
  averageMovingRange: number | null;
  signals: DeckXmrSignal[];
}

/** A metric's target from the org's metric catalog, drawn over a chart's six weeks. Pulse-only. */
export interface DeckCatalogTarget {
  /** In the chart's values' unit (0.97 on a percent chart), to draw against them. */
  value: number;
  /** As the catalog writes it (97), with the catalog's unit (`%`, `orders`, or empty). */
  written: number;
  unit: string;
}

/** Pulse's additions to a 6-12 chart block. */
export interface ChartPulseExtras {
  /** XmR limits and signals per block metric (by metric name, targets excluded). */
  xmr: Record<string, DeckXmr>;
  /**
   * Weekly targets from the metric catalog, by metric name, for the chart's metrics that have one in the catalog;
   * added when a week is published in the app (absent from `pulse wbr build` decks, and from charts whose config
   * draws a target line of its own).
   */
  catalogTargets?: Record<string, DeckCatalogTarget>;
}

export interface SixTwelveChartBlock {
  plotStyle: '6_12_chart';
  title: string | null;
  yLabel: string;
  yScale: string;
  boxTotalScale: '%' | 'bps';
  axes: number;
  xAxis: string[];
  yAxis: ChartLine[];
  /** `tableHeader` is absent when the block has no metric (as in the App). */
  table: { tableHeader?: string[]; tableBody: BoxValue[][] };
  tooltip: 'true' | 'false';
  annotations: DeckAnnotation[];
  pulse?: ChartPulseExtras;
}

export interface TableRow {
  rowHeader: string;
  /** 6 weeks + QTD + YTD (6-week table) or 12 months (12-month table); `[]` for a header-only row. */
  rowData: TableValue[];
  rowStyle: string;
  yScale: string;
}

export interface SixWeeksTableBlock {
  plotStyle: '6_week_table';
  title: string;
  headers: string[];
  rows: TableRow[];
  /** One list per row that has annotations. */
  annotations: DeckAnnotation[][];
}

export interface TwelveMonthsTableBlock {
  plotStyle: '12_MonthsTable';
  title: string;
  headers: string[];
  rows: TableRow[];
  annotations: [];
}

export interface SectionBlock {
  plotStyle: 'section';
  title: string;
}

export interface EmbeddedContentBlock {
  plotStyle: 'embedded_content';
  id: 'iframe_id';
  source: string;
  name: string;
  /** A number when the config gives `700px`-like text (the App parses all but the last two characters). */
  height: number | '';
  width: number | '';
  title: string;
}

export type DeckBlock = SixTwelveChartBlock | SixWeeksTableBlock | TwelveMonthsTableBlock | SectionBlock | EmbeddedContentBlock;

/** Pulse's additions to the deck. */
export interface DeckPulseExtras {
  /** Version of the Pulse deck extras (2: the XmR week endings moved from each chart metric to the deck). */
  version: 2;
  /** Week ending as an ISO date (YYYY-MM-DD). */
  weekEndingDate: string;
  /** Fiscal year end month, 3-letter upper case. */
  fiscalYearEndMonth: string;
  /**
   * ISO dates (YYYY-MM-DD) of the last days of the weeks every chart metric's XmR `values` cover, oldest first
   * (baseline weeks then shown weeks); null when the deck is built without signals. Once per deck: the weeks are the
   * same for every metric.
   */
  xmrWeekEndings: string[] | null;
  /** Non-fatal remarks about the config (e.g. keys the App ignores). */
  warnings: string[];
  /**
   * The alerts on the week's change a published week raised (its WOW or YOY box total beyond the deck's threshold,
   * in the bad direction), so the downloaded deck shows them as the review did. Absent when none fired, and from
   * decks built outside the app.
   */
  alerts?: DeckAlert[];
}

/** One alert on the week's change: the box total that crossed the threshold, in the box's unit. */
export interface DeckAlert {
  metric: string;
  rule: 'wow_alert' | 'yoy_alert';
  /** The change, as the box total reads it (percent, or bps). */
  change: number;
  threshold: number;
  unit: '%' | 'bps';
}

export interface Deck {
  blocks: DeckBlock[];
  title: string;
  /** Like `25 September 2021`. */
  weekEnding: string;
  blockStartingNumber: number;
  xAxisMonthlyDisplay: 'trailing_twelve_months' | 'fiscal_year' | null;
  /** Annotation problems joined by newlines, or null. */
  annotationErrors: string | null;
  pulse?: DeckPulseExtras;
}
