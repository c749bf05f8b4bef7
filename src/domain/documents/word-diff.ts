/**
 * Word-level diff of two document versions, and the offset map that carries a passage of one version
 * into another. Pure. Words and the whitespace after them are the tokens, so joining the runs of one
 * side gives back that side's exact text. Myers' O(ND) algorithm after trimming the common start and
 * end: a new version of a 3,500-word memo usually differs in a few places, so D stays small.
 */

export type DiffRunKind = 'same' | 'deleted' | 'inserted';

export interface DiffRun {
  readonly kind: DiffRunKind;
  readonly text: string;
  /** Offset of the run in the old text (for 'inserted': where the insertion happens). */
  readonly beforeStart: number;
  /** Offset of the run in the new text (for 'deleted': where the deletion happens). */
  readonly afterStart: number;
}

export interface DiffSummary {
  readonly insertedWords: number;
  readonly deletedWords: number;
}

/**
 * Above this many differing tokens the middle is shown as one replacement: a rewrite, not an edit.
 * It also bounds the memory of the search (the kept frontiers grow with its square: ~16 MB at 2,000).
 */
const MAX_EDIT_DISTANCE = 2000;

export function tokenizeWords(text: string): string[] {
  return text.match(/\s+|[^\s]+/g) ?? [];
}

type Step = 'same' | 'deleted' | 'inserted';

export function diffWords(before: string, after: string): DiffRun[] {
  const a = tokenizeWords(before);
  const b = tokenizeWords(after);
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix += 1;
  let suffix = 0;
  while (suffix < a.length - prefix && suffix < b.length - prefix && a[a.length - 1 - suffix] === b[b.length - 1 - suffix]) suffix += 1;
  const middle = myersSteps(a.slice(prefix, a.length - suffix), b.slice(prefix, b.length - suffix));
  const steps: Step[] = [...new Array<Step>(prefix).fill('same'), ...middle, ...new Array<Step>(suffix).fill('same')];
  return groupRuns(steps, a, b);
}

function myersSteps(a: readonly string[], b: readonly string[]): Step[] {
  const n = a.length;
  const m = b.length;
  if (n === 0) return new Array<Step>(m).fill('inserted');
  if (m === 0) return new Array<Step>(n).fill('deleted');
  const max = Math.min(n + m, MAX_EDIT_DISTANCE);
  const offset = max + 1;
  const frontier = new Int32Array(2 * max + 3);
  // trace[d] keeps the frontier before step d, diagonals -d-1..d+1 only (all that step d reads).
  const trace: Int32Array[] = [];
  for (let d = 0; d <= max; d += 1) {
    trace.push(frontier.slice(offset - d - 1, offset + d + 2));
    for (let k = -d; k <= d; k += 2) {
      const goDown = k === -d || (k !== d && frontier[offset + k - 1]! < frontier[offset + k + 1]!);
      let x = goDown ? frontier[offset + k + 1]! : frontier[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x += 1;
        y += 1;
      }
      frontier[offset + k] = x;
      if (x >= n && y >= m) return backtrack(trace, n, m, d, a, b);
    }
  }
  return [...new Array<Step>(n).fill('deleted'), ...new Array<Step>(m).fill('inserted')];
}

function backtrack(trace: readonly Int32Array[], n: number, m: number, lastD: number, a: readonly string[], b: readonly string[]): Step[] {
  const steps: Step[] = [];
  let x = n;
  let y = m;
  for (let d = lastD; d > 0; d -= 1) {
    const frontier = trace[d]!;
    const offset = d + 1;
    const k = x - y;
    const goDown = k === -d || (k !== d && frontier[offset + k - 1]! < frontier[offset + k + 1]!);
    const previousK = goDown ? k + 1 : k - 1;
    const previousX = frontier[offset + previousK]!;
    const previousY = previousX - previousK;
    while (x > previousX && y > previousY && a[x - 1] === b[y - 1]) {
      steps.push('same');
      x -= 1;
      y -= 1;
    }
    steps.push(goDown ? 'inserted' : 'deleted');
    x = previousX;
    y = previousY;
  }
  while (x > 0 && y > 0) {
    steps.push('same');
    x -= 1;
    y -= 1;
  }
  return steps.reverse();
}

/**
 * Merges token steps into readable runs: a change that spans several words (with the single spaces
 * between them) becomes one deleted run followed by one inserted run, as an editor marks up paper.
 */
