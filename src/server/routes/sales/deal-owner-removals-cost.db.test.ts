import { describe, expect, it } from 'vitest';
import { addPerson, salesOrg as salesFixtureOrg } from '../../../../test/support/sales-fixture.js';
import { inviteClient, useTestApp } from '../../../../test/support/test-app.js';

const context = useTestApp();
const salesOrg = () => salesFixtureOrg(context.app);

describe('who a deal may be opened for (rule sales.own_deals)', () => {
  it('lets a member open a deal only as its owner, so they can always work the deals they open; an admin opens one for anyone', async () => {
    const { client: admin, orgId, kofi } = await salesOrg();
    const member = await inviteClient(context.app, admin, orgId, 'member');
    const deals = `/orgs/${orgId}/opportunities`;

    // Not yet on the org chart: the member has no person to own a deal, so none is opened, whoever is named.
    const unlinked = await member.client.post(deals, { accountName: 'Acme Grocers', name: 'Returns robots', ownerPersonId: kofi });
    expect(unlinked.status).toBe(403);
    expect(unlinked.body.error).toMatchObject({ code: 'forbidden', rule: 'sales.own_deals', field: 'body.ownerPersonId' });
    expect(unlinked.body.error.message).toMatch(/Add yourself to the org chart/);

    const mia = await addPerson(admin, orgId, 'Mia Member', { email: member.email });
    // In a colleague's name: refused, and nothing is opened (before, the deal was opened and its opener locked out of it).
    const forKofi = await member.client.post(deals, { accountName: 'Acme Grocers', name: 'Returns robots', ownerPersonId: kofi, amount: 50000 });
    expect(forKofi.status).toBe(403);
    expect(forKofi.body.error).toMatchObject({ code: 'forbidden', rule: 'sales.own_deals', field: 'body.ownerPersonId' });
    expect(forKofi.body.error.message).toMatch(/only an admin opens one in someone else's name/);
    const list = (await admin.get(deals)).body.opportunities.map((deal: { name: string }) => deal.name);
    expect(list).toEqual(['Same-day fulfilment']);

    // In their own name: opened, and theirs to work.
    const mine = await member.client.post(deals, { accountName: 'Acme Grocers', name: 'Returns robots', ownerPersonId: mia, amount: 50000 });
    expect(mine.status).toBe(201);
    const mineBase = `${deals}/${mine.body.opportunity.id}`;
    expect((await member.client.patch(mineBase, { amount: 55000 })).status).toBe(200);

    // A sales leader (an admin) assigns work: a deal opened for a seller is that seller's.
    const assigned = await admin.post(deals, { accountName: 'Acme Grocers', name: 'Cold-chain pilot', ownerPersonId: mia });
    expect(assigned.status).toBe(201);
    expect(assigned.body.opportunity.owner.id).toBe(mia);
    expect((await member.client.patch(`${deals}/${assigned.body.opportunity.id}`, { amount: 12000 })).status).toBe(200);
    expect(context.logs.filter((line) => line.includes('unexpected error'))).toEqual([]);
  });
});

describe('removing a success criterion or an objection from a stale read', () => {
  it('refuses to remove a criterion a colleague changed since it was read, naming their change, and removes it from a fresh read', async () => {
    const { client, base } = await salesOrg();
    const added = await client.post(`${base}/success-criteria`, { metric: 'Orders shipped the same day', baseline: '61%' });
    const read = added.body.opportunity.successCriteria[0];

    // A colleague completes it while the page that will remove it is open.
    const changed = await client.patch(`${base}/success-criteria/${read.id}`, { target: '97%', dueOn: '2027-11-30', baseToken: read.editToken });
    expect(changed.status).toBe(200);

    const stale = await client.delete(`${base}/success-criteria/${read.id}?baseToken=${encodeURIComponent(read.editToken)}`);
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'conflict', field: 'query.baseToken', data: { token: changed.body.opportunity.successCriteria[0].editToken } });
    expect(stale.body.error.message).toBe('Someone changed this success criterion after you opened it, so it was not removed. It now reads: “Orders shipped the same day” from “61%” to “97%”, by 2027-11-30. Remove it again if you still mean to.');
    expect((await client.get(base)).body.opportunity.successCriteria).toHaveLength(1);

    const fresh = changed.body.opportunity.successCriteria[0];
    const removed = await client.delete(`${base}/success-criteria/${read.id}?baseToken=${encodeURIComponent(fresh.editToken)}`);
    expect(removed.status).toBe(200);
    expect(removed.body.opportunity.successCriteria).toEqual([]);
    // Already gone: a second remover is told so, not answered with a 500.
    expect((await client.delete(`${base}/success-criteria/${read.id}?baseToken=${encodeURIComponent(fresh.editToken)}`)).status).toBe(404);
  });

  it('refuses to remove an objection answered since it was read, naming the answer; a token that is not one is a 400', async () => {
    const { client, base } = await salesOrg();
    const added = await client.post(`${base}/objections`, { question: 'Does it work with our warehouse system?' });
    const read = added.body.opportunity.objections[0];
    const answered = await client.patch(`${base}/objections/${read.id}`, { answer: 'Yes: we read its pick lists every minute.', status: 'answered', baseToken: read.editToken });
    expect(answered.status).toBe(200);

    const stale = await client.delete(`${base}/objections/${read.id}?baseToken=${encodeURIComponent(read.editToken)}`);
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'conflict', field: 'query.baseToken' });
    expect(stale.body.error.message).toBe('Someone changed this objection after you opened it, so it was not removed. It now reads: “Does it work with our warehouse system?”, answered, answered “Yes: we read its pick lists every minute.”. Remove it again if you still mean to.');
    expect((await client.get(base)).body.opportunity.objections).toHaveLength(1);

    expect((await client.delete(`${base}/objections/${read.id}?baseToken=${'x'.repeat(40)}`)).body.error.field).toBe('query.baseToken');
    expect((await client.delete(`${base}/objections/${read.id}?token=abc`)).status).toBe(400);
    const removed = await client.delete(`${base}/objections/${read.id}?baseToken=${encodeURIComponent(answered.body.opportunity.objections[0].editToken)}`);
    expect(removed.status).toBe(200);
    expect(removed.body.opportunity.objections).toEqual([]);
    // A script that sends no token is not checked, as for the other sales writes.
    const another = await client.post(`${base}/objections`, { question: 'Why now?' });
    expect((await client.delete(`${base}/objections/${another.body.opportunity.objections[0].id}`)).status).toBe(200);
  });
});

