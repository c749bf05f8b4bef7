import { can, type Permission } from '../../domain/accounts/roles.js';
import type { MeetingPhase } from '../../domain/documents/reading-meeting.js';
import { gateWait, INITIATIVE_RISKS, initiativeRisks, type GateWait, type InitiativeRisk } from '../../domain/initiatives/leadership-attention.js';
import type { InitiativeStage, PipelineStage } from '../../domain/initiatives/stages.js';
import { isOpenStage, type OpenStage } from '../../domain/sales/opportunity-rules.js';
import type { Db } from '../../storage/database.js';
import type { OrgActor } from '../context.js';
import { readableBy } from '../documents/document-access.js';
import { listPressReleasesAwaitingVerdict } from '../documents/document-review.service.js';
import { listMyOpenMeetings, listReadingsAwaitingDecision } from '../documents/reading-meetings.service.js';
import { listMyReviewRequests } from '../documents/review-requests.service.js';
import { listMyInterviews } from '../hiring/loops.service.js';
import { getPipeline, type PipelineRow, type PipelineView } from '../initiatives/pipeline.service.js';
import { findActorPerson } from '../people/people.service.js';
import { listOpportunities } from '../sales/opportunities.service.js';
import { listAnomalies } from '../wbr/wbr-anomalies.service.js';

/**
 * An org's Home: the first steps of a new org (each done when the data says so) and what waits for the signed-in
 * person across the mechanisms. Everything here is read through the services that own it, so what a person may see
 * (confidential candidates, documents shared with readers) is decided where it always is.
 */

export const GETTING_STARTED_STEPS = ['join_org_chart', 'add_people', 'review_principles', 'write_prfaq', 'add_input_metrics', 'set_up_wbr', 'open_requisition'] as const;
export type GettingStartedStepId = (typeof GETTING_STARTED_STEPS)[number];

/** Who may take each step: a step the viewer's role cannot take is not shown to them. */
const STEP_PERMISSION: Record<GettingStartedStepId, Permission> = {
  join_org_chart: 'people.read',
  add_people: 'people.manage',
  review_principles: 'principles.manage',
  write_prfaq: 'documents.write',
  add_input_metrics: 'metrics.write',
  set_up_wbr: 'wbr.write',
  open_requisition: 'hiring.manage',
};

/** Changes to the principles that show someone read them and made them the org's own (the defaults are not audited). */
const PRINCIPLE_CHANGES = ['principle.created', 'principle.edited', 'principle.retired', 'principle.restored', 'principles.reordered'];

export interface GettingStartedStep {
  id: GettingStartedStepId;
  isDone: boolean;
}

export type NeedsYouItem =
  | { kind: 'interview_feedback'; candidateId: string; candidateName: string; requisition: { id: string; role: string; level: number }; interviewAt: string; dueAt: string; isOverdue: boolean; lastReminder: { remindedAt: string; remindedBy: string } | null }
  | { kind: 'run_debrief'; candidateId: string; candidateName: string; requisition: { id: string; role: string; level: number } }
  | { kind: 'reading_meeting'; meetingId: string; documentId: string; documentTitle: string; phase: Exclude<MeetingPhase, 'ended'>; isFacilitator: boolean; isVoteAwaited: boolean }
  | { kind: 'review_requested'; requestId: string; documentId: string; documentTitle: string; requestedBy: { id: string; name: string }; requestedAt: string }
  | { kind: 'anomaly'; anomalyId: string; deck: { id: string; name: string }; metric: string; firstWeekEnding: string; carriedOver: boolean }
  | { kind: 'reviews_owed'; cycle: { id: string; name: string }; people: { id: string; name: string }[] }
  | { kind: 'deal_past_close'; opportunityId: string; accountName: string; name: string; stage: OpenStage; closeDate: string }
  | { kind: 'initiative_you_lead'; initiativeId: string; name: string; stage: InitiativeStage; status: 'active' | 'paused'; gateWait: GateWaitView | null; reasons: RiskReason[] };

