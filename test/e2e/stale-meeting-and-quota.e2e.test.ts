import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { apiHeaders, newContext, newPerson, orgIdOf, signedUpWithApi, signUpInBrowser, useBrowserStack } from '../support/browser.js';
import { ApiClient, createTestApp, inviteClient, TEST_PASSWORD } from '../support/test-app.js';

const stack = useBrowserStack();

const MEMO = '# Faster refunds\n\n## Context\n\nCustomers who return an item wait nine days for their money. They tell us the wait is the worst part of shopping with us.\n\n## Proposal\n\nWe refund the moment the courier scans the parcel. Customers get their money the same day.\n';

/** An admin signed up in the browser, with an API client of the same person (another tab of theirs, or a script). */
const adminWithApi = () => signedUpWithApi(stack, newPerson('facilitator'));

/** A member of the org joined under `name` (inviteClient names everyone "A member"; this form lists them by name). */
async function invite(api: ApiClient, orgId: string, name: string): Promise<string> {
  const email = `${name.toLowerCase()}-${Math.random().toString(36).slice(2, 8)}@example.test`;
  const invitation = await api.post(`/orgs/${orgId}/invitations`, { email, role: 'member' });
  expect(invitation.status).toBe(201);
  const joined = await new ApiClient(createTestApp(stack.server.database.db).app).post(`/invitations/${new URL(invitation.body.url).pathname.split('/').pop()}/signup`, { email, name, password: TEST_PASSWORD });
  expect(joined.status).toBe(201);
  return joined.body.user.id as string;
}

