import { sql } from 'kysely';
import { normaliseEmail } from '../../domain/accounts/account-rules.js';
import { formatDay } from '../../domain/dates.js';
import { AppError, notFound, ruleViolation } from '../../domain/errors.js';
import { hasInterviewStarted } from '../../domain/hiring/feedback-rules.js';
import type { OfferAnswer } from '../../domain/hiring/offer-rules.js';
import { assertOpeningUnfilled, type RejectionReason } from '../../domain/hiring/rejection-rules.js';
import { findRoleTemplate, isRoleTemplateId, type RoleTemplateId } from '../../domain/hiring/role-templates.js';
import { assertSameContent, fieldsToken } from '../../domain/stale-write.js';
import type { Db } from '../../storage/database.js';
import { recordAuditEvent } from '../audit/audit.service.js';
import { requirePermission, type OrgActor } from '../context.js';
import { assertPersonHere, findActorPerson, holdPeople } from '../people/people.service.js';
import { requireTeamTakingWork } from '../people/org-structure.service.js';
import { isoTimestamp } from '../../storage/timestamps.js';
import { candidatesKnownTo, hasOfferSinceOpened, latestOfferId, missingFeedbackOfLoop, offerFillsOpening } from './candidate-access.js';
import { assertLoopsHoldUnder } from './loops.service.js';

export interface RequisitionView {
  id: string;
  role: string;
  level: number;
  status: 'open' | 'closed';
  /** When it last closed; null while open. Offers after it go only to hires decided before it (offer.requisition_closed). */
  closedAt: string | null;
  team: { id: string; name: string };
  hiringManager: { id: string; name: string };
  /** The role template its loops plan with; null is "General". */
  roleTemplate: { id: string; name: string } | null;
  createdAt: string;
  /** Send it back as `baseToken` with a change (its template, its hiring manager): one made since refuses it (409). */
  editToken: string;
}

/** An offer made since the requisition last opened and not declined: it fills the opening (requisition.opening_filled). */
export interface OpeningOffer {
  candidate: { id: string; name: string };
  madeAt: string;
  /** The candidate's answer: null while awaited, else accepted (a declined offer fills nothing, and is not listed). */
  answer: null | { answer: 'accepted'; answeredOn: string };
}

/** One requisition as its page reads it: with the offers that filled its opening, what comes next once there is one. */
export interface RequisitionDetail extends RequisitionView {
  /**
   * Offers made since it last opened and not declined, to candidates the viewer may know of (the candidateAccess
   * rule), earliest first.
   * Hiring staff and the hiring manager, who close it or add candidates, know of every one; anyone else learns of
   * none they could not read already.
   */
  offersSinceOpened: OpeningOffer[];
  /**
   * An offer made since it last opened was accepted, to anyone: the opening is filled. Said to every reader, who may
   * know of no candidate, since it names nobody (requisitionsFilledByAcceptance).
   */
  hasAcceptedOffer: boolean;
  /** Who the viewer is to it: the hiring manager rejects candidates as recruiters and admins do, without closing it. */
  viewer: { isHiringManager: boolean };
}

/** What a requisition's edits write: its role template and its hiring manager. */
export const requisitionEditToken = (row: { role_template: string | null; hiring_manager_id: string }) => fieldsToken([row.role_template, row.hiring_manager_id]);

export interface CandidateSummary {
  id: string;
  name: string;
  email: string;
  requisitionId: string;
  /** `scheduled`: in a loop whose interview is still to come (no feedback is taken yet), as the stage counts say. */
  loopStatus: 'no_loop' | 'scheduled' | 'feedback' | 'debrief' | 'decided';
  decision: 'hire' | 'no_hire' | null;
  hasOffer: boolean;
  /** The candidate's answer to their offer; null without an offer or while it is awaited. */
  offerAnswer: OfferAnswer | null;
  /** When they withdrew; null while still in the process. */
  withdrawnAt: string | null;
  /** When and why the hiring side rejected them; null unless rejected. */
  rejection: { rejectedAt: string; reason: RejectionReason } | null;
}

