import type { Page, Route } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { callApi, expectNoSeriousAxeViolations, newPerson, signedUpPage, useBrowserStack } from '../support/browser.js';
import { TEST_PASSWORD } from '../support/test-app.js';

const stack = useBrowserStack();

const apiAs = callApi;

const MEMO = '# Zephyr plan for Lisbon\n\nWe open the Lisbon warehouse in March, after the pilot proves the pick rate.\n';

/** Waits for the page's pending renders: two animation frames after an answer has been read. */
async function settle(page: Page): Promise<void> {
  await page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))));
}

const searchQueryOf = (url: string) => new URL(url).searchParams.get('q');

/** An answer the server could give, made up, to tell a stale answer from the real one. */
function madeUpAnswer(query: string, title: string) {
  return {
    query,
    results: [{ kind: 'document', id: '00000000-0000-4000-8000-000000000000', title, detail: 'Memo', snippet: null, titleHighlights: [[0, 3]], parentId: null, updatedAt: null }],
    counts: { document: 1 },
    truncated: false,
  };
}

describe('search', () => {
  it('opens on Ctrl-K, finds a document and an initiative as you type, opens one with the keyboard, ignores a late answer, and passes axe in both themes', async () => {
    const admin = newPerson('search');
    const { page, orgId } = await signedUpPage(stack, admin);
    const { document: memo } = await apiAs(page.request, 'POST', `/orgs/${orgId}/documents`, { kind: 'memo', title: 'Zephyr plan for Lisbon', body: MEMO });
    await apiAs(page.request, 'POST', `/orgs/${orgId}/initiatives`, { name: 'Zephyr readiness', stlPersonId: null });
    await apiAs(page.request, 'POST', `/orgs/${orgId}/documents`, { kind: 'memo', title: 'Quarterly hiring memo', body: '# Quarterly hiring memo\n\nNothing about the warehouse.\n' });

    await page.goto(`/o/${orgId}/documents`);
    await page.getByRole('heading', { level: 1, name: 'Documents' }).waitFor();
    // The side navigation shows the way in and its shortcut.
    const searchButton = page.getByRole('navigation', { name: 'Org' }).getByRole('button', { name: /Search/ });
    expect(await searchButton.textContent()).toContain('Ctrl K');

    // Ctrl-K opens the dialog with the caret in its field, from wherever the focus is.
    const opener = page.getByRole('navigation', { name: 'Org' }).getByRole('link', { name: 'Documents' });
    await opener.focus();
    await page.keyboard.press('Control+k');
    const dialog = page.getByRole('dialog', { name: 'Search' });
    await dialog.waitFor();
    const field = dialog.getByRole('combobox', { name: /Search/ });
    expect(await field.evaluate((element) => element === document.activeElement)).toBe(true);
    // Before typing, a hint of what can be found.
    expect(await dialog.textContent()).toMatch(/documents, initiatives, people/);
    await expectNoSeriousAxeViolations(page, 'search dialog, empty');

    await page.keyboard.type('zeph');
    const listbox = dialog.getByRole('listbox', { name: 'Results' });
    const documentOption = listbox.getByRole('option', { name: /Zephyr plan for Lisbon/ });
    await documentOption.waitFor();
    await listbox.getByRole('option', { name: /Zephyr readiness/ }).waitFor();
    expect(await listbox.getByRole('group', { name: 'Documents' }).count()).toBe(1);
    expect(await listbox.getByRole('group', { name: 'Initiatives' }).count()).toBe(1);
    expect(await listbox.getByRole('option', { name: /Quarterly hiring memo/ }).count()).toBe(0);
    // What matched is marked in the title.
    expect(await documentOption.locator('mark').first().textContent()).toBe('Zeph');
    expect(await field.getAttribute('aria-expanded')).toBe('true');
    await expectNoSeriousAxeViolations(page, 'search dialog with results');

    // Escape closes it and gives the focus back to where it was.
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(await opener.evaluate((element) => element === document.activeElement)).toBe(true);

    // The help (`?`) lists the shortcut.
    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await help.waitFor();
    expect(await help.textContent()).toContain('Search the org');
    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'hidden' });

    // `/` opens it too (when it would not type a slash), keeping the last query; the arrows move the active row.
    await page.keyboard.press('/');
    await dialog.waitFor();
    await documentOption.waitFor();
    const activeName = async () => {
      const id = await field.getAttribute('aria-activedescendant');
      return id ? ((await page.locator(`[id="${id}"]`).textContent()) ?? '') : '';
    };
    const options = await listbox.getByRole('option').count();
    expect(options).toBeGreaterThanOrEqual(3);
    for (let step = 0; step < options && !(await activeName()).includes('Zephyr plan for Lisbon'); step += 1) await page.keyboard.press('ArrowDown');
    expect(await activeName()).toContain('Zephyr plan for Lisbon');
    expect(await documentOption.getAttribute('aria-selected')).toBe('true');
    expect(await listbox.getByRole('option', { selected: true }).count()).toBe(1);

    // Ctrl-Enter opens it in a new tab and leaves the search open here.
    const newTab = page.context().waitForEvent('page');
    await page.keyboard.press('Control+Enter');
    const tab = await newTab;
    await tab.waitForURL(`**/o/${orgId}/documents/${memo.id}`);
    await tab.close();
    expect(await dialog.isVisible()).toBe(true);

    // Enter opens the active row's page, which takes the focus on its heading.
    await page.keyboard.press('Enter');
    await page.waitForURL(`**/o/${orgId}/documents/${memo.id}`);
    await dialog.waitFor({ state: 'hidden' });
    const heading = page.getByRole('heading', { level: 1 });
    await expect.poll(() => heading.evaluate((element) => element === document.activeElement)).toBe(true);

    // Ctrl-K works while typing in a field; `/` there types a slash.
    await page.goto(`/o/${orgId}/documents`);
    await page.getByRole('heading', { level: 1, name: 'Documents' }).waitFor();
    const titleField = page.getByRole('form', { name: 'New document' }).getByLabel('Title');
    await titleField.focus();
    await page.keyboard.type('a/b');
    expect(await titleField.inputValue()).toBe('a/b');
    expect(await dialog.isVisible()).toBe(false);
    await page.keyboard.press('Control+k');
    await dialog.waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(await titleField.evaluate((element) => element === document.activeElement)).toBe(true);

    // A request nobody waits for is cancelled, and its answer never shows: "zep" is held back while "hyr" is typed.
    const staleHeld = new Promise<Route>((resolve) => {
      void page.route(
        (url) => url.pathname.endsWith('/search') && url.searchParams.get('q') === 'zep',
        (route) => resolve(route),
      );
    });
    await searchButton.click();
    await dialog.waitFor();
    await field.fill('');
    await page.keyboard.type('zep');
    const staleRoute = await staleHeld;
    const staleCancelled = page.waitForEvent('requestfailed', (request) => searchQueryOf(request.url()) === 'zep');
    await page.keyboard.type('hyr');
    expect((await staleCancelled).failure()?.errorText).toBe('net::ERR_ABORTED');
    await documentOption.waitFor();
    // Answering it now reaches nobody; the cancelling showed no error either.
    await staleRoute.fulfill({ json: madeUpAnswer('zep', 'Stale answer for zep') }).catch(() => undefined);
    await settle(page);
    expect(await listbox.getByRole('option', { name: /Stale answer/ }).count()).toBe(0);
    expect(await dialog.getByRole('alert').count()).toBe(0);
    await documentOption.waitFor();
    expect(await field.inputValue()).toBe('zephyr');
    // The same made-up answer, when it is the latest, is shown: the check above could fail.
    await page.route(
      (url) => url.pathname.endsWith('/search') && url.searchParams.get('q') === 'zephyrx',
      (route) => route.fulfill({ json: madeUpAnswer('zephyrx', 'Latest answer for zephyrx') }),
    );
    await page.keyboard.type('x');
    await listbox.getByRole('option', { name: /Latest answer for zephyrx/ }).waitFor();

    // The server's error is shown as it says it; a query too long is a plain sentence.
    await page.route(
      (url) => url.pathname.endsWith('/search') && url.searchParams.get('q') === 'zephyrxy',
      (route) => route.fulfill({ status: 500, json: { error: { code: 'internal', message: 'The search is resting; try again in a minute.' } } }),
    );
    await page.keyboard.type('y');
    await dialog.getByRole('alert').filter({ hasText: 'The search is resting; try again in a minute.' }).waitFor();
    await page.unrouteAll({ behavior: 'ignoreErrors' });
    await field.fill('l'.repeat(201));
    await dialog.getByRole('alert').filter({ hasText: 'Search for at most 200 characters' }).waitFor();
    await field.fill('nothing-matches-this-zq');
    await dialog.getByRole('status').filter({ hasText: 'Nothing found for “nothing-matches-this-zq”' }).waitFor();

    // Enter pressed before the answer to what is typed has come opens the results page for it, not a row of the
    // previous answer ("zephyr plan" is held back while "zephyr"'s rows are on screen).
    await field.fill('zephyr');
    await documentOption.waitFor();
    // Only the dialog's request is held: the results page's own search for it goes through.
    let isNewerHeld = false;
    const newerHeld = new Promise<Route>((resolve) => {
      void page.route(
        (url) => url.pathname.endsWith('/search') && url.searchParams.get('q') === 'zephyr plan',
        (route) => {
          if (isNewerHeld) return void route.continue();
          isNewerHeld = true;
          resolve(route);
        },
      );
    });
    await page.keyboard.type(' plan');
    const newerRoute = await newerHeld;
    const dialogRequestCancelled = page.waitForEvent('requestfailed', (request) => searchQueryOf(request.url()) === 'zephyr plan');
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname === `/o/${orgId}/search` && url.searchParams.get('q') === 'zephyr plan');
    // The dialog closed, and its request with it.
    expect((await dialogRequestCancelled).failure()?.errorText).toBe('net::ERR_ABORTED');
    await newerRoute.continue().catch(() => undefined);
    await page.unrouteAll({ behavior: 'ignoreErrors' });
    await page.keyboard.press('Control+k');
    await dialog.waitFor();

    // The last row leads to the results page, which keeps the query in its address.
    await field.fill('zephyr');
    await documentOption.waitFor();
    await page.keyboard.press('ArrowUp');
    expect(await activeName()).toContain('See all results for “zephyr”');
    await page.keyboard.press('Enter');
    await page.waitForURL(`**/o/${orgId}/search?q=zephyr`);
    await page.getByRole('heading', { level: 1, name: 'Search' }).waitFor();
    expect(await page.getByRole('searchbox', { name: 'Search for' }).inputValue()).toBe('zephyr');
    const results = page.getByRole('main');
    await results.getByRole('heading', { name: '2 results for “zephyr”' }).waitFor();
    await results.getByRole('link', { name: /Zephyr readiness/ }).waitFor();
    await expectNoSeriousAxeViolations(page, 'search results page');

    // The kind filter shows each kind's count and narrows the list; a reload keeps it.
    const kinds = page.getByRole('navigation', { name: 'Kinds of result' });
    await kinds.getByRole('link', { name: 'Documents (1)' }).click();
    await page.waitForURL(`**/o/${orgId}/search?q=zephyr&kind=document`);
    await results.getByRole('heading', { name: '1 result for “zephyr”' }).waitFor();
    expect(await results.getByRole('link', { name: /Zephyr readiness/ }).count()).toBe(0);
    await page.reload();
    await results.getByRole('heading', { name: '1 result for “zephyr”' }).waitFor();
    expect(await kinds.getByRole('link', { name: 'Documents (1)' }).getAttribute('aria-current')).toBe('page');
    await kinds.getByRole('link', { name: 'Initiatives (1)' }).waitFor();
    await results.getByRole('link', { name: /Zephyr plan for Lisbon/ }).click();
    await page.waitForURL(`**/o/${orgId}/documents/${memo.id}`);

    await page.goBack();
    await results.getByRole('heading', { name: '1 result for “zephyr”' }).waitFor();
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.evaluate(() => Promise.all(document.getAnimations().map((animation) => animation.finished)));
    await expectNoSeriousAxeViolations(page, 'search results page (dark)');
    await page.keyboard.press('Control+k');
    await dialog.waitFor();
    await field.fill('zephyr');
    await documentOption.waitFor();
    await expectNoSeriousAxeViolations(page, 'search dialog with results (dark)');
    expect(stack.server.logs.filter((line) => line.includes('unexpected error'))).toEqual([]);
  });

  it('keeps the words and kinds when switching org, cancels the old org\'s requests, and never carries a record over', async () => {
    const person = newPerson('search-switch');
    const { page, orgId: firstOrgId } = await signedUpPage(stack, person);
    const { membership } = await apiAs(page.request, 'POST', '/orgs', { name: 'Second org' });
    const secondOrgId: string = membership.org.id;
    const { document: firstMemo } = await apiAs(page.request, 'POST', `/orgs/${firstOrgId}/documents`, { kind: 'memo', title: 'Zephyr in the first org', body: MEMO });
    await apiAs(page.request, 'POST', `/orgs/${secondOrgId}/documents`, { kind: 'memo', title: 'Zephyr in the second org', body: MEMO });
    const cancelled: string[] = [];
    page.on('requestfailed', (request) => {
      if (request.failure()?.errorText === 'net::ERR_ABORTED') cancelled.push(new URL(request.url()).pathname);
    });
    const switchTo = async (orgName: string) => {
      await page.getByRole('button', { name: /^Org/ }).click();
      await page.getByRole('link', { name: new RegExp(`^${orgName}`) }).click();
    };

    // The first org's results page, narrowed to documents, waits for its answers (held back here)…
    const firstSearchPath = `/api/v1/orgs/${firstOrgId}/search`;
    const heldSearches: Route[] = [];
    await page.route(
      (url) => url.pathname === firstSearchPath,
      (route) => void heldSearches.push(route),
    );
    await page.goto(`/o/${firstOrgId}/search?q=zephyr&kind=document`);
    await page.getByRole('heading', { level: 1, name: 'Search' }).waitFor();
    await expect.poll(() => heldSearches.length).toBe(2);

    // …and switching org opens the same search in the other org, cancelling both.
    await switchTo('Second org');
    await page.waitForURL((url) => url.pathname === `/o/${secondOrgId}/search` && url.search === '?q=zephyr&kind=document');
    const results = page.getByRole('main');
    await results.getByRole('link', { name: /Zephyr in the second org/ }).waitFor();
    await expect.poll(() => cancelled.filter((path) => path === firstSearchPath).length).toBe(2);
    expect(await page.getByRole('searchbox', { name: 'Search for' }).inputValue()).toBe('zephyr');
    // The old answers, sent now, reach nobody: no stale row, no error.
    for (const route of heldSearches) await route.fulfill({ json: madeUpAnswer('zephyr', 'Stale answer from the first org') }).catch(() => undefined);
    await settle(page);
    expect(await results.getByRole('link', { name: /Stale answer/ }).count()).toBe(0);
    expect(await results.getByRole('link', { name: /Zephyr in the first org/ }).count()).toBe(0);
    expect(await page.getByRole('alert').count()).toBe(0);

    // Switching back keeps the search too.
    await page.unrouteAll({ behavior: 'ignoreErrors' });
    await switchTo(person.orgName);
    await page.waitForURL((url) => url.pathname === `/o/${firstOrgId}/search` && url.search === '?q=zephyr&kind=document');
    await results.getByRole('link', { name: /Zephyr in the first org/ }).waitFor();

    // A document's page, still loading (held back), becomes the other org's list: the id is the first org's alone,
    // and leaving the page cancels its request.
    const documentPath = `/api/v1/orgs/${firstOrgId}/documents/${firstMemo.id}`;
    const documentHeld = new Promise<Route>((resolve) => {
      void page.route(
        (url) => url.pathname === documentPath,
        (route) => resolve(route),
      );
    });
    await page.goto(`/o/${firstOrgId}/documents/${firstMemo.id}`);
    const documentRoute = await documentHeld;
    await switchTo('Second org');
    await page.waitForURL((url) => url.pathname === `/o/${secondOrgId}/documents` && url.search === '');
    await page.getByRole('heading', { level: 1, name: 'Documents' }).waitFor();
    await expect.poll(() => cancelled.includes(documentPath)).toBe(true);
    await documentRoute.continue().catch(() => undefined);
    await results.getByRole('link', { name: /Zephyr in the second org/ }).waitFor();
    await settle(page);
    expect(await page.getByRole('alert').count()).toBe(0);
    expect(stack.server.logs.filter((line) => line.includes('unexpected error'))).toEqual([]);
  });

  it('is in the phone\'s top bar, and shows a member only what the server lets them see: no candidate of a loop they are not on', async () => {
    const admin = newPerson('search-hiring');
    const { page: adminPage, orgId } = await signedUpPage(stack, admin);
    const { person: ceo } = await apiAs(adminPage.request, 'POST', `/orgs/${orgId}/people`, { name: 'Cleo Chief', email: admin.email, role: 'CEO', level: 10 });
    const { team } = await apiAs(adminPage.request, 'POST', `/orgs/${orgId}/teams`, { name: 'Robotics', isSingleThreaded: false });
    const { requisition } = await apiAs(adminPage.request, 'POST', `/orgs/${orgId}/hiring/requisitions`, { role: 'Engineer', level: 6, teamId: team.id, hiringManagerId: ceo.id });
    const { id: candidateId } = await apiAs(adminPage.request, 'POST', `/orgs/${orgId}/hiring/requisitions/${requisition.id}/candidates`, { name: 'Zelda Quarry', email: 'zelda.quarry@example.test' });

    // The admin (hiring staff) finds the candidate, and Enter opens them on their requisition.
    await adminPage.goto(`/o/${orgId}/home`);
    await adminPage.getByRole('heading', { level: 1, name: 'Home' }).waitFor();
    await adminPage.keyboard.press('Control+k');
    const adminDialog = adminPage.getByRole('dialog', { name: 'Search' });
    await adminDialog.waitFor();
    await adminPage.keyboard.type('zelda');
    const candidateOption = adminDialog.getByRole('group', { name: 'Candidates' }).getByRole('option', { name: /Zelda Quarry/ });
    await candidateOption.waitFor();
    expect(await candidateOption.getAttribute('aria-selected')).toBe('true');
    await adminPage.keyboard.press('Enter');
    await adminPage.waitForURL(`**/o/${orgId}/hiring/${requisition.id}?candidate=${candidateId}`);

    // A team has no page of its own: its result opens the teams list with its row marked.
    await adminPage.keyboard.press('Control+k');
    await adminDialog.waitFor();
    await adminDialog.getByRole('combobox').fill('robot');
    await adminDialog.getByRole('group', { name: 'Teams' }).getByRole('option', { name: /Robotics/ }).click();
    await adminPage.waitForURL(`**/o/${orgId}/teams?team=${team.id}`);
    const marked = adminPage.locator('tr.row--linked');
    await marked.waitFor();
    expect(await marked.locator('.team-name').textContent()).toBe('Robotics');

    // A member who is not on the loop, on a phone: the top bar's Search button opens the same dialog.
    const email = `mo-${Math.random().toString(36).slice(2, 7)}@example.test`;
    const invitation = await apiAs(adminPage.request, 'POST', `/orgs/${orgId}/invitations`, { email, role: 'member' });
    const context = await stack.browser.newContext({ baseURL: stack.server.baseUrl, viewport: { width: 390, height: 800 } });
    const member = await context.newPage();
    const joined = await member.request.post(`/api/v1/invitations/${new URL(invitation.url).pathname.split('/').pop()}/signup`, { data: { email, name: 'Mo Member', password: TEST_PASSWORD } });
    expect(joined.status()).toBe(201);
    await member.goto(`/o/${orgId}/home`);
    await member.getByRole('heading', { level: 1, name: 'Home' }).waitFor();
    await member.getByRole('banner').getByRole('button', { name: 'Search' }).click();
    const dialog = member.getByRole('dialog', { name: 'Search' });
    await dialog.waitFor();
    await member.keyboard.type('zelda');
    await dialog.getByRole('status').filter({ hasText: 'Nothing found for “zelda”' }).waitFor();
    expect(await dialog.getByRole('group', { name: 'Candidates' }).count()).toBe(0);
    // Nothing in the dialog is wider than the phone's screen.
    expect(await dialog.evaluate((element) => element.getBoundingClientRect().right <= window.innerWidth)).toBe(true);
    await expectNoSeriousAxeViolations(member, 'search dialog on a phone');

    // The results page says the same.
    await member.goto(`/o/${orgId}/search?q=zelda&kind=candidate`);
    await member.getByRole('main').getByRole('heading', { name: 'Nothing found for “zelda”' }).waitFor();
    expect(await member.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    // And down to 320 pixels, page and dialog alike.
    await member.setViewportSize({ width: 320, height: 700 });
    expect(await member.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await member.getByRole('banner').getByRole('button', { name: 'Search' }).click();
    await dialog.waitFor();
    await member.keyboard.type('zel');
    await dialog.getByRole('status').filter({ hasText: 'Nothing found for “zel”' }).waitFor();
    expect(await dialog.evaluate((element) => element.getBoundingClientRect().left >= 0 && element.getBoundingClientRect().right <= window.innerWidth)).toBe(true);
  });
});
