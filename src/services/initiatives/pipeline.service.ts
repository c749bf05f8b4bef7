import { sql } from 'kysely';
import { can } from '../../domain/accounts/roles.js';
import { AppError, notFound } from '../../domain/errors.js';
import type { MeetingDecision } from '../../domain/documents/reading-meeting.js';
import { assertCanMove, assertDocumentFree, assertNotAwaitingReading, assertStageAsSeen, assertDocumentLinkChangeable, GATE_EVIDENCE, gateChecks, gatedStage, nextStage, readingDecisionReason, stageAfterReading, standingProblems, type GateCheck, type PipelineFacts } from '../../domain/initiatives/pipeline-rules.js';
import { INITIATIVE_STAGES, type InitiativeStage, type PipelineStage } from '../../domain/initiatives/stages.js';
import { findOrgViolations } from '../../domain/people/single-threaded-rules.js';
import { normaliseUnitName } from '../../domain/people/people-rules.js';
import { parseWritingDocument } from '../../domain/writing/document-model.js';
import type { Db } from '../../storage/database.js';
import { recordAuditEvent } from '../audit/audit.service.js';
import { requirePermission, type OrgActor } from '../context.js';
import { loadReadableDocument, loadVersionBody, loadVoteTally, readableBy, userNames } from '../documents/document-access.js';
import { lintStoredVersion } from '../documents/document-lint.service.js';
import { changeOrgStructure, changeOrgStructureIn, loadOrgState, lockOrgStructure } from '../people/org-state.js';
import { assertInitiativeNameFree, initiativeEditToken } from '../people/org-structure.service.js';
import { targetStatus, type TargetStatus } from '../../domain/metrics/metric-rules.js';
import { nameKey } from '../../domain/names.js';
import type { SignalRule } from '../../domain/wbr-review/review-rules.js';
import { latestPublishedWeeks, type PublishedMetricWeek } from '../wbr/wbr-metric-weeks.service.js';
import { listInitiativeRequisitions, type RequisitionView } from '../hiring/requisitions.service.js';

/**
 * The initiative pipeline: one record per initiative that ties its PR/FAQ, its memo and reading review, its
 * single-threaded leader and team, and its input metrics to the stage it is at. Every gate reads the other
 * mechanisms' own records (verdicts, meetings, allocations, the metric catalog), so a stage cannot claim what
 * the documents and the org do not show.
 */

export interface LinkedDocument {
  id: string;
  /** Null for a document the viewer may not read: its existence is shown, not its title. */
  title: string | null;
  kind: 'prfaq' | 'memo';
}

export interface PipelineItem {
  id: string;
  name: string;
  stage: InitiativeStage;
  status: 'active' | 'paused' | 'done';
  stl: { id: string; name: string } | null;
  stageChangedAt: string;
  prfaq: LinkedDocument | null;
  memo: LinkedDocument | null;
}

export interface TransitionView {
  from: InitiativeStage;
  to: InitiativeStage;
  reason: string;
  /** The account that moved it (`id` is a user id), and its person in the org chart (`personId`) when it has one. */
  by: { id: string; name: string; personId: string | null } | null;
  at: string;
  /**
   * What the move stood on, for the history to lead to: the document and version its gate read (the PR/FAQ whose
   * verdict or FAQ it judged, the memo whose checks it passed) and the reading meeting whose decision passed it or
   * moved it. Null when it read none (a move back, a kill by hand, a gate on people or metrics), for a move made
   * before Pulse kept it, and for a document the viewer may not read (nor its meeting).
   */
  source: TransitionSource | null;
}

export interface TransitionSource {
  /** `verdict`: the PR/FAQ's review; `document`: the document's version as the gate read it; `reading`: a reading meeting's decision. */
  kind: 'verdict' | 'document' | 'reading';
  document: { id: string; kind: 'prfaq' | 'memo'; version: number | null };
  readingMeetingId: string | null;
}

/** What a move records of its source (see TransitionSource), in the transaction that makes it. */
interface MoveEvidence {
  documentId: string | null;
  documentVersion: number | null;
  readingMeetingId: string | null;
}

export interface InitiativeRecord extends PipelineItem {
  transitions: TransitionView[];
  /** The stage a move forward would enter, and whether its gate is open; null once launched or killed. */
  next: { stage: PipelineStage; checks: GateCheck[] } | null;
  /**
   * The stage it entered the pipeline at: `idea`, or a later one for work that started before Pulse (recorded by an
   * admin at its real stage; the gates before it were never checked, and the record says so).
   */
  enteredAt: InitiativeStage;
  /** The requisitions of its teams (open ones first): who it is hiring. Roles only; candidates stay confidential. */
  hiring: RequisitionView[];
  /** Its metrics, each with where the business review last showed it (null when no published week charts it). */
  /** `targetStatus`: whether the last published week met the catalog target (null without either). */
  metrics: Array<{ id: string; name: string; kind: 'input' | 'output'; controllable: boolean; unit: string; target: number | null; targetStatus: TargetStatus | null; lastWeek: PublishedMetricWeek | null }>;
  teams: Array<{ id: string; name: string; isSingleThreaded: boolean }>;
  /**
   * The unresolved anomalies on its metrics in the decks their `lastWeek` comes from (the ones those counts count),
   * latest first: what a review asks of a metric after "is it on target".
   */
  anomalies: InitiativeAnomaly[];
  /**
   * At its reading review with a reading of its memo started and not ended: the approvers' decision will move it, so
   * it is not moved by hand meanwhile, except killed (assertNotAwaitingReading).
   */
  isReadingUnderWay: boolean;
  /** Send it back as `baseToken` with a change to the initiative (its leader): one made since refuses it (409). */
  editToken: string;
}

