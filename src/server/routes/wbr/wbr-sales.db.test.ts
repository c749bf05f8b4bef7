import { describe, expect, it } from 'vitest';
import { SALES_DECK_METRICS } from '../../../domain/sales/sales-kpis.js';
import { inviteClient, signUpClient, useTestApp } from '../../../../test/support/test-app.js';
import { FULFILMENT_CONFIG } from '../../../../test/support/wbr-review-fixture.js';

const context = useTestApp();

/** An org with a seller and two opportunities, one of them won today. */
async function salesOrg() {
  const { client, orgId } = await signUpClient(context.app);
  const person = await client.post(`/orgs/${orgId}/people`, { name: 'Kofi Mensah', email: 'kofi@example.test', role: 'Account executive', level: 6 });
  expect(person.status).toBe(201);
  const ownerPersonId = person.body.person.id as string;
  const won = await client.post(`/orgs/${orgId}/opportunities`, { accountName: 'Harbor Foods', name: 'Same-day fulfilment', ownerPersonId, amount: 240000 });
  expect(won.status).toBe(201);
  await client.post(`/orgs/${orgId}/opportunities`, { accountName: 'Acme Grocers', name: 'Returns robots', ownerPersonId, amount: 50000 });
  // Won without walking the gates: the deck reads the stage and its day, not how it got there.
  await context.database.db.updateTable('opportunities').set({ stage: 'won' }).where('id', '=', won.body.opportunity.id).execute();
  return { client, orgId, ownerPersonId };
}

describe('the sales pipeline in the weekly business review', () => {
  it('creates a deck over the pipeline with its data up to today, publishable at once, and refreshes its data', async () => {
    const { client, orgId, ownerPersonId } = await salesOrg();
    const created = await client.post(`/orgs/${orgId}/wbr/decks/from-sales`, { name: 'Sales pipeline', ownerPersonId });
    expect(created.status).toBe(201);
    const deck = created.body.deck;
    const today = new Date().toISOString().slice(0, 10);
    expect(deck).toMatchObject({ name: 'Sales pipeline', owner: { id: ownerPersonId }, data: { lastDate: today }, publishNote: null });
    expect(deck.metrics.map((metric: { name: string }) => metric.name)).toEqual(expect.arrayContaining([...SALES_DECK_METRICS]));
    expect(deck.data.fileName).toBe(`sales-pipeline-${today}.csv`);
    expect(deck.data.rows).toBeGreaterThanOrEqual(7);

    const published = await client.post(`/orgs/${orgId}/wbr/decks/${deck.id}/snapshots`, {});
    expect(published.status).toBe(201);
    expect(published.body.snapshot.weekEnding).toBe(deck.nextWeekEnding);

    const refreshed = await client.put(`/orgs/${orgId}/wbr/decks/${deck.id}/data/from-sales`, {});
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.deck.data).toMatchObject({ lastDate: today, rows: deck.data.rows });
    const events = (await client.get(`/orgs/${orgId}/audit-events`)).body.events.map((event: { action: string }) => event.action);
    expect(events.filter((action: string) => action === 'wbr_deck.data_uploaded')).toHaveLength(2);

    const clash = await client.post(`/orgs/${orgId}/wbr/decks/from-sales`, { name: 'sales PIPELINE' });
    expect(clash.status).toBe(409);
    expect(clash.body.error.field).toBe('body.name');
  });

  it('refuses to refresh a deck whose config reads other columns, naming the missing one, and keeps its data', async () => {
    const { client, orgId } = await salesOrg();
    const other = await client.post(`/orgs/${orgId}/wbr/decks`, { name: 'Fulfilment', config: FULFILMENT_CONFIG });
    expect(other.status).toBe(201);
    const refused = await client.put(`/orgs/${orgId}/wbr/decks/${other.body.deck.id}/data/from-sales`, {});
    expect(refused.status).toBe(400);
    // The config reads a column the sales CSV lacks: the engine's config check says which.
    expect(refused.body.error.code).toBe('invalid_config');
    expect(refused.body.error.message).toContain('late');
    expect((await client.get(`/orgs/${orgId}/wbr/decks/${other.body.deck.id}`)).body.deck.data).toBeNull();
    const missing = await client.put(`/orgs/${orgId}/wbr/decks/00000000-0000-4000-8000-000000000000/data/from-sales`, {});
    expect(missing.status).toBe(404);
  });

  it('is made for a member when the catalog judges one of its metrics the other way: the deck reads the catalog\'s way', async () => {
    const { client, orgId, ownerPersonId } = await salesOrg();
    // The catalog's "Deals lost" (Kofi's) counts lost deals as good news, against the generated deck's default.
    const metric = await client.post(`/orgs/${orgId}/metrics`, { name: 'Deals lost', definition: 'Deals closed lost, counted on the day they closed.', kind: 'output', ownerPersonId, goodDirection: 'up' });
    expect(metric.status).toBe(201);
    const { client: member } = await inviteClient(context.app, client, orgId, 'member');
    const created = await member.post(`/orgs/${orgId}/wbr/decks/from-sales`, { name: 'Sales pipeline' });
    expect(created.status).toBe(201);
    const lost = created.body.deck.metrics.find((entry: { name: string }) => entry.name === 'Deals lost');
    expect(lost).toMatchObject({ goodDirection: 'up', goodDirectionFrom: 'catalog', goodDirectionConflict: null });
    // Metrics the catalog has no direction for keep the generated config's.
    expect(created.body.deck.metrics.find((entry: { name: string }) => entry.name === 'Deals won')).toMatchObject({ goodDirection: 'up', goodDirectionFrom: 'config' });
  });

  it('needs the rights to build the review and to read sales: recruiters get 403 and nothing is made', async () => {
    const { client, orgId } = await salesOrg();
    const deck = (await client.post(`/orgs/${orgId}/wbr/decks/from-sales`, { name: 'Sales pipeline' })).body.deck;
    const { client: recruiter } = await inviteClient(context.app, client, orgId, 'recruiter');
    const create = await recruiter.post(`/orgs/${orgId}/wbr/decks/from-sales`, { name: 'Mine' });
    expect(create.status).toBe(403);
    expect(create.body.error.code).toBe('forbidden');
    expect((await recruiter.put(`/orgs/${orgId}/wbr/decks/${deck.id}/data/from-sales`, {})).status).toBe(403);
    const names = (await client.get(`/orgs/${orgId}/wbr/decks`)).body.decks.map((summary: { name: string }) => summary.name);
    expect(names).toEqual(['Sales pipeline']);
    const { client: member } = await inviteClient(context.app, client, orgId, 'member');
    expect((await member.put(`/orgs/${orgId}/wbr/decks/${deck.id}/data/from-sales`, {})).status).toBe(200);
    expect((await client.post(`/orgs/${orgId}/wbr/decks/from-sales`, { name: '' })).status).toBe(400);
  });
});
