import { describe, expect, it } from 'vitest';
import { addPerson, salesOrg as salesFixtureOrg } from '../../../../test/support/sales-fixture.js';
import { ApiClient, inviteClient, useTestApp } from '../../../../test/support/test-app.js';
import { duringDeparture } from '../../../../test/support/departure-race.js';

const context = useTestApp();

/** An org with an admin and two sellers, and one opportunity in discovery owned by the first. */
const salesOrg = () => salesFixtureOrg(context.app);

const pressRelease = {
  headline: 'Harbor Foods ships every fresh order the day it is placed',
  problem: '"We miss the evening trucks every week," says the operations lead.',
  outcome: 'Same-day shipments rose from 61% to 97% within 12 months.',
  quote: '"We stopped apologising to our stores," says Ana Ruiz, COO.',
};
const criterion = { metric: 'Orders shipped the same day', baseline: '61%', target: '97%', dueOn: '2027-11-30' };

/** Writes what discovery needs: the press release and one complete criterion. */
async function completeDiscovery(client: ApiClient, base: string) {
  expect((await client.put(`${base}/press-release`, pressRelease)).status).toBe(200);
  const added = await client.post(`${base}/success-criteria`, criterion);
  expect(added.status).toBe(201);
  return added.body.opportunity.successCriteria[0].id as string;
}

