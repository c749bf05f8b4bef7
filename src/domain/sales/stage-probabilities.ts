import { AppError } from '../errors.js';
import { fieldsToken } from '../stale-write.js';
import { civilDate, dayNumber, isoDate } from '../wbr/calendar.js';
import { OPEN_STAGES, type OpenStage, type OpportunityStage } from './opportunity-rules.js';
import { cents, dayOf } from './sales-figures.js';
import { addToStagePipeline, emptyStagePipeline, type StagePipeline } from './sales-kpis.js';
import { quarterOf } from './quotas.js';

/**
 * Stage probabilities: how likely a deal in each open stage is to be won, in whole percent, set per org. They turn
 * the pipeline into a weighted pipeline (each open deal's amount × its stage's probability) and a forecast. Won is
 * always 100 and lost always 0: a closed deal is a fact, not a bet, so neither can be set.
 */

export type StageProbabilities = Record<OpportunityStage, number>;

/**
 * What a new org starts with: low while the buyer's problem is still being written down, higher once a solution
 * has earned its success criteria, and higher again once every objection is answered and a proposal is out.
 */
export const DEFAULT_STAGE_PROBABILITIES: StageProbabilities = { discovery: 10, solution: 30, proposal: 60, won: 100, lost: 0 };

/** The two stages whose probability is fixed, with the value each always has. */
export const FIXED_STAGE_PROBABILITIES = { won: 100, lost: 0 } as const;

export type StageProbabilitiesInput = Record<OpenStage, number> & { won?: number | undefined; lost?: number | undefined };

/**
 * The probabilities an admin sends, checked stage by stage: each open stage a whole percent from 0 to 100, and won
 * and lost, when sent at all, at their fixed 100 and 0. The error names the stage, so the form marks that field.
 */
export function checkStageProbabilities(input: StageProbabilitiesInput): StageProbabilities {
  for (const stage of OPEN_STAGES) {
    const value = input[stage];
    if (!Number.isInteger(value) || value < 0 || value > 100) {
      throw new AppError('validation_failed', `${stage}: the probability must be a whole percent from 0 to 100, not ${String(value)}.`, { field: stage });
    }
  }
  for (const stage of ['won', 'lost'] as const) {
    const value = input[stage];
    if (value !== undefined && value !== FIXED_STAGE_PROBABILITIES[stage]) {
      throw new AppError('validation_failed', `${stage}: a ${stage} deal's probability is always ${FIXED_STAGE_PROBABILITIES[stage]}%; only the open stages can be set.`, { field: stage });
    }
  }
  return { discovery: input.discovery, solution: input.solution, proposal: input.proposal, ...FIXED_STAGE_PROBABILITIES };
}

/**
 * The open stages' probabilities as an admin read them (see fieldsToken): sent back with a change, so a colleague's
 * change made meanwhile refuses it instead of being overwritten unseen. The page works it out from the probabilities
 * it shows, the server from those stored.
 */
export function stageProbabilitiesToken(probabilities: StageProbabilities): string {
  return fieldsToken(OPEN_STAGES.map((stage) => probabilities[stage]));
}

/** The refusal of a change made from a stale read: it says what the colleague set, so the admin decides on what is there now. */
export function staleStageProbabilitiesMessage(current: StageProbabilities): string {
  const now = OPEN_STAGES.map((stage) => `${stage.charAt(0).toUpperCase()}${stage.slice(1)} ${current[stage]}%`).join(' · ');
  return `Someone changed the stage probabilities after you opened them: they are now ${now}. Yours were not saved.`;
}

/** An open deal's amount × its stage's probability, to the cent; null for a closed deal or one with no amount yet. */
export function weightedAmount(deal: { stage: OpportunityStage; amount: number | null }, probabilities: StageProbabilities): number | null {
  if (deal.amount === null || deal.stage === 'won' || deal.stage === 'lost') return null;
  return cents((deal.amount * probabilities[deal.stage]) / 100);
}

