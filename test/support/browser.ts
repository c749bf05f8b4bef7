import { existsSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { chromium, type APIRequestContext, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { createApp, type PulseApp } from '../../src/server/app.js';
import { accountSettingsFrom, appDepsFrom } from '../../src/server/serve.js';
import { DEMO_LOGIN, seedDemoOrg } from '../../src/services/demo/seed-demo-org.js';
import { ApiClient, createTestApp, testConfig, TEST_PASSWORD } from './test-app.js';
import { createTestDatabase, type TestDatabase, type TestDatabaseOptions } from './test-database.js';

// PULSE_TEST_WEB_ROOT lets someone test a web build of their own (vite --outDir) while another build of
// web/dist is under way in the same checkout; `npm test` always tests web/dist, which it has just built.
const WEB_ROOT = process.env.PULSE_TEST_WEB_ROOT ?? fileURLToPath(new URL('../../web/dist', import.meta.url));
const AXE_SOURCE_PATH = fileURLToPath(new URL('../../node_modules/axe-core/axe.min.js', import.meta.url));

export const CHROMIUM_PATH = process.env.PULSE_CHROMIUM ?? '/usr/bin/chromium';

export interface PulseServer {
  baseUrl: string;
  database: TestDatabase;
  /** What the server logged (unexpected errors end up here). */
  logs: string[];
  close(): Promise<void>;
}

/** What a test file may add to the server's environment, once its database exists (e.g. a connections file naming it). */
export interface PulseServerOptions extends TestDatabaseOptions {
  env?(database: TestDatabase): Promise<Record<string, string>>;
}

/**
 * Starts the real Pulse app (API and built web app) on a free port over a fresh test database. The app
 * is made after the port is known, so invitation links point at this server.
 */
export async function startPulseServer(options: PulseServerOptions = {}): Promise<PulseServer> {
  if (!existsSync(`${WEB_ROOT}/index.html`)) {
    throw new Error('The web app is not built: run `npx vite build --config web/vite.config.ts` (npm test does it) before the browser tests.');
  }
  const database = await createTestDatabase(options);
  const logs: string[] = [];
  const started: { app?: PulseApp } = {};
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const listening = serve(
      {
        fetch: (request, env) => (started.app ? started.app.fetch(request, env) : new Response('starting', { status: 503 })),
        hostname: '127.0.0.1',
        port: 0,
      },
      () => resolve(listening),
    );
  });
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  const env = (await options.env?.(database)) ?? {};
  started.app = createApp(appDepsFrom(database.db, testConfig({ PULSE_PUBLIC_URL: baseUrl, ...env }), (message) => logs.push(message)), { webRoot: WEB_ROOT });
  return {
    baseUrl,
    database,
    logs,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        if ('closeAllConnections' in server) server.closeAllConnections();
      });
      await database.drop();
    },
  };
}

/** Debian's Chromium, headless, with everything that would reach the network turned off. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'],
  });
}

/**
 * For one test file: a Pulse server and a Chromium, started before its tests and closed after them.
 * The fields are filled in by `beforeAll`, so read them inside tests only.
 */
export function useBrowserStack(options: PulseServerOptions = {}): { server: PulseServer; browser: Browser } {
  const stack = {} as { server: PulseServer; browser: Browser };
  beforeAll(async () => {
    stack.server = await startPulseServer({ ...options, withDemoOrg: options.withDemoOrg === true || stacksOnTheDemo.has(stack) });
    stack.browser = await launchChromium();
  });
  afterAll(async () => {
    await stack.browser?.close();
    await stack.server?.close();
  });
  return stack;
}

/** Stacks whose file asked for the demo org (useSignedInDemo): their database starts as a copy of it. */
const stacksOnTheDemo = new WeakSet<object>();

/**
 * For one test file on the demo org: the org, and its admin signed in, one page per colour scheme for the whole
 * file (sign-ins are rate-limited per client). `orgId` is filled in by `beforeAll`. This runs while the file is
 * collected, before the stack's `beforeAll` starts its server, so the stack's database starts as a copy of the
 * demo org (test-database.ts) rather than seeding it here.
 */
export function useSignedInDemo(stack: { server: PulseServer; browser: Browser }): { orgId: string; page(colorScheme?: 'light' | 'dark'): Promise<Page> } {
  const pages: Partial<Record<'light' | 'dark', Page>> = {};
  const demo = {
    orgId: '',
    async page(colorScheme: 'light' | 'dark' = 'light'): Promise<Page> {
      const existing = pages[colorScheme];
      if (existing) return existing;
      const page = await signedInPage(stack, DEMO_LOGIN, { colorScheme });
      pages[colorScheme] = page;
      return page;
    },
  };
  stacksOnTheDemo.add(stack);
  beforeAll(async () => {
    // Finds the copied demo org (seeding it only if the stack was started without it).
    demo.orgId = (await seedDemoOrg(stack.server.database.db, accountSettingsFrom(testConfig()))).orgId;
  });
  return demo;
}

