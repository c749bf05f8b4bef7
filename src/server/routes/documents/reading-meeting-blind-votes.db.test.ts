import { describe, expect, it } from 'vitest';
import { inviteClient, signUpClient, useTestApp } from '../../../../test/support/test-app.js';

const context = useTestApp();

const MEMO = '# Faster refunds\n\n## Context\n\nCustomers who return an item wait nine days for their money. They tell us the wait is the worst part of shopping with us.\n\n## Proposal\n\nWe refund the moment the courier scans the parcel. Customers get their money the same day.\n';

type Seen = { approvers: { count: number; waitingFor: number; decision: string | null }; attendees: Array<{ person: { id: string }; hasVoted: boolean; vote: string | null }>; myVote: string | null };

/**
 * A member's memo read in a meeting an admin facilitates, with Bob and Carl, who have all finished reading. Asked to
 * be an approver, the admin is one beside them (not an author, they may decide); otherwise Bob and Carl decide.
 */
async function discussionOpen(options: { facilitatorApproves: boolean }) {
  const { client: facilitator, orgId } = await signUpClient(context.app);
  const me = (await facilitator.get('/auth/session')).body.user.id as string;
  const [author, bob, carl] = [await inviteClient(context.app, facilitator, orgId, 'member'), await inviteClient(context.app, facilitator, orgId, 'member'), await inviteClient(context.app, facilitator, orgId, 'member')];
  const document = (await author.client.post(`/orgs/${orgId}/documents`, { kind: 'memo', title: 'Faster refunds', body: MEMO })).body.document as { id: string };
  const attendeeIds = options.facilitatorApproves ? [me, bob.userId, carl.userId] : [bob.userId, carl.userId];
  const created = await facilitator.post(`/orgs/${orgId}/documents/${document.id}/meetings`, { attendeeIds });
  expect(created.status).toBe(201);
  const path = `/orgs/${orgId}/meetings/${created.body.meeting.id}`;
  expect((await facilitator.post(`${path}/start`)).status).toBe(200);
  const readers = options.facilitatorApproves ? [facilitator, bob.client, carl.client] : [bob.client, carl.client];
  for (const reader of readers) expect((await reader.post(`${path}/progress`, { percent: 100, isDone: true })).status).toBe(200);
  const seenBy = async (client: typeof facilitator) => (await client.get(path)).body.meeting as Seen;
  return { facilitator, me, bob, carl, path, seenBy };
}

describe('approvers vote blind, the facilitator among them when they approve too', () => {
  it('shows a facilitator who approves neither the others\' votes nor their combined decision until they have voted themself', async () => {
    const { facilitator, me, bob, carl, path, seenBy } = await discussionOpen({ facilitatorApproves: true });
    expect((await bob.client.post(`${path}/votes`, { decision: 'kill' })).status).toBe(200);
    expect((await carl.client.post(`${path}/votes`, { decision: 'approve' })).status).toBe(200);

    // Bob's kill alone decides the meeting, whatever the facilitator votes: nothing of it shows before their own vote.
    const before = await seenBy(facilitator);
    expect(before.approvers).toEqual({ count: 3, waitingFor: 1, decision: null });
    expect(before.myVote).toBeNull();
    // Whether each has voted (theirs to wait on), not how.
    expect(before.attendees.map((attendee) => [attendee.person.id === me, attendee.hasVoted, attendee.vote]).sort()).toEqual([
      [false, true, null],
      [false, true, null],
      [true, false, null],
    ]);
    // Ending the meeting to learn the decision is refused without naming it.
    const early = await facilitator.post(`${path}/end`, { decision: 'approve', notes: 'x' });
    expect(early.body.error).toMatchObject({ rule: 'meeting.votes_missing', data: { waitingFor: 1 } });
    expect(JSON.stringify(early.body.error)).not.toContain('kill');

    // Voted, they see the approvers' decision they are to record; the others' votes stay blind until the end.
    expect((await facilitator.post(`${path}/votes`, { decision: 'approve' })).status).toBe(200);
    const after = await seenBy(facilitator);
    expect(after.approvers).toEqual({ count: 3, waitingFor: 0, decision: 'kill' });
    expect(after.attendees.filter((attendee) => attendee.person.id !== me).map((attendee) => attendee.vote)).toEqual([null, null]);
    expect((await facilitator.post(`${path}/end`, { notes: 'Killed by the approvers.' })).body.meeting).toMatchObject({ phase: 'ended', decision: { decision: 'kill' } });
  });

  it('shows a facilitator who does not approve whether everyone has voted and, once all have, the decision to record, never a vote', async () => {
    const { facilitator, bob, carl, path, seenBy } = await discussionOpen({ facilitatorApproves: false });
    expect((await bob.client.post(`${path}/votes`, { decision: 'iterate' })).status).toBe(200);
    const waiting = await seenBy(facilitator);
    expect(waiting.approvers).toEqual({ count: 2, waitingFor: 1, decision: null });
    expect(waiting.attendees.map((attendee) => [attendee.hasVoted, attendee.vote]).sort()).toEqual([
      [false, null],
      [true, null],
    ]);
    expect((await carl.client.post(`${path}/votes`, { decision: 'approve' })).status).toBe(200);
    const decided = await seenBy(facilitator);
    expect(decided.approvers).toEqual({ count: 2, waitingFor: 0, decision: 'iterate' });
    expect(decided.attendees.map((attendee) => attendee.vote)).toEqual([null, null]);
    // An approver who voted sees neither the others' votes nor the decision until the end.
    expect((await seenBy(bob.client)).approvers.decision).toBeNull();
  });
});
