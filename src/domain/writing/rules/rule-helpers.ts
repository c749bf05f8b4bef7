/** Small helpers several rules share: which units are prose, and ranges of tokens and sentences. */
import type { LintZone, TextUnit } from '../document-model.js';
import type { Sentence, Token } from '../text-analysis.js';
import type { TextRange } from '../lint-rule.js';

/**
 * Prose a reader reads as sentences: paragraphs, list items and quotes, plus the headline and a
 * subheading written as a heading. Section titles ("## Problem"), tables and code are not prose.
 */
export function isProse(unit: TextUnit): boolean {
  const kind = unit.block.kind;
  if (kind === 'paragraph' || kind === 'list-item' || kind === 'blockquote') return true;
  if (kind !== 'heading' || unit.section.heading !== unit.block) return false;
  return unit.section.role === 'headline' || unit.section.role === 'subheading';
}

export function isInZones(unit: TextUnit, zones: readonly LintZone[]): boolean {
  return zones.includes(unit.section.zone);
}

export function tokenRange(tokens: readonly Token[], first: number, end: number): TextRange {
  return { start: (tokens[first] as Token).start, end: (tokens[end - 1] as Token).end };
}

export function sentenceTokens(unit: TextUnit, sentence: Sentence): readonly Token[] {
  return unit.tokens.slice(sentence.firstToken, sentence.endToken);
}

export function sentenceWordCount(sentence: Sentence): number {
  return sentence.endToken - sentence.firstToken;
}

export function quote(text: string): string {
  return `"${text.replace(/\s+/g, ' ')}"`;
}

/** Readable zone names for messages. */
export const ZONE_NAMES: Readonly<Record<LintZone, string>> = {
  headline: 'the headline',
  pressRelease: 'the press release',
  quote: 'a quote',
  faq: 'the FAQ',
  memoBody: 'the memo body',
  appendix: 'an appendix',
};

export function formatCount(count: number): string {
  return count.toLocaleString('en-US');
}