function requisitionQuery(db: Db, orgId: string) {
  return db
    .selectFrom('requisitions')
    .innerJoin('teams', 'teams.id', 'requisitions.team_id')
    .innerJoin('people', 'people.id', 'requisitions.hiring_manager_id')
    .select(['requisitions.id', 'requisitions.role', 'requisitions.level', 'requisitions.status', 'requisitions.closed_at', 'requisitions.role_template', 'requisitions.created_at', 'teams.id as team_id', 'teams.name as team_name', 'people.id as hm_id', 'people.name as hm_name'])
    .where('requisitions.org_id', '=', orgId);
}

function toView(row: Awaited<ReturnType<ReturnType<typeof requisitionQuery>['executeTakeFirstOrThrow']>>): RequisitionView {
  const template = findRoleTemplate(row.role_template);
  return { id: row.id, role: row.role, level: row.level, status: row.status, closedAt: isoTimestamp(row.closed_at), team: { id: row.team_id, name: row.team_name }, hiringManager: { id: row.hm_id, name: row.hm_name }, roleTemplate: template && { id: template.id, name: template.name }, createdAt: new Date(row.created_at).toISOString(), editToken: requisitionEditToken({ role_template: row.role_template, hiring_manager_id: row.hm_id }) };
}

/** Where a requisition's candidates stand: each candidate counts once, at the furthest step they reached. */
export const CANDIDATE_STAGES = ['noLoop', 'scheduled', 'feedback', 'debrief', 'decided', 'offer', 'withdrawn', 'rejected'] as const;
export type CandidateStage = (typeof CANDIDATE_STAGES)[number];

export interface RequisitionListItem extends RequisitionView {
  /** Counts of the candidates the viewer may know of (the candidateAccess rule), by stage. */
  stageCounts: Record<CandidateStage, number>;
  /**
   * Whether an offer made since it last opened, not declined, to a candidate the viewer may know of, fills its opening
   * (requisition.opening_filled): what the detail's `offersSinceOpened` lists, so nobody learns here of a candidate
   * they could not read there.
   */
  isOpeningFilled: boolean;
}

const noStageCounts = () => Object.fromEntries(CANDIDATE_STAGES.map((stage) => [stage, 0])) as Record<CandidateStage, number>;

/** Requisitions are not confidential (they are the org's open roles); their candidates are. */
export async function listRequisitions(db: Db, actor: OrgActor, now = new Date()): Promise<RequisitionListItem[]> {
  requirePermission(actor, 'hiring.read');
  const [rows, { counts, filled }, accepted] = await Promise.all([requisitionQuery(db, actor.orgId).orderBy('requisitions.created_at', 'desc').execute(), stageCountsByRequisition(db, actor, now), requisitionsFilledByAcceptance(db, actor.orgId)]);
  return rows.map((row) => ({ ...toView(row), stageCounts: counts.get(row.id) ?? noStageCounts(), isOpeningFilled: filled.has(row.id) || accepted.has(row.id) }));
}

/**
 * The org's requisitions (or the one asked) whose opening an accepted offer made since it last opened filled, whoever
 * the candidate. Unlike a pending offer, which the candidate may still decline and which is theirs to keep quiet, an
 * accepted one makes the role taken, a fact about the requisition that anyone reading it may know: it names nobody,
 * so candidates stay confidential (candidateAccess), and the page stops showing a filled role as open and unfilled.
 */
async function requisitionsFilledByAcceptance(db: Db, orgId: string, requisitionId?: string): Promise<Set<string>> {
  let query = db
    .selectFrom('offers')
    .innerJoin('candidates', 'candidates.id', 'offers.candidate_id')
    .innerJoin('requisitions', 'requisitions.id', 'candidates.requisition_id')
    .select('requisitions.id')
    .distinct()
    .where('requisitions.org_id', '=', orgId)
    .where('offers.answer', '=', 'accepted')
    .whereRef('offers.created_at', '>=', 'requisitions.opened_at');
  if (requisitionId !== undefined) query = query.where('requisitions.id', '=', requisitionId);
  return new Set((await query.execute()).map((row) => row.id));
}

/**
 * The org's candidates the viewer may know of (hiring staff, the requisition's hiring manager, or a seat in the
 * candidate's loop: the candidateAccess rule), with their requisition, loop and offer: what a candidate's stage reads.
 */
