import { describe, expect, it } from 'vitest';
import { DEMO_LOGIN } from '../../src/services/demo/seed-demo-org.js';
import { callApi, expectNoSeriousAxeViolations, signedInPage, useBrowserStack, useSignedInDemo } from '../support/browser.js';

const stack = useBrowserStack();
const demo = useSignedInDemo(stack);

describe('a member on the deck\'s review, on a phone', () => {
  it('reads the cards they may not change as text, and answers their own in its form', async () => {
    // The demo's review has three anomalies owned by others: the admin hands one to Priya (a member).
    const admin = await demo.page();
    const { people } = await callApi(admin.request, 'GET', `/orgs/${demo.orgId}/people`);
    const priya = (people as Array<{ id: string; email: string }>).find((person) => person.email === 'priya@pulse.example')!.id;
    const { decks } = await callApi(admin.request, 'GET', `/orgs/${demo.orgId}/wbr/decks`);
    const deck = (decks as Array<{ id: string; name: string }>).find((entry) => entry.name === 'Weekly business review')!;
    const { anomalies } = await callApi(admin.request, 'GET', `/orgs/${demo.orgId}/wbr/anomalies?status=unresolved&deckId=${deck.id}`);
    const [theirs, ...others] = anomalies as Array<{ id: string; metric: string; status: string; rootCause: string; owner: { name: string } | null }>;
    expect(others.length).toBeGreaterThan(0);
    await callApi(admin.request, 'PATCH', `/orgs/${demo.orgId}/wbr/anomalies/${theirs!.id}`, { ownerPersonId: priya });

    const page = await signedInPage(stack, { email: 'priya@pulse.example', password: DEMO_LOGIN.password });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`/o/${demo.orgId}/wbr/${deck.id}`);
    await page.getByRole('form', { name: `Review ${theirs!.metric}` }).waitFor();

    for (const other of others) {
      const card = page.getByRole('article', { name: new RegExp(`^${other.metric.replace(/[()]/g, '\\$&')}:`) });
      // No form, no disabled fields: the owner, the status and the root cause as text, and who may change them.
      expect(await card.getByRole('form').count()).toBe(0);
      expect(await card.getByRole('combobox').count()).toBe(0);
      expect(await card.getByRole('textbox').count()).toBe(0);
      const facts = await card.locator('dl dt, dl dd').allInnerTexts();
      expect(facts).toEqual(['Owner', other.owner?.name ?? 'Nobody yet', 'Status', expect.stringMatching(new RegExp(`^${other.status}$`, 'i')), 'Root cause', other.rootCause === '' ? 'Not written yet' : other.rootCause]);
      await card.getByText(`Only ${other.owner?.name ?? ''}, the deck's owner or an admin can change this anomaly.`).waitFor();
      // Each fact is one line beside its label, not a field under it: a few lines, not a form filling the screen.
      const [label, owner] = await Promise.all([card.locator('dt').first().boundingBox(), card.locator('dd').first().boundingBox()]);
      expect(owner?.y).toBeCloseTo(label?.y ?? -1, 0);
      expect(owner?.height ?? 9999).toBeLessThan(40);
    }

    // Her own card keeps its form: she explains the anomaly and saves.
    const mine = page.getByRole('form', { name: `Review ${theirs!.metric}` });
    await mine.getByLabel('Root cause').fill('A supplier shipped late in the week before.');
    await mine.getByLabel('Status').selectOption('explained');
    await mine.getByRole('button', { name: 'Save' }).click();
    await mine.getByText('Saved.').waitFor();
    await expectNoSeriousAxeViolations(page, 'deck review with read-only cards on a phone');

    // Nor may she take another owner's metric off the deck while its anomaly waits: the config form says why and what to do.
    const other = others[0]!;
    const configForm = page.getByRole('form', { name: 'Deck config' });
    const config = configForm.getByRole('textbox', { name: 'Config (YAML)' });
    const [head, ...blocks] = (await config.inputValue()).split('\n  - block:');
    const metricKey = `  ${other.metric}:\n`;
    const metricStart = head!.indexOf(metricKey);
    const metricEnd = head!.slice(metricStart + metricKey.length).search(/^ {0,2}\S/m);
    const withoutMetric = head!.slice(0, metricStart) + (metricEnd === -1 ? '' : head!.slice(metricStart + metricKey.length + metricEnd));
    await config.fill([withoutMetric, ...blocks.filter((block) => !block.includes(`${other.metric}:`))].join('\n  - block:'));
    await configForm.getByRole('button', { name: 'Save config' }).click();
    await configForm.locator('.field__error').filter({ hasText: new RegExp(`^Removing "${other.metric.replace(/[()]/g, '\\$&')}" \\(metrics\\..*, line \\d+ of the saved config\\) .* Keep the metric until it is resolved, or ask ${other.owner!.name} or an admin to remove it\\.$`) }).waitFor();
  });
});
