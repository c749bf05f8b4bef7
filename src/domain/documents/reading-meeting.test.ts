import { describe, expect, it } from 'vitest';
import type { AppError } from '../errors.js';
import {
  assertCanCancel,
  assertCanChangeAttendees,
  canCancelMeeting,
  assertCanChangeReadingTime,
  assertReadingTimeCoversDocument,
  approversDecision,
  defaultReadingMinutes,
  oneOpenMeetingRefusal,
  readingFloor,
  wordsToRead,
  assertCanVote,
  chooseApprovers,
  decisionToRecord,
  assertCanPost,
  assertCanPublishNotes,
  assertCanRead,
  assertCanStart,
  assertReviewOpenDuringReading,
  meetingPhase,
  normaliseProgress,
  normaliseReadingMinutes,
  readingEndsAt,
  type ReadingMeetingState,
} from './reading-meeting.js';

const start = new Date(Date.UTC(2026, 10, 25, 9, 0));
const minutesAfter = (minutes: number) => new Date(start.getTime() + minutes * 60_000);

const scheduled: ReadingMeetingState = {
  facilitatorId: 'fa',
  readingMinutes: 30,
  startedAt: null,
  endedAt: null,
  attendees: [
    { userId: 'ann', doneAt: null, isApprover: false, vote: null },
    { userId: 'bob', doneAt: null, isApprover: false, vote: null },
  ],
};
const reading: ReadingMeetingState = { ...scheduled, startedAt: start };
const annDone: ReadingMeetingState = { ...reading, attendees: [{ userId: 'ann', doneAt: minutesAfter(10), isApprover: false, vote: null }, { userId: 'bob', doneAt: null, isApprover: false, vote: null }] };
const bothDone: ReadingMeetingState = { ...reading, attendees: [{ userId: 'ann', doneAt: minutesAfter(10), isApprover: false, vote: null }, { userId: 'bob', doneAt: minutesAfter(12), isApprover: false, vote: null }] };

function ruleOf(action: () => void): string | undefined {
  try {
    action();
    return undefined;
  } catch (error) {
    return (error as AppError).details.rule;
  }
}

