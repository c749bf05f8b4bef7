import { describe, expect, it } from 'vitest';
import { parseWritingDocument } from '../../domain/writing/document-model.js';
import { lintDocument } from '../../domain/writing/lint.js';
import { applySuppressions, inlineSuppressions } from '../../domain/writing/suppressions.js';
import { formatLintJson, formatLintText, sectionLabel } from './lint-output.js';

// What `pulse lint` prints, from the same steps as the command (parse, lint, inline suppressions), without the
// compiled CLI that test/lint/lint-cli.test.ts runs.
function lint(markdown: string, kind: 'memo' | 'prfaq') {
  const document = parseWritingDocument(markdown, kind);
  const report = lintDocument(document);
  const suppressions = inlineSuppressions(report.findings, document.markdown.comments, document.markdown.blocks.map((block) => block.start));
  return { report, result: applySuppressions(report.findings, suppressions) };
}

const MEMO = [
  'It might rain before anyone reads a heading.',
  '',
  '## Where we stand',
  '',
  'Refunds are sent by post.',
  '',
  '## What we propose',
  '',
  'We think it works.',
  '',
  '<!-- lint-ignore style.hedge: the forecast is the point -->',
  'It might snow.',
  '',
].join('\n');

describe('pulse lint text output', () => {
  it('names the section of each finding by the writer\'s heading, between the rule and the message', () => {
    const { report, result } = lint(MEMO, 'memo');
    const lines = formatLintText('memo.md', report, result).trimEnd().split('\n');
    expect(lines).toContain('memo.md:5:9 warning style.passive-voice [Where we stand] Passive voice: "are sent". Say who does it.');
    expect(lines).toContain('memo.md:9:1 warning style.hedge [What we propose] "We think" hedges: state the claim plainly, or quantify the doubt.');
    expect(lines).toContain('memo.md:1:4 warning style.hedge [before the first heading] "might" hedges: state the claim plainly, or quantify the doubt.');
    // A suppressed finding says where it is too.
    expect(lines).toContain('memo.md:12:4 suppressed style.hedge [What we propose] "might" hedges: state the claim plainly, or quantify the doubt. (reason: the forecast is the point)');
    expect(lines.at(-1)).toMatch(/^memo\.md: 0 errors, 3 warnings, 1 suppressed \(memo, body \d+ words\)$/);
  });

  it('says "whole document" for a finding about the document as a whole', () => {
    const { report, result } = lint('# Acme launches refunds\n\nShoppers get their money back the same day.\n', 'prfaq');
    const missing = formatLintText('pr.md', report, result).split('\n').find((line) => line.includes('prfaq.missing-section'));
    expect(missing).toMatch(/^pr\.md:1:1 error prfaq\.missing-section \[whole document\] The press release /);
  });

  it('shortens a long heading (a headline, say) at a word\'s end', () => {
    expect(sectionLabel({ sectionKey: 'headline', sectionTitle: 'Vantage introduces an industry-leading analytics dashboard' })).toBe('[Vantage introduces an...]');
    expect(sectionLabel({ sectionKey: 'headline', sectionTitle: 'Supercalifragilisticexpialidocious-refunds-for-everyone' })).toBe('[Supercalifragilisticexpialidocious-re...]');
    expect(sectionLabel({ sectionKey: 'summary', sectionTitle: 'Summary' })).toBe('[Summary]');
  });
});

describe('pulse lint JSON output', () => {
  it('keeps each finding\'s section as a key for tools and as the writer\'s heading, suppressed ones included', () => {
    const { report, result } = lint(MEMO, 'memo');
    const body = JSON.parse(formatLintJson('memo.md', report, result)) as { findings: Array<Record<string, unknown>>; suppressed: Array<Record<string, unknown>> };
    expect(body.findings).toContainEqual(expect.objectContaining({ ruleId: 'style.passive-voice', line: 5, sectionKey: 'memo-body-where-we-stand', sectionTitle: 'Where we stand' }));
    expect(body.findings).toContainEqual(expect.objectContaining({ ruleId: 'style.hedge', line: 1, sectionKey: 'memo-body', sectionTitle: '' }));
    expect(body.suppressed).toEqual([expect.objectContaining({ ruleId: 'style.hedge', line: 12, sectionTitle: 'What we propose', reason: 'the forecast is the point' })]);
  });
});
