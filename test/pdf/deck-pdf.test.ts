import { describe, expect, it } from 'vitest';
import type { Deck } from '../../src/domain/wbr/deck-types.js';
import { renderDeckHtml } from '../../src/domain/wbr/html/render-deck-html.js';
import { buildWbrDeck, createDataScanner, parseWbrConfig } from '../../src/domain/wbr/wbr-deck.js';
import { renderDeckPdf } from '../../src/pdf/deck-pdf.js';
import { pageOf, readPdf } from '../support/pdf-reader.js';
import { dailyCsv, utcDay } from '../wbr/wbr-fixtures.js';

// A deck of our own through the real engine: a titled section in Greek, two charts (one whose last weeks jump, so
// that it has XmR signals), a 6-week and a 12-month table of large numbers, embedded content, and annotations.
const CONFIG = `setup:
  week_ending: 25-SEP-2024
  week_number: 39
  title: Überweisungen – Wochenbericht ✓
metrics:
  Orders:
    column: Orders
    aggf: sum
  Returns:
    column: Returns
    aggf: sum
deck:
  - block:
      ui_type: section
      title: Kunden – Ωμέγα
  - block:
      ui_type: 6_12Graph
      title: Orders
      y_scaling: "##.1MM"
      metrics:
        Orders:
          graph_prior_year_flag: true
  - block:
      ui_type: 6_12Graph
      title: Returns
      metrics:
        Returns:
          graph_prior_year_flag: true
  - block:
      ui_type: 6_WeeksTable
      title: Orders by week
      rows:
        - row:
            header: Volumes
            style: "font-weight: bold"
        - row:
            header: Orders
            metric: Orders
            y_scaling: "##MM"
        - row:
            header: Returns
            metric: Returns
            style: "font-style: italic"
  - block:
      ui_type: 12_MonthsTable
      title: Orders by month
      rows:
        - row:
            header: Orders placed in the month, all channels
            metric: Orders
            y_scaling: "##MM"
  - block:
      ui_type: embedded_content
      title: Live dashboard
      source: https://example.org/dashboard
`;

/** Returns steady until the last four weeks, then far above their limits: a signal the PDF must show. */
const JUMP_FROM = utcDay(2024, 8, 29);
const CSV = dailyCsv('2022-06-01', '2024-09-30', {
  Orders: (day) => 55_000_000 + (day % 7) * 1_000_000,
  Returns: (day) => (day >= JUMP_FROM ? 900 : 100 + (day % 3)),
});

/** Each page's footer, before its number. */
const FOOTER = 'Überweisungen – Wochenbericht ✓ · week ending 25 September 2024';

function deckWith(annotations: Array<{ date: number; metricName: string; description: string }> = []): Deck {
  const config = parseWbrConfig(CONFIG, { fileName: 'deck.yaml' });
  const scanner = createDataScanner(config, 'data.csv');
  scanner.push(new TextEncoder().encode(CSV));
  return buildWbrDeck({ config, data: scanner.end(), annotations });
}

