import { sql } from 'kysely';
import type { AppError } from '../domain/errors.js';
import { findLookAlike } from '../domain/names.js';
import type { Db } from '../storage/database.js';

/**
 * One change to the names of a scope (an org's decks, metrics, principles…) at a time, until the transaction ends:
 * two requests could otherwise each find a name free and both take it. `scope` names the table and org, e.g.
 * `metrics:<orgId>`.
 */
export async function lockNameScope(trx: Db, scope: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext(${scope}))`.execute(trx);
}

export interface NamedRow {
  id: string;
  name: string;
}

/**
 * Refuses a name that reads as one already taken in its scope ("Café" typed two ways, full-width letters, a soft
 * hyphen): the unique indexes compare only `lower(name)`, so look-alikes are caught here, by names.ts nameKey, under
 * the scope's lock. `existing` reads the scope's names once the lock is held; `exceptId` is the row being renamed;
 * `taken` builds the refusal from the name already there (the same refusal the index's violation gives).
 */
export async function assertNameFree(
  trx: Db,
  check: { scope: string; name: string; exceptId: string | null; existing: () => Promise<readonly NamedRow[]>; taken: (existingName: string) => AppError },
): Promise<void> {
  await lockNameScope(trx, check.scope);
  const twin = findLookAlike(check.name, await check.existing(), check.exceptId);
  if (twin) throw check.taken(twin.name);
}
