import { describe, expect, it } from 'vitest';
import { classifyFragment, finiteVerbPositions } from './sentence-fragments.js';
import { tokenize } from './text-analysis.js';

const kindOf = (sentence: string): string | undefined => classifyFragment(tokenize(sentence, 0, sentence.length), sentence);
const verbsOf = (sentence: string): string[] => {
  const tokens = tokenize(sentence, 0, sentence.length);
  return [...finiteVerbPositions(tokens)].map((index) => tokens[index]?.text ?? '');
};

describe('finiteVerbPositions', () => {
  it('finds auxiliaries, past forms, -s forms after a subject, and verbs after pronouns', () => {
    expect(verbsOf('The team ships weekly.')).toEqual(['ships']);
    expect(verbsOf('We onboard new teams.')).toEqual(['onboard']);
    expect(verbsOf('Sales went up and margins have fallen.')).toEqual(['went', 'have']);
    // Ambiguous words count as verbs: the rule would rather stay silent than flag a full sentence.
    expect(verbsOf('Prices rose and costs fell.')).toEqual(['rose', 'costs', 'fell']);
  });

  it('does not take nouns after articles, prepositions or adjectives for verbs', () => {
    expect(verbsOf('A written plan for supplier changes.')).toEqual([]);
    expect(verbsOf('Fewer support tickets and faster answers.')).toEqual([]);
    expect(verbsOf('A serious gap for a company that sells mostly on phones.')).toEqual([]);
  });
});

describe('classifyFragment', () => {
  it('names the two kinds of fragment', () => {
    expect(kindOf('A big win for customers.')).toBe('no-verb');
    expect(kindOf('Because the pilot ended.')).toBe('dependent-clause');
    expect(kindOf('Although existing credits stay valid.')).toBe('dependent-clause');
  });

  it('accepts full sentences, including a dependent clause joined by a comma', () => {
    expect(kindOf('Because the pilot ended, we stopped.')).toBeUndefined();
    expect(kindOf('If customers churn we lose revenue.')).toBeUndefined();
    expect(kindOf('Read the appendix first.')).toBeUndefined();
    expect(kindOf('2023.')).toBeUndefined();
  });
});
