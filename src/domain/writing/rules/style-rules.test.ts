import { describe, expect, it } from 'vitest';
import { findingsOf, flagged } from '../../../../test/lint/findings-helper.js';

const memo = (text: string): string => `# Memo\n\n${text}\n`;

describe('style.passive-voice', () => {
  it('finds regular and irregular participles, with adverbs between', () => {
    const text = memo('The feature was launched in May. The tools were built by a contractor. The guide is written for admins. It was not quickly adopted. The plan has been rewritten twice.');
    expect(flagged(text, 'style.passive-voice')).toEqual(['was launched', 'were built', 'is written', 'was not quickly adopted', 'been rewritten']);
  });

  it('leaves states and feelings alone ("we are excited", "is based on", "is set to")', () => {
    const text = memo('We are excited about it. The plan is based on a survey. The store is set to open in May. The team is focused on speed. She was born in Leeds.');
    expect(findingsOf(text, 'style.passive-voice')).toEqual([]);
  });

  it('quotes the words without their markup', () => {
    expect(findingsOf(memo('The debrief is **run** by the bar raiser.'), 'style.passive-voice')[0]?.message).toBe('Passive voice: "is run". Say who does it.');
  });

  it('reports "is being reviewed" once', () => {
    expect(flagged(memo('The draft is being reviewed.'), 'style.passive-voice')).toEqual(['being reviewed']);
  });

  it('does not look inside appendices or section headings', () => {
    expect(findingsOf('# Memo\n\n## What was decided\n\nWe chose prose.\n\n## Appendix\n\nThe data was collected weekly.\n', 'style.passive-voice')).toEqual([]);
  });
});

describe('style.weasel and style.hedge', () => {
  it('flag vague intensifiers and hedges, including phrases', () => {
    const text = memo('It is very fast and significantly cheaper. Most people like it. We think it might help, and it could potentially double sales.');
    expect(flagged(text, 'style.weasel')).toEqual(['very', 'significantly', 'Most people']);
    expect(flagged(text, 'style.hedge')).toEqual(['We think', 'might', 'could potentially']);
  });

  it('leave the same words alone where they are not vague', () => {
    const text = memo('We chose prose rather than slides. What kind of reader opens it? The very first page shows revenue. Not a maybe but a yes.');
    expect(findingsOf(text, 'style.weasel')).toEqual([]);
    expect(findingsOf(text, 'style.hedge')).toEqual([]);
  });
});

describe('style.jargon', () => {
  it('flags built-in jargon in both spellings of a compound', () => {
    expect(flagged(memo('We leverage a best-in-class, cutting edge tool.'), 'style.jargon')).toEqual(['leverage', 'best-in-class', 'cutting edge']);
  });

  it('adds the org\'s terms and drops the ones it allows', () => {
    const text = memo('Each squad runs a robust process.');
    expect(flagged(text, 'style.jargon', 'memo', { jargon: ['squad'], allowedJargon: ['robust'] })).toEqual(['squad']);
  });

  it('accepts "leverage" as a noun', () => {
    expect(findingsOf(memo('One buyer gives us leverage over vendors. Scale is leverage.'), 'style.jargon')).toEqual([]);
  });
});

describe('style.long-sentence', () => {
  const longSentence = `${Array.from({ length: 42 }, (_, index) => `word${index}`).join(' ')}.`;

  it('applies the budget of each section: 40 words in a memo body, 60 in an appendix', () => {
    const findings = findingsOf(`# Memo\n\n${longSentence}\n\n## Appendix\n\n${longSentence}\n`, 'style.long-sentence');
    expect(findings).toHaveLength(1);
    expect(findings[0]?.message).toMatch(/42 words; the limit in the memo body is 40/);
  });

  it('gives the headline its own, shorter budget', () => {
    const headline = '# Acme launches a new app that lets sailors book a mooring and pay the harbour fee from the boat\n\n## Summary\n\nText.\n';
    expect(findingsOf(headline, 'style.long-sentence', 'prfaq')[0]?.message).toMatch(/^Headline of 19 words; the limit in the headline is 15/);
  });

  it('takes the org\'s budgets', () => {
    expect(findingsOf(memo(longSentence), 'style.long-sentence', 'memo', { maxSentenceWords: { memoBody: 50 } })).toEqual([]);
  });
});

describe('style.readability', () => {
  const dense = 'Organisational fragmentation necessitates considerable administrative duplication. Departmental procurement negotiations systematically undermine institutional purchasing capability. Consequently, comparable commitments demonstrate substantial unexplained pricing variability. Centralised negotiation responsibility would consolidate contractual accountability. Standardised evaluation methodology facilitates comparative vendor assessment. Ultimately, consolidation substantially diminishes organisational procurement complexity.';

  it('flags a dense paragraph above the grade limit of its section', () => {
    const findings = findingsOf(memo(dense), 'style.readability');
    expect(findings).toHaveLength(1);
    expect(findings[0]?.message).toMatch(/^Reading grade \d+\.\d is above 14 for the memo body/);
  });

  it('leaves plain paragraphs, short ones and appendices alone', () => {
    const plain = 'Each team buys its own servers. Each team talks to the same two vendors. Each team gets a different price for the same thing. Last year the gap between the best and the worst price was forty percent of the bill.';
    expect(findingsOf(memo(plain), 'style.readability')).toEqual([]);
    expect(findingsOf(memo('Organisational fragmentation necessitates duplication.'), 'style.readability')).toEqual([]);
    expect(findingsOf(`# Memo\n\nA short body.\n\n## Appendix\n\n${dense}\n`, 'style.readability')).toEqual([]);
  });
});
