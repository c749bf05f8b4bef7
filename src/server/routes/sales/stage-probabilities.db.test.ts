import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportOrg } from '../../../services/org-transfer/export-org.service.js';
import { importOrg } from '../../../services/org-transfer/import-org.service.js';
import { loadStageProbabilities } from '../../../services/sales/stage-probabilities.service.js';
import { addPerson } from '../../../../test/support/sales-fixture.js';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/test-database.js';
import { inviteClient, signUpClient, useTestApp, type ApiClient } from '../../../../test/support/test-app.js';

const context = useTestApp();

/**
 * Stage probabilities over the API: Pulse's defaults until an admin changes them, each open deal and the pipeline
 * weighted by them, the forecast of this month and quarter, only admins changing them, bad values refused naming the
 * stage, and the setting moving with the org.
 */

const todayText = new Date().toISOString().slice(0, 10);

/** An org with one seller and no deal yet. */
async function sellerOrg() {
  const { client, orgId } = await signUpClient(context.app);
  const seller = await addPerson(client, orgId, 'Kofi Mensah');
  return { client, orgId, seller };
}

async function openDeal(client: ApiClient, orgId: string, seller: string, name: string, fields: { amount: number | null; closeDate: string | null }): Promise<string> {
  const created = await client.post(`/orgs/${orgId}/opportunities`, { accountName: 'Harbor Foods', name, ownerPersonId: seller, ...fields });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body.opportunity.id;
}

/** Puts a deal at a stage without walking its gates (the weighting reads only the stage). */
async function setStage(id: string, stage: 'solution' | 'proposal' | 'won'): Promise<void> {
  await context.database.db.updateTable('opportunities').set({ stage, stage_changed_at: sql<Date>`now()` }).where('id', '=', id).execute();
}

