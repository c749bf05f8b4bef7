// How `pulse lint` prints its findings: like a compiler (file:line:col severity rule-id [section] message),
// or as JSON for tools. Suppressed findings stay visible with their reason.
import type { LintReport } from '../../domain/writing/lint.js';
import type { LintFinding } from '../../domain/writing/lint-rule.js';
import type { SuppressionResult } from '../../domain/writing/suppressions.js';

/** A headline is a section's heading too, and a long one would push the message off a terminal's line. */
const MAX_SECTION_TITLE = 40;

/**
 * The section a finding is in, as its writer knows it: their own heading (shortened when long), "whole document" for
 * a finding about the document as a whole, "before the first heading" for text under none. The findings are ranked
 * across sections, so each line names its own: the line number alone sends a writer back to their editor to find
 * out which part of the document it means.
 */
export function sectionLabel(finding: Pick<LintFinding, 'sectionKey' | 'sectionTitle'>): string {
  if (finding.sectionKey === 'document') return '[whole document]';
  const title = finding.sectionTitle.trim();
  if (title === '') return '[before the first heading]';
  if (title.length <= MAX_SECTION_TITLE) return `[${title}]`;
  const cut = title.slice(0, MAX_SECTION_TITLE - 3);
  const lastSpace = cut.lastIndexOf(' ');
  // At a word's end, unless that would leave only a word or two.
  return `[${(lastSpace > MAX_SECTION_TITLE / 2 ? cut.slice(0, lastSpace) : cut).trimEnd()}...]`;
}

export function formatLintText(file: string, report: LintReport, result: SuppressionResult): string {
  const where = (finding: LintFinding) => `${file}:${finding.line}:${finding.column}`;
  const lines = result.active.map((finding) => `${where(finding)} ${finding.severity} ${finding.ruleId} ${sectionLabel(finding)} ${finding.message}`);
  for (const { finding, suppression } of result.suppressed) {
    lines.push(`${where(finding)} suppressed ${finding.ruleId} ${sectionLabel(finding)} ${finding.message} (reason: ${suppression.reason})`);
  }
  const errors = result.active.filter((finding) => finding.severity === 'error').length;
  const warnings = result.active.length - errors;
  const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;
  const suppressed = result.suppressed.length > 0 ? `, ${result.suppressed.length} suppressed` : '';
  const what = report.kind === 'prfaq' ? `PR/FAQ, press release ${report.words.budgeted} words` : `memo, body ${report.words.budgeted} words`;
  lines.push(`${file}: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}${suppressed} (${what})`);
  return `${lines.join('\n')}\n`;
}

export function formatLintJson(file: string, report: LintReport, result: SuppressionResult): string {
  const errors = result.active.filter((finding) => finding.severity === 'error').length;
  const body = {
    file,
    kind: report.kind,
    words: report.words,
    errorCount: errors,
    warningCount: result.active.length - errors,
    findings: result.active,
    suppressed: result.suppressed.map(({ finding, suppression }) => ({ ...finding, reason: suppression.reason })),
  };
  return `${JSON.stringify(body, null, 2)}\n`;
}
