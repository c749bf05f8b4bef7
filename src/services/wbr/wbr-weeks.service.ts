import { sql } from 'kysely';
import { formatDay } from '../../domain/dates.js';
import { AppError, notFound } from '../../domain/errors.js';
import { downloadBaseName } from '../../domain/file-names.js';
import {
  assertPdfSize,
  checkPreviewable,
  checkPublishable,
  catalogMetricFor,
  defaultAnomalyOwner,
  defaultWeekEnding,
  isNewSignal,
  parseIsoDay,
  planAnomalies,
  previewDeckTitle,
  previewWeekEnding,
  reviewAnomalySignals,
  utcDay,
  weekNumberFor,
  type AnomalySignal,
  type AnomalyStatus,
} from '../../domain/wbr-review/review-rules.js';
import { alertSignals, weekAlerts, weeklyChanges } from '../../domain/wbr-review/alerts.js';
import {
  assertCanCorrectWeek,
  checkCorrectionReason,
  anomalyWeeksShown,
  correctionAnomalyChanges,
  correctionNewSignals,
} from '../../domain/wbr-review/corrections.js';
import { withCatalogDirections, withCatalogTargets } from '../../domain/wbr-review/catalog-targets.js';
import { lagAnalysis } from '../../domain/wbr-review/lag.js';
import { isoDate } from '../../domain/wbr/calendar.js';
import type { Deck } from '../../domain/wbr/deck-types.js';
import { renderDeckHtml } from '../../domain/wbr/html/render-deck-html.js';
import { buildWbrDeck } from '../../domain/wbr/wbr-deck.js';
import { KeptFiles, renderOneAtATime } from '../../pdf/pdf-serving.js';
import type { Db } from '../../storage/database.js';
import { isUniqueViolation } from '../../storage/pg-errors.js';
import { recordAuditEvent } from '../audit/audit.service.js';
import { requirePermission, type OrgActor } from '../context.js';
import { findActorPerson, holdPeople } from '../people/people.service.js';
import type { EmailSettings } from '../mail/outbox.service.js';
import { latestSignalsByDeck, queueAnomalyOwnerEmail, weeksSeenByDeck } from './wbr-anomalies.service.js';
import { deckAnnotationEvents } from './wbr-annotations.service.js';
import { readDeckConfig } from './deck-config.js';
import { deckDataDays, listSnapshots, loadCatalog, scanDeckData, storedAlerts, type WbrSnapshotSummary } from './wbr-decks.service.js';

export interface WbrSnapshotView extends WbrSnapshotSummary {
  deckId: string;
  /** The anomaly signals in the weeks the deck shows; `isNew` when this week raised them. */
  signals: Array<AnomalySignal & { isNew: boolean }>;
}

/** Who may be given a new anomaly of the deck: the owners of the org's catalog metrics and the deck's owner. */
async function possibleAnomalyOwners(trx: Db, orgId: string, deckId: string): Promise<string[]> {
  const [metrics, deck] = await Promise.all([
    trx.selectFrom('metrics').select('owner_person_id').where('org_id', '=', orgId).where('owner_person_id', 'is not', null).execute(),
    trx.selectFrom('wbr_decks').select('owner_person_id').where('org_id', '=', orgId).where('id', '=', deckId).executeTakeFirst(),
  ]);
  return [...metrics.map((row) => row.owner_person_id), deck?.owner_person_id ?? null].filter((id): id is string => id !== null);
}

const alreadyPublished = (weekEnding: string) =>
  new AppError('conflict', `The week ending ${formatDay(weekEnding)} is already published; a published week is kept as it was.`, { rule: 'wbr.snapshot_exists', field: 'weekEnding' });

/** The deck's row, locked for the week kept from it, with the people who may be given its new anomalies held first. */
async function lockDeckForWeek(trx: Db, actor: OrgActor, deckId: string) {
  // New anomalies go to the catalog metrics' owners or the deck's: those still here are held before the deck, in
  // the order a departure takes them (holdPerson), so an anomaly is not given to someone whose departure is being
  // recorded (a departure first is seen below as having left; one after hands the new anomalies over too).
  await holdPeople(trx, actor.orgId, await possibleAnomalyOwners(trx, actor.orgId, deckId));
  const deck = await selectDeckForWeek(trx, actor.orgId, deckId).forUpdate('wbr_decks').executeTakeFirst();
  if (!deck) throw notFound('Deck');
  return deck;
}

