import { describe, expect, it } from 'vitest';
import { salesOrg } from '../../../test/support/sales-fixture.js';
import type { ApiClient } from '../../../test/support/test-app.js';
import { signUpClient, useTestApp } from '../../../test/support/test-app.js';
import { FULFILMENT_CONFIG, fulfilmentCsv } from '../../../test/support/wbr-review-fixture.js';

const context = useTestApp();

/**
 * Concurrent edits never lose a write: the texts people edit together (a deck's config, an anomaly's root cause, a
 * buyer's press release) refuse a save made from a stale read with 409 naming the token, and write a fresh one.
 */

const upload = (client: ApiClient, path: string, csv: string) =>
  client.request('PUT', `${path}/data?fileName=fulfilment.csv`, undefined, { rawBody: csv, headers: { 'content-type': 'text/csv' } });

describe('stale writes', () => {
  it('refuses a deck config saved from a stale read, and is not fooled by a data upload in between', async () => {
    const { client, orgId } = await signUpClient(context.app);
    const deck = (await client.post(`/orgs/${orgId}/wbr/decks`, { name: 'Fulfilment', config: FULFILMENT_CONFIG })).body.deck;
    const path = `/orgs/${orgId}/wbr/decks/${deck.id}`;
    const opened = deck.configToken as string;
    // A colleague saves a config first; an upload alone would not have counted.
    expect((await upload(client, path, fulfilmentCsv('2025-01-04'))).status).toBe(200);
    const theirs = FULFILMENT_CONFIG.replace('title: Fulfilment WBR', 'title: Fulfilment weekly review');
    const first = await client.patch(path, { config: theirs, baseConfigToken: opened });
    expect(first.status).toBe(200);
    // The form opened before their save is refused, and their config stays.
    const mine = FULFILMENT_CONFIG.replace('title: Fulfilment WBR', 'title: Mine');
    const stale = await client.patch(path, { config: mine, baseConfigToken: opened });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'conflict', field: 'body.baseConfigToken' });
    expect(stale.body.error.message).toContain('This config changed after you opened it');
    expect((await client.get(path)).body.deck.config).toBe(theirs);
    // Read again, it saves; a rename (not the config) needs no token.
    expect((await client.patch(path, { config: mine, baseConfigToken: first.body.deck.configToken })).status).toBe(200);
    expect((await client.patch(path, { name: 'Fulfilment review' })).status).toBe(200);
  });

  it('refuses an anomaly answer saved from a stale read', async () => {
    const { client, orgId } = await signUpClient(context.app);
    const deck = (await client.post(`/orgs/${orgId}/wbr/decks`, { name: 'Fulfilment', config: FULFILMENT_CONFIG })).body.deck;
    const path = `/orgs/${orgId}/wbr/decks/${deck.id}`;
    await upload(client, path, fulfilmentCsv('2025-01-04', ['2025-01-04']));
    expect((await client.post(`${path}/snapshots`, {})).status).toBe(201);
    const [anomaly] = (await client.get(path)).body.deck.anomalies;
    const anomalyPath = `/orgs/${orgId}/wbr/anomalies/${anomaly.id}`;
    const first = await client.patch(anomalyPath, { rootCause: 'A storm closed the depot.', baseUpdatedAt: anomaly.updatedAt });
    expect(first.status).toBe(200);
    const stale = await client.patch(anomalyPath, { rootCause: 'No idea yet.', baseUpdatedAt: anomaly.updatedAt });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'conflict', field: 'body.baseUpdatedAt', data: { updatedAt: first.body.anomaly.updatedAt } });
    expect((await client.patch(anomalyPath, { status: 'explained', baseUpdatedAt: first.body.anomaly.updatedAt })).body.anomaly).toMatchObject({ status: 'explained', rootCause: 'A storm closed the depot.' });
    expect((await client.patch(anomalyPath, { rootCause: 'x', baseUpdatedAt: 'yesterday' })).body.error).toMatchObject({ code: 'validation_failed', field: 'body.baseUpdatedAt' });
  });

  it('refuses a buyer\'s press release saved from a stale read', async () => {
    const { client, base } = await salesOrg(context.app);
    const opened = (await client.get(base)).body.opportunity;
    const release = { headline: 'Harbor Foods ships the same day', problem: 'Evening orders wait.', outcome: 'Same-day shipments rose from 61% to 97%.', quote: '' };
    const first = await client.put(`${base}/press-release`, { ...release, baseToken: opened.pressReleaseToken });
    expect(first.status).toBe(200);
    expect(first.body.opportunity.pressReleaseToken).not.toBe(opened.pressReleaseToken);
    const stale = await client.put(`${base}/press-release`, { ...release, headline: 'Mine', baseToken: opened.pressReleaseToken });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'conflict', field: 'body.baseToken' });
    expect((await client.get(base)).body.opportunity.pressRelease.headline).toBe('Harbor Foods ships the same day');
    // Saving the same text again from the fresh read is fine, and a script that sends no token is not checked.
    expect((await client.put(`${base}/press-release`, { ...release, baseToken: first.body.opportunity.pressReleaseToken })).status).toBe(200);
    expect((await client.put(`${base}/press-release`, { ...release, headline: 'By a script' })).status).toBe(200);
  });
});

