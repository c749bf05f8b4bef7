import { describe, it } from 'vitest';
import { expectNoSeriousAxeViolations, newContext, newPerson, orgIdOf, signUpInBrowser, useBrowserStack } from '../support/browser.js';

const stack = useBrowserStack();

describe.each(['light', 'dark'] as const)('every page passes axe in the %s theme', (colorScheme) => {
  it('has no serious or critical violations, signed out, as admin, in dialogs and as a member', async () => {
    const page = await (await newContext(stack.browser, stack.server, { colorScheme })).newPage();
    await page.goto('/signin');
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await expectNoSeriousAxeViolations(page, 'sign in');

    await page.goto('/signup');
    await page.getByRole('button', { name: 'Create account and org' }).click();
    await page.locator('.field--invalid').first().waitFor();
    await expectNoSeriousAxeViolations(page, 'sign up with an error');

    const admin = newPerson('admin');
    await signUpInBrowser(page, admin);
    const orgId = orgIdOf(page);
    await page.getByRole('region', { name: 'Getting started' }).waitFor();
    await expectNoSeriousAxeViolations(page, 'home of a new org');
    await page.getByRole('navigation', { name: 'Org' }).getByRole('link', { name: 'Principles' }).click();
    await page.getByRole('heading', { level: 1, name: 'Leadership principles' }).waitFor();
    await expectNoSeriousAxeViolations(page, 'principles');

    await page.getByRole('button', { name: 'Edit Customer Obsession' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit principle' });
    await dialog.getByLabel('What it means').fill('Start from what customers need and work backwards.');
    await expectNoSeriousAxeViolations(page, 'edit dialog');
    await dialog.getByRole('button', { name: 'Save new wording' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('button', { name: 'Retire Frugality' }).click();
    await page.getByRole('heading', { name: 'Retired principles' }).waitFor();
    await expectNoSeriousAxeViolations(page, 'principles with a retired one');

    await page.getByRole('link', { name: 'History of Customer Obsession' }).click();
    await page.getByRole('heading', { level: 2, name: 'Version 1' }).waitFor();
    await expectNoSeriousAxeViolations(page, 'principle history with a diff');

    await page.goto(`/o/${orgId}/members`);
    const invitee = newPerson('member');
    await page.getByLabel('Email').fill(invitee.email);
    await page.getByRole('button', { name: 'Create invitation link' }).click();
    const link = page.getByRole('textbox', { name: `Invitation link for ${invitee.email}` });
    await link.waitFor();
    await expectNoSeriousAxeViolations(page, 'members with an invitation link');
    const inviteUrl = await link.inputValue();

    await page.goto(`/o/${orgId}/api-tokens`);
    await page.getByLabel('Name').fill('Import');
    await page.getByRole('button', { name: 'Create token' }).click();
    await page.getByRole('button', { name: 'Revoke Import' }).waitFor();
    await expectNoSeriousAxeViolations(page, 'API tokens');
    await page.getByRole('button', { name: 'Revoke Import' }).click();
    await page.getByRole('dialog', { name: 'Revoke this token?' }).waitFor();
    await expectNoSeriousAxeViolations(page, 'revoke dialog');
    await page.keyboard.press('Escape');

    // A new org's pipeline teaches what it is for; proposing an idea opens the initiative's record.
    await page.goto(`/o/${orgId}/pipeline`);
    await page.getByRole('region', { name: 'No initiatives yet' }).waitFor();
    await expectNoSeriousAxeViolations(page, 'empty pipeline');
    await page.getByLabel('Name', { exact: true }).fill('Same-day returns');
    await page.getByRole('button', { name: 'Propose idea' }).click();
    await page.getByRole('heading', { level: 1, name: 'Same-day returns' }).waitFor();
    await page.getByText('Not met: Link the PR/FAQ document the press release is drafted in.').waitFor();
    await expectNoSeriousAxeViolations(page, 'a new idea');

    // A new org's business review teaches what the weekly review is for, above the form for its first deck.
    await page.goto(`/o/${orgId}/wbr`);
    await page.getByRole('region', { name: 'No business review decks yet' }).waitFor();
    await page.getByRole('button', { name: 'Start from the example' }).click();
    await expectNoSeriousAxeViolations(page, 'empty business review');

    await page.goto(`/o/${orgId}/audit`);
    await page.locator('.audit-entry').first().waitFor();
    await expectNoSeriousAxeViolations(page, 'audit log');
    await page.getByRole('button', { name: /^Org/ }).click();
    await page.getByRole('link', { name: 'Create another org' }).waitFor();
    await expectNoSeriousAxeViolations(page, 'org switcher open');
    await page.keyboard.press('Escape');
    await page.keyboard.press('?');
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    await expectNoSeriousAxeViolations(page, 'shortcuts help');
    await page.keyboard.press('Escape');

    await page.goto('/orgs/new');
    await page.getByRole('button', { name: 'Create org' }).waitFor();
    await expectNoSeriousAxeViolations(page, 'new org');
    await page.goto('/o/00000000-0000-4000-8000-000000000000/principles');
    await page.getByRole('heading', { level: 1, name: 'Not found' }).waitFor();
    await expectNoSeriousAxeViolations(page, 'not found');

    const memberPage = await (await newContext(stack.browser, stack.server, { colorScheme })).newPage();
    await memberPage.goto(inviteUrl);
    await memberPage.getByRole('button', { name: 'Create account and join' }).waitFor();
    await expectNoSeriousAxeViolations(memberPage, 'invitation');
    await memberPage.getByLabel('Your name').fill(invitee.name);
    await memberPage.getByLabel('Password').fill(invitee.password);
    await memberPage.getByRole('button', { name: 'Create account and join' }).click();
    await memberPage.getByRole('heading', { level: 1, name: 'Home' }).waitFor();
    await memberPage.getByRole('navigation', { name: 'Org' }).getByRole('link', { name: 'Principles' }).click();
    await memberPage.getByRole('heading', { level: 1, name: 'Leadership principles' }).waitFor();
    await expectNoSeriousAxeViolations(memberPage, 'principles as a member');
    await memberPage.goto(`/o/${orgId}/audit`);
    await memberPage.getByRole('heading', { name: 'Only admins can open this page' }).waitFor();
    await expectNoSeriousAxeViolations(memberPage, 'audit refused to a member');
  });
});
