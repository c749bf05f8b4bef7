/**
 * Documents (PR/FAQs, memos) and playbooks as PDF files, laid out as their printable pages are: a serif body
 * made for long reading, sans-serif headings kept with their text, lists with hanging indents, code and
 * diagrams kept whole on a page (drawn, with their steps in words; a chart too long for one page in parts). The text comes from the same Markdown blocks
 * the app renders.
 */
import { FootnoteNumbering, parseInline, readMarkdownBlocks } from '../domain/documents/markdown-blocks.js';
import type { InlineNode, MarkdownRenderBlock } from '../domain/documents/markdown-blocks.js';
import SVGtoPDF from 'svg-to-pdfkit';
import { parseFlowchart } from '../domain/playbooks/flowchart.js';
import { bandCaption, bandedChartNote, fitFlowchartInBands, FLOWCHART_PRINT_FONT, FLOWCHART_PRINT_PALETTE, TURNED_CHART_NOTE } from '../domain/playbooks/flowchart-fit.js';
import { flowchartSvg } from '../domain/playbooks/flowchart-svg.js';
import { playbookBodyParts, playbookSubtitle } from '../domain/playbooks/playbook.js';
import type { Playbook, PlaybookDiagram } from '../domain/playbooks/playbook.js';
import { PDF_COLOURS, PdfComposer } from './pdf-composer.js';
import type { TextRun, TextStyle } from './pdf-composer.js';
import type { PdfFont } from './pdf-fonts.js';

const MARGIN = 62;
const BODY: TextStyle = { size: 10.5, lineGap: 4, gapAfter: 8 };
/** Heading sizes by level, after the shift that makes a document's `#` the page's second level. */
const HEADING_SIZES = [20, 15, 12.5, 11, 10.5, 10.5] as const;
const LIST_INDENT = 18;
/** Space between a list's marker and its text. */
const MARKER_GAP = 4;

/**
 * A list's hanging indent: LIST_INDENT, or wider when its widest marker needs it ("12." is wider than "9."), since
 * a label that does not fit its width is cut with an ellipsis. The text column moves with it, so every item of one
 * list lines up.
 */
function hangingIndent(page: PdfComposer, markers: readonly string[], size: number): number {
  const widest = Math.max(0, ...markers.map((marker) => page.widthOf(marker, 'serif', size)));
  return Math.max(LIST_INDENT, Math.ceil(widest) + MARKER_GAP);
}

/** The numbers of an ordered list as printed: "1.", "2.", … */
function numberMarkers(count: number): string[] {
  return Array.from({ length: count }, (_, index) => `${index + 1}.`);
}

interface InlineState {
  isBold: boolean;
  isItalic: boolean;
  link?: string | undefined;
  /** The document's footnotes; without them a reference is printed as typed. */
  footnotes?: FootnoteNumbering | undefined;
}

const SUPERSCRIPT_DIGITS = '⁰¹²³⁴⁵⁶⁷⁸⁹';

/** A note's number as raised digits (the fonts have them), since a run of text cannot be set higher than its line. */
function superscript(number: number): string {
  return [...String(number)].map((digit) => SUPERSCRIPT_DIGITS[Number(digit)]).join('');
}

function serifFont(state: InlineState): PdfFont {
  if (state.isBold) return state.isItalic ? 'serifBoldItalic' : 'serifBold';
  return state.isItalic ? 'serifItalic' : 'serif';
}

/**
 * A link target as a PDF viewer can follow it: web and mail addresses percent-encoded (a PDF link is ASCII). An
 * in-page `#anchor` has nothing to point at in the file, and is left out with anything unreadable.
 */
function pdfLinkTarget(href: string | undefined): string | undefined {
  if (href === undefined || href.startsWith('#')) return undefined;
  try {
    return new URL(href).href;
  } catch {
    return undefined;
  }
}

/**
 * Inline Markdown as styled runs: bold and italic serif, code in the monospace font, links underlined. A line
 * break inside a paragraph is a space, as in the app: the text is set again to the page's width.
 */
function inlineRuns(nodes: readonly InlineNode[], state: InlineState = { isBold: false, isItalic: false }): TextRun[] {
  return breaksOpeningRuns(styledRuns(nodes, state));
}

