import { describe, expect, it } from 'vitest';
import { PdfComposer } from '../../src/pdf/pdf-composer.js';

function composer(): PdfComposer {
  return new PdfComposer({ title: 'Test', margin: 50, footer: 'Test', numbering: 'of-total' });
}

/** Moves the flow to `points` above the foot of the page's text area. */
function leaveRoom(page: PdfComposer, points: number): void {
  page.doc.y = page.doc.page.height - page.doc.page.margins.bottom - points;
}

const HEADING = { font: 'sansBold', size: 12, gapBefore: 0, gapAfter: 4 } as const;

describe('the PDF page composer', () => {
  it('moves a heading to the next page when what must follow it does not fit under it', () => {
    const page = composer();
    leaveRoom(page, 30);
    page.heading('Late heading', { ...HEADING, keepWith: 40 });
    expect(page.doc.bufferedPageRange().count).toBe(2);
  });

  it('leaves a heading where it is when it and what follows fit', () => {
    const page = composer();
    leaveRoom(page, 120);
    page.heading('Heading with room', { ...HEADING, keepWith: 40 });
    expect(page.doc.bufferedPageRange().count).toBe(1);
  });

  it('keeps a block whole by starting a page, but never leaves a page empty for one taller than a page', () => {
    const page = composer();
    leaveRoom(page, 100);
    page.ensureSpace(150);
    expect(page.doc.bufferedPageRange().count).toBe(2);
    page.ensureSpace(5000);
    expect(page.doc.bufferedPageRange().count).toBe(2);
  });

  it('writes a file that starts as a PDF does', async () => {
    const page = composer();
    page.text([{ text: 'Hello', font: 'serif' }], { size: 11 });
    page.doc.addPage();
    const file = await page.finish();
    expect(new TextDecoder().decode(file.subarray(0, 5))).toBe('%PDF-');
  });
});
