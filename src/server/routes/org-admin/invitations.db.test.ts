import { randomUUID } from 'node:crypto';
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

describe('revoking an invitation and sending a new link', () => {
  /** A client acting with an API token of the admin's, which may do everything but change who has access. */
  async function tokenClientOf(admin: ApiClient, orgId: string): Promise<ApiClient> {
    const created = await admin.post(`/orgs/${orgId}/api-tokens`, { name: 'invitations script' });
    const script = new ApiClient(context.app);
    script.bearer = created.body.token;
    return script;
  }

  async function expire(invitationId: string): Promise<void> {
    await context.database.db.updateTable('invitations').set({ expires_at: new Date(Date.now() - 60_000) }).where('id', '=', invitationId).execute();
  }

  it('revokes an open invitation: its link answers as one never sent, the list drops it, the audit names it', async () => {
    const { client: admin, orgId, userId } = await signUpClient(context.app);
    const wrong = await invite(admin, orgId, 'wrong-address@example.test');
    const kept = await invite(admin, orgId, 'right-address@example.test');
    const never = await useInvitation('inv_0123456789abcdefghijklmnopqrstuv', `never-sent-${randomUUID()}@example.test`);

    const revoked = await admin.delete(`/orgs/${orgId}/invitations/${wrong.id}`);
    expect(revoked.status).toBe(200);
    expect(revoked.body).toEqual({ ok: true });

    expect((await listInvitations(admin, orgId)).map((invitation) => invitation.id)).toEqual([kept.id]);
    const used = await useInvitation(wrong.token, wrong.email);
    for (const way of ['described', 'signedUp', 'accepted'] as const) {
      expect(used[way].status).toBe(404);
      expect(used[way].body.error).toEqual(never[way].body.error);
    }
    const events = (await admin.get(`/orgs/${orgId}/audit-events?action=member.invitation_revoked`)).body.events;
    expect(events).toEqual([expect.objectContaining({ action: 'member.invitation_revoked', actor: expect.objectContaining({ id: userId }), subjectType: 'invitation', subjectId: wrong.id, data: { email: wrong.email, role: 'member', wasExpired: false } })]);
    // Revoked twice: the second time there is nothing left to revoke.
    expect((await admin.delete(`/orgs/${orgId}/invitations/${wrong.id}`)).status).toBe(404);
    // The other invitation still lets its person in.
    expect((await new ApiClient(context.app).post(`/invitations/${kept.token}/signup`, { email: kept.email, name: 'Still Welcome', password: TEST_PASSWORD })).status).toBe(201);
  });

  it('revokes an expired invitation too, and says in the audit that it had expired', async () => {
    const { client: admin, orgId } = await signUpClient(context.app);
    const stale = await invite(admin, orgId, 'stale@example.test');
    await expire(stale.id);
    expect((await admin.delete(`/orgs/${orgId}/invitations/${stale.id}`)).status).toBe(200);
    expect(await listInvitations(admin, orgId)).toEqual([]);
    expect(await auditData(admin, orgId, 'member.invitation_revoked', stale.id)).toEqual({ email: stale.email, role: 'member', wasExpired: true });
    expect((await new ApiClient(context.app).get(`/invitations/${stale.token}`)).status).toBe(404);
  });

  it('refuses to revoke or renew an accepted invitation, naming it', async () => {
    const { client: admin, orgId } = await signUpClient(context.app);
    const joined = await inviteClient(context.app, admin, orgId, 'member');
    const accepted = (await listInvitations(admin, orgId)).find((invitation) => invitation.email === joined.email)!;

    for (const refused of [await admin.delete(`/orgs/${orgId}/invitations/${accepted.id}`), await admin.post(`/orgs/${orgId}/invitations/${accepted.id}/resend`)]) {
      expect(refused.status).toBe(422);
      expect(refused.body.error).toMatchObject({ code: 'rule_violation', rule: 'invitation.already_accepted', field: 'param.invitationId' });
      expect(refused.body.error.message).toContain(`The invitation for ${joined.email} has already been accepted`);
    }
    expect((await listInvitations(admin, orgId)).find((invitation) => invitation.id === accepted.id)).toMatchObject({ acceptedAt: expect.any(String) });
    expect((await admin.get(`/orgs/${orgId}/members`)).body.members.map((member: { email: string }) => member.email)).toContain(joined.email);
  });

  it('answers 404 for another org\'s invitation and an unknown id, and 400 naming a malformed one', async () => {
    const { client: admin, orgId } = await signUpClient(context.app);
    const other = await signUpClient(context.app);
    const theirs = await invite(other.client, other.orgId, 'theirs@example.test');
    for (const id of [theirs.id, '00000000-0000-4000-8000-000000000000']) {
      for (const answer of [await admin.delete(`/orgs/${orgId}/invitations/${id}`), await admin.post(`/orgs/${orgId}/invitations/${id}/resend`)]) {
        expect(answer.status).toBe(404);
        expect(answer.body.error).toMatchObject({ code: 'not_found', message: 'Invitation was not found.' });
      }
    }
    const malformed = await admin.delete(`/orgs/${orgId}/invitations/not-an-id`);
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.field).toMatch(/invitationId/);
    // The other org's invitation is untouched: it still works, with its first link.
    expect((await new ApiClient(context.app).get(`/invitations/${theirs.token}`)).status).toBe(200);
  });

  it('lets only signed-in admins revoke and renew: a member gets 403, and so does an admin\'s API token', async () => {
    const { client: admin, orgId } = await signUpClient(context.app);
    const member = await inviteClient(context.app, admin, orgId, 'member');
    const pending = await invite(admin, orgId, 'pending@example.test');
    const script = await tokenClientOf(admin, orgId);

    for (const answer of [await member.client.delete(`/orgs/${orgId}/invitations/${pending.id}`), await member.client.post(`/orgs/${orgId}/invitations/${pending.id}/resend`)]) {
      expect(answer.status).toBe(403);
      expect(answer.body.error.code).toBe('forbidden');
    }
    const revokedByToken = await script.delete(`/orgs/${orgId}/invitations/${pending.id}`);
    expect(revokedByToken.status).toBe(403);
    expect(revokedByToken.body.error.message).toBe('An API token cannot revoke invitations: sign in to Pulse to do that.');
    const renewedByToken = await script.post(`/orgs/${orgId}/invitations/${pending.id}/resend`);
    expect(renewedByToken.status).toBe(403);
    expect(renewedByToken.body.error.message).toBe('An API token cannot send new invitation links: sign in to Pulse to do that.');

    // Nothing changed: the first link still works, and no audit row was written.
    expect((await new ApiClient(context.app).get(`/invitations/${pending.token}`)).status).toBe(200);
    expect((await admin.get(`/orgs/${orgId}/audit-events?action=member.invitation_revoked,member.invitation_resent`)).body.events).toEqual([]);
  });

  it('sends a new link: it works, the old one answers as one never sent, and the new sender and expiry show', async () => {
    const { client: owner, orgId } = await signUpClient(context.app);
    const colleague = await inviteClient(context.app, owner, orgId, 'admin');
    const lost = await invite(owner, orgId, 'lost-link@example.test');
    const before = (await listInvitations(owner, orgId)).find((invitation) => invitation.id === lost.id)! as ListedInvitation & { expiresAt: string };

    const renewed = await colleague.client.post(`/orgs/${orgId}/invitations/${lost.id}/resend`);
    expect(renewed.status).toBe(200);
    const newToken = new URL(renewed.body.url).pathname.split('/').pop()!;
    expect(newToken).not.toBe(lost.token);
    // The same invitation, for the same email and role, now on the authority of who issued the link.
    expect(renewed.body.invitation).toMatchObject({ id: lost.id, email: lost.email, role: 'member', acceptedAt: null, invitedBy: { id: colleague.userId } });
    expect(new Date(renewed.body.invitation.expiresAt).getTime()).toBeGreaterThanOrEqual(new Date(before.expiresAt).getTime());

    const never = await useInvitation('inv_0123456789abcdefghijklmnopqrstuv', `never-sent-${randomUUID()}@example.test`);
    const old = await new ApiClient(context.app).get(`/invitations/${lost.token}`);
    expect(old.status).toBe(404);
    expect(old.body.error).toEqual(never.described.body.error);
    expect(await auditData(owner, orgId, 'member.invitation_resent', lost.id)).toEqual({ email: lost.email, role: 'member', wasExpired: false });

    const joined = await new ApiClient(context.app).post(`/invitations/${newToken}/signup`, { email: lost.email, name: 'Found The Link', password: TEST_PASSWORD });
    expect(joined.status).toBe(201);
    expect((await owner.get(`/orgs/${orgId}/members`)).body.members.map((member: { email: string }) => member.email)).toContain(lost.email);
  });

  it('sends a new link for an expired invitation, valid a fresh 7 days', async () => {
    const { client: admin, orgId } = await signUpClient(context.app);
    const late = await invite(admin, orgId, 'late@example.test');
    await expire(late.id);
    expect((await new ApiClient(context.app).get(`/invitations/${late.token}`)).body.error).toMatchObject({ rule: 'invitation.expired' });

    const renewed = await admin.post(`/orgs/${orgId}/invitations/${late.id}/resend`);
    expect(renewed.status).toBe(200);
    const daysLeft = (new Date(renewed.body.invitation.expiresAt).getTime() - new Date(renewed.body.invitation.createdAt).getTime()) / 86_400_000;
    expect(daysLeft).toBeGreaterThan(6.9);
    expect(daysLeft).toBeLessThan(7.1);
    expect(await auditData(admin, orgId, 'member.invitation_resent', late.id)).toEqual({ email: late.email, role: 'member', wasExpired: true });
    const newToken = new URL(renewed.body.url).pathname.split('/').pop()!;
    expect((await new ApiClient(context.app).get(`/invitations/${newToken}`)).body).toMatchObject({ email: late.email, role: 'member' });
    expect((await new ApiClient(context.app).get(`/invitations/${late.token}`)).status).toBe(404);
  });

  it('refuses a new link for someone who has become a member meanwhile, naming the email', async () => {
    const { client: admin, orgId } = await signUpClient(context.app);
    const first = await invite(admin, orgId, 'twice@example.test');
    // Two open invitations for one email, as data from before Pulse allowed only one: the first is made to expire
    // while the second is sent, then given its time back.
    const firstExpiry = (await context.database.db.selectFrom('invitations').select('expires_at').where('id', '=', first.id).executeTakeFirstOrThrow()).expires_at;
    await context.database.db.updateTable('invitations').set({ expires_at: new Date(Date.now() - 60_000) }).where('id', '=', first.id).execute();
    const second = await invite(admin, orgId, 'twice@example.test');
    await context.database.db.updateTable('invitations').set({ expires_at: firstExpiry }).where('id', '=', first.id).execute();
    expect((await new ApiClient(context.app).post(`/invitations/${first.token}/signup`, { email: first.email, name: 'Joined Once', password: TEST_PASSWORD })).status).toBe(201);

    const refused = await admin.post(`/orgs/${orgId}/invitations/${second.id}/resend`);
    expect(refused.status).toBe(409);
    // A new link sends no email: the refusal names its rule, not a field the request lacks.
    expect(refused.body.error).toMatchObject({ code: 'conflict', rule: 'invitation.already_member', message: 'twice@example.test is already a member of this org, so this invitation is not needed: Revoke it.' });
    expect(refused.body.error).not.toHaveProperty('field');
    // Revoking it is how to clear it.
    expect((await admin.delete(`/orgs/${orgId}/invitations/${second.id}`)).status).toBe(200);
  });
});

