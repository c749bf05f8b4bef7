import { sql } from 'kysely';
import { can } from '../../domain/accounts/roles.js';
import { AppError, ruleViolation } from '../../domain/errors.js';
import { assertCanDecide, assertNoRecentVeto, assertNotWithdrawn, assertOfferAllowed, assertOfferOwedAfterClose, averageOf, findRecentVeto, standingAmong, type DebriefDecisionInput, type Standing } from '../../domain/hiring/debrief-rules.js';
import { assertCanKeyIn, assertInterviewHeld, canReadOthersFeedback, FEEDBACK_DUE_HOURS, feedbackDueAt, hasInterviewStarted, isDebriefOpen, isFeedbackOverdue, normaliseFeedback, tallyVotes, type PrincipleRating, type Vote, type VoteTally } from '../../domain/hiring/feedback-rules.js';
import {
  assertLoopComposition, assertOutsideHiringTeam, assertOutsideReportingChain, assignPrinciples, coverageWarnings, suggestBarRaiser,
  type HiringTeam, type LoopPlanWarning, type LoopSeatInput, type PoolMember,
} from '../../domain/hiring/loop-rules.js';
import { interviewSeatEmail } from '../../domain/mail/outbox-emails.js';
import { assertCanAnswerOffer, assertCanMakeOffer, type OfferAnswer, type OfferState } from '../../domain/hiring/offer-rules.js';
import { assertCanReinstate, assertCanReject, assertCanWithdraw, assertNotRejected, assertOpeningUnfilled, type RejectionReason } from '../../domain/hiring/rejection-rules.js';
import { findRoleTemplate, orderPrinciplesForTemplate, promptFor, type RoleTemplate } from '../../domain/hiring/role-templates.js';
import { isThinReview } from '../../domain/reviews/review-rules.js';
import { assertSameContent } from '../../domain/stale-write.js';
import type { Db } from '../../storage/database.js';
import type { PrincipleRef } from '../../storage/schema.js';
import { isoTimestamp } from '../../storage/timestamps.js';
import { recordAuditEvent } from '../audit/audit.service.js';
import { requirePermission, type OrgActor } from '../context.js';
import { appLink, queueEmail, type EmailSettings } from '../mail/outbox.service.js';
import { assertPersonHere, findActorPerson, holdPerson, loadReportingLines } from '../people/people.service.js';
import { loadPool } from './bar-raiser-pool.service.js';
import { candidateAccess, candidatesKnownTo, hasOfferSinceOpened, isCandidateInProcess, missingFeedbackOfLoop, type CandidateAccess } from './candidate-access.js';
import { latestReminders, reminderKey, type ReminderView } from './feedback-reminders.service.js';
import { getRequisition, requisitionEditToken } from './requisitions.service.js';

interface ActivePrinciple {
  id: string;
  title: string;
  version: number;
  slug: string | null;
}

async function activePrinciples(db: Db, orgId: string): Promise<ActivePrinciple[]> {
  return db
    .selectFrom('principles')
    .innerJoin('principle_versions', (join) => join.onRef('principle_versions.principle_id', '=', 'principles.id').onRef('principle_versions.version', '=', 'principles.current_version'))
    .select(['principles.id', 'principle_versions.title', 'principles.current_version as version', 'principles.slug'])
    .where('principles.org_id', '=', orgId)
    .where('principles.status', '=', 'active')
    .orderBy('principles.position')
    .execute();
}

/** Titles of principles as worded at the recorded version, so old loops read as they were written. */
async function principleTitles(db: Db, orgId: string, refs: readonly PrincipleRef[]): Promise<Map<string, string>> {
  if (refs.length === 0) return new Map();
  const rows = await db
    .selectFrom('principle_versions')
    .select(['principle_id', 'version', 'title'])
    .where('org_id', '=', orgId)
    .where((eb) => eb.or(refs.map((ref) => eb.and([eb('principle_id', '=', ref.principleId), eb('version', '=', ref.version)]))))
    .execute();
  return new Map(rows.map((row) => [`${row.principle_id}@${row.version}`, row.title]));
}

/** The principles a role template names, among the org's active ones, in the template's order, with their prompts. */
function templatePrompts(template: RoleTemplate | null, principles: readonly ActivePrinciple[]): RolePromptView[] {
  return orderPrinciplesForTemplate(principles, template).flatMap((principle) => {
    const prompt = promptFor(template, principle.slug);
    return prompt ? [{ principleId: principle.id, question: prompt.question, strongEvidence: prompt.strongEvidence }] : [];
  });
}

function coverageTemplate(template: RoleTemplate | null, prompts: readonly RolePromptView[]) {
  return template && { name: template.name, principleIds: new Set(prompts.map((prompt) => prompt.principleId)) };
}

export interface RolePromptView {
  principleId: string;
  question: string;
  strongEvidence: string;
}

export interface LoopPlan {
  seats: { personId: string; principleIds: string[] }[];
  roleTemplate: { id: string; name: string } | null;
  prompts: RolePromptView[];
  warnings: LoopPlanWarning[];
  suggestedBarRaiser: PoolMember | null;
}

/** The planner: principles spread over the chosen interviewers, coverage warnings, and a bar raiser to ask. */
export async function planLoop(db: Db, actor: OrgActor, requisitionId: string, interviewerIds: readonly string[], now: Date): Promise<LoopPlan> {
  requirePermission(actor, 'hiring.manage');
  const requisition = await getRequisition(db, actor, requisitionId);
  const [principles, pool] = await Promise.all([activePrinciples(db, actor.orgId), loadPool(db, actor.orgId, now)]);
  const [reportingLinesOf, hiringTeam] = await Promise.all([
    loadReportingLines(db, actor.orgId, [requisition.hiringManager.id, ...interviewerIds, ...pool.map((member) => member.personId)]),
    loadHiringTeam(db, actor.orgId, requisition.team.id),
  ]);
  for (const id of interviewerIds) if (!reportingLinesOf.has(id)) throw new AppError('validation_failed', 'interviewerIds: someone is not a person in this org.', { field: 'interviewerIds' });
  const suggestedBarRaiser = suggestBarRaiser(pool, requisition.hiringManager.id, reportingLinesOf, hiringTeam, new Set(interviewerIds));
  const everyone = suggestedBarRaiser ? [...interviewerIds, suggestedBarRaiser.personId] : [...interviewerIds];
  // A role template's principles go first, so they are spread over the interviewers before any other.
  const template = findRoleTemplate(requisition.roleTemplate?.id ?? null);
  const ordered = orderPrinciplesForTemplate(principles, template);
  const prompts = templatePrompts(template, principles);
  const assignment = assignPrinciples(everyone, ordered, 2);
  const seats = everyone.map((personId) => ({ personId, principleIds: assignment.get(personId) ?? [] }));
  const warnings = coverageWarnings(seats.map((seat) => ({ ...seat, seat: 'interviewer' as const })), ordered, coverageTemplate(template, prompts));
  return { seats, roleTemplate: requisition.roleTemplate, prompts, warnings, suggestedBarRaiser };
}

export interface LoopInput {
  interviewAt: Date;
  seats: readonly LoopSeatInput[];
}

/**
 * `now` dates when the loop was set up (the demo's loops before their interviews); without it, the database's clock.
 * With email on, each interviewer with a login is told of their seat in the same transaction.
 */
export async function createLoop(db: Db, actor: OrgActor, candidateId: string, input: LoopInput, now?: Date, email: EmailSettings | null = null): Promise<{ warnings: LoopPlanWarning[] }> {
  // Access first: someone who may not know of the candidate gets 404, not a hint that it exists.
  const access = await candidateAccess(db, actor, candidateId);
  requirePermission(actor, 'hiring.manage');
  return db.transaction().execute(async (trx) => {
    // The candidate's row is the lock: two requests setting up the first loop at once find no loop row to lock.
    const candidate = await trx.selectFrom('candidates').select(['withdrawn_at', 'rejected_at']).where('id', '=', candidateId).forUpdate().executeTakeFirstOrThrow();
    assertNotWithdrawn(candidate.withdrawn_at === null ? null : new Date(candidate.withdrawn_at));
    assertNotRejected(candidate.rejected_at === null ? null : new Date(candidate.rejected_at));
    // For update, as a close and an offer take it: a loop set up as the requisition closes, or as an
    // offer fills its opening, sees the close or the offer.
    const requisition = await trx.selectFrom('requisitions').select(['status', 'opened_at']).where('id', '=', access.requisition.id).forUpdate().executeTakeFirstOrThrow();
    if (requisition.status === 'closed') throw ruleViolation('requisition.open', 'This requisition is closed: it takes no new interview loops. Reopen it to interview this candidate.');
    assertOpeningUnfilled(await hasOfferSinceOpened(trx, { id: access.requisition.id, openedAt: requisition.opened_at }), 'loop');
    const existing = await trx.selectFrom('loops').select('id').where('org_id', '=', actor.orgId).where('candidate_id', '=', candidateId).executeTakeFirst();
    if (existing) throw ruleViolation('loop.one_per_candidate', 'This candidate already has a loop.');
    const principles = await activePrinciples(trx, actor.orgId);
    await assertLoopRules(trx, actor.orgId, input.seats, { ...access.requisition, principleIds: principles.map((principle) => principle.id) }, access.candidate.email, 'interviewers');
    const versionOf = new Map(principles.map((principle) => [principle.id, principle.version]));
    const loop = await trx.insertInto('loops').values({ org_id: actor.orgId, candidate_id: candidateId, interview_at: input.interviewAt, ...(now === undefined ? {} : { created_at: now }) }).returning('id').executeTakeFirstOrThrow();
    await trx
      .insertInto('loop_seats')
      .values(input.seats.map((seat, position) => ({ loop_id: loop.id, org_id: actor.orgId, person_id: seat.personId, seat: seat.seat, position, principles: JSON.stringify(seat.principleIds.map((principleId) => ({ principleId, version: versionOf.get(principleId)! }))) })))
      .execute();
    const barRaiser = input.seats.find((seat) => seat.seat === 'bar_raiser')!;
    await recordAuditEvent(trx, { at: now, orgId: actor.orgId, actorUserId: actor.userId, action: 'loop.created', subjectType: 'candidate', subjectId: candidateId, data: { loopId: loop.id, barRaiserId: barRaiser.personId, interviewers: input.seats.length } });
    await queueSeatEmails(trx, actor, access, loop.id, input.seats, email, now ?? new Date());
    const template = findRoleTemplate(access.requisition.roleTemplate);
    return { warnings: coverageWarnings(input.seats, orderPrinciplesForTemplate(principles, template), coverageTemplate(template, templatePrompts(template, principles))) };
  });
}

