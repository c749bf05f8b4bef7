/**
 * The silent-reading meeting as a state machine. Pure: every function takes the meeting and `now`
 * (the clock is injected, so tests move time without waiting).
 *
 *   scheduled --start--> reading --(every attendee done, or reading time up)--> discussion --end--> ended
 *
 * The phase between reading and discussion is not stored: it follows from the attendees' done marks
 * and the clock, so the discussion opens on time even if nobody calls the server at that moment.
 */
import { formatUtcDateTime } from '../dates.js';
import { AppError, ruleViolation } from '../errors.js';
import { fieldsToken } from '../stale-write.js';

export const MEETING_DECISIONS = ['approve', 'iterate', 'kill'] as const;
export type MeetingDecision = (typeof MEETING_DECISIONS)[number];

/** `lastSectionMaxLength`: the heading a progress report names (shown to the facilitator), as the reader's page sends it. */
export const MEETING_LIMITS = { defaultReadingMinutes: 30, minReadingMinutes: 1, maxReadingMinutes: 240, maxAttendees: 50, noteMaxLength: 4000, postMaxLength: 4000, lastSectionMaxLength: 200 } as const;

/**
 * The reading-time floor: no silent reading is shorter than the document takes to read. 240 words a minute is a
 * brisk but honest pace for dense business prose: adults read English non-fiction silently at about 238 words a
 * minute on average (Brysbaert 2019, a meta-analysis of 190 studies), and a memo full of numbers and arguments to
 * weigh is not read faster. Rounded up to whole minutes, never below 5 minutes (a reading that short is no
 * meeting), never above the longest reading time (a document no meeting can read is for the page check to stop).
 */
export const READING_FLOOR = { wordsPerMinute: 240, minMinutes: 5 } as const;

export interface ReadingFloor {
  /** The words every reader reads: the document's word count from the writing checks, appendices aside. */
  readonly words: number;
  readonly minutes: number;
}

/**
 * The words a silent reading covers, from the writing checks' count (the one the page check counts): the memo body,
 * or the press release and FAQ; appendices are looked up as needed, not read through, so they do not raise the floor.
 */
export function wordsToRead(counts: { readonly total: number; readonly appendix: number }): number {
  return Math.max(0, counts.total - counts.appendix);
}

export function readingFloor(words: number): ReadingFloor {
  const minutes = Math.min(MEETING_LIMITS.maxReadingMinutes, Math.max(READING_FLOOR.minMinutes, Math.ceil(words / READING_FLOOR.wordsPerMinute)));
  return { words, minutes };
}

/** The reading time asked for, or the default raised to the floor when none is asked for. */
export function defaultReadingMinutes(floor: ReadingFloor): number {
  return Math.max(MEETING_LIMITS.defaultReadingMinutes, floor.minutes);
}

/** Refuses a reading time shorter than the document takes to read (meeting.reading_time_too_short), saying the minimum and why. */
export function assertReadingTimeCoversDocument(minutes: number, floor: ReadingFloor, kind: 'memo' | 'prfaq'): void {
  if (minutes >= floor.minutes) return;
  const what = kind === 'memo' ? 'This memo' : 'This PR/FAQ';
  const pace = Math.ceil(floor.words / READING_FLOOR.wordsPerMinute) < READING_FLOOR.minMinutes ? `no silent reading is shorter than ${READING_FLOOR.minMinutes} minutes` : `at ${READING_FLOOR.wordsPerMinute} words a minute, appendices aside`;
  throw new AppError('rule_violation', `${what} is ${floor.words.toLocaleString('en-US')} words: give at least ${floor.minutes} minutes of reading time (${pace}).`, {
    rule: 'meeting.reading_time_too_short',
    field: 'body.readingMinutes',
    data: { minMinutes: floor.minutes, words: floor.words, wordsPerMinute: READING_FLOOR.wordsPerMinute },
  });
}

export const MEETING_PHASES = ['scheduled', 'reading', 'discussion', 'ended'] as const;
export type MeetingPhase = (typeof MEETING_PHASES)[number];

export interface MeetingAttendeeState {
  readonly userId: string;
  readonly doneAt: Date | null;
  /** Approvers decide the meeting: each votes after the reading (meetings from before approvers have none). */
  readonly isApprover: boolean;
  readonly vote: MeetingDecision | null;
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
  throw discussionClosed(meeting, phase, 'The discussion is closed');
}

/**
 * While a reading of the document is under way, its participants' comments, votes and verdicts on the document are the
 * discussion by another door (the others, still reading, would see them in the review): refused by the same rule,
 * naming the meeting. Before the start and after the reading they are the ordinary review.
 */
export function assertReviewOpenDuringReading(meeting: ReadingMeetingState & { id: string }, userId: string, now: Date): void {
  if (!isParticipant(meeting, userId)) return;
  const phase = meetingPhase(meeting, now);
  if (phase !== 'reading') return;
  throw discussionClosed(meeting, phase, `A reading meeting on this document (${meeting.id}) is reading it: comments, votes and verdicts on it are closed, like its discussion,`, { meetingId: meeting.id });
}

