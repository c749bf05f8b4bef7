import { describe, expect, it } from 'vitest';
import { expectNoSeriousAxeViolations, newPerson, signedInPage, signedUpWithApi, useBrowserStack } from '../support/browser.js';
import { createTestApp, inviteClient, TEST_PASSWORD } from '../support/test-app.js';

const stack = useBrowserStack();

const BODY = '# Faster refunds\n\n## Context\n\nCustomers who return an item wait nine days for their money. They tell us the wait is the worst part of shopping with us.\n';

describe('asking for a review from the review tab', () => {
  it('lets the author pick a member, shows the open request, puts it on the reviewer\'s Home, and withdraws it', async () => {
    const { page, api, orgId } = await signedUpWithApi(stack, newPerson('author'));
    const reviewer = await inviteClient(createTestApp(stack.server.database.db).app, api, orgId, 'member');
    const document = (await api.post(`/orgs/${orgId}/documents`, { kind: 'memo', title: 'Faster refunds', body: BODY })).body.document as { id: string };

    await page.goto(`/o/${orgId}/documents/${document.id}?tab=review`);
    const panel = page.getByRole('region', { name: 'Review requests' });
    await panel.getByText('Nobody is waiting to review this document.').waitFor();
    await panel.getByRole('button', { name: 'Ask for review…' }).click();
    const form = panel.getByRole('form', { name: 'Ask for review' });
    // The author is not offered: only members who may read the document and did not write it.
    expect(await form.getByRole('checkbox').count()).toBe(1);
    await form.getByRole('checkbox', { name: 'A member' }).check();
    await form.getByRole('button', { name: 'Send requests' }).click();
    const requests = panel.getByRole('list', { name: 'Open review requests' });
    await requests.getByRole('listitem').filter({ hasText: 'A member' }).waitFor();
    await expectNoSeriousAxeViolations(page, 'review tab with a review request');

    // The reviewer sees it on Home, and it links to the review.
    const reviewerPage = await signedInPage(stack, { email: reviewer.email, password: TEST_PASSWORD });
    await reviewerPage.goto(`/o/${orgId}/home`);
    const item = reviewerPage.getByRole('region', { name: 'Needs you' }).getByRole('listitem').filter({ hasText: 'Review requested' }).filter({ hasText: 'Faster refunds' });
    await item.waitFor();
    expect(await item.getByRole('link', { name: 'Faster refunds' }).getAttribute('href')).toBe(`/o/${orgId}/documents/${document.id}?tab=review`);

    await requests.getByRole('button', { name: 'Withdraw the request to A member' }).click();
    await panel.getByText('Nobody is waiting to review this document.').waitFor();
    expect((await reviewer.client.get(`/orgs/${orgId}/home`)).body.needsYou).toEqual([]);
  });

  it('tells the reviewer on the review tab who asked them, takes them to their vote on a phone, and drops the note once they vote', async () => {
    const { api, orgId } = await signedUpWithApi(stack, newPerson('author'));
    const reviewer = await inviteClient(createTestApp(stack.server.database.db).app, api, orgId, 'member');
    const document = (await api.post(`/orgs/${orgId}/documents`, { kind: 'memo', title: 'Faster refunds', body: BODY })).body.document as { id: string };
    expect((await api.post(`/orgs/${orgId}/documents/${document.id}/review-requests`, { reviewerIds: [reviewer.userId] })).status).toBe(201);

    const page = await signedInPage(stack, { email: reviewer.email, password: TEST_PASSWORD });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`/o/${orgId}/home`);
    await page.getByRole('region', { name: 'Needs you' }).getByRole('link', { name: 'Faster refunds' }).click();
    const note = page.getByRole('region', { name: 'Your review request' });
    await note.getByText(/asked you to review this document/).waitFor();
    expect(await note.innerText()).toMatch(/^Author \d+ asked you to review this document just now\. Read it, comment on passages, then vote compelling or not yet: your vote answers the request\./);
    await expectNoSeriousAxeViolations(page, 'review tab with the reviewer\'s request');

    // On a phone the vote is below the text and the comment form: the note's button goes there.
    await note.getByRole('button', { name: 'Go to your vote' }).click();
    const vote = page.getByRole('form', { name: 'Vote' });
    await page.waitForFunction(() => window.document.activeElement?.getAttribute('name') === 'choice');
    expect(await vote.boundingBox().then((box) => box !== null && box.y >= 0 && box.y + box.height <= 844)).toBe(true);

    await vote.getByRole('textbox', { name: 'Why' }).fill('Clear problem and a plan.');
    await vote.getByRole('button', { name: 'Vote on version 1' }).click();
    await page.getByRole('list', { name: 'Votes' }).getByText('Clear problem and a plan.').waitFor();
    await note.waitFor({ state: 'detached' });
  });
});
