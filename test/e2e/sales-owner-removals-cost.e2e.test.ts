import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { apiHeaders, expectNoSeriousAxeViolations, newContext, newPerson, signedUpPage, useBrowserStack } from '../support/browser.js';

const stack = useBrowserStack();

/** An admin on the org chart with a colleague, and the admin's own deal of 100,000 at Harbor Foods. */
async function adminWithDeal(label: string) {
  const admin = newPerson(label);
  const { page, orgId } = await signedUpPage(stack, admin);
  const headers = await apiHeaders(page);
  const addPerson = async (name: string, email: string) => {
    const response = await page.request.post(`/api/v1/orgs/${orgId}/people`, { data: { name, email, role: 'Account executive', level: 5 }, headers });
    expect(response.status(), await response.text()).toBe(201);
    return (await response.json()).person.id as string;
  };
  const ownerId = await addPerson('Sam Seller', admin.email);
  await addPerson('Kofi Mensah', `kofi.${label}@example.test`);
  const created = await page.request.post(`/api/v1/orgs/${orgId}/opportunities`, { data: { accountName: 'Harbor Foods', name: 'Same-day fulfilment', ownerPersonId: ownerId, amount: 100000 }, headers });
  expect(created.status(), await created.text()).toBe(201);
  const id = (await created.json()).opportunity.id as string;
  return { page, orgId, headers, addPerson, base: `/api/v1/orgs/${orgId}/opportunities/${id}`, path: `/o/${orgId}/sales/${id}` };
}

/** A member who signed up through an invitation, in their own browser profile. */
async function memberPage(page: Page, orgId: string, headers: Record<string, string>, label: string) {
  const member = newPerson(label);
  const invitation = await page.request.post(`/api/v1/orgs/${orgId}/invitations`, { data: { email: member.email, role: 'member' }, headers });
  expect(invitation.status(), await invitation.text()).toBe(201);
  const memberTab = await (await newContext(stack.browser, stack.server)).newPage();
  const token = new URL((await invitation.json()).url).pathname.split('/').pop();
  expect((await memberTab.request.post(`/api/v1/invitations/${token}/signup`, { data: { email: member.email, name: member.name, password: member.password } })).status()).toBe(201);
  return { memberTab, member };
}

describe('opening a deal as a member', () => {
  it('offers a member only themself as owner, and one not on the org chart is told to add themself first', async () => {
    const { page, orgId, headers, addPerson } = await adminWithDeal('open-own');
    const { memberTab, member } = await memberPage(page, orgId, headers, 'open-own-member');
    await memberTab.goto(`/o/${orgId}/sales`);
    const panel = memberTab.getByRole('region', { name: 'Open an opportunity' });
    await panel.getByText('you are not on the org chart yet').waitFor();
    expect(await memberTab.getByRole('form', { name: 'Open an opportunity' }).count()).toBe(0);

    await addPerson('Mia Member', member.email);
    await memberTab.reload();
    const form = memberTab.getByRole('form', { name: 'Open an opportunity' });
    const owner = form.getByLabel('Owner');
    await owner.waitFor();
    expect(await owner.locator('option').allTextContents()).toEqual(['Mia Member — Account executive']);
    await form.getByText('You open deals as their owner; an admin opens one for someone else.').waitFor();
    await form.getByLabel('Account', { exact: true }).fill('Acme Grocers');
    await form.getByLabel('Opportunity').fill('Returns robots');
    await form.getByRole('button', { name: 'Open opportunity' }).click();
    // Theirs, so the deal form is offered to them on its page; handing it over says what they give up before the save.
    const dealForm = memberTab.getByRole('form', { name: 'Change the deal' });
    await dealForm.waitFor();
    const handOver = 'Handing it over: once saved, only its new owner or an admin changes this deal.';
    expect(await dealForm.getByText(handOver).count()).toBe(0);
    await dealForm.getByLabel('Owner').selectOption({ label: 'Kofi Mensah — Account executive' });
    await dealForm.getByText(handOver).waitFor();
    await expectNoSeriousAxeViolations(memberTab, 'their own opportunity (member)');
    // A colleague's deal is theirs to read, and says whom to ask for a change.
    await memberTab.goto(`/o/${orgId}/sales`);
    await memberTab.getByRole('link', { name: 'Same-day fulfilment' }).click();
    await memberTab.getByText('Only its owner (Sam Seller) or an admin changes this opportunity: ask them to.').waitFor();
    expect(await memberTab.getByRole('form', { name: 'Change the deal' }).count()).toBe(0);

    // The admin is offered everyone.
    await page.goto(`/o/${orgId}/sales`);
    const adminOwners = page.getByRole('form', { name: 'Open an opportunity' }).getByLabel('Owner').locator('option');
    await expect.poll(async () => (await adminOwners.allTextContents()).length).toBe(3);
  });
});

