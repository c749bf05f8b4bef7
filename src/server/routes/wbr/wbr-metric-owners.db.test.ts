import { describe, expect, it } from 'vitest';
import type { ApiClient } from '../../../../test/support/test-app.js';
import { inviteClient, signUpClient, useTestApp } from '../../../../test/support/test-app.js';
import { FULFILMENT_CONFIG } from '../../../../test/support/wbr-review-fixture.js';

const context = useTestApp();

async function addPerson(client: ApiClient, orgId: string, name: string, userId?: string): Promise<string> {
  const response = await client.post(`/orgs/${orgId}/people`, { name, email: `${name.toLowerCase().replace(/\s+/g, '.')}@example.test`, role: 'Engineer', level: 5, ...(userId && { userId }) });
  if (response.status !== 201) throw new Error(`adding ${name} failed: ${JSON.stringify(response.body)}`);
  return response.body.person.id;
}

// The fixture judges "Late deliveries" down-is-good, as its catalog metric does; this config says the opposite.
const UP_IS_GOOD = FULFILMENT_CONFIG.replace('good_direction: down', 'good_direction: up');
// The metric's own lines start after its key: the line the config reader gives it.
const UP_IS_GOOD_LINE = FULFILMENT_CONFIG.split('\n').findIndex((line) => line.trim() === 'Late deliveries:') + 2;

/**
 * A deck owned by Dana over "Late deliveries", a catalog metric owned by Kofi (a member), and "Orders shipped", which
 * the catalog does not know; Sam is another member.
 */
async function reviewOrg() {
  const { client: admin, orgId } = await signUpClient(context.app);
  const kofiLogin = await inviteClient(context.app, admin, orgId, 'member');
  const samLogin = await inviteClient(context.app, admin, orgId, 'member');
  const kofi = await addPerson(admin, orgId, 'Kofi Mensah', kofiLogin.userId);
  await addPerson(admin, orgId, 'Sam Okafor', samLogin.userId);
  const dana = await addPerson(admin, orgId, 'Dana Whitfield');
  const catalog = await admin.post(`/orgs/${orgId}/metrics`, { name: 'Late deliveries', definition: 'Orders delivered after the promised day, by delivery date.', kind: 'input', controllable: true, ownerPersonId: kofi, goodDirection: 'down' });
  expect(catalog.status).toBe(201);
  const created = await admin.post(`/orgs/${orgId}/wbr/decks`, { name: 'Fulfilment', ownerPersonId: dana, config: FULFILMENT_CONFIG });
  expect(created.status).toBe(201);
  return { admin, orgId, dana, kofi: kofiLogin.client, sam: samLogin.client, deckPath: `/orgs/${orgId}/wbr/decks/${created.body.deck.id as string}` };
}

