import { describe, expect, it } from 'vitest';
import { countSyllables, fleschKincaidGrade, splitSentences, tokenize } from './text-analysis.js';

const sentencesOf = (text: string): string[] => {
  const tokens = tokenize(text, 0, text.length);
  return splitSentences(text, tokens, text.length).map((sentence) => text.slice(sentence.start, sentence.end));
};

describe('tokenize', () => {
  it('keeps contractions, hyphenated words and versions whole, with source offsets', () => {
    const text = "We don’t ship best-in-class v2.3.1 code.";
    const tokens = tokenize(text, 0, text.length);
    expect(tokens.map((token) => token.text)).toEqual(['We', "don't", 'ship', 'best-in-class', 'v2.3.1', 'code']);
    expect(text.slice(tokens[3]?.start, tokens[3]?.end)).toBe('best-in-class');
  });
});

describe('splitSentences', () => {
  it('splits at full stops, questions and exclamations', () => {
    expect(sentencesOf('It works. Does it? Yes!')).toEqual(['It works.', 'Does it?', 'Yes!']);
  });

  it('does not split after titles, initials or abbreviations followed by lower case', () => {
    expect(sentencesOf('Dr. Chen and J. Smith agree, e.g. on price. Next.')).toEqual(['Dr. Chen and J. Smith agree, e.g. on price.', 'Next.']);
  });

  it('ends the last sentence at the end of the block even without punctuation', () => {
    expect(sentencesOf('Owner: Priya')).toEqual(['Owner: Priya']);
  });
});

describe('readability', () => {
  it('counts syllables of common words', () => {
    expect(countSyllables('cat')).toBe(1);
    expect(countSyllables('table')).toBe(2);
    expect(countSyllables('organisation')).toBe(5);
    expect(countSyllables('released')).toBe(2);
  });

  it('grades long words and long sentences higher', () => {
    expect(fleschKincaidGrade(100, 10, 130)).toBeLessThan(fleschKincaidGrade(100, 4, 190));
    expect(fleschKincaidGrade(0, 0, 0)).toBe(0);
  });
});
