import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FULFILMENT_CONFIG, fulfilmentCsv } from '../../../test/support/wbr-review-fixture.js';
import { ApiClient, createTestApp, inviteClient, signUpClient } from '../../../test/support/test-app.js';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.js';
import type { PulseApp } from '../../server/app.js';

// The emails that ask someone to take part (decision 023): an attendee asked to a reading meeting and the new owner of
// a business-review anomaly, each queued with its decision. Hiring's loop seats are in outbox.service.db.test.ts.

const EMAIL_ON = { PULSE_SMTP_URL: 'smtp://127.0.0.1:2525', PULSE_MAIL_FROM: 'Pulse <pulse@example.test>', PULSE_PUBLIC_URL: 'https://pulse.example.test' };
const MEMO = '# Refunds\n\n## Context\n\nShoppers wait nine days for a refund. They tell us the wait is the worst part of a return.\n';

let database: TestDatabase;
let app: PulseApp;
let emailOffApp: PulseApp;
let orgId: string;
let admin: ApiClient;
let adminEmail: string;
let adminUserId: string;

/** The same signed-in person on the server without PULSE_SMTP_URL. */
const withEmailOff = (client: ApiClient) => Object.assign(new ApiClient(emailOffApp), { cookie: client.cookie, csrfToken: client.csrfToken });
const outboxRows = (kind: 'reading_meeting' | 'anomaly_owner') => database.db.selectFrom('outbox_emails').selectAll().where('org_id', '=', orgId).where('kind', '=', kind).orderBy('created_at').orderBy('id').execute();

beforeAll(async () => {
  database = await createTestDatabase();
  app = createTestApp(database.db, EMAIL_ON).app;
  emailOffApp = createTestApp(database.db).app;
  const signed = await signUpClient(app, { orgName: 'Acme Robots', name: 'Ada Admin' });
  ({ orgId, email: adminEmail, userId: adminUserId } = signed);
  admin = signed.client;
});
afterAll(async () => database.drop());

describe('a reading meeting with email on', () => {
  it('tells each attendee but the facilitator: the title, the reading time and a link, never the document\'s text', async () => {
    const [ann, bo] = [await inviteClient(app, admin, orgId, 'member'), await inviteClient(app, admin, orgId, 'member')];
    const document = (await admin.post(`/orgs/${orgId}/documents`, { kind: 'memo', title: 'Same-day refunds', body: MEMO })).body.document.id as string;
    const before = (await outboxRows('reading_meeting')).length;

    const meeting = await admin.post(`/orgs/${orgId}/documents/${document}/meetings`, { attendeeIds: [adminUserId, ann.userId, bo.userId], approverIds: [ann.userId], readingMinutes: 12 });
    expect(meeting.status).toBe(201);
    const queued = (await outboxRows('reading_meeting')).slice(before);
    expect(queued.map((row) => row.recipient).sort()).toEqual([ann.email, bo.email].sort());
    expect(queued.map((row) => row.recipient)).not.toContain(adminEmail);
    const toAnn = queued.find((row) => row.recipient === ann.email)!;
    expect(toAnn.subject).toBe('Reading meeting: Same-day refunds (Acme Robots)');
    expect(toAnn.text_body).toContain('Ada Admin asked you to a reading meeting on "Same-day refunds" in Acme Robots.');
    expect(toAnn.text_body).toContain('in silence for 12 minutes');
    expect(toAnn.text_body).toContain('You are one of its approvers');
    expect(toAnn.text_body).toContain(`https://pulse.example.test/o/${orgId}/documents/${document}?meeting=${meeting.body.meeting.id}`);
    expect(queued.find((row) => row.recipient === bo.email)!.text_body).not.toContain('approvers');
    for (const row of queued) expect(row.text_body).not.toMatch(/Shoppers|nine days/);

    // A second meeting on the document is refused (one open at a time): nobody is emailed.
    const second = await admin.post(`/orgs/${orgId}/documents/${document}/meetings`, { attendeeIds: [ann.userId] });
    expect(second.status).toBe(422);
    expect(await outboxRows('reading_meeting')).toHaveLength(before + 2);

    // Someone added later is told; those already asked are not told again.
    const cy = await inviteClient(app, admin, orgId, 'member');
    const changed = await admin.put(`/orgs/${orgId}/meetings/${meeting.body.meeting.id}/attendees`, { attendeeIds: [adminUserId, ann.userId, bo.userId, cy.userId], baseToken: meeting.body.meeting.attendeesToken });
    expect(changed.status).toBe(200);
    const afterChange = (await outboxRows('reading_meeting')).slice(before + 2);
    expect(afterChange.map((row) => row.recipient)).toEqual([cy.email]);
  });

  it('emails nobody when the meeting is refused: an attendee who may not read the document', async () => {
    const [ann, outsider] = [await inviteClient(app, admin, orgId, 'member'), await inviteClient(app, admin, orgId, 'member')];
    const created = await admin.post(`/orgs/${orgId}/documents`, { kind: 'memo', title: 'Quiet plan', body: MEMO, visibility: 'readers', readerIds: [ann.userId] });
    expect(created.status).toBe(201);
    const before = (await outboxRows('reading_meeting')).length;
    const refused = await admin.post(`/orgs/${orgId}/documents/${created.body.document.id}/meetings`, { attendeeIds: [ann.userId, outsider.userId] });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ code: 'validation_failed', field: 'body.attendeeIds' });
    expect(await outboxRows('reading_meeting')).toHaveLength(before);
  });

  it('queues nothing when email is off: the meeting is scheduled as before', async () => {
    const ann = await inviteClient(app, admin, orgId, 'member');
    const document = (await admin.post(`/orgs/${orgId}/documents`, { kind: 'memo', title: 'Returns by post', body: MEMO })).body.document.id as string;
    const before = (await outboxRows('reading_meeting')).length;
    expect((await withEmailOff(admin).post(`/orgs/${orgId}/documents/${document}/meetings`, { attendeeIds: [ann.userId] })).status).toBe(201);
    expect(await outboxRows('reading_meeting')).toHaveLength(before);
  });
});

