import { z } from '@hono/zod-openapi';
import { INITIATIVE_STAGES } from '../../../domain/initiatives/stages.js';
import { DOCUMENT_KINDS, DOCUMENT_LIMITS, DOCUMENT_VISIBILITIES } from '../../../domain/documents/document-rules.js';
import { MEETING_DECISIONS, MEETING_LIMITS, READING_FLOOR } from '../../../domain/documents/reading-meeting.js';
import { REVIEW_REQUEST_LIMITS } from '../../../domain/documents/review-requests.js';
import type { AnchorStatus } from '../../../domain/documents/comment-anchors.js';
import { LINT_ZONES } from '../../../domain/writing/document-model.js';
import { RULE_IDS, type Severity } from '../../../domain/writing/lint-settings.js';
import { REVIEW_LIMITS, VERDICTS, VOTE_CHOICES } from '../../../domain/documents/review-rules.js';
import { baseToken, nullableRef, OrgParamsSchema, Uuid } from '../common/common.schema.js';

export const PersonSchema = z.object({ id: z.string(), name: z.string() }).openapi('Person');

export const DocumentSummarySchema = z
  .object({
    id: z.string(),
    kind: z.enum(DOCUMENT_KINDS),
    title: z.string(),
    visibility: z.enum(DOCUMENT_VISIBILITIES),
    version: z.number().int(),
    draftCount: z.number().int(),
    authors: z.array(PersonSchema),
    updatedAt: z.string(),
    verdict: z.object({ verdict: z.enum(VERDICTS), version: z.number().int(), isBackedByVotes: z.boolean() }).nullable().optional().openapi({ description: 'The latest verdict on the current version (in lists; null once a newer draft is saved, until that draft is judged), and whether the votes on its version still back it (a compelling verdict outvoted since does not open the FAQ stage).' }),
  })
  .openapi('DocumentSummary');

export const DocumentSchema = DocumentSummarySchema.extend({
  body: z.string(),
  readers: z.array(PersonSchema),
  accessToken: z.string().openapi({ description: 'Send it back as `baseToken` when changing the sharing: if it changed since you read it, the change is refused (409).' }),
  isAuthor: z.boolean(),
  createdAt: z.string(),
}).openapi('Document');

export const DocumentVersionSchema = z
  .object({ version: z.number().int(), title: z.string(), createdAt: z.string(), createdBy: nullableRef(PersonSchema), words: z.number().int() })
  .openapi('DocumentVersion');

export const DocumentVersionTextSchema = z
  .object({ version: z.number().int(), title: z.string(), body: z.string(), createdAt: z.string(), createdBy: nullableRef(PersonSchema) })
  .openapi('DocumentVersionText');

export const DiffSchema = z
  .object({
    from: z.number().int(),
    to: z.number().int(),
    title: z.object({ from: z.string(), to: z.string() }),
    runs: z.array(z.object({ kind: z.enum(['same', 'deleted', 'inserted']), text: z.string(), beforeStart: z.number().int(), afterStart: z.number().int() })),
    summary: z.object({ insertedWords: z.number().int(), deletedWords: z.number().int() }),
  })
  .openapi('DocumentDiff');

export const DocumentParamsSchema = OrgParamsSchema.extend({ documentId: Uuid.openapi({ param: { name: 'documentId', in: 'path' } }) });

export const SuppressionParamsSchema = DocumentParamsSchema.extend({ suppressionId: Uuid.openapi({ param: { name: 'suppressionId', in: 'path' } }) });
export const CommentParamsSchema = DocumentParamsSchema.extend({ commentId: Uuid.openapi({ param: { name: 'commentId', in: 'path' }, description: 'A thread: the id of its first comment (the one anchored to text).' }) });
export const MeetingParamsSchema = OrgParamsSchema.extend({ meetingId: Uuid.openapi({ param: { name: 'meetingId', in: 'path' } }) });

/** A version number, in a body (`bodyVersion`) or read from a path or query (`versionNumber`): one a version can have. */
const asVersion = (number: z.ZodNumber) => number.int('must be a version number').positive('must be a version number').max(DOCUMENT_LIMITS.maxVersion, `must be a version number (at most ${DOCUMENT_LIMITS.maxVersion})`);
const bodyVersion = asVersion(z.number({ message: 'must be a version number' }));
const versionNumber = asVersion(z.coerce.number({ message: 'must be a version number' }));
export const VersionParamsSchema = DocumentParamsSchema.extend({ version: versionNumber.openapi({ param: { name: 'version', in: 'path' } }) });
export const OptionalVersionQuerySchema = z.object({ version: versionNumber.optional().openapi({ description: 'A version number; the current version when absent.' }) });
export const DiffQuerySchema = z.object({ from: versionNumber, to: versionNumber });
export const ExportQuerySchema = z.object({ format: z.enum(['markdown', 'html', 'pdf'], { message: 'must be "markdown", "html" or "pdf"' }), version: versionNumber.optional() });

