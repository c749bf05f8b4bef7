import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/test-database.js';
import { createTestApp, inviteClient, signUpClient } from '../../../../test/support/test-app.js';
import type { PulseApp } from '../../app.js';

let database: TestDatabase;
let app: PulseApp;

beforeAll(async () => {
  database = await createTestDatabase();
  ({ app } = createTestApp(database.db));
});
afterAll(async () => database.drop());

const MEMO = '# Faster refunds\n\n## Context\n\nCustomers who return an item wait nine days for their money. They tell us the wait is the worst part of shopping with us.\n\n## Proposal\n\nWe refund the moment the courier scans the parcel. Customers get their money the same day.\n';

/** A scheduled meeting with Ann attending, and Bob and Carl who could be added. */
async function scheduledMeeting() {
  const { client: facilitator, orgId } = await signUpClient(app);
  const [ann, bob, carl] = [await inviteClient(app, facilitator, orgId, 'member'), await inviteClient(app, facilitator, orgId, 'member'), await inviteClient(app, facilitator, orgId, 'member')];
  const document = (await facilitator.post(`/orgs/${orgId}/documents`, { kind: 'memo', title: 'Faster refunds', body: MEMO })).body.document as { id: string };
  const created = await facilitator.post(`/orgs/${orgId}/documents/${document.id}/meetings`, { attendeeIds: [ann.userId], readingMinutes: 10 });
  expect(created.status).toBe(201);
  return { facilitator, orgId, ann, bob, carl, path: `/orgs/${orgId}/meetings/${created.body.meeting.id}`, read: created.body.meeting as { readingTimeToken: string; attendeesToken: string } };
}

const attendeeIds = (meeting: { attendees: Array<{ person: { id: string } }> }) => meeting.attendees.map((attendee) => attendee.person.id).sort();

describe('changing a reading meeting from a stale page', () => {
  it('refuses a reading time sent from a page read before another change of it (409 naming baseToken), and keeps the newer time', async () => {
    const { facilitator, path, read } = await scheduledMeeting();
    const first = await facilitator.put(`${path}/reading-time`, { readingMinutes: 20, baseToken: read.readingTimeToken });
    expect(first.status).toBe(200);
    expect(first.body.meeting.readingTimeToken).not.toBe(read.readingTimeToken);

    const stale = await facilitator.put(`${path}/reading-time`, { readingMinutes: 15, baseToken: read.readingTimeToken });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'conflict', field: 'body.baseToken', data: { token: first.body.meeting.readingTimeToken } });
    expect(stale.body.error.message).toContain('reading time changed after you opened it');
    expect((await facilitator.get(path)).body.meeting.readingMinutes).toBe(20);

    // Sent again from the newer read, the change goes through; a script that sends no token is not checked.
    expect((await facilitator.put(`${path}/reading-time`, { readingMinutes: 15, baseToken: first.body.meeting.readingTimeToken })).body.meeting.readingMinutes).toBe(15);
    expect((await facilitator.put(`${path}/reading-time`, { readingMinutes: 12 })).body.meeting.readingMinutes).toBe(12);
  });

  it('refuses an attendee list sent from a page read before someone was added, so the new attendee is not dropped', async () => {
    const { facilitator, path, read, ann, bob, carl } = await scheduledMeeting();
    const added = await facilitator.put(`${path}/attendees`, { attendeeIds: [ann.userId, bob.userId], baseToken: read.attendeesToken });
    expect(added.status).toBe(200);

    // The other page still shows Ann alone and adds Carl: sent whole, that list would drop Bob.
    const stale = await facilitator.put(`${path}/attendees`, { attendeeIds: [ann.userId, carl.userId], baseToken: read.attendeesToken });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'conflict', field: 'body.baseToken', data: { token: added.body.meeting.attendeesToken } });
    expect(attendeeIds((await facilitator.get(path)).body.meeting)).toEqual([ann.userId, bob.userId].sort());

    // A change of the reading time since does not refuse an attendee change read before it, and the other way round.
    const retimed = await facilitator.put(`${path}/reading-time`, { readingMinutes: 25, baseToken: added.body.meeting.readingTimeToken });
    expect(retimed.status).toBe(200);
    const merged = await facilitator.put(`${path}/attendees`, { attendeeIds: [ann.userId, bob.userId, carl.userId], baseToken: added.body.meeting.attendeesToken });
    expect(merged.status).toBe(200);
    expect(attendeeIds(merged.body.meeting)).toEqual([ann.userId, bob.userId, carl.userId].sort());
    expect(merged.body.meeting.readingMinutes).toBe(25);
  });

  it('keeps the approvers a meeting was given when its attendee list is sent without them; a newcomer takes the default', async () => {
    const { facilitator, orgId, ann, bob, carl } = await scheduledMeeting();
    const document = (await facilitator.post(`/orgs/${orgId}/documents`, { kind: 'memo', title: 'Chosen approvers', body: MEMO })).body.document as { id: string };
    // Bob attends without approving: the meeting has its own approvers, Ann alone.
    const created = await facilitator.post(`/orgs/${orgId}/documents/${document.id}/meetings`, { attendeeIds: [ann.userId, bob.userId], approverIds: [ann.userId] });
    expect(created.status).toBe(201);
    const path = `/orgs/${orgId}/meetings/${created.body.meeting.id}`;

    // The page's attendees form sends the list alone: Bob stays a reader who does not approve, Carl approves.
    const changed = await facilitator.put(`${path}/attendees`, { attendeeIds: [ann.userId, bob.userId, carl.userId], baseToken: created.body.meeting.attendeesToken });
    expect(changed.status).toBe(200);
    const approving = (changed.body.meeting.attendees as Array<{ person: { id: string }; isApprover: boolean }>).filter((attendee) => attendee.isApprover).map((attendee) => attendee.person.id).sort();
    expect(approving).toEqual([ann.userId, carl.userId].sort());
  });

  it('refuses to remove (or add) an attendee while they read, and keeps their reading (meeting.already_started)', async () => {
    const { facilitator, path, ann, bob } = await scheduledMeeting();
    expect((await facilitator.put(`${path}/attendees`, { attendeeIds: [ann.userId, bob.userId] })).status).toBe(200);
    const started = await facilitator.post(`${path}/start`);
    expect(started.status).toBe(200);
    expect((await ann.client.post(`${path}/progress`, { percent: 40, lastSection: 'Context' })).status).toBe(200);

    const removed = await facilitator.put(`${path}/attendees`, { attendeeIds: [bob.userId], baseToken: started.body.meeting.attendeesToken });
    expect(removed.status).toBe(422);
    expect(removed.body.error).toMatchObject({ code: 'rule_violation', rule: 'meeting.already_started', data: { phase: 'reading' } });
    expect(removed.body.error.message).toContain('nobody is added or removed while they read');

    // Ann is still an attendee, reads on where she was, and her progress counts.
    const meeting = (await facilitator.get(path)).body.meeting;
    expect(attendeeIds(meeting)).toEqual([ann.userId, bob.userId].sort());
    expect(meeting.attendees.find((attendee: { person: { id: string } }) => attendee.person.id === ann.userId)).toMatchObject({ percent: 40, lastSection: 'Context' });
    expect((await ann.client.post(`${path}/progress`, { percent: 100, isDone: true })).body.meeting.myReading).toMatchObject({ percent: 100, isDone: true });
  });
});