describe('removing from a stale page', () => {
  it('keeps a criterion a colleague changed since the page was read, says what it now reads, and removes it when asked again', async () => {
    const { page, base, path, headers } = await adminWithDeal('remove-stale');
    const added = await page.request.post(`${base}/success-criteria`, { data: { metric: 'Orders shipped the same day', baseline: '61%' }, headers });
    const criterion = (await added.json()).opportunity.successCriteria[0];
    await page.goto(path);
    const remove = page.getByRole('button', { name: 'Remove Orders shipped the same day' });
    await remove.waitFor();
    // A colleague sets its target while this page is open.
    expect((await page.request.patch(`${base}/success-criteria/${criterion.id}`, { data: { target: '97%', baseToken: criterion.editToken }, headers })).status()).toBe(200);

    await remove.click();
    await page.getByRole('dialog', { name: 'Remove the success criterion “Orders shipped the same day”?' }).getByRole('button', { name: 'Remove criterion' }).click();
    await page.getByRole('alert').filter({ hasText: 'Someone changed this success criterion after you opened it, so it was not removed.' }).waitFor();
    expect(await page.getByRole('alert').filter({ hasText: 'to “97%”' }).count()).toBe(1);
    await page.getByRole('cell', { name: '97%', exact: true }).waitFor();

    await page.getByRole('button', { name: 'Remove Orders shipped the same day' }).click();
    await page.getByRole('button', { name: 'Remove criterion' }).click();
    await expect.poll(async () => (await (await page.request.get(base)).json()).opportunity.successCriteria.length).toBe(0);
    await page.getByText('None yet.').first().waitFor();
  });

  it('removes an objection, and keeps one answered meanwhile with the answer named', async () => {
    const { page, base, path, headers } = await adminWithDeal('remove-objection');
    for (const question of ['Why now?', 'Does it work with our warehouse system?']) {
      expect((await page.request.post(`${base}/objections`, { data: { question }, headers })).status()).toBe(201);
    }
    await page.goto(path);
    await page.getByRole('button', { name: 'Remove the objection: Why now?' }).click();
    await page.getByRole('button', { name: 'Remove objection' }).click();
    await expect.poll(async () => (await (await page.request.get(base)).json()).opportunity.objections.length).toBe(1);
    // The page has reloaded the record before the colleague's answer, so it still shows the objection unanswered.
    await expect.poll(() => page.getByRole('button', { name: 'Remove the objection: Why now?' }).count()).toBe(0);

    const [objection] = (await (await page.request.get(base)).json()).opportunity.objections;
    expect((await page.request.patch(`${base}/objections/${objection.id}`, { data: { answer: 'Yes: we read its pick lists.', status: 'answered', baseToken: objection.editToken }, headers })).status()).toBe(200);
    await page.getByRole('button', { name: 'Remove the objection: Does it work with our warehouse system?' }).click();
    await page.getByRole('button', { name: 'Remove objection' }).click();
    await page.getByRole('alert').filter({ hasText: 'answered “Yes: we read its pick lists.”' }).waitFor();
    await expectNoSeriousAxeViolations(page, 'opportunity with a refused removal');
    expect((await (await page.request.get(base)).json()).opportunity.objections).toHaveLength(1);
  });
});

