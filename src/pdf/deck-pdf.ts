/**
 * The WBR deck as a PDF: what the HTML deck shows, in the same words (deck-view.ts) and with the same charts
 * (the 6-12 chart's SVG, drawn as vectors by svg-to-pdfkit), on A4 pages. Every chart and table stays whole on
 * a page (a table taller than a page continues with its header repeated), a section heading never ends a page,
 * the signal index links to the charts, and the file's bookmarks list the sections and blocks.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import SVGtoPDF from 'svg-to-pdfkit';
import type { Deck, DeckAnnotation, EmbeddedContentBlock, SixTwelveChartBlock, SixWeeksTableBlock, TwelveMonthsTableBlock } from '../domain/wbr/deck-types.js';
import { PRINT_PALETTE as P } from '../domain/wbr/html/deck-stylesheet.js';
import {
  boxTotals, chartSignalLines, countOf, DECK_FOOTER_TEXT, DECK_WORDS, EMBED_NOTICE, embeddedTarget, legendItems, numberBlocks, numberedTitle, rowStyleOf,
  signalIndex, signalTagText, tableRowCells, alertLines, ALERTS_HEADING,
} from '../domain/wbr/html/deck-view.js';
import type { LegendItem, NumberedBlock } from '../domain/wbr/html/deck-view.js';
import { CHART_VIEWBOX, renderSixTwelveChart } from '../domain/wbr/html/six-twelve-chart-svg.js';
import type { ChartRender } from '../domain/wbr/html/six-twelve-chart-svg.js';
import { PDF_COLOURS, PdfComposer, printableText } from './pdf-composer.js';
import type { TextRun } from './pdf-composer.js';

const MARGIN = 40;
const CHART_ASPECT = CHART_VIEWBOX.height / CHART_VIEWBOX.width;
const TABLE_FONT_SIZE = 7.5;
const TABLE_ROW_HEIGHT = 12;
const SERIES = [P.s0, P.s1, P.s2, P.s3] as const;

/**
 * The chart classes as svg-to-pdfkit reads CSS: one compound selector per rule (no descendant selectors, no
 * variables), the print colours written out. The HTML deck's stylesheet says the same for browsers.
 */
const CHART_CSS = `
.chart { fill: ${P.muted}; font-size: 12px; overflow: visible; }
.xl { text-anchor: middle; }
.dl { font-size: 11px; fill: ${P.fg}; text-anchor: middle; }
.empty { text-anchor: middle; font-size: 13px; }
.grid { stroke: ${P.grid}; stroke-width: 1; fill: none; }
.sep { stroke: ${P.border}; stroke-dasharray: 3 3; fill: none; }
.base { stroke: ${P.border}; fill: none; }
.cy { fill: none; stroke-width: 2.2; stroke-linejoin: round; stroke-linecap: round; }
.py { fill: none; stroke-width: 1.6; stroke-dasharray: 6 4; stroke-linecap: round; opacity: .75; }
.mk { stroke: ${P.card}; stroke-width: 1; }
.lim { fill: none; stroke: ${P.muted}; stroke-width: 1.2; stroke-dasharray: 2 3; opacity: .8; }
.ctr { fill: none; stroke: ${P.muted}; stroke-width: 1; stroke-dasharray: 10 3 2 3; opacity: .6; }
.tgt { fill: ${P.target}; stroke: ${P.card}; stroke-width: .8; }
.ctg { fill: none; stroke: ${P.target}; stroke-width: 1.6; stroke-dasharray: 9 3; }
.ring { fill: none; stroke-width: 2.4; }
.ring.bad { stroke: ${P.bad}; }
.ring.good { stroke: ${P.good}; }
.band { opacity: .1; }
.band.bad { fill: ${P.bad}; }
.band.good { fill: ${P.good}; }
.hit { fill: none; }
${SERIES.map((colour, index) => `.s${index} { stroke: ${colour}; } .mk.s${index} { fill: ${colour}; } .lim.s${index} { stroke: ${colour}; } .ctr.s${index} { stroke: ${colour}; }`).join('\n')}
`;

/**
 * A server answering other requests meanwhile: writing a chart takes a few milliseconds of synchronous work, so
 * the deck is written this many blocks at a time, letting the event loop run between.
 */
const BLOCKS_PER_TURN = 20;