const title = z.string().min(1, 'must not be empty').max(DOCUMENT_LIMITS.titleMaxLength, `must be at most ${DOCUMENT_LIMITS.titleMaxLength} characters`);
const body = z.string().max(DOCUMENT_LIMITS.bodyMaxLength, `must be at most ${DOCUMENT_LIMITS.bodyMaxLength} characters`);
const userIds = (max: number) => z.array(Uuid).max(max, `lists at most ${max} people`);

export const CreateDocumentSchema = z
  .strictObject({
    kind: z.enum(DOCUMENT_KINDS, { message: 'must be "prfaq" or "memo"' }),
    title,
    body: body.optional().openapi({ description: 'Markdown; a template with the expected sections when absent.' }),
    visibility: z.enum(DOCUMENT_VISIBILITIES, { message: 'must be "org" or "readers"' }).optional(),
    readerIds: userIds(DOCUMENT_LIMITS.maxReaders).optional(),
  })
  .openapi('CreateDocument');

export const SaveVersionSchema = z
  .strictObject({
    title,
    body,
    baseVersion: bodyVersion.openapi({ description: 'The version you edited; a stale one answers 409 with the current version.' }),
  })
  .openapi('SaveDocumentVersion');

export const DocumentAccessSchema = z
  .strictObject({
    visibility: z.enum(DOCUMENT_VISIBILITIES, { message: 'must be "org" or "readers"' }),
    authorIds: userIds(DOCUMENT_LIMITS.maxAuthors).min(1, 'needs at least one author'),
    readerIds: userIds(DOCUMENT_LIMITS.maxReaders),
    baseToken: baseToken('sharing', 'accessToken'),
  })
  .openapi('DocumentAccess');

export const SuppressFindingSchema = z
  .strictObject({ ruleId: z.string().min(1, 'must name a rule'), anchor: z.string().min(1, 'must be the anchor of a finding').max(300), reason: z.string().min(1, 'must say why the finding does not apply').max(REVIEW_LIMITS.reasonMaxLength) })
  .openapi('SuppressFinding');

const reason = z.string().min(1, 'must say why').max(REVIEW_LIMITS.reasonMaxLength, `must be at most ${REVIEW_LIMITS.reasonMaxLength} characters`);

export const CastVoteSchema = z.strictObject({ version: bodyVersion, choice: z.enum(VOTE_CHOICES, { message: 'must be "compelling" or "not_yet"' }), reason }).openapi('CastVote');

export const ReviewRequestParamsSchema = DocumentParamsSchema.extend({ requestId: Uuid.openapi({ param: { name: 'requestId', in: 'path' } }) });

export const RequestReviewsSchema = z
  .strictObject({
    reviewerIds: userIds(REVIEW_REQUEST_LIMITS.maxReviewersAtOnce)
      .min(1, 'must name at least one person')
      .openapi({ description: `The user ids of the org members asked (at most ${REVIEW_REQUEST_LIMITS.maxReviewersAtOnce}): each must be able to read the document, must not have written it, and must have no open request on it.` }),
  })
  .openapi('RequestReviews');

const PersonRefSchema = z.object({ id: z.string(), name: z.string() });
export const ReviewRequestSchema = z
  .object({
    id: z.string(),
    reviewer: PersonRefSchema,
    requestedBy: PersonRefSchema.openapi({ description: 'The author who asked.' }),
    version: z.number().int().openapi({ description: 'The current version when it was asked; a vote on it or any later version answers the request.' }),
    requestedAt: z.string(),
  })
  .openapi('ReviewRequest', { description: 'An open request: the reviewer has not voted since it was made and no author has withdrawn it.' });

export const AddCommentSchema = z
  .strictObject({
    version: bodyVersion,
    anchor: z.strictObject({ start: z.number().int().min(0), end: z.number().int().min(1), quote: z.string().min(1, 'must quote the passage') }),
    body: z.string().min(1, 'must not be empty').max(REVIEW_LIMITS.commentMaxLength),
  })
  .openapi('AddComment');

export const ReplyToCommentSchema = z
  .strictObject({ body: z.string().min(1, 'must not be empty').max(REVIEW_LIMITS.commentMaxLength, `must be at most ${REVIEW_LIMITS.commentMaxLength} characters`) })
  .openapi('ReplyToComment', { description: 'A reply under a comment thread, under the rules of comments. Replies go one level deep (422 documents.comment_is_reply); a resolved thread is reopened first (422 documents.thread_resolved).' });