/**
 * People, teams and initiatives have no updatedAt of their own: each gives an `editToken` of what a change to it writes,
 * sent back as `baseToken`. A change from a stale read is refused and the colleague's change stays.
 */
describe('stale writes to the org structure', () => {
  const addPerson = async (client: ApiClient, orgId: string, name: string, extra: Record<string, unknown> = {}) => {
    const response = await client.post(`/orgs/${orgId}/people`, { name, email: `${name.toLowerCase().replace(/\s+/g, '.')}@example.test`, role: 'Engineer', level: 5, ...extra });
    expect(response.status).toBe(201);
    return response.body.person as { id: string; editToken: string };
  };

  it('refuses a person changed from a stale read, whichever field each admin changed', async () => {
    const { client, orgId } = await signUpClient(context.app);
    const ana = await addPerson(client, orgId, 'Ana Chief');
    const ben = await addPerson(client, orgId, 'Ben Vee');
    const opened = await addPerson(client, orgId, 'Cy Dev', { managerId: ana.id });
    const path = `/orgs/${orgId}/people/${opened.id}`;
    const first = await client.patch(path, { role: 'Staff Engineer', baseToken: opened.editToken });
    expect(first.status).toBe(200);
    expect(first.body.person.editToken).not.toBe(opened.editToken);
    // The second admin opened the person before that save: their new manager would land on a record they never saw.
    const stale = await client.patch(path, { role: 'Principal Engineer', managerId: ben.id, baseToken: opened.editToken });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'conflict', field: 'body.baseToken', data: { token: first.body.person.editToken } });
    expect(stale.body.error.message).toBe('This person changed after you opened it: reload it to see the change, then make yours again.');
    expect((await client.get(path)).body.person).toMatchObject({ role: 'Staff Engineer', managerId: ana.id });
    // Read again, it saves; a script that sends no token is not checked.
    expect((await client.patch(path, { managerId: ben.id, baseToken: first.body.person.editToken })).body.person).toMatchObject({ role: 'Staff Engineer', managerId: ben.id });
    expect((await client.patch(path, { level: 6 })).status).toBe(200);
  });

  it('counts a departure moving a person\'s reports as a change to them', async () => {
    const { client, orgId } = await signUpClient(context.app);
    const ana = await addPerson(client, orgId, 'Ana Chief');
    const ben = await addPerson(client, orgId, 'Ben Vee', { managerId: ana.id });
    const opened = (await client.get(`/orgs/${orgId}/people/${(await addPerson(client, orgId, 'Cy Dev', { managerId: ben.id })).id}`)).body.person;
    expect((await client.post(`/orgs/${orgId}/people/${ben.id}/departure`, { leftOn: '2026-01-05', successorId: ana.id })).status).toBe(200);
    const stale = await client.patch(`/orgs/${orgId}/people/${opened.id}`, { managerId: ben.id, baseToken: opened.editToken });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'conflict', field: 'body.baseToken' });
    expect((await client.get(`/orgs/${orgId}/people/${opened.id}`)).body.person.managerId).toBe(ana.id);
  });

  it('refuses a team or an initiative changed from a stale read', async () => {
    const { client, orgId } = await signUpClient(context.app);
    const team = (await client.post(`/orgs/${orgId}/teams`, { name: 'Platform' })).body.team;
    const teamPath = `/orgs/${orgId}/teams/${team.id}`;
    const renamed = await client.patch(teamPath, { name: 'Core Platform', baseToken: team.editToken });
    expect(renamed.status).toBe(200);
    const staleTeam = await client.patch(teamPath, { name: 'Infrastructure', baseToken: team.editToken });
    expect(staleTeam.status).toBe(409);
    expect(staleTeam.body.error).toMatchObject({ code: 'conflict', field: 'body.baseToken', data: { token: renamed.body.team.editToken } });
    expect(staleTeam.body.error.message).toContain('This team changed after you opened it');
    expect((await client.get(`/orgs/${orgId}/teams`)).body.teams[0].name).toBe('Core Platform');

    const leader = await addPerson(client, orgId, 'Ana Chief');
    const initiative = (await client.post(`/orgs/${orgId}/initiatives`, { name: 'Gripper', stlPersonId: leader.id })).body.initiative;
    const initiativePath = `/orgs/${orgId}/initiatives/${initiative.id}`;
    const paused = await client.patch(initiativePath, { status: 'paused', baseToken: initiative.editToken });
    expect(paused.status).toBe(200);
    const staleInitiative = await client.patch(initiativePath, { name: 'Gripper v2', baseToken: initiative.editToken });
    expect(staleInitiative.status).toBe(409);
    expect(staleInitiative.body.error).toMatchObject({ code: 'conflict', field: 'body.baseToken', data: { token: paused.body.initiative.editToken } });
    expect((await client.get(`/orgs/${orgId}/initiatives`)).body.initiatives[0]).toMatchObject({ name: 'Gripper', status: 'paused' });
    expect((await client.patch(initiativePath, { name: 'Gripper v2', baseToken: paused.body.initiative.editToken })).status).toBe(200);
  });

  it('refuses a leader chosen on the pipeline page after a colleague chose another', async () => {
    const { client, orgId } = await signUpClient(context.app);
    const [ana, ben] = [await addPerson(client, orgId, 'Ana Chief'), await addPerson(client, orgId, 'Ben Vee')];
    const { id } = (await client.post(`/orgs/${orgId}/initiatives`, { name: 'Gripper', stlPersonId: null })).body.initiative;
    const opened = (await client.get(`/orgs/${orgId}/pipeline/initiatives/${id}`)).body;
    expect(opened.editToken).toBe((await client.get(`/orgs/${orgId}/initiatives`)).body.initiatives[0].editToken);
    expect((await client.patch(`/orgs/${orgId}/initiatives/${id}`, { stlPersonId: ana.id, baseToken: opened.editToken })).status).toBe(200);
    const stale = await client.patch(`/orgs/${orgId}/initiatives/${id}`, { stlPersonId: ben.id, baseToken: opened.editToken });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'conflict', field: 'body.baseToken' });
    expect((await client.get(`/orgs/${orgId}/pipeline/initiatives/${id}`)).body.stl.id).toBe(ana.id);
  });

  it('refuses a requisition\'s template or hand-over changed from a stale read', async () => {
    const { client, orgId } = await signUpClient(context.app);
    const [ana, ben] = [await addPerson(client, orgId, 'Ana Chief'), await addPerson(client, orgId, 'Ben Vee')];
    const team = (await client.post(`/orgs/${orgId}/teams`, { name: 'Sales' })).body.team;
    const opened = (await client.post(`/orgs/${orgId}/hiring/requisitions`, { role: 'Account Executive', level: 5, teamId: team.id, hiringManagerId: ana.id })).body.requisition;
    const path = `/orgs/${orgId}/hiring/requisitions/${opened.id}`;
    const templated = await client.patch(path, { roleTemplate: 'account-executive', baseToken: opened.editToken });
    expect(templated.status).toBe(200);
    expect(templated.body.requisition.editToken).not.toBe(opened.editToken);
    // A hand-over from a page opened before the template was set is refused, and so is a template change.
    const staleHandOver = await client.patch(path, { hiringManagerId: ben.id, baseToken: opened.editToken });
    expect(staleHandOver.status).toBe(409);
    expect(staleHandOver.body.error).toMatchObject({ code: 'conflict', field: 'body.baseToken', data: { token: templated.body.requisition.editToken } });
    expect(staleHandOver.body.error.message).toContain('This requisition changed after you opened it');
    const staleTemplate = await client.patch(path, { roleTemplate: null, baseToken: opened.editToken });
    expect(staleTemplate.status).toBe(409);
    expect(staleTemplate.body.error).toMatchObject({ code: 'conflict', field: 'body.baseToken' });
    expect((await client.get(path)).body.requisition).toMatchObject({ roleTemplate: { id: 'account-executive' }, hiringManager: { id: ana.id } });
    // Read again, it saves; a script that sends no token is not checked.
    const handedOver = await client.patch(path, { hiringManagerId: ben.id, baseToken: templated.body.requisition.editToken });
    expect(handedOver.body.requisition.hiringManager.id).toBe(ben.id);
    expect((await client.patch(path, { roleTemplate: null })).status).toBe(200);
  });

  it('refuses an allocation set from a stale read of the person\'s allocations', async () => {
    const { client, orgId } = await signUpClient(context.app);
    const cy = await addPerson(client, orgId, 'Cy Dev');
    const team = (await client.post(`/orgs/${orgId}/teams`, { name: 'Platform' })).body.team;
    const personPath = `/orgs/${orgId}/people/${cy.id}`;
    const opened = (await client.get(personPath)).body.person;
    expect((await client.put(`/orgs/${orgId}/allocations`, { personId: cy.id, teamId: team.id, percent: 60, baseToken: opened.allocationsToken })).status).toBe(200);
    const afterFirst = (await client.get(personPath)).body.person;
    expect(afterFirst.allocationsToken).not.toBe(opened.allocationsToken);
    // The second admin's page still showed Cy unallocated: their 100% would quietly replace the 60% just set.
    const stale = await client.put(`/orgs/${orgId}/allocations`, { personId: cy.id, teamId: team.id, percent: 100, baseToken: opened.allocationsToken });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'conflict', field: 'body.baseToken', data: { token: afterFirst.allocationsToken } });
    expect(stale.body.error.message).toContain('This person\'s allocations changed after you opened it');
    expect((await client.get(personPath)).body.person.allocations).toMatchObject([{ teamId: team.id, percent: 60 }]);
    // Read again, it saves; a script that sends no token is not checked.
    expect((await client.put(`/orgs/${orgId}/allocations`, { personId: cy.id, teamId: team.id, percent: 100, baseToken: afterFirst.allocationsToken })).status).toBe(200);
    expect((await client.put(`/orgs/${orgId}/allocations`, { personId: cy.id, teamId: team.id, percent: 80 })).status).toBe(200);
    expect((await client.get(personPath)).body.person.allocations).toMatchObject([{ percent: 80 }]);
  });
});

