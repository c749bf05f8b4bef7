import { AppError } from '../errors.js';
import { normalizeName } from '../names.js';
import { addMonthsClamped, isoDate } from '../wbr/calendar.js';
import { isOpenStage, SALES_LIMITS, type OpportunityStage } from './opportunity-rules.js';
import { cents, dayOf, isWholeCents, MONEY_MAX, quarterStartOf, WHOLE_CENTS_MESSAGE } from './sales-figures.js';

/**
 * Gross profit, per deal and rolled up per rep and per territory: a deal's amount (its revenue) less its delivery
 * cost (hosting, implementation, support: what it costs to deliver, its cost of goods sold). Gross margin is that
 * profit over the revenue. A deal whose cost or amount is unknown is not a deal that cost nothing: it is counted
 * apart, as "cost unknown", and left out of every profit and margin sum, so an unpriced deal can never flatter the
 * margin. Money is summed to the cent; a margin over no revenue is null, never NaN or Infinity.
 */

export const GROSS_PROFIT_PERIODS = ['this-quarter', 'last-12-months', 'all-time'] as const;
export type GrossProfitPeriod = (typeof GROSS_PROFIT_PERIODS)[number];

export const GROSS_PROFIT_PERIOD_LABELS: Record<GrossProfitPeriod, string> = {
  'this-quarter': 'This quarter',
  'last-12-months': 'Last 12 months',
  'all-time': 'All time',
};

/** The period a report reads when none is asked for: long enough to hold deals whatever the day of the quarter. */
export const DEFAULT_GROSS_PROFIT_PERIOD: GrossProfitPeriod = 'last-12-months';

export const GROSS_PROFIT_GROUPINGS = ['rep', 'territory'] as const;
export type GrossProfitGrouping = (typeof GROSS_PROFIT_GROUPINGS)[number];

/** A deal's money, as far as it is known. */
export interface DealMoney {
  amount: number | null;
  deliveryCost: number | null;
}

export interface DealGrossProfit {
  /** Amount less delivery cost; null when either is unknown. */
  grossProfit: number | null;
  /** Gross profit over the amount; null when either is unknown or the amount is 0. */
  grossMargin: number | null;
}

/** Profit over revenue, or null when there is no revenue to divide by (a margin of nothing is not 0 %). */
export function grossMargin(grossProfit: number, revenue: number): number | null {
  return revenue > 0 ? grossProfit / revenue : null;
}

export function hasKnownCost(deal: DealMoney): deal is { amount: number; deliveryCost: number } {
  return deal.amount !== null && deal.deliveryCost !== null;
}

export function dealGrossProfit(deal: DealMoney): DealGrossProfit {
  if (!hasKnownCost(deal)) return { grossProfit: null, grossMargin: null };
  const grossProfit = cents(deal.amount - deal.deliveryCost);
  return { grossProfit, grossMargin: grossMargin(grossProfit, deal.amount) };
}

/**
 * A deal's amount and delivery cost as they may be stored: each unknown (null) or a sum from 0 to MONEY_MAX, to the
 * cent, refused naming the field otherwise. A negative cost would inflate the profit, and a value that is not a
 * finite number (NaN, Infinity) would poison every sum and margin it joins. A cost above the amount is not refused:
 * it is a deal that loses money (a pilot, a logo worth having), and it reads as a negative gross profit (isLossMaking).
 */
export function validateDealMoney(deal: { amount?: number | null | undefined; deliveryCost?: number | null | undefined }): void {
  if (deal.amount !== undefined && deal.amount !== null) assertMoney(deal.amount, 'amount');
  if (deal.deliveryCost !== undefined && deal.deliveryCost !== null) assertMoney(deal.deliveryCost, 'deliveryCost');
}

/** Whether a deal, as far as it is known, costs more to deliver than it brings in: a negative gross profit. */
export function isLossMaking(deal: DealMoney): boolean {
  return hasKnownCost(deal) && deal.deliveryCost > deal.amount;
}

/** A territory as stored and grouped: trimmed, runs of spaces made one; empty is no territory (null). */
export function normalizeTerritory(territory: string | null): string | null {
  if (territory === null) return null;
  const text = normalizeName(territory);
  if (text.length > SALES_LIMITS.territoryMaxLength) {
    throw new AppError('validation_failed', `territory: must be at most ${SALES_LIMITS.territoryMaxLength} characters.`, { field: 'territory' });
  }
  return text === '' ? null : text;
}

