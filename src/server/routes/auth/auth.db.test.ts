import { describe, expect, it } from 'vitest';
import { ApiClient, useTestApp, signUpClient, TEST_PASSWORD } from '../../../../test/support/test-app.js';

const context = useTestApp();

describe('accounts', () => {
  it('signs up a person, creates their org with them as admin, and audits it', async () => {
    const { client, orgId } = await signUpClient(context.app, { orgName: 'Acme Ltd' });
    const session = await client.get('/auth/session');
    expect(session.body.memberships).toEqual([expect.objectContaining({ org: expect.objectContaining({ id: orgId, name: 'Acme Ltd', slug: expect.stringMatching(/^acme-ltd/) }), role: 'admin' })]);
    expect(session.body.memberships[0].permissions).toContain('principles.manage');
    const audit = await client.get(`/orgs/${orgId}/audit-events`);
    expect(audit.body.events.at(-1)).toMatchObject({ action: 'org.created', subjectId: orgId });
  });

  it('refuses a second account with the same email, whatever its case', async () => {
    const { email } = await signUpClient(context.app);
    const again = await new ApiClient(context.app).post('/auth/signup', { email: email.toUpperCase(), name: 'Twin', password: TEST_PASSWORD, orgName: 'Twin org' });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'conflict', field: 'body.email' });
  });

  it('signs in with the right password (email case-insensitive) and stores no plain password', async () => {
    const { email } = await signUpClient(context.app);
    const client = new ApiClient(context.app);
    const response = await client.post('/auth/login', { email: email.toUpperCase(), password: TEST_PASSWORD });
    expect(response.status).toBe(200);
    expect(response.body.csrfToken).toMatch(/^csrf_/);
    const stored = await context.database.db.selectFrom('users').select('password_hash').where('email', '=', email).executeTakeFirstOrThrow();
    expect(stored.password_hash).toMatch(/^scrypt\$\d+\$8\$1\$/);
    expect(stored.password_hash).not.toContain(TEST_PASSWORD);
  });

  it('lets one person belong to several orgs and act in each', async () => {
    const { client } = await signUpClient(context.app);
    const created = await client.post('/orgs', { name: 'Side project' });
    expect(created.status).toBe(201);
    expect(created.body.membership.role).toBe('admin');
    const session = await client.get('/auth/session');
    expect(session.body.memberships).toHaveLength(2);
    for (const membership of session.body.memberships) {
      expect((await client.get(`/orgs/${membership.org.id}/principles`)).body.principles).toHaveLength(14);
    }
  });

  it('makes org slugs unique', async () => {
    const first = await signUpClient(context.app, { orgName: 'Same Name' });
    const second = await signUpClient(context.app, { orgName: 'Same Name' });
    const slugOf = async (client: ApiClient) => (await client.get('/auth/session')).body.memberships[0].org.slug;
    expect(await slugOf(first.client)).not.toBe(await slugOf(second.client));
  });
});

describe('invitations', () => {
  it('invites with a role; the invitee signs up from the link and joins with that role', async () => {
    const { client: admin, orgId } = await signUpClient(context.app, { orgName: 'Inviting org' });
    const invitation = await admin.post(`/orgs/${orgId}/invitations`, { email: 'Recruiter@Example.test', role: 'recruiter' });
    expect(invitation.status).toBe(201);
    const token = new URL(invitation.body.url).pathname.split('/').pop()!;
    const described = await new ApiClient(context.app).get(`/invitations/${token}`);
    expect(described.body).toEqual({ orgName: 'Inviting org', email: 'recruiter@example.test', role: 'recruiter' });

    const invitee = new ApiClient(context.app);
    const joined = await invitee.post(`/invitations/${token}/signup`, { email: 'recruiter@example.test', name: 'Rita', password: TEST_PASSWORD });
    expect(joined.status).toBe(201);
    expect(joined.body.memberships).toEqual([expect.objectContaining({ role: 'recruiter', org: expect.objectContaining({ id: orgId }) })]);

    const reuse = await new ApiClient(context.app).post(`/invitations/${token}/signup`, { email: 'someone-else@example.test', name: 'X', password: TEST_PASSWORD });
    expect(reuse.status).toBe(409);
    const pending = await admin.get(`/orgs/${orgId}/invitations`);
    expect(pending.body.invitations[0].acceptedAt).not.toBeNull();
  });

  it('refuses an invitation used by someone with another email, and creates no account', async () => {
    const { client: admin, orgId } = await signUpClient(context.app);
    const invitation = await admin.post(`/orgs/${orgId}/invitations`, { email: 'intended@example.test', role: 'member' });
    const token = new URL(invitation.body.url).pathname.split('/').pop()!;
    const response = await new ApiClient(context.app).post(`/invitations/${token}/signup`, { email: 'forwarded@example.test', name: 'F', password: TEST_PASSWORD });
    expect(response.status).toBe(403);
    // The sign-up sent the email: the refusal names it where it was sent.
    expect(response.body.error).toMatchObject({ code: 'forbidden', field: 'body.email' });
    const user = await context.database.db.selectFrom('users').select('id').where('email', '=', 'forwarded@example.test').executeTakeFirst();
    expect(user).toBeUndefined();
  });

  it('lets a signed-in person accept an invitation into a second org', async () => {
    const { client: admin, orgId } = await signUpClient(context.app);
    const { client: other, email } = await signUpClient(context.app);
    const invitation = await admin.post(`/orgs/${orgId}/invitations`, { email, role: 'member' });
    const token = new URL(invitation.body.url).pathname.split('/').pop()!;
    const accepted = await other.post(`/invitations/${token}/accept`);
    expect(accepted.status).toBe(200);
    expect(accepted.body.memberships.map((m: { role: string }) => m.role).sort()).toEqual(['admin', 'member']);
    expect((await other.get(`/orgs/${orgId}/principles`)).status).toBe(200);
  });

  it('refuses a signed-in person whose email is not the invitation\'s, naming the rule since the request sent no email', async () => {
    const { client: admin, orgId } = await signUpClient(context.app);
    const { client: other } = await signUpClient(context.app);
    const invitation = await admin.post(`/orgs/${orgId}/invitations`, { email: 'intended@example.test', role: 'member' });
    const token = new URL(invitation.body.url).pathname.split('/').pop()!;
    const refused = await other.post(`/invitations/${token}/accept`);
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({ code: 'forbidden', rule: 'invitation.for_its_email', message: 'This invitation is for intended@example.test; sign in with that email to accept it.' });
    expect(refused.body.error).not.toHaveProperty('field');
    // Not let in: the org answers them as it answers anyone outside it.
    expect((await other.get(`/orgs/${orgId}/principles`)).status).toBe(404);
  });

  it('answers 404 for an unknown invitation', async () => {
    expect((await new ApiClient(context.app).get('/invitations/inv_unknown-token-value')).status).toBe(404);
  });
});
