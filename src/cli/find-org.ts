import { AppError } from '../domain/errors.js';
import { isUuid } from '../domain/ids.js';
import type { Db } from '../storage/database.js';

/** The org an operator names on the command line, by its id or its slug; `field` is the option that named it. */
export async function findOrg(db: Db, ref: string, field: string): Promise<{ id: string; name: string; slug: string }> {
  const org = await db.selectFrom('orgs').select(['id', 'name', 'slug']).where(isUuid(ref) ? 'id' : 'slug', '=', ref).executeTakeFirst();
  if (!org) throw new AppError('not_found', `No org "${ref}" in this database (pulse orgs list shows them).`, { field });
  return org;
}
