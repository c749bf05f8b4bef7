import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectNoSeriousAxeViolations, newPerson, signedInPage, signedUpWithApi, useBrowserStack } from '../support/browser.js';
import type { ApiClient } from '../support/test-app.js';
import { createTestApp, inviteClient, TEST_PASSWORD } from '../support/test-app.js';

const stack = useBrowserStack();

const BODY = '# Faster refunds\n\n## Context\n\nCustomers who return an item wait nine days for their money. They tell us the wait is the worst part of shopping with us.\n\n## Proposal\n\nWe refund the moment the courier scans the parcel. Customers get their money the same day.\n';

/** A memo by a new author, and a reviewer from the same org with its review tab open on version 1. */
async function reviewerOnVersionOne(): Promise<{ api: ApiClient; path: string; page: Page }> {
  const { api, orgId } = await signedUpWithApi(stack, newPerson('author'));
  const reviewer = await inviteClient(createTestApp(stack.server.database.db).app, api, orgId, 'member');
  const document = (await api.post(`/orgs/${orgId}/documents`, { kind: 'memo', title: 'Faster refunds', body: BODY })).body.document;
  const path = `/orgs/${orgId}/documents/${document.id}`;
  const page = await signedInPage(stack, { email: reviewer.email, password: TEST_PASSWORD });
  await page.goto(`/o/${orgId}/documents/${document.id}?tab=review`);
  return { api, path, page };
}

describe('the review panel and a newer draft', () => {
  it('refuses a verdict sent from a page that is behind, shows the newer draft with the reason kept, and records it there', async () => {
    const { api, path, page } = await reviewerOnVersionOne();
    const form = page.getByRole('form', { name: 'Record the verdict' });
    await form.getByRole('button', { name: 'Record verdict on version 1' }).waitFor();

    // The author saves version 2 while the reviewer still reads version 1.
    expect((await api.post(`${path}/versions`, { title: 'Faster refunds', body: BODY.replace('nine days', 'nine working days'), baseVersion: 1 })).status).toBe(201);
    await form.getByLabel('Verdict').selectOption('not_yet');
    await form.getByLabel('Reason').fill('Where does nine come from?');
    await form.getByRole('button', { name: 'Record verdict on version 1' }).click();

    // Refused, the page now shows version 2, says why, and keeps what was typed.
    await form.getByRole('alert').filter({ hasText: 'Version 2 of this document was saved after version 1' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Version 2 (current)' }).waitFor();
    await page.getByRole('region', { name: 'Version 2 (current)' }).getByText('nine working days').waitFor();
    expect(await form.getByLabel('Reason').inputValue()).toBe('Where does nine come from?');
    expect(await page.getByRole('list', { name: 'Verdicts' }).getByRole('listitem').count()).toBe(0);
    await expectNoSeriousAxeViolations(page, 'review after a stale verdict');

    await form.getByRole('button', { name: 'Record verdict on version 2' }).click();
    await page.getByRole('list', { name: 'Verdicts' }).getByRole('listitem').filter({ hasText: 'Not yet on version 2' }).waitFor();
    expect((await api.get(`${path}/review`)).body.review.verdicts).toEqual([expect.objectContaining({ version: 2, verdict: 'not_yet', reason: 'Where does nine come from?' })]);

    // An older version is history: it can be read, and its panel points to the current draft for a verdict.
    await page.getByLabel('Review version').selectOption('1');
    await page.getByRole('heading', { level: 2, name: 'Version 1' }).waitFor();
    expect(await form.count()).toBe(0);
    await page.getByRole('button', { name: 'Review version 2' }).click();
    await form.getByRole('button', { name: 'Record verdict on version 2' }).waitFor();
  });

  it('takes a vote on the current version only: a vote from a page that is behind moves it to the newer draft, and an older draft offers none', async () => {
    const { api, path, page } = await reviewerOnVersionOne();
    const form = page.getByRole('form', { name: 'Vote' });
    await form.getByRole('button', { name: 'Vote on version 1' }).waitFor();

    // The author saves version 2 while the reviewer still reads version 1: the vote on version 1 is refused.
    expect((await api.post(`${path}/versions`, { title: 'Faster refunds', body: BODY.replace('nine days', 'nine working days'), baseVersion: 1 })).status).toBe(201);
    await form.getByLabel('Your vote').selectOption('not_yet');
    await form.getByLabel('Why').fill('Where does nine come from?');
    await form.getByRole('button', { name: 'Vote on version 1' }).click();
    await form.getByRole('alert').filter({ hasText: 'Version 2 of this document was saved after version 1, the one you voted on' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Version 2 (current)' }).waitFor();
    expect(await form.getByLabel('Why').inputValue()).toBe('Where does nine come from?');
    expect(await page.getByRole('list', { name: 'Votes' }).getByRole('listitem').count()).toBe(0);
    await expectNoSeriousAxeViolations(page, 'review after a stale vote');

    await form.getByRole('button', { name: 'Vote on version 2' }).click();
    await page.getByRole('list', { name: 'Votes' }).getByRole('listitem').filter({ hasText: 'not yet — Where does nine come from?' }).waitFor();
    expect((await api.get(`${path}/review?version=1`)).body.review.votes).toEqual([]);

    // Version 1 is history: its tally can be read, no vote is offered on it, and the panel names the current draft.
    await page.getByLabel('Review version').selectOption('1');
    await page.getByRole('heading', { level: 2, name: 'Version 1' }).waitFor();
    await page.getByText('Version 1 is an earlier draft. Votes and the verdict judge the current draft, version 2').waitFor();
    expect(await form.count()).toBe(0);
    expect(await page.getByRole('button', { name: /^Vote on version/ }).count()).toBe(0);
    await page.getByRole('button', { name: 'Review version 2' }).click();
    await form.getByRole('button', { name: 'Vote on version 2' }).waitFor();
  });
});