/**
 * With email on, tells each person given a seat (decision 023), in the transaction that seats them: the role, their
 * part, the interview's time and a link to the loop, never the candidate's name. Someone without a login gets no email
 * (the org chart's address is not one they confirmed; their seat shows in Pulse once they join), nor does the person
 * who seated themself.
 */
async function queueSeatEmails(trx: Db, actor: OrgActor, access: CandidateAccess, loopId: string, seats: ReadonlyArray<{ personId: string; seat: LoopSeatInput['seat'] }>, email: EmailSettings | null, now: Date): Promise<void> {
  const seatOf = new Map(seats.filter((seat) => seat.personId !== access.actorPersonId).map((seat) => [seat.personId, seat.seat]));
  if (email === null || seatOf.size === 0) return;
  const recipients = await trx
    .selectFrom('people')
    .innerJoin('users', 'users.id', 'people.user_id')
    .select(['people.id', 'people.name', 'users.email'])
    .where('people.org_id', '=', actor.orgId)
    .where('people.id', 'in', [...seatOf.keys()])
    .where('people.user_id', '!=', actor.userId)
    .orderBy('users.email')
    .execute();
  if (recipients.length === 0) return;
  const loop = await trx.selectFrom('loops').select('interview_at').where('id', '=', loopId).executeTakeFirstOrThrow();
  const candidate = await trx.selectFrom('candidates').select('reinstated_at').where('id', '=', access.candidate.id).executeTakeFirstOrThrow();
  const assigner = await trx.selectFrom('users').select('name').where('id', '=', actor.userId).executeTakeFirstOrThrow();
  const org = await trx.selectFrom('orgs').select('name').where('id', '=', actor.orgId).executeTakeFirstOrThrow();
  const interviewAt = new Date(loop.interview_at);
  const dueAt = feedbackDueAt(interviewAt, candidate.reinstated_at === null ? null : new Date(candidate.reinstated_at));
  // The loop's page: the same link the late-scorecard reminder gives, where Pulse checks who may see the candidate.
  const url = appLink(email, `/o/${actor.orgId}/hiring/${access.requisition.id}?candidate=${access.candidate.id}`);
  for (const recipient of recipients) {
    const content = interviewSeatEmail({ orgName: org.name, interviewerName: recipient.name, assignerName: assigner.name, role: access.requisition.role, seat: seatOf.get(recipient.id)!, interviewAt, feedbackDueAt: dueAt, url });
    await queueEmail(trx, { orgId: actor.orgId, kind: 'interview_seat', recipient: recipient.email, content, now });
  }
}

/**
 * The loop rules on a set of seats, read from the org as it is now: everyone a person still here and not the candidate
 * (by email, on the org chart or their login), the composition, and a bar raiser who is certified, has a login and
 * sits outside the hiring manager's chain and team. Setting up a loop and replacing one of its seats ask the same.
 */
async function assertLoopRules(trx: Db, orgId: string, seats: readonly LoopSeatInput[], requisition: { hiringManagerId: string; teamId: string; principleIds: readonly string[] }, candidateEmail: string, field: string): Promise<void> {
  const pool = await trx.selectFrom('bar_raisers').select(['person_id', 'status']).where('org_id', '=', orgId).execute();
  const reportingLinesOf = await loadReportingLines(trx, orgId, [requisition.hiringManagerId, ...seats.map((seat) => seat.personId)]);
  for (const seat of seats) if (!reportingLinesOf.has(seat.personId)) throw new AppError('validation_failed', `${field}: someone is not a person in this org.`, { field });
  for (const seat of seats) await assertPersonHere(trx, orgId, seat.personId, field);
  const seated = await trx
    .selectFrom('people')
    .leftJoin('users', 'users.id', 'people.user_id')
    .select(['people.id', 'people.user_id', 'people.email', 'users.email as login_email'])
    .where('people.org_id', '=', orgId)
    .where('people.id', 'in', seats.map((seat) => seat.personId))
    .execute();
  const isTheCandidate = (email: string | null) => email !== null && email.trim().toLowerCase() === candidateEmail.toLowerCase();
  assertLoopComposition(seats, {
    peopleWithLogin: new Set(seated.filter((row) => row.user_id !== null).map((row) => row.id)),
    candidatePersonIds: new Set(seated.filter((row) => isTheCandidate(row.email) || isTheCandidate(row.login_email)).map((row) => row.id)),
    hiringManagerId: requisition.hiringManagerId,
    reportingLinesOf,
    hiringTeam: await loadHiringTeam(trx, orgId, requisition.teamId),
    barRaiserStatusOf: new Map(pool.map((row) => [row.person_id, row.status])),
    activePrincipleIds: new Set(requisition.principleIds),
  });
}

/** A loop's seats as the loop rules read them. */
async function loopSeatInputs(trx: Db, loopId: string): Promise<LoopSeatInput[]> {
  const rows = await trx.selectFrom('loop_seats').select(['person_id', 'seat', 'principles']).where('loop_id', '=', loopId).orderBy('position').execute();
  return rows.map((row) => ({ personId: row.person_id, seat: row.seat, principleIds: row.principles.map((ref) => ref.principleId) }));
}

/**
 * Gives an interviewer's seat to someone else (they left, or cannot make it), before that seat's feedback is in and
 * before the debrief decides. The newcomer probes the same principles, and the loop must still pass every loop rule.
 */
export async function replaceLoopSeat(db: Db, actor: OrgActor, candidateId: string, personId: string, replacementId: string, email: EmailSettings | null = null): Promise<void> {
  const access = await candidateAccess(db, actor, candidateId);
  requirePermission(actor, 'hiring.manage');
  const loopId = requireLoop(access);
  await db.transaction().execute(async (trx) => {
    const loop = await trx.selectFrom('loops').select('decision').where('id', '=', loopId).forUpdate().executeTakeFirstOrThrow();
    await assertCandidateInProcess(trx, candidateId);
    if (loop.decision !== null) throw ruleViolation('loop.undecided', 'The debrief has decided: the loop stays as it was.');
    const seats = await loopSeatInputs(trx, loopId);
    const seat = seats.find((entry) => entry.personId === personId);
    if (!seat) throw new AppError('not_found', 'That person has no seat in this loop.', { field: 'personId' });
    const given = await trx.selectFrom('feedback').select('person_id').where('loop_id', '=', loopId).where('person_id', '=', personId).executeTakeFirst();
    if (given) throw ruleViolation('loop.seat_feedback_in', 'Their feedback is in: the seat is theirs for good.');
    const replaced = seats.map((entry) => (entry.personId === personId ? { ...entry, personId: replacementId } : entry));
    // The seat keeps its principles, even one retired since the loop was set up.
    const principleIds = [...new Set([...(await activePrinciples(trx, actor.orgId)).map((principle) => principle.id), ...seat.principleIds])];
    await assertLoopRules(trx, actor.orgId, replaced, { ...access.requisition, principleIds }, access.candidate.email, 'personId');
    await trx.updateTable('loop_seats').set({ person_id: replacementId }).where('loop_id', '=', loopId).where('person_id', '=', personId).execute();
    await recordAuditEvent(trx, { orgId: actor.orgId, actorUserId: actor.userId, action: 'loop.seat_replaced', subjectType: 'candidate', subjectId: candidateId, data: { loopId, seat: seat.seat, from: personId, to: replacementId } });
    await queueSeatEmails(trx, actor, access, loopId, [{ personId: replacementId, seat: seat.seat }], email, new Date());
  });
}

/**
 * Moves the interview of a loop (the candidate or the panel cannot make it), until its first feedback is in: feedback
 * opens at the interview and falls due 24 hours after it, so a loop left at the old time would refuse feedback on
 * the real day, or flag it overdue before the candidate was even met. Once someone's feedback is in, the interview
 * took place at its time (loop.feedback_in).
 */