/**
 * A line of the pipeline: the item, with what a quarterly review asks of every initiative at a glance (who it is
 * hiring, what its metrics say) so nobody opens ten records to learn it. The record has the detail behind each count.
 */
export interface PipelineRow extends PipelineItem {
  /** Open requisitions of the teams working on it; null for a role that may not read hiring. */
  openRoles: number | null;
  /**
   * Its metrics in the catalog, and the open anomalies the latest published business review week shows on them
   * (the record's `lastWeek.unresolvedAnomalies`, summed); null when no published week charts any of them, or the
   * role may not read the review.
   */
  metrics: { count: number; openAnomalies: number | null };
}

export interface InitiativeAnomaly {
  id: string;
  metric: string;
  deck: { id: string; name: string };
  rule: SignalRule;
  direction: 'up' | 'down';
  firstWeekEnding: string;
  lastWeekEnding: string;
  status: 'open' | 'explained';
  rootCause: string;
  owner: { id: string; name: string } | null;
}

export interface PipelineView {
  counts: Record<InitiativeStage, number>;
  initiatives: PipelineRow[];
  /** Active initiatives that lack what their stage stands on (see `standingProblems`). */
  attention: Array<{ initiativeId: string; name: string; rule: GateCheck['rule']; message: string }>;
}

/** How a gate's message names a linked document whose title the viewer may not read. */
const WITHHELD_TITLE = 'a document you cannot read';

const itemColumns = [
  'initiatives.id', 'initiatives.name', 'initiatives.stage', 'initiatives.status', 'initiatives.stl_person_id', 'initiatives.stage_changed_at',
  'initiatives.prfaq_document_id', 'initiatives.memo_document_id', 'people.name as stl_name',
] as const;

/**
 * Initiatives with their linked documents, as `actor` may see them: the title of a document they may not read is
 * withheld, and asking by such a document (`documentId`) finds nothing, so the pipeline tells nobody what a
 * restricted document is about or which initiative it argues for.
 */
async function loadItems(db: Db, actor: OrgActor, filter: { initiativeId?: string | undefined; documentId?: string | undefined; stlPersonId?: string | undefined } = {}): Promise<PipelineItem[]> {
  const orgId = actor.orgId;
  const { documentId } = filter;
  if (documentId !== undefined) {
    const readable = await db.selectFrom('documents').select('id').where('org_id', '=', orgId).where('id', '=', documentId).where(readableBy(actor)).executeTakeFirst();
    if (!readable) return [];
  }
  let query = db
    .selectFrom('initiatives')
    .leftJoin('people', 'people.id', 'initiatives.stl_person_id')
    .select(itemColumns)
    .where('initiatives.org_id', '=', orgId);
  if (filter.initiativeId !== undefined) query = query.where('initiatives.id', '=', filter.initiativeId);
  if (filter.stlPersonId !== undefined) query = query.where('initiatives.stl_person_id', '=', filter.stlPersonId);
  if (documentId !== undefined) query = query.where((eb) => eb.or([eb('initiatives.prfaq_document_id', '=', documentId), eb('initiatives.memo_document_id', '=', documentId)]));
  const rows = await query.orderBy('initiatives.stage_changed_at', 'desc').orderBy('initiatives.name').execute();
  const documentIds = rows.flatMap((row) => [row.prfaq_document_id, row.memo_document_id]).filter((id): id is string => id !== null);
  const documents = documentIds.length === 0 ? [] : await db
    .selectFrom('documents')
    .innerJoin('document_versions', (join) => join.onRef('document_versions.document_id', '=', 'documents.id').onRef('document_versions.version', '=', 'documents.current_version'))
    .select((eb) => ['documents.id', 'documents.kind', 'document_versions.title', readableBy(actor)(eb).as('is_readable')])
    .where('documents.org_id', '=', orgId)
    .where('documents.id', 'in', documentIds)
    .execute();
  const byId = new Map(documents.map((document) => [document.id, { id: document.id, title: document.is_readable ? document.title : null, kind: document.kind }]));
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    stage: row.stage,
    status: row.status,
    stl: row.stl_person_id === null ? null : { id: row.stl_person_id, name: row.stl_name ?? '' },
    stageChangedAt: new Date(row.stage_changed_at).toISOString(),
    prfaq: row.prfaq_document_id === null ? null : byId.get(row.prfaq_document_id) ?? null,
    memo: row.memo_document_id === null ? null : byId.get(row.memo_document_id) ?? null,
  }));
}

/**
 * The pipeline; with `documentId`, only the initiatives that document is the PR/FAQ or memo of; with `stlPersonId`,
 * only those that person is the single-threaded leader of (Home's "Needs you"). Counts follow the filter.
 */
