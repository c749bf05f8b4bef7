import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { apiHeaders, expectNoSeriousAxeViolations, newContext, newPerson, signedUpPage, useBrowserStack } from '../support/browser.js';

const stack = useBrowserStack();

const todayText = new Date().toISOString().slice(0, 10);

/** A seller and two deals in discovery: 100,000 expected today, and 50,000 with no close date. */
async function seedDeals(page: Page, orgId: string): Promise<void> {
  const headers = await apiHeaders(page);
  const person = await page.request.post(`/api/v1/orgs/${orgId}/people`, { data: { name: 'Sam Okafor', email: 'sam@example.test', role: 'Account executive', level: 5 }, headers });
  expect(person.status(), await person.text()).toBe(201);
  const ownerPersonId = (await person.json()).person.id;
  for (const deal of [{ accountName: 'Harbor Foods', name: 'Same-day fulfilment', amount: 100_000, closeDate: todayText }, { accountName: 'Acme Logistics', name: 'Route planning', amount: 50_000, closeDate: null }]) {
    const created = await page.request.post(`/api/v1/orgs/${orgId}/opportunities`, { data: { ...deal, ownerPersonId }, headers });
    expect(created.status(), await created.text()).toBe(201);
  }
}

/** The forecast's cell for a period ("This month") and a column ("Weighted"). */
async function forecastCell(page: Page, period: string, column: string): Promise<string> {
  const row = page.getByRole('region', { name: 'Forecast' }).locator('tbody tr', { hasText: period });
  return ((await row.locator(`td[data-label="${column}"]`).textContent()) ?? '').trim();
}

async function weightedCells(page: Page): Promise<string[]> {
  return (await page.locator('.sales-list tbody td[data-label="Weighted"]').allTextContents()).map((text) => text.trim());
}

describe('the forecast and the stage probabilities', () => {
  it('weights each open deal and the pipeline, forecasts the month, lets an admin change a probability (a bad one named under its field), says an account\'s unpriced deal apart, and passes axe', async () => {
    const { page, orgId } = await signedUpPage(stack, newPerson('sales-forecast'));
    await seedDeals(page, orgId);

    await page.goto(`/o/${orgId}/sales`);
    await page.getByRole('heading', { name: '2 opportunities' }).waitFor();
    // Pulse's defaults: discovery at 10%.
    await expect.poll(() => weightedCells(page)).toEqual(['5,000', '10,000']);
    const totals = page.getByRole('region', { name: 'Totals of the deals shown' });
    expect(await totals.textContent()).toContain('Weighted pipeline15,000');
    expect(await forecastCell(page, 'This month', 'Committed')).toBe('0');
    expect(await forecastCell(page, 'This month', 'Weighted')).toBe('10,000');
    expect(await forecastCell(page, 'This month', 'Best case')).toBe('100,000');
    expect(await page.getByRole('region', { name: 'Forecast' }).textContent()).toContain('1 open deal has no close date, so no forecast counts it.');
    await expectNoSeriousAxeViolations(page, 'the pipeline with its forecast');

    // An admin changes discovery; out of range, the refusal is named under the field and nothing changes.
    await page.getByRole('button', { name: 'Change probabilities' }).click();
    const form = page.getByRole('form', { name: 'Stage probabilities' });
    const discovery = form.getByLabel('Discovery (%)');
    await discovery.fill('150');
    await form.getByRole('button', { name: 'Save probabilities' }).click();
    await expect.poll(async () => (await form.textContent()) ?? '').toMatch(/whole percent from 0 to 100, not 150/);
    expect(await discovery.getAttribute('aria-invalid')).toBe('true');
    expect(await weightedCells(page)).toEqual(['5,000', '10,000']);

    // What a number field would have turned into a blank is sent as typed: named under the field, and kept there.
    expect(await discovery.evaluate((input) => (input as HTMLInputElement).type)).toBe('text');
    await discovery.fill('2o');
    await form.getByRole('button', { name: 'Save probabilities' }).click();
    await expect.poll(async () => (await form.textContent()) ?? '').toMatch(/Must be a number/);
    expect(await discovery.getAttribute('aria-invalid')).toBe('true');
    expect(await discovery.inputValue()).toBe('2o');
    expect(await form.getByLabel('Solution (%)').getAttribute('aria-invalid')).not.toBe('true');
    expect(await weightedCells(page)).toEqual(['5,000', '10,000']);

    // Written with its percent sign, as people write it.
    await discovery.fill('25%');
    await form.getByRole('button', { name: 'Save probabilities' }).click();
    await expect.poll(() => weightedCells(page)).toEqual(['12,500', '25,000']);
    expect(await totals.textContent()).toContain('Weighted pipeline37,500');
    expect(await forecastCell(page, 'This month', 'Weighted')).toBe('25,000');
    expect(await page.getByRole('region', { name: 'Forecast' }).textContent()).toContain('Discovery 25% · Solution 30% · Proposal 60% · Won 100% · Lost 0%');

    // Kept: a reload reads the org's own probabilities.
    await page.reload();
    await expect.poll(() => weightedCells(page)).toEqual(['12,500', '25,000']);
    // The deal's own page says what it is worth at its stage's probability.
    await page.getByRole('link', { name: 'Same-day fulfilment' }).click();
    const deal = page.getByRole('region', { name: 'The deal' });
    await expect.poll(async () => (await deal.textContent()) ?? '').toContain('Weighted25,000 at the discovery stage\'s probability');

    // The accounts view says an unpriced open deal apart, so the account's open amount never hides it.
    const unpriced = await page.request.post(`/api/v1/orgs/${orgId}/opportunities`, { data: { accountName: 'Harbor Foods', name: 'Night shift', ownerPersonId: (await (await page.request.get(`/api/v1/orgs/${orgId}/people`)).json()).people[0].id, amount: null }, headers: await apiHeaders(page) });
    expect(unpriced.status(), await unpriced.text()).toBe(201);
    await page.goto(`/o/${orgId}/sales/accounts`);
    await expect.poll(async () => (await page.getByRole('row', { name: /Harbor Foods/ }).textContent()) ?? '').toContain('2 · 100,000 (1 with no amount)');

    // A member reads them, and is offered no change.
    const headers = await apiHeaders(page);
    const member = newPerson('sales-forecast-member');
    const invitation = await page.request.post(`/api/v1/orgs/${orgId}/invitations`, { data: { email: member.email, role: 'member' }, headers });
    expect(invitation.status(), await invitation.text()).toBe(201);
    const memberPage = await (await newContext(stack.browser, stack.server)).newPage();
    const token = new URL((await invitation.json()).url).pathname.split('/').pop();
    expect((await memberPage.request.post(`/api/v1/invitations/${token}/signup`, { data: { email: member.email, name: member.name, password: member.password } })).status()).toBe(201);
    await memberPage.goto(`/o/${orgId}/sales`);
    const memberForecast = memberPage.getByRole('region', { name: 'Forecast' });
    await expect.poll(async () => (await memberForecast.textContent()) ?? '').toContain('Discovery 25%');
    expect(await memberForecast.textContent()).toContain('(set by admins)');
    expect(await memberPage.getByRole('button', { name: 'Change probabilities' }).count()).toBe(0);
  });
});

