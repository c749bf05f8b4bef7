import { describe, expect, it } from 'vitest';
import { findLookAlike, nameKey, normalizeName } from './names.js';

describe('normalizeName', () => {
  it('trims, makes each run of spaces one, and leaves out characters that take no room on screen', () => {
    expect(normalizeName('  Weekly \t orders\n')).toBe('Weekly orders');
    expect(normalizeName('\u200b\u200b')).toBe('');
    expect(normalizeName('Week\u200bly\ufeff orders')).toBe('Weekly orders');
    // Visible characters of every script stay as they are.
    expect(normalizeName('Überweisungen – Ωμέγα ✓')).toBe('Überweisungen – Ωμέγα ✓');
  });

  it('stores the composed form and leaves out what cannot be seen or is a control character, keeping what can be seen', () => {
    expect(normalizeName('Cafe\u0301 visits')).toBe('Café visits');
    expect(normalizeName('Re\u00adturns\u200e per\u0007 day\u3164')).toBe('Returns per day');
    expect(normalizeName('\u202eStock\u202c\u2066 counts\u2069\ufe0f')).toBe('Stock counts');
    // Line breaks and tabs are spaces, not control characters to drop: "Stock\ncounts" is two words.
    expect(normalizeName('Stock\r\ncounts\u0000')).toBe('Stock counts');
    // Compatibility forms are what the writer typed: stored as they are, folded only for comparison (nameKey).
    expect(normalizeName('Revenue per m² (ﬁrst week) Ｑ4')).toBe('Revenue per m² (ﬁrst week) Ｑ4');
  });
});

describe('nameKey', () => {
  it('gives names that look the same one key: case, spacing, composed, full-width or invisible characters aside', () => {
    const key = nameKey('Café visits');
    for (const lookAlike of ['CAFÉ  VISITS', 'Cafe\u0301 visits', 'Ｃａｆé visits', 'Ca\u00adfé\u00a0visits', '\u200fcafé visits\u200b']) expect(nameKey(lookAlike)).toBe(key);
    expect(nameKey('ﬁrst week')).toBe(nameKey('First Week'));
  });

  it('keeps names apart that a reader tells apart', () => {
    expect(nameKey('Cafe visits')).not.toBe(nameKey('Café visits'));
    expect(nameKey('Orders shipped')).not.toBe(nameKey('Orders-shipped'));
    expect(nameKey('Stock counts')).not.toBe(nameKey('Stockcounts'));
  });
});

describe('findLookAlike', () => {
  const decks = [{ id: 'a', name: 'Weekly orders' }, { id: 'b', name: 'Returns' }];

  it('finds the row whose name reads as the one given, leaving out the row being renamed', () => {
    expect(findLookAlike('ＷＥＥＫＬＹ\u00ad orders', decks, null)?.id).toBe('a');
    expect(findLookAlike('Weekly orders', decks, 'a')).toBeUndefined();
    expect(findLookAlike('Weekly returns', decks, null)).toBeUndefined();
  });
});