/** Renders the deck to a PDF file: returned whole, or handed to `sink` as it is written (then the result is empty). */
export async function renderDeckPdf(deck: Deck, sink?: (chunk: Uint8Array) => void): Promise<Uint8Array<ArrayBuffer>> {
  const title = deck.title ?? '';
  const page = new PdfComposer({ title: `${title} (week ending ${deck.weekEnding})`, margin: MARGIN, footer: `${title} · week ending ${deck.weekEnding}`, numbering: 'running', ...(sink === undefined ? {} : { sink }) });
  page.text([{ text: DECK_WORDS.eyebrow.toUpperCase(), font: 'sans' }], { size: 8, colour: P.muted, gapAfter: 2 });
  page.text([{ text: title, font: 'sansBold' }], { size: 20, lineGap: 2, gapAfter: 2 });
  page.text([{ text: `${DECK_WORDS.weekEnding} ${deck.weekEnding}`, font: 'sans' }], { size: 11, colour: P.muted, gapAfter: 0 });
  page.rule(8, 12);
  if (deck.annotationErrors) writeNotice(page, `${DECK_WORDS.annotationErrors}\n${deck.annotationErrors}`);
  const numbered = numberBlocks(deck);
  writeSignalIndex(page, numbered);
  writeAlerts(page, deck);
  const hasSections = deck.blocks.some((block) => block.plotStyle === 'section');
  let section: PDFKit.PDFOutline | null = null;
  for (const [index, entry] of numbered.entries()) {
    if (index > 0 && index % BLOCKS_PER_TURN === 0) await nextTurn();
    const { block } = entry;
    if (block.plotStyle === 'section') {
      page.moveDown(6);
      // A section heading comes with its first block (or as much of it as a page holds).
      const next = numbered[index + 1];
      const sectionHeight = 6 + page.heightOf([{ text: block.title, font: 'sansBold' }], { size: 15, lineGap: 1, gapAfter: 8 });
      page.ensureSpace(sectionHeight + Math.min(next === undefined ? 0 : blockHeight(page, next), page.pageHeight - sectionHeight));
      page.doc.addNamedDestination(entry.anchor);
      // An untitled section (a bare divider in the config) gets no bookmark; its blocks stay at the top level.
      section = block.title.trim() === '' ? null : page.doc.outline.addItem(block.title);
      page.rule(0, 6, P.fg);
      page.text([{ text: block.title, font: 'sansBold' }], { size: 15, lineGap: 1, gapAfter: 8 });
      continue;
    }
    const outline = hasSections && section !== null ? section : page.doc.outline;
    switch (block.plotStyle) {
      case '6_12_chart': writeChartBlock(page, block, entry, outline); break;
      case '6_week_table':
      case '12_MonthsTable': writeTableBlock(page, block, entry, outline); break;
      case 'embedded_content': writeEmbeddedBlock(page, block, entry, outline); break;
    }
  }
  page.moveDown(6);
  page.ensureSpace(30);
  page.text([{ text: DECK_FOOTER_TEXT, font: 'sans' }], { size: 8, colour: P.muted, lineGap: 1 });
  return page.finish();
}

function writeNotice(page: PdfComposer, text: string): void {
  const runs = [{ text, font: 'sans' as const }];
  const style = { size: 9, lineGap: 2, indent: 8, width: page.width - 16 };
  const height = page.heightOf(runs, style) + 12;
  page.ensureSpace(height);
  page.doc.roundedRect(page.left, page.doc.y, page.width, height, 4).fillAndStroke(P.noteBg, P.border);
  page.moveDown(6);
  page.text(runs, { ...style, gapAfter: 6 + 10 });
}

