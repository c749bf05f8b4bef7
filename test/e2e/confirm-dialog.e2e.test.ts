import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { apiHeaders, expectNoSeriousAxeViolations, newPerson, signedUpPage, useBrowserStack } from '../support/browser.js';

const stack = useBrowserStack();

const signedUp = (label: string, colorScheme: 'light' | 'dark' = 'light') => signedUpPage(stack, newPerson(label), { colorScheme });

/** What has the keyboard: its id, else its accessible name, so a lost focus (<body>) reads as 'BODY'. */
const focused = (page: Page) => page.evaluate(() => {
  const element = document.activeElement;
  if (!element || element === document.body) return 'BODY';
  return element.id || element.getAttribute('aria-label') || element.textContent?.trim() || element.tagName;
});

async function createToken(page: Page, name: string): Promise<void> {
  await page.getByLabel('Name').fill(name);
  await page.getByRole('button', { name: 'Create token' }).click();
  await page.getByRole('button', { name: `Revoke ${name}` }).waitFor();
}

describe('one confirmation for what cannot be undone', () => {
  it('opens the token form on read only, and revokes a token only when confirmed, the keyboard on the list after', async () => {
    const { page, orgId } = await signedUp('confirmer');
    await page.goto(`/o/${orgId}/api-tokens`);
    const access = page.getByRole('combobox', { name: 'Access' });
    expect(await access.inputValue()).toBe('read');
    expect(await access.locator('option:checked').textContent()).toBe('Read only');
    // The form names the commands that need the other choice.
    await page.getByText(/pulse people import.* need read and write/).waitFor();
    await createToken(page, 'Metrics dashboard');
    const row = page.getByRole('row').filter({ has: page.getByRole('cell', { name: 'Metrics dashboard', exact: true }) });
    await row.getByRole('cell', { name: 'Read only', exact: true }).waitFor();

    // Cancel: nothing changes, and the keyboard is back on the button that opened the dialog.
    const opener = page.getByRole('button', { name: 'Revoke Metrics dashboard' });
    await opener.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Revoke this token?' });
    await dialog.waitFor();
    // The keyboard starts on Keep it: an Enter out of habit keeps the token.
    expect(await focused(page)).toBe('Keep it');
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => focused(page)).toBe('Revoke Metrics dashboard');
    expect(await row.getByText(/^Revoked /).count()).toBe(0);

    // Escape is a cancel too.
    await page.keyboard.press('Enter');
    await dialog.waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => focused(page)).toBe('Revoke Metrics dashboard');

    // Confirmed: the token is revoked, its button gone, and the keyboard on the list's heading, not on <body>.
    await page.keyboard.press('Enter');
    await dialog.getByRole('button', { name: 'Revoke token' }).click();
    await row.getByText(/^Revoked /).waitFor();
    await expect.poll(() => focused(page)).toBe('tokens-heading');
    expect(await opener.count()).toBe(0);
  });

  it('shows the server\'s refusal inside the dialog, which stays open until cancelled', async () => {
    const { page, orgId } = await signedUp('refused');
    await page.goto(`/o/${orgId}/api-tokens`);
    await createToken(page, 'Twice revoked');
    await page.getByRole('button', { name: 'Revoke Twice revoked' }).click();
    const dialog = page.getByRole('dialog', { name: 'Revoke this token?' });
    await dialog.waitFor();

    // Meanwhile another tab revokes it: this one's request is refused.
    const other = await page.context().newPage();
    await other.goto(`/o/${orgId}/api-tokens`);
    await other.getByRole('button', { name: 'Revoke Twice revoked' }).click();
    await other.getByRole('dialog', { name: 'Revoke this token?' }).getByRole('button', { name: 'Revoke token' }).click();
    await other.getByText(/^Revoked /).waitFor();

    await dialog.getByRole('button', { name: 'Revoke token' }).click();
    const refusal = dialog.getByRole('alert');
    await refusal.waitFor();
    expect(await refusal.textContent()).toMatch(/not found/i);
    expect(await dialog.isVisible()).toBe(true);
    await dialog.getByRole('button', { name: 'Keep it' }).click();
    await dialog.waitFor({ state: 'hidden' });
    // Opened again, it starts without the old refusal.
    await page.getByRole('button', { name: 'Revoke Twice revoked' }).click();
    await dialog.waitFor();
    expect(await dialog.getByRole('alert').count()).toBe(0);
  });

  it('revokes an invitation only when confirmed: cancel returns to the opener, confirm to the list', async () => {
    const { page, orgId } = await signedUp('inviter');
    await page.goto(`/o/${orgId}/members`);
    const email = newPerson('invitee').email;
    await page.getByLabel('Email').fill(email);
    await page.getByRole('button', { name: 'Create invitation link' }).click();
    await page.getByRole('textbox', { name: `Invitation link for ${email}` }).waitFor();

    const opener = page.getByRole('button', { name: `Revoke the invitation for ${email}` });
    await opener.click();
    const dialog = page.getByRole('dialog', { name: 'Revoke this invitation?' });
    await dialog.getByRole('button', { name: 'Keep it' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => focused(page)).toBe(`Revoke the invitation for ${email}`);
    await page.getByRole('cell', { name: email, exact: true }).waitFor();

    await opener.click();
    await dialog.getByRole('button', { name: 'Revoke invitation' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => page.getByRole('cell', { name: email, exact: true }).count()).toBe(0);
    // Its row (and the button that opened the dialog) is gone: the keyboard is on the list, not on <body>.
    await expect.poll(() => focused(page)).toBe('invitations-heading');
  });

  it('marks a deal lost only when confirmed, the refusal (no reason) in the dialog, the keyboard on the title after', async () => {
    const { page, orgId } = await signedUp('seller');
    const headers = await apiHeaders(page);
    const owner = await page.request.post(`/api/v1/orgs/${orgId}/people`, { data: { name: 'Sam Okafor', email: 'sam@example.test', role: 'Account executive', level: 5 }, headers });
    expect(owner.status(), await owner.text()).toBe(201);
    const ownerPersonId = (await owner.json()).person.id as string;
    const made = await page.request.post(`/api/v1/orgs/${orgId}/opportunities`, { data: { accountName: 'Harbor Foods', name: 'Same-day fulfilment', ownerPersonId }, headers });
    expect(made.status(), await made.text()).toBe(201);
    const { opportunity } = await made.json();
    await page.goto(`/o/${orgId}/sales/${opportunity.id}`);
    await page.getByRole('heading', { level: 1, name: 'Harbor Foods: Same-day fulfilment' }).waitFor();

    const opener = page.getByRole('button', { name: 'Mark lost' });
    await opener.click();
    const dialog = page.getByRole('dialog', { name: 'Mark “Same-day fulfilment” lost?' });
    await dialog.getByRole('button', { name: 'Mark lost' }).click();
    await dialog.getByRole('alert').filter({ hasText: 'Say why the opportunity was lost' }).waitFor();
    await dialog.getByRole('button', { name: 'Keep it open' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => focused(page)).toBe('Mark lost');
    expect((await (await page.request.get(`/api/v1/orgs/${orgId}/opportunities/${opportunity.id}`)).json()).opportunity.stage).toBe('discovery');

    await page.getByLabel('Reason (needed to mark it lost or move it back)').fill('They build it in house.');
    await opener.click();
    await dialog.getByText('The reason recorded: “They build it in house.”').waitFor();
    await dialog.getByRole('button', { name: 'Mark lost' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByText('Why it was lost:').waitFor();
    expect(await opener.count()).toBe(0);
    // The form is gone with the open stages: the keyboard is on the page's title, not on <body>.
    await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe('H1');
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    it(`passes axe with a confirmation open, its refusal showing, in the ${colorScheme} theme`, async () => {
      const { page, orgId } = await signedUp(`axe-${colorScheme}`, colorScheme);
      await page.goto(`/o/${orgId}/api-tokens`);
      await createToken(page, 'Audited');
      await page.getByRole('button', { name: 'Revoke Audited' }).click();
      const dialog = page.getByRole('dialog', { name: 'Revoke this token?' });
      await dialog.waitFor();
      await expectNoSeriousAxeViolations(page, `confirm dialog (${colorScheme})`);
      // The danger button and the refusal are legible too.
      const other = await page.context().newPage();
      await other.goto(`/o/${orgId}/api-tokens`);
      await other.getByRole('button', { name: 'Revoke Audited' }).click();
      await other.getByRole('dialog', { name: 'Revoke this token?' }).getByRole('button', { name: 'Revoke token' }).click();
      await other.getByText(/^Revoked /).waitFor();
      await dialog.getByRole('button', { name: 'Revoke token' }).click();
      await dialog.getByRole('alert').waitFor();
      await expectNoSeriousAxeViolations(page, `confirm dialog with a refusal (${colorScheme})`);
    });
  }
});
