import { catalogMetricFor } from '../wbr-review/review-rules.js';
import type { CatalogDirectionEntry } from '../wbr-review/catalog-targets.js';
import { civilDate, dayNumber, formatDayMonYear, isoDate } from '../wbr/calendar.js';
import type { GoodDirection } from '../wbr/wbr-config.js';
import { OPEN_STAGES, type OpenStage, type OpportunityStage } from './opportunity-rules.js';
import { cents, dayOf, quarterStartOf } from './sales-figures.js';
import type { StageProbabilities } from './stage-probabilities.js';

/**
 * The core SaaS sales KPIs of the pipeline, and the pipeline as daily data the weekly business review reads. Days
 * are calendar days ('YYYY-MM-DD'); the caller decides which clock they are read on (the service reads UTC).
 */

/** What the KPIs read about one opportunity. */
export interface OpportunityFacts {
  stage: OpportunityStage;
  amount: number | null;
  /** The day it was opened. */
  openedOn: string;
  /** The day its stage last changed: for a won or lost deal, the day it closed (a closed deal does not move again). */
  stageChangedOn: string;
}

/**
 * One open stage of the pipeline: its deals, the sum of the amounts known, that sum weighted by the stage's
 * probability (see stage-probabilities.ts), and the deals with no amount yet.
 */
export interface StagePipeline {
  deals: number;
  amount: number;
  weightedAmount: number;
  dealsWithoutAmount: number;
}

export interface SalesKpis {
  wonDeals: number;
  lostDeals: number;
  /** Won ÷ (won + lost), 0 to 1; null until a deal has closed. */
  winRate: number | null;
  /** The mean amount of won deals whose amount is known; null when there is none. */
  averageWonDeal: number | null;
  /** The median of days from opened to won; null until a deal is won. */
  medianSalesCycleDays: number | null;
  /**
   * Open deals per open stage, with the sum of their known amounts, that sum weighted by the stage's probability, and
   * how many have none yet: a stage whose deals are unpriced reads as unknown, not as worth 0.
   */
  pipelineByStage: Record<OpenStage, StagePipeline>;
  /** The first day of the calendar quarter `asOf` falls in. */
  quarterStart: string;
  /** The amounts won from `quarterStart` to `asOf`, both included. */
  bookingsQuarterToDate: number;
  /**
   * Sales velocity: what the open pipeline is expected to book per day, open deals × average won deal × win rate ÷
   * median sales cycle (a cycle under a day counts as one day); null while any of them is unknown.
   */
  salesVelocityPerDay: number | null;
}

/** A stage's pipeline before any deal is counted in it. */
export function emptyStagePipeline(): StagePipeline {
  return { deals: 0, amount: 0, weightedAmount: 0, dealsWithoutAmount: 0 };
}

/**
 * Counts one deal in a pipeline sum: its amount added to the cent when known, and weighted by its stage's probability
 * (a whole percent), and otherwise counted apart, so a sum of unpriced deals reads as unknown, never as worth 0. The
 * KPI strip's open pipeline, the list's totals and the forecast all add this way.
 */
export function addToStagePipeline(entry: StagePipeline, amount: number | null, probabilityPercent: number): void {
  entry.deals += 1;
  if (amount === null) {
    entry.dealsWithoutAmount += 1;
    return;
  }
  entry.amount = cents(entry.amount + amount);
  entry.weightedAmount = cents(entry.weightedAmount + (amount * probabilityPercent) / 100);
}

/**
 * Whether a deal counts in the average deal size: won, with its amount recorded. A won deal without one is a deal of
 * unknown size, not a deal worth nothing, so it stays out of the average, on the Sales page and in the deck alike.
 */
export function isSizedWin<T extends Pick<OpportunityFacts, 'stage' | 'amount'>>(opportunity: T): opportunity is T & { stage: 'won'; amount: number } {
  return opportunity.stage === 'won' && opportunity.amount !== null;
}

function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

