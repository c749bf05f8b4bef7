import { sql, type Selectable } from 'kysely';
import {
  approversDecision,
  assertCanChangeAttendees,
  attendeesToken,
  assertCanPost,
  assertCanPublishNotes,
  assertCanRead,
  assertCanCancel,
  canCancelMeeting,
  assertCanChangeReadingTime,
  assertCanStart,
  assertCanVote,
  assertCanSchedule,
  assertReadingTimeCoversDocument,
  assertReviewOpenDuringReading,
  chooseApprovers,
  decisionToRecord,
  defaultReadingMinutes,
  isAttendee,
  MEETING_LIMITS,
  meetingPhase,
  normaliseProgress,
  normaliseReadingMinutes,
  oneOpenMeetingRefusal,
  READING_FLOOR,
  readingEndsAt,
  readingFloor,
  readingTimeToken,
  wordsToRead,
  type MeetingDecision,
  type MeetingPhase,
  type ReadingFloor,
  type ReadingMeetingState,
} from '../../domain/documents/reading-meeting.js';
import { assertLintGate } from '../../domain/documents/review-rules.js';
import { canReadDocument, type DocumentAccess } from '../../domain/documents/document-rules.js';
import { can } from '../../domain/accounts/roles.js';
import type { InitiativeStage } from '../../domain/initiatives/stages.js';
import { AppError, notFound, ruleViolation } from '../../domain/errors.js';
import { assertSameContent } from '../../domain/stale-write.js';
import type { Db } from '../../storage/database.js';
import { isUniqueViolation } from '../../storage/pg-errors.js';
import type { ReadingMeetingsTable } from '../../storage/schema.js';
import { recordAuditEvent } from '../audit/audit.service.js';
import { requirePermission, type OrgActor } from '../context.js';
import { applyReadingDecision, type ReadingOutcome } from '../initiatives/pipeline.service.js';
import { assertOrgMembers, loadReadableDocument, loadVersionBody, personOf, readableBy, userNames, writersOf, type LoadedDocument } from './document-access.js';
import { lintDocumentVersion, type VersionLintView } from './document-lint.service.js';
import { isoTimestamp } from '../../storage/timestamps.js';
import { readingMeetingEmail } from '../../domain/mail/outbox-emails.js';
import { appLink, queueEmail, type EmailSettings } from '../mail/outbox.service.js';

type Person = { id: string; name: string };

export interface AttendeeView {
  person: Person;
  /** Reading progress; shown to the facilitator (and to the attendee themself). */
  percent: number | null;
  lastSection: string | null;
  isDone: boolean;
  isApprover: boolean;
  hasVoted: boolean;
  /** An approver's vote: shown to themself, and to everyone once the meeting has ended (votes are cast blind). */
  vote: MeetingDecision | null;
}

export interface MeetingNoteView {
  id: string;
  author: Person;
  quote: string | null;
  body: string;
  createdAt: string;
}

export interface MeetingView {
  id: string;
  documentId: string;
  documentTitle: string;
  documentKind: 'prfaq' | 'memo';
  /**
   * The document's current version. Later than `version` when it was saved again after the reading started: the
   * decision is on the version read, so an approval then moves no initiative waiting on the memo (a reading of the
   * current version decides it), and the page says so before the facilitator ends the meeting.
   */
  documentVersion: number;
  facilitator: Person;
  readingMinutes: number;
  /** Send it back as `baseToken` when changing the reading time: a change made since you read it refuses yours (409). */
  readingTimeToken: string;
  /** Send it back as `baseToken` when changing the attendees: a change made since you read them refuses yours (409). */
  attendeesToken: string;
  /**
   * Before the start: the least reading time the document's current version needs (readingFloor). The reading time
   * is raised to it at the start if the document has grown since the meeting was scheduled. Null once started.
   */
  readingFloor: ReadingFloorView | null;
  phase: MeetingPhase;
  /** The version everyone reads, frozen at the start (null before it). */
  version: number | null;
  body: string | null;
  startedAt: string | null;
  readingEndsAt: string | null;
  /**
   * The server's time when it answered: the page counts the reading time down against it (against the device's clock
   * moved by the difference), so a phone or laptop whose clock is off still shows the time the server keeps.
   */
  serverNow: string;
  isDiscussionOpen: boolean;
  attendees: AttendeeView[];
  /** Your own notes, and everyone's once the facilitator has published them. */
  notes: MeetingNoteView[];
  notesPublishedAt: string | null;
  discussion: Array<{ id: string; author: Person; body: string; createdAt: string }>;
  decision: { decision: MeetingDecision; notes: string; decidedAt: string } | null;
  /**
   * The initiatives this reading moved in the pipeline (its decision's moves, and a later move into approved its
   * approval let through), so every attendee sees where the decision took them, not only the facilitator who ended it.
   * Empty before the end, and for those who may not see initiatives.
   */
  initiativesMoved: Array<{ id: string; name: string; to: InitiativeStage }>;
  /** Ended without a decision by the facilitator or an admin, with the reason. */
  cancellation: { reason: string; cancelledAt: string } | null;
  /** Whether you may cancel it now (assertCanCancel): its facilitator or an admin, before it ends and before every approver has voted. */
  canCancel: boolean;
  /**
   * The approvers' decision once every one has voted (shown to the facilitator, and to everyone once the meeting has
   * ended), and how many are still to vote (none: a meeting from before approvers).
   */
  approvers: { count: number; waitingFor: number; decision: MeetingDecision | null };
  isApprover: boolean;
  /** Your own vote, when you are an approver and have voted. */
  myVote: MeetingDecision | null;
  isFacilitator: boolean;
  isAttendee: boolean;
  /** Your own reading, when you attend. */
  myReading: { percent: number; lastSection: string | null; isDone: boolean } | null;
}

/** The reading-time floor of one version of a document, as the API shows it. */
export interface ReadingFloorView {
  version: number;
  words: number;
  minutes: number;
  wordsPerMinute: number;
}

