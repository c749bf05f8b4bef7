import { AppError } from './errors.js';

/**
 * Refuses a change made from a stale read. Edit forms send every field back, so without this a form opened before a
 * colleague's save would quietly undo it. `base` is the `updatedAt` the changer read (ISO 8601); a caller that sends
 * none (a script changing one field) is not checked. Compared at the millisecond, as `updatedAt` is written.
 */
export function assertNotChangedSince(
  updatedAt: Date | string,
  base: string | undefined,
  what: string,
  refusal: { message: string; data?: Record<string, unknown> } | undefined = undefined,
): void {
  if (base === undefined) return;
  const current = new Date(updatedAt).toISOString();
  if (new Date(base).toISOString() !== current) {
    const message = refusal?.message ?? `This ${what} changed after you opened it: reload it to see the change, then make yours again.`;
    throw new AppError('conflict', message, { field: 'baseUpdatedAt', data: { updatedAt: current, ...refusal?.data } });
  }
}

/**
 * A short fingerprint of what an edit form shows (a deck's settings, a press release), for records whose updatedAt
 * also moves for other reasons (a deck's data upload) or that have none of their own. Not a security hash: it only
 * has to differ when the content does (53 bits of cyrb53, in base 36).
 */
export function contentToken(content: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < content.length; i++) {
    const code = content.charCodeAt(i);
    h1 = Math.imul(h1 ^ code, 2654435761);
    h2 = Math.imul(h2 ^ code, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

/**
 * The token of a record's editable fields, in a fixed order: for records with no updatedAt of their own (a person, a
 * team), so every writer of those fields (an edit, a departure moving reports, an import) changes it without having to
 * remember to.
 */
export function fieldsToken(values: ReadonlyArray<string | number | boolean | null>): string {
  return contentToken(JSON.stringify(values));
}

/**
 * Refuses a change made from a stale read of content fingerprinted by `contentToken` (see assertNotChangedSince).
 * `refusal` replaces the general sentence when the caller can say what the newer content is (a removal refused
 * because a colleague changed the thing meanwhile names their change, so it is not deleted unseen).
 */
export function assertSameContent(current: string, base: string | undefined, what: string, field: string, refusal?: string): void {
  if (base === undefined || base === current) return;
  throw new AppError('conflict', refusal ?? `This ${what} changed after you opened it: reload it to see the change, then make yours again.`, { field, data: { token: current } });
}

