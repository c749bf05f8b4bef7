import { describe, expect, it } from 'vitest';
import { inviteClient, signUpClient, useTestApp, type ApiClient } from '../../../../test/support/test-app.js';
import { DEMO_PRFAQ } from '../../../services/demo/seed-documents-demo.js';

const context = useTestApp();

/**
 * A verdict judges the document's current version: one sent for an older draft is refused as stale (409, naming the
 * current version), and everything that reads "the verdict" (the list, Home, the pipeline's FAQ gate and its record)
 * reads the one on the current version, while the older drafts' votes and verdicts stay readable as history.
 */

async function savedVersion(client: ApiClient, path: string, body: string, baseVersion: number): Promise<void> {
  expect((await client.post(`${path}/versions`, { title: 'Returns Robot', body, baseVersion })).status).toBe(201);
}

const listedVerdict = async (client: ApiClient, orgId: string, documentId: string) =>
  ((await client.get(`/orgs/${orgId}/documents`)).body.documents as Array<{ id: string; verdict: unknown }>).find((document) => document.id === documentId)?.verdict;

const unjudgedOnHome = async (client: ApiClient, orgId: string) =>
  ((await client.get(`/orgs/${orgId}/home`)).body.leadership as Array<{ kind: string; documentId?: string; version?: number }>).filter((item) => item.kind === 'press_release_unjudged');

describe('a verdict is about the current version', () => {
  it('refuses a verdict on an older version as stale, naming the current one, and keeps the old draft\'s review as history', async () => {
    const { client: author, orgId } = await signUpClient(context.app);
    const [fan, late] = await Promise.all([1, 2].map(() => inviteClient(context.app, author, orgId, 'member')));
    const document = (await author.post(`/orgs/${orgId}/documents`, { kind: 'prfaq', title: 'Returns Robot', body: DEMO_PRFAQ })).body.document as { id: string };
    const path = `/orgs/${orgId}/documents/${document.id}`;
    expect((await fan!.client.post(`${path}/votes`, { version: 1, choice: 'not_yet', reason: 'No price yet.' })).status).toBe(201);
    await savedVersion(author, path, DEMO_PRFAQ.replace('picks up returns from your door', 'collects returns at your door'), 1);
    expect((await fan!.client.post(`${path}/votes`, { version: 2, choice: 'compelling', reason: 'The door is the promise.' })).status).toBe(201);
    expect((await fan!.client.post(`${path}/verdicts`, { version: 2, verdict: 'compelling', reason: 'Version 2 is clear.' })).status).toBe(201);

    // A reviewer whose page still shows version 1 sends "not yet" on it: refused, and the compelling verdict stands.
    const stale = await late!.client.post(`${path}/verdicts`, { version: 1, verdict: 'not_yet', reason: 'The price is missing.' });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'conflict', field: 'body.version', data: { currentVersion: 2 }, message: expect.stringContaining('Version 2 of this document was saved after version 1') });
    // The reverse, a compelling verdict for an older draft nobody should pass on, is refused the same way.
    expect((await late!.client.post(`${path}/verdicts`, { version: 1, verdict: 'compelling', reason: 'Good enough.' })).body.error).toMatchObject({ code: 'conflict', data: { currentVersion: 2 } });
    expect(await listedVerdict(author, orgId, document.id)).toEqual({ verdict: 'compelling', version: 2, isBackedByVotes: true });
    const review = (await author.get(`${path}/review`)).body.review;
    expect(review.verdicts).toEqual([expect.objectContaining({ verdict: 'compelling', version: 2 })]);
    const audit = (await author.get(`/orgs/${orgId}/audit-events`)).body.events as Array<{ action: string }>;
    expect(audit.filter((event) => event.action === 'document.verdict_recorded')).toHaveLength(1);
    // Version 1's votes are still there to read.
    expect((await author.get(`${path}/review?version=1`)).body.review).toMatchObject({ version: 1, tally: { compelling: 0, notYet: 1 }, votes: [expect.objectContaining({ choice: 'not_yet', reason: 'No price yet.' })] });
    // A version that does not exist is bad input, not a stale page.
    expect((await late!.client.post(`${path}/verdicts`, { version: 9, verdict: 'not_yet', reason: 'x' })).status).toBe(404);
  });

  it('reads the verdict on the current version in the list and on Home: a new draft waits for a verdict of its own', async () => {
    const { client: admin, orgId } = await signUpClient(context.app);
    const [writer, reader] = await Promise.all([1, 2].map(() => inviteClient(context.app, admin, orgId, 'member')));
    const document = (await writer!.client.post(`/orgs/${orgId}/documents`, { kind: 'prfaq', title: 'Returns Robot', body: DEMO_PRFAQ })).body.document as { id: string };
    const path = `/orgs/${orgId}/documents/${document.id}`;
    await reader!.client.post(`${path}/votes`, { version: 1, choice: 'compelling', reason: 'I would use it.' });
    expect((await reader!.client.post(`${path}/verdicts`, { version: 1, verdict: 'compelling', reason: 'Clear.' })).status).toBe(201);
    expect(await listedVerdict(admin, orgId, document.id)).toMatchObject({ verdict: 'compelling', version: 1 });

    // Version 2 is saved and voted on: the list shows no verdict, Home shows a press release waiting for one.
    await savedVersion(writer!.client, path, DEMO_PRFAQ.replace('picks up returns from your door', 'collects returns at your door'), 1);
    await reader!.client.post(`${path}/votes`, { version: 2, choice: 'not_yet', reason: 'The headline lost the door.' });
    expect(await listedVerdict(admin, orgId, document.id)).toBeNull();
    expect(await unjudgedOnHome(admin, orgId)).toEqual([expect.objectContaining({ documentId: document.id, version: 2 })]);
    expect((await reader!.client.post(`${path}/verdicts`, { version: 2, verdict: 'not_yet', reason: 'Back to the door.' })).status).toBe(201);
    expect(await listedVerdict(admin, orgId, document.id)).toEqual({ verdict: 'not_yet', version: 2, isBackedByVotes: true });
    expect(await unjudgedOnHome(admin, orgId)).toEqual([]);
    // Both verdicts are in the review's history, newest first.
    expect((await admin.get(`${path}/review`)).body.review.verdicts.map((verdict: { version: number; verdict: string }) => [verdict.version, verdict.verdict])).toEqual([[2, 'not_yet'], [1, 'compelling']]);
  });
});