function candidatesWithLoops(db: Db, actor: OrgActor, actorPersonId: string | null) {
  return db
    .selectFrom('candidates')
    .innerJoin('requisitions', 'requisitions.id', 'candidates.requisition_id')
    .leftJoin('loops', 'loops.candidate_id', 'candidates.id')
    // The latest offer only: the earlier ones were declined, and a candidate stays one row.
    .leftJoin('offers', (join) => join.on('offers.id', '=', latestOfferId))
    .where('candidates.org_id', '=', actor.orgId)
    .where(candidatesKnownTo(actor, actorPersonId));
}

/**
 * One query for every requisition of the org (a recruiter's list has dozens): each candidate's stage, counted by
 * requisition. Only candidates the viewer may know of are counted, so a count never hints at a loop they are not in.
 */
async function stageCountsByRequisition(db: Db, actor: OrgActor, now: Date): Promise<{ counts: Map<string, Record<CandidateStage, number>>; filled: Set<string> }> {
  const staged = candidatesWithLoops(db, actor, await findActorPerson(db, actor))
    .select([
      'candidates.requisition_id',
      // The same stages the candidate list shows (listCandidates): withdrawn, rejected and offered first, as they end the loop.
      sql<CandidateStage>`case
        when candidates.withdrawn_at is not null then 'withdrawn'
        when candidates.rejected_at is not null then 'rejected'
        when offers.id is not null then 'offer'
        when loops.id is null then 'noLoop'
        when loops.decision is not null then 'decided'
        when loops.interview_at > ${now} then 'scheduled'
        when ${missingFeedbackOfLoop} = 0 then 'debrief'
        else 'feedback' end`.as('stage'),
      // The same offers as the detail's offersSinceOpened: since the requisition last opened, not declined.
      sql<boolean>`(offers.id is not null and offers.created_at >= requisitions.opened_at and ${offerFillsOpening})`.as('fills_opening'),
    ]);
  const rows = await db
    .selectFrom(staged.as('staged'))
    .select(['staged.requisition_id', 'staged.stage', sql<number>`count(*)`.as('count'), sql<boolean>`bool_or(staged.fills_opening)`.as('fills_opening')])
    .groupBy(['staged.requisition_id', 'staged.stage'])
    .execute();
  const counts = new Map<string, Record<CandidateStage, number>>();
  const filled = new Set<string>();
  for (const row of rows) {
    const entry = counts.get(row.requisition_id) ?? noStageCounts();
    entry[row.stage] = Number(row.count);
    counts.set(row.requisition_id, entry);
    if (row.fills_opening) filled.add(row.requisition_id);
  }
  return { counts, filled };
}

/** The requisitions of the teams that work on an initiative: who it is hiring, on its record (roles, not candidates). */
export async function listInitiativeRequisitions(db: Db, actor: OrgActor, initiativeId: string): Promise<RequisitionView[]> {
  requirePermission(actor, 'hiring.read');
  return (await requisitionQuery(db, actor.orgId).where('teams.initiative_id', '=', initiativeId).orderBy('requisitions.status', 'desc').orderBy('requisitions.created_at', 'desc').execute()).map(toView);
}

export async function getRequisition(db: Db, actor: OrgActor, requisitionId: string): Promise<RequisitionDetail> {
  requirePermission(actor, 'hiring.read');
  const row = await requisitionQuery(db, actor.orgId).where('requisitions.id', '=', requisitionId).executeTakeFirst();
  if (!row) throw notFound('Requisition');
  const actorPersonId = await findActorPerson(db, actor);
  const offers = await candidatesWithLoops(db, actor, actorPersonId)
    .select(['candidates.id', 'candidates.name', 'offers.created_at', 'offers.answer', 'offers.answered_on'])
    .where('candidates.requisition_id', '=', requisitionId)
    .whereRef('offers.created_at', '>=', 'requisitions.opened_at')
    .where(offerFillsOpening)
    .orderBy('offers.created_at')
    .execute();
  // The comparison leaves out candidates without an offer (a null date); the left join still types it nullable.
  const offersSinceOpened = offers.flatMap((offer): OpeningOffer[] =>
    offer.created_at === null ? [] : [{ candidate: { id: offer.id, name: offer.name }, madeAt: new Date(offer.created_at).toISOString(), answer: offer.answer === 'accepted' && offer.answered_on !== null ? { answer: 'accepted', answeredOn: offer.answered_on } : null }],
  );
  const hasAcceptedOffer = (await requisitionsFilledByAcceptance(db, actor.orgId, requisitionId)).has(requisitionId);
  return { ...toView(row), offersSinceOpened, hasAcceptedOffer, viewer: { isHiringManager: actorPersonId !== null && actorPersonId === row.hm_id } };
}

