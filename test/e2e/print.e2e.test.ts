import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { useBrowserStack, useSignedInDemo } from '../support/browser.js';

const stack = useBrowserStack();
const demo = useSignedInDemo(stack);

/** What a printed page shows: the print style sheet applied, in the dark theme the screen had. */
async function printed(page: Page): Promise<void> {
  await page.emulateMedia({ media: 'print' });
}

/** The demo's deck, from the decks' table: its name is linked again by each of its anomalies, listed as they load. */
async function openDemoDeck(page: Page): Promise<void> {
  await page.goto(`/o/${demo.orgId}/wbr`);
  await page.getByRole('region', { name: /^\d+ decks?$/ }).getByRole('link', { name: 'Weekly business review' }).click();
}

describe('printing a record', () => {
  afterEach(async () => {
    await (await demo.page('dark')).emulateMedia({ media: 'screen' });
  });

  it('prints a memo from its editor as the text reads, whole, on light paper', async () => {
    const page = await demo.page('dark');
    await page.goto(`/o/${demo.orgId}/documents`);
    await page.getByRole('list', { name: 'Documents' }).getByRole('link', { name: 'Same-day refunds' }).click();
    const editor = page.getByRole('textbox', { name: 'Text (Markdown)' });
    await editor.waitFor();
    await editor.fill(`${await editor.inputValue()}\n\n## Unsaved ending\n\nThe last words the writer typed before printing.`);

    await printed(page);
    // The editor's box (Markdown cut off at its height), its findings and its bar are no paper's business.
    await expect.poll(() => editor.isVisible()).toBe(false);
    expect(await page.getByRole('heading', { name: 'Findings as you type' }).isVisible()).toBe(false);
    // The text is rendered, whole, with what is in the box now.
    expect(await page.getByRole('heading', { name: 'Same-day refunds for returned orders' }).isVisible()).toBe(true);
    expect(await page.locator('p', { hasText: 'The last words the writer typed before printing.' }).isVisible()).toBe(true);
    // Dark on screen, light on paper.
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const [red = 0, green = 0, blue = 0] = (background.match(/\d+/g) ?? []).map(Number);
    expect(red + green + blue, background).toBeGreaterThan(600);

    await page.emulateMedia({ media: 'screen' });
    expect(await editor.isVisible()).toBe(true);
    expect(await page.locator('.doc-editor__print').isVisible()).toBe(false);
  });

  it('prints an initiative record without its forms and buttons, or panels left empty by them', async () => {
    const page = await demo.page('dark');
    await page.goto(`/o/${demo.orgId}/pipeline`);
    await page.getByRole('link', { name: 'Returns Robot pickups' }).click();
    await page.getByRole('heading', { level: 1, name: 'Returns Robot pickups' }).waitFor();
    const sendBack = page.getByRole('heading', { name: 'Send back or kill' });
    expect(await sendBack.isVisible()).toBe(true);
    expect(await page.locator('form').first().isVisible()).toBe(true);

    await printed(page);
    await expect.poll(() => sendBack.isVisible()).toBe(false);
    const visibleControls = await page.locator('main form, main .button').evaluateAll((elements) => elements.filter((element) => element.getClientRects().length > 0).length);
    expect(visibleControls).toBe(0);
    // What the record says stays: the next gate and what it still needs, the documents, the history.
    expect(await page.getByRole('heading', { name: 'Next: Approved' }).isVisible()).toBe(true);
    expect(await page.getByRole('heading', { name: 'Documents', exact: true }).isVisible()).toBe(true);
    expect(await page.getByRole('heading', { name: 'History', exact: true }).isVisible()).toBe(true);
  });

  it('still prints what a form shows as recorded: an anomaly’s owner, status and root cause', async () => {
    const page = await demo.page('dark');
    await openDemoDeck(page);
    const rootCause = page.getByRole('textbox', { name: 'Root cause' }).filter({ hasText: 'Conveyor 3' });
    await rootCause.waitFor();

    await printed(page);
    expect(await rootCause.isVisible()).toBe(true);
    // Its Save button is no paper's business.
    expect(await page.getByRole('button', { name: 'Save', exact: true }).first().isVisible()).toBe(false);
  });

  it('prints an opportunity without its move, lost and add forms, but with its gate and its deal', async () => {
    const page = await demo.page('dark');
    await page.goto(`/o/${demo.orgId}/sales`);
    await page.getByRole('link', { name: 'Returns robots pilot' }).click();
    const move = page.getByRole('form', { name: /^Move to / });
    const lostOrBack = page.getByRole('form', { name: 'Mark lost or move back' });
    await move.waitFor();
    expect(await lostOrBack.isVisible()).toBe(true);

    await printed(page);
    await expect.poll(() => move.isVisible()).toBe(false);
    expect(await lostOrBack.isVisible()).toBe(false);
    expect(await page.getByRole('form', { name: 'Add a success criterion' }).isVisible()).toBe(false);
    expect(await page.getByRole('form', { name: 'Add an objection' }).isVisible()).toBe(false);
    // What the next stage still needs, and the deal's recorded fields, are the record.
    expect(await page.getByRole('heading', { name: /^Next: / }).isVisible()).toBe(true);
    expect(await page.getByRole('form', { name: 'Change the deal' }).getByLabel('Amount').isVisible()).toBe(true);
  });

  it('prints a WBR deck without its publish, upload and annotate forms', async () => {
    const page = await demo.page('dark');
    await openDemoDeck(page);
    const publish = page.getByRole('heading', { name: 'Publish a week' });
    await publish.waitFor();
    const upload = page.getByRole('form', { name: 'Upload data' });
    expect(await upload.isVisible()).toBe(true);

    await printed(page);
    await expect.poll(() => publish.isVisible()).toBe(false);
    expect(await page.getByRole('form', { name: 'Publish a week' }).isVisible()).toBe(false);
    expect(await upload.isVisible()).toBe(false);
    expect(await page.getByRole('form', { name: 'Annotate a metric' }).isVisible()).toBe(false);
    expect(await page.getByRole('heading', { name: 'Weeks', exact: true }).isVisible()).toBe(true);
  });

  it('prints a WBR deck\'s parts without the link to publishing, and each annotation with its author rather than an empty remove cell', async () => {
    const page = await demo.page('dark');
    await openDemoDeck(page);
    const parts = page.getByRole('navigation', { name: 'Parts of the deck page' });
    const publishLink = parts.getByRole('link', { name: 'Publish a week' });
    await publishLink.waitFor();
    const annotations = page.getByRole('region', { name: 'Annotations' });
    const firstRow = annotations.getByRole('row').nth(1);
    await firstRow.getByRole('button', { name: 'Remove' }).waitFor();

    await printed(page);
    await expect.poll(() => publishLink.isVisible()).toBe(false);
    expect(await parts.getByRole('link', { name: 'Weeks', exact: true }).isVisible()).toBe(true);
    expect(await annotations.getByRole('columnheader', { name: 'By' }).isVisible()).toBe(true);
    expect(await firstRow.getByRole('button', { name: 'Remove' }).isVisible()).toBe(false);
    // The last cell says who wrote the annotation: nothing of it is left blank on paper.
    expect((await firstRow.getByRole('cell').last().innerText()).trim()).not.toBe('');
  });

  it('prints a requisition and its candidate without the add-a-candidate form or the loop planner', async () => {
    const page = await demo.page('dark');
    await page.goto(`/o/${demo.orgId}/hiring`);
    await page.getByRole('link', { name: 'Gripper test engineer L5' }).click();
    await page.getByLabel('Candidate name').fill('Paige Printer');
    await page.getByLabel('Candidate email').fill('paige@candidates.example');
    await page.getByRole('button', { name: 'Add candidate' }).click();
    await page.getByRole('link', { name: 'Paige Printer' }).click();
    const planner = page.getByRole('heading', { name: 'Plan the interview loop' });
    await planner.waitFor();
    const addCandidate = page.getByRole('heading', { name: 'Add a candidate' });
    expect(await addCandidate.isVisible()).toBe(true);

    await printed(page);
    await expect.poll(() => planner.isVisible()).toBe(false);
    expect(await addCandidate.isVisible()).toBe(false);
    // The candidate, and the requisition's recorded hiring manager, still print.
    expect(await page.getByRole('heading', { name: /^Paige Printer/ }).isVisible()).toBe(true);
    expect(await page.getByRole('form', { name: 'Hiring manager' }).isVisible()).toBe(true);
  });

  it('prints the whole document a reading meeting shows, not the first screen of its scrolling pane', async () => {
    const page = await demo.page('dark');
    await page.goto(`/o/${demo.orgId}/documents`);
    await page.getByRole('list', { name: 'Documents' }).getByRole('link', { name: 'Same-day refunds' }).click();
    await page.getByRole('link', { name: 'Meetings' }).click();
    await page.getByRole('link', { name: /^Meeting of / }).first().click();
    const pane = page.getByRole('region', { name: 'Document being read' });
    // The demo's meeting may not have started yet: its facilitator starts it, then opens the frozen version being read
    // in the reading view (the same view the attendees read in, its text one scrolling pane).
    const start = page.getByRole('button', { name: /^Start the reading/ });
    const read = page.getByRole('button', { name: /^Read version \d+/ });
    await read.or(start).waitFor();
    if (await start.isVisible()) await start.click();
    await read.click();
    await pane.waitFor();
    // A short window, so that the pane (a share of the window's height on screen) is shorter than the memo.
    await page.setViewportSize({ width: 1280, height: 300 });
    try {
      const isCut = () => pane.evaluate((element) => element.scrollHeight > element.clientHeight + 1);
      expect(await isCut()).toBe(true);
      await printed(page);
      expect(await isCut()).toBe(false);
    } finally {
      await page.setViewportSize({ width: 1280, height: 800 });
    }
  });
});
