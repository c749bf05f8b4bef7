/**
 * Comments are anchored to a passage of the version they were written on (offsets and the quoted
 * words). Opened on a later version, the passage is carried forward through the word diff: it stays
 * where it moved to, is marked "changed" when the words under it were edited, and "removed" when
 * they are gone. Pure.
 */
import { AppError } from '../errors.js';
import { diffWords, mapRange, type DiffRun } from './word-diff.js';

export interface PassageAnchor {
  readonly start: number;
  readonly end: number;
  readonly quote: string;
}

export type AnchorStatus = 'unchanged' | 'changed' | 'removed';

export interface CarriedAnchor {
  readonly start: number;
  readonly end: number;
  /** The text now under the anchor (what the reader sees highlighted). */
  readonly text: string;
  readonly status: AnchorStatus;
}

export const MAX_QUOTE_LENGTH = 2000;

/** Checks an anchor against the text of its version: the offsets must select exactly the quoted words. */
export function validateAnchor(body: string, anchor: PassageAnchor): PassageAnchor {
  // A backwards or empty selection is a malformed request, not a passage past the text: say so, naming the end.
  if (Number.isInteger(anchor.start) && Number.isInteger(anchor.end) && anchor.end <= anchor.start) {
    throw new AppError('validation_failed', `The passage ends (${anchor.end}) before it starts (${anchor.start}): a comment anchors at least one character.`, { field: 'body.anchor.end' });
  }
  if (!Number.isInteger(anchor.start) || !Number.isInteger(anchor.end) || anchor.start < 0 || anchor.end > body.length) {
    throw new AppError('validation_failed', `The passage ${anchor.start}–${anchor.end} is outside this version (it has ${body.length} characters).`, { field: 'body.anchor.start' });
  }
  if (anchor.end - anchor.start > MAX_QUOTE_LENGTH) {
    throw new AppError('validation_failed', `A comment anchors at most ${MAX_QUOTE_LENGTH} characters; select a shorter passage.`, { field: 'body.anchor.end' });
  }
  if (body.slice(anchor.start, anchor.end) !== anchor.quote) {
    throw new AppError('validation_failed', 'The quoted passage does not match the text of this version at those offsets.', { field: 'body.anchor.quote' });
  }
  return anchor;
}

/** Carries an anchor written on `fromBody` into `toBody`. Pass the runs when several anchors share one diff. */
export function carryAnchor(anchor: PassageAnchor, fromBody: string, toBody: string, runs: readonly DiffRun[] = diffWords(fromBody, toBody)): CarriedAnchor {
  if (fromBody === toBody) return { start: anchor.start, end: anchor.end, text: anchor.quote, status: 'unchanged' };
  const mapped = mapRange(runs, anchor.start, anchor.end);
  const text = toBody.slice(mapped.start, mapped.end);
  if (mapped.isDeleted) return { start: mapped.start, end: mapped.start, text: '', status: 'removed' };
  return { start: mapped.start, end: mapped.end, text, status: mapped.isChanged || text !== anchor.quote ? 'changed' : 'unchanged' };
}

/** Markdown that renders as nothing a reader can select: link targets `](…)` and footnote references `[^label]`. */
const UNSELECTABLE = /\]\([^)\s]*(?:\s+"[^"]*")?\)|\[\^[^\]\s]+\]/g;

/**
 * Where a passage selected in the rendered page is in the Markdown source. `startBlock`/`endBlock` are the source
 * offsets of the rendered blocks the selection starts and ends in (their `data-source-start`), `startIndex` and
 * `endIndex` the selection's first and last character among the block's visible characters (whitespace and
 * footnote numbers not counted). The rendered text is what remains of the source once the markup is dropped, so
 * each visible character is found by walking the source in order, skipping markup; searching the source for the
 * rendered words instead fails on a line break, emphasis, a link or a footnote inside the passage. Undefined when
 * the rendered text does not line up with the source (the caller falls back to searching the words).
 */
export function anchorOfRenderedSelection(
  source: string,
  selection: { startBlock: number; startIndex: number; endBlock: number; endIndex: number },
  visibleOf: (blockStart: number) => string,
): PassageAnchor | undefined {
  const skipped = new Uint8Array(source.length);
  for (const match of source.matchAll(UNSELECTABLE)) skipped.fill(1, match.index, match.index + match[0].length);
  const offsetOf = (blockStart: number, index: number): number | undefined => {
    const visible = visibleOf(blockStart);
    if (index < 0 || index >= visible.length) return undefined;
    let at = blockStart;
    for (let position = 0; position <= index; position += 1) {
      while (at < source.length && (skipped[at] === 1 || source[at] !== visible[position])) at += 1;
      if (at >= source.length) return undefined;
      if (position < index) at += 1;
    }
    return at;
  };
  const start = offsetOf(selection.startBlock, selection.startIndex);
  const last = offsetOf(selection.endBlock, selection.endIndex);
  if (start === undefined || last === undefined || last < start) return undefined;
  const end = Math.min(last + 1, start + MAX_QUOTE_LENGTH);
  return { start, end, quote: source.slice(start, end) };
}
