import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { parseCsvRecords } from '../../src/domain/people/people-csv.js';
import { callApi, expectNoSeriousAxeViolations, newPerson, signedUpPage, useBrowserStack } from '../support/browser.js';

const stack = useBrowserStack();

/** A write through the API as the signed-in page, as the web app makes it; its answer. */
const send = (page: Page, method: 'POST' | 'DELETE', path: string, body?: unknown): Promise<Record<string, any>> => callApi(page.request, method, path, body);

const post = (page: Page, path: string, body: unknown) => send(page, 'POST', path, body);

describe('searching the audit log in the browser', () => {
  it('filters by action, keeps the filter in the address through a reload, downloads what it shows, and clears', async () => {
    const { page, orgId } = await signedUpPage(stack, newPerson('auditor'));
    await post(page, `/orgs/${orgId}/principles`, { title: 'Audit Trail', summary: 'Every change is written down.' });
    await post(page, `/orgs/${orgId}/principles`, { title: 'Look It Up', summary: 'Find what happened.' });
    await post(page, `/orgs/${orgId}/invitations`, { email: 'invited@example.test', role: 'member' });

    await page.goto(`/o/${orgId}/audit`);
    const entries = page.locator('.audit-entry');
    await page.getByText('invited invited@example.test as member').waitFor();
    expect(await entries.count()).toBe(4);

    await page.getByRole('combobox', { name: 'Action' }).selectOption({ label: 'Added a principle' });
    await page.waitForURL((url) => url.searchParams.get('action') === 'principle.created');
    await page.waitForFunction(() => document.querySelectorAll('.audit-entry').length === 2);
    expect((await entries.allTextContents()).map((text) => text.replace(/\d{1,2}:\d{2} [AP]M$/, '').trim()).sort()).toEqual([expect.stringMatching(/added the principle “Audit Trail”/), expect.stringMatching(/added the principle “Look It Up”/)]);
    await page.getByText('These are all the events that match the filters.').waitFor();
    await expectNoSeriousAxeViolations(page, 'audit log filtered');

    // A reload (or the link sent to someone) shows the same filtered view.
    await page.reload();
    await page.getByText('added the principle “Look It Up”').waitFor();
    expect(await page.getByRole('combobox', { name: 'Action' }).inputValue()).toBe('principle.created');
    expect(await entries.count()).toBe(2);

    // Download CSV carries the filters: the file holds the same two events.
    const href = await page.getByRole('link', { name: 'Download CSV' }).getAttribute('href');
    const exportUrl = new URL(href!, stack.server.baseUrl);
    expect(exportUrl.pathname).toBe(`/api/v1/orgs/${orgId}/audit-events/export`);
    expect(exportUrl.searchParams.get('action')).toBe('principle.created');
    const download = await page.request.get(exportUrl.toString());
    expect(download.headers()['content-type']).toBe('text/csv; charset=utf-8');
    const rows = parseCsvRecords(await download.text()).map((record) => record.fields);
    expect(rows.slice(1).map((row) => [row[4], JSON.parse(row[7]!).title])).toEqual([['principle.created', 'Look It Up'], ['principle.created', 'Audit Trail']]);

    // A period with nothing in it says so, and Clear filters brings the whole log back with a clean address.
    const tomorrow = new Date(Date.now() + 24 * 60 * 60 * 1000);
    const day = `${tomorrow.getFullYear()}-${String(tomorrow.getMonth() + 1).padStart(2, '0')}-${String(tomorrow.getDate()).padStart(2, '0')}`;
    await page.getByLabel('From').fill(day);
    await page.getByRole('region', { name: 'No events match the filters' }).waitFor();
    expect(new URL(page.url()).searchParams.get('from')).toBe(day);
    await page.getByRole('region', { name: 'No events match the filters' }).getByRole('button', { name: 'Clear filters' }).click();
    await page.waitForURL((url) => url.pathname === `/o/${orgId}/audit` && url.search === '');
    await page.waitForFunction(() => document.querySelectorAll('.audit-entry').length === 4);
    expect(await page.getByRole('combobox', { name: 'Action' }).inputValue()).toBe('');
  });

  it('finds what a former member did: the Who filter lists everyone who acted, marking who has left', async () => {
    const admin = newPerson('keeper');
    const { page, orgId } = await signedUpPage(stack, admin);
    // Someone joins, which the log records as theirs, and is then removed from the org.
    const leaver = newPerson('leaver');
    const invitation = await post(page, `/orgs/${orgId}/invitations`, { email: leaver.email, role: 'member' });
    const joined = await fetch(`${stack.server.baseUrl}/api/v1/invitations/${new URL(invitation.url).pathname.split('/').pop()}/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: leaver.email, name: leaver.name, password: leaver.password }),
    });
    expect(joined.status).toBe(201);
    const leaverId = (await joined.json()).user.id as string;
    await send(page, 'DELETE', `/orgs/${orgId}/members/${leaverId}`);

    await page.goto(`/o/${orgId}/audit`);
    await page.getByText(`removed ${leaver.name} from the org`).waitFor();
    const who = page.getByRole('combobox', { name: 'Who' });
    await who.locator('option', { hasText: 'former member' }).waitFor({ state: 'attached' });
    expect(await who.locator('option').allTextContents()).toEqual(['Anyone', admin.name, `${leaver.name} (former member)`]);

    await who.selectOption({ label: `${leaver.name} (former member)` });
    await page.waitForURL((url) => url.searchParams.get('actor') === leaverId);
    await page.waitForFunction(() => document.querySelectorAll('.audit-entry').length === 1);
    expect(await page.locator('.audit-entry').first().textContent()).toMatch(new RegExp(`^${leaver.name} joined the org as member`));
    await page.getByText('These are all the events that match the filters.').waitFor();
    await expectNoSeriousAxeViolations(page, 'audit log filtered by a former member');

    // The address keeps the choice: a reload shows the same person, still named.
    await page.reload();
    await page.waitForFunction(() => document.querySelectorAll('.audit-entry').length === 1);
    await who.locator('option', { hasText: 'former member' }).waitFor({ state: 'attached' });
    expect(await who.inputValue()).toBe(leaverId);
  });
});