export async function getPipeline(db: Db, actor: OrgActor, filter: { documentId?: string | undefined; stlPersonId?: string | undefined } = {}): Promise<PipelineView> {
  requirePermission(actor, 'people.read');
  const initiatives = await loadItems(db, actor, filter);
  const counts = Object.fromEntries(INITIATIVE_STAGES.map((stage) => [stage, 0])) as Record<InitiativeStage, number>;
  for (const initiative of initiatives) counts[initiative.stage]++;
  const watched = initiatives.filter((initiative) => initiative.status === 'active' && (initiative.stage === 'building' || initiative.stage === 'launched')).map((initiative) => initiative.id);
  const [teams, metrics] = watched.length === 0 ? [[], []] : await Promise.all([
    db.selectFrom('teams').select(['initiative_id', sql<number>`count(*)::int`.as('count')]).where('org_id', '=', actor.orgId).where('is_single_threaded', '=', true).where('initiative_id', 'in', watched).groupBy('initiative_id').execute(),
    db.selectFrom('metrics').select(['initiative_id', sql<number>`count(*)::int`.as('count')]).where('org_id', '=', actor.orgId).where('kind', '=', 'input').where('controllable', '=', true).where('initiative_id', 'in', watched).groupBy('initiative_id').execute(),
  ]);
  const countOf = (rows: ReadonlyArray<{ initiative_id: string | null; count: number }>, id: string) => rows.find((row) => row.initiative_id === id)?.count ?? 0;
  const attention = initiatives.flatMap((initiative) => standingProblems(initiative, { singleThreadedTeams: countOf(teams, initiative.id), controllableInputMetrics: countOf(metrics, initiative.id) })
    .map((problem) => ({ initiativeId: initiative.id, name: initiative.name, rule: problem.rule, message: problem.message })));
  return { counts, initiatives: await withOverview(db, actor, initiatives), attention };
}

/** Adds to each item its open roles and its metrics' open anomalies, read in three queries for the whole list. */
async function withOverview(db: Db, actor: OrgActor, items: PipelineItem[]): Promise<PipelineRow[]> {
  const ids = items.map((item) => item.id);
  const canReadHiring = can(actor.role, 'hiring.read');
  const [metrics, openRoles] = ids.length === 0 ? [[], []] : await Promise.all([
    db.selectFrom('metrics').select(['name', 'initiative_id']).where('org_id', '=', actor.orgId).where('initiative_id', 'in', ids).execute(),
    canReadHiring
      ? db.selectFrom('requisitions').innerJoin('teams', 'teams.id', 'requisitions.team_id').select(['teams.initiative_id', sql<number>`count(*)::int`.as('count')])
        .where('requisitions.org_id', '=', actor.orgId).where('requisitions.status', '=', 'open').where('teams.initiative_id', 'in', ids).groupBy('teams.initiative_id').execute()
      : [],
  ]);
  // The same weeks the record shows, so the counts here and there agree.
  const weeks = can(actor.role, 'wbr.read') && metrics.length > 0 ? await latestPublishedWeeks(db, actor.orgId, metrics.map((metric) => metric.name)) : new Map<string, PublishedMetricWeek>();
  return items.map((item) => {
    const charted = metrics.filter((metric) => metric.initiative_id === item.id).map((metric) => weeks.get(nameKey(metric.name)) ?? null);
    const published = charted.filter((week): week is PublishedMetricWeek => week !== null);
    return {
      ...item,
      openRoles: canReadHiring ? openRoles.find((row) => row.initiative_id === item.id)?.count ?? 0 : null,
      metrics: { count: charted.length, openAnomalies: published.length === 0 ? null : published.reduce((sum, week) => sum + week.unresolvedAnomalies, 0) },
    };
  });
}

/**
 * What the gate into `stage` reads about one initiative, in the transaction that will act on it; the evidence
 * other gates read is left out (a memo is not linted, nor the org's allocations loaded, for a press release).
 * Without a stage (a move back, a kill) no gate is passed and nothing is read.
 */