/** A new browser profile signed in through the form as an existing account (a demo member, say), on its org's Home. */
export async function signedInPage(stack: { server: PulseServer; browser: Browser }, login: { email: string; password: string }, options: { colorScheme?: 'light' | 'dark' } = {}): Promise<Page> {
  const page = await (await newContext(stack.browser, stack.server, options)).newPage();
  await page.goto('/signin');
  await page.getByLabel('Email').fill(login.email);
  await page.getByLabel('Password').fill(login.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  // Wait for the app's own redirect after signing in, so it cannot race the test's next navigation.
  await page.waitForURL(/\/o\/[0-9a-f-]{36}\//);
  await page.getByRole('heading', { level: 1, name: 'Home' }).waitFor();
  return page;
}

/** A fresh browser profile (own cookies) on a laptop-sized screen. */
export async function newContext(browser: Browser, server: PulseServer, options: { colorScheme?: 'light' | 'dark' } = {}): Promise<BrowserContext> {
  return browser.newContext({ baseURL: server.baseUrl, viewport: { width: 1280, height: 800 }, colorScheme: options.colorScheme ?? 'light' });
}

export interface Person {
  name: string;
  email: string;
  password: string;
  orgName: string;
}

let personCount = 0;

export function newPerson(label = 'person'): Person {
  personCount += 1;
  const suffix = `${process.pid}-${personCount}-${Math.random().toString(36).slice(2, 8)}`;
  return { name: `${label[0]!.toUpperCase()}${label.slice(1)} ${personCount}`, email: `${label}-${suffix}@example.test`, password: TEST_PASSWORD, orgName: `${label} org ${personCount}` };
}

/** Signs up through the web form, as a new user would, and waits for the org's Home, where a new org lands. */
export async function signUpInBrowser(page: Page, person: Person): Promise<void> {
  await page.goto('/signup');
  await page.getByLabel('Your name').fill(person.name);
  await page.getByLabel('Work email').fill(person.email);
  await page.getByLabel('Password').fill(person.password);
  await page.getByLabel('Org name').fill(person.orgName);
  await page.getByRole('button', { name: 'Create account and org' }).click();
  await page.getByRole('heading', { level: 1, name: 'Home' }).waitFor();
}

/**
 * A new browser profile (own cookies) signed up through the web form as `person`, which makes them the admin of a new
 * org of their own, and left on its Home: the page and the org's id, how most browser tests start.
 */
export async function signedUpPage(stack: { server: PulseServer; browser: Browser }, person: Person, options: { colorScheme?: 'light' | 'dark' } = {}): Promise<{ page: Page; orgId: string }> {
  const page = await (await newContext(stack.browser, stack.server, options)).newPage();
  await signUpInBrowser(page, person);
  return { page, orgId: orgIdOf(page) };
}

/**
 * `signedUpPage`, and an API client signed in as the same person on the same database (the in-process app, as
 * another tab of theirs or a script would be), for tests that set data up over the API and look at it in the page.
 */
export async function signedUpWithApi(stack: { server: PulseServer; browser: Browser }, person: Person): Promise<{ page: Page; api: ApiClient; orgId: string }> {
  const { page, orgId } = await signedUpPage(stack, person);
  const api = new ApiClient(createTestApp(stack.server.database.db).app);
  expect((await api.post('/auth/login', { email: person.email, password: person.password })).status).toBe(200);
  return { page, api, orgId };
}

/** The headers a signed-in page's own API calls send (its session's CSRF token), for tests that set data up over the API. */
export async function apiHeaders(page: Page): Promise<Record<string, string>> {
  const session = await (await page.request.get('/api/v1/auth/session')).json();
  return { 'x-csrf-token': session.csrfToken as string };
}

/**
 * Calls the API as the signed-in user of a browser context (`page.request`), with the CSRF token the web app sends,
 * for tests that set data up or read it over the API; a refusal fails the test with its status and answer.
 */
export async function callApi(request: APIRequestContext, method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<any> {
  const session = await (await request.get('/api/v1/auth/session')).json();
  const response = await request.fetch(`/api/v1${path}`, { method, headers: { 'x-csrf-token': session.csrfToken, 'content-type': 'application/json' }, ...(body === undefined ? {} : { data: JSON.stringify(body) }) });
  const text = await response.text();
  if (response.status() >= 300) throw new Error(`${method} ${path}: ${response.status()} ${text}`);
  return text.length > 0 ? JSON.parse(text) : undefined;
}

/** The org id in the current URL (`/o/:orgId/...`). */
export function orgIdOf(page: Page): string {
  const match = /\/o\/([0-9a-f-]{36})\//.exec(new URL(page.url()).pathname);
  if (!match) throw new Error(`Not on an org page: ${page.url()}`);
  return match[1]!;
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/**
 * Runs axe-core in the page and fails on any serious or critical violation. The script is evaluated
 * through the DevTools protocol, which the page's CSP (script-src 'self') does not apply to.
 */
export async function expectNoSeriousAxeViolations(page: Page, pageName: string): Promise<void> {
  const hasAxe = await page.evaluate(() => 'axe' in window);
  if (!hasAxe) await page.evaluate(readFileSync(AXE_SOURCE_PATH, 'utf8'));
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((violation) => ({ id: violation.id, impact: violation.impact, help: violation.help, nodes: violation.nodes.map((node) => ({ target: node.target })) }));
  });
  const serious = violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
  const report = serious.map((violation) => `${violation.impact} ${violation.id}: ${violation.help} at ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
  expect(report, `axe on ${pageName}`).toEqual([]);
}