describe('an anomaly owner with email on', () => {
  let deckId: string;
  let anomalyId: string;
  let kofi: { client: ApiClient; email: string; personId: string };
  let lena: { client: ApiClient; email: string; personId: string };
  const patch = (client: ApiClient, body: Record<string, unknown>) => client.patch(`/orgs/${orgId}/wbr/anomalies/${anomalyId}`, body);

  beforeAll(async () => {
    const person = async (role: string) => {
      const joined = await inviteClient(app, admin, orgId, 'member');
      const personId = (await joined.client.post(`/orgs/${orgId}/people/me`, { role, level: 6 })).body.person.id as string;
      return { client: joined.client, email: joined.email, personId };
    };
    kofi = await person('Operations lead');
    lena = await person('Logistics analyst');
    deckId = (await admin.post(`/orgs/${orgId}/wbr/decks`, { name: 'Fulfilment', config: FULFILMENT_CONFIG })).body.deck.id as string;
    const deckPath = `/orgs/${orgId}/wbr/decks/${deckId}`;
    expect((await admin.request('PUT', `${deckPath}/data?fileName=data.csv`, undefined, { rawBody: fulfilmentCsv('2025-01-04', ['2025-01-04']), headers: { 'content-type': 'text/csv' } })).status).toBe(200);
    expect((await admin.post(`${deckPath}/snapshots`, {})).status).toBe(201);
    const [anomaly] = (await admin.get(deckPath)).body.deck.anomalies;
    anomalyId = anomaly.id;
    // Raised with nobody owning it (no catalog metric, no deck owner): the first owner is named below.
    expect(anomaly.owner).toBeNull();
  });

  it('tells the new owner the metric, the deck, the week and the link; a change that names nobody new emails nobody', async () => {
    const before = (await outboxRows('anomaly_owner')).length;
    expect((await patch(admin, { ownerPersonId: kofi.personId })).status).toBe(200);
    const queued = (await outboxRows('anomaly_owner')).slice(before);
    expect(queued).toHaveLength(1);
    expect(queued[0]).toMatchObject({ recipient: kofi.email, subject: 'You own the Late deliveries anomaly (Fulfilment, Acme Robots)' });
    expect(queued[0]!.text_body).toContain('Ada Admin made you the owner of the anomaly on Late deliveries in the Fulfilment business review, signalled in the week ending Jan 4, 2025.');
    expect(queued[0]!.text_body).toContain(`https://pulse.example.test/o/${orgId}/wbr/${deckId}?week=2025-01-04`);

    // A root cause, or the same owner sent again, is no new owner: no email.
    expect((await patch(kofi.client, { rootCause: 'A carrier missed two pick-ups.', ownerPersonId: kofi.personId })).status).toBe(200);
    expect(await outboxRows('anomaly_owner')).toHaveLength(before + 1);
  });

  it('emails nobody when the hand-over is refused: only the owner or an admin may hand it on', async () => {
    const before = (await outboxRows('anomaly_owner')).length;
    const refused = await patch(lena.client, { ownerPersonId: lena.personId });
    expect(refused.status).toBe(403);
    expect(await outboxRows('anomaly_owner')).toHaveLength(before);
  });

  it('tells the owner it is handed on to, not the one who handed it on, and nobody when email is off', async () => {
    const before = (await outboxRows('anomaly_owner')).length;
    expect((await patch(kofi.client, { ownerPersonId: lena.personId })).status).toBe(200);
    const queued = (await outboxRows('anomaly_owner')).slice(before);
    expect(queued.map((row) => row.recipient)).toEqual([lena.email]);
    expect(queued[0]!.text_body).toContain('Hello ');

    expect((await patch(withEmailOff(admin), { ownerPersonId: kofi.personId })).status).toBe(200);
    expect(await outboxRows('anomaly_owner')).toHaveLength(before + 1);
  });

  it('tells the owner a published week gives an anomaly (the deck\'s owner here), and nobody for a week refused', async () => {
    const deck = (await admin.post(`/orgs/${orgId}/wbr/decks`, { name: 'Warehouse', ownerPersonId: kofi.personId, config: FULFILMENT_CONFIG })).body.deck.id as string;
    const deckPath = `/orgs/${orgId}/wbr/decks/${deck}`;
    expect((await admin.request('PUT', `${deckPath}/data?fileName=data.csv`, undefined, { rawBody: fulfilmentCsv('2025-01-11', ['2025-01-04', '2025-01-11']), headers: { 'content-type': 'text/csv' } })).status).toBe(200);
    const before = (await outboxRows('anomaly_owner')).length;
    expect((await admin.post(`${deckPath}/snapshots`, { weekEnding: '2025-01-04' })).status).toBe(201);
    const queued = (await outboxRows('anomaly_owner')).slice(before);
    expect(queued.map((row) => row.recipient)).toEqual([kofi.email]);
    expect(queued[0]!.subject).toBe('You own the Late deliveries anomaly (Warehouse, Acme Robots)');
    expect(queued[0]!.text_body).toContain(`/o/${orgId}/wbr/${deck}?week=2025-01-04`);

    // The same week again is refused: no second email.
    expect((await admin.post(`${deckPath}/snapshots`, { weekEnding: '2025-01-04' })).status).toBeGreaterThanOrEqual(400);
    expect(await outboxRows('anomaly_owner')).toHaveLength(before + 1);
    // The next week only extends the unresolved anomaly: its owner is not told again.
    expect((await admin.post(`${deckPath}/snapshots`, { weekEnding: '2025-01-11' })).status).toBe(201);
    expect(await outboxRows('anomaly_owner')).toHaveLength(before + 1);
  });

  it('sends no email to an owner without a login: the anomaly waits for them in the review', async () => {
    const noLogin = (await admin.post(`/orgs/${orgId}/people`, { name: 'Paper Person', email: 'paper@example.test', role: 'Picker', level: 3, managerId: null })).body.person.id as string;
    const before = (await outboxRows('anomaly_owner')).length;
    expect((await patch(admin, { ownerPersonId: noLogin })).status).toBe(200);
    expect(await outboxRows('anomaly_owner')).toHaveLength(before);
  });
});
