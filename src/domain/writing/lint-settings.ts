/**
 * The org's settings for the writing checks, passed into the linter (the linter reads nothing
 * else). `resolveLintSettings` checks an untrusted object (an org's stored settings, a CLI JSON
 * file) and fills in the defaults; a wrong value is an AppError naming its key path.
 */
import { AppError } from '../errors.js';
import { LINT_ZONES } from './document-model.js';
import type { LintZone } from './document-model.js';

export const RULE_IDS = [
  'prfaq.length',
  'prfaq.missing-section',
  'prfaq.faq-coverage',
  'prfaq.faq-unanswered',
  'prfaq.tech-spec',
  'prfaq.customer-focus',
  'memo.length',
  'memo.no-lists',
  'memo.sentence-fragment',
  'style.jargon',
  'style.weasel',
  'style.hedge',
  'style.passive-voice',
  'style.readability',
  'style.long-sentence',
  'style.undefined-acronym',
] as const;
export type RuleId = (typeof RULE_IDS)[number];

export type Severity = 'error' | 'warning';
export type RuleLevel = Severity | 'off';

export interface LintSettings {
  /** Words on one printed page; the press release fits one page, the memo body six. */
  readonly wordsPerPage: number;
  readonly pressReleaseMaxPages: number;
  readonly memoMaxPages: number;
  /** The org's own jargon, added to the built-in list. */
  readonly jargon: readonly string[];
  /** Built-in jargon terms the org accepts. */
  readonly allowedJargon: readonly string[];
  /** The org's internal technical terms (product code names, systems): wrong in a press release. */
  readonly technicalTerms: readonly string[];
  /** The org's words for its customers ("merchants", "riders"), counted for customer focus. */
  readonly customerTerms: readonly string[];
  /** Acronyms the org's readers know without a definition (e.g. "WBR" inside one company). */
  readonly knownAcronyms: readonly string[];
  /** Longest sentence, in words, for each zone of a document. */
  readonly maxSentenceWords: Readonly<Record<LintZone, number>>;
  /** Highest Flesch-Kincaid grade of a paragraph, for each zone (0 turns the check off there). */
  readonly maxReadingGrade: Readonly<Record<LintZone, number>>;
  /** Paragraphs shorter than this are too short for a meaningful reading grade. */
  readonly readabilityMinWords: number;
  /** Per-rule level: change a rule's severity or turn it off. */
  readonly rules: Readonly<Partial<Record<RuleId, RuleLevel>>>;
}

/**
 * The memo's hard checks (the spec's "memos are prose"): no lists in the body, at most six pages, full sentences.
 * They gate the reading review, so nobody waves them through: a suppression does not silence them, and an org's
 * settings cannot turn them down or give the memo more words than six pages (see `withHardChecks`).
 */
export const HARD_MEMO_RULES: readonly RuleId[] = ['memo.no-lists', 'memo.length', 'memo.sentence-fragment'];

export function isHardRule(ruleId: RuleId): boolean {
  return HARD_MEMO_RULES.includes(ruleId);
}

/** Refuses org settings that would loosen a hard check, naming the setting. */
export function assertHardChecksKept(settings: LintSettings, where = 'settings'): void {
  for (const ruleId of HARD_MEMO_RULES) {
    const level = settings.rules[ruleId];
    if (level !== undefined && level !== 'error') {
      throw new AppError('rule_violation', `${ruleId} is a hard check of a memo: it stays an error (it gates the reading review).`, { field: `${where}.rules.${ruleId}`, rule: 'memo.hard_checks' });
    }
  }
  const budget = MEMO_WORD_BUDGET;
  if (settings.memoMaxPages * settings.wordsPerPage > budget) {
    throw new AppError('rule_violation', `A memo has at most six pages, ${budget} words: memoMaxPages × wordsPerPage may be lower, not higher (it is ${settings.memoMaxPages * settings.wordsPerPage}).`, {
      field: `${where}.memoMaxPages`, rule: 'memo.hard_checks',
    });
  }
}

/** The settings with the hard checks as they must be, whatever was stored (settings saved before the rule). */
export function withHardChecks(settings: LintSettings): LintSettings {
  const rules = { ...settings.rules };
  for (const ruleId of HARD_MEMO_RULES) delete rules[ruleId];
  const budget = MEMO_WORD_BUDGET;
  const memoMaxPages = settings.memoMaxPages * settings.wordsPerPage > budget ? Math.max(1, Math.floor(budget / settings.wordsPerPage)) : settings.memoMaxPages;
  return { ...settings, rules, memoMaxPages };
}

export const DEFAULT_LINT_SETTINGS: LintSettings = {
  wordsPerPage: 500,
  pressReleaseMaxPages: 1,
  memoMaxPages: 6,
  jargon: [],
  allowedJargon: [],
  technicalTerms: [],
  customerTerms: [],
  knownAcronyms: [],
  maxSentenceWords: { headline: 15, pressRelease: 30, quote: 35, faq: 35, memoBody: 40, appendix: 60 },
  maxReadingGrade: { headline: 0, pressRelease: 12, quote: 12, faq: 14, memoBody: 14, appendix: 0 },
  readabilityMinWords: 40,
  rules: {},
};

/** The most words a memo's body may run to: six pages of 500 words. No org setting raises it. */
export const MEMO_WORD_BUDGET = DEFAULT_LINT_SETTINGS.memoMaxPages * DEFAULT_LINT_SETTINGS.wordsPerPage;

