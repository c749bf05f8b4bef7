import { sql } from 'kysely';
import { AppError, notFound } from '../../domain/errors.js';
import { assertNotChangedSince } from '../../domain/stale-write.js';
import { anomalyWeeksShown, signalsRaisedByWeeks } from '../../domain/wbr-review/corrections.js';
import { anomalyOwnerEmail } from '../../domain/mail/outbox-emails.js';
import { assertCanChangeAnomaly, assertMayHandOnAnomaly, assertMayReopenAnomaly, assertMayResolveAnomaly, catalogMetricFor, changeAnomaly, type AnomalySignal, type AnomalyState, type AnomalyStatus, type SignalRule } from '../../domain/wbr-review/review-rules.js';
import type { Db } from '../../storage/database.js';
import { isUniqueViolation } from '../../storage/pg-errors.js';
import { recordAuditEvent } from '../audit/audit.service.js';
import { requirePermission, type OrgActor } from '../context.js';
import { appLink, queueEmail, type EmailSettings } from '../mail/outbox.service.js';
import { assertOwnerHere, findActorPerson, holdPerson } from '../people/people.service.js';
import { storedConfigMetrics } from './deck-config.js';

export interface WbrAnomalyView {
  id: string;
  deck: { id: string; name: string };
  metric: string;
  /** The catalog metric of the same name, when the catalog has one. */
  catalogMetric: { id: string; name: string } | null;
  rule: SignalRule;
  direction: 'up' | 'down';
  /** The first and the latest week it signalled on. */
  firstWeekEnding: string;
  lastWeekEnding: string;
  /** The published week that raised it (its first signal may be on an earlier week that week showed). */
  raisedByWeekEnding: string;
  /** Distinct weeks on which the metric signalled against its good direction. */
  occurrences: number;
  /**
   * The weeks it was seen in that the latest version of every published week still shows, oldest first (a correction
   * that drops a week's signal drops the week here too). Empty once a correction withdrew it.
   */
  weeksSeen: string[];
  /** Who answers for it, with the day they left when they did (it then needs a new owner). */
  owner: { id: string; name: string; leftOn: string | null } | null;
  status: AnomalyStatus;
  rootCause: string;
  /** First raised before the deck's latest published week, and not resolved: it is on this week's agenda again. */
  carriedOver: boolean;
  /**
   * The correction that withdrew it: the corrected week no longer shows its signal (it came from the bad data), so
   * it is off the agenda; its status and root cause stay as its owner left them. Null when it stands.
   */
  withdrawn: { snapshotId: string; weekEnding: string; version: number; reason: string; at: string; by: { id: string; name: string } | null } | null;
  updatedAt: string;
}

export interface AnomalyFilters {
  /** `withdrawn`: those a correction withdrew, whatever their status; the other filters leave them out, but `resolved`. */
  status?: AnomalyStatus | 'unresolved' | 'withdrawn' | undefined;
  deckId?: string | undefined;
  ownerPersonId?: string | undefined;
}

function selectAnomalies(db: Db, orgId: string) {
  return db
    .selectFrom('wbr_anomalies')
    .innerJoin('wbr_decks', 'wbr_decks.id', 'wbr_anomalies.deck_id')
    // The week that raised it (its first signal may be on an earlier shown week): carried over once a later one is published.
    .innerJoin('wbr_snapshots as raised_by', 'raised_by.id', 'wbr_anomalies.first_snapshot_id')
    .leftJoin('people', 'people.id', 'wbr_anomalies.owner_person_id')
    .leftJoin('wbr_snapshots as withdrawn_by', 'withdrawn_by.id', 'wbr_anomalies.withdrawn_by_snapshot_id')
    .leftJoin('users as corrector', 'corrector.id', 'withdrawn_by.published_by_user_id')
    .select([
      'wbr_anomalies.id',
      'wbr_anomalies.deck_id',
      'wbr_decks.name as deck_name',
      'wbr_anomalies.metric_name',
      'wbr_anomalies.rule',
      'wbr_anomalies.direction',
      sql<string>`wbr_anomalies.first_week_ending::text`.as('first_week_ending'),
      sql<string>`wbr_anomalies.last_week_ending::text`.as('last_week_ending'),
      'wbr_anomalies.weeks_signalled',
      sql<string[]>`wbr_anomalies.weeks_seen::text[]`.as('weeks_seen'),
      'wbr_anomalies.owner_person_id',
      'people.name as owner_name',
      'people.left_on as owner_left_on',
      'wbr_anomalies.status',
      'wbr_anomalies.root_cause',
      'wbr_anomalies.updated_at',
      'wbr_anomalies.withdrawn_by_snapshot_id',
      sql<string | null>`withdrawn_by.week_ending::text`.as('withdrawn_week_ending'),
      'withdrawn_by.version as withdrawn_version',
      'withdrawn_by.correction_reason as withdrawn_reason',
      'withdrawn_by.published_at as withdrawn_at',
      'withdrawn_by.published_by_user_id as withdrawn_by_user_id',
      'corrector.name as withdrawn_by_name',
      sql<string>`raised_by.week_ending::text`.as('raised_week_ending'),
      (eb) => eb.selectFrom('wbr_snapshots').select(sql<string | null>`max(week_ending)::text`.as('latest')).whereRef('wbr_snapshots.deck_id', '=', 'wbr_anomalies.deck_id').as('latest_week_ending'),
    ])
    .where('wbr_anomalies.org_id', '=', orgId);
}