async function loadPipelineFacts(db: Db, actor: OrgActor, item: PipelineItem, stage: PipelineStage | null): Promise<PipelineFacts> {
  const orgId = actor.orgId;
  const needed = new Set(stage === null ? [] : GATE_EVIDENCE[stage]);
  const prfaq = async (): Promise<PipelineFacts['prfaq']> => {
    if (item.prfaq === null) return null;
    const document = await db.selectFrom('documents').select(['id', 'current_version']).where('org_id', '=', orgId).where('id', '=', item.prfaq.id).executeTakeFirstOrThrow();
    const [verdict, version] = await Promise.all([
      currentVerdict(db, orgId, document.id, document.current_version),
      loadVersionBody(db, orgId, document.id, document.current_version),
    ]);
    const entries = parseWritingDocument(version.body, 'prfaq').faq;
    // A verdict judges one draft: once a new one is saved, the gate waits for a verdict on it (and says which
    // version was judged before, so the author knows why a compelling press release no longer opens it).
    const earlier = verdict === undefined
      ? await db.selectFrom('document_verdicts').select('version').where('org_id', '=', orgId).where('document_id', '=', document.id).where('version', '<', document.current_version).orderBy('id', 'desc').limit(1).executeTakeFirst()
      : undefined;
    return {
      title: item.prfaq.title ?? WITHHELD_TITLE,
      currentVersion: document.current_version,
      verdict: verdict?.verdict ?? null,
      verdictTally: verdict === undefined ? null : await loadVoteTally(db, orgId, document.id, document.current_version),
      judgedEarlierVersion: earlier?.version ?? null,
      faq: {
        external: entries.filter((entry) => entry.audience === 'external').length,
        internal: entries.filter((entry) => entry.audience === 'internal').length,
        unanswered: entries.filter((entry) => entry.answerWords === 0).length,
      },
    };
  };
  const memo = async (): Promise<PipelineFacts['memo']> => {
    if (item.memo === null) return null;
    const document = await db.selectFrom('documents').select(['id', 'kind', 'current_version']).where('org_id', '=', orgId).where('id', '=', item.memo.id).executeTakeFirstOrThrow();
    const [lint, meeting] = await Promise.all([
      lintStoredVersion(db, actor, document, document.current_version),
      db.selectFrom('reading_meetings').select(['decision', 'version', 'started_at']).where('org_id', '=', orgId).where('document_id', '=', document.id).where('decision', 'is not', null)
        .orderBy('ended_at', 'desc').limit(1).executeTakeFirst(),
    ]);
    return {
      title: item.memo.title ?? WITHHELD_TITLE,
      lintErrors: lint.errorCount,
      readingDecision: meeting?.decision ?? null,
      currentVersion: document.current_version,
      readingVersion: meeting?.version ?? null,
      // The same test applyReadingDecision makes: a reading that began before the initiative came (back) to its
      // review decided an earlier round.
      isReadingBeforeReview: meeting !== undefined && (meeting.started_at === null || new Date(item.stageChangedAt).getTime() > new Date(meeting.started_at).getTime()),
    };
  };
  const leadership = async (): Promise<PipelineFacts['leadership']> => {
    // The leadership rules as they would stand with this initiative staffed: its own problems are the gate's.
    const state = await loadOrgState(db, orgId);
    const staffed = { ...state, initiatives: state.initiatives.map((initiative) => (initiative.id === item.id ? { ...initiative, stage: 'staffing' as const, status: 'active' as const } : initiative)) };
    const problems = findOrgViolations(staffed).filter((violation) => violation.initiativeId === item.id || (violation.rule === 'stl.single_initiative' && violation.personId === item.stl?.id));
    return { stlName: item.stl?.name ?? null, problems: problems.map((violation) => violation.message) };
  };
  const count = async (query: Promise<{ count: number }>): Promise<number> => (await query).count;
  const [prfaqFacts, memoFacts, leadershipFacts, teams, metrics] = await Promise.all([
    needed.has('prfaq') ? prfaq() : null,
    needed.has('memo') ? memo() : null,
    needed.has('leadership') ? leadership() : { stlName: null, problems: [] },
    needed.has('singleThreadedTeams') ? count(db.selectFrom('teams').select(sql<number>`count(*)::int`.as('count')).where('org_id', '=', orgId).where('initiative_id', '=', item.id).where('is_single_threaded', '=', true).executeTakeFirstOrThrow()) : 0,
    needed.has('controllableInputMetrics')
      ? count(db.selectFrom('metrics').select(sql<number>`count(*)::int`.as('count')).where('org_id', '=', orgId).where('initiative_id', '=', item.id).where('kind', '=', 'input').where('controllable', '=', true).executeTakeFirstOrThrow())
      : 0,
  ]);
  return { stage: item.stage, status: item.status, prfaq: prfaqFacts, memo: memoFacts, leadership: leadershipFacts, singleThreadedTeams: teams, controllableInputMetrics: metrics };
}

async function requireItem(db: Db, actor: OrgActor, initiativeId: string): Promise<PipelineItem> {
  const [item] = await loadItems(db, actor, { initiativeId });
  if (item === undefined) throw notFound('Initiative');
  return item;
}

export async function getInitiativeRecord(db: Db, actor: OrgActor, initiativeId: string): Promise<InitiativeRecord> {
  requirePermission(actor, 'people.read');
  const item = await requireItem(db, actor, initiativeId);
  const [transitions, metrics, teams] = await Promise.all([
    db.selectFrom('initiative_transitions').selectAll().where('org_id', '=', actor.orgId).where('initiative_id', '=', initiativeId).orderBy('id', 'desc').execute(),
    db.selectFrom('metrics').select(['id', 'name', 'kind', 'controllable', 'unit', 'target', 'good_direction']).where('org_id', '=', actor.orgId).where('initiative_id', '=', initiativeId).orderBy('name').execute(),
    db.selectFrom('teams').select(['id', 'name', 'is_single_threaded']).where('org_id', '=', actor.orgId).where('initiative_id', '=', initiativeId).orderBy('name').execute(),
  ]);
  const actorIds = [...new Set(transitions.map((transition) => transition.actor_user_id).filter((id): id is string => id !== null))];
  const [names, weeks, hiring, sourceDocuments, actorPeople] = await Promise.all([
    userNames(db, transitions.map((transition) => transition.actor_user_id)),
    can(actor.role, 'wbr.read') ? latestPublishedWeeks(db, actor.orgId, metrics.map((metric) => metric.name)) : Promise.resolve(new Map<string, PublishedMetricWeek>()),
    can(actor.role, 'hiring.read') ? listInitiativeRequisitions(db, actor, initiativeId) : Promise.resolve([]),
    readableKinds(db, actor, transitions.map((transition) => transition.document_id)),
    // Who moved it, as a person of the org chart, so the history leads to their page.
    actorIds.length === 0 ? [] : db.selectFrom('people').select(['id', 'user_id']).where('org_id', '=', actor.orgId).where('user_id', 'in', actorIds).execute(),
  ]);
  const stage = nextStage(item.stage);
  const [readingUnderWay, anomalies] = await Promise.all([memoReadingUnderWay(db, actor.orgId, item), unresolvedAnomalies(db, actor.orgId, metrics.map((metric) => metric.name), weeks)]);
  // Recruiters read the pipeline but not documents: the gate of the next stage is shown to those who can move it.
  const canMove = can(actor.role, 'pipeline.write');
  return {
    ...item,
    transitions: transitions.map((transition) => ({
      from: transition.from_stage,
      to: transition.to_stage,
      reason: transition.reason,
      by: transition.actor_user_id === null ? null : { id: transition.actor_user_id, name: names.get(transition.actor_user_id) ?? '', personId: actorPeople.find((person) => person.user_id === transition.actor_user_id)?.id ?? null },
      at: new Date(transition.created_at).toISOString(),
      source: transitionSource(transition, sourceDocuments),
    })),
    next: stage === null || !canMove ? null : { stage, checks: gateChecks(await loadPipelineFacts(db, actor, item, stage), stage) },
    // Transitions are newest first: the oldest one left the stage it entered at; without any, it is still there.
    enteredAt: transitions.at(-1)?.from_stage ?? item.stage,
    metrics: metrics.map((metric) => {
      const lastWeek = weeks.get(nameKey(metric.name)) ?? null;
      return { id: metric.id, name: metric.name, kind: metric.kind, controllable: metric.controllable, unit: metric.unit, target: metric.target, targetStatus: targetStatus(lastWeek?.valueForTarget ?? null, metric.target, metric.good_direction), lastWeek };
    }),
    hiring,
    teams: teams.map((team) => ({ id: team.id, name: team.name, isSingleThreaded: team.is_single_threaded })),
    anomalies,
    isReadingUnderWay: readingUnderWay !== null,
    editToken: initiativeEditToken({ name: item.name, status: item.status, stl_person_id: item.stl?.id ?? null }),
  };
}