export const RecordVerdictSchema = z.strictObject({ version: bodyVersion.openapi({ description: 'The version judged: the current one (an older version is refused with 409, `field` `body.version`, `data.currentVersion`).' }), verdict: z.enum(VERDICTS, { message: 'must be "compelling" or "not_yet"' }), reason }).openapi('RecordVerdict');

export const WritingSettingsSchema = z.record(z.string(), z.unknown()).openapi('WritingSettingsInput', { description: 'Lint settings (see docs/documents.md): jargon, wordsPerPage, thresholds, rule levels.' });

/** The settings form saves the whole object, with the token it read beside the settings (it is not stored). */
export const SaveWritingSettingsSchema = z
  .object({ baseToken: baseToken('writing settings', 'editToken') })
  .catchall(z.unknown())
  .openapi('SaveWritingSettings', { description: 'The whole settings object (as `WritingSettingsInput`; it replaces the saved one), plus `baseToken`: the `editToken` you read, so that settings saved since are not undone.' });

const readingMinutes = z.number().int('must be whole minutes').min(MEETING_LIMITS.minReadingMinutes).max(MEETING_LIMITS.maxReadingMinutes);

export const CreateMeetingSchema = z
  .strictObject({
    attendeeIds: userIds(MEETING_LIMITS.maxAttendees),
    approverIds: userIds(MEETING_LIMITS.maxAttendees).optional().openapi({ description: 'The attendees who decide (never an author of the document); default: every attendee who is not an author.' }),
    readingMinutes: readingMinutes.optional().openapi({ description: `Default ${MEETING_LIMITS.defaultReadingMinutes}, or the document's reading-time floor when that is longer. Never below the floor: the current version's words at ${READING_FLOOR.wordsPerMinute} a minute (appendices aside), at least ${READING_FLOOR.minMinutes} minutes (422 meeting.reading_time_too_short). One open meeting per document (422 meeting.one_open_per_document).` }),
  })
  .openapi('CreateMeeting');

export const MeetingReadingTimeSchema = z
  .strictObject({
    readingMinutes: readingMinutes.openapi({ description: `Never below the document's reading-time floor (422 meeting.reading_time_too_short); only before the reading starts.` }),
    baseToken: baseToken('reading time', 'readingTimeToken'),
  })
  .openapi('MeetingReadingTime');

export const MeetingAttendeesSchema = z
  .strictObject({ attendeeIds: userIds(MEETING_LIMITS.maxAttendees), approverIds: userIds(MEETING_LIMITS.maxAttendees).optional(), baseToken: baseToken('attendee list', 'attendeesToken') })
  .openapi('MeetingAttendees');

export const MeetingVoteSchema = z.strictObject({ decision: z.enum(MEETING_DECISIONS, { message: 'must be "approve", "iterate" or "kill"' }) }).openapi('MeetingVote');

export const ReadingProgressSchema = z
  .strictObject({ percent: z.number().min(0, 'must be 0 to 100').max(100, 'must be 0 to 100'), lastSection: z.string().max(MEETING_LIMITS.lastSectionMaxLength).optional(), isDone: z.boolean().optional() })
  .openapi('ReadingProgress');

export const MeetingNoteSchema = z.strictObject({ quote: z.string().max(500).optional(), body: z.string().min(1, 'must not be empty').max(MEETING_LIMITS.noteMaxLength) }).openapi('MeetingNote');

export const DiscussionPostSchema = z.strictObject({ body: z.string().min(1, 'must not be empty').max(MEETING_LIMITS.postMaxLength) }).openapi('DiscussionPost');

export const CancelMeetingSchema = z
  .strictObject({ reason: z.string().min(1, 'must say why the meeting is cancelled').max(MEETING_LIMITS.noteMaxLength) })
  .openapi('CancelMeeting');

export const EndMeetingSchema = z
  .strictObject({
    decision: z.enum(MEETING_DECISIONS, { message: 'must be "approve", "iterate" or "kill"' }).optional().openapi({ description: 'With approvers, their decision is recorded (naming another is refused); a meeting from before approvers needs it.' }),
    notes: z.string().min(1, 'must record what was decided').max(MEETING_LIMITS.noteMaxLength),
  })
  .openapi('EndMeeting');

export const SuppressionSchema = z
  .object({
    id: z.string(),
    ruleId: z.string(),
    anchor: z.string().openapi({ description: 'The finding it waves through: its section and flagged words, stable across versions.' }),
    reason: z.string(),
    createdBy: nullableRef(PersonSchema).openapi({ description: 'Who suppressed it; null once their account is gone.' }),
    createdAt: z.string(),
  })
  .openapi('Suppression');