/**
 * Lints a version once, for the gate (errors in force) and for the reading-time floor, with the word count of the
 * writing checks (the one the page check counts; see wordsToRead).
 */
async function lintWithFloor(db: Db, actor: OrgActor, documentId: string, version: number): Promise<{ lint: VersionLintView; floor: ReadingFloor }> {
  const lint = await lintDocumentVersion(db, actor, documentId, version);
  return { lint, floor: readingFloor(wordsToRead(lint.words)) };
}

const floorView = (version: number, floor: ReadingFloor): ReadingFloorView => ({ version, words: floor.words, minutes: floor.minutes, wordsPerMinute: READING_FLOOR.wordsPerMinute });

/** The least reading time a meeting on the document's current version may have (for the scheduling form). */
export async function documentReadingFloor(db: Db, actor: OrgActor, documentId: string): Promise<ReadingFloorView> {
  const loaded = await loadReadableDocument(db, actor, documentId);
  const { floor } = await lintWithFloor(db, actor, documentId, loaded.row.current_version);
  return floorView(loaded.row.current_version, floor);
}

/** The document's meeting that has not ended nor been cancelled, if any (there is at most one). */
async function findOpenMeeting(db: Db, orgId: string, documentId: string): Promise<Selectable<ReadingMeetingsTable> | undefined> {
  return db.selectFrom('reading_meetings').selectAll().where('org_id', '=', orgId).where('document_id', '=', documentId).where('ended_at', 'is', null).orderBy('created_at', 'desc').limit(1).executeTakeFirst();
}

async function openMeetingError(db: Db, open: Selectable<ReadingMeetingsTable>) {
  const names = await userNames(db, [open.facilitator_id]);
  return oneOpenMeetingRefusal({ id: open.id, createdAt: new Date(open.created_at), startedAt: open.started_at === null ? null : new Date(open.started_at), facilitatorName: names.get(open.facilitator_id) ?? 'someone' });
}

interface LoadedMeeting {
  row: Selectable<ReadingMeetingsTable>;
  state: ReadingMeetingState;
}

async function loadMeeting(db: Db, actor: OrgActor, meetingId: string, options: { forUpdate?: boolean } = {}): Promise<LoadedMeeting> {
  requirePermission(actor, 'documents.read');
  let query = db.selectFrom('reading_meetings').selectAll().where('org_id', '=', actor.orgId).where('id', '=', meetingId);
  if (options.forUpdate) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  if (!row) throw notFound('Meeting');
  // Whoever may not read the document may not learn of its meetings either.
  await loadReadableDocument(db, actor, row.document_id);
  const attendees = await db.selectFrom('reading_meeting_attendees').select(['user_id', 'done_at', 'is_approver', 'vote']).where('org_id', '=', actor.orgId).where('meeting_id', '=', meetingId).execute();
  return { row, state: toMeetingState(row, attendees) };
}

type AttendeeRow = { user_id: string; done_at: Date | string | null; is_approver: boolean; vote: MeetingDecision | null };

/** The stored meeting as the state machine sees it. */
function toMeetingState(row: Selectable<ReadingMeetingsTable>, attendees: ReadonlyArray<AttendeeRow>): ReadingMeetingState {
  return {
    facilitatorId: row.facilitator_id,
    readingMinutes: row.reading_minutes,
    startedAt: row.started_at === null ? null : new Date(row.started_at),
    endedAt: row.ended_at === null ? null : new Date(row.ended_at),
    attendees: attendees.map((attendee) => ({ userId: attendee.user_id, doneAt: attendee.done_at === null ? null : new Date(attendee.done_at), isApprover: attendee.is_approver, vote: attendee.vote })),
  };
}

function toMeetingSummary(row: Selectable<ReadingMeetingsTable>, attendees: ReadonlyArray<AttendeeRow & { meeting_id: string }>, names: ReadonlyMap<string, string>, now: Date): MeetingSummaryView {
  const state = toMeetingState(row, attendees.filter((attendee) => attendee.meeting_id === row.id));
  return { id: row.id, facilitator: personOf(names, row.facilitator_id)!, phase: meetingPhase(state, now), version: row.version, decision: row.decision, createdAt: new Date(row.created_at).toISOString() };
}

/** A note or post: trimmed, not empty, not longer than `maxLength`. */
function normaliseText(text: string, maxLength: number, what: string): string {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed.length > maxLength) throw new AppError('validation_failed', `${what} has 1 to ${maxLength} characters.`, { field: 'body.body' });
  return trimmed;
}


/**
 * Refuses an access change that would shut out an attendee or the facilitator of a meeting on the document that has
 * not ended: an approver who cannot read the document can neither vote nor be waited for, and the meeting could
 * never end. Change the meeting's attendees (or cancel it) first. It also refuses to make an approver of such a
 * meeting an author (meeting.author_not_approver): the approvers are checked against the authors when the meeting
 * is scheduled, and an author named afterwards would approve their own document.
 */
