import { sql, type Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { ApiClient } from '../../../../test/support/test-app.js';
import { inviteClient, signUpClient, useTestApp } from '../../../../test/support/test-app.js';
import { FULFILMENT_CONFIG, fulfilmentCsv } from '../../../../test/support/wbr-review-fixture.js';
import type { OrgActor } from '../../../services/context.js';
import { latestPublishedWeeks } from '../../../services/wbr/wbr-metric-weeks.service.js';
import { latestSignalsByDeck } from '../../../services/wbr/wbr-anomalies.service.js';
import { correctWeek, publishWeek } from '../../../services/wbr/wbr-weeks.service.js';
import * as anomalyWeeksSeen from '../../../storage/migrations/2026-11-28T13-30-wbr-anomaly-weeks-seen.js';

const context = useTestApp();

const upload = (client: ApiClient, path: string, csv: string) =>
  client.request('PUT', `${path}/data?fileName=fulfilment.csv`, undefined, { rawBody: csv, headers: { 'content-type': 'text/csv' } });

async function addPerson(client: ApiClient, orgId: string, name: string, userId?: string): Promise<string> {
  const response = await client.post(`/orgs/${orgId}/people`, { name, email: `${name.toLowerCase().replace(/\s+/g, '.')}@example.test`, role: 'Engineer', level: 5, ...(userId && { userId }) });
  if (response.status !== 201) throw new Error(`adding ${name} failed: ${JSON.stringify(response.body)}`);
  return response.body.person.id;
}

/**
 * A deck owned by Dana (a member's login), "Late deliveries" in the catalog owned by Kofi, and the week ending
 * 2025-01-04 published on a wrong file: late deliveries tripled that week, which raised an anomaly Kofi answered.
 */
async function publishedOnBadData() {
  const { client: admin, orgId, userId: adminUserId } = await signUpClient(context.app);
  const kofiLogin = await inviteClient(context.app, admin, orgId, 'member');
  const danaLogin = await inviteClient(context.app, admin, orgId, 'member');
  const otherMember = await inviteClient(context.app, admin, orgId, 'member');
  const kofi = await addPerson(admin, orgId, 'Kofi Mensah', kofiLogin.userId);
  const dana = await addPerson(admin, orgId, 'Dana Whitfield', danaLogin.userId);
  expect((await admin.post(`/orgs/${orgId}/metrics`, { name: 'Late deliveries', definition: 'Orders delivered after the promised day.', kind: 'input', controllable: true, ownerPersonId: kofi, goodDirection: 'down' })).status).toBe(201);
  const created = await admin.post(`/orgs/${orgId}/wbr/decks`, { name: 'Fulfilment', ownerPersonId: dana, config: FULFILMENT_CONFIG });
  const deckPath = `/orgs/${orgId}/wbr/decks/${created.body.deck.id as string}`;
  await upload(admin, deckPath, fulfilmentCsv('2025-01-07', ['2025-01-04']));
  const published = await admin.post(`${deckPath}/snapshots`, {});
  expect(published.status).toBe(201);
  const [anomaly] = (await admin.get(deckPath)).body.deck.anomalies;
  expect((await kofiLogin.client.patch(`/orgs/${orgId}/wbr/anomalies/${anomaly.id}`, { status: 'explained', rootCause: 'A carrier strike, we thought.' })).status).toBe(200);
  return { admin, adminActor: { userId: adminUserId, orgId, role: 'admin' } as OrgActor, deckId: created.body.deck.id as string, orgId, dana, kofi, danaClient: danaLogin.client, kofiClient: kofiLogin.client, otherClient: otherMember.client, deckPath, original: published.body.snapshot as { id: string }, anomalyId: anomaly.id as string };
}

/**
 * Two anomalies of "Late deliveries" whose spans overlap: the first week's spike (4 January) is withdrawn by a
 * correction, the spike of 11 January opens a second anomaly (then resolved), a correction shows the first spike again
 * (its anomaly is reinstated), and the spike of 18 January adds a week to it. The first anomaly spans 4 to 18
 * January around the second's 11 January.
 */
async function twoAnomaliesOfOneMetric() {
  const setUp = await publishedOnBadData();
  const { admin, orgId, danaClient, kofiClient, deckPath, original, anomalyId, deckId } = setUp;
  const all = async () => (await admin.get(`/orgs/${orgId}/wbr/anomalies?deckId=${deckId}`)).body.anomalies as Array<{ id: string; firstWeekEnding: string; lastWeekEnding: string; occurrences: number }>;
  const byId = async () => new Map((await all()).map((anomaly) => [anomaly.id, anomaly]));
  await upload(admin, deckPath, fulfilmentCsv('2025-01-07'));
  const v2 = await danaClient.post(`${deckPath}/snapshots/${original.id}/corrections`, { reason: 'No spike after all' });
  await upload(admin, deckPath, fulfilmentCsv('2025-01-14', ['2025-01-11']));
  expect((await admin.post(`${deckPath}/snapshots`, {})).status).toBe(201);
  const second = ((await all()).find((anomaly) => anomaly.id !== anomalyId) as { id: string }).id;
  expect((await kofiClient.patch(`/orgs/${orgId}/wbr/anomalies/${second}`, { status: 'resolved', rootCause: 'A real carrier strike.' })).status).toBe(200);
  await upload(admin, deckPath, fulfilmentCsv('2025-01-07', ['2025-01-04']));
  const v3 = await danaClient.post(`${deckPath}/snapshots/${v2.body.snapshot.id as string}/corrections`, { reason: 'The spike was real' });
  expect(v3.status).toBe(201);
  await upload(admin, deckPath, fulfilmentCsv('2025-01-21', ['2025-01-04', '2025-01-18']));
  expect((await admin.post(`${deckPath}/snapshots`, {})).status).toBe(201);
  expect((await byId()).get(anomalyId)).toMatchObject({ firstWeekEnding: '2025-01-04', lastWeekEnding: '2025-01-18', occurrences: 2 });
  expect((await byId()).get(second)).toMatchObject({ firstWeekEnding: '2025-01-11', lastWeekEnding: '2025-01-11', occurrences: 1 });
  return { ...setUp, byId, first: anomalyId, second, latestVersion: v3.body.snapshot.id as string };
}

describe('correcting a published week', () => {
  it('keeps a new version from the current data with its reason, leaves the original as it was, and reads the week from the correction', async () => {
    const { admin, orgId, danaClient, deckPath, original, anomalyId } = await publishedOnBadData();
    const originalJson = (await admin.get(`${deckPath}/snapshots/${original.id}/export?format=json`)).body;
    // The right file: the spike was the week before.
    await upload(admin, deckPath, fulfilmentCsv('2025-01-07', ['2024-12-28']));
    const corrected = await danaClient.post(`${deckPath}/snapshots/${original.id}/corrections`, { reason: '  The Friday   file arrived late ' });
    expect(corrected.status).toBe(201);
    expect(corrected.body.snapshot).toMatchObject({ weekEnding: '2025-01-04', version: 2, correctionReason: 'The Friday file arrived late', supersededBy: null, publishedBy: { name: 'A member' } });
    const correctionId = corrected.body.snapshot.id as string;

    // The original is kept byte for byte, and says which correction superseded it; the deck counts one week.
    expect((await admin.get(`${deckPath}/snapshots/${original.id}/export?format=json`)).body).toEqual(originalJson);
    const deck = (await admin.get(deckPath)).body.deck;
    expect(deck).toMatchObject({ latestWeekEnding: '2025-01-04', snapshotCount: 1 });
    expect(deck.snapshots.map((week: { id: string; version: number }) => [week.id, week.version])).toEqual([[correctionId, 2], [original.id, 1]]);
    expect(deck.snapshots[1].supersededBy).toEqual({ id: correctionId, publishedAt: corrected.body.snapshot.publishedAt, publishedBy: corrected.body.snapshot.publishedBy, reason: 'The Friday file arrived late' });
    expect((await admin.get(`${deckPath}/snapshots/${original.id}`)).body.snapshot.supersededBy.id).toBe(correctionId);

    // The anomaly Kofi answered is kept (one per metric): the week the correction newly shows is added to it, and the
    // week it no longer shows is no longer counted; its first and last week are the one the correction shows.
    expect(deck.anomalies).toHaveLength(1);
    expect(deck.anomalies[0]).toMatchObject({ id: anomalyId, status: 'explained', rootCause: 'A carrier strike, we thought.', occurrences: 1, firstWeekEnding: '2024-12-28', lastWeekEnding: '2024-12-28' });
    // What reads "the published week" reads the correction: the week's value is the corrected file's.
    const weeks = await latestPublishedWeeks(context.database.db, orgId, ['Late deliveries']);
    const correctedJson = (await admin.get(`${deckPath}/snapshots/${correctionId}/export?format=json`)).body;
    expect(correctedJson).not.toEqual(originalJson);
    expect(weeks.get('late deliveries')).toMatchObject({ weekEnding: '2025-01-04', value: 70 });

    // A second correction on the same data raises nothing again.
    const again = await admin.post(`${deckPath}/snapshots/${correctionId}/corrections`, { reason: 'Checked once more' });
    expect(again.body.snapshot).toMatchObject({ version: 3, newSignals: 0 });
    expect((await admin.get(deckPath)).body.deck.anomalies).toMatchObject([{ id: anomalyId, occurrences: 1 }]);

    const [event, first] = (await admin.get(`/orgs/${orgId}/audit-events`)).body.events;
    expect(event).toMatchObject({ action: 'wbr_week.corrected', data: { name: 'Fulfilment', weekEnding: '2025-01-04', version: 3, reason: 'Checked once more', supersededSnapshotId: correctionId, newSignals: 0 } });
    expect(event.data.anomalies).toEqual({ raised: { count: 0, metrics: [] }, withdrawn: { count: 0, metrics: [] }, reinstated: { count: 0, metrics: [] } });
    // The first correction's entry says what it did to the anomalies, by metric: the week it newly showed was raised.
    expect(first).toMatchObject({ action: 'wbr_week.corrected', data: { version: 2, anomalies: { raised: { count: 1, metrics: ['Late deliveries'] }, withdrawn: { count: 0, metrics: [] } } } });
  });

  it('is for the deck\'s owner or an admin, needs a reason, and only of a week published', async () => {
    const { admin, otherClient, deckPath, original } = await publishedOnBadData();
    const forbidden = await otherClient.post(`${deckPath}/snapshots/${original.id}/corrections`, { reason: 'Mine to fix' });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.error.message).toBe('Only the owner of the deck "Fulfilment" or an admin may correct one of its published weeks.');
    // Missing, the request's check names it; blank, the rule does: both where the client put it.
    for (const body of [{}, { reason: '   ' }]) {
      const refused = await admin.post(`${deckPath}/snapshots/${original.id}/corrections`, body);
      expect(refused.status).toBe(400);
      expect(refused.body.error).toMatchObject({ code: 'validation_failed', field: 'body.reason' });
    }
    const never = await admin.post(`${deckPath}/snapshots/00000000-0000-4000-8000-000000000000/corrections`, { reason: 'Late file' });
    expect(never.status).toBe(404);
    expect((await admin.get(deckPath)).body.deck.snapshots).toHaveLength(1);
  });

  it('takes one of two corrections made at once, and refuses a correction of a superseded version', async () => {
    const { admin, danaClient, deckPath, original } = await publishedOnBadData();
    await upload(admin, deckPath, fulfilmentCsv('2025-01-07'));
    const both = await Promise.all([
      admin.post(`${deckPath}/snapshots/${original.id}/corrections`, { reason: 'Late file' }),
      danaClient.post(`${deckPath}/snapshots/${original.id}/corrections`, { reason: 'Wrong row' }),
    ]);
    expect(both.map((response) => response.status).sort()).toEqual([201, 409]);
    const loser = both.find((response) => response.status === 409);
    expect(loser?.body.error).toMatchObject({ code: 'conflict', rule: 'wbr.snapshot_superseded', field: 'param.snapshotId' });
    const deck = (await admin.get(deckPath)).body.deck;
    expect(deck.snapshots.map((week: { version: number }) => week.version)).toEqual([2, 1]);
    expect(context.logs.filter((line) => line.includes('unexpected error'))).toEqual([]);
  });

  it('withdraws the anomaly the corrected week no longer shows: off the agenda and the counts, its answer kept, audited, and a later week raises a new one', async () => {
    const { admin, orgId, kofi, danaClient, kofiClient, deckPath, original, anomalyId } = await publishedOnBadData();
    expect((await admin.get(`/orgs/${orgId}/people/${kofi}`)).body.person.anomaliesToAnswer).toHaveLength(1);
    // The right file has no spike at all: the anomaly Kofi explained came from the bad data.
    await upload(admin, deckPath, fulfilmentCsv('2025-01-14'));
    const corrected = await danaClient.post(`${deckPath}/snapshots/${original.id}/corrections`, { reason: 'The file counted each late order three times' });
    expect(corrected.status).toBe(201);
    const correctionId = corrected.body.snapshot.id as string;

    const deck = (await admin.get(deckPath)).body.deck;
    expect(deck.anomalies).toEqual([]);
    expect(deck.withdrawnAnomalies).toMatchObject([{
      id: anomalyId,
      status: 'explained',
      rootCause: 'A carrier strike, we thought.',
      owner: { name: 'Kofi Mensah' },
      carriedOver: false,
      // No week the latest versions show holds its signal.
      weeksSeen: [],
      withdrawn: { snapshotId: correctionId, weekEnding: '2025-01-04', version: 2, reason: 'The file counted each late order three times', by: { name: 'A member' } },
    }]);
    const listed = (await admin.get(`/orgs/${orgId}/wbr/decks`)).body.decks;
    expect(listed[0]).toMatchObject({ unresolvedAnomalies: 0 });
    // Nor is it waiting for its owner's answer.
    expect((await admin.get(`/orgs/${orgId}/people/${kofi}`)).body.person.anomaliesToAnswer).toEqual([]);
    for (const [status, count] of [['unresolved', 0], ['explained', 0], ['withdrawn', 1]] as const) {
      expect((await admin.get(`/orgs/${orgId}/wbr/anomalies?status=${status}`)).body.anomalies).toHaveLength(count);
    }

    // Its status is an answer to a signal that is gone: it stays; the owner may still write their notes.
    const reopened = await kofiClient.patch(`/orgs/${orgId}/wbr/anomalies/${anomalyId}`, { status: 'resolved' });
    expect(reopened.status).toBe(409);
    expect(reopened.body.error).toMatchObject({ code: 'conflict', rule: 'wbr.anomaly_withdrawn', field: 'body.status' });
    const noted = await kofiClient.patch(`/orgs/${orgId}/wbr/anomalies/${anomalyId}`, { rootCause: 'No strike: the file was wrong.' });
    expect(noted.status).toBe(200);
    expect(noted.body.anomaly).toMatchObject({ status: 'explained', rootCause: 'No strike: the file was wrong.', withdrawn: { snapshotId: correctionId } });

    const events = (await admin.get(`/orgs/${orgId}/audit-events`)).body.events as Array<{ action: string; subjectId: string; data: Record<string, unknown> }>;
    expect(events.find((event) => event.action === 'wbr_anomaly.withdrawn')).toMatchObject({ subjectId: anomalyId, data: { metric: 'Late deliveries', weekEnding: '2025-01-04', version: 2, reason: 'The file counted each late order three times', correctionSnapshotId: correctionId, status: 'explained' } });
    expect(events.find((event) => event.action === 'wbr_week.corrected')).toMatchObject({
      data: { anomaliesWithdrawn: 1, anomaliesReinstated: 0, anomalies: { raised: { count: 0, metrics: [] }, withdrawn: { count: 1, metrics: ['Late deliveries'] }, reinstated: { count: 0, metrics: [] } } },
    });

    // A real spike the week after is a new anomaly (the withdrawn one does not hold the metric's place).
    await upload(admin, deckPath, fulfilmentCsv('2025-01-14', ['2025-01-11']));
    expect((await admin.post(`${deckPath}/snapshots`, {})).status).toBe(201);
    const after = (await admin.get(deckPath)).body.deck;
    expect(after.anomalies).toMatchObject([{ metric: 'Late deliveries', firstWeekEnding: '2025-01-11', status: 'open', carriedOver: false }]);
    expect(after.anomalies[0].id).not.toBe(anomalyId);
    expect(after.withdrawnAnomalies).toMatchObject([{ id: anomalyId, carriedOver: false }]);
  });

  it('counts on an anomaly an earlier week raised only the weeks the corrected week still shows, and counts a week shown again once', async () => {
    const { admin, danaClient, deckPath, anomalyId } = await publishedOnBadData();
    // The next week signals too: Kofi's anomaly, still explained, counts its two weeks.
    await upload(admin, deckPath, fulfilmentCsv('2025-01-14', ['2025-01-04', '2025-01-11']));
    const next = await admin.post(`${deckPath}/snapshots`, {});
    expect(next.body.snapshot).toMatchObject({ weekEnding: '2025-01-11' });
    expect((await admin.get(deckPath)).body.deck.anomalies).toMatchObject([{ id: anomalyId, occurrences: 2 }]);

    // That week's right file has no spike: the anomaly stays (its own week still signals), counting one week.
    await upload(admin, deckPath, fulfilmentCsv('2025-01-14', ['2025-01-04']));
    const corrected = await danaClient.post(`${deckPath}/snapshots/${next.body.snapshot.id as string}/corrections`, { reason: 'The second spike was a double count' });
    expect(corrected.status).toBe(201);
    const deck = (await admin.get(deckPath)).body.deck;
    expect(deck.anomalies).toMatchObject([{ id: anomalyId, status: 'explained', rootCause: 'A carrier strike, we thought.', occurrences: 1, firstWeekEnding: '2025-01-04', lastWeekEnding: '2025-01-04' }]);
    expect(deck.withdrawnAnomalies).toEqual([]);

    // A later correction that shows the week again counts it again, once, and correcting on the same data changes nothing.
    await upload(admin, deckPath, fulfilmentCsv('2025-01-14', ['2025-01-04', '2025-01-11']));
    const again = await danaClient.post(`${deckPath}/snapshots/${corrected.body.snapshot.id as string}/corrections`, { reason: 'The second spike was real' });
    expect(again.body.snapshot).toMatchObject({ version: 3, newSignals: 0 });
    expect((await admin.get(deckPath)).body.deck.anomalies).toMatchObject([{ id: anomalyId, occurrences: 2, firstWeekEnding: '2025-01-04', lastWeekEnding: '2025-01-11' }]);
    const same = await danaClient.post(`${deckPath}/snapshots/${again.body.snapshot.id as string}/corrections`, { reason: 'Checked once more' });
    expect(same.status).toBe(201);
    expect((await admin.get(deckPath)).body.deck.anomalies).toMatchObject([{ id: anomalyId, occurrences: 2 }]);
  });

  it('moves an anomaly\'s first week to the next week it is seen in when a correction drops the week it was raised on, and dates the audit by the correction\'s clock', async () => {
    const { admin, adminActor, deckId, orgId, danaClient, deckPath, original, anomalyId } = await publishedOnBadData();
    // The next week signals too: the anomaly the first week raised is seen from 4 to 11 January. Published (as a demo
    // or an import does) by a clock of its own: the audit is dated by it, as the week's rules were.
    await upload(admin, deckPath, fulfilmentCsv('2025-01-14', ['2025-01-04', '2025-01-11']));
    const published = await publishWeek(context.database.db, adminActor, deckId, {}, new Date('2025-01-13T08:00:00Z'));
    expect(published.weekEnding).toBe('2025-01-11');
    expect((await admin.get(deckPath)).body.deck.anomalies).toMatchObject([{ id: anomalyId, firstWeekEnding: '2025-01-04', lastWeekEnding: '2025-01-11', occurrences: 2 }]);

    // The first week's right file has no spike: the anomaly stands (the week after still signals), seen on 11 January only.
    await upload(admin, deckPath, fulfilmentCsv('2025-01-14', ['2025-01-11']));
    const corrected = await danaClient.post(`${deckPath}/snapshots/${original.id}/corrections`, { reason: 'The first spike was a double count' });
    expect(corrected.status).toBe(201);
    const deck = (await admin.get(deckPath)).body.deck;
    expect(deck.anomalies).toMatchObject([{ id: anomalyId, status: 'explained', firstWeekEnding: '2025-01-11', lastWeekEnding: '2025-01-11', occurrences: 1 }]);
    expect(deck.withdrawnAnomalies).toEqual([]);
    expect((await admin.get(`/orgs/${orgId}/wbr/anomalies?deckId=${deck.id as string}`)).body.anomalies).toMatchObject([{ id: anomalyId, firstWeekEnding: '2025-01-11' }]);

    // A correction that shows the spike again moves the first week back to it.
    await upload(admin, deckPath, fulfilmentCsv('2025-01-14', ['2025-01-04', '2025-01-11']));
    await correctWeek(context.database.db, adminActor, deckId, corrected.body.snapshot.id as string, { reason: 'The spike was real' }, new Date('2025-01-15T09:30:00Z'));
    expect((await admin.get(deckPath)).body.deck.anomalies).toMatchObject([{ id: anomalyId, firstWeekEnding: '2025-01-04', lastWeekEnding: '2025-01-11', occurrences: 2 }]);
    const events = (await admin.get(`/orgs/${orgId}/audit-events`)).body.events as Array<{ action: string; createdAt: string; data: Record<string, unknown> }>;
    expect(events.filter((event) => event.action === 'wbr_week.published').map((event) => event.createdAt)).toContain('2025-01-13T08:00:00.000Z');
    expect(events.find((event) => event.action === 'wbr_week.corrected' && event.data.version === 3)?.createdAt).toBe('2025-01-15T09:30:00.000Z');
  });

  it('lists the weeks an anomaly was seen in that the latest versions still show, through the list, the deck and a save', async () => {
    const { admin, kofiClient, orgId, danaClient, deckPath, original, anomalyId } = await publishedOnBadData();
    await upload(admin, deckPath, fulfilmentCsv('2025-01-14', ['2025-01-04', '2025-01-11']));
    const nextWeek = await admin.post(`${deckPath}/snapshots`, {});
    expect(nextWeek.status).toBe(201);
    const listed = async () => (await admin.get(`/orgs/${orgId}/wbr/anomalies?status=unresolved`)).body.anomalies as Array<{ id: string; weeksSeen: string[] }>;
    expect(await listed()).toMatchObject([{ id: anomalyId, weeksSeen: ['2025-01-04', '2025-01-11'], occurrences: 2 }]);

    // The first week's right file has no spike: that week is no longer listed, wherever the anomaly is read.
    await upload(admin, deckPath, fulfilmentCsv('2025-01-14', ['2025-01-11']));
    const corrected = await danaClient.post(`${deckPath}/snapshots/${original.id}/corrections`, { reason: 'The first spike was a double count' });
    expect(corrected.status).toBe(201);
    expect(await listed()).toMatchObject([{ id: anomalyId, weeksSeen: ['2025-01-11'], occurrences: 1 }]);
    expect((await admin.get(deckPath)).body.deck.anomalies).toMatchObject([{ id: anomalyId, weeksSeen: ['2025-01-11'] }]);
    const saved = await kofiClient.patch(`/orgs/${orgId}/wbr/anomalies/${anomalyId}`, { rootCause: 'A spike on the 11th only.' });
    expect(saved.status).toBe(200);
    expect(saved.body.anomaly).toMatchObject({ weeksSeen: ['2025-01-11'] });
  });

  it('withdraws an anomaly an earlier week raised when a correction of a later week drops the last week it was seen in, and reinstates it when a correction shows it again', async () => {
    const { admin, orgId, danaClient, deckPath, original, anomalyId } = await publishedOnBadData();
    await upload(admin, deckPath, fulfilmentCsv('2025-01-14', ['2025-01-04', '2025-01-11']));
    const nextWeek = await admin.post(`${deckPath}/snapshots`, {});
    expect(nextWeek.status).toBe(201);
    // The first week's spike was a double count: the anomaly it raised stands on 11 January only.
    await upload(admin, deckPath, fulfilmentCsv('2025-01-14', ['2025-01-11']));
    expect((await danaClient.post(`${deckPath}/snapshots/${original.id}/corrections`, { reason: 'The first spike was a double count' })).status).toBe(201);

    // So was the second: no week shows the anomaly any more, so it leaves the agenda rather than standing on no week.
    await upload(admin, deckPath, fulfilmentCsv('2025-01-14'));
    const corrected = await danaClient.post(`${deckPath}/snapshots/${nextWeek.body.snapshot.id as string}/corrections`, { reason: 'The second spike was a double count too' });
    expect(corrected.status).toBe(201);
    const deck = (await admin.get(deckPath)).body.deck;
    expect(deck.anomalies).toEqual([]);
    expect(deck.withdrawnAnomalies).toMatchObject([{ id: anomalyId, status: 'explained', weeksSeen: [], withdrawn: { snapshotId: corrected.body.snapshot.id, weekEnding: '2025-01-11', version: 2 } }]);
    const events = (await admin.get(`/orgs/${orgId}/audit-events`)).body.events as Array<{ action: string; subjectId: string; data: Record<string, unknown> }>;
    expect(events.find((event) => event.action === 'wbr_anomaly.withdrawn' && event.subjectId === anomalyId)).toMatchObject({ data: { weekEnding: '2025-01-11', version: 2 } });
    expect(events.find((event) => event.action === 'wbr_week.corrected' && event.data.weekEnding === '2025-01-11')).toMatchObject({ data: { anomaliesWithdrawn: 1, anomalies: { withdrawn: { metrics: ['Late deliveries'] } } } });

    // The second spike was real after all: the same anomaly comes back with its answer, on that week, not a second one.
    await upload(admin, deckPath, fulfilmentCsv('2025-01-14', ['2025-01-11']));
    expect((await danaClient.post(`${deckPath}/snapshots/${corrected.body.snapshot.id as string}/corrections`, { reason: 'The second spike was real' })).status).toBe(201);
    const after = (await admin.get(deckPath)).body.deck;
    expect(after.withdrawnAnomalies).toEqual([]);
    expect(after.anomalies).toMatchObject([{ id: anomalyId, status: 'explained', weeksSeen: ['2025-01-11'], occurrences: 1, firstWeekEnding: '2025-01-11' }]);

  });

  it('re-dates each of two anomalies of one metric from the weeks it was seen in, never from the other\'s weeks inside its span', async () => {
    const { admin, danaClient, deckPath, byId, first, second, latestVersion } = await twoAnomaliesOfOneMetric();
    // The first week's spike is dropped again: the first anomaly is left with 18 January, not the other's 11 January.
    await upload(admin, deckPath, fulfilmentCsv('2025-01-21', ['2025-01-18']));
    expect((await danaClient.post(`${deckPath}/snapshots/${latestVersion}/corrections`, { reason: 'Double count after all' })).status).toBe(201);
    expect((await byId()).get(first)).toMatchObject({ firstWeekEnding: '2025-01-18', lastWeekEnding: '2025-01-18', occurrences: 1 });
    expect((await byId()).get(second)).toMatchObject({ firstWeekEnding: '2025-01-11', lastWeekEnding: '2025-01-11', occurrences: 1 });
  });

  it('reinstates a withdrawn anomaly, with its answer, when a later correction shows its signal again, rather than raising it twice', async () => {
    const { admin, orgId, danaClient, deckPath, original, anomalyId } = await publishedOnBadData();
    await upload(admin, deckPath, fulfilmentCsv('2025-01-07'));
    const first = await danaClient.post(`${deckPath}/snapshots/${original.id}/corrections`, { reason: 'The file looked wrong' });
    expect((await admin.get(deckPath)).body.deck.withdrawnAnomalies).toMatchObject([{ id: anomalyId }]);
    await upload(admin, deckPath, fulfilmentCsv('2025-01-07', ['2025-01-04']));
    const second = await danaClient.post(`${deckPath}/snapshots/${first.body.snapshot.id as string}/corrections`, { reason: 'The first file was right after all' });
    expect(second.status).toBe(201);
    expect(second.body.snapshot).toMatchObject({ version: 3, newSignals: 0 });
    const deck = (await admin.get(deckPath)).body.deck;
    expect(deck.anomalies).toMatchObject([{ id: anomalyId, status: 'explained', rootCause: 'A carrier strike, we thought.', withdrawn: null }]);
    expect(deck.withdrawnAnomalies).toEqual([]);
    expect((await admin.get(`/orgs/${orgId}/wbr/anomalies?deckId=${deck.id as string}`)).body.anomalies).toHaveLength(1);
    const events = (await admin.get(`/orgs/${orgId}/audit-events`)).body.events as Array<{ action: string; subjectId: string; data: Record<string, unknown> }>;
    expect(events.find((event) => event.action === 'wbr_anomaly.reinstated')).toMatchObject({ subjectId: anomalyId, data: { version: 3, reason: 'The first file was right after all' } });
    expect(events.find((event) => event.action === 'wbr_week.corrected')).toMatchObject({ data: { version: 3, anomalies: { raised: { count: 0, metrics: [] }, reinstated: { count: 1, metrics: ['Late deliveries'] } } } });
  });
});


