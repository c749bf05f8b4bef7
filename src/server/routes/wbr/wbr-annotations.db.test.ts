import { describe, expect, it } from 'vitest';
import type { ApiClient } from '../../../../test/support/test-app.js';
import { inviteClient, signUpClient, useTestApp } from '../../../../test/support/test-app.js';
import { FULFILMENT_CONFIG, fulfilmentCsv } from '../../../../test/support/wbr-review-fixture.js';
import { ANNOTATION_FILE_MAX_BYTES, ANNOTATION_LIMITS } from '../../../domain/wbr-review/annotations.js';

const context = useTestApp();

/**
 * A deck's annotations over the API: written by those who build the review, read by everyone who reads it, carried
 * by the weeks published after them and kept by the weeks published before.
 */

const uploadCsv = (client: ApiClient, path: string, csv: string, fileName: string) =>
  client.request('PUT', `${path}?fileName=${encodeURIComponent(fileName)}`, undefined, { rawBody: csv, headers: { 'content-type': 'text/csv' } });

async function deckWithData() {
  const { client, orgId } = await signUpClient(context.app);
  const deckPath = `/orgs/${orgId}/wbr/decks/${(await client.post(`/orgs/${orgId}/wbr/decks`, { name: 'Fulfilment', config: FULFILMENT_CONFIG })).body.deck.id}`;
  expect((await uploadCsv(client, `${deckPath}/data`, fulfilmentCsv('2025-01-18'), 'fulfilment.csv')).status).toBe(200);
  return { client, orgId, deckPath };
}

/** The annotations on a published week's chart of `title`, as its deck JSON carries them. */
async function chartAnnotations(client: ApiClient, deckPath: string, snapshotId: string, title: string): Promise<string[]> {
  const response = await client.get(`${deckPath}/snapshots/${snapshotId}/export?format=json`);
  const deck = typeof response.body === 'string' ? JSON.parse(response.body) : response.body;
  return deck.blocks.find((block: { title?: string }) => block.title === title).annotations.map((annotation: { date: string; description: string }) => `${annotation.date}: ${annotation.description}`);
}