/** What a week is built from: the deck's row with its config, data and alerts (locked by a publish, read by a preview). */
function selectDeckForWeek(db: Db, orgId: string, deckId: string) {
  return db
    .selectFrom('wbr_decks')
    .leftJoin('people as owner', 'owner.id', 'wbr_decks.owner_person_id')
    .select(['wbr_decks.name', 'wbr_decks.owner_person_id', 'owner.left_on as owner_left_on', 'wbr_decks.config_text', 'wbr_decks.alert_thresholds', 'wbr_decks.data_csv', 'wbr_decks.data_file_name', 'wbr_decks.data_first_day', 'wbr_decks.data_last_day', 'wbr_decks.data_days'])
    .where('wbr_decks.org_id', '=', orgId)
    .where('wbr_decks.id', '=', deckId);
}

type LockedDeck = Awaited<ReturnType<typeof lockDeckForWeek>>;

/** The deck's data as a week is built from it (null before any upload), with the days it has rows on. */
async function lockedDeckData(trx: Db, actor: OrgActor, deckId: string, deck: LockedDeck) {
  const firstDay = deck.data_first_day === null ? undefined : parseIsoDay(deck.data_first_day);
  const lastDay = deck.data_last_day === null ? undefined : parseIsoDay(deck.data_last_day);
  const days = await deckDataDays(trx, { orgId: actor.orgId, id: deckId }, deck.data_days, () => Promise.resolve({ csv: deck.data_csv, fileName: deck.data_file_name }));
  return deck.data_csv === null || firstDay === undefined || lastDay === undefined ? null : { csv: deck.data_csv, fileName: deck.data_file_name ?? 'data.csv', firstDay, lastDay, days };
}

/**
 * Builds the deck for one week from the config, data and annotations as they are now, with the catalog's owners,
 * directions and targets, and the signals it shows (`previous`: the published week before it).
 */
async function buildWeek(trx: Db, actor: OrgActor, deckId: string, deck: LockedDeck, weekEnding: number, source: { csv: string; fileName: string }, previous: string | null) {
  const written = readDeckConfig(deck.config_text);
  const annotations = await deckAnnotationEvents(trx, actor.orgId, deckId);
  // The catalog as it is now: its owners answer for new anomalies, its directions judge the metrics the config
  // leaves undirected, and its targets are drawn on the week's charts.
  const catalog = await loadCatalog(trx, actor.orgId);
  const config = withCatalogDirections({ ...written, setup: { ...written.setup, weekEnding, weekNumber: weekNumberFor(written.setup, weekEnding) } }, catalog);
  const deckBuilt = withCatalogTargets(buildWbrDeck({ config, data: await scanDeckData(config, source.csv, source.fileName), annotations, withSignals: true }), catalog);
  const alerts = weekAlerts(weeklyChanges(config, deckBuilt), storedAlerts(deck.alert_thresholds));
  // The week's alerts travel with its deck, so the HTML, PDF and JSON downloads show what the review was shown.
  const built: Deck = alerts.length > 0 && deckBuilt.pulse !== undefined ? { ...deckBuilt, pulse: { ...deckBuilt.pulse, alerts } } : deckBuilt;
  const signals = [...reviewAnomalySignals(built, previous), ...alertSignals(alerts, isoDate(weekEnding))];
  return { built, catalog, signals };
}

/**
 * Keeps a built week as an immutable snapshot (a first publish, version 1, or a correction) and applies its new
 * signals to the anomaly list: each opens an anomaly on its metric (owned by the catalog metric's owner, or the
 * deck's) or adds weeks to the one still unresolved.
 */
