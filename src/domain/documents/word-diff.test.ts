import { describe, expect, it } from 'vitest';
import { diffWords, mapRange, summariseDiff, tokenizeWords } from './word-diff.js';

const side = (runs: ReturnType<typeof diffWords>, which: 'before' | 'after') =>
  runs.filter((run) => run.kind === 'same' || run.kind === (which === 'before' ? 'deleted' : 'inserted')).map((run) => run.text).join('');

describe('word diff', () => {
  it('gives back both texts exactly from its runs', () => {
    const before = 'Customers wait two days for a refund.\n\nWe will fix it.';
    const after = 'Customers wait two hours for a refund today.\n\nWe fixed it.';
    const runs = diffWords(before, after);
    expect(side(runs, 'before')).toBe(before);
    expect(side(runs, 'after')).toBe(after);
  });

  it('groups a changed phrase into one deleted and one inserted run', () => {
    const runs = diffWords('the quick brown fox jumps', 'the slow red fox jumps');
    expect(runs.map((run) => [run.kind, run.text])).toEqual([
      ['same', 'the '],
      ['deleted', 'quick brown'],
      ['inserted', 'slow red'],
      ['same', ' fox jumps'],
    ]);
    expect(summariseDiff(runs)).toEqual({ insertedWords: 2, deletedWords: 2 });
  });

  it('handles empty sides and identical texts', () => {
    expect(diffWords('', 'new words')).toEqual([{ kind: 'inserted', text: 'new words', beforeStart: 0, afterStart: 0 }]);
    expect(diffWords('old words', '')).toEqual([{ kind: 'deleted', text: 'old words', beforeStart: 0, afterStart: 0 }]);
    expect(diffWords('same text', 'same text')).toEqual([{ kind: 'same', text: 'same text', beforeStart: 0, afterStart: 0 }]);
  });

  it('records the offsets of every run on both sides', () => {
    const before = 'alpha beta gamma delta';
    const after = 'alpha gamma delta epsilon';
    for (const run of diffWords(before, after)) {
      if (run.kind !== 'inserted') expect(before.slice(run.beforeStart, run.beforeStart + run.text.length)).toBe(run.text);
      if (run.kind !== 'deleted') expect(after.slice(run.afterStart, run.afterStart + run.text.length)).toBe(run.text);
    }
  });

  it('diffs a long memo with a few edits into a few runs', () => {
    const paragraph = 'Our customers tell us that returns take too long and cost them a second trip to the store. ';
    const before = paragraph.repeat(300);
    const after = before.replace('second trip', 'third trip').concat('A closing line.');
    const runs = diffWords(before, after);
    expect(runs.filter((run) => run.kind !== 'same').map((run) => run.text)).toEqual(['second', 'third', 'A closing line.']);
  });

  it('gives back both texts for many random edits (a seeded generator, so failures repeat)', () => {
    let seed = 42;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const vocabulary = ['the', 'customer', 'refund', 'waits', 'nine', 'days', 'we', 'ship', 'today', '\n\n'];
    const text = (length: number) => Array.from({ length }, () => vocabulary[Math.floor(random() * vocabulary.length)]).join(' ');
    for (let round = 0; round < 200; round += 1) {
      const before = text(Math.floor(random() * 40));
      const after = random() < 0.5 ? text(Math.floor(random() * 40)) : before.replace(/days|ship/g, (word) => (random() < 0.5 ? word : 'weeks'));
      const runs = diffWords(before, after);
      expect(side(runs, 'before')).toBe(before);
      expect(side(runs, 'after')).toBe(after);
    }
  });

  it('shows a total rewrite beyond the edit budget as one replacement, still exact', () => {
    const before = Array.from({ length: 2500 }, (_, index) => `w${index}`).join(' ');
    const after = Array.from({ length: 2500 }, (_, index) => `v${index}`).join(' ');
    const runs = diffWords(before, after);
    expect(runs.map((run) => run.kind)).toEqual(['deleted', 'inserted']);
    expect(side(runs, 'after')).toBe(after);
  });

  it('tokenises words with their whitespace', () => {
    expect(tokenizeWords('a  b\nc')).toEqual(['a', '  ', 'b', '\n', 'c']);
  });
});

describe('mapping a range through a diff', () => {
  it('moves an untouched passage with the text around it', () => {
    const before = 'We ship on Monday. Refunds are instant.';
    const after = 'Starting today, we ship on Monday. Refunds are instant.';
    const start = before.indexOf('Refunds');
    const mapped = mapRange(diffWords(before, after), start, start + 'Refunds are instant'.length);
    expect(after.slice(mapped.start, mapped.end)).toBe('Refunds are instant');
    expect(mapped).toMatchObject({ isChanged: false, isDeleted: false });
  });

  it('marks a passage whose words were edited', () => {
    const before = 'Refunds take two days today.';
    const after = 'Refunds take two hours today.';
    const mapped = mapRange(diffWords(before, after), 0, 'Refunds take two days'.length);
    expect(mapped.isChanged).toBe(true);
    expect(after.slice(mapped.start, mapped.end)).toBe('Refunds take two hours');
  });

  it('marks a passage that was deleted entirely', () => {
    const before = 'Keep this. Drop this sentence. Keep that.';
    const after = 'Keep this. Keep that.';
    const start = before.indexOf('Drop');
    const mapped = mapRange(diffWords(before, after), start, start + 'Drop this sentence.'.length);
    expect(mapped.isDeleted).toBe(true);
  });
});
