import { describe, expect, it } from 'vitest';
import { apiHeaders, expectNoSeriousAxeViolations, useBrowserStack, useSignedInDemo } from '../support/browser.js';
import { FULFILMENT_CONFIG, fulfilmentCsv } from '../support/wbr-review-fixture.js';

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

  it('shows the anomaly a correction withdrew apart from the agenda: who corrected which version and why, with its root cause kept', async () => {
    const page = await demo.page();
    const headers = await apiHeaders(page);
    const base = `/api/v1/orgs/${demo.orgId}/wbr/decks`;
    const created = await page.request.post(base, { data: { name: 'Withdrawn signals', config: FULFILMENT_CONFIG }, headers });
    expect(created.status(), await created.text()).toBe(201);
    const deckId = (await created.json()).deck.id as string;
    const upload = async (csv: string) => expect((await page.request.put(`${base}/${deckId}/data?fileName=fulfilment.csv`, { data: csv, headers: { ...headers, 'content-type': 'text/csv' } })).status()).toBe(200);
    // Published on a file that tripled the late deliveries of its week; the owner explained it before anyone saw the file was wrong.
    await upload(fulfilmentCsv('2025-01-07', ['2025-01-04']));
    expect((await page.request.post(`${base}/${deckId}/snapshots`, { data: {}, headers })).status()).toBe(201);
    const [anomaly] = (await (await page.request.get(`${base}/${deckId}`)).json()).deck.anomalies;
    expect((await page.request.patch(`/api/v1/orgs/${demo.orgId}/wbr/anomalies/${anomaly.id as string}`, { data: { status: 'explained', rootCause: 'A carrier strike, we thought.' }, headers })).status()).toBe(200);
    await upload(fulfilmentCsv('2025-01-07'));

    await page.goto(`/o/${demo.orgId}/wbr/${deckId}?week=2025-01-04`);
    await page.getByRole('heading', { name: 'This week’s review (1)' }).waitFor();
    await page.getByRole('button', { name: 'Correct this week' }).click();
    const dialog = page.getByRole('dialog', { name: /^Correct the week ending/ });
    await dialog.getByLabel('Why is it corrected?').fill('The file tripled the late deliveries');
    await dialog.getByRole('button', { name: 'Publish correction' }).click();
    await dialog.waitFor({ state: 'hidden' });

    // Off the agenda, shown apart with the correction that withdrew it and the answer its owner wrote.
    await page.getByRole('heading', { name: 'This week’s review', exact: true }).waitFor();
    const withdrawn = page.getByRole('article', { name: 'Late deliveries, withdrawn' });
    await withdrawn.waitFor();
    await withdrawn.getByText(/corrected .* by .+: The file tripled the late deliveries$/).waitFor();
    await withdrawn.getByText('Root cause: A carrier strike, we thought.').waitFor();
    await withdrawn.getByText('Status kept: Explained').waitFor();
    expect(await page.getByRole('form', { name: 'Review Late deliveries' }).count()).toBe(0);
    await expectNoSeriousAxeViolations(page, 'withdrawn anomaly');
    await withdrawn.getByRole('link', { name: /^version 2 of the week ending Jan 4, 2025$/ }).click();
    await page.getByRole('note').filter({ hasText: 'It no longer shows the signal of Late deliveries: its anomaly was withdrawn (under This week’s review).' }).waitFor();
    expect(new URL(page.url()).search).toBe('?week=2025-01-04&version=2');
  });
});

