import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/support/test-database.js';
import { ApiClient, createTestApp, signUpClient } from '../../test/support/test-app.js';
import type { PulseApp } from './app.js';

let database: TestDatabase;
let app: PulseApp;
let logs: string[];
let client: ApiClient;
let orgId: string;
let principleId: string;
let initiativeId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  ({ app, logs } = createTestApp(database.db, { PULSE_MAX_BODY_BYTES: '4096' }));
  ({ client, orgId } = await signUpClient(app));
  principleId = (await client.get(`/orgs/${orgId}/principles`)).body.principles[0].id;
  initiativeId = (await client.post(`/orgs/${orgId}/pipeline/ideas`, { name: 'Checked idea' })).body.id;
});
afterAll(async () => database.drop());

function expectCleanError(response: { status: number; body: any }, status: number, code: string, field?: string) {
  expect(response.status).toBe(status);
  expect(response.body.error.code).toBe(code);
  expect(typeof response.body.error.message).toBe('string');
  if (field !== undefined) expect(response.body.error.field).toBe(field);
  expect(JSON.stringify(response.body)).not.toMatch(/(\\n|\n)\s+at |node_modules|\.[jt]s:\d+/);
}

describe('every route validates its input and names the field', () => {
  const cases: Array<[string, string, () => string, unknown, string]> = [
    ['signup without email', 'POST', () => '/auth/signup', { name: 'A', password: 'long enough pass', orgName: 'O' }, 'body.email'],
    ['signup with a bad email', 'POST', () => '/auth/signup', { email: 'not-an-email', name: 'A', password: 'long enough pass', orgName: 'O' }, 'body.email'],
    ['signup with a short password', 'POST', () => '/auth/signup', { email: 'short@example.test', name: 'A', password: 'short', orgName: 'O' }, 'body.password'],
    ['signup with an unknown key', 'POST', () => '/auth/signup', { email: 'k@example.test', name: 'A', password: 'long enough pass', orgName: 'O', isAdmin: true }, 'body'],
    ['login without password', 'POST', () => '/auth/login', { email: 'a@example.test' }, 'body.password'],
    ['create org with empty name', 'POST', () => '/orgs', { name: '   ' }, 'body.name'],
    ['principle with an empty title', 'POST', () => `/orgs/${orgId}/principles`, { title: '', summary: 'x' }, 'body.title'],
    ['principle with a title too long', 'POST', () => `/orgs/${orgId}/principles`, { title: 'x'.repeat(121), summary: 'x' }, 'body.title'],
    ['principle with a number for summary', 'POST', () => `/orgs/${orgId}/principles`, { title: 'T', summary: 42 }, 'body.summary'],
    ['edit without expectedVersion', 'PATCH', () => `/orgs/${orgId}/principles/${principleId}`, { title: 'T', summary: 'S' }, 'body.expectedVersion'],
    ['edit with a bad principle id', 'PATCH', () => `/orgs/${orgId}/principles/not-a-uuid`, { title: 'T', summary: 'S', expectedVersion: 1 }, 'param.principleId'],
    ['reorder with a non-list', 'PUT', () => `/orgs/${orgId}/principles/order`, { ids: 'all' }, 'body.ids'],
    ['bad org id', 'GET', () => '/orgs/not-a-uuid/principles', undefined, 'param.orgId'],
    ['bad includeRetired', 'GET', () => `/orgs/${orgId}/principles?includeRetired=maybe`, undefined, 'query.includeRetired'],
    ['audit with a negative limit', 'GET', () => `/orgs/${orgId}/audit-events?limit=-3`, undefined, 'query.limit'],
    ['audit with a text cursor', 'GET', () => `/orgs/${orgId}/audit-events?before=yesterday`, undefined, 'query.before'],
    ['invitation with an unknown role', 'POST', () => `/orgs/${orgId}/invitations`, { email: 'i@example.test', role: 'owner' }, 'body.role'],
    ['member role change with a bad user id', 'PATCH', () => `/orgs/${orgId}/members/123`, { role: 'member' }, 'param.userId'],
    ['API token without a name', 'POST', () => `/orgs/${orgId}/api-tokens`, {}, 'body.name'],
    ['invitation token too short', 'GET', () => '/invitations/x', undefined, 'param.token'],
    ['invitation sign-up without a name', 'POST', () => '/invitations/inv_0123456789abcdef/signup', { email: 'n@example.test', password: 'long enough pass' }, 'body.name'],
    ['accepting an invitation with a short token', 'POST', () => '/invitations/abc/accept', {}, 'param.token'],
    ['revoke a token with a bad id', 'DELETE', () => `/orgs/${orgId}/api-tokens/zzz`, undefined, 'param.tokenId'],
    ['idea with an unknown key', 'POST', () => `/orgs/${orgId}/pipeline/ideas`, { name: 'Idea', stage: 'launched' }, 'body'],
    ['idea with a PR/FAQ that is no id', 'POST', () => `/orgs/${orgId}/pipeline/ideas`, { name: 'Idea', prfaqDocumentId: 'doc-1' }, 'body.prfaqDocumentId'],
    ['move without a stage', 'POST', () => `/orgs/${orgId}/pipeline/initiatives/${initiativeId}/moves`, { reason: 'Because.' }, 'body.to'],
    ['move with a reason too long', 'POST', () => `/orgs/${orgId}/pipeline/initiatives/${initiativeId}/moves`, { to: 'killed', reason: 'x'.repeat(2001) }, 'body.reason'],
    ['move of an initiative with a bad id', 'POST', () => `/orgs/${orgId}/pipeline/initiatives/42/moves`, { to: 'killed', reason: 'x' }, 'param.initiativeId'],
    ['linking a memo that is no id', 'PUT', () => `/orgs/${orgId}/pipeline/initiatives/${initiativeId}/documents`, { memoDocumentId: 7 }, 'body.memoDocumentId'],
  ];
  for (const [name, method, path, body, field] of cases) {
    it(`${name} → 400 naming ${field}`, async () => {
      const response = await client.request(method, path(), body);
      expectCleanError(response, 400, 'validation_failed', field);
    });
  }

  it('says in plain words what a field must be', async () => {
    const messages = await Promise.all([
      `/orgs/${orgId}/audit-events?limit=201`,
      `/orgs/${orgId}/audit-events?limit=0`,
      `/orgs/${orgId}/audit-events?before=yesterday`,
    ].map(async (path) => (await client.request('GET', path)).body.error.message));
    expect(messages).toEqual(['query.limit: must be at most 200', 'query.limit: must be at least 1', 'query.before: must be a number']);
    expect((await client.request('POST', `/orgs/${orgId}/invitations`, { email: 'i@example.test', role: 'owner' })).body.error.message).toBe('body.role: must be one of "admin", "member", "recruiter"');
  });

  it('answers malformed JSON with 400 naming the body', async () => {
    const response = await client.request('POST', `/orgs/${orgId}/principles`, undefined, { rawBody: '{"title": ' });
    expectCleanError(response, 400, 'validation_failed', 'body');
  });
});

