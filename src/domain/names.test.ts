import { describe, expect, it } from 'vitest';
import { normalizeName } from './names.js';

describe('normalizeName', () => {
  it('trims, makes each run of spaces one, and leaves out characters that take no room on screen', () => {
    expect(normalizeName('  Weekly \t orders\n')).toBe('Weekly orders');
    expect(normalizeName('\u200b\u200b')).toBe('');
    expect(normalizeName('Week\u200bly\ufeff orders')).toBe('Weekly orders');
    // Visible characters of every script stay as they are.
    expect(normalizeName('Überweisungen – Ωμέγα ✓')).toBe('Überweisungen – Ωμέγα ✓');
  });
});
