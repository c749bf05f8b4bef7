import { describe, expect, it } from 'vitest';
import { buildSnippet, escapeLike, foldForSearch, highlightRanges, indexWords, matchesAll, mergeRanges, plainTextOfMarkdown, searchTerms, startsWithQuery } from './search-text.js';

const marked = (text: string, ranges: readonly [number, number][]) => ranges.map(([start, end]) => text.slice(start, end));

describe('folding text for search', () => {
  it('sets case, accents and compatibility forms aside', () => {
    expect(foldForSearch('Crème BRÛLÉE')).toBe('creme brulee');
    expect(foldForSearch('Ｏｒｄｅｒｓ ﬁnal')).toBe('orders final');
    expect(foldForSearch('Łódź Ørsted Δέλτα')).toBe('łodz ørsted δελτα');
    // A decomposed accent (e + combining acute) folds like the composed one.
    expect(foldForSearch('Cafe\u0301')).toBe('cafe');
  });

  it('keeps the marks a script needs: only diacritics go', () => {
    expect(foldForSearch('हिंदी')).toBe('हिंदी'.normalize('NFKD'));
  });
});

describe('query terms', () => {
  it('splits on white space, folds, and keeps punctuation inside a word', () => {
    expect(searchTerms('  Launch   PR/FAQ  ')).toEqual(['launch', 'pr/faq']);
    expect(searchTerms('100% _x')).toEqual(['100%', '_x']);
  });

  it('drops repeated words and words another word starts with', () => {
    expect(searchTerms('lau launch LAUNCH plan')).toEqual(['launch', 'plan']);
  });

  it('gives the letters and digits of a term to the full-text index', () => {
    expect(indexWords('pr/faq')).toEqual(['pr', 'faq']);
    expect(indexWords('%')).toEqual([]);
    expect(indexWords("o'brien")).toEqual(['o', 'brien']);
  });

  it('escapes LIKE wildcards and the escape character', () => {
    expect(escapeLike('100%_a\\b')).toBe('100\\%\\_a\\\\b');
  });
});

describe('matching', () => {
  it('matches the start of a word, as typed', () => {
    expect(matchesAll('Launch plan', ['lau'])).toBe(true);
    expect(matchesAll('Nicolau Costa', ['lau'])).toBe(false);
    expect(matchesAll('Self-service refunds', ['serv'])).toBe(true);
    expect(matchesAll('PR/FAQ: faster refunds', ['faq'])).toBe(true);
  });

  it('needs every term (AND), in any order', () => {
    expect(matchesAll('Faster refunds for Acme', ['acme', 'fast'])).toBe(true);
    expect(matchesAll('Faster refunds for Acme', ['acme', 'slow'])).toBe(false);
  });

  it('ignores case and accents on both sides', () => {
    expect(matchesAll('Café Élan', ['cafe', 'ELAN'.toLowerCase()])).toBe(true);
    expect(matchesAll('Cafe Elan', [foldForSearch('Café')])).toBe(true);
  });

  it('takes a term that starts with punctuation anywhere', () => {
    expect(matchesAll('Uptime 99.9%', ['%'])).toBe(true);
    expect(matchesAll('Uptime ninety-nine', ['%'])).toBe(false);
    expect(matchesAll('rate_of_return', ['_of'])).toBe(true);
  });

  it('knows a title starting with the query from one containing it', () => {
    expect(startsWithQuery('Launch plan for Q3', ['launch', 'pl'])).toBe(true);
    expect(startsWithQuery('The launch plan', ['launch', 'pl'])).toBe(false);
    expect(startsWithQuery('Launch   Plan', ['launch', 'plan'])).toBe(true);
  });
});

describe('highlights', () => {
  it('gives UTF-16 ranges of the original text, sorted and merged', () => {
    const text = 'Launch the launcher';
    expect(marked(text, highlightRanges(text, ['laun']))).toEqual(['Laun', 'laun']);
    expect(highlightRanges(text, ['launch', 'laun'])).toEqual([[0, 6], [11, 17]]);
  });

  it('maps folded offsets back through accents, ligatures and astral characters', () => {
    const text = '🚀 ﬁnal Crème brûlée';
    const ranges = highlightRanges(text, ['final', 'creme', 'brul']);
    expect(marked(text, ranges)).toEqual(['ﬁnal', 'Crème', 'brûl']);
    const decomposed = 'Cafe\u0301 au lait';
    expect(marked(decomposed, highlightRanges(decomposed, ['cafe']))).toEqual(['Cafe\u0301'.slice(0, 4)]);
  });

  it('merges touching and overlapping ranges', () => {
    expect(mergeRanges([[5, 8], [0, 2], [2, 4], [6, 10]])).toEqual([[0, 4], [5, 10]]);
  });
});

describe('snippets', () => {
  const long = `${'Intro words that set the scene. '.repeat(8)}The refund backlog fell to two days after the change. ${'Closing remarks follow here. '.repeat(8)}`;

  it('shows about 160 characters around the first match, cut at spaces, with ellipses', () => {
    const snippet = buildSnippet(long, ['backlog'])!;
    expect(snippet.text.length).toBeLessThanOrEqual(162);
    expect(snippet.text.startsWith('…')).toBe(true);
    expect(snippet.text.endsWith('…')).toBe(true);
    expect(snippet.text.slice(1, -1).startsWith(' ')).toBe(false);
    expect(marked(snippet.text, snippet.highlights)).toEqual(['backlog']);
  });

  it('starts at the beginning when the match is near it, and is null without a match', () => {
    const snippet = buildSnippet('Refunds in two days. More text.', ['two'])!;
    expect(snippet).toEqual({ text: 'Refunds in two days. More text.', highlights: [[11, 14]] });
    expect(buildSnippet('Nothing here', ['absent'])).toBeNull();
  });

  it('centres on an anchor term and still highlights every term in the window', () => {
    const text = `Refunds ${'filler '.repeat(40)}refunds backlog`;
    const snippet = buildSnippet(text, ['refunds', 'backlog'], 60, ['backlog'])!;
    expect(marked(snippet.text, snippet.highlights)).toEqual(['refunds', 'backlog']);
  });
});

describe('Markdown as plain text', () => {
  it('drops the syntax and keeps the words', () => {
    const markdown = '# Press release\n\n**Seattle** — _Acme_ launches [refunds](https://example.test) today.\n\n- one\n- `two`\n\n| a | b |\n|---|---|\n| c | d |\n\n> quoted';
    expect(plainTextOfMarkdown(markdown)).toBe('Press release Seattle — Acme launches refunds today. one two a b c d quoted');
  });
});
