/**
 * A page composer over pdfkit: A4 pages with the embedded fonts, text made of styled runs, blocks that are
 * kept whole on a page (a chart, a table, a diagram) or moved to the next one, headings that never end a page,
 * bookmarks, and a footer with the page number.
 */
import PDFDocument from 'pdfkit';
import { pdfFontFiles, type PdfFont } from './pdf-fonts.js';

/** A4 in PostScript points (1/72 inch). */
const A4 = { width: 595.28, height: 841.89 };

export const PDF_COLOURS = { text: '#111111', muted: '#4a5160', rule: '#c9ced6', shade: '#f1f3f5', link: '#2442b0', bad: '#c0262d', good: '#1b7a33' } as const;

export interface TextRun {
  text: string;
  font: PdfFont;
  /** A web link the run points to (already checked as safe by the caller). */
  link?: string | undefined;
  colour?: string | undefined;
}

export interface TextStyle {
  size: number;
  /** Extra space between lines, in points. */
  lineGap?: number;
  /** Space after the text, in points. */
  gapAfter?: number;
  indent?: number;
  width?: number;
  align?: 'left' | 'right' | 'center';
  colour?: string;
}

export interface ComposerOptions {
  title: string;
  margin: number;
  /** Under every page, left of its number (e.g. the document's title). */
  footer: string;
  /**
   * `of-total` numbers pages "Page 3 of 12": every page is kept until the end, when the count is known (a
   * document, a playbook). `running` numbers them "Page 3" and hands the finished pages on whenever the composer
   * starts a page, so that memory stays flat however long the file is (a deck of thousands of charts: pdfkit
   * holds a kept page's drawing as thousands of small buffers, about 0.6 MB per chart).
   */
  numbering: 'of-total' | 'running';
  /**
   * Receives the file's bytes as pdfkit writes them (a CLI writing straight to disk). Without it the composer
   * keeps them, and `finish` returns the whole file.
   */
  sink?: (chunk: Uint8Array) => void;
}

/** A place in the flow: the page (counted from 0 over the whole file) and the height on it. */
export interface FlowPosition {
  page: number;
  y: number;
}

/** pdfkit breaks a word wider than the line letter by letter, in time that grows with the square of its length. */
const LONG_WORD = /\S{64,}/g;
const BREAK_EVERY = 32;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * Text as the fonts can print it: a lone surrogate made whole, control characters other than line breaks left
 * out, tabs as four spaces, and a zero-width break allowed in every 32 letters of a very long word (a URL, a
 * pasted hash), which would otherwise keep the process busy for seconds per word.
 */
export function printableText(text: string): string {
  return text
    .replace(LONE_SURROGATE, '\ufffd')
    .replace(/\t/g, '    ')
    .replace(/[\u0000-\u0009\u000b-\u001f\u007f]/g, '')
    .replace(LONG_WORD, (word: string) => word.replace(new RegExp(`(.{${BREAK_EVERY}})`, 'gu'), '$1\u200b'));
}

export class PdfComposer {
  readonly doc: PDFKit.PDFDocument;
  readonly margin: number;
  private readonly footer: string;
  private readonly numbering: ComposerOptions['numbering'];
  /** The file so far, when no sink takes it. */
  private readonly kept: Uint8Array[] = [];

  constructor(options: ComposerOptions) {
    this.margin = options.margin;
    this.footer = options.footer;
    this.numbering = options.numbering;
    // No default font: pdfkit would read Helvetica's metrics from its own files, and every run names its font.
    // Pages are kept so that a block running over a page can still be decorated on each (a quote's bar) and
    // footers are written when nothing is being laid out.
    this.doc = new PDFDocument({
      size: [A4.width, A4.height],
      margins: { top: options.margin, bottom: options.margin + 14, left: options.margin, right: options.margin },
      bufferPages: true,
      font: null as unknown as string,
      displayTitle: true,
      lang: 'en',
      info: { Title: options.title, Creator: 'Pulse', Producer: 'Pulse' },
    });
    for (const [name, bytes] of Object.entries(pdfFontFiles())) this.doc.registerFont(name, bytes);
    // Listening from the start: pages flushed while the deck is laid out leave at once instead of queueing in the stream.
    const sink = options.sink;
    this.doc.on('data', sink === undefined ? (chunk: Uint8Array) => this.kept.push(chunk) : (chunk: Uint8Array) => sink(chunk));
  }