export async function assertMeetingsKeepAccess(db: Db, actor: OrgActor, documentId: string, access: DocumentAccess): Promise<void> {
  const rows = await db
    .selectFrom('reading_meetings')
    .leftJoin('reading_meeting_attendees', (join) => join.onRef('reading_meeting_attendees.meeting_id', '=', 'reading_meetings.id').onRef('reading_meeting_attendees.org_id', '=', 'reading_meetings.org_id'))
    .select(['reading_meetings.id', 'reading_meetings.facilitator_id', 'reading_meeting_attendees.user_id', 'reading_meeting_attendees.is_approver'])
    .where('reading_meetings.org_id', '=', actor.orgId)
    .where('reading_meetings.document_id', '=', documentId)
    .where('reading_meetings.ended_at', 'is', null)
    .orderBy('reading_meetings.created_at')
    .execute();
  const authorApprover = rows.find((row) => row.is_approver === true && row.user_id !== null && access.authorIds.includes(row.user_id));
  if (authorApprover !== undefined) {
    const userId = authorApprover.user_id!;
    const name = (await userNames(db, [userId])).get(userId) ?? userId;
    throw ruleViolation(
      'meeting.author_not_approver',
      `${name} approves reading meeting ${authorApprover.id} on this document, which has not ended, and an author cannot approve their own document: end or cancel the meeting (or, before it starts, choose other approvers) first.`,
      { meetingId: authorApprover.id, userId },
    );
  }
  const lockedOut = rows.flatMap((row) => [row.facilitator_id, row.user_id].filter((id): id is string => id !== null && !canReadDocument(access, id)).map((userId) => ({ meetingId: row.id, userId })))[0];
  if (lockedOut === undefined) return;
  const name = (await userNames(db, [lockedOut.userId])).get(lockedOut.userId) ?? lockedOut.userId;
  throw ruleViolation(
    'meeting.attendee_keeps_access',
    `${name} takes part in reading meeting ${lockedOut.meetingId} on this document, which has not ended: keep them among the readers, or change the meeting's attendees or cancel it first.`,
    { meetingId: lockedOut.meetingId, userId: lockedOut.userId },
  );
}

/**
 * Refuses a participant's comment, reply, vote or verdict on a document while a reading of it is under way
 * (assertReviewOpenDuringReading). Call it inside the transaction that writes. It locks the document's row FOR SHARE
 * (so commenters do not queue behind each other) against the FOR UPDATE that startMeeting takes on it: a comment
 * sent as a reading starts either lands before the start, which waits for it, or waits for the start and is refused.
 * The document's row, not its open meeting's: a meeting scheduled and started after this check found none would hold
 * no lock the comment took, and the comment would land during the reading.
 */
export async function assertNoReadingUnderWay(trx: Db, actor: OrgActor, documentId: string, now: Date): Promise<void> {
  await trx.selectFrom('documents').select('id').where('org_id', '=', actor.orgId).where('id', '=', documentId).forShare().execute();
  const rows = await trx.selectFrom('reading_meetings').selectAll().where('org_id', '=', actor.orgId).where('document_id', '=', documentId).where('ended_at', 'is', null).where('started_at', 'is not', null).execute();
  if (rows.length === 0) return;
  const attendees = await trx.selectFrom('reading_meeting_attendees').select(['meeting_id', 'user_id', 'done_at', 'is_approver', 'vote']).where('org_id', '=', actor.orgId).where('meeting_id', 'in', rows.map((row) => row.id)).execute();
  for (const row of rows) assertReviewOpenDuringReading({ ...toMeetingState(row, attendees.filter((attendee) => attendee.meeting_id === row.id)), id: row.id }, actor.userId, now);
}

export async function getMeeting(db: Db, actor: OrgActor, meetingId: string, now: Date): Promise<MeetingView> {
  const { row, state } = await loadMeeting(db, actor, meetingId);
  const phase = meetingPhase(state, now);
  const [attendees, notes, posts, document] = await Promise.all([
    db.selectFrom('reading_meeting_attendees').selectAll().where('org_id', '=', actor.orgId).where('meeting_id', '=', meetingId).execute(),
    db.selectFrom('reading_meeting_notes').selectAll().where('org_id', '=', actor.orgId).where('meeting_id', '=', meetingId).orderBy('created_at').execute(),
    db.selectFrom('reading_meeting_posts').selectAll().where('org_id', '=', actor.orgId).where('meeting_id', '=', meetingId).orderBy('id').execute(),
    db.selectFrom('documents').select(['current_version', 'kind']).where('org_id', '=', actor.orgId).where('id', '=', row.document_id).executeTakeFirstOrThrow(),
  ]);
  const frozen = row.version === null ? null : await loadVersionBody(db, actor.orgId, row.document_id, row.version);
  const initiativesMoved =
    row.decision === null || !can(actor.role, 'people.read')
      ? []
      : await db
          .selectFrom('initiative_transitions')
          .innerJoin('initiatives', (join) => join.onRef('initiatives.id', '=', 'initiative_transitions.initiative_id').onRef('initiatives.org_id', '=', 'initiative_transitions.org_id'))
          .select(['initiatives.id', 'initiatives.name', 'initiative_transitions.to_stage as to'])
          .where('initiative_transitions.org_id', '=', actor.orgId)
          .where('initiative_transitions.reading_meeting_id', '=', meetingId)
          .orderBy('initiative_transitions.id')
          .execute();
  const floor = phase === 'scheduled' ? floorView(document.current_version, (await lintWithFloor(db, actor, row.document_id, document.current_version)).floor) : null;
  const title = frozen?.title ?? (await loadVersionBody(db, actor.orgId, row.document_id, document.current_version)).title;
  const names = await userNames(db, [row.facilitator_id, ...attendees.map((attendee) => attendee.user_id), ...notes.map((note) => note.author_id), ...posts.map((post) => post.author_id)]);
  const isFacilitator = row.facilitator_id === actor.userId;
  const isDiscussionOpen = phase === 'discussion' || phase === 'ended';
  const myRow = attendees.find((attendee) => attendee.user_id === actor.userId);
  const visibleNotes = notes.filter((note) => note.author_id === actor.userId || row.notes_published_at !== null);
  return {
    id: row.id,
    documentId: row.document_id,
    documentTitle: title,
    documentKind: document.kind,
    documentVersion: document.current_version,
    facilitator: personOf(names, row.facilitator_id)!,
    readingMinutes: row.reading_minutes,
    readingTimeToken: readingTimeToken(state),
    attendeesToken: attendeesToken(state),
    readingFloor: floor,
    phase,
    version: row.version,
    body: frozen?.body ?? null,
    startedAt: isoTimestamp(row.started_at),
    readingEndsAt: readingEndsAt(state)?.toISOString() ?? null,
    serverNow: now.toISOString(),
    isDiscussionOpen,
    attendees: attendees.map((attendee) => {
      const canSeeProgress = isFacilitator || attendee.user_id === actor.userId;
      return {
        person: personOf(names, attendee.user_id)!,
        percent: canSeeProgress ? attendee.progress_percent : null,
        lastSection: canSeeProgress ? attendee.last_section : null,
        isDone: attendee.done_at !== null,
        isApprover: attendee.is_approver,
        hasVoted: attendee.vote !== null,
        vote: attendee.user_id === actor.userId || phase === 'ended' ? attendee.vote : null,
      };
    }),
    notes: visibleNotes.map((note) => ({ id: note.id, author: personOf(names, note.author_id)!, quote: note.quote, body: note.body, createdAt: new Date(note.created_at).toISOString() })),
    notesPublishedAt: isoTimestamp(row.notes_published_at),
    // A post's id is a bigserial, read as a number (storage/database.ts, BigSerialId): sent as the string the view and
    // the API describe.
    discussion: isDiscussionOpen ? posts.map((post) => ({ id: String(post.id), author: personOf(names, post.author_id)!, body: post.body, createdAt: new Date(post.created_at).toISOString() })) : [],
    decision: row.decision === null ? null : { decision: row.decision, notes: row.decision_notes ?? '', decidedAt: isoTimestamp(row.ended_at)! },
    initiativesMoved,
    // Every meeting that ends through endMeeting records a decision: ended without one is cancelled.
    cancellation: row.ended_at !== null && row.decision === null ? { reason: row.decision_notes ?? '', cancelledAt: isoTimestamp(row.ended_at)! } : null,
    canCancel: canCancelMeeting(state, { userId: actor.userId, isAdmin: actor.role === 'admin' }, now),
    // Votes are blind while they can still change: the combined decision would tell each approver how the others
    // voted, so only the facilitator, who records it, sees it before the meeting ends.
    approvers: (({ approvers: count, waitingFor, decision }) => ({ count, waitingFor, decision: isFacilitator || phase === 'ended' ? decision : null }))(approversDecision(state)),
    isApprover: attendees.some((attendee) => attendee.user_id === actor.userId && attendee.is_approver),
    myVote: myRow?.vote ?? null,
    isFacilitator,
    isAttendee: isAttendee(state, actor.userId),
    myReading: myRow === undefined ? null : { percent: myRow.progress_percent, lastSection: myRow.last_section, isDone: myRow.done_at !== null },
  };
}