describe('opportunities and their discovery record', () => {
  it('opens an opportunity in discovery, writes its record, and moves it to won through every gate, audited', async () => {
    const { client, orgId, kofi, id, base } = await salesOrg();
    const opened = (await client.get(base)).body.opportunity;
    expect(opened).toMatchObject({ accountName: 'Harbor Foods', name: 'Same-day fulfilment', owner: { id: kofi, name: 'Kofi Mensah' }, stage: 'discovery', amount: 240000, closeDate: '2027-03-31', successCriteria: [], objections: [] });

    await completeDiscovery(client, base);
    expect((await client.post(`${base}/moves`, { to: 'solution' })).body.opportunity.stage).toBe('solution');
    const objection = await client.post(`${base}/objections`, { question: 'Does it work with our warehouse system?' });
    expect(objection.status).toBe(201);
    const objectionId = objection.body.opportunity.objections[0].id;
    expect(objection.body.opportunity.objections[0]).toMatchObject({ status: 'open', answer: '' });
    const answered = await client.patch(`${base}/objections/${objectionId}`, { answer: 'Yes: we read its pick lists every minute.', status: 'answered' });
    expect(answered.body.opportunity.objections[0].status).toBe('answered');
    expect((await client.post(`${base}/moves`, { to: 'proposal' })).body.opportunity.stage).toBe('proposal');
    // Won today, though it was expected on 2027-03-31: a closed deal's close date is the day it closed.
    const won = (await client.post(`${base}/moves`, { to: 'won' })).body.opportunity;
    const today = new Date().toISOString().slice(0, 10);
    expect(won).toMatchObject({ stage: 'won', closeDate: today });

    const events = (await client.get(`/orgs/${orgId}/audit-events`)).body.events.filter((event: { action: string }) => event.action.startsWith('opportunity.'));
    expect(events.map((event: { action: string }) => event.action).reverse()).toEqual([
      'opportunity.created',
      'opportunity.press_release_saved',
      'opportunity.criterion_added',
      'opportunity.stage_changed',
      'opportunity.objection_added',
      'opportunity.objection_changed',
      'opportunity.stage_changed',
      'opportunity.stage_changed',
    ]);
    expect(events[0]).toMatchObject({ subjectId: id, data: { name: 'Same-day fulfilment', accountName: 'Harbor Foods', from: 'proposal', to: 'won', closeDate: today } });
    expect(events[1].data.closeDate).toBeUndefined();
  });

  it('lists by account with counts by stage, filtered by stage and owner', async () => {
    const { client, orgId, dana, base } = await salesOrg();
    await client.post(`/orgs/${orgId}/opportunities`, { accountName: 'Acme Grocers', name: 'Returns robots', ownerPersonId: dana });
    await completeDiscovery(client, base);
    await client.post(`${base}/moves`, { to: 'solution' });

    const all = (await client.get(`/orgs/${orgId}/opportunities`)).body;
    expect(all.opportunities.map((opportunity: { accountName: string }) => opportunity.accountName)).toEqual(['Acme Grocers', 'Harbor Foods']);
    expect(all.countsByStage).toEqual({ discovery: 1, solution: 1, proposal: 0, won: 0, lost: 0 });
    const inSolution = (await client.get(`/orgs/${orgId}/opportunities?stage=solution`)).body;
    expect(inSolution.opportunities.map((opportunity: { name: string }) => opportunity.name)).toEqual(['Same-day fulfilment']);
    expect(inSolution.countsByStage.discovery).toBe(1);
    const danas = (await client.get(`/orgs/${orgId}/opportunities?ownerPersonId=${dana}`)).body;
    expect(danas.opportunities.map((opportunity: { name: string }) => opportunity.name)).toEqual(['Returns robots']);
    expect(danas.countsByStage).toEqual({ discovery: 1, solution: 0, proposal: 0, won: 0, lost: 0 });
  });

  it('changes the fields sent and audits a handed-over deal with both owners', async () => {
    const { client, orgId, kofi, dana, base } = await salesOrg();
    const changed = await client.patch(base, { ownerPersonId: dana, amount: null, closeDate: '2027-06-30' });
    expect(changed.status).toBe(200);
    expect(changed.body.opportunity).toMatchObject({ owner: { id: dana }, amount: null, closeDate: '2027-06-30', accountName: 'Harbor Foods' });
    const [event] = (await client.get(`/orgs/${orgId}/audit-events`)).body.events;
    expect(event).toMatchObject({ action: 'opportunity.updated', data: { changed: ['ownerPersonId', 'amount', 'closeDate'], fromOwnerPersonId: kofi, toOwnerPersonId: dana } });
  });

  it('refuses a change made from a stale read (409) instead of undoing a newer one', async () => {
    const { client, base, dana } = await salesOrg();
    const read = (await client.get(base)).body.opportunity;
    // Two forms opened on the same deal: the first saves a new amount with every field.
    const first = await client.patch(base, { ownerPersonId: read.owner.id, amount: 300000, closeDate: read.closeDate, baseUpdatedAt: read.updatedAt });
    expect(first.status).toBe(200);
    // The second still holds the old amount: saving it would quietly put it back.
    const second = await client.patch(base, { ownerPersonId: dana, amount: read.amount, closeDate: read.closeDate, baseUpdatedAt: read.updatedAt });
    expect(second.status).toBe(409);
    expect(second.body.error).toMatchObject({ code: 'conflict', field: 'body.baseUpdatedAt', data: { updatedAt: first.body.opportunity.updatedAt } });
    expect((await client.get(base)).body.opportunity).toMatchObject({ amount: 300000, owner: { id: read.owner.id } });
    // Made again from a fresh read, it goes through.
    expect((await client.patch(base, { ownerPersonId: dana, baseUpdatedAt: first.body.opportunity.updatedAt })).status).toBe(200);
    expect((await client.patch(base, { amount: 1, baseUpdatedAt: 'yesterday' })).body.error.field).toMatch(/baseUpdatedAt/);
  });
});

