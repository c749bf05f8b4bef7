import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { apiHeaders, expectNoSeriousAxeViolations, newPerson, signedUpPage, useBrowserStack } from '../support/browser.js';

/** The sales figures a leader reads: the what-if calculator's amounts, what a profit leaves out, the pipeline on a phone. */

const stack = useBrowserStack();

/** Buttons fade to the new theme's colours: audit once the transitions have ended, not midway. */
async function settle(page: Page): Promise<void> {
  await page.evaluate(() => Promise.allSettled(document.getAnimations().map((animation) => animation.finished)));
}

async function addSeller(page: Page, orgId: string, name: string): Promise<string> {
  const response = await page.request.post(`/api/v1/orgs/${orgId}/people`, { data: { name, email: `${name.toLowerCase().replace(/\s+/g, '.')}@example.test`, role: 'Account executive', level: 6 }, headers: await apiHeaders(page) });
  expect(response.status(), await response.text()).toBe(201);
  return (await response.json()).person.id as string;
}

async function openDeal(page: Page, orgId: string, deal: Record<string, unknown>): Promise<void> {
  const created = await page.request.post(`/api/v1/orgs/${orgId}/opportunities`, { data: deal, headers: await apiHeaders(page) });
  expect(created.status(), await created.text()).toBe(201);
}

describe('the what-if calculator', () => {
  it('reads amounts as the deal form does, refuses "100k" by its field instead of modelling 100, and shows the cents', async () => {
    const { page, orgId } = await signedUpPage(stack, newPerson('what-if'));
    await page.goto(`/o/${orgId}/sales/gross-profit`);
    const model = page.getByRole('form', { name: 'Model a deal' });
    const result = page.getByRole('region', { name: 'The modelled deal' });
    const listPrice = model.getByLabel('List price');

    // Typed as a seller types it: a number input kept "100" of "100k" and modelled a deal of 100.
    await listPrice.fill('100k');
    await model.getByText('"100k" is not a number: write it in figures, commas allowed, such as 100,000.').waitFor();
    expect(await listPrice.getAttribute('aria-invalid')).toBe('true');
    expect(await listPrice.inputValue()).toBe('100k');
    expect(await result.textContent()).toMatch(/Correct the field marked above/);
    expect(await result.textContent()).not.toMatch(/Revenue/);

    // Commas and a "%" read as the deal form reads them; every figure to the cent, none rounded.
    await listPrice.fill('100,000');
    await model.getByLabel('Discount (%)').fill('15%');
    await model.getByLabel('Delivery cost').fill('25,500.50');
    await expect.poll(async () => result.textContent()).toMatch(/Revenue85,000.*Delivery cost25,500\.50.*Gross profit59,499\.50/);
    expect(await listPrice.getAttribute('aria-invalid')).toBeNull();
    await model.getByLabel('Discount (%)').fill('');
    await model.getByLabel('Delivery cost').fill('');
    await listPrice.fill('25.5');
    await expect.poll(async () => result.textContent()).toMatch(/Revenue25\.50.*Gross profit25\.50/);

    await model.getByLabel('Commission (%)').fill('ten');
    await model.getByText('"ten" is not a number: write it in figures, such as 15 or 15%.').waitFor();
    await settle(page);
    await expectNoSeriousAxeViolations(page, 'the calculator refusing a percent it cannot read');
  });
});

describe('what a gross profit leaves out', () => {
  it('says a deal with no amount has no amount, not an unknown cost', async () => {
    const { page, orgId } = await signedUpPage(stack, newPerson('unknown-amount'));
    const dana = await addSeller(page, orgId, 'Dana Reyes');
    const sam = await addSeller(page, orgId, 'Sam Okafor');
    await openDeal(page, orgId, { accountName: 'Harbor Foods', name: 'Same-day fulfilment', ownerPersonId: dana, amount: null, deliveryCost: 5_000 });
    await openDeal(page, orgId, { accountName: 'Acme Logistics', name: 'Route planning', ownerPersonId: sam, amount: 20_000, deliveryCost: null });
    await page.goto(`/o/${orgId}/sales/gross-profit`);
    const perRep = page.getByRole('region', { name: 'Per rep' });
    const pipelineOf = async (name: string) => (await perRep.getByRole('row').filter({ hasText: name }).getByRole('cell').allTextContents()).at(-1);
    await perRep.getByRole('row').filter({ hasText: 'Dana Reyes' }).waitFor();
    expect(await pipelineOf('Dana Reyes')).toBe('1 deal with no amount');
    expect(await pipelineOf('Sam Okafor')).toBe('1 deal of unknown cost');
  });
});

