import { z } from '@hono/zod-openapi';
import { DOCUMENT_KINDS } from '../../../domain/documents/document-rules.js';
import { MEETING_DECISIONS, MEETING_PHASES } from '../../../domain/documents/reading-meeting.js';
import { nullableRef } from '../common/common.schema.js';
import { PersonSchema, ReadingOutcomeSchema } from './documents.schema.js';

/**
 * What the reading-meeting routes answer, field by field (the service's MeetingView, MeetingSummaryView and
 * ReadingFloorView): the routes' handlers are type-checked against these, so a field the service adds or renames
 * cannot go undocumented here. Timestamps are ISO 8601 strings.
 */

const timestamp = (description: string) => z.string().openapi({ description: `${description} (ISO 8601).` });
const decision = z.enum(MEETING_DECISIONS);
const phase = z.enum(MEETING_PHASES).openapi({ description: 'scheduled (before the start), reading (the silent reading, until the reading time runs out or every attendee is done), discussion, ended (decided or cancelled).' });

export const ReadingFloorSchema = z
  .object({
    version: z.number().int().openapi({ description: 'The version whose words were counted.' }),
    words: z.number().int().openapi({ description: 'Words to read, appendices aside.' }),
    minutes: z.number().int().openapi({ description: 'The least reading time, in minutes, a meeting on that version may have.' }),
    wordsPerMinute: z.number().int().openapi({ description: 'The reading speed the floor assumes.' }),
  })
  .openapi('ReadingFloor');

const AttendeeSchema = z
  .object({
    person: PersonSchema,
    percent: z.number().nullable().openapi({ description: 'Reading progress, 0 to 100: shown to the facilitator and to the attendee themself, null to others.' }),
    lastSection: z.string().nullable().openapi({ description: 'The last section read, shown as `percent` is.' }),
    isDone: z.boolean(),
    isApprover: z.boolean().openapi({ description: 'Whether this attendee decides the meeting.' }),
    hasVoted: z.boolean(),
    vote: decision.nullable().openapi({ description: 'The approver\'s vote: shown to themself, and to everyone once the meeting has ended (votes are cast blind).' }),
  })
  .openapi('ReadingMeetingAttendee');

const MeetingNoteViewSchema = z
  .object({ id: z.string(), author: PersonSchema, quote: z.string().nullable().openapi({ description: 'The passage the note is about, if any.' }), body: z.string(), createdAt: timestamp('When it was written') })
  .openapi('ReadingMeetingNote');

const DiscussionPostViewSchema = z.object({ id: z.string(), author: PersonSchema, body: z.string(), createdAt: timestamp('When it was posted') }).openapi('ReadingMeetingPost');

