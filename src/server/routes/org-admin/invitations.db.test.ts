import { describe, expect, it } from 'vitest';
import { ApiClient, TEST_PASSWORD, inviteClient, signUpClient, useTestApp } from '../../../../test/support/test-app.js';

const context = useTestApp();

interface ListedInvitation {
  id: string;
  email: string;
  acceptedAt: string | null;
  invitedBy: { id: string; name: string };
}

/** Sends an invitation as `admin` and returns its id, email and the token its link carries. */
async function invite(admin: ApiClient, orgId: string, email: string): Promise<{ id: string; email: string; token: string }> {
  const response = await admin.post(`/orgs/${orgId}/invitations`, { email, role: 'member' });
  if (response.status !== 201) throw new Error(`invitation failed: ${response.status} ${JSON.stringify(response.body)}`);
  return { id: response.body.invitation.id, email, token: new URL(response.body.url).pathname.split('/').pop()! };
}

async function listInvitations(admin: ApiClient, orgId: string): Promise<ListedInvitation[]> {
  return (await admin.get(`/orgs/${orgId}/invitations`)).body.invitations;
}

async function auditData(admin: ApiClient, orgId: string, action: string, subjectId: string): Promise<Record<string, unknown> | undefined> {
  const events = (await admin.get(`/orgs/${orgId}/audit-events`)).body.events as Array<{ action: string; subjectId: string; data: Record<string, unknown> }>;
  return events.find((event) => event.action === action && event.subjectId === subjectId)?.data;
}

/** What using an invitation link answers: describing it, signing up with it, and accepting it signed in. */
async function useInvitation(token: string, email: string) {
  const stranger = new ApiClient(context.app);
  const described = await stranger.get(`/invitations/${token}`);
  const signedUp = await stranger.post(`/invitations/${token}/signup`, { email, name: 'Would Join', password: TEST_PASSWORD });
  // Someone who already has an account (with another org) and accepts the link signed in.
  const { client: existing } = await signUpClient(context.app, { email });
  const accepted = await existing.post(`/invitations/${token}/accept`, {});
  return { described, signedUp, accepted };
}