/** The sums of a set of deals. Revenue, cost, profit and margin are made of the deals with a known cost only. */
export interface GrossProfitRollup {
  /** Every deal in the set. */
  deals: number;
  /** The deals whose amount and delivery cost are both known: the ones the sums below are made of. */
  costedDeals: number;
  /** The deals whose delivery cost (or amount) is unknown: left out of the sums below, not counted as free. */
  costUnknownDeals: number;
  /** The known amounts of the cost-unknown deals: the revenue the margin below does not cover. */
  costUnknownRevenue: number;
  /** The cost-unknown deals with no amount either: revenue not recorded, which is not a revenue of 0. */
  amountUnknownDeals: number;
  revenue: number;
  deliveryCost: number;
  grossProfit: number;
  /** Gross profit over revenue, of the costed deals; null when they have no revenue. */
  grossMargin: number | null;
}

export function rollUpGrossProfit(deals: readonly DealMoney[]): GrossProfitRollup {
  // Summed in whole cents: integers add exactly, however many deals there are.
  let revenueCents = 0;
  let costCents = 0;
  let costUnknownRevenueCents = 0;
  let costedDeals = 0;
  let amountUnknownDeals = 0;
  for (const deal of deals) {
    if (hasKnownCost(deal)) {
      costedDeals += 1;
      revenueCents += Math.round(deal.amount * 100);
      costCents += Math.round(deal.deliveryCost * 100);
    } else if (deal.amount !== null) {
      costUnknownRevenueCents += Math.round(deal.amount * 100);
    } else {
      amountUnknownDeals += 1;
    }
  }
  const revenue = cents(revenueCents / 100);
  const grossProfit = cents((revenueCents - costCents) / 100);
  return {
    deals: deals.length,
    costedDeals,
    costUnknownDeals: deals.length - costedDeals,
    costUnknownRevenue: cents(costUnknownRevenueCents / 100),
    amountUnknownDeals,
    revenue,
    deliveryCost: cents(costCents / 100),
    grossProfit,
    grossMargin: grossMargin(grossProfit, revenue),
  };
}

/** What the report reads about one opportunity. */
export interface GrossProfitFacts extends DealMoney {
  stage: OpportunityStage;
  owner: { id: string; name: string } | null;
  territory: string | null;
  /** The day its stage last changed: for a won deal, the day it was won (a closed deal does not move again). */
  stageChangedOn: string;
}

/** One rep or territory: its won deals in the period, and its open pipeline as it stands. */
export interface GrossProfitGroup {
  /** The owner's person id, or the territory in lower case (territories are grouped without regard to case); null for deals without one. */
  key: string | null;
  label: string;
  won: GrossProfitRollup;
  pipeline: GrossProfitRollup;
}

export interface GrossProfitReport {
  period: GrossProfitPeriod;
  /** The first day of the period (won deals closed from it are counted); null for all time. */
  from: string | null;
  /** The last day of the period: the day the report is made on. */
  to: string;
  groupBy: GrossProfitGrouping;
  /** Every deal won in the period. */
  won: GrossProfitRollup;
  /** Every open deal (discovery, solution, proposal): the margin the pipeline is expected to bring if it is won as priced. */
  pipeline: GrossProfitRollup;
  /** Each rep or territory with a deal won in the period or open now: by gross profit won, highest first; the group without a rep or territory last. */
  groups: GrossProfitGroup[];
}

/** The first day of the period that ends on `asOfDay`, or null for all time. */
export function periodStart(period: GrossProfitPeriod, asOfDay: number): number | null {
  switch (period) {
    case 'this-quarter':
      return quarterStartOf(asOfDay);
    case 'last-12-months':
      // The day after the same date a year before (29 February clamps to the 28th), so the period is 12 months long.
      return addMonthsClamped(asOfDay, -12) + 1;
    case 'all-time':
      return null;
  }
}

function groupOf(deal: GrossProfitFacts, groupBy: GrossProfitGrouping): { key: string | null; label: string } {
  if (groupBy === 'rep') return deal.owner === null ? { key: null, label: 'No owner' } : { key: deal.owner.id, label: deal.owner.name };
  return deal.territory === null ? { key: null, label: 'No territory' } : { key: deal.territory.toLowerCase(), label: deal.territory };
}

