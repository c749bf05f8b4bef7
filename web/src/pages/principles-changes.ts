import type { Principle } from '../lib/api-types.js';

const quoted = (titles: string[]) => titles.map((title) => `“${title}”`).join(', ');

/**
 * What a colleague changed in the list of active principles between two reads (the one a move or a retirement was
 * made from, and the one read after the server refused it as stale), in words: what they added, retired, reworded,
 * and whether they moved any. The page then shows theirs; the admin's own change is theirs to make again.
 */
export function principlesChangeNote(before: readonly Principle[], after: readonly Principle[]): string {
  const wasActive = before.filter((principle) => principle.status === 'active');
  const isActive = after.filter((principle) => principle.status === 'active');
  const beforeById = new Map(before.map((principle) => [principle.id, principle]));
  const wasActiveIds = new Set(wasActive.map((principle) => principle.id));
  const isActiveIds = new Set(isActive.map((principle) => principle.id));
  const changes: string[] = [];
  const added = isActive.filter((principle) => !wasActiveIds.has(principle.id)).map((principle) => principle.title);
  if (added.length > 0) changes.push(`added ${quoted(added)}`);
  const retired = wasActive.filter((principle) => !isActiveIds.has(principle.id)).map((principle) => principle.title);
  if (retired.length > 0) changes.push(`retired ${quoted(retired)}`);
  const reworded = isActive.filter((principle) => {
    const earlier = beforeById.get(principle.id);
    return earlier !== undefined && earlier.version !== principle.version;
  });
  if (reworded.length > 0) changes.push(`reworded ${quoted(reworded.map((principle) => principle.title))}`);
  // The order of the principles both lists keep active: a difference there is a move.
  const keptBefore = wasActive.filter((principle) => isActiveIds.has(principle.id)).map((principle) => principle.id);
  const keptAfter = isActive.filter((principle) => wasActiveIds.has(principle.id)).map((principle) => principle.id);
  if (keptBefore.join() !== keptAfter.join()) changes.push('changed the order');
  const what = changes.length === 0 ? 'changed the principles' : changes.join('; ');
  return `Someone ${what} after you opened this page. The page now shows their version; your change was not made: make it again if you still mean to.`;
}
