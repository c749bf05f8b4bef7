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
  if (!Number.isInteger(anchor.start) || !Number.isInteger(anchor.end) || anchor.start < 0 || anchor.end <= anchor.start || anchor.end > body.length) {
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
