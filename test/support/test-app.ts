import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import { createApp, API_PREFIX, type PulseApp } from '../../src/server/app.js';
import { appDepsFrom } from '../../src/server/serve.js';
import { listenForChanges, type ChangeFeed } from '../../src/storage/change-feed.js';
import type { Db } from '../../src/storage/database.js';
import { createTestDatabase, type TestDatabase, type TestDatabaseOptions } from './test-database.js';
import { testConfig } from './test-config.js';

export { testConfig };

export function createTestApp(db: Db, overrides: Record<string, string> = {}, feed?: ChangeFeed): { app: PulseApp; logs: string[] } {
  const logs: string[] = [];
  const app = createApp(appDepsFrom(db, testConfig(overrides), (message) => logs.push(message), feed));
  return { app, logs };
}

export interface TestAppContext {
  database: TestDatabase;
  /** The app's change feed: its caches are on, as in production. */
  feed: ChangeFeed;
  app: PulseApp;
  /** What the app logged: a test can assert that nothing unexpected (a 500) happened. */
  logs: string[];
}

/**
 * For a test file: its own copy of the migrated database and an app on it, created before the first
 * test and dropped after the last. Read the fields inside tests (they are filled in by beforeAll).
 */
export function useTestApp(overrides: Record<string, string> = {}, options: TestDatabaseOptions = {}): TestAppContext {
  const context = {} as TestAppContext;
  beforeAll(async () => {
    context.database = await createTestDatabase(options);
    context.feed = await listenForChanges(context.database.url, () => undefined);
    Object.assign(context, createTestApp(context.database.db, overrides, context.feed));
  });
  afterAll(async () => {
    await context.feed?.stop();
    await context.database?.drop();
  });
  return context;
}

export interface ApiResponse<T = Record<string, unknown>> {
  status: number;
  body: T;
  headers: Headers;
}

/**
 * A browser-like API client for in-process tests: it keeps the session cookie and sends the CSRF token
 * on writes, as the web app does. `withoutCsrf` and `raw` exist to break those rules on purpose.
 */
export class ApiClient {
  cookie: string | undefined;
  csrfToken: string | undefined;
  bearer: string | undefined;

  constructor(private readonly app: PulseApp) {}

  async request<T = any>(method: string, path: string, body?: unknown, options: { withoutCsrf?: boolean; rawBody?: string | Uint8Array<ArrayBuffer>; headers?: Record<string, string> } = {}): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (body !== undefined || options.rawBody !== undefined) headers['content-type'] ??= 'application/json';
    if (this.cookie) headers.cookie = this.cookie;
    if (this.bearer) headers.authorization = `Bearer ${this.bearer}`;
    if (this.csrfToken && !options.withoutCsrf && method !== 'GET') headers['x-csrf-token'] = this.csrfToken;
    const response = await this.app.request(`${API_PREFIX}${path}`, { method, headers, body: options.rawBody ?? (body === undefined ? undefined : JSON.stringify(body)) });
    const setCookie = response.headers.get('set-cookie');
    if (setCookie?.startsWith('pulse_session=')) this.cookie = setCookie.split(';')[0];
    // A PDF is bytes: read as text, it would be mangled.
    if (response.headers.get('content-type') === 'application/pdf') return { status: response.status, body: new Uint8Array(await response.arrayBuffer()) as T, headers: response.headers };
    const text = await response.text();
    const parsed = text.length > 0 && response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text;
    if (parsed && typeof parsed === 'object' && 'csrfToken' in parsed && typeof parsed.csrfToken === 'string') this.csrfToken = parsed.csrfToken;
    return { status: response.status, body: parsed as T, headers: response.headers };
  }

  get<T = any>(path: string) {
    return this.request<T>('GET', path);
  }
  post<T = any>(path: string, body?: unknown) {
    return this.request<T>('POST', path, body ?? {});
  }
  patch<T = any>(path: string, body: unknown) {
    return this.request<T>('PATCH', path, body);
  }
  put<T = any>(path: string, body: unknown) {
    return this.request<T>('PUT', path, body);
  }
  delete<T = any>(path: string) {
    return this.request<T>('DELETE', path);
  }
}

export const TEST_PASSWORD = 'correct horse battery';

/** Signs up a new person with a new org (a fresh tenant per test) and returns their signed-in client. */
export async function signUpClient(app: PulseApp, overrides: { email?: string; name?: string; orgName?: string } = {}) {
  const client = new ApiClient(app);
  const suffix = randomBytes(4).toString('hex');
  const email = overrides.email ?? `admin-${suffix}@example.test`;
  const response = await client.post('/auth/signup', { email, name: overrides.name ?? `Admin ${suffix}`, password: TEST_PASSWORD, orgName: overrides.orgName ?? `Org ${suffix}` });
  if (response.status !== 201) throw new Error(`sign-up failed: ${response.status} ${JSON.stringify(response.body)}`);
  const orgId: string = response.body.memberships[0].org.id;
  return { client, orgId, email, userId: response.body.user.id as string };
}

/** Invites a person into an org with a role and returns their signed-in client. */
export async function inviteClient(app: PulseApp, admin: ApiClient, orgId: string, role: 'admin' | 'member' | 'recruiter') {
  const email = `${role}-${randomBytes(4).toString('hex')}@example.test`;
  const invitation = await admin.post(`/orgs/${orgId}/invitations`, { email, role });
  if (invitation.status !== 201) throw new Error(`invitation failed: ${invitation.status} ${JSON.stringify(invitation.body)}`);
  const token = new URL(invitation.body.url).pathname.split('/').pop();
  const client = new ApiClient(app);
  const joined = await client.post(`/invitations/${token}/signup`, { email, name: `A ${role}`, password: TEST_PASSWORD });
  if (joined.status !== 201) throw new Error(`joining failed: ${joined.status} ${JSON.stringify(joined.body)}`);
  return { client, email, userId: joined.body.user.id as string };
}
