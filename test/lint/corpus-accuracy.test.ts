// The accuracy goals of the writing linter, held on the labelled corpus: a rule that starts to
// raise false alarms, or stops finding what it should, fails CI here (`npm run eval:lint` shows
// the details).
import { describe, expect, it } from 'vitest';
import { RULE_IDS } from '../../src/domain/writing/lint-settings.js';
import { evaluateCorpus, loadCorpus } from './corpus-evaluation.js';

const corpus = loadCorpus();
const score = evaluateCorpus(corpus);

describe('writing linter accuracy on the labelled corpus', () => {
  it('has at least 40 texts, with good and bad examples of both kinds', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(40);
    for (const kind of ['prfaq', 'memo'] as const) {
      expect(corpus.some((text) => text.kind === kind && text.expected.length === 0), `a clean ${kind}`).toBe(true);
      expect(corpus.some((text) => text.kind === kind && text.expected.length > 0), `a flawed ${kind}`).toBe(true);
    }
  });

  it('labels at least one expected finding for every rule, so every recall is measured', () => {
    const labelled = new Set(corpus.flatMap((text) => text.expected.map((label) => label.ruleId)));
    expect(RULE_IDS.filter((ruleId) => !labelled.has(ruleId))).toEqual([]);
  });

  it.each(RULE_IDS.map((ruleId) => [ruleId]))('%s has precision of at least 0.9', (ruleId) => {
    const rule = score.rules.find((candidate) => candidate.ruleId === ruleId);
    const falseAlarms = score.outcomes.flatMap((outcome) => outcome.unexpected.filter((finding) => finding.ruleId === ruleId).map((finding) => `${outcome.file}:${finding.line} ${finding.message}`));
    expect(rule?.precision, falseAlarms.join('\n')).toBeGreaterThanOrEqual(0.9);
  });

  it('has recall of at least 0.8 over all rules', () => {
    const missed = score.outcomes.flatMap((outcome) => outcome.missed.map((label) => `${outcome.file}: ${label.ruleId} "${label.hint}"`));
    expect(score.overall.recall, missed.join('\n')).toBeGreaterThanOrEqual(0.8);
  });
});
