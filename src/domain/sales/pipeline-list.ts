import { isOpenStage, OPPORTUNITY_STAGES, type OpportunityStage } from './opportunity-rules.js';
import { addToStagePipeline, emptyStagePipeline, type StagePipeline } from './sales-kpis.js';
import type { StageProbabilities } from './stage-probabilities.js';

/**
 * The pipeline list as a sales leader works it: sorted by any column, both ways, with totals of the deals it shows.
 * The list is the whole filtered pipeline (it is not paged), so sorting and totalling what was fetched is exact.
 */

export const PIPELINE_SORT_KEYS = ['account', 'name', 'owner', 'stage', 'amount', 'weighted', 'grossProfit', 'margin', 'closeDate'] as const;
export type PipelineSortKey = (typeof PIPELINE_SORT_KEYS)[number];
/** The words ARIA's `aria-sort` uses, so the page hands them over as they are. */
export type SortDirection = 'ascending' | 'descending';

export interface PipelineSort {
  key: PipelineSortKey;
  direction: SortDirection;
}

/** What sorting and totalling read about a deal (the list's rows carry more). */
export interface PipelineDeal {
  id: string;
  accountName: string;
  name: string;
  owner: { name: string } | null;
  stage: OpportunityStage;
  amount: number | null;
  /** An open deal's amount at its stage's probability; null for a closed or unpriced deal (it sorts last). */
  weightedAmount: number | null;
  /** Amount less delivery cost; null while either is unknown (it sorts last: an unknown cost is not a zero profit). */
  grossProfit: number | null;
  /** Gross profit ÷ amount; null while either is unknown, or when the amount is 0. */
  grossMargin: number | null;
  /** 'YYYY-MM-DD', or null while unknown. */
  closeDate: string | null;
}

const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });

/** A column's value to compare, or null when the deal has none (no amount, no close date, no owner, no delivery cost). */
function valueOf(deal: PipelineDeal, key: PipelineSortKey): string | number | null {
  switch (key) {
    case 'account':
      return deal.accountName;
    case 'name':
      return deal.name;
    case 'owner':
      return deal.owner?.name ?? null;
    case 'stage':
      // Pipeline order (discovery, solution, proposal, won, lost), not the alphabet.
      return OPPORTUNITY_STAGES.indexOf(deal.stage);
    case 'amount':
      return deal.amount;
    case 'weighted':
      return deal.weightedAmount;
    case 'grossProfit':
      return deal.grossProfit;
    case 'margin':
      return deal.grossMargin;
    case 'closeDate':
      return deal.closeDate;
  }
}

function compareValues(a: string | number, b: string | number): number {
  return typeof a === 'number' && typeof b === 'number' ? a - b : collator.compare(String(a), String(b));
}

/** The list's own order (account, then name, as the server sends it): what equal values fall back on. */
function compareByDefault(a: PipelineDeal, b: PipelineDeal): number {
  return collator.compare(a.accountName, b.accountName) || collator.compare(a.name, b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * The deals sorted by one column, either way. A deal with no value there (no amount, no close date, no owner, no cost) sorts
 * last in both directions: an unpriced deal is unknown, not the smallest, and reversing the order must not put every
 * unknown at the top. Equal values keep the list's own order, so the result never depends on what came before.
 */
export function sortPipeline<T extends PipelineDeal>(deals: readonly T[], sort: PipelineSort): T[] {
  const sign = sort.direction === 'ascending' ? 1 : -1;
  return [...deals].sort((a, b) => {
    const valueA = valueOf(a, sort.key);
    const valueB = valueOf(b, sort.key);
    if (valueA === null || valueB === null) {
      if (valueA !== valueB) return valueA === null ? 1 : -1;
      return compareByDefault(a, b);
    }
    return sign * compareValues(valueA, valueB) || compareByDefault(a, b);
  });
}

/** How an address (the page's, or the API's `?order=`) spells a direction. */
export const SORT_ORDERS = ['asc', 'desc'] as const;
export type SortOrder = (typeof SORT_ORDERS)[number];

/** A column and an address's order as a sort: ascending unless `desc`. */
export function pipelineSort(key: PipelineSortKey, order: SortOrder | undefined): PipelineSort {
  return { key, direction: order === 'desc' ? 'descending' : 'ascending' };
}

/** The sort a list address asks for (`?sort=amount&order=desc`); an unknown or missing key is the list's own order. */
export function pipelineSortFrom(search: URLSearchParams): PipelineSort | null {
  const key = search.get('sort') ?? '';
  if (!(PIPELINE_SORT_KEYS as readonly string[]).includes(key)) return null;
  return pipelineSort(key as PipelineSortKey, search.get('order') === 'desc' ? 'desc' : 'asc');
}

/** The sort as address parameters, the inverse of pipelineSortFrom. */
export function pipelineSortParams(sort: PipelineSort | null): [string, string][] {
  if (sort === null) return [];
  return [['sort', sort.key], ['order', sort.direction === 'ascending' ? 'asc' : 'desc']];
}

/** A click on a column heading: the sorted column turns around, another one starts ascending. */
export function nextPipelineSort(current: PipelineSort | null, key: PipelineSortKey): PipelineSort {
  if (current?.key === key) return { key, direction: current.direction === 'ascending' ? 'descending' : 'ascending' };
  return { key, direction: 'ascending' };
}

/**
 * The deals shown, added up: all of them, the open ones (whose weighted amount is the weighted pipeline: a won deal
 * weighs 100% and would pass booked revenue off as pipeline), and per stage.
 */
export interface PipelineTotals {
  all: StagePipeline;
  open: StagePipeline;
  byStage: Record<OpportunityStage, StagePipeline>;
}

/** Totals of a list of deals, each amount added (and weighted) as the KPIs add theirs (deals without an amount counted apart). */
export function pipelineTotals(deals: readonly Pick<PipelineDeal, 'stage' | 'amount'>[], probabilities: StageProbabilities): PipelineTotals {
  const all = emptyStagePipeline();
  const open = emptyStagePipeline();
  const byStage = Object.fromEntries(OPPORTUNITY_STAGES.map((stage) => [stage, emptyStagePipeline()])) as Record<OpportunityStage, StagePipeline>;
  for (const deal of deals) {
    const probability = probabilities[deal.stage];
    addToStagePipeline(all, deal.amount, probability);
    addToStagePipeline(byStage[deal.stage], deal.amount, probability);
    if (isOpenStage(deal.stage)) addToStagePipeline(open, deal.amount, probability);
  }
  return { all, open, byStage };
}
