import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { apiHeaders, expectNoSeriousAxeViolations, newPerson, signedUpPage, useBrowserStack } from '../support/browser.js';

const stack = useBrowserStack();

/** Sets up people and an initiative through the API, with the signed-in page's session and CSRF token. */
async function seedOrg(page: Page, orgId: string, adminEmail: string): Promise<void> {
  const headers = await apiHeaders(page);
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
    const admin = newPerson('metrics');
    const { page, orgId } = await signedUpPage(stack, admin);
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

  it('survives a bad link, keeps a target it cannot read with the reason under the field, offers no killed initiative, shows a refused delete and keeps the caret after one', async () => {
    const admin = newPerson('metrics-edge');
    const { page, orgId } = await signedUpPage(stack, admin);
    await seedOrg(page, orgId, admin.email);
    const headers = await apiHeaders(page);
    const api = async (path: string, data: Record<string, unknown>) => {
      const response = await page.request.post(`/api/v1/orgs/${orgId}${path}`, { data, headers });
      expect(response.ok(), `${path}: ${await response.text()}`).toBe(true);
      return response.json();
    };
    const { initiatives } = await (await page.request.get(`/api/v1/orgs/${orgId}/initiatives`)).json();
    const gripper = initiatives[0].id as string;
    const sam = (await (await page.request.get(`/api/v1/orgs/${orgId}/people`)).json()).people.find((person: { name: string }) => person.name === 'Sam Okafor').id as string;
    await api('/metrics', { name: 'Gripper uptime', definition: 'Hours the gripper stations could pick, over all staffed hours in the week.', kind: 'input', ownerPersonId: sam, initiativeId: gripper });
    await api('/initiatives', { name: 'Night-time deliveries', stlPersonId: null });
    expect((await api(`/pipeline/initiatives/${gripper}/moves`, { to: 'killed', reason: 'The supplier stopped making the gripper.' })).stage).toBe('killed');

    // A link with filters the server would refuse still opens the catalog, unfiltered, with its filters to use.
    await page.goto(`/o/${orgId}/metrics?kind=kpi&ownerPersonId=not-an-id`);
    const catalog = page.getByRole('table');
    const uptime = catalog.getByRole('row').filter({ hasText: 'Gripper uptime' });
    await uptime.waitFor();
    expect(await page.getByLabel('Which kind').inputValue()).toBe('');
    // The metric's initiative was killed: the catalog says so, so someone links another.
    expect(await uptime.textContent()).toContain('Killed: link another or none');

    // A new metric cannot be linked to the killed initiative: the form does not offer it.
    const form = page.getByRole('form', { name: 'Add a metric' });
    expect(await form.getByLabel('Initiative').locator('option').allTextContents()).toEqual(['None', 'Night-time deliveries']);

    // A target the page cannot read as a number is not dropped: the server's reason sits under the field, and nothing is saved.
    await form.getByLabel('Name').fill('Pick success rate');
    await form.getByLabel('Definition').fill('Picks completed on the first grasp, divided by all pick attempts in the week.');
    await form.getByLabel('Good direction').selectOption('up');
    await form.getByLabel('Target').fill('99,5');
    await form.getByRole('button', { name: 'Add metric' }).click();
    const target = form.getByRole('textbox', { name: 'Target' });
    await expect.poll(() => target.getAttribute('aria-invalid')).toBe('true');
    expect(await form.locator('.field--invalid .field__error').textContent()).toMatch(/^Must be a number, such as 99.5/);
    expect(await target.evaluate((element) => element === document.activeElement)).toBe(true);
    expect(await catalog.getByRole('row').filter({ hasText: 'Pick success rate' }).count()).toBe(0);
    await target.fill('99.5');
    await form.getByRole('button', { name: 'Add metric' }).click();
    await catalog.getByRole('cell', { name: '99.5' }).waitFor();

    // Editing the metric still shows its killed initiative, marked, and saves another change without touching the link.
    await page.getByRole('button', { name: 'Edit Gripper uptime' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit “Gripper uptime”' });
    const initiative = dialog.getByLabel('Initiative');
    expect(await initiative.locator('option').allTextContents()).toEqual(['None', 'Adaptive gripper (killed)', 'Night-time deliveries']);
    expect(await initiative.inputValue()).toBe(gripper);
    await dialog.getByLabel('Unit').fill('%');
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await uptime.getByRole('cell', { name: '%', exact: true }).waitFor();

    // A refused delete says why where the person is looking: at the bottom of the dialog, not below its fold.
    const courier = await api('/initiatives', { name: 'Same-day courier', stage: 'launched', stlPersonId: sam });
    await api('/metrics', { name: 'Same-day orders on time', definition: 'Orders delivered the day they were placed, over all same-day orders in the week.', kind: 'input', controllable: true, ownerPersonId: sam, initiativeId: courier.initiative.id });
    await page.reload();
    await page.getByRole('button', { name: 'Edit Same-day orders on time' }).click();
    const courierDialog = page.getByRole('dialog', { name: 'Edit “Same-day orders on time”' });
    await courierDialog.getByRole('button', { name: 'Delete metric' }).click();
    const confirmCourier = page.getByRole('dialog', { name: 'Delete “Same-day orders on time”?' });
    await confirmCourier.getByRole('button', { name: 'Delete metric' }).click();
    const refusal = confirmCourier.getByRole('alert');
    await refusal.waitFor();
    expect(await refusal.textContent()).toMatch(/Same-day courier/);
    await expect.poll(() => refusal.evaluate((element) => element.getBoundingClientRect().bottom <= element.closest('dialog')!.getBoundingClientRect().bottom)).toBe(true);
    // Escape closes the confirmation only; a second one closes the edit dialog.
    await page.keyboard.press('Escape');
    await confirmCourier.waitFor({ state: 'hidden' });
    await page.keyboard.press('Escape');
    await courierDialog.waitFor({ state: 'hidden' });

    // Deleting with the keyboard leaves the caret on the catalog's count, not lost at the top of the page.
    await page.getByRole('button', { name: 'Edit Pick success rate' }).focus();
    await page.keyboard.press('Enter');
    const pickDialog = page.getByRole('dialog', { name: 'Edit “Pick success rate”' });
    await pickDialog.getByRole('button', { name: 'Delete metric' }).focus();
    await page.keyboard.press('Enter');
    // The confirmation starts on Keep it: Tab reaches the action.
    const confirmPick = page.getByRole('dialog', { name: 'Delete “Pick success rate”?' });
    await confirmPick.waitFor();
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Keep it');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await pickDialog.waitFor({ state: 'hidden' });
    await page.getByRole('heading', { name: '2 metrics' }).waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('catalog-heading');
    expect(stack.server.logs.filter((line) => line.includes('unexpected error'))).toEqual([]);
  });

  it('keeps what was typed in the edit dialog when a colleague saved the metric meanwhile, and saves it over their version', async () => {
    const admin = newPerson('metrics-stale');
    const { page, orgId } = await signedUpPage(stack, admin);
    await seedOrg(page, orgId, admin.email);
    const headers = await apiHeaders(page);
    const sam = (await (await page.request.get(`/api/v1/orgs/${orgId}/people`)).json()).people.find((person: { name: string }) => person.name === 'Sam Okafor').id as string;
    const created = await page.request.post(`/api/v1/orgs/${orgId}/metrics`, { data: { name: 'Pick rate', definition: 'Picks per station hour.', kind: 'input', controllable: true, ownerPersonId: sam, goodDirection: 'up', target: 90 }, headers });
    const metricId = (await created.json()).metric.id as string;
    await page.goto(`/o/${orgId}/metrics`);
    await page.getByRole('button', { name: 'Edit Pick rate' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit “Pick rate”' });
    // While the dialog is open, a colleague raises the target.
    expect((await page.request.patch(`/api/v1/orgs/${orgId}/metrics/${metricId}`, { data: { target: 95 }, headers })).ok()).toBe(true);
    await dialog.getByLabel('Definition').fill('Successful picks per staffed station hour, over the week.');
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    await dialog.getByRole('alert').filter({ hasText: /^Someone saved this metric while you were editing it\./ }).waitFor();
    expect(await dialog.getByLabel('Definition').inputValue()).toBe('Successful picks per staffed station hour, over the week.');
    expect(await dialog.getByLabel('Target').inputValue()).toBe('95');
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const { metric } = await (await page.request.get(`/api/v1/orgs/${orgId}/metrics/${metricId}`)).json();
    expect(metric).toMatchObject({ definition: 'Successful picks per staffed station hour, over the week.', target: 95 });
  });
});
