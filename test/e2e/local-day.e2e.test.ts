import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callApi, newPerson, signedUpPage, useBrowserStack } from '../support/browser.js';

const stack = useBrowserStack();

/**
 * A form that starts a date at "today" fills in the reader's own calendar day. The browser's clock is fixed at
 * moments where that day and the UTC day differ: in the evening far from UTC, the UTC day is tomorrow or yesterday.
 */
describe('a date field that starts at today, far from UTC', () => {
  let admin: Awaited<ReturnType<typeof signedUpPage>>;
  let leaverId = '';

  beforeAll(async () => {
    admin = await signedUpPage(stack, newPerson('calendar'));
    const { person } = await callApi(admin.page.request, 'POST', `/orgs/${admin.orgId}/people`, { name: 'Lou Leaver', email: 'lou@example.test', role: 'Engineer', level: 5 });
    leaverId = person.id as string;
  });

  afterAll(async () => {
    await admin.page.context().close();
  });

  const cases = [
    // 12:00 UTC on Nov 27 is 2:00 AM on Nov 28 in Kiritimati (UTC+14): the UTC day is the reader's yesterday.
    { timezoneId: 'Pacific/Kiritimati', moment: '2026-11-27T12:00:00Z', localDay: '2026-11-28', utcDay: '2026-11-27' },
    // 05:00 UTC on Nov 28 is 7:00 PM on Nov 27 on Adak (UTC-10): the UTC day is the reader's tomorrow.
    { timezoneId: 'America/Adak', moment: '2026-11-28T05:00:00Z', localDay: '2026-11-27', utcDay: '2026-11-28' },
  ];

  for (const { timezoneId, moment, localDay, utcDay } of cases) {
    it(`starts a departure's last day at the reader's own day in ${timezoneId}, not the UTC day`, async () => {
      const context = await stack.browser.newContext({ baseURL: stack.server.baseUrl, viewport: { width: 1280, height: 800 }, timezoneId, storageState: await admin.page.context().storageState() });
      try {
        const page = await context.newPage();
        await page.clock.setFixedTime(new Date(moment));
        await page.goto(`/o/${admin.orgId}/people/${leaverId}`);
        await page.getByRole('heading', { name: 'Leaving the company' }).waitFor();
        expect(await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone)).toBe(timezoneId);
        const lastDay = await page.getByLabel('Last day').inputValue();
        expect(lastDay).not.toBe(utcDay);
        expect(lastDay).toBe(localDay);
      } finally {
        await context.close();
      }
    });
  }
});
