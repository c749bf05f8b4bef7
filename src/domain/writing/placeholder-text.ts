import { tokenize } from './text-analysis.js';

/**
 * Words that, alone or together, stand in for text without saying anything: "n/a", "tbd", "to do", "see above",
 * "same as above", "lorem ipsum". A text made only of them is a placeholder, whatever its length.
 */
const PLACEHOLDER_WORDS: ReadonlySet<string> = new Set([
  'n/a', 'na', 'n.a', 'tbd', 't.b.d', 'tbc', 'todo', 'to', 'do', 'see', 'above', 'below', 'same', 'as', 'ditto', 'idem',
  'etc', 'lorem', 'ipsum', 'asdf', 'blah', 'wip',
]);

/**
 * True when a text holds nothing a reader can use: no words at all, only placeholder words (and `alsoPlaceholders`,
 * which a caller adds for its own kind of text), one letter repeated ("xxx"), or one word over and over. The writing
 * checks and the pipeline read a placeholder FAQ answer as no answer; hiring and reviews refuse placeholder evidence.
 */
export function isPlaceholderText(text: string, alsoPlaceholders: ReadonlySet<string> = new Set()): boolean {
  const words = tokenize(text, 0, text.length).map((token) => token.lower);
  // "xxx", "aaaa": one letter typed over and over. Not a single character, nor digits: "5" or "No" answer a question.
  const isRepeatedLetter = (word: string) => /^(\p{L})\1+$/u.test(word);
  return words.length === 0
    || words.every((word) => PLACEHOLDER_WORDS.has(word) || alsoPlaceholders.has(word) || isRepeatedLetter(word))
    || (words.length > 1 && new Set(words).size === 1);
}
