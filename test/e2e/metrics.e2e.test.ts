import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectNoSeriousAxeViolations, newContext, newPerson, orgIdOf, signUpInBrowser, useBrowserStack } from '../support/browser.js';

const stack = useBrowserStack();

/** Sets up people and an initiative through the API, with the signed-in page's session and CSRF token. */
async function seedOrg(page: Page, orgId: string, adminEmail: string): Promise<void> {
  const session = await (await page.request.get('/api/v1/auth/session')).json();
  const headers = { 'x-csrf-token': session.csrfToken as string };
  const post = async (path: string, data: Record<string, unknown>) => {
    const response = await page.request.post(`/api/v1/orgs/${orgId}${path}`, { data, headers });
    expect(response.status(), `${path}: ${await response.text()}`).toBe(201);
    return response.json();
  };
  // The admin's own person record (linked to the login by email), so the catalog offers them as owner first.
  await post('/people', { name: 'Dana Admin', email: adminEmail, role: 'CEO', level: 10 });
  const sam = await post('/people', { name: 'Sam Okafor', email: 'sam@example.test', role: 'Engineer', level: 5 });
  await post('/initiatives', { name: 'Adaptive gripper', stlPersonId: sam.person.id });
}

describe('the metric catalog page', () => {
  it('teaches on an empty catalog, shows the server\'s field error, adds, filters and edits metrics with the keyboard, and passes axe in both themes', async () => {
    const page = await (await newContext(stack.browser, stack.server)).newPage();
    const admin = newPerson('metrics');
    await signUpInBrowser(page, admin);
    const orgId = orgIdOf(page);
    await seedOrg(page, orgId, admin.email);

    // The navigation leads to the catalog; an empty one explains inputs, outputs and controllable metrics.
    await page.getByRole('link', { name: 'Metrics' }).click();
    await page.getByRole('heading', { level: 1, name: 'Metrics' }).waitFor();
    const empty = page.getByRole('region', { name: 'No metrics yet' });
    await empty.waitFor();
    expect(await empty.textContent()).toMatch(/controllable/);
    await expectNoSeriousAxeViolations(page, 'empty metric catalog');

    const form = page.getByRole('form', { name: 'Add a metric' });
    await form.getByLabel('Name').fill('Orders shipped');
    await form.getByLabel('Definition').fill('Orders that left a warehouse during the week, counted by ship date.');
    await form.getByLabel('Kind').selectOption('output');
    await form.getByLabel('Controllable').selectOption('yes');
    await form.getByLabel('Unit').fill('orders');
    await form.getByLabel('Good direction').selectOption('up');
    await form.getByRole('button', { name: 'Add metric' }).click();

    // An output cannot be controllable: the server refuses, and its reason sits under the field, which gets the caret.
    const controllable = form.getByRole('combobox', { name: 'Controllable' });
    await expect.poll(() => controllable.getAttribute('aria-invalid')).toBe('true');
    expect(await form.locator('.field--invalid .field__error').textContent()).toMatch(/outputs cannot be controllable/);
    expect(await controllable.evaluate((element) => element === document.activeElement)).toBe(true);
    await expectNoSeriousAxeViolations(page, 'metric form with a field error');

    await controllable.selectOption('no');
    await form.getByRole('button', { name: 'Add metric' }).click();
    const catalog = page.getByRole('table');
    const shipped = catalog.getByRole('row').filter({ hasText: 'Orders shipped' });
    await shipped.waitFor();
    expect(await shipped.getByRole('cell').allTextContents()).toEqual(expect.arrayContaining(['Output', 'No', 'Dana Admin', 'orders', '↑ Up', '—']));

    await form.getByLabel('Name').fill('Pick success rate');
    await form.getByLabel('Definition').fill('Picks completed on the first grasp, divided by all pick attempts in the week.');
    await form.getByLabel('Kind').selectOption('input');
    await form.getByLabel('Controllable').selectOption('yes');
    await form.getByLabel('Owner').selectOption({ label: 'Sam Okafor — Engineer' });
    await form.getByLabel('Unit').fill('%');
    await form.getByLabel('Good direction').selectOption('up');
    await form.getByLabel('Target').fill('99.5');
    await form.getByLabel('Initiative').selectOption({ label: 'Adaptive gripper' });
    await form.getByRole('button', { name: 'Add metric' }).click();
    const pick = catalog.getByRole('row').filter({ hasText: 'Pick success rate' });
    await pick.waitFor();
    expect(await pick.getByRole('cell').allTextContents()).toEqual(expect.arrayContaining(['Input', 'Yes', 'Sam Okafor', '99.5%', 'Adaptive gripper']));
    await page.getByRole('heading', { name: '2 metrics' }).waitFor();
    // All nine columns fit a laptop screen: nothing is cut off at the right edge.
    expect(await catalog.evaluate((table) => table.getBoundingClientRect().right <= (table.closest('main') ?? document.body).getBoundingClientRect().right)).toBe(true);

    // Filters ask the server: inputs only.
    await page.getByLabel('Which kind').selectOption('input');
    await page.getByRole('heading', { name: '1 metric matches the filters' }).waitFor();
    expect(await catalog.getByRole('row').filter({ hasText: 'Orders shipped' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.getByRole('heading', { name: '2 metrics' }).waitFor();

    // Keyboard alone: focus Edit, open the dialog with Enter, change the target, save with Enter.
    await page.getByRole('button', { name: 'Edit Pick success rate' }).focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Edit “Pick success rate”' });
    await dialog.waitFor();
    await dialog.getByLabel('Target').focus();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('99.8');
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'hidden' });
    await catalog.getByRole('cell', { name: '99.8%' }).waitFor();

    await page.emulateMedia({ colorScheme: 'dark' });
    // Buttons fade to the new theme's colours: audit the page once the transitions have ended, not midway.
    await page.evaluate(() => Promise.all(document.getAnimations().map((animation) => animation.finished)));
    await expectNoSeriousAxeViolations(page, 'metric catalog (dark)');
    expect(stack.server.logs.filter((line) => line.includes('unexpected error'))).toEqual([]);
  });
});
