import type { LintFinding } from '../writing/lint-rule.js';
import { lintMarkdown, type LintReport } from '../writing/lint.js';
import { DEFAULT_LINT_SETTINGS, type LintSettings, type RuleId } from '../writing/lint-settings.js';
import { pressReleaseMarkdown, type BuyerPressRelease } from './opportunity-rules.js';

/**
 * The rules of the writing linter that judge a whole PR/FAQ (its FAQ, its full set of sections, how often it names
 * "customers"): the buyer's press release is four parts with no FAQ, and it speaks about the buyer's team, so those
 * would only add noise. Every style rule (weasel words, hedges, jargon, passive voice, long sentences, acronyms,
 * reading grade) and the one-page budget still apply.
 */
const WHOLE_PRFAQ_RULES: readonly RuleId[] = ['prfaq.missing-section', 'prfaq.faq-coverage', 'prfaq.faq-unanswered', 'prfaq.customer-focus'];

/** The parts of the buyer's press release, as the seller fills them in. */
export type PressReleasePart = keyof BuyerPressRelease;

/** The section of the Markdown each part becomes (pressReleaseMarkdown), as the PR/FAQ model names it. */
const PART_OF_SECTION: Readonly<Record<string, PressReleasePart>> = { headline: 'headline', problem: 'problem', summary: 'outcome', 'leader-quote': 'quote' };

/**
 * The part a finding is in, or null for a finding about the whole release (its length): the seller writes four
 * fields, never sees the Markdown they are checked as, so a finding names its field, not a line of that Markdown.
 */
export function pressReleasePartOf(finding: Pick<LintFinding, 'sectionKey'>): PressReleasePart | null {
  return PART_OF_SECTION[finding.sectionKey] ?? null;
}

/** The writing checks of the buyer's press release: the PR/FAQ linter, on the Markdown the four parts make. */
export function lintBuyerPressRelease(pressRelease: BuyerPressRelease, settings: LintSettings = DEFAULT_LINT_SETTINGS): LintReport {
  const rules = { ...settings.rules, ...Object.fromEntries(WHOLE_PRFAQ_RULES.map((rule) => [rule, 'off'])) };
  return lintMarkdown(pressReleaseMarkdown(pressRelease), { kind: 'prfaq', settings: { ...settings, rules } });
}
