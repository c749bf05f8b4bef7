import type { z } from '@hono/zod-openapi';
import { AppError, isAppError } from '../../../../src/domain/errors.js';
import { DEFAULT_GROSS_PROFIT_PERIOD, GROSS_PROFIT_PERIODS, isLossMaking, modelDeal, type DealModel, type GrossProfitPeriod } from '../../../../src/domain/sales/gross-profit.js';
import { OPPORTUNITY_STAGES, type DiscoveryFacts, type OpportunityStage } from '../../../../src/domain/sales/opportunity-rules.js';
import { pipelineSortParams, type PipelineSort } from '../../../../src/domain/sales/pipeline-list.js';
import type { StagePipeline } from '../../../../src/domain/sales/sales-kpis.js';
import type { AccountSchema, GrossProfitReportSchema, ListOpportunitiesResponseSchema, OpportunitySchema, QuotaReportSchema, SalesForecastSchema, SalesKpisSchema, StageProbabilitiesViewSchema } from '../../../../src/server/routes/sales/sales.schema.js';
import type { ViewTab } from '../../components/view-tabs.js';

// The same schemas the server answers with, so a renamed field is a type error here.
export type Opportunity = z.infer<typeof OpportunitySchema>;
export type OpportunityList = z.infer<typeof ListOpportunitiesResponseSchema>;
export type SalesKpis = z.infer<typeof SalesKpisSchema>;
export type GrossProfitReport = z.infer<typeof GrossProfitReportSchema>;
export type GrossProfitRollup = GrossProfitReport['won'];
export type Account = z.infer<typeof AccountSchema>;
export type QuotaReport = z.infer<typeof QuotaReportSchema>;
export type SellerAttainment = QuotaReport['sellers'][number];
export type SalesForecast = z.infer<typeof SalesForecastSchema>;
export type StageProbabilitiesView = z.infer<typeof StageProbabilitiesViewSchema>;

/** The Sales section's views, each at its own address (opportunity ids are UUIDs, so "gross-profit" names no deal). */
export function salesViewTabs(orgId: string): ViewTab[] {
  return [
    { key: 'pipeline', label: 'Pipeline', to: `/o/${orgId}/sales` },
    { key: 'accounts', label: 'Accounts', to: `/o/${orgId}/sales/accounts` },
    { key: 'quotas', label: 'Quotas', to: `/o/${orgId}/sales/quotas` },
    { key: 'gross-profit', label: 'Gross profit', to: `/o/${orgId}/sales/gross-profit` },
  ];
}

export const STAGE_HINTS: Record<OpportunityStage, string> = {
  discovery: 'Working backwards from the buyer: their press release, how they will judge it, what worries them.',
  solution: 'Shaping the solution against the success criteria, and answering every objection.',
  proposal: 'The proposal is out; every objection had an answer when it went.',
  won: 'Won: the buyer judges it by the success criteria on their dates.',
  lost: 'Lost: the reason stays with the record.',
};

export interface SalesFilters {
  stage: OpportunityStage | '';
  ownerPersonId: string;
  /** An account's id: its deals alone (the accounts view links here). */
  accountId: string;
}

export const NO_SALES_FILTERS: SalesFilters = { stage: '', ownerPersonId: '', accountId: '' };

export function salesFiltersFrom(search: URLSearchParams): SalesFilters {
  const stage = search.get('stage') ?? '';
  return { stage: (OPPORTUNITY_STAGES as readonly string[]).includes(stage) ? (stage as OpportunityStage) : '', ownerPersonId: search.get('owner') ?? '', accountId: search.get('account') ?? '' };
}

/** The list's query string, for the API and the address bar alike (only the filters that are set). */
export function salesQuery(filters: SalesFilters, ownerKey = 'ownerPersonId'): string {
  const params = new URLSearchParams();
  if (filters.stage !== '') params.set('stage', filters.stage);
  if (filters.ownerPersonId !== '') params.set(ownerKey, filters.ownerPersonId);
  if (filters.accountId !== '') params.set('account', filters.accountId);
  const query = params.toString();
  return query === '' ? '' : `?${query}`;
}

/**
 * The pipeline's address: the filters and the sort, so a shared or reloaded link shows the same list in the same
 * order (the sort stays in the page; the API is asked only for the filters, see salesQuery).
 */
