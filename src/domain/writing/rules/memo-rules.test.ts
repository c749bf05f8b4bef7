import { describe, expect, it } from 'vitest';
import { findingsOf, flagged } from '../../../../test/lint/findings-helper.js';

const paragraph = (words: number): string => `${Array.from({ length: words / 10 }, () => 'The team ships one small change to the billing page.').join(' ')}`;

describe('memo.length', () => {
  it('is an error when the body passes six pages, appendices excluded', () => {
    const body = `# Memo\n\n${paragraph(400)}\n`;
    expect(findingsOf(body, 'memo.length', 'memo', { wordsPerPage: 60 })).toHaveLength(1);
    expect(findingsOf(`${body}\n## Appendix\n\n${paragraph(400)}\n`, 'memo.length', 'memo', { wordsPerPage: 70 })).toEqual([]);
  });

  it('counts a memo that opens with an appendix heading as body: an appendix follows a body', () => {
    const opensWithAppendix = `## Appendix: the whole story\n\n${paragraph(400)}\n\n### Appendices and numbers\n\n${paragraph(100)}\n`;
    const [finding] = findingsOf(opensWithAppendix, 'memo.length', 'memo', { wordsPerPage: 60 });
    // The first "appendix" is body (nothing came before it); the later one is a real appendix.
    expect(finding?.message).toMatch(/runs 404 words/);
  });

  it('points at the first word past the last page', () => {
    const markdown = `# Memo\n\n${paragraph(100)}\n`;
    const [finding] = findingsOf(markdown, 'memo.length', 'memo', { wordsPerPage: 15, memoMaxPages: 6 });
    expect(finding?.severity).toBe('error');
    expect(finding?.message).toMatch(/runs 101 words; 6 pages hold 90/);
    expect(markdown.slice(finding?.start, finding?.end)).toBe('page');
  });
});

describe('memo.no-lists', () => {
  it('reports each bulleted or numbered list in the body once, as an error', () => {
    const markdown = '# Memo\n\nIntro text.\n\n- one\n- two\n\n1. first\n2. second\n\n## Appendix\n\n- fine here\n';
    const findings = findingsOf(markdown, 'memo.no-lists');
    expect(findings.map((finding) => [finding.line, finding.severity])).toEqual([[5, 'error'], [8, 'error']]);
    expect(findings[0]?.message).toMatch(/bulleted list \(2 items\)/);
    expect(findings[1]?.message).toMatch(/numbered list/);
  });

  it('sees a list inside a quote, bulleted or numbered, nested or not, but not a quote with a dash in it', () => {
    const markdown = '# Memo\n\nIntro text.\n\n> - first item\n> - second item\n\nMore prose.\n\n> > 1. step one\n> > 2. step two\n\n> A quote - with a dash.\n';
    const findings = findingsOf(markdown, 'memo.no-lists');
    expect(findings.map((finding) => finding.message)).toEqual([
      expect.stringMatching(/^A bulleted list inside a quote/),
      expect.stringMatching(/^A numbered list inside a quote/),
    ]);
    expect(findings.every((finding) => finding.severity === 'error')).toBe(true);
  });

  it('counts lines opened by a bullet character as list items: paragraphs, lines joined by hard breaks, quotes', () => {
    const paragraphs = '# Memo\n\nIntro text.\n\n• We build the refund service.\n\n• We hire two engineers.\n\nMore prose.\n';
    const [bulleted, ...none] = findingsOf(paragraphs, 'memo.no-lists');
    expect(none).toEqual([]);
    expect(bulleted).toMatchObject({ severity: 'error', line: 5, message: expect.stringMatching(/^A bulleted list \(2 items, typed with "•"\)/) });
    const hardBreaks = '# Memo\n\nIntro text.\n\n– We build the refund service.  \n– We hire two engineers.\\\n— We launch in May.\n';
    expect(findingsOf(hardBreaks, 'memo.no-lists').map((finding) => finding.message)).toEqual([expect.stringMatching(/^A bulleted list \(3 items, typed with "–" and "—"\)/)]);
    expect(findingsOf('# Memo\n\n> ‣ one point\n> ◦ another\n', 'memo.no-lists')).toHaveLength(1);
    // A single item is a list when its bullet can only be one.
    expect(findingsOf('# Memo\n\n· We build the refund service.\n', 'memo.no-lists')).toHaveLength(1);
    // The appendix may hold lists of any kind.
    expect(findingsOf('# Memo\n\nIntro text.\n\n## Appendix\n\n• one\n• two\n', 'memo.no-lists')).toEqual([]);
  });

  it('leaves dashes in prose alone: inside a sentence, or one line of dialogue opened by a dash', () => {
    const prose = '# Memo\n\nRefunds take nine days – sometimes more – and customers notice.\n\n– Where is my money? one customer asked us.\n\nWe heard it every week.\n';
    expect(findingsOf(prose, 'memo.no-lists')).toEqual([]);
    // A bullet that needs no space after it is not a bullet: "·5" or "•x" stays text.
    expect(findingsOf('# Memo\n\n•x marks the spot.\n', 'memo.no-lists')).toEqual([]);
  });

  it('does not apply to a PR/FAQ', () => {
    expect(findingsOf('# H\n\n- a\n- b\n', 'memo.no-lists', 'prfaq')).toEqual([]);
    expect(findingsOf('# H\n\n• a\n• b\n', 'memo.no-lists', 'prfaq')).toEqual([]);
  });
});

describe('memo.sentence-fragment', () => {
  it('flags verbless sentences and lone dependent clauses', () => {
    const markdown = '# Memo\n\nThe launch slipped by two months. A painful quarter for the team. Because the supplier changed its terms. Revenue up 12% year over year.\n';
    expect(flagged(markdown, 'memo.sentence-fragment')).toEqual(['A painful quarter for the team.', 'Because the supplier changed its terms.', 'Revenue up 12% year over year.']);
  });

  it('accepts full sentences, imperatives, questions and label lines', () => {
    const markdown = '# Memo\n\nOwner: Priya\n\nWhy now? Read the appendix first. If customers churn we lose revenue. Since March, sales grew. The tool flags stale tickets. We onboard teams weekly.\n';
    expect(findingsOf(markdown, 'memo.sentence-fragment')).toEqual([]);
  });

  it('skips lists, headings and appendices', () => {
    expect(findingsOf('# Memo title\n\nText is here.\n\n## Appendix\n\nRaw numbers by week.\n', 'memo.sentence-fragment')).toEqual([]);
  });

  it('reads footnotes as citations, not sentences, and a reference as no word of its sentence', () => {
    const markdown = '# Memo\n\nFailed picks fell by half.[^leeds] A quarter to forget.\n\n[^leeds]: The Leeds pilot, weeks 14 to 18.\n  One shift a day.\n';
    expect(flagged(markdown, 'memo.sentence-fragment')).toEqual(['A quarter to forget.']);
  });
});