export function grossProfitReport(deals: readonly GrossProfitFacts[], options: { period: GrossProfitPeriod; groupBy: GrossProfitGrouping; asOf: string }): GrossProfitReport {
  const asOfDay = dayOf(options.asOf, 'asOf');
  const from = periodStart(options.period, asOfDay);
  const isWonInPeriod = (deal: GrossProfitFacts) => {
    if (deal.stage !== 'won') return false;
    const wonOn = dayOf(deal.stageChangedOn, 'stageChangedOn');
    return (from === null || wonOn >= from) && wonOn <= asOfDay;
  };
  const won = deals.filter(isWonInPeriod);
  const open = deals.filter((deal) => isOpenStage(deal.stage));

  const members = new Map<string | null, { label: string; won: GrossProfitFacts[]; open: GrossProfitFacts[] }>();
  const memberOf = (deal: GrossProfitFacts) => {
    const { key, label } = groupOf(deal, options.groupBy);
    let entry = members.get(key);
    if (entry === undefined) {
      entry = { label, won: [], open: [] };
      members.set(key, entry);
    }
    // One territory spelt two ways ("EMEA", "Emea") is one group, named by the spelling that sorts first, whatever the order the deals come in.
    if (label < entry.label) entry.label = label;
    return entry;
  };
  for (const deal of won) memberOf(deal).won.push(deal);
  for (const deal of open) memberOf(deal).open.push(deal);

  const groups = [...members].map(([key, entry]): GrossProfitGroup => ({ key, label: entry.label, won: rollUpGrossProfit(entry.won), pipeline: rollUpGrossProfit(entry.open) }));
  groups.sort((a, b) => Number(a.key === null) - Number(b.key === null) || b.won.grossProfit - a.won.grossProfit || a.label.localeCompare(b.label, 'en'));
  return {
    period: options.period,
    from: from === null ? null : isoDate(from),
    to: isoDate(asOfDay),
    groupBy: options.groupBy,
    won: rollUpGrossProfit(won),
    pipeline: rollUpGrossProfit(open),
    groups,
  };
}

/** The what-if model's delivery cost: a sum, or a share of the revenue after discount. */
export type ModelDeliveryCost = { kind: 'amount'; amount: number } | { kind: 'percent-of-revenue'; percent: number };

export interface DealModelInput {
  /** The price before discount. */
  listPrice: number;
  /** 0 to 100. */
  discountPercent: number;
  deliveryCost: ModelDeliveryCost;
  /** The seller's commission, 0 to 100 % of the revenue after discount. */
  commissionPercent: number;
}

export interface DealModel {
  discount: number;
  /** The price after discount: what the deal's amount would be. */
  revenue: number;
  deliveryCost: number;
  /** Revenue less delivery cost: the same gross profit the reports sum. */
  grossProfit: number;
  grossMargin: number | null;
  commission: number;
  /** Gross profit less the commission: what the deal leaves once its seller is paid. */
  profitAfterCommission: number;
  marginAfterCommission: number | null;
}

function assertNumberIn(value: number, field: string, min: number, max: number, unit = ''): void {
  if (!Number.isFinite(value)) throw new AppError('validation_failed', `${field}: must be a number.`, { field });
  if (value < min) throw new AppError('validation_failed', `${field}: must be at least ${min}${unit}.`, { field });
  if (value > max) throw new AppError('validation_failed', `${field}: must be at most ${max.toLocaleString('en-US')}${unit}.`, { field });
}

/** A sum of money as a deal holds one: 0 to MONEY_MAX, to the cent (a list price of 0.015 would model a discount below zero). */
function assertMoney(value: number, field: string): void {
  assertNumberIn(value, field, 0, MONEY_MAX);
  if (!isWholeCents(value)) throw new AppError('validation_failed', `${field}: ${WHOLE_CENTS_MESSAGE}.`, { field });
}

/**
 * Models a deal before it is quoted: the discount comes off the list price; delivery cost and commission are taken
 * on the revenue after discount. Gross profit is revenue less delivery cost, as on a deal; commission is a cost of
 * selling, not of delivering, so it is shown after gross profit, not in it. Throws a validation error naming the field.
 */
export function modelDeal(input: DealModelInput): DealModel {
  assertMoney(input.listPrice, 'listPrice');
  assertNumberIn(input.discountPercent, 'discountPercent', 0, 100, '%');
  if (input.deliveryCost.kind === 'amount') assertMoney(input.deliveryCost.amount, 'deliveryCost');
  // A deal may cost more to deliver than it brings (a loss-making pilot), so a share above 100% is allowed.
  else assertNumberIn(input.deliveryCost.percent, 'deliveryCost', 0, 1000, '%');
  assertNumberIn(input.commissionPercent, 'commissionPercent', 0, 100, '%');

  const revenue = cents(input.listPrice * (1 - input.discountPercent / 100));
  const deliveryCost = cents(input.deliveryCost.kind === 'amount' ? input.deliveryCost.amount : (revenue * input.deliveryCost.percent) / 100);
  const commission = cents((revenue * input.commissionPercent) / 100);
  const grossProfit = cents(revenue - deliveryCost);
  const profitAfterCommission = cents(grossProfit - commission);
  return {
    discount: cents(input.listPrice - revenue),
    revenue,
    deliveryCost,
    grossProfit,
    grossMargin: grossMargin(grossProfit, revenue),
    commission,
    profitAfterCommission,
    marginAfterCommission: grossMargin(profitAfterCommission, revenue),
  };
}
