import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listenForChanges, type ChangeFeed } from '../storage/change-feed.js';
import { createTestDatabase, type TestDatabase } from '../../test/support/test-database.js';
import { ApiClient, createTestApp, signUpClient } from '../../test/support/test-app.js';
import type { PulseApp } from './app.js';

// Two instances of Pulse on one database, each with its own memory and its own change feed: what one
// changes, the other must stop serving from memory.
let database: TestDatabase;
let feeds: ChangeFeed[];
let first: PulseApp;
let second: PulseApp;

beforeAll(async () => {
  database = await createTestDatabase();
  feeds = [await listenForChanges(database.url, () => undefined), await listenForChanges(database.url, () => undefined)];
  first = createTestApp(database.db, {}, feeds[0]).app;
  second = createTestApp(database.db, {}, feeds[1]).app;
});
afterAll(async () => {
  for (const feed of feeds) await feed.stop();
  await database.drop();
});

/** The same person's session, used against the other instance. */
function onInstance(app: PulseApp, client: ApiClient): ApiClient {
  const other = new ApiClient(app);
  other.cookie = client.cookie;
  other.csrfToken = client.csrfToken;
  return other;
}

/** Notifications arrive asynchronously: ask again until the answer changes, for at most a few seconds. */
async function eventually<T>(read: () => Promise<T>, isDone: (value: T) => boolean): Promise<T> {
  let value = await read();
  for (let attempt = 0; attempt < 100 && !isDone(value); attempt += 1) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    value = await read();
  }
  return value;
}

describe('read caches across instances', () => {
  it('serves an edit made on one instance from the other', async () => {
    const { client, orgId } = await signUpClient(first);
    const [principle] = (await client.get(`/orgs/${orgId}/principles`)).body.principles;
    const reader = onInstance(second, client);
    expect((await reader.get(`/orgs/${orgId}/principles`)).body.principles[0].version).toBe(1); // now cached on the second

    const edited = await client.patch(`/orgs/${orgId}/principles/${principle.id}`, { title: principle.title, summary: 'Changed on the first instance.', expectedVersion: 1 });
    expect(edited.status).toBe(200);
    // The writing instance answers with the new wording at once.
    expect((await client.get(`/orgs/${orgId}/principles`)).body.principles[0].summary).toBe('Changed on the first instance.');
    const seen = await eventually(() => reader.get(`/orgs/${orgId}/principles`), (r) => r.body.principles[0].version === 2);
    expect(seen.body.principles[0].summary).toBe('Changed on the first instance.');
  });

  it('refuses a signed-out session on every instance', async () => {
    const { client, orgId } = await signUpClient(first);
    const elsewhere = onInstance(second, client);
    expect((await elsewhere.get(`/orgs/${orgId}/principles`)).status).toBe(200); // session now cached on the second
    expect((await client.post('/auth/logout')).status).toBe(200);
    const after = await eventually(() => elsewhere.get(`/orgs/${orgId}/principles`), (r) => r.status === 401);
    expect(after.status).toBe(401);
  });

  it('applies a role change on every instance', async () => {
    const { client: admin, orgId } = await signUpClient(first);
    const invitation = await admin.post(`/orgs/${orgId}/invitations`, { email: 'promoted@example.test', role: 'member' });
    const member = new ApiClient(second);
    const token = new URL(invitation.body.url).pathname.split('/').pop();
    const joined = await member.post(`/invitations/${token}/signup`, { email: 'promoted@example.test', name: 'Pro Moted', password: 'correct horse battery' });
    expect((await member.get(`/orgs/${orgId}/audit-events`)).status).toBe(403); // role cached on the second
    await admin.patch(`/orgs/${orgId}/members/${joined.body.user.id}`, { role: 'admin' });
    const after = await eventually(() => member.get(`/orgs/${orgId}/audit-events`), (r) => r.status === 200);
    expect(after.status).toBe(200);
  });

  it('stops serving from memory when the change feed is down', async () => {
    const { client, orgId } = await signUpClient(first);
    const [principle] = (await client.get(`/orgs/${orgId}/principles`)).body.principles;
    const lonelyFeed = await listenForChanges(database.url, () => undefined);
    const lonely = createTestApp(database.db, {}, lonelyFeed).app;
    const reader = onInstance(lonely, client);
    await reader.get(`/orgs/${orgId}/principles`);
    await lonelyFeed.stop(); // this instance can no longer hear changes
    await client.patch(`/orgs/${orgId}/principles/${principle.id}`, { title: principle.title, summary: 'Changed while the feed was down.', expectedVersion: 1 });
    expect((await reader.get(`/orgs/${orgId}/principles`)).body.principles[0].summary).toBe('Changed while the feed was down.');
  });
});
