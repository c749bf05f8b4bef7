import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectNoSeriousAxeViolations, newContext, newPerson, orgIdOf, signedInPage, signUpInBrowser, useBrowserStack } from '../support/browser.js';
import { ApiClient, createTestApp, inviteClient, TEST_PASSWORD } from '../support/test-app.js';

const stack = useBrowserStack();

const MEMO = `# Faster refunds

## Context

Customers who return an item wait nine days for their money. They tell us the wait is the worst part of shopping with us.

## Proposal

We refund on the courier scan and email the customer at once.
`;

/** The device's clock in these tests: two hours ahead of the server's, and standing still. */
const DEVICE_CLOCK_AHEAD_MS = 2 * 60 * 60_000;

/**
 * Sets where the reading stands on the server, by moving its start: the reading time then ends `msLeft` from now (by
 * the server's clock, which is this process's). The pages learn it on their next poll, as they would learn time going
 * by, so the test waits seconds, not minutes.
 */
async function endReadingIn(meetingId: string, readingMinutes: number, msLeft: number): Promise<void> {
  const startedAt = new Date(Date.now() + msLeft - readingMinutes * 60_000);
  await stack.server.database.db.updateTable('reading_meetings').set({ started_at: startedAt }).where('id', '=', meetingId).execute();
}

/** A signed-in page whose device clock is wrong (ahead, and not moving): the clock must still go by the server's. */
async function pageWithWrongClock(page: Page): Promise<Page> {
  await page.clock.setFixedTime(Date.now() + DEVICE_CLOCK_AHEAD_MS);
  return page;
}

/**
 * A facilitator signed in in the browser (and through the API) who set up a reading meeting on a memo for Ann, a
 * member; not started yet.
 */
async function meetingNotStarted() {
  const context = await newContext(stack.browser, stack.server);
  const facilitator = await context.newPage();
  const person = newPerson('facilitator');
  await signUpInBrowser(facilitator, person);
  const orgId = orgIdOf(facilitator);
  const app = createTestApp(stack.server.database.db).app;
  const api = new ApiClient(app);
  expect((await api.post('/auth/login', { email: person.email, password: person.password })).status).toBe(200);
  const ann = await inviteClient(app, api, orgId, 'member');
  const document = (await api.post(`/orgs/${orgId}/documents`, { kind: 'memo', title: 'Faster refunds', body: MEMO })).body.document;
  const meeting = (await api.post(`/orgs/${orgId}/documents/${document.id}/meetings`, { attendeeIds: [ann.userId] })).body.meeting;
  return { facilitator, api, orgId, ann, document, meeting };
}

/** What the meeting's clock has said to a screen reader (its polite status, out of sight). */
const announcementOf = (page: Page) => page.locator('.visually-hidden[role="status"]').textContent();

describe('the reading meeting\'s clock', () => {
  it('counts the reading time down from the server\'s meeting, says five minutes left and the discussion opening, and opens it without a reload', async () => {
    const { facilitator, api, orgId, ann, document, meeting } = await meetingNotStarted();
    const started = await api.post(`/orgs/${orgId}/meetings/${meeting.id}/start`);
    expect(started.status).toBe(200);
    const readingMinutes: number = started.body.meeting.readingMinutes;
    const meetingPath = `/o/${orgId}/documents/${document.id}?meeting=${meeting.id}`;

    // Five and a half minutes left: the clock says 6 minutes, to the reader and to the facilitator, although both
    // devices' clocks say the reading ended long ago.
    await endReadingIn(meeting.id, readingMinutes, 5.5 * 60_000);
    const annPage = await pageWithWrongClock(await signedInPage(stack, { email: ann.email, password: TEST_PASSWORD }));
    await pageWithWrongClock(facilitator);
    await annPage.goto(meetingPath);
    await facilitator.goto(meetingPath);
    for (const page of [annPage, facilitator]) {
      await page.getByText('6 minutes of reading left', { exact: true }).waitFor();
      // Quiet: the clock is not a live region, and nothing has been said yet.
      expect(await page.getByText('6 minutes of reading left', { exact: true }).evaluate((element) => element.closest('[role="status"], [aria-live], [role="timer"]'))).toBeNull();
      expect(await announcementOf(page)).toBe('');
    }
    await expectNoSeriousAxeViolations(annPage, 'a reading meeting with its clock');

    // The reading passes into its last five minutes: said once, politely.
    await endReadingIn(meeting.id, readingMinutes, 4.5 * 60_000);
    await annPage.getByText('5 minutes of reading left', { exact: true }).waitFor();
    await expect.poll(() => announcementOf(annPage), { timeout: 10_000 }).toBe('5 minutes of reading left.');
    expect(await annPage.getByRole('form', { name: 'Post to the discussion' }).count()).toBe(0);

    // The time is up on the server: the discussion opens on the page as it is, the clock goes, and that is said.
    await endReadingIn(meeting.id, readingMinutes, -1_000);
    for (const page of [annPage, facilitator]) {
      await page.getByRole('form', { name: 'Post to the discussion' }).waitFor();
      await expect.poll(() => announcementOf(page), { timeout: 10_000 }).toBe('The reading is over: the discussion is open.');
      expect(await page.locator('.meeting-clock').count()).toBe(0);
    }
    await expectNoSeriousAxeViolations(annPage, 'a reading meeting whose discussion has just opened');
  });

  it('shows no clock before the start, and says nothing on opening a meeting already in its last minutes', async () => {
    const { facilitator, api, orgId, document, meeting } = await meetingNotStarted();
    const meetingPath = `/o/${orgId}/documents/${document.id}?meeting=${meeting.id}`;

    await facilitator.goto(meetingPath);
    await facilitator.getByRole('button', { name: /Start the reading/ }).waitFor();
    expect(await facilitator.locator('.meeting-clock').count()).toBe(0);

    const started = await api.post(`/orgs/${orgId}/meetings/${meeting.id}/start`);
    await endReadingIn(meeting.id, started.body.meeting.readingMinutes, 50_000);
    await facilitator.reload();
    await facilitator.getByText('Less than a minute of reading left', { exact: true }).waitFor();
    expect(await announcementOf(facilitator)).toBe('');
  });
});