/** `now` dates its opening (the demo's roles opened weeks before their interviews); without it, the database's clock. */
export async function createRequisition(db: Db, actor: OrgActor, input: { role: string; level: number; teamId: string; hiringManagerId: string; roleTemplate?: RoleTemplateId | null | undefined }, now?: Date): Promise<RequisitionDetail> {
  requirePermission(actor, 'hiring.manage');
  const roleTemplate = input.roleTemplate ?? null;
  // The HTTP schema refuses an unknown template already; this guards the other callers (CLI, demo).
  if (roleTemplate !== null && !isRoleTemplateId(roleTemplate)) throw new AppError('validation_failed', 'roleTemplate: no such role template.', { field: 'roleTemplate' });
  const id = await db.transaction().execute(async (trx) => {
    await requireTeamTakingWork(trx, actor.orgId, input.teamId, 'teamId', 'take requisitions');
    await assertPersonHere(trx, actor.orgId, input.hiringManagerId, 'hiringManagerId');
    const row = await trx.insertInto('requisitions').values({ org_id: actor.orgId, role: input.role.trim(), level: input.level, team_id: input.teamId, hiring_manager_id: input.hiringManagerId, role_template: roleTemplate, ...(now === undefined ? {} : { created_at: now, opened_at: now }) }).returning('id').executeTakeFirstOrThrow();
    await recordAuditEvent(trx, { at: now, orgId: actor.orgId, actorUserId: actor.userId, action: 'requisition.created', subjectType: 'requisition', subjectId: row.id, data: { role: input.role.trim(), level: input.level, roleTemplate } });
    return row.id;
  });
  return getRequisition(db, actor, id);
}

/**
 * The candidates of a requisition that the actor may know of: all of them for recruiters, admins and
 * the hiring manager; only those whose loop they sit in for anyone else.
 */
export async function listCandidates(db: Db, actor: OrgActor, requisitionId: string, now = new Date()): Promise<CandidateSummary[]> {
  await getRequisition(db, actor, requisitionId);
  const rows = await candidatesWithLoops(db, actor, await findActorPerson(db, actor))
    .select([
      'candidates.id',
      'candidates.name',
      'candidates.email',
      'candidates.requisition_id',
      'candidates.withdrawn_at',
      'candidates.rejected_at',
      'candidates.rejection_reason',
      'loops.id as loop_id',
      'loops.decision',
      'loops.interview_at',
      'offers.id as offer_id',
      'offers.answer as offer_answer',
      missingFeedbackOfLoop.as('missing_feedback'),
    ])
    .where('candidates.requisition_id', '=', requisitionId)
    .orderBy('candidates.created_at')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    email: row.email,
    requisitionId: row.requisition_id,
    loopStatus:
      row.loop_id === null ? 'no_loop'
        : row.decision !== null ? 'decided'
          : row.interview_at !== null && !hasInterviewStarted(new Date(row.interview_at), now) ? 'scheduled'
            : Number(row.missing_feedback ?? 0) === 0 ? 'debrief' : 'feedback',
    decision: row.decision,
    hasOffer: row.offer_id !== null,
    offerAnswer: row.offer_answer,
    withdrawnAt: isoTimestamp(row.withdrawn_at),
    rejection: row.rejected_at === null || row.rejection_reason === null ? null : { rejectedAt: new Date(row.rejected_at).toISOString(), reason: row.rejection_reason },
  }));
}

/**
 * Changes the role template of an open requisition, until its first loop is set up: a loop is planned with the
 * template's principles and each interviewer is shown its questions, so changing it under a running loop would
 * change what the interviewers were asked to probe.
 */