describe('each rule refuses with its rule id, and saves nothing', () => {
  it('sales.press_release and sales.success_criterion: no leaving discovery without them', async () => {
    const { client, base } = await salesOrg();
    const empty = await client.post(`${base}/moves`, { to: 'solution' });
    expect(empty.status).toBe(422);
    expect(empty.body.error).toMatchObject({ code: 'rule_violation', rule: 'sales.press_release' });
    await client.put(`${base}/press-release`, { ...pressRelease, outcome: 'Shipping got much faster.' });
    expect((await client.post(`${base}/moves`, { to: 'solution' })).body.error.message).toMatch(/number in the outcome/);
    await client.put(`${base}/press-release`, pressRelease);
    expect((await client.post(`${base}/moves`, { to: 'solution' })).body.error.rule).toBe('sales.success_criterion');
    await client.post(`${base}/success-criteria`, { metric: 'Orders shipped the same day', baseline: '61%' });
    expect((await client.post(`${base}/moves`, { to: 'solution' })).body.error.rule).toBe('sales.success_criterion');
    expect((await client.get(base)).body.opportunity.stage).toBe('discovery');
  });

  it('sales.objections_answered: no proposal (nor won) with an objection open', async () => {
    const { client, base } = await salesOrg();
    await completeDiscovery(client, base);
    await client.post(`${base}/moves`, { to: 'solution' });
    await client.post(`${base}/objections`, { question: 'What if the robots stop during peak?' });
    const refused = await client.post(`${base}/moves`, { to: 'proposal' });
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({ rule: 'sales.objections_answered', message: '1 objection still open: answer it first.' });
    expect((await client.get(base)).body.opportunity.stage).toBe('solution');
  });

  it('sales.lost_reason, sales.one_stage, sales.closed', async () => {
    const { client, base } = await salesOrg();
    expect((await client.post(`${base}/moves`, { to: 'lost' })).body.error).toMatchObject({ rule: 'sales.lost_reason', field: 'body.reason' });
    expect((await client.post(`${base}/moves`, { to: 'proposal' })).body.error.rule).toBe('sales.one_stage');
    const lost = await client.post(`${base}/moves`, { to: 'lost', reason: 'They chose to build it in-house.' });
    expect(lost.body.opportunity).toMatchObject({ stage: 'lost', lostReason: 'They chose to build it in-house.', closeDate: new Date().toISOString().slice(0, 10) });
    expect((await client.post(`${base}/moves`, { to: 'discovery' })).body.error.rule).toBe('sales.closed');
    expect((await client.put(`${base}/press-release`, pressRelease)).body.error.rule).toBe('sales.closed');
    expect((await client.patch(base, { amount: 1 })).body.error.rule).toBe('sales.closed');
  });

  it('sales.discovery_kept: past discovery the last complete criterion and the headline stay', async () => {
    const { client, orgId, base } = await salesOrg();
    const criterionId = await completeDiscovery(client, base);
    await client.post(`${base}/moves`, { to: 'solution' });
    const removal = await client.delete(`${base}/success-criteria/${criterionId}`);
    expect(removal.status).toBe(422);
    expect(removal.body.error.rule).toBe('sales.discovery_kept');
    expect((await client.patch(`${base}/success-criteria/${criterionId}`, { dueOn: null })).body.error.rule).toBe('sales.discovery_kept');
    expect((await client.put(`${base}/press-release`, { ...pressRelease, headline: '' })).body.error.rule).toBe('sales.discovery_kept');
    expect((await client.get(base)).body.opportunity.successCriteria).toHaveLength(1);
    // Going back needs a reason, which the history keeps; back in discovery, the record may be rewritten from scratch.
    expect((await client.post(`${base}/moves`, { to: 'discovery' })).body.error).toMatchObject({ rule: 'sales.back_reason', field: 'body.reason' });
    expect((await client.post(`${base}/moves`, { to: 'discovery', reason: 'The buyer added a second warehouse.' })).status).toBe(200);
    const events = (await client.get(`/orgs/${orgId}/audit-events`)).body.events;
    expect(JSON.stringify(events)).toContain('The buyer added a second warehouse.');
    expect((await client.delete(`${base}/success-criteria/${criterionId}`)).body.opportunity.successCriteria).toEqual([]);
  });

  it('refuses a move made on a stale read (baseUpdatedAt), naming the stage the deal is in now, so it does not land as another move', async () => {
    const { client, base } = await salesOrg();
    await completeDiscovery(client, base);
    await client.post(`${base}/moves`, { to: 'solution' });
    // Two leaders read the deal in proposal.
    const read = (await client.post(`${base}/moves`, { to: 'proposal' })).body.opportunity;
    // One sends it back to discovery; the other, on the old view, picks "back to solution", which from discovery is forward.
    expect((await client.post(`${base}/moves`, { to: 'discovery', reason: 'The buyer reopened the scope.', baseUpdatedAt: read.updatedAt })).status).toBe(200);
    const stale = await client.post(`${base}/moves`, { to: 'solution', reason: 'Pricing reopened.', baseUpdatedAt: read.updatedAt });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'conflict', field: 'body.baseUpdatedAt', data: { stage: 'discovery' } });
    expect(stale.body.error.message).toBe('"Same-day fulfilment" changed after you opened it, so it was not moved: it is now in discovery. Look at it again, then move it if you still mean to.');
    // Nor is a deal repriced since closed as won on the figures the mover saw; nothing moved.
    const again = (await client.get(base)).body.opportunity;
    expect(again.stage).toBe('discovery');
    await client.post(`${base}/moves`, { to: 'solution', baseUpdatedAt: again.updatedAt });
    const proposal = (await client.post(`${base}/moves`, { to: 'proposal' })).body.opportunity;
    expect((await client.patch(base, { amount: 90000 })).status).toBe(200);
    expect((await client.post(`${base}/moves`, { to: 'won', baseUpdatedAt: proposal.updatedAt })).body.error).toMatchObject({ code: 'conflict', data: { stage: 'proposal' } });
    expect((await client.get(base)).body.opportunity.stage).toBe('proposal');
    // On the current read the move goes through; a script that sends no base is not checked.
    const current = (await client.get(base)).body.opportunity;
    expect((await client.post(`${base}/moves`, { to: 'won', baseUpdatedAt: current.updatedAt })).body.opportunity.stage).toBe('won');
    expect((await client.post(`${base}/moves`, { to: 'lost', reason: 'x', baseUpdatedAt: 'yesterday' })).body.error).toMatchObject({ code: 'validation_failed', field: 'body.baseUpdatedAt' });
  });

  it('sales.answer_needed: an objection is answered only with an answer', async () => {
    const { client, base } = await salesOrg();
    const refused = await client.post(`${base}/objections`, { question: 'Is it secure?', status: 'answered' });
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({ rule: 'sales.answer_needed', field: 'body.answer' });
    expect((await client.get(base)).body.opportunity.objections).toEqual([]);
  });

  it('refuses a duplicate name in the same account, whatever its case, as a conflict naming the field', async () => {
    const { client, orgId, kofi } = await salesOrg();
    const clash = await client.post(`/orgs/${orgId}/opportunities`, { accountName: 'harbor  FOODS', name: 'same-day Fulfilment', ownerPersonId: kofi });
    expect(clash.status).toBe(409);
    expect(clash.body.error).toMatchObject({ code: 'conflict', field: 'body.name' });
    expect((await client.post(`/orgs/${orgId}/opportunities`, { accountName: 'Acme Grocers', name: 'Same-day fulfilment', ownerPersonId: kofi })).status).toBe(201);
  });

  it('refuses a name that only looks like one the account has, as the same name is, and files a look-alike account under the one that exists', async () => {
    const { client, orgId, kofi } = await salesOrg();
    const same = await client.post(`/orgs/${orgId}/opportunities`, { accountName: 'Harbor Foods', name: 'Same-day fulfilment', ownerPersonId: kofi });
    expect(same.status).toBe(409);
    // Full-width letters, a soft hyphen, an accent typed apart from its letter: the same name to a reader.
    const lookAlike = await client.post(`/orgs/${orgId}/opportunities`, { accountName: 'Ｈａｒｂｏｒ Foods', name: 'Same\u00ad-day ｆulfilment', ownerPersonId: kofi });
    expect({ status: lookAlike.status, error: lookAlike.body.error }).toEqual({ status: 409, error: same.body.error });

    const pilot = await client.post(`/orgs/${orgId}/opportunities`, { accountName: 'ＨＡＲＢＯＲ\u200e foods', name: 'Pilot', ownerPersonId: kofi });
    expect(pilot.status).toBe(201);
    expect(pilot.body.opportunity.accountName).toBe('Harbor Foods');
    const accounts = (await client.get(`/orgs/${orgId}/accounts`)).body.accounts as Array<{ name: string; openDeals: number }>;
    expect(accounts.filter((account) => account.name.toLowerCase().includes('harbor'))).toEqual([expect.objectContaining({ name: 'Harbor Foods', openDeals: 2 })]);

    const renamed = await client.patch(`/orgs/${orgId}/opportunities/${pilot.body.opportunity.id}`, { name: 'Ｓａｍｅ-day fulfilment', baseUpdatedAt: pilot.body.opportunity.updatedAt });
    expect({ status: renamed.status, error: renamed.body.error }).toEqual({ status: 409, error: same.body.error });
  });
});