export interface MeetingSummaryView {
  id: string;
  facilitator: Person;
  phase: MeetingPhase;
  version: number | null;
  decision: MeetingDecision | null;
  createdAt: string;
}

export async function listDocumentMeetings(db: Db, actor: OrgActor, documentId: string, now: Date): Promise<MeetingSummaryView[]> {
  await loadReadableDocument(db, actor, documentId);
  const rows = await db.selectFrom('reading_meetings').selectAll().where('org_id', '=', actor.orgId).where('document_id', '=', documentId).orderBy('created_at', 'desc').execute();
  const attendees = rows.length === 0 ? [] : await db.selectFrom('reading_meeting_attendees').select(['meeting_id', 'user_id', 'done_at', 'is_approver', 'vote']).where('org_id', '=', actor.orgId).where('meeting_id', 'in', rows.map((row) => row.id)).execute();
  const names = await userNames(db, rows.map((row) => row.facilitator_id));
  return rows.map((row) => toMeetingSummary(row, attendees, names, now));
}

/** Meetings you facilitate or attend that have not ended, so attendees find the reading they are invited to. */
export async function listMyOpenMeetings(db: Db, actor: OrgActor, now: Date): Promise<Array<MeetingSummaryView & { documentId: string; documentTitle: string }>> {
  requirePermission(actor, 'documents.read');
  const rows = await db
    .selectFrom('reading_meetings')
    .selectAll()
    .where('org_id', '=', actor.orgId)
    .where('ended_at', 'is', null)
    .where((eb) =>
      eb.or([
        eb('facilitator_id', '=', actor.userId),
        eb.exists(eb.selectFrom('reading_meeting_attendees').select('reading_meeting_attendees.user_id').whereRef('reading_meeting_attendees.meeting_id', '=', 'reading_meetings.id').where('reading_meeting_attendees.org_id', '=', actor.orgId).where('reading_meeting_attendees.user_id', '=', actor.userId)),
      ]),
    )
    .orderBy('created_at', 'desc')
    .limit(50)
    .execute();
  const attendees = rows.length === 0 ? [] : await db.selectFrom('reading_meeting_attendees').select(['meeting_id', 'user_id', 'done_at', 'is_approver', 'vote']).where('org_id', '=', actor.orgId).where('meeting_id', 'in', rows.map((row) => row.id)).execute();
  const names = await userNames(db, rows.map((row) => row.facilitator_id));
  const result: Array<MeetingSummaryView & { documentId: string; documentTitle: string }> = [];
  for (const row of rows) {
    // Skips meetings of documents the person can no longer read (access changed after the invitation).
    const readable = await loadReadableDocument(db, actor, row.document_id).catch(() => undefined);
    if (readable === undefined) continue;
    const { title } = await loadVersionBody(db, actor.orgId, row.document_id, row.version ?? readable.row.current_version);
    result.push({ ...toMeetingSummary(row, attendees, names, now), documentId: row.document_id, documentTitle: title });
  }
  return result;
}

export interface ReadingAwaitingDecisionView {
  id: string;
  documentId: string;
  /** The title of the version read (frozen at the start). */
  documentTitle: string;
  facilitator: Person;
  startedAt: string;
  /** The approvers, and how many of them have not voted (the votes themselves stay blind until the meeting ends). */
  approvers: { count: number; waitingFor: number };
}

/**
 * Readings that are over (the discussion is open: everyone finished reading, or the reading time ran out) and that
 * nobody has ended with a decision, across the org, oldest first, as far as the viewer may read their documents.
 * The leadership follows these up: a reading that never ends decides nothing, and the initiative behind it waits.
 */