describe('a deal\'s delivery cost against its amount', () => {
  it('refuses an impossible cost with 400 naming the field, and keeps a loss-making deal as a negative gross profit', async () => {
    const { client, orgId, kofi, base } = await salesOrg();
    for (const [body, field] of [
      [{ deliveryCost: -1 }, 'body.deliveryCost'],
      [{ deliveryCost: '1e999' }, 'body.deliveryCost'],
      [{ deliveryCost: 'abc' }, 'body.deliveryCost'],
      [{ deliveryCost: 1e13 }, 'body.deliveryCost'],
    ] as const) {
      const refused = await client.patch(base, body);
      expect({ body, status: refused.status, field: refused.body.error?.field }).toEqual({ body, status: 400, field });
    }
    const rawInfinity = await client.request('PATCH', base, undefined, { rawBody: '{"deliveryCost": 1e999}' });
    expect({ status: rawInfinity.status, field: rawInfinity.body.error?.field }).toEqual({ status: 400, field: 'body.deliveryCost' });
    expect((await client.get(base)).body.opportunity.deliveryCost).toBeNull();

    // Costs more to deliver than it brings in (a pilot worth having): kept, and its gross profit is negative.
    const loss = await client.patch(base, { deliveryCost: 300000 });
    expect(loss.status).toBe(200);
    expect(loss.body.opportunity).toMatchObject({ amount: 240000, deliveryCost: 300000, grossProfit: -60000, grossMargin: -0.25 });
    const opened = await client.post(`/orgs/${orgId}/opportunities`, { accountName: 'Acme', name: 'Free pilot', ownerPersonId: kofi, amount: 0, deliveryCost: 8000 });
    expect(opened.status).toBe(201);
    expect(opened.body.opportunity).toMatchObject({ grossProfit: -8000, grossMargin: null });
  });
});
