/**
 * `npm run bench:documents`: the per-request work of the documents API on a 3,500-word memo —
 * the word diff of two versions (a few edits; a word changed in every seven), carrying a comment
 * anchor to a later version, and rendering the Markdown to safe HTML. Reports the median of 41 runs
 * after 20 warm-up runs. The linter itself is measured by `npm run bench:lint`.
 */
import os from 'node:os';
import { carryAnchor } from '../../src/domain/documents/comment-anchors.js';
import { renderMarkdown } from '../../src/domain/documents/markdown-html.js';
import { diffWords } from '../../src/domain/documents/word-diff.js';
import { DEMO_MEMO } from '../../src/services/demo/seed-documents-demo.js';

const WARM_UP = 20;
const RUNS = 41;

function median(run: () => unknown): number {
  for (let index = 0; index < WARM_UP; index += 1) run();
  const times: number[] = [];
  for (let index = 0; index < RUNS; index += 1) {
    const started = performance.now();
    run();
    times.push(performance.now() - started);
  }
  times.sort((left, right) => left - right);
  return times[Math.floor(RUNS / 2)]!;
}

// The demo memo's paragraphs repeated to memo length: real prose, so the diff sees real word repeats.
const paragraphs = DEMO_MEMO.split('## Appendix')[0]!.split('## Context')[1]!;
let memo = '# Same-day refunds\n\n## Context\n';
while (memo.split(/\s+/).length < 3500) memo += paragraphs;
const words = memo.split(/\s+/).length;
const fewEdits = memo.replace('nine days', 'eleven days').replace('three scan refunds', 'two scan refunds').concat('\nA closing paragraph asks for the decision.\n');
const everySeventh = memo
  .split(' ')
  .map((word, index) => (index % 7 === 0 ? word.toUpperCase() : word))
  .join(' ');
const quoteStart = memo.indexOf('three scan refunds');
const anchor = { start: quoteStart, end: quoteStart + 'three scan refunds'.length, quote: 'three scan refunds' };

const rows: Array<[string, number]> = [
  ['word diff, a few edits', median(() => diffWords(memo, fewEdits))],
  ['word diff, a word changed in every seven', median(() => diffWords(memo, everySeventh))],
  ['carry one comment anchor to the edited version', median(() => carryAnchor(anchor, memo, fewEdits))],
  ['render Markdown to safe HTML', median(() => renderMarkdown(memo))],
];

console.log(`documents bench: ${words}-word memo, Node ${process.version}, ${os.cpus().length} CPUs, median of ${RUNS} runs`);
for (const [label, milliseconds] of rows) console.log(`  ${label.padEnd(50)} ${milliseconds.toFixed(2)} ms`);