export async function listReadingsAwaitingDecision(db: Db, actor: OrgActor, now: Date): Promise<ReadingAwaitingDecisionView[]> {
  requirePermission(actor, 'documents.read');
  const rows = await db
    .selectFrom('reading_meetings')
    .innerJoin('documents', 'documents.id', 'reading_meetings.document_id')
    .innerJoin('document_versions', (join) => join.onRef('document_versions.document_id', '=', 'reading_meetings.document_id').onRef('document_versions.version', '=', 'reading_meetings.version'))
    .selectAll('reading_meetings')
    .select('document_versions.title as document_title')
    .where('reading_meetings.org_id', '=', actor.orgId)
    .where('reading_meetings.started_at', 'is not', null)
    .where('reading_meetings.ended_at', 'is', null)
    .where(readableBy(actor))
    .orderBy('reading_meetings.started_at')
    .limit(50)
    .execute();
  if (rows.length === 0) return [];
  const attendees = await db.selectFrom('reading_meeting_attendees').select(['meeting_id', 'user_id', 'done_at', 'is_approver', 'vote']).where('org_id', '=', actor.orgId).where('meeting_id', 'in', rows.map((row) => row.id)).execute();
  const names = await userNames(db, rows.map((row) => row.facilitator_id));
  return rows.flatMap((row): ReadingAwaitingDecisionView[] => {
    const state = toMeetingState(row, attendees.filter((attendee) => attendee.meeting_id === row.id));
    // Still reading: the decision is not due yet.
    if (meetingPhase(state, now) !== 'discussion') return [];
    const { approvers, waitingFor } = approversDecision(state);
    return [{ id: row.id, documentId: row.document_id, documentTitle: row.document_title, facilitator: personOf(names, row.facilitator_id)!, startedAt: isoTimestamp(row.started_at)!, approvers: { count: approvers, waitingFor } }];
  });
}

/**
 * With email on, tells each attendee asked to the meeting (in the caller's transaction, so a refused or rolled-back
 * change emails nobody): the document's title, the reading time and a link. Only attendees who may read the document
 * (checkedAttendees already refused others; checked again here, as the title is the document's), and not the person
 * who asked them, who knows.
 */
async function queueMeetingEmails(
  trx: Db,
  actor: OrgActor,
  meeting: { id: string; documentId: string; readingMinutes: number; access: DocumentAccess },
  invitedIds: readonly string[],
  approverIds: readonly string[],
  email: EmailSettings | null,
  now: Date,
): Promise<void> {
  const recipientIds = invitedIds.filter((userId) => userId !== actor.userId && canReadDocument(meeting.access, userId));
  if (email === null || recipientIds.length === 0) return;
  const users = await trx.selectFrom('users').select(['id', 'name', 'email']).where('id', 'in', recipientIds).orderBy('email').execute();
  const facilitator = await trx.selectFrom('users').select('name').where('id', '=', actor.userId).executeTakeFirstOrThrow();
  const org = await trx.selectFrom('orgs').select('name').where('id', '=', actor.orgId).executeTakeFirstOrThrow();
  const title = await latestTitle(trx, actor.orgId, meeting.documentId);
  const url = appLink(email, `/o/${actor.orgId}/documents/${meeting.documentId}?meeting=${meeting.id}`);
  for (const user of users) {
    const content = readingMeetingEmail({ orgName: org.name, attendeeName: user.name, facilitatorName: facilitator.name, documentTitle: title ?? 'a document', readingMinutes: meeting.readingMinutes, isApprover: approverIds.includes(user.id), url });
    await queueEmail(trx, { orgId: actor.orgId, kind: 'reading_meeting', recipient: user.email, content, now });
  }
}

/** Checks the attendees may read the document, and returns its approvers among them (chooseApprovers). */
async function checkedAttendees(db: Db, actor: OrgActor, documentId: string, attendeeIds: readonly string[], approverIds: readonly string[] | undefined): Promise<{ approvers: string[]; document: LoadedDocument }> {
  if (attendeeIds.length > MEETING_LIMITS.maxAttendees) throw new AppError('validation_failed', `A meeting has at most ${MEETING_LIMITS.maxAttendees} attendees.`, { field: 'body.attendeeIds' });
  await assertOrgMembers(db, actor.orgId, attendeeIds, 'body.attendeeIds');
  const loaded = await loadReadableDocument(db, actor, documentId);
  if (loaded.row.visibility === 'readers') {
    const allowed = new Set([...loaded.access.authorIds, ...loaded.access.readerIds]);
    const outsider = attendeeIds.find((id) => !allowed.has(id));
    if (outsider !== undefined) {
      const name = (await userNames(db, [outsider])).get(outsider) ?? outsider;
      throw new AppError('validation_failed', `body.attendeeIds: ${name} is not a reader of this document; add them as a reader first.`, { field: 'body.attendeeIds', data: { userId: outsider } });
    }
  }
  return { approvers: chooseApprovers(attendeeIds, approverIds, await writersOf(db, actor.orgId, loaded)), document: loaded };
}

function attendeeRows(meetingId: string, orgId: string, attendeeIds: readonly string[], approvers: readonly string[]) {
  return attendeeIds.map((userId) => ({ meeting_id: meetingId, org_id: orgId, user_id: userId, is_approver: approvers.includes(userId) }));
}

/**
 * Schedules a reading review. Its approvers (by default every attendee who is not an author of the document)
 * decide it; an author never approves their own document (meeting.author_not_approver).
 */