export function pipelineAddress(orgId: string, filters: SalesFilters, sort: PipelineSort | null): string {
  const params = new URLSearchParams(salesQuery(filters, 'owner'));
  for (const [key, value] of pipelineSortParams(sort)) params.set(key, value);
  const query = params.toString();
  return `/o/${orgId}/sales${query === '' ? '' : `?${query}`}`;
}

/** What the stage gates read, from the opportunity as the server sent it: the page runs the server's own rules on it. */
export function discoveryFactsOf(opportunity: Opportunity): DiscoveryFacts {
  return {
    stage: opportunity.stage,
    pressRelease: opportunity.pressRelease,
    successCriteria: opportunity.successCriteria,
    openObjections: opportunity.objections.filter((objection) => objection.status === 'open').length,
  };
}

const wholeAmountFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const centsAmountFormat = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/**
 * Money as the API keeps it, to the cent: a whole sum without decimals ("420,000"), any other with its cents
 * ("25.50"), never rounded to a whole number (25.5 shown as 26 would disagree with what the deal holds).
 */
export function formatAmount(amount: number | null): string {
  if (amount === null) return '—';
  return Number.isInteger(amount) ? wholeAmountFormat.format(amount) : centsAmountFormat.format(amount);
}

/**
 * The amount of a sum of deals as a figure and a note: the deals without an amount are counted apart (the note says
 * how many), and a sum of unpriced deals only is unknown (—), never 0.
 */
export function pipelineTotalText(total: StagePipeline): { amount: string; note: string } {
  const deals = (count: number) => (count === 1 ? '1 deal' : `${count} deals`);
  if (total.deals === 0) return { amount: formatAmount(0), note: 'no deal' };
  if (total.dealsWithoutAmount === total.deals) return { amount: '—', note: `${deals(total.deals)}, none with an amount yet` };
  if (total.dealsWithoutAmount === 0) return { amount: formatAmount(total.amount), note: `of ${deals(total.deals)}` };
  return { amount: formatAmount(total.amount), note: `of ${deals(total.deals - total.dealsWithoutAmount)}; ${deals(total.dealsWithoutAmount)} with no amount not counted` };
}

/**
 * The weighted amount of the open deals shown, with a note: how many open deals it weighs, the unpriced ones counted
 * apart as in the total; no open deal shown (won or lost only) is a dash, since there is no pipeline to weigh.
 */
export function weightedTotalText(open: StagePipeline): { amount: string; note: string } {
  const deals = (count: number) => (count === 1 ? '1 open deal' : `${count} open deals`);
  if (open.deals === 0) return { amount: '—', note: 'no open deal shown' };
  if (open.dealsWithoutAmount === open.deals) return { amount: '—', note: `${deals(open.deals)}, none with an amount yet` };
  const unpriced = open.dealsWithoutAmount === 0 ? '' : `; ${open.dealsWithoutAmount} with no amount not counted`;
  return { amount: formatAmount(open.weightedAmount), note: `${deals(open.deals - open.dealsWithoutAmount)} at the stage probabilities${unpriced}` };
}

/**
 * One open stage of the pipeline in words: the sum of the amounts known and its deals, those without an amount said
 * apart, so a stage of unpriced deals reads as unknown (—), never as worth 0.
 */
export function stagePipelineText(stage: StagePipeline): string {
  const deals = stage.deals === 1 ? '1 deal' : `${stage.deals} deals`;
  if (stage.dealsWithoutAmount === 0) return `${formatAmount(stage.amount)} (${deals})`;
  if (stage.dealsWithoutAmount === stage.deals) return `— (${deals}, no amount yet)`;
  return `${formatAmount(stage.amount)} (${deals}, ${stage.dealsWithoutAmount} with no amount yet)`;
}

const percentFormat = new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 0 });

/** A win rate of 0 to 1 as a whole percent; null (no closed deal yet) as a dash. */
export function formatWinRate(rate: number | null): string {
  return rate === null ? '—' : percentFormat.format(rate);
}

/** Attainment (bookings ÷ quota) as a whole percent; it may pass 100 %. */
export const formatAttainment = formatWinRate;

