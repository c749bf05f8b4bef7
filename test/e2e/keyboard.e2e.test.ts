import { describe, expect, it } from 'vitest';
import { newPerson, signedUpPage, useBrowserStack } from '../support/browser.js';

const stack = useBrowserStack();

describe('keyboard shortcuts for frequent actions', () => {
  it('sends a form with Ctrl+Enter from its text box, keeps Enter a new line, and lists the chord under ?', async () => {
    const { page, orgId } = await signedUpPage(stack, newPerson('keys'));
    await page.goto(`/o/${orgId}/principles`);
    await page.getByRole('button', { name: 'Add a principle' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add a principle' });
    await dialog.getByLabel('Title').fill('Write It Down');
    const summary = dialog.getByLabel('What it means');
    await summary.click();
    await page.keyboard.type('Decide on prose read in silence');
    // Enter alone is a new line in the text, not a send.
    await page.keyboard.press('Enter');
    expect(await summary.inputValue()).toBe('Decide on prose read in silence\n');
    await expect.poll(() => dialog.isVisible()).toBe(true);
    await page.keyboard.press('Backspace');
    await page.keyboard.type(', not on slides.');
    await page.keyboard.press('Control+Enter');
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('heading', { name: 'Write It Down' }).waitFor();
    const { principles } = (await (await page.request.get(`/api/v1/orgs/${orgId}/principles`)).json()) as { principles: Array<{ title: string; summary: string }> };
    expect(principles.find((principle) => principle.title === 'Write It Down')?.summary).toBe('Decide on prose read in silence, not on slides.');

    // The help lists it beside the other shortcuts.
    await page.keyboard.press('?');
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).getByText('In a text box (a comment, a reply, the discussion, a note, a root cause, feedback): send its form', { exact: false }).waitFor();
  });
});