export async function createMeeting(db: Db, actor: OrgActor, documentId: string, input: { attendeeIds: string[]; approverIds?: string[] | undefined; readingMinutes?: number | undefined }, now: Date, email: EmailSettings | null = null): Promise<MeetingView> {
  requirePermission(actor, 'documents.write');
  if (input.readingMinutes !== undefined) normaliseReadingMinutes(input.readingMinutes);
  const attendeeIds = [...new Set(input.attendeeIds)];
  const { approvers, document } = await checkedAttendees(db, actor, documentId, attendeeIds, input.approverIds);
  assertCanSchedule({ userId: actor.userId, isAdmin: actor.role === 'admin' }, document.access.authorIds);
  // One open meeting per document: said here with the open meeting's name; the unique index below settles a race.
  const open = await findOpenMeeting(db, actor.orgId, documentId);
  if (open !== undefined) throw await openMeetingError(db, open);
  // The memo passes its hard checks before a review is scheduled (and again when the reading starts, on the version
  // then frozen for everyone), and the reading time covers it (the default is raised to the floor when shorter).
  const { lint, floor } = await lintWithFloor(db, actor, documentId, document.row.current_version);
  assertLintGate(lint.errorCount, 'a reading review is scheduled');
  const readingMinutes = normaliseReadingMinutes(input.readingMinutes ?? defaultReadingMinutes(floor));
  assertReadingTimeCoversDocument(readingMinutes, floor, document.row.kind);
  const id = await db
    .transaction()
    .execute(async (trx) => {
      const meeting = await trx.insertInto('reading_meetings').values({ org_id: actor.orgId, document_id: documentId, facilitator_id: actor.userId, reading_minutes: readingMinutes, created_at: now }).returning('id').executeTakeFirstOrThrow();
      await trx.insertInto('reading_meeting_attendees').values(attendeeRows(meeting.id, actor.orgId, attendeeIds, approvers)).execute();
      await queueMeetingEmails(trx, actor, { id: meeting.id, documentId, readingMinutes, access: document.access }, attendeeIds, approvers, email, now);
      return meeting.id;
    })
    .catch(async (error: unknown) => {
      // Another request scheduled a meeting on this document in the meantime (reading_meetings_one_open).
      if (!isUniqueViolation(error, 'reading_meetings_one_open')) throw error;
      const winner = await findOpenMeeting(db, actor.orgId, documentId);
      throw winner === undefined ? error : await openMeetingError(db, winner);
    });
  return getMeeting(db, actor, id, now);
}

/**
 * Changes the reading time of a meeting not yet started (its facilitator): never below what the document's current
 * version takes to read (meeting.reading_time_too_short).
 */
export async function setMeetingReadingTime(db: Db, actor: OrgActor, meetingId: string, input: { readingMinutes: number; baseToken?: string | undefined }, now: Date): Promise<MeetingView> {
  requirePermission(actor, 'documents.write');
  const readingMinutes = normaliseReadingMinutes(input.readingMinutes);
  await db.transaction().execute(async (trx) => {
    const { row, state } = await loadMeeting(trx, actor, meetingId, { forUpdate: true });
    assertCanChangeReadingTime(state, actor.userId, now);
    // Checked under the meeting's lock: of two changes from the same read, the second is refused, not written over.
    assertSameContent(readingTimeToken(state), input.baseToken, 'meeting\'s reading time', 'baseToken');
    const document = await trx.selectFrom('documents').select(['current_version', 'kind']).where('org_id', '=', actor.orgId).where('id', '=', row.document_id).executeTakeFirstOrThrow();
    const { floor } = await lintWithFloor(trx, actor, row.document_id, document.current_version);
    assertReadingTimeCoversDocument(readingMinutes, floor, document.kind);
    // Nothing changed (a form sent the time it showed): nothing to write, nor to audit.
    if (readingMinutes === row.reading_minutes) return;
    await trx.updateTable('reading_meetings').set({ reading_minutes: readingMinutes }).where('org_id', '=', actor.orgId).where('id', '=', meetingId).execute();
    // Audited like the start, end and cancel: how long people get to read is part of the meeting's record.
    await recordAuditEvent(trx, {
      at: now,
      orgId: actor.orgId,
      actorUserId: actor.userId,
      action: 'meeting.reading_time_changed',
      subjectType: 'reading_meeting',
      subjectId: meetingId,
      data: { documentId: row.document_id, documentTitle: await latestTitle(trx, actor.orgId, row.document_id), fromMinutes: row.reading_minutes, toMinutes: readingMinutes },
    });
  });
  return getMeeting(db, actor, meetingId, now);
}

/**
 * Replaces the attendees (and approvers) of a meeting not yet started. The list is sent whole, so a list read before
 * someone was added would drop them: with `baseToken` (the view's attendeesToken) a list changed since is refused.
 * Without `approverIds`, those staying keep their part (approver or not) and newcomers take the default.
 */
export async function setMeetingAttendees(db: Db, actor: OrgActor, meetingId: string, input: { attendeeIds: string[]; approverIds?: string[] | undefined; baseToken?: string | undefined }, now: Date, email: EmailSettings | null = null): Promise<MeetingView> {
  requirePermission(actor, 'documents.write');
  const unique = [...new Set(input.attendeeIds)];
  await db.transaction().execute(async (trx) => {
    const { row, state } = await loadMeeting(trx, actor, meetingId, { forUpdate: true });
    assertCanChangeAttendees(state, actor.userId, now);
    assertSameContent(attendeesToken(state), input.baseToken, 'meeting\'s attendee list', 'baseToken');
    const { approvers: chosen, document } = await checkedAttendees(trx, actor, row.document_id, unique, input.approverIds);
    // A list sent without approvers keeps each staying attendee's part as it was (a meeting given its own approvers
    // keeps them); only someone newly added takes the default, an approver unless an author.
    const before = new Map(state.attendees.map((attendee) => [attendee.userId, attendee.isApprover]));
    const approvers = input.approverIds === undefined ? unique.filter((userId) => before.get(userId) ?? chosen.includes(userId)) : chosen;
    const added = unique.filter((userId) => !before.has(userId));
    const removed = [...before.keys()].filter((userId) => !unique.includes(userId));
    const approverChanged = unique.filter((userId) => before.has(userId) && before.get(userId) !== approvers.includes(userId));
    // The same list sent back (a form saved unchanged): nothing to write, nor to audit.
    if (added.length === 0 && removed.length === 0 && approverChanged.length === 0) return;
    await trx.deleteFrom('reading_meeting_attendees').where('org_id', '=', actor.orgId).where('meeting_id', '=', meetingId).execute();
    await trx.insertInto('reading_meeting_attendees').values(attendeeRows(meetingId, actor.orgId, unique, approvers)).execute();
    // Audited like the start, end and cancel: who reads and who decides is part of the meeting's record. Names are
    // kept as they were then, so the log still reads after someone leaves.
    const names = await userNames(trx, [...added, ...removed, ...approverChanged]);
    const people = (ids: readonly string[]) => ids.map((id) => ({ id, name: names.get(id) ?? '' }));
    await recordAuditEvent(trx, {
      at: now,
      orgId: actor.orgId,
      actorUserId: actor.userId,
      action: 'meeting.attendees_changed',
      subjectType: 'reading_meeting',
      subjectId: meetingId,
      data: {
        documentId: row.document_id,
        documentTitle: await latestTitle(trx, actor.orgId, row.document_id),
        added: people(added),
        removed: people(removed),
        madeApprovers: people(approverChanged.filter((id) => approvers.includes(id))),
        noLongerApprovers: people(approverChanged.filter((id) => !approvers.includes(id))),
        attendees: unique.length,
        approvers: approvers.length,
      },
    });
    // Only those newly asked: someone staying (made an approver or not) already had their email.
    await queueMeetingEmails(trx, actor, { id: meetingId, documentId: row.document_id, readingMinutes: row.reading_minutes, access: document.access }, added, approvers, email, now);
  });
  return getMeeting(db, actor, meetingId, now);
}

