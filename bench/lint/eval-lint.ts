// `npm run eval:lint`: precision and recall of every writing rule on the labelled corpus
// (test/lint/corpus). Prints a table, then each miss and each false alarm so a regression is easy
// to read. Exit 1 when a goal is not met (precision >= 0.9 per rule, recall >= 0.8 overall).
import { evaluateCorpus, loadCorpus } from '../../test/lint/corpus-evaluation.js';

const PRECISION_GOAL = 0.9;
const RECALL_GOAL = 0.8;

const corpus = loadCorpus();
const score = evaluateCorpus(corpus);
const percent = (value: number): string => value.toFixed(2);
const rows = score.rules.map((rule) => `| ${rule.ruleId} | ${rule.expected} | ${rule.reported} | ${rule.truePositives} | ${percent(rule.precision)} | ${percent(rule.recall)} |`);
process.stdout.write(`Writing linter accuracy on ${score.texts} labelled texts\n\n`);
process.stdout.write('| rule | expected | reported | correct | precision | recall |\n| --- | ---: | ---: | ---: | ---: | ---: |\n');
process.stdout.write(`${rows.join('\n')}\n`);
process.stdout.write(`| **all rules** | ${score.overall.expected} | ${score.overall.reported} | ${score.overall.truePositives} | ${percent(score.overall.precision)} | ${percent(score.overall.recall)} |\n\n`);

for (const set of ['development', 'holdout'] as const) {
  const part = evaluateCorpus(corpus.filter((text) => text.set === set));
  const imprecise = part.rules.filter((rule) => rule.precision < 1).map((rule) => `${rule.ruleId} ${percent(rule.precision)}`);
  process.stdout.write(`${set === 'holdout' ? 'held-out   ' : 'development'} (${part.texts} texts): precision ${percent(part.overall.precision)}, recall ${percent(part.overall.recall)}; rules below precision 1.00: ${imprecise.length === 0 ? 'none' : imprecise.join(', ')}\n`);
}
process.stdout.write('\n');

for (const outcome of score.outcomes) {
  for (const missed of outcome.missed) process.stdout.write(`missed      ${outcome.file}: ${missed.ruleId} "${missed.hint}"\n`);
  for (const finding of outcome.unexpected) process.stdout.write(`false alarm ${outcome.file}:${finding.line}:${finding.column} ${finding.ruleId} ${finding.message}\n`);
}

const failing = score.rules.filter((rule) => rule.precision < PRECISION_GOAL).map((rule) => `${rule.ruleId} precision ${percent(rule.precision)}`);
if (score.overall.recall < RECALL_GOAL) failing.push(`overall recall ${percent(score.overall.recall)}`);
process.stdout.write(failing.length === 0 ? '\nGoals met: precision >= 0.9 on every rule, recall >= 0.8 overall.\n' : `\nGoals NOT met: ${failing.join('; ')}\n`);
process.exitCode = failing.length === 0 ? 0 : 1;