const LINE_BREAK = '\n';

/**
 * pdfkit loses a line feed that ends a run when the next run continues the paragraph, but breaks the line at one
 * that starts a run: each hard break (a run of its own) moves to the start of the run after it.
 */
function breaksOpeningRuns(runs: readonly TextRun[]): TextRun[] {
  const moved: TextRun[] = [];
  let breaks = '';
  for (const run of runs) {
    if (run.text === LINE_BREAK) { breaks += LINE_BREAK; continue; }
    moved.push(breaks === '' ? run : { ...run, text: breaks + run.text });
    breaks = '';
  }
  return moved;
}

function styledRuns(nodes: readonly InlineNode[], state: InlineState): TextRun[] {
  const runs: TextRun[] = [];
  for (const node of nodes) {
    switch (node.kind) {
      case 'text': runs.push({ text: node.text.replace(/\n/g, ' '), font: serifFont(state), link: state.link, colour: state.link === undefined ? undefined : PDF_COLOURS.link }); break;
      case 'code': runs.push({ text: node.text.replace(/\n/g, ' '), font: 'mono', link: state.link }); break;
      case 'strong': runs.push(...styledRuns(node.children, { ...state, isBold: true })); break;
      case 'emphasis': runs.push(...styledRuns(node.children, { ...state, isItalic: true })); break;
      // A link whose target was refused keeps its label as plain text.
      case 'link': runs.push(...styledRuns(node.children, { ...state, link: pdfLinkTarget(node.href) ?? state.link })); break;
      case 'break': runs.push({ text: LINE_BREAK, font: serifFont(state) }); break;
      case 'footnote': {
        const number = state.footnotes?.numberOf(node.label);
        runs.push({ text: number === undefined ? `[^${node.label}]` : superscript(number), font: serifFont(state), link: state.link });
        break;
      }
    }
  }
  return runs;
}

function headingText(nodes: readonly InlineNode[]): string {
  return nodes.map((node) => {
    switch (node.kind) {
      case 'text':
      case 'code': return node.text;
      case 'break': return ' ';
      case 'footnote': return '';
      default: return headingText(node.children);
    }
  }).join('');
}

/** Writes Markdown blocks; `headingShift` moves the source's heading levels down (the page title is the first). */
function writeMarkdown(page: PdfComposer, markdown: string, headingShift: number): void {
  const blocks = readMarkdownBlocks(markdown);
  const footnotes = new FootnoteNumbering(blocks);
  for (const block of blocks) writeBlock(page, block, headingShift, footnotes);
}

function writeBlock(page: PdfComposer, block: MarkdownRenderBlock, headingShift: number, footnotes: FootnoteNumbering): void {
  const body = { isBold: false, isItalic: false, footnotes };
  switch (block.kind) {
    case 'heading': {
      const level = Math.min(6, block.level + headingShift);
      const size = HEADING_SIZES[level - 1] ?? BODY.size;
      page.heading(headingText(parseInline(block.text)), { font: 'sansBold', size, gapBefore: size * 0.8, gapAfter: 6, keepWith: 3 * (BODY.size + 4), bookmark: level <= 3 });
      return;
    }
    case 'paragraph':
      page.text(inlineRuns(parseInline(block.text), body), BODY);
      return;
    case 'quote': {
      const runs = inlineRuns(parseInline(block.text), { ...body, isItalic: true });
      const style = { ...BODY, indent: 14, gapAfter: 0 };
      page.ensureSpace(Math.min(page.heightOf(runs, style), 3 * (BODY.size + 4)));
      const from = page.position();
      page.text(runs, style);
      // The bar beside the quote, on every page it runs over.
      page.alongside(from, page.position(), (top, bottom) => {
        page.doc.moveTo(page.left + 3, top).lineTo(page.left + 3, bottom).lineWidth(2.5).strokeColor(PDF_COLOURS.rule).stroke();
      });
      page.moveDown(BODY.gapAfter ?? 0);
      return;
    }
    case 'code':
      writeCode(page, block.text);
      return;
    case 'list': {
      const markers = block.isOrdered ? numberMarkers(block.items.length) : block.items.map(() => '•');
      const indent = hangingIndent(page, markers, BODY.size);
      const style = { ...BODY, indent, gapAfter: 3 };
      block.items.forEach((item, index) => {
        const runs = inlineRuns(parseInline(item.text), body);
        page.ensureSpace(Math.min(page.heightOf(runs, style), 2 * (BODY.size + 4)));
        page.label(markers[index] ?? '', page.left, page.doc.y, { font: 'serif', size: BODY.size, width: indent - MARKER_GAP, align: 'right' });
        page.text(runs, style);
      });
      page.moveDown(5);
      return;
    }
    case 'rule':
      page.rule(4, 12);
      return;
    case 'table':
      writeTable(page, block, body);
      return;
    case 'footnotes':
      writeFootnotes(page, footnotes, body);
      return;
  }
}