export async function setRequisitionTemplate(db: Db, actor: OrgActor, requisitionId: string, roleTemplate: RoleTemplateId | null, baseToken?: string): Promise<RequisitionDetail> {
  requirePermission(actor, 'hiring.manage');
  if (roleTemplate !== null && !isRoleTemplateId(roleTemplate)) throw new AppError('validation_failed', 'roleTemplate: no such role template.', { field: 'roleTemplate' });
  await db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('requisitions').select(['status', 'role_template', 'hiring_manager_id']).where('org_id', '=', actor.orgId).where('id', '=', requisitionId).forUpdate().executeTakeFirst();
    if (!row) throw notFound('Requisition');
    if (row.status === 'closed') throw ruleViolation('requisition.open', 'This requisition is closed: its template stays as it was.');
    assertSameContent(requisitionEditToken(row), baseToken, 'requisition', 'baseToken');
    if (row.role_template === roleTemplate) return;
    const loop = await trx.selectFrom('loops').innerJoin('candidates', 'candidates.id', 'loops.candidate_id').select('loops.id').where('loops.org_id', '=', actor.orgId).where('candidates.requisition_id', '=', requisitionId).executeTakeFirst();
    if (loop) {
      throw ruleViolation('requisition.template_locked', 'A loop of this requisition is set up with its template: interviewers were asked to probe its principles. Keep the template, or open a new requisition.');
    }
    await trx.updateTable('requisitions').set({ role_template: roleTemplate }).where('id', '=', requisitionId).execute();
    await recordAuditEvent(trx, { orgId: actor.orgId, actorUserId: actor.userId, action: 'requisition.template_changed', subjectType: 'requisition', subjectId: requisitionId, data: { from: row.role_template, to: roleTemplate } });
  });
  return getRequisition(db, actor, requisitionId);
}

/**
 * Closes a filled or cancelled requisition: it keeps its candidates, and takes no new candidates or loops. Loops
 * already set up may finish (feedback and the debrief), but an offer goes only to a hire decided before the close
 * (assertOfferOwedAfterClose), so the close is timed.
 */
export async function closeRequisition(db: Db, actor: OrgActor, requisitionId: string, now = new Date()): Promise<RequisitionDetail> {
  requirePermission(actor, 'hiring.manage');
  await db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('requisitions').select('status').where('org_id', '=', actor.orgId).where('id', '=', requisitionId).forUpdate().executeTakeFirst();
    if (!row) throw notFound('Requisition');
    if (row.status === 'closed') return;
    await trx.updateTable('requisitions').set({ status: 'closed', closed_at: now }).where('id', '=', requisitionId).execute();
    await recordAuditEvent(trx, { at: now, orgId: actor.orgId, actorUserId: actor.userId, action: 'requisition.closed', subjectType: 'requisition', subjectId: requisitionId, data: {} });
  });
  return getRequisition(db, actor, requisitionId);
}

/**
 * Reopens a closed requisition (the hire fell through, or the team gets a second seat): it takes candidates, loops
 * and offers again, a hire decided while it was closed included; an offer made before the reopen filled the earlier
 * opening (`opened_at`). Its hiring manager must be here: a departure is refused for the hiring manager of an open
 * requisition, and reopening must not get round that. When they have left (or the role moves to someone else),
 * the reopen names a new hiring manager, checked as for a new requisition and as a hand-over checks its loops.
 */
