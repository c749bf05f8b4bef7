import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { apiHeaders, expectNoSeriousAxeViolations, newPerson, signedUpPage, useBrowserStack } from '../support/browser.js';

const stack = useBrowserStack();

/** Buttons fade to the new theme's colours: audit once the transitions have ended, not midway. */
async function settle(page: Page): Promise<void> {
  await page.evaluate(() => Promise.allSettled(document.getAnimations().map((animation) => animation.finished)));
}

/** Two sellers and five deals of one account each: three priced, two not, one of them past discovery. */
async function seedPipeline(page: Page, orgId: string): Promise<void> {
  const headers = await apiHeaders(page);
  const owners: Record<string, string> = {};
  for (const person of [{ name: 'Dana Reyes', email: 'dana@example.test', role: 'Head of sales', level: 8 }, { name: 'Sam Okafor', email: 'sam@example.test', role: 'Account executive', level: 5 }]) {
    const response = await page.request.post(`/api/v1/orgs/${orgId}/people`, { data: person, headers });
    expect(response.status(), await response.text()).toBe(201);
    owners[person.name] = (await response.json()).person.id;
  }
  const deals = [
    { accountName: 'Harbor Foods', name: 'Same-day fulfilment', owner: 'Dana Reyes', amount: 420_000, closeDate: '2027-03-31' },
    { accountName: 'Northwind Traders', name: 'Returns desk', owner: 'Sam Okafor', amount: null, closeDate: '2027-01-15' },
    { accountName: 'Acme Logistics', name: 'Route planning pilot', owner: 'Sam Okafor', amount: 1_500, closeDate: null },
    { accountName: 'Blue Pine Clinics', name: 'Patient intake', owner: 'Dana Reyes', amount: 90_000, closeDate: '2026-12-20' },
    { accountName: 'Cedar Schools', name: 'Timetabling', owner: 'Dana Reyes', amount: null, closeDate: '2027-06-30' },
  ];
  for (const deal of deals) {
    const created = await page.request.post(`/api/v1/orgs/${orgId}/opportunities`, { data: { accountName: deal.accountName, name: deal.name, ownerPersonId: owners[deal.owner], amount: deal.amount, closeDate: deal.closeDate }, headers });
    expect(created.status(), await created.text()).toBe(201);
    if (deal.accountName !== 'Blue Pine Clinics') continue;
    // One deal past discovery, so the totals by stage have two stages to tell apart.
    const base = `/api/v1/orgs/${orgId}/opportunities/${(await created.json()).opportunity.id}`;
    const release = { headline: 'Blue Pine Clinics sees every patient within ten minutes', problem: 'Patients wait at the desk.', outcome: 'Waiting fell from 40 to 10 minutes.', quote: '' };
    expect((await page.request.put(`${base}/press-release`, { data: release, headers })).status()).toBe(200);
    expect((await page.request.post(`${base}/success-criteria`, { data: { metric: 'Minutes to be seen', baseline: '40', target: '10', dueOn: '2027-11-30' }, headers })).status()).toBe(201);
    expect((await page.request.post(`${base}/moves`, { data: { to: 'solution' }, headers })).status()).toBe(200);
  }
}

const amountCells = (page: Page) => page.locator('table tbody td[data-label="Amount"]');

/** The amounts of the rows as shown, top to bottom. */
async function shownAmounts(page: Page): Promise<string[]> {
  return (await amountCells(page).allTextContents()).map((text) => text.trim());
}

/** The totals' figure for one term ("Deals shown", "Total amount"). */
async function totalFor(page: Page, term: string): Promise<string> {
  const totals = page.getByRole('region', { name: 'Totals of the deals shown' });
  return (await totals.locator('div', { has: page.locator('dt', { hasText: term }) }).locator('dd').first().textContent())?.trim() ?? '';
}