describe('who sees and changes sales', () => {
  it('lets only the owner or an admin change an opportunity; members read and open their own; recruiters see nothing', async () => {
    const { client: admin, orgId, base } = await salesOrg();
    const member = await inviteClient(context.app, admin, orgId, 'member');
    const memberPerson = await addPerson(admin, orgId, 'Mia Member', { email: member.email });

    expect((await member.client.get(base)).status).toBe(200);
    for (const response of [
      await member.client.patch(base, { amount: 1 }),
      await member.client.put(`${base}/press-release`, pressRelease),
      await member.client.post(`${base}/success-criteria`, criterion),
      await member.client.post(`${base}/objections`, { question: 'Why now?' }),
      await member.client.post(`${base}/moves`, { to: 'lost', reason: 'Not mine to lose.' }),
    ]) {
      expect(response.status).toBe(403);
      expect(response.body.error.message).toBe('Only the owner of "Same-day fulfilment" or an admin may change it.');
    }
    expect((await admin.get(base)).body.opportunity).toMatchObject({ stage: 'discovery', amount: 240000, objections: [] });

    const mine = await member.client.post(`/orgs/${orgId}/opportunities`, { accountName: 'Acme Grocers', name: 'Returns robots', ownerPersonId: memberPerson });
    expect(mine.status).toBe(201);
    expect((await member.client.put(`/orgs/${orgId}/opportunities/${mine.body.opportunity.id}/press-release`, pressRelease)).status).toBe(200);

    const recruiter = await inviteClient(context.app, admin, orgId, 'recruiter');
    expect((await recruiter.client.get(`/orgs/${orgId}/opportunities`)).status).toBe(403);
    expect((await recruiter.client.get(base)).status).toBe(403);
  });

  it('keeps each org to its own opportunities and people', async () => {
    const mine = await salesOrg();
    const other = await salesOrg();
    expect((await other.client.get(mine.base)).status).toBe(404);
    expect((await other.client.get(`/orgs/${mine.orgId}/opportunities`)).status).toBe(404);
    expect((await mine.client.get(`/orgs/${mine.orgId}/opportunities/${other.id}`)).status).toBe(404);
    expect((await mine.client.post(`/orgs/${mine.orgId}/opportunities/${other.id}/moves`, { to: 'lost', reason: 'x' })).status).toBe(404);
    const foreignOwner = await mine.client.post(`/orgs/${mine.orgId}/opportunities`, { accountName: 'Acme', name: 'Pilot', ownerPersonId: other.kofi });
    expect(foreignOwner.body.error).toMatchObject({ code: 'validation_failed', field: 'body.ownerPersonId' });
    expect((await mine.client.patch(mine.base, { ownerPersonId: other.kofi })).body.error.field).toBe('body.ownerPersonId');
    // A criterion of another opportunity is not found through this one.
    const criterionId = await completeDiscovery(other.client, other.base);
    expect((await mine.client.patch(`${mine.base}/success-criteria/${criterionId}`, { target: '99%' })).status).toBe(404);
    expect((await other.client.get(other.base)).body.opportunity.successCriteria[0].target).toBe('97%');
  });

  it('answers bad input with 400 naming the field, never a 500', async () => {
    const { client, orgId, kofi, base } = await salesOrg();
    const opportunity = { accountName: 'Acme', name: 'Pilot', ownerPersonId: kofi };
    const cases: Array<[string, string, unknown, string]> = [
      ['POST', `/orgs/${orgId}/opportunities`, { ...opportunity, accountName: '  ' }, 'body.accountName'],
      ['POST', `/orgs/${orgId}/opportunities`, { ...opportunity, name: 'x'.repeat(121) }, 'body.name'],
      ['POST', `/orgs/${orgId}/opportunities`, { ...opportunity, ownerPersonId: 'kofi' }, 'body.ownerPersonId'],
      ['POST', `/orgs/${orgId}/opportunities`, { ...opportunity, amount: -5 }, 'body.amount'],
      ['POST', `/orgs/${orgId}/opportunities`, { ...opportunity, closeDate: '2027-02-30' }, 'body.closeDate'],
      ['POST', `/orgs/${orgId}/opportunities`, { ...opportunity, stage: 'won' }, 'body'],
      ['PUT', `${base}/press-release`, { ...pressRelease, headline: 'x'.repeat(201) }, 'body.headline'],
      ['PUT', `${base}/press-release`, { headline: 'Only a headline' }, 'body.problem'],
      ['POST', `${base}/success-criteria`, { ...criterion, metric: '' }, 'body.metric'],
      ['POST', `${base}/success-criteria`, { ...criterion, dueOn: 'next year' }, 'body.dueOn'],
      ['POST', `${base}/objections`, { question: 'Why?', status: 'maybe' }, 'body.status'],
      ['POST', `${base}/moves`, { to: 'closed' }, 'body.to'],
    ];
    for (const [method, path, body, field] of cases) {
      const response = await client.request(method, path, body);
      expect({ path, status: response.status, field: response.body.error?.field }).toEqual({ path, status: 400, field });
    }
    expect((await client.get(`/orgs/${orgId}/opportunities?stage=closed`)).body.error.field).toBe('query.stage');
    expect((await client.get(`/orgs/${orgId}/opportunities/not-a-uuid`)).body.error.field).toBe('param.opportunityId');
    expect((await client.request('POST', `/orgs/${orgId}/opportunities`, undefined, { rawBody: '{"name": ' })).status).toBe(400);
    expect((await client.delete(`${base}/objections/00000000-0000-4000-8000-000000000000`)).status).toBe(404);
    expect(context.logs.filter((line) => line.includes('unexpected error'))).toEqual([]);
  });
});