describe('JSON bodies that are not UTF-8, or name a key twice', () => {
  const principlesPath = () => `/orgs/${orgId}/principles`;
  const titles = async (): Promise<string[]> => (await client.get(principlesPath())).body.principles.map((principle: { title: string }) => principle.title);
  const utf8 = (text: string) => new TextEncoder().encode(text);
  const joined = (...parts: Uint8Array[]) => {
    const whole = new Uint8Array(parts.reduce((length, part) => length + part.length, 0));
    parts.reduce((at, part) => (whole.set(part, at), at + part.length), 0);
    return whole;
  };

  it('refuses a body with bytes that are not UTF-8 with 400 naming the byte, and stores nothing', async () => {
    const before = await titles();
    // "Café" saved as Latin-1: é is the single byte 0xE9, the 14th of the body.
    const latin1 = await client.request('POST', principlesPath(), undefined, { rawBody: joined(utf8('{"title":"Caf'), new Uint8Array([0xe9]), utf8('","summary":"Written in Latin-1."}')) });
    expectCleanError(latin1, 400, 'validation_failed', 'body');
    expect(latin1.body.error.message).toBe('The request body is not valid UTF-8 (byte 14): send JSON encoded as UTF-8.');
    expect(latin1.body.error.data).toEqual({ byte: 14 });
    // Further in, the byte is counted in the whole body (after valid multi-byte characters too), with a thousands separator.
    const later = await client.request('POST', principlesPath(), undefined, { rawBody: joined(utf8(`{"title":"Later ${'é'.repeat(10)}","summary":"${'x'.repeat(1500)}`), new Uint8Array([0xc3, 0x28]), utf8('"}')) });
    expectCleanError(later, 400, 'validation_failed', 'body');
    const offset = utf8(`{"title":"Later ${'é'.repeat(10)}","summary":"${'x'.repeat(1500)}`).length;
    expect(later.body.error.message).toContain(`(byte ${(offset + 1).toLocaleString('en-US')})`);
    expect(later.body.error.message).toContain('byte 1,5');
    // The same on a route whose body is not a principle: every JSON route reads its body through the check.
    const idea = await client.request('POST', `/orgs/${orgId}/pipeline/ideas`, undefined, { rawBody: joined(utf8('{"name":"'), new Uint8Array([0xff, 0xfe]), utf8('"}')) });
    expectCleanError(idea, 400, 'validation_failed', 'body');
    expect(idea.body.error.message).toContain('(byte 10)');
    expect(await titles()).toEqual(before);
  });

  it('refuses a body that names a key twice, at the top or deeper, naming the path', async () => {
    const before = await titles();
    const top = await client.request('POST', principlesPath(), undefined, { rawBody: '{"title":"First","summary":"Said once.","title":"Second"}' });
    expectCleanError(top, 400, 'validation_failed', 'body.title');
    expect(top.body.error.message).toBe('The request body names the key "title" twice in one object (at /title): JSON keeps only the last, so send each key once.');
    expect(top.body.error.data).toEqual({ pointer: '/title' });
    // Found before the schema looks at the body (a key the route does not take is named where it is doubled), and
    // an escaped spelling (\u0074 is t) is the same key.
    const deep = await client.request('POST', principlesPath(), undefined, { rawBody: '{"title":"T","summary":"S","sections":[{"title":"a"},{"title":"b","\\u0074itle":"c"}]}' });
    expectCleanError(deep, 400, 'validation_failed', 'body.sections.1.title');
    expect(deep.body.error.data).toEqual({ pointer: '/sections/1/title' });
    expect(await titles()).toEqual(before);
  });

  it('stores text beyond ASCII exactly as sent', async () => {
    const title = 'Café 中文 😀 — Ünïcödé';
    const summary = 'Naïve façade, 日本語 and 👩‍💻 stay as they are.';
    const created = await client.request('POST', principlesPath(), undefined, { rawBody: utf8(JSON.stringify({ title, summary })) });
    expect(created.status).toBe(201);
    const stored = (await client.get(principlesPath())).body.principles.find((principle: { title: string }) => principle.title === title);
    expect(stored).toMatchObject({ title, summary });
    // Keys spelled the same in different objects, and strings holding what looks like a key, are no duplicates.
    const again = await client.request('POST', principlesPath(), { title: 'Twice "title":"x", inside a string', summary: '{"summary":1,"summary":2}' });
    expect(again.status).toBe(201);
  });
});