/** Why an initiative is at risk, in the words the leadership reads too. */
export type RiskReason = { risk: InitiativeRisk; message: string };

/** How long an initiative has waited at its next gate, and what to do about it. */
export type GateWaitView = GateWait & { since: string };

/**
 * What waits on the leadership across initiatives: decisions nobody has recorded, then initiatives at risk. Each line
 * names the record that resolves it and says why it is listed.
 */
export type LeadershipItem =
  | { kind: 'reading_undecided'; meetingId: string; documentId: string; documentTitle: string; facilitator: { id: string; name: string }; startedAt: string; approvers: { count: number; waitingFor: number } }
  | { kind: 'press_release_unjudged'; documentId: string; documentTitle: string; version: number; votes: { compelling: number; notYet: number }; lastVoteAt: string; initiative: { id: string; name: string } | null }
  | { kind: 'gate_waiting'; initiativeId: string; name: string; stage: InitiativeStage; nextStage: PipelineStage; since: string; days: number; message: string }
  | { kind: 'initiative_at_risk'; initiativeId: string; name: string; stage: InitiativeStage; status: 'active' | 'paused'; stl: { id: string; name: string } | null; reasons: RiskReason[] };

export interface HomeView {
  /** The viewer's person on the org chart, if they are on it. */
  personId: string | null;
  /** The first steps the viewer's role can take, in order. */
  gettingStarted: GettingStartedStep[];
  /** What waits for the viewer, most urgent first. */
  needsYou: NeedsYouItem[];
  /**
   * What waits on the leadership across initiatives; null for a role that does not oversee the pipeline. The
   * initiatives the viewer leads are left out: they are in `needsYou`, once, with every reason.
   */
  leadership: LeadershipItem[] | null;
}

async function exists(query: { executeTakeFirst(): Promise<unknown> }): Promise<boolean> {
  return (await query.executeTakeFirst()) !== undefined;
}

async function stepDone(db: Db, actor: OrgActor, step: GettingStartedStepId, personId: string | null): Promise<boolean> {
  const { orgId } = actor;
  switch (step) {
    case 'join_org_chart':
      return personId !== null;
    case 'add_people':
      // Someone on the chart besides the viewer.
      return exists(db.selectFrom('people').select('id').where('org_id', '=', orgId).where('left_on', 'is', null).where((eb) => eb.or([eb('user_id', 'is', null), eb('user_id', '!=', actor.userId)])).limit(1));
    case 'review_principles':
      return exists(db.selectFrom('audit_events').select('id').where('org_id', '=', orgId).where('action', 'in', PRINCIPLE_CHANGES).limit(1));
    case 'write_prfaq':
      return exists(db.selectFrom('documents').select('id').where('org_id', '=', orgId).where('kind', '=', 'prfaq').where(readableBy(actor)).limit(1));
    case 'add_input_metrics':
      return exists(db.selectFrom('metrics').select('id').where('org_id', '=', orgId).where('kind', '=', 'input').limit(1));
    case 'set_up_wbr':
      return exists(db.selectFrom('wbr_decks').select('id').where('org_id', '=', orgId).limit(1));
    case 'open_requisition':
      return exists(db.selectFrom('requisitions').select('id').where('org_id', '=', orgId).limit(1));
  }
}

async function gettingStarted(db: Db, actor: OrgActor, personId: string | null): Promise<GettingStartedStep[]> {
  const steps = GETTING_STARTED_STEPS.filter((step) => can(actor.role, STEP_PERMISSION[step]));
  return Promise.all(steps.map(async (id) => ({ id, isDone: await stepDone(db, actor, id, personId) })));
}