const NOTE_STYLE: TextStyle = { size: 8.5, lineGap: 2, gapAfter: 3, indent: LIST_INDENT };

/** The notes under a short rule, numbered as their references are, in a smaller size. */
function writeFootnotes(page: PdfComposer, footnotes: FootnoteNumbering, body: InlineState): void {
  const notes = footnotes.listed();
  const first = notes[0];
  if (first === undefined) return;
  page.moveDown(6);
  page.ensureSpace(12 + page.heightOf(inlineRuns(parseInline(first.text), body), NOTE_STYLE));
  page.doc.moveTo(page.left, page.doc.y).lineTo(page.left + 120, page.doc.y).lineWidth(0.75).strokeColor(PDF_COLOURS.rule).stroke();
  page.moveDown(8);
  const indent = hangingIndent(page, notes.map((note) => `${note.number}.`), NOTE_STYLE.size);
  const style = { ...NOTE_STYLE, indent };
  for (const note of notes) {
    const runs = inlineRuns(parseInline(note.text), body);
    page.ensureSpace(Math.min(page.heightOf(runs, style), 2 * (NOTE_STYLE.size + 2)));
    page.label(`${note.number}.`, page.left, page.doc.y, { font: 'serif', size: NOTE_STYLE.size, width: indent - MARKER_GAP, align: 'right' });
    page.text(runs, style);
  }
}

const TABLE_STYLE = { size: 8.5, lineGap: 1.5 } as const;
const CELL_PADDING = 4;

/**
 * A Markdown table as a grid: columns as wide as their text asks, within the page (a long column wraps); the
 * header row in bold and again at the top of every page a long table runs over.
 */
function writeTable(page: PdfComposer, block: Extract<MarkdownRenderBlock, { kind: 'table' }>, body: InlineState): void {
  const { doc } = page;
  const runsOf = (text: string, isHeader: boolean) => inlineRuns(parseInline(text), { ...body, isBold: isHeader });
  const plain = (runs: readonly TextRun[]) => runs.map((run) => run.text).join('');
  // Each column's natural width (its widest cell on one line), then all scaled down together to fit the page.
  const natural = block.header.map((header, column) => {
    doc.font('serifBold').fontSize(TABLE_STYLE.size);
    let widest = doc.widthOfString(plain(runsOf(header, true)));
    doc.font('serif').fontSize(TABLE_STYLE.size);
    for (const row of block.rows) widest = Math.max(widest, doc.widthOfString(plain(runsOf(row[column] ?? '', false))));
    return Math.min(widest, page.width / 2) + 2 * CELL_PADDING;
  });
  const total = natural.reduce((sum, width) => sum + width, 0);
  const widths = natural.map((width) => (total > page.width ? (width * page.width) / total : width));
  const rowHeight = (cells: readonly string[], isHeader: boolean) =>
    Math.max(...cells.map((text, column) => page.heightOf(runsOf(text, isHeader), { ...TABLE_STYLE, width: (widths[column] ?? 0) - 2 * CELL_PADDING }))) + 2 * CELL_PADDING;
  const writeRow = (cells: readonly string[], isHeader: boolean) => {
    const height = rowHeight(cells, isHeader);
    const top = doc.y;
    let x = page.left;
    cells.forEach((text, column) => {
      const width = widths[column] ?? 0;
      if (isHeader) doc.rect(x, top, width, height).fill(PDF_COLOURS.shade);
      doc.rect(x, top, width, height).lineWidth(0.5).strokeColor(PDF_COLOURS.rule).stroke();
      doc.y = top + CELL_PADDING;
      page.text(runsOf(text, isHeader), { ...TABLE_STYLE, width: width - 2 * CELL_PADDING, align: block.align[column] ?? 'left' }, x + CELL_PADDING);
      x += width;
    });
    doc.y = top + height;
  };
  page.ensureSpace(Math.min(rowHeight(block.header, true) + (block.rows[0] === undefined ? 0 : rowHeight(block.rows[0], false)), page.pageHeight));
  writeRow(block.header, true);
  for (const row of block.rows) {
    if (doc.y + rowHeight(row, false) > page.bottom) {
      page.newPage();
      writeRow(block.header, true);
    }
    writeRow(row, false);
  }
  page.moveDown(10);
}

