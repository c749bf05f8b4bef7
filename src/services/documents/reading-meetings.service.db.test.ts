import { describe, expect, it } from 'vitest';
import { inviteClient, signUpClient, useTestApp } from '../../../test/support/test-app.js';
import type { OrgActor } from '../context.js';
import { createDocument } from './documents.service.js';
import { createMeeting, getMeeting, postToDiscussion, recordReadingProgress, startMeeting } from './reading-meetings.service.js';

const context = useTestApp();

const MEMO = '# Refunds\n\n## Context\n\nShoppers wait nine days for a refund. They tell us the wait is the worst part of a return.\n';
const at = (minutes: number) => new Date(Date.UTC(2026, 10, 25, 9, minutes));

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
});
