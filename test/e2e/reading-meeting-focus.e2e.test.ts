import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectNoSeriousAxeViolations, newPerson, signedInPage, signedUpWithApi, useBrowserStack } from '../support/browser.js';
import { createTestApp, inviteClient, TEST_PASSWORD, type ApiClient } from '../support/test-app.js';

const stack = useBrowserStack();

const PARAGRAPH =
  'Customers who return an item wait nine days for their money, and they tell us in the survey that the wait is the worst part of shopping with us. We can refund on the courier scan instead, which takes the wait down to a day.';

/** A memo of several screens, section after section: half an hour of reading in small. */
const LONG_MEMO = ['# Faster refunds', ...['Context', 'Proposal', 'Risks', 'Costs'].flatMap((section) => [`## ${section}`, ...Array.from({ length: 5 }, () => PARAGRAPH)])].join('\n\n') + '\n';

/** An admin's memo in a reading meeting started for one member (its approver), who opens it in the browser. */
async function readingStarted(options: { colorScheme?: 'light' | 'dark'; viewport?: { width: number; height: number } } = {}) {
  const { page: facilitatorPage, api, orgId } = await signedUpWithApi(stack, newPerson('facilitator'));
  const reader = await inviteClient(createTestApp(stack.server.database.db).app, api, orgId, 'member');
  const document = (await api.post(`/orgs/${orgId}/documents`, { kind: 'memo', title: 'Faster refunds', body: LONG_MEMO })).body.document as { id: string };
  const meeting = (await api.post(`/orgs/${orgId}/documents/${document.id}/meetings`, { attendeeIds: [reader.userId] })).body.meeting as { id: string };
  const meetingApi = `/orgs/${orgId}/meetings/${meeting.id}`;
  expect((await api.post(`${meetingApi}/start`, {})).status).toBe(200);
  const page = await signedInPage(stack, { email: reader.email, password: TEST_PASSWORD }, { colorScheme: options.colorScheme });
  if (options.viewport) await page.setViewportSize(options.viewport);
  await page.goto(`/o/${orgId}/documents/${document.id}?meeting=${meeting.id}`);
  await page.getByRole('region', { name: 'Document to read' }).waitFor();
  return { page, facilitatorPage, api, orgId, reader, document, meetingApi };
}

const progressOf = async (api: ApiClient, meetingApi: string) => (await api.get(meetingApi)).body.meeting.attendees[0] as { percent: number | null; lastSection: string | null };

/** Whether an element is wholly inside the window. */
const isInWindow = (page: Page, name: string | RegExp, role: 'button' | 'text' = 'button') =>
  (role === 'button' ? page.getByRole('button', { name }) : page.getByText(name)).evaluate((element) => {
    const box = element.getBoundingClientRect();
    return box.top >= 0 && box.left >= 0 && box.bottom <= window.innerHeight && box.right <= window.innerWidth;
  });

/** The measure of the text: how many of its characters, on average, a line of its column holds. */
const charactersPerLine = (page: Page, region = 'Document to read') =>
  page.getByRole('region', { name: region }).evaluate((pane) => {
    const paragraph = pane.querySelector('p')!;
    // The paragraph set on one line gives the width of its average character, in the reading font and size.
    const oneLine = paragraph.cloneNode(true) as HTMLElement;
    Object.assign(oneLine.style, { position: 'absolute', visibility: 'hidden', whiteSpace: 'nowrap', width: 'auto' });
    paragraph.after(oneLine);
    const characterWidth = oneLine.getBoundingClientRect().width / (paragraph.textContent ?? '').length;
    oneLine.remove();
    return paragraph.clientWidth / characterWidth;
  });

