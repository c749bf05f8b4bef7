import { describe, expect, it } from 'vitest';
import { expectNoSeriousAxeViolations, useBrowserStack, useSignedInDemo } from '../support/browser.js';

const stack = useBrowserStack();
const demo = useSignedInDemo(stack);

describe('an initiative\'s record leads to what it names', () => {
  it('leads from the gripper\'s record to its team\'s page, and from there to its people, hiring and back', async () => {
    const page = await demo.page();
    await page.goto(`/o/${demo.orgId}/pipeline`);
    await page.getByRole('link', { name: 'Adaptive gripper' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Adaptive gripper' }).waitFor();
    const ownership = page.getByRole('region', { name: 'Leader, teams and metrics' });
    await ownership.getByRole('link', { name: 'Gripper', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Gripper' }).waitFor();
    await page.getByText('Single-threaded team').waitFor();
    const members = page.getByRole('region', { name: /Members/ });
    expect(await members.getByRole('row', { name: /Sam Okafor/ }).textContent()).toMatch(/Sam Okafor.*100%/);
    await page.getByRole('region', { name: 'Open requisitions' }).getByRole('link', { name: 'Gripper test engineer' }).waitFor();
    await expectNoSeriousAxeViolations(page, 'team page');
    await members.getByRole('link', { name: 'Sam Okafor' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sam Okafor' }).waitFor();
    // The person's allocation leads back to the team, and the team to the initiative it works on.
    await page.getByRole('region', { name: /Allocations/ }).getByRole('link', { name: 'Gripper' }).click();
    await page.getByRole('heading', { level: 1, name: 'Gripper' }).waitFor();
    await page.getByRole('link', { name: 'Adaptive gripper' }).click();
    await page.getByRole('heading', { level: 1, name: 'Adaptive gripper' }).waitFor();
    // The hiring table names the team and the hiring manager by link too.
    const hiring = page.getByRole('region', { name: 'Hiring for it' });
    await hiring.getByRole('link', { name: 'Kofi Mensah' }).click();
    await page.getByRole('heading', { level: 1, name: 'Kofi Mensah' }).waitFor();
    // The Teams & initiatives page leads to each team's page too.
    await page.goto(`/o/${demo.orgId}/teams`);
    await page.getByRole('region', { name: 'Teams' }).getByRole('link', { name: 'Gripper', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Gripper' }).waitFor();
  });

  it('leads from the record\'s metrics to their rows in the catalog and to the deck that charts them', async () => {
    const page = await demo.page();
    await page.goto(`/o/${demo.orgId}/pipeline`);
    await page.getByRole('link', { name: 'Same-day courier' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Same-day courier' }).waitFor();
    const record = page.url();
    const ownership = page.getByRole('region', { name: 'Leader, teams and metrics' });
    const metricName = 'Same-day orders on time';
    await ownership.getByRole('link', { name: metricName }).click();
    await page.getByRole('heading', { level: 1, name: 'Metrics' }).waitFor();
    expect(page.url()).toContain('?metric=');
    expect(await page.locator('tr.row--linked').first().textContent()).toContain(metricName);
    await page.goto(record);
    // Beside the metric's name, the deck whose last published week charts it.
    const deck = ownership.getByRole('link', { name: metricName }).locator('..').getByRole('link').nth(1);
    const deckName = (await deck.textContent())!;
    await deck.click();
    await page.getByRole('heading', { level: 1, name: deckName }).waitFor();
  });

  it('leads from a past gate in the history to the verdict it passed on, at the version judged, and to the version read', async () => {
    const page = await demo.page();
    await page.goto(`/o/${demo.orgId}/pipeline`);
    await page.getByRole('link', { name: 'Returns Robot pickups' }).click();
    await page.getByRole('heading', { level: 1, name: 'Returns Robot pickups' }).waitFor();
    const record = page.url();
    const history = page.getByRole('region', { name: 'History' });
    const faqRow = history.getByRole('row').filter({ hasText: 'Both readers found version 2 compelling.' });
    await faqRow.getByRole('link', { name: 'The verdict on the press release (version 2)' }).click();
    await page.getByRole('combobox', { name: 'Review version' }).waitFor();
    expect(await page.getByRole('combobox', { name: 'Review version' }).inputValue()).toBe('2');
    await page.getByText(/on version 2/).first().waitFor();
    await page.goto(record);
    const memoRow = history.getByRole('row').filter({ hasText: 'The memo passes the hard checks; the reading is booked.' });
    await memoRow.getByRole('link', { name: /^The memo, version \d+$/ }).click();
    await page.getByRole('navigation', { name: 'Document views' }).waitFor();
    expect(page.url()).toMatch(/\?tab=review&version=\d+$/);
    await page.goto(record);
    await expectNoSeriousAxeViolations(page, 'initiative history with its sources');
  });
});
