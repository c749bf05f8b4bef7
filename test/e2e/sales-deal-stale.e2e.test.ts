import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { apiHeaders, newPerson, signedUpPage, useBrowserStack } from '../support/browser.js';

const stack = useBrowserStack();

/** A seller (the signed-up admin, on the org chart) on the page of their own new deal of 100,000 at Harbor Foods; the deal's API address. */
async function sellerOnOwnDeal(label: string): Promise<{ page: Page; base: string }> {
  const seller = newPerson(label);
  const { page, orgId } = await signedUpPage(stack, seller);
  const headers = await apiHeaders(page);
  const person = await page.request.post(`/api/v1/orgs/${orgId}/people`, { data: { name: 'Sam Seller', email: seller.email, role: 'Account executive', level: 5 }, headers });
  expect(person.status(), await person.text()).toBe(201);
  const created = await page.request.post(`/api/v1/orgs/${orgId}/opportunities`, { data: { accountName: 'Harbor Foods', name: 'Same-day fulfilment', ownerPersonId: (await person.json()).person.id, amount: 100000 }, headers });
  expect(created.status(), await created.text()).toBe(201);
  const id = (await created.json()).opportunity.id as string;
  await page.goto(`/o/${orgId}/sales/${id}`);
  await page.getByRole('form', { name: 'Change the deal' }).getByLabel('Amount').waitFor();
  return { page, base: `/api/v1/orgs/${orgId}/opportunities/${id}` };
}

/** A colleague (an admin, through the API) sets the deal's amount while the seller's page stays open. */
async function colleagueSetsAmount(page: Page, base: string, amount: number): Promise<void> {
  const current = (await (await page.request.get(base)).json()).opportunity;
  const changed = await page.request.patch(base, { data: { amount, baseUpdatedAt: current.updatedAt }, headers: await apiHeaders(page) });
  expect(changed.status(), await changed.text()).toBe(200);
}

const dealOf = async (page: Page, base: string) => (await (await page.request.get(base)).json()).opportunity as { amount: number; territory: string | null; closeDate: string | null };

describe('the deal form over a colleague\'s newer change', () => {
  it('takes a colleague\'s amount that a reload brought in, so saving the close date does not put the old amount back', async () => {
    const { page, base } = await sellerOnOwnDeal('deal-reload');
    const form = page.getByRole('form', { name: 'Change the deal' });
    await colleagueSetsAmount(page, base, 150000);
    // Any save on the page reloads the deal (here, a success criterion), and the colleague's amount comes with it.
    const criterion = page.getByRole('form', { name: 'Add a success criterion' });
    await criterion.getByLabel('Metric').fill('Orders shipped the day they are placed');
    await criterion.getByRole('button', { name: 'Add criterion' }).click();
    await page.getByRole('cell', { name: 'Orders shipped the day they are placed', exact: true }).waitFor();
    await expect.poll(() => form.getByLabel('Amount').inputValue()).toBe('150000');

    await form.getByLabel('Close date').fill('2027-03-31');
    await form.getByRole('button', { name: 'Save the deal' }).click();
    await expect.poll(async () => (await dealOf(page, base)).closeDate).toBe('2027-03-31');
    expect((await dealOf(page, base)).amount).toBe(150000);
  });

  it('refuses a save over a change it has not shown, keeps what was typed, shows the colleague\'s figure, and saves both when asked', async () => {
    const { page, base } = await sellerOnOwnDeal('deal-conflict');
    const form = page.getByRole('form', { name: 'Change the deal' });
    await colleagueSetsAmount(page, base, 150000);
    await form.getByLabel('Territory').fill('West');
    await form.getByRole('button', { name: 'Save the deal' }).click();
    await form.getByRole('alert').filter({ hasText: 'Someone changed this deal while you were editing it' }).waitFor();
    expect(await form.getByLabel('Territory').inputValue()).toBe('West');
    expect(await form.getByLabel('Amount').inputValue()).toBe('150000');
    expect(await dealOf(page, base)).toMatchObject({ amount: 150000, territory: null });

    await form.getByRole('button', { name: 'Save the deal' }).click();
    await expect.poll(async () => (await dealOf(page, base)).territory).toBe('West');
    expect((await dealOf(page, base)).amount).toBe(150000);
  });
});

describe('a move chosen on a deal a colleague has moved since', () => {
  it('is refused, not landed as another move: the page says where the deal is now and shows it there', async () => {
    const { page, base } = await sellerOnOwnDeal('deal-move-stale');
    const headers = await apiHeaders(page);
    const record = [
      page.request.put(`${base}/press-release`, { data: { headline: 'Harbor Foods ships every order the day it is placed', problem: '', outcome: 'Same-day shipments rose from 61% to 97%.', quote: '' }, headers }),
      page.request.post(`${base}/success-criteria`, { data: { metric: 'Orders shipped the same day', baseline: '61%', target: '97%', dueOn: '2027-11-30' }, headers }),
    ];
    for (const answer of await Promise.all(record)) expect(answer.ok(), await answer.text()).toBe(true);
    for (const to of ['solution', 'proposal']) expect((await page.request.post(`${base}/moves`, { data: { to }, headers })).status()).toBe(200);
    await page.reload();
    await page.getByRole('heading', { name: 'Next: Won' }).waitFor();

    // A colleague sends it back to discovery; on the old view, "back to solution" would be a move forward.
    expect((await page.request.post(`${base}/moves`, { data: { to: 'discovery', reason: 'The buyer reopened the scope.' }, headers })).status()).toBe(200);
    const form = page.getByRole('form', { name: 'Mark lost or move back' });
    await form.getByLabel('Move to').selectOption('solution');
    await form.getByLabel(/^Reason/).fill('Pricing reopened.');
    await form.getByRole('button', { name: 'Move back to solution' }).click();

    await page.getByRole('alert').filter({ hasText: 'changed after you opened it, so it was not moved: it is now in discovery' }).waitFor();
    await page.getByRole('heading', { name: 'Next: Solution' }).waitFor();
    expect((await (await page.request.get(base)).json()).opportunity.stage).toBe('discovery');
  });
});
