import { isApiError } from './api-client.js';

/**
 * A form's values after its save was refused because someone else saved the record first (409 from a stale read):
 * what the person changed since they read the record stays as they wrote it, and every field they left alone takes
 * the newer value. Saving again then applies their changes without quietly undoing the colleague's.
 */
export function keepDraftOverNewer<T extends object>(read: T, latest: T, draft: T): T {
  const merged = { ...latest };
  for (const key of Object.keys(draft) as Array<keyof T>) {
    if (draft[key] !== read[key]) merged[key] = draft[key];
  }
  return merged;
}

/**
 * Whether a save was refused because the record changed since it was read: 409 naming the token it sent, where it
 * sent it (`body.baseToken` for a save, `query.baseToken` for a removal, which has no body).
 */
export function isStaleWriteRefusal(error: unknown, tokenField = 'baseToken'): boolean {
  return isApiError(error) && error.code === 'conflict' && (error.field === `body.${tokenField}` || error.field === `query.${tokenField}`);
}