  get left(): number {
    return this.doc.page.margins.left;
  }

  get width(): number {
    return this.doc.page.width - this.doc.page.margins.left - this.doc.page.margins.right;
  }

  get top(): number {
    return this.doc.page.margins.top;
  }

  get bottom(): number {
    return this.doc.page.height - this.doc.page.margins.bottom;
  }

  /** The text area's height on a page. */
  get pageHeight(): number {
    return this.bottom - this.top;
  }

  private get isAtPageTop(): boolean {
    return this.doc.y <= this.doc.page.margins.top + 0.5;
  }

  position(): FlowPosition {
    const { start, count } = this.doc.bufferedPageRange();
    return { page: start + count - 1, y: this.doc.y };
  }

  /**
   * Starts a page. With running numbers, the pages before it are numbered and handed on first: this is the one
   * moment nothing is being laid out (pdfkit also starts pages itself when text runs over, in mid-paragraph).
   */
  newPage(): void {
    if (this.numbering === 'running') {
      const { start, count } = this.doc.bufferedPageRange();
      for (let page = start; page < start + count; page += 1) {
        this.doc.switchToPage(page);
        this.writeFooter(`Page ${page + 1}`);
      }
      this.doc.flushPages();
    }
    this.doc.addPage();
  }

  /** Starts a new page unless `height` points still fit on this one (or this page is still empty). */
  ensureSpace(height: number): void {
    if (this.doc.y + height > this.bottom && !this.isAtPageTop) this.newPage();
  }

  moveDown(points: number): void {
    this.doc.y += points;
  }

  /** The height runs take at a width, each run measured in its own font. */
  heightOf(runs: readonly TextRun[], style: TextStyle): number {
    if (runs.length === 0) return 0;
    const width = style.width ?? this.width - (style.indent ?? 0);
    // A paragraph of mixed fonts is about as tall as its text in its widest font.
    let height = 0;
    const text = runs.map((run) => printableText(run.text)).join('');
    for (const font of new Set(runs.map((run) => run.font))) {
      this.doc.font(font).fontSize(style.size);
      height = Math.max(height, this.doc.heightOfString(text, { width, lineGap: style.lineGap ?? 0 }));
    }
    return height + (style.gapAfter ?? 0);
  }

  /** The width of one line of plain text in a font and size, as `label` would print it. */
  widthOf(text: string, font: PdfFont, size: number): number {
    return this.doc.font(font).fontSize(size).widthOfString(printableText(text));
  }

  /** Writes runs as one paragraph at the current position; long text flows onto the next page. */
  text(runs: readonly TextRun[], style: TextStyle, x = this.left + (style.indent ?? 0)): void {
    if (runs.length === 0) return;
    const width = style.width ?? this.width - (style.indent ?? 0);
    runs.forEach((run, index) => {
      this.doc.font(run.font).fontSize(style.size).fillColor(run.colour ?? style.colour ?? PDF_COLOURS.text);
      const options: PDFKit.Mixins.TextOptions = {
        width,
        lineGap: style.lineGap ?? 0,
        align: style.align ?? 'left',
        continued: index < runs.length - 1,
        link: run.link ?? null,
        underline: run.link !== undefined,
      };
      if (index === 0) this.doc.text(printableText(run.text), x, this.doc.y, options);
      else this.doc.text(printableText(run.text), options);
    });
    this.doc.x = this.left;
    this.moveDown(style.gapAfter ?? 0);
  }