describe('the pipeline list a sales leader works from', () => {
  it('sorts by amount both ways with unpriced deals last, keeps the sort over a reload, adds up the deals shown, stacks at 390 px, and passes axe', async () => {
    const { page, orgId } = await signedUpPage(stack, newPerson('pipeline-list'));
    await seedPipeline(page, orgId);

    await page.goto(`/o/${orgId}/sales`);
    await page.getByRole('heading', { name: '5 opportunities' }).waitFor();

    // Amount, ascending: the smallest first, the deals without an amount last and said so, never as 0.
    const amountHeader = page.getByRole('columnheader', { name: /Amount/ });
    await amountHeader.getByRole('button').click();
    await expect.poll(() => shownAmounts(page)).toEqual(['1,500', '90,000', '420,000', 'no amount', 'no amount']);
    expect(await amountHeader.getAttribute('aria-sort')).toBe('ascending');
    expect(new URL(page.url()).search).toBe('?sort=amount&order=asc');

    // Again: descending, and the unpriced deals still last.
    await amountHeader.getByRole('button').click();
    await expect.poll(() => shownAmounts(page)).toEqual(['420,000', '90,000', '1,500', 'no amount', 'no amount']);
    expect(await amountHeader.getAttribute('aria-sort')).toBe('descending');
    expect(await page.locator('th[aria-sort]').count()).toBe(1);

    // A reload (or the link shared) keeps the order.
    await page.reload();
    await page.getByRole('heading', { name: '5 opportunities' }).waitFor();
    await expect.poll(() => shownAmounts(page)).toEqual(['420,000', '90,000', '1,500', 'no amount', 'no amount']);
    expect(await page.getByRole('columnheader', { name: /Amount/ }).getAttribute('aria-sort')).toBe('descending');

    // The totals are those of the rows: five deals, the three amounts added, the two unpriced ones counted apart.
    expect(await totalFor(page, 'Deals shown')).toBe('5');
    expect(await totalFor(page, 'Total amount')).toBe('511,500');
    const totals = page.getByRole('region', { name: 'Totals of the deals shown' });
    expect(await totals.textContent()).toContain('of 3 deals; 2 deals with no amount not counted');
    expect(await totals.textContent()).toContain('Discovery: 421,500 (4 deals, 2 with no amount yet)');
    expect(await totals.textContent()).toContain('Solution: 90,000 (1 deal)');

    // A filter narrows the totals with the rows, and keeps the sort in the address.
    await page.getByLabel('Owner').first().selectOption({ label: 'Sam Okafor — Account executive' });
    await page.getByRole('heading', { name: '2 opportunities match the filters' }).waitFor();
    await expect.poll(() => shownAmounts(page)).toEqual(['1,500', 'no amount']);
    expect(await totalFor(page, 'Deals shown')).toBe('2');
    expect(await totalFor(page, 'Total amount')).toBe('1,500');
    expect(new URL(page.url()).searchParams.get('sort')).toBe('amount');
    expect(new URL(page.url()).searchParams.get('order')).toBe('desc');
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.getByRole('heading', { name: '5 opportunities' }).waitFor();

    // Close date ascending: the undated deal last; the heading now carries the sort, the amount's no longer.
    await page.getByRole('columnheader', { name: /Close date/ }).getByRole('button').click();
    await expect.poll(async () => (await page.locator('table tbody td[data-label="Close date"]').allTextContents()).map((text) => text.trim())).toEqual(['Dec 20, 2026', 'Jan 15, 2027', 'Mar 31, 2027', 'Jun 30, 2027', '—']);
    expect(await page.getByRole('columnheader', { name: /Close date/ }).getAttribute('aria-sort')).toBe('ascending');
    expect(await page.getByRole('columnheader', { name: /Amount/ }).getAttribute('aria-sort')).toBeNull();

    // Wide, the headings sort: the phone's sort select is not drawn.
    expect(await page.getByLabel('Sort by').isVisible()).toBe(false);

    await settle(page);
    await expectNoSeriousAxeViolations(page, 'sorted pipeline list (light)');

    // A phone: no sideways scrolling, and every deal's amount on screen, labelled.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.emulateMedia({ colorScheme: 'dark' });
    await settle(page);
    const widths = await page.evaluate(() => {
      const box = document.querySelector('.table-scroll') as HTMLElement;
      return { page: document.documentElement.scrollWidth, viewport: document.documentElement.clientWidth, box: box.scrollWidth, boxVisible: box.clientWidth };
    });
    expect(widths.page).toBeLessThanOrEqual(widths.viewport);
    expect(widths.box).toBeLessThanOrEqual(widths.boxVisible);
    const amounts = await amountCells(page).all();
    expect(amounts).toHaveLength(5);
    for (const cell of amounts) {
      const box = await cell.boundingBox();
      expect(box).not.toBeNull();
      expect(box!.x).toBeGreaterThanOrEqual(0);
      expect(box!.x + box!.width).toBeLessThanOrEqual(390);
      expect(await cell.evaluate((element) => getComputedStyle(element, '::before').content)).toBe('"Amount"');
    }
    // The headings (and their buttons) are not drawn on a phone, so the sort is chosen in the form, to the same address.
    expect(await page.getByRole('columnheader', { name: /Amount/ }).getByRole('button').isVisible()).toBe(false);
    const sortSelect = page.getByLabel('Sort by');
    expect(await sortSelect.inputValue()).toBe('closeDate:ascending');
    await sortSelect.selectOption({ label: 'Amount, largest first' });
    await expect.poll(() => shownAmounts(page)).toEqual(['420,000', '90,000', '1,500', 'no amount', 'no amount']);
    expect(new URL(page.url()).search).toBe('?sort=amount&order=desc');
    await expectNoSeriousAxeViolations(page, 'sorted pipeline list at 390 px (dark)');
  });
});

