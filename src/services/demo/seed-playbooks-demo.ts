import { sql } from 'kysely';
import type { Db } from '../../storage/database.js';

// Who read which playbook, how many days ago, and what they answered to "Was this helpful?": readers by index, 0 the
// admin, then the others by email. The admin has not answered anything, so a newcomer signed in as the
// admin finds the question open. Readings are in the past, so today's first opening still counts as a new view.
const READINGS: ReadonlyArray<readonly [slug: string, reader: number, daysAgo: number]> = [
  ['writing-a-prfaq', 0, 12], ['writing-a-prfaq', 1, 12], ['writing-a-prfaq', 1, 5], ['writing-a-prfaq', 2, 9], ['writing-a-prfaq', 3, 2],
  ['six-page-memo', 1, 8], ['six-page-memo', 2, 8], ['six-page-memo', 0, 3],
  ['bar-raiser-hiring', 3, 20], ['bar-raiser-hiring', 3, 6], ['bar-raiser-hiring', 0, 6],
  ['weekly-business-review', 0, 14], ['weekly-business-review', 2, 7], ['weekly-business-review', 1, 1],
  ['single-threaded-leadership', 2, 4],
  ['initiative-pipeline', 1, 10], ['initiative-pipeline', 0, 10],
];

const ANSWERS: ReadonlyArray<readonly [slug: string, reader: number, isHelpful: boolean]> = [
  ['writing-a-prfaq', 1, true], ['writing-a-prfaq', 2, true], ['writing-a-prfaq', 3, false],
  ['six-page-memo', 1, true], ['six-page-memo', 2, true],
  ['bar-raiser-hiring', 3, true],
  ['weekly-business-review', 2, true], ['weekly-business-review', 1, false],
];

/** The playbook library of the demo org has been read and rated a little, so its list is not all zeros. */
export async function seedPlaybooksDemo(db: Db, orgId: string): Promise<void> {
  const members = await db.selectFrom('memberships').innerJoin('users', 'users.id', 'memberships.user_id').select(['memberships.user_id', 'memberships.role', 'users.email']).where('memberships.org_id', '=', orgId).execute();
  // The admin first, then by email: the demo's people joined in one transaction, so their join times are equal.
  const ordered = [...members].sort((a, b) => Number(b.role === 'admin') - Number(a.role === 'admin') || a.email.localeCompare(b.email));
  const reader = (index: number) => ordered[index % ordered.length]!.user_id;
  await db
    .insertInto('playbook_views')
    .values(READINGS.map(([slug, index, daysAgo]) => ({ org_id: orgId, playbook_slug: slug, user_id: reader(index), viewed_on: sql<string>`(now() at time zone 'utc')::date - ${daysAgo}::int` })))
    .onConflict((conflict) => conflict.doNothing())
    .execute();
  await db
    .insertInto('playbook_feedback')
    .values(ANSWERS.map(([slug, index, isHelpful]) => ({ org_id: orgId, playbook_slug: slug, user_id: reader(index), is_helpful: isHelpful })))
    .onConflict((conflict) => conflict.doNothing())
    .execute();
}
