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

/** The writing checks of the buyer's press release: the PR/FAQ linter, on the Markdown the four parts make. */
export function lintBuyerPressRelease(pressRelease: BuyerPressRelease, settings: LintSettings = DEFAULT_LINT_SETTINGS): LintReport {
  const rules = { ...settings.rules, ...Object.fromEntries(WHOLE_PRFAQ_RULES.map((rule) => [rule, 'off'])) };
  return lintMarkdown(pressReleaseMarkdown(pressRelease), { kind: 'prfaq', settings: { ...settings, rules } });
}
