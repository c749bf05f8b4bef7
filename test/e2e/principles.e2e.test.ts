import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { newContext, newPerson, orgIdOf, signUpInBrowser, useBrowserStack } from '../support/browser.js';

const stack = useBrowserStack();

async function signedUpAdmin(): Promise<{ page: Page; name: string }> {
  const context = await newContext(stack.browser, stack.server);
  const page = await context.newPage();
  const admin = newPerson('admin');
  await signUpInBrowser(page, admin);
  await page.getByRole('navigation', { name: 'Org' }).getByRole('link', { name: 'Principles' }).click();
  await page.getByRole('heading', { level: 1, name: 'Leadership principles' }).waitFor();
  return { page, name: admin.name };
}

const activeTitles = (page: Page) => page.getByRole('list', { name: 'Active principles' }).getByRole('heading', { level: 2 }).allTextContents();

describe('leadership principles in the browser', () => {
  it('sign up → edit a principle → see the old version in its history → see the audit entry as admin', async () => {
    const { page, name } = await signedUpAdmin();
    const principles = page.getByRole('list', { name: 'Active principles' });
    await principles.getByRole('heading', { name: 'Deliver Results' }).waitFor();
    expect(await activeTitles(page)).toHaveLength(14);
    const firstItem = principles.getByRole('listitem').first();
    const originalSummary = await firstItem.locator('.principle__summary').textContent();
    expect(originalSummary).toContain('customers');

    await page.getByRole('button', { name: 'Edit Customer Obsession' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit principle' });
    const newSummary = 'Start from what customers need and work backwards; earn and keep their trust.';
    await dialog.getByLabel('What it means').fill(newSummary);
    await dialog.getByRole('button', { name: 'Save new wording' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await principles.getByText(newSummary).waitFor();

    await page.getByRole('link', { name: 'History of Customer Obsession' }).click();
    await page.getByRole('heading', { level: 1, name: 'Customer Obsession' }).waitFor();
    const versions = page.getByRole('list', { name: 'Versions, newest first' }).getByRole('listitem');
    expect(await versions.count()).toBe(2);
    expect(await versions.nth(0).getByRole('heading', { level: 2 }).textContent()).toBe('Version 2Current');
    expect(await versions.nth(0).textContent()).toContain(`Saved by ${name}`);
    expect(await versions.nth(1).locator('.version__wording').textContent()).toContain(originalSummary!);
    // The word diff marks what the edit took out and put in.
    expect((await versions.nth(0).locator('del').allTextContents()).join(' ')).toContain('Begin');
    expect((await versions.nth(0).locator('ins').allTextContents()).join(' ')).toContain('earn and keep their trust');

    await page.getByRole('navigation', { name: 'Org' }).getByRole('link', { name: 'Audit log' }).click();
    await page.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor();
    const entry = page.locator('.audit-entry').filter({ hasText: 'edited the principle' });
    expect(await entry.locator('.audit-entry__text').textContent()).toBe(`${name} edited the principle “Customer Obsession” (version 1 → 2) · see history`);
    await entry.getByRole('link', { name: 'see history' }).click();
    await page.getByRole('heading', { level: 1, name: 'Customer Obsession' }).waitFor();
  });

  it('adds a principle, moves it with the keyboard, retires it (still readable) and restores it', async () => {
    const { page } = await signedUpAdmin();
    await page.getByRole('button', { name: 'Add a principle' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add a principle' });
    await dialog.getByLabel('Title').fill('Write It Down');
    await dialog.getByLabel('What it means').fill('Decide on six pages of prose read in silence, not on slides.');
    await dialog.getByRole('button', { name: 'Add principle' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('heading', { name: 'Write It Down' }).waitFor();
    expect((await activeTitles(page)).at(-1)).toBe('Write It Down');

    const moveUp = page.getByRole('button', { name: 'Move Write It Down up' });
    await moveUp.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'moved to position 14 of 15' }).waitFor();
    expect((await activeTitles(page)).slice(-2)).toEqual(['Write It Down', 'Deliver Results']);
    // Focus stays on the button, so pressing again keeps moving the same principle.
    expect(await moveUp.evaluate((element) => element === document.activeElement)).toBe(true);
    await page.reload();
    await page.getByRole('heading', { name: 'Write It Down' }).waitFor();
    expect((await activeTitles(page)).slice(-2)).toEqual(['Write It Down', 'Deliver Results']);

    await page.getByRole('button', { name: 'Retire Write It Down' }).click();
    const retired = page.getByRole('region', { name: 'Retired principles' });
    await retired.getByRole('heading', { name: 'Write It Down' }).waitFor();
    expect(await retired.textContent()).toContain('six pages of prose');
    expect(await activeTitles(page)).not.toContain('Write It Down');

    await retired.getByRole('button', { name: 'Restore Write It Down' }).click();
    await retired.waitFor({ state: 'detached' });
    expect(await activeTitles(page)).toContain('Write It Down');
  });

  it('shows the newer wording when someone saved in between, and lets the person save again', async () => {
    const { page } = await signedUpAdmin();
    const orgId = orgIdOf(page);
    await page.getByRole('button', { name: 'Edit Ownership' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit principle' });
    await dialog.getByLabel('What it means').fill('My wording: act for the whole company.');

    // Meanwhile the same admin saves from another tab (the API with the same session).
    const session = await (await page.request.get('/api/v1/auth/session')).json();
    const principles = await (await page.request.get(`/api/v1/orgs/${orgId}/principles`)).json();
    const ownership = principles.principles.find((principle: { title: string }) => principle.title === 'Ownership');
    const otherSave = await page.request.patch(`/api/v1/orgs/${orgId}/principles/${ownership.id}`, {
      headers: { 'x-csrf-token': session.csrfToken },
      data: { title: 'Ownership', summary: 'Their wording: think in decades.', expectedVersion: 1 },
    });
    expect(otherSave.status()).toBe(200);

    await dialog.getByRole('button', { name: 'Save new wording' }).click();
    const conflict = dialog.getByRole('alert').filter({ hasText: 'Someone saved a newer wording' });
    await conflict.waitFor();
    expect(await conflict.textContent()).toContain('Their wording: think in decades.');
    await conflict.getByRole('button', { name: 'Keep my wording, save over theirs' }).click();
    await dialog.getByRole('button', { name: 'Save new wording' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByText('My wording: act for the whole company.').waitFor();
    expect(await page.getByRole('link', { name: 'History of Ownership' }).textContent()).toBe('History of Ownership · 3 versions');
  });

  it('shows the server’s message next to the field it names', async () => {
    const { page } = await signedUpAdmin();
    await page.getByRole('button', { name: 'Edit Think Big' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit principle' });
    await dialog.getByLabel('Title').fill('');
    await dialog.getByRole('button', { name: 'Save new wording' }).click();
    const title = dialog.getByLabel('Title');
    await dialog.locator('.field__error').first().waitFor();
    expect(await title.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await title.getAttribute('aria-describedby'))!.split(' ');
    const errorText = await dialog.locator(`#${describedBy.at(-1)!.replace(/:/g, '\\:')}`).textContent();
    expect(errorText).toBe('Must not be empty');
  });

  it('pages back through a long audit log with “load older entries”', async () => {
    const { page, name } = await signedUpAdmin();
    const orgId = orgIdOf(page);
    const { csrfToken } = await (await page.request.get('/api/v1/auth/session')).json();
    const [first] = (await (await page.request.get(`/api/v1/orgs/${orgId}/principles`)).json()).principles;
    const editCount = 55;
    for (let version = 1; version <= editCount; version += 1) {
      const response = await page.request.patch(`/api/v1/orgs/${orgId}/principles/${first.id}`, {
        headers: { 'x-csrf-token': csrfToken },
        data: { title: first.title, summary: `Wording number ${version + 1}.`, expectedVersion: version },
      });
      expect(response.status()).toBe(200);
    }

    await page.goto(`/o/${orgId}/audit`);
    const entries = page.locator('.audit-entry');
    await entries.first().waitFor();
    expect(await entries.count()).toBe(50);
    expect(await entries.first().textContent()).toContain(`${name} edited the principle “Customer Obsession” (version 55 → 56)`);
    await page.getByRole('button', { name: 'Load older entries' }).click();
    await page.getByText('This is the beginning of the log.').waitFor();
    expect(await entries.count()).toBe(editCount + 1);
    expect(await entries.last().textContent()).toContain('created the org');
    expect(await page.getByRole('button', { name: 'Load older entries' }).count()).toBe(0);
  });
});
