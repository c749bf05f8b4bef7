import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deck } from '../../src/domain/wbr/deck-types.js';
import { renderDeckHtml } from '../../src/domain/wbr/html/render-deck-html.js';
import { buildWbrDeckFromText } from '../../src/domain/wbr/wbr-deck.js';
import { expectNoSeriousAxeViolations, launchChromium } from '../support/browser.js';

/**
 * The self-contained HTML deck, opened from a file in headless Chromium as a reader would open it:
 * it renders every block, makes no request, logs no error, passes axe, and prints to A4 and Letter
 * with no block split across pages. It always runs on the team's fixture deck; where the WBR App's
 * demo inputs are present beside the repository (../shared/wbr/demo), it also builds and checks them.
 */
const FIXTURE_PATH = fileURLToPath(new URL('./fixtures/wbr-deck.fixture.json', import.meta.url));
const DEMO_DIR = fileURLToPath(new URL('../../../shared/wbr/demo/', import.meta.url));
const DEMO_INPUTS: ReadonlyArray<[string, string]> = [
  ['1-wbr-sample-config.yaml', '1-wbr-sample-dataset.csv'],
  ['2-wbr-sample-config-with-filter.yaml', '2-wbr-sample-dataset-with-filter.csv'],
];

const MM_TO_PX = 96 / 25.4;
const PRINT_MARGIN_MM = 12;
/** Paper sizes in millimetres; the printable area is what remains inside the margins. */
const PAPERS = { A4: { width: 210, height: 297 }, Letter: { width: 215.9, height: 279.4 } } as const;

interface DeckUnderTest {
  name: string;
  deck: Deck;
}

function decksUnderTest(): DeckUnderTest[] {
  const decks: DeckUnderTest[] = [{ name: 'fixture deck', deck: JSON.parse(readFileSync(FIXTURE_PATH, 'utf8')) as Deck }];
  if (!existsSync(DEMO_DIR)) {
    console.warn(`WBR deck e2e: ${DEMO_DIR} is absent, so only the fixture deck is checked.`);
    return decks;
  }
  for (const [configFile, csvFile] of DEMO_INPUTS) {
    const deck = buildWbrDeckFromText({
      configText: readFileSync(path.join(DEMO_DIR, configFile), 'utf8'),
      configFile,
      csvText: readFileSync(path.join(DEMO_DIR, csvFile), 'utf8'),
      csvFile,
      withSignals: true,
    });
    decks.push({ name: `demo ${configFile}`, deck });
  }
  return decks;
}

const decks = decksUnderTest();
let browser: Browser;
let workDir: string;

beforeAll(async () => {
  browser = await launchChromium();
  workDir = mkdtempSync(path.join(os.tmpdir(), 'pulse-wbr-deck-'));
});

