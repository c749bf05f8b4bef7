import type { z } from '@hono/zod-openapi';
import { OPPORTUNITY_STAGES, type DiscoveryFacts, type OpportunityStage } from '../../../../src/domain/sales/opportunity-rules.js';
import type { ListOpportunitiesResponseSchema, OpportunitySchema, SalesKpisSchema } from '../../../../src/server/routes/sales/sales.schema.js';

// The same schemas the server answers with, so a renamed field is a type error here.
export type Opportunity = z.infer<typeof OpportunitySchema>;
export type OpportunityList = z.infer<typeof ListOpportunitiesResponseSchema>;
export type SalesKpis = z.infer<typeof SalesKpisSchema>;

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
}

export function salesFiltersFrom(search: URLSearchParams): SalesFilters {
  const stage = search.get('stage') ?? '';
  return { stage: (OPPORTUNITY_STAGES as readonly string[]).includes(stage) ? (stage as OpportunityStage) : '', ownerPersonId: search.get('owner') ?? '' };
}

/** The list's query string, for the API and the address bar alike (only the filters that are set). */
export function salesQuery(filters: SalesFilters, ownerKey = 'ownerPersonId'): string {
  const params = new URLSearchParams();
  if (filters.stage !== '') params.set('stage', filters.stage);
  if (filters.ownerPersonId !== '') params.set(ownerKey, filters.ownerPersonId);
  const query = params.toString();
  return query === '' ? '' : `?${query}`;
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

const amountFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function formatAmount(amount: number | null): string {
  return amount === null ? '—' : amountFormat.format(amount);
}

const percentFormat = new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 0 });

/** A win rate of 0 to 1 as a whole percent; null (no closed deal yet) as a dash. */
export function formatWinRate(rate: number | null): string {
  return rate === null ? '—' : percentFormat.format(rate);
}

/** A median of days, which may end in .5 when the count of won deals is even. */
export function formatDays(days: number | null): string {
  if (days === null) return '—';
  return days === 1 ? '1 day' : `${days.toLocaleString('en-US', { maximumFractionDigits: 1 })} days`;
}
