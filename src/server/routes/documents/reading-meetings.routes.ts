import { createRoute } from '@hono/zod-openapi';
import {
  addMeetingNote,
  createMeeting,
  cancelMeeting,
  documentReadingFloor,
  endMeeting,
  getMeeting,
  listDocumentMeetings,
  listMyOpenMeetings,
  postToDiscussion,
  publishMeetingNotes,
  recordReadingProgress,
  setMeetingAttendees,
  setMeetingReadingTime,
  startMeeting,
  voteInMeeting,
} from '../../../services/documents/reading-meetings.service.js';
import { emailSettingsFrom } from '../../../services/mail/outbox.service.js';
import { orgScope } from '../../middleware/org-scope.js';
import { createRouter } from '../../router.js';
import { errorResponses, json, jsonBody, OrgParamsSchema } from '../common/common.schema.js';
import { CancelMeetingSchema, CreateMeetingSchema, DiscussionPostSchema, DocumentParamsSchema, EndMeetingSchema, MeetingAttendeesSchema, MeetingNoteSchema, MeetingParamsSchema, MeetingReadingTimeSchema, MeetingVoteSchema, ReadingProgressSchema } from './documents.schema.js';
import { DocumentMeetingsResponseSchema, EndedMeetingResponseSchema, MeetingResponseSchema, MyMeetingsResponseSchema } from './reading-meetings.schema.js';

const tags = ['Reading meetings'];
const STALE_NOTE = (what: string, token: string) => `With \`baseToken\` (the meeting's \`${token}\` as you read it), a ${what} changed since is refused with 409 (\`field\` is \`body.baseToken\`, \`data.token\` the current token) and nothing is written; without it the change is not checked.`;
const MeetingOne = MeetingResponseSchema;
const MeetingEnded = EndedMeetingResponseSchema;
const refusals = { 422: { ...errorResponses[400], description: 'A meeting rule refuses the action (rule id in error.rule, e.g. meeting.discussion_closed).' } };

export const readingMeetingsRoutes = createRouter();
readingMeetingsRoutes.use('/orgs/:orgId/meetings', orgScope);
readingMeetingsRoutes.use('/orgs/:orgId/meetings/*', orgScope);
// /orgs/:orgId/documents/* is scoped by the documents router, which is registered first.

readingMeetingsRoutes.openapi(
  createRoute({ method: 'get', path: '/orgs/{orgId}/meetings', tags, request: { params: OrgParamsSchema }, responses: { 200: json(MyMeetingsResponseSchema, 'Meetings you facilitate or attend that have not ended.'), ...errorResponses } }),
  async (c) => c.json({ meetings: await listMyOpenMeetings(c.get('deps').db, c.get('actor'), new Date()) }, 200),
);

readingMeetingsRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/orgs/{orgId}/documents/{documentId}/meetings',
    tags,
    request: { params: DocumentParamsSchema },
    responses: {
      200: json(DocumentMeetingsResponseSchema, 'The document\'s reading meetings, newest first, and the reading-time floor of its current version.'),
      ...errorResponses,
    },
  }),
  async (c) => {
    const { db } = c.get('deps');
    const { documentId } = c.req.valid('param');
    const meetings = await listDocumentMeetings(db, c.get('actor'), documentId, new Date());
    return c.json({ meetings, readingFloor: await documentReadingFloor(db, c.get('actor'), documentId) }, 200);
  },
);

readingMeetingsRoutes.openapi(
  createRoute({ method: 'post', path: '/orgs/{orgId}/documents/{documentId}/meetings', tags, request: { params: DocumentParamsSchema, ...jsonBody(CreateMeetingSchema) }, responses: { 201: json(MeetingOne, 'The new meeting; you facilitate it.'), ...refusals, ...errorResponses } }),
  async (c) => c.json({ meeting: await createMeeting(c.get('deps').db, c.get('actor'), c.req.valid('param').documentId, c.req.valid('json'), new Date(), emailSettingsFrom(c.get('deps').config)) }, 201),
);

readingMeetingsRoutes.openapi(
  createRoute({ method: 'get', path: '/orgs/{orgId}/meetings/{meetingId}', tags, request: { params: MeetingParamsSchema }, responses: { 200: json(MeetingOne, 'The meeting as you may see it (poll it for progress).'), ...errorResponses } }),
  async (c) => c.json({ meeting: await getMeeting(c.get('deps').db, c.get('actor'), c.req.valid('param').meetingId, new Date()) }, 200),
);

readingMeetingsRoutes.openapi(
  createRoute({ method: 'put', path: '/orgs/{orgId}/meetings/{meetingId}/attendees', tags, description: `Replaces the attendees (and approvers) before the reading starts (the facilitator); fixed once it has started (422 meeting.already_started). ${STALE_NOTE('attendee list', 'attendeesToken')}`, request: { params: MeetingParamsSchema, ...jsonBody(MeetingAttendeesSchema) }, responses: { 200: json(MeetingOne, 'The meeting with its attendees.'), ...refusals, ...errorResponses } }),
  async (c) => c.json({ meeting: await setMeetingAttendees(c.get('deps').db, c.get('actor'), c.req.valid('param').meetingId, c.req.valid('json'), new Date(), emailSettingsFrom(c.get('deps').config)) }, 200),
);

