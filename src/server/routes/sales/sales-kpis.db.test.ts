import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { inviteClient, signUpClient, useTestApp } from '../../../../test/support/test-app.js';

const context = useTestApp();

describe('sales KPIs', () => {
  it('measures the org\'s pipeline: win rate, average won deal, median cycle, open pipeline by stage, bookings this quarter', async () => {
    const { client, orgId } = await signUpClient(context.app);
    const other = await signUpClient(context.app);
    // Days are set relative to now, so the cycles are whole days on any date: each deal is closed at the same time
    // of day it was opened.
    const deal = (name: string, stage: 'discovery' | 'proposal' | 'won' | 'lost', amount: number | null, openedDaysAgo: number, closedDaysAgo = openedDaysAgo, org = orgId) => ({
      org_id: org,
      account_name: 'Harbor Foods',
      name,
      stage,
      amount,
      lost_reason: stage === 'lost' ? 'Chose to build it themselves.' : '',
      created_at: sql<Date>`now() - make_interval(days => ${openedDaysAgo})`,
      stage_changed_at: sql<Date>`now() - make_interval(days => ${closedDaysAgo})`,
    });
    await context.database.db
      .insertInto('opportunities')
      .values([
        deal('Same-day fulfilment', 'won', 10000, 40, 0), // 40 days, won today: this quarter
        deal('Returns robots', 'won', 5000, 400, 370), // 30 days, a year ago
        deal('Cold chain', 'won', null, 20, 0), // 20 days, this quarter, size unknown
        deal('Night shift', 'lost', 8000, 60, 10),
        deal('Pick to light', 'discovery', 1200.5, 3),
        deal('Voice picking', 'discovery', null, 2),
        deal('Dock scheduling', 'proposal', 30000, 30, 5),
        deal('Another org\'s deal', 'won', 999999, 10, 0, other.orgId),
      ])
      .execute();

    const response = await client.get(`/orgs/${orgId}/opportunities/kpis`);
    expect(response.status).toBe(200);
    expect(response.body.kpis).toMatchObject({
      asOf: new Date().toISOString().slice(0, 10),
      wonDeals: 3,
      lostDeals: 1,
      winRate: 0.75,
      averageWonDeal: 7500,
      medianSalesCycleDays: 30,
      pipelineByStage: { discovery: { deals: 2, amount: 1200.5, dealsWithoutAmount: 1 }, solution: { deals: 0, amount: 0, dealsWithoutAmount: 0 }, proposal: { deals: 1, amount: 30000, dealsWithoutAmount: 0 } },
      bookingsQuarterToDate: 10000,
      salesVelocityPerDay: 562.5, // 3 open deals × 7,500 × 0.75 ÷ 30 days
    });

    const empty = (await other.client.get(`/orgs/${other.orgId}/opportunities/kpis`)).body.kpis;
    expect(empty).toMatchObject({ wonDeals: 1, lostDeals: 0, winRate: 1, medianSalesCycleDays: 10, bookingsQuarterToDate: 999999 });
  });

  it('gives nulls to an org without deals, and refuses recruiters (who do not see sales)', async () => {
    const { client, orgId } = await signUpClient(context.app);
    const kpis = (await client.get(`/orgs/${orgId}/opportunities/kpis`)).body.kpis;
    expect(kpis).toMatchObject({ winRate: null, averageWonDeal: null, medianSalesCycleDays: null, bookingsQuarterToDate: 0 });
    const { client: recruiter } = await inviteClient(context.app, client, orgId, 'recruiter');
    const refused = await recruiter.get(`/orgs/${orgId}/opportunities/kpis`);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('forbidden');
  });
});