const LintFindingSchema = z
  .object({
    ruleId: z.enum(RULE_IDS),
    severity: z.enum(['error', 'warning'] satisfies Severity[]).openapi({ description: 'Errors in force block the gates (a compelling verdict, a reading meeting).' }),
    message: z.string(),
    why: z.string().openapi({ description: 'One line: why the rule matters.' }),
    start: z.number().int().openapi({ description: 'Source offsets of the flagged text.' }),
    end: z.number().int(),
    line: z.number().int().openapi({ description: '1-based line and column of the start and the end.' }),
    column: z.number().int(),
    endLine: z.number().int(),
    endColumn: z.number().int(),
    sectionKey: z.string().openapi({ description: 'The section the finding is in, or `document` for one about the whole document.' }),
    sectionTitle: z.string().openapi({ description: 'The section\'s heading as written; empty when it has none.' }),
    zone: z.enum([...LINT_ZONES, 'document']),
    excerpt: z.string().openapi({ description: 'The flagged text as written (at most 80 characters).' }),
    anchor: z.string().openapi({ description: 'The finding\'s identity across versions (section and flagged words): what a suppression names.' }),
    density: z.number().openapi({ description: 'Findings of this rule per 100 words of the section, which ranks warnings.' }),
  })
  .openapi('LintFinding');

export const DocumentLintSchema = z
  .object({
    version: z.number().int(),
    kind: z.enum(DOCUMENT_KINDS),
    words: z.object({ total: z.number().int(), budgeted: z.number().int().openapi({ description: 'The press release (PR/FAQ) or the memo body: the text the page budget applies to.' }), appendix: z.number().int() }),
    findings: z.array(LintFindingSchema).openapi({ description: 'Findings in force, ranked (errors first).' }),
    suppressed: z.array(z.object({ finding: LintFindingSchema, suppression: SuppressionSchema })).openapi({ description: 'Findings an author waved through, each with the reason reviewers read.' }),
    staleSuppressions: z.array(SuppressionSchema).openapi({ description: 'Suppressions whose text is gone from this version.' }),
    errorCount: z.number().int(),
    warningCount: z.number().int(),
    isGateBlocked: z.boolean(),
  })
  .openapi('DocumentLint');

export const DocumentCommentReplySchema = z.object({ id: z.string(), author: PersonSchema, body: z.string(), createdAt: z.string() }).openapi('DocumentCommentReply');

export const DocumentCommentSchema = DocumentCommentReplySchema.extend({
  version: z.number().int().openapi({ description: 'The version the comment was written on.' }),
  quote: z.string().openapi({ description: 'The passage it quoted on that version.' }),
  anchor: z
    .object({ version: z.number().int(), start: z.number().int(), end: z.number().int(), text: z.string(), status: z.enum(['unchanged', 'changed', 'removed'] satisfies AnchorStatus[]) })
    .openapi({ description: 'Where the passage is in the version asked for, the text now under it, and whether its words changed since (or are gone).' }),
  replies: z.array(DocumentCommentReplySchema),
  resolved: z.object({ by: PersonSchema, at: z.string() }).nullable().openapi({ description: 'Who resolved the thread and when; null while it is open.' }),
  canResolve: z.boolean().openapi({ description: 'Whether you may resolve (or reopen) it: whoever started it, or an author of the document.' }),
}).openapi('DocumentComment', { description: 'A comment thread: the comment anchored to a passage and the replies under it, in order.' });

export const DocumentReviewSchema = z
  .object({
    version: z.number().int(),
    tally: z.object({ version: z.number().int(), compelling: z.number().int(), notYet: z.number().int(), reviewers: z.number().int() }).openapi({ description: 'Each reviewer\'s latest vote on the version counts once.' }),
    votes: z.array(z.object({ reviewer: PersonSchema, version: z.number().int(), choice: z.enum(VOTE_CHOICES), reason: z.string(), castAt: z.string() })).openapi({ description: 'Each reviewer\'s latest vote on the version.' }),
    comments: z.array(DocumentCommentSchema).openapi({ description: 'The threads written on this version or an earlier one, carried to it.' }),
    verdicts: z.array(z.object({ verdict: z.enum(VERDICTS), version: z.number().int(), reason: z.string(), decidedBy: PersonSchema, decidedAt: z.string() })).openapi({ description: 'Every verdict on the document, newest first.' }),
  })
  .openapi('DocumentReview');

const movedInitiative = { id: z.string(), name: z.string(), to: z.enum(INITIATIVE_STAGES) };

/** What a reading meeting's decision did in the pipeline (see applyReadingDecision). */
export const ReadingOutcomeSchema = z
  .object({
    moved: z.array(z.object(movedInitiative)).openapi({ description: 'Initiatives waiting at their reading review with this memo, moved by the decision: approve → approved, iterate → memo, kill → killed.' }),
    held: z.array(z.object({ ...movedInitiative, message: z.string() })).openapi({ description: 'Those a gate of the stage still holds back, with why.' }),
  })
  .openapi('ReadingOutcome');