/** Pipeline coverage as a multiple of the quota left, one decimal ("2.4×"); null as a dash. */
export function formatCoverage(coverage: number | null): string {
  return coverage === null ? '—' : `${coverage.toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 })}×`;
}

/** A median of days, which may end in .5 when the count of won deals is even. */
export function formatDays(days: number | null): string {
  if (days === null) return '—';
  return days === 1 ? '1 day' : `${days.toLocaleString('en-US', { maximumFractionDigits: 1 })} days`;
}

const marginFormat = new Intl.NumberFormat('en-US', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** A margin of 0 to 1 (or below 0, a loss) to a tenth of a percent; null (no revenue to divide by) as a dash. */
export function formatMargin(margin: number | null): string {
  return margin === null ? '—' : marginFormat.format(margin);
}

export function grossProfitPeriodFrom(search: URLSearchParams): GrossProfitPeriod {
  const period = search.get('period') ?? '';
  return (GROSS_PROFIT_PERIODS as readonly string[]).includes(period) ? (period as GrossProfitPeriod) : DEFAULT_GROSS_PROFIT_PERIOD;
}

export const dealCount = (count: number) => (count === 1 ? '1 deal' : `${count} deals`);

/**
 * What a rollup's profit leaves out, saying which figure each deal lacks: "of unknown cost" for a deal with no amount
 * would send the seller to set a cost that is already there.
 */
export function unknownDealsText(rollup: Pick<GrossProfitRollup, 'costUnknownDeals' | 'amountUnknownDeals'>): string {
  const withoutAmount = rollup.amountUnknownDeals;
  const withoutCost = rollup.costUnknownDeals - withoutAmount;
  const parts = [...(withoutCost > 0 ? [`${dealCount(withoutCost)} of unknown cost`] : []), ...(withoutAmount > 0 ? [`${dealCount(withoutAmount)} with no amount`] : [])];
  return parts.join(' and ');
}

/** An open pipeline's expected profit and margin, and how many of its deals they leave out, and for want of what. */
export function pipelineProfitText(pipeline: GrossProfitRollup): string {
  if (pipeline.deals === 0) return '—';
  const unknown = unknownDealsText(pipeline);
  if (pipeline.costedDeals === 0) return unknown;
  const profit = `${formatAmount(pipeline.grossProfit)} (${formatMargin(pipeline.grossMargin)})`;
  return pipeline.costUnknownDeals === 0 ? profit : `${profit}, and ${unknown}`;
}

/** The what-if calculator's inputs as typed. */
export interface DealModelFields {
  listPrice: string;
  discountPercent: string;
  deliveryCost: string;
  deliveryCostKind: 'amount' | 'percent-of-revenue';
  commissionPercent: string;
}

export type DealModelOutcome = { kind: 'empty' } | { kind: 'model'; model: DealModel } | { kind: 'invalid'; field: keyof DealModelFields; message: string };

type NumericModelField = Exclude<keyof DealModelFields, 'deliveryCostKind'>;

/**
 * A calculator field read as the deal form reads it (moneyFieldValue, percentFieldValue: commas and a trailing "%"
 * allowed), so "100k" is refused on its field rather than modelled as 100. A blank is nothing (0).
 */
function numberIn(fields: DealModelFields, field: NumericModelField, isPercent: boolean): number {
  const text = fields[field];
  if (text.trim() === '') return 0;
  const value = isPercent ? percentFieldValue(text) : moneyFieldValue(text);
  if (typeof value === 'number') return value;
  const example = isPercent ? 'such as 15 or 15%' : 'commas allowed, such as 100,000';
  throw new AppError('validation_failed', `${field}: "${text.trim()}" is not a number: write it in figures, ${example}.`, { field });
}

/**
 * Runs the domain's what-if model on the typed fields, live: a blank list price is not an error yet (nothing to
 * model), text the deal form could not read is refused on its field, and the model's own refusal is placed on the
 * field it names, without the field's code name (the label says it).
 */
export function modelFromFields(fields: DealModelFields): DealModelOutcome {
  if (fields.listPrice.trim() === '') return { kind: 'empty' };
  const isCostPercent = fields.deliveryCostKind === 'percent-of-revenue';
  try {
    const listPrice = numberIn(fields, 'listPrice', false);
    const discountPercent = numberIn(fields, 'discountPercent', true);
    const cost = numberIn(fields, 'deliveryCost', isCostPercent);
    const commissionPercent = numberIn(fields, 'commissionPercent', true);
    const model = modelDeal({
      listPrice,
      discountPercent,
      deliveryCost: isCostPercent ? { kind: 'percent-of-revenue', percent: cost } : { kind: 'amount', amount: cost },
      commissionPercent,
    });
    return { kind: 'model', model };
  } catch (error) {
    if (!isAppError(error) || error.details.field === undefined) throw error;
    const field = error.details.field as keyof DealModelFields;
    const message = error.message.replace(`${field}: `, '');
    return { kind: 'invalid', field, message: message.charAt(0).toUpperCase() + message.slice(1) };
  }
}

/** The calculator's first values, from the address (a deal's page links here with its numbers). */
export function modelFieldsFrom(search: URLSearchParams): DealModelFields {
  return {
    listPrice: search.get('listPrice') ?? '',
    discountPercent: search.get('discountPercent') ?? '',
    deliveryCost: search.get('deliveryCost') ?? '',
    deliveryCostKind: search.get('deliveryCostKind') === 'percent-of-revenue' ? 'percent-of-revenue' : 'amount',
    commissionPercent: search.get('commissionPercent') ?? '',
  };
}

/**
 * A money field's text as the API takes it: blank is unknown (null), a number is sent as one (thousands commas
 * allowed, as the quota form takes them: "240,000"), and anything else as it was typed, so the server refuses it
 * naming the field. Sent as Number(text), "12k" or "1e999" would be NaN or Infinity, which JSON writes as null: the
 * figure would be quietly cleared to unknown instead of refused.
 */
export function moneyFieldValue(text: string): number | string | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const value = Number(trimmed.replaceAll(',', ''));
  return Number.isFinite(value) ? value : trimmed;
}

