import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { loadShippedPlaybooks } from '../../src/server/serve.js';
import { expectNoSeriousAxeViolations, useBrowserStack, useSignedInDemo } from '../support/browser.js';
import { readPdf } from '../support/pdf-reader.js';

const stack = useBrowserStack();
const demo = useSignedInDemo(stack);
const prfaq = loadShippedPlaybooks().bySlug.get('writing-a-prfaq')!;
const prfaqLength = `${prfaq.wordCount} words · ${prfaq.readMinutes} min read`;

/** The app's scripts the page fetches from now on (the lazily loaded chunks show up here). */
function recordScripts(page: Page): string[] {
  const scripts: string[] = [];
  page.on('request', (request) => {
    const { pathname } = new URL(request.url());
    if (pathname.startsWith('/assets/') && pathname.endsWith('.js')) scripts.push(pathname);
  });
  return scripts;
}

function recordErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  return errors;
}

/** The drawings a reader sees: an SVG of each diagram, in the page's colour scheme. */
const visibleDrawings = (page: Page) => page.locator('.playbook-diagram__svg svg >> visible=true');

/** The fill of the first box of the first diagram as the reader sees it (the drawing in the page's scheme). */
const boxFill = (page: Page) => visibleDrawings(page).first().locator('.node rect').first().evaluate((box) => getComputedStyle(box).fill);

