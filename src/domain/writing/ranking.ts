/**
 * Ranking: errors first (they block a gate), then the warnings whose rule is densest in its
 * section (findings per 100 words), so the author starts where the writing is weakest; ties in
 * document order.
 */
import type { LintFinding } from './lint-rule.js';

export function rankFindings(findings: ReadonlyArray<Omit<LintFinding, 'density'>>, wordsBySection: ReadonlyMap<string, number>): LintFinding[] {
  const perRuleAndSection = new Map<string, number>();
  for (const finding of findings) {
    const key = `${finding.ruleId} ${finding.sectionKey}`;
    perRuleAndSection.set(key, (perRuleAndSection.get(key) ?? 0) + 1);
  }
  const withDensity = findings.map((finding): LintFinding => {
    const count = perRuleAndSection.get(`${finding.ruleId} ${finding.sectionKey}`) ?? 1;
    const words = Math.max(wordsBySection.get(finding.sectionKey) ?? 0, 1);
    return { ...finding, density: Math.round((count / words) * 100 * 100) / 100 };
  });
  return withDensity.sort(compareFindings);
}

export function compareFindings(left: LintFinding, right: LintFinding): number {
  if (left.severity !== right.severity) return left.severity === 'error' ? -1 : 1;
  if (left.density !== right.density) return right.density - left.density;
  if (left.start !== right.start) return left.start - right.start;
  return left.ruleId.localeCompare(right.ruleId);
}
