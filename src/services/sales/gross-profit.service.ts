import { grossProfitReport, type GrossProfitFacts, type GrossProfitGrouping, type GrossProfitPeriod, type GrossProfitReport } from '../../domain/sales/gross-profit.js';
import type { Db } from '../../storage/database.js';
import { requirePermission, type OrgActor } from '../context.js';
import { todayUtc, wonAndOpenDeals } from './sales-kpis.service.js';

/** What the gross profit report reads about each of the org's won and open opportunities (lost ones bring no profit). */
async function loadGrossProfitFacts(db: Db, orgId: string): Promise<GrossProfitFacts[]> {
  const rows = await wonAndOpenDeals(db, orgId).select(['opportunities.delivery_cost', 'opportunities.territory']).execute();
  return rows.map((row) => ({
    stage: row.stage,
    amount: row.amount,
    deliveryCost: row.delivery_cost,
    territory: row.territory,
    owner: row.owner_person_id === null ? null : { id: row.owner_person_id, name: row.owner_name ?? '' },
    stageChangedOn: row.stage_changed_on,
  }));
}

/** Gross profit of the deals won in the period and of the open pipeline, per rep or per territory, as of today (UTC). */
export async function getGrossProfit(db: Db, actor: OrgActor, options: { period: GrossProfitPeriod; groupBy: GrossProfitGrouping }, asOf: string = todayUtc()): Promise<GrossProfitReport> {
  requirePermission(actor, 'sales.read');
  return grossProfitReport(await loadGrossProfitFacts(db, actor.orgId), { ...options, asOf });
}