type AnomalyRow = Awaited<ReturnType<ReturnType<typeof selectAnomalies>['executeTakeFirstOrThrow']>>;

function toAnomalyView(row: AnomalyRow, catalog: ReadonlyArray<{ id: string; name: string }>, latestSignals: ReadonlyMap<string, AnomalySignal[]>): WbrAnomalyView {
  const entry = catalogMetricFor(row.metric_name, catalog);
  return {
    id: row.id,
    deck: { id: row.deck_id, name: row.deck_name },
    metric: row.metric_name,
    catalogMetric: entry === undefined ? null : { id: entry.id, name: entry.name },
    rule: row.rule,
    direction: row.direction,
    firstWeekEnding: row.first_week_ending,
    lastWeekEnding: row.last_week_ending,
    raisedByWeekEnding: row.raised_week_ending,
    occurrences: row.weeks_signalled,
    weeksSeen: anomalyWeeksShown({ metric: row.metric_name, weeksSeen: row.weeks_seen }, latestSignals.get(row.deck_id) ?? []),
    owner: row.owner_person_id === null ? null : { id: row.owner_person_id, name: row.owner_name ?? '', leftOn: row.owner_left_on ?? null },
    status: row.status,
    rootCause: row.root_cause,
    carriedOver: row.status !== 'resolved' && row.withdrawn_by_snapshot_id === null && row.latest_week_ending !== null && row.raised_week_ending < row.latest_week_ending,
    withdrawn: row.withdrawn_by_snapshot_id === null
      ? null
      : {
          snapshotId: row.withdrawn_by_snapshot_id,
          weekEnding: row.withdrawn_week_ending ?? '',
          version: row.withdrawn_version ?? 1,
          reason: row.withdrawn_reason ?? '',
          at: new Date(row.withdrawn_at ?? 0).toISOString(),
          by: row.withdrawn_by_user_id == null ? null : { id: row.withdrawn_by_user_id, name: row.withdrawn_by_name ?? '' },
        },
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

async function catalogNames(db: Db, orgId: string) {
  return db.selectFrom('metrics').select(['id', 'name']).where('org_id', '=', orgId).execute();
}

/**
 * The signals the latest version of each published week raised, per deck, limited to those on the given weeks of each
 * deck: the weeks an anomaly was seen in are read against them (anomalyWeeksShown), as a correction re-dates it, so a
 * week a correction dropped is not listed. Only the latest version of the weeks that can raise a signal on one of
 * those weeks is read (the week itself, or the first published after it when it was not published), so a deck with
 * years of published weeks costs what its anomalies' weeks cost.
 */
export async function latestSignalsByDeck(db: Db, orgId: string, weeksByDeck: ReadonlyMap<string, Iterable<string>>): Promise<Map<string, AnomalySignal[]>> {
  const wanted = [...weeksByDeck].flatMap(([deckId, weeks]) => [...new Set(weeks)].map((week) => ({ deckId, week })));
  const signals = new Map<string, AnomalySignal[]>([...weeksByDeck.keys()].map((deckId) => [deckId, []]));
  if (wanted.length === 0) return signals;
  const { rows } = await sql<{ deck_id: string; week_ending: string; previous_week_ending: string | null; signals_json: string }>`
    with latest as (
      select distinct on (deck_id, week_ending) deck_id, week_ending, signals_json
      from wbr_snapshots
      where org_id = ${orgId} and deck_id = any(${[...weeksByDeck.keys()]}::uuid[])
      order by deck_id, week_ending, version desc
    ), framed as (
      select deck_id, week_ending, lag(week_ending) over (partition by deck_id order by week_ending) as previous_week_ending, signals_json
      from latest
    )
    select deck_id, week_ending::text, previous_week_ending::text, signals_json
    from framed
    where exists (
      select 1 from unnest(${wanted.map((entry) => entry.deckId)}::uuid[], ${wanted.map((entry) => entry.week)}::date[]) as wanted (deck_id, week)
      where wanted.deck_id = framed.deck_id and wanted.week <= framed.week_ending and (framed.previous_week_ending is null or wanted.week > framed.previous_week_ending)
    )
    order by deck_id, week_ending`.execute(db);
  for (const row of rows) {
    const week = { weekEnding: row.week_ending, previousWeekEnding: row.previous_week_ending, signals: JSON.parse(row.signals_json) as AnomalySignal[] };
    signals.get(row.deck_id)?.push(...signalsRaisedByWeeks([week]));
  }
  return signals;
}

/** The weeks each deck's anomalies were seen in, as latestSignalsByDeck takes them. */
export function weeksSeenByDeck(anomalies: ReadonlyArray<{ deck_id: string; weeks_seen: readonly string[] }>): Map<string, string[]> {
  const weeks = new Map<string, string[]>();
  for (const anomaly of anomalies) {
    const deckWeeks = weeks.get(anomaly.deck_id) ?? [];
    deckWeeks.push(...anomaly.weeks_seen);
    weeks.set(anomaly.deck_id, deckWeeks);
  }
  return weeks;
}

async function toAnomalyViews(db: Db, orgId: string, rows: readonly AnomalyRow[], catalog: ReadonlyArray<{ id: string; name: string }>): Promise<WbrAnomalyView[]> {
  const latestSignals = await latestSignalsByDeck(db, orgId, weeksSeenByDeck(rows));
  return rows.map((row) => toAnomalyView(row, catalog, latestSignals));
}

/** Anomalies, oldest first: the unresolved ones are the standing agenda of the review. */
export async function listAnomalies(db: Db, actor: OrgActor, filters: AnomalyFilters = {}): Promise<WbrAnomalyView[]> {
  requirePermission(actor, 'wbr.read');
  let query = selectAnomalies(db, actor.orgId);
  // A withdrawn anomaly waits for nobody's answer: it is left out of the agenda's filters (a resolved one keeps its status).
  if (filters.status === 'withdrawn') query = query.where('wbr_anomalies.withdrawn_by_snapshot_id', 'is not', null);
  else if (filters.status === 'unresolved') query = query.where('wbr_anomalies.status', '!=', 'resolved').where('wbr_anomalies.withdrawn_by_snapshot_id', 'is', null);
  else if (filters.status === 'resolved') query = query.where('wbr_anomalies.status', '=', 'resolved');
  else if (filters.status !== undefined) query = query.where('wbr_anomalies.status', '=', filters.status).where('wbr_anomalies.withdrawn_by_snapshot_id', 'is', null);
  if (filters.deckId !== undefined) query = query.where('wbr_anomalies.deck_id', '=', filters.deckId);
  if (filters.ownerPersonId !== undefined) query = query.where('wbr_anomalies.owner_person_id', '=', filters.ownerPersonId);
  const [rows, catalog] = await Promise.all([
    query.orderBy('wbr_anomalies.first_week_ending').orderBy('wbr_decks.name').orderBy('wbr_anomalies.metric_name').execute(),
    catalogNames(db, actor.orgId),
  ]);
  return toAnomalyViews(db, actor.orgId, rows, catalog);
}

export async function getAnomaly(db: Db, actor: OrgActor, anomalyId: string): Promise<WbrAnomalyView> {
  requirePermission(actor, 'wbr.read');
  const [row, catalog] = await Promise.all([selectAnomalies(db, actor.orgId).where('wbr_anomalies.id', '=', anomalyId).executeTakeFirst(), catalogNames(db, actor.orgId)]);
  if (!row) throw notFound('Anomaly');
  const [view] = await toAnomalyViews(db, actor.orgId, [row], catalog);
  return view as WbrAnomalyView;
}

/**
 * Who a review email goes to and the names it is written with: the person (their name, and the address of the login
 * linked to them), the actor's name and the org's. Undefined when the person has no login (the org chart's address is
 * not one they confirmed; what concerns them waits in the review) or is the actor (who knows what they did).
 */
export async function reviewEmailParties(trx: Db, actor: OrgActor, personId: string): Promise<{ recipient: { name: string; email: string }; actorName: string; orgName: string } | undefined> {
  const recipient = await trx
    .selectFrom('people')
    .innerJoin('users', 'users.id', 'people.user_id')
    .select(['people.name', 'users.email'])
    .where('people.org_id', '=', actor.orgId)
    .where('people.id', '=', personId)
    .where('people.user_id', '!=', actor.userId)
    .executeTakeFirst();
  if (recipient === undefined) return undefined;
  const actorRow = await trx.selectFrom('users').select('name').where('id', '=', actor.userId).executeTakeFirstOrThrow();
  const org = await trx.selectFrom('orgs').select('name').where('id', '=', actor.orgId).executeTakeFirstOrThrow();
  return { recipient, actorName: actorRow.name, orgName: org.name };
}

/**
 * Tells an anomaly's new owner, in the transaction that names them (decision 023): a hand-over, or a published week
 * that raises it with its default owner. The metric, the deck, its weeks and a link to the deck at its latest week.
 * An owner without a login gets no email (the org chart's address is not one they confirmed; the anomaly waits for
 * them in the review as before), nor does someone who named themself.
 */
export async function queueAnomalyOwnerEmail(trx: Db, actor: OrgActor, anomalyId: string, ownerPersonId: string, email: EmailSettings, now: Date): Promise<void> {
  const parties = await reviewEmailParties(trx, actor, ownerPersonId);
  if (parties === undefined) return;
  const { recipient: owner, actorName, orgName } = parties;
  const anomaly = await trx
    .selectFrom('wbr_anomalies')
    .innerJoin('wbr_decks', 'wbr_decks.id', 'wbr_anomalies.deck_id')
    .select(['wbr_anomalies.metric_name', 'wbr_anomalies.deck_id', 'wbr_decks.name as deck_name', sql<string>`wbr_anomalies.first_week_ending::text`.as('first_week_ending'), sql<string>`wbr_anomalies.last_week_ending::text`.as('last_week_ending')])
    .where('wbr_anomalies.id', '=', anomalyId)
    .executeTakeFirstOrThrow();
  const content = anomalyOwnerEmail({
    orgName,
    ownerName: owner.name,
    assignerName: actorName,
    metric: anomaly.metric_name,
    deckName: anomaly.deck_name,
    firstWeekEnding: anomaly.first_week_ending,
    lastWeekEnding: anomaly.last_week_ending,
    url: appLink(email, `/o/${actor.orgId}/wbr/${anomaly.deck_id}?week=${anomaly.last_week_ending}`),
  });
  await queueEmail(trx, { orgId: actor.orgId, kind: 'anomaly_owner', recipient: owner.email, content, now });
}

/**
 * Records what the owner found: the root cause, the status, or a new owner (handing it to whoever can answer).
 * Only the anomaly's owner or an admin may (or, for an anomaly nobody owns, anyone who builds the review); the rules run on the anomaly as it would be after the change, on its
 * locked row. The deck's owner may change it too, but not resolve it nor hand it on while someone else answers for it
 * (mayResolveAnomaly, mayHandOnAnomaly); nobody reopens one whose metric has left the deck's config.
 */
export async function updateAnomaly(db: Db, actor: OrgActor, anomalyId: string, change: Partial<AnomalyState> & { baseUpdatedAt?: string | undefined }, now?: Date, email: EmailSettings | null = null): Promise<WbrAnomalyView> {
  requirePermission(actor, 'wbr.read');
  const actorPersonId = await findActorPerson(db, actor);
  await db.transaction().execute(async (trx) => {
    // The owner named is held before the anomaly, in the order a departure takes them (holdPerson).
    if (change.ownerPersonId != null) await holdPerson(trx, actor.orgId, change.ownerPersonId);
    // Then its deck, before the anomaly, in the order a config save (updateDeck) and a publish take them: a reopening
    // and a config that removes the metric would otherwise both commit (the save read no unresolved anomaly on it).
    // Shared: answers to two anomalies of one deck do not wait for each other, only for a config or a week being saved.
    const deck = await trx
      .selectFrom('wbr_decks')
      .select('wbr_decks.config_text')
      .where('wbr_decks.org_id', '=', actor.orgId)
      .where('wbr_decks.id', '=', (eb) => eb.selectFrom('wbr_anomalies').select('wbr_anomalies.deck_id').where('wbr_anomalies.org_id', '=', actor.orgId).where('wbr_anomalies.id', '=', anomalyId))
      .forShare()
      .executeTakeFirst();
    if (!deck) throw notFound('Anomaly');
    const current = await trx
      .selectFrom('wbr_anomalies')
      .innerJoin('wbr_decks', 'wbr_decks.id', 'wbr_anomalies.deck_id')
      .leftJoin('people as owner', 'owner.id', 'wbr_anomalies.owner_person_id')
      .select(['wbr_anomalies.metric_name', 'wbr_anomalies.deck_id', 'wbr_anomalies.status', 'wbr_anomalies.root_cause', 'wbr_anomalies.owner_person_id', 'wbr_anomalies.updated_at', 'wbr_anomalies.withdrawn_by_snapshot_id', 'owner.name as owner_name', 'owner.left_on as owner_left_on', 'wbr_decks.owner_person_id as deck_owner_person_id'])
      .where('wbr_anomalies.org_id', '=', actor.orgId)
      .where('wbr_anomalies.id', '=', anomalyId)
      .forUpdate('wbr_anomalies')
      .executeTakeFirst();
    if (!current) throw notFound('Anomaly');
    // A later week's publish that adds weeks to it counts as a change too: the answer should read them.
    assertNotChangedSince(current.updated_at, change.baseUpdatedAt, 'anomaly');
    assertCanChangeAnomaly(
      { role: actor.role, personId: actorPersonId },
      { metric: current.metric_name, ownerPersonId: current.owner_person_id, ownerHasLeft: current.owner_left_on !== null, deckOwnerPersonId: current.deck_owner_person_id },
    );
    const before: AnomalyState = { status: current.status, rootCause: current.root_cause, ownerPersonId: current.owner_person_id };
    const after = changeAnomaly(before, change);
    const anomaly = { metric: current.metric_name, ownerPersonId: current.owner_person_id, ownerName: current.owner_name ?? '', ownerHasLeft: current.owner_left_on !== null, deckOwnerPersonId: current.deck_owner_person_id };
    assertMayResolveAnomaly({ role: actor.role, personId: actorPersonId }, anomaly, before.status, after.status);
    assertMayHandOnAnomaly({ role: actor.role, personId: actorPersonId }, anomaly, after.ownerPersonId);
    // Its status is the owner's answer to a signal the corrected week no longer shows: it stays as it was (their notes
    // and owner may still change), and comes back to the agenda only if a correction shows the signal again.
    if (current.withdrawn_by_snapshot_id !== null && after.status !== before.status) {
      throw new AppError('conflict', `The anomaly on "${current.metric_name}" was withdrawn by a correction of its week (its signal came from the data corrected): it is off the agenda and keeps its status.`, { rule: 'wbr.anomaly_withdrawn', field: 'status' });
    }
    assertMayReopenAnomaly({ metric: current.metric_name }, before.status, after.status, () => storedConfigMetrics(deck.config_text)?.map((metric) => metric.name) ?? null);
    const changed = (['status', 'rootCause', 'ownerPersonId'] as const).filter((field) => after[field] !== before[field]);
    if (changed.length === 0) return;
    if (changed.includes('ownerPersonId') && after.ownerPersonId !== null) await assertOwnerHere(trx, actor.orgId, after.ownerPersonId);
    await trx
      .updateTable('wbr_anomalies')
      .set({ status: after.status, root_cause: after.rootCause, owner_person_id: after.ownerPersonId, updated_at: now ?? sql`now()` })
      .where('org_id', '=', actor.orgId)
      .where('id', '=', anomalyId)
      .execute()
      .catch((error: unknown) => {
        if (isUniqueViolation(error, 'wbr_anomalies_one_unresolved')) {
          throw new AppError('conflict', `"${current.metric_name}" already has an unresolved anomaly on this deck: answer there instead of reopening this one.`, { field: 'status' });
        }
        throw error;
      });
    await recordAuditEvent(trx, {
      at: now,
      orgId: actor.orgId,
      actorUserId: actor.userId,
      action: 'wbr_anomaly.updated',
      subjectType: 'wbr_anomaly',
      subjectId: anomalyId,
      data: {
        metric: current.metric_name,
        deckId: current.deck_id,
        changed,
        ...(changed.includes('status') && { fromStatus: before.status, toStatus: after.status }),
        ...(changed.includes('ownerPersonId') && { fromOwnerPersonId: before.ownerPersonId, toOwnerPersonId: after.ownerPersonId }),
      },
    });
    if (email !== null && changed.includes('ownerPersonId') && after.ownerPersonId !== null) await queueAnomalyOwnerEmail(trx, actor, anomalyId, after.ownerPersonId, email, now ?? new Date());
  });
  return getAnomaly(db, actor, anomalyId);
}