describe('forms that keep the draft over a colleague\'s newer save', () => {
  it('keeps the attendees ticked on a stale meeting page over someone added meanwhile, names them, and drops no one on save', async () => {
    const { page, api, orgId } = await adminWithApi();
    const [ann, bob] = [await invite(api, orgId, 'Ann'), await invite(api, orgId, 'Bob')];
    await invite(api, orgId, 'Carl');
    const document = (await api.post(`/orgs/${orgId}/documents`, { kind: 'memo', title: 'Faster refunds', body: MEMO })).body.document as { id: string };
    const meeting = (await api.post(`/orgs/${orgId}/documents/${document.id}/meetings`, { attendeeIds: [ann] })).body.meeting as { id: string };
    const meetingApi = `/orgs/${orgId}/meetings/${meeting.id}`;
    await page.goto(`/o/${orgId}/documents/${document.id}?meeting=${meeting.id}`);
    const form = page.getByRole('form', { name: 'Attendees' });
    await form.getByRole('checkbox', { name: 'Carl' }).check();

    // Another tab adds Bob just before this save reaches the server: sent whole, the list here would drop him.
    await page.route('**/attendees', async (route) => {
      expect((await api.put(`${meetingApi}/attendees`, { attendeeIds: [ann, bob] })).status).toBe(200);
      await route.continue();
    });
    await form.getByRole('button', { name: 'Save the attendees' }).click();
    await form.getByText('Since you opened this meeting, Bob was added. Your changes are kept over theirs: save to apply them.').waitFor();
    expect(await form.getByRole('checkbox', { name: 'Carl' }).isChecked()).toBe(true);
    expect(await form.getByRole('checkbox', { name: 'Bob' }).isChecked()).toBe(true);
    const names = async () => ((await api.get(meetingApi)).body.meeting.attendees as Array<{ person: { name: string } }>).map((attendee) => attendee.person.name).sort();
    expect(await names()).toEqual(['Ann', 'Bob']);
    await page.unroute('**/attendees');

    await form.getByRole('button', { name: 'Save the attendees' }).click();
    await expect.poll(names).toEqual(['Ann', 'Bob', 'Carl']);
    await expect.poll(() => form.getByText('Since you opened this meeting').count()).toBe(0);
  });

  it('keeps the reading time typed on a stale meeting page, says the time set meanwhile, and saves it only when asked again', async () => {
    const { page, api, orgId } = await adminWithApi();
    const ann = await inviteClient(createTestApp(stack.server.database.db).app, api, orgId, 'member');
    const document = (await api.post(`/orgs/${orgId}/documents`, { kind: 'memo', title: 'Faster refunds', body: MEMO })).body.document as { id: string };
    const meeting = (await api.post(`/orgs/${orgId}/documents/${document.id}/meetings`, { attendeeIds: [ann.userId], readingMinutes: 10 })).body.meeting as { id: string };
    const meetingApi = `/orgs/${orgId}/meetings/${meeting.id}`;
    await page.goto(`/o/${orgId}/documents/${document.id}?meeting=${meeting.id}`);
    const form = page.getByRole('form', { name: 'Reading time' });
    const minutes = form.getByLabel('Reading time (minutes)');
    await minutes.fill('20');

    // The other tab saves 15 minutes just before this save reaches the server: the save is refused, not written over it.
    await page.route('**/reading-time', async (route) => {
      expect((await api.put(`${meetingApi}/reading-time`, { readingMinutes: 15 })).status).toBe(200);
      await route.continue();
    });
    await form.getByRole('button', { name: 'Change the reading time' }).click();
    await form.getByText('The reading time was changed to 15 minutes since you opened this meeting (it was 10). Your 20 minutes are kept here: save to put them in its place.').waitFor();
    expect(await minutes.inputValue()).toBe('20');
    expect((await api.get(meetingApi)).body.meeting.readingMinutes).toBe(15);
    await page.unroute('**/reading-time');

    await form.getByRole('button', { name: 'Change the reading time' }).click();
    await page.getByText('Facilitated by').filter({ hasText: '20 minutes of reading' }).waitFor();
    expect((await api.get(meetingApi)).body.meeting.readingMinutes).toBe(20);
    expect(await form.getByText('since you opened this meeting').count()).toBe(0);

    // A time changed elsewhere while nothing is typed here shows up (the page polls), and the form says so.
    expect((await api.put(`${meetingApi}/reading-time`, { readingMinutes: 25 })).status).toBe(200);
    await form.getByText('The reading time was changed to 25 minutes since you opened this meeting (it was 20).').waitFor();
    expect(await minutes.inputValue()).toBe('25');
  });

  it('keeps the quota typed on a stale quotas page, says what a colleague set meanwhile, and saves it only when asked again', async () => {
    const page = await (await newContext(stack.browser, stack.server)).newPage();
    await signUpInBrowser(page, newPerson('sales-leader'));
    const orgId = orgIdOf(page);
    const headers = await apiHeaders(page);
    const person = await page.request.post(`/api/v1/orgs/${orgId}/people`, { data: { name: 'Sam Okafor', email: 'sam@example.test', role: 'Account executive', level: 5 }, headers });
    expect(person.status(), await person.text()).toBe(201);
    const samId = (await person.json()).person.id as string;

    await page.goto(`/o/${orgId}/sales/quotas`);
    const form = page.getByRole('form', { name: /^Quota for / });
    await page.locator('select[name="personId"]').selectOption(samId);
    await form.getByLabel('Quota').fill('80000');

    // A colleague sets Sam's first quota just before this save reaches the server.
    const quarter = (await form.getAttribute('aria-label'))!.replace('Quota for ', '');
    await page.route('**/api/v1/orgs/*/quotas/*/*', async (route) => {
      if (route.request().method() === 'PUT') {
        const colleague = await page.request.put(`/api/v1/orgs/${orgId}/quotas/${quarter}/${samId}`, { data: { amount: 100000 }, headers });
        expect(colleague.status(), await colleague.text()).toBe(200);
      }
      await route.continue();
    });
    await form.getByRole('button', { name: 'Save quota' }).click();
    await page.getByText('Sam Okafor\'s quota was set to 100,000 since you opened this page (it was none). Nothing was changed. Your 80000 is kept here: save again to put it in its place.').waitFor();
    expect(await form.getByLabel('Quota').inputValue()).toBe('80000');
    expect(await page.getByRole('row', { name: /Sam Okafor/ }).textContent()).toContain('100,000');
    await page.unroute('**/api/v1/orgs/*/quotas/*/*');

    await form.getByRole('button', { name: 'Save quota' }).click();
    await page.getByText(`Saved: Sam Okafor is asked to book 80,000 in ${quarter}.`).waitFor();
    await expect.poll(async () => page.getByRole('row', { name: /Sam Okafor/ }).textContent()).toContain('80,000');
  });
});