const CODE_STYLE: TextStyle = { size: 8.5, lineGap: 2, indent: 6 };
const CODE_PADDING = 6;

/**
 * A code block on a shaded ground, its lines as written. The ground is drawn before the text it lies under, so a
 * block is written page by page: as many lines as the page still holds, then the rest on the next.
 */
function writeCode(page: PdfComposer, text: string): void {
  const style = { ...CODE_STYLE, width: page.width - 2 * CODE_PADDING };
  const lines = text.split('\n').map((line) => ({ line, height: page.heightOf([{ text: line === '' ? ' ' : line, font: 'mono' }], style) }));
  const total = lines.reduce((sum, { height }) => sum + height, 0) + 2 * CODE_PADDING;
  // A block that fits a page is kept whole; a longer one starts here if a few of its lines fit.
  const opening = lines.slice(0, 3).reduce((sum, { height }) => sum + height, 2 * CODE_PADDING);
  page.ensureSpace(total <= page.pageHeight ? total : opening);
  let next = 0;
  while (next < lines.length) {
    let height = 2 * CODE_PADDING;
    let end = next;
    // At least one line per page, however tall.
    do {
      height += (lines[end] as { height: number }).height;
      end += 1;
    } while (end < lines.length && page.doc.y + height + (lines[end] as { height: number }).height <= page.bottom);
    page.doc.rect(page.left, page.doc.y, page.width, height).fillColor(PDF_COLOURS.shade).fill();
    page.moveDown(CODE_PADDING);
    page.text([{ text: lines.slice(next, end).map(({ line }) => line).join('\n'), font: 'mono' }], { ...style, gapAfter: CODE_PADDING });
    next = end;
    if (next < lines.length) page.newPage();
  }
  page.moveDown(8);
}

/** The page header every printable file starts with: the title, a line of context, a rule. */
function writeTitle(page: PdfComposer, title: string, subtitle: string): void {
  page.text([{ text: title, font: 'sansBold' }], { size: 20, lineGap: 2, gapAfter: 4 });
  page.text([{ text: subtitle, font: 'sans' }], { size: 8.5, colour: PDF_COLOURS.muted, gapAfter: 0 });
  page.rule(8, 16, '#999999');
}

/** A document version (or any titled Markdown) as a PDF. */
export function renderMarkdownPdf(input: { title: string; subtitle: string; markdown: string }): Promise<Uint8Array<ArrayBuffer>> {
  const page = new PdfComposer({ title: input.title, margin: MARGIN, footer: input.title, numbering: 'of-total' });
  writeTitle(page, input.title, input.subtitle);
  writeMarkdown(page, input.markdown, 1);
  return page.finish();
}

/** Inside the diagram's frame, on either side. */
const FRAME_PADDING = 12;

/**
 * A flowchart as the app draws it: laid out in the domain core (measured in the PDF's own sans-serif) and drawn as
 * vectors. It is kept whole on one page: a chart wider than the frame or taller than a page scales down, and a
 * long one across the page is drawn top-down when its labels would otherwise shrink below a readable size. A chart
 * that one page cannot hold readably either way comes in bands, each as high as `maxHeight` at most.
 */