async function interviewItems(db: Db, actor: OrgActor, now: Date): Promise<NeedsYouItem[]> {
  if (!can(actor.role, 'hiring.read')) return [];
  // Only the viewer's own seats: a confidential candidate appears to the people in its loop and nobody else.
  const interviews = await listMyInterviews(db, actor, now);
  return interviews.flatMap((interview): NeedsYouItem[] => {
    const common = { candidateId: interview.candidateId, candidateName: interview.candidateName, requisition: interview.requisition };
    // A shadow owes no scorecard (no due date): theirs is welcome, but nothing waits on it.
    if (interview.next === 'feedback' && interview.dueAt !== null) return [{ kind: 'interview_feedback', ...common, interviewAt: interview.interviewAt, dueAt: interview.dueAt, isOverdue: interview.isOverdue, lastReminder: interview.lastReminder }];
    if (interview.next === 'run_debrief') return [{ kind: 'run_debrief', ...common }];
    return [];
  });
}

async function meetingItems(db: Db, actor: OrgActor, now: Date): Promise<NeedsYouItem[]> {
  if (!can(actor.role, 'documents.read')) return [];
  const meetings = (await listMyOpenMeetings(db, actor, now)).filter((meeting) => meeting.phase !== 'ended');
  if (meetings.length === 0) return [];
  const mine = await db
    .selectFrom('reading_meeting_attendees')
    .select(['meeting_id', 'is_approver', 'vote'])
    .where('org_id', '=', actor.orgId)
    .where('user_id', '=', actor.userId)
    .where('meeting_id', 'in', meetings.map((meeting) => meeting.id))
    .execute();
  const seatOf = new Map(mine.map((row) => [row.meeting_id, row]));
  return meetings.map((meeting): NeedsYouItem => {
    const seat = seatOf.get(meeting.id);
    return {
      kind: 'reading_meeting',
      meetingId: meeting.id,
      documentId: meeting.documentId,
      documentTitle: meeting.documentTitle,
      phase: meeting.phase as Exclude<MeetingPhase, 'ended'>,
      isFacilitator: meeting.facilitator.id === actor.userId,
      isVoteAwaited: seat !== undefined && seat.is_approver && seat.vote === null,
    };
  });
}

/** Documents an author asked the viewer to review, until the viewer votes on them or the request is withdrawn. */
async function reviewRequestItems(db: Db, actor: OrgActor): Promise<NeedsYouItem[]> {
  if (!can(actor.role, 'documents.read')) return [];
  const requests = await listMyReviewRequests(db, actor);
  return requests.map((request) => ({ kind: 'review_requested', requestId: request.id, documentId: request.documentId, documentTitle: request.documentTitle, requestedBy: request.requestedBy, requestedAt: request.requestedAt }));
}

async function anomalyItems(db: Db, actor: OrgActor, personId: string | null): Promise<NeedsYouItem[]> {
  if (personId === null || !can(actor.role, 'wbr.read')) return [];
  const anomalies = await listAnomalies(db, actor, { status: 'open', ownerPersonId: personId });
  return anomalies.map((anomaly) => ({ kind: 'anomaly', anomalyId: anomaly.id, deck: anomaly.deck, metric: anomaly.metric, firstWeekEnding: anomaly.firstWeekEnding, carriedOver: anomaly.carriedOver }));
}

/** Per open review cycle, the viewer's direct reports who have no review in it yet (managers review those below them). */
async function reviewItems(db: Db, actor: OrgActor, personId: string | null): Promise<NeedsYouItem[]> {
  if (personId === null || !can(actor.role, 'people.read')) return [];
  const [cycles, reports] = await Promise.all([
    db.selectFrom('review_cycles').select(['id', 'name']).where('org_id', '=', actor.orgId).where('status', '=', 'open').orderBy('created_at').execute(),
    db.selectFrom('people').select(['id', 'name']).where('org_id', '=', actor.orgId).where('manager_id', '=', personId).where('left_on', 'is', null).orderBy('name').execute(),
  ]);
  if (cycles.length === 0 || reports.length === 0) return [];
  const reviewed = await db
    .selectFrom('reviews')
    .select(['cycle_id', 'person_id'])
    .where('org_id', '=', actor.orgId)
    .where('cycle_id', 'in', cycles.map((cycle) => cycle.id))
    .where('person_id', 'in', reports.map((report) => report.id))
    .execute();
  const done = new Set(reviewed.map((review) => `${review.cycle_id}/${review.person_id}`));
  return cycles.flatMap((cycle): NeedsYouItem[] => {
    const people = reports.filter((report) => !done.has(`${cycle.id}/${report.id}`));
    return people.length === 0 ? [] : [{ kind: 'reviews_owed', cycle, people }];
  });
}

