import { describe, expect, it, vi } from 'vitest';
import { DEMO_MEMO } from '../services/demo/seed-documents-demo.js';
import { ApiClient, createTestApp, useTestApp, inviteClient, signUpClient, TEST_PASSWORD } from '../../test/support/test-app.js';

const context = useTestApp();

describe('sessions and cookies', () => {
  it('sets an httpOnly, SameSite=Lax session cookie scoped to the whole site, not Secure on http', async () => {
    const client = new ApiClient(context.app);
    const response = await client.post('/auth/signup', { email: 'cookie@example.test', name: 'Cookie', password: TEST_PASSWORD, orgName: 'Cookies' });
    const cookie = response.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^pulse_session=ps_[\w-]{20,}/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).not.toMatch(/Secure/i);
  });

  it('sets a readable signed-in hint beside the session cookie, with no secret in it, and drops both on sign-out', async () => {
    const client = new ApiClient(context.app);
    const response = await client.post('/auth/signup', { email: 'hint@example.test', name: 'Hint', password: TEST_PASSWORD, orgName: 'Hints' });
    const cookies = response.headers.getSetCookie();
    expect(cookies).toHaveLength(2);
    const hint = cookies.find((cookie) => cookie.startsWith('pulse_signed_in='));
    expect(hint).toMatch(/^pulse_signed_in=1;/);
    expect(hint).not.toMatch(/HttpOnly/i);
    expect(hint).toMatch(/SameSite=Lax/i);
    const signedOut = await client.post('/auth/logout');
    expect(signedOut.headers.getSetCookie().map((cookie) => cookie.split('=')[0]).sort()).toEqual(['pulse_session', 'pulse_signed_in']);
    expect(signedOut.headers.getSetCookie().every((cookie) => /Max-Age=0/i.test(cookie))).toBe(true);
  });

  it('marks the cookie Secure when Pulse is served over https', async () => {
    const secureApp = createTestApp(context.database.db, { PULSE_PUBLIC_URL: 'https://pulse.example.com' }).app;
    const response = await new ApiClient(secureApp).post('/auth/signup', { email: 'secure@example.test', name: 'Secure', password: TEST_PASSWORD, orgName: 'Secure' });
    expect(response.headers.get('set-cookie')).toMatch(/;\s*Secure/i);
  });

  it('signs out: the old cookie no longer works', async () => {
    const { client, orgId } = await signUpClient(context.app);
    const cookie = client.cookie;
    expect((await client.post('/auth/logout')).status).toBe(200);
    const replay = new ApiClient(context.app);
    replay.cookie = cookie;
    expect((await replay.get(`/orgs/${orgId}/principles`)).status).toBe(401);
  });

  it('never stores the session token itself', async () => {
    const { client } = await signUpClient(context.app);
    const token = client.cookie!.split('=')[1]!;
    const rows = await context.database.db.selectFrom('sessions').select('id').execute();
    expect(rows.some((row) => row.id === token)).toBe(false);
    expect(rows.every((row) => /^[0-9a-f]{64}$/.test(row.id))).toBe(true);
  });
});

describe('CSRF protection', () => {
  it('refuses a cookie-authenticated write without the CSRF token, and changes nothing', async () => {
    const { client, orgId } = await signUpClient(context.app);
    const [first] = (await client.get(`/orgs/${orgId}/principles`)).body.principles;
    const forged = await client.request('PATCH', `/orgs/${orgId}/principles/${first.id}`, { title: 'Forged', summary: 'Forged.', expectedVersion: 1 }, { withoutCsrf: true });
    expect(forged.status).toBe(403);
    expect(forged.body.error).toMatchObject({ code: 'csrf_failed', field: 'header.x-csrf-token' });
    const wrongToken = await client.request('POST', `/orgs/${orgId}/principles`, { title: 'Forged', summary: 'Forged.' }, { withoutCsrf: true, headers: { 'x-csrf-token': 'csrf_guess' } });
    expect(wrongToken.status).toBe(403);
    expect((await client.get(`/orgs/${orgId}/principles/${first.id}`)).body.principle.version).toBe(1);
  });

  it('lets reads through without the token', async () => {
    const { client, orgId } = await signUpClient(context.app);
    expect((await client.request('GET', `/orgs/${orgId}/principles`, undefined, { withoutCsrf: true })).status).toBe(200);
  });
});