/** The kind of each of these documents the actor may read; the others are left out (their moves show no source). */
async function readableKinds(db: Db, actor: OrgActor, documentIds: ReadonlyArray<string | null>): Promise<Map<string, 'prfaq' | 'memo'>> {
  const ids = [...new Set(documentIds.filter((id): id is string => id !== null))];
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('documents').select(['id', 'kind']).where('org_id', '=', actor.orgId).where('id', 'in', ids).where(readableBy(actor)).execute();
  return new Map(rows.map((row) => [row.id, row.kind]));
}

/** A history line's source, as a reader who may open its document sees it (see TransitionView.source). */
function transitionSource(transition: { document_id: string | null; document_version: number | null; reading_meeting_id: string | null; to_stage: InitiativeStage }, readable: ReadonlyMap<string, 'prfaq' | 'memo'>): TransitionSource | null {
  const kind = transition.document_id === null ? undefined : readable.get(transition.document_id);
  if (transition.document_id === null || kind === undefined) return null;
  const document = { id: transition.document_id, kind, version: transition.document_version };
  if (transition.reading_meeting_id !== null) return { kind: 'reading', document, readingMeetingId: transition.reading_meeting_id };
  return { kind: transition.to_stage === 'faq' ? 'verdict' : 'document', document, readingMeetingId: null };
}

/**
 * The unresolved anomalies of these metrics, each in the deck whose latest published week shows it (`weeks`), with the
 * filter latestPublishedWeeks counts them by, so the list and the counts agree. Latest signalled first.
 */
async function unresolvedAnomalies(db: Db, orgId: string, metricNames: readonly string[], weeks: ReadonlyMap<string, PublishedMetricWeek>): Promise<InitiativeAnomaly[]> {
  const deckOf = new Map(metricNames.flatMap((name) => { const week = weeks.get(nameKey(name)); return week === undefined ? [] : [[nameKey(name), week.deck] as const]; }));
  if (deckOf.size === 0) return [];
  const rows = await db
    .selectFrom('wbr_anomalies')
    .leftJoin('people', (join) => join.onRef('people.id', '=', 'wbr_anomalies.owner_person_id').onRef('people.org_id', '=', 'wbr_anomalies.org_id'))
    .select(['wbr_anomalies.id', 'wbr_anomalies.deck_id', 'wbr_anomalies.metric_name', 'wbr_anomalies.rule', 'wbr_anomalies.direction', 'wbr_anomalies.status', 'wbr_anomalies.root_cause', 'wbr_anomalies.owner_person_id', 'people.name as owner_name',
      sql<string>`wbr_anomalies.first_week_ending::text`.as('first_week_ending'), sql<string>`wbr_anomalies.last_week_ending::text`.as('last_week_ending')])
    .where('wbr_anomalies.org_id', '=', orgId)
    .where('wbr_anomalies.status', '!=', 'resolved')
    .where('wbr_anomalies.withdrawn_by_snapshot_id', 'is', null)
    .where('wbr_anomalies.deck_id', 'in', [...new Set([...deckOf.values()].map((deck) => deck.id))])
    .orderBy('wbr_anomalies.last_week_ending', 'desc')
    .orderBy('wbr_anomalies.metric_name')
    .execute();
  return rows.flatMap((row) => {
    const deck = deckOf.get(nameKey(row.metric_name));
    if (deck === undefined || deck.id !== row.deck_id || row.status === 'resolved') return [];
    return [{
      id: row.id,
      metric: row.metric_name,
      deck,
      rule: row.rule,
      direction: row.direction,
      firstWeekEnding: row.first_week_ending,
      lastWeekEnding: row.last_week_ending,
      status: row.status,
      rootCause: row.root_cause,
      owner: row.owner_person_id === null ? null : { id: row.owner_person_id, name: row.owner_name ?? '' },
    }];
  });
}

