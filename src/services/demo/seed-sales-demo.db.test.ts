import { describe, expect, it } from 'vitest';
import { gateChecks, nextStage } from '../../domain/sales/opportunity-rules.js';
import { seedDemoAsAdmin } from '../../../test/support/demo-org.js';
import { useTestApp } from '../../../test/support/test-app.js';
import { getOpportunity, listOpportunities } from '../sales/opportunities.service.js';
import { getGrossProfit } from '../sales/gross-profit.service.js';
import { getSalesKpis } from '../sales/sales-kpis.service.js';
import { getQuotaReport } from '../sales/quotas.service.js';
import { listAccounts } from '../sales/accounts.service.js';

const context = useTestApp({}, { withDemoOrg: true });

describe('the sales demo', () => {
  it('gives the demo org three open deals at three stages, each gate showing a different story, and closed ones with a history', async () => {
    const db = context.database.db;
    const { actor } = await seedDemoAsAdmin(db);
    const { opportunities, countsByStage } = await listOpportunities(db, actor);

    expect(countsByStage).toEqual({ discovery: 1, solution: 1, proposal: 1, won: 3, lost: 1 });
    // Two strategic accounts with one owner: one single-threaded, one whose open deal someone else still owns.
    const strategic = (await listAccounts(db, actor)).filter((account) => account.isStrategic);
    expect(strategic.map((account) => [account.name, account.owner?.name, account.drift.map((flag) => flag.kind)])).toEqual([
      ['Alpine Outfitters', 'Marcus Oyelaran', ['deals_elsewhere']],
      ['Harbor Foods', 'Marcus Oyelaran', []],
    ]);
    expect(opportunities.every((opportunity) => opportunity.owner !== null && opportunity.owner.leftOn === null)).toBe(true);
    // A member with a login owns one, so signing in as them shows a deal they may change.
    expect(opportunities.find((opportunity) => opportunity.stage === 'proposal')?.owner?.name).toBe('Marcus Oyelaran');

    // What each one still needs for its next stage: nothing in proposal, an open objection in solution, a number and a complete criterion in discovery.
    const unmet = async (id: string) => {
      const opportunity = await getOpportunity(db, actor, id);
      const facts = { stage: opportunity.stage, pressRelease: opportunity.pressRelease, successCriteria: opportunity.successCriteria, openObjections: opportunity.objections.filter((objection) => objection.status === 'open').length };
      return gateChecks(facts, nextStage(opportunity.stage)!).filter((check) => !check.met).map((check) => check.rule);
    };
    const byStage = (stage: string) => opportunities.find((opportunity) => opportunity.stage === stage)!.id;
    expect(await unmet(byStage('proposal'))).toEqual([]);
    expect(await unmet(byStage('solution'))).toEqual(['sales.objections_answered']);
    expect(await unmet(byStage('discovery'))).toEqual(['sales.press_release', 'sales.success_criterion']);
    // The closed deals give the KPIs something to measure: 3 won of 4 closed, months apart.
    const kpis = await getSalesKpis(db, actor);
    expect(kpis.winRate).toBe(0.75);
    expect(kpis.medianSalesCycleDays).toBe(95);
    // Quotas for each seller this quarter and the three before, so attainment and the review's target have a year.
    const quotas = await getQuotaReport(db, actor);
    // Harbor Foods (420,000) is expected by the quarter's end, Alpine Outfitters the quarter after.
    expect(quotas).toMatchObject({ teamQuota: 1_500_000, isClosed: false, pipeline: 420_000 });
    expect(quotas.sellers.filter((row) => row.quota !== null).map((row) => [row.seller.name, row.quota])).toEqual([
      ['Dana Whitfield', 400_000], ['Kofi Mensah', 500_000], ['Marcus Oyelaran', 600_000],
    ]);
    const yearAgo = await db.selectFrom('sales_quotas').select((eb) => eb.fn.countAll<number>().as('count')).where('org_id', '=', actor.orgId).executeTakeFirstOrThrow();
    expect(Number(yearAgo.count)).toBe(12);
  });

  it('gives the deals costs in three territories, with one won deal whose cost is still unknown', async () => {
    const db = context.database.db;
    const { actor } = await seedDemoAsAdmin(db);
    // Won in the last 12 months: Lakeside (310,000 − 124,000) and Northgate (540,000 − 237,600); Summit's cost is unknown.
    const report = await getGrossProfit(db, actor, { period: 'last-12-months', groupBy: 'territory' });
    expect(report.won).toMatchObject({ deals: 3, costedDeals: 2, costUnknownDeals: 1, costUnknownRevenue: 180_000, revenue: 850_000, deliveryCost: 361_600, grossProfit: 488_400 });
    // Open: Harbor (420,000 − 168,000) and Alpine (150,000 − 69,000); Cedar has no amount yet.
    expect(report.pipeline).toMatchObject({ deals: 3, costedDeals: 2, costUnknownDeals: 1, grossProfit: 333_000 });
    expect(report.groups.map((group) => [group.label, group.won.grossProfit, group.won.costUnknownDeals])).toEqual([['East', 302_400, 0], ['West', 186_000, 0], ['Central', 0, 1]]);
  });
});
