import { describe, expect, it } from 'vitest';
import { PdfComposer } from '../../pdf/pdf-composer.js';
import { sansTextWidth } from './sans-text-width.js';

describe('text widths without a font', () => {
  // The PDF measures with DejaVu Sans itself: the table must agree with it, character by character.
  const page = new PdfComposer({ title: 'Widths', margin: 62, footer: 'Widths', numbering: 'of-total' });

  it('match DejaVu Sans for every printable ASCII and Latin-1 character', () => {
    const characters = [...Array.from({ length: 95 }, (_, index) => 0x20 + index), ...Array.from({ length: 96 }, (_, index) => 0xa0 + index)].map((code) => String.fromCharCode(code));
    for (const character of characters) expect(sansTextWidth(character, 1000), `U+${character.charCodeAt(0).toString(16)}`).toBeCloseTo(page.widthOf(character, 'sans', 1000), 0);
  });

  it('measure a label as the PDF does, and give other scripts room to spare', () => {
    for (const label of ['Has every attendee finished, or is the time up?', 'Solution: shape it against the criteria', 'Café déjà vu']) {
      expect(sansTextWidth(label, 9)).toBeCloseTo(page.widthOf(label, 'sans', 9), 1);
    }
    const russian = 'Нам нужен захват';
    expect(sansTextWidth(russian, 9)).toBeGreaterThanOrEqual(page.widthOf(russian, 'sans', 9));
    // A CJK character is an em wide in any font that has it; DejaVu Sans has none to measure.
    expect(sansTextWidth('見積', 9)).toBe(18);
  });
});
