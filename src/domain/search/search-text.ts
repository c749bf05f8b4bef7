/**
 * Matching a search query against text, as a person typing expects: case and accents aside ("cafe" finds "Café"),
 * every word of the query somewhere (AND), each word matching the start of a word of the text ("lau" finds
 * "Launch", not "Nicolau"), so results appear while the word is still being typed.
 *
 * Offsets given back (highlights) are UTF-16 offsets into the text as stored, not into its folded form: folding
 * changes lengths ("ﬁ" is "fi"), so each folded unit remembers the original range it came from.
 */

/** The Unicode blocks of combining diacritics: the accents folded away. Marks a script needs (Devanagari vowel signs) stay. */
export const DIACRITIC_MARKS = /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]/gu;

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

export type Range = [start: number, end: number];

function foldCodePoint(char: string): string {
  return char.normalize('NFKD').replace(DIACRITIC_MARKS, '').toLowerCase().replace(DIACRITIC_MARKS, '');
}

/** Text as it is compared: compatibility forms and accents folded, lower case. The database's `search_fold` does the same. */
export function foldForSearch(text: string): string {
  let folded = '';
  for (const char of text) folded += foldCodePoint(char);
  return folded;
}

interface FoldedText {
  folded: string;
  /** For each UTF-16 unit of `folded`, the original range of the character it came from. */
  origins: Range[];
}

function foldWithOrigins(text: string): FoldedText {
  let folded = '';
  const origins: Range[] = [];
  let offset = 0;
  for (const char of text) {
    const piece = foldCodePoint(char);
    folded += piece;
    for (let unit = 0; unit < piece.length; unit += 1) origins.push([offset, offset + char.length]);
    offset += char.length;
  }
  return { folded, origins };
}

/**
 * The words of a query, folded: split on white space, each kept whole with its punctuation ("pr/faq", "100%"),
 * duplicates and words another word already starts with dropped ("lau launch" asks no more than "launch").
 */
export function searchTerms(query: string): string[] {
  const words = [...new Set(foldForSearch(query).split(/\s+/u).filter((word) => word !== ''))];
  return words.filter((word) => !words.some((other) => other !== word && other.startsWith(word)));
}

/** The parts of a term that are letters and digits: what a full-text index can look for ("pr/faq" → pr, faq). */
export function indexWords(term: string): string[] {
  return term.split(/[^\p{L}\p{N}]+/u).filter((word) => word !== '');
}

/** A term for SQL `LIKE '%…%'`: its wildcards and the escape character taken literally. */
export function escapeLike(term: string): string {
  return term.replace(/[\\%_]/g, (char) => `\\${char}`);
}

/** Does the term start at `index` of the folded text: at the start of a word, or the term itself starts with punctuation. */
function startsWordAt(folded: string, index: number, term: string): boolean {
  if (index === 0) return true;
  if (!LETTER_OR_DIGIT.test(term.charAt(0))) return true;
  // The unit before may be the low half of a surrogate pair (𝐀): test the whole character.
  const unit = folded.charCodeAt(index - 1);
  const previous = unit >= 0xdc00 && unit <= 0xdfff && index >= 2 ? folded.slice(index - 2, index) : folded.charAt(index - 1);
  return !LETTER_OR_DIGIT.test(previous);
}

function occurrencesIn(folded: string, term: string): number[] {
  const found: number[] = [];
  let index = folded.indexOf(term);
  while (index !== -1) {
    if (startsWordAt(folded, index, term)) found.push(index);
    index = folded.indexOf(term, index + 1);
  }
  return found;
}

/** Which of the terms the text holds (at the start of a word). */
export function termsFoundIn(text: string, terms: readonly string[]): boolean[] {
  const folded = foldForSearch(text);
  return terms.map((term) => occurrencesIn(folded, term).length > 0);
}

export function matchesAll(text: string, terms: readonly string[]): boolean {
  return termsFoundIn(text, terms).every(Boolean);
}

/** Sorted, non-overlapping: touching or overlapping ranges become one. */
export function mergeRanges(ranges: readonly Range[]): Range[] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const merged: Range[] = [];
  for (const [start, end] of sorted) {
    const last = merged.at(-1);
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  return merged;
}

/** Every place a term matches, as ranges of the original text. */
export function highlightRanges(text: string, terms: readonly string[]): Range[] {
  const { folded, origins } = foldWithOrigins(text);
  const ranges: Range[] = [];
  for (const term of terms) {
    for (const index of occurrencesIn(folded, term)) {
      const first = origins[index];
      const last = origins[index + term.length - 1];
      if (first && last) ranges.push([first[0], last[1]]);
    }
  }
  return mergeRanges(ranges);
}

/** Does the folded text start with the whole query (its words in order, one space between)? "Launch plan" for "launch pl". */
export function startsWithQuery(text: string, terms: readonly string[]): boolean {
  const folded = foldForSearch(text).replace(/\s+/gu, ' ').trimStart();
  return terms.length > 0 && folded.startsWith(terms.join(' '));
}

export interface Snippet {
  text: string;
  highlights: Range[];
}

/**
 * About `length` characters of the text around the first match of an anchor term (by default any term), cut at
 * spaces, with "…" where text was left out, and every match in that window. Null when no term is in the text.
 */
export function buildSnippet(text: string, terms: readonly string[], length = 160, anchorTerms: readonly string[] = terms): Snippet | null {
  const all = highlightRanges(text, terms);
  const first = highlightRanges(text, anchorTerms)[0] ?? all[0];
  if (!first) return null;
  // Start a little before the match so it reads in context, then snap both ends to white space.
  let start = Math.max(0, first[0] - Math.floor(length / 4));
  let end = Math.min(text.length, start + length);
  start = Math.max(0, end - length);
  if (start > 0) {
    const space = text.indexOf(' ', start);
    start = space !== -1 && space < first[0] ? space + 1 : start;
  }
  if (end < text.length) {
    const space = text.lastIndexOf(' ', end);
    end = space > first[1] ? space : end;
  }
  // Never cut a surrogate pair in half.
  if (start > 0 && /[\udc00-\udfff]/u.test(text.charAt(start))) start -= 1;
  if (end < text.length && /[\udc00-\udfff]/u.test(text.charAt(end))) end += 1;
  const prefix = start > 0 ? '…' : '';
  const suffix = end < text.length ? '…' : '';
  const shift = prefix.length - start;
  const highlights = all
    .filter(([from, to]) => from >= start && to <= end)
    .map(([from, to]): Range => [from + shift, to + shift]);
  return { text: `${prefix}${text.slice(start, end)}${suffix}`, highlights };
}

/**
 * Markdown as a reader sees it, roughly: the words without the syntax around them (heading marks, emphasis,
 * link targets, code fences, table bars, HTML tags), on one line. Good enough for a snippet; not a renderer.
 */
export function plainTextOfMarkdown(markdown: string): string {
  return markdown
    .replace(/```[^\n]*\n?/g, ' ')
    .replace(/<[^>\n]+>/g, ' ')
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[\^[^\]]*\]:?/g, ' ')
    .replace(/^\s{0,3}(#{1,6}|>+|[-*+]|\d+[.)])\s+/gm, '')
    .replace(/^\s*([-*_]\s*){3,}$/gm, ' ')
    .replace(/^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/gm, ' ')
    .replace(/\|/g, ' ')
    .replace(/(\*\*|__|~~|`)/g, '')
    .replace(/(^|[\s(])[*_]([^*_\s])/g, '$1$2')
    .replace(/([^*_\s])[*_](?=[\s).,;:!?]|$)/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}