describe('one open invitation per email', () => {
  it('refuses a second open invitation for the same email, whatever its case, even sent at the same moment (409 naming email)', async () => {
    const { client: admin, orgId } = await signUpClient(context.app, { name: 'Ada Sender' });
    const { client: colleague } = await inviteClient(context.app, admin, orgId, 'admin');
    const first = await invite(admin, orgId, 'ben@example.test');
    const again = await colleague.post(`/orgs/${orgId}/invitations`, { email: 'BEN@example.test', role: 'admin' });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'conflict', field: 'body.email' });
    expect(again.body.error.message).toBe('ben@example.test already has an open invitation (as member, sent by Ada Sender): under Pending invitations, press New link on its row for a new link, or Revoke it to invite them with another role.');
    expect((await listInvitations(admin, orgId)).filter((invitation) => invitation.email === 'ben@example.test').map((invitation) => invitation.id)).toEqual([first.id]);
    // Two admins inviting the same person at once make one invitation.
    const racing = await Promise.all([admin, colleague].map((client) => client.post(`/orgs/${orgId}/invitations`, { email: 'cy@example.test', role: 'member' })));
    expect(racing.map((answer) => answer.status).sort()).toEqual([201, 409]);
    // Once it has expired (it lets nobody in) or is revoked, a new one may be sent.
    await context.database.db.updateTable('invitations').set({ expires_at: new Date(Date.now() - 60_000) }).where('id', '=', first.id).execute();
    expect((await admin.post(`/orgs/${orgId}/invitations`, { email: 'ben@example.test', role: 'admin' })).status).toBe(201);
    // Nor may the expired one be given a new link while the new one is open: that would make two.
    const renewed = await admin.post(`/orgs/${orgId}/invitations/${first.id}/resend`);
    expect(renewed.status).toBe(409);
    expect(renewed.body.error).toMatchObject({ code: 'conflict', rule: 'invitation.one_open_per_email' });
    expect(renewed.body.error).not.toHaveProperty('field');
    expect(renewed.body.error.message).toBe('ben@example.test already has another open invitation (as admin, sent by Ada Sender): use that one, or Revoke it and press New link here again.');
    const cy = (await listInvitations(admin, orgId)).find((invitation) => invitation.email === 'cy@example.test')!;
    expect((await admin.delete(`/orgs/${orgId}/invitations/${cy.id}`)).status).toBe(200);
    expect((await admin.post(`/orgs/${orgId}/invitations`, { email: 'cy@example.test', role: 'recruiter' })).status).toBe(201);
  });
});