readingMeetingsRoutes.openapi(
  createRoute({
    method: 'put',
    path: '/orgs/{orgId}/meetings/{meetingId}/reading-time',
    tags,
    description: `Changes the reading time before the reading starts (the facilitator): never below what the document's current version takes to read (meeting.reading_time_too_short). At the start it is raised to the floor of the version then frozen, if that has grown. ${STALE_NOTE('reading time', 'readingTimeToken')}`,
    request: { params: MeetingParamsSchema, ...jsonBody(MeetingReadingTimeSchema) },
    responses: { 200: json(MeetingOne, 'The meeting with its reading time.'), ...refusals, ...errorResponses },
  }),
  async (c) => c.json({ meeting: await setMeetingReadingTime(c.get('deps').db, c.get('actor'), c.req.valid('param').meetingId, c.req.valid('json'), new Date()) }, 200),
);

for (const [action, description, run] of [
  ['start', 'The meeting, reading the frozen version.', startMeeting],
  ['publish-notes', 'The meeting with every margin note visible.', publishMeetingNotes],
] as const) {
  readingMeetingsRoutes.openapi(
    createRoute({ method: 'post', path: `/orgs/{orgId}/meetings/{meetingId}/${action}`, tags, request: { params: MeetingParamsSchema }, responses: { 200: json(MeetingOne, description), ...refusals, ...errorResponses } }),
    async (c) => c.json({ meeting: await run(c.get('deps').db, c.get('actor'), c.req.valid('param').meetingId, new Date()) }, 200),
  );
}

readingMeetingsRoutes.openapi(
  createRoute({ method: 'post', path: '/orgs/{orgId}/meetings/{meetingId}/progress', tags, request: { params: MeetingParamsSchema, ...jsonBody(ReadingProgressSchema) }, responses: { 200: json(MeetingOne, 'The meeting with your progress.'), ...refusals, ...errorResponses } }),
  async (c) => c.json({ meeting: await recordReadingProgress(c.get('deps').db, c.get('actor'), c.req.valid('param').meetingId, c.req.valid('json'), new Date()) }, 200),
);

readingMeetingsRoutes.openapi(
  createRoute({ method: 'post', path: '/orgs/{orgId}/meetings/{meetingId}/notes', tags, request: { params: MeetingParamsSchema, ...jsonBody(MeetingNoteSchema) }, responses: { 201: json(MeetingOne, 'The meeting with your new private note.'), ...refusals, ...errorResponses } }),
  async (c) => c.json({ meeting: await addMeetingNote(c.get('deps').db, c.get('actor'), c.req.valid('param').meetingId, c.req.valid('json'), new Date()) }, 201),
);

readingMeetingsRoutes.openapi(
  createRoute({ method: 'post', path: '/orgs/{orgId}/meetings/{meetingId}/discussion', tags, request: { params: MeetingParamsSchema, ...jsonBody(DiscussionPostSchema) }, responses: { 201: json(MeetingOne, 'The meeting with your post.'), ...refusals, ...errorResponses } }),
  async (c) => c.json({ meeting: await postToDiscussion(c.get('deps').db, c.get('actor'), c.req.valid('param').meetingId, c.req.valid('json'), new Date()) }, 201),
);

readingMeetingsRoutes.openapi(
  createRoute({ method: 'post', path: '/orgs/{orgId}/meetings/{meetingId}/votes', tags, description: 'An approver\'s vote on the decision, once the discussion is open; it may change until the meeting ends. Others see that you voted, not how, until then.', request: { params: MeetingParamsSchema, ...jsonBody(MeetingVoteSchema) }, responses: { 200: json(MeetingOne, 'The meeting with your vote.'), ...refusals, ...errorResponses } }),
  async (c) => c.json({ meeting: await voteInMeeting(c.get('deps').db, c.get('actor'), c.req.valid('param').meetingId, c.req.valid('json'), new Date()) }, 200),
);

readingMeetingsRoutes.openapi(
  createRoute({ method: 'post', path: '/orgs/{orgId}/meetings/{meetingId}/end', tags, request: { params: MeetingParamsSchema, ...jsonBody(EndMeetingSchema) }, responses: { 200: json(MeetingEnded, 'The ended meeting with its decision, and the initiatives it moved in the pipeline.'), ...refusals, ...errorResponses } }),
  async (c) => c.json(await endMeeting(c.get('deps').db, c.get('actor'), c.req.valid('param').meetingId, c.req.valid('json'), new Date()), 200),
);

readingMeetingsRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/orgs/{orgId}/meetings/{meetingId}/cancel',
    tags,
    description: 'Cancels a meeting that has not ended (its facilitator or an admin), with a reason: no decision is recorded and no initiative moves.',
    request: { params: MeetingParamsSchema, ...jsonBody(CancelMeetingSchema) },
    responses: { 200: json(MeetingOne, 'The cancelled meeting.'), ...refusals, ...errorResponses },
  }),
  async (c) => c.json({ meeting: await cancelMeeting(c.get('deps').db, c.get('actor'), c.req.valid('param').meetingId, c.req.valid('json'), new Date()) }, 200),
);
