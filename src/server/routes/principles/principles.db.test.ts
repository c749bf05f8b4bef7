import { describe, expect, it } from 'vitest';
import { ApiClient, useTestApp, inviteClient, signUpClient } from '../../../../test/support/test-app.js';

const context = useTestApp();

describe('leadership principles', () => {
  it('starts a new org with the fourteen default principles, in order, at version 1', async () => {
    const { client, orgId } = await signUpClient(context.app);
    const response = await client.get(`/orgs/${orgId}/principles`);
    expect(response.status).toBe(200);
    expect(response.body.principles).toHaveLength(14);
    expect(response.body.principles[0]).toMatchObject({ title: 'Customer Obsession', position: 1, version: 1, status: 'active', slug: 'customer-obsession' });
    expect(response.body.principles[13].title).toBe('Deliver Results');
  });

  it('keeps every wording as a version and audits the edit in the same transaction', async () => {
    const { client, orgId } = await signUpClient(context.app);
    const [first] = (await client.get(`/orgs/${orgId}/principles`)).body.principles;
    const edited = await client.patch(`/orgs/${orgId}/principles/${first.id}`, { title: 'Customer Obsession', summary: 'Work backwards from the customer, always.', expectedVersion: 1 });
    expect(edited.status).toBe(200);
    expect(edited.body.principle).toMatchObject({ version: 2, summary: 'Work backwards from the customer, always.' });

    const versions = await client.get(`/orgs/${orgId}/principles/${first.id}/versions`);
    expect(versions.body.versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    expect(versions.body.versions[1].summary).toBe(first.summary);

    const audit = await client.get(`/orgs/${orgId}/audit-events`);
    const event = audit.body.events.find((e: { action: string }) => e.action === 'principle.edited');
    expect(event).toMatchObject({ subjectId: first.id, data: { fromVersion: 1, toVersion: 2 } });
  });

  it('answers 409 with the current version when an edit is based on a stale version, and loses nothing', async () => {
    const { client, orgId } = await signUpClient(context.app);
    const [first] = (await client.get(`/orgs/${orgId}/principles`)).body.principles;
    await client.patch(`/orgs/${orgId}/principles/${first.id}`, { title: first.title, summary: 'First writer wins.', expectedVersion: 1 });
    const stale = await client.patch(`/orgs/${orgId}/principles/${first.id}`, { title: first.title, summary: 'Second writer was stale.', expectedVersion: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'conflict', field: 'body.expectedVersion', data: { currentVersion: 2 } });
    const current = await client.get(`/orgs/${orgId}/principles/${first.id}`);
    expect(current.body.principle.summary).toBe('First writer wins.');
  });

  it('makes no new version when the wording did not change', async () => {
    const { client, orgId } = await signUpClient(context.app);
    const [first] = (await client.get(`/orgs/${orgId}/principles`)).body.principles;
    const same = await client.patch(`/orgs/${orgId}/principles/${first.id}`, { title: ` ${first.title} `, summary: first.summary, expectedVersion: 1 });
    expect(same.body.principle.version).toBe(1);
  });

  it('adds, retires (still readable) and restores principles', async () => {
    const { client, orgId } = await signUpClient(context.app);
    const created = await client.post(`/orgs/${orgId}/principles`, { title: 'Success and Scale Bring Broad Responsibility', summary: 'Be humble and thoughtful about the effects of what we do.' });
    expect(created.status).toBe(201);
    expect(created.body.principle).toMatchObject({ position: 15, version: 1, slug: null });
    const id = created.body.principle.id;

    const retired = await client.post(`/orgs/${orgId}/principles/${id}/retire`);
    expect(retired.body.principle.status).toBe('retired');
    expect((await client.get(`/orgs/${orgId}/principles`)).body.principles.some((p: { id: string }) => p.id === id)).toBe(false);
    const withRetired = await client.get(`/orgs/${orgId}/principles?includeRetired=true`);
    expect(withRetired.body.principles.find((p: { id: string }) => p.id === id)?.status).toBe('retired');
    expect((await client.get(`/orgs/${orgId}/principles/${id}`)).status).toBe(200);

    const restored = await client.post(`/orgs/${orgId}/principles/${id}/restore`);
    expect(restored.body.principle.status).toBe('active');
    const actions = (await client.get(`/orgs/${orgId}/audit-events`)).body.events.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['principle.created', 'principle.retired', 'principle.restored', 'org.created']));
  });

  it('gives each active principle its own name, whatever the case or spacing, on create, edit and restore', async () => {
    const { client, orgId } = await signUpClient(context.app);
    const principles = (await client.get(`/orgs/${orgId}/principles`)).body.principles as Array<{ id: string; title: string; summary: string }>;
    const ownership = principles.find((p) => p.title === 'Ownership')!;
    const earnTrust = principles.find((p) => p.title === 'Earn Trust')!;
    const twin = await client.post(`/orgs/${orgId}/principles`, { title: '  ownership ', summary: 'A second one.' });
    expect(twin.status).toBe(409);
    // End punctuation does not make another name either.
    expect((await client.post(`/orgs/${orgId}/principles`, { title: 'Ownership.', summary: 'A third one.' })).status).toBe(409);
    expect(twin.body.error).toMatchObject({ field: 'body.title', message: 'An active principle is already called "Ownership": each principle needs its own name.' });
    // Nor do look-alike characters: full-width letters, a soft hyphen, a direction mark.
    for (const lookAlike of ['Ｏｗｎｅｒｓｈｉｐ', 'Owner\u00adship', '\u200fOwnership']) {
      const refused = await client.post(`/orgs/${orgId}/principles`, { title: lookAlike, summary: 'A look-alike.' });
      expect({ status: refused.status, error: refused.body.error }).toEqual({ status: 409, error: twin.body.error });
    }
    const renamed = await client.patch(`/orgs/${orgId}/principles/${earnTrust.id}`, { title: 'FRUGALITY', summary: earnTrust.summary, expectedVersion: 1 });
    expect(renamed.body.error).toMatchObject({ field: 'body.title' });
    // A retired principle frees its name; restoring it while another holds the name is refused.
    expect((await client.post(`/orgs/${orgId}/principles/${ownership.id}/retire`)).status).toBe(200);
    const successor = await client.post(`/orgs/${orgId}/principles`, { title: 'Ownership', summary: 'Reworded for our org.' });
    expect(successor.status).toBe(201);
    // A restore sends no title: the refusal names its rule and says what to do, not a field the request lacks.
    const restored = await client.post(`/orgs/${orgId}/principles/${ownership.id}/restore`);
    expect(restored.status).toBe(409);
    expect(restored.body.error).toMatchObject({ code: 'conflict', rule: 'principle.distinct_title', message: 'An active principle is already called "Ownership": rename or retire that one first, then restore this one, since each principle needs its own name.' });
    expect(restored.body.error).not.toHaveProperty('field');
    expect((await client.get(`/orgs/${orgId}/principles/${ownership.id}`)).body.principle.status).toBe('retired');
  });

  it('keeps enough active principles for a hiring loop: retiring below five is refused, two racing retirements included', async () => {
    const { client, orgId } = await signUpClient(context.app);
    const principles = (await client.get(`/orgs/${orgId}/principles`)).body.principles as Array<{ id: string }>;
    for (const principle of principles.slice(0, principles.length - 6)) expect((await client.post(`/orgs/${orgId}/principles/${principle.id}/retire`)).status).toBe(200);
    const [a, b, c] = principles.slice(principles.length - 6);
    // Six left: two admins retiring at once, and only one of them can (the other would leave four).
    const racing = await Promise.all([a, b].map((principle) => client.post(`/orgs/${orgId}/principles/${principle!.id}/retire`)));
    expect(racing.map((response) => response.status).sort()).toEqual([200, 422]);
    const refused = racing.find((response) => response.status === 422)!;
    expect(refused.body.error).toMatchObject({ code: 'rule_violation', rule: 'principles.keep_minimum', message: expect.stringContaining('at least 5 active principles') });
    expect((await client.post(`/orgs/${orgId}/principles/${c!.id}/retire`)).body.error.rule).toBe('principles.keep_minimum');
    expect((await client.get(`/orgs/${orgId}/principles`)).body.principles).toHaveLength(5);
    // Restoring one makes room to retire another.
    const retiredOne = racing[0]!.status === 200 ? a! : b!;
    expect((await client.post(`/orgs/${orgId}/principles/${retiredOne.id}/restore`)).status).toBe(200);
    expect((await client.post(`/orgs/${orgId}/principles/${c!.id}/retire`)).status).toBe(200);
  });

  it('reorders only with a complete list', async () => {
    const { client, orgId } = await signUpClient(context.app);
    const principles = (await client.get(`/orgs/${orgId}/principles`)).body.principles as Array<{ id: string }>;
    const reversed = principles.map((p) => p.id).reverse();
    const reordered = await client.put(`/orgs/${orgId}/principles/order`, { ids: reversed });
    expect(reordered.status).toBe(200);
    expect(reordered.body.principles.map((p: { id: string }) => p.id)).toEqual(reversed);
    const partial = await client.put(`/orgs/${orgId}/principles/order`, { ids: reversed.slice(1) });
    expect(partial.status).toBe(409);
    const duplicated = await client.put(`/orgs/${orgId}/principles/order`, { ids: [reversed[0], ...reversed.slice(0, -1)] });
    expect(duplicated.status).toBe(400);
    expect(duplicated.body.error.field).toBe('body.ids');
  });
});