function writeSignalIndex(page: PdfComposer, numbered: readonly NumberedBlock[]): void {
  const index = signalIndex(numbered);
  if (index === null) return;
  page.heading(index.heading, { font: 'sansBold', size: 11.5, gapBefore: 0, gapAfter: 6, keepWith: 40 });
  for (const entry of index.entries) {
    const runs: TextRun[] = [{ text: entry.title, font: 'sansBold', colour: P.link }];
    if (entry.anomalies > 0) runs.push({ text: `   ${entry.anomalies} bad`, font: 'sansBold', colour: P.bad });
    if (entry.good > 0) runs.push({ text: `   ${entry.good} good`, font: 'sansBold', colour: P.good });
    page.ensureSpace(page.heightOf(runs, { size: 9, gapAfter: 1 }) + 12);
    const top = page.position();
    page.text(runs, { size: 9, gapAfter: 1 });
    // The whole title line jumps to its chart.
    if (page.position().page === top.page) page.doc.goTo(page.left, top.y, page.width, page.doc.y - top.y, entry.anchor);
    page.text([{ text: entry.details, font: 'sans' }], { size: 8, colour: P.muted, indent: 10, gapAfter: 5 });
  }
  if (index.moreCharts > 0) page.text([{ text: `… and ${countOf(index.moreCharts, 'more chart', 'more charts')} with signals, marked on the charts.`, font: 'sans' }], { size: 8.5, colour: P.muted, gapAfter: 4 });
  page.rule(4, 12);
}

function writeAlerts(page: PdfComposer, deck: Deck): void {
  const lines = alertLines(deck);
  if (lines.length === 0) return;
  page.heading(ALERTS_HEADING(lines.length), { font: 'sansBold', size: 11.5, gapBefore: 0, gapAfter: 6, keepWith: 40 });
  for (const line of lines) page.text([{ text: line, font: 'sans', colour: P.bad }], { size: 9, gapAfter: 3 });
  page.rule(4, 12);
}

function titleRuns(entry: NumberedBlock, title: string): TextRun[] {
  const runs: TextRun[] = entry.number === null ? [] : [{ text: `${entry.number}. `, font: 'sans', colour: P.muted }];
  runs.push({ text: title, font: 'sansBold' });
  return runs;
}

const TITLE_STYLE = { size: 11.5, lineGap: 1, gapAfter: 4 } as const;

function titleHeight(page: PdfComposer, entry: NumberedBlock, title: string): number {
  return page.heightOf(titleRuns(entry, title), TITLE_STYLE);
}

/** The block's title (with its number) as a bookmark, a link target and a line of text. */
function writeBlockTitle(page: PdfComposer, entry: NumberedBlock, title: string, outline: PDFKit.PDFOutline | PDFKit.PDFDocument['outline']): void {
  page.doc.addNamedDestination(entry.anchor);
  outline.addItem(printableText(numberedTitle(entry, title)));
  page.text(titleRuns(entry, title), TITLE_STYLE);
}

function chartHeight(page: PdfComposer): number {
  return page.width * CHART_ASPECT;
}

const SIGNAL_STYLE = { size: 8.5, gapAfter: 2 } as const;

interface ChartLayout {
  title: string;
  chart: ChartRender;
  legend: LegendItem[];
  totals: ReturnType<typeof boxTotals>;
  signals: ReturnType<typeof chartSignalLines>;
  height: number;
}

/** What a chart block shows and how tall it is, measured at the page's width. */
function chartLayout(page: PdfComposer, block: SixTwelveChartBlock, entry: NumberedBlock): ChartLayout {
  const title = block.title ?? '';
  const chart = renderSixTwelveChart(block, entry.anchor, numberedTitle(entry, title));
  const legend = legendItems(block, chart.signals);
  const totals = boxTotals(block);
  const signals = chartSignalLines(block, chart.signals);
  const boxRows = totals === null ? 0 : totals.rows.length + 1 + (totals.groups === null ? 0 : 1);
  const lines = [...signals.map((line) => `${signalTagText(line.isAnomaly)}  ${line.text}`), ...chart.xmrRemarks];
  const height = 4 + titleHeight(page, entry, title) + chartHeight(page) + 6 + legendHeight(page, legend) + boxRows * TABLE_ROW_HEIGHT + 4
    + lines.reduce((total, line) => total + page.heightOf([{ text: line, font: 'sans' }], SIGNAL_STYLE), 0) + annotationsHeight(page, block.annotations) + 14;
  return { title, chart, legend, totals, signals, height };
}

/** How tall a block is, for keeping a section heading with it. */
function blockHeight(page: PdfComposer, entry: NumberedBlock): number {
  const { block } = entry;
  switch (block.plotStyle) {
    case '6_12_chart': return chartLayout(page, block, entry).height;
    case '6_week_table':
    case '12_MonthsTable': return tableHeight(page, block, entry);
    case 'embedded_content': return 50;
    default: return 0;
  }
}

