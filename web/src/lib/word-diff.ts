/** One run of a word diff: text kept from the old wording, removed from it, or added in the new one. */
export interface DiffPart {
  kind: 'same' | 'removed' | 'added';
  text: string;
}

/** Words with the spaces that follow them, so joining the parts gives back the exact text. */
function tokenize(text: string): string[] {
  return text.match(/\s+|[^\s]+/g) ?? [];
}

/**
 * A word-level diff of two wordings (longest common subsequence of words and spaces). Principles are a
 * sentence or two, so the quadratic table is a few thousand cells; adjacent parts of one kind are merged
 * see groupChanges.
 */
export function diffWords(before: string, after: string): DiffPart[] {
  const a = tokenize(before);
  const b = tokenize(after);
  const common: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i -= 1) {
    for (let j = b.length - 1; j >= 0; j -= 1) {
      common[i]![j] = a[i] === b[j] ? common[i + 1]![j + 1]! + 1 : Math.max(common[i + 1]![j]!, common[i]![j + 1]!);
    }
  }
  const steps: DiffPart[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      steps.push({ kind: 'same', text: a[i]! });
      i += 1;
      j += 1;
    } else if (common[i + 1]![j]! >= common[i]![j + 1]!) {
      steps.push({ kind: 'removed', text: a[i]! });
      i += 1;
    } else {
      steps.push({ kind: 'added', text: b[j]! });
      j += 1;
    }
  }
  for (; i < a.length; i += 1) steps.push({ kind: 'removed', text: a[i]! });
  for (; j < b.length; j += 1) steps.push({ kind: 'added', text: b[j]! });
  return groupChanges(steps);
}

/**
 * Turns word steps into phrases: a run of changes (with the single spaces between changed words) becomes
 * one removed phrase followed by one added phrase, as a person would mark up a printed page.
 */
function groupChanges(steps: readonly DiffPart[]): DiffPart[] {
  const parts: DiffPart[] = [];
  let removed = '';
  let added = '';
  const flush = () => {
    if (removed) parts.push({ kind: 'removed', text: removed });
    if (added) parts.push({ kind: 'added', text: added });
    removed = '';
    added = '';
  };
  for (const [index, step] of steps.entries()) {
    const isInChange = removed !== '' || added !== '';
    const next = steps[index + 1];
    const isBridge = step.kind === 'same' && /^\s+$/.test(step.text) && isInChange && next !== undefined && next.kind !== 'same';
    if (step.kind === 'removed') removed += step.text;
    else if (step.kind === 'added') added += step.text;
    else if (isBridge) {
      removed += step.text;
      added += step.text;
    } else {
      flush();
      const last = parts[parts.length - 1];
      if (last && last.kind === 'same') last.text += step.text;
      else parts.push({ kind: 'same', text: step.text });
    }
  }
  flush();
  return parts;
}
