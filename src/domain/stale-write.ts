import { AppError } from './errors.js';

/**
 * Refuses a change made from a stale read. Edit forms send every field back, so without this a form opened before a
 * colleague's save would quietly undo it. `base` is the `updatedAt` the changer read (ISO 8601); a caller that sends
 * none (a script changing one field) is not checked. Compared at the millisecond, as `updatedAt` is written.
 */
export function assertNotChangedSince(updatedAt: Date | string, base: string | undefined, what: string): void {
  if (base === undefined) return;
  const current = new Date(updatedAt).toISOString();
  if (new Date(base).toISOString() !== current) {
    throw new AppError('conflict', `This ${what} changed after you opened it: reload it to see the change, then make yours again.`, { field: 'baseUpdatedAt', data: { updatedAt: current } });
  }
}
