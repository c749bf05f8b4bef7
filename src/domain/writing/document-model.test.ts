import { describe, expect, it } from 'vitest';
import { COMPLETE_PRFAQ } from '../../../test/lint/findings-helper.js';
import { parseWritingDocument } from './document-model.js';

describe('parseWritingDocument: PR/FAQ', () => {
  it('recognises every press-release section by its heading', () => {
    const document = parseWritingDocument(COMPLETE_PRFAQ, 'prfaq');
    expect(document.sections.map((section) => section.role)).toEqual([
      'headline', 'subheading', 'summary', 'problem', 'solution', 'leader-quote', 'how-it-works', 'customer-quote', 'call-to-action', 'faq', 'faq',
    ]);
    expect(document.sections.find((section) => section.role === 'customer-quote')?.zone).toBe('quote');
  });

  it('reads a title that names the document a PR/FAQ as its headline, not as its FAQ', () => {
    const source = '# One-click returns PR/FAQ\n\n## Summary\n\nCustomers return a parcel in one click.\n\n## FAQ\n\n**How much does it cost?** Nothing.\n';
    expect(parseWritingDocument(source, 'prfaq').sections.map((section) => section.role)).toEqual(['headline', 'summary', 'faq']);
    expect(parseWritingDocument(source.replace('PR/FAQ', 'PRFAQ'), 'prfaq').sections[0]?.role).toBe('headline');
    // A heading that is the FAQ is still the FAQ.
    expect(parseWritingDocument('# Lockers\n\n## Frequently asked questions\n\n**Why?** Because.\n', 'prfaq').sections.map((section) => section.role)).toEqual(['headline', 'faq']);
  });

  it('collects FAQ entries from headings, with the audience of their section', () => {
    const document = parseWritingDocument(COMPLETE_PRFAQ, 'prfaq');
    expect(document.faq.map((entry) => [entry.audience, entry.question, entry.answerWords > 0])).toEqual([
      ['external', 'What does it cost?', true],
      ['internal', 'How good is the forecast?', true],
    ]);
  });

  it('reads bold-line questions and [external]/[internal] tags under a plain FAQ heading', () => {
    const markdown = '# A headline\n\n## FAQ\n\n**[External] Is it free?**\nYes, for a season.\n\n**[Internal] Why now?**\n\n**Who pays?** Landlords do.\n';
    const document = parseWritingDocument(markdown, 'prfaq');
    expect(document.faq.map((entry) => [entry.audience, entry.question, entry.answerWords])).toEqual([
      ['external', 'External Is it free?', 4],
      ['internal', 'Internal Why now?', 0],
      [undefined, 'Who pays?', 2],
    ]);
  });

  it('reads a placeholder answer ("TBD", "To do", "See above") as no answer, and a short real one as an answer', () => {
    const markdown = '# A headline\n\n## FAQ\n\n**Is it free?** TBD.\n\n**Who pays?**\n\nTo do\n\n**When?** See above.\n\n**Where?** Seattle.\n\n**Why?** xxx\n';
    expect(parseWritingDocument(markdown, 'prfaq').faq.map((entry) => [entry.question, entry.answerWords])).toEqual([
      ['Is it free?', 0], ['Who pays?', 0], ['When?', 0], ['Where?', 1], ['Why?', 0],
    ]);
  });

  it('takes audience sub-headings inside one FAQ section', () => {
    const markdown = '# H\n\n## FAQ\n\n### Customers\n\n#### Is it free?\n\nYes.\n\n### Stakeholders\n\n#### What does it cost us?\n\nLittle.\n';
    const document = parseWritingDocument(markdown, 'prfaq');
    expect(document.faq.map((entry) => entry.audience)).toEqual(['external', 'internal']);
  });

  it('keeps offsets, lines and stable section keys', () => {
    const document = parseWritingDocument(COMPLETE_PRFAQ, 'prfaq');
    const problem = document.sections.find((section) => section.role === 'problem');
    expect(problem?.key).toBe('problem');
    expect(problem?.heading?.line).toBe(9);
    expect(COMPLETE_PRFAQ.slice(problem?.heading?.start, problem?.heading?.end)).toBe('## Problem');
  });
});

describe('parseWritingDocument: memo', () => {
  it('splits body and appendices at an "Appendix" heading', () => {
    const document = parseWritingDocument('# Title\n\nBody text.\n\n## Details\n\nMore.\n\n## Appendix A: data\n\nNumbers.\n\n## Sources\n\nLinks.\n', 'memo');
    expect(document.sections.map((section) => [section.title, section.zone])).toEqual([
      ['Title', 'memoBody'], ['Details', 'memoBody'], ['Appendix A: data', 'appendix'], ['Sources', 'appendix'],
    ]);
  });
});

describe('guessing the kind', () => {
  it('takes a document with an FAQ or press-release headings for a PR/FAQ, anything else for a memo', () => {
    expect(parseWritingDocument('# X\n\n## External FAQ\n\n### Q?\n\nA.\n').kind).toBe('prfaq');
    expect(parseWritingDocument('# X\n\n## Summary\n\nA.\n\n## Problem\n\nB.\n').kind).toBe('prfaq');
    expect(parseWritingDocument('# X\n\n## Background\n\nA.\n').kind).toBe('memo');
  });
});
