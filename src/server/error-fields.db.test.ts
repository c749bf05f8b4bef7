import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/support/test-database.js';
import { createTestApp, signUpClient, type ApiClient } from '../../test/support/test-app.js';
import type { PulseApp } from './app.js';

/**
 * The one way the API names a field (decision 019) where it used to vary: a setting blamed on another, and a body
 * the JSON parser refused answered in the framework's words. The routes whose services named bare fields are held
 * by their own tests (`body.ownerPersonId`, `body.rows.0.date`, `body.weekEnding`, `body.alerts.0`, ...).
 */
let database: TestDatabase;
let app: PulseApp;
let logs: string[];
let client: ApiClient;
let orgId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  ({ app, logs } = createTestApp(database.db));
  ({ client, orgId } = await signUpClient(app));
});
afterAll(async () => database.drop());

describe('writing settings', () => {
  it('refuses a page of more words than the whole memo naming wordsPerPage, not memoMaxPages "(it is Infinity)"', async () => {
    const path = `/orgs/${orgId}/writing-settings`;
    const huge = await client.put(path, { wordsPerPage: 1e308 });
    expect(huge.status).toBe(400);
    expect(huge.body.error).toEqual({ code: 'validation_failed', field: 'body.wordsPerPage', message: 'The lint setting body.wordsPerPage must be at most 3,000, a memo\'s six pages of 500 words.' });
    expect((await client.put(path, { wordsPerPage: 3001, memoMaxPages: 1 })).body.error).toMatchObject({ field: 'body.wordsPerPage' });
    // Within the bound, the memo's budget still speaks for the pages.
    expect((await client.put(path, { wordsPerPage: 600 })).body.error).toMatchObject({ code: 'rule_violation', field: 'body.memoMaxPages' });
    expect((await client.put(path, { wordsPerPage: 3000, memoMaxPages: 1 })).status).toBe(200);
  });

  it('names a word of a list by its index after a dot, as the schema does', async () => {
    const refused = await client.put(`/orgs/${orgId}/writing-settings`, { jargon: ['synergy', '  '] });
    expect(refused.body.error).toMatchObject({ code: 'validation_failed', field: 'body.jargon.1' });
  });
});

describe('a body that is not JSON', () => {
  const send = (rawBody: string) => client.request('POST', `/orgs/${orgId}/principles`, undefined, { rawBody });

  it('says where the JSON broke, in Pulse\'s words', async () => {
    const comma = await send('{\n  "title": "Frugality",\n}');
    expect(comma.status).toBe(400);
    expect(comma.body.error).toEqual({ code: 'validation_failed', field: 'body', line: 3, column: 1, message: 'The request body is not valid JSON at line 3, column 1: a key in double quotes expected, found "}".' });
    const cut = await send('{"title": ');
    expect(cut.body.error).toMatchObject({ field: 'body', line: 1, message: expect.stringMatching(/^The request body is not valid JSON at line 1, column \d+: the body ends where .* should follow \(is it cut short\?\)\.$/) });
    expect(JSON.stringify([comma.body, cut.body])).not.toContain('Malformed JSON');
    expect(logs.filter((line) => line.includes('unexpected error'))).toEqual([]);
  });
});
