import { sql } from 'kysely';
import { dailyQuotaShares, quarterOf, quarterStartingOn, type QuarterQuota } from '../../domain/sales/quotas.js';
import { salesDailyCsv, salesKpis, type OpportunityFacts, type SalesKpis } from '../../domain/sales/sales-kpis.js';
import { salesForecast, type SalesForecast } from '../../domain/sales/stage-probabilities.js';
import { isoDate } from '../../domain/wbr/calendar.js';
import { latestWeekEnding, parseIsoDay } from '../../domain/wbr-review/review-rules.js';
import type { Db } from '../../storage/database.js';
import { requirePermission, type OrgActor } from '../context.js';
import { loadStageProbabilities } from './stage-probabilities.service.js';

/** The day a sales deck's weeks end on: a Saturday, the WBR App's usual week (any Saturday names the weekday). */
const SATURDAY = '2024-12-28';

/** Today on the UTC calendar, the clock every day of the sales KPIs and the daily CSV is read on. */
export function todayUtc(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/** A timestamp column's day on the UTC calendar, 'YYYY-MM-DD': the clock every sales figure is read on. */
export function utcDayOf(column: 'created_at' | 'stage_changed_at' | 'opportunities.stage_changed_at') {
  return sql<string>`to_char(${sql.ref(column)} at time zone 'UTC', 'YYYY-MM-DD')`;
}

/**
 * The org's won and open deals (lost ones bring neither profit nor pipeline) with their owner, the day their stage
 * last changed (for a won deal, the day it was won), and their amount; callers select what else they read.
 */
export function wonAndOpenDeals(db: Db, orgId: string) {
  return db
    .selectFrom('opportunities')
    .leftJoin('people', 'people.id', 'opportunities.owner_person_id')
    .select(['opportunities.stage', 'opportunities.amount', 'opportunities.owner_person_id', 'people.name as owner_name', utcDayOf('opportunities.stage_changed_at').as('stage_changed_on')])
    .where('opportunities.org_id', '=', orgId)
    .where('opportunities.stage', '<>', 'lost');
}

/** What the KPIs read about each of the org's opportunities, with its days on the UTC calendar. */
async function loadOpportunityFacts(db: Db, orgId: string): Promise<OpportunityFacts[]> {
  const rows = await db
    .selectFrom('opportunities')
    .select([
      'stage',
      'amount',
      utcDayOf('created_at').as('opened_on'),
      utcDayOf('stage_changed_at').as('stage_changed_on'),
    ])
    .where('org_id', '=', orgId)
    .execute();
  return rows.map((row) => ({ stage: row.stage, amount: row.amount, openedOn: row.opened_on, stageChangedOn: row.stage_changed_on }));
}

export async function getSalesKpis(db: Db, actor: OrgActor, asOf: string = todayUtc()): Promise<SalesKpis & { asOf: string }> {
  requirePermission(actor, 'sales.read');
  const [facts, { probabilities }] = await Promise.all([loadOpportunityFacts(db, actor.orgId), loadStageProbabilities(db, actor.orgId)]);
  return { ...salesKpis(facts, asOf, probabilities), asOf };
}

/**
 * This month's and this quarter's forecast from the deals' close dates and the org's stage probabilities, as of today
 * (UTC): the team's, or one seller's when `ownerPersonId` is given (filtered as the pipeline list's owner filter is).
 */
export async function getSalesForecast(db: Db, actor: OrgActor, filters: { ownerPersonId?: string | undefined } = {}, asOf: string = todayUtc()): Promise<SalesForecast> {
  requirePermission(actor, 'sales.read');
  let deals = db.selectFrom('opportunities').select(['stage', 'amount', 'close_date']).where('org_id', '=', actor.orgId).where('stage', '<>', 'lost');
  if (filters.ownerPersonId !== undefined) deals = deals.where('owner_person_id', '=', filters.ownerPersonId);
  const [rows, { probabilities }] = await Promise.all([
    deals.execute(),
    loadStageProbabilities(db, actor.orgId),
  ]);
  return salesForecast(rows.map((row) => ({ stage: row.stage, amount: row.amount, closeDate: row.close_date })), probabilities, asOf);
}

export interface SalesDeckData {
  /** The week the deck's config names: the last Saturday before today (today's day is not over). */
  weekEnding: string;
  fileName: string;
  csv: string;
}

/**
 * The pipeline's daily CSV from the org's first opportunity's day to today. When that is less than a week ago the
 * file starts a full week before the deck's week ending instead: the days before the first opportunity were
 * truly empty, and without them there would be no complete week to publish.
 */
export async function salesDeckData(db: Db, actor: OrgActor, today: string = todayUtc()): Promise<SalesDeckData> {
  requirePermission(actor, 'sales.read');
  const facts = await loadOpportunityFacts(db, actor.orgId);
  const todayDay = parseIsoDay(today) as number;
  const weekEndingDay = latestWeekEnding(parseIsoDay(SATURDAY) as number, todayDay - 1);
  const firstOpened = facts.reduce<string | null>((earliest, fact) => (earliest === null || fact.openedOn < earliest ? fact.openedOn : earliest), null);
  const weekStart = weekEndingDay - 6;
  const from = firstOpened === null ? weekStart : Math.min(parseIsoDay(firstOpened) as number, weekStart);
  const quotaShares = await dailyTeamQuotaShares(db, actor.orgId, isoDate(from));
  return { weekEnding: isoDate(weekEndingDay), fileName: `sales-pipeline-${today}.csv`, csv: salesDailyCsv(facts, isoDate(from), today, quotaShares) };
}

/** Every quarter's team quota from `from` on (the sum of its sellers' quotas), for the business review's daily CSV. */
async function dailyTeamQuotaShares(db: Db, orgId: string, from: string): Promise<Map<number, number>> {
  const rows = await db.selectFrom('sales_quotas')
    .select(['quarter_start', sql<number>`sum(amount)`.as('team_quota')])
    .where('org_id', '=', orgId)
    .where('quarter_start', '>=', isoDate(quarterOf(parseIsoDay(from) as number).firstDay))
    .groupBy('quarter_start')
    .execute();
  const quarters: QuarterQuota[] = rows.map((row) => ({ quarter: quarterStartingOn(row.quarter_start), teamQuota: Number(row.team_quota) }));
  return dailyQuotaShares(quarters);
}