function diagramDrawing(page: PdfComposer, diagram: PlaybookDiagram, file: string, maxHeight: number): { bands: Array<{ svg: string; width: number; height: number }>; isTurned: boolean } {
  // The source was checked when the library was read, so this parse cannot fail.
  const chart = parseFlowchart(diagram.source, { file, line: 1 });
  const measureText = (text: string) => page.widthOf(text, 'sans', FLOWCHART_PRINT_FONT.fontSize);
  const { bands, scale, isTurned } = fitFlowchartInBands(chart, measureText, { width: page.width - 2 * FRAME_PADDING, height: maxHeight });
  return {
    bands: bands.map(({ layout }, index) => ({
      svg: flowchartSvg(layout, FLOWCHART_PRINT_PALETTE, bands.length === 1 ? diagram.title : `${diagram.title}, ${bandCaption(index, bands.length).toLowerCase()}`),
      width: layout.width * scale,
      height: layout.height * scale,
    })),
    isTurned,
  };
}

/** What a diagram's caption says of how it is drawn, when it is not drawn as the app draws it. */
function drawingNotes(drawing: ReturnType<typeof diagramDrawing>): TextRun[][] {
  const notes = [...(drawing.isTurned ? [TURNED_CHART_NOTE] : []), ...(drawing.bands.length > 1 ? [bandedChartNote(drawing.bands.length)] : [])];
  return notes.map((text) => [{ text, font: 'sansOblique' }]);
}

/**
 * A diagram in a frame: its caption, the drawing, and its steps in words under it. The words stay: the drawing's
 * labels reach a screen reader or a copy of the text as scattered fragments in drawing order, without the arrows
 * between them; the numbered steps say what leads to what, in reading order, at reading size (a large chart's
 * labels are printed smaller), as "The diagram in words" does under the drawing in the app.
 */
