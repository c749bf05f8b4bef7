import { describe, expect, it } from 'vitest';
import { DEMO_LOGIN } from '../../src/services/demo/seed-demo-org.js';
import { callApi, signedInPage, useBrowserStack, useSignedInDemo } from '../support/browser.js';

const stack = useBrowserStack();
const demo = useSignedInDemo(stack);

describe('the deck\'s owner on an anomaly someone else owns', () => {
  it('may explain it in its form but is offered no Resolved and nobody else as owner, and is told who may', async () => {
    // The admin hands the demo's review to Priya (a member): she chairs it, and its anomalies are owned by others.
    const admin = await demo.page();
    const { people } = await callApi(admin.request, 'GET', `/orgs/${demo.orgId}/people`);
    const priya = (people as Array<{ id: string; email: string }>).find((person) => person.email === 'priya@pulse.example')!.id;
    const { decks } = await callApi(admin.request, 'GET', `/orgs/${demo.orgId}/wbr/decks`);
    const deck = (decks as Array<{ id: string; name: string }>).find((entry) => entry.name === 'Weekly business review')!;
    await callApi(admin.request, 'PATCH', `/orgs/${demo.orgId}/wbr/decks/${deck.id}`, { ownerPersonId: priya });
    const { anomalies } = await callApi(admin.request, 'GET', `/orgs/${demo.orgId}/wbr/anomalies?status=unresolved&deckId=${deck.id}`);
    const theirs = (anomalies as Array<{ metric: string; owner: { id: string; name: string; leftOn: string | null } | null }>).find((anomaly) => anomaly.owner !== null && anomaly.owner.id !== priya && anomaly.owner.leftOn === null)!;
    expect(theirs).toBeDefined();

    const page = await signedInPage(stack, { email: 'priya@pulse.example', password: DEMO_LOGIN.password });
    await page.goto(`/o/${demo.orgId}/wbr/${deck.id}`);
    const form = page.getByRole('form', { name: `Review ${theirs.metric}` });
    const status = form.getByLabel('Status');
    await status.waitFor();
    expect(await status.locator('option').allInnerTexts()).toEqual(['Open', 'Explained']);
    await form.getByText(`Only ${theirs.owner!.name} or an admin can resolve it.`).waitFor();
    // Nor may she hand it on: its owner is the only one offered.
    expect(await form.getByLabel('Owner').locator('option').allInnerTexts()).toEqual([theirs.owner!.name]);
    await form.getByText(`Only ${theirs.owner!.name} or an admin can hand it to someone else.`).waitFor();
    await form.getByLabel('Root cause').fill('The carrier missed two pick-ups, we think.');
    await status.selectOption('explained');
    await form.getByRole('button', { name: 'Save' }).click();
    await form.getByText('Saved.').waitFor();
  });
});
