/**
 * Scores the writing linter against the labelled corpus (test/lint/corpus): per rule, how many
 * findings were expected, found, correct (true positives), wrong (false positives) and missed.
 * Used by the accuracy test and by `npm run eval:lint`.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { lintMarkdown } from '../../src/domain/writing/lint.js';
import type { LintFinding } from '../../src/domain/writing/lint.js';
import { resolveLintSettings, RULE_IDS } from '../../src/domain/writing/lint-settings.js';
import type { RuleId } from '../../src/domain/writing/lint-settings.js';
import { DOCUMENT_KINDS } from '../../src/domain/writing/document-model.js';
import type { DocumentKind } from '../../src/domain/writing/document-model.js';

export const CORPUS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'corpus');

export interface ExpectedFinding {
  readonly ruleId: RuleId;
  readonly hint: string;
}

/** Development texts were used while writing the rules; held-out texts were not (see labels.yaml). */
export type CorpusSet = 'development' | 'holdout';

export interface CorpusText {
  readonly file: string;
  readonly set: CorpusSet;
  readonly kind: DocumentKind;
  readonly settings: unknown;
  readonly expected: readonly ExpectedFinding[];
}

export interface TextOutcome {
  readonly file: string;
  readonly missed: readonly ExpectedFinding[];
  readonly unexpected: readonly LintFinding[];
}

export interface RuleScore {
  readonly ruleId: RuleId;
  readonly expected: number;
  readonly reported: number;
  readonly truePositives: number;
  /** Correct findings / reported findings; 1 when the rule reported nothing. */
  readonly precision: number;
  /** Correct findings / expected findings; 1 when nothing was expected. */
  readonly recall: number;
}

export interface CorpusScore {
  readonly texts: number;
  readonly rules: readonly RuleScore[];
  readonly overall: { readonly expected: number; readonly reported: number; readonly truePositives: number; readonly precision: number; readonly recall: number };
  readonly outcomes: readonly TextOutcome[];
}

export function loadCorpus(dir = CORPUS_DIR): CorpusText[] {
  const labels = parse(readFileSync(join(dir, 'labels.yaml'), 'utf8'), { merge: true }) as Record<string, { set?: unknown; kind?: unknown; settings?: unknown; expect?: unknown }>;
  return Object.entries(labels).map(([file, entry]) => {
    if (!(DOCUMENT_KINDS as readonly unknown[]).includes(entry.kind)) throw new Error(`labels.yaml: ${file}: kind must be prfaq or memo`);
    const expect = Array.isArray(entry.expect) ? entry.expect : [];
    const expected = expect.map((item: unknown, index): ExpectedFinding => {
      const [ruleId, hint] = Object.entries(item as Record<string, unknown>)[0] ?? [];
      if (!(RULE_IDS as readonly unknown[]).includes(ruleId) || typeof hint !== 'string') throw new Error(`labels.yaml: ${file}: expect[${index}] must be "rule-id: hint"`);
      return { ruleId: ruleId as RuleId, hint };
    });
    const set: CorpusSet = entry.set === 'holdout' ? 'holdout' : 'development';
    return { file, set, kind: entry.kind as DocumentKind, settings: entry.settings ?? {}, expected };
  });
}

/** Lints each text and pairs findings with labels, one to one, by rule and hint. */
export function evaluateCorpus(texts: readonly CorpusText[], dir = CORPUS_DIR): CorpusScore {
  const outcomes: TextOutcome[] = [];
  const expectedByRule = new Map<RuleId, number>();
  const reportedByRule = new Map<RuleId, number>();
  const correctByRule = new Map<RuleId, number>();
  const bump = (map: Map<RuleId, number>, ruleId: RuleId): void => {
    map.set(ruleId, (map.get(ruleId) ?? 0) + 1);
  };
  for (const text of texts) {
    const markdown = readFileSync(join(dir, text.file), 'utf8');
    const report = lintMarkdown(markdown, { kind: text.kind, settings: resolveLintSettings(text.settings, `${text.file} settings`) });
    const unmatched = [...report.findings];
    const missed: ExpectedFinding[] = [];
    for (const label of text.expected) {
      bump(expectedByRule, label.ruleId);
      const hint = label.hint.toLowerCase();
      const at = unmatched.findIndex((finding) => finding.ruleId === label.ruleId && `${finding.excerpt}\n${finding.anchor}`.toLowerCase().includes(hint));
      if (at === -1) {
        missed.push(label);
        continue;
      }
      bump(correctByRule, label.ruleId);
      unmatched.splice(at, 1);
    }
    for (const finding of report.findings) bump(reportedByRule, finding.ruleId);
    outcomes.push({ file: text.file, missed, unexpected: unmatched });
  }
  const rules = RULE_IDS.map((ruleId): RuleScore => {
    const expected = expectedByRule.get(ruleId) ?? 0;
    const reported = reportedByRule.get(ruleId) ?? 0;
    const truePositives = correctByRule.get(ruleId) ?? 0;
    return { ruleId, expected, reported, truePositives, precision: reported === 0 ? 1 : truePositives / reported, recall: expected === 0 ? 1 : truePositives / expected };
  });
  const sum = (pick: (score: RuleScore) => number): number => rules.reduce((total, score) => total + pick(score), 0);
  const expected = sum((score) => score.expected);
  const reported = sum((score) => score.reported);
  const truePositives = sum((score) => score.truePositives);
  return {
    texts: texts.length,
    rules,
    overall: { expected, reported, truePositives, precision: reported === 0 ? 1 : truePositives / reported, recall: expected === 0 ? 1 : truePositives / expected },
    outcomes,
  };
}
