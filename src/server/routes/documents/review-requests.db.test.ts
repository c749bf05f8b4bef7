import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, inviteClient, signUpClient, type ApiClient } from '../../../../test/support/test-app.js';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/test-database.js';
import type { PulseApp } from '../../app.js';

// "Ask for review": an author asks org members to review a document; each sees it on Home (and gets an email, with
// email on) until they vote on the document or an author withdraws the request. The refusals name body.reviewerIds.
// The open requests are listed in full to the authors and admins, and to any other reader only as far as they ask them.

const EMAIL_ON = { PULSE_SMTP_URL: 'smtp://127.0.0.1:2525', PULSE_MAIL_FROM: 'Pulse <pulse@example.test>', PULSE_PUBLIC_URL: 'https://pulse.example.test' };
const MEMO = '# Refunds\n\n## Context\n\nShoppers wait nine days for a refund. They tell us the wait is the worst part of a return.\n';

let database: TestDatabase;
let app: PulseApp;
let orgId: string;
let admin: ApiClient;
let adminUserId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  app = createTestApp(database.db, EMAIL_ON).app;
  const signed = await signUpClient(app, { orgName: 'Acme Robots', name: 'Ada Admin' });
  ({ orgId, userId: adminUserId } = signed);
  admin = signed.client;
});
afterAll(async () => database.drop());

type Item = { kind: string } & Record<string, unknown>;
const reviewItems = async (client: ApiClient) => ((await client.get(`/orgs/${orgId}/home`)).body.needsYou as Item[]).filter((item) => item.kind === 'review_requested');
const newMemo = async (extra: Record<string, unknown> = {}) => (await admin.post(`/orgs/${orgId}/documents`, { kind: 'memo', title: 'Same-day refunds', body: MEMO, ...extra })).body.document.id as string;
const reviewEmails = (recipient: string) => database.db.selectFrom('outbox_emails').selectAll().where('org_id', '=', orgId).where('kind', '=', 'review_request').where('recipient', '=', recipient).execute();

function expectRefused(response: { status: number; body: { error: { code: string; field?: string; message: string } } }, status: number, message: string | RegExp): void {
  expect(response.status).toBe(status);
  expect(response.body.error.field).toBe('body.reviewerIds');
  expect(response.body.error.message).toMatch(message);
}

