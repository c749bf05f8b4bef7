import { describe, expect, it } from 'vitest';
import { apiHeaders, expectNoSeriousAxeViolations, newPerson, signedUpPage, useBrowserStack } from '../support/browser.js';

const stack = useBrowserStack();

describe('the sales pipeline feeds the weekly business review', () => {
  it('shows the KPI strip on the Sales page, makes the sales deck from the Business review page by keyboard, and refreshes its data', async () => {
    const { page, orgId } = await signedUpPage(stack, newPerson('sales-wbr'));
    const headers = await apiHeaders(page);
    const person = await page.request.post(`/api/v1/orgs/${orgId}/people`, { data: { name: 'Sam Okafor', email: 'sam@example.test', role: 'Account executive', level: 5 }, headers });
    expect(person.status(), await person.text()).toBe(201);
    const ownerPersonId = (await person.json()).person.id as string;
    for (const [name, amount] of [['Same-day fulfilment', 240000], ['Returns robots', 50000]] as const) {
      const opened = await page.request.post(`/api/v1/orgs/${orgId}/opportunities`, { data: { accountName: 'Harbor Foods', name, ownerPersonId, amount }, headers });
      expect(opened.status(), await opened.text()).toBe(201);
    }

    await page.getByRole('link', { name: 'Sales' }).click();
    const kpis = page.getByRole('region', { name: 'Sales KPIs' });
    await kpis.waitFor();
    const strip = await kpis.textContent();
    expect(strip).toMatch(/Win rate—no deal closed yet/);
    expect(strip).toMatch(/Discovery: 290,000 \(2 deals\)/);
    expect(strip).toMatch(/Bookings this quarter0/);
    await expectNoSeriousAxeViolations(page, 'sales page with its KPIs');

    await page.getByRole('link', { name: 'Business review' }).click();
    const review = page.getByRole('button', { name: 'Review the sales pipeline' });
    await review.waitFor();
    await expectNoSeriousAxeViolations(page, 'business review list with the sales action');
    await review.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Sales pipeline' }).waitFor();
    const deckPath = new URL(page.url()).pathname;

    // A second press opens the deck already made, instead of refusing its name.
    await page.getByRole('navigation', { name: 'Org' }).getByRole('link', { name: 'Business review' }).click();
    await review.waitFor();
    await review.click();
    await page.getByRole('heading', { level: 1, name: 'Sales pipeline' }).waitFor();
    expect(new URL(page.url()).pathname).toBe(deckPath);
    expect(await page.getByRole('alert').count()).toBe(0);

    const refresh = page.getByRole('button', { name: 'Refresh from the sales pipeline' });
    await refresh.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'Refreshed from the sales pipeline' }).waitFor();
    await expectNoSeriousAxeViolations(page, 'the sales deck');
  });
});