describe('invitations of a login that loses the org', () => {
  it('lists who sent each invitation', async () => {
    const { client: admin, orgId, userId } = await signUpClient(context.app, { name: 'Ada Sender' });
    const sent = await admin.post(`/orgs/${orgId}/invitations`, { email: 'listed@example.test', role: 'recruiter' });
    expect(sent.body.invitation.invitedBy).toEqual({ id: userId, name: 'Ada Sender' });
    expect(await listInvitations(admin, orgId)).toEqual([expect.objectContaining({ email: 'listed@example.test', invitedBy: { id: userId, name: 'Ada Sender' } })]);
  });

  it('withdraws the open invitations of a removed admin: their links answer as unknown ones, the list drops them, the audit counts them', async () => {
    const { client: owner, orgId } = await signUpClient(context.app);
    const leaving = await inviteClient(context.app, owner, orgId, 'admin');
    const theirs = await invite(leaving.client, orgId, 'via-removed@example.test');
    const ownersOwn = await invite(owner, orgId, 'via-owner@example.test');
    const made = await useInvitation('inv_0123456789abcdefghijklmnopqrstuv', 'never-sent@example.test');
    expect((await listInvitations(owner, orgId)).map((invitation) => invitation.id)).toContain(theirs.id);

    const removed = await owner.delete(`/orgs/${orgId}/members/${leaving.userId}`);
    expect(removed.status).toBe(200);

    const listed = await listInvitations(owner, orgId);
    expect(listed.map((invitation) => invitation.id)).not.toContain(theirs.id);
    // The invitation that let the removed admin in stays: it records how they joined, and lets nobody else in.
    expect(listed.filter((invitation) => invitation.acceptedAt !== null).map((invitation) => invitation.email)).toEqual([leaving.email]);
    // The same refusal a link nobody ever sent gets, on every way in.
    const withdrawn = await useInvitation(theirs.token, theirs.email);
    for (const way of ['described', 'signedUp', 'accepted'] as const) {
      expect(withdrawn[way].status).toBe(404);
      expect(withdrawn[way].body.error).toEqual(made[way].body.error);
    }
    expect(withdrawn.accepted.body.error).toMatchObject({ code: 'not_found', message: 'Invitation was not found.' });
    expect((await owner.get(`/orgs/${orgId}/members`)).body.members.map((member: { email: string }) => member.email)).not.toContain(theirs.email);
    expect(await auditData(owner, orgId, 'member.removed', leaving.userId)).toMatchObject({ email: leaving.email, tokensRevoked: 0, invitationsWithdrawn: 1 });

    // Another admin's invitation is untouched, and still lets its person in.
    expect(listed.find((invitation) => invitation.id === ownersOwn.id)).toMatchObject({ acceptedAt: null });
    const joined = await new ApiClient(context.app).post(`/invitations/${ownersOwn.token}/signup`, { email: ownersOwn.email, name: 'Still Welcome', password: TEST_PASSWORD });
    expect(joined.status).toBe(201);
  });

  it('leaves the removed admin\'s accepted and expired invitations alone, and counts none', async () => {
    const { client: owner, orgId } = await signUpClient(context.app);
    const leaving = await inviteClient(context.app, owner, orgId, 'admin');
    const joinedThroughThem = await inviteClient(context.app, leaving.client, orgId, 'member');
    const expired = await invite(leaving.client, orgId, 'too-late@example.test');
    await context.database.db.updateTable('invitations').set({ expires_at: new Date(Date.now() - 60_000) }).where('id', '=', expired.id).execute();

    expect((await owner.delete(`/orgs/${orgId}/members/${leaving.userId}`)).status).toBe(200);
    expect(await auditData(owner, orgId, 'member.removed', leaving.userId)).toMatchObject({ invitationsWithdrawn: 0 });
    const listed = await listInvitations(owner, orgId);
    expect(listed.filter((invitation) => invitation.invitedBy.id === leaving.userId).map((invitation) => invitation.email).sort()).toEqual([joinedThroughThem.email, expired.email].sort());
    // Still answered as expired, not as unknown: nothing about it changed.
    const late = await new ApiClient(context.app).get(`/invitations/${expired.token}`);
    expect(late.body.error).toMatchObject({ code: 'rule_violation', rule: 'invitation.expired' });
  });

  it('withdraws them when the admin leaves the company through a departure', async () => {
    const { client: owner, orgId } = await signUpClient(context.app);
    const leaving = await inviteClient(context.app, owner, orgId, 'admin');
    const stayingAdmin = await inviteClient(context.app, owner, orgId, 'admin');
    const theirs = [await invite(leaving.client, orgId, 'first-via-leaver@example.test'), await invite(leaving.client, orgId, 'second-via-leaver@example.test')];
    const colleagues = await invite(stayingAdmin.client, orgId, 'via-colleague@example.test');
    const person = await owner.post(`/orgs/${orgId}/people`, { name: 'Leaving Admin', email: leaving.email, role: 'Engineer', level: 5 });
    expect(person.body.person.userId).toBe(leaving.userId);

    const left = await owner.post(`/orgs/${orgId}/people/${person.body.person.id}/departure`, { leftOn: '2026-11-20', successorId: null });
    expect(left.status).toBe(200);
    expect(left.body).toMatchObject({ accessRevoked: true });

    const listed = (await listInvitations(owner, orgId)).map((invitation) => invitation.id);
    expect(listed).toContain(colleagues.id);
    for (const invitation of theirs) {
      expect(listed).not.toContain(invitation.id);
      const { accepted } = await useInvitation(invitation.token, invitation.email);
      expect(accepted.status).toBe(404);
      expect(accepted.body.error).toMatchObject({ code: 'not_found', message: 'Invitation was not found.' });
    }
    expect(await auditData(owner, orgId, 'person.left', person.body.person.id)).toMatchObject({ accessRevoked: true, tokensRevoked: 0, invitationsWithdrawn: 2 });
    expect((await new ApiClient(context.app).get(`/invitations/${colleagues.token}`)).status).toBe(200);
  });
});