export async function rescheduleLoop(db: Db, actor: OrgActor, candidateId: string, interviewAt: Date): Promise<void> {
  const access = await candidateAccess(db, actor, candidateId);
  requirePermission(actor, 'hiring.manage');
  const loopId = requireLoop(access);
  await db.transaction().execute(async (trx) => {
    const loop = await trx.selectFrom('loops').select(['decision', 'interview_at']).where('id', '=', loopId).forUpdate().executeTakeFirstOrThrow();
    await assertCandidateInProcess(trx, candidateId);
    if (loop.decision !== null) throw ruleViolation('loop.undecided', 'The debrief has decided: the loop stays as it was.');
    const given = await trx.selectFrom('feedback').select('person_id').where('loop_id', '=', loopId).executeTakeFirst();
    if (given) throw ruleViolation('loop.feedback_in', 'Feedback is in: the interview took place at its time, and stays there.');
    await trx.updateTable('loops').set({ interview_at: interviewAt }).where('id', '=', loopId).execute();
    await recordAuditEvent(trx, { orgId: actor.orgId, actorUserId: actor.userId, action: 'loop.rescheduled', subjectType: 'candidate', subjectId: candidateId, data: { loopId, from: new Date(loop.interview_at).toISOString(), to: interviewAt.toISOString() } });
  });
}

/**
 * Hands an open requisition to a new hiring manager. Its loops that have not decided must still hold: their bar
 * raiser outside the new manager's chain and team, so a hand-over cannot put the judge under the manager.
 */
export async function setHiringManager(db: Db, actor: OrgActor, requisitionId: string, hiringManagerId: string, baseToken?: string): Promise<void> {
  requirePermission(actor, 'hiring.manage');
  await db.transaction().execute(async (trx) => {
    // The new manager's row first, in a departure's order (person, then their items), as a reopen does: a departure
    // under way either came first (they are seen as gone) or waits for the hand-over and then refuses, since they
    // manage an open requisition. Checking them without the hold would hand the role to someone leaving meanwhile.
    await holdPerson(trx, actor.orgId, hiringManagerId);
    const requisition = await trx.selectFrom('requisitions').select(['status', 'team_id', 'hiring_manager_id', 'role_template']).where('org_id', '=', actor.orgId).where('id', '=', requisitionId).forUpdate().executeTakeFirst();
    if (!requisition) throw new AppError('not_found', 'Requisition was not found.');
    if (requisition.status === 'closed') throw ruleViolation('requisition.open', 'This requisition is closed: its hiring manager stays as it was.');
    assertSameContent(requisitionEditToken(requisition), baseToken, 'requisition', 'baseToken');
    if (requisition.hiring_manager_id === hiringManagerId) return;
    await assertPersonHere(trx, actor.orgId, hiringManagerId, 'hiringManagerId');
    await assertLoopsHoldUnder(trx, actor.orgId, { id: requisitionId, teamId: requisition.team_id }, hiringManagerId);
    await trx.updateTable('requisitions').set({ hiring_manager_id: hiringManagerId }).where('id', '=', requisitionId).execute();
    await recordAuditEvent(trx, { orgId: actor.orgId, actorUserId: actor.userId, action: 'requisition.hiring_manager_changed', subjectType: 'requisition', subjectId: requisitionId, data: { from: requisition.hiring_manager_id, to: hiringManagerId } });
  });
}

/**
 * A requisition's undecided loops under a new hiring manager: each bar raiser still outside the manager's chain and
 * team. A hand-over, and a reopen with a new hiring manager, ask it. (A loop's bar raiser ends up under the manager
 * otherwise, and the judge would answer to the one who wants the hire.)
 */
export async function assertLoopsHoldUnder(trx: Db, orgId: string, requisition: { id: string; teamId: string }, hiringManagerId: string): Promise<void> {
  const openLoops = await trx.selectFrom('loops').innerJoin('candidates', 'candidates.id', 'loops.candidate_id').select(['loops.id', 'candidates.name']).where('candidates.requisition_id', '=', requisition.id).where('loops.decision', 'is', null).execute();
  // The hiring team is the same for every loop of the requisition.
  const hiringTeam = await loadHiringTeam(trx, orgId, requisition.teamId);
  for (const loop of openLoops) {
    const seats = await loopSeatInputs(trx, loop.id);
    const barRaiser = seats.find((seat) => seat.seat === 'bar_raiser')!;
    const reportingLinesOf = await loadReportingLines(trx, orgId, [hiringManagerId, barRaiser.personId]);
    try {
      // The chain includes the manager themself: a bar raiser made hiring manager is refused here too.
      assertOutsideReportingChain(barRaiser.personId, hiringManagerId, reportingLinesOf);
      assertOutsideHiringTeam(barRaiser.personId, hiringTeam);
    } catch (error) {
      if (error instanceof AppError) throw ruleViolation(error.details.rule ?? 'loop.bar_raiser_outside_chain', `${loop.name}'s loop would break a rule under this hiring manager: ${error.message} Replace its bar raiser first.`);
      throw error;
    }
  }
}

/** The team a requisition hires into: who is allocated to it (any share of their time), and its name. */
async function loadHiringTeam(db: Db, orgId: string, teamId: string): Promise<HiringTeam> {
  const [team, members] = await Promise.all([
    db.selectFrom('teams').select('name').where('org_id', '=', orgId).where('id', '=', teamId).executeTakeFirst(),
    db.selectFrom('allocations').select('person_id').where('org_id', '=', orgId).where('team_id', '=', teamId).where('percent', '>', 0).execute(),
  ]);
  return { name: team?.name ?? 'the hiring team', memberIds: new Set(members.map((row) => row.person_id)) };
}

/**
 * Whether a person may sit as this requisition's bar raiser: certified, with a login, outside the hiring manager's
 * reporting chain and outside the hiring team. Reads only the reporting lines above the two people (managers and
 * dotted-line managers) and the team, so it stays fast in a large org.
 */
export async function checkBarRaiserEligibility(db: Db, actor: OrgActor, requisitionId: string, personId: string): Promise<{ isEligible: boolean; rule: string | null }> {
  requirePermission(actor, 'hiring.read');
  const requisition = await db.selectFrom('requisitions').select(['hiring_manager_id', 'team_id']).where('org_id', '=', actor.orgId).where('id', '=', requisitionId).executeTakeFirst();
  if (!requisition) throw new AppError('not_found', 'Requisition was not found.');
  const problem = await barRaiserProblem(db, actor.orgId, { hiringManagerId: requisition.hiring_manager_id, teamId: requisition.team_id }, personId);
  return { isEligible: problem === null, rule: problem?.details.rule ?? null };
}

/**
 * Why a person may not sit as a requisition's bar raiser as the org is now (not certified, no login, inside the
 * hiring manager's chain or the hiring team), or null when they may.
 */