describe('the wbr-anomaly-weeks-seen migration', () => {
  it('gives each stored anomaly the weeks its metric was raised on in its span, an overlapping week to the inner anomaly', async () => {
    const { admin, danaClient, deckPath, byId, first, second, latestVersion } = await twoAnomaliesOfOneMetric();
    const db = context.database.db;
    const weeksSeen = async () => new Map((await db.selectFrom('wbr_anomalies').select(['id', sql<string[]>`weeks_seen::text[]`.as('weeks')]).where('id', 'in', [first, second]).execute()).map((row) => [row.id, row.weeks]));
    expect(await weeksSeen()).toEqual(new Map([[first, ['2025-01-04', '2025-01-18']], [second, ['2025-01-11']]]));
    // Anomalies stored before the column existed.
    await anomalyWeeksSeen.down(db as unknown as Kysely<unknown>);
    await anomalyWeeksSeen.up(db as unknown as Kysely<unknown>);
    expect(await weeksSeen()).toEqual(new Map([[first, ['2025-01-04', '2025-01-18']], [second, ['2025-01-11']]]));
    // A correction then re-dates them exactly; an anomaly seen in no week is refused by the database.
    await upload(admin, deckPath, fulfilmentCsv('2025-01-21', ['2025-01-18']));
    expect((await danaClient.post(`${deckPath}/snapshots/${latestVersion}/corrections`, { reason: 'Double count after all' })).status).toBe(201);
    expect((await byId()).get(first)).toMatchObject({ firstWeekEnding: '2025-01-18', lastWeekEnding: '2025-01-18', occurrences: 1 });
    await expect(db.updateTable('wbr_anomalies').set({ weeks_seen: [] }).where('id', '=', first).execute()).rejects.toThrow(/wbr_anomalies_weeks_seen/);
  });

  it('reads the signals of the weeks asked about from each week\'s latest version only', async () => {
    const { orgId, deckId } = await twoAnomaliesOfOneMetric();
    const read = async (weeks: string[]) =>
      ((await latestSignalsByDeck(context.database.db, orgId, new Map([[deckId, weeks]]))).get(deckId) ?? []).filter((signal) => signal.metric === 'Late deliveries').map((signal) => signal.weekEnding);
    // 4 January: its second version dropped the spike, its third shows it again; only the third is read.
    expect(await read(['2025-01-04'])).toEqual(['2025-01-04']);
    // The weeks asked about bound what is read: 11 January's week raised its own spike, nothing of 4 or 18 January.
    expect(await read(['2025-01-11'])).toEqual(['2025-01-11']);
    expect(await read(['2025-01-04', '2025-01-18'])).toEqual(['2025-01-04', '2025-01-18']);
    expect(await read([])).toEqual([]);
  });
});
