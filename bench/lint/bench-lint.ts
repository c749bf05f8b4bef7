// `npm run bench:lint`: all writing rules on a 3,500-word memo, median of many runs, against
// write-good on the same text in the same run. Goal: the linter's median at most 5 ms.
// Results go to docs/benchmarks.md (lint section).
import { availableParallelism, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import writeGood from 'write-good';
import { parseWritingDocument } from '../../src/domain/writing/document-model.js';
import { LINT_RULES, lintMarkdown } from '../../src/domain/writing/lint.js';
import { generateMemo } from './memo-generator.js';

const WORDS = 3_500;
const WARMUP_RUNS = 30;
const RUNS = Number(process.env.LINT_BENCH_RUNS ?? 200);
const GOAL_MS = 5;

interface Timing {
  readonly median: number;
  readonly p95: number;
  readonly min: number;
}

/** Runs the contenders in turn, run after run, so all of them see the same machine load. */
function measureInterleaved(contenders: ReadonlyArray<() => unknown>): Timing[] {
  for (let index = 0; index < WARMUP_RUNS; index += 1) for (const run of contenders) run();
  const samples = contenders.map((): number[] => []);
  for (let index = 0; index < RUNS; index += 1) {
    contenders.forEach((run, which) => {
      const started = performance.now();
      run();
      (samples[which] as number[]).push(performance.now() - started);
    });
  }
  return samples.map((list) => {
    list.sort((left, right) => left - right);
    const at = (fraction: number): number => list[Math.min(list.length - 1, Math.floor(fraction * list.length))] as number;
    return { median: at(0.5), p95: at(0.95), min: list[0] as number };
  });
}

const memo = generateMemo(WORDS);
const words = memo.split(/\s+/).filter((word) => word !== '').length;
const report = lintMarkdown(memo, { kind: 'memo' });
const writeGoodFindings = writeGood(memo).length;
const memoRules = LINT_RULES.filter((rule) => rule.kinds.includes('memo')).length;

// Pulse alone first, then all contenders interleaved: write-good allocates heavily, and its garbage
// collection pauses land in the neighbouring runs, so the interleaved figure is the conservative one.
const [pulseAlone] = measureInterleaved([() => lintMarkdown(memo, { kind: 'memo' })]) as [Timing];
const [parseOnly, pulse, writeGoodTiming] = measureInterleaved([
  () => parseWritingDocument(memo, 'memo'),
  () => lintMarkdown(memo, { kind: 'memo' }),
  () => writeGood(memo),
]) as [Timing, Timing, Timing];

const format = (value: number): string => value.toFixed(2);
process.stdout.write(`Writing linter benchmark: a generated memo of ${words} words, ${RUNS} runs after ${WARMUP_RUNS} warm-up runs (Node ${process.version})\n\n`);
process.stdout.write('| what | median ms | p95 ms | min ms | findings |\n| --- | ---: | ---: | ---: | ---: |\n');
process.stdout.write(`| Pulse: parse only (scanner + document model) | ${format(parseOnly.median)} | ${format(parseOnly.p95)} | ${format(parseOnly.min)} | - |\n`);
process.stdout.write(`| Pulse: all ${memoRules} memo rules, parse included, runs alone | ${format(pulseAlone.median)} | ${format(pulseAlone.p95)} | ${format(pulseAlone.min)} | ${report.findings.length} |\n`);
process.stdout.write(`| Pulse: all ${memoRules} memo rules, parse included, interleaved with write-good | ${format(pulse.median)} | ${format(pulse.p95)} | ${format(pulse.min)} | ${report.findings.length} |\n`);
process.stdout.write(`| write-good (default checks) | ${format(writeGoodTiming.median)} | ${format(writeGoodTiming.p95)} | ${format(writeGoodTiming.min)} | ${writeGoodFindings} |\n\n`);
// The goal is the linter's own time (runs alone); the interleaved runs compare it with write-good
// under the same conditions.
const isMet = pulseAlone.median <= GOAL_MS;
process.stdout.write(`${isMet ? 'Goal met' : 'Goal NOT met'}: Pulse median ${format(pulseAlone.median)} ms alone (goal <= ${GOAL_MS} ms); interleaved, ${format(writeGoodTiming.median / pulse.median)}x faster than write-good.\n`);
process.stdout.write(`Machine load average during the run: ${loadavg().map((value) => value.toFixed(1)).join(', ')} on ${availableParallelism()} cores (figures from a busy machine are noisy: rerun when it is quiet).\n`);
process.exitCode = isMet ? 0 : 1;