async function barRaiserProblem(db: Db, orgId: string, requisition: { hiringManagerId: string; teamId: string }, personId: string): Promise<AppError | null> {
  const [status, person, reportingLinesOf, hiringTeam] = await Promise.all([
    db.selectFrom('bar_raisers').select('status').where('org_id', '=', orgId).where('person_id', '=', personId).executeTakeFirst(),
    db.selectFrom('people').select('user_id').where('org_id', '=', orgId).where('id', '=', personId).executeTakeFirst(),
    loadReportingLines(db, orgId, [requisition.hiringManagerId, personId]),
    loadHiringTeam(db, orgId, requisition.teamId),
  ]);
  if (status?.status !== 'certified') return ruleViolation('loop.bar_raiser_certified', 'They are no longer a certified bar raiser.');
  // As createLoop would refuse them: the bar raiser runs the debrief signed in.
  if (person?.user_id === null || person === undefined) return ruleViolation('loop.bar_raiser_login', 'They have no login to run the debrief with.');
  try {
    assertOutsideReportingChain(personId, requisition.hiringManagerId, reportingLinesOf);
    assertOutsideHiringTeam(personId, hiringTeam);
    return null;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
}

export interface SeatView {
  personId: string;
  name: string;
  seat: 'interviewer' | 'bar_raiser' | 'shadow';
  /** `prompt`: the role template's question and strong evidence for the principle, when it names it. */
  principles: { id: string; version: number; title: string; prompt: { question: string; strongEvidence: string } | null }[];
  submittedAt: string | null;
  /** When their feedback falls due (feedbackDueAt); null for a shadow, who owes none. */
  dueAt: string | null;
  isOverdue: boolean;
  /** Without a login, their scorecard is keyed in by a recruiter or admin. */
  hasLogin: boolean;
  /** The latest reminder of their late scorecard (who sent it, when); null if none was sent. */
  lastReminder: ReminderView | null;
}

export interface CandidateView {
  id: string;
  name: string;
  email: string;
  /** When they withdrew; null while still in the process. */
  withdrawnAt: string | null;
  /** The hiring side's rejection (reason from the closed list, optional note, who); null unless rejected. */
  rejection: null | { rejectedAt: string; reason: RejectionReason; note: string | null; rejectedBy: string | null };
  /** `closedAt`: when it closed, null while open; a hire decided after it gets no offer until it reopens. */
  requisition: { id: string; role: string; level: number; hiringManagerId: string; roleTemplate: { id: string; name: string } | null; status: 'open' | 'closed'; closedAt: string | null };
  viewer: { personId: string | null; seat: CandidateAccess['seat']; isHiringManager: boolean; isHiringStaff: boolean; hasSubmitted: boolean; canReadFeedback: boolean };
  loop: null | {
    id: string;
    interviewAt: string;
    seats: SeatView[];
    isDebriefOpen: boolean;
    decision: null | { decision: 'hire' | 'no_hire'; isBetterThanHalf: boolean; justification: string; decidedAt: string };
    /**
     * Set while the loop is undecided and the org has changed under it so that its bar raiser would no longer be
     * accepted (moved into the hiring manager's chain, off the pool, ...): the rule, and what to do about it.
     */
    barRaiserWarning: null | { rule: string; message: string };
  };
  /** The latest of `offers` (null without one): the one awaiting an answer, accepted, or the last declined. */
  offer: OfferView | null;
  /** Every offer made to the candidate, earliest first: the declined ones, then perhaps a revised one. */
  offers: OfferView[];
  /**
   * A bar raiser's no on the same person (by email) on another requisition, still holding (offer.bar_raiser_veto):
   * shown to those who make offers, while no offer stands (none yet, or the latest declined); null otherwise.
   */
  earlierVeto: null | { role: string; requisitionId: string; decidedAt: string; holdsUntil: string };
}

/** `answer`: the candidate's, recorded once by the hiring side (who, when); null while awaited. */
export interface OfferView {
  id: string;
  createdAt: string;
  /** Who made it. */
  createdBy: string | null;
  answer: null | { answer: OfferAnswer; answeredOn: string; note: string | null; recordedBy: string | null; recordedAt: string };
}

/** The candidate's offers in the order they were made, as their answer rules read them too. */
function offersOf(db: Db, orgId: string, candidateId: string) {
  return db
    .selectFrom('offers')
    .where('offers.org_id', '=', orgId)
    .where('offers.candidate_id', '=', candidateId)
    .orderBy('offers.created_at')
    .orderBy('offers.id');
}

const offerState = (offer: { created_at: Date | string; answer: OfferAnswer | null; answered_on: string | null }): OfferState => ({
  madeAt: new Date(offer.created_at),
  answer: offer.answer !== null && offer.answered_on !== null ? { answer: offer.answer, answeredOn: offer.answered_on } : null,
});

async function loadSeats(db: Db, orgId: string, loopId: string) {
  return db
    .selectFrom('loop_seats')
    .innerJoin('people', 'people.id', 'loop_seats.person_id')
    .leftJoin('feedback', (join) => join.onRef('feedback.loop_id', '=', 'loop_seats.loop_id').onRef('feedback.person_id', '=', 'loop_seats.person_id'))
    .select(['loop_seats.person_id', 'loop_seats.seat', 'loop_seats.principles', 'people.name', 'people.user_id', 'feedback.submitted_at'])
    .where('loop_seats.org_id', '=', orgId)
    .where('loop_seats.loop_id', '=', loopId)
    .orderBy('loop_seats.position')
    .execute();
}

/**
 * The role template's prompt for each of these principles, by principle id. Read from the principle's slug
 * (not only the active ones): a principle retired after the loop was set keeps its prompt for that loop.
 */
async function rolePrompts(db: Db, orgId: string, template: RoleTemplate | null, principleIds: readonly string[]): Promise<Map<string, { question: string; strongEvidence: string }>> {
  if (template === null || principleIds.length === 0) return new Map();
  const rows = await db.selectFrom('principles').select(['id', 'slug']).where('org_id', '=', orgId).where('id', 'in', [...new Set(principleIds)]).execute();
  const prompts = new Map<string, { question: string; strongEvidence: string }>();
  for (const row of rows) {
    const prompt = promptFor(template, row.slug);
    if (prompt) prompts.set(row.id, { question: prompt.question, strongEvidence: prompt.strongEvidence });
  }
  return prompts;
}

export async function getCandidate(db: Db, actor: OrgActor, candidateId: string, now: Date): Promise<CandidateView> {
  const access = await candidateAccess(db, actor, candidateId);
  const offers = (
    await offersOf(db, actor.orgId, candidateId)
      .leftJoin('users as maker', 'maker.id', 'offers.created_by')
      .leftJoin('users as recorder', 'recorder.id', 'offers.answered_by')
      .select(['offers.id', 'offers.created_at', 'offers.answer', 'offers.answered_on', 'offers.answer_note', 'offers.answered_at', 'maker.name as created_by', 'recorder.name as answered_by'])
      .execute()
  ).map(
    (offer): OfferView => ({
      id: offer.id,
      createdAt: new Date(offer.created_at).toISOString(),
      createdBy: offer.created_by,
      answer: offer.answer !== null && offer.answered_on !== null && offer.answered_at !== null ? { answer: offer.answer, answeredOn: offer.answered_on, note: offer.answer_note, recordedBy: offer.answered_by, recordedAt: new Date(offer.answered_at).toISOString() } : null,
    }),
  );
  const offer = offers.at(-1) ?? null;
  const isOfferStanding = offer !== null && offer.answer?.answer !== 'declined';
  const rejected = access.candidate.rejectedAt === null ? undefined : await db.selectFrom('candidates').leftJoin('users', 'users.id', 'candidates.rejected_by').select(['candidates.rejected_at', 'candidates.rejection_reason', 'candidates.rejection_note', 'users.name as rejected_by']).where('candidates.id', '=', candidateId).executeTakeFirst();
  // Read for those who make offers (the people the refusal would answer): the page says it instead of offering a button.
  const earlierVeto = (access.isHiringStaff || access.isHiringManager) && !isOfferStanding ? findRecentVeto(await vetoesOnOtherRecords(db, actor.orgId, access.candidate), now) : null;
  let loop: CandidateView['loop'] = null;
  let hasSubmitted = false;
  let debriefOpen = false;
  const template = findRoleTemplate(access.requisition.roleTemplate);
  if (access.loopId !== null) {
    const row = await db.selectFrom('loops').selectAll().where('id', '=', access.loopId).executeTakeFirstOrThrow();
    const seats = await loadSeats(db, actor.orgId, access.loopId);
    const titles = await principleTitles(db, actor.orgId, seats.flatMap((seat) => seat.principles));
    const promptOf = await rolePrompts(db, actor.orgId, template, seats.flatMap((seat) => seat.principles.map((ref) => ref.principleId)));
    const reminders = await latestReminders(db, actor.orgId, [access.loopId]);
    const interviewAt = new Date(row.interview_at);
    const { reinstatedAt } = access.candidate;
    debriefOpen = isDebriefOpen(seats.map((seat) => ({ seat: seat.seat, submittedAt: seat.submitted_at })));
    hasSubmitted = seats.some((seat) => seat.person_id === access.actorPersonId && seat.submitted_at !== null);
    loop = {
      id: row.id,
      interviewAt: interviewAt.toISOString(),
      isDebriefOpen: debriefOpen,
      seats: seats.map((seat) => ({
        personId: seat.person_id,
        name: seat.name,
        seat: seat.seat,
        principles: seat.principles.map((ref) => ({ id: ref.principleId, version: ref.version, title: titles.get(`${ref.principleId}@${ref.version}`) ?? '', prompt: promptOf.get(ref.principleId) ?? null })),
        submittedAt: seat.submitted_at ? new Date(seat.submitted_at).toISOString() : null,
        // Shadows learn by watching: their feedback is welcome but never due, nor overdue. Nobody's is, once the candidate withdrew or was rejected.
        dueAt: seat.seat === 'shadow' ? null : feedbackDueAt(interviewAt, reinstatedAt).toISOString(),
        isOverdue: seat.seat !== 'shadow' && access.candidate.withdrawnAt === null && access.candidate.rejectedAt === null && isFeedbackOverdue(interviewAt, seat.submitted_at ? new Date(seat.submitted_at) : null, now, reinstatedAt),
        hasLogin: seat.user_id !== null,
        lastReminder: reminders.get(reminderKey(row.id, seat.person_id)) ?? null,
      })),
      decision: row.decision === null ? null : { decision: row.decision, isBetterThanHalf: row.is_better_than_half ?? false, justification: row.justification ?? '', decidedAt: new Date(row.decided_at!).toISOString() },
      barRaiserWarning: row.decision === null ? await barRaiserWarning(db, actor.orgId, access.requisition, seats) : null,
    };
  }
  return {
    id: access.candidate.id,
    name: access.candidate.name,
    email: access.candidate.email,
    withdrawnAt: isoTimestamp(access.candidate.withdrawnAt),
    // Read apart from the access check: a reinstatement between the two reads leaves `rejected` empty, and no rejection.
    rejection: rejected?.rejected_at && rejected.rejection_reason ? { rejectedAt: new Date(rejected.rejected_at).toISOString(), reason: rejected.rejection_reason, note: rejected.rejection_note, rejectedBy: rejected.rejected_by } : null,
    requisition: { id: access.requisition.id, role: access.requisition.role, level: access.requisition.level, hiringManagerId: access.requisition.hiringManagerId, roleTemplate: template && { id: template.id, name: template.name }, status: access.requisition.status, closedAt: isoTimestamp(access.requisition.closedAt) },
    viewer: { personId: access.actorPersonId, seat: access.seat, isHiringManager: access.isHiringManager, isHiringStaff: access.isHiringStaff, hasSubmitted, canReadFeedback: canReadOthersFeedback({ isInLoop: access.seat !== null, isShadow: access.seat === 'shadow', hasSubmitted }, debriefOpen) },
    loop,
    offer,
    offers,
    earlierVeto: earlierVeto && { role: earlierVeto.role, requisitionId: earlierVeto.requisitionId, decidedAt: earlierVeto.decidedAt.toISOString(), holdsUntil: earlierVeto.holdsUntil.toISOString() },
  };
}

export interface MyInterviewView {
  candidateId: string;
  candidateName: string;
  requisition: { id: string; role: string; level: number };
  seat: 'interviewer' | 'bar_raiser' | 'shadow';
  interviewAt: string;
  /** When their feedback falls due; null for a shadow, who owes none. */
  dueAt: string | null;
  /**
   * What the viewer has to do next: the interview itself (still to come: feedback opens when it starts,
   * feedback.after_interview), their feedback, the debrief they run, or nothing (waiting on others, decided).
   */
  next: 'interview' | 'feedback' | 'run_debrief' | 'none';
  isOverdue: boolean;
  /** While their feedback is owed: the latest reminder sent to them about it (who, when); otherwise null. */
  lastReminder: ReminderView | null;
}

/**
 * The loops the viewer sits in, most urgent first: feedback to write (overdue first), debriefs to run, then the
 * rest. An interviewer should not have to browse requisitions to find the candidate they met this morning.
 */
export async function listMyInterviews(db: Db, actor: OrgActor, now: Date): Promise<MyInterviewView[]> {
  requirePermission(actor, 'hiring.read');
  const personId = await findActorPerson(db, actor);
  if (personId === null) return [];
  const rows = await db
    .selectFrom('loop_seats')
    .innerJoin('loops', 'loops.id', 'loop_seats.loop_id')
    .innerJoin('candidates', 'candidates.id', 'loops.candidate_id')
    .innerJoin('requisitions', 'requisitions.id', 'candidates.requisition_id')
    .leftJoin('feedback', (join) => join.onRef('feedback.loop_id', '=', 'loop_seats.loop_id').onRef('feedback.person_id', '=', 'loop_seats.person_id'))
    .select([
      'candidates.id as candidate_id', 'candidates.name', 'candidates.withdrawn_at', 'candidates.rejected_at', 'candidates.reinstated_at', 'requisitions.id as requisition_id', 'requisitions.role', 'requisitions.level',
      'loop_seats.seat', 'loops.id as loop_id', 'loops.interview_at', 'loops.decision', 'feedback.submitted_at',
      missingFeedbackOfLoop.as('missing_feedback'),
    ])
    .where('loop_seats.org_id', '=', actor.orgId)
    .where('loop_seats.person_id', '=', personId)
    .execute();
  const reminders = await latestReminders(db, actor.orgId, rows.map((row) => row.loop_id));
  const views = rows.map((row): MyInterviewView => {
    const interviewAt = new Date(row.interview_at);
    const submitted = row.submitted_at === null ? null : new Date(row.submitted_at);
    const reinstatedAt = row.reinstated_at === null ? null : new Date(row.reinstated_at);
    // A withdrawn or rejected candidate's loop asks nothing more of anyone. Before the interview, feedback would be
    // refused: the interview comes first.
    const next = row.decision !== null || row.withdrawn_at !== null || row.rejected_at !== null ? 'none'
      : submitted === null ? (hasInterviewStarted(interviewAt, now) ? 'feedback' : 'interview')
        : row.seat === 'bar_raiser' && Number(row.missing_feedback ?? 0) === 0 ? 'run_debrief' : 'none';
    return {
      candidateId: row.candidate_id,
      candidateName: row.name,
      requisition: { id: row.requisition_id, role: row.role, level: row.level },
      seat: row.seat,
      interviewAt: interviewAt.toISOString(),
      dueAt: row.seat === 'shadow' ? null : feedbackDueAt(interviewAt, reinstatedAt).toISOString(),
      next,
      isOverdue: next === 'feedback' && row.seat !== 'shadow' && isFeedbackOverdue(interviewAt, submitted, now, reinstatedAt),
      lastReminder: next === 'feedback' ? reminders.get(reminderKey(row.loop_id, personId)) ?? null : null,
    };
  });
  const rank = (view: MyInterviewView) => (view.isOverdue ? 0 : view.next === 'feedback' ? 1 : view.next === 'run_debrief' ? 2 : 3);
  return views.sort((a, b) => rank(a) - rank(b) || b.interviewAt.localeCompare(a.interviewAt));
}

export interface LateFeedbackView {
  candidateId: string;
  candidateName: string;
  requisition: { id: string; role: string; level: number };
  interviewer: { personId: string; name: string; hasLogin: boolean };
  seat: 'interviewer' | 'bar_raiser';
  interviewAt: string;
  /** Overdue since then (FEEDBACK_DUE_HOURS after the interview, or after the candidate's reinstatement if later). */
  dueAt: string;
  /** The latest reminder sent to the interviewer about this loop (who, when); null if none. */
  lastReminder: ReminderView | null;
  /** The scorecard is the viewer's own: theirs to write, not to remind anyone of (feedback.reminder_self). */
  isYours: boolean;
}

/**
 * Every scorecard overdue across the org's requisitions, longest overdue first, for a recruiter to chase: who owes
 * feedback on which candidate, since when. Recruiters and admins only: it names every loop's candidate and panel,
 * which nobody else may know of. The same "overdue" as each loop shows: not a shadow's, not once decided or withdrawn.
 */
export async function listLateFeedback(db: Db, actor: OrgActor, now: Date): Promise<LateFeedbackView[]> {
  requirePermission(actor, 'hiring.manage');
  const actorPersonId = await findActorPerson(db, actor);
  const owedBefore = new Date(now.getTime() - FEEDBACK_DUE_HOURS * 3_600_000);
  // When the clock started (feedbackOwedFrom): the interview, or a later reinstatement. greatest() skips a null.
  const owedFrom = sql<Date>`greatest(loops.interview_at, candidates.reinstated_at)`;
  const rows = await db
    .selectFrom('loop_seats')
    .innerJoin('loops', 'loops.id', 'loop_seats.loop_id')
    .innerJoin('candidates', 'candidates.id', 'loops.candidate_id')
    .innerJoin('requisitions', 'requisitions.id', 'candidates.requisition_id')
    .innerJoin('people', 'people.id', 'loop_seats.person_id')
    .leftJoin('feedback', (join) => join.onRef('feedback.loop_id', '=', 'loop_seats.loop_id').onRef('feedback.person_id', '=', 'loop_seats.person_id'))
    .select(['candidates.id as candidate_id', 'candidates.name as candidate_name', 'requisitions.id as requisition_id', 'requisitions.role', 'requisitions.level', 'loop_seats.person_id', 'loop_seats.seat', 'people.name', 'people.user_id', 'loops.id as loop_id', 'loops.interview_at', 'candidates.reinstated_at'])
    .where('loop_seats.org_id', '=', actor.orgId)
    .where('loop_seats.seat', '<>', 'shadow')
    .where('feedback.person_id', 'is', null)
    .where('loops.decision', 'is', null)
    .where(isCandidateInProcess)
    .where(owedFrom, '<', owedBefore)
    // A recruiter applying for another role does not chase their own panel (the candidateAccess rule).
    .where(candidatesKnownTo(actor, actorPersonId))
    .orderBy(owedFrom)
    .orderBy('loop_seats.position')
    .execute();
  const reminders = await latestReminders(db, actor.orgId, rows.map((row) => row.loop_id));
  return rows.map((row) => {
    const interviewAt = new Date(row.interview_at);
    return {
      candidateId: row.candidate_id,
      candidateName: row.candidate_name,
      requisition: { id: row.requisition_id, role: row.role, level: row.level },
      interviewer: { personId: row.person_id, name: row.name, hasLogin: row.user_id !== null },
      seat: row.seat === 'bar_raiser' ? 'bar_raiser' : 'interviewer',
      interviewAt: interviewAt.toISOString(),
      dueAt: feedbackDueAt(interviewAt, row.reinstated_at === null ? null : new Date(row.reinstated_at)).toISOString(),
      lastReminder: reminders.get(reminderKey(row.loop_id, row.person_id)) ?? null,
      isYours: row.person_id === actorPersonId,
    };
  });
}

/** The loop rules were checked when the loop was set up; the org may have moved since. */
async function barRaiserWarning(db: Db, orgId: string, requisition: { hiringManagerId: string; teamId: string }, seats: ReadonlyArray<{ person_id: string; name: string; seat: string; submitted_at: Date | string | null }>): Promise<{ rule: string; message: string } | null> {
  const barRaiser = seats.find((seat) => seat.seat === 'bar_raiser');
  if (barRaiser === undefined) return null;
  const problem = await barRaiserProblem(db, orgId, requisition, barRaiser.person_id);
  if (problem === null) return null;
  const next = barRaiser.submitted_at === null
    ? 'Give the bar raiser\'s seat to an eligible bar raiser before the debrief.'
    : 'Their feedback is in, so the seat stays theirs: the debrief should weigh it, and the decision say so.';
  return { rule: problem.details.rule ?? 'loop.bar_raiser_outside_chain', message: `Since the loop was set up, ${barRaiser.name} no longer qualifies as its bar raiser: ${problem.message} ${next}` };
}

function requireLoop(access: CandidateAccess): string {
  if (access.loopId === null) throw ruleViolation('loop.exists', 'This candidate has no interview loop yet.');
  return access.loopId;
}

export type FeedbackInput = { vote: Vote; ratings: readonly PrincipleRating[] };

export async function submitFeedback(db: Db, actor: OrgActor, candidateId: string, input: FeedbackInput, now: Date): Promise<void> {
  const access = await candidateAccess(db, actor, candidateId);
  const loopId = requireLoop(access);
  if (access.seat === null || access.actorPersonId === null) throw new AppError('forbidden', 'Only the loop\'s interviewers submit feedback.');
  const personId = access.actorPersonId;
  await db.transaction().execute(async (trx) => {
    await lockLoop(trx, loopId);
    const seat = await trx.selectFrom('loop_seats').select('principles').where('loop_id', '=', loopId).where('person_id', '=', personId).executeTakeFirst();
    if (!seat) throw new AppError('forbidden', 'Your seat in this loop was given to someone else a moment ago: they submit its feedback now.');
    await recordFeedback(trx, { actor, candidateId, loopId, personId, principles: seat.principles, input, now, keyedIn: false });
  });
}

/**
 * A recruiter or admin keys in the paper scorecard of an interviewer who has no login (who cannot submit it
 * themselves), under the same rules as the interviewer's own. Someone who sits in the loop themselves must have
 * submitted their own feedback first: the blind rule holds for them as for any interviewer.
 */
export async function keyInFeedback(db: Db, actor: OrgActor, candidateId: string, personId: string, input: FeedbackInput, now: Date): Promise<void> {
  const access = await candidateAccess(db, actor, candidateId);
  const loopId = requireLoop(access);
  await db.transaction().execute(async (trx) => {
    await lockLoop(trx, loopId);
    const seat = await trx.selectFrom('loop_seats').innerJoin('people', 'people.id', 'loop_seats.person_id').select(['loop_seats.principles', 'people.name', 'people.user_id']).where('loop_seats.loop_id', '=', loopId).where('loop_seats.person_id', '=', personId).executeTakeFirst();
    if (!seat) throw new AppError('not_found', 'That person has no seat in this loop.', { field: 'personId' });
    const own = access.seat === null ? undefined : await trx.selectFrom('feedback').select('person_id').where('loop_id', '=', loopId).where('person_id', '=', access.actorPersonId!).executeTakeFirst();
    assertCanKeyIn({ isHiringStaff: access.isHiringStaff, isInLoop: access.seat !== null, isBarRaiser: access.seat === 'bar_raiser', hasSubmitted: own !== undefined }, { name: seat.name, hasLogin: seat.user_id !== null });
    await recordFeedback(trx, { actor, candidateId, loopId, personId, principles: seat.principles, input, now, keyedIn: true });
  });
}

/**
 * Locks the loop's row for the rest of the transaction. Feedback takes it before reading the seat it is for: a seat
 * replaced (replaceLoopSeat, which takes the same lock) between the page and the submit is then read as it now is,
 * never written to under the name of someone who no longer sits there.
 */
async function lockLoop(trx: Db, loopId: string): Promise<void> {
  await trx.selectFrom('loops').select('id').where('id', '=', loopId).forUpdate().executeTakeFirstOrThrow();
}

/** Read under the loop's lock, which a withdrawal and a rejection take too: neither crosses a loop action. */
async function assertCandidateInProcess(trx: Db, candidateId: string): Promise<void> {
  const row = await trx.selectFrom('candidates').select(['withdrawn_at', 'rejected_at']).where('id', '=', candidateId).executeTakeFirstOrThrow();
  assertNotWithdrawn(row.withdrawn_at === null ? null : new Date(row.withdrawn_at));
  assertNotRejected(row.rejected_at === null ? null : new Date(row.rejected_at));
}

/**
 * Records that a candidate withdrew (recruiters and admins), while no offer stands (before any, or after every one was
 * declined: assertCanWithdraw): their loop, decided or not, takes no
 * more feedback, decision, seat change or offer, stops showing as feedback owed, and no longer holds its
 * interviewers back from leaving. It is no verdict: a bar raiser asked to record a no to close such a loop would
 * put a veto on someone who only withdrew.
 */
export async function withdrawCandidate(db: Db, actor: OrgActor, candidateId: string, now: Date): Promise<void> {
  const access = await candidateAccess(db, actor, candidateId);
  requirePermission(actor, 'hiring.manage');
  await db.transaction().execute(async (trx) => {
    const candidate = await trx.selectFrom('candidates').select(['withdrawn_at', 'rejected_at']).where('id', '=', candidateId).forUpdate().executeTakeFirstOrThrow();
    // The loop's lock, which an offer takes too: no offer slips in beside the withdrawal.
    if (access.loopId !== null) await lockLoop(trx, access.loopId);
    const offers = await offersOf(trx, actor.orgId, candidateId).select(['offers.created_at', 'offers.answer', 'offers.answered_on']).execute();
    const isNew = assertCanWithdraw({ withdrawnAt: candidate.withdrawn_at === null ? null : new Date(candidate.withdrawn_at), rejectedAt: candidate.rejected_at === null ? null : new Date(candidate.rejected_at), offers: offers.map(offerState) });
    if (!isNew) return;
    await trx.updateTable('candidates').set({ withdrawn_at: now }).where('id', '=', candidateId).execute();
    await recordAuditEvent(trx, { at: now, orgId: actor.orgId, actorUserId: actor.userId, action: 'candidate.withdrawn', subjectType: 'candidate', subjectId: candidateId, data: { requisitionId: access.requisition.id, loopId: access.loopId } });
  });
}

/** The rules every feedback follows, however it arrives: before the decision, once, a rating with evidence per assigned principle. */
async function recordFeedback(
  trx: Db,
  entry: { actor: OrgActor; candidateId: string; loopId: string; personId: string; principles: readonly { principleId: string; version: number }[]; input: FeedbackInput; now: Date; keyedIn: boolean },
): Promise<void> {
  const { actor, loopId, personId, input } = entry;
  const loop = await trx.selectFrom('loops').select(['decision', 'interview_at']).where('id', '=', loopId).forUpdate().executeTakeFirstOrThrow();
  await assertCandidateInProcess(trx, entry.candidateId);
  if (loop.decision !== null) throw ruleViolation('feedback.before_decision', 'The debrief has decided; feedback is closed.');
  assertInterviewHeld(new Date(loop.interview_at), entry.now);
  const already = await trx.selectFrom('feedback').select('person_id').where('loop_id', '=', loopId).where('person_id', '=', personId).executeTakeFirst();
  if (already) throw ruleViolation('feedback.once', entry.keyedIn ? 'This interviewer\'s feedback is already in; it is final.' : 'You have already submitted feedback for this candidate; it is final.');
  const versionOf = new Map(entry.principles.map((ref) => [ref.principleId, ref.version]));
  const titleAt = await principleTitles(trx, actor.orgId, entry.principles);
  const titles = new Map(entry.principles.map((ref) => [ref.principleId, titleAt.get(`${ref.principleId}@${ref.version}`) ?? 'this principle']));
  const ratings = normaliseFeedback(input.ratings, [...versionOf.keys()], titles);
  await trx
    .insertInto('feedback')
    .values({ loop_id: loopId, org_id: actor.orgId, person_id: personId, vote: input.vote, submitted_at: entry.now, keyed_in_by: entry.keyedIn ? actor.userId : null, ratings: JSON.stringify(ratings.map((rating) => ({ ...rating, version: versionOf.get(rating.principleId)! }))) })
    .execute();
  await recordAuditEvent(trx, {
    at: entry.now,
    orgId: actor.orgId,
    actorUserId: actor.userId,
    action: entry.keyedIn ? 'feedback.keyed_in' : 'feedback.submitted',
    subjectType: 'candidate',
    subjectId: entry.candidateId,
    data: entry.keyedIn ? { loopId, personId } : { loopId },
  });
}

export interface FeedbackView {
  personId: string;
  name: string;
  seat: string;
  vote: Vote;
  ratings: { principleId: string; version: number; title: string; rating: number; evidence: string }[];
  submittedAt: string;
  /** Who keyed in this scorecard for an interviewer without a login; null when the interviewer submitted it. */
  keyedInBy: string | null;
}

/**
 * Feedback the actor may read. Blind until they submit their own: before that, they get only theirs
 * (none) and `isBlind: true`. Someone outside the loop reads it once the debrief is open.
 * The vote tally is the debrief's: computed from the feedback read here, so under the same blind rule, and given only
 * once the debrief is open (null before, to everyone): a count of part of the loop's votes would be a verdict read
 * before the evidence is all in.
 */
export async function listFeedback(db: Db, actor: OrgActor, candidateId: string): Promise<{ isBlind: boolean; feedback: FeedbackView[]; voteTally: VoteTally | null }> {
  const access = await candidateAccess(db, actor, candidateId);
  const loopId = requireLoop(access);
  const seats = await loadSeats(db, actor.orgId, loopId);
  const hasSubmitted = seats.some((seat) => seat.person_id === access.actorPersonId && seat.submitted_at !== null);
  const debriefOpen = isDebriefOpen(seats.map((seat) => ({ seat: seat.seat, submittedAt: seat.submitted_at })));
  const canRead = canReadOthersFeedback({ isInLoop: access.seat !== null, isShadow: access.seat === 'shadow', hasSubmitted }, debriefOpen);
  let query = db
    .selectFrom('feedback')
    .innerJoin('people', 'people.id', 'feedback.person_id')
    .innerJoin('loop_seats', (join) => join.onRef('loop_seats.loop_id', '=', 'feedback.loop_id').onRef('loop_seats.person_id', '=', 'feedback.person_id'))
    .leftJoin('users as keyer', 'keyer.id', 'feedback.keyed_in_by')
    .select(['feedback.person_id', 'people.name', 'loop_seats.seat', 'feedback.vote', 'feedback.ratings', 'feedback.submitted_at', 'keyer.name as keyed_in_by'])
    .where('feedback.org_id', '=', actor.orgId)
    .where('feedback.loop_id', '=', loopId)
    .orderBy('loop_seats.position');
  if (!canRead) query = query.where('feedback.person_id', '=', access.actorPersonId ?? '00000000-0000-0000-0000-000000000000');
  const rows = await query.execute();
  const titles = await principleTitles(db, actor.orgId, rows.flatMap((row) => row.ratings));
  return {
    isBlind: !canRead,
    voteTally: canRead && debriefOpen ? tallyVotes(rows) : null,
    feedback: rows.map((row) => ({
      personId: row.person_id,
      name: row.name,
      seat: row.seat,
      vote: row.vote,
      ratings: row.ratings.map((rating) => ({ ...rating, title: titles.get(`${rating.principleId}@${rating.version}`) ?? '' })),
      submittedAt: new Date(row.submitted_at).toISOString(),
      keyedInBy: row.keyed_in_by,
    })),
  };
}

export async function decideDebrief(db: Db, actor: OrgActor, candidateId: string, input: DebriefDecisionInput, now: Date): Promise<void> {
  const access = await candidateAccess(db, actor, candidateId);
  const loopId = requireLoop(access);
  await db.transaction().execute(async (trx) => {
    const loop = await trx.selectFrom('loops').select('decision').where('id', '=', loopId).forUpdate().executeTakeFirstOrThrow();
    await assertCandidateInProcess(trx, candidateId);
    const seats = await loadSeats(trx, actor.orgId, loopId);
    const decision = assertCanDecide(input, {
      isBarRaiser: access.seat === 'bar_raiser',
      isDebriefOpen: isDebriefOpen(seats.map((seat) => ({ seat: seat.seat, submittedAt: seat.submitted_at }))),
      alreadyDecided: loop.decision !== null,
    });
    await trx.updateTable('loops').set({ decision: decision.decision, is_better_than_half: decision.isBetterThanHalf, justification: decision.justification, decided_by: actor.userId, decided_at: now }).where('id', '=', loopId).execute();
    await recordAuditEvent(trx, { at: now, orgId: actor.orgId, actorUserId: actor.userId, action: 'debrief.decided', subjectType: 'candidate', subjectId: candidateId, data: { loopId, decision: decision.decision, isBetterThanHalf: decision.isBetterThanHalf, isVeto: decision.decision === 'no_hire' } });
  });
}

export interface StandingView extends Standing {
  candidateScore: number | null;
  role: string;
  level: number;
  /**
   * Each incumbent's review average, lowest first, for those who may read every review (admins); null for everyone
   * else. The incumbents are often the loop's own interviewers or their peers: a list of their scores would show the
   * bar raiser or an interviewer reviews that only admins and the incumbents' managers may read.
   */
  incumbentScores: number[] | null;
}

/**
 * Where the candidate would stand among the people now in the role (same role and level), by their
 * latest review average. Read under the same blind rule as the feedback it is computed from.
 */
export async function getStanding(db: Db, actor: OrgActor, candidateId: string): Promise<StandingView> {
  const { isBlind, feedback } = await listFeedback(db, actor, candidateId);
  const access = await candidateAccess(db, actor, candidateId);
  if (isBlind) {
    const isInterviewer = access.seat === 'interviewer' || access.seat === 'bar_raiser';
    throw ruleViolation('feedback.blind', isInterviewer ? 'Submit your own feedback before reading how the loop rated the candidate.' : 'The standing shows once every interviewer has submitted feedback (the debrief).');
  }
  const candidateScore = averageOf(feedback.filter((entry) => entry.seat !== 'shadow').flatMap((entry) => entry.ratings.map((rating) => rating.rating)));
  const reviews = await db
    .selectFrom('reviews')
    .innerJoin('people', 'people.id', 'reviews.person_id')
    .select(['reviews.person_id', 'reviews.ratings', 'reviews.updated_at'])
    .where('reviews.org_id', '=', actor.orgId)
    .where((eb) => eb(eb.fn('lower', ['people.role']), '=', access.requisition.role.toLowerCase()))
    .where('people.level', '=', access.requisition.level)
    // People now in the role: someone who has left is no longer part of the bar.
    .where('people.left_on', 'is', null)
    .orderBy('reviews.updated_at', 'desc')
    .execute();
  // Each incumbent's latest review that is not thin, as calibration ranks them: a review rating one principle of
  // fourteen is no measure of where the bar is (isThinReview).
  // Coverage counts the org's active principles of today, as an open cycle's calibration does (a closed cycle's keeps
  // the principles it was closed with): the standing is against the bar now, where a retired one covers nothing.
  const active = new Set((await db.selectFrom('principles').select('id').where('org_id', '=', actor.orgId).where('status', '=', 'active').execute()).map((row) => row.id));
  const latest = new Map<string, number>();
  for (const review of reviews) {
    if (latest.has(review.person_id) || isThinReview(review.ratings.filter((rating) => active.has(rating.principleId)).length, active.size)) continue;
    const average = averageOf(review.ratings.map((rating) => rating.rating));
    if (average !== null) latest.set(review.person_id, average);
  }
  const incumbentScores = [...latest.values()].sort((a, b) => a - b);
  return {
    ...standingAmong(candidateScore, incumbentScores),
    candidateScore: candidateScore === null ? null : Math.round(candidateScore * 100) / 100,
    role: access.requisition.role,
    level: access.requisition.level,
    incumbentScores: can(actor.role, 'reviews.manage') ? incumbentScores : null,
  };
}

/** The bar raisers' noes on the same person (by email) on the org's other candidate records: a veto follows the person. */
async function vetoesOnOtherRecords(db: Db, orgId: string, candidate: { id: string; email: string }): Promise<{ decidedAt: Date; role: string; requisitionId: string }[]> {
  const rows = await db
    .selectFrom('candidates')
    .innerJoin('loops', 'loops.candidate_id', 'candidates.id')
    .innerJoin('requisitions', 'requisitions.id', 'candidates.requisition_id')
    .select(['loops.decided_at', 'requisitions.role', 'requisitions.id as requisition_id'])
    .where('candidates.org_id', '=', orgId)
    .where('candidates.email', '=', candidate.email.toLowerCase())
    .where('candidates.id', '<>', candidate.id)
    .where('loops.decision', '=', 'no_hire')
    .execute();
  return rows.map((row) => ({ decidedAt: new Date(row.decided_at!), role: row.role, requisitionId: row.requisition_id }));
}

/**
 * Locks the candidate's requisition (shared, or for update) and checks that the actor decides for it: its hiring
 * manager, a recruiter or an admin. The hiring manager is read under the lock that a hand-over (setHiringManager)
 * takes: read before, it could name a manager the requisition is being handed away from, and their decision would
 * slip in beside the hand-over.
 */
async function holdRequisitionForDecider(trx: Db, access: CandidateAccess, lock: 'share' | 'update', refusal: string) {
  const query = trx.selectFrom('requisitions').select(['hiring_manager_id', 'status', 'closed_at', 'opened_at']).where('id', '=', access.requisition.id);
  const requisition = await (lock === 'share' ? query.forShare() : query.forUpdate()).executeTakeFirstOrThrow();
  const isHiringManager = access.actorPersonId !== null && access.actorPersonId === requisition.hiring_manager_id;
  if (!access.isHiringStaff && !isHiringManager) throw new AppError('forbidden', refusal);
  return requisition;
}

/**
 * The hiring side (the hiring manager, a recruiter or an admin: those who make offers) rejects a candidate at any
 * step while no offer stands (before any, or after every one was declined), with a reason from the closed list and an optional note. Their loop, decided or not, then
 * takes nothing more, as after a withdrawal. It is no verdict of the loop: unlike a bar raiser's no, nothing holds
 * against the person on another requisition.
 */
export async function rejectCandidate(db: Db, actor: OrgActor, candidateId: string, input: { reason: string; note?: string | null | undefined }, now: Date): Promise<void> {
  const access = await candidateAccess(db, actor, candidateId);
  await db.transaction().execute(async (trx) => {
    await holdRequisitionForDecider(trx, access, 'share', 'Only the hiring manager, recruiters and admins reject candidates.');
    const candidate = await trx.selectFrom('candidates').select(['withdrawn_at', 'rejected_at']).where('id', '=', candidateId).forUpdate().executeTakeFirstOrThrow();
    // The loop's lock, which an offer and a debrief decision take: a rejection never crosses them.
    const loop = access.loopId === null ? undefined : await trx.selectFrom('loops').select('decision').where('id', '=', access.loopId).forUpdate().executeTakeFirstOrThrow();
    const offers = await offersOf(trx, actor.orgId, candidateId).select(['offers.created_at', 'offers.answer', 'offers.answered_on']).execute();
    const rejection = assertCanReject(
      { withdrawnAt: candidate.withdrawn_at === null ? null : new Date(candidate.withdrawn_at), rejectedAt: candidate.rejected_at === null ? null : new Date(candidate.rejected_at), decision: loop?.decision ?? null, offers: offers.map(offerState) },
      input,
    );
    await trx.updateTable('candidates').set({ rejected_at: now, rejection_reason: rejection.reason, rejection_note: rejection.note, rejected_by: actor.userId }).where('id', '=', candidateId).execute();
    // The note stays off the audit row: it is about the candidate, and the audit log outlives the confidentiality need.
    await recordAuditEvent(trx, { at: now, orgId: actor.orgId, actorUserId: actor.userId, action: 'candidate.rejected', subjectType: 'candidate', subjectId: candidateId, data: { requisitionId: access.requisition.id, loopId: access.loopId, reason: rejection.reason } });
  });
}

/**
 * Undoes a withdrawal or a rejection (by those who reject), while the requisition is open and no one else got an offer
 * for its opening since it last opened. The loop resumes where it was: the feedback given stays, the feedback still
 * owed is owed again (due FEEDBACK_DUE_HOURS from the reinstatement, when the interview came before it), a decided
 * hire may get an offer.
 */
export async function reinstateCandidate(db: Db, actor: OrgActor, candidateId: string, now = new Date()): Promise<{ undid: 'withdrawn' | 'rejected' }> {
  const access = await candidateAccess(db, actor, candidateId);
  return db.transaction().execute(async (trx) => {
    // For update: an offer (which takes this lock too) or a close cannot slip in beside the reinstatement.
    const requisition = await holdRequisitionForDecider(trx, access, 'update', 'Only the hiring manager, recruiters and admins reinstate candidates.');
    const candidate = await trx.selectFrom('candidates').select(['withdrawn_at', 'rejected_at', 'rejection_reason']).where('id', '=', candidateId).forUpdate().executeTakeFirstOrThrow();
    if (access.loopId !== null) await lockLoop(trx, access.loopId);
    const otherOffer = await hasOfferSinceOpened(trx, { id: access.requisition.id, openedAt: requisition.opened_at }, candidateId);
    const undid = assertCanReinstate(
      { withdrawnAt: candidate.withdrawn_at === null ? null : new Date(candidate.withdrawn_at), rejectedAt: candidate.rejected_at === null ? null : new Date(candidate.rejected_at) },
      { isOpen: requisition.status === 'open', hasOfferSinceOpened: otherOffer },
    );
    // The time of the reinstatement starts the clock again for the feedback still owed (feedbackOwedFrom).
    await trx.updateTable('candidates').set({ withdrawn_at: null, rejected_at: null, rejection_reason: null, rejection_note: null, rejected_by: null, reinstated_at: now }).where('id', '=', candidateId).execute();
    await recordAuditEvent(trx, { orgId: actor.orgId, actorUserId: actor.userId, action: 'candidate.reinstated', at: now, subjectType: 'candidate', subjectId: candidateId, data: { requisitionId: access.requisition.id, loopId: access.loopId, undid, ...(undid === 'rejected' ? { reason: candidate.rejection_reason } : {}) } });
    return { undid };
  });
}

/**
 * Creates the offer, unless the debrief said no: the bar raiser's no is a veto, and the refusal is audited too. After a
 * decline, a revised offer to the same candidate follows the same rules, and never beside an offer awaiting its answer
 * or after an accepted one (assertCanMakeOffer). `now` is the moment the veto rules read and the offer's date (the
 * demo's, days after its debrief).
 */
export async function createOffer(db: Db, actor: OrgActor, candidateId: string, now = new Date()): Promise<{ id: string }> {
  const access = await candidateAccess(db, actor, candidateId);
  const loopId = requireLoop(access);
  const outcome = await db.transaction().execute(async (trx) => {
    // The close is read under the requisition's lock too: an offer cannot slip in beside a close either. For update:
    // two offers to two candidates lock different loops, and one opening takes one offer (assertOpeningUnfilled).
    const requisition = await holdRequisitionForDecider(trx, access, 'update', 'Only the hiring manager, recruiters and admins make offers.');
    const loop = await trx.selectFrom('loops').select(['decision', 'decided_at']).where('id', '=', loopId).forUpdate().executeTakeFirstOrThrow();
    if (loop.decision === 'no_hire') return { vetoed: true as const };
    assertOfferAllowed(loop.decision);
    await assertCandidateInProcess(trx, candidateId);
    assertOfferOwedAfterClose(requisition.closed_at === null ? null : new Date(requisition.closed_at), new Date(loop.decided_at!));
    assertNoRecentVeto(await vetoesOnOtherRecords(trx, actor.orgId, access.candidate), now);
    // Read under the requisition's lock, which every offer and answer takes: two revised offers at once queue there,
    // and the second reads the first as awaiting its answer.
    const earlier = await offersOf(trx, actor.orgId, candidateId).select(['offers.id', 'offers.created_at', 'offers.answer', 'offers.answered_on']).execute();
    const { isRevised } = assertCanMakeOffer(earlier.map(offerState));
    assertOpeningUnfilled(await hasOfferSinceOpened(trx, { id: access.requisition.id, openedAt: requisition.opened_at }, candidateId), 'offer');
    const offer = await trx.insertInto('offers').values({ org_id: actor.orgId, candidate_id: candidateId, created_by: actor.userId, created_at: now }).returning('id').executeTakeFirstOrThrow();
    const revises = isRevised ? { revisesOfferId: earlier.at(-1)!.id } : {};
    await recordAuditEvent(trx, { at: now, orgId: actor.orgId, actorUserId: actor.userId, action: 'offer.created', subjectType: 'candidate', subjectId: candidateId, data: { offerId: offer.id, ...revises } });
    return { vetoed: false as const, id: offer.id };
  });
  if (outcome.vetoed) {
    await recordAuditEvent(db, { at: now, orgId: actor.orgId, actorUserId: actor.userId, action: 'offer.vetoed', subjectType: 'candidate', subjectId: candidateId, data: { loopId } });
    assertOfferAllowed('no_hire');
  }
  return { id: outcome.id! };
}

/**
 * Records the candidate's answer to their offer (the hiring manager, recruiters and admins: those who make offers),
 * once. A decline frees the requisition's opening (requisition.opening_filled): new candidates, loops, another offer
 * and reinstatements are allowed again; an acceptance keeps it filled, and the requisition is then closed as filled.
 */
export async function answerOffer(db: Db, actor: OrgActor, candidateId: string, input: { answer: string; answeredOn: string; note?: string | null | undefined }, now = new Date()): Promise<void> {
  const access = await candidateAccess(db, actor, candidateId);
  await db.transaction().execute(async (trx) => {
    // For update, as an offer, a reinstatement and a new candidate or loop take it: each reads whether the opening is
    // filled under this lock, so none of them slips in beside a decline or reads an offer half-answered.
    await holdRequisitionForDecider(trx, access, 'update', 'Only the hiring manager, recruiters and admins record the answer to an offer.');
    // The latest offer: the earlier ones were declined, their answers recorded once.
    const offers = await offersOf(trx, actor.orgId, candidateId).select(['offers.id', 'offers.created_at', 'offers.answer', 'offers.answered_on']).forUpdate().execute();
    const offer = offers.at(-1);
    if (!offer) throw ruleViolation('offer.none', 'No offer was made to this candidate: there is no answer to record.');
    const answer = assertCanAnswerOffer(offerState(offer), input, now);
    await trx.updateTable('offers').set({ answer: answer.answer, answered_on: answer.answeredOn, answer_note: answer.note, answered_by: actor.userId, answered_at: now }).where('id', '=', offer.id).execute();
    // The note stays off the audit row: it is about the candidate, and the audit log outlives the confidentiality need.
    await recordAuditEvent(trx, { at: now, orgId: actor.orgId, actorUserId: actor.userId, action: 'offer.answered', subjectType: 'candidate', subjectId: candidateId, data: { offerId: offer.id, requisitionId: access.requisition.id, answer: answer.answer, answeredOn: answer.answeredOn } });
  });
}
