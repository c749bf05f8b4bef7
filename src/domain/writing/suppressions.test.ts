import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import { lintMarkdown } from './lint.js';
import { parseWritingDocument } from './document-model.js';
import { applySuppressions, assertSuppressible, inlineSuppressions, parseSuppression, parseSuppressions, suppressFinding } from './suppressions.js';

const markdown = '# Memo\n\nThe data was collected by a vendor. It might help.\n';

describe('suppressions', () => {
  it('move a finding to the suppressed list with its reason, by rule id and anchor', () => {
    const { findings } = lintMarkdown(markdown, { kind: 'memo' });
    const passive = findings.find((finding) => finding.ruleId === 'style.passive-voice');
    expect(passive?.anchor).toBe('memo-body-memo/was collected@the data was collected');
    const suppression = suppressFinding(passive ?? findings[0]!, 'The vendor is named in the next sentence.', 'ana');
    const result = applySuppressions(findings, [suppression]);
    expect(result.active.map((finding) => finding.ruleId)).toEqual(['style.hedge']);
    expect(result.suppressed).toEqual([{ finding: passive, suppression: { ruleId: 'style.passive-voice', anchor: 'memo-body-memo/was collected@the data was collected', reason: 'The vendor is named in the next sentence.', author: 'ana' } }]);
    expect(result.stale).toEqual([]);
  });

  it('keep matching when the text moves, and turn stale when the flagged words change', () => {
    const { findings } = lintMarkdown(markdown, { kind: 'memo' });
    const suppression = suppressFinding(findings.find((finding) => finding.ruleId === 'style.passive-voice')!, 'known vendor');
    const moved = lintMarkdown(`# Memo\n\nA new first sentence.\n\n${markdown.slice(8)}`, { kind: 'memo' }).findings;
    expect(applySuppressions(moved, [suppression]).suppressed).toHaveLength(1);
    const rewritten = lintMarkdown(markdown.replace('was collected', 'was gathered'), { kind: 'memo' }).findings;
    expect(applySuppressions(rewritten, [suppression]).stale).toEqual([suppression]);
  });

  it('refuse a suppression without a reason', () => {
    expect(() => suppressFinding({ ruleId: 'style.hedge', anchor: 'x/might' }, '  ')).toThrow(AppError);
    expect(() => parseSuppressions([{ ruleId: 'style.hedge', anchor: 'x/might' }])).toThrow(/suppressions\[0\]\.reason/);
    expect(() => parseSuppressions([{ ruleId: 'style.nope', anchor: 'x', reason: 'r' }])).toThrow(/ruleId/);
    expect(parseSuppressions([{ ruleId: 'style.hedge', anchor: 'x/might', reason: ' honest doubt ' }])).toEqual([{ ruleId: 'style.hedge', anchor: 'x/might', reason: 'honest doubt' }]);
  });

  it('name the field of one suppression sent alone as it was sent (body.ruleId, not body[0].ruleId)', () => {
    const fieldOf = (item: unknown) => {
      try {
        parseSuppression(item, 'body');
      } catch (error) {
        return (error as AppError).details.field;
      }
      return undefined;
    };
    expect(fieldOf({ ruleId: 'style.nope', anchor: 'x', reason: 'r' })).toBe('body.ruleId');
    expect(fieldOf({ ruleId: 'style.hedge', anchor: ' ', reason: 'r' })).toBe('body.anchor');
    expect(fieldOf({ ruleId: 'style.hedge', anchor: 'x/might', reason: '' })).toBe('body.reason');
    expect(parseSuppression({ ruleId: 'style.hedge', anchor: 'x/might', reason: 'doubt' }, 'body')).toEqual({ ruleId: 'style.hedge', anchor: 'x/might', reason: 'doubt' });
  });

  it('read lint-ignore comments in the Markdown for the next block only', () => {
    const source = '# Memo\n\n<!-- lint-ignore style.hedge: we do not know yet -->\nIt might help.\n\nIt might hurt.\n';
    const document = parseWritingDocument(source, 'memo');
    const { findings } = lintMarkdown(source, { kind: 'memo' });
    const suppressions = inlineSuppressions(findings, document.markdown.comments, document.markdown.blocks.map((block) => block.start));
    const result = applySuppressions(findings, suppressions);
    expect(result.suppressed.map(({ finding, suppression }) => [finding.line, suppression.reason])).toEqual([[4, 'we do not know yet']]);
    expect(result.active.map((finding) => finding.line)).toEqual([6]);
  });

  it('refuse a lint-ignore comment without a reason or with an unknown rule, naming the line', () => {
    const check = (source: string): void => {
      const document = parseWritingDocument(source, 'memo');
      inlineSuppressions([], document.markdown.comments, []);
    };
    expect(() => check('<!-- lint-ignore style.hedge -->\nText.\n')).toThrow(/needs a reason/);
    expect(() => check('# M\n\n<!-- lint-ignore style.nope: why -->\nText.\n')).toThrow(expect.objectContaining({ details: expect.objectContaining({ line: 3 }) }));
  });

  it('never silences a hard check of a memo, stored or written inline', () => {
    const memo = parseWritingDocument('# Memo\n\n- one\n- two\n', 'memo');
    const report = lintMarkdown(memo.markdown.source, { kind: 'memo' });
    const list = report.findings.find((finding) => finding.ruleId === 'memo.no-lists')!;
    expect(list).toBeDefined();
    const applied = applySuppressions(report.findings, [{ ruleId: 'memo.no-lists', anchor: list.anchor, reason: 'a checklist' }]);
    expect(applied.active).toContainEqual(list);
    expect(applied.suppressed).toEqual([]);
    expect(applied.stale).toHaveLength(1);
    expect(() => assertSuppressible('memo.no-lists')).toThrow(expect.objectContaining({ details: expect.objectContaining({ rule: 'memo.hard_checks' }) }));
    expect(() => assertSuppressible('style.hedge')).not.toThrow();
    const inline = parseWritingDocument('# Memo\n\n<!-- lint-ignore memo.length: the appendix is long -->\nText.\n', 'memo');
    expect(() => inlineSuppressions([], inline.markdown.comments, inline.markdown.blocks.map((block) => block.start))).toThrow(expect.objectContaining({ details: expect.objectContaining({ line: 3, rule: 'memo.hard_checks' }) }));
  });
});
