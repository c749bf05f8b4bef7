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
    expect(stale.body.error).toMatchObject({ code: 'conflict', field: 'baseConfigToken' });
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
    expect(stale.body.error).toMatchObject({ code: 'conflict', field: 'baseUpdatedAt', data: { updatedAt: first.body.anomaly.updatedAt } });
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
    expect(stale.body.error).toMatchObject({ code: 'conflict', field: 'baseToken' });
    expect((await client.get(base)).body.opportunity.pressRelease.headline).toBe('Harbor Foods ships the same day');
    // Saving the same text again from the fresh read is fine, and a script that sends no token is not checked.
    expect((await client.put(`${base}/press-release`, { ...release, baseToken: first.body.opportunity.pressReleaseToken })).status).toBe(200);
    expect((await client.put(`${base}/press-release`, { ...release, headline: 'By a script' })).status).toBe(200);
  });
});
