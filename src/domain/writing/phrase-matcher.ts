/**
 * Finds words and multi-word phrases from a list in a token stream, in one pass: phrases are
 * indexed by their first word, so each token costs one map lookup.
 */
import type { Token } from './text-analysis.js';

export interface PhraseMatch {
  /** Index of the first token of the match. */
  readonly firstToken: number;
  /** Index just after the last token. */
  readonly endToken: number;
  readonly phrase: string;
}

export interface PhraseMatcher {
  /** Every match in the tokens, longest first at each position, never overlapping. */
  findAll(tokens: readonly Token[], masked: string): PhraseMatch[];
  has(word: string): boolean;
}

export function createPhraseMatcher(phrases: Iterable<string>): PhraseMatcher {
  const byFirstWord = new Map<string, string[][]>();
  const add = (phrase: string): void => {
    const words = phrase.toLowerCase().split(/\s+/).filter((word) => word !== '');
    const first = words[0];
    if (first === undefined) return;
    const list = byFirstWord.get(first) ?? [];
    if (!list.some((existing) => existing.join(' ') === words.join(' '))) list.push(words);
    list.sort((left, right) => right.length - left.length);
    byFirstWord.set(first, list);
  };
  for (const phrase of phrases) {
    add(phrase);
    // "cutting-edge" is also written "cutting edge".
    if (phrase.includes('-')) add(phrase.replaceAll('-', ' '));
  }

  return {
    has: (word) => byFirstWord.get(word.toLowerCase())?.some((words) => words.length === 1) ?? false,
    findAll(tokens, masked) {
      const matches: PhraseMatch[] = [];
      for (let index = 0; index < tokens.length; index += 1) {
        const candidates = byFirstWord.get((tokens[index] as Token).lower);
        if (candidates === undefined) continue;
        for (const words of candidates) {
          if (matchesAt(tokens, masked, index, words)) {
            matches.push({ firstToken: index, endToken: index + words.length, phrase: words.join(' ') });
            index += words.length - 1;
            break;
          }
        }
      }
      return matches;
    },
  };
}

function matchesAt(tokens: readonly Token[], masked: string, index: number, words: readonly string[]): boolean {
  if (index + words.length > tokens.length) return false;
  for (let offset = 1; offset < words.length; offset += 1) {
    const previous = tokens[index + offset - 1] as Token;
    const token = tokens[index + offset] as Token;
    if (token.lower !== words[offset]) return false;
    // The words of a phrase stand next to each other: only spaces or a hyphen between them.
    if (!/^[\s-]+$/.test(masked.slice(previous.end, token.start))) return false;
  }
  return true;
}