/** The viewer's open deals whose expected close date has passed: the deal moved on or the date is wrong. */
async function dealItems(db: Db, actor: OrgActor, personId: string | null, now: Date): Promise<NeedsYouItem[]> {
  if (personId === null || !can(actor.role, 'sales.read')) return [];
  const today = now.toISOString().slice(0, 10);
  const { opportunities } = await listOpportunities(db, actor, { ownerPersonId: personId });
  return opportunities
    .flatMap((deal): Array<Extract<NeedsYouItem, { kind: 'deal_past_close' }>> => {
      const { stage, closeDate } = deal;
      return isOpenStage(stage) && closeDate !== null && closeDate < today ? [{ kind: 'deal_past_close', opportunityId: deal.id, accountName: deal.accountName, name: deal.name, stage, closeDate }] : [];
    })
    .sort((a, b) => a.closeDate.localeCompare(b.closeDate));
}

/**
 * Most urgent first: late feedback, a reading under way, feedback due, debriefs, anomalies and initiatives, documents
 * to review, meetings ahead, reviews, deals.
 */
function urgency(item: NeedsYouItem): number {
  switch (item.kind) {
    case 'interview_feedback':
      return item.isOverdue ? 0 : 2;
    case 'reading_meeting':
      return item.phase === 'scheduled' ? 5 : 1;
    case 'run_debrief':
      return 3;
    case 'anomaly':
      return 4;
    case 'review_requested':
      return 4.5;
    case 'reviews_owed':
      return 6;
    case 'deal_past_close':
      return 7;
    case 'initiative_you_lead':
      return 4;
  }
}

/** What the leadership is told about one initiative of a pipeline list: its wait at a gate, and its risks. */
interface InitiativeAttention {
  row: PipelineRow & { status: 'active' | 'paused' };
  wait: GateWaitView | null;
  reasons: RiskReason[];
}

/**
 * The living initiatives of a pipeline list that wait at a gate or are at risk, in the list's order. The leadership's
 * lines and a leader's own are both made from this, so they say the same thing about the same initiative.
 */
function initiativesNeedingAttention(pipeline: PipelineView, now: Date): InitiativeAttention[] {
  return pipeline.initiatives.flatMap((row): InitiativeAttention[] => {
    const { status } = row;
    if (status === 'done') return [];
    const wait = gateWait(row, now);
    const standing = pipeline.attention.filter((problem) => problem.initiativeId === row.id).map((problem) => ({ risk: 'stage_unsupported' as const, message: problem.message }));
    const reasons = [...standing, ...initiativeRisks(row)];
    if (wait === null && reasons.length === 0) return [];
    return [{ row: { ...row, status }, wait: wait === null ? null : { ...wait, since: row.stageChangedAt }, reasons }];
  });
}

/**
 * The initiatives the viewer is the single-threaded leader of that wait at a gate or are at risk: one line each, with
 * every reason, read through the pipeline list as the leadership's lines are.
 */
async function initiativesYouLead(db: Db, actor: OrgActor, personId: string | null, now: Date): Promise<NeedsYouItem[]> {
  if (personId === null || !can(actor.role, 'people.read')) return [];
  const pipeline = await getPipeline(db, actor, { stlPersonId: personId });
  return initiativesNeedingAttention(pipeline, now).map(({ row, wait, reasons }): NeedsYouItem => ({ kind: 'initiative_you_lead', initiativeId: row.id, name: row.name, stage: row.stage, status: row.status, gateWait: wait, reasons }));
}

