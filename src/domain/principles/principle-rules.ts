import { AppError, ruleViolation } from '../errors.js';
import { LOOP_LIMITS } from '../hiring/loop-rules.js';
import { nameKey, normalizeName } from '../names.js';
import { fieldsToken } from '../stale-write.js';

/** Limits shared by the API schemas, the web forms and these rules. */
export const PRINCIPLE_LIMITS = {
  titleMaxLength: 120,
  summaryMaxLength: 1_000,
  maxPerOrg: 100,
} as const;

export interface PrincipleWording {
  title: string;
  summary: string;
}

/** Trims and checks a principle's wording; the message names the field a person has to fix. */
export function normaliseWording(input: PrincipleWording): PrincipleWording {
  const title = normalizeName(input.title);
  const summary = input.summary.trim();
  if (title.length === 0) throw new AppError('validation_failed', 'A principle needs a title.', { field: 'title' });
  if (title.length > PRINCIPLE_LIMITS.titleMaxLength) {
    throw new AppError('validation_failed', `A principle's title has at most ${PRINCIPLE_LIMITS.titleMaxLength} characters.`, { field: 'title' });
  }
  if (summary.length === 0) throw new AppError('validation_failed', 'A principle needs a one-line meaning.', { field: 'summary' });
  if (summary.length > PRINCIPLE_LIMITS.summaryMaxLength) {
    throw new AppError('validation_failed', `A principle's meaning has at most ${PRINCIPLE_LIMITS.summaryMaxLength} characters.`, { field: 'summary' });
  }
  return { title, summary };
}

/**
 * Refuses a title an active principle already has, whatever its case, spacing or look-alike characters (names.ts
 * nameKey): records score principles by name,
 * and a loop's "distinct principles" would mean nothing if two read the same. `change` says where the title comes
 * from: new wording the client sent (`title`), or a restore of the stored one (rule `principle.distinct_title`).
 */
export function assertTitleFree(title: string, activeTitles: readonly string[], change: 'wording' | 'restore' = 'wording'): void {
  // "Ownership." and "Ownership" are one principle to a reader: end punctuation does not make a name.
  const key = (text: string) => nameKey(text).replace(/[\s.,;:!?…]+$/u, '');
  const taken = activeTitles.find((other) => key(other) === key(title));
  if (taken === undefined) return;
  // A restore sends no title (it brings back the stored one): no input to point at, so the rule is named instead.
  if (change === 'restore') {
    throw new AppError('conflict', `An active principle is already called "${taken}": rename or retire that one first, then restore this one, since each principle needs its own name.`, { rule: 'principle.distinct_title' });
  }
  throw new AppError('conflict', `An active principle is already called "${taken}": each principle needs its own name.`, { field: 'title' });
}

/**
 * The fewest active principles an org keeps: a hiring loop gives each of its interviewers principles of their own
 * (loop.distinct_principles), so with fewer than the smallest loop no new loop could be planned, and reviews and
 * promotion cases would have little to be scored by.
 */
export const MIN_ACTIVE_PRINCIPLES = LOOP_LIMITS.minInterviewers;

/** Refuses retiring a principle when the org would keep fewer than MIN_ACTIVE_PRINCIPLES active ones. */
export function assertCanRetire(activeCount: number): void {
  if (activeCount - 1 >= MIN_ACTIVE_PRINCIPLES) return;
  throw ruleViolation('principles.keep_minimum', `Keep at least ${MIN_ACTIVE_PRINCIPLES} active principles: every interviewer in a hiring loop (${MIN_ACTIVE_PRINCIPLES} at least) probes principles of their own. Add or restore one before retiring this one.`);
}

/** True when the new wording differs from the current one (a save with no change makes no new version). */
export function isWordingChanged(current: PrincipleWording, next: PrincipleWording): boolean {
  return current.title !== next.title || current.summary !== next.summary;
}

/**
 * Checks that a requested order names every principle of the org exactly once, and returns the new
 * position of each principle. Reordering with a partial or stale list would silently scramble the rest.
 */
export function planReorder(existingIds: readonly string[], requestedIds: readonly string[]): Map<string, number> {
  const existing = new Set(existingIds);
  const seen = new Set<string>();
  for (const id of requestedIds) {
    if (!existing.has(id)) throw new AppError('validation_failed', `Principle ${id} is not in this org.`, { field: 'ids' });
    if (seen.has(id)) throw new AppError('validation_failed', `Principle ${id} is listed twice.`, { field: 'ids' });
    seen.add(id);
  }
  if (seen.size !== existing.size) {
    throw new AppError('conflict', 'The order must list every principle of the org; reload and try again.', { field: 'ids' });
  }
  return new Map(requestedIds.map((id, index) => [id, index + 1]));
}

/** Refuses a change made on top of a version that is no longer current: never a lost update. */
export function assertCurrentVersion(currentVersion: number, expectedVersion: number): void {
  if (currentVersion !== expectedVersion) {
    throw new AppError('conflict', `This principle changed since you opened it (now version ${currentVersion}, you edited version ${expectedVersion}). Reload to see the latest wording.`, {
      field: 'expectedVersion',
      data: { currentVersion },
    });
  }
}

/**
 * The token of the order the principles page shows and moves: the active principles' ids, in the order given (the
 * list's). A colleague's move, a new principle, a retirement or a restoration all change it, so a reorder made from a
 * stale list is refused; the web app computes it from the list it shows.
 */
export function principlesOrderToken(principles: ReadonlyArray<{ id: string; status: string }>): string {
  return fieldsToken(principles.filter((principle) => principle.status === 'active').map((principle) => principle.id));
}
