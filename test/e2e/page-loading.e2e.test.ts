import { gzipSync } from 'node:zlib';
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectNoSeriousAxeViolations, newContext, newPerson, signedUpPage, useBrowserStack } from '../support/browser.js';

const stack = useBrowserStack();

/** The JavaScript a first visit downloads (every script, module preloads included), once the page has settled. */
async function scriptsOfFirstVisit(context: BrowserContext, path: string, ready: (page: Page) => Promise<void>): Promise<{ page: Page; files: string[]; bytes: number; gzipBytes: number }> {
  const page = await context.newPage();
  const bodies: Array<Promise<{ file: string; body: Buffer }>> = [];
  page.on('response', (response) => {
    const file = new URL(response.url()).pathname;
    if (file.endsWith('.js')) bodies.push(response.body().then((body) => ({ file, body })));
  });
  await page.goto(path);
  await ready(page);
  await page.waitForLoadState('networkidle');
  const scripts = await Promise.all(bodies);
  return {
    page,
    files: scripts.map(({ file }) => file),
    bytes: scripts.reduce((sum, { body }) => sum + body.length, 0),
    gzipBytes: scripts.reduce((sum, { body }) => sum + gzipSync(body).length, 0),
  };
}

/** A fresh profile (its own HTTP cache) signed in as the same person as `page`, so its visit downloads everything anew. */
async function freshProfileLike(page: Page): Promise<BrowserContext> {
  const storageState = await page.context().storageState();
  return stack.browser.newContext({ baseURL: stack.server.baseUrl, viewport: { width: 1280, height: 800 }, storageState });
}

// Every page used to be in one 780 kB entry chunk; now each page is a chunk of its own, loaded when first opened.
// The budgets are sizes (deterministic for a build), with room for the app to grow a little, far below the old bundle.
describe('a first visit downloads the shell and the page it opens, not every page', () => {
  it('the sign-in page loads no signed-in page\'s code', async () => {
    const context = await newContext(stack.browser, stack.server);
    const visit = await scriptsOfFirstVisit(context, '/signin', (page) => page.getByRole('button', { name: 'Sign in' }).waitFor());
    console.info(`first visit to /signin: ${visit.files.length} scripts, ${visit.bytes} bytes (${visit.gzipBytes} gzipped)`);
    expect(visit.files.some((file) => /\/sign-in-page-[\w-]+\.js$/.test(file))).toBe(true);
    expect(visit.files.filter((file) => /(home|documents|document|metrics|wbr|sales|people|audit|members)-page-/.test(file))).toEqual([]);
    expect(visit.bytes).toBeLessThan(330_000);
    await context.close();
  });

  it('Home loads its own code, without the document editor, the writing checks or the diagrams', async () => {
    const { page } = await signedUpPage(stack, newPerson('first-visit'));
    const context = await freshProfileLike(page);
    const visit = await scriptsOfFirstVisit(context, new URL(page.url()).pathname, (home) => home.getByRole('region', { name: 'Needs you' }).waitFor());
    console.info(`first visit to Home: ${visit.files.length} scripts, ${visit.bytes} bytes (${visit.gzipBytes} gzipped)`);
    expect(visit.files.some((file) => /\/home-page-[\w-]+\.js$/.test(file))).toBe(true);
    expect(visit.files.filter((file) => /document-page-|lint-findings-|mermaid|sales-page-|wbr-deck-page-/.test(file))).toEqual([]);
    expect(visit.bytes).toBeLessThan(380_000);
    await context.close();
    await page.context().close();
  });
});