/** How light a computed `rgb(…)` colour is, from 0 (black) to 1 (white). */
function lightness(colour: string): number {
  const channels = (colour.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map(Number);
  return channels.reduce((sum, channel) => sum + channel, 0) / (3 * 255);
}

/** Each diagram's caption and the labels of its boxes, as printed (the light drawing, which is the one printed). */
function diagramTexts(page: Page): Promise<Array<{ caption: string; labels: string[] }>> {
  return page.locator('.playbook-diagram').evaluateAll((figures) => figures.map((figure) => {
    const words = (element: Element) => (element.textContent ?? '').replace(/\s+/g, ' ').trim();
    return {
      caption: `${words(figure.querySelector('.playbook-diagram__number')!)} ${words(figure.querySelector('.playbook-diagram__caption')!).replace(/^Diagram \d+\. /, '').split(' ').slice(0, 4).join(' ')}`,
      labels: [...figure.querySelectorAll('.playbook-diagram__scheme--light .nodeLabel')].map(words).filter((label) => label !== ''),
    };
  }));
}

describe('the playbook library', () => {
  it('filters the list, draws the diagrams in the page, takes a vote, and applies the PR/FAQ playbook in Documents', async () => {
    const page = await demo.page('light');
    const scripts = recordScripts(page);
    const errors = recordErrors(page);

    // `g` then `b` opens the library; the list loads no diagram code.
    await page.keyboard.press('g');
    await page.keyboard.press('b');
    await page.getByRole('heading', { level: 1, name: 'Playbooks' }).waitFor();
    const cards = page.getByRole('list', { name: 'Playbooks' }).getByRole('listitem');
    await expect.poll(() => cards.count()).toBe(8);
    expect(await cards.first().textContent()).toContain(`${prfaqLength} · 5 views · 2 of 3 readers found it helpful`);
    await expectNoSeriousAxeViolations(page, 'playbook list');

    await page.getByLabel('Mechanism').selectOption('bar-raiser');
    await expect.poll(() => cards.allTextContents()).toEqual([expect.stringMatching(/^Bar Raiser hiring/)]);
    expect(new URL(page.url()).searchParams.get('mechanism')).toBe('bar-raiser');
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.getByLabel('Search titles and summaries').fill('silent reading');
    await expect.poll(() => cards.allTextContents()).toEqual([expect.stringMatching(/^The six-page memo and the silent reading meeting/)]);
    await page.getByRole('status').filter({ hasText: '1 of 8 playbooks match the filters' }).waitFor();
    await page.getByLabel('Search titles and summaries').fill('okrs');
    await page.getByText('No playbook matches the filters.').waitFor();
    await expectNoSeriousAxeViolations(page, 'playbook list with no match');
    await page.getByRole('button', { name: 'Clear filters' }).click();
    // Only the app and the library's own chunks (each page is one, loaded when opened): no Mermaid yet.
    expect(scripts.filter((script) => !/\/(index|playbooks|playbooks-page)-[\w-]+\.js$/.test(script))).toEqual([]);

    await page.getByRole('link', { name: 'Writing a PR/FAQ' }).click();
    await page.getByRole('heading', { level: 1, name: 'Writing a PR/FAQ' }).waitFor();
    // The diagram is drawn as SVG in the page, not shown as code, with its steps in words beside it.
    await visibleDrawings(page).first().waitFor();
    expect(await visibleDrawings(page).count()).toBe(1);
    expect(await visibleDrawings(page).first().textContent()).toContain('Draft the press release');
    expect(await page.locator('.playbook__body pre').count()).toBe(0);
    await page.getByRole('img', { name: /^Flowchart: From customer problem to a compelling PR\/FAQ/ }).waitFor();
    await page.locator('.playbook-diagram summary', { hasText: 'The diagram in words' }).click();
    await page.getByText('Do reviewers find it compelling? → Rewrite: new draft (not yet)').waitFor();
    expect(scripts.some((script) => script.includes('/mermaid-renderer-'))).toBe(true);
    // Word count, read time, and this reader's first view today on top of the demo's five.
    expect(await page.locator('.page__lead').textContent()).toContain(`${prfaqLength} · 6 views`);

    // "Was this helpful?": the vote shows as pressed with the counts, can be changed, and stays after a reload.
    const question = page.getByRole('region', { name: 'Was this helpful?' });
    await question.getByRole('button', { name: 'Yes' }).click();
    await question.getByText('3 said yes, 1 said no. You said yes (saved); you can change your answer.').waitFor();
    // The lead above the text says the same as the tally under the question.
    expect(await page.locator('.page__lead').textContent()).toContain('3 of 4 readers found it helpful');
    expect(await question.getByRole('button', { name: 'Yes' }).getAttribute('aria-pressed')).toBe('true');
    await question.getByRole('button', { name: 'No' }).click();
    await question.getByText('2 said yes, 2 said no. You said no (saved)').waitFor();
    expect(await question.getByRole('button', { name: 'Yes' }).getAttribute('aria-pressed')).toBe('false');
    await page.reload();
    await visibleDrawings(page).first().waitFor();
    await page.getByRole('region', { name: 'Was this helpful?' }).getByText('2 said yes, 2 said no. You said no;').waitFor();
    // Reopening the same day is not another view.
    expect(await page.locator('.page__lead').textContent()).toContain('6 views');
    await expectNoSeriousAxeViolations(page, 'a playbook');

    // Downloads: the Markdown file and the printable page.
    const markdownHref = await page.getByRole('link', { name: 'Markdown file' }).getAttribute('href');
    const markdown = await page.request.get(markdownHref!);
    expect(markdown.headers()['content-disposition']).toBe('attachment; filename="writing-a-prfaq.md"');
    expect((await page.request.get((await page.getByRole('link', { name: /Printable page/ }).getAttribute('href'))!)).status()).toBe(200);
    const pdf = await page.request.get((await page.getByRole('link', { name: 'PDF file' }).getAttribute('href'))!);
    expect(pdf.headers()['content-disposition']).toBe('attachment; filename="writing-a-prfaq.pdf"');
    expect((await readPdf(await pdf.body())).pages[0]?.text).toMatch(/^Writing a PR\/FAQ Pulse playbook · /);

    // Related playbooks lead on; "Apply this" opens Documents ready for a new PR/FAQ.
    await page.getByRole('complementary', { name: 'About this playbook' }).getByRole('link', { name: 'The six-page memo and the silent reading meeting' }).click();
    await page.getByRole('heading', { level: 1, name: 'The six-page memo and the silent reading meeting' }).waitFor();
    await page.getByRole('link', { name: 'Start a narrative memo' }).waitFor();
    await page.goBack();
    await page.getByRole('heading', { level: 1, name: 'Writing a PR/FAQ' }).waitFor();
    await page.getByRole('link', { name: 'Start a PR/FAQ' }).click();
    await page.getByRole('heading', { level: 1, name: 'Documents' }).waitFor();
    expect(new URL(page.url()).searchParams.get('new')).toBe('prfaq');
    const form = page.getByRole('form', { name: 'New document' });
    expect(await form.getByLabel('Kind').inputValue()).toBe('prfaq');
    await expect.poll(() => form.getByLabel('Title').evaluate((input) => input === document.activeElement)).toBe(true);
    await page.keyboard.type('Soft-pack gripper');
    await form.getByRole('button', { name: 'Create' }).click();
    await page.getByRole('heading', { level: 1, name: 'Soft-pack gripper' }).waitFor();
    expect(await page.locator('.doc-lead .badge').first().textContent()).toBe('PR/FAQ');
    expect(errors).toEqual([]);
  });

  it('passes axe in the dark theme, showing the dark drawing', async () => {
    const page = await demo.page('dark');
    const errors = recordErrors(page);
    await page.goto(`/o/${demo.orgId}/playbooks`);
    await page.getByRole('heading', { level: 1, name: 'Playbooks' }).waitFor();
    await expectNoSeriousAxeViolations(page, 'playbook list, dark');
    await page.goto(`/o/${demo.orgId}/playbooks/weekly-business-review`);
    await visibleDrawings(page).first().waitFor();
    expect(await visibleDrawings(page).first().evaluate((svg) => svg.closest('.playbook-diagram__scheme')?.classList.contains('playbook-diagram__scheme--dark'))).toBe(true);
    await expectNoSeriousAxeViolations(page, 'a playbook, dark');
    expect(errors).toEqual([]);
  });

  it('draws a diagram in the theme in use, follows the theme toggle, and prints it in the light scheme', async () => {
    const page = await demo.page('light');
    const errors = recordErrors(page);
    await page.goto(`/o/${demo.orgId}/playbooks/sales-discovery`);
    await visibleDrawings(page).first().waitFor();
    const light = await boxFill(page);
    expect(lightness(light)).toBeGreaterThan(0.8);

    // The toggle switches the drawing with the page, and back.
    await page.getByRole('button', { name: 'Switch to the dark theme' }).click();
    await expect.poll(async () => lightness(await boxFill(page))).toBeLessThan(0.3);
    const dark = await boxFill(page);
    // Printed from the dark theme, the drawing is the light one.
    await page.emulateMedia({ media: 'print' });
    expect(await boxFill(page)).toBe(light);
    await page.emulateMedia({ media: null });
    await page.getByRole('button', { name: 'Switch to the light theme' }).click();
    await expect.poll(() => boxFill(page)).toBe(light);

    // A reader whose system is dark sees the dark drawing, and prints the light one.
    const darkPage = await demo.page('dark');
    await darkPage.goto(`/o/${demo.orgId}/playbooks/sales-discovery`);
    await visibleDrawings(darkPage).first().waitFor();
    expect(await boxFill(darkPage)).toBe(dark);
    await darkPage.emulateMedia({ media: 'print' });
    expect(await boxFill(darkPage)).toBe(light);
    await darkPage.emulateMedia({ media: null });
    expect(errors).toEqual([]);
  });

  it('prints every playbook with no blank page and each diagram whole on one page, scaled down when taller than a page', async () => {
    const page = await demo.page('dark');
    for (const playbook of loadShippedPlaybooks().playbooks) {
      await page.goto(`/o/${demo.orgId}/playbooks/${playbook.slug}`);
      await page.getByRole('heading', { level: 1, name: playbook.title }).waitFor();
      await expect.poll(() => visibleDrawings(page).count(), { message: playbook.file }).toBe(playbook.diagrams.length);
      const diagrams = await diagramTexts(page);
      for (const format of ['A4', 'A5'] as const) {
        const pdf = await readPdf(await page.pdf({ format }));
        const where = `${playbook.file} on ${format}`;
        expect(pdf.pages.filter((printed) => printed.text === '').length, `${where}: blank pages`).toBe(0);
        expect(pdf.pages[0]!.text, where).toMatch(new RegExp(`^${playbook.title.replace(/[()/?.]/g, '\\$&')}`));
        // Compared without spaces: the PDF's text breaks runs at ligatures ("fi nd").
        const letters = (text: string) => text.replace(/\s+/g, '');
        for (const diagram of diagrams) {
          const captionPage = pdf.pages.findIndex((printed) => letters(printed.text).includes(letters(diagram.caption)));
          expect(captionPage, `${where}: ${diagram.caption}`).toBeGreaterThanOrEqual(0);
          const text = letters(pdf.pages[captionPage]!.text);
          expect(diagram.labels.filter((label) => !text.includes(letters(label))), `${where}: boxes of ${diagram.caption} away from its caption`).toEqual([]);
        }
      }
    }
  });

  it('draws every diagram of every playbook Pulse ships', async () => {
    const page = await demo.page('light');
    const errors = recordErrors(page);
    for (const playbook of loadShippedPlaybooks().playbooks) {
      await page.goto(`/o/${demo.orgId}/playbooks/${playbook.slug}`);
      await page.getByRole('heading', { level: 1, name: playbook.title }).waitFor();
      await expect.poll(() => visibleDrawings(page).count(), { message: playbook.file }).toBe(playbook.diagrams.length);
      expect(await page.getByText('could not be drawn').count(), playbook.file).toBe(0);
    }
    expect(errors).toEqual([]);
  });
});