describe('sign-in rate limiting', () => {
  it('refuses further attempts after repeated wrong passwords, even with the right one', async () => {
    const { email } = await signUpClient(context.app);
    const attacker = new ApiClient(context.app);
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const wrong = await attacker.post('/auth/login', { email, password: 'not the password' });
      expect(wrong.status).toBe(401);
      expect(wrong.body.error.code).toBe('unauthenticated');
    }
    const blocked = await attacker.post('/auth/login', { email, password: TEST_PASSWORD });
    expect(blocked.status).toBe(429);
    expect(blocked.body.error.code).toBe('rate_limited');
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('says the same thing for an unknown email as for a wrong password', async () => {
    const response = await new ApiClient(context.app).post('/auth/login', { email: 'nobody-here@example.test', password: 'whatever-it-is' });
    expect(response.status).toBe(401);
    expect(response.body.error.message).toBe('The email or password is not right.');
  });
});

describe('roles', () => {
  it('refuses member-management actions to members and recruiters', async () => {
    const { client: admin, orgId, userId: adminId } = await signUpClient(context.app);
    const { client: member } = await inviteClient(context.app, admin, orgId, 'member');
    const { client: recruiter } = await inviteClient(context.app, admin, orgId, 'recruiter');
    for (const client of [member, recruiter]) {
      expect((await client.post(`/orgs/${orgId}/invitations`, { email: 'x@example.test', role: 'admin' })).status).toBe(403);
      expect((await client.patch(`/orgs/${orgId}/members/${adminId}`, { role: 'member' })).status).toBe(403);
      expect((await client.get(`/orgs/${orgId}/audit-events`)).status).toBe(403);
    }
    const members = (await admin.get(`/orgs/${orgId}/members`)).body.members;
    expect(members.find((m: { userId: string }) => m.userId === adminId).role).toBe('admin');
  });

  it('keeps at least one admin in an org', async () => {
    const { client: admin, orgId, userId } = await signUpClient(context.app);
    const response = await admin.patch(`/orgs/${orgId}/members/${userId}`, { role: 'member' });
    expect(response.status).toBe(422);
    expect(response.body.error).toMatchObject({ code: 'rule_violation', rule: 'org.last_admin' });
  });
});

describe('API tokens', () => {
  it('shows a token once, stores only its hash, authenticates without CSRF, and stops working when revoked', async () => {
    const { client, orgId } = await signUpClient(context.app);
    const created = await client.post(`/orgs/${orgId}/api-tokens`, { name: 'weekly import' });
    expect(created.status).toBe(201);
    const token: string = created.body.token;
    expect(token).toMatch(/^pulse_/);
    const stored = await context.database.db.selectFrom('api_tokens').select(['token_hash', 'token_prefix']).where('id', '=', created.body.apiToken.id).executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toContain(token);
    expect(token.startsWith(stored.token_prefix)).toBe(true);
    expect(JSON.stringify((await client.get(`/orgs/${orgId}/api-tokens`)).body)).not.toContain(token);

    const script = new ApiClient(context.app);
    script.bearer = token;
    expect((await script.get(`/orgs/${orgId}/principles`)).status).toBe(200);
    expect((await script.post(`/orgs/${orgId}/principles`, { title: 'From a script', summary: 'Tokens need no CSRF header.' })).status).toBe(201);

    expect((await client.delete(`/orgs/${orgId}/api-tokens/${created.body.apiToken.id}`)).status).toBe(200);
    const revoked = await script.get(`/orgs/${orgId}/principles`);
    expect(revoked.status).toBe(401);
  });

  it('binds a token to its org: another org of the same person answers 404', async () => {
    const { client, orgId } = await signUpClient(context.app);
    const other = await client.post('/orgs', { name: 'Second org' });
    const otherOrgId = other.body.membership.org.id;
    const { token } = (await client.post(`/orgs/${orgId}/api-tokens`, { name: 'scoped' })).body;
    const script = new ApiClient(context.app);
    script.bearer = token;
    expect((await script.get(`/orgs/${otherOrgId}/principles`)).status).toBe(404);
  });

  it('lets a token leave nothing behind its revocation: no tokens, orgs, invitations or roles made with it', async () => {
    const { client, orgId } = await signUpClient(context.app);
    const member = await inviteClient(context.app, client, orgId, 'member');
    const created = (await client.post(`/orgs/${orgId}/api-tokens`, { name: 'nightly' })).body;
    const script = new ApiClient(context.app);
    script.bearer = created.token;
    for (const [path, body, what] of [
      [`/orgs/${orgId}/api-tokens`, { name: 'child' }, 'create API tokens'],
      ['/orgs', { name: 'Token org' }, 'create an org'],
      [`/orgs/${orgId}/invitations`, { email: 'someone@example.test', role: 'admin' }, 'invite people'],
    ] as const) {
      const refused = await script.post(path, body);
      expect(refused.status, path).toBe(403);
      expect(refused.body.error).toMatchObject({ code: 'forbidden', message: `An API token cannot ${what}: sign in to Pulse to do that.` });
    }
    expect((await script.patch(`/orgs/${orgId}/members/${member.userId}`, { role: 'admin' })).status).toBe(403);
    // The same requests with the session succeed: the rule is about the token, not the person.
    expect((await client.post(`/orgs/${orgId}/api-tokens`, { name: 'second' })).status).toBe(201);
    expect((await client.patch(`/orgs/${orgId}/members/${member.userId}`, { role: 'admin' })).status).toBe(200);
  });

  it('lets a token change nobody\'s access: no departures, no revoking tokens, no joining another org; and lists whose each token is', async () => {
    const { client: admin, orgId } = await signUpClient(context.app);
    const colleague = await inviteClient(context.app, admin, orgId, 'admin');
    const theirs = (await colleague.client.post(`/orgs/${orgId}/api-tokens`, { name: 'their import' })).body;
    const mine = (await admin.post(`/orgs/${orgId}/api-tokens`, { name: 'my script' })).body;
    const script = new ApiClient(context.app);
    script.bearer = mine.token;
    const person = (await admin.post(`/orgs/${orgId}/people`, { name: 'Col League', email: colleague.email, role: 'Engineer', level: 5 })).body.person.id;

    const departure = await script.post(`/orgs/${orgId}/people/${person}/departure`, { leftOn: '2026-11-20' });
    expect(departure.status).toBe(403);
    expect(departure.body.error.message).toMatch(/^An API token cannot record a departure/);
    const revoke = await script.delete(`/orgs/${orgId}/api-tokens/${theirs.apiToken.id}`);
    expect(revoke.status).toBe(403);
    expect(revoke.body.error.message).toBe('An API token cannot revoke API tokens: sign in to Pulse to do that.');
    // Their token still works; and an invitation to another org is not the token's to accept.
    const theirScript = new ApiClient(context.app);
    theirScript.bearer = theirs.token;
    expect((await theirScript.get(`/orgs/${orgId}/principles`)).status).toBe(200);
    const elsewhere = await signUpClient(context.app);
    const invitation = await elsewhere.client.post(`/orgs/${elsewhere.orgId}/invitations`, { email: 'anyone@example.test', role: 'admin' });
    const accepted = await script.post(`/invitations/${new URL(invitation.body.url).pathname.split('/').pop()}/accept`);
    expect(accepted.status).toBe(403);
    expect(accepted.body.error.message).toBe('An API token cannot accept an invitation: sign in to Pulse to do that.');

    // An admin's list says whose each token is; a member's holds their own.
    const listed = (await admin.get(`/orgs/${orgId}/api-tokens`)).body.apiTokens as Array<{ name: string; owner: { id: string; name: string } }>;
    expect(listed.map((token) => [token.name, token.owner.id]).sort()).toEqual([['my script', mine.apiToken.owner.id], ['their import', colleague.userId]].sort());
    expect((await admin.delete(`/orgs/${orgId}/api-tokens/${theirs.apiToken.id}`)).status).toBe(200);
  });

  it('refuses a malformed or unknown bearer token', async () => {
    const script = new ApiClient(context.app);
    script.bearer = 'pulse_not-a-real-token';
    const response = await script.get('/auth/session');
    expect(response.status).toBe(401);
  });
});

describe('API token expiry and scope', () => {
  const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString();

  it('lists the scope and expiry, with no expiry and write access by default', async () => {
    const { client, orgId } = await signUpClient(context.app);
    const expiresAt = inAnHour();
    const reader = await client.post(`/orgs/${orgId}/api-tokens`, { name: 'dashboard', scope: 'read', expiresAt });
    expect(reader.status).toBe(201);
    expect(reader.body.apiToken).toMatchObject({ scope: 'read', expiresAt });
    expect((await client.post(`/orgs/${orgId}/api-tokens`, { name: 'legacy' })).body.apiToken).toMatchObject({ scope: 'write', expiresAt: null });
    const listed = (await client.get(`/orgs/${orgId}/api-tokens`)).body.apiTokens as Array<{ name: string; scope: string; expiresAt: string | null }>;
    expect(listed.map(({ name, scope, expiresAt: expiry }) => ({ name, scope, expiresAt: expiry })).sort((a, b) => a.name.localeCompare(b.name))).toEqual([
      { name: 'dashboard', scope: 'read', expiresAt },
      { name: 'legacy', scope: 'write', expiresAt: null },
    ]);
  });

  it('refuses an expiry in the past or more than a year ahead', async () => {
    const { client, orgId } = await signUpClient(context.app);
    const past = await client.post(`/orgs/${orgId}/api-tokens`, { name: 'late', expiresAt: new Date(Date.now() - 60_000).toISOString() });
    expect(past.status).toBe(422);
    expect(past.body.error).toMatchObject({ code: 'rule_violation', rule: 'api_token.expiry_in_past', field: 'body.expiresAt' });
    const far = await client.post(`/orgs/${orgId}/api-tokens`, { name: 'forever-ish', expiresAt: new Date(Date.now() + 400 * 86_400_000).toISOString() });
    expect(far.status).toBe(422);
    expect(far.body.error).toMatchObject({ code: 'rule_violation', rule: 'api_token.expiry_too_far', field: 'body.expiresAt' });
    expect((await client.get(`/orgs/${orgId}/api-tokens`)).body.apiTokens).toEqual([]);
  });

  it('answers 401 for an expired token, saying it expired and when', async () => {
    const { client, orgId } = await signUpClient(context.app);
    const created = (await client.post(`/orgs/${orgId}/api-tokens`, { name: 'nightly import', expiresAt: inAnHour() })).body;
    await context.database.db.updateTable('api_tokens').set({ expires_at: new Date('2026-01-02T03:04:00Z') }).where('id', '=', created.apiToken.id).execute();
    const script = new ApiClient(context.app);
    script.bearer = created.token;
    const refused = await script.get(`/orgs/${orgId}/principles`);
    expect(refused.status).toBe(401);
    expect(refused.body.error).toMatchObject({ code: 'unauthenticated' });
    expect(refused.body.error.message).toContain('"nightly import" expired on Jan 2, 2026, 3:04 AM UTC');
    // An expired token's attempts are not recorded as use.
    const row = await context.database.db.selectFrom('api_tokens').select('last_used_at').where('id', '=', created.apiToken.id).executeTakeFirstOrThrow();
    expect(row.last_used_at).toBeNull();
  });

  it('stops a remembered token when it expires: the cache does not outlive the expiry', async () => {
    const { client, orgId } = await signUpClient(context.app);
    const created = (await client.post(`/orgs/${orgId}/api-tokens`, { name: 'short-lived', expiresAt: inAnHour() })).body;
    const script = new ApiClient(context.app);
    script.bearer = created.token;
    expect((await script.get(`/orgs/${orgId}/principles`)).status).toBe(200);
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.now() + 2 * 3_600_000);
      const refused = await script.get(`/orgs/${orgId}/principles`);
      expect(refused.status).toBe(401);
      expect(refused.body.error.message).toMatch(/expired on/);
    } finally {
      vi.useRealTimers();
    }
  });

  it('lets a read-only token read (GET 200) but change nothing (POST, PATCH, DELETE 403)', async () => {
    const { client, orgId } = await signUpClient(context.app);
    const created = (await client.post(`/orgs/${orgId}/api-tokens`, { name: 'ci reader', scope: 'read' })).body;
    const script = new ApiClient(context.app);
    script.bearer = created.token;
    const principles = await script.get(`/orgs/${orgId}/principles`);
    expect(principles.status).toBe(200);
    const refused = await script.post(`/orgs/${orgId}/principles`, { title: 'From a reader', summary: 'Should not land.' });
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({ code: 'forbidden', message: 'The API token "ci reader" is read-only: it can read but not change anything. Use a token with write access for this.' });
    const first = principles.body.principles[0];
    expect((await script.patch(`/orgs/${orgId}/principles/${first.id}`, { title: 'Renamed', summary: 'No.', expectedVersion: 1 })).status).toBe(403);
    expect((await script.delete(`/orgs/${orgId}/principles/${first.id}`)).status).toBe(403);
    const after = (await client.get(`/orgs/${orgId}/principles`)).body.principles as Array<{ title: string }>;
    expect(after.map((principle) => principle.title)).toEqual(principles.body.principles.map((principle: { title: string }) => principle.title));
  });
});