function writeChartBlock(page: PdfComposer, block: SixTwelveChartBlock, entry: NumberedBlock, outline: PDFKit.PDFOutline | PDFKit.PDFDocument['outline']): void {
  const { title, chart, legend, totals, signals, height } = chartLayout(page, block, entry);
  page.moveDown(4);
  page.ensureSpace(height - 4);
  writeBlockTitle(page, entry, title, outline);
  SVGtoPDF(page.doc, `<svg xmlns="http://www.w3.org/2000/svg"${chart.svg.slice(4)}`.replace('</svg>', `<style>${CHART_CSS}</style></svg>`), page.left, page.doc.y, {
    width: page.width,
    height: chartHeight(page),
    fontCallback: (_family, isBold) => (isBold ? 'sansBold' : 'sans'),
  });
  page.moveDown(chartHeight(page) + 6);
  writeLegend(page, legend);
  if (totals !== null) writeBoxTotals(page, totals);
  for (const line of signals) {
    page.text([{ text: `${signalTagText(line.isAnomaly)}  `, font: 'sansBold', colour: line.isAnomaly ? P.bad : P.good }, { text: line.text, font: 'sans' }], SIGNAL_STYLE);
  }
  for (const remark of chart.xmrRemarks) page.text([{ text: remark, font: 'sans' }], { ...SIGNAL_STYLE, colour: P.muted });
  writeAnnotations(page, block.annotations);
  page.rule(6, 8);
}

const LEGEND_ITEM_GAP = 14;
const SWATCH_WIDTH = 22;

function legendItemWidth(page: PdfComposer, item: LegendItem): number {
  page.doc.font('sans').fontSize(8);
  // A label longer than the line is cut short with an ellipsis rather than run off the page.
  return Math.min(page.width, SWATCH_WIDTH + 4 + page.doc.widthOfString(printableText(item.label)) + LEGEND_ITEM_GAP);
}

function legendHeight(page: PdfComposer, items: readonly LegendItem[]): number {
  let lines = 1;
  let x = 0;
  for (const item of items) {
    const width = legendItemWidth(page, item);
    if (x > 0 && x + width > page.width) { lines += 1; x = 0; }
    x += width;
  }
  return lines * 12 + 4;
}

/** The legend's items in rows, each with a swatch drawn as the chart draws that line or mark. */
function writeLegend(page: PdfComposer, items: readonly LegendItem[]): void {
  const doc = page.doc;
  let x = 0;
  let y = doc.y;
  for (const item of items) {
    const width = legendItemWidth(page, item);
    if (x > 0 && x + width > page.width) { x = 0; y += 12; }
    const left = page.left + x;
    const middle = y + 5;
    doc.save();
    switch (item.kind) {
      case 'target': doc.polygon([left + 11, middle - 4], [left + 15, middle + 3], [left + 7, middle + 3]).fill(P.target); break;
      case 'catalogTarget': doc.moveTo(left, middle).lineTo(left + SWATCH_WIDTH, middle).lineWidth(1.4).dash(6, { space: 2 }).stroke(P.target); break;
      case 'current':
        doc.moveTo(left, middle).lineTo(left + SWATCH_WIDTH, middle).lineWidth(1.8).stroke(SERIES[item.colour] ?? P.s0);
        doc.circle(left + SWATCH_WIDTH / 2, middle, 2.4).fill(SERIES[item.colour] ?? P.s0);
        break;
      case 'prior': doc.moveTo(left, middle).lineTo(left + SWATCH_WIDTH, middle).lineWidth(1.3).dash(4, { space: 2.5 }).stroke(SERIES[item.colour] ?? P.s0); break;
      case 'limits': doc.moveTo(left, middle).lineTo(left + SWATCH_WIDTH, middle).lineWidth(1).dash(1.5, { space: 2 }).stroke(P.muted); break;
      case 'anomaly':
      case 'good': doc.circle(left + SWATCH_WIDTH / 2, middle, 3.6).lineWidth(1.6).stroke(item.kind === 'anomaly' ? P.bad : P.good); break;
    }
    doc.restore();
    page.label(item.label, left + SWATCH_WIDTH + 4, y + 1, { font: 'sans', size: 8, width: width - SWATCH_WIDTH - 4, colour: P.muted });
    x += width;
  }
  doc.y = y + 16;
}