afterAll(async () => {
  await browser?.close();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

interface OpenedDeck {
  page: Page;
  fileUrl: string;
  /** Every request other than the deck file itself. */
  requests: string[];
  errors: string[];
  dialogs: string[];
}

async function openDeck(html: string, fileName: string, colorScheme: 'light' | 'dark' = 'light'): Promise<OpenedDeck> {
  const filePath = path.join(workDir, fileName);
  writeFileSync(filePath, html);
  const fileUrl = pathToFileURL(filePath).href;
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme });
  const page = await context.newPage();
  const opened: OpenedDeck = { page, fileUrl, requests: [], errors: [], dialogs: [] };
  page.on('request', (request) => {
    if (request.url() !== fileUrl) opened.requests.push(request.url());
  });
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') opened.errors.push(`${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => opened.errors.push(`page error: ${error.message}`));
  page.on('dialog', (dialog) => {
    opened.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.goto(fileUrl, { waitUntil: 'load' });
  return opened;
}

function expectedBlockTitles(deck: Deck): string[] {
  let number = deck.blockStartingNumber;
  return deck.blocks.flatMap((block) => {
    if (block.plotStyle === 'section') return [];
    if (block.plotStyle === 'embedded_content') return [block.title || block.name || 'Embedded content'];
    return [`${number++}. ${block.title ?? ''}`];
  });
}

function pdfPageCount(pdf: Buffer): number {
  return pdf.toString('latin1').match(/\/Type\s*\/Page(?![s\w])/g)?.length ?? 0;
}

describe.each(decks)('HTML deck in Chromium: $name', ({ name, deck }) => {
  const html = renderDeckHtml(deck);
  const fileName = `${name.replace(/[^\w.-]+/g, '-')}.html`;
  const chartCount = deck.blocks.filter((block) => block.plotStyle === '6_12_chart').length;
  const tableCount = deck.blocks.filter((block) => block.plotStyle === '6_week_table' || block.plotStyle === '12_MonthsTable').length;

  it('renders every block in order, with no request, no console error and no script', async () => {
    const { page, requests, errors, dialogs } = await openDeck(html, fileName);
    try {
      await expect(page.locator('h1').textContent()).resolves.toBe(deck.title);
      const titles = (await page.locator('.block-title').allTextContents()).map((title) => title.replace(/\s+/g, ' ').trim());
      expect(titles).toEqual(expectedBlockTitles(deck));
      expect(await page.locator('svg.chart').count()).toBe(chartCount);
      for (const box of await Promise.all((await page.locator('svg.chart').all()).map((chart) => chart.boundingBox()))) {
        expect(box?.width).toBeGreaterThan(600);
        expect(box?.height).toBeGreaterThan(150);
      }
      expect(await page.locator('svg.chart path.cy').count()).toBeGreaterThanOrEqual(chartCount);
      expect(await page.locator('table.box').count()).toBe(chartCount);
      expect(await page.locator('table.data').count()).toBe(tableCount);
      expect(await page.locator('script').count()).toBe(0);
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      // On a phone-sized screen wide tables scroll inside their own box, not the page.
      await page.setViewportSize({ width: 400, height: 800 });
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      expect(requests).toEqual([]);
      expect(errors).toEqual([]);
      expect(dialogs).toEqual([]);
    } finally {
      await page.context().close();
    }
  });

  it('passes axe with no serious violation, in the light and the dark theme and on a narrow screen', async () => {
    for (const [scheme, width] of [['light', 1280], ['dark', 1280], ['light', 400]] as const) {
      const { page } = await openDeck(html, `${scheme}-${width}-${fileName}`, scheme);
      try {
        await page.setViewportSize({ width, height: 900 });
        await expectNoSeriousAxeViolations(page, `${name} (${scheme}, ${width}px)`);
      } finally {
        await page.context().close();
      }
    }
  });

  it.each(Object.keys(PAPERS) as Array<keyof typeof PAPERS>)('prints to %s with every block on one page and chart colours kept', async (paper) => {
    const { width, height } = PAPERS[paper];
    const contentWidth = Math.floor((width - 2 * PRINT_MARGIN_MM) * MM_TO_PX);
    const contentHeight = (height - 2 * PRINT_MARGIN_MM) * MM_TO_PX;
    const { page, requests, errors } = await openDeck(html, `print-${paper}-${fileName}`);
    try {
      const margin = `${PRINT_MARGIN_MM}mm`;
      const pdf = await page.pdf({ format: paper, printBackground: true, margin: { top: margin, right: margin, bottom: margin, left: margin } });
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(pdfPageCount(pdf)).toBeGreaterThanOrEqual(2);

      // Lay the page out as the printer does (print styles, the paper's printable width) and check
      // that each block asks not to be split and is short enough for one page, so it never is.
      await page.emulateMedia({ media: 'print' });
      await page.setViewportSize({ width: contentWidth, height: Math.ceil(contentHeight) });
      const blocks = await page.evaluate(() =>
        [...document.querySelectorAll('.block')].map((element) => ({
          id: element.id,
          height: element.getBoundingClientRect().height,
          breakInside: getComputedStyle(element).breakInside,
        })),
      );
      expect(blocks.length).toBe(deck.blocks.filter((block) => block.plotStyle !== 'section').length);
      for (const block of blocks) {
        expect(block.breakInside, block.id).toBe('avoid');
        expect(block.height, `${block.id} must fit on one ${paper} page`).toBeLessThanOrEqual(contentHeight);
      }
      const colourAdjust = await page.evaluate(() => {
        const line = document.querySelector('svg.chart path.cy');
        return line === null ? 'no chart' : getComputedStyle(line).getPropertyValue('print-color-adjust');
      });
      expect(chartCount === 0 || colourAdjust === 'exact').toBe(true);
      expect(requests).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await page.context().close();
    }
  });
});

describe('HTML deck in Chromium: a table wider than the paper', () => {
  it('wraps its cells in print rather than cutting off its last columns', async () => {
    const months = ['Sep', 'Oct', 'Nov', 'Dec', 'Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug'];
    const deck: Deck = {
      title: 'Wide table', weekEnding: '25 September 2021', blockStartingNumber: 1, xAxisMonthlyDisplay: null, annotationErrors: null,
      blocks: [{
        plotStyle: '12_MonthsTable', title: 'Twelve months', headers: months, annotations: [],
        // Trillions with a mask that names no unit: fifteen digits and four commas in every cell.
        rows: [{ rowHeader: 'Page views', rowData: months.map((_, index) => 32_016_932_748_940 + index * 1_000_000_000), rowStyle: '', yScale: '' }],
      }],
    };
    const { page } = await openDeck(renderDeckHtml(deck), 'wide-table.html');
    try {
      await page.emulateMedia({ media: 'print' });
      await page.setViewportSize({ width: Math.floor((PAPERS.A4.width - 2 * PRINT_MARGIN_MM) * MM_TO_PX), height: 1000 });
      const layout = await page.evaluate(() => {
        const table = document.querySelector('table.data') as HTMLElement;
        const block = table.closest('.block') as HTMLElement;
        const lastCell = table.querySelector('tbody tr td:last-child') as HTMLElement;
        return { tableRight: table.getBoundingClientRect().right, blockRight: block.getBoundingClientRect().right, lastCell: lastCell.textContent };
      });
      expect(layout.lastCell).toBe('32,027,932,748,940');
      expect(layout.tableRight).toBeLessThanOrEqual(layout.blockRight);
    } finally {
      await page.context().close();
    }
  });
});

describe('HTML deck in Chromium: hostile strings', () => {
  it('shows a config title holding a script as text and runs nothing', async () => {
    const deck = JSON.parse(readFileSync(FIXTURE_PATH, 'utf8')) as Deck;
    const attack = '<script>alert("title")</script><img src=x onerror=alert("img")>';
    deck.title = attack;
    const { page, requests, dialogs } = await openDeck(renderDeckHtml(deck), 'hostile.html');
    try {
      await expect(page.locator('h1').textContent()).resolves.toBe(attack);
      expect(await page.locator('script, img').count()).toBe(0);
      expect(dialogs).toEqual([]);
      expect(requests).toEqual([]);
    } finally {
      await page.context().close();
    }
  });
});
