import { describe, expect, it } from 'vitest';
import { diffWords } from './word-diff.js';

const rebuild = (parts: ReturnType<typeof diffWords>, keep: 'before' | 'after') =>
  parts.filter((part) => part.kind === 'same' || part.kind === (keep === 'before' ? 'removed' : 'added')).map((part) => part.text).join('');

describe('diffWords', () => {
  it('marks a replaced word as removed then added, keeping the rest', () => {
    expect(diffWords('Think big and act', 'Think small and act')).toEqual([
      { kind: 'same', text: 'Think ' },
      { kind: 'removed', text: 'big' },
      { kind: 'added', text: 'small' },
      { kind: 'same', text: ' and act' },
    ]);
  });

  it('merges neighbouring changed words into one phrase', () => {
    expect(diffWords('Deliver results', 'Deliver the right results on time')).toEqual([
      { kind: 'same', text: 'Deliver ' },
      { kind: 'added', text: 'the right ' },
      { kind: 'same', text: 'results' },
      { kind: 'added', text: ' on time' },
    ]);
  });

  it('marks a reworded phrase as one removal and one addition, not word by word', () => {
    expect(diffWords('Begin with what customers need', 'Start from what customers need')).toEqual([
      { kind: 'removed', text: 'Begin with' },
      { kind: 'added', text: 'Start from' },
      { kind: 'same', text: ' what customers need' },
    ]);
  });

  it('gives back both texts exactly, spaces included', () => {
    const before = 'Leaders are right a lot.  They have strong judgment.';
    const after = 'Leaders are often right. They seek  diverse perspectives.';
    const parts = diffWords(before, after);
    expect(rebuild(parts, 'before')).toBe(before);
    expect(rebuild(parts, 'after')).toBe(after);
  });

  it('handles empty wordings', () => {
    expect(diffWords('', 'New')).toEqual([{ kind: 'added', text: 'New' }]);
    expect(diffWords('Old', '')).toEqual([{ kind: 'removed', text: 'Old' }]);
    expect(diffWords('', '')).toEqual([]);
  });

  it('reports identical wordings as one unchanged part', () => {
    expect(diffWords('Same words', 'Same words')).toEqual([{ kind: 'same', text: 'Same words' }]);
  });
});