export async function reopenRequisition(db: Db, actor: OrgActor, requisitionId: string, input: { hiringManagerId?: string | undefined } = {}): Promise<RequisitionDetail> {
  requirePermission(actor, 'hiring.manage');
  await db.transaction().execute(async (trx) => {
    const found = await trx.selectFrom('requisitions').select('hiring_manager_id').where('org_id', '=', actor.orgId).where('id', '=', requisitionId).executeTakeFirst();
    if (!found) throw notFound('Requisition');
    // The hiring managers' rows first, in a departure's order (person, then their items): a departure under way
    // either came first (and they are seen as gone) or waits until the requisition is open and then refuses.
    await holdPeople(trx, actor.orgId, [found.hiring_manager_id, ...(input.hiringManagerId === undefined ? [] : [input.hiringManagerId])]);
    const row = await trx.selectFrom('requisitions').select(['status', 'hiring_manager_id', 'team_id']).where('id', '=', requisitionId).forUpdate().executeTakeFirstOrThrow();
    if (row.status === 'open') {
      // Already open (reopened meanwhile, in another tab): a new hiring manager is then a hand-over, not a reopen.
      if (input.hiringManagerId !== undefined && input.hiringManagerId !== row.hiring_manager_id) throw new AppError('rule_violation', 'This requisition is open already: hand it to a new hiring manager instead.', { rule: 'requisition.closed', field: 'hiringManagerId' });
      return;
    }
    // An archived team hires no more: reopening its requisition would give it an open role behind the archive's back.
    await requireTeamTakingWork(trx, actor.orgId, row.team_id, 'requisitionId', 'take requisitions');
    const hiringManagerId = input.hiringManagerId ?? row.hiring_manager_id;
    if (hiringManagerId === row.hiring_manager_id) {
      const manager = await trx.selectFrom('people').select(['name', 'left_on']).where('id', '=', row.hiring_manager_id).executeTakeFirstOrThrow();
      if (manager.left_on !== null) {
        throw new AppError('rule_violation', `${manager.name}, its hiring manager, left the company on ${formatDay(manager.left_on)}: name a new hiring manager who is here to reopen it.`, { rule: 'requisition.hiring_manager_here', field: 'hiringManagerId' });
      }
    } else {
      await assertPersonHere(trx, actor.orgId, hiringManagerId, 'hiringManagerId');
      await assertLoopsHoldUnder(trx, actor.orgId, { id: requisitionId, teamId: row.team_id }, hiringManagerId);
    }
    const now = new Date();
    await trx.updateTable('requisitions').set({ status: 'open', closed_at: null, opened_at: now, hiring_manager_id: hiringManagerId }).where('id', '=', requisitionId).execute();
    await recordAuditEvent(trx, { at: now, orgId: actor.orgId, actorUserId: actor.userId, action: 'requisition.reopened', subjectType: 'requisition', subjectId: requisitionId, data: hiringManagerId === row.hiring_manager_id ? {} : { hiringManager: { from: row.hiring_manager_id, to: hiringManagerId } } });
    if (hiringManagerId !== row.hiring_manager_id) {
      await recordAuditEvent(trx, { at: now, orgId: actor.orgId, actorUserId: actor.userId, action: 'requisition.hiring_manager_changed', subjectType: 'requisition', subjectId: requisitionId, data: { from: row.hiring_manager_id, to: hiringManagerId } });
    }
  });
  return getRequisition(db, actor, requisitionId);
}

/** `now` dates the candidate's record (the demo's candidates applied before their loops); without it, the database's clock. */
export async function createCandidate(db: Db, actor: OrgActor, requisitionId: string, input: { name: string; email: string }, now?: Date): Promise<{ id: string }> {
  requirePermission(actor, 'hiring.manage');
  const requisition = await getRequisition(db, actor, requisitionId);
  if (requisition.status === 'closed') throw ruleViolation('requisition.open', 'This requisition is closed: it takes no new candidates.');
  const email = normaliseEmail(input.email);
  return db.transaction().execute(async (trx) => {
    // One record per person per requisition: a second would start a second loop (and a second decision) for them.
    const locked = await trx.selectFrom('requisitions').select(['status', 'opened_at']).where('id', '=', requisitionId).forUpdate().executeTakeFirstOrThrow();
    // Read again under the lock: a close that landed since the check above would otherwise let this one in.
    if (locked.status === 'closed') throw ruleViolation('requisition.open', 'This requisition is closed: it takes no new candidates.');
    // Under the lock an offer takes too: an offer made as this candidate is added is seen.
    assertOpeningUnfilled(await hasOfferSinceOpened(trx, { id: requisitionId, openedAt: locked.opened_at }), 'candidate');
    const same = await trx.selectFrom('candidates').select('name').where('org_id', '=', actor.orgId).where('requisition_id', '=', requisitionId).where('email', '=', email).executeTakeFirst();
    if (same) throw new AppError('conflict', `${same.name} (${email}) is already a candidate for this requisition.`, { field: 'email' });
    const row = await trx.insertInto('candidates').values({ org_id: actor.orgId, requisition_id: requisitionId, name: input.name.trim(), email, ...(now === undefined ? {} : { created_at: now }) }).returning('id').executeTakeFirstOrThrow();
    // The audit row names no candidate: the audit log is read by admins, but it outlives the confidentiality need.
    await recordAuditEvent(trx, { at: now, orgId: actor.orgId, actorUserId: actor.userId, action: 'candidate.created', subjectType: 'candidate', subjectId: row.id, data: { requisitionId } });
    return { id: row.id };
  });
}