/** The reading of its memo under way (started, not ended or cancelled) while the initiative is at its reading review. */
async function memoReadingUnderWay(db: Db, orgId: string, item: PipelineItem): Promise<{ meetingId: string } | null> {
  if (item.stage !== 'reading_review' || item.memo === null) return null;
  const meeting = await db.selectFrom('reading_meetings').select('id').where('org_id', '=', orgId).where('document_id', '=', item.memo.id).where('started_at', 'is not', null).where('ended_at', 'is', null).executeTakeFirst();
  return meeting === undefined ? null : { meetingId: meeting.id };
}

/** Checks that a document exists in the org, is of the expected kind and is readable by the actor who links it. */
async function requireLinkableDocument(db: Db, actor: OrgActor, documentId: string, kind: 'prfaq' | 'memo', field: string): Promise<void> {
  let loaded;
  try {
    loaded = await loadReadableDocument(db, actor, documentId);
  } catch (error) {
    if (error instanceof AppError && error.code === 'not_found') throw new AppError('validation_failed', 'is not a document you can read in this org', { field });
    throw error;
  }
  if (loaded.row.kind !== kind) throw new AppError('validation_failed', `is a ${loaded.row.kind === 'prfaq' ? 'PR/FAQ' : 'memo'}, not a ${kind === 'prfaq' ? 'PR/FAQ' : 'memo'}`, { field });
}

/**
 * Refuses a document another living initiative holds. It runs under the org-structure lock, in the transaction that
 * links the document, so two requests racing to link one PR/FAQ to two ideas give one link and one refusal.
 */
async function assertDocumentUnheld(trx: Db, orgId: string, documentId: string, kind: 'prfaq' | 'memo', field: string, initiativeId: string | null): Promise<void> {
  const column = kind === 'prfaq' ? 'prfaq_document_id' : 'memo_document_id';
  let holders = trx.selectFrom('initiatives').select(['name', 'stage']).where('org_id', '=', orgId).where(column, '=', documentId);
  if (initiativeId !== null) holders = holders.where('id', '!=', initiativeId);
  const holder = await holders.orderBy('stage_changed_at', 'desc').execute();
  assertDocumentFree(kind, field, holder.find((row) => row.stage !== 'killed'));
}

/** `now` dates the idea (the demo gives its pipeline a past); the API passes none, and the database's clock is used. */
export async function proposeIdea(db: Db, actor: OrgActor, input: { name: string; prfaqDocumentId?: string | null | undefined }, now?: Date): Promise<InitiativeRecord> {
  requirePermission(actor, 'pipeline.write');
  if (input.prfaqDocumentId) await requireLinkableDocument(db, actor, input.prfaqDocumentId, 'prfaq', 'prfaqDocumentId');
  const name = normaliseUnitName(input.name, 'initiative');
  const id = await db.transaction().execute(async (trx) => {
    // Under the org-structure lock, as every other way of naming an initiative: names are unique in the org.
    await lockOrgStructure(trx, actor.orgId);
    await assertInitiativeNameFree(trx, actor.orgId, name, null);
    if (input.prfaqDocumentId) await assertDocumentUnheld(trx, actor.orgId, input.prfaqDocumentId, 'prfaq', 'prfaqDocumentId', null);
    const row = await trx.insertInto('initiatives').values({ org_id: actor.orgId, name, status: 'active', stl_person_id: null, prfaq_document_id: input.prfaqDocumentId ?? null, ...(now === undefined ? {} : { created_at: now, stage_changed_at: now }) }).returning('id').executeTakeFirstOrThrow();
    await recordAuditEvent(trx, { at: now, orgId: actor.orgId, actorUserId: actor.userId, action: 'initiative.created', subjectType: 'initiative', subjectId: row.id, data: { name, stage: 'idea', prfaqDocumentId: input.prfaqDocumentId ?? null } });
    return row.id;
  });
  return getInitiativeRecord(db, actor, id);
}

