import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { callApi, useBrowserStack, useSignedInDemo } from '../support/browser.js';

const stack = useBrowserStack();
const demo = useSignedInDemo(stack);

const apiAs = (page: Page, method: 'GET' | 'POST' | 'PATCH', path: string, body?: unknown) => callApi(page.request, method, `/orgs/${demo.orgId}${path}`, body);

describe('correcting a ledger entry on the person page', () => {
  it('keeps a correction being written when a colleague corrected the entry meanwhile, names theirs, and saves over it when asked; Cancel leaves it', async () => {
    const page = await demo.page();
    const { person } = await apiAs(page, 'POST', '/people', { name: 'Stale Ledger Person', email: 'stale.ledger@example.test', role: 'Engineer', level: 4 });
    const [principle] = (await apiAs(page, 'GET', '/principles')).principles as { id: string }[];
    await apiAs(page, 'POST', `/ledgers/${person.id}/evidence`, { principleId: principle!.id, text: 'Ran the first on-call rota.' });
    await page.goto(`/o/${demo.orgId}/people/${person.id}`);
    const rowOf = (text: string) => page.getByRole('row').filter({ has: page.getByRole('cell', { name: text, exact: true }) });
    await rowOf('Ran the first on-call rota.').getByRole('button', { name: 'Correct' }).click();
    const form = page.getByRole('form', { name: 'Correct this entry' });
    await form.getByLabel('Evidence').fill('Ran the first on-call rota for the platform team.');
    // A colleague corrects the same entry while this form is open.
    const [entry] = (await apiAs(page, 'GET', `/ledgers/${person.id}`)).evidence as { id: string; editToken: string }[];
    await apiAs(page, 'PATCH', `/ledgers/${person.id}/evidence/${entry!.id}`, { text: 'Ran the first on-call rota, and wrote its runbook.', baseToken: entry!.editToken });
    await form.getByRole('button', { name: 'Save correction' }).click();
    await form.getByRole('alert').filter({ hasText: 'Someone corrected this entry while you were writing. It now reads: “Ran the first on-call rota, and wrote its runbook.”. Your words are kept here: save again to put them in its place.' }).waitFor();
    expect(await form.getByLabel('Evidence').inputValue()).toBe('Ran the first on-call rota for the platform team.');
    // Saving again puts this person's words in place of the colleague's, and the form closes.
    await form.getByRole('button', { name: 'Save correction' }).click();
    await rowOf('Ran the first on-call rota for the platform team.').waitFor();
    expect(await page.getByRole('form', { name: 'Correct this entry' }).count()).toBe(0);
    expect(((await apiAs(page, 'GET', `/ledgers/${person.id}`)).evidence as { text: string }[]).map((saved) => saved.text)).toEqual(['Ran the first on-call rota for the platform team.']);
    // Cancel closes the form and changes nothing.
    await rowOf('Ran the first on-call rota for the platform team.').getByRole('button', { name: 'Correct' }).click();
    await form.getByLabel('Evidence').fill('Not meant to be saved.');
    await form.getByRole('button', { name: 'Cancel' }).click();
    expect(await page.getByRole('form', { name: 'Correct this entry' }).count()).toBe(0);
    await rowOf('Ran the first on-call rota for the platform team.').waitFor();
  });
});
