import { describe, expect, it } from 'vitest';
import { callApi, useBrowserStack, useSignedInDemo } from '../support/browser.js';

const stack = useBrowserStack();
const demo = useSignedInDemo(stack);

describe('a metric owner on the deck\'s review, on a phone', () => {
  it('finds their own anomaly named above the list, and reaches its card in one tap', async () => {
    const page = await demo.page();
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      // The demo's review has three anomalies, none the demo user's: one is handed to them (Dana Whitfield).
      const decks = await callApi(page.request, 'GET', `/orgs/${demo.orgId}/wbr/decks`);
      const deck = decks.decks.find((entry: { name: string }) => entry.name === 'Weekly business review');
      const { anomalies } = await callApi(page.request, 'GET', `/orgs/${demo.orgId}/wbr/anomalies?status=unresolved&deckId=${deck.id as string}`);
      const last = anomalies.at(-1) as { id: string; metric: string };
      await callApi(page.request, 'PATCH', `/orgs/${demo.orgId}/wbr/anomalies/${last.id}`, { ownerPersonId: deck.owner.id });

      await page.goto(`/o/${demo.orgId}/wbr/${deck.id as string}`);
      const note = page.getByRole('note').filter({ hasText: 'Yours to answer' });
      await note.waitFor();
      expect(await note.innerText()).toBe(`Yours to answer (1 of ${anomalies.length}): ${last.metric}`);
      await note.getByRole('link', { name: last.metric }).click();
      // The card's heading is in sight below the sticky bar, though two cards come before it.
      const heading = page.getByRole('heading', { name: new RegExp(`^${last.metric.replace(/[()]/g, '\\$&')}:`) });
      await expect.poll(async () => (await heading.boundingBox())?.y ?? -1).toBeGreaterThan(40);
      expect((await heading.boundingBox())?.y ?? 9999).toBeLessThan(844 / 2);
    } finally {
      await page.setViewportSize({ width: 1280, height: 800 });
    }
  });
});