describe('asking before a removal', () => {
  it('removes a success criterion or an objection only once confirmed: a stray tap, Cancel or Escape keeps it, and the keyboard lands on the section after', async () => {
    const { page, base, path, headers } = await adminWithDeal('remove-confirm');
    expect((await page.request.post(`${base}/success-criteria`, { data: { metric: 'Orders shipped the same day', baseline: '61%', target: '97%' }, headers })).status()).toBe(201);
    expect((await page.request.post(`${base}/objections`, { data: { question: 'Why now?' }, headers })).status()).toBe(201);
    await page.goto(path);
    const criteria = async () => (await (await page.request.get(base)).json()).opportunity.successCriteria.length as number;
    const objections = async () => (await (await page.request.get(base)).json()).opportunity.objections.length as number;

    // The stray tap: a dialog asks, the keyboard on Keep it, and nothing is removed.
    const removeCriterion = page.getByRole('button', { name: 'Remove Orders shipped the same day' });
    await removeCriterion.click();
    const criterionDialog = page.getByRole('dialog', { name: 'Remove the success criterion “Orders shipped the same day”?' });
    await criterionDialog.waitFor();
    await criterionDialog.getByText('Its baseline, target and date go with it.').waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Keep it');
    await expectNoSeriousAxeViolations(page, 'asking before removing a success criterion');
    await page.keyboard.press('Enter');
    await criterionDialog.waitFor({ state: 'hidden' });
    expect(await criteria()).toBe(1);
    await removeCriterion.click();
    await page.keyboard.press('Escape');
    await criterionDialog.waitFor({ state: 'hidden' });
    expect(await criteria()).toBe(1);

    // Confirmed: gone, and the keyboard on the section's heading rather than lost with the row.
    await removeCriterion.click();
    await criterionDialog.getByRole('button', { name: 'Remove criterion' }).click();
    await criterionDialog.waitFor({ state: 'hidden' });
    await expect.poll(criteria).toBe(0);
    await page.getByRole('region', { name: 'Success criteria' }).getByText('None yet.').waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('criteria-heading');

    // The objection likewise, on a phone.
    await page.setViewportSize({ width: 390, height: 844 });
    const removeObjection = page.getByRole('button', { name: 'Remove the objection: Why now?' });
    await removeObjection.click();
    const objectionDialog = page.getByRole('dialog', { name: 'Remove the objection “Why now?”?' });
    await objectionDialog.getByText('The buyer raised it and it has no answer yet.').waitFor();
    await objectionDialog.getByRole('button', { name: 'Keep it' }).click();
    await objectionDialog.waitFor({ state: 'hidden' });
    expect(await objections()).toBe(1);
    await removeObjection.click();
    await objectionDialog.getByRole('button', { name: 'Remove objection' }).click();
    await expect.poll(objections).toBe(0);
    await expect.poll(() => removeObjection.count()).toBe(0);
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('objections-heading');
  });
});

describe('the delivery cost against the amount', () => {
  it('refuses a cost it cannot read beside the field instead of clearing it, and flags a loss-making deal before and after the save', async () => {
    const { page, base, path } = await adminWithDeal('cost-check');
    await page.goto(path);
    const form = page.getByRole('form', { name: 'Change the deal' });
    const cost = form.getByLabel('Delivery cost');
    await cost.fill('40000');
    await form.getByRole('button', { name: 'Save the deal' }).click();
    await expect.poll(async () => (await (await page.request.get(base)).json()).opportunity.deliveryCost).toBe(40000);

    // "12k" is not a number: refused beside the field; before, it was sent as null and cleared the cost.
    await cost.fill('12k');
    await form.getByRole('button', { name: 'Save the deal' }).click();
    await expect.poll(async () => cost.getAttribute('aria-invalid')).toBe('true');
    expect((await (await page.request.get(base)).json()).opportunity.deliveryCost).toBe(40000);
    expect(await cost.inputValue()).toBe('12k');

    // Written as a seller writes it, with thousands commas.
    await cost.fill('130,000');
    await form.getByText('Above the amount: this deal loses 30,000. Save it if that is meant.').waitFor();
    await form.getByRole('button', { name: 'Save the deal' }).click();
    await page.getByText('-30,000 (-30.0% margin): a loss, the delivery cost is above the amount').waitFor();
    expect((await (await page.request.get(base)).json()).opportunity).toMatchObject({ deliveryCost: 130000, grossProfit: -30000 });
    // The pipeline marks it too, so a leader sees it without opening each deal.
    await page.getByRole('link', { name: '← Sales' }).click();
    const lossRow = page.getByRole('row', { name: /Same-day fulfilment/ });
    await lossRow.getByText('Loss', { exact: true }).waitFor();
    expect((await lossRow.locator('td[data-label="Gross profit"]').textContent())?.trim()).toBe('-30,000 Loss');
    await expectNoSeriousAxeViolations(page, 'sales pipeline with a loss-making deal');
  });
});

describe('the sales views on a phone', () => {
  it('shows every view\'s tab whole at 390 px, with nothing to scroll', async () => {
    const { page, orgId } = await adminWithDeal('tabs-phone');
    await page.setViewportSize({ width: 390, height: 800 });
    for (const view of ['', '/gross-profit']) {
      await page.goto(`/o/${orgId}/sales${view}`);
      const tabs = page.getByRole('navigation', { name: 'Sales views' });
      await tabs.getByRole('link', { name: 'Gross profit' }).waitFor();
      const boxes = await tabs.getByRole('link').evaluateAll((links) => links.map((link) => link.getBoundingClientRect()).map((box) => ({ left: box.left, right: box.right })));
      expect(boxes).toHaveLength(4);
      for (const box of boxes) expect(box.left >= 0 && box.right <= 390).toBe(true);
      expect(await tabs.locator('ul').evaluate((row) => row.scrollWidth <= row.clientWidth)).toBe(true);
    }
  });
});