describe('WBR annotations', () => {
  it('annotates a metric, shows it on the weeks published after (and keeps the weeks published before as they were), audited', async () => {
    const { client, orgId, deckPath } = await deckWithData();
    const first = await client.post(`${deckPath}/snapshots`, { weekEnding: '2025-01-04' });
    expect(first.status).toBe(201);

    const added = await client.post(`${deckPath}/annotations`, { date: '2025-01-08', metric: 'Late deliveries', description: ' Storm closed\ntwo depots ' });
    expect(added.status).toBe(201);
    expect(added.body.annotations).toEqual([{ id: expect.any(String), date: '2025-01-08', metric: 'Late deliveries', description: 'Storm closed two depots', createdBy: expect.any(String), createdAt: expect.any(String) }]);
    await client.post(`${deckPath}/annotations`, { date: '2024-01-10', metric: 'Late deliveries', description: 'Last year: the carrier strike' });

    const second = await client.post(`${deckPath}/snapshots`, { weekEnding: '2025-01-11' });
    expect(second.status).toBe(201);
    expect(await chartAnnotations(client, deckPath, second.body.snapshot.id, 'Late deliveries')).toEqual(['January 08 2025: Storm closed two depots', 'January 10 2024: Last year: the carrier strike']);
    expect(await chartAnnotations(client, deckPath, second.body.snapshot.id, 'Orders shipped')).toEqual([]);
    // The week published before the annotation keeps the deck it was published with.
    expect(await chartAnnotations(client, deckPath, first.body.snapshot.id, 'Late deliveries')).toEqual([]);
    // The HTML deck shows it too.
    const html = await client.get(`${deckPath}/snapshots/${second.body.snapshot.id}/export?format=html`);
    expect(String(html.body)).toContain('Storm closed two depots');

    // Removing one changes the weeks published after, not the one before.
    const id = added.body.annotations[0].id as string;
    const removed = await client.delete(`${deckPath}/annotations/${id}`);
    expect(removed.status).toBe(200);
    expect(removed.body.annotations.map((annotation: { description: string }) => annotation.description)).toEqual(['Last year: the carrier strike']);
    expect((await client.delete(`${deckPath}/annotations/${id}`)).status).toBe(404);
    expect(await chartAnnotations(client, deckPath, second.body.snapshot.id, 'Late deliveries')).toHaveLength(2);

    const actions = (await client.get(`/orgs/${orgId}/audit-events`)).body.events.map((event: { action: string }) => event.action);
    expect(actions.filter((action: string) => action.startsWith('wbr_annotation.'))).toEqual(['wbr_annotation.removed', 'wbr_annotation.added', 'wbr_annotation.added']);
  });

  it('replaces them all with the WBR App\'s annotation file, all or nothing, naming the line of a bad row', async () => {
    const { client, deckPath } = await deckWithData();
    await client.post(`${deckPath}/annotations`, { date: '2025-01-08', metric: 'Late deliveries', description: 'Typed in the app' });
    const file = 'Date,MetricName,EventDescription\n2025-01-02,Late deliveries,Storm\n"07-JAN-2025",Orders shipped,"Sale, day one"\n';
    const replaced = await uploadCsv(client, `${deckPath}/annotations`, file, 'events.csv');
    expect(replaced.status).toBe(200);
    expect(replaced.body.annotations.map((annotation: { date: string; metric: string; description: string }) => [annotation.date, annotation.metric, annotation.description])).toEqual([
      ['2025-01-07', 'Orders shipped', 'Sale, day one'],
      ['2025-01-02', 'Late deliveries', 'Storm'],
    ]);

    const bad = await uploadCsv(client, `${deckPath}/annotations`, 'Date,MetricName,EventDescription\n2025-01-02,Late deliveries,Storm\n2025-01-03,Returns,Sale\n', 'events.csv');
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'invalid_data', file: 'events.csv', line: 3, field: 'metric' });
    expect(bad.body.error.message).toMatch(/^Line 3: metric: the deck has no metric "Returns"/);
    // A row the file's reader refuses (a date in no format the App reads) names its line in the message too.
    const badDate = await uploadCsv(client, `${deckPath}/annotations`, 'Date,MetricName,EventDescription\n2025-01-02,Late deliveries,Storm\nnext Tuesday,Late deliveries,Sale\n', 'events.csv');
    expect(badDate.status).toBe(400);
    expect(badDate.body.error).toMatchObject({ code: 'invalid_data', file: 'events.csv', line: 3, field: 'body' });
    expect(badDate.body.error.message).toMatch(/^Line 3: Cannot read the date "next Tuesday"/);
    expect((await client.get(`${deckPath}/annotations`)).body.annotations).toHaveLength(2);
    const notCsv = await client.request('PUT', `${deckPath}/annotations?fileName=events.csv`, undefined, { rawBody: '{}', headers: { 'content-type': 'application/json' } });
    expect(notCsv.body.error).toMatchObject({ code: 'validation_failed', field: 'body' });
    const latin1 = await client.request('PUT', `${deckPath}/annotations?fileName=events.csv`, undefined, { rawBody: Buffer.from('Date,MetricName,EventDescription\n2025-01-02,Late deliveries,Caf\xe9 opened\n', 'latin1'), headers: { 'content-type': 'text/csv' } });
    expect(latin1.body.error).toMatchObject({ code: 'invalid_data', field: 'body', file: 'events.csv' });
  });

  it('takes a file as large as the documented limits allow (5,000 annotations of 500 characters), and refuses a larger body with 413', async () => {
    const { client, deckPath } = await deckWithData();
    // Descriptions of 500 characters, most of them two bytes in UTF-8: over 5 MB, far beyond the 1 MiB JSON limit.
    const rows = Array.from({ length: ANNOTATION_LIMITS.perDeck }, (_, index) => {
      const day = new Date(Date.UTC(2012, 0, 1) + index * 86_400_000).toISOString().slice(0, 10);
      return `${day},Late deliveries,"Note ${String(index).padStart(4, '0')} ${'é'.repeat(ANNOTATION_LIMITS.descriptionMaxLength - 10)}"`;
    });
    const file = `Date,MetricName,EventDescription\n${rows.join('\n')}\n`;
    expect(Buffer.byteLength(file)).toBeGreaterThan(5_000_000);
    const taken = await uploadCsv(client, `${deckPath}/annotations`, file, 'events.csv');
    expect(taken.status).toBe(200);
    expect(taken.body.annotations).toHaveLength(ANNOTATION_LIMITS.perDeck);
    expect(taken.body.annotations[0].description).toHaveLength(ANNOTATION_LIMITS.descriptionMaxLength);

    const tooLarge = await uploadCsv(client, `${deckPath}/annotations`, `${file}${'#'.repeat(ANNOTATION_FILE_MAX_BYTES)}`, 'events.csv');
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body.error).toMatchObject({ code: 'payload_too_large', field: 'body' });
    expect((await client.get(`${deckPath}/annotations`)).body.annotations).toHaveLength(ANNOTATION_LIMITS.perDeck);
    // A typed-in annotation is JSON, under the app's own body limit as before.
    expect((await client.request('POST', `${deckPath}/annotations`, undefined, { rawBody: JSON.stringify({ date: '2025-01-02', metric: 'Late deliveries', description: 'x'.repeat(1_100_000) }), headers: { 'content-type': 'application/json' } })).status).toBe(413);
  });

  it('refuses bad input naming the field, lets readers read but not write, and keeps decks of other orgs apart', async () => {
    const { client, orgId, deckPath } = await deckWithData();
    const bad = async (body: Record<string, unknown>, field: string) => {
      const response = await client.post(`${deckPath}/annotations`, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.error, JSON.stringify(body)).toMatchObject({ code: 'validation_failed', field });
    };
    await bad({ date: '2025-02-30', metric: 'Late deliveries', description: 'x' }, 'body.date');
    await bad({ date: '2025-01-02', metric: 'Returns', description: 'x' }, 'body.metric');
    await bad({ date: '2025-01-02', metric: 'Late deliveries', description: '   ' }, 'body.description');
    await bad({ date: '2025-01-02', metric: 'Late deliveries', description: 'x'.repeat(501) }, 'body.description');
    await bad({ date: '2025-01-02', metric: 'Late deliveries', description: 'x', author: 'me' }, 'body');

    await client.post(`${deckPath}/annotations`, { date: '2025-01-02', metric: 'Late deliveries', description: 'Storm' });
    const { client: recruiter } = await inviteClient(context.app, client, orgId, 'recruiter');
    expect((await recruiter.get(`${deckPath}/annotations`)).body.annotations).toHaveLength(1);
    const refused = await recruiter.post(`${deckPath}/annotations`, { date: '2025-01-03', metric: 'Late deliveries', description: 'Mine' });
    expect(refused.status).toBe(403);
    expect((await recruiter.delete(`${deckPath}/annotations/${(await client.get(`${deckPath}/annotations`)).body.annotations[0].id}`)).status).toBe(403);

    const stranger = await signUpClient(context.app);
    // The deck's id under the stranger's own org: no such deck there.
    const foreignPath = deckPath.replace(orgId, stranger.orgId);
    expect((await stranger.client.get(`${foreignPath}/annotations`)).status).toBe(404);
    expect((await stranger.client.post(`${foreignPath}/annotations`, { date: '2025-01-03', metric: 'Late deliveries', description: 'Not mine' })).status).toBe(404);
    expect((await client.get(`${deckPath}/annotations`)).body.annotations).toHaveLength(1);
  });
});