describe('stale writes to a deal\'s discovery record', () => {
  it('refuses an objection or a success criterion changed from a stale read', async () => {
    const { client, base } = await salesOrg(context.app);
    await client.post(`${base}/objections`, { question: 'Does it work with our WMS?' });
    await client.post(`${base}/success-criteria`, { metric: 'Same-day shipments', baseline: '61%', target: '97%' });
    const opened = (await client.get(base)).body.opportunity;
    const [objection] = opened.objections;
    const [criterion] = opened.successCriteria;

    const answered = await client.patch(`${base}/objections/${objection.id}`, { answer: 'Yes: through its REST API, live at two customers.', status: 'answered', baseToken: objection.editToken });
    expect(answered.status).toBe(200);
    const stale = await client.patch(`${base}/objections/${objection.id}`, { answer: 'Probably.', baseToken: objection.editToken });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'conflict', field: 'body.baseToken', data: { token: answered.body.opportunity.objections[0].editToken } });
    expect(stale.body.error.message).toContain('This objection changed after you opened it');
    expect((await client.get(base)).body.opportunity.objections[0]).toMatchObject({ answer: 'Yes: through its REST API, live at two customers.', status: 'answered' });

    const retargeted = await client.patch(`${base}/success-criteria/${criterion.id}`, { target: '98%', baseToken: criterion.editToken });
    expect(retargeted.status).toBe(200);
    const staleCriterion = await client.patch(`${base}/success-criteria/${criterion.id}`, { target: '90%', baseToken: criterion.editToken });
    expect(staleCriterion.status).toBe(409);
    expect(staleCriterion.body.error).toMatchObject({ code: 'conflict', field: 'body.baseToken' });
    expect((await client.get(base)).body.opportunity.successCriteria[0].target).toBe('98%');
    // A script that sends no token is not checked.
    expect((await client.patch(`${base}/success-criteria/${criterion.id}`, { dueOn: '2027-06-30' })).status).toBe(200);
  });
});

