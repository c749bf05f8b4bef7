import { sql, type ExpressionBuilder } from 'kysely';
import { notFound } from '../../domain/errors.js';
import type { Db } from '../../storage/database.js';
import type { Database } from '../../storage/schema.js';
import type { OrgActor } from '../context.js';
import { findActorPerson } from '../people/people.service.js';

/**
 * Who the actor is to one candidate. Candidates are confidential: only the loop, the hiring manager,
 * recruiters and admins may know one exists, and never the candidate themselves (isTheActor); for everyone else
 * every candidate route answers 404.
 */
export interface CandidateAccess {
  candidate: { id: string; name: string; email: string; requisitionId: string; createdAt: Date; withdrawnAt: Date | null; rejectedAt: Date | null; reinstatedAt: Date | null };
  requisition: { id: string; role: string; level: number; hiringManagerId: string; teamId: string; roleTemplate: string | null; status: 'open' | 'closed'; closedAt: Date | null };
  loopId: string | null;
  actorPersonId: string | null;
  /** The actor's seat in the loop, if they have one. */
  seat: 'interviewer' | 'bar_raiser' | 'shadow' | null;
  isHiringManager: boolean;
  /** Recruiters and admins: they run hiring for the org. */
  isHiringStaff: boolean;
}

export const isHiringStaff = (actor: OrgActor) => actor.role === 'admin' || actor.role === 'recruiter';

/**
 * In a query over `candidates`: whether the candidate is the actor themselves (an internal candidate), by the
 * candidate's email matched to the actor's login or to their person on the org chart. Nobody knows of their own
 * candidate record, whatever their role: a recruiter, an admin or a hiring manager applying inside the org would
 * otherwise read the loop's feedback on them and the bar raiser's judgement.
 */
function isTheActor(actor: OrgActor) {
  return sql<boolean>`(
    exists (select 1 from users self where self.id = ${actor.userId} and lower(self.email) = lower(candidates.email))
    or exists (select 1 from people self where self.org_id = ${actor.orgId} and self.user_id = ${actor.userId} and lower(self.email) = lower(candidates.email))
  )`;
}

/**
 * The rule of `candidateAccess` in SQL, for queries over many candidates (joined to their requisition): hiring
 * staff know of every candidate; anyone else only of those whose requisition they manage or whose loop they sit in;
 * and nobody of themselves (isTheActor).
 * `actorPersonId` is the actor's person in the org (findActorPerson); without one, only staff know of any.
 */
export function candidatesKnownTo(actor: OrgActor, actorPersonId: string | null) {
  return (eb: ExpressionBuilder<Database, 'candidates' | 'requisitions'>) => {
    const isSomeoneElse = eb.not(isTheActor(actor));
    if (isHiringStaff(actor)) return isSomeoneElse;
    if (actorPersonId === null) return eb.lit(false);
    const isManagerOrSeated = eb.or([
      eb('requisitions.hiring_manager_id', '=', actorPersonId),
      eb.exists(
        eb
          .selectFrom('loops')
          .innerJoin('loop_seats', 'loop_seats.loop_id', 'loops.id')
          .select('loop_seats.person_id')
          .whereRef('loops.candidate_id', '=', 'candidates.id')
          .where('loop_seats.person_id', '=', actorPersonId),
      ),
    ]);
    return eb.and([isSomeoneElse, isManagerOrSeated]);
  };
}