function writeBoxTotals(page: PdfComposer, totals: NonNullable<ReturnType<typeof boxTotals>>): void {
  const doc = page.doc;
  const nameWidth = nameColumnWidth(page, totals.rows.map((row) => row.name));
  const columnWidth = (page.width - nameWidth) / Math.max(1, totals.header.length);
  const cellX = (index: number) => page.left + nameWidth + index * columnWidth;
  const size = fittingSize(page, totals.rows.flatMap((row) => row.cells.map((cell) => cell.text)), columnWidth);
  let y = doc.y;
  const writeHeader = () => {
    if (totals.groups !== null) {
      let column = 0;
      for (const [label, span] of totals.groups) {
        page.label(label, cellX(column), y, { font: 'sans', size: 7, width: columnWidth * span, align: 'center', colour: P.muted });
        column += span;
      }
      y += TABLE_ROW_HEIGHT - 2;
    }
    totals.header.forEach((column, index) => page.label(column.label, cellX(index), y, { font: 'sansBold', size, width: columnWidth - 4, align: 'right', colour: P.muted }));
    y += TABLE_ROW_HEIGHT;
    doc.moveTo(page.left, y - 3).lineTo(page.left + page.width, y - 3).lineWidth(0.5).stroke(P.border);
  };
  writeHeader();
  for (const row of totals.rows) {
    // A chart of many metrics can have more rows than a page holds: they go on, under the header again.
    if (y + TABLE_ROW_HEIGHT > page.bottom) {
      page.newPage();
      y = doc.y;
      writeHeader();
    }
    page.label(row.name, page.left, y, { font: 'sansBold', size: TABLE_FONT_SIZE, width: nameWidth - 6 });
    row.cells.forEach((cell, index) => page.label(cell.text, cellX(index), y, { font: 'sans', size, width: columnWidth - 4, align: 'right', colour: cell.isComparison ? P.muted : P.fg }));
    y += TABLE_ROW_HEIGHT;
  }
  doc.y = y + 4;
}

/**
 * The table's type size: the default, or smaller until the widest cell fits its column (a 12-month table of
 * "1,706M" cells on a portrait page), never below a size that still prints legibly.
 */
function fittingSize(page: PdfComposer, texts: readonly string[], columnWidth: number): number {
  page.doc.font('sansBold').fontSize(TABLE_FONT_SIZE);
  const widest = texts.reduce((max, text) => Math.max(max, page.doc.widthOfString(text)), 0);
  return widest <= columnWidth - 4 ? TABLE_FONT_SIZE : Math.max(5.5, (TABLE_FONT_SIZE * (columnWidth - 4)) / widest);
}

/** The row-header column: as wide as its longest header needs, within a quarter to a third of the page. */
function nameColumnWidth(page: PdfComposer, names: readonly string[]): number {
  page.doc.font('sansBold').fontSize(TABLE_FONT_SIZE);
  const widest = names.reduce((max, name) => Math.max(max, page.doc.widthOfString(name)), 0);
  return Math.min(page.width / 3, Math.max(page.width / 8, widest + 10));
}

const ANNOTATION_STYLE = { size: 8.5, indent: 8, gapAfter: 2 } as const;

function annotationRuns(note: DeckAnnotation): TextRun[] {
  return [{ text: `${note.date} · `, font: 'sans', colour: P.muted }, { text: note.metric, font: 'sansBold' }, { text: `: ${note.description}`, font: 'sans' }];
}

function annotationsHeight(page: PdfComposer, annotations: readonly DeckAnnotation[]): number {
  if (annotations.length === 0) return 0;
  return 16 + annotations.reduce((total, note) => total + page.heightOf(annotationRuns(note), ANNOTATION_STYLE), 0);
}

function writeAnnotations(page: PdfComposer, annotations: readonly DeckAnnotation[]): void {
  if (annotations.length === 0) return;
  page.moveDown(4);
  page.text([{ text: DECK_WORDS.annotations, font: 'sansBold' }], { size: 8.5, gapAfter: 2 });
  for (const note of annotations) page.text(annotationRuns(note), ANNOTATION_STYLE);
}

/** A header-only row introduces the rows under it, with a little room above. */
const GROUP_ROW_HEIGHT = TABLE_ROW_HEIGHT + 2;