describe('the PDF deck', () => {
  it('says what the HTML deck says: titles, box totals, signals, table cells, embedded content', async () => {
    const deck = deckWith([{ date: utcDay(2024, 9, 20), metricName: 'Returns', description: 'Carrier strike: parcels came back unopened' }]);
    const pdf = await readPdf(await renderDeckPdf(deck));
    const text = pdf.pages.map((page) => page.text).join(' ');
    expect(pdf.title).toBe('Überweisungen – Wochenbericht ✓ (week ending 25 September 2024)');
    expect(pdf.fonts.some((font) => /\+DejaVuSans$/.test(font))).toBe(true);
    expect(text).toContain('Überweisungen – Wochenbericht ✓');
    expect(text).toContain('Kunden – Ωμέγα');
    expect(text).toContain('1. Orders');
    expect(text).toContain('2. Returns');
    // Box totals: the group labels, the App's columns, and a value as y_scaling formats it.
    expect(text).toMatch(/Week Month to date Quarter to date Year to date LastWk WOW YOY MTD YOY QTD YOY YTD YOY/);
    const html = renderDeckHtml(deck);
    const lastWeek = /<td class="val">([^<]+)<\/td>/.exec(html)?.[1];
    expect(lastWeek).toMatch(/M$/);
    expect(text).toContain(lastWeek);
    // The signals, with the HTML deck's words, in the index and under the chart.
    expect(text).toMatch(/Signals in the six weeks shown: \d+ in the bad direction, 0 in the good direction, on 1 chart/);
    expect(text).toContain('Bad signal wk 36, wk 37, wk 38, wk 39: above the upper natural process limit');
    expect(text).toContain('Noteworthy events');
    expect(text).toContain('Carrier strike: parcels came back unopened');
    // Tables: every month's cell whole (no "…"), the row header as written.
    expect(text).toContain('Orders placed in the month, all channels');
    expect(text).not.toContain('…');
    const monthCells = [...html.matchAll(/<td>(\d[\d,]*M)<\/td>/g)].map((match) => match[1]!);
    expect(monthCells.length).toBeGreaterThan(12);
    for (const cell of monthCells) expect(text).toContain(cell);
    expect(text).toContain('This deck is self-contained and does not load embedded content. Open it at https://example.org/dashboard.');
  });

  it('keeps each chart whole on one page and bookmarks the section and its blocks', async () => {
    const pdf = await readPdf(await renderDeckPdf(deckWith()));
    // A chart's title, its axis labels and its box totals are on one page.
    for (const title of ['1. Orders', '2. Returns']) {
      const page = pdf.pages[pageOf(pdf, title)]!;
      const after = page.text.slice(page.text.indexOf(title));
      expect(after).toMatch(/wk 34 .*Aug .*LastWk WOW YOY/);
    }
    expect(pdf.outline).toEqual([
      { title: 'Kunden – Ωμέγα', depth: 0 },
      { title: '1. Orders', depth: 1 },
      { title: '2. Returns', depth: 1 },
      { title: '3. Orders by week', depth: 1 },
      { title: '4. Orders by month', depth: 1 },
      { title: 'Live dashboard', depth: 1 },
    ]);
    // The signal index links to its chart; embedded content is a web link; every page is numbered.
    expect(pdf.pages[0]!.links).toContainEqual({ url: null, destination: 'block-3' });
    expect(pdf.pages.flatMap((page) => page.links)).toContainEqual({ url: 'https://example.org/dashboard', destination: null });
    pdf.pages.forEach((page, index) => expect(page.text.endsWith(` ${FOOTER} Page ${index + 1}`)).toBe(true));
  });

  it('continues a table taller than a page on the next, with its header again', async () => {
    const rows = Array.from({ length: 90 }, (_, index) => `        - row:\n            header: Line ${index + 1}\n            metric: Orders\n            y_scaling: "##MM"`).join('\n');
    const config = `${CONFIG.split('deck:\n')[0]}deck:\n  - block:\n      ui_type: 12_MonthsTable\n      title: Long table\n      rows:\n${rows}\n`;
    const parsed = parseWbrConfig(config, { fileName: 'deck.yaml' });
    const scanner = createDataScanner(parsed, 'data.csv');
    scanner.push(new TextEncoder().encode(CSV));
    const pdf = await readPdf(await renderDeckPdf(buildWbrDeck({ config: parsed, data: scanner.end() })));
    expect(pdf.pages.length).toBeGreaterThan(1);
    const second = pdf.pages[pageOf(pdf, 'Line 90')]!;
    expect(pageOf(pdf, 'Line 90')).toBeGreaterThan(pageOf(pdf, 'Line 1 '));
    expect(second.text).toMatch(/^Sep Oct Nov Dec Jan Feb Mar Apr May Jun Jul Aug Line \d+ /);
  });

  it('numbers pages in order when annotations run a chart over several pages', async () => {
    const notes = Array.from({ length: 30 }, (_, index) => ({
      date: utcDay(2024, 9, 1 + (index % 20)),
      metricName: 'Orders',
      description: `Note ${index + 1}: ${'a carrier strike kept parcels in depots and customers waited longer than promised; '.repeat(3)}`,
    }));
    const pdf = await readPdf(await renderDeckPdf(deckWith(notes)));
    expect(pdf.pages.length).toBeGreaterThan(3);
    pdf.pages.forEach((page, index) => {
      expect(page.text.endsWith(` ${FOOTER} Page ${index + 1}`)).toBe(true);
      expect(page.text.match(/ Page \d+$/g)).toHaveLength(1);
    });
    const text = pdf.pages.map((page) => page.text).join(' ');
    for (let note = 1; note <= 30; note += 1) expect(text).toContain(`Note ${note}: a carrier strike`);
  });

  it('keeps a section heading with its first chart wherever the page ends', async () => {
    // The first chart grows a line of annotations at a time, moving the section down the page.
    for (let count = 6; count <= 24; count += 3) {
      const notes = Array.from({ length: count }, (_, index) => ({ date: utcDay(2024, 9, 1 + (index % 20)), metricName: 'Orders', description: `short note ${index}` }));
      const pdf = await readPdf(await renderDeckPdf(deckWith(notes)));
      expect(pageOf(pdf, 'Kunden – Ωμέγα'), `${count} annotations`).toBe(pageOf(pdf, '1. Orders'));
    }
    // Seven whole PDFs, written and read back: more than the unit tests' five seconds on a busy machine.
  }, 30_000);

  it('writes every box-total row of a chart of sixty lines, over two pages', async () => {
    const deck = deckWith();
    const chart = deck.blocks.find((block) => block.plotStyle === '6_12_chart')!;
    if (chart.plotStyle !== '6_12_chart') throw new Error('no chart');
    const line = chart.yAxis[0]!;
    chart.yAxis = Array.from({ length: 60 }, (_, index) => ({ ...line, legendName: `Line ${index + 1}` }));
    chart.table.tableBody = Array.from({ length: 60 }, () => chart.table.tableBody[0]!);
    chart.yScale = '';
    const pdf = await readPdf(await renderDeckPdf({ ...deck, blocks: [chart] }));
    const text = pdf.pages.map((page) => page.text).join(' ');
    for (let index = 1; index <= 60; index += 1) expect(text).toMatch(new RegExp(`Line ${index} \\d{3},\\d{3},\\d{3} `));
    expect(pdf.pages.filter((page) => page.text.includes('LastWk WOW YOY')).length).toBeGreaterThan(1);
  });

  it('lists the alerts on the week\'s change a published week raised, as the HTML deck does', async () => {
    const deck = deckWith();
    const alerted: Deck = { ...deck, pulse: { ...(deck.pulse as NonNullable<Deck['pulse']>), alerts: [{ metric: 'Returns', rule: 'yoy_alert', change: 31.25, threshold: 20, unit: '%' }, { metric: 'Orders', rule: 'wow_alert', change: -250, threshold: 100, unit: 'bps' }] } };
    const text = (await readPdf(await renderDeckPdf(alerted))).pages.map((page) => page.text).join(' ');
    const html = renderDeckHtml(alerted);
    for (const line of ['Returns: year over year +31.3%, beyond its alert at 20%', 'Orders: week over week -250 bps, beyond its alert at 100 bps']) {
      expect(text).toContain(line);
      expect(html).toContain(`<li>${line}</li>`);
    }
    expect(text).toContain('Alerts on the week\'s change: 2');
    expect(renderDeckHtml(deck)).not.toContain('alerts-h');
  });

  it('writes a deck without signals, sections or box totals', async () => {
    const deck = deckWith();
    const bare: Deck = { ...deck, blocks: deck.blocks.filter((block) => block.plotStyle === '6_12_chart').map((block) => ({ ...block, pulse: undefined, table: { tableBody: [] } })) };
    const pdf = await readPdf(await renderDeckPdf(bare));
    const text = pdf.pages.map((page) => page.text).join(' ');
    expect(text).not.toContain('Signals in the six weeks shown');
    expect(text).not.toContain('LastWk');
    expect(pdf.outline.map((item) => item.title)).toEqual(['1. Orders', '2. Returns']);
  });

  it('hands a long deck to a sink page by page, the same file as the one it returns whole', async () => {
    const deck = deckWith();
    const charts = deck.blocks.filter((block) => block.plotStyle === '6_12_chart');
    const long: Deck = { ...deck, blocks: Array.from({ length: 24 }, () => charts).flat() };
    const pieces: Uint8Array[] = [];
    let finished = false;
    const rendering = renderDeckPdf(long, (chunk) => pieces.push(chunk)).finally(() => { finished = true; });
    // The renderer lets the event loop run every 20 blocks: by then the pages it finished have left.
    await new Promise((resolve) => setImmediate(resolve));
    expect(finished).toBe(false);
    const piecesAtFirstTurn = pieces.length;
    expect((await rendering).length).toBe(0);
    expect(piecesAtFirstTurn).toBeGreaterThan(100);
    expect(piecesAtFirstTurn).toBeLessThan(pieces.length);
    const streamed = await readPdf(Buffer.concat(pieces));
    const whole = await readPdf(await renderDeckPdf(long));
    expect(streamed.pages.length).toBeGreaterThan(6);
    expect(streamed.pages.map((page) => page.text)).toEqual(whole.pages.map((page) => page.text));
    expect(streamed.outline).toEqual(whole.outline);
  }, 30_000);
});