/**
 * The leadership's lines, each read through the service that owns the fact: the documents services for readings and
 * verdicts (under the viewer's document rights), the pipeline list for stages, leaders, open roles, anomalies and
 * its "Needs attention" (one batch of queries for every initiative, the same numbers the pipeline page shows).
 */
async function leadershipItems(db: Db, actor: OrgActor, personId: string | null, now: Date): Promise<LeadershipItem[] | null> {
  if (!can(actor.role, 'pipeline.oversee')) return null;
  const [readings, pressReleases, pipeline] = await Promise.all([
    can(actor.role, 'documents.read') ? listReadingsAwaitingDecision(db, actor, now) : [],
    can(actor.role, 'documents.read') ? listPressReleasesAwaitingVerdict(db, actor) : [],
    getPipeline(db, actor),
  ]);
  const initiativeOfPrfaq = new Map(pipeline.initiatives.filter((row) => row.prfaq !== null && row.stage !== 'killed').map((row) => [row.prfaq!.id, { id: row.id, name: row.name }]));
  const decisions: LeadershipItem[] = [
    ...readings.map((reading): LeadershipItem => ({ kind: 'reading_undecided', meetingId: reading.id, documentId: reading.documentId, documentTitle: reading.documentTitle, facilitator: reading.facilitator, startedAt: reading.startedAt, approvers: reading.approvers })),
    ...pressReleases.map((release): LeadershipItem => ({
      kind: 'press_release_unjudged',
      documentId: release.documentId,
      documentTitle: release.title,
      version: release.version,
      votes: { compelling: release.tally.compelling, notYet: release.tally.notYet },
      lastVoteAt: release.lastVoteAt,
      initiative: initiativeOfPrfaq.get(release.documentId) ?? null,
    })),
  ];
  // An initiative the viewer leads is theirs to act on: "Needs you" lists it, and it is not said twice here.
  const others = initiativesNeedingAttention(pipeline, now).filter(({ row }) => personId === null || row.stl?.id !== personId);
  const waits = others
    .flatMap(({ row, wait }): LeadershipItem[] => (wait === null ? [] : [{ kind: 'gate_waiting', initiativeId: row.id, name: row.name, stage: row.stage, nextStage: wait.nextStage, since: wait.since, days: wait.days, message: wait.message }]))
    // The longest wait first.
    .sort((a, b) => (a.kind === 'gate_waiting' && b.kind === 'gate_waiting' ? b.days - a.days : 0));
  const risks = others.flatMap(({ row, reasons }): LeadershipItem[] => (reasons.length === 0 ? [] : [{ kind: 'initiative_at_risk', initiativeId: row.id, name: row.name, stage: row.stage, status: row.status, stl: row.stl, reasons }]));
  // The gravest first (nobody leads it, before open anomalies and open roles); within one, the pipeline's order.
  const gravity = (item: LeadershipItem) => (item.kind === 'initiative_at_risk' ? Math.min(...item.reasons.map((reason) => INITIATIVE_RISKS.indexOf(reason.risk))) : 0);
  risks.sort((a, b) => gravity(a) - gravity(b));
  return [...decisions, ...waits, ...risks];
}

export async function getHome(db: Db, actor: OrgActor, now: Date): Promise<HomeView> {
  const personId = await findActorPerson(db, actor);
  const [steps, ...groups] = await Promise.all([
    gettingStarted(db, actor, personId),
    interviewItems(db, actor, now),
    meetingItems(db, actor, now),
    reviewRequestItems(db, actor),
    anomalyItems(db, actor, personId),
    reviewItems(db, actor, personId),
    dealItems(db, actor, personId, now),
    initiativesYouLead(db, actor, personId, now),
  ]);
  const leadership = await leadershipItems(db, actor, personId, now);
  // A stable sort: within one urgency, each service's own order (oldest anomaly first, …) stays.
  const needsYou = groups.flat().sort((a, b) => urgency(a) - urgency(b));
  return { personId, gettingStarted: steps, needsYou, leadership };
}
