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
   * document, a playbook). `running` numbers them "Page 3" and hands each page on once the next one starts, so
   * that memory stays flat however long the file is (a deck of thousands of charts: pdfkit holds a kept page's
   * drawing as thousands of small buffers, about 0.6 MB per chart).
   */
  numbering: 'of-total' | 'running';
}

export class PdfComposer {
  readonly doc: PDFKit.PDFDocument;
  readonly margin: number;
  private readonly footer: string;
  private readonly numbering: ComposerOptions['numbering'];
  private pageCount = 0;

  constructor(options: ComposerOptions) {
    this.margin = options.margin;
    this.footer = options.footer;
    this.numbering = options.numbering;
    // No default font: pdfkit would read Helvetica's metrics from its own files, and every run names its font.
    this.doc = new PDFDocument({
      size: [A4.width, A4.height],
      margins: { top: options.margin, bottom: options.margin + 14, left: options.margin, right: options.margin },
      bufferPages: options.numbering === 'of-total',
      autoFirstPage: false,
      font: null as unknown as string,
      displayTitle: true,
      lang: 'en',
      info: { Title: options.title, Creator: 'Pulse', Producer: 'Pulse' },
    });
    for (const [name, bytes] of Object.entries(pdfFontFiles())) this.doc.registerFont(name, bytes);
    // Running numbers: a page gets its footer just before the next one starts (by this composer or by pdfkit when
    // text flows over), so that a reader's viewer reads it last, and the page is complete when pdfkit hands it on.
    const addPage = this.doc.addPage.bind(this.doc);
    this.doc.addPage = (options?: PDFKit.PDFDocumentOptions) => {
      if (this.numbering === 'running' && this.pageCount > 0) this.writeFooter(`Page ${this.pageCount}`);
      this.pageCount += 1;
      return addPage(options);
    };
    this.doc.addPage();
  }

  get left(): number {
    return this.doc.page.margins.left;
  }

  get width(): number {
    return this.doc.page.width - this.doc.page.margins.left - this.doc.page.margins.right;
  }

  private get bottom(): number {
    return this.doc.page.height - this.doc.page.margins.bottom;
  }

  private get isAtPageTop(): boolean {
    return this.doc.y <= this.doc.page.margins.top + 0.5;
  }

  /** Starts a new page unless `height` points still fit on this one (or this page is still empty). */
  ensureSpace(height: number): void {
    if (this.doc.y + height > this.bottom && !this.isAtPageTop) this.doc.addPage();
  }

  moveDown(points: number): void {
    this.doc.y += points;
  }

  /** The height runs take at a width (measured in the first run's font; runs of one paragraph differ little). */
  heightOf(runs: readonly TextRun[], style: TextStyle): number {
    const first = runs[0];
    if (first === undefined) return 0;
    this.doc.font(first.font).fontSize(style.size);
    return this.doc.heightOfString(runs.map((run) => run.text).join(''), { width: style.width ?? this.width - (style.indent ?? 0), lineGap: style.lineGap ?? 0 }) + (style.gapAfter ?? 0);
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
      if (index === 0) this.doc.text(run.text, x, this.doc.y, options);
      else this.doc.text(run.text, options);
    });
    this.doc.x = this.left;
    this.moveDown(style.gapAfter ?? 0);
  }

  /** One line of plain text at a given place, without moving the flow (labels, table cells, footers). */
  label(text: string, x: number, y: number, style: { font: PdfFont; size: number; width: number; align?: 'left' | 'right' | 'center'; colour?: string }): void {
    const flowX = this.doc.x;
    const flowY = this.doc.y;
    this.doc.font(style.font).fontSize(style.size).fillColor(style.colour ?? PDF_COLOURS.text);
    this.doc.text(text, x, y, { width: style.width, align: style.align ?? 'left', lineBreak: false, ellipsis: true, height: style.size * 1.3 });
    this.doc.x = flowX;
    this.doc.y = flowY;
  }

  /** A heading that is never the last thing on a page: `keepWith` points of what follows must fit under it. */
  heading(text: string, style: { font: PdfFont; size: number; gapBefore: number; gapAfter: number; keepWith: number; bookmark?: boolean }): void {
    const runs = [{ text, font: style.font }];
    const height = this.heightOf(runs, { size: style.size, lineGap: 1 });
    if (!this.isAtPageTop) this.moveDown(style.gapBefore);
    this.ensureSpace(height + style.gapAfter + style.keepWith);
    if (style.bookmark === true) this.doc.outline.addItem(text);
    this.text(runs, { size: style.size, lineGap: 1, gapAfter: style.gapAfter });
  }

  /** A thin horizontal line across the text column. */
  rule(gapBefore: number, gapAfter: number, colour: string = PDF_COLOURS.rule): void {
    this.moveDown(gapBefore);
    this.doc.moveTo(this.left, this.doc.y).lineTo(this.left + this.width, this.doc.y).lineWidth(0.75).strokeColor(colour).stroke();
    this.moveDown(gapAfter);
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

  /** Numbers the kept pages (`of-total`) and returns the file. */
  async finish(): Promise<Uint8Array<ArrayBuffer>> {
    const chunks: Uint8Array[] = [];
    const done = new Promise<Uint8Array<ArrayBuffer>>((resolve, reject) => {
      this.doc.on('data', (chunk: Uint8Array) => chunks.push(chunk));
      this.doc.on('end', () => {
        const file = new Uint8Array(chunks.reduce((total, chunk) => total + chunk.length, 0));
        let offset = 0;
        for (const chunk of chunks) { file.set(chunk, offset); offset += chunk.length; }
        resolve(file);
      });
      this.doc.on('error', reject);
    });
    if (this.numbering === 'running') this.writeFooter(`Page ${this.pageCount}`);
    else {
      const { start, count } = this.doc.bufferedPageRange();
      for (let page = start; page < start + count; page += 1) {
        this.doc.switchToPage(page);
        this.writeFooter(`Page ${page - start + 1} of ${count}`);
      }
    }
    this.doc.end();
    return done;
  }
}