  /** One line of plain text at a given place, without moving the flow (labels, table cells, footers). */
  label(text: string, x: number, y: number, style: { font: PdfFont; size: number; width: number; align?: 'left' | 'right' | 'center'; colour?: string }): void {
    const flowX = this.doc.x;
    const flowY = this.doc.y;
    this.doc.font(style.font).fontSize(style.size).fillColor(style.colour ?? PDF_COLOURS.text);
    this.doc.text(printableText(text), x, y, { width: style.width, align: style.align ?? 'left', lineBreak: false, ellipsis: true, height: style.size * 1.3 });
    this.doc.x = flowX;
    this.doc.y = flowY;
  }

  /** A heading that is never the last thing on a page: `keepWith` points of what follows must fit under it. */
  heading(text: string, style: { font: PdfFont; size: number; gapBefore: number; gapAfter: number; keepWith: number; bookmark?: boolean }): void {
    const runs = [{ text, font: style.font }];
    const height = this.heightOf(runs, { size: style.size, lineGap: 1 });
    if (!this.isAtPageTop) this.moveDown(style.gapBefore);
    this.ensureSpace(height + style.gapAfter + Math.min(style.keepWith, this.pageHeight - height - style.gapAfter));
    if (style.bookmark === true) this.doc.outline.addItem(printableText(text));
    this.text(runs, { size: style.size, lineGap: 1, gapAfter: style.gapAfter });
  }

  /** A thin horizontal line across the text column. */
  rule(gapBefore: number, gapAfter: number, colour: string = PDF_COLOURS.rule): void {
    this.moveDown(gapBefore);
    this.doc.moveTo(this.left, this.doc.y).lineTo(this.left + this.width, this.doc.y).lineWidth(0.75).strokeColor(colour).stroke();
    this.moveDown(gapAfter);
  }

  /**
   * Draws beside a stretch of the flow that may run over pages (a quote's bar, a frame, a shaded code block):
   * once per page, from where the stretch starts or the page's top to where it ends or the page's foot. The pages
   * must still be kept: with running numbers, only within one block (pages are handed on when a block starts one).
   */
  alongside(from: FlowPosition, to: FlowPosition, draw: (top: number, bottom: number, part: { isFirst: boolean; isLast: boolean }) => void): void {
    const here = this.position();
    for (let page = from.page; page <= to.page; page += 1) {
      this.doc.switchToPage(page);
      const isFirst = page === from.page;
      const isLast = page === to.page;
      draw(isFirst ? from.y : this.top, isLast ? to.y : this.bottom, { isFirst, isLast });
    }
    this.doc.switchToPage(here.page);
    this.doc.y = here.y;
  }

  /** The footer of the current page: the file's name for it on the left, the page's number on the right. */
  private writeFooter(pageNumber: string): void {
    // The footer sits in the bottom margin: without the margin, pdfkit would start a new page for it.
    const margins = this.doc.page.margins;
    const bottom = margins.bottom;
    margins.bottom = 0;
    const y = this.doc.page.height - this.margin + 2;
    const half = this.width / 2;
    this.label(this.footer, this.left, y, { font: 'sans', size: 7.5, width: half + 60, colour: PDF_COLOURS.muted });
    this.label(pageNumber, this.left + half, y, { font: 'sans', size: 7.5, width: half, align: 'right', colour: PDF_COLOURS.muted });
    margins.bottom = bottom;
  }

  /** Numbers the pages not numbered yet and ends the file: returns it whole, or empty when a sink took it. */
  async finish(): Promise<Uint8Array<ArrayBuffer>> {
    const done = new Promise<Uint8Array<ArrayBuffer>>((resolve, reject) => {
      this.doc.on('end', () => {
        const file = new Uint8Array(this.kept.reduce((total, chunk) => total + chunk.length, 0));
        let offset = 0;
        for (const chunk of this.kept) { file.set(chunk, offset); offset += chunk.length; }
        resolve(file);
      });
      this.doc.on('error', reject);
    });
    const { start, count } = this.doc.bufferedPageRange();
    for (let page = start; page < start + count; page += 1) {
      this.doc.switchToPage(page);
      this.writeFooter(this.numbering === 'running' ? `Page ${page + 1}` : `Page ${page + 1} of ${start + count}`);
    }
    this.doc.end();
    return done;
  }
}