describe('pages that load on demand', () => {
  it('a deep link opens its page, and back and forward move between pages loaded on the way', async () => {
    const { page: first, orgId } = await signedUpPage(stack, newPerson('deep-link'));
    const context = await freshProfileLike(first);
    const page = await context.newPage();
    await page.goto(`/o/${orgId}/documents`);
    await page.getByRole('heading', { level: 1, name: 'Documents' }).waitFor();
    await page.getByRole('navigation', { name: 'Org' }).getByRole('link', { name: 'Metrics' }).click();
    await page.getByRole('heading', { level: 1, name: 'Metrics' }).waitFor();
    await page.goBack();
    await page.getByRole('heading', { level: 1, name: 'Documents' }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/o/${orgId}/documents`);
    await page.goForward();
    await page.getByRole('heading', { level: 1, name: 'Metrics' }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/o/${orgId}/metrics`);
    await context.close();
    await first.context().close();
  });

  it('a page whose code is already there opens at once, without a loading note even for a frame', async () => {
    const context = await newContext(stack.browser, stack.server);
    const page = await context.newPage();
    await page.goto('/signin');
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await page.waitForLoadState('networkidle');
    // Counts every loading note put in the page from now on, however briefly.
    await page.evaluate(() => {
      const seen = window as unknown as { loadingNotes: number };
      seen.loadingNotes = 0;
      new MutationObserver((records) => {
        for (const record of records) {
          for (const node of record.addedNodes) {
            if (node instanceof HTMLElement && (node.matches('.loading-note') || node.querySelector('.loading-note'))) seen.loadingNotes += 1;
          }
        }
      }).observe(document.body, { childList: true, subtree: true });
    });
    // The sign-up page's code came with the sign-in page's (each links to the other), never drawn until now.
    await page.getByRole('link', { name: 'Create an account and an org' }).click();
    await page.getByRole('heading', { level: 1, name: 'Create your Pulse org' }).waitFor();
    await page.goBack();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(await page.evaluate(() => (window as unknown as { loadingNotes: number }).loadingNotes)).toBe(0);
    await context.close();
  });

  it('while a page\'s code is on its way, the navigation stays and a quiet note says it is loading', async () => {
    const { page } = await signedUpPage(stack, newPerson('slow-chunk'));
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    await page.route(/\/assets\/pipeline-page-[\w-]+\.js$/, async (route) => {
      await held;
      await route.continue();
    });
    const nav = page.getByRole('navigation', { name: 'Org' });
    await nav.getByRole('link', { name: 'Pipeline' }).click();
    await page.getByRole('status').filter({ hasText: 'Loading…' }).waitFor();
    expect(await nav.isVisible()).toBe(true);
    expect(await page.getByRole('heading', { level: 1 }).count()).toBe(0);
    release();
    await page.getByRole('heading', { level: 1, name: 'Pipeline' }).waitFor();
    expect(await page.getByRole('status').filter({ hasText: 'Loading…' }).count()).toBe(0);
    await page.context().close();
  });

  it('a page whose code is gone (Pulse was updated) says so and reloads, keeping the navigation', async () => {
    const { page, orgId } = await signedUpPage(stack, newPerson('stale-tab'));
    // As after a deploy: the tab asks for the chunk its build named, which the server no longer has.
    await page.route(/\/assets\/metrics-page-[\w-]+\.js$/, (route) => route.fulfill({ status: 404, contentType: 'text/plain', body: 'Not Found' }));
    const nav = page.getByRole('navigation', { name: 'Org' });
    await nav.getByRole('link', { name: 'Metrics' }).click();
    const failure = page.getByRole('alert').filter({ hasText: 'Pulse was updated' });
    await failure.waitFor();
    expect(await failure.getByRole('heading', { level: 1 }).textContent()).toBe('Pulse was updated');
    expect(await nav.isVisible()).toBe(true);
    await expectNoSeriousAxeViolations(page, 'a page whose code could not be loaded');

    // Other pages still open from the navigation, and going back leaves the failure behind.
    await page.goBack();
    await page.getByRole('heading', { level: 1, name: 'Home' }).waitFor();
    expect(await failure.count()).toBe(0);
    await page.goForward();
    await failure.waitFor();

    // Once the new version is there, the button brings the page.
    await page.unroute(/\/assets\/metrics-page-[\w-]+\.js$/);
    await failure.getByRole('button', { name: 'Reload Pulse' }).click();
    await page.getByRole('heading', { level: 1, name: 'Metrics' }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/o/${orgId}/metrics`);
    await page.context().close();
  });

  it('a page whose code did not arrive (the connection dropped) loads when opened again, without reloading Pulse', async () => {
    const { page } = await signedUpPage(stack, newPerson('dropped-chunk'));
    // Kept by this document only: a reload would lose it.
    await page.evaluate(() => Object.assign(window, { isSameDocument: true }));
    // The connection drops while the page's code is asked for, and comes back once the failure is shown.
    let isConnectionDown = true;
    await page.route(/\/assets\/metrics-page-[\w-]+\.js$/, (route) => (isConnectionDown ? route.abort('internetdisconnected') : route.continue()));
    const nav = page.getByRole('navigation', { name: 'Org' });
    await nav.getByRole('link', { name: 'Metrics' }).click();
    const failure = page.getByRole('alert').filter({ hasText: 'Pulse was updated' });
    await failure.waitFor();
    isConnectionDown = false;

    await nav.getByRole('link', { name: 'Home' }).click();
    await page.getByRole('heading', { level: 1, name: 'Home' }).waitFor();
    await nav.getByRole('link', { name: 'Metrics' }).click();
    await page.getByRole('heading', { level: 1, name: 'Metrics' }).waitFor();
    expect(await failure.count()).toBe(0);
    expect(await page.evaluate(() => (window as { isSameDocument?: boolean }).isSameDocument)).toBe(true);
    await page.context().close();
  });

  it('a page that failed at one address opens at the same path with another query, without reloading Pulse', async () => {
    const { page, orgId } = await signedUpPage(stack, newPerson('failed-query'));
    await page.evaluate(() => Object.assign(window, { isSameDocument: true }));
    let isConnectionDown = true;
    await page.route(/\/assets\/search-page-[\w-]+\.js$/, (route) => (isConnectionDown ? route.abort('internetdisconnected') : route.continue()));
    // The search dialog (in the shell, which stays) leads to the results page: only the query differs between two searches.
    const searchFor = async (words: string) => {
      await page.keyboard.press('Control+k');
      const dialog = page.getByRole('dialog', { name: 'Search' });
      await dialog.getByRole('combobox', { name: /Search/ }).fill(words);
      await page.keyboard.press('Enter');
      await page.waitForURL((url) => url.pathname === `/o/${orgId}/search` && url.searchParams.get('q') === words);
    };
    await searchFor('refunds');
    const failure = page.getByRole('alert').filter({ hasText: 'Pulse was updated' });
    await failure.waitFor();
    isConnectionDown = false;

    await searchFor('returns');
    await page.getByRole('heading', { level: 1, name: 'Search' }).waitFor();
    expect(await failure.count()).toBe(0);
    expect(await page.getByRole('searchbox', { name: 'Search for' }).inputValue()).toBe('returns');
    expect(await page.evaluate(() => (window as { isSameDocument?: boolean }).isSameDocument)).toBe(true);
    await page.context().close();
  });

  it('the sign-in page, when its code cannot be fetched, says to reload rather than showing a blank page', async () => {
    const context = await newContext(stack.browser, stack.server);
    const page = await context.newPage();
    await page.route(/\/assets\/sign-in-page-[\w-]+\.js$/, (route) => route.abort('failed'));
    await page.goto('/signin');
    await page.getByRole('alert').filter({ hasText: 'Pulse was updated' }).getByRole('button', { name: 'Reload Pulse' }).waitFor();
    await context.close();
  });
});