export function salesKpis(opportunities: readonly OpportunityFacts[], asOf: string, probabilities: StageProbabilities): SalesKpis {
  const asOfDay = dayOf(asOf, 'asOf');
  const quarterStart = quarterStartOf(asOfDay);
  const won = opportunities.filter((opportunity) => opportunity.stage === 'won');
  const lost = opportunities.filter((opportunity) => opportunity.stage === 'lost');
  const wonAmounts = opportunities.filter(isSizedWin).map((opportunity) => opportunity.amount);
  const pipelineByStage = Object.fromEntries(OPEN_STAGES.map((stage) => [stage, emptyStagePipeline()])) as Record<OpenStage, StagePipeline>;
  for (const opportunity of opportunities) {
    if (opportunity.stage === 'won' || opportunity.stage === 'lost') continue;
    addToStagePipeline(pipelineByStage[opportunity.stage], opportunity.amount, probabilities[opportunity.stage]);
  }
  const bookings = won.filter((opportunity) => {
    const closedOn = dayOf(opportunity.stageChangedOn, 'stageChangedOn');
    return closedOn >= quarterStart && closedOn <= asOfDay;
  });
  const closed = won.length + lost.length;
  const winRate = closed === 0 ? null : won.length / closed;
  const averageWonDeal = wonAmounts.length === 0 ? null : cents(wonAmounts.reduce((sum, amount) => sum + amount, 0) / wonAmounts.length);
  const medianSalesCycleDays = median(won.map((opportunity) => dayOf(opportunity.stageChangedOn, 'stageChangedOn') - dayOf(opportunity.openedOn, 'openedOn')));
  const openDeals = opportunities.length - closed;
  return {
    wonDeals: won.length,
    lostDeals: lost.length,
    winRate,
    averageWonDeal,
    medianSalesCycleDays,
    pipelineByStage,
    quarterStart: isoDate(quarterStart),
    bookingsQuarterToDate: cents(bookings.reduce((sum, opportunity) => sum + (opportunity.amount ?? 0), 0)),
    salesVelocityPerDay: winRate === null || averageWonDeal === null || medianSalesCycleDays === null
      ? null
      : cents((openDeals * averageWonDeal * winRate) / Math.max(1, medianSalesCycleDays)),
  };
}

/** The daily data's columns, in order: the deck's config reads them by these names. */
export const SALES_CSV_COLUMNS = ['opportunities_opened', 'deals_won', 'deals_lost', 'bookings', 'deals_won_with_amount', 'bookings_quota'] as const;

/**
 * The pipeline as the WBR App's daily CSV: a `Date` column, then opportunities opened, deals won and lost, the
 * amounts won, the deals won with an amount (what the average deal size divides by, see isSizedWin), and the day's
 * share of its quarter's team quota (`quotaShares`, from dailyQuotaShares), for every day from `from` to `to`. A
 * day with nothing is a row of zeros, not a gap: a gap would read as missing data and break the week's sums. A day
 * of a quarter without a quota has a blank quota cell, so no target is drawn there.
 */
export function salesDailyCsv(opportunities: readonly OpportunityFacts[], from: string, to: string, quotaShares: ReadonlyMap<number, number> = new Map()): string {
  const first = dayOf(from, 'from');
  const last = dayOf(to, 'to');
  const days = Math.max(0, last - first + 1);
  const opened = new Array<number>(days).fill(0);
  const wonCount = new Array<number>(days).fill(0);
  const lostCount = new Array<number>(days).fill(0);
  const bookings = new Array<number>(days).fill(0);
  const sizedWins = new Array<number>(days).fill(0);
  const indexOf = (text: string, what: string): number | undefined => {
    const index = dayOf(text, what) - first;
    return index >= 0 && index < days ? index : undefined;
  };
  for (const opportunity of opportunities) {
    const openedIndex = indexOf(opportunity.openedOn, 'openedOn');
    if (openedIndex !== undefined) opened[openedIndex] = (opened[openedIndex] as number) + 1;
    if (opportunity.stage !== 'won' && opportunity.stage !== 'lost') continue;
    const closedIndex = indexOf(opportunity.stageChangedOn, 'stageChangedOn');
    if (closedIndex === undefined) continue;
    if (opportunity.stage === 'lost') {
      lostCount[closedIndex] = (lostCount[closedIndex] as number) + 1;
      continue;
    }
    wonCount[closedIndex] = (wonCount[closedIndex] as number) + 1;
    if (isSizedWin(opportunity)) {
      sizedWins[closedIndex] = (sizedWins[closedIndex] as number) + 1;
      bookings[closedIndex] = cents((bookings[closedIndex] as number) + opportunity.amount);
    }
  }
  const lines = [['Date', ...SALES_CSV_COLUMNS].join(',')];
  for (let index = 0; index < days; index += 1) {
    lines.push([isoDate(first + index), opened[index], wonCount[index], lostCount[index], bookings[index], sizedWins[index], quotaShares.get(first + index) ?? ''].join(','));
  }
  return `${lines.join('\n')}\n`;
}

