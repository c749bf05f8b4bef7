import { sql, type Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import * as oneOpenMeeting from '../../storage/migrations/2026-11-26T21-00-one-open-meeting.js';
import { inviteClient, signUpClient, useTestApp } from '../../../test/support/test-app.js';
import type { OrgActor } from '../context.js';
import { createDocument } from './documents.service.js';
import { addMeetingNote, createMeeting, getMeeting, postToDiscussion, recordReadingProgress, setMeetingAttendees, setMeetingReadingTime, startMeeting } from './reading-meetings.service.js';

const context = useTestApp();

const MEMO = '# Refunds\n\n## Context\n\nShoppers wait nine days for a refund. They tell us the wait is the worst part of a return.\n';
const at = (minutes: number) => new Date(Date.UTC(2026, 10, 25, 9, minutes));

/** A facilitator (an admin) and Ann (a member) with a ten-minute reading meeting on a memo, set up at minute 0. */
async function memoMeeting() {
  const { client, orgId, userId } = await signUpClient(context.app);
  const ann = await inviteClient(context.app, client, orgId, 'member');
  const facilitator: OrgActor = { userId, orgId, role: 'admin' };
  const attendee: OrgActor = { userId: ann.userId, orgId, role: 'member' };
  const db = context.database.db;
  const document = await createDocument(db, facilitator, { kind: 'memo', title: 'Refunds', body: MEMO });
  const meeting = await createMeeting(db, facilitator, document.id, { attendeeIds: [ann.userId], readingMinutes: 10 }, at(0));
  return { db, client, orgId, ann, facilitator, attendee, meeting };
}

describe('reading meetings with an injected clock', () => {
  it('opens the discussion exactly when the reading time is up, without anyone marking done', async () => {
    const { client, orgId, userId } = await signUpClient(context.app);
    const ann = await inviteClient(context.app, client, orgId, 'member');
    const facilitator: OrgActor = { userId, orgId, role: 'admin' };
    const attendee: OrgActor = { userId: ann.userId, orgId, role: 'member' };
    const document = await createDocument(context.database.db, facilitator, { kind: 'memo', title: 'Refunds', body: MEMO });
    const meeting = await createMeeting(context.database.db, facilitator, document.id, { attendeeIds: [ann.userId], readingMinutes: 10 }, at(0));
    await startMeeting(context.database.db, facilitator, meeting.id, at(1));
    await recordReadingProgress(context.database.db, attendee, meeting.id, { percent: 30, lastSection: 'Context' }, at(5));

    await expect(postToDiscussion(context.database.db, attendee, meeting.id, { body: 'Early' }, at(10))).rejects.toMatchObject({ code: 'rule_violation', details: { rule: 'meeting.discussion_closed' } });
    expect((await getMeeting(context.database.db, facilitator, meeting.id, at(10))).phase).toBe('reading');

    const open = await postToDiscussion(context.database.db, attendee, meeting.id, { body: 'Time is up.' }, at(11));
    expect(open).toMatchObject({ phase: 'discussion', isDiscussionOpen: true, readingEndsAt: at(11).toISOString() });
    expect(open.discussion.map((post) => post.body)).toEqual(['Time is up.']);
    const seenByFacilitator = await getMeeting(context.database.db, facilitator, meeting.id, at(12));
    expect(seenByFacilitator.attendees[0]).toMatchObject({ percent: 30, lastSection: 'Context', isDone: false });
  });

  it('keeps the last section a reader reached when a later report names none (the done button sends only 100%)', async () => {
    const { db, facilitator, attendee, meeting } = await memoMeeting();
    await startMeeting(db, facilitator, meeting.id, at(1));
    await recordReadingProgress(db, attendee, meeting.id, { percent: 60, lastSection: 'Context' }, at(3));
    await recordReadingProgress(db, attendee, meeting.id, { percent: 20 }, at(4));
    expect((await getMeeting(db, facilitator, meeting.id, at(4))).attendees[0]).toMatchObject({ percent: 60, lastSection: 'Context', isDone: false });
    await recordReadingProgress(db, attendee, meeting.id, { percent: 100, isDone: true }, at(5));
    expect((await getMeeting(db, facilitator, meeting.id, at(5))).attendees[0]).toMatchObject({ percent: 100, lastSection: 'Context', isDone: true });
  });
});

describe('changing a reading meeting before it starts', () => {
  it('audits a new reading time and a new attendee list at the service\'s clock, and nothing for a change that changes nothing', async () => {
    const { client, orgId, userId } = await signUpClient(context.app);
    const ann = await inviteClient(context.app, client, orgId, 'member');
    const bo = await inviteClient(context.app, client, orgId, 'member');
    const facilitator: OrgActor = { userId, orgId, role: 'admin' };
    const db = context.database.db;
    const document = await createDocument(db, facilitator, { kind: 'memo', title: 'Refunds', body: MEMO });
    const meeting = await createMeeting(db, facilitator, document.id, { attendeeIds: [ann.userId], readingMinutes: 10 }, at(0));
    await setMeetingReadingTime(db, facilitator, meeting.id, { readingMinutes: 15 }, at(2));
    await setMeetingReadingTime(db, facilitator, meeting.id, { readingMinutes: 15 }, at(3));
    await setMeetingAttendees(db, facilitator, meeting.id, { attendeeIds: [ann.userId, bo.userId] }, at(4));
    await setMeetingAttendees(db, facilitator, meeting.id, { attendeeIds: [ann.userId, bo.userId] }, at(5));
    await setMeetingAttendees(db, facilitator, meeting.id, { attendeeIds: [ann.userId, bo.userId], approverIds: [ann.userId] }, at(6));
    await setMeetingAttendees(db, facilitator, meeting.id, { attendeeIds: [ann.userId] }, at(7));
    const events = await db
      .selectFrom('audit_events')
      .select(['action', 'actor_user_id', 'subject_type', 'subject_id', 'data', 'created_at'])
      .where('org_id', '=', orgId)
      .where('action', 'like', 'meeting.%')
      .orderBy('id')
      .execute();
    const names = await db.selectFrom('users').select(['id', 'name']).where('id', 'in', [ann.userId, bo.userId]).execute();
    const nameOf = (id: string) => names.find((row) => row.id === id)?.name;
    expect(events.map((event) => ({ ...event, created_at: new Date(event.created_at).toISOString() }))).toEqual([
      { action: 'meeting.reading_time_changed', actor_user_id: userId, subject_type: 'reading_meeting', subject_id: meeting.id, created_at: at(2).toISOString(), data: { documentId: document.id, documentTitle: 'Refunds', fromMinutes: 10, toMinutes: 15 } },
      {
        action: 'meeting.attendees_changed', actor_user_id: userId, subject_type: 'reading_meeting', subject_id: meeting.id, created_at: at(4).toISOString(),
        data: { documentId: document.id, documentTitle: 'Refunds', added: [{ id: bo.userId, name: nameOf(bo.userId) }], removed: [], madeApprovers: [], noLongerApprovers: [], attendees: 2, approvers: 2 },
      },
      {
        action: 'meeting.attendees_changed', actor_user_id: userId, subject_type: 'reading_meeting', subject_id: meeting.id, created_at: at(6).toISOString(),
        data: { documentId: document.id, documentTitle: 'Refunds', added: [], removed: [], madeApprovers: [], noLongerApprovers: [{ id: bo.userId, name: nameOf(bo.userId) }], attendees: 2, approvers: 1 },
      },
      {
        action: 'meeting.attendees_changed', actor_user_id: userId, subject_type: 'reading_meeting', subject_id: meeting.id, created_at: at(7).toISOString(),
        data: { documentId: document.id, documentTitle: 'Refunds', added: [], removed: [{ id: bo.userId, name: nameOf(bo.userId) }], madeApprovers: [], noLongerApprovers: [], attendees: 1, approvers: 1 },
      },
    ]);
  });
});

describe('a reading meeting ending while someone writes in it', () => {
  it('refuses a discussion post or a margin note sent while the meeting is being ended (meeting.ended), instead of writing it after the decision', async () => {
    const { db, facilitator, attendee, meeting } = await memoMeeting();
    await startMeeting(db, facilitator, meeting.id, at(1));
    await recordReadingProgress(db, attendee, meeting.id, { percent: 100, isDone: true }, at(3));
    // The facilitator's end, in flight: the meeting row is locked and marked ended, not yet committed. The post and
    // the note arrive meanwhile, checked against the meeting as it is once the end has committed.
    const writes: Array<Promise<unknown>> = [];
    await db.transaction().execute(async (trx) => {
      await trx.selectFrom('reading_meetings').select('id').where('id', '=', meeting.id).forUpdate().execute();
      await trx.updateTable('reading_meetings').set({ ended_at: at(4), decision: 'approve', decision_notes: 'Go.' }).where('id', '=', meeting.id).execute();
      writes.push(postToDiscussion(db, attendee, meeting.id, { body: 'One more thing.' }, at(4)), addMeetingNote(db, attendee, meeting.id, { body: 'Late note.' }, at(4)));
      await new Promise((resolve) => setTimeout(resolve, 300));
    });
    for (const write of await Promise.allSettled(writes)) expect(write).toMatchObject({ status: 'rejected', reason: { code: 'rule_violation', details: { rule: 'meeting.ended' } } });
    expect(await db.selectFrom('reading_meeting_posts').select('id').where('meeting_id', '=', meeting.id).execute()).toEqual([]);
    expect(await db.selectFrom('reading_meeting_notes').select('id').where('meeting_id', '=', meeting.id).execute()).toEqual([]);
  });
});

describe('the one-open-meeting migration', () => {
  it('keeps the running (else the latest) open meeting of each document, cancels the others with a reason, then refuses a second', async () => {
    const { client, orgId, userId } = await signUpClient(context.app);
    const ann = await inviteClient(context.app, client, orgId, 'member');
    const facilitator: OrgActor = { userId, orgId, role: 'admin' };
    const db = context.database.db;
    const crowded = await createDocument(db, facilitator, { kind: 'memo', title: 'Refunds', body: MEMO });
    const quiet = await createDocument(db, facilitator, { kind: 'memo', title: 'Refunds again', body: MEMO });
    // Data from before the rule: the index is not there yet, and a document has three open meetings.
    await oneOpenMeeting.down(db as unknown as Kysely<unknown>);
    const insert = async (documentId: string, createdAt: Date, startedAt: Date | null, endedAt: Date | null = null) =>
      (await db.insertInto('reading_meetings').values({ org_id: orgId, document_id: documentId, facilitator_id: userId, reading_minutes: 30, created_at: createdAt, started_at: startedAt, version: startedAt === null ? null : 1, ended_at: endedAt }).returning('id').executeTakeFirstOrThrow()).id;
    const running = await insert(crowded.id, at(0), at(5));
    const later = await insert(crowded.id, at(10), null);
    const latest = await insert(crowded.id, at(20), null);
    const ended = await insert(crowded.id, at(1), at(2), at(40));
    const alone = await insert(quiet.id, at(3), null);

    await oneOpenMeeting.up(db as unknown as Kysely<unknown>);
    const rows = await db.selectFrom('reading_meetings').select(['id', 'ended_at', 'decision', 'decision_notes']).where('org_id', '=', orgId).execute();
    const byId = new Map(rows.map((row) => [row.id, row]));
    // The reading under way is kept (people may be reading it), and so is a document's only open meeting.
    expect(byId.get(running)!.ended_at).toBeNull();
    expect(byId.get(alone)!.ended_at).toBeNull();
    for (const id of [later, latest]) {
      expect(byId.get(id)).toMatchObject({ decision: null, decision_notes: `Cancelled when Pulse came to allow one open reading meeting per document: meeting ${running} on this document was kept.` });
      expect(byId.get(id)!.ended_at).not.toBeNull();
    }
    expect(new Date(byId.get(ended)!.ended_at!).toISOString()).toBe(at(40).toISOString());
    const audit = await db.selectFrom('audit_events').select(['subject_id', 'actor_user_id', 'data']).where('org_id', '=', orgId).where('action', '=', 'meeting.cancelled').execute();
    expect(audit.map((event) => event.subject_id).sort()).toEqual([later, latest].sort());
    expect(audit[0]).toMatchObject({ actor_user_id: null, data: { documentId: crowded.id, migration: '2026-11-26T21-00-one-open-meeting' } });
    // From now on the database refuses a second open meeting, whatever the path.
    await expect(insert(quiet.id, at(30), null)).rejects.toMatchObject({ code: '23505', constraint: 'reading_meetings_one_open' });
    await expect(createMeeting(db, facilitator, quiet.id, { attendeeIds: [ann.userId] }, at(31))).rejects.toMatchObject({ code: 'rule_violation', details: { rule: 'meeting.one_open_per_document', data: { meetingId: alone } } });
    expect(Number((await sql<{ count: string }>`select count(*) as count from pg_indexes where indexname = 'reading_meetings_one_open'`.execute(db)).rows[0]!.count)).toBe(1);
  });
});
