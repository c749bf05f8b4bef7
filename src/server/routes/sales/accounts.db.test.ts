import { describe, expect, it } from 'vitest';
import { addPerson, salesOrg } from '../../../../test/support/sales-fixture.js';
import { inviteClient, useTestApp } from '../../../../test/support/test-app.js';

/**
 * Strategic accounts: one single-threaded owner each, changed only by an admin or the owner, audited, handed over
 * when the owner leaves; and the drift into shared ownership flagged on the accounts list.
 */

const context = useTestApp();

type AccountBody = { id: string; name: string; isStrategic: boolean; owner: { id: string; name: string } | null; openDeals: number; openAmount: number; openDealsWithoutAmount: number; drift: Array<{ kind: string; count: number; message: string }> };

describe('strategic accounts', () => {
  it('lists every account its deals name, and makes one strategic with exactly one owner, audited', async () => {
    const { client, orgId, kofi, dana } = await salesOrg(context.app);
    await client.post(`/orgs/${orgId}/opportunities`, { accountName: 'harbor foods', name: 'Returns sorting', ownerPersonId: dana, amount: 60000 });
    await client.post(`/orgs/${orgId}/opportunities`, { accountName: 'Lakeside Grocers', name: 'Cold-chain picking', ownerPersonId: kofi });
    const listed = (await client.get(`/orgs/${orgId}/accounts`)).body.accounts as AccountBody[];
    // One account per name whatever its case, with its open deals.
    expect(listed.map((account) => [account.name, account.openDeals, account.openAmount, account.isStrategic])).toEqual([['Harbor Foods', 2, 300000, false], ['Lakeside Grocers', 1, 0, false]]);
    // Lakeside's deal has no amount: counted apart, not as a deal worth 0.
    expect(listed.map((account) => account.openDealsWithoutAmount)).toEqual([0, 1]);
    const harbor = listed[0]!;
    expect(harbor.drift).toEqual([]);

    const withoutOwner = await client.patch(`/orgs/${orgId}/accounts/${harbor.id}`, { isStrategic: true });
    expect(withoutOwner.status).toBe(422);
    expect(withoutOwner.body.error).toMatchObject({ code: 'rule_violation', rule: 'account.single_owner', field: 'body.ownerPersonId' });
    const made = await client.patch(`/orgs/${orgId}/accounts/${harbor.id}`, { isStrategic: true, ownerPersonId: kofi });
    expect(made.status).toBe(200);
    expect(made.body.account).toMatchObject({ isStrategic: true, owner: { id: kofi, name: 'Kofi Mensah' } });
    // Dana owns one of its open deals: the account is single-threaded on paper only, and the list says so.
    expect(made.body.account.drift).toEqual([{ kind: 'deals_elsewhere', count: 1, message: '1 open deal is owned by someone other than its owner: Returns sorting (Dana Whitfield).' }]);
    // No owner is no longer possible for it.
    expect((await client.patch(`/orgs/${orgId}/accounts/${harbor.id}`, { ownerPersonId: null })).body.error.rule).toBe('account.single_owner');

    const events = (await client.get(`/orgs/${orgId}/audit-events`)).body.events as Array<{ action: string; subjectId: string; data: Record<string, unknown> }>;
    expect(events.filter((event) => event.subjectId === harbor.id).map((event) => [event.action, event.data])).toEqual([
      ['account.strategic_changed', { name: 'Harbor Foods', isStrategic: true }],
      ['account.owner_changed', { name: 'Harbor Foods', fromOwnerPersonId: null, toOwnerPersonId: kofi, toOwnerName: 'Kofi Mensah' }],
    ]);
  });

  it('adds an account\'s open amounts to the cent, as the pipeline does', async () => {
    const { client, orgId, dana } = await salesOrg(context.app);
    for (const [name, amount] of [['Labels', 0.1], ['Pallets', 0.2]] as const) {
      expect((await client.post(`/orgs/${orgId}/opportunities`, { accountName: 'Cedar Pharmacy', name, ownerPersonId: dana, amount })).status).toBe(201);
    }
    const cedar = ((await client.get(`/orgs/${orgId}/accounts`)).body.accounts as AccountBody[]).find((account) => account.name === 'Cedar Pharmacy')!;
    expect([cedar.openDeals, cedar.openAmount, cedar.openDealsWithoutAmount]).toEqual([2, 0.3, 0]);
  });

  it('lets only an admin or the owner change the owner, never to someone who left, and hands it over at a departure', async () => {
    const { client, orgId, kofi, dana } = await salesOrg(context.app);
    const harbor = ((await client.get(`/orgs/${orgId}/accounts`)).body.accounts as AccountBody[])[0]!;
    const member = await inviteClient(context.app, client, orgId, 'member');
    const refused = await member.client.patch(`/orgs/${orgId}/accounts/${harbor.id}`, { isStrategic: true, ownerPersonId: dana });
    expect(refused.status).toBe(403);
    expect(refused.body.error.rule).toBe('account.owner_or_admin');

    const gone = await addPerson(client, orgId, 'Gone Seller');
    expect((await client.post(`/orgs/${orgId}/people/${gone}/departure`, { leftOn: '2026-11-01' })).status).toBe(200);
    const toGone = await client.patch(`/orgs/${orgId}/accounts/${harbor.id}`, { isStrategic: true, ownerPersonId: gone });
    expect(toGone.body.error).toMatchObject({ rule: 'account.owner_left', field: 'body.ownerPersonId' });

    expect((await client.patch(`/orgs/${orgId}/accounts/${harbor.id}`, { isStrategic: true, ownerPersonId: kofi })).status).toBe(200);
    const left = await client.post(`/orgs/${orgId}/people/${kofi}/departure`, { leftOn: '2026-11-20', successorId: dana });
    expect(left.body).toMatchObject({ accountsHandedOver: 1, opportunitiesHandedOver: 1 });
    const after = ((await client.get(`/orgs/${orgId}/accounts`)).body.accounts as AccountBody[])[0]!;
    expect(after).toMatchObject({ isStrategic: true, owner: { id: dana }, drift: [] });
    const handOver = ((await client.get(`/orgs/${orgId}/audit-events`)).body.events as Array<{ action: string; subjectId: string; data: Record<string, unknown> }>)
      .find((event) => event.action === 'account.owner_changed' && event.subjectId === harbor.id && event.data.reason === 'departure');
    expect(handOver?.data).toMatchObject({ fromOwnerPersonId: kofi, toOwnerPersonId: dana });
  });

  it('lets a member who owns an account hand it over, but not unmark it strategic nor leave it with no owner', async () => {
    const { client, orgId, dana } = await salesOrg(context.app);
    const member = await inviteClient(context.app, client, orgId, 'member');
    const seller = await addPerson(client, orgId, 'Sam Seller', { email: member.email });
    const harbor = ((await client.get(`/orgs/${orgId}/accounts`)).body.accounts as AccountBody[])[0]!;
    expect((await client.patch(`/orgs/${orgId}/accounts/${harbor.id}`, { isStrategic: true, ownerPersonId: seller })).status).toBe(200);

    // Dropping the strategic mark would drop the single-threaded rule and the drift flags with it: leadership's call.
    const unmarked = await member.client.patch(`/orgs/${orgId}/accounts/${harbor.id}`, { isStrategic: false });
    expect(unmarked.status).toBe(403);
    expect(unmarked.body.error).toMatchObject({ code: 'forbidden', rule: 'account.strategic_by_admin', field: 'body.isStrategic' });
    const unmarkedAndLeft = await member.client.patch(`/orgs/${orgId}/accounts/${harbor.id}`, { isStrategic: false, ownerPersonId: null });
    expect(unmarkedAndLeft.body.error.rule).toBe('account.strategic_by_admin');
    const after = ((await client.get(`/orgs/${orgId}/accounts`)).body.accounts as AccountBody[])[0]!;
    expect(after).toMatchObject({ isStrategic: true, owner: { id: seller } });

    // A hand-over is theirs to make; after it, the account is no longer theirs to change.
    const handedOver = await member.client.patch(`/orgs/${orgId}/accounts/${harbor.id}`, { isStrategic: true, ownerPersonId: dana });
    expect(handedOver.status).toBe(200);
    expect(handedOver.body.account).toMatchObject({ isStrategic: true, owner: { id: dana } });
    expect((await member.client.patch(`/orgs/${orgId}/accounts/${harbor.id}`, { ownerPersonId: seller })).body.error.rule).toBe('account.owner_or_admin');

    // An owner of an account that is not strategic may not walk away from it either, nor mark it strategic.
    const lakeside = (await client.post(`/orgs/${orgId}/opportunities`, { accountName: 'Lakeside Grocers', name: 'Cold-chain picking', ownerPersonId: seller })).body.opportunity.accountName as string;
    const plain = ((await client.get(`/orgs/${orgId}/accounts`)).body.accounts as AccountBody[]).find((account) => account.name === lakeside)!;
    expect((await client.patch(`/orgs/${orgId}/accounts/${plain.id}`, { ownerPersonId: seller })).status).toBe(200);
    expect((await member.client.patch(`/orgs/${orgId}/accounts/${plain.id}`, { ownerPersonId: null })).body.error).toMatchObject({ rule: 'account.owner_or_admin', field: 'body.ownerPersonId' });
    expect((await member.client.patch(`/orgs/${orgId}/accounts/${plain.id}`, { isStrategic: true })).body.error.rule).toBe('account.strategic_by_admin');
  });

  it('refuses a change made from a stale read of the account (409) instead of undoing the newer one', async () => {
    const { client, orgId, kofi, dana } = await salesOrg(context.app);
    const read = ((await client.get(`/orgs/${orgId}/accounts`)).body.accounts as (AccountBody & { updatedAt: string })[])[0]!;
    const first = await client.patch(`/orgs/${orgId}/accounts/${read.id}`, { isStrategic: true, ownerPersonId: kofi, baseUpdatedAt: read.updatedAt });
    expect(first.status).toBe(200);
    // A second tab, opened before the first save, would put the account back without an owner's choice being seen.
    const stale = await client.patch(`/orgs/${orgId}/accounts/${read.id}`, { isStrategic: true, ownerPersonId: dana, baseUpdatedAt: read.updatedAt });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'conflict', field: 'body.baseUpdatedAt', data: { updatedAt: first.body.account.updatedAt } });
    expect(((await client.get(`/orgs/${orgId}/accounts`)).body.accounts as AccountBody[])[0]!.owner?.id).toBe(kofi);
    expect((await client.patch(`/orgs/${orgId}/accounts/${read.id}`, { ownerPersonId: dana, baseUpdatedAt: first.body.account.updatedAt })).status).toBe(200);
    // A departure's hand-over counts as a change too.
    const handed = ((await client.get(`/orgs/${orgId}/accounts`)).body.accounts as (AccountBody & { updatedAt: string })[])[0]!;
    expect((await client.post(`/orgs/${orgId}/people/${dana}/departure`, { leftOn: '2026-11-20', successorId: kofi })).status).toBe(200);
    expect((await client.patch(`/orgs/${orgId}/accounts/${read.id}`, { isStrategic: false, baseUpdatedAt: handed.updatedAt })).status).toBe(409);
    expect((await client.patch(`/orgs/${orgId}/accounts/${read.id}`, { baseUpdatedAt: 'yesterday' })).body.error.field).toBe('body.baseUpdatedAt');
  });

  it('counts as owner churn only hand-overs from one owner to another, not the first owner named', async () => {
    const { client, orgId, kofi, dana } = await salesOrg(context.app);
    const lakeside = await client.post(`/orgs/${orgId}/opportunities`, { accountName: 'Lakeside Grocers', name: 'Cold-chain picking', ownerPersonId: kofi });
    expect(lakeside.status).toBe(201);
    const account = () => client.get(`/orgs/${orgId}/accounts`).then((answer) => (answer.body.accounts as AccountBody[]).find((candidate) => candidate.name === 'Lakeside Grocers')!);
    const { id } = await account();
    // An owner named on a plain account, taken away, and named again: no hand-over yet.
    expect((await client.patch(`/orgs/${orgId}/accounts/${id}`, { ownerPersonId: dana })).status).toBe(200);
    expect((await client.patch(`/orgs/${orgId}/accounts/${id}`, { ownerPersonId: null })).status).toBe(200);
    expect((await client.patch(`/orgs/${orgId}/accounts/${id}`, { isStrategic: true, ownerPersonId: kofi })).status).toBe(200);
    expect((await account()).drift).toEqual([]);
    // Two hand-overs are below the flag; the third raises it, counting three.
    for (const owner of [dana, kofi]) expect((await client.patch(`/orgs/${orgId}/accounts/${id}`, { ownerPersonId: owner })).status).toBe(200);
    expect((await account()).drift).toEqual([]);
    expect((await client.patch(`/orgs/${orgId}/accounts/${id}`, { ownerPersonId: dana })).status).toBe(200);
    expect((await account()).drift).toEqual([
      { kind: 'owner_churn', count: 3, message: 'Its owner changed 3 times in the last 90 days.' },
      // The deal is Kofi's, the account Dana's.
      { kind: 'deals_elsewhere', count: 1, message: '1 open deal is owned by someone other than its owner: Cold-chain picking (Kofi Mensah).' },
    ]);
  });

  it('flags a strategic account that many hands work, whose owner keeps changing, or whose owner holds too many', async () => {
    const { client, orgId, kofi, dana, base } = await salesOrg(context.app);
    const harbor = ((await client.get(`/orgs/${orgId}/accounts`)).body.accounts as AccountBody[])[0]!;
    expect((await client.patch(`/orgs/${orgId}/accounts/${harbor.id}`, { isStrategic: true, ownerPersonId: dana })).status).toBe(200);
    // Hand-overs within the window: Dana to Kofi, back to Dana, to Kofi, and to Dana again.
    for (const owner of [kofi, dana, kofi, dana]) await client.patch(`/orgs/${orgId}/accounts/${harbor.id}`, { ownerPersonId: owner });
    // Three members other than the owner change its deal.
    for (let i = 0; i < 3; i++) {
      const { client: other } = await inviteClient(context.app, client, orgId, 'admin');
      expect((await other.patch(base, { amount: 250000 + i })).status).toBe(200);
    }
    const flagged = ((await client.get(`/orgs/${orgId}/accounts`)).body.accounts as AccountBody[])[0]!;
    // The signing-up admin changed it too (setting the owner is not a change of its deals; creating the deal is).
    expect(flagged.drift.map((flag) => flag.kind)).toEqual(['many_hands', 'owner_churn', 'deals_elsewhere']);
    expect(flagged.drift[0]!.count).toBe(4);
    expect(flagged.drift[1]!.count).toBe(4);

    // Seven strategic accounts for one owner is more than one person carries.
    for (let i = 0; i < 6; i++) await client.post(`/orgs/${orgId}/opportunities`, { accountName: `Account ${i}`, name: 'Pilot', ownerPersonId: kofi });
    const accounts = (await client.get(`/orgs/${orgId}/accounts`)).body.accounts as AccountBody[];
    for (const account of accounts.filter((candidate) => candidate.name.startsWith('Account '))) {
      expect((await client.patch(`/orgs/${orgId}/accounts/${account.id}`, { isStrategic: true, ownerPersonId: kofi })).status).toBe(200);
    }
    const overloaded = ((await client.get(`/orgs/${orgId}/accounts`)).body.accounts as AccountBody[]).filter((account) => account.owner?.id === kofi);
    expect(overloaded).toHaveLength(6);
    expect(overloaded.every((account) => account.drift.length === 0)).toBe(true);
    await client.patch(`/orgs/${orgId}/accounts/${harbor.id}`, { ownerPersonId: kofi });
    const seventh = ((await client.get(`/orgs/${orgId}/accounts`)).body.accounts as AccountBody[]).find((account) => account.name === 'Account 0')!;
    expect(seventh.drift).toEqual([expect.objectContaining({ kind: 'owner_overloaded', count: 7 })]);
  });

  it('counts the hands on a deal for the account it was under when they worked it, not the one it moved to', async () => {
    const { client, orgId, kofi, base } = await salesOrg(context.app);
    expect((await client.post(`/orgs/${orgId}/opportunities`, { accountName: 'Lakeside Grocers', name: 'Cold-chain picking', ownerPersonId: kofi })).status).toBe(201);
    const accounts = async () => (await client.get(`/orgs/${orgId}/accounts`)).body.accounts as AccountBody[];
    const named = async (name: string) => (await accounts()).find((account) => account.name === name)!;
    for (const account of await accounts()) expect((await client.patch(`/orgs/${orgId}/accounts/${account.id}`, { isStrategic: true, ownerPersonId: kofi })).status).toBe(200);
    const others = await Promise.all([0, 1, 2].map(async () => (await inviteClient(context.app, client, orgId, 'admin')).client));
    // Three people besides Kofi work the Harbor Foods deal (the signing-up admin created it: four hands)…
    for (const [i, other] of others.entries()) expect((await other.patch(base, { amount: 250000 + i })).status).toBe(200);
    // …then it moves to Lakeside Grocers, whose own deal only the signing-up admin has touched.
    expect((await client.patch(base, { accountName: 'Lakeside Grocers' })).status).toBe(200);
    expect((await named('Harbor Foods')).drift).toEqual([{ kind: 'many_hands', count: 4, message: '4 people besides its owner changed its deals in the last 90 days.' }]);
    // The move itself is work done on Harbor Foods' deal; counted by the deal's account now, Lakeside read 4 hands, Harbor none.
    expect((await named('Lakeside Grocers')).drift).toEqual([]);
    // Work done after the move counts for Lakeside.
    for (const [i, other] of others.entries()) expect((await other.patch(base, { amount: 260000 + i })).status).toBe(200);
    expect((await named('Lakeside Grocers')).drift).toEqual([{ kind: 'many_hands', count: 4, message: '4 people besides its owner changed its deals in the last 90 days.' }]);
    expect((await named('Harbor Foods')).drift.map((flag) => flag.count)).toEqual([4]);
  });
});