/** `now` dates the link's audit event (the demo's documents, linked when they were written); without it, the database's clock. */
export async function linkInitiativeDocuments(db: Db, actor: OrgActor, initiativeId: string, input: { prfaqDocumentId?: string | null | undefined; memoDocumentId?: string | null | undefined }, now?: Date): Promise<InitiativeRecord> {
  requirePermission(actor, 'pipeline.write');
  if (input.prfaqDocumentId) await requireLinkableDocument(db, actor, input.prfaqDocumentId, 'prfaq', 'prfaqDocumentId');
  if (input.memoDocumentId) await requireLinkableDocument(db, actor, input.memoDocumentId, 'memo', 'memoDocumentId');
  await db.transaction().execute(async (trx) => {
    await lockOrgStructure(trx, actor.orgId);
    const current = await trx.selectFrom('initiatives').select(['name', 'stage', 'prfaq_document_id', 'memo_document_id']).where('org_id', '=', actor.orgId).where('id', '=', initiativeId).forNoKeyUpdate().executeTakeFirst();
    if (!current) throw notFound('Initiative');
    // Only what differs is a change: a form that sends both links again changes nothing it did not touch.
    const changes = {
      ...(input.prfaqDocumentId === undefined || input.prfaqDocumentId === current.prfaq_document_id ? {} : { prfaq_document_id: input.prfaqDocumentId }),
      ...(input.memoDocumentId === undefined || input.memoDocumentId === current.memo_document_id ? {} : { memo_document_id: input.memoDocumentId }),
    };
    for (const [kind, field, documentId, linked] of [['prfaq', 'prfaqDocumentId', changes.prfaq_document_id, current.prfaq_document_id], ['memo', 'memoDocumentId', changes.memo_document_id, current.memo_document_id]] as const) {
      if (documentId === undefined) continue;
      assertDocumentLinkChangeable(current, kind, linked !== null, field);
      if (documentId !== null) await assertDocumentUnheld(trx, actor.orgId, documentId, kind, field, initiativeId);
    }
    if (Object.keys(changes).length === 0) return;
    await trx.updateTable('initiatives').set(changes).where('org_id', '=', actor.orgId).where('id', '=', initiativeId).execute();
    await recordAuditEvent(trx, {
      at: now,
      orgId: actor.orgId,
      actorUserId: actor.userId,
      action: 'initiative.documents_linked',
      subjectType: 'initiative',
      subjectId: initiativeId,
      data: { stage: current.stage, from: { prfaqDocumentId: current.prfaq_document_id, memoDocumentId: current.memo_document_id }, to: changes },
    });
  });
  return getInitiativeRecord(db, actor, initiativeId);
}

/** Ends the allocations to a killed initiative and takes its teams off it; says how many of each. */
async function releaseKilledInitiative(trx: Db, orgId: string, initiativeId: string): Promise<{ allocationsEnded: number; teamsUnlinked: number }> {
  const allocations = await trx.deleteFrom('allocations').where('org_id', '=', orgId).where('initiative_id', '=', initiativeId).executeTakeFirst();
  const teams = await trx.updateTable('teams').set({ initiative_id: null }).where('org_id', '=', orgId).where('initiative_id', '=', initiativeId).executeTakeFirst();
  return { allocationsEnded: Number(allocations.numDeletedRows), teamsUnlinked: Number(teams.numUpdatedRows) };
}

/**
 * Moves an initiative to another stage. The move runs as an org-structure change, so that reaching `staffing`
 * cannot leave the single-threaded rules broken even if the org changed between the gate and the write.
 */
export async function moveInitiative(db: Db, actor: OrgActor, initiativeId: string, input: { to: InitiativeStage; reason?: string | undefined; from?: InitiativeStage | undefined }, now?: Date): Promise<InitiativeRecord> {
  requirePermission(actor, 'pipeline.write');
  await moveThroughGate(db, actor, initiativeId, input, now);
  return getInitiativeRecord(db, actor, initiativeId);
}

/**
 * What a reading review's decision does to the initiatives waiting at their reading review with the memo it read:
 * approve moves them on to approved, iterate back to the memo for another draft, kill kills them, each move through
 * the same gate as a move by hand, with the decision and the notes as its reason. It runs in the transaction that
 * records the decision (`trx`), so the two land together; the initiatives are locked and read there, so one moved
 * meanwhile by hand is not moved again. The approvers decided: whoever records the decision moves nothing by their
 * own rights, so no pipeline permission is asked of them.
 */
export async function applyReadingDecision(trx: Db, actor: OrgActor, input: { meetingId: string; version: number | null; documentId: string; documentTitle: string; decision: MeetingDecision; notes: string; readingStartedAt: Date }): Promise<ReadingOutcome> {
  const to = stageAfterReading(input.decision);
  const reason = readingDecisionReason(input.decision, input.documentTitle, input.notes);
  return changeOrgStructureIn(trx, actor.orgId, async () => {
    const waiting = await trx.selectFrom('initiatives').select(['id', 'name', 'stage_changed_at']).where('org_id', '=', actor.orgId).where('memo_document_id', '=', input.documentId).where('stage', '=', 'reading_review').orderBy('created_at').forNoKeyUpdate().execute();
    const outcome: ReadingOutcome = { moved: [], held: [] };
    for (const initiative of waiting) {
      // A reading that began before the initiative came (back) to its review read an earlier round: its decision
      // does not settle this one (an old meeting cannot approve what a later one sent back to its memo).
      if (new Date(initiative.stage_changed_at).getTime() > input.readingStartedAt.getTime()) {
        outcome.held.push({ id: initiative.id, name: initiative.name, to, message: 'It came to its reading review after this reading began: a reading that starts after that decides it.' });
        continue;
      }
      try {
        await moveLocked(trx, actor, initiative.id, { to, reason }, undefined, { documentId: input.documentId, documentVersion: input.version, readingMeetingId: input.meetingId });
        outcome.moved.push({ id: initiative.id, name: initiative.name, to });
      } catch (error) {
        // A gate that still refuses (another rule of the stage) holds the initiative back and says why; the decision
        // stands. Domain refusals come before any write, so the transaction goes on.
        if (!(error instanceof AppError)) throw error;
        outcome.held.push({ id: initiative.id, name: initiative.name, to, message: error.message });
      }
    }
    return outcome;
  });
}

export interface ReadingOutcome {
  moved: Array<{ id: string; name: string; to: InitiativeStage }>;
  /** Initiatives the decision could not move: a gate of the stage still refuses, said in `message`. */
  held: Array<{ id: string; name: string; to: InitiativeStage; message: string }>;
}

