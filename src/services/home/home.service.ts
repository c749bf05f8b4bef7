import { can, type Permission } from '../../domain/accounts/roles.js';
import type { MeetingPhase } from '../../domain/documents/reading-meeting.js';
import { isOpenStage, type OpenStage } from '../../domain/sales/opportunity-rules.js';
import type { Db } from '../../storage/database.js';
import type { OrgActor } from '../context.js';
import { readableBy } from '../documents/document-access.js';
import { listMyOpenMeetings } from '../documents/reading-meetings.service.js';
import { listMyInterviews } from '../hiring/loops.service.js';
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
  | { kind: 'anomaly'; anomalyId: string; deck: { id: string; name: string }; metric: string; firstWeekEnding: string; carriedOver: boolean }
  | { kind: 'reviews_owed'; cycle: { id: string; name: string }; people: { id: string; name: string }[] }
  | { kind: 'deal_past_close'; opportunityId: string; accountName: string; name: string; stage: OpenStage; closeDate: string };

export interface HomeView {
  /** The viewer's person on the org chart, if they are on it. */
  personId: string | null;
  /** The first steps the viewer's role can take, in order. */
  gettingStarted: GettingStartedStep[];
  /** What waits for the viewer, most urgent first. */
  needsYou: NeedsYouItem[];
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

/** Most urgent first: late feedback, a reading under way, feedback due, debriefs, anomalies, meetings ahead, reviews, deals. */
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
    case 'reviews_owed':
      return 6;
    case 'deal_past_close':
      return 7;
  }
}

export async function getHome(db: Db, actor: OrgActor, now: Date): Promise<HomeView> {
  const personId = await findActorPerson(db, actor);
  const [steps, ...groups] = await Promise.all([
    gettingStarted(db, actor, personId),
    interviewItems(db, actor, now),
    meetingItems(db, actor, now),
    anomalyItems(db, actor, personId),
    reviewItems(db, actor, personId),
    dealItems(db, actor, personId, now),
  ]);
  // A stable sort: within one urgency, each service's own order (oldest anomaly first, …) stays.
  const needsYou = groups.flat().sort((a, b) => urgency(a) - urgency(b));
  return { personId, gettingStarted: steps, needsYou };
}