describe('stale writes to the org\'s writing settings', () => {
  it('refuses settings saved from a stale read, so a colleague\'s jargon list is not undone', async () => {
    const { client, orgId } = await signUpClient(context.app);
    const path = `/orgs/${orgId}/writing-settings`;
    const opened = (await client.get(path)).body;
    expect(opened.editToken).toEqual(expect.any(String));
    const theirs = await client.put(path, { jargon: ['flywheel project'], baseToken: opened.editToken });
    expect(theirs.status).toBe(200);
    expect(theirs.body.input).toEqual({ jargon: ['flywheel project'] });
    expect(theirs.body.editToken).not.toBe(opened.editToken);
    // The form opened before their save replaces the whole object: it is refused and their jargon list stays.
    const stale = await client.put(path, { wordsPerPage: 450, baseToken: opened.editToken });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'conflict', field: 'body.baseToken', data: { token: theirs.body.editToken } });
    expect(stale.body.error.message).toContain('This set of writing settings changed after you opened it');
    expect((await client.get(path)).body.input).toEqual({ jargon: ['flywheel project'] });
    // Read again, it saves; a script that sends no token is not checked.
    expect((await client.put(path, { jargon: ['flywheel project'], wordsPerPage: 450, baseToken: theirs.body.editToken })).body.input).toEqual({ jargon: ['flywheel project'], wordsPerPage: 450 });
    expect((await client.put(path, { wordsPerPage: 400 })).status).toBe(200);
  });
});