function groupRuns(steps: readonly Step[], a: readonly string[], b: readonly string[]): DiffRun[] {
  const runs: DiffRun[] = [];
  let i = 0;
  let j = 0;
  let beforeOffset = 0;
  let afterOffset = 0;
  let index = 0;
  while (index < steps.length) {
    if (steps[index] === 'same' && !isBridge(steps, index, a[i])) {
      const beforeStart = beforeOffset;
      const afterStart = afterOffset;
      let text = '';
      while (index < steps.length && steps[index] === 'same' && !isBridge(steps, index, a[i])) {
        text += a[i]!;
        beforeOffset += a[i]!.length;
        afterOffset += a[i]!.length;
        i += 1;
        j += 1;
        index += 1;
      }
      runs.push({ kind: 'same', text, beforeStart, afterStart });
      continue;
    }
    const beforeStart = beforeOffset;
    const afterStart = afterOffset;
    let deleted = '';
    let inserted = '';
    while (index < steps.length && (steps[index] !== 'same' || isBridge(steps, index, a[i]))) {
      const step = steps[index]!;
      if (step === 'deleted' || step === 'same') {
        deleted += a[i]!;
        beforeOffset += a[i]!.length;
        i += 1;
      }
      if (step === 'inserted' || step === 'same') {
        inserted += b[j]!;
        afterOffset += b[j]!.length;
        j += 1;
      }
      index += 1;
    }
    if (deleted !== '') runs.push({ kind: 'deleted', text: deleted, beforeStart, afterStart });
    if (inserted !== '') runs.push({ kind: 'inserted', text: inserted, beforeStart: beforeOffset, afterStart });
  }
  return runs;
}

/** A kept whitespace token between two changes is folded into the change, so "a b" → "c d" reads as one replacement. */
function isBridge(steps: readonly Step[], index: number, token: string | undefined): boolean {
  if (token === undefined || !/^\s+$/.test(token) || /\n\s*\n/.test(token)) return false;
  const previous = steps[index - 1];
  const next = steps[index + 1];
  return previous !== undefined && previous !== 'same' && next !== undefined && next !== 'same';
}

export function summariseDiff(runs: readonly DiffRun[]): DiffSummary {
  const count = (kind: DiffRunKind) => runs.filter((run) => run.kind === kind).reduce((total, run) => total + (run.text.match(/[^\s]+/g)?.length ?? 0), 0);
  return { insertedWords: count('inserted'), deletedWords: count('deleted') };
}

export interface MappedRange {
  readonly start: number;
  readonly end: number;
  /** True when any character of the range was deleted or text was inserted inside it. */
  readonly isChanged: boolean;
  /** True when every character of the range was deleted and nothing replaced it. */
  readonly isDeleted: boolean;
}

/** Carries a range of the old text into the new text through the diff runs. */
export function mapRange(runs: readonly DiffRun[], start: number, end: number): MappedRange {
  let mappedStart: number | undefined;
  let mappedEnd: number | undefined;
  let keptCharacters = 0;
  let isChanged = false;
  let previousWasDeletedInRange = false;
  for (const run of runs) {
    if (run.kind === 'inserted') {
      const isInside = run.beforeStart > start && run.beforeStart < end;
      // A replacement of words under the range belongs to the range: the reader sees the new words marked.
      if (isInside || (previousWasDeletedInRange && run.beforeStart === end)) {
        isChanged = true;
        keptCharacters += run.text.length;
        mappedStart ??= run.afterStart;
        mappedEnd = run.afterStart + run.text.length;
      }
      previousWasDeletedInRange = false;
      continue;
    }
    previousWasDeletedInRange = false;
    const runEnd = run.beforeStart + run.text.length;
    if (runEnd <= start || run.beforeStart >= end) {
      if (mappedStart === undefined && run.beforeStart >= end) mappedStart = run.afterStart;
      continue;
    }
    const overlapStart = Math.max(start, run.beforeStart);
    const overlapEnd = Math.min(end, runEnd);
    if (run.kind === 'deleted') {
      isChanged = true;
      previousWasDeletedInRange = true;
      mappedStart ??= run.afterStart;
      mappedEnd = run.afterStart;
      continue;
    }
    keptCharacters += overlapEnd - overlapStart;
    mappedStart ??= run.afterStart + (overlapStart - run.beforeStart);
    mappedEnd = run.afterStart + (overlapEnd - run.beforeStart);
  }
  const lastRun = runs[runs.length - 1];
  const afterLength = lastRun === undefined ? 0 : lastRun.kind === 'deleted' ? lastRun.afterStart : lastRun.afterStart + lastRun.text.length;
  const resolvedStart = mappedStart ?? afterLength;
  return { start: resolvedStart, end: Math.max(resolvedStart, mappedEnd ?? resolvedStart), isChanged, isDeleted: end > start && keptCharacters === 0 };
}