async function keepWeek(
  trx: Db,
  actor: OrgActor,
  deckId: string,
  deck: LockedDeck,
  week: { weekEnding: number; fileName: string; version: number; correctionReason: string | null; built: Deck; catalog: Awaited<ReturnType<typeof loadCatalog>>; signals: AnomalySignal[]; newSignals: AnomalySignal[] },
  // The clock the week was judged by: the snapshot and the anomalies it opens or extends are dated by it, as its audit row.
  now: Date,
  // With email on, the owner of each anomaly it opens is told (decision 023).
  email: EmailSettings | null,
) {
  const snapshot = await trx
    .insertInto('wbr_snapshots')
    .values({
      org_id: actor.orgId,
      deck_id: deckId,
      week_ending: isoDate(week.weekEnding),
      deck_json: JSON.stringify(week.built),
      config_text: deck.config_text,
      data_file_name: week.fileName,
      block_count: week.built.blocks.length,
      signals_json: JSON.stringify(week.signals),
      new_signals: week.newSignals.length,
      published_by_user_id: actor.userId,
      version: week.version,
      correction_reason: week.correctionReason,
      published_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
    .catch((error: unknown) => {
      if (!isUniqueViolation(error, 'wbr_snapshots_deck_week_version_key')) throw error;
      // The deck's lock makes these rare (a row kept by a connection that did not take it): the same answer as the checks.
      throw week.version === 1 ? alreadyPublished(isoDate(week.weekEnding)) : alreadyCorrected(isoDate(week.weekEnding));
    });

  const unresolved = await trx
    .selectFrom('wbr_anomalies')
    .select(['id', 'metric_name', 'last_week_ending', 'weeks_signalled'])
    .where('org_id', '=', actor.orgId)
    .where('deck_id', '=', deckId)
    .where('status', '!=', 'resolved')
    // A withdrawn anomaly is off the agenda: a new signal on its metric opens a new one (a correction that shows
    // its own signal again reinstates it first, correctWeek).
    .where('withdrawn_by_snapshot_id', 'is', null)
    .forUpdate()
    .execute();
  const plan = planAnomalies(week.newSignals, unresolved.map((row) => ({ id: row.id, metric: row.metric_name, lastWeekEnding: row.last_week_ending })));
  // A deck owner who has left cannot answer either: the anomaly then waits, unowned, for anyone who builds the review.
  const deckOwner = deck.owner_left_on === null ? deck.owner_person_id : null;
  if (plan.create.length > 0) {
    const opened = await trx
      .insertInto('wbr_anomalies')
      .values(plan.create.map((anomaly) => ({
        org_id: actor.orgId,
        deck_id: deckId,
        metric_name: anomaly.metric,
        rule: anomaly.rule,
        direction: anomaly.direction,
        first_week_ending: anomaly.firstWeekEnding,
        last_week_ending: anomaly.lastWeekEnding,
        weeks_seen: anomaly.weekEndings,
        weeks_signalled: anomaly.weekEndings.length,
        first_snapshot_id: snapshot.id,
        owner_person_id: defaultAnomalyOwner(catalogMetricFor(anomaly.metric, week.catalog), deckOwner),
        created_at: now,
        updated_at: now,
      })))
      .returning(['id', 'owner_person_id'])
      .execute()
      .catch((error: unknown) => {
        // Someone reopened a resolved anomaly on one of these metrics after the list above was read.
        if (isUniqueViolation(error, 'wbr_anomalies_one_unresolved')) throw new AppError('conflict', 'An anomaly of this deck was reopened while the week was being published: publish it again.');
        throw error;
      });
    if (email !== null) for (const created of opened) if (created.owner_person_id !== null) await queueAnomalyOwnerEmail(trx, actor, created.id, created.owner_person_id, email, now);
  }
  for (const extension of plan.extend) {
    await trx
      .updateTable('wbr_anomalies')
      .set({
        last_week_ending: extension.lastWeekEnding,
        // New signals are on weeks no version raised before, so none is already among the weeks it was seen in.
        weeks_seen: sql`weeks_seen || ${extension.weekEndings}::date[]`,
        weeks_signalled: sql`weeks_signalled + ${extension.weekEndings.length}`,
        updated_at: now,
      })
      .where('org_id', '=', actor.orgId)
      .where('id', '=', extension.id)
      .execute();
  }
  return { snapshotId: snapshot.id, plan };
}

/**
 * Publishes a week: builds the deck from the config and data as they are now, keeps the result as an immutable
 * snapshot, and updates the anomaly list. Signals on weeks after the previous published week are new. One
 * transaction on the deck's locked row, so two people publishing at once cannot both pass the order check. The
 * config is read for the week: its week ending and week number moved to it, and each metric without a
 * good_direction judged in its catalog metric's direction.
 */
export async function publishWeek(db: Db, actor: OrgActor, deckId: string, input: { weekEnding?: string | undefined }, now: Date = new Date(), email: EmailSettings | null = null): Promise<WbrSnapshotView> {
  requirePermission(actor, 'wbr.write');
  const requested = input.weekEnding === undefined ? undefined : parseIsoDay(input.weekEnding);
  if (input.weekEnding !== undefined && requested === undefined) {
    throw new AppError('validation_failed', `weekEnding: "${input.weekEnding}" is not a date written YYYY-MM-DD.`, { field: 'weekEnding' });
  }
  const snapshotId = await db.transaction().execute(async (trx) => {
    const deck = await lockDeckForWeek(trx, actor, deckId);
    const latest = await trx.selectFrom('wbr_snapshots').select('week_ending').where('org_id', '=', actor.orgId).where('deck_id', '=', deckId).orderBy('week_ending', 'desc').limit(1).executeTakeFirst();
    const written = readDeckConfig(deck.config_text);
    const data = await lockedDeckData(trx, actor, deckId, deck);
    const today = utcDay(now);
    const weekEnding = requested ?? defaultWeekEnding(written.setup.weekEnding, data, today);
    const source = checkPublishable({ weekEnding, configWeekEnding: written.setup.weekEnding, latestPublished: latest === undefined ? null : (parseIsoDay(latest.week_ending) ?? null), data, today });
    const previous = latest?.week_ending ?? null;
    const { built, catalog, signals } = await buildWeek(trx, actor, deckId, deck, weekEnding, source, previous);
    const newSignals = signals.filter((signal) => isNewSignal(signal, previous));
    const kept = await keepWeek(trx, actor, deckId, deck, { weekEnding, fileName: source.fileName, version: 1, correctionReason: null, built, catalog, signals, newSignals }, now, email);
    await recordAuditEvent(trx, {
      orgId: actor.orgId,
      actorUserId: actor.userId,
      action: 'wbr_week.published',
      subjectType: 'wbr_deck',
      subjectId: deckId,
      data: { name: deck.name, weekEnding: isoDate(weekEnding), newSignals: newSignals.length, anomaliesOpened: kept.plan.create.length, anomaliesContinued: kept.plan.extend.length },
      // Dated by the clock the week was judged by (a demo's or an import's past), as the change itself.
      at: now,
    });
    return kept.snapshotId;
  });
  return getWeek(db, actor, deckId, snapshotId);
}

const alreadyCorrected = (weekEnding: string) =>
  new AppError('conflict', `The week ending ${formatDay(weekEnding)} was corrected while you were reading it: read the latest version, and correct that one if it is still wrong.`, { rule: 'wbr.snapshot_superseded', field: 'snapshotId' });

/**
 * Corrects a published week (corrections.ts): the deck's owner or an admin keeps a new version of the week, built
 * from the deck's data, config and annotations as they are now, with the reason. The version corrected stays as it
 * was, superseded. Only the week's latest version is corrected: two corrections at once are serialised on the deck's
 * lock, and the second, made from a version the first superseded, is refused (409) rather than stacked on it. The
 * correction's signals that no earlier version of the week raised join the anomaly list; the anomalies raised before
 * stay as they are, with their owners and answers. Audited in the same transaction.
 */
export async function correctWeek(db: Db, actor: OrgActor, deckId: string, snapshotId: string, input: { reason?: string | undefined }, now: Date = new Date(), email: EmailSettings | null = null): Promise<WbrSnapshotView> {
  requirePermission(actor, 'wbr.write');
  const reason = checkCorrectionReason(input.reason);
  const actorPersonId = await findActorPerson(db, actor);
  const correctionId = await db.transaction().execute(async (trx) => {
    const deck = await lockDeckForWeek(trx, actor, deckId);
    const corrected = await trx
      .selectFrom('wbr_snapshots')
      .select(['week_ending', 'version'])
      .where('org_id', '=', actor.orgId)
      .where('deck_id', '=', deckId)
      .where('id', '=', snapshotId)
      .executeTakeFirst();
    if (!corrected) throw notFound('Published week');
    assertCanCorrectWeek({ role: actor.role, personId: actorPersonId }, { name: deck.name, ownerPersonId: deck.owner_person_id });
    const versions = await trx
      .selectFrom('wbr_snapshots')
      .select(['id', 'version', 'signals_json'])
      .where('org_id', '=', actor.orgId)
      .where('deck_id', '=', deckId)
      .where('week_ending', '=', corrected.week_ending)
      .orderBy('version', 'desc')
      .execute();
    if ((versions[0]?.version ?? corrected.version) !== corrected.version) throw alreadyCorrected(corrected.week_ending);
    const weekEnding = parseIsoDay(corrected.week_ending) as number;
    const written = readDeckConfig(deck.config_text);
    // The week is the one published: only the data and the weekday are checked again (the order of weeks was checked then).
    const source = checkPublishable({ weekEnding, configWeekEnding: written.setup.weekEnding, latestPublished: null, data: await lockedDeckData(trx, actor, deckId, deck), today: utcDay(now) });
    const before = await trx
      .selectFrom('wbr_snapshots')
      .select('week_ending')
      .where('org_id', '=', actor.orgId)
      .where('deck_id', '=', deckId)
      .where('week_ending', '<', corrected.week_ending)
      .orderBy('week_ending', 'desc')
      .limit(1)
      .executeTakeFirst();
    const previous = before?.week_ending ?? null;
    const { built, catalog, signals } = await buildWeek(trx, actor, deckId, deck, weekEnding, source, previous);
    const earlier = versions.flatMap((version) => JSON.parse(version.signals_json) as AnomalySignal[]);
    const newSignals = correctionNewSignals(signals, earlier, (signal) => isNewSignal(signal, previous));
    const version = corrected.version + 1;
    // The anomalies this week raised or withdrew (in any of its versions), and the deck's other unresolved ones.
    const anomalies = await trx
      .selectFrom('wbr_anomalies')
      .select(['id', 'metric_name', 'status', sql<string>`last_week_ending::text`.as('last_week_ending'), 'withdrawn_by_snapshot_id', 'first_snapshot_id'])
      .where('org_id', '=', actor.orgId)
      .where('deck_id', '=', deckId)
      .where((eb) => eb.or([eb('first_snapshot_id', 'in', versions.map((row) => row.id)), eb('withdrawn_by_snapshot_id', 'in', versions.map((row) => row.id)), eb.and([eb('status', '!=', 'resolved'), eb('withdrawn_by_snapshot_id', 'is', null)])]))
      .forUpdate()
      .execute();
    const versionIds = new Set(versions.map((row) => row.id));
    // An anomaly an earlier week raised that a correction of this week withdrew (its last week shown was this one) is
    // weighed as this week's own: a correction that shows its signal again reinstates it.
    const isThisWeeks = (row: (typeof anomalies)[number]) => versionIds.has(row.first_snapshot_id) || (row.withdrawn_by_snapshot_id !== null && versionIds.has(row.withdrawn_by_snapshot_id));
    const raised = anomalies.filter(isThisWeeks);
    const otherUnresolved = new Set(anomalies.filter((row) => !isThisWeeks(row) && row.status !== 'resolved' && row.withdrawn_by_snapshot_id === null).map((row) => row.metric_name));
    const changes = correctionAnomalyChanges(
      raised.map((row) => ({ id: row.id, metric: row.metric_name, status: row.status, lastWeekEnding: row.last_week_ending, withdrawn: row.withdrawn_by_snapshot_id !== null })),
      new Set(signals.filter((signal) => isNewSignal(signal, previous)).map((signal) => signal.metric)),
      corrected.week_ending,
      otherUnresolved,
    );
    // Reinstated before the new signals are applied, so a signal the correction newly shows on its metric joins it.
    if (changes.reinstate.length > 0) {
      await trx.updateTable('wbr_anomalies').set({ withdrawn_by_snapshot_id: null, updated_at: sql`now()` }).where('org_id', '=', actor.orgId).where('id', 'in', changes.reinstate.map((anomaly) => anomaly.id)).execute();
    }
    const kept = await keepWeek(trx, actor, deckId, deck, { weekEnding, fileName: source.fileName, version, correctionReason: reason, built, catalog, signals, newSignals }, now, email);
    // The weeks each anomaly stands on follow the correction: those it was seen in that the corrected week still shows.
    const emptied = await redateAnomalies(trx, actor, deckId, (weekEnding) => weekEnding <= corrected.week_ending && isNewSignal({ weekEnding }, previous));
    // An anomaly an earlier week raised that no week shows any more (this week held the last of its weeks) is withdrawn
    // as well: left standing, it would sit on the agenda signalled in no week.
    const withdraw = [...changes.withdraw, ...emptied.filter((anomaly) => !changes.withdraw.some((listed) => listed.id === anomaly.id))];
    if (withdraw.length > 0) {
      await trx.updateTable('wbr_anomalies').set({ withdrawn_by_snapshot_id: kept.snapshotId, updated_at: sql`now()` }).where('org_id', '=', actor.orgId).where('id', 'in', withdraw.map((anomaly) => anomaly.id)).execute();
    }
    // Each anomaly's own history says what the correction did to it (its owner reads it there), with the reason.
    for (const [action, list] of [['wbr_anomaly.withdrawn', withdraw], ['wbr_anomaly.reinstated', changes.reinstate]] as const) {
      for (const anomaly of list) {
        await recordAuditEvent(trx, {
          orgId: actor.orgId,
          actorUserId: actor.userId,
          action,
          subjectType: 'wbr_anomaly',
          subjectId: anomaly.id,
          data: { metric: anomaly.metric, deckId, weekEnding: corrected.week_ending, version, reason, correctionSnapshotId: kept.snapshotId, status: anomaly.status },
          at: now,
        });
      }
    }
    await recordAuditEvent(trx, {
      orgId: actor.orgId,
      actorUserId: actor.userId,
      action: 'wbr_week.corrected',
      subjectType: 'wbr_deck',
      subjectId: deckId,
      data: {
        name: deck.name,
        weekEnding: corrected.week_ending,
        version,
        reason,
        supersededSnapshotId: snapshotId,
        newSignals: newSignals.length,
        anomaliesOpened: kept.plan.create.length,
        anomaliesContinued: kept.plan.extend.length,
        anomaliesWithdrawn: withdraw.length,
        anomaliesReinstated: changes.reinstate.length,
        // What the correction did to the anomaly list, by metric, so the entry reads without diffing the versions:
        // raised (opened, or weeks added to the metric's unresolved anomaly), withdrawn, reinstated.
        anomalies: {
          raised: metricsOf(newSignals),
          withdrawn: metricsOf(withdraw),
          reinstated: metricsOf(changes.reinstate),
        },
      },
      at: now,
    });
    return kept.snapshotId;
  });
  return getWeek(db, actor, deckId, correctionId);
}

/** Each metric named once, in name order, with how many there are: what an audit entry lists. */
function metricsOf(items: ReadonlyArray<{ metric: string }>): { count: number; metrics: string[] } {
  const metrics = [...new Set(items.map((item) => item.metric))].sort((a, b) => a.localeCompare(b));
  return { count: metrics.length, metrics };
}

/**
 * Re-dates the anomalies a correction touched (those seen in a week it reviews, `isReviewed`) once it is kept: each
 * stands on the weeks it was seen in that the latest version of every week shows on its metric (anomalyWeeksShown),
 * counted, from the first to the last of them. An anomaly no week shows any more counts none and keeps its first and
 * last week (it is withdrawn): those not withdrawn yet are returned, for the correction to withdraw.
 */
async function redateAnomalies(trx: Db, actor: OrgActor, deckId: string, isReviewed: (weekEnding: string) => boolean): Promise<Array<{ id: string; metric: string; status: AnomalyStatus }>> {
  const anomalies = await trx
    .selectFrom('wbr_anomalies')
    .select(['id', 'deck_id', 'metric_name', 'status', 'withdrawn_by_snapshot_id', 'weeks_signalled', sql<string>`first_week_ending::text`.as('first_week_ending'), sql<string>`last_week_ending::text`.as('last_week_ending'), sql<string[]>`weeks_seen::text[]`.as('weeks_seen')])
    .where('org_id', '=', actor.orgId)
    .where('deck_id', '=', deckId)
    .execute();
  const touched = anomalies.filter((row) => row.weeks_seen.some(isReviewed));
  const latest = (await latestSignalsByDeck(trx, actor.orgId, weeksSeenByDeck(touched))).get(deckId) ?? [];
  const emptied: Array<{ id: string; metric: string; status: AnomalyStatus }> = [];
  for (const anomaly of touched) {
    const weeks = anomalyWeeksShown({ metric: anomaly.metric_name, weeksSeen: anomaly.weeks_seen }, latest);
    if (weeks.length === 0 && anomaly.withdrawn_by_snapshot_id === null) emptied.push({ id: anomaly.id, metric: anomaly.metric_name, status: anomaly.status });
    const firstWeekEnding = weeks[0] ?? anomaly.first_week_ending;
    const lastWeekEnding = weeks[weeks.length - 1] ?? anomaly.last_week_ending;
    if (weeks.length === anomaly.weeks_signalled && firstWeekEnding === anomaly.first_week_ending && lastWeekEnding === anomaly.last_week_ending) continue;
    await trx
      .updateTable('wbr_anomalies')
      .set({ first_week_ending: firstWeekEnding, last_week_ending: lastWeekEnding, weeks_signalled: weeks.length, updated_at: sql`now()` })
      .where('org_id', '=', actor.orgId)
      .where('id', '=', anomaly.id)
      .execute();
  }
  return emptied;
}

async function loadSnapshot(db: Db, actor: OrgActor, deckId: string, snapshotId: string) {
  requirePermission(actor, 'wbr.read');
  const row = await db
    .selectFrom('wbr_snapshots')
    .innerJoin('wbr_decks', 'wbr_decks.id', 'wbr_snapshots.deck_id')
    .select(['wbr_snapshots.week_ending', 'wbr_snapshots.deck_json', 'wbr_snapshots.signals_json', 'wbr_decks.name as deck_name'])
    .where('wbr_snapshots.org_id', '=', actor.orgId)
    .where('wbr_snapshots.deck_id', '=', deckId)
    .where('wbr_snapshots.id', '=', snapshotId)
    .executeTakeFirst();
  if (!row) throw notFound('Published week');
  return row;
}

/** A published week with the anomaly signals it shows. */
export async function getWeek(db: Db, actor: OrgActor, deckId: string, snapshotId: string): Promise<WbrSnapshotView> {
  const row = await loadSnapshot(db, actor, deckId, snapshotId);
  const snapshots = await listSnapshots(db, actor.orgId, deckId);
  const index = snapshots.findIndex((snapshot) => snapshot.id === snapshotId);
  const summary = snapshots[index] as WbrSnapshotSummary;
  // The published week before this one (its other versions are the same week).
  const previous = snapshots.slice(index + 1).find((snapshot) => snapshot.weekEnding < summary.weekEnding)?.weekEnding ?? null;
  const signals = JSON.parse(row.signals_json) as AnomalySignal[];
  return { ...summary, deckId, signals: signals.map((signal) => ({ ...signal, isNew: isNewSignal(signal, previous) })) };
}

export interface ExportedWeek<Body> {
  body: Body;
  contentType: string;
  fileName: string;
}

/**
 * A published week as a file: the deck JSON exactly as stored, or the self-contained HTML deck or the PDF deck
 * made from it (the PDF module loads on the first PDF asked for).
 */
export async function exportWeek(db: Db, actor: OrgActor, deckId: string, snapshotId: string, format: 'html' | 'json'): Promise<ExportedWeek<string>>;
export async function exportWeek(db: Db, actor: OrgActor, deckId: string, snapshotId: string, format: 'html' | 'json' | 'pdf'): Promise<ExportedWeek<string | Uint8Array<ArrayBuffer>>>;
export async function exportWeek(db: Db, actor: OrgActor, deckId: string, snapshotId: string, format: 'html' | 'json' | 'pdf'): Promise<ExportedWeek<string | Uint8Array<ArrayBuffer>>> {
  const row = await loadSnapshot(db, actor, deckId, snapshotId);
  const baseName = `${downloadBaseName(row.deck_name, 'deck')}-${row.week_ending}`;
  if (format === 'json') return { body: row.deck_json, contentType: 'application/json; charset=utf-8', fileName: `${baseName}.json` };
  if (format === 'pdf') return { body: await weekPdf(snapshotId, row.deck_json), contentType: 'application/pdf', fileName: `${baseName}.pdf` };
  return { body: renderDeckHtml(JSON.parse(row.deck_json) as Deck), contentType: 'text/html; charset=utf-8', fileName: `${baseName}.html` };
}

/**
 * A week built exactly as a publish would build it now (buildWeek: the deck's current config, data, annotations and
 * catalog), for any week the data touches, over or not, as a file; nothing is kept: no snapshot, no anomaly, no
 * audit entry. Its title says it is a preview (and a partial week while the week is not over). Without `weekEnding`,
 * the latest week with data (previewWeekEnding). A bad `weekEnding` is refused naming `query.weekEnding`.
 */
export async function previewWeek(db: Db, actor: OrgActor, deckId: string, input: { weekEnding?: string | undefined }, format: 'html' | 'json', now: Date = new Date()): Promise<ExportedWeek<string>> {
  requirePermission(actor, 'wbr.read');
  const field = 'query.weekEnding';
  const requested = input.weekEnding === undefined ? undefined : parseIsoDay(input.weekEnding);
  if (input.weekEnding !== undefined && requested === undefined) {
    throw new AppError('validation_failed', `${field}: "${input.weekEnding}" is not a date written YYYY-MM-DD.`, { field });
  }
  const deck = await selectDeckForWeek(db, actor.orgId, deckId).executeTakeFirst();
  if (!deck) throw notFound('Deck');
  const written = readDeckConfig(deck.config_text);
  const data = await lockedDeckData(db, actor, deckId, deck);
  const today = utcDay(now);
  const weekEnding = requested ?? previewWeekEnding(written.setup.weekEnding, data, today) ?? written.setup.weekEnding;
  const source = checkPreviewable({ weekEnding, configWeekEnding: written.setup.weekEnding, data, field });
  // The published week before it, so its signals are judged new or not as that week's publish would judge them.
  const before = await db
    .selectFrom('wbr_snapshots')
    .select('week_ending')
    .where('org_id', '=', actor.orgId)
    .where('deck_id', '=', deckId)
    .where('week_ending', '<', isoDate(weekEnding))
    .orderBy('week_ending', 'desc')
    .limit(1)
    .executeTakeFirst();
  const { built } = await buildWeek(db, actor, deckId, deck, weekEnding, source, before?.week_ending ?? null);
  const preview: Deck = { ...built, title: previewDeckTitle(built.title, weekEnding, today) };
  const baseName = `${downloadBaseName(deck.name, 'deck')}-${isoDate(weekEnding)}-preview`;
  if (format === 'json') return { body: JSON.stringify(preview), contentType: 'application/json; charset=utf-8', fileName: `${baseName}.json` };
  return { body: renderDeckHtml(preview), contentType: 'text/html; charset=utf-8', fileName: `${baseName}.html` };
}

/** Published weeks never change, so a server keeps the PDFs it wrote last, up to 64 MB. */
const keptPdfs = new KeptFiles(64 * 1024 * 1024);

/** A published week's PDF (its snapshot is already loaded, so the reader may see it): kept, or written in turn. */
async function weekPdf(snapshotId: string, deckJson: string): Promise<Uint8Array<ArrayBuffer>> {
  const kept = keptPdfs.get(snapshotId);
  if (kept !== undefined) return kept;
  const deck = JSON.parse(deckJson) as Deck;
  assertPdfSize(deck.blocks.length);
  const { renderDeckPdf } = await import('../../pdf/deck-pdf.js');
  const pdf = await renderOneAtATime(() => renderDeckPdf(deck));
  keptPdfs.keep(snapshotId, pdf);
  return pdf;
}

/** How strongly one charted metric of a published week follows another, at lags of 0 to 12 weeks (domain: lag.ts). */
export async function weekLagAnalysis(db: Db, actor: OrgActor, deckId: string, snapshotId: string, metrics: { input: string; output: string }) {
  const row = await loadSnapshot(db, actor, deckId, snapshotId);
  return lagAnalysis(JSON.parse(row.deck_json) as Deck, metrics.input, metrics.output);
}