describe('the audit log names the token that acted', () => {
  it('records which token made a change, and nothing for the same person signed in', async () => {
    const { client, orgId, userId } = await signUpClient(context.app);
    const created = (await client.post(`/orgs/${orgId}/api-tokens`, { name: 'nightly import' })).body;
    const script = new ApiClient(context.app);
    script.bearer = created.token;
    expect((await script.post(`/orgs/${orgId}/principles`, { title: 'From the script', summary: 'Made with a token.' })).status).toBe(201);
    expect((await client.post(`/orgs/${orgId}/principles`, { title: 'By hand', summary: 'Made signed in.' })).status).toBe(201);
    // A token revoked later is still named as it was.
    expect((await client.delete(`/orgs/${orgId}/api-tokens/${created.apiToken.id}`)).status).toBe(200);

    const events = (await client.get(`/orgs/${orgId}/audit-events`)).body.events as Array<{ action: string; data: { title?: string }; actor: { id: string }; via: unknown }>;
    const byScript = events.find((event) => event.action === 'principle.created' && event.data.title === 'From the script')!;
    expect(byScript.actor.id).toBe(userId);
    expect(byScript.via).toEqual({ tokenId: created.apiToken.id, tokenName: 'nightly import' });
    const byHand = events.find((event) => event.action === 'principle.created' && event.data.title === 'By hand')!;
    expect(byHand.via).toBeNull();
    expect(events.find((event) => event.action === 'api_token.revoked')!.via).toBeNull();
  });
});