/**
 * A percent field's text as the API takes it, read as a money field is (a trailing "%" allowed: "55%" is 55), and
 * anything else, a blank included, sent as it was typed, so the server refuses it naming the field rather than a
 * number input handing over '' for what it cannot read.
 */
export function percentFieldValue(text: string): number | string | null {
  const trimmed = text.trim();
  const value = moneyFieldValue(trimmed.replace(/\s*%$/, ''));
  return typeof value === 'number' ? value : trimmed;
}

/** What a deal would lose as typed (its cost less its amount), or null when it would not, or either is not a number yet. */
export function lossOfTyped(amount: number | string | null, deliveryCost: number | string | null): number | null {
  if (typeof amount !== 'number' || typeof deliveryCost !== 'number') return null;
  const deal = { amount, deliveryCost };
  return isLossMaking(deal) ? deliveryCost - amount : null;
}

/** A deal's gross profit and margin in words, or what is still missing to know them; a loss says so. */
export function dealProfitText(opportunity: Pick<Opportunity, 'amount' | 'deliveryCost' | 'grossProfit' | 'grossMargin'>): string {
  if (opportunity.grossProfit !== null) {
    const profit = `${formatAmount(opportunity.grossProfit)} (${opportunity.grossMargin === null ? 'no margin on a zero amount' : `${formatMargin(opportunity.grossMargin)} margin`})`;
    // Allowed (a pilot, a logo worth having), but a leader reading the deal must not take it for a small profit.
    return opportunity.grossProfit < 0 ? `${profit}: a loss, the delivery cost is above the amount` : profit;
  }
  if (opportunity.amount === null) return 'Unknown until the amount is set';
  return 'Unknown until the delivery cost is set';
}

/** The what-if calculator, seeded with a deal's amount and delivery cost. */
export function modelLinkFor(orgId: string, opportunity: Pick<Opportunity, 'amount' | 'deliveryCost'>): string {
  const params = new URLSearchParams();
  if (opportunity.amount !== null) params.set('listPrice', String(opportunity.amount));
  if (opportunity.deliveryCost !== null) params.set('deliveryCost', String(opportunity.deliveryCost));
  const query = params.toString();
  return `/o/${orgId}/sales/gross-profit${query === '' ? '' : `?${query}`}`;
}
