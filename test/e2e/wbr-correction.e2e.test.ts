import { describe, expect, it } from 'vitest';
import { expectNoSeriousAxeViolations, useBrowserStack, useSignedInDemo } from '../support/browser.js';

const stack = useBrowserStack();
const demo = useSignedInDemo(stack);

describe('correcting a published week', () => {
  it('asks for the reason, shows the correction as the week, and keeps the original readable behind a superseded banner', async () => {
    const page = await demo.page();
    const week = await stack.server.database.db
      .selectFrom('wbr_snapshots')
      .select(['deck_id', 'week_ending'])
      .where('org_id', '=', demo.orgId)
      .orderBy('week_ending', 'desc')
      .executeTakeFirstOrThrow();
    const deckUrl = `/o/${demo.orgId}/wbr/${week.deck_id}`;
    await page.goto(`${deckUrl}?week=${week.week_ending}`);
    await page.getByRole('button', { name: 'Correct this week' }).click();
    const dialog = page.getByRole('dialog', { name: /^Correct the week ending/ });
    await dialog.waitFor();
    // The reason is required: the server's refusal shows inside the dialog, which stays open.
    await dialog.getByRole('button', { name: 'Publish correction' }).click();
    await dialog.getByText(/reason: say why the week is corrected/).waitFor();
    await dialog.getByLabel('Why is it corrected?').fill('The Friday file arrived late');
    await expectNoSeriousAxeViolations(page, 'correct a week dialog');
    await dialog.getByRole('button', { name: 'Publish correction' }).click();
    await dialog.waitFor({ state: 'hidden' });

    // The week now reads as the correction, with its reason and a way back to the version it replaced.
    const corrected = page.getByRole('note').filter({ hasText: 'Corrected: The Friday file arrived late.' });
    await corrected.waitFor();
    expect(await page.getByRole('navigation', { name: 'Published weeks' }).getByText('corrected').count()).toBe(1);
    await corrected.getByRole('link', { name: 'Read the version it replaced' }).click();
    const superseded = page.getByRole('note').filter({ hasText: /^This version was superseded by the correction of .* \(The Friday file arrived late, by .+\)\./ });
    await superseded.waitFor();
    expect(new URL(page.url()).search).toBe(`?week=${week.week_ending}&version=1`);
    // A superseded version is not corrected again; the correction is.
    expect(await page.getByRole('button', { name: 'Correct this week' }).count()).toBe(0);
    await page.frameLocator('iframe[title^="WBR deck, week ending"]').locator('body').first().waitFor();
    await expectNoSeriousAxeViolations(page, 'superseded week');
    await superseded.getByRole('link', { name: 'Read the corrected week' }).click();
    await corrected.waitFor();
    await page.getByRole('button', { name: 'Correct this week' }).waitFor();
  });
});