export const FORECAST_PERIODS = ['month', 'quarter'] as const;
export type ForecastPeriod = (typeof FORECAST_PERIODS)[number];

/** What the forecast reads about one deal. */
export interface ForecastDeal {
  stage: OpportunityStage;
  amount: number | null;
  /** The expected close date, or for a won or lost deal the day it closed; null when not given. */
  closeDate: string | null;
}

export interface PeriodForecast {
  period: ForecastPeriod;
  /** The period's first and last day, YYYY-MM-DD. */
  from: string;
  to: string;
  /** The deals won in the period: booked, whatever happens next. */
  committed: StagePipeline;
  /** The open deals expected in the period, overdue ones included (the seller still expects them), weighted by stage. */
  open: StagePipeline;
  /** Of the open deals, those whose close date has already passed. */
  overdueDeals: number;
  /** Committed plus the open deals weighted by their stage's probability. */
  weighted: number;
  /** Committed plus every open deal expected in the period won at its full amount. */
  bestCase: number;
}

export interface SalesForecast {
  asOf: string;
  probabilities: StageProbabilities;
  month: PeriodForecast;
  quarter: PeriodForecast;
  /** Open deals with no close date: expected in no period, so in neither forecast. */
  openDealsWithoutCloseDate: number;
}

/** The calendar month or quarter a day falls in, by day numbers. */
function periodBounds(period: ForecastPeriod, day: number): { first: number; last: number } {
  if (period === 'quarter') {
    const quarter = quarterOf(day);
    return { first: quarter.firstDay, last: quarter.lastDay };
  }
  const { year, month } = civilDate(day);
  return { first: dayNumber(year, month, 1), last: (month === 12 ? dayNumber(year + 1, 1, 1) : dayNumber(year, month + 1, 1)) - 1 };
}

function periodForecast(deals: readonly ForecastDeal[], probabilities: StageProbabilities, period: ForecastPeriod, asOfDay: number): PeriodForecast {
  const { first, last } = periodBounds(period, asOfDay);
  const committed = emptyStagePipeline();
  const open = emptyStagePipeline();
  let overdueDeals = 0;
  for (const deal of deals) {
    if (deal.closeDate === null || deal.stage === 'lost') continue;
    const closeDay = dayOf(deal.closeDate, 'closeDate');
    if (deal.stage === 'won') {
      if (closeDay >= first && closeDay <= last) addToStagePipeline(committed, deal.amount, probabilities.won);
      continue;
    }
    // As the quotas' pipeline does: an overdue deal still counts in the period being worked, since the seller
    // still expects it; leaving it out would make a forecast look safer the later its deals slip.
    if (closeDay > last) continue;
    if (closeDay < asOfDay) overdueDeals += 1;
    addToStagePipeline(open, deal.amount, probabilities[deal.stage]);
  }
  return {
    period,
    from: isoDate(first),
    to: isoDate(last),
    committed,
    open,
    overdueDeals,
    weighted: cents(committed.amount + open.weightedAmount),
    bestCase: cents(committed.amount + open.amount),
  };
}

/**
 * The forecast a sales leader reads each week, for this month and this quarter as of a day: committed (won in the
 * period), weighted (committed plus the open deals expected in it, each at its stage's probability) and best case
 * (committed plus every one of those open deals won). A deal without an amount is counted apart, never as 0.
 */
export function salesForecast(deals: readonly ForecastDeal[], probabilities: StageProbabilities, asOf: string): SalesForecast {
  const asOfDay = dayOf(asOf, 'asOf');
  return {
    asOf,
    probabilities,
    month: periodForecast(deals, probabilities, 'month', asOfDay),
    quarter: periodForecast(deals, probabilities, 'quarter', asOfDay),
    openDealsWithoutCloseDate: deals.filter((deal) => deal.closeDate === null && deal.stage !== 'won' && deal.stage !== 'lost').length,
  };
}
