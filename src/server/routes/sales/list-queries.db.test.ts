import { describe, expect, it } from 'vitest';
import { addPerson } from '../../../../test/support/sales-fixture.js';
import { signUpClient, useTestApp } from '../../../../test/support/test-app.js';

const context = useTestApp();

/**
 * The sales reads' query strings: every bad parameter (an unknown name, an unknown value, a repeated one) is a 400
 * naming it, never ignored; a reader who misspells a filter must not take the whole pipeline for the one asked for.
 */
describe('the sales list endpoints\' query parameters', () => {
  it('sorts the pipeline list by ?sort= and ?order=, as the page sorts it', async () => {
    const { client, orgId } = await signUpClient(context.app);
    const kofi = await addPerson(client, orgId, 'Kofi Mensah');
    for (const [name, amount] of [['Small', 1000], ['Large', 90000], ['Unpriced', null], ['Middle', 40000]] as const) {
      expect((await client.post(`/orgs/${orgId}/opportunities`, { accountName: 'Acme', name, ownerPersonId: kofi, amount })).status).toBe(201);
    }
    const names = async (query: string) => ((await client.get(`/orgs/${orgId}/opportunities${query}`)).body.opportunities as Array<{ name: string }>).map((deal) => deal.name);
    expect(await names('')).toEqual(['Large', 'Middle', 'Small', 'Unpriced']);
    expect(await names('?sort=amount')).toEqual(['Small', 'Middle', 'Large', 'Unpriced']);
    expect(await names('?sort=amount&order=desc')).toEqual(['Large', 'Middle', 'Small', 'Unpriced']);
    expect(await names('?sort=name&order=desc')).toEqual(['Unpriced', 'Small', 'Middle', 'Large']);
  });

  it('sorts the pipeline list by gross profit and by margin on the server, deals whose cost is unknown last, and names a bad sort key', async () => {
    const { client, orgId } = await signUpClient(context.app);
    const kofi = await addPerson(client, orgId, 'Kofi Mensah');
    const deals = [['Thin', 100000, 91000], ['Loss', 5000, 6000], ['Fat', 10000, 4000], ['Costless', 80000, null]] as const;
    for (const [name, amount, deliveryCost] of deals) {
      expect((await client.post(`/orgs/${orgId}/opportunities`, { accountName: 'Acme', name, ownerPersonId: kofi, amount, deliveryCost })).status).toBe(201);
    }
    const names = async (query: string) => ((await client.get(`/orgs/${orgId}/opportunities${query}`)).body.opportunities as Array<{ name: string }>).map((deal) => deal.name);
    // Gross profit: Thin 9,000, Fat 6,000, Loss −1,000; margin: Fat 60%, Thin 9%, Loss −20%.
    expect(await names('?sort=grossProfit&order=desc')).toEqual(['Thin', 'Fat', 'Loss', 'Costless']);
    expect(await names('?sort=grossProfit')).toEqual(['Loss', 'Fat', 'Thin', 'Costless']);
    expect(await names('?sort=margin&order=desc')).toEqual(['Fat', 'Thin', 'Loss', 'Costless']);
    expect(await names('?sort=margin&order=asc')).toEqual(['Loss', 'Thin', 'Fat', 'Costless']);
    const misspelt = await client.get(`/orgs/${orgId}/opportunities?sort=grossMargin`);
    expect(misspelt.status).toBe(400);
    expect(misspelt.body.error).toMatchObject({ code: 'validation_failed', field: 'query.sort' });
    expect(misspelt.body.error.message).toContain('grossProfit, margin');
  });

  it('refuses every bad parameter of every sales list with a 400 naming it', async () => {
    const { client, orgId } = await signUpClient(context.app);
    const cases: Array<[string, string]> = [
      ['/opportunities?sort=bogus', 'query.sort'],
      ['/opportunities?sort=', 'query.sort'],
      ['/opportunities?sort=amount&order=down', 'query.order'],
      ['/opportunities?order=desc', 'query.order'],
      ['/opportunities?stage=bogus', 'query.stage'],
      ['/opportunities?stage=won&stage=lost', 'query.stage'],
      ['/opportunities?owner=kofi', 'query.owner'],
      ['/opportunities?ownerPersonId=kofi', 'query.ownerPersonId'],
      ['/opportunities?account=acme', 'query.account'],
      ['/opportunities?period=quarter', 'query.period'],
      ['/opportunities/forecast?ownerPersonId=kofi', 'query.ownerPersonId'],
      ['/opportunities/forecast?owner=kofi', 'query.owner'],
      ['/opportunities/forecast?period=month', 'query.period'],
      ['/opportunities/gross-profit?period=forever', 'query.period'],
      ['/opportunities/gross-profit?groupBy=deal', 'query.groupBy'],
      ['/opportunities/gross-profit?sort=margin', 'query.sort'],
      ['/opportunities/kpis?period=quarter', 'query.period'],
      ['/quotas?quarter=next', 'query.quarter'],
      ['/quotas?quater=2026-Q4', 'query.quater'],
      ['/accounts?sort=name', 'query.sort'],
    ];
    for (const [path, field] of cases) {
      const answer = await client.get(`/orgs/${orgId}${path}`);
      expect(answer.status, path).toBe(400);
      expect(answer.body.error, path).toMatchObject({ code: 'validation_failed', field });
      expect(answer.body.error.message, path).toContain(field);
    }
  });

  it('says a parameter was not taken, or was given twice, rather than blame a good value', async () => {
    const { client, orgId } = await signUpClient(context.app);
    const unknown = await client.get(`/orgs/${orgId}/opportunities?owner=kofi`);
    expect(unknown.body.error.message).toBe('query.owner: is not a parameter this endpoint takes');
    const twice = await client.get(`/orgs/${orgId}/opportunities?stage=won&stage=won`);
    expect(twice.body.error.message).toBe('query.stage: is given more than once: send one value');
  });

  it('still answers the parameters each list knows', async () => {
    const { client, orgId } = await signUpClient(context.app);
    for (const path of ['/opportunities?stage=won&sort=closeDate&order=asc', '/opportunities/forecast', '/opportunities/gross-profit?period=all-time&groupBy=territory', '/opportunities/kpis', '/quotas?quarter=2026-Q4', '/accounts']) {
      expect((await client.get(`/orgs/${orgId}${path}`)).status, path).toBe(200);
    }
  });
});