function tableHeight(page: PdfComposer, block: SixWeeksTableBlock | TwelveMonthsTableBlock, entry: NumberedBlock): number {
  const rows = block.rows.reduce((total, row) => total + (row.rowData.length === 0 ? GROUP_ROW_HEIGHT : TABLE_ROW_HEIGHT), TABLE_ROW_HEIGHT);
  return 4 + titleHeight(page, entry, block.title) + rows + annotationsHeight(page, block.annotations.flat()) + 14;
}

function writeTableBlock(page: PdfComposer, block: SixWeeksTableBlock | TwelveMonthsTableBlock, entry: NumberedBlock, outline: PDFKit.PDFOutline | PDFKit.PDFDocument['outline']): void {
  const doc = page.doc;
  const columnCount = block.headers.length;
  const dataRows = block.rows.filter((row) => row.rowData.length > 0);
  const nameWidth = nameColumnWidth(page, dataRows.map((row) => row.rowHeader));
  const columnWidth = (page.width - nameWidth) / Math.max(1, columnCount);
  const cellX = (index: number) => page.left + nameWidth + index * columnWidth;
  const cells = dataRows.map((row) => tableRowCells(row, columnCount));
  const size = fittingSize(page, [...block.headers, ...cells.flat()], columnWidth);
  const notes = block.annotations.flat();
  page.moveDown(4);
  // A table stays whole; one taller than a page starts on a fresh page and goes on, its header repeated.
  page.ensureSpace(Math.min(tableHeight(page, block, entry) - 4, page.pageHeight));
  writeBlockTitle(page, entry, block.title, outline);
  const writeHeader = () => {
    block.headers.forEach((header, index) => page.label(header, cellX(index), doc.y, { font: 'sansBold', size, width: columnWidth - 3, align: 'right', colour: P.muted }));
    doc.y += TABLE_ROW_HEIGHT;
    doc.moveTo(page.left, doc.y - 3).lineTo(page.left + page.width, doc.y - 3).lineWidth(0.5).stroke(P.border);
  };
  writeHeader();
  let dataRow = 0;
  block.rows.forEach((row) => {
    if (doc.y + (row.rowData.length === 0 ? GROUP_ROW_HEIGHT + TABLE_ROW_HEIGHT : TABLE_ROW_HEIGHT) > page.bottom) {
      page.newPage();
      writeHeader();
    }
    const style = rowStyleOf(row.rowStyle);
    const font = style.isBold ? 'sansBold' : style.isItalic ? 'sansOblique' : 'sans';
    if (row.rowData.length === 0) {
      // A header-only row introduces the rows under it.
      page.label(row.rowHeader, page.left, doc.y + 2, { font: 'sansBold', size: TABLE_FONT_SIZE, width: page.width, align: style.headerAlign });
      doc.y += GROUP_ROW_HEIGHT;
      return;
    }
    if (dataRow % 2 === 1) doc.rect(page.left, doc.y - 2.5, page.width, TABLE_ROW_HEIGHT).fill(PDF_COLOURS.shade);
    page.label(row.rowHeader, page.left + 2, doc.y, { font, size: TABLE_FONT_SIZE, width: nameWidth - 6, align: style.headerAlign });
    (cells[dataRow] ?? []).forEach((cell, index) => page.label(cell, cellX(index), doc.y, { font, size, width: columnWidth - 3, align: 'right' }));
    dataRow += 1;
    doc.y += TABLE_ROW_HEIGHT;
  });
  writeAnnotations(page, notes);
  page.rule(6, 8);
}

function writeEmbeddedBlock(page: PdfComposer, block: EmbeddedContentBlock, entry: NumberedBlock, outline: PDFKit.PDFOutline | PDFKit.PDFDocument['outline']): void {
  const target = embeddedTarget(block);
  page.moveDown(4);
  page.ensureSpace(50);
  writeBlockTitle(page, entry, target.title, outline);
  page.text([
    { text: `${EMBED_NOTICE} `, font: 'sans' },
    target.isWebUrl ? { text: target.source, font: 'sans', link: target.source, colour: P.link } : { text: target.source, font: 'mono' },
    { text: '.', font: 'sans' },
  ], { size: 9, gapAfter: 0 });
  page.rule(8, 8);
}