/** The deck's metrics by name, for the web app and tests (the config below spells the same names). */
export const SALES_DECK_METRICS = ['Opportunities opened', 'Deals won', 'Deals lost', 'Bookings', 'Win rate', 'Average deal size'] as const;

/**
 * A WBR App config over the daily sales CSV, for the week ending `weekEnding`. Win rate and average deal size are
 * function metrics of the daily columns, so a week's rate is its won deals over its closed deals (not a mean of
 * daily rates, which would weigh a day with one deal like a day with twenty), and its average deal size its
 * bookings over the deals won with an amount, as the Sales page's average won deal (isSizedWin). The deck is
 * Pulse's own, so it reads with the App's number-changing bugs fixed (`pulse_compatibility: corrected`): one of
 * them (K3) would make the box totals of a rate over a summed function wrong. The Bookings chart draws the team's quota as its target line:
 * a week's target is the sum of its days' shares of the quarter's quota.
 *
 * Which way is good is the org's to say: a metric the `catalog` already gives a direction (a catalog metric of the
 * same name, as the review links them) gets no `good_direction` here and is judged as the catalog says. Writing
 * Pulse's default over it would put a line nobody wrote against the catalog owner's choice, which the review refuses
 * to anyone but that owner or an admin (catalog-targets.ts).
 */
export function salesDeckConfig(weekEnding: string, catalog: readonly CatalogDirectionEntry[] = []): string {
  const goodDirection = (metric: string, byDefault: GoodDirection) => {
    const entry = catalogMetricFor(metric, catalog);
    return entry === undefined || entry.goodDirection === null
      ? `    good_direction: ${byDefault}\n`
      : `    # Which way is good: as the metric catalog's "${entry.name.replace(/\s+/g, ' ')}" says.\n`;
  };
  const day = dayOf(weekEnding, 'weekEnding');
  const { year } = civilDate(day);
  const appWeekEnding = formatDayMonYear(day);
  const weekNumber = Math.floor((day - dayNumber(year, 1, 1)) / 7) + 1;
  const chart = (title: string, metric: string, yScaling: string, target?: string) => `  - block:
      ui_type: 6_12Graph
      title: ${title}
      y_scaling: "${yScaling}"
      metrics:
        ${metric}:
          graph_prior_year_flag: true
${target === undefined ? '' : `        ${target}:
          line_style: target
          graph_prior_year_flag: false
          legend_name: Quota
`}`;
  return `# The sales pipeline's weekly business review, made by Pulse from the opportunities.
# Its data is the daily CSV Pulse writes from the pipeline: Date, then ${SALES_CSV_COLUMNS.join(', ')}.
setup:
  week_ending: ${appWeekEnding}
  week_number: ${weekNumber}
  title: Sales pipeline weekly business review
  fiscal_year_end_month: DEC
  pulse_compatibility: corrected

metrics:
  Opportunities opened:
    column: opportunities_opened
    aggf: sum
${goodDirection('Opportunities opened', 'up')}  Deals won:
    column: deals_won
    aggf: sum
${goodDirection('Deals won', 'up')}  Deals lost:
    column: deals_lost
    aggf: sum
${goodDirection('Deals lost', 'down')}  Bookings:
    column: bookings
    aggf: sum
${goodDirection('Bookings', 'up')}  Bookings quota:
    column: bookings_quota
    aggf: sum
  Deals won with an amount:
    column: deals_won_with_amount
    aggf: sum
  Win rate:
    metric_comparison_method: bps
${goodDirection('Win rate', 'up')}    function:
      divide:
        - metric: {name: Deals won}
        - metric:
            name: Deals closed
            function:
              sum:
                - metric: {name: Deals won}
                - metric: {name: Deals lost}
  Average deal size:
${goodDirection('Average deal size', 'up')}    function:
      divide:
        - metric: {name: Bookings}
        - metric: {name: Deals won with an amount}

deck:
${chart('Opportunities opened', 'Opportunities opened', '##')}${chart('Deals won', 'Deals won', '##')}${chart('Deals lost', 'Deals lost', '##')}${chart('Bookings', 'Bookings', '##.1KK', 'Bookings quota')}${chart('Win rate', 'Win rate', '##.1%')}${chart('Average deal size', 'Average deal size', '##.1KK')}`;
}