function writeDiagram(page: PdfComposer, diagram: PlaybookDiagram, file: string): void {
  const inner = page.width - 2 * FRAME_PADDING;
  const caption: TextRun[] = [{ text: `Diagram ${diagram.number}. ${diagram.title}`, font: 'sansBold' }];
  const description: TextRun[] = diagram.description === null ? [] : [{ text: diagram.description, font: 'serif' }];
  const wordsHeading: TextRun[] = [{ text: 'The diagram in words', font: 'sansBold' }];
  const markers = numberMarkers(diagram.steps.length);
  const indent = hangingIndent(page, markers, 9.5);
  const stepStyle: TextStyle = { size: 9.5, lineGap: 2, gapAfter: 2, width: inner - indent };
  const steps = diagram.steps.map((step) => [{ text: step, font: 'serif' as const }]);
  let headHeight = 10 + page.heightOf(caption, { size: 10, width: inner, gapAfter: 4 })
    + (description.length === 0 ? 0 : page.heightOf(description, { size: 9.5, width: inner, gapAfter: 4 }));
  let drawing = diagramDrawing(page, diagram, file, page.pageHeight - headHeight - 24);
  // A chart drawn top-down though its source runs across says so, since the app draws it across, and one drawn
  // in parts says how its arrows cross from one part to the next.
  const noteStyle: TextStyle = { size: 8.5, width: inner, gapAfter: 4, colour: PDF_COLOURS.muted };
  const notesHeight = (notes: readonly TextRun[][]) => notes.reduce((total, note) => total + page.heightOf(note, noteStyle), 0);
  if (drawingNotes(drawing).length > 0) {
    headHeight += notesHeight(drawingNotes(drawing));
    drawing = diagramDrawing(page, diagram, file, page.pageHeight - headHeight - 24);
  }
  const notes = drawingNotes(drawing);
  const isBanded = drawing.bands.length > 1;
  const partStyle: TextStyle = { size: 8.5, width: inner, gapAfter: 3, colour: PDF_COLOURS.muted };
  const partRuns = (index: number): TextRun[] => [{ text: bandCaption(index, drawing.bands.length), font: 'sansBold' }];
  const partHeight = isBanded ? page.heightOf(partRuns(0), partStyle) : 0;
  const firstBand = drawing.bands[0]!;
  const drawingsHeight = drawing.bands.reduce((total, band) => total + partHeight + band.height, 0) + 8 * (drawing.bands.length - 1);
  const wordsHeight = 8 + page.heightOf(wordsHeading, { size: 8.5, width: inner, gapAfter: 3 }) + steps.reduce((total, runs) => total + page.heightOf(runs, stepStyle), 0) + 8;
  page.moveDown(4);
  // The caption and the (first part of the) drawing never part; the words, and further parts, follow on the next
  // pages if they must.
  const whole = headHeight + drawingsHeight + wordsHeight;
  page.ensureSpace(whole <= page.pageHeight ? whole : headHeight + partHeight + firstBand.height + 8);
  const from = page.position();
  page.moveDown(10);
  page.text(caption, { size: 10, width: inner, gapAfter: 4 }, page.left + FRAME_PADDING);
  if (description.length > 0) page.text(description, { size: 9.5, width: inner, gapAfter: 4, colour: PDF_COLOURS.muted }, page.left + FRAME_PADDING);
  for (const note of notes) page.text(note, noteStyle, page.left + FRAME_PADDING);
  page.moveDown(4);
  drawing.bands.forEach((band, index) => {
    // Each part whole on a page, under its number: one after another down the page, then on the next.
    if (index > 0) page.ensureSpace(partHeight + band.height);
    if (isBanded) page.text(partRuns(index), partStyle, page.left + FRAME_PADDING);
    SVGtoPDF(page.doc, band.svg, page.left + (page.width - band.width) / 2, page.doc.y, {
      width: band.width,
      height: band.height,
      fontCallback: (_family, isBold) => (isBold ? 'sansBold' : 'sans'),
    });
    page.moveDown(band.height + 8);
  });
  const wordsHeadingStyle: TextStyle = { size: 8.5, width: inner, gapAfter: 3, colour: PDF_COLOURS.muted };
  page.ensureSpace(page.heightOf(wordsHeading, wordsHeadingStyle) + page.heightOf(steps[0] ?? [], stepStyle));
  page.text(wordsHeading, wordsHeadingStyle, page.left + FRAME_PADDING);
  steps.forEach((runs, index) => {
    // A step is never cut from its number at a page's foot.
    page.ensureSpace(page.heightOf(runs, stepStyle));
    page.label(markers[index] ?? '', page.left + FRAME_PADDING, page.doc.y, { font: 'serif', size: 9.5, width: indent - MARKER_GAP, align: 'right' });
    page.text(runs, stepStyle, page.left + FRAME_PADDING + indent);
  });
  page.moveDown(8);
  // The frame, page by page: its sides on every page, its top where it starts and its foot where it ends.
  const to = page.position();
  page.alongside(from, to, (top, bottom, { isFirst, isLast }) => {
    const { doc, left, width } = page;
    doc.lineWidth(0.75).strokeColor(PDF_COLOURS.rule);
    doc.moveTo(left, top).lineTo(left, bottom).moveTo(left + width, top).lineTo(left + width, bottom).stroke();
    if (isFirst) doc.moveTo(left, top).lineTo(left + width, top).stroke();
    if (isLast) doc.moveTo(left, bottom).lineTo(left + width, bottom).stroke();
  });
  page.moveDown(12);
}

/** A playbook as a PDF: its summary, its prose, and each flowchart drawn in a frame with its steps in words. */
export function renderPlaybookPdf(playbook: Playbook): Promise<Uint8Array<ArrayBuffer>> {
  const page = new PdfComposer({ title: playbook.title, margin: MARGIN, footer: `${playbook.title} · Pulse playbook`, numbering: 'of-total' });
  writeTitle(page, playbook.title, playbookSubtitle(playbook));
  page.text([{ text: playbook.summary, font: 'serifItalic' }], BODY);
  for (const part of playbookBodyParts(playbook.file, playbook.body, 1)) {
    if (part.kind === 'prose') writeMarkdown(page, part.markdown, 0);
    else writeDiagram(page, part.diagram, playbook.file);
  }
  return page.finish();
}
