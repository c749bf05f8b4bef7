import { describe, expect, it } from 'vitest';
import type { z } from '@hono/zod-openapi';
import { inviteClient, signUpClient, useTestApp } from '../../../../test/support/test-app.js';
import { DocumentMeetingsResponseSchema, EndedMeetingResponseSchema, MeetingResponseSchema, MyMeetingsResponseSchema } from './reading-meetings.schema.js';

const context = useTestApp();

const MEMO = '# Faster refunds\n\n## Context\n\nCustomers who return an item wait nine days for their money. They tell us the wait is the worst part of shopping with us.\n\n## Proposal\n\nWe refund the moment the courier scans the parcel. Customers get their money the same day.\n';

/**
 * What the reading-meeting routes answer is what the OpenAPI document says they answer: each real answer, read back
 * through the route's schema, loses nothing (a zod object drops the keys it does not describe, so a field the schema
 * leaves out would show as a difference) and fails no type.
 */
async function expectDescribed(schema: z.ZodType, request: Promise<{ status: number; body: unknown }>, status = 200): Promise<void> {
  const response = await request;
  expect(response.status).toBe(status);
  expect(schema.parse(response.body)).toEqual(response.body);
}

/** A memo with a meeting scheduled on it, Ann attending. */
async function scheduledMeeting() {
  const { client: facilitator, orgId } = await signUpClient(context.app);
  const ann = await inviteClient(context.app, facilitator, orgId, 'member');
  const document = (await facilitator.post(`/orgs/${orgId}/documents`, { kind: 'memo', title: 'Faster refunds', body: MEMO })).body.document as { id: string };
  const created = await facilitator.post(`/orgs/${orgId}/documents/${document.id}/meetings`, { attendeeIds: [ann.userId] });
  expect(created.status).toBe(201);
  return { facilitator, ann, orgId, documentId: document.id, created: created.body as unknown, path: `/orgs/${orgId}/meetings/${created.body.meeting.id}` };
}

describe('the reading-meeting API answers as its OpenAPI schemas describe', () => {
  it('in every phase, from scheduling to the decision', async () => {
    const { facilitator, ann, orgId, documentId, created, path } = await scheduledMeeting();
    expect(MeetingResponseSchema.parse(created)).toEqual(created);

    await expectDescribed(MyMeetingsResponseSchema, ann.client.get(`/orgs/${orgId}/meetings`));
    await expectDescribed(DocumentMeetingsResponseSchema, facilitator.get(`/orgs/${orgId}/documents/${documentId}/meetings`));
    await expectDescribed(MeetingResponseSchema, facilitator.get(path));
    await expectDescribed(MeetingResponseSchema, facilitator.post(`${path}/start`));
    await expectDescribed(MeetingResponseSchema, ann.client.post(`${path}/notes`, { quote: 'nine days', body: 'Source for nine days?' }), 201);
    await expectDescribed(MeetingResponseSchema, ann.client.post(`${path}/progress`, { percent: 100, lastSection: 'Proposal', isDone: true }));
    await expectDescribed(MeetingResponseSchema, ann.client.post(`${path}/discussion`, { body: 'Where does nine days come from?' }), 201);
    await expectDescribed(MeetingResponseSchema, facilitator.post(`${path}/publish-notes`));
    await expectDescribed(MeetingResponseSchema, ann.client.post(`${path}/votes`, { decision: 'iterate' }));
    await expectDescribed(EndedMeetingResponseSchema, facilitator.post(`${path}/end`, { notes: 'Cite the nine days; come back next week.' }));
    // Ended: every field is filled in (the decision, the votes shown to all), and still described.
    const ended = (await ann.client.get(path)).body;
    expect(ended.meeting).toMatchObject({ phase: 'ended', decision: { decision: 'iterate' }, myVote: 'iterate' });
    expect(MeetingResponseSchema.parse(ended)).toEqual(ended);
  });

  it('gives the document\'s current version beside the version read, so a save during the reading shows before the decision', async () => {
    const { facilitator, orgId, documentId, path } = await scheduledMeeting();
    expect((await facilitator.get(path)).body.meeting).toMatchObject({ version: null, documentVersion: 1 });
    await facilitator.post(`${path}/start`);
    const saved = await facilitator.post(`/orgs/${orgId}/documents/${documentId}/versions`, { title: 'Faster refunds', body: `${MEMO}\nThe fraud data from the pilot.\n`, baseVersion: 1 });
    expect(saved.status).toBe(201);
    const meeting = (await facilitator.get(path)).body;
    expect(meeting.meeting).toMatchObject({ version: 1, documentVersion: 2 });
    expect(MeetingResponseSchema.parse(meeting)).toEqual(meeting);
  });

  it('a cancelled meeting too', async () => {
    const { facilitator, path } = await scheduledMeeting();
    await expectDescribed(MeetingResponseSchema, facilitator.post(`${path}/cancel`, { reason: 'The memo is not ready.' }));
  });

  it('describes the meeting\'s fields in the OpenAPI document, the reading countdown\'s serverNow among them', async () => {
    const { client } = await signUpClient(context.app);
    const openApi = (await client.get('/openapi.json')).body;
    const answer = openApi.paths['/api/v1/orgs/{orgId}/meetings/{meetingId}'].get.responses['200'].content['application/json'].schema;
    const meetingRef = answer.properties.meeting.$ref as string;
    const meeting = openApi.components.schemas[meetingRef.split('/').pop()!];
    expect(meeting.required).toEqual(expect.arrayContaining(['serverNow', 'readingEndsAt', 'phase', 'attendees']));
    expect(meeting.properties.serverNow).toMatchObject({ type: 'string', description: expect.stringContaining('The server\'s clock when it answered') });
    expect(meeting.properties.readingEndsAt.description).toContain('When the reading time runs out');
    expect(meeting.properties.phase.enum).toEqual(['scheduled', 'reading', 'discussion', 'ended']);
    // Every route that answers with a meeting answers with the same described one.
    for (const action of ['start', 'progress', 'notes', 'discussion', 'votes', 'end', 'cancel', 'publish-notes']) {
      const route = openApi.paths[`/api/v1/orgs/{orgId}/meetings/{meetingId}/${action}`].post;
      const ok = route.responses['200'] ?? route.responses['201'];
      expect(ok.content['application/json'].schema.properties.meeting.$ref, action).toBe(meetingRef);
    }
    const floorRef = openApi.paths['/api/v1/orgs/{orgId}/documents/{documentId}/meetings'].get.responses['200'].content['application/json'].schema.properties.readingFloor;
    expect(JSON.stringify(floorRef)).toContain('ReadingFloor');
    expect(openApi.components.schemas.ReadingFloor.properties.minutes.description).toContain('least reading time');
  });
});
