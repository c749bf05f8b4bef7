import { describe, expect, it } from 'vitest';
import { lintMarkdown } from './lint.js';
import { countReadableWords } from './word-count.js';

describe('countReadableWords', () => {
  it('counts prose only, with hyphenated words and contractions as one word', () => {
    expect(countReadableWords('# A single-threaded team\n\nWe don\'t ship [until ready](https://example.com/a/b/c).\n\n```mermaid\nflowchart TD\n  A --> B\n```\n\n- one `code` item\n')).toBe(10);
  });

  it('agrees with the writing checks\' count of a whole document', () => {
    const memo = '# Refunds\n\n## Context\n\nCustomers wait nine days for a refund, and they tell us it is the worst part of returning.\n\n## Appendix: data\n\nNine days is the median over 2025.\n';
    expect(countReadableWords(memo)).toBe(lintMarkdown(memo, { kind: 'memo' }).words.total);
  });
});