describe('removing a member', () => {
  it('removes an invited login that is not on the org chart: access ends, their tokens stop, and it is audited', async () => {
    const { client: admin, orgId } = await signUpClient(context.app);
    const invited = await inviteClient(context.app, admin, orgId, 'member');
    const theirToken = (await invited.client.post(`/orgs/${orgId}/api-tokens`, { name: 'their script' })).body.token as string;
    const script = new ApiClient(context.app);
    script.bearer = theirToken;
    // Used once, so the token and their role are in the read caches.
    expect((await script.get(`/orgs/${orgId}/principles`)).status).toBe(200);
    expect((await invited.client.get(`/orgs/${orgId}/principles`)).status).toBe(200);

    const removed = await admin.delete(`/orgs/${orgId}/members/${invited.userId}`);
    expect(removed.status).toBe(200);
    expect((removed.body.members as Array<{ userId: string }>).map((member) => member.userId)).not.toContain(invited.userId);
    expect((await script.get(`/orgs/${orgId}/principles`)).status).toBe(401);
    expect([403, 404]).toContain((await invited.client.get(`/orgs/${orgId}/principles`)).status);
    const event = ((await admin.get(`/orgs/${orgId}/audit-events`)).body.events as Array<{ action: string; subjectId: string; data: Record<string, unknown> }>).find((entry) => entry.action === 'member.removed')!;
    expect(event).toMatchObject({ subjectId: invited.userId, data: { email: invited.email, role: 'member', tokensRevoked: 1 } });
  });

  it('refuses to remove the last admin, and a login on the org chart (that is a departure)', async () => {
    const { client: admin, orgId, userId: adminId } = await signUpClient(context.app);
    const lastAdmin = await admin.delete(`/orgs/${orgId}/members/${adminId}`);
    expect(lastAdmin.status).toBe(422);
    expect(lastAdmin.body.error).toMatchObject({ code: 'rule_violation', rule: 'org.last_admin' });

    const colleague = await inviteClient(context.app, admin, orgId, 'member');
    const person = await admin.post(`/orgs/${orgId}/people`, { name: 'On The Chart', email: colleague.email, role: 'Engineer', level: 5 });
    expect(person.status).toBe(201);
    const onChart = await admin.delete(`/orgs/${orgId}/members/${colleague.userId}`);
    expect(onChart.status).toBe(422);
    expect(onChart.body.error).toMatchObject({ code: 'rule_violation', rule: 'members.use_departure' });
    expect(onChart.body.error.message).toMatch(/record their departure/);
    const members = (await admin.get(`/orgs/${orgId}/members`)).body.members as Array<{ userId: string }>;
    expect(members.map((member) => member.userId)).toEqual(expect.arrayContaining([adminId, colleague.userId]));
  });

  it('refuses to end the access of someone in a reading meeting that has not ended, by removal or by departure', async () => {
    const { client: admin, orgId } = await signUpClient(context.app);
    const reader = await inviteClient(context.app, admin, orgId, 'member');
    const memo = (await admin.post(`/orgs/${orgId}/documents`, { kind: 'memo', title: 'Same-day refunds', body: DEMO_MEMO })).body.document.id as string;
    const meeting = (await admin.post(`/orgs/${orgId}/documents/${memo}/meetings`, { attendeeIds: [reader.userId] })).body.meeting.id as string;
    const removal = await admin.delete(`/orgs/${orgId}/members/${reader.userId}`);
    expect(removal.status).toBe(422);
    expect(removal.body.error).toMatchObject({ rule: 'members.in_open_meeting', message: expect.stringContaining('the reading meeting on "Same-day refunds"') });
    // The same for a departure of the person linked to that login: the meeting could never end without them.
    const person = (await admin.post(`/orgs/${orgId}/people`, { name: 'Rea Der', email: reader.email, role: 'Engineer', level: 5 })).body.person.id as string;
    expect((await admin.post(`/orgs/${orgId}/people/${person}/departure`, { leftOn: '2026-11-20' })).body.error.rule).toBe('members.in_open_meeting');
    expect((await admin.post(`/orgs/${orgId}/meetings/${meeting}/cancel`, { reason: 'The reader is leaving.' })).status).toBe(200);
    expect((await admin.post(`/orgs/${orgId}/people/${person}/departure`, { leftOn: '2026-11-20' })).status).toBe(200);
  });

  it('is for signed-in admins only: not a member, not an API token', async () => {
    const { client: admin, orgId } = await signUpClient(context.app);
    const member = await inviteClient(context.app, admin, orgId, 'member');
    const other = await inviteClient(context.app, admin, orgId, 'member');
    expect((await member.client.delete(`/orgs/${orgId}/members/${other.userId}`)).status).toBe(403);
    const script = new ApiClient(context.app);
    script.bearer = (await admin.post(`/orgs/${orgId}/api-tokens`, { name: 'admin script' })).body.token;
    const byToken = await script.delete(`/orgs/${orgId}/members/${other.userId}`);
    expect(byToken.status).toBe(403);
    expect(byToken.body.error.message).toBe('An API token cannot remove a member: sign in to Pulse to do that.');
    const members = (await admin.get(`/orgs/${orgId}/members`)).body.members as Array<{ userId: string }>;
    expect(members.map((entry) => entry.userId)).toContain(other.userId);
  });
});
