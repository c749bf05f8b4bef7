/**
 * The writing linter: Markdown in, ranked findings out. Pure: the caller passes the settings (an
 * org's, or the defaults) and gets data back; nothing is read or written.
 */
import { parseWritingDocument } from './document-model.js';
import type { DocumentKind, DocumentSection, TextUnit, WritingDocument } from './document-model.js';
import type { CompiledVocabulary, LintFinding, LintRule, RuleContext, TextRange } from './lint-rule.js';
import { DEFAULT_LINT_SETTINGS } from './lint-settings.js';
import type { LintSettings, RuleId, Severity } from './lint-settings.js';
import { lineAndColumnAt } from './markdown-scanner.js';
import { createPhraseMatcher } from './phrase-matcher.js';
import { rankFindings } from './ranking.js';
import { undefinedAcronymRule } from './rules/acronym-rule.js';
import { memoLengthRule, memoListRule, sentenceFragmentRule } from './rules/memo-rules.js';
import { customerFocusRule, faqCoverageRule, faqUnansweredRule, missingSectionRule, pressReleaseLengthRule, techSpecRule } from './rules/prfaq-rules.js';
import { hedgeRule, jargonRule, longSentenceRule, passiveVoiceRule, readabilityRule, weaselRule } from './rules/style-rules.js';
import { BUILT_IN_JARGON, BUILT_IN_TECHNICAL_TERMS, HEDGE_WORDS, KNOWN_ACRONYMS, WEASEL_WORDS } from './word-lists.js';

/** Every rule, in the order of the documentation. */
export const LINT_RULES: readonly LintRule[] = [
  pressReleaseLengthRule,
  missingSectionRule,
  faqCoverageRule,
  faqUnansweredRule,
  techSpecRule,
  customerFocusRule,
  memoLengthRule,
  memoListRule,
  sentenceFragmentRule,
  jargonRule,
  weaselRule,
  hedgeRule,
  passiveVoiceRule,
  readabilityRule,
  longSentenceRule,
  undefinedAcronymRule,
];

export function findRule(ruleId: string): LintRule | undefined {
  return LINT_RULES.find((rule) => rule.id === ruleId);
}

export interface LintWordCounts {
  readonly total: number;
  /** The press release (PR/FAQ) or the memo body (memo): the text the page budget applies to. */
  readonly budgeted: number;
  readonly appendix: number;
}

export interface LintReport {
  readonly kind: DocumentKind;
  /** Ranked: errors first, then by density per 100 words, then by position. */
  readonly findings: readonly LintFinding[];
  readonly errorCount: number;
  readonly warningCount: number;
  readonly words: LintWordCounts;
}

export interface LintOptions {
  /** The document kind; guessed from the headings when absent. */
  readonly kind?: DocumentKind;
  /** Resolved settings (see resolveLintSettings); the defaults when absent. */
  readonly settings?: LintSettings;
}

export function lintMarkdown(markdown: string, options: LintOptions = {}): LintReport {
  return lintDocument(parseWritingDocument(markdown, options.kind), options.settings ?? DEFAULT_LINT_SETTINGS);
}

export function lintDocument(document: WritingDocument, settings: LintSettings = DEFAULT_LINT_SETTINGS): LintReport {
  const vocabulary = compileVocabulary(settings);
  const findings: Array<Omit<LintFinding, 'density'>> = [];
  for (const rule of LINT_RULES) {
    if (!rule.kinds.includes(document.kind)) continue;
    const level = settings.rules[rule.id] ?? rule.defaultSeverity;
    if (level === 'off') continue;
    const context: RuleContext = {
      document,
      settings,
      vocabulary,
      report: (range, section, message, anchorText) => findings.push(makeFinding(document, rule, level, range, section, message, anchorText)),
    };
    rule.check(context);
  }
  const ranked = rankFindings(findings, wordsBySection(document));
  const errorCount = ranked.filter((finding) => finding.severity === 'error').length;
  return { kind: document.kind, findings: ranked, errorCount, warningCount: ranked.length - errorCount, words: countWords(document) };
}