describe('the silent-reading meeting', () => {
  it('moves scheduled → reading → discussion → ended', () => {
    expect(meetingPhase(scheduled, start)).toBe('scheduled');
    expect(meetingPhase(reading, minutesAfter(1))).toBe('reading');
    expect(meetingPhase(bothDone, minutesAfter(12))).toBe('discussion');
    expect(meetingPhase({ ...bothDone, endedAt: minutesAfter(40) }, minutesAfter(41))).toBe('ended');
  });

  it('keeps the discussion closed while anyone reads, with the rule id, and opens it when all are done', () => {
    expect(ruleOf(() => assertCanPost(scheduled, 'ann', start))).toBe('meeting.discussion_closed');
    expect(ruleOf(() => assertCanPost(reading, 'ann', minutesAfter(5)))).toBe('meeting.discussion_closed');
    expect(ruleOf(() => assertCanPost(annDone, 'ann', minutesAfter(11)))).toBe('meeting.discussion_closed');
    expect(ruleOf(() => assertCanPost(bothDone, 'ann', minutesAfter(12)))).toBeUndefined();
    expect(ruleOf(() => assertCanPost(bothDone, 'fa', minutesAfter(12)))).toBeUndefined();
  });

  it('opens the discussion when the reading time is up, even if someone is not done (the clock is injected)', () => {
    expect(readingEndsAt(annDone)).toEqual(minutesAfter(30));
    expect(ruleOf(() => assertCanPost(annDone, 'bob', minutesAfter(29.99)))).toBe('meeting.discussion_closed');
    expect(ruleOf(() => assertCanPost(annDone, 'bob', minutesAfter(30)))).toBeUndefined();
  });

  it('says how many are still reading and when the discussion opens at the latest', () => {
    try {
      assertCanPost(annDone, 'ann', minutesAfter(11));
      expect.unreachable();
    } catch (error) {
      expect((error as AppError).details.data).toEqual({ phase: 'reading', waitingFor: 1, opensAt: minutesAfter(30).toISOString() });
    }
  });

  it('refuses outsiders in the discussion and non-facilitators at the controls', () => {
    expect(ruleOf(() => assertCanPost(bothDone, 'eve', minutesAfter(13)))).toBe('meeting.participants_only');
    expect(ruleOf(() => assertCanStart(scheduled, 'ann', start))).toBe('meeting.facilitator_only');
    expect(ruleOf(() => decisionToRecord(bothDone, 'ann', minutesAfter(13), 'approve'))).toBe('meeting.facilitator_only');
    expect(ruleOf(() => assertCanPublishNotes(bothDone, 'bob', minutesAfter(13)))).toBe('meeting.facilitator_only');
  });

  it('starts once, with attendees, and fixes the attendees from then on', () => {
    expect(ruleOf(() => assertCanStart(scheduled, 'fa', start))).toBeUndefined();
    expect(ruleOf(() => assertCanStart({ ...scheduled, attendees: [] }, 'fa', start))).toBe('meeting.no_attendees');
    expect(ruleOf(() => assertCanStart(reading, 'fa', start))).toBe('meeting.already_started');
    expect(ruleOf(() => assertCanChangeAttendees(scheduled, 'fa', start))).toBeUndefined();
    expect(ruleOf(() => assertCanChangeAttendees(reading, 'fa', start))).toBe('meeting.already_started');
  });

  it('lets attendees read and take notes only between start and end', () => {
    expect(ruleOf(() => assertCanRead(scheduled, 'ann', start))).toBe('meeting.not_started');
    expect(ruleOf(() => assertCanRead(reading, 'ann', minutesAfter(1)))).toBeUndefined();
    expect(ruleOf(() => assertCanRead(reading, 'fa', minutesAfter(1)))).toBe('meeting.attendees_only');
    expect(ruleOf(() => assertCanRead({ ...bothDone, endedAt: minutesAfter(40) }, 'ann', minutesAfter(41)))).toBe('meeting.ended');
  });

  it('takes a decision only once the discussion is open, and only once', () => {
    expect(ruleOf(() => decisionToRecord(reading, 'fa', minutesAfter(5), 'approve'))).toBe('meeting.decision_before_discussion');
    expect(ruleOf(() => decisionToRecord(bothDone, 'fa', minutesAfter(13), 'approve'))).toBeUndefined();
    expect(ruleOf(() => decisionToRecord({ ...bothDone, endedAt: minutesAfter(40) }, 'fa', minutesAfter(41), 'approve'))).toBe('meeting.ended');
    expect(ruleOf(() => assertCanPublishNotes(annDone, 'fa', minutesAfter(11)))).toBe('meeting.discussion_closed');
  });

  it('defaults the reading time to 30 minutes and checks progress values', () => {
    expect(normaliseReadingMinutes(undefined)).toBe(30);
    expect(() => normaliseReadingMinutes(0)).toThrow(/reading time/);
    expect(normaliseProgress(42.4)).toBe(42);
    expect(() => normaliseProgress(101)).toThrow(/0 to 100/);
  });

  it('floors the reading time at the words to read, 240 a minute rounded up, never under 5 minutes nor over the longest', () => {
    expect(readingFloor(0)).toEqual({ words: 0, minutes: 5 });
    expect(readingFloor(1200)).toEqual({ words: 1200, minutes: 5 });
    expect(readingFloor(1201)).toEqual({ words: 1201, minutes: 6 });
    expect(readingFloor(3000).minutes).toBe(13);
    expect(readingFloor(3100).minutes).toBe(13);
    expect(readingFloor(1_000_000).minutes).toBe(240);
    // Appendices are looked up, not read through.
    expect(wordsToRead({ total: 3500, appendix: 800 })).toBe(2700);
    // The default (30) is raised to a longer floor, never lowered.
    expect(defaultReadingMinutes(readingFloor(3000))).toBe(30);
    expect(defaultReadingMinutes(readingFloor(9000))).toBe(38);
  });

  it('refuses a reading time under the floor, saying the minimum and why', () => {
    expect(() => assertReadingTimeCoversDocument(13, readingFloor(3100), 'memo')).not.toThrow();
    let refusal: AppError | undefined;
    try {
      assertReadingTimeCoversDocument(12, readingFloor(3100), 'memo');
    } catch (error) {
      refusal = error as AppError;
    }
    expect(refusal?.message).toBe('This memo is 3,100 words: give at least 13 minutes of reading time (at 240 words a minute, appendices aside).');
    expect(refusal?.details).toMatchObject({ rule: 'meeting.reading_time_too_short', field: 'body.readingMinutes', data: { minMinutes: 13, words: 3100, wordsPerMinute: 240 } });
    expect(() => assertReadingTimeCoversDocument(1, readingFloor(400), 'prfaq')).toThrow('This PR/FAQ is 400 words: give at least 5 minutes of reading time (no silent reading is shorter than 5 minutes).');
    expect(ruleOf(() => assertCanChangeReadingTime(scheduled, 'ann', start))).toBe('meeting.facilitator_only');
    expect(ruleOf(() => assertCanChangeReadingTime(scheduled, 'fa', start))).toBeUndefined();
    expect(ruleOf(() => assertCanChangeReadingTime(reading, 'fa', minutesAfter(1)))).toBe('meeting.already_started');
  });

  it('names the open meeting when a second one is asked for', () => {
    const refusal = oneOpenMeetingRefusal({ id: 'm-1', createdAt: start, startedAt: minutesAfter(90), facilitatorName: 'Priya' });
    expect(refusal.message).toBe('This document already has an open reading meeting (facilitated by Priya, scheduled Nov 25, 2026, 9:00 AM UTC, reading started Nov 25, 2026, 10:30 AM UTC): its facilitator or an admin ends or cancels it on the Meetings tab before another is scheduled.');
    expect(refusal.details).toMatchObject({ rule: 'meeting.one_open_per_document', data: { meetingId: 'm-1', scheduledAt: start.toISOString() } });
  });

  it('chooses approvers among the attendees who are not authors, and needs at least one', () => {
    expect(chooseApprovers(['ann', 'bob', 'fa'], undefined, ['fa'])).toEqual(['ann', 'bob']);
    expect(chooseApprovers(['ann', 'bob'], ['bob'], ['fa'])).toEqual(['bob']);
    expect(ruleOf(() => chooseApprovers(['ann', 'fa'], ['fa'], ['fa']))).toBe('meeting.author_not_approver');
    expect(ruleOf(() => chooseApprovers(['fa'], undefined, ['fa']))).toBe('meeting.approvers_required');
    expect(ruleOf(() => chooseApprovers(['ann'], [], []))).toBe('meeting.approvers_required');
    expect(() => chooseApprovers(['ann'], ['eve'], [])).toThrow(expect.objectContaining({ details: { field: 'body.approverIds' } }));
  });

  it('ends with the approvers\' decision: approve only if all approve, kill if any kills, else iterate', () => {
    const voting = (annVote: 'approve' | 'iterate' | 'kill' | null, bobVote: 'approve' | 'iterate' | 'kill' | null): ReadingMeetingState => ({
      ...bothDone,
      attendees: [
        { userId: 'ann', doneAt: minutesAfter(10), isApprover: true, vote: annVote },
        { userId: 'bob', doneAt: minutesAfter(12), isApprover: true, vote: bobVote },
      ],
    });
    const now = minutesAfter(13);
    expect(approversDecision(voting('approve', null))).toEqual({ decision: null, waitingFor: 1, approvers: 2 });
    expect(ruleOf(() => decisionToRecord(voting('approve', null), 'fa', now, undefined))).toBe('meeting.votes_missing');
    expect(decisionToRecord(voting('approve', 'approve'), 'fa', now, undefined)).toBe('approve');
    expect(decisionToRecord(voting('approve', 'iterate'), 'fa', now, undefined)).toBe('iterate');
    expect(decisionToRecord(voting('iterate', 'kill'), 'fa', now, 'kill')).toBe('kill');
    // The facilitator cannot record anything but the approvers' decision.
    expect(ruleOf(() => decisionToRecord(voting('approve', 'iterate'), 'fa', now, 'approve'))).toBe('meeting.decision_is_the_approvers');
    // A meeting from before approvers ends with the facilitator's decision, which must be said.
    expect(decisionToRecord(bothDone, 'fa', now, 'iterate')).toBe('iterate');
    expect(() => decisionToRecord(bothDone, 'fa', now, undefined)).toThrow(expect.objectContaining({ details: { field: 'body.decision' } }));
  });

  it('is not cancelled by its facilitator once every approver has voted: they have seen the decision, which is to be recorded', () => {
    const votes = (annVote: 'approve' | 'kill' | null, bobVote: 'approve' | 'kill' | null): ReadingMeetingState => ({
      ...bothDone,
      attendees: [
        { userId: 'ann', doneAt: minutesAfter(10), isApprover: true, vote: annVote },
        { userId: 'bob', doneAt: minutesAfter(12), isApprover: true, vote: bobVote },
      ],
    });
    const now = minutesAfter(13);
    const facilitator = { userId: 'fa', isAdmin: false };
    expect(ruleOf(() => assertCanCancel(votes('kill', null), facilitator, now))).toBeUndefined();
    expect(ruleOf(() => assertCanCancel(votes('kill', null), { userId: 'ann', isAdmin: false }, now))).toBe('meeting.facilitator_only');
    // The facilitator, admin or not, sees the approvers' decision once all have voted: theirs to record, not to bury.
    for (const actor of [facilitator, { userId: 'fa', isAdmin: true }]) {
      expect(ruleOf(() => assertCanCancel(votes('kill', 'approve'), actor, now))).toBe('meeting.decision_is_the_approvers');
      expect(canCancelMeeting(votes('kill', 'approve'), actor, now)).toBe(false);
      expect(canCancelMeeting(votes(null, 'approve'), actor, now)).toBe(true);
    }
    // An admin who did not facilitate has not seen the votes, and remains the way out when the facilitator cannot end it.
    expect(canCancelMeeting(votes('kill', 'approve'), { userId: 'eve', isAdmin: true }, now)).toBe(true);
    // A meeting from before approvers has no votes to wait for.
    expect(canCancelMeeting(bothDone, facilitator, now)).toBe(true);
  });

  it('lets only approvers vote, and only once the discussion is open', () => {
    const withApprover: ReadingMeetingState = { ...annDone, attendees: [{ userId: 'ann', doneAt: minutesAfter(10), isApprover: true, vote: null }, { userId: 'bob', doneAt: null, isApprover: false, vote: null }] };
    expect(ruleOf(() => assertCanVote(withApprover, 'ann', minutesAfter(11)))).toBe('meeting.discussion_closed');
    expect(ruleOf(() => assertCanVote(withApprover, 'ann', minutesAfter(30)))).toBeUndefined();
    expect(ruleOf(() => assertCanVote(withApprover, 'bob', minutesAfter(30)))).toBe('meeting.approvers_only');
    expect(ruleOf(() => assertCanVote(withApprover, 'fa', minutesAfter(30)))).toBe('meeting.approvers_only');
  });
});

describe('the document review during a reading', () => {
  it('closes the participants\' comments and votes on the document while the reading is under way, naming the meeting', () => {
    const during = { ...reading, id: 'm1' };
    expect(ruleOf(() => assertReviewOpenDuringReading(during, 'ann', minutesAfter(5)))).toBe('meeting.discussion_closed');
    expect(ruleOf(() => assertReviewOpenDuringReading(during, 'fa', minutesAfter(5)))).toBe('meeting.discussion_closed');
    // Someone outside the meeting reviews as usual; so does everyone before the start and once the reading is over.
    expect(ruleOf(() => assertReviewOpenDuringReading(during, 'eve', minutesAfter(5)))).toBeUndefined();
    expect(ruleOf(() => assertReviewOpenDuringReading({ ...scheduled, id: 'm1' }, 'ann', minutesAfter(5)))).toBeUndefined();
    expect(ruleOf(() => assertReviewOpenDuringReading({ ...bothDone, id: 'm1' }, 'ann', minutesAfter(15)))).toBeUndefined();
    expect(ruleOf(() => assertReviewOpenDuringReading(during, 'ann', minutesAfter(31)))).toBeUndefined();
  });
});