describe('stage probabilities', () => {
  it('reads Pulse\'s defaults until an admin sets the org\'s own, which weight each open deal, the pipeline and the forecast, audited', async () => {
    const { client, orgId, seller } = await sellerOrg();
    const initial = await client.get(`/orgs/${orgId}/stage-probabilities`);
    expect(initial.status).toBe(200);
    expect(initial.body.stageProbabilities).toEqual({ probabilities: { discovery: 10, solution: 30, proposal: 60, won: 100, lost: 0 }, isDefault: true, editToken: expect.any(String) });

    const proposal = await openDeal(client, orgId, seller, 'Dock scheduling', { amount: 100000, closeDate: todayText });
    await setStage(proposal, 'proposal');
    await openDeal(client, orgId, seller, 'Pick to light', { amount: 20000, closeDate: todayText });
    await openDeal(client, orgId, seller, 'Voice picking', { amount: null, closeDate: todayText });
    await openDeal(client, orgId, seller, 'Someday', { amount: 5000, closeDate: null });
    const won = await openDeal(client, orgId, seller, 'Cold chain', { amount: 40000, closeDate: todayText });
    await setStage(won, 'won');

    const set = await client.put(`/orgs/${orgId}/stage-probabilities`, { discovery: 20, solution: 35, proposal: 75, won: 100, lost: 0 });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect(set.body.stageProbabilities).toEqual({ probabilities: { discovery: 20, solution: 35, proposal: 75, won: 100, lost: 0 }, isDefault: false, editToken: expect.any(String) });

    const list = await client.get(`/orgs/${orgId}/opportunities`);
    expect(list.body.stageProbabilities).toEqual({ discovery: 20, solution: 35, proposal: 75, won: 100, lost: 0 });
    const weighted = Object.fromEntries((list.body.opportunities as Array<{ name: string; weightedAmount: number | null }>).map((deal) => [deal.name, deal.weightedAmount]));
    expect(weighted).toEqual({ 'Dock scheduling': 75000, 'Pick to light': 4000, 'Voice picking': null, Someday: 1000, 'Cold chain': null });
    expect((await client.get(`/orgs/${orgId}/opportunities/${proposal}`)).body.opportunity.weightedAmount).toBe(75000);

    const kpis = (await client.get(`/orgs/${orgId}/opportunities/kpis`)).body.kpis;
    expect(kpis.pipelineByStage.discovery).toEqual({ deals: 3, amount: 25000, weightedAmount: 5000, dealsWithoutAmount: 1 });
    expect(kpis.pipelineByStage.proposal).toEqual({ deals: 1, amount: 100000, weightedAmount: 75000, dealsWithoutAmount: 0 });

    const forecast = await client.get(`/orgs/${orgId}/opportunities/forecast`);
    expect(forecast.status).toBe(200);
    for (const period of ['month', 'quarter'] as const) {
      expect(forecast.body.forecast[period]).toMatchObject({
        period,
        committed: { deals: 1, amount: 40000 },
        open: { deals: 3, amount: 120000, weightedAmount: 79000, dealsWithoutAmount: 1 },
        weighted: 119000, // 40,000 won + 75% of 100,000 + 20% of 20,000
        bestCase: 160000,
      });
    }
    expect(forecast.body.forecast).toMatchObject({ asOf: todayText, probabilities: { proposal: 75 }, openDealsWithoutCloseDate: 1 });

    const events = (await client.get(`/orgs/${orgId}/audit-events`)).body.events as Array<{ action: string; data: Record<string, unknown> }>;
    const changes = events.filter((event) => event.action === 'stage_probabilities.changed');
    expect(changes.map((event) => event.data)).toEqual([{ probabilities: { discovery: 20, solution: 35, proposal: 75 }, previous: { discovery: 10, solution: 30, proposal: 60 } }]);
    // The same values again change nothing and write no second audit row.
    expect((await client.put(`/orgs/${orgId}/stage-probabilities`, { discovery: 20, solution: 35, proposal: 75 })).status).toBe(200);
    const again = (await client.get(`/orgs/${orgId}/audit-events`)).body.events as Array<{ action: string }>;
    expect(again.filter((event) => event.action === 'stage_probabilities.changed')).toHaveLength(1);
  });

  it('is changed by admins only: a member reads it but is refused a change, and a recruiter sees nothing', async () => {
    const { client, orgId } = await sellerOrg();
    const { client: member } = await inviteClient(context.app, client, orgId, 'member');
    const refused = await member.put(`/orgs/${orgId}/stage-probabilities`, { discovery: 50, solution: 70, proposal: 90 });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('forbidden');
    const read = await member.get(`/orgs/${orgId}/stage-probabilities`);
    expect(read.status).toBe(200);
    expect(read.body.stageProbabilities).toMatchObject({ probabilities: { discovery: 10, solution: 30, proposal: 60 }, isDefault: true });
    expect((await member.get(`/orgs/${orgId}/opportunities/forecast`)).status).toBe(200);
    const { client: recruiter } = await inviteClient(context.app, client, orgId, 'recruiter');
    expect((await recruiter.get(`/orgs/${orgId}/stage-probabilities`)).status).toBe(403);
    expect((await recruiter.get(`/orgs/${orgId}/opportunities/forecast`)).status).toBe(403);
  });

  it('refuses a bad value naming the stage, and a won or lost probability other than 100 and 0, saving nothing', async () => {
    const { client, orgId } = await sellerOrg();
    const bad = async (body: unknown, field: string, message?: RegExp) => {
      const response = await client.put(`/orgs/${orgId}/stage-probabilities`, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.error, JSON.stringify(body)).toMatchObject({ code: 'validation_failed', field });
      if (message) expect(response.body.error.message).toMatch(message);
    };
    await bad({ discovery: 10, solution: 30, proposal: 150 }, 'body.proposal', /^proposal: the probability must be a whole percent from 0 to 100, not 150\.$/);
    await bad({ discovery: -5, solution: 30, proposal: 60 }, 'body.discovery');
    await bad({ discovery: 10, solution: 33.5, proposal: 60 }, 'body.solution');
    await bad({ discovery: 10, solution: 30, proposal: 60, won: 90 }, 'body.won', /always 100%/);
    await bad({ discovery: 10, solution: 30, proposal: 60, lost: 10 }, 'body.lost', /always 0%/);
    await bad({ discovery: '10', solution: 30, proposal: 60 }, 'body.discovery');
    await bad({ discovery: 10, proposal: 60 }, 'body.solution');
    await bad({ discovery: 10, solution: 30, proposal: 60, negotiation: 80 }, 'body');
    expect((await client.get(`/orgs/${orgId}/stage-probabilities`)).body.stageProbabilities.isDefault).toBe(true);
  });

  it('refuses a change made from a stale read (baseToken), naming what the other admin set, instead of overwriting it', async () => {
    const { client, orgId } = await sellerOrg();
    const path = `/orgs/${orgId}/stage-probabilities`;
    // Two sales leaders open the defaults.
    const read = (await client.get(path)).body.stageProbabilities;
    expect(read.editToken).toEqual(expect.any(String));
    const first = await client.put(path, { discovery: 20, solution: 40, proposal: 70, baseToken: read.editToken });
    expect(first.status).toBe(200);
    expect(first.body.stageProbabilities.editToken).not.toBe(read.editToken);
    // The second, on the read of the defaults, would undo the first unseen.
    const stale = await client.put(path, { discovery: 5, solution: 30, proposal: 60, baseToken: read.editToken });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'conflict', field: 'body.baseToken', data: { token: first.body.stageProbabilities.editToken } });
    expect(stale.body.error.message).toBe('Someone changed the stage probabilities after you opened them: they are now Discovery 20% · Solution 40% · Proposal 70%. Yours were not saved.');
    expect((await client.get(path)).body.stageProbabilities.probabilities).toMatchObject({ discovery: 20, solution: 40, proposal: 70 });
    // Saving what is already stored is no change, so no refusal; on the current read the change goes through, and a script sending no token is not checked.
    expect((await client.put(path, { discovery: 20, solution: 40, proposal: 70, baseToken: read.editToken })).status).toBe(200);
    expect((await client.put(path, { discovery: 5, solution: 30, proposal: 60, baseToken: first.body.stageProbabilities.editToken })).status).toBe(200);
    expect((await client.put(path, { discovery: 15, solution: 30, proposal: 60 })).body.stageProbabilities.probabilities.discovery).toBe(15);
    const changes = (await client.get(`/orgs/${orgId}/audit-events?action=stage_probabilities.changed`)).body.events;
    expect(changes).toHaveLength(3);
  });

  it('lets only one of two first changes made at once from the defaults through: the other is refused, not lost', async () => {
    const { client, orgId } = await sellerOrg();
    const path = `/orgs/${orgId}/stage-probabilities`;
    const read = (await client.get(path)).body.stageProbabilities;
    // Before an org's first change there is no row of its own to lock: both would read the defaults and both be saved.
    const answers = await Promise.all([
      client.put(path, { discovery: 20, solution: 40, proposal: 70, baseToken: read.editToken }),
      client.put(path, { discovery: 5, solution: 25, proposal: 55, baseToken: read.editToken }),
    ]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409]);
    const saved = answers.find((answer) => answer.status === 200)!.body.stageProbabilities.probabilities;
    expect((await client.get(path)).body.stageProbabilities.probabilities).toEqual(saved);
    expect((await client.get(`/orgs/${orgId}/audit-events?action=stage_probabilities.changed`)).body.events).toHaveLength(1);
  });

  describe('moving an org', () => {
    let target: TestDatabase;
    beforeAll(async () => {
      target = await createTestDatabase();
    });
    afterAll(async () => target?.drop());

    it('carries the org\'s stage probabilities in its export and import', async () => {
      const { client, orgId } = await sellerOrg();
      expect((await client.put(`/orgs/${orgId}/stage-probabilities`, { discovery: 5, solution: 45, proposal: 85 })).status).toBe(200);
      const exported = await exportOrg(context.database.db, orgId, 'test');
      expect(exported.tables.sales_stage_probabilities).toEqual([expect.objectContaining({ org_id: orgId, discovery: 5, solution: 45, proposal: 85 })]);
      await importOrg(target.db, exported, { file: 'org.json' });
      const moved = await target.db.selectFrom('sales_stage_probabilities').select(['discovery', 'solution', 'proposal']).where('org_id', '=', orgId).execute();
      expect(moved).toEqual([{ discovery: 5, solution: 45, proposal: 85 }]);
      // The moved org reads them as its own, not the defaults.
      expect(await loadStageProbabilities(target.db, orgId)).toEqual({ probabilities: { discovery: 5, solution: 45, proposal: 85, won: 100, lost: 0 }, isDefault: false, editToken: expect.any(String) });
    });
  });
});
