import { describe, expect, it } from 'vitest';
import { quotaEditToken } from '../../../domain/sales/quotas.js';
import { salesOrg } from '../../../../test/support/sales-fixture.js';
import { inviteClient, useTestApp } from '../../../../test/support/test-app.js';

const context = useTestApp();

/** The calendar quarter today (UTC) falls in, as the API names it. */
const now = new Date();
const quarter = `${now.getUTCFullYear()}-Q${Math.floor(now.getUTCMonth() / 3) + 1}`;

type Row = { seller: { id: string }; quota: number | null; editToken: string };
const rowOf = (body: { quotas: { sellers: Row[] } }, id: string) => body.quotas.sellers.find((row) => row.seller.id === id);

describe('changing a sales quota from a stale page', () => {
  it('refuses a first quota sent from a page that showed none after a colleague set one (409 naming baseToken), and keeps the colleague\'s', async () => {
    const { client: leader, orgId, dana } = await salesOrg(context.app);
    const colleague = (await inviteClient(context.app, leader, orgId, 'admin')).client;
    const path = `/orgs/${orgId}/quotas/${quarter}/${dana}`;
    // Dana has no quota and no deal yet: the page sends the token of no quota.
    expect(rowOf((await leader.get(`/orgs/${orgId}/quotas`)).body, dana)).toBeUndefined();

    const first = await colleague.put(path, { amount: 100000, baseToken: quotaEditToken(null) });
    expect(first.status).toBe(200);
    expect(rowOf(first.body, dana)).toMatchObject({ quota: 100000, editToken: quotaEditToken(100000) });

    const stale = await leader.put(path, { amount: 80000, baseToken: quotaEditToken(null) });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'conflict', field: 'body.baseToken', data: { token: quotaEditToken(100000) } });
    expect(stale.body.error.message).toContain('Dana Whitfield');
    expect(rowOf((await leader.get(`/orgs/${orgId}/quotas`)).body, dana)?.quota).toBe(100000);
    const events = (await leader.get(`/orgs/${orgId}/audit-events`)).body.events as Array<{ action: string; data: { amount?: number } }>;
    expect(events.filter((event) => event.action === 'sales_quota.set').map((event) => event.data.amount)).toEqual([100000]);

    // Sent again from the newer read it goes through; the same amount as now is no change and no refusal (a retry).
    expect(rowOf((await leader.put(path, { amount: 80000, baseToken: quotaEditToken(100000) })).body, dana)?.quota).toBe(80000);
    expect((await leader.put(path, { amount: 80000, baseToken: quotaEditToken(100000) })).status).toBe(200);
  });

  it('refuses a change or a removal of a quota changed since the page read it, and a change of one removed since', async () => {
    const { client: leader, orgId, kofi } = await salesOrg(context.app);
    const colleague = (await inviteClient(context.app, leader, orgId, 'admin')).client;
    const path = `/orgs/${orgId}/quotas/${quarter}/${kofi}`;
    const read = rowOf((await leader.put(path, { amount: 200000 })).body, kofi)!;
    expect((await colleague.put(path, { amount: 250000, baseToken: read.editToken })).status).toBe(200);

    const staleChange = await leader.put(path, { amount: 220000, baseToken: read.editToken });
    expect(staleChange.status).toBe(409);
    expect(staleChange.body.error.field).toBe('body.baseToken');
    const staleRemoval = await leader.delete(`${path}?baseToken=${read.editToken}`);
    expect(staleRemoval.status).toBe(409);
    expect(staleRemoval.body.error).toMatchObject({ code: 'conflict', field: 'query.baseToken', data: { token: quotaEditToken(250000) } });
    expect(rowOf((await leader.get(`/orgs/${orgId}/quotas`)).body, kofi)?.quota).toBe(250000);

    // The colleague removes it; a change from a page that still showed 250,000 does not bring it back.
    expect((await colleague.delete(`${path}?baseToken=${quotaEditToken(250000)}`)).status).toBe(200);
    const revived = await leader.put(path, { amount: 260000, baseToken: quotaEditToken(250000) });
    expect(revived.status).toBe(409);
    expect(revived.body.error.data).toEqual({ token: quotaEditToken(null) });
    expect(rowOf((await leader.get(`/orgs/${orgId}/quotas`)).body, kofi)?.quota ?? null).toBeNull();
  });
});