describe('gross profit in the pipeline', () => {
  it('opens a deal with its delivery cost and territory, shows gross profit and margin as columns sorted both ways, unknown costs last, and passes axe at 390 px', async () => {
    const { page, orgId } = await signedUpPage(stack, newPerson('pipeline-profit'));
    const headers = await apiHeaders(page);
    const person = await page.request.post(`/api/v1/orgs/${orgId}/people`, { data: { name: 'Dana Reyes', email: 'dana@example.test', role: 'Head of sales', level: 8 }, headers });
    expect(person.status(), await person.text()).toBe(201);
    const ownerPersonId = (await person.json()).person.id as string;

    // Opened with its cost and territory from the form: a cost it cannot read is named beside the field and kept as typed.
    await page.goto(`/o/${orgId}/sales`);
    const open = page.getByRole('form', { name: 'Open an opportunity' });
    await open.getByLabel('Account').fill('Harbor Foods');
    await open.getByLabel('Opportunity').fill('Same-day fulfilment');
    await open.getByLabel('Amount (optional)').fill('100,000');
    const cost = open.getByLabel('Delivery cost (optional)');
    await cost.fill('12k');
    await open.getByLabel('Territory (optional)').fill('West');
    await open.getByRole('button', { name: 'Open opportunity' }).click();
    await expect.poll(() => cost.getAttribute('aria-invalid')).toBe('true');
    expect(await cost.inputValue()).toBe('12k');
    expect((await (await page.request.get(`/api/v1/orgs/${orgId}/opportunities`)).json()).opportunities).toHaveLength(0);
    await cost.fill('130,000');
    await open.getByText('Above the amount: this deal loses 30,000. Open it if that is meant.').waitFor();
    await cost.fill('60,000');
    await open.getByRole('button', { name: 'Open opportunity' }).click();
    await page.getByRole('heading', { level: 1, name: 'Harbor Foods: Same-day fulfilment' }).waitFor();
    const [opened] = (await (await page.request.get(`/api/v1/orgs/${orgId}/opportunities`)).json()).opportunities;
    expect(opened).toMatchObject({ amount: 100000, deliveryCost: 60000, territory: 'West', grossProfit: 40000 });

    for (const deal of [{ name: 'Returns desk', amount: 50_000, deliveryCost: 10_000 }, { name: 'Route planning', amount: 20_000, deliveryCost: 25_000 }, { name: 'Timetabling', amount: 80_000, deliveryCost: null }]) {
      const created = await page.request.post(`/api/v1/orgs/${orgId}/opportunities`, { data: { accountName: 'Acme Logistics', ownerPersonId, ...deal }, headers });
      expect(created.status(), await created.text()).toBe(201);
    }
    await page.goto(`/o/${orgId}/sales`);
    await page.getByRole('heading', { name: '4 opportunities' }).waitFor();
    const column = (label: string) => async () => (await page.locator(`table tbody td[data-label="${label}"]`).allTextContents()).map((text) => text.trim());

    // Gross profit, largest first; the deal whose cost is unknown says so and stays last.
    const profitHeader = page.getByRole('columnheader', { name: /Gross profit/ });
    await profitHeader.getByRole('button').click();
    await profitHeader.getByRole('button').click();
    await expect.poll(column('Gross profit')).toEqual(['40,000', '40,000', '-5,000 Loss', 'no cost']);
    expect(await profitHeader.getAttribute('aria-sort')).toBe('descending');
    expect(new URL(page.url()).search).toBe('?sort=grossProfit&order=desc');

    // Margin, lowest first: the loss first, the unknown last either way.
    const marginHeader = page.getByRole('columnheader', { name: /Margin/ });
    await marginHeader.getByRole('button').click();
    await expect.poll(column('Margin')).toEqual(['-25.0%', '40.0%', '80.0%', '—']);
    expect(await marginHeader.getAttribute('aria-sort')).toBe('ascending');
    await marginHeader.getByRole('button').click();
    await expect.poll(column('Margin')).toEqual(['80.0%', '40.0%', '-25.0%', '—']);
    // Nine columns, and on a laptop's screen the close date is still read without scrolling the list sideways.
    await page.setViewportSize({ width: 1280, height: 800 });
    expect(await page.locator('.sales-list .table-scroll').evaluate((box) => box.scrollWidth - box.clientWidth)).toBeLessThanOrEqual(0);
    await settle(page);
    await expectNoSeriousAxeViolations(page, 'pipeline sorted by margin');

    // The API sorts the same way, from the address the page keeps.
    const sorted = (await (await page.request.get(`/api/v1/orgs/${orgId}/opportunities?sort=margin&order=desc`)).json()).opportunities as Array<{ name: string }>;
    expect(sorted.map((deal) => deal.name)).toEqual(['Returns desk', 'Same-day fulfilment', 'Route planning', 'Timetabling']);

    // On a phone the two columns are labelled lines, on screen, and the sort menu offers them.
    await page.setViewportSize({ width: 390, height: 844 });
    await settle(page);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    for (const cell of await page.locator('table tbody td[data-label="Margin"]').all()) {
      const box = await cell.boundingBox();
      expect(box!.x + box!.width).toBeLessThanOrEqual(390);
    }
    const sortSelect = page.getByLabel('Sort by');
    expect(await sortSelect.inputValue()).toBe('margin:descending');
    await sortSelect.selectOption({ label: 'Gross profit, smallest first' });
    await expect.poll(column('Gross profit')).toEqual(['-5,000 Loss', '40,000', '40,000', 'no cost']);
    await expectNoSeriousAxeViolations(page, 'pipeline with gross profit at 390 px');
  });
});
