import { sql } from 'kysely';
import { AppError, ruleViolation } from '../../domain/errors.js';
import { barRaiserPoolToken, type BarRaiserStatus, type PoolMember } from '../../domain/hiring/loop-rules.js';
import { assertSameContent } from '../../domain/stale-write.js';
import type { Db } from '../../storage/database.js';
import { recordAuditEvent } from '../audit/audit.service.js';
import { requirePermission, type OrgActor } from '../context.js';
import { assertPersonHere } from '../people/people.service.js';
import { isCandidateInProcess } from './candidate-access.js';

/** Loops in the 30 days before and after today count as a bar raiser's load. */
export const RECENT_LOAD_DAYS = 30;

export interface PoolMemberView extends PoolMember {
  /** Loops shadowed while in training. */
  shadowed: number;
  /** Loops run as bar raiser, ever. */
  totalLoops: number;
  /** Send it back as `baseToken` when changing their place in the pool (barRaiserPoolToken). */
  editToken: string;
}

export async function loadPool(db: Db, orgId: string, now: Date): Promise<PoolMemberView[]> {
  const since = new Date(now.getTime() - RECENT_LOAD_DAYS * 86_400_000);
  const until = new Date(now.getTime() + RECENT_LOAD_DAYS * 86_400_000);
  const rows = await db
    .selectFrom('bar_raisers')
    .innerJoin('people', 'people.id', 'bar_raisers.person_id')
    .leftJoin('loop_seats', (join) => join.onRef('loop_seats.person_id', '=', 'bar_raisers.person_id').onRef('loop_seats.org_id', '=', 'bar_raisers.org_id'))
    .leftJoin('loops', 'loops.id', 'loop_seats.loop_id')
    .leftJoin('candidates', 'candidates.id', 'loops.candidate_id')
    .select([
      'bar_raisers.person_id',
      'bar_raisers.status',
      'people.name',
      'people.user_id',
      'bar_raisers.updated_at',
      // Loops held in the last 30 days and those due in the next 30: one set a year ahead is no load yet, and the
      // loop of a candidate who withdrew or was rejected asks nothing more of its bar raiser (no feedback owed, no debrief to run).
      sql<number>`count(loops.id) filter (where loop_seats.seat = 'bar_raiser' and ${isCandidateInProcess} and loops.interview_at >= ${since} and loops.interview_at <= ${until})`.as('recent'),
      sql<number>`count(loops.id) filter (where loop_seats.seat = 'bar_raiser')`.as('total'),
      sql<number>`count(loops.id) filter (where loop_seats.seat = 'shadow')`.as('shadowed'),
    ])
    .where('bar_raisers.org_id', '=', orgId)
    .groupBy(['bar_raisers.person_id', 'bar_raisers.status', 'bar_raisers.updated_at', 'people.name', 'people.user_id'])
    .orderBy('people.name')
    .execute();
  return rows.map((row) => ({ personId: row.person_id, name: row.name, status: row.status, recentLoad: Number(row.recent), totalLoops: Number(row.total), shadowed: Number(row.shadowed), hasLogin: row.user_id !== null, editToken: barRaiserPoolToken({ status: row.status, updatedAt: row.updated_at }) }));
}

export async function listBarRaiserPool(db: Db, actor: OrgActor, now: Date): Promise<PoolMemberView[]> {
  requirePermission(actor, 'hiring.read');
  return loadPool(db, actor.orgId, now);
}

/**
 * Certifies a bar raiser, puts someone in training, or (status null) takes them out of the pool. Admins only, and
 * not for themselves: a pool anyone could join by their own hand would check nothing. `now` dates the change and its
 * audit event (the demo's pool, certified before its loops); without it, the database's clock. With `baseToken` (the
 * member's `editToken` as read, or barRaiserPoolToken(null) for someone read as outside the pool), a place changed
 * since is refused (409) and nothing is written; without it the change is not checked.
 */
export async function setBarRaiserStatus(db: Db, actor: OrgActor, personId: string, status: BarRaiserStatus | null, now?: Date, baseToken?: string): Promise<void> {
  requirePermission(actor, 'hiring.certify');
  await db.transaction().execute(async (trx) => {
    const self = await trx.selectFrom('people').select('id').where('org_id', '=', actor.orgId).where('id', '=', personId).where('user_id', '=', actor.userId).executeTakeFirst();
    if (self && status !== null) throw ruleViolation('bar_raiser.not_self', 'Another admin certifies you or puts you in training: nobody puts themselves in the bar raiser pool.');
    if (status === null) {
      const person = await trx.selectFrom('people').select('id').where('org_id', '=', actor.orgId).where('id', '=', personId).executeTakeFirst();
      if (!person) throw new AppError('validation_failed', 'personId: no such person in this org.', { field: 'personId' });
    } else {
      await assertPersonHere(trx, actor.orgId, personId, 'personId');
    }
    // Read under lock: two admins changing the same person's place, each from the page they read.
    const current = await trx.selectFrom('bar_raisers').select(['status', 'updated_at']).where('org_id', '=', actor.orgId).where('person_id', '=', personId).forUpdate().executeTakeFirst();
    assertSameContent(barRaiserPoolToken(current === undefined ? null : { status: current.status, updatedAt: current.updated_at }), baseToken, 'bar raiser\'s place in the pool', 'baseToken');
    if (status === null) await trx.deleteFrom('bar_raisers').where('org_id', '=', actor.orgId).where('person_id', '=', personId).execute();
    else {
      await trx
        .insertInto('bar_raisers')
        .values({ org_id: actor.orgId, person_id: personId, status, ...(now === undefined ? {} : { updated_at: now }) })
        .onConflict((oc) => oc.columns(['org_id', 'person_id']).doUpdateSet({ status, updated_at: now ?? sql<Date>`now()` }))
        .execute();
    }
    await recordAuditEvent(trx, { at: now, orgId: actor.orgId, actorUserId: actor.userId, action: 'bar_raiser.updated', subjectType: 'person', subjectId: personId, data: { status } });
  });
}