describe('principles: rules live on the server', () => {
  it('refuses admin actions to a member (403) but lets them read', async () => {
    const { client: admin, orgId } = await signUpClient(context.app);
    const { client: member } = await inviteClient(context.app, admin, orgId, 'member');
    const [first] = (await member.get(`/orgs/${orgId}/principles`)).body.principles;
    expect(first).toBeDefined();
    const attempts = [
      await member.post(`/orgs/${orgId}/principles`, { title: 'Mine', summary: 'Not allowed.' }),
      await member.patch(`/orgs/${orgId}/principles/${first.id}`, { title: 'X', summary: 'Y', expectedVersion: 1 }),
      await member.post(`/orgs/${orgId}/principles/${first.id}/retire`),
      await member.put(`/orgs/${orgId}/principles/order`, { ids: [first.id] }),
      await member.get(`/orgs/${orgId}/audit-events`),
    ];
    for (const attempt of attempts) {
      expect(attempt.status).toBe(403);
      expect(attempt.body.error.code).toBe('forbidden');
    }
    // The refusal says what the role lacks in words, and who may do it.
    expect(attempts[2]!.body.error.message).toBe('Your role (member) does not allow this: editing, adding, retiring or reordering the leadership principles is for admins.');
    expect((await admin.get(`/orgs/${orgId}/principles/${first.id}`)).body.principle.version).toBe(1);
    // A malformed request names the field and says what it must be, not the validator's terms.
    const malformed = await admin.post(`/orgs/${orgId}/principles`, { title: 5, summary: 'Numbers are not titles.' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error).toMatchObject({ field: 'body.title', message: 'body.title: must be text' });
    expect((await admin.put(`/orgs/${orgId}/principles/order`, {})).body.error.message).toBe('body.ids: is required');
  });

  it('answers 404 to a user of org A on every principle route of org B', async () => {
    const { client: alice } = await signUpClient(context.app);
    const { client: bob, orgId: bobOrg } = await signUpClient(context.app);
    const [bobsFirst] = (await bob.get(`/orgs/${bobOrg}/principles`)).body.principles;
    const base = `/orgs/${bobOrg}/principles`;
    const attempts = [
      await alice.get(base),
      await alice.post(base, { title: 'Intruder', summary: 'Should not exist.' }),
      await alice.put(`${base}/order`, { ids: [bobsFirst.id] }),
      await alice.get(`${base}/${bobsFirst.id}`),
      await alice.patch(`${base}/${bobsFirst.id}`, { title: 'Hacked', summary: 'Hacked.', expectedVersion: 1 }),
      await alice.post(`${base}/${bobsFirst.id}/retire`),
      await alice.post(`${base}/${bobsFirst.id}/restore`),
      await alice.get(`${base}/${bobsFirst.id}/versions`),
      await alice.get(`/orgs/${bobOrg}/audit-events`),
    ];
    for (const attempt of attempts) {
      expect(attempt.status).toBe(404);
      expect(attempt.body.error.code).toBe('not_found');
    }
    expect((await bob.get(`${base}/${bobsFirst.id}`)).body.principle).toMatchObject({ version: 1, status: 'active' });
  });

  it('refuses a principle id of another org even inside the caller\'s own org path', async () => {
    const { client: alice, orgId: aliceOrg } = await signUpClient(context.app);
    const { client: bob, orgId: bobOrg } = await signUpClient(context.app);
    const [bobsFirst] = (await bob.get(`/orgs/${bobOrg}/principles`)).body.principles;
    const response = await alice.patch(`/orgs/${aliceOrg}/principles/${bobsFirst.id}`, { title: 'Cross', summary: 'Cross-tenant.', expectedVersion: 1 });
    expect(response.status).toBe(404);
    expect((await alice.get(`/orgs/${aliceOrg}/principles/${bobsFirst.id}/versions`)).status).toBe(404);
  });

  it('refuses everything to someone not signed in', async () => {
    const { orgId } = await signUpClient(context.app);
    const anonymous = new ApiClient(context.app);
    const response = await anonymous.get(`/orgs/${orgId}/principles`);
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe('unauthenticated');
  });
});

describe('principles changed by two admins at once', () => {
  interface Listed { id: string; title: string; status: string; updatedAt: string; version: number }
  const idsOf = (principles: Listed[]) => principles.map((principle) => principle.id);

  it('refuses a reorder made from a stale list (409 naming baseToken), keeping the colleague\'s order and new principle', async () => {
    const { client: first, orgId } = await signUpClient(context.app);
    const { client: second } = await inviteClient(context.app, first, orgId, 'admin');
    const path = `/orgs/${orgId}/principles`;
    const opened = (await first.get(`${path}?includeRetired=true`)).body as { principles: Listed[]; orderToken: string };
    // The second admin moves the last principle to the top.
    const ids = idsOf(opened.principles);
    const theirs = [ids.at(-1)!, ...ids.slice(0, -1)];
    const moved = await second.put(`${path}/order`, { ids: theirs, baseToken: opened.orderToken });
    expect(moved.status).toBe(200);
    expect(moved.body.orderToken).not.toBe(opened.orderToken);
    // The first admin's page still shows the old order: swapping its first two would undo that move unseen.
    const mine = [ids[1]!, ids[0]!, ...ids.slice(2)];
    const stale = await first.put(`${path}/order`, { ids: mine, baseToken: opened.orderToken });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'conflict', field: 'body.baseToken', data: { token: moved.body.orderToken } });
    expect(stale.body.error.message).toContain('This list of principles changed after you opened it');
    expect(idsOf((await first.get(path)).body.principles)).toEqual(theirs);
    // A principle added since changes the order too: a list read before it is refused, whatever it lists.
    const reread = (await first.get(path)).body as { principles: Listed[]; orderToken: string };
    const added = (await second.post(path, { title: 'Think Small', summary: 'Start with the smallest thing that works.' })).body.principle as Listed;
    const withNew = [...idsOf(reread.principles).reverse(), added.id];
    expect((await first.put(`${path}/order`, { ids: withNew, baseToken: reread.orderToken })).status).toBe(409);
    const latest = (await first.get(path)).body as { principles: Listed[]; orderToken: string };
    expect(latest.principles.at(-1)!.id).toBe(added.id);
    // Read again, it saves; a script sending no token is not checked.
    expect((await first.put(`${path}/order`, { ids: withNew, baseToken: latest.orderToken })).status).toBe(200);
    expect((await first.put(`${path}/order`, { ids: theirs.concat(added.id) })).status).toBe(200);
  });

  it('refuses retiring or restoring a principle changed since it was read (409 naming baseUpdatedAt), with nothing changed', async () => {
    const { client: first, orgId } = await signUpClient(context.app);
    const { client: second } = await inviteClient(context.app, first, orgId, 'admin');
    const path = `/orgs/${orgId}/principles`;
    const opened = ((await first.get(path)).body.principles as Listed[])[2]!;
    // The second admin rewords it; the first, who read the old wording, retires it.
    const edited = await second.patch(`${path}/${opened.id}`, { title: 'Invent and Keep It Simple', summary: 'New words.', expectedVersion: opened.version });
    expect(edited.status).toBe(200);
    const stale = await first.post(`${path}/${opened.id}/retire?baseUpdatedAt=${encodeURIComponent(opened.updatedAt)}`);
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'conflict', field: 'query.baseUpdatedAt', data: { updatedAt: edited.body.principle.updatedAt } });
    expect((await first.get(`${path}/${opened.id}`)).body.principle).toMatchObject({ status: 'active', title: 'Invent and Keep It Simple' });
    // With the wording read, it retires; restoring from the read before the retirement is refused in turn.
    const retired = await first.post(`${path}/${opened.id}/retire?baseUpdatedAt=${encodeURIComponent(edited.body.principle.updatedAt)}`);
    expect(retired.status).toBe(200);
    expect((await second.post(`${path}/${opened.id}/restore?baseUpdatedAt=${encodeURIComponent(edited.body.principle.updatedAt)}`)).status).toBe(409);
    expect((await second.post(`${path}/${opened.id}/restore?baseUpdatedAt=${encodeURIComponent(retired.body.principle.updatedAt)}`)).status).toBe(200);
    // Without it (a script, with or without a JSON content type and no body), it is not checked; a malformed one is named.
    expect((await first.request('POST', `${path}/${opened.id}/retire`)).status).toBe(200);
    expect((await first.request('POST', `${path}/${opened.id}/restore`, undefined, { headers: { 'content-type': 'application/json' } })).status).toBe(200);
    expect((await first.post(`${path}/${opened.id}/retire?baseUpdatedAt=yesterday`)).body.error).toMatchObject({ code: 'validation_failed', field: 'query.baseUpdatedAt' });
  });
});