describe('edges that must not be a 500', () => {
  it('refuses a date PostgreSQL cannot store (year 0000) as a 400 naming the field', async () => {
    const { client, orgId, kofi, base } = await salesOrg();
    const created = await client.post(`/orgs/${orgId}/opportunities`, { accountName: 'Acme', name: 'Pilot', ownerPersonId: kofi, closeDate: '0000-01-01' });
    expect({ status: created.status, field: created.body.error?.field }).toEqual({ status: 400, field: 'body.closeDate' });
    const criterionAdded = await client.post(`${base}/success-criteria`, { ...criterion, dueOn: '0000-12-31' });
    expect({ status: criterionAdded.status, field: criterionAdded.body.error?.field }).toEqual({ status: 400, field: 'body.dueOn' });
    expect(context.logs.filter((line) => line.includes('unexpected error'))).toEqual([]);
  });

  it('answers two opportunities opened at once with the same name as one 201 and one 409', async () => {
    const { client, orgId, kofi } = await salesOrg();
    const body = { accountName: 'Acme', name: 'Pilot', ownerPersonId: kofi };
    const answers = await Promise.all([client.post(`/orgs/${orgId}/opportunities`, body), client.post(`/orgs/${orgId}/opportunities`, { ...body, name: 'PILOT' })]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([201, 409]);
  });

  it('does not open or hand over a deal, nor hand over an account, to someone whose departure is being recorded at that moment', async () => {
    const { client, orgId, base } = await salesOrg();
    const ben = await addPerson(client, orgId, 'Ben Vee');
    const opened = await duringDeparture(context.database.db, ben, '2026-11-20', () => client.post(`/orgs/${orgId}/opportunities`, { accountName: 'Acme', name: 'Pilot', ownerPersonId: ben }));
    expect(opened.body.error).toMatchObject({ code: 'validation_failed', field: 'body.ownerPersonId', message: 'ownerPersonId: Ben Vee left the company on Nov 20, 2026.' });

    const cy = await addPerson(client, orgId, 'Cy Dee');
    const read = (await client.get(base)).body.opportunity;
    const handedOver = await duringDeparture(context.database.db, cy, '2026-11-20', () => client.patch(base, { ownerPersonId: cy, baseUpdatedAt: read.updatedAt }));
    expect(handedOver.body.error).toMatchObject({ code: 'validation_failed', field: 'body.ownerPersonId' });
    expect((await client.get(base)).body.opportunity.owner.id).toBe(read.owner.id);

    const di = await addPerson(client, orgId, 'Di Ell');
    const harbor = ((await client.get(`/orgs/${orgId}/accounts`)).body.accounts as Array<{ id: string; name: string }>).find((account) => account.name === 'Harbor Foods')!;
    const account = await duringDeparture(context.database.db, di, '2026-11-20', () => client.patch(`/orgs/${orgId}/accounts/${harbor.id}`, { isStrategic: true, ownerPersonId: di }));
    expect(account.body.error).toMatchObject({ code: 'rule_violation', rule: 'account.owner_left', field: 'body.ownerPersonId', message: 'Di Ell left on Nov 20, 2026: an account needs an owner who is still here.' });
  });

  it('does not let an objection added during the move to proposal slip past its gate', async () => {
    const { client, orgId, base } = await salesOrg();
    await completeDiscovery(client, base);
    await client.post(`${base}/moves`, { to: 'solution' });
    await Promise.all([client.post(`${base}/moves`, { to: 'proposal' }), client.post(`${base}/objections`, { question: 'Who pays for the pilot?' })]);
    const after = (await client.get(base)).body.opportunity;
    expect(after.objections).toHaveLength(1);
    // Either order is fine, but never a proposal entered after the objection was added (events are newest first).
    const events = (await client.get(`/orgs/${orgId}/audit-events`)).body.events.filter((event: { action: string }) => event.action === 'opportunity.stage_changed' || event.action === 'opportunity.objection_added');
    if (after.stage === 'proposal') expect(events[0].action).toBe('opportunity.objection_added');
  });
});

describe('the OpenAPI document', () => {
  it('documents the sales routes with the schemas that validate them', async () => {
    const document = (await new ApiClient(context.app).get('/openapi.json')).body;
    const collection = document.paths['/api/v1/orgs/{orgId}/opportunities'];
    expect(Object.keys(collection).sort()).toEqual(['get', 'post']);
    expect(Object.keys(document.paths['/api/v1/orgs/{orgId}/opportunities/{opportunityId}']).sort()).toEqual(['get', 'patch']);
    expect(Object.keys(document.paths['/api/v1/orgs/{orgId}/opportunities/{opportunityId}/moves'])).toEqual(['post']);
    expect(Object.keys(document.paths['/api/v1/orgs/{orgId}/opportunities/{opportunityId}/press-release'])).toEqual(['put']);
    expect(collection.get.parameters.map((parameter: { name: string }) => parameter.name)).toEqual(expect.arrayContaining(['stage', 'ownerPersonId']));
    expect(Object.keys(collection.post.responses)).toEqual(expect.arrayContaining(['201', '400', '409', '422']));
  });
});