describe('stage probabilities changed by another admin meanwhile', () => {
  it('refuses the stale save naming what they set, keeps what was typed over theirs for the stages left alone, and saves both when asked', async () => {
    const { page, orgId } = await signedUpPage(stack, newPerson('sales-probabilities-stale'));
    await seedDeals(page, orgId);
    await page.goto(`/o/${orgId}/sales`);
    await page.getByRole('heading', { name: '2 opportunities' }).waitFor();
    await page.getByRole('button', { name: 'Change probabilities' }).click();
    const form = page.getByRole('form', { name: 'Stage probabilities' });
    await form.getByLabel('Discovery (%)').fill('25');

    // Another sales leader sets theirs while this form is open.
    const path = `/api/v1/orgs/${orgId}/stage-probabilities`;
    const read = (await (await page.request.get(path)).json()).stageProbabilities;
    const theirs = await page.request.put(path, { data: { discovery: 20, solution: 40, proposal: 70, baseToken: read.editToken }, headers: await apiHeaders(page) });
    expect(theirs.status(), await theirs.text()).toBe(200);

    await form.getByRole('button', { name: 'Save probabilities' }).click();
    await form.getByRole('alert').filter({ hasText: 'Someone changed the stage probabilities after you opened them: they are now Discovery 20% · Solution 40% · Proposal 70%.' }).waitFor();
    expect(await form.getByLabel('Discovery (%)').inputValue()).toBe('25');
    expect(await form.getByLabel('Solution (%)').inputValue()).toBe('40');
    expect(await form.getByLabel('Proposal (%)').inputValue()).toBe('70');
    expect((await (await page.request.get(path)).json()).stageProbabilities.probabilities).toMatchObject({ discovery: 20, solution: 40, proposal: 70 });

    // Saved again, over theirs now read: this admin's discovery, and the other admin's stages kept.
    await form.getByRole('button', { name: 'Save probabilities' }).click();
    await expect.poll(async () => (await page.getByRole('region', { name: 'Forecast' }).textContent()) ?? '').toContain('Discovery 25% · Solution 40% · Proposal 70%');
    expect((await (await page.request.get(path)).json()).stageProbabilities.probabilities).toMatchObject({ discovery: 25, solution: 40, proposal: 70 });
  });
});