/** An approver's vote on the decision, cast blind (others see that they voted, not how, until the meeting ends). */
export async function voteInMeeting(db: Db, actor: OrgActor, meetingId: string, input: { decision: MeetingDecision }, now: Date): Promise<MeetingView> {
  requirePermission(actor, 'documents.read');
  await db.transaction().execute(async (trx) => {
    const { state } = await loadMeeting(trx, actor, meetingId, { forUpdate: true });
    assertCanVote(state, actor.userId, now);
    await trx.updateTable('reading_meeting_attendees').set({ vote: input.decision, voted_at: now, updated_at: now }).where('org_id', '=', actor.orgId).where('meeting_id', '=', meetingId).where('user_id', '=', actor.userId).execute();
  });
  return getMeeting(db, actor, meetingId, now);
}

/** Freezes the document's current version for everyone and starts the reading clock. Lint errors block the start. */
export async function startMeeting(db: Db, actor: OrgActor, meetingId: string, now: Date): Promise<MeetingView> {
  requirePermission(actor, 'documents.write');
  await db.transaction().execute(async (trx) => {
    const { row, state } = await loadMeeting(trx, actor, meetingId, { forUpdate: true });
    assertCanStart(state, actor.userId, now);
    // The document's row, locked, waits for the comments, replies, votes and verdicts in flight (assertNoReadingUnderWay
    // holds it FOR SHARE) and makes those sent meanwhile wait for the start; it also holds off a save until the
    // version is frozen.
    const document = await trx.selectFrom('documents').select('current_version').where('org_id', '=', actor.orgId).where('id', '=', row.document_id).forUpdate().executeTakeFirstOrThrow();
    const { lint, floor } = await lintWithFloor(trx, actor, row.document_id, document.current_version);
    assertLintGate(lint.errorCount, 'a silent-reading meeting');
    // The document may have grown since the meeting was scheduled: the reading time is raised to what the frozen
    // version takes to read, never cut short (the audit event says from what).
    const readingMinutes = Math.max(row.reading_minutes, floor.minutes);
    await trx.updateTable('reading_meetings').set({ version: document.current_version, started_at: now, reading_minutes: readingMinutes }).where('org_id', '=', actor.orgId).where('id', '=', meetingId).execute();
    await recordAuditEvent(trx, {
      at: now,
      orgId: actor.orgId,
      actorUserId: actor.userId,
      action: 'meeting.started',
      subjectType: 'reading_meeting',
      subjectId: meetingId,
      data: { documentId: row.document_id, version: document.current_version, readingMinutes, words: floor.words, ...(readingMinutes > row.reading_minutes && { readingMinutesRaisedFrom: row.reading_minutes }) },
    });
  });
  return getMeeting(db, actor, meetingId, now);
}

export async function recordReadingProgress(db: Db, actor: OrgActor, meetingId: string, input: { percent: number; lastSection?: string | undefined; isDone?: boolean | undefined }, now: Date): Promise<MeetingView> {
  requirePermission(actor, 'documents.read');
  const percent = normaliseProgress(input.percent);
  await db.transaction().execute(async (trx) => {
    const { state } = await loadMeeting(trx, actor, meetingId, { forUpdate: true });
    assertCanRead(state, actor.userId, now);
    // Progress is the furthest a reader got: scrolling back up to read a passage again does not undo it. A report that
    // names no section (the "done" button, the top of the text) keeps the last one named, which the facilitator sees.
    const lastSection = input.lastSection === undefined ? sql<string | null>`last_section` : input.lastSection.slice(0, MEETING_LIMITS.lastSectionMaxLength);
    const update = { progress_percent: sql<number>`greatest(progress_percent, ${input.isDone ? 100 : percent})`, last_section: lastSection, updated_at: now, ...(input.isDone ? { done_at: now } : {}) };
    await trx.updateTable('reading_meeting_attendees').set(update).where('org_id', '=', actor.orgId).where('meeting_id', '=', meetingId).where('user_id', '=', actor.userId).execute();
  });
  return getMeeting(db, actor, meetingId, now);
}

export async function addMeetingNote(db: Db, actor: OrgActor, meetingId: string, input: { quote?: string | undefined; body: string }, now: Date): Promise<MeetingView> {
  requirePermission(actor, 'documents.read');
  const body = normaliseText(input.body, MEETING_LIMITS.noteMaxLength, 'A note');
  // Checked and written under the meeting's lock, as every change to it: a note cannot slip in after the end.
  await db.transaction().execute(async (trx) => {
    const { state } = await loadMeeting(trx, actor, meetingId, { forUpdate: true });
    assertCanRead(state, actor.userId, now);
    await trx.insertInto('reading_meeting_notes').values({ meeting_id: meetingId, org_id: actor.orgId, author_id: actor.userId, quote: input.quote?.trim().slice(0, 500) || null, body }).execute();
  });
  return getMeeting(db, actor, meetingId, now);
}