describe('the quotas, gross profit, accounts and success criteria tables on a phone', () => {
  it('stacks each row so the figures and the Change button are in sight, and a quota\'s Change takes the reader to the form', async () => {
    const page = await (await newContext(stack.browser, stack.server)).newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    await signUpInBrowser(page, newPerson('phone-leader'));
    const orgId = orgIdOf(page);
    const headers = await apiHeaders(page);
    const person = await page.request.post(`/api/v1/orgs/${orgId}/people`, { data: { name: 'Sam Okafor', email: 'sam@example.test', role: 'Account executive', level: 5 }, headers });
    const samId = (await person.json()).person.id as string;
    const deal = await page.request.post(`/api/v1/orgs/${orgId}/opportunities`, { data: { accountName: 'Harbor Foods', name: 'Same-day fulfilment', amount: 100_000, closeDate: new Date().toISOString().slice(0, 10), ownerPersonId: samId }, headers });
    expect(deal.status(), await deal.text()).toBe(201);
    const now = new Date();
    const quarter = `${now.getUTCFullYear()}-Q${Math.floor(now.getUTCMonth() / 3) + 1}`;
    expect((await page.request.put(`/api/v1/orgs/${orgId}/quotas/${quarter}/${samId}`, { data: { amount: 300000 }, headers })).status()).toBe(200);
    const inSight = async (locator: ReturnType<Page['locator']>) => {
      const box = (await locator.boundingBox())!;
      return box.x >= 0 && box.x + box.width <= 390;
    };

    await page.goto(`/o/${orgId}/sales/quotas`);
    const change = page.getByRole('button', { name: 'Change the quota of Sam Okafor' });
    await change.waitFor();
    expect(await inSight(change)).toBe(true);
    expect(await inSight(page.locator('td[data-label="Pipeline to quarter end"]'))).toBe(true);
    await change.click();
    await expect.poll(() => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name)).toBe('amount');
    expect(await page.getByRole('form', { name: `Quota for ${quarter}` }).getByLabel('Quota').inputValue()).toBe('300000');

    await page.goto(`/o/${orgId}/sales/gross-profit`);
    const profit = page.locator('section[aria-labelledby] td[data-label="Open pipeline profit"]').first();
    await profit.waitFor();
    expect(await inSight(profit)).toBe(true);
    expect(await inSight(page.locator('td[data-label="Gross profit"]').first())).toBe(true);

    await page.goto(`/o/${orgId}/sales/accounts`);
    const changeAccount = page.getByRole('button', { name: 'Change Harbor Foods' });
    await changeAccount.waitFor();
    expect(await inSight(changeAccount)).toBe(true);
    expect(await inSight(page.locator('td[data-label="Drift"]').first())).toBe(true);

    const dealId = (await deal.json()).opportunity.id as string;
    const criterion = await page.request.post(`/api/v1/orgs/${orgId}/opportunities/${dealId}/success-criteria`, { data: { metric: 'Median days from return received to refund paid', baseline: '9 days', target: '1 day', dueOn: '2027-03-31' }, headers });
    expect(criterion.status(), await criterion.text()).toBe(201);
    await page.goto(`/o/${orgId}/sales/${dealId}`);
    const removeCriterion = page.getByRole('button', { name: 'Remove Median days from return received to refund paid' });
    await removeCriterion.waitFor();
    expect(await inSight(removeCriterion)).toBe(true);
    expect(await inSight(page.locator('td[data-label="Complete"]'))).toBe(true);
  });
});

describe('the pipeline list on a laptop screen', () => {
  it('shows every column, the close date included, without scrolling the list sideways at 1280 pixels wide', async () => {
    const page = await (await newContext(stack.browser, stack.server)).newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    await signUpInBrowser(page, newPerson('laptop-leader'));
    const orgId = orgIdOf(page);
    const headers = await apiHeaders(page);
    const person = await page.request.post(`/api/v1/orgs/${orgId}/people`, { data: { name: 'Marcus Oyelaran', email: 'marcus@example.test', role: 'Account executive', level: 5 }, headers });
    const ownerPersonId = (await person.json()).person.id as string;
    const deal = await page.request.post(`/api/v1/orgs/${orgId}/opportunities`, { data: { accountName: 'Alpine Outfitters', name: 'Controlled-drug vault picking', amount: 420_000, closeDate: '2027-03-31', ownerPersonId }, headers });
    expect(deal.status(), await deal.text()).toBe(201);

    await page.goto(`/o/${orgId}/sales`);
    const box = page.locator('.sales-list .table-scroll');
    await box.locator('td', { hasText: 'Mar 31, 2027' }).waitFor();
    expect(await box.evaluate((element) => element.scrollWidth - element.clientWidth)).toBeLessThanOrEqual(1);
  });
});
