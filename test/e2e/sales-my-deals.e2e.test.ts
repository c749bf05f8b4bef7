import { describe, expect, it } from 'vitest';
import { apiHeaders, newPerson, signedUpPage, useBrowserStack } from '../support/browser.js';

const stack = useBrowserStack();

describe('a seller\'s own deals in the pipeline', () => {
  it('offers "My deals" first in the owner filter, and narrows the list to the deals the viewer owns', async () => {
    const seller = newPerson('my-deals');
    const { page, orgId } = await signedUpPage(stack, seller);
    const headers = await apiHeaders(page);
    const ids: string[] = [];
    for (const person of [{ name: 'Sam Seller', email: seller.email, role: 'Account executive', level: 5 }, { name: 'Ada Other', email: 'ada@example.test', role: 'Account executive', level: 5 }]) {
      const created = await page.request.post(`/api/v1/orgs/${orgId}/people`, { data: person, headers });
      expect(created.status(), await created.text()).toBe(201);
      ids.push((await created.json()).person.id);
    }
    for (const [name, ownerPersonId] of [['Mine', ids[0]], ['Theirs', ids[1]]]) {
      expect((await page.request.post(`/api/v1/orgs/${orgId}/opportunities`, { data: { accountName: 'Acme', name, ownerPersonId }, headers })).status()).toBe(201);
    }
    await page.goto(`/o/${orgId}/sales`);
    const owner = page.locator('select[name="filter-owner"]');
    await owner.waitFor();
    expect((await owner.locator('option').allTextContents()).slice(0, 3)).toEqual(['Anyone', 'My deals (Sam Seller)', 'Ada Other — Account executive']);
    await owner.selectOption({ label: 'My deals (Sam Seller)' });
    await page.getByRole('heading', { name: '1 opportunity matches the filters' }).waitFor();
    expect(await page.getByRole('link', { name: 'Mine', exact: true }).count()).toBe(1);
    expect(await page.getByRole('link', { name: 'Theirs', exact: true }).count()).toBe(0);
  });
});