export const ReadingMeetingSchema = z
  .object({
    id: z.string(),
    documentId: z.string(),
    documentTitle: z.string().openapi({ description: 'The title of the version read (frozen at the start), or of the current version before it.' }),
    documentKind: z.enum(DOCUMENT_KINDS),
    documentVersion: z.number().int().openapi({ description: 'The document\'s current version: later than `version` when it was saved again after the reading started. The decision is on the version read, so an approval then moves no initiative waiting on the memo; a reading of the current version decides it.' }),
    facilitator: PersonSchema,
    readingMinutes: z.number().int().openapi({ description: 'The silent reading\'s length, in minutes.' }),
    readingTimeToken: z.string().openapi({ description: 'Send it back as `baseToken` when changing the reading time: a change made since you read it refuses yours (409).' }),
    attendeesToken: z.string().openapi({ description: 'Send it back as `baseToken` when changing the attendees: a change made since you read them refuses yours (409).' }),
    readingFloor: nullableRef(ReadingFloorSchema).openapi({ description: 'Before the start: the least reading time the document\'s current version needs (the reading time is raised to it at the start if the document has grown). Null once started.' }),
    phase,
    version: z.number().int().nullable().openapi({ description: 'The version everyone reads, frozen at the start; null before it.' }),
    body: z.string().nullable().openapi({ description: 'The frozen version\'s text (Markdown); null before the start.' }),
    startedAt: timestamp('When the reading started').nullable(),
    readingEndsAt: timestamp('When the reading time runs out; null before the start').nullable(),
    serverNow: timestamp(
      'The server\'s clock when it answered. Count the reading down as `readingEndsAt` minus `serverNow`, moved on by the time elapsed on the device since the answer arrived: a device whose clock is off still shows the time the server keeps',
    ),
    isDiscussionOpen: z.boolean().openapi({ description: 'Whether posts, and the review of the document, are open: in the discussion and after the end.' }),
    attendees: z.array(AttendeeSchema),
    notes: z.array(MeetingNoteViewSchema).openapi({ description: 'Your own margin notes, and everyone\'s once the facilitator has published them.' }),
    notesPublishedAt: timestamp('When the facilitator published every note; null until then').nullable(),
    discussion: z.array(DiscussionPostViewSchema).openapi({ description: 'The discussion\'s posts, oldest first; empty until the discussion opens.' }),
    decision: z.object({ decision, notes: z.string(), decidedAt: timestamp('When it was decided') }).nullable().openapi({ description: 'The recorded decision and its notes, once the meeting has ended with one.' }),
    initiativesMoved: ReadingOutcomeSchema.shape.moved.openapi({ description: 'The initiatives this reading moved in the pipeline (its decision\'s moves, and a later move into approved that its approval let through), for every attendee to see. Empty before the end, and for those who may not see initiatives.' }),
    cancellation: z.object({ reason: z.string(), cancelledAt: timestamp('When it was cancelled') }).nullable().openapi({ description: 'Set when the meeting ended without a decision (cancelled by its facilitator or an admin), with the reason.' }),
    canCancel: z.boolean().openapi({ description: 'Whether you may cancel it now: its facilitator or an admin, before it ends and before every approver has voted.' }),
    approvers: z
      .object({
        count: z.number().int(),
        waitingFor: z.number().int().openapi({ description: 'Approvers still to vote.' }),
        decision: decision.nullable().openapi({ description: 'The approvers\' decision once every one has voted: shown to the facilitator, and to everyone once the meeting has ended.' }),
      })
      .openapi({ description: 'The approvers (none: a meeting from before approvers) and where their votes stand.' }),
    isApprover: z.boolean(),
    myVote: decision.nullable().openapi({ description: 'Your own vote, when you are an approver and have voted.' }),
    isFacilitator: z.boolean(),
    isAttendee: z.boolean(),
    myReading: z.object({ percent: z.number(), lastSection: z.string().nullable(), isDone: z.boolean() }).nullable().openapi({ description: 'Your own reading, when you attend.' }),
  })
  .openapi('ReadingMeeting');

export const ReadingMeetingSummarySchema = z
  .object({
    id: z.string(),
    facilitator: PersonSchema,
    phase,
    version: z.number().int().nullable().openapi({ description: 'The version read, frozen at the start; null before it.' }),
    decision: decision.nullable().openapi({ description: 'The recorded decision; null until the meeting ends with one.' }),
    createdAt: timestamp('When it was scheduled'),
  })
  .openapi('ReadingMeetingSummary');

export const MyReadingMeetingSchema = ReadingMeetingSummarySchema.extend({
  documentId: z.string(),
  documentTitle: z.string().openapi({ description: 'The title of the version read, or of the current version before the start.' }),
}).openapi('MyReadingMeeting');

export const MeetingResponseSchema = z.object({ meeting: ReadingMeetingSchema });
export const EndedMeetingResponseSchema = MeetingResponseSchema.extend({ initiatives: ReadingOutcomeSchema });
export const MyMeetingsResponseSchema = z.object({ meetings: z.array(MyReadingMeetingSchema) });
export const DocumentMeetingsResponseSchema = z.object({
  meetings: z.array(ReadingMeetingSummarySchema).openapi({ description: 'Newest first.' }),
  readingFloor: ReadingFloorSchema.openapi({ description: 'The least reading time a meeting on the current version may have.' }),
});