function makeFinding(document: WritingDocument, rule: LintRule, severity: Severity, range: TextRange, section: DocumentSection | undefined, message: string, anchorText: string | undefined): Omit<LintFinding, 'density'> {
  const { lineStarts, source, masked } = document.markdown;
  const start = lineAndColumnAt(lineStarts, range.start);
  const end = lineAndColumnAt(lineStarts, range.end);
  const flagged = source.slice(range.start, range.end).replace(/\s+/g, ' ').trim();
  const excerpt = flagged.length > 80 ? `${flagged.slice(0, 77)}...` : flagged;
  const sectionKey = section?.key ?? 'document';
  // The anchor uses the words without markup, so that adding bold or a link does not orphan a suppression.
  const plain = masked.slice(range.start, range.end).replace(/\s+/g, ' ').trim();
  const anchorWords = (anchorText ?? withSentenceContext(document, range, plain === '' ? flagged : plain)).toLowerCase().replace(/\s+/g, ' ').slice(0, 80);
  return {
    ruleId: rule.id,
    severity,
    message,
    why: rule.why,
    start: range.start,
    end: range.end,
    line: start.line,
    column: start.column,
    endLine: end.line,
    endColumn: end.column,
    sectionKey,
    sectionTitle: section?.title ?? '',
    zone: section?.zone ?? 'document',
    excerpt,
    anchor: `${sectionKey}/${anchorWords}`,
  };
}

/**
 * "might@it might help": the flagged words and the first words of their sentence, so that the
 * same word in two sentences of one section gets two anchors (and one suppression covers one).
 */
function withSentenceContext(document: WritingDocument, range: TextRange, words: string): string {
  const unit = unitAt(document, range.start);
  const sentence = unit?.sentences.find((candidate) => candidate.start <= range.start && range.start < candidate.end);
  if (unit === undefined || sentence === undefined) return words;
  const opening = unit.tokens.slice(sentence.firstToken, Math.min(sentence.firstToken + 4, sentence.endToken)).map((token) => token.lower).join(' ');
  return `${words}@${opening}`;
}

/** The text unit holding an offset: units are in document order, so a binary search finds it. */
function unitAt(document: WritingDocument, offset: number): TextUnit | undefined {
  const units = document.units;
  let low = 0;
  let high = units.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if ((units[middle] as TextUnit).block.start <= offset) low = middle;
    else high = middle - 1;
  }
  const unit = units[low];
  return unit !== undefined && unit.block.start <= offset && offset < unit.block.end ? unit : undefined;
}

function wordsBySection(document: WritingDocument): Map<string, number> {
  const words = new Map<string, number>();
  let total = 0;
  for (const unit of document.units) {
    words.set(unit.section.key, (words.get(unit.section.key) ?? 0) + unit.tokens.length);
    total += unit.tokens.length;
  }
  words.set('document', total);
  return words;
}

function countWords(document: WritingDocument): LintWordCounts {
  let total = 0;
  let budgeted = 0;
  let appendix = 0;
  for (const unit of document.units) {
    const count = unit.tokens.length;
    total += count;
    const zone = unit.section.zone;
    if (zone === 'appendix') appendix += count;
    else if (document.kind === 'memo' ? zone === 'memoBody' : zone !== 'faq') budgeted += count;
  }
  return { total, budgeted, appendix };
}

const vocabularyCache = new WeakMap<LintSettings, CompiledVocabulary>();

/** Word lists merged with the org's and compiled; cached per settings object (the editor lints on every keystroke). */
function compileVocabulary(settings: LintSettings): CompiledVocabulary {
  const cached = vocabularyCache.get(settings);
  if (cached !== undefined) return cached;
  const allowed = new Set(settings.allowedJargon.map((term) => term.toLowerCase()));
  const compiled: CompiledVocabulary = {
    jargon: createPhraseMatcher([...BUILT_IN_JARGON.filter((term) => !allowed.has(term)), ...settings.jargon]),
    weasel: createPhraseMatcher(WEASEL_WORDS),
    hedge: createPhraseMatcher(HEDGE_WORDS),
    technicalTerms: createPhraseMatcher([...BUILT_IN_TECHNICAL_TERMS, ...settings.technicalTerms]),
    knownAcronyms: new Set([...KNOWN_ACRONYMS, ...settings.knownAcronyms]),
  };
  vocabularyCache.set(settings, compiled);
  return compiled;
}

export type { LintFinding, RuleId, Severity };
