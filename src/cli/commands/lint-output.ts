// How `pulse lint` prints its findings: like a compiler (file:line:col severity rule-id message),
// or as JSON for tools. Suppressed findings stay visible with their reason.
import type { LintReport } from '../../domain/writing/lint.js';
import type { SuppressionResult } from '../../domain/writing/suppressions.js';

export function formatLintText(file: string, report: LintReport, result: SuppressionResult): string {
  const lines = result.active.map((finding) => `${file}:${finding.line}:${finding.column} ${finding.severity} ${finding.ruleId} ${finding.message}`);
  for (const { finding, suppression } of result.suppressed) {
    lines.push(`${file}:${finding.line}:${finding.column} suppressed ${finding.ruleId} ${finding.message} (reason: ${suppression.reason})`);
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
