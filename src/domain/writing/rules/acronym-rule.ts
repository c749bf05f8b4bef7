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
// "(WBR)" right after words, or "WBR (two or more words)".
const DEFINED_AFTER = /\w[\w’'.,-]*\s+\(([A-Z][A-Z0-9&]*[A-Z0-9])s?\)/g;
const DEFINED_BEFORE = /\b([A-Z][A-Z0-9&]*[A-Z0-9])s?\s+\([^()\n]*?[A-Za-z]\S*\s+\S[^()\n]*\)/g;

/** The acronym a token stands for ("APIs" → "API", "WBR's" → "WBR"), or undefined. */
export function acronymOf(token: Token): string | undefined {
  let text = token.text;
  if (text.endsWith("'s")) text = text.slice(0, -2);
  else if (/[A-Z]s$/.test(text)) text = text.slice(0, -1);
  // Longer all-capital words are shouted words or place names ("SEATTLE –" in a dateline), not acronyms.
  if (!ACRONYM.test(text) || text.length > 6 || text.replace(/[^A-Z]/g, '').length < 2) return undefined;
  if (ROMAN_NUMERAL.test(text) || SHOUTED_WORDS.has(text)) return undefined;
  return text;
}

export const undefinedAcronymRule: LintRule = {
  id: 'style.undefined-acronym',
  defaultSeverity: 'warning',
  kinds: ['prfaq', 'memo'],
  title: 'Acronyms not spelled out at first use',
  why: 'An acronym the reader cannot expand is a word they cannot read; new readers and other teams lose the thread.',
  check(context) {
    const masked = context.document.markdown.masked;
    const definitions = new Map<string, number>();
    for (const pattern of [DEFINED_AFTER, DEFINED_BEFORE]) {
      pattern.lastIndex = 0;
      for (let match = pattern.exec(masked); match !== null; match = pattern.exec(masked)) {
        const acronym = match[1] as string;
        const at = match.index;
        if (!definitions.has(acronym) || (definitions.get(acronym) as number) > at) definitions.set(acronym, at);
      }
    }
    const seen = new Set<string>();
    for (const unit of context.document.units) {
      // Headings name things; the first use that must be explained is in the text.
      if (unit.block.kind === 'heading' && !isProse(unit)) continue;
      for (let index = 0; index < unit.tokens.length; index += 1) {
        const token = unit.tokens[index] as Token;
        const acronym = acronymOf(token);
        if (acronym === undefined || seen.has(acronym) || context.vocabulary.knownAcronyms.has(acronym)) continue;
        if (isUnitAfterNumber(unit, index) || isDateline(context.document.markdown.masked, unit, index)) continue;
        seen.add(acronym);
        const definedAt = definitions.get(acronym);
        // The definition is the text just before "(WBR)", or the parenthesis just after "WBR".
        if (definedAt !== undefined && definedAt <= token.end) continue;
        const message = definedAt === undefined
          ? `"${acronym}" is never spelled out: write the full name at its first use, then "(${acronym})".`
          : `"${acronym}" is used before it is spelled out (line ${lineAndColumnAt(context.document.markdown.lineStarts, definedAt).line}): spell it out here, at its first use.`;
        context.report({ start: token.start, end: token.end }, unit.section, message, acronym);
      }
    }
  },
};

function isUnitAfterNumber(unit: TextUnit, index: number): boolean {
  const previous = unit.tokens[index - 1];
  return previous !== undefined && /^\d[\d.,]*$/.test(previous.text);
}

/** "LONDON, May 4 –": a place name in capitals opening a press-release paragraph. */
function isDateline(masked: string, unit: TextUnit, index: number): boolean {
  if (index !== 0 || unit.section.zone !== 'pressRelease') return false;
  const token = unit.tokens[0] as Token;
  return /^\s*[,–—-]/.test(masked.slice(token.end, token.end + 3));
}