export type LintSettingsInput = Partial<Omit<LintSettings, 'maxSentenceWords' | 'maxReadingGrade'>> & {
  maxSentenceWords?: Partial<Record<LintZone, number>>;
  maxReadingGrade?: Partial<Record<LintZone, number>>;
};

const SETTING_KEYS = new Set(Object.keys(DEFAULT_LINT_SETTINGS));

/** Validates settings from outside and merges them over the defaults. */
export function resolveLintSettings(input: unknown = {}, where = 'settings'): LintSettings {
  if (!isRecord(input)) throw invalid(where, 'must be an object');
  for (const key of Object.keys(input)) {
    if (!SETTING_KEYS.has(key)) throw invalid(`${where}.${key}`, `is not a setting (known: ${[...SETTING_KEYS].join(', ')})`);
  }
  const defaults = DEFAULT_LINT_SETTINGS;
  return {
    wordsPerPage: wordsPerPage(input.wordsPerPage, `${where}.wordsPerPage`),
    pressReleaseMaxPages: positiveInteger(input.pressReleaseMaxPages, defaults.pressReleaseMaxPages, `${where}.pressReleaseMaxPages`),
    memoMaxPages: positiveInteger(input.memoMaxPages, defaults.memoMaxPages, `${where}.memoMaxPages`),
    jargon: stringList(input.jargon, `${where}.jargon`),
    allowedJargon: stringList(input.allowedJargon, `${where}.allowedJargon`),
    technicalTerms: stringList(input.technicalTerms, `${where}.technicalTerms`),
    customerTerms: stringList(input.customerTerms, `${where}.customerTerms`),
    knownAcronyms: stringList(input.knownAcronyms, `${where}.knownAcronyms`),
    maxSentenceWords: zoneNumbers(input.maxSentenceWords, defaults.maxSentenceWords, `${where}.maxSentenceWords`),
    maxReadingGrade: zoneNumbers(input.maxReadingGrade, defaults.maxReadingGrade, `${where}.maxReadingGrade`),
    readabilityMinWords: positiveInteger(input.readabilityMinWords, defaults.readabilityMinWords, `${where}.readabilityMinWords`),
    rules: ruleLevels(input.rules, `${where}.rules`),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function invalid(field: string, problem: string): AppError {
  return new AppError('validation_failed', `The lint setting ${field} ${problem}.`, { field });
}

/**
 * A page holds at most the memo's whole budget: more could never pass the memo's hard check with one page or more,
 * and a huge number (1e308) would overflow memoMaxPages × wordsPerPage to Infinity, blaming memoMaxPages for what
 * wordsPerPage did.
 */
function wordsPerPage(value: unknown, field: string): number {
  const words = positiveInteger(value, DEFAULT_LINT_SETTINGS.wordsPerPage, field);
  if (words > MEMO_WORD_BUDGET) throw invalid(field, `must be at most ${MEMO_WORD_BUDGET.toLocaleString('en-US')}, a memo's six pages of ${DEFAULT_LINT_SETTINGS.wordsPerPage} words`);
  return words;
}

function positiveInteger(value: unknown, fallback: number, field: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) throw invalid(field, 'must be a whole number of at least 1');
  return value;
}

/**
 * An org's word lists are read at every lint, as the writer types: bounded, so that one pasted dictionary cannot
 * slow every document of the org (a thousand phrases is far more than any house style names).
 */
export const WORD_LIST_LIMITS = { maxItems: 1000, maxLength: 100 } as const;

function stringList(value: unknown, field: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw invalid(field, 'must be a list of words or phrases');
  if (value.length > WORD_LIST_LIMITS.maxItems) throw invalid(field, `has ${value.length} entries; a list holds at most ${WORD_LIST_LIMITS.maxItems}`);
  return value.map((item, index) => {
    if (typeof item !== 'string' || item.trim() === '') throw invalid(`${field}.${index}`, 'must be a non-empty text');
    if (item.trim().length > WORD_LIST_LIMITS.maxLength) throw invalid(`${field}.${index}`, `must be at most ${WORD_LIST_LIMITS.maxLength} characters`);
    return item.trim();
  });
}

function zoneNumbers(value: unknown, fallback: Readonly<Record<LintZone, number>>, field: string): Record<LintZone, number> {
  const result = { ...fallback };
  if (value === undefined) return result;
  if (!isRecord(value)) throw invalid(field, `must be an object keyed by zone (${LINT_ZONES.join(', ')})`);
  for (const [zone, limit] of Object.entries(value)) {
    if (!(LINT_ZONES as readonly string[]).includes(zone)) throw invalid(`${field}.${zone}`, `is not a zone (known: ${LINT_ZONES.join(', ')})`);
    if (typeof limit !== 'number' || !Number.isFinite(limit) || limit < 0) throw invalid(`${field}.${zone}`, 'must be a number of at least 0 (0 turns the check off)');
    result[zone as LintZone] = limit;
  }
  return result;
}

function ruleLevels(value: unknown, field: string): Partial<Record<RuleId, RuleLevel>> {
  if (value === undefined) return {};
  if (!isRecord(value)) throw invalid(field, 'must be an object of rule id to "error", "warning" or "off"');
  const result: Partial<Record<RuleId, RuleLevel>> = {};
  for (const [ruleId, level] of Object.entries(value)) {
    if (!(RULE_IDS as readonly string[]).includes(ruleId)) throw invalid(`${field}.${ruleId}`, 'is not a rule id (see docs/writing-checks.md)');
    if (level !== 'error' && level !== 'warning' && level !== 'off') throw invalid(`${field}.${ruleId}`, 'must be "error", "warning" or "off"');
    result[ruleId as RuleId] = level;
  }
  return result;
}