describe('a vote is about the current version, as a verdict is', () => {
  it('refuses a vote on an older version as stale, naming the current one and the field, and still takes votes on the current one', async () => {
    const { client: author, orgId } = await signUpClient(context.app);
    const reviewer = await inviteClient(context.app, author, orgId, 'member');
    const document = (await author.post(`/orgs/${orgId}/documents`, { kind: 'prfaq', title: 'Returns Robot', body: DEMO_PRFAQ })).body.document as { id: string };
    const path = `/orgs/${orgId}/documents/${document.id}`;
    expect((await reviewer.client.post(`${path}/votes`, { version: 1, choice: 'not_yet', reason: 'No price yet.' })).status).toBe(201);
    await savedVersion(author, path, DEMO_PRFAQ.replace('picks up returns from your door', 'collects returns at your door'), 1);

    // A reviewer whose page still shows version 1 votes on it: refused, and nothing is added to version 1's tally.
    const stale = await reviewer.client.post(`${path}/votes`, { version: 1, choice: 'compelling', reason: 'I would use it.' });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'conflict', field: 'body.version', data: { currentVersion: 2 }, message: expect.stringContaining('Version 2 of this document was saved after version 1, the one you voted on') });
    expect((await author.get(`${path}/review?version=1`)).body.review).toMatchObject({ tally: { compelling: 0, notYet: 1 }, votes: [expect.objectContaining({ choice: 'not_yet', reason: 'No price yet.' })] });

    // On the current version the same vote is taken, and counts there.
    const current = await reviewer.client.post(`${path}/votes`, { version: 2, choice: 'compelling', reason: 'I would use it.' });
    expect(current.status).toBe(201);
    expect(current.body.review).toMatchObject({ version: 2, tally: { compelling: 1, notYet: 0, reviewers: 1 } });
    // A version that does not exist is bad input (404 naming the field), not a stale page.
    expect((await reviewer.client.post(`${path}/votes`, { version: 9, choice: 'compelling', reason: 'x' })).body.error).toMatchObject({ code: 'not_found', field: 'body.version' });
  });
});