describe('the pipeline list on a phone', () => {
  it('gives each deal one compact row at 390 × 844 (account and name, stage, amount, owner, close date) and leaves the laptop table whole', async () => {
    const { page, orgId } = await signedUpPage(stack, newPerson('phone-pipeline'));
    const owners = [await addSeller(page, orgId, 'Dana Reyes'), await addSeller(page, orgId, 'Sam Okafor')];
    for (let i = 0; i < 8; i++) {
      await openDeal(page, orgId, { accountName: `Account ${i + 1}`, name: `Warehouse rollout ${i + 1}`, ownerPersonId: owners[i % 2], amount: 10_000 * (i + 1) + 0.5, deliveryCost: i % 3 === 0 ? null : 4_000, closeDate: `2027-0${(i % 9) + 1}-15` });
    }

    // A laptop: the nine columns, each deal one table row.
    await page.goto(`/o/${orgId}/sales`);
    await page.getByRole('heading', { name: '8 opportunities' }).waitFor();
    const firstRow = page.locator('.sales-list tbody tr').first();
    expect(await page.locator('.sales-list thead').isVisible()).toBe(true);
    for (const label of ['Weighted', 'Gross profit', 'Margin']) expect(await firstRow.locator(`td[data-label="${label}"]`).isVisible()).toBe(true);
    const laptopRowHeight = (await firstRow.boundingBox())!.height;
    expect(laptopRowHeight).toBeLessThan(80);

    await page.setViewportSize({ width: 390, height: 844 });
    await page.emulateMedia({ colorScheme: 'dark' });
    await settle(page);
    // Each deal a compact row: some 7,000 px of labelled lines for 8 deals before.
    const rows = await page.locator('.sales-list tbody tr').all();
    expect(rows).toHaveLength(8);
    for (const row of rows) {
      const box = (await row.boundingBox())!;
      expect(box.height).toBeLessThan(100);
      expect(box.x + box.width).toBeLessThanOrEqual(390);
    }
    expect(await page.locator('.sales-list').evaluate((list) => list.getBoundingClientRect().height)).toBeLessThan(900);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    // What the row shows, and what is left for the deal's page.
    const first = rows[0]!;
    expect(await first.getByRole('link', { name: 'Warehouse rollout 1' }).isVisible()).toBe(true);
    for (const label of ['Owner', 'Stage', 'Amount', 'Close date']) expect(await first.locator(`td[data-label="${label}"]`).isVisible(), label).toBe(true);
    for (const label of ['Weighted', 'Gross profit', 'Margin']) expect(await first.locator(`td[data-label="${label}"]`).isVisible(), label).toBe(false);
    const shown = async (label: string) => (await first.locator(`td[data-label="${label}"]`).innerText()).trim();
    expect([await first.locator('td').first().innerText(), await shown('Stage'), await shown('Amount'), await shown('Owner'), await shown('Close date')]).toEqual(['Account 1', 'Discovery', '10,000.50', 'Dana Reyes', 'Jan 15, 2027']);
    expect(await first.locator('td[data-label="Close date"]').evaluate((element) => getComputedStyle(element, '::before').content)).toBe('"Closes "');
    // The figure's name is still said to a screen reader.
    expect(await first.locator('td[data-label="Amount"]').evaluate((element) => getComputedStyle(element, '::before').content)).toBe('"Amount"');

    // Sorted by a figure the row leaves out, the row shows it, so the order can be read.
    await page.getByLabel('Sort by').selectOption({ label: 'Gross profit, largest first' });
    await expect.poll(async () => page.locator('.sales-list tbody tr').first().locator('td[data-label="Gross profit"]').isVisible()).toBe(true);
    const profit = page.locator('.sales-list tbody tr').first().locator('td[data-label="Gross profit"]');
    expect((await profit.innerText()).trim()).toBe('76,000.50');
    // Labelled on screen, since the row's layout has no place that says what it is.
    expect(await profit.evaluate((element) => getComputedStyle(element, '::before').position)).toBe('static');
    await expectNoSeriousAxeViolations(page, 'compact pipeline rows at 390 px (dark)');

    // Back on a laptop, the table is as it was.
    await page.setViewportSize({ width: 1280, height: 800 });
    expect((await page.locator('.sales-list tbody tr').first().boundingBox())!.height).toBeLessThan(80);
    expect(await page.locator('.sales-list thead').isVisible()).toBe(true);
  });
});
