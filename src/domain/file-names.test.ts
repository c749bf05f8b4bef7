import { describe, expect, it } from 'vitest';
import { downloadBaseName } from './file-names.js';

describe('downloadBaseName', () => {
  it('keeps accented letters as their letters, and turns every other run of characters into one dash', () => {
    expect(downloadBaseName('Übersicht Été', 'deck')).toBe('Ubersicht-Ete');
    expect(downloadBaseName('Revue hebdo — Señales 🚀', 'deck')).toBe('Revue-hebdo-Senales');
    expect(downloadBaseName('Fulfilment v2.1', 'deck')).toBe('Fulfilment-v2.1');
  });

  it('falls back when nothing of the title can stand in a file name', () => {
    expect(downloadBaseName('📈 🚀', 'deck')).toBe('deck');
  });
});
