import { describe, expect, it } from 'vitest';
import { dayNumber, isoDate, isoWeekday } from '../../src/domain/wbr/calendar.js';
import { apiHeaders, expectNoSeriousAxeViolations, useBrowserStack, useSignedInDemo } from '../support/browser.js';
import { FULFILMENT_CONFIG, fulfilmentCsv } from '../support/wbr-review-fixture.js';

const stack = useBrowserStack();
const demo = useSignedInDemo(stack);

describe('previewing a week on the deck page', () => {
  it('starts at the latest week with data, frames the preview marked as such, refuses a bad week with its reason, and keeps nothing', async () => {
    const page = await demo.page();
    const headers = await apiHeaders(page);
    const base = `/api/v1/orgs/${demo.orgId}/wbr/decks`;
    const created = await page.request.post(base, { data: { name: 'Previewed fulfilment', config: FULFILMENT_CONFIG }, headers });
    expect(created.status(), await created.text()).toBe(201);
    const deckId = (await created.json()).deck.id as string;
    // Data up to today: the latest week with data is the one under way (the Saturday on or after today).
    const today = new Date().toISOString().slice(0, 10);
    const [year, month, day] = today.split('-').map(Number) as [number, number, number];
    const todayNumber = dayNumber(year, month, day);
    const thisWeek = isoDate(todayNumber + ((6 - isoWeekday(todayNumber) + 7) % 7));
    const uploaded = await page.request.put(`${base}/${deckId}/data?fileName=fulfilment.csv`, { data: fulfilmentCsv(today, [thisWeek]), headers: { ...headers, 'content-type': 'text/csv' } });
    expect(uploaded.status(), await uploaded.text()).toBe(200);
    const keptRows = async () => {
      const count = async (table: 'wbr_snapshots' | 'wbr_anomalies') => Number((await stack.server.database.db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('count')).where('deck_id', '=', deckId).executeTakeFirstOrThrow()).count);
      return { snapshots: await count('wbr_snapshots'), anomalies: await count('wbr_anomalies') };
    };

    await page.goto(`/o/${demo.orgId}/wbr/${deckId}`);
    const form = page.getByRole('form', { name: 'Preview a week' });
    const picker = form.getByLabel('Week to preview');
    expect(await picker.inputValue()).toBe(thisWeek);
    await form.getByRole('button', { name: 'Preview' }).click();
    const preview = page.getByRole('article', { name: /^Preview: week ending/ });
    await preview.getByRole('note').filter({ hasText: 'Not published: nothing is kept, and no anomaly is raised.' }).waitFor();
    const frame = page.frameLocator('iframe[title^="WBR deck preview, week ending"]');
    await frame.locator('h1', { hasText: '[PREVIEW, not published' }).waitFor();
    expect(await preview.getByRole('link', { name: 'Open in a new tab' }).getAttribute('href')).toBe(`/api/v1/orgs/${demo.orgId}/wbr/decks/${deckId}/preview?weekEnding=${thisWeek}&format=html`);
    await expectNoSeriousAxeViolations(page, 'week preview');

    // A day that ends no week of this deck: the server's reason shows by the form, and the frame goes.
    await picker.fill(isoDate(todayNumber + ((5 - isoWeekday(todayNumber) + 7) % 7) - 7));
    await form.getByRole('button', { name: 'Preview' }).click();
    await page.getByText(/query\.weekEnding: .* is a Friday; this deck's weeks end on a Saturday/).waitFor();
    expect(await preview.count()).toBe(0);

    expect(await keptRows()).toEqual({ snapshots: 0, anomalies: 0 });
  });
});