/** One move, through its gate, in its own transaction with the org structure checked (see moveInitiative). */
async function moveThroughGate(db: Db, actor: OrgActor, initiativeId: string, input: { to: InitiativeStage; reason?: string | undefined; from?: InitiativeStage | undefined }, now: Date | undefined): Promise<void> {
  await changeOrgStructure(db, actor.orgId, (trx) => moveLocked(trx, actor, initiativeId, input, now));
}

/** One move inside a transaction that holds the org structure's lock; dated `now`, or by the database's clock without one. */
async function moveLocked(trx: Db, actor: OrgActor, initiativeId: string, input: { to: InitiativeStage; reason?: string | undefined; from?: InitiativeStage | undefined }, now?: Date, decidedBy?: MoveEvidence): Promise<void> {
  const locked = await trx.selectFrom('initiatives').select('id').where('org_id', '=', actor.orgId).where('id', '=', initiativeId).forNoKeyUpdate().executeTakeFirst();
  if (!locked) throw notFound('Initiative');
  const item = await requireItem(trx, actor, initiativeId);
  assertStageAsSeen(item.stage, input.from);
  if (input.to !== 'killed') assertNotAwaitingReading(item.stage, input.to, await memoReadingUnderWay(trx, actor.orgId, item));
  const facts = await loadPipelineFacts(trx, actor, item, gatedStage(item.stage, input.to));
  const reason = assertCanMove(facts, input.to, input.reason ?? '');
  const evidence = decidedBy ?? await gateEvidence(trx, actor.orgId, item, gatedStage(item.stage, input.to));
  // A killed initiative is done: its leader may leave, and the leadership rules no longer hold anyone to it.
  await trx.updateTable('initiatives').set({ stage: input.to, stage_changed_at: now ?? sql<Date>`now()`, ...(input.to === 'killed' ? { status: 'done' as const } : {}) }).where('org_id', '=', actor.orgId).where('id', '=', initiativeId).execute();
  await trx.insertInto('initiative_transitions').values({ org_id: actor.orgId, initiative_id: initiativeId, from_stage: item.stage, to_stage: input.to, reason, actor_user_id: actor.userId,
    document_id: evidence.documentId, document_version: evidence.documentVersion, reading_meeting_id: evidence.readingMeetingId, ...(now === undefined ? {} : { created_at: now }) }).execute();
  // Nobody works on a killed initiative: the time allocated to it is free again, and its teams are no longer on it.
  const released = input.to === 'killed' ? await releaseKilledInitiative(trx, actor.orgId, initiativeId) : undefined;
  await recordAuditEvent(trx, { at: now, orgId: actor.orgId, actorUserId: actor.userId, action: 'initiative.stage_changed', subjectType: 'initiative', subjectId: initiativeId, data: { name: item.name, from: item.stage, to: input.to, reason, ...released } });
}

/** The latest verdict recorded on a document's current version (the one its FAQ gate reads); older drafts' verdicts are history. */
async function currentVerdict(db: Db, orgId: string, documentId: string, currentVersion: number): Promise<{ verdict: 'compelling' | 'not_yet'; version: number } | undefined> {
  return db.selectFrom('document_verdicts').select(['verdict', 'version']).where('org_id', '=', orgId).where('document_id', '=', documentId).where('version', '=', currentVersion).orderBy('id', 'desc').limit(1).executeTakeFirst();
}

/**
 * What the gate into `stage` read, to keep with the move (read after the gate passed, in its transaction, so it is
 * what the gate saw): the PR/FAQ's verdict on its current version and that version, the PR/FAQ's current version for its FAQ, the
 * memo's current version for its checks, and the reading meeting whose approval opened `approved`. Gates on people
 * and metrics read no document: nothing is kept.
 */
async function gateEvidence(trx: Db, orgId: string, item: PipelineItem, stage: PipelineStage | null): Promise<MoveEvidence> {
  const none: MoveEvidence = { documentId: null, documentVersion: null, readingMeetingId: null };
  const currentVersion = async (documentId: string) => (await trx.selectFrom('documents').select('current_version').where('org_id', '=', orgId).where('id', '=', documentId).executeTakeFirstOrThrow()).current_version;
  if (stage === 'faq' && item.prfaq !== null) {
    // The gate read the verdict on the current version (loadPipelineFacts): that version is the one it passed on.
    const verdict = await currentVerdict(trx, orgId, item.prfaq.id, await currentVersion(item.prfaq.id));
    return { ...none, documentId: item.prfaq.id, documentVersion: verdict?.version ?? null };
  }
  if (stage === 'memo' && item.prfaq !== null) return { ...none, documentId: item.prfaq.id, documentVersion: await currentVersion(item.prfaq.id) };
  if (stage === 'reading_review' && item.memo !== null) return { ...none, documentId: item.memo.id, documentVersion: await currentVersion(item.memo.id) };
  if (stage === 'approved' && item.memo !== null) {
    // The same meeting the gate reads (loadPipelineFacts): the latest reading of the memo that reached a decision.
    const meeting = await trx.selectFrom('reading_meetings').select(['id', 'version']).where('org_id', '=', orgId).where('document_id', '=', item.memo.id).where('decision', 'is not', null).orderBy('ended_at', 'desc').limit(1).executeTakeFirst();
    return { documentId: item.memo.id, documentVersion: meeting?.version ?? null, readingMeetingId: meeting?.id ?? null };
  }
  return none;
}
