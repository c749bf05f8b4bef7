import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { addPerson, salesOrg as salesFixtureOrg } from '../../../../test/support/sales-fixture.js';
import { ApiClient, inviteClient, signUpClient, useTestApp } from '../../../../test/support/test-app.js';

const context = useTestApp();

/** An org with an admin and two sellers, and one open deal of 240,000 owned by the first, its cost unknown. */
const salesOrg = () => salesFixtureOrg(context.app);

type Stage = 'discovery' | 'solution' | 'proposal' | 'won' | 'lost';

/** Opportunities written straight to the table, so a deal can be won any number of days ago. */
async function insertDeals(orgId: string, deals: Array<{ name: string; stage: Stage; owner: string | null; territory: string | null; amount: number | null; cost: number | null; closedDaysAgo?: number }>) {
  await context.database.db
    .insertInto('opportunities')
    .values(
      deals.map((deal) => ({
        org_id: orgId,
        account_name: 'Acme Grocers',
        name: deal.name,
        owner_person_id: deal.owner,
        stage: deal.stage,
        lost_reason: deal.stage === 'lost' ? 'Built it in-house.' : '',
        amount: deal.amount,
        delivery_cost: deal.cost,
        territory: deal.territory,
        stage_changed_at: sql<Date>`now() - make_interval(days => ${deal.closedDaysAgo ?? 0})`,
      })),
    )
    .execute();
}

describe('a deal\'s delivery cost and territory', () => {
  it('are set on opening and through the PATCH route, give the deal its gross profit and margin, and are audited', async () => {
    const { client, orgId, kofi, base } = await salesOrg();
    const changed = await client.patch(base, { deliveryCost: 96_000.5, territory: '  West   Coast ' });
    expect(changed.status).toBe(200);
    expect(changed.body.opportunity).toMatchObject({ amount: 240_000, deliveryCost: 96_000.5, territory: 'West Coast', grossProfit: 143_999.5 });
    expect(changed.body.opportunity.grossMargin).toBeCloseTo(143_999.5 / 240_000, 12);
    const [event] = (await client.get(`/orgs/${orgId}/audit-events`)).body.events;
    expect(event).toMatchObject({ action: 'opportunity.updated', data: { changed: ['deliveryCost', 'territory'] } });

    // Unknown again: no profit, no margin (not the whole amount as profit).
    const cleared = await client.patch(base, { deliveryCost: null, territory: '' });
    expect(cleared.body.opportunity).toMatchObject({ deliveryCost: null, territory: null, grossProfit: null, grossMargin: null });

    const opened = await client.post(`/orgs/${orgId}/opportunities`, { accountName: 'Acme', name: 'Pilot', ownerPersonId: kofi, amount: 0, deliveryCost: 1_500, territory: 'East' });
    expect(opened.status).toBe(201);
    // Sold for nothing: a loss of its cost, and no margin over no revenue (never NaN).
    expect(opened.body.opportunity).toMatchObject({ deliveryCost: 1_500, territory: 'East', grossProfit: -1_500, grossMargin: null });
  });

  it('holds money to the cent: a finer amount or cost is a 400 naming the field, and nothing is saved', async () => {
    const { client, orgId, kofi, base } = await salesOrg();
    const opened = await client.post(`/orgs/${orgId}/opportunities`, { accountName: 'Acme', name: 'Pilot', ownerPersonId: kofi, amount: 1000.005 });
    expect(opened.status).toBe(400);
    expect(opened.body.error).toMatchObject({ code: 'validation_failed', field: 'body.amount', message: 'body.amount: must be to the cent (at most 2 decimals)' });
    for (const [body, field] of [[{ amount: 0.001 }, 'body.amount'], [{ deliveryCost: 10.001 }, 'body.deliveryCost']] as const) {
      const response = await client.patch(base, body);
      expect({ status: response.status, field: response.body.error?.field }).toEqual({ status: 400, field });
    }
    expect((await client.get(base)).body.opportunity).toMatchObject({ amount: 240_000, deliveryCost: null });
    // To the cent is taken as given, and the deal shows what the sums add.
    const exact = await client.patch(base, { amount: 1000.01, deliveryCost: 0.29 });
    expect(exact.body.opportunity).toMatchObject({ amount: 1000.01, deliveryCost: 0.29, grossProfit: 999.72 });
  });

  it('refuses a negative, non-numeric or huge cost and a long territory with a 400 naming the field, and saves nothing', async () => {
    const { client, base } = await salesOrg();
    const cases: Array<[unknown, string]> = [
      [{ deliveryCost: -1 }, 'body.deliveryCost'],
      [{ deliveryCost: '100' }, 'body.deliveryCost'],
      [{ deliveryCost: 2e12 }, 'body.deliveryCost'],
      [{ territory: 'x'.repeat(61) }, 'body.territory'],
      [{ territory: 42 }, 'body.territory'],
    ];
    for (const [body, field] of cases) {
      const response = await client.patch(base, body);
      expect({ body, status: response.status, code: response.body.error?.code, field: response.body.error?.field }).toEqual({ body, status: 400, code: 'validation_failed', field });
    }
    expect((await client.patch(base, { deliveryCost: -0.01 })).body.error.message).toBe('body.deliveryCost: must not be negative');
    expect((await client.get(base)).body.opportunity).toMatchObject({ deliveryCost: null, territory: null });
    expect(context.logs.filter((line) => line.includes('unexpected error'))).toEqual([]);
  });

  it('lets only the owner or an admin change them, on an open deal, and keeps other orgs out', async () => {
    const { client: admin, orgId, base } = await salesOrg();
    const member = await inviteClient(context.app, admin, orgId, 'member');
    await addPerson(admin, orgId, 'Mia Member', { email: member.email });
    const refused = await member.client.patch(base, { deliveryCost: 1, territory: 'Mine now' });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('forbidden');

    const outsider = await signUpClient(context.app);
    expect((await outsider.client.patch(base, { deliveryCost: 1 })).status).toBe(404);
    expect((await admin.get(base)).body.opportunity).toMatchObject({ deliveryCost: null, territory: null });

    // A closed deal keeps the numbers it closed with.
    expect((await admin.post(`${base}/moves`, { to: 'lost', reason: 'Built it in-house.' })).status).toBe(200);
    const closed = await admin.patch(base, { deliveryCost: 10 });
    expect(closed.status).toBe(422);
    expect(closed.body.error.rule).toBe('sales.closed');
  });

  it('is kept valid by the database too, whatever writes the row', async () => {
    const { orgId } = await signUpClient(context.app);
    const row = { org_id: orgId, account_name: 'Acme', name: 'Direct write' };
    await expect(context.database.db.insertInto('opportunities').values({ ...row, delivery_cost: -5 }).execute()).rejects.toThrow(/opportunities_delivery_cost_valid/);
    await expect(context.database.db.insertInto('opportunities').values({ ...row, delivery_cost: Number.POSITIVE_INFINITY }).execute()).rejects.toThrow(/opportunities_delivery_cost_valid/);
    await expect(context.database.db.insertInto('opportunities').values({ ...row, territory: 'West ' }).execute()).rejects.toThrow(/opportunities_territory_valid/);
    await expect(context.database.db.insertInto('opportunities').values({ ...row, territory: '' }).execute()).rejects.toThrow(/opportunities_territory_valid/);
    await context.database.db.insertInto('opportunities').values({ ...row, delivery_cost: 0, territory: 'West' }).execute();
  });
});