export async function candidateAccess(db: Db, actor: OrgActor, candidateId: string): Promise<CandidateAccess> {
  const row = await db
    .selectFrom('candidates')
    .innerJoin('requisitions', 'requisitions.id', 'candidates.requisition_id')
    .leftJoin('loops', 'loops.candidate_id', 'candidates.id')
    .select(['candidates.id', 'candidates.name', 'candidates.email', 'candidates.requisition_id', 'candidates.created_at', 'candidates.withdrawn_at', 'candidates.rejected_at', 'candidates.reinstated_at', 'requisitions.role', 'requisitions.level', 'requisitions.hiring_manager_id', 'requisitions.team_id', 'requisitions.role_template', 'requisitions.status', 'requisitions.closed_at', 'loops.id as loop_id', isTheActor(actor).as('is_the_actor')])
    .where('candidates.org_id', '=', actor.orgId)
    .where('candidates.id', '=', candidateId)
    .executeTakeFirst();
  if (!row || row.is_the_actor) throw notFound('Candidate');
  const actorPersonId = await findActorPerson(db, actor);
  let seat: CandidateAccess['seat'] = null;
  if (row.loop_id !== null && actorPersonId !== null) {
    const mine = await db.selectFrom('loop_seats').select('seat').where('loop_id', '=', row.loop_id).where('person_id', '=', actorPersonId).executeTakeFirst();
    seat = mine?.seat ?? null;
  }
  const access: CandidateAccess = {
    candidate: { id: row.id, name: row.name, email: row.email, requisitionId: row.requisition_id, createdAt: new Date(row.created_at), withdrawnAt: row.withdrawn_at === null ? null : new Date(row.withdrawn_at), rejectedAt: row.rejected_at === null ? null : new Date(row.rejected_at), reinstatedAt: row.reinstated_at === null ? null : new Date(row.reinstated_at) },
    requisition: { id: row.requisition_id, role: row.role, level: row.level, hiringManagerId: row.hiring_manager_id, teamId: row.team_id, roleTemplate: row.role_template, status: row.status, closedAt: row.closed_at === null ? null : new Date(row.closed_at) },
    loopId: row.loop_id,
    actorPersonId,
    seat,
    isHiringManager: actorPersonId !== null && actorPersonId === row.hiring_manager_id,
    isHiringStaff: isHiringStaff(actor),
  };
  if (!access.isHiringStaff && !access.isHiringManager && access.seat === null) throw notFound('Candidate');
  return access;
}

/**
 * In a query over `loops`: how many of the loop's interviewers (shadows aside) have not given their feedback yet.
 * Zero means the debrief is open.
 */
export const missingFeedbackOfLoop = sql<number>`(
  select count(*) from loop_seats seat
  left join feedback given on given.loop_id = seat.loop_id and given.person_id = seat.person_id
  where seat.loop_id = loops.id and seat.seat <> 'shadow' and given.person_id is null
)`;

/**
 * In a query over `candidates`: the candidate is still in the process, neither withdrawn nor rejected. A loop of a
 * candidate out of it asks nothing of anyone (no feedback owed, no debrief to run, no interviewer held back).
 */
export const isCandidateInProcess = sql<boolean>`(candidates.withdrawn_at is null and candidates.rejected_at is null)`;

/**
 * In a query over `candidates`: the id of the candidate's latest offer (null without one). A candidate's earlier offers
 * were declined (a revised offer follows only a decline), so the latest is the one that can fill an opening; joining on
 * it keeps one row per candidate.
 */
export const latestOfferId = sql<string | null>`(
  select latest.id from offers latest where latest.candidate_id = candidates.id order by latest.created_at desc, latest.id desc limit 1
)`;

/**
 * In a query joined to `offers`: the offer fills its requisition's opening, awaiting its answer or accepted; a declined
 * one leaves it free (doesOfferFillOpening, in SQL).
 */
export const offerFillsOpening = sql<boolean>`(offers.answer is distinct from 'declined')`;

/**
 * Whether an offer that fills the opening (not declined) was made on the requisition since it last opened
 * (`opened_at`), to anyone but `exceptCandidateId`: such an offer fills its opening (assertOpeningUnfilled, assertCanReinstate). Read under the requisition's lock,
 * which an offer takes too.
 */
export async function hasOfferSinceOpened(db: Db, requisition: { id: string; openedAt: Date | string }, exceptCandidateId?: string): Promise<boolean> {
  let query = db
    .selectFrom('offers')
    .innerJoin('candidates', 'candidates.id', 'offers.candidate_id')
    .select('offers.id')
    .where('candidates.requisition_id', '=', requisition.id)
    .where('offers.created_at', '>=', new Date(requisition.openedAt))
    .where(offerFillsOpening);
  if (exceptCandidateId !== undefined) query = query.where('candidates.id', '<>', exceptCandidateId);
  return (await query.executeTakeFirst()) !== undefined;
}