describe('unknown routes and oversized bodies', () => {
  it('answers an unknown API route with 404 JSON', async () => {
    const response = await client.get('/no-such-thing');
    expectCleanError(response, 404, 'not_found');
    expect(response.headers.get('content-type')).toContain('application/json');
  });

  it('answers an oversized body with 413 and saves nothing', async () => {
    const before = (await client.get(`/orgs/${orgId}/principles`)).body.principles.length;
    const response = await client.request('POST', `/orgs/${orgId}/principles`, { title: 'Huge', summary: 'x'.repeat(10_000) });
    expectCleanError(response, 413, 'payload_too_large', 'body');
    expect((await client.get(`/orgs/${orgId}/principles`)).body.principles.length).toBe(before);
  });

  it('never turned any of these into a 500', () => {
    expect(logs.filter((line) => line.startsWith('unexpected error'))).toEqual([]);
  });

  it('serves its OpenAPI document, generated from the validating schemas', async () => {
    const response = await new ApiClient(app).get('/openapi.json');
    expect(response.status).toBe(200);
    expect(response.body.openapi).toBe('3.1.0');
    const edit = response.body.paths['/api/v1/orgs/{orgId}/principles/{principleId}'].patch;
    const schemaRef = edit.requestBody.content['application/json'].schema.$ref as string;
    const schema = response.body.components.schemas[schemaRef.split('/').pop()!];
    expect(schema.required).toEqual(expect.arrayContaining(['title', 'summary', 'expectedVersion']));
    expect(schema.properties.title.maxLength).toBe(120);
  });

  it('says in the document how to authenticate, names every operation once, and lists the answers any route may give', async () => {
    const document = (await new ApiClient(app).get('/openapi.json')).body;
    expect(Object.keys(document.components.securitySchemes).sort()).toEqual(['bearerToken', 'sessionCookie']);
    expect(document.components.securitySchemes.bearerToken).toMatchObject({ type: 'http', scheme: 'bearer' });
    const operations = Object.entries(document.paths as Record<string, Record<string, { operationId: string; responses: Record<string, unknown>; security?: unknown[] }>>)
      .flatMap(([path, item]) => Object.entries(item).map(([method, operation]) => ({ path, method, operation })));
    expect(operations.length).toBeGreaterThan(100);
    const ids = operations.map(({ operation }) => operation.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(document.paths['/api/v1/orgs/{orgId}/principles/{principleId}'].patch.operationId).toBe('patchOrgsPrinciplesByPrincipleId');
    for (const { method, operation } of operations) {
      expect(operation.responses['500'], `${method} ${operation.operationId}`).toBeDefined();
      if (method === 'post' || method === 'put' || method === 'patch') expect(operation.responses['413'], operation.operationId).toBeDefined();
    }
    // The door in needs no credentials; the rest take a token or the session.
    expect(document.paths['/api/v1/health'].get.security).toEqual([]);
    expect(document.paths['/api/v1/auth/login'].post.security).toEqual([]);
    expect(document.security).toEqual([{ bearerToken: [] }, { sessionCookie: [] }]);
    expect(Object.keys(document.components.schemas.Error.properties.error.properties)).toEqual(expect.arrayContaining(['file', 'line', 'column']));
  });

  it('answers a method a path does not take with 405 and the methods it does, and an unknown path with 404', async () => {
    const wrongMethod = await client.request('PUT', `/orgs/${orgId}/principles`, { title: 'x' });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('GET, POST');
    expect(wrongMethod.body.error.message).toBe(`PUT is not a method of /api/v1/orgs/${orgId}/principles: it takes GET, POST.`);
    expect((await client.request('GET', `/orgs/${orgId}/no-such-thing`)).status).toBe(404);
    const anonymous = await new ApiClient(app).get(`/orgs/${orgId}/principles`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toBe('Bearer realm="Pulse"');
  });
});
