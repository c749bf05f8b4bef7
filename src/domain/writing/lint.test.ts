import { describe, expect, it } from 'vitest';
import { COMPLETE_PRFAQ } from '../../../test/lint/findings-helper.js';
import { LINT_RULES, lintMarkdown } from './lint.js';
import { RULE_IDS } from './lint-settings.js';

describe('lintMarkdown', () => {
  it('has one rule for every rule id, each with a one-line why', () => {
    expect(LINT_RULES.map((rule) => rule.id).sort()).toEqual([...RULE_IDS].sort());
    for (const rule of LINT_RULES) expect(rule.why).toMatch(/^[^\n]{20,160}$/);
  });

  it('reports a clean PR/FAQ as clean and counts its words', () => {
    const report = lintMarkdown(COMPLETE_PRFAQ);
    expect(report.kind).toBe('prfaq');
    expect(report.findings).toEqual([]);
    expect(report.words.budgeted).toBeGreaterThan(80);
    expect(report.words.total).toBeGreaterThan(report.words.budgeted);
  });

  it('gives every finding a position inside the text, a why and an anchor', () => {
    const markdown = '# Memo\n\nThe plan was approved. It might work.\n\n- one\n- two\n';
    const report = lintMarkdown(markdown, { kind: 'memo' });
    expect(report.errorCount).toBe(1);
    expect(report.warningCount).toBe(2);
    for (const finding of report.findings) {
      expect(finding.start).toBeGreaterThanOrEqual(0);
      expect(finding.end).toBeLessThanOrEqual(markdown.length);
      expect(finding.why.length).toBeGreaterThan(0);
      expect(finding.anchor).toMatch(/^memo-body-memo\//);
    }
    expect(report.findings.find((finding) => finding.ruleId === 'style.hedge')).toMatchObject({ line: 3, column: 27, endLine: 3, endColumn: 32, excerpt: 'might' });
  });

  it('names the section of a finding by its heading for people, beside its stable key for machines', () => {
    // The PR/FAQ ends with its "## Internal FAQ": the added answer sits there.
    const markdown = `${COMPLETE_PRFAQ}\n### Will it ship?\n\nIt might ship in May.\n`;
    const hedge = lintMarkdown(markdown).findings.find((finding) => finding.ruleId === 'style.hedge');
    expect(hedge).toMatchObject({ sectionKey: 'faq-internal-faq', sectionTitle: 'Internal FAQ' });
    const memo = lintMarkdown('The plan might work.\n', { kind: 'memo' }).findings;
    expect(memo.map((finding) => [finding.sectionKey, finding.sectionTitle])).toEqual([['memo-body', '']]);
  });

  it('survives odd input: empty text, Windows line ends, unclosed fences and comments', () => {
    expect(lintMarkdown('').findings).toEqual([]);
    const windows = '# Memo\r\n\r\nThe plan was approved.\r\n';
    expect(lintMarkdown(windows, { kind: 'memo' }).findings.map((finding) => [finding.ruleId, finding.line, finding.column])).toEqual([['style.passive-voice', 3, 10]]);
    expect(() => lintMarkdown('# Memo\n\n```\nnever closed\n', { kind: 'memo' })).not.toThrow();
    expect(lintMarkdown('# Memo\n\n<!-- never closed\nThe plan was approved.\n', { kind: 'memo' }).findings).toEqual([]);
  });
});
