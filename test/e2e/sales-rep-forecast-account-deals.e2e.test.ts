import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { apiHeaders, expectNoSeriousAxeViolations, newPerson, signedUpPage, useBrowserStack } from '../support/browser.js';

const stack = useBrowserStack();

const todayText = new Date().toISOString().slice(0, 10);

/** Two sellers, each with one deal in discovery expected today: Sam's 100,000 at Harbor Foods, Ada's 50,000 at Acme Logistics. */
async function seedDeals(page: Page, orgId: string): Promise<void> {
  const headers = await apiHeaders(page);
  for (const [seller, email, accountName, name, amount] of [['Sam Okafor', 'sam@example.test', 'Harbor Foods', 'Same-day fulfilment', 100_000], ['Ada Lovelace', 'ada@example.test', 'Acme Logistics', 'Route planning', 50_000]] as const) {
    const person = await page.request.post(`/api/v1/orgs/${orgId}/people`, { data: { name: seller, email, role: 'Account executive', level: 5 }, headers });
    expect(person.status(), await person.text()).toBe(201);
    const created = await page.request.post(`/api/v1/orgs/${orgId}/opportunities`, { data: { accountName, name, amount, closeDate: todayText, ownerPersonId: (await person.json()).person.id }, headers });
    expect(created.status(), await created.text()).toBe(201);
  }
}

async function forecastCell(page: Page, period: string, column: string): Promise<string> {
  const row = page.getByRole('region', { name: 'Forecast' }).locator('tbody tr', { hasText: period });
  return ((await row.locator(`td[data-label="${column}"]`).textContent()) ?? '').trim();
}

describe('a rep\'s forecast and an account\'s deals', () => {
  it('narrows the forecast to the owner filter and says whose it is; the accounts view weights each account\'s open deals and links to its deals', async () => {
    const { page, orgId } = await signedUpPage(stack, newPerson('rep-forecast'));
    await seedDeals(page, orgId);

    await page.goto(`/o/${orgId}/sales`);
    await page.getByRole('heading', { name: '2 opportunities' }).waitFor();
    expect(await page.locator('#forecast-heading').textContent()).toBe('Forecast');
    expect(await forecastCell(page, 'This month', 'Weighted')).toBe('15,000');

    // The owner filter narrows the forecast too: Sam's month is his deal alone, at discovery's 10%.
    await page.locator('select[name="filter-owner"]').selectOption({ label: 'Sam Okafor — Account executive' });
    await expect.poll(async () => page.locator('#forecast-heading').textContent()).toBe('Forecast for Sam Okafor');
    await expect.poll(() => forecastCell(page, 'This month', 'Weighted')).toBe('10,000');
    expect(await forecastCell(page, 'This month', 'Best case')).toBe('100,000');
    // Kept in the address: a reload reads Sam's forecast again.
    await page.reload();
    await expect.poll(async () => page.locator('#forecast-heading').textContent()).toBe('Forecast for Sam Okafor');
    expect(await forecastCell(page, 'This month', 'Weighted')).toBe('10,000');

    // The accounts view: each account's weighted open amount, and its deal count a link to its deals.
    await page.goto(`/o/${orgId}/sales/accounts`);
    await expect.poll(async () => (await page.getByRole('row', { name: /Harbor Foods/ }).textContent()) ?? '').toContain('1 · 100,000 · weighted 10,000');
    expect(await page.getByRole('row', { name: /Acme Logistics/ }).textContent()).toContain('1 · 50,000 · weighted 5,000');
    await expectNoSeriousAxeViolations(page, 'the accounts with their weighted open amounts');
    await page.getByRole('link', { name: '1 open deal of Harbor Foods: see its deals' }).click();
    await page.getByRole('heading', { name: '1 opportunity matches the filters' }).waitFor();
    expect(new URL(page.url()).searchParams.get('account')).not.toBeNull();
    expect(await page.locator('.sales-list tbody').textContent()).toContain('Same-day fulfilment');
    expect(await page.locator('.sales-list tbody').textContent()).not.toContain('Route planning');
    expect(await page.locator('.sales-account-filter').textContent()).toContain('Account: Harbor Foods');
    // The team's forecast: the account filter narrows the list, not the forecast.
    expect(await page.locator('#forecast-heading').textContent()).toBe('Forecast');
    await page.getByRole('button', { name: 'Every account' }).click();
    await page.getByRole('heading', { name: '2 opportunities' }).waitFor();
  });
});