describe('GET /opportunities/gross-profit', () => {
  /** Two sellers' deals in two territories, won today, 200 days ago (last 12 months only) and 400 days ago (all time only). */
  async function reportOrg() {
    const { client, orgId } = await signUpClient(context.app);
    const kofi = await addPerson(client, orgId, 'Kofi Mensah');
    const dana = await addPerson(client, orgId, 'Dana Whitfield');
    await insertDeals(orgId, [
      { name: 'Cold chain', stage: 'won', owner: kofi, territory: 'West', amount: 100_000, cost: 40_000 },
      { name: 'Night shift', stage: 'won', owner: kofi, territory: 'East', amount: 50_000.1, cost: 20_000.05, closedDaysAgo: 200 },
      { name: 'Returns robots', stage: 'won', owner: dana, territory: 'west', amount: 80_000, cost: null }, // cost unknown
      { name: 'Voice picking', stage: 'won', owner: dana, territory: null, amount: 20_000, cost: 25_000, closedDaysAgo: 400 }, // a loss, long ago
      { name: 'Dock scheduling', stage: 'lost', owner: dana, territory: 'East', amount: 90_000, cost: 1_000 },
      { name: 'Pick to light', stage: 'proposal', owner: kofi, territory: 'West', amount: 30_000, cost: 12_000 },
      { name: 'Yard robots', stage: 'discovery', owner: dana, territory: 'East', amount: 10_000, cost: null },
    ]);
    return { client, orgId, kofi, dana, path: `/orgs/${orgId}/opportunities/gross-profit` };
  }

  it('sums the won deals of the period and the open pipeline, leaving deals of unknown cost out of the sums', async () => {
    const { client, path } = await reportOrg();
    const quarter = await client.get(`${path}?period=this-quarter`);
    expect(quarter.status).toBe(200);
    expect(quarter.body.grossProfit).toMatchObject({
      period: 'this-quarter',
      to: new Date().toISOString().slice(0, 10),
      groupBy: 'rep',
      // 100,000 − 40,000 from the costed deal; the 80,000 deal of unknown cost is counted apart, not as pure profit.
      won: { deals: 2, costedDeals: 1, costUnknownDeals: 1, costUnknownRevenue: 80_000, revenue: 100_000, deliveryCost: 40_000, grossProfit: 60_000, grossMargin: 0.6 },
      pipeline: { deals: 2, costedDeals: 1, costUnknownDeals: 1, costUnknownRevenue: 10_000, revenue: 30_000, deliveryCost: 12_000, grossProfit: 18_000, grossMargin: 0.6 },
    });
    // The default period is the last 12 months: it adds the deal won 200 days ago, to the cent.
    const year = (await client.get(path)).body.grossProfit;
    expect(year).toMatchObject({ period: 'last-12-months', won: { deals: 3, costedDeals: 2, revenue: 150_000.1, deliveryCost: 60_000.05, grossProfit: 90_000.05 } });
    const allTime = (await client.get(`${path}?period=all-time`)).body.grossProfit;
    expect(allTime).toMatchObject({ from: null, won: { deals: 4, costedDeals: 3, revenue: 170_000.1, grossProfit: 85_000.05, grossMargin: 0.5 } });
  });

  it('rolls up per rep and per territory (territories without regard to case)', async () => {
    const { client, path, kofi, dana } = await reportOrg();
    const byRep = (await client.get(`${path}?period=last-12-months&groupBy=rep`)).body.grossProfit.groups;
    expect(byRep.map((group: { key: string; label: string }) => [group.key, group.label])).toEqual([[kofi, 'Kofi Mensah'], [dana, 'Dana Whitfield']]);
    expect(byRep[0]).toMatchObject({ won: { deals: 2, grossProfit: 90_000.05 }, pipeline: { deals: 1, grossProfit: 18_000 } });
    expect(byRep[1]).toMatchObject({ won: { deals: 1, costedDeals: 0, costUnknownDeals: 1, costUnknownRevenue: 80_000, grossProfit: 0, grossMargin: null }, pipeline: { deals: 1, costUnknownDeals: 1 } });

    const byTerritory = (await client.get(`${path}?period=all-time&groupBy=territory`)).body.grossProfit.groups;
    expect(byTerritory.map((group: { key: string | null; label: string }) => [group.key, group.label])).toEqual([['west', 'West'], ['east', 'East'], [null, 'No territory']]);
    expect(byTerritory[0]).toMatchObject({ won: { deals: 2, costedDeals: 1, costUnknownDeals: 1, grossProfit: 60_000 }, pipeline: { deals: 1, grossProfit: 18_000 } });
    expect(byTerritory[2]).toMatchObject({ won: { deals: 1, grossProfit: -5_000, grossMargin: -0.25 } });
  });

  it('counts only the org\'s own deals, and shows them to no one outside it nor to recruiters', async () => {
    const mine = await reportOrg();
    const other = await reportOrg();
    await insertDeals(other.orgId, [{ name: 'Big one', stage: 'won', owner: other.kofi, territory: 'West', amount: 9_000_000, cost: 1 }]);
    expect((await mine.client.get(mine.path)).body.grossProfit.won.revenue).toBe(150_000.1);
    expect((await other.client.get(other.path)).body.grossProfit.won.revenue).toBe(9_150_000.1);
    expect((await other.client.get(mine.path)).status).toBe(404);

    const { client: recruiter } = await inviteClient(context.app, mine.client, mine.orgId, 'recruiter');
    const refused = await recruiter.get(mine.path);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('forbidden');
  });

  it('answers an empty org with zeros and null margins, and bad query input with a 400 naming it', async () => {
    const { client, orgId } = await signUpClient(context.app);
    const path = `/orgs/${orgId}/opportunities/gross-profit`;
    expect((await client.get(path)).body.grossProfit).toMatchObject({ won: { deals: 0, revenue: 0, grossProfit: 0, grossMargin: null }, pipeline: { deals: 0, grossMargin: null }, groups: [] });
    for (const [query, field] of [['period=forever', 'query.period'], ['groupBy=deal', 'query.groupBy']]) {
      const response = await client.get(`${path}?${query}`);
      expect({ query, status: response.status, field: response.body.error?.field }).toEqual({ query, status: 400, field });
    }
    expect(context.logs.filter((line) => line.includes('unexpected error'))).toEqual([]);
  });

  it('is described in the OpenAPI document with its query', async () => {
    const document = (await new ApiClient(context.app).get('/openapi.json')).body;
    const route = document.paths['/api/v1/orgs/{orgId}/opportunities/gross-profit'];
    expect(Object.keys(route)).toEqual(['get']);
    expect(route.get.parameters.map((parameter: { name: string }) => parameter.name)).toEqual(expect.arrayContaining(['period', 'groupBy']));
    expect(Object.keys(document.components.schemas.UpdateOpportunity.properties)).toEqual(expect.arrayContaining(['deliveryCost', 'territory']));
  });
});
