import { describe, expect, it } from 'vitest';
import { helpfulText, lengthText, viewsText } from './playbooks-api.js';

describe('playbook wording', () => {
  it('says length, views and answers in words', () => {
    expect(lengthText({ wordCount: 1075, readMinutes: 5 })).toBe('1,075 words · 5 min read');
    expect(viewsText(1)).toBe('1 view');
    expect(viewsText(0)).toBe('0 views');
    expect(helpfulText({ yes: 0, no: 0 })).toBeUndefined();
    expect(helpfulText({ yes: 1, no: 0 })).toBe('1 of 1 reader found it helpful');
    expect(helpfulText({ yes: 3, no: 1 })).toBe('3 of 4 readers found it helpful');
  });
});
