/**
 * Undefined acronyms: an acronym is spelled out at its first use, "Weekly Business Review (WBR)"
 * or "WBR (Weekly Business Review)". Reported once per acronym, at its first use in the text.
 */
import type { TextUnit } from '../document-model.js';
import type { LintRule } from '../lint-rule.js';
import { lineAndColumnAt } from '../markdown-scanner.js';
import type { Token } from '../text-analysis.js';
import { SHOUTED_WORDS } from '../word-lists.js';
import { isProse } from './rule-helpers.js';

const ACRONYM = /^[A-Z][A-Z0-9&]*[A-Z0-9]$/;
const ROMAN_NUMERAL = /^[IVXLCDM]+$/;
// After "WBR": a parenthesis of two or more words spells it out ("WBR (Weekly Business Review)").
const SPELLED_OUT_AFTER = /^\s*\([^()\n]*?[A-Za-z]\S*\s+\S[^()\n]*\)/;

/** The acronym a token stands for ("APIs" → "API", "WBR's" → "WBR"), or undefined. */
export function acronymOf(token: Token): string | undefined {
  const first = token.text.charCodeAt(0);
  if (first < 65 || first > 90) return undefined; // not a capital letter: the common case, decided at once
  let text = token.text;
  if (text.endsWith("'s")) text = text.slice(0, -2);
  else if (/[A-Z]s$/.test(text)) text = text.slice(0, -1);
  // Longer all-capital words are shouted words or place names ("SEATTLE –" in a dateline), not acronyms.
  if (text.length > 6 || !ACRONYM.test(text) || text.replace(/[^A-Z]/g, '').length < 2) return undefined;
  if (ROMAN_NUMERAL.test(text) || SHOUTED_WORDS.has(text)) return undefined;
  return text;
}

interface Occurrence {
  readonly token: Token;
  readonly unit: TextUnit;
}

export const undefinedAcronymRule: LintRule = {
  id: 'style.undefined-acronym',
  defaultSeverity: 'warning',
  kinds: ['prfaq', 'memo'],
  title: 'Acronyms not spelled out at first use',
  why: 'An acronym the reader cannot expand is a word they cannot read; new readers and other teams lose the thread.',
  check(context) {
    const masked = context.document.markdown.masked;
    const firstUse = new Map<string, Occurrence>();
    const definedAt = new Map<string, number>();
    for (const unit of context.document.units) {
      // Headings name things; the first use that must be explained is in the text.
      const isCountedUse = unit.block.kind !== 'heading' || isProse(unit);
      for (let index = 0; index < unit.tokens.length; index += 1) {
        const token = unit.tokens[index] as Token;
        const acronym = acronymOf(token);
        if (acronym === undefined || context.vocabulary.knownAcronyms.has(acronym)) continue;
        if (!definedAt.has(acronym) && isDefinition(masked, token)) definedAt.set(acronym, token.start);
        if (!isCountedUse || firstUse.has(acronym) || isUnitAfterNumber(unit, index) || isTimeZoneAfterTime(unit, index) || isDateline(masked, unit, index)) continue;
        firstUse.set(acronym, { token, unit });
      }
    }
    for (const [acronym, { token, unit }] of firstUse) {
      const definition = definedAt.get(acronym);
      if (definition !== undefined && definition <= token.start) continue;
      const message = definition === undefined
        ? `"${acronym}" is never spelled out: write the full name at its first use, then "(${acronym})".`
        : `"${acronym}" is used before it is spelled out (line ${lineAndColumnAt(context.document.markdown.lineStarts, definition).line}): spell it out here, at its first use.`;
      context.report({ start: token.start, end: token.end }, unit.section, message, acronym);
    }
  },
};

/** "Weekly Business Review (WBR)" or "WBR (Weekly Business Review)". */
function isDefinition(masked: string, token: Token): boolean {
  const isInParentheses = masked[token.start - 1] === '(' && masked[token.end] === ')';
  if (isInParentheses) return /\w/.test(masked.slice(Math.max(0, token.start - 40), token.start - 1));
  return SPELLED_OUT_AFTER.test(masked.slice(token.end, token.end + 120));
}

function isUnitAfterNumber(unit: TextUnit, index: number): boolean {
  const previous = unit.tokens[index - 1];
  return previous !== undefined && /^\d[\d.,]*$/.test(previous.text);
}

// What a time of day ends with; a capital word right after one is its time zone ("10 am ET", "noon PT").
const MERIDIEM_WORDS: ReadonlySet<string> = new Set(['am', 'pm', 'a.m', 'p.m']);
const CLOCK_WORDS: ReadonlySet<string> = new Set(['noon', 'midnight']);

/** "10 am ET", "noon PT": a time zone after a time is part of the time, as a unit is part of a number ("I am CTO" is no time). */
function isTimeZoneAfterTime(unit: TextUnit, index: number): boolean {
  const previous = unit.tokens[index - 1];
  if (previous === undefined) return false;
  if (CLOCK_WORDS.has(previous.lower)) return true;
  return MERIDIEM_WORDS.has(previous.lower) && isUnitAfterNumber(unit, index - 1);
}

// A word of a place name written in capitals: "SAN", "FRANCISCO", "ST" of "ST. LOUIS".
const CAPITALS_WORD = /^[A-Z][A-Z'-]*$/;
// Datelines name a place in at most a few words ("SALT LAKE CITY"); a longer capital run is shouting.
const DATELINE_MAX_WORDS = 4;

/**
 * "LONDON, May 4 –", "SAN FRANCISCO –", "ST. LOUIS, Mo. –": a place name in capitals opening a press-release
 * paragraph, one word or several, then a comma or a dash. Its short words ("SAN", "LOS", "NEW YORK"'s "YORK")
 * are part of the name, not acronyms to spell out.
 */
function isDateline(masked: string, unit: TextUnit, index: number): boolean {
  if (unit.section.zone !== 'pressRelease') return false;
  const tokens = unit.tokens;
  for (let last = 0; last < DATELINE_MAX_WORDS && last < tokens.length; last += 1) {
    const token = tokens[last] as Token;
    if (!CAPITALS_WORD.test(token.text)) return false;
    if (/^\.?\s*[,–—-]/.test(masked.slice(token.end, token.end + 4))) return index <= last;
    const next = tokens[last + 1];
    // Only spaces (or the dot of "ST.") may stand between the words of one place name.
    if (next === undefined || !/^\.? +$/.test(masked.slice(token.end, next.start))) return false;
  }
  return false;
}
