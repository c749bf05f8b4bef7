/**
 * The silent-reading meeting as a state machine. Pure: every function takes the meeting and `now`
 * (the clock is injected, so tests move time without waiting).
 *
 *   scheduled --start--> reading --(every attendee done, or reading time up)--> discussion --end--> ended
 *
 * The phase between reading and discussion is not stored: it follows from the attendees' done marks
 * and the clock, so the discussion opens on time even if nobody calls the server at that moment.
 */
import { AppError, ruleViolation } from '../errors.js';

export const MEETING_DECISIONS = ['approve', 'iterate', 'kill'] as const;
export type MeetingDecision = (typeof MEETING_DECISIONS)[number];

export const MEETING_LIMITS = { defaultReadingMinutes: 30, minReadingMinutes: 1, maxReadingMinutes: 240, maxAttendees: 50, noteMaxLength: 4000, postMaxLength: 4000 } as const;

export type MeetingPhase = 'scheduled' | 'reading' | 'discussion' | 'ended';

export interface MeetingAttendeeState {
  readonly userId: string;
  readonly doneAt: Date | null;
}

export interface ReadingMeetingState {
  readonly facilitatorId: string;
  readonly readingMinutes: number;
  readonly startedAt: Date | null;
  readonly endedAt: Date | null;
  readonly attendees: readonly MeetingAttendeeState[];
}

export function readingEndsAt(meeting: ReadingMeetingState): Date | null {
  return meeting.startedAt === null ? null : new Date(meeting.startedAt.getTime() + meeting.readingMinutes * 60_000);
}

export function meetingPhase(meeting: ReadingMeetingState, now: Date): MeetingPhase {
  if (meeting.endedAt !== null) return 'ended';
  if (meeting.startedAt === null) return 'scheduled';
  const isEveryoneDone = meeting.attendees.every((attendee) => attendee.doneAt !== null);
  const isTimeUp = now.getTime() >= readingEndsAt(meeting)!.getTime();
  return isEveryoneDone || isTimeUp ? 'discussion' : 'reading';
}

export function isParticipant(meeting: ReadingMeetingState, userId: string): boolean {
  return meeting.facilitatorId === userId || isAttendee(meeting, userId);
}

export function isAttendee(meeting: ReadingMeetingState, userId: string): boolean {
  return meeting.attendees.some((attendee) => attendee.userId === userId);
}

export function normaliseReadingMinutes(minutes: number | undefined): number {
  const value = minutes ?? MEETING_LIMITS.defaultReadingMinutes;
  if (!Number.isInteger(value) || value < MEETING_LIMITS.minReadingMinutes || value > MEETING_LIMITS.maxReadingMinutes) {
    throw new AppError('validation_failed', `The reading time is a whole number of minutes from ${MEETING_LIMITS.minReadingMinutes} to ${MEETING_LIMITS.maxReadingMinutes}.`, { field: 'body.readingMinutes' });
  }
  return value;
}

function requireFacilitator(meeting: ReadingMeetingState, userId: string, what: string): void {
  if (meeting.facilitatorId !== userId) throw ruleViolation('meeting.facilitator_only', `Only the facilitator can ${what}.`);
}

function requireAttendee(meeting: ReadingMeetingState, userId: string): void {
  if (!isAttendee(meeting, userId)) throw ruleViolation('meeting.attendees_only', 'Only the attendees of this meeting read and take notes in it.');
}

function phaseRefusal(rule: string, message: string, phase: MeetingPhase): AppError {
  return ruleViolation(rule, message, { phase });
}

export function assertCanStart(meeting: ReadingMeetingState, userId: string, now: Date): void {
  requireFacilitator(meeting, userId, 'start the reading');
  const phase = meetingPhase(meeting, now);
  if (phase !== 'scheduled') throw phaseRefusal('meeting.already_started', 'The reading has already started; everyone reads the version frozen at the start.', phase);
  if (meeting.attendees.length === 0) throw ruleViolation('meeting.no_attendees', 'Add at least one attendee before the reading starts.');
}

/** Progress and margin notes belong to the reading: refused before the start and after the end. */
export function assertCanRead(meeting: ReadingMeetingState, userId: string, now: Date): void {
  requireAttendee(meeting, userId);
  const phase = meetingPhase(meeting, now);
  if (phase === 'scheduled') throw phaseRefusal('meeting.not_started', 'The reading has not started yet; the facilitator starts it for everyone at once.', phase);
  if (phase === 'ended') throw phaseRefusal('meeting.ended', 'This meeting has ended; its record can no longer change.', phase);
}

/** The shared discussion stays closed until every attendee is done or the reading time is up. */
export function assertDiscussionOpen(meeting: ReadingMeetingState, now: Date): void {
  const phase = meetingPhase(meeting, now);
  if (phase === 'discussion') return;
  if (phase === 'ended') throw phaseRefusal('meeting.ended', 'This meeting has ended; its record can no longer change.', phase);
  const waitingFor = meeting.attendees.filter((attendee) => attendee.doneAt === null).length;
  const endsAt = readingEndsAt(meeting);
  throw ruleViolation(
    'meeting.discussion_closed',
    phase === 'scheduled'
      ? 'The discussion is closed: the reading has not started yet.'
      : `The discussion is closed until everyone has finished reading (${waitingFor} still reading) or the reading time is up at ${endsAt!.toISOString()}.`,
    { phase, waitingFor, opensAt: endsAt?.toISOString() ?? null },
  );
}

export function assertCanPost(meeting: ReadingMeetingState, userId: string, now: Date): void {
  if (!isParticipant(meeting, userId)) throw ruleViolation('meeting.participants_only', 'Only the facilitator and the attendees take part in the discussion.');
  assertDiscussionOpen(meeting, now);
}

export function assertCanPublishNotes(meeting: ReadingMeetingState, userId: string, now: Date): void {
  requireFacilitator(meeting, userId, 'publish the margin notes');
  assertDiscussionOpen(meeting, now);
}

export function assertCanEnd(meeting: ReadingMeetingState, userId: string, now: Date): void {
  requireFacilitator(meeting, userId, 'end the meeting with a decision');
  const phase = meetingPhase(meeting, now);
  if (phase === 'ended') throw phaseRefusal('meeting.ended', 'This meeting has already ended with a decision.', phase);
  if (phase !== 'discussion') throw phaseRefusal('meeting.decision_before_discussion', 'A decision comes after the reading and the discussion; the discussion has not opened yet.', phase);
}

export function assertCanChangeAttendees(meeting: ReadingMeetingState, userId: string, now: Date): void {
  requireFacilitator(meeting, userId, 'change the attendees');
  const phase = meetingPhase(meeting, now);
  if (phase !== 'scheduled') throw phaseRefusal('meeting.already_started', 'Attendees are fixed once the reading has started.', phase);
}

export function normaliseProgress(percent: number): number {
  if (!Number.isFinite(percent) || percent < 0 || percent > 100) throw new AppError('validation_failed', 'Reading progress is a percentage from 0 to 100.', { field: 'body.percent' });
  return Math.round(percent);
}
