import { describe, expect, it } from 'vitest';
import type { AppError } from '../errors.js';
import {
  assertCanChangeAttendees,
  assertCanEnd,
  assertCanPost,
  assertCanPublishNotes,
  assertCanRead,
  assertCanStart,
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
    { userId: 'ann', doneAt: null },
    { userId: 'bob', doneAt: null },
  ],
};
const reading: ReadingMeetingState = { ...scheduled, startedAt: start };
const annDone: ReadingMeetingState = { ...reading, attendees: [{ userId: 'ann', doneAt: minutesAfter(10) }, { userId: 'bob', doneAt: null }] };
const bothDone: ReadingMeetingState = { ...reading, attendees: [{ userId: 'ann', doneAt: minutesAfter(10) }, { userId: 'bob', doneAt: minutesAfter(12) }] };

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
    expect(ruleOf(() => assertCanEnd(bothDone, 'ann', minutesAfter(13)))).toBe('meeting.facilitator_only');
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
    expect(ruleOf(() => assertCanEnd(reading, 'fa', minutesAfter(5)))).toBe('meeting.decision_before_discussion');
    expect(ruleOf(() => assertCanEnd(bothDone, 'fa', minutesAfter(13)))).toBeUndefined();
    expect(ruleOf(() => assertCanEnd({ ...bothDone, endedAt: minutesAfter(40) }, 'fa', minutesAfter(41)))).toBe('meeting.ended');
    expect(ruleOf(() => assertCanPublishNotes(annDone, 'fa', minutesAfter(11)))).toBe('meeting.discussion_closed');
  });

  it('defaults the reading time to 30 minutes and checks progress values', () => {
    expect(normaliseReadingMinutes(undefined)).toBe(30);
    expect(() => normaliseReadingMinutes(0)).toThrow(/reading time/);
    expect(normaliseProgress(42.4)).toBe(42);
    expect(() => normaliseProgress(101)).toThrow(/0 to 100/);
  });
});
