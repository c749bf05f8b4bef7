import { describe, expect, it } from 'vitest';
import { newPerson, signedUpPage, useBrowserStack } from '../support/browser.js';

const stack = useBrowserStack();

describe('the quotas page on a phone (390 px wide)', () => {
  it('puts the quarter on its own line and both neighbouring quarters on the next, one at each edge, each a thumb\'s height', async () => {
    const { page, orgId } = await signedUpPage(stack, newPerson('seller'));
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`/o/${orgId}/sales/quotas?quarter=2026-Q4`);
    const heading = page.getByRole('heading', { level: 2, name: /^2026-Q4/ });
    const quarters = page.getByRole('navigation', { name: 'Quarters' });
    const previous = quarters.getByRole('link', { name: '← 2026-Q3' });
    const next = quarters.getByRole('link', { name: '2027-Q1 →' });
    await next.waitFor();
    const [headingBox, previousBox, nextBox] = await Promise.all([heading.boundingBox(), previous.boundingBox(), next.boundingBox()]);
    if (!headingBox || !previousBox || !nextBox) throw new Error('the quarter heading or its links are not drawn');
    // One line for the two links, under the heading (not link, heading, link on three lines).
    expect(Math.abs(previousBox.y - nextBox.y)).toBeLessThan(2);
    expect(previousBox.y).toBeGreaterThanOrEqual(headingBox.y + headingBox.height - 1);
    // The earlier quarter on the left, the later one on the right, as a calendar reads.
    expect(previousBox.x).toBeLessThan(headingBox.x + 2);
    expect(nextBox.x + nextBox.width).toBeGreaterThan(390 - 40);
    for (const box of [previousBox, nextBox]) expect(box.height).toBeGreaterThanOrEqual(44);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);

    await next.click();
    await page.getByRole('heading', { level: 2, name: /^2027-Q1/ }).waitFor();
    expect(new URL(page.url()).searchParams.get('quarter')).toBe('2027-Q1');
  });
});
