import { describe, expect, it } from 'vitest';
import { lintMarkdown } from './lint.js';
import { resolveLintSettings } from './lint-settings.js';

describe('ranking', () => {
  it('puts errors first, then the rule densest in its section, then document order', () => {
    const markdown = '# Memo\n\n## One\n\nIt might help. The tool is very fast. The page is very slow.\n\n## Two\n\n- a list item\n\nThe doc was written last year in a long section with many other words that dilute the density of this one finding here.\n';
    const findings = lintMarkdown(markdown, { kind: 'memo' }).findings;
    expect(findings.map((finding) => finding.ruleId)).toEqual(['memo.no-lists', 'style.weasel', 'style.weasel', 'style.hedge', 'style.passive-voice']);
    expect(findings[1]?.density).toBeGreaterThan(findings[3]?.density ?? Infinity);
    expect(findings[3]?.density).toBeGreaterThan(findings[4]?.density ?? Infinity);
  });

  it('follows the severity the org sets for a rule', () => {
    const markdown = '# Memo\n\nIt might help.\n\n- a list item\n';
    const settings = resolveLintSettings({ rules: { 'style.hedge': 'error', 'memo.no-lists': 'warning' } });
    expect(lintMarkdown(markdown, { kind: 'memo', settings }).findings.map((finding) => [finding.ruleId, finding.severity])).toEqual([
      ['style.hedge', 'error'],
      ['memo.no-lists', 'warning'],
    ]);
  });
});