function discussionClosed(meeting: ReadingMeetingState, phase: 'scheduled' | 'reading', what: string, data: Record<string, unknown> = {}) {
  const waitingFor = meeting.attendees.filter((attendee) => attendee.doneAt === null).length;
  const endsAt = readingEndsAt(meeting);
  return ruleViolation(
    'meeting.discussion_closed',
    phase === 'scheduled'
      ? `${what}: the reading has not started yet.`
      : `${what} until everyone has finished reading (${waitingFor} still reading) or the reading time is up at ${formatUtcDateTime(endsAt!)}.`,
    { phase, waitingFor, opensAt: endsAt?.toISOString() ?? null, ...data },
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

/**
 * Who puts a document before a reading review: one of its authors, who asks for the decision, or an admin who runs
 * reviews for the leadership team. Anyone else could pick approvers of their own choosing for someone's memo.
 */
export function assertCanSchedule(actor: { userId: string; isAdmin: boolean }, authorIds: readonly string[]): void {
  if (actor.isAdmin || authorIds.includes(actor.userId)) return;
  throw ruleViolation('meeting.scheduled_by_author', 'A reading review is scheduled by an author of the document or an admin.');
}

/** A time as the refusals say it: `Nov 26, 2026, 8:00 PM UTC`. */
const utc = formatUtcDateTime;

/**
 * One open reading meeting per document (meeting.one_open_per_document): a second one, scheduled or running while
 * another has not ended or been cancelled, would split the readers and the decision. Names the open meeting.
 */
export function oneOpenMeetingRefusal(open: { id: string; createdAt: Date; startedAt: Date | null; facilitatorName: string }): AppError {
  const when = open.startedAt === null ? `scheduled ${utc(open.createdAt)}, not started yet` : `scheduled ${utc(open.createdAt)}, reading started ${utc(open.startedAt)}`;
  return new AppError('rule_violation', `This document already has an open reading meeting (facilitated by ${open.facilitatorName}, ${when}): its facilitator or an admin ends or cancels it on the Meetings tab before another is scheduled.`, {
    rule: 'meeting.one_open_per_document',
    data: { meetingId: open.id, scheduledAt: open.createdAt.toISOString(), startedAt: open.startedAt?.toISOString() ?? null },
  });
}

/**
 * The approvers of a reading review: those asked for, or else every attendee who is not an author of the
 * document. An author never approves their own document, and a review has at least one approver.
 */
export function chooseApprovers(attendeeIds: readonly string[], approverIds: readonly string[] | undefined, authorIds: readonly string[]): string[] {
  const approvers = [...new Set(approverIds ?? attendeeIds.filter((id) => !authorIds.includes(id)))];
  const outsider = approvers.find((id) => !attendeeIds.includes(id));
  if (outsider !== undefined) throw new AppError('validation_failed', `body.approverIds: ${outsider} is not an attendee; an approver reads with the others.`, { field: 'body.approverIds' });
  if (approvers.some((id) => authorIds.includes(id))) {
    throw ruleViolation('meeting.author_not_approver', 'An author of the document cannot approve it: choose approvers among the other attendees.');
  }
  if (approvers.length === 0) {
    throw ruleViolation('meeting.approvers_required', 'A reading review needs at least one approver who is not an author of the document: add an attendee who will decide.');
  }
  return approvers;
}

/** The approvers' decision once all have voted: approve only if every one approves, kill if any kills, else iterate. */
export function approversDecision(meeting: ReadingMeetingState): { decision: MeetingDecision | null; waitingFor: number; approvers: number } {
  const approvers = meeting.attendees.filter((attendee) => attendee.isApprover);
  const waitingFor = approvers.filter((attendee) => attendee.vote === null).length;
  if (approvers.length === 0 || waitingFor > 0) return { decision: null, waitingFor, approvers: approvers.length };
  const votes = approvers.map((attendee) => attendee.vote);
  const decision = votes.includes('kill') ? 'kill' : votes.every((vote) => vote === 'approve') ? 'approve' : 'iterate';
  return { decision, waitingFor: 0, approvers: approvers.length };
}

/** An approver votes once the discussion is open, and may change the vote until the meeting ends. */
export function assertCanVote(meeting: ReadingMeetingState, userId: string, now: Date): void {
  if (!meeting.attendees.some((attendee) => attendee.userId === userId && attendee.isApprover)) {
    throw ruleViolation('meeting.approvers_only', 'Only the approvers of this meeting vote on the decision.');
  }
  assertDiscussionOpen(meeting, now);
}

/**
 * Ends the meeting: by the facilitator, once the discussion is open, with the approvers' decision when the meeting
 * has approvers (every one must have voted, and a decision the facilitator names must be theirs). A meeting from
 * before approvers ends with the facilitator's decision, as it was scheduled.
 */
export function decisionToRecord(meeting: ReadingMeetingState, userId: string, now: Date, asked: MeetingDecision | undefined): MeetingDecision {
  requireFacilitator(meeting, userId, 'end the meeting with a decision');
  const phase = meetingPhase(meeting, now);
  if (phase === 'ended') throw phaseRefusal('meeting.ended', 'This meeting has already ended with a decision.', phase);
  if (phase !== 'discussion') throw phaseRefusal('meeting.decision_before_discussion', 'A decision comes after the reading and the discussion; the discussion has not opened yet.', phase);
  const outcome = approversDecision(meeting);
  if (outcome.approvers === 0) {
    if (asked === undefined) throw new AppError('validation_failed', 'body.decision: say what was decided (approve, iterate or kill).', { field: 'body.decision' });
    return asked;
  }
  if (outcome.decision === null) {
    throw ruleViolation('meeting.votes_missing', `The decision is the approvers': ${outcome.waitingFor} of ${outcome.approvers} still to vote.`, { waitingFor: outcome.waitingFor });
  }
  if (asked !== undefined && asked !== outcome.decision) {
    throw ruleViolation('meeting.decision_is_the_approvers', `The approvers decided ${outcome.decision}; the meeting ends with their decision, not ${asked}.`, { decision: outcome.decision });
  }
  return outcome.decision;
}

/** The reading time is the facilitator's to change, until the reading starts (the clock then runs for everyone). */
export function assertCanChangeReadingTime(meeting: ReadingMeetingState, userId: string, now: Date): void {
  requireFacilitator(meeting, userId, 'change the reading time');
  const phase = meetingPhase(meeting, now);
  if (phase !== 'scheduled') throw phaseRefusal('meeting.already_started', 'The reading time is fixed once the reading has started.', phase);
}

/**
 * The attendees are the facilitator's to change until the reading starts. From then on nobody is added or removed:
 * an attendee removed mid-reading would take their progress, margin notes and (as an approver) vote out of the
 * record, and a reader added late would not have read what the others did. Cancelling the meeting is the way out.
 */
export function assertCanChangeAttendees(meeting: ReadingMeetingState, userId: string, now: Date): void {
  requireFacilitator(meeting, userId, 'change the attendees');
  const phase = meetingPhase(meeting, now);
  if (phase !== 'scheduled') throw phaseRefusal('meeting.already_started', 'Attendees are fixed once the reading has started: nobody is added or removed while they read (cancel the meeting to start over).', phase);
}

/**
 * The tokens of what the facilitator edits before the start, sent back as `baseToken` (see stale-write.ts): one for
 * the reading time, one for the attendees and approvers, so a change made from a stale page neither undoes a new
 * time nor drops an attendee added since, and a change to one does not refuse an edit of the other.
 */
export function readingTimeToken(meeting: Pick<ReadingMeetingState, 'readingMinutes'>): string {
  return fieldsToken([meeting.readingMinutes]);
}

export function attendeesToken(meeting: Pick<ReadingMeetingState, 'attendees'>): string {
  return fieldsToken(meeting.attendees.map((attendee) => `${attendee.userId}${attendee.isApprover ? ':approver' : ''}`).sort());
}

export function normaliseProgress(percent: number): number {
  if (!Number.isFinite(percent) || percent < 0 || percent > 100) throw new AppError('validation_failed', 'Reading progress is a percentage from 0 to 100.', { field: 'body.percent' });
  return Math.round(percent);
}

/**
 * Cancels a meeting that has not ended, with no decision: the way out when it cannot end (an approver who left or
 * will never vote) or should not happen. The facilitator or an admin, with a reason for the record. Once every
 * approver has voted, the facilitator sees their decision and can end the meeting with it: cancelling it then would
 * bury a decision they (often an author) have seen, and let the document wait for approvers more to its liking. An
 * admin who is not the facilitator has not seen it (votes are blind until the end) and may still cancel, for when
 * the facilitator cannot end the meeting.
 */
export function assertCanCancel(meeting: ReadingMeetingState, actor: { userId: string; isAdmin: boolean }, now: Date): void {
  if (meetingPhase(meeting, now) === 'ended') throw ruleViolation('meeting.ended', 'This meeting has already ended.');
  if (!actor.isAdmin) requireFacilitator(meeting, actor.userId, 'cancel the meeting (or an admin)');
  if (meeting.facilitatorId === actor.userId && approversDecision(meeting).decision !== null) {
    throw ruleViolation('meeting.decision_is_the_approvers', 'Every approver has voted and you have seen their decision: end the meeting with it. It is no longer yours to cancel.');
  }
}

/** Whether `assertCanCancel` lets this actor cancel the meeting now (for the view's button). */
export function canCancelMeeting(meeting: ReadingMeetingState, actor: { userId: string; isAdmin: boolean }, now: Date): boolean {
  try {
    assertCanCancel(meeting, actor, now);
    return true;
  } catch (error) {
    if (error instanceof AppError) return false;
    throw error;
  }
}