describe('asking for a review', () => {
  it('puts the request on the reviewer\'s Home, emails them the title and a link, and clears it once they vote', async () => {
    const ann = await inviteClient(app, admin, orgId, 'member');
    const document = await newMemo();
    const path = `/orgs/${orgId}/documents/${document}`;

    const asked = await admin.post(`${path}/review-requests`, { reviewerIds: [ann.userId] });
    expect(asked.status).toBe(201);
    expect(asked.body.requests).toEqual([expect.objectContaining({ reviewer: { id: ann.userId, name: 'A member' }, requestedBy: { id: adminUserId, name: 'Ada Admin' }, version: 1 })]);
    const items = await reviewItems(ann.client);
    expect(items).toEqual([{ kind: 'review_requested', requestId: asked.body.requests[0].id, documentId: document, documentTitle: 'Same-day refunds', requestedBy: { id: adminUserId, name: 'Ada Admin' }, requestedAt: asked.body.requests[0].requestedAt }]);
    // The author is not asked anything.
    expect(await reviewItems(admin)).toEqual([]);

    const [email] = await reviewEmails(ann.email);
    expect(email!.subject).toBe('Ada Admin asks you to review "Same-day refunds" (Acme Robots)');
    expect(email!.text_body).toContain(`https://pulse.example.test/o/${orgId}/documents/${document}?tab=review`);
    expect(email!.text_body).not.toMatch(/Shoppers|nine days/);

    const audit = (await admin.get(`/orgs/${orgId}/audit-events`)).body.events as Array<{ action: string; subjectId: string; data: Record<string, unknown> }>;
    expect(audit.find((event) => event.action === 'document.review_requested' && event.subjectId === document)?.data).toMatchObject({ version: 1, requests: [{ reviewerId: ann.userId }] });

    // A new version does not answer the request; a vote on it does.
    expect((await admin.post(`${path}/versions`, { title: 'Same-day refunds', body: `${MEMO}\nMore.\n`, baseVersion: 1 })).status).toBe(201);
    expect(await reviewItems(ann.client)).toHaveLength(1);
    expect((await ann.client.post(`${path}/votes`, { version: 2, choice: 'compelling', reason: 'Clear.' })).status).toBe(201);
    expect(await reviewItems(ann.client)).toEqual([]);
    expect((await admin.get(`${path}/review-requests`)).body.requests).toEqual([]);

    // Done, the reviewer may be asked again (about the next draft, say).
    expect((await admin.post(`${path}/review-requests`, { reviewerIds: [ann.userId] })).status).toBe(201);
    expect(await reviewItems(ann.client)).toHaveLength(1);
  });

  it('refuses asking yourself, another author, someone who cannot read it, someone already asked, and too many at once', async () => {
    const [coAuthor, reader, outsider, ann] = [
      await inviteClient(app, admin, orgId, 'member'),
      await inviteClient(app, admin, orgId, 'member'),
      await inviteClient(app, admin, orgId, 'member'),
      await inviteClient(app, admin, orgId, 'member'),
    ];
    const document = await newMemo({ visibility: 'readers', readerIds: [reader.userId, ann.userId] });
    const path = `/orgs/${orgId}/documents/${document}`;
    const sharing = (await admin.get(path)).body.document;
    expect((await admin.put(`${path}/access`, { visibility: 'readers', authorIds: [adminUserId, coAuthor.userId], readerIds: [reader.userId, ann.userId], baseToken: sharing.accessToken })).status).toBe(200);

    expectRefused(await admin.post(`${path}/review-requests`, { reviewerIds: [adminUserId] }), 400, /cannot ask yourself/);
    expectRefused(await admin.post(`${path}/review-requests`, { reviewerIds: [reader.userId, coAuthor.userId] }), 400, /is an author of this document/);
    expectRefused(await admin.post(`${path}/review-requests`, { reviewerIds: [outsider.userId] }), 400, /cannot read this document; add them as a reader first/);
    expectRefused(await admin.post(`${path}/review-requests`, { reviewerIds: [] }), 400, /at least one/);
    const many = await Promise.all(Array.from({ length: 11 }, () => inviteClient(app, admin, orgId, 'member')));
    expectRefused(await admin.post(`/orgs/${orgId}/documents/${await newMemo()}/review-requests`, { reviewerIds: many.map((member) => member.userId) }), 400, /at most 10/);
    // A refused request asks nobody, the reader named alongside the co-author included.
    expect(await reviewItems(reader.client)).toEqual([]);
    expect(await reviewEmails(reader.email)).toEqual([]);

    expect((await admin.post(`${path}/review-requests`, { reviewerIds: [reader.userId] })).status).toBe(201);
    expectRefused(await coAuthor.client.post(`${path}/review-requests`, { reviewerIds: [ann.userId, reader.userId] }), 409, /already asked and has not voted yet/);
    // Only authors ask: a reader may not.
    const byReader = await reader.client.post(`${path}/review-requests`, { reviewerIds: [ann.userId] });
    expect(byReader.status).toBe(403);
    expect(await reviewItems(ann.client)).toEqual([]);
  });

  it('shows every open request to the authors and admins, and to any other reader only the ones asking them', async () => {
    const [author, ann, bo, cy] = [
      await inviteClient(app, admin, orgId, 'member'),
      await inviteClient(app, admin, orgId, 'member'),
      await inviteClient(app, admin, orgId, 'member'),
      await inviteClient(app, admin, orgId, 'member'),
    ];
    // A member's document, so the admin reads it as an admin and not as its author.
    const created = await author.client.post(`/orgs/${orgId}/documents`, { kind: 'memo', title: 'Same-day refunds', body: MEMO });
    expect(created.status).toBe(201);
    const path = `/orgs/${orgId}/documents/${created.body.document.id as string}`;
    expect((await author.client.post(`${path}/review-requests`, { reviewerIds: [ann.userId, bo.userId] })).status).toBe(201);
    const reviewersSeenBy = async (client: ApiClient) => {
      const listed = await client.get(`${path}/review-requests`);
      expect(listed.status).toBe(200);
      // Both asked at once: sorted, as their order is the requests' ids'.
      return (listed.body.requests as Array<{ reviewer: { id: string } }>).map((request) => request.reviewer.id).sort();
    };
    const both = [ann.userId, bo.userId].sort();

    expect(await reviewersSeenBy(author.client)).toEqual(both);
    expect(await reviewersSeenBy(admin)).toEqual(both);
    expect(await reviewersSeenBy(ann.client)).toEqual([ann.userId]);
    expect(await reviewersSeenBy(bo.client)).toEqual([bo.userId]);
    expect(await reviewersSeenBy(cy.client)).toEqual([]);
  });

  it('lets an author withdraw a request: it leaves the reviewer\'s Home, once', async () => {
    const [coAuthor, ann] = [await inviteClient(app, admin, orgId, 'member'), await inviteClient(app, admin, orgId, 'member')];
    const document = await newMemo();
    const path = `/orgs/${orgId}/documents/${document}`;
    const sharing = (await admin.get(path)).body.document;
    expect((await admin.put(`${path}/access`, { visibility: 'org', authorIds: [adminUserId, coAuthor.userId], readerIds: [], baseToken: sharing.accessToken })).status).toBe(200);
    const request = (await admin.post(`${path}/review-requests`, { reviewerIds: [ann.userId] })).body.requests[0] as { id: string };

    expect((await ann.client.delete(`${path}/review-requests/${request.id}`)).status).toBe(403);
    const withdrawn = await coAuthor.client.delete(`${path}/review-requests/${request.id}`);
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body.requests).toEqual([]);
    expect(await reviewItems(ann.client)).toEqual([]);
    expect((await coAuthor.client.delete(`${path}/review-requests/${request.id}`)).status).toBe(409);
    const audit = (await admin.get(`/orgs/${orgId}/audit-events`)).body.events as Array<{ action: string; subjectId: string; data: Record<string, unknown> }>;
    expect(audit.find((event) => event.action === 'document.review_request_withdrawn' && event.subjectId === document)?.data).toMatchObject({ requestId: request.id, reviewerId: ann.userId });
  });
});