/** Posts to the shared discussion: refused (meeting.discussion_closed) while anyone is still reading within the time. */
export async function postToDiscussion(db: Db, actor: OrgActor, meetingId: string, input: { body: string }, now: Date): Promise<MeetingView> {
  requirePermission(actor, 'documents.read');
  const body = normaliseText(input.body, MEETING_LIMITS.postMaxLength, 'A discussion post');
  // Under the meeting's lock: a post sent while the facilitator ends the meeting waits for the end, then is refused
  // (meeting.ended), instead of landing after the decision it did not inform.
  await db.transaction().execute(async (trx) => {
    const { state } = await loadMeeting(trx, actor, meetingId, { forUpdate: true });
    assertCanPost(state, actor.userId, now);
    await trx.insertInto('reading_meeting_posts').values({ meeting_id: meetingId, org_id: actor.orgId, author_id: actor.userId, body }).execute();
  });
  return getMeeting(db, actor, meetingId, now);
}

/** Makes every attendee's margin notes visible to the meeting at once, so no one's reading is steered by another's. */
export async function publishMeetingNotes(db: Db, actor: OrgActor, meetingId: string, now: Date): Promise<MeetingView> {
  requirePermission(actor, 'documents.read');
  await db.transaction().execute(async (trx) => {
    const { row, state } = await loadMeeting(trx, actor, meetingId, { forUpdate: true });
    assertCanPublishNotes(state, actor.userId, now);
    if (row.notes_published_at !== null) return;
    await trx.updateTable('reading_meetings').set({ notes_published_at: now }).where('org_id', '=', actor.orgId).where('id', '=', meetingId).execute();
    await recordAuditEvent(trx, { at: now, orgId: actor.orgId, actorUserId: actor.userId, action: 'meeting.notes_published', subjectType: 'reading_meeting', subjectId: meetingId, data: { documentId: row.document_id, version: row.version } });
  });
  return getMeeting(db, actor, meetingId, now);
}

/**
 * Ends the meeting with its decision (the approvers', see decisionToRecord), tied to the version read; audited with
 * every approver's vote, and applied to the initiatives waiting on this memo's reading, in the same transaction.
 */
export async function endMeeting(db: Db, actor: OrgActor, meetingId: string, input: { decision?: MeetingDecision | undefined; notes: string }, now: Date): Promise<{ meeting: MeetingView; initiatives: ReadingOutcome }> {
  requirePermission(actor, 'documents.read');
  const notes = input.notes.trim();
  if (notes === '') throw new AppError('validation_failed', 'Write down what was decided and why: the notes are the record.', { field: 'body.notes' });
  const initiatives = await db.transaction().execute(async (trx) => {
    const { row, state } = await loadMeeting(trx, actor, meetingId, { forUpdate: true });
    const decision = decisionToRecord(state, actor.userId, now, input.decision);
    await trx.updateTable('reading_meetings').set({ ended_at: now, decision, decision_notes: notes }).where('org_id', '=', actor.orgId).where('id', '=', meetingId).execute();
    await recordAuditEvent(trx, {
      at: now,
      orgId: actor.orgId,
      actorUserId: actor.userId,
      action: 'meeting.decided',
      subjectType: 'reading_meeting',
      subjectId: meetingId,
      data: { documentId: row.document_id, version: row.version, decision, notes, votes: state.attendees.filter((attendee) => attendee.isApprover).map((attendee) => ({ userId: attendee.userId, vote: attendee.vote })) },
    });
    // The decision moves the initiatives waiting on this memo's reading (approve, another draft, or kill), in the
    // same transaction: a decision is never recorded without its consequence, nor the other way round.
    return applyReadingDecision(trx, actor, { meetingId, version: row.version, documentId: row.document_id, documentTitle: (await latestTitle(trx, actor.orgId, row.document_id)) ?? 'the memo', decision, notes, readingStartedAt: new Date(row.started_at as Date) });
  });
  return { meeting: await getMeeting(db, actor, meetingId, now), initiatives };
}

/** The document's title in its latest version (what the audit log names it by); null if it has none. */
async function latestTitle(db: Db, orgId: string, documentId: string): Promise<string | null> {
  const latest = await db.selectFrom('document_versions').select('title').where('org_id', '=', orgId).where('document_id', '=', documentId).orderBy('version', 'desc').limit(1).executeTakeFirst();
  return latest?.title ?? null;
}

/** Cancels a meeting that has not ended: no decision is recorded and no initiative moves; audited with its reason. */
export async function cancelMeeting(db: Db, actor: OrgActor, meetingId: string, input: { reason: string }, now: Date): Promise<MeetingView> {
  requirePermission(actor, 'documents.read');
  const reason = input.reason.trim();
  if (reason === '') throw new AppError('validation_failed', 'Say why the meeting is cancelled: the reason is the record.', { field: 'body.reason' });
  await db.transaction().execute(async (trx) => {
    const { row, state } = await loadMeeting(trx, actor, meetingId, { forUpdate: true });
    assertCanCancel(state, { userId: actor.userId, isAdmin: actor.role === 'admin' }, now);
    await trx.updateTable('reading_meetings').set({ ended_at: now, decision: null, decision_notes: reason }).where('org_id', '=', actor.orgId).where('id', '=', meetingId).execute();
    await recordAuditEvent(trx, { at: now, orgId: actor.orgId, actorUserId: actor.userId, action: 'meeting.cancelled', subjectType: 'reading_meeting', subjectId: meetingId, data: { documentId: row.document_id, version: row.version, reason } });
  });
  return getMeeting(db, actor, meetingId, now);
}