describe('a config judging a catalog metric against its direction', () => {
  it('is refused to a member who does not own the metric, naming the line, the metric and its owner', async () => {
    const { sam, deckPath } = await reviewOrg();
    const refused = await sam.patch(deckPath, { config: UP_IS_GOOD });
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({ code: 'forbidden', field: 'config', line: UP_IS_GOOD_LINE });
    expect(refused.body.error.message).toBe(
      `Line ${UP_IS_GOOD_LINE} (metrics.Late deliveries): good_direction up goes against the catalog's "Late deliveries", which says down is good; only its owner (Kofi Mensah) or an admin may have the review judge it the other way. Remove good_direction to use the catalog's, or ask its owner.`,
    );
    // Nothing was saved: the deck still judges the metric as its owner does.
    const deck = (await sam.get(deckPath)).body.deck;
    expect(deck.config).toBe(FULFILMENT_CONFIG);
    expect(deck.metrics[0]).toMatchObject({ name: 'Late deliveries', goodDirection: 'down', goodDirectionConflict: null });
  });

  it('is refused in a new deck too, and nothing is created', async () => {
    const { sam, orgId } = await reviewOrg();
    const refused = await sam.post(`/orgs/${orgId}/wbr/decks`, { name: 'Quiet deck', config: UP_IS_GOOD });
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({ code: 'forbidden', field: 'config', line: UP_IS_GOOD_LINE });
    const decks = (await sam.get(`/orgs/${orgId}/wbr/decks`)).body.decks as Array<{ name: string }>;
    expect(decks.map((deck) => deck.name)).toEqual(['Fulfilment']);
  });

  it('is taken from the metric\'s owner, and a disagreement already saved survives a colleague\'s other edits', async () => {
    const { kofi, sam, deckPath } = await reviewOrg();
    const saved = await kofi.patch(deckPath, { config: UP_IS_GOOD });
    expect(saved.status).toBe(200);
    expect(saved.body.deck.metrics[0]).toMatchObject({ goodDirection: 'up', goodDirectionFrom: 'config', goodDirectionConflict: expect.stringContaining('says down') });
    // Sam retitles the deck: the direction Kofi chose is kept, not a new disagreement of Sam's.
    const retitled = await sam.patch(deckPath, { config: UP_IS_GOOD.replace('title: Fulfilment WBR', 'title: Fulfilment review') });
    expect(retitled.status).toBe(200);
  });

  it('leaves every member free to agree with the catalog or defer to it', async () => {
    const { sam, deckPath } = await reviewOrg();
    const deferring = await sam.patch(deckPath, { config: FULFILMENT_CONFIG.replace(/\n\s+good_direction: down/, '') });
    expect(deferring.status).toBe(200);
    expect(deferring.body.deck.metrics[0]).toMatchObject({ goodDirection: 'down', goodDirectionFrom: 'catalog' });
    expect((await sam.patch(deckPath, { config: FULFILMENT_CONFIG })).status).toBe(200);
  });

  it('is an admin\'s to set on any deck', async () => {
    const { admin, deckPath } = await reviewOrg();
    expect((await admin.patch(deckPath, { config: UP_IS_GOOD })).status).toBe(200);
  });
});

describe('alerts on a metric of the deck', () => {
  const lateAlert = { metric: 'Late deliveries', wow: 50, yoy: null };
  const ordersAlert = { metric: 'Orders shipped', wow: 20, yoy: 10 };

  it('are set by the metric\'s owner, and refused to a member who answers for neither the metric nor the deck', async () => {
    const { kofi, sam, deckPath } = await reviewOrg();
    const refused = await sam.patch(deckPath, { alerts: [lateAlert] });
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({ code: 'forbidden', field: 'alerts.0', message: 'Only the owner of "Late deliveries" (Kofi Mensah), the deck\'s owner or an admin may change the alerts on "Late deliveries".' });
    expect((await kofi.patch(deckPath, { alerts: [lateAlert] })).status).toBe(200);
    // Clearing Kofi's alert is changing it too; sending it back as it is changes nothing of his.
    const cleared = await sam.patch(deckPath, { alerts: [] });
    expect(cleared.status).toBe(403);
    expect(cleared.body.error).toMatchObject({ field: 'alerts' });
    expect((await sam.patch(deckPath, { alerts: [lateAlert] })).status).toBe(200);
    expect((await sam.get(deckPath)).body.deck.alerts).toEqual([lateAlert]);
  });

  it('on a metric the catalog does not know are the deck owner\'s, or anyone\'s when the deck has no owner', async () => {
    const { admin, orgId, sam, deckPath } = await reviewOrg();
    const refused = await sam.patch(deckPath, { alerts: [ordersAlert] });
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({ field: 'alerts.0', message: 'Only the deck\'s owner or an admin may change the alerts on "Orders shipped".' });
    expect((await admin.patch(deckPath, { alerts: [ordersAlert] })).status).toBe(200);
    const unowned = (await admin.post(`/orgs/${orgId}/wbr/decks`, { name: 'Unowned', ownerPersonId: null, config: FULFILMENT_CONFIG })).body.deck.id as string;
    expect((await sam.patch(`/orgs/${orgId}/wbr/decks/${unowned}`, { alerts: [ordersAlert] })).status).toBe(200);
  });
});
