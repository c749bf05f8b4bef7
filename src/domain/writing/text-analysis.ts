/**
 * Words and sentences of one block of prose, found once and shared by every rule. Tokens are read
 * from the masked text (markup already blanked), so their offsets point into the original source.
 */

export interface Token {
  readonly start: number;
  readonly end: number;
  /** The word as written, with curly apostrophes straightened. */
  readonly text: string;
  readonly lower: string;
}

export interface Sentence {
  readonly start: number;
  /** Just after the closing punctuation, or after the last word when there is none. */
  readonly end: number;
  /** Index of the first token in the unit's token list. */
  readonly firstToken: number;
  /** Index just after the last token. */
  readonly endToken: number;
  /** The closing punctuation (`.`, `?`, `!`), or '' when the text just stops. */
  readonly terminator: string;
}

// A word: letters and digits, with inner apostrophes, hyphens, dots and slashes ("don't", "best-in-class", "v2.3.1", "24/7").
const WORD = /[\p{L}\p{N}](?:[\p{L}\p{N}'’\-./]*[\p{L}\p{N}])?/gu;

// Abbreviations whose dot does not end a sentence when a lower-case word or a number follows.
const ABBREVIATIONS = new Set(['e.g', 'i.e', 'etc', 'vs', 'approx', 'inc', 'ltd', 'co', 'corp', 'no', 'fig', 'cf', 'est', 'u.s', 'u.k', 'a.m', 'p.m', 'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec']);
// Titles never end a sentence: "Dr. Chen".
const TITLES = new Set(['mr', 'mrs', 'ms', 'dr', 'prof', 'st', 'jr', 'sr']);

export function tokenize(masked: string, start: number, end: number): Token[] {
  const tokens: Token[] = [];
  const text = masked.slice(start, end);
  WORD.lastIndex = 0;
  for (let match = WORD.exec(text); match !== null; match = WORD.exec(text)) {
    const word = match[0].includes('’') ? match[0].replaceAll('’', "'") : match[0];
    tokens.push({ start: start + match.index, end: start + match.index + match[0].length, text: word, lower: word.toLowerCase() });
  }
  return tokens;
}

/** Splits a block's tokens into sentences at `.`, `?` and `!` (and at the end of the block). */
export function splitSentences(masked: string, tokens: readonly Token[], blockEnd: number): Sentence[] {
  const sentences: Sentence[] = [];
  let first = 0;
  for (let index = 0; index < tokens.length; index += 1) {
    const token = tokens[index] as Token;
    const next = tokens[index + 1];
    const gapEnd = next === undefined ? blockEnd : next.start;
    const gap = masked.slice(token.end, gapEnd);
    const terminatorAt = gap.search(/[.?!]/);
    if (terminatorAt === -1) {
      if (next === undefined) sentences.push({ start: (tokens[first] as Token).start, end: token.end, firstToken: first, endToken: index + 1, terminator: '' });
      continue;
    }
    const terminator = gap[terminatorAt] as string;
    if (next !== undefined && terminator === '.' && isAbbreviationDot(token, next, gap, terminatorAt)) continue;
    const closers = /^[.?!]+["'”’)\]]*/.exec(gap.slice(terminatorAt));
    const end = token.end + terminatorAt + (closers?.[0].length ?? 1);
    sentences.push({ start: (tokens[first] as Token).start, end, firstToken: first, endToken: index + 1, terminator });
    first = index + 1;
  }
  return sentences;
}

function isAbbreviationDot(token: Token, next: Token, gap: string, dotAt: number): boolean {
  if (dotAt !== 0) return false;
  if (TITLES.has(token.lower)) return true;
  const isSingleCapital = token.text.length === 1 && /[A-Z]/.test(token.text); // an initial: "J. Smith"
  if (isSingleCapital) return true;
  if (!ABBREVIATIONS.has(token.lower)) return false;
  return !/^[A-Z]/.test(next.text) || gap.includes(',');
}

const syllableCache = new Map<string, number>();
const SYLLABLE_CACHE_LIMIT = 50_000;

/** Syllables of an English word, by vowel groups with the usual corrections (silent e, -le, -ed). */
export function countSyllables(lowerWord: string): number {
  // Prose repeats its words: a cache makes the reading grade of a long memo cheap. Pure: the
  // cache only remembers results of a pure function.
  const cached = syllableCache.get(lowerWord);
  if (cached !== undefined) return cached;
  const count = computeSyllables(lowerWord);
  if (syllableCache.size < SYLLABLE_CACHE_LIMIT) syllableCache.set(lowerWord, count);
  return count;
}

function computeSyllables(lowerWord: string): number {
  const word = lowerWord.replace(/[^a-z]/g, '');
  if (word.length === 0) return 1; // numbers read as one unit
  if (word.length <= 3) return 1;
  let count = 0;
  let isPreviousVowel = false;
  for (let index = 0; index < word.length; index += 1) {
    const isVowel = 'aeiouy'.includes(word[index] as string);
    if (isVowel && !isPreviousVowel) count += 1;
    isPreviousVowel = isVowel;
  }
  if (word.endsWith('e') && !word.endsWith('le') && !word.endsWith('ee') && count > 1) count -= 1;
  if (/[^aeiouy]ed$/.test(word) && !/[td]ed$/.test(word) && count > 1) count -= 1;
  if (/[^aeiouy]es$/.test(word) && !/(?:[cgsxz]|ch|sh)es$/.test(word) && count > 1) count -= 1;
  return Math.max(1, count);
}

/** Flesch-Kincaid grade level: the school grade a reader needs to follow the text. */
export function fleschKincaidGrade(words: number, sentences: number, syllables: number): number {
  if (words === 0 || sentences === 0) return 0;
  return 0.39 * (words / sentences) + 11.8 * (syllables / words) - 15.59;
}
