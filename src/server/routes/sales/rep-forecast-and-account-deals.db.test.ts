import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { addPerson } from '../../../../test/support/sales-fixture.js';
import { signUpClient, useTestApp, type ApiClient } from '../../../../test/support/test-app.js';

const context = useTestApp();

/**
 * A sales leader's reads over the API: the forecast narrowed to one rep (`?ownerPersonId=`), the pipeline list
 * narrowed to one account (`?account=`, by the accounts list's id), and each account's weighted open amount, weighted
 * as each deal of the list is.
 */

const todayText = new Date().toISOString().slice(0, 10);

async function openDeal(client: ApiClient, orgId: string, fields: { accountName: string; name: string; ownerPersonId: string; amount: number | null }): Promise<string> {
  const created = await client.post(`/orgs/${orgId}/opportunities`, { ...fields, closeDate: todayText });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body.opportunity.id;
}

/** Puts a deal at a stage without walking its gates (the weighting reads only the stage). */
async function setStage(id: string, stage: 'proposal' | 'won'): Promise<void> {
  await context.database.db.updateTable('opportunities').set({ stage, stage_changed_at: sql<Date>`now()` }).where('id', '=', id).execute();
}

/** Two reps: Kofi with a proposal at Harbor Foods and a won deal at Acme; Dana with a discovery deal at Harbor Foods. */
async function twoRepOrg() {
  const { client, orgId } = await signUpClient(context.app);
  const kofi = await addPerson(client, orgId, 'Kofi Mensah');
  const dana = await addPerson(client, orgId, 'Dana Ortiz');
  await setStage(await openDeal(client, orgId, { accountName: 'Harbor Foods', name: 'Dock scheduling', ownerPersonId: kofi, amount: 100000 }), 'proposal');
  await setStage(await openDeal(client, orgId, { accountName: 'Acme Grocers', name: 'Cold chain', ownerPersonId: kofi, amount: 40000 }), 'won');
  await openDeal(client, orgId, { accountName: 'harbor  FOODS', name: 'Pick to light', ownerPersonId: dana, amount: 20000 });
  await openDeal(client, orgId, { accountName: 'Harbor Foods', name: 'Voice picking', ownerPersonId: dana, amount: null });
  return { client, orgId, kofi, dana };
}

describe('a rep\'s forecast and an account\'s deals', () => {
  it('narrows the forecast to one rep\'s deals with ?ownerPersonId=, and refuses an owner that is not a UUID', async () => {
    const { client, orgId, kofi, dana } = await twoRepOrg();
    const team = (await client.get(`/orgs/${orgId}/opportunities/forecast`)).body.forecast;
    expect(team.month).toMatchObject({ committed: { deals: 1, amount: 40000 }, open: { deals: 3, amount: 120000 }, weighted: 102000 });

    const kofis = await client.get(`/orgs/${orgId}/opportunities/forecast?ownerPersonId=${kofi}`);
    expect(kofis.status).toBe(200);
    for (const period of ['month', 'quarter'] as const) {
      expect(kofis.body.forecast[period]).toMatchObject({ committed: { deals: 1, amount: 40000 }, open: { deals: 1, amount: 100000, weightedAmount: 60000 }, weighted: 100000, bestCase: 140000 });
    }
    const danas = (await client.get(`/orgs/${orgId}/opportunities/forecast?ownerPersonId=${dana}`)).body.forecast;
    expect(danas.quarter).toMatchObject({ committed: { deals: 0, amount: 0 }, open: { deals: 2, amount: 20000, weightedAmount: 2000, dealsWithoutAmount: 1 }, weighted: 2000 });

    const bad = await client.get(`/orgs/${orgId}/opportunities/forecast?ownerPersonId=kofi`);
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'validation_failed', field: 'query.ownerPersonId' });
  });

  it('gives each account its weighted open amount, and lists an account\'s deals with ?account=, refusing an id that is not one of the org\'s accounts', async () => {
    const { client, orgId } = await twoRepOrg();
    const accounts = (await client.get(`/orgs/${orgId}/accounts`)).body.accounts as Array<{ id: string; name: string; openDeals: number; openAmount: number; openWeightedAmount: number }>;
    const harbor = accounts.find((account) => account.name === 'Harbor Foods');
    const acme = accounts.find((account) => account.name === 'Acme Grocers');
    // 60% of 100,000 in proposal + 10% of 20,000 in discovery; the unpriced deal adds nothing; Acme's won deal is booked, not pipeline.
    expect(harbor).toMatchObject({ openDeals: 3, openAmount: 120000, openWeightedAmount: 62000 });
    expect(acme).toMatchObject({ openDeals: 0, openAmount: 0, openWeightedAmount: 0 });

    const list = await client.get(`/orgs/${orgId}/opportunities?account=${harbor?.id}`);
    expect(list.status).toBe(200);
    expect((list.body.opportunities as Array<{ name: string }>).map((deal) => deal.name)).toEqual(['Dock scheduling', 'Pick to light', 'Voice picking']);
    expect(list.body.countsByStage).toEqual({ discovery: 2, solution: 0, proposal: 1, won: 0, lost: 0 });
    const acmeWon = await client.get(`/orgs/${orgId}/opportunities?account=${acme?.id}&stage=won`);
    expect((acmeWon.body.opportunities as Array<{ name: string }>).map((deal) => deal.name)).toEqual(['Cold chain']);

    const notUuid = await client.get(`/orgs/${orgId}/opportunities?account=harbor`);
    expect(notUuid.status).toBe(400);
    expect(notUuid.body.error).toMatchObject({ code: 'validation_failed', field: 'query.account' });
    const other = await signUpClient(context.app);
    const foreign = await other.client.get(`/orgs/${other.orgId}/opportunities?account=${harbor?.id}`);
    expect(foreign.status).toBe(400);
    expect(foreign.body.error).toMatchObject({ code: 'validation_failed', field: 'query.account' });
  });
});