describe('the reading view of a reading meeting', () => {
  it('gives a reader on a laptop the memo alone, in a reading measure, one scroll turned by the keyboard, progress reported as before', async () => {
    const { page, api, meetingApi } = await readingStarted();
    const pane = page.getByRole('region', { name: 'Document to read' });
    // The text has the keyboard from the start, and the app around it (sidebar, tabs, page) is out of the way.
    expect(await pane.evaluate((element) => element === document.activeElement)).toBe(true);
    expect(await page.evaluate(() => document.getElementById('root')!.inert)).toBe(true);
    const sidebar = await page.getByRole('navigation', { name: 'Org' }).evaluate((element) => {
      const box = element.getBoundingClientRect();
      const shown = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
      return { isInert: element.closest('[inert]') !== null, isCovered: !element.contains(shown) };
    });
    expect(sidebar).toEqual({ isInert: true, isCovered: true });
    // Tab stays in the reading view: nothing behind it takes the keyboard.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.closest('.reading-focus') !== null)).toBe(true);
    await pane.focus();
    // One scroll: the text's, nearly the whole height of the screen; the page itself does not scroll.
    const paneBox = (await pane.boundingBox())!;
    expect(paneBox.height).toBeGreaterThan(700);
    expect(await page.evaluate(() => document.scrollingElement!.scrollHeight <= window.innerHeight)).toBe(true);
    const perLine = await charactersPerLine(page);
    expect(perLine).toBeGreaterThanOrEqual(58);
    expect(perLine).toBeLessThanOrEqual(80);

    // Page Down and Space turn the text; the time left and "I am done reading" stay in sight.
    await page.keyboard.press('PageDown');
    await page.keyboard.press('Space');
    await expect.poll(() => pane.evaluate((element) => element.scrollTop)).toBeGreaterThan(800);
    expect(await isInWindow(page, /minutes of reading left/, 'text')).toBe(true);
    expect(await isInWindow(page, 'I am done reading')).toBe(true);
    await expect.poll(async () => (await progressOf(api, meetingApi)).percent ?? 0, { timeout: 10_000 }).toBeGreaterThan(0);
    await page.keyboard.press('End');
    await expect.poll(async () => (await progressOf(api, meetingApi)).lastSection, { timeout: 10_000 }).toBe('Costs');
    expect(await isInWindow(page, 'I am done reading')).toBe(true);

    // The margin notes sit beside the text.
    await page.getByLabel('Note', { exact: true }).fill('Where does nine days come from?');
    await page.getByRole('button', { name: 'Add note' }).click();
    await page.getByRole('list', { name: 'Margin notes' }).getByText('Where does nine days come from?').waitFor();
    await expectNoSeriousAxeViolations(page, 'the reading view');

    // The meeting's page is a button away, and the reading view one more.
    await page.getByRole('button', { name: 'Meeting page' }).click();
    await page.getByRole('button', { name: 'Back to the reading view' }).waitFor();
    // The button pressed went with the reading view: the keyboard goes on from the meeting's heading.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('meeting-title');
    await page.getByRole('button', { name: 'Back to the reading view' }).click();
    await pane.waitFor();

    // Done: the reading view gives way to the meeting's page, whose app is usable again.
    await page.getByRole('button', { name: 'I am done reading' }).click();
    await page.getByRole('button', { name: 'Done reading', exact: true }).waitFor();
    expect(await page.evaluate(() => document.getElementById('root')!.inert)).toBe(false);
    await page.getByRole('navigation', { name: 'Org' }).waitFor();
    await page.context().close();
  });

  it('fits a phone: no sideways scroll, the time left and "I am done reading" in sight, the notes behind a button', async () => {
    const { page } = await readingStarted({ viewport: { width: 390, height: 844 } });
    const pane = page.getByRole('region', { name: 'Document to read' });
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    expect(await pane.evaluate((element) => element.scrollWidth <= element.clientWidth)).toBe(true);
    expect((await pane.boundingBox())!.height).toBeGreaterThan(600);
    const perLine = await charactersPerLine(page);
    expect(perLine).toBeGreaterThanOrEqual(30);
    await page.keyboard.press('End');
    await expect.poll(() => pane.evaluate((element) => element.scrollTop)).toBeGreaterThan(1000);
    expect(await isInWindow(page, /minutes of reading left/, 'text')).toBe(true);
    expect(await isInWindow(page, 'I am done reading')).toBe(true);

    // The notes, out of the way until asked for, then in place of the text; the text comes back where it was.
    expect(await page.getByRole('button', { name: 'Add note' }).isVisible()).toBe(false);
    await page.getByRole('button', { name: 'Notes' }).click();
    expect(await isInWindow(page, 'Add note')).toBe(true);
    await page.getByRole('button', { name: 'Back to the text' }).click();
    expect(await pane.evaluate((element) => element.scrollTop)).toBeGreaterThan(1000);
    await expectNoSeriousAxeViolations(page, 'the reading view on a phone');
    await page.context().close();
  });

  it('passes axe in the dark theme', async () => {
    const { page } = await readingStarted({ colorScheme: 'dark' });
    await expectNoSeriousAxeViolations(page, 'the reading view (dark)');
    await page.context().close();
  });

  it('names and links the version being read in the document\'s header, not a version saved since', async () => {
    const { page, api, orgId, document } = await readingStarted();
    expect((await api.post(`/orgs/${orgId}/documents/${document.id}/versions`, { title: 'Faster refunds', body: `${LONG_MEMO}\nOne more line.\n`, baseVersion: 1 })).status).toBe(201);
    await page.reload();
    await page.getByRole('button', { name: 'Meeting page' }).click();
    const header = page.locator('.doc-lead');
    await header.getByText('Version 1, read in this meeting (the latest is version 2)').waitFor();
    for (const link of ['Markdown', 'PDF', 'Printable HTML']) expect(await header.getByRole('link', { name: link }).getAttribute('href')).toMatch(/version=1$/);
    await page.context().close();
  });

  it('tells a reader in the reading view that the memo was saved again, without taking the text\'s focus or moving the line being read', async () => {
    const { page, api, orgId, document: memo } = await readingStarted();
    const pane = page.getByRole('region', { name: 'Document to read' });
    // Well into the text: the Risks heading at the top of the pane.
    const risksTop = () => pane.getByRole('heading', { name: 'Risks' }).evaluate((heading) => heading.getBoundingClientRect().top);
    await pane.evaluate((element) => {
      const heading = [...element.querySelectorAll('h2, h3')].find((candidate) => candidate.textContent?.includes('Risks'))!;
      element.scrollTop += heading.getBoundingClientRect().top - element.getBoundingClientRect().top;
    });
    const before = await risksTop();

    expect((await api.post(`/orgs/${orgId}/documents/${memo.id}/versions`, { title: 'Faster refunds', body: `${LONG_MEMO}\nOne more line.\n`, baseVersion: 1 })).status).toBe(201);
    // The page reads the meeting every few seconds: the note comes to the reading view's bar without a reload.
    const note = page.locator('.reading-focus').getByRole('status').filter({ hasText: 'This memo was saved again after the reading started: it is at version 2 now, and this meeting reads version 1.' });
    await note.waitFor({ timeout: 10_000 });
    expect(await isInWindow(page, 'was saved again after the reading started', 'text')).toBe(true);
    // The reader is still in the text, at the same line on the screen.
    expect(await pane.evaluate((element) => element === document.activeElement)).toBe(true);
    expect(Math.abs((await risksTop()) - before)).toBeLessThanOrEqual(2);
    await page.context().close();
  });

  it('gives the facilitator the frozen version in the same reading view, with who has finished in its bar and everyone\'s progress beside it', async () => {
    const { page: reader, facilitatorPage: page, orgId, document: memo, meetingApi } = await readingStarted();
    await reader.context().close();
    const meetingId = meetingApi.split('/').pop()!;
    await page.goto(`/o/${orgId}/documents/${memo.id}?meeting=${meetingId}`);
    // On the meeting's page, no box of text: a way into the reading view.
    await page.getByRole('button', { name: 'Read version 1' }).click();
    const pane = page.getByRole('region', { name: 'Document being read' });
    await pane.waitFor();
    expect(await pane.evaluate((element) => element.closest('.reading-focus') !== null && element === document.activeElement)).toBe(true);
    expect(await page.evaluate(() => document.getElementById('root')!.inert)).toBe(true);
    const perLine = await charactersPerLine(page, 'Document being read');
    expect(perLine).toBeGreaterThanOrEqual(58);
    expect(perLine).toBeLessThanOrEqual(80);
    await page.keyboard.press('PageDown');
    await expect.poll(() => pane.evaluate((element) => element.scrollTop)).toBeGreaterThan(300);
    expect(await isInWindow(page, /minutes of reading left/, 'text')).toBe(true);
    expect(await isInWindow(page, '0 of 1 finished reading', 'text')).toBe(true);
    expect(await page.locator('.reading-focus__side').getByRole('list', { name: 'Reading progress' }).getByRole('listitem').count()).toBe(1);
    // The facilitator reads along: nothing of theirs is reported as reading progress, and they have no "done".
    expect(await page.getByRole('button', { name: 'I am done reading' }).count()).toBe(0);
    await expectNoSeriousAxeViolations(page, 'the facilitator\'s reading view');
    await page.getByRole('button', { name: 'Meeting page' }).click();
    await page.getByRole('button', { name: 'Read version 1' }).waitFor();
    expect(await page.evaluate(() => document.getElementById('root')!.inert)).toBe(false);
    await page.context().close();
  });

  it('brings the facilitator reading along back to the meeting\'s page when the reading ends, where the meeting is ended', async () => {
    const { page: readerPage, facilitatorPage: page, reader, orgId, document: memo, meetingApi } = await readingStarted();
    await readerPage.context().close();
    const meetingId = meetingApi.split('/').pop()!;
    await page.goto(`/o/${orgId}/documents/${memo.id}?meeting=${meetingId}`);
    await page.getByRole('button', { name: 'Read version 1' }).click();
    const pane = page.getByRole('region', { name: 'Document being read' });
    await pane.waitFor();
    expect(await pane.evaluate((element) => element === document.activeElement)).toBe(true);

    // The one attendee finishes: the discussion opens, and the page learns it by itself.
    expect((await reader.client.post(`${meetingApi}/progress`, { percent: 100, isDone: true })).status).toBe(200);
    const ending = page.getByRole('form', { name: 'End with a decision' });
    await ending.waitFor({ timeout: 10_000 });
    expect(await pane.count()).toBe(0);
    expect(await page.evaluate(() => document.getElementById('root')!.inert)).toBe(false);
    // The text had the keyboard and went with the view: it goes on from the meeting's heading, not the top of the page.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('meeting-title');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.closest('#root') !== null)).toBe(true);

    // Opened again during the discussion, the view stays open as the page reads the meeting again.
    await page.getByRole('button', { name: 'Read version 1' }).click();
    await pane.waitFor();
    await page.waitForResponse((response) => new URL(response.url()).pathname === `/api/v1${meetingApi}` && response.request().method() === 'GET');
    expect(await pane.isVisible()).toBe(true);
    await page.getByRole('button', { name: 'Meeting page' }).click();
    await ending.waitFor();
    await page.context().close();
  });

  it('says the approver\'s vote in words once cast, and again when changed', async () => {
    const { page, reader, meetingApi } = await readingStarted();
    expect((await reader.client.post(`${meetingApi}/progress`, { percent: 100, isDone: true })).status).toBe(200);
    const vote = page.getByRole('region', { name: 'Your decision' });
    await vote.waitFor({ timeout: 10_000 });
    await vote.getByText('You have not voted yet.').waitFor();
    await vote.getByRole('button', { name: 'Approve' }).click();
    await vote.getByRole('status').filter({ hasText: 'Your vote: approve.' }).waitFor();
    await vote.getByRole('button', { name: 'Kill' }).click();
    await vote.getByRole('status').filter({ hasText: 'Your vote: kill.' }).waitFor();
    await page.context().close();
  });
});
