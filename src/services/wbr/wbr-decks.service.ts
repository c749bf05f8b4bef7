import { setImmediate as nextTurn } from 'node:timers/promises';
import { sql } from 'kysely';
import { AppError, notFound } from '../../domain/errors.js';
import { assertSameContent, contentToken, fieldsToken } from '../../domain/stale-write.js';
import { checkAlertThresholds, type AlertThreshold } from '../../domain/wbr-review/alerts.js';
import { assertKeepsCatalogLinks, catalogMetricsArriving, catalogMetricsLeaving, dataReadWords, metricAnswerer, type AnomalyOwnerReason } from '../../domain/wbr-review/catalog-links.js';
import { linkedMetricEmail, type LinkedMetricChange } from '../../domain/mail/outbox-emails.js';
import { assertMayOverrideCatalogDirections, metricDirection } from '../../domain/wbr-review/catalog-targets.js';
import { checkPushedRows, mergePushedRows, type PushedRow } from '../../domain/wbr-review/pushed-rows.js';
import { nextDailyRefresh } from '../../domain/wbr-review/refresh-schedule.js';
import { assertCanChangeAlerts, assertCanHandOverDeck, catalogMetricFor, checkPublishable, defaultWeekEnding, isStorableDay, parseIsoDay, previewWeekEnding, utcDay, WBR_REVIEW_LIMITS } from '../../domain/wbr-review/review-rules.js';
import { supersedingVersions } from '../../domain/wbr-review/corrections.js';
import { dataDaysOf, readDataDays, rowsAfterToday, rowsAfterTodayWarning, shortRowsWarning, type DataDay, type ShortRows } from '../../domain/wbr-review/data-days.js';
import { isoDate } from '../../domain/wbr/calendar.js';
import { CsvScanner, type CsvTable } from '../../domain/wbr/csv-scanner.js';
import type { GoodDirection } from '../../domain/wbr/wbr-config.js';
import { createDataScanner, type WbrConfig } from '../../domain/wbr/wbr-deck.js';
import { readDeckConfig, storedConfigMetrics } from './deck-config.js';
import type { Db } from '../../storage/database.js';
import { isUniqueViolation } from '../../storage/pg-errors.js';
import { recordAuditEvent } from '../audit/audit.service.js';
import { assertNameFree } from '../unique-names.js';
import { requirePermission, type OrgActor } from '../context.js';
import { assertOwnerHere, findActorPerson, holdPerson } from '../people/people.service.js';
import { appLink, queueEmail, type EmailSettings } from '../mail/outbox.service.js';
import { listAnomalies, reviewEmailParties, type WbrAnomalyView } from './wbr-anomalies.service.js';
import { normalizeName } from '../../domain/names.js';

/** The name a deck's config has in error messages (the API's `file`). */

export interface WbrDataInfo {
  fileName: string;
  rows: number;
  firstDate: string;
  lastDate: string;
  uploadedAt: string;
  uploadedBy: { id: string; name: string } | null;
}

export interface WbrDeckSummary {
  id: string;
  name: string;
  /** The person who answers for the review, with the day they left when they did (the deck needs a new owner). */
  owner: { id: string; name: string; leftOn: string | null } | null;
  data: WbrDataInfo | null;
  latestWeekEnding: string | null;
  snapshotCount: number;
  unresolvedAnomalies: number;
  updatedAt: string;
}

export interface WbrSnapshotSummary {
  id: string;
  weekEnding: string;
  publishedAt: string;
  publishedBy: { id: string; name: string } | null;
  newSignals: number;
  blockCount: number;
  /** 1 as first published; each correction of the week is the next version. */
  version: number;
  /** Why this version corrects the one before it; null for the week as first published. */
  correctionReason: string | null;
  /** The correction that replaced this version, when one did: the week is read from its latest version. */
  supersededBy: { id: string; publishedAt: string; publishedBy: { id: string; name: string } | null; reason: string } | null;
}

export interface WbrDeckView extends WbrDeckSummary {
  config: string;
  /** Send it back as `baseConfigToken` with a new config: one saved since you read it refuses the change (409). */
  configToken: string;
  /** Send it back as `baseToken` with a new name, owner, alerts or refresh hour: settings saved since you read them refuse the change (409). */
  editToken: string;
  /**
   * One token per settings form, over only the fields that form writes: `baseDetailsToken` (name and owner),
   * `baseAlertsToken` (alerts), `baseRefreshToken` (refresh hour). A form sending its own is refused only when what
   * it shows changed, not when a colleague saved another form's fields.
   */
  settingsTokens: { details: string; alerts: string; refresh: string };
  /** The week Publish takes by default (the latest on the config's week-ending weekday that is over and holds rows), when it can be published now. */
  nextWeekEnding: string | null;
  /** Why no week can be published now (no data yet, or the data does not reach the next week); null when one can. */
  publishNote: string | null;
  /** The week a preview shows by default: the latest with rows dated up to today, over or not; null without data. */
  previewWeekEnding: string | null;
  /**
   * Rows of the data dated after today (a typo, or a plan for the weeks ahead): how many, the first date and the
   * line it starts on, with the warning the owner is shown. They never choose the week to review. Null when none.
   */
  rowsAfterToday: { rows: number; firstDate: string; line: number; fileName: string; message: string } | null;
  /**
   * Rows of the data with fewer cells than the header: their missing cells read as blank (as in the WBR App), so a
   * week's sum can be quietly lower. How many, the first lines, with the warning the owner is shown. Null when none.
   */
  shortRows: { rows: number; lines: number[]; fileName: string; message: string } | null;
  /** The review's alert thresholds on the week's change. */
  alerts: AlertThreshold[];
  /**
   * The config's metrics: the unit their week-over-week and year-over-year changes are in, the catalog metric of the
   * same name, and the good direction the review judges them in (the config's, else the catalog's), with a warning
   * when the two disagree.
   */
  metrics: Array<{
    name: string;
    changeUnit: '%' | 'bps';
    catalogMetric: { id: string; name: string; kind: 'input' | 'output'; owner: { id: string; name: string } | null } | null;
    /** Who a new anomaly of the metric goes to, as a publish decides it now, and why (the catalog metric's owner, or the deck's owner and the reason). */
    anomalyOwner: { person: { id: string; name: string } | null; reason: AnomalyOwnerReason };
    goodDirection: GoodDirection | null;
    goodDirectionFrom: 'config' | 'catalog' | null;
    goodDirectionConflict: string | null;
  }>;
  snapshots: WbrSnapshotSummary[];
  anomalies: WbrAnomalyView[];
  /** The anomalies corrections withdrew (their signal came from the data corrected), off the agenda, oldest first. */
  withdrawnAnomalies: WbrAnomalyView[];
  /** The config's data_sources: the queries (and CSV files) that can refresh the data (docs/wbr-sql.md). */
  dataSources: Array<{ kind: 'query' | 'csv'; name: string; connection: string | null }>;
  /** The daily refresh from the queries, when one is set: its hour, whose rights it runs with, its next and last run. */
  refresh: { hourUtc: number; by: { id: string; name: string } | null; nextAt: string; lastAt: string | null; lastError: string | null } | null;
}

/**
 * The week a publish would take now, or why there is none: the same check the publish makes, on the latest week
 * the data covers (and, when that one is already published, on the week after the latest published one, whose
 * refusal says what is missing).
 */
/** The week a preview of the deck shows by default (previewWeekEnding), or null without data or a config that reads. */
function previewWeekOf(config: WbrConfig | undefined, row: { data_last_day: string | null }, days: readonly DataDay[] | undefined, today: number): string | null {
  const lastDay = row.data_last_day === null ? undefined : parseIsoDay(row.data_last_day);
  if (config === undefined || lastDay === undefined) return null;
  const weekEnding = previewWeekEnding(config.setup.weekEnding, { lastDay, days }, today);
  return weekEnding === null ? null : isoDate(weekEnding);
}

function nextWeek(config: WbrConfig, row: { data_first_day: string | null; data_last_day: string | null; latest_week_ending: string | null }, days: readonly DataDay[] | undefined, today: number): { weekEnding: string | null; note: string | null } {
  const firstDay = row.data_first_day === null ? undefined : parseIsoDay(row.data_first_day);
  const lastDay = row.data_last_day === null ? undefined : parseIsoDay(row.data_last_day);
  const data = firstDay === undefined || lastDay === undefined ? null : { firstDay, lastDay, days };
  const latestPublished = row.latest_week_ending === null ? null : (parseIsoDay(row.latest_week_ending) ?? null);
  const candidate = defaultWeekEnding(config.setup.weekEnding, data, today);
  const attempt = (weekEnding: number) => {
    try {
      checkPublishable({ weekEnding, configWeekEnding: config.setup.weekEnding, latestPublished, data, today });
      return { weekEnding: isoDate(weekEnding), note: null };
    } catch (error) {
      if (error instanceof AppError) return { weekEnding: null, note: error.message };
      throw error;
    }
  };
  const first = attempt(candidate);
  return first.weekEnding === null && latestPublished !== null && candidate <= latestPublished ? attempt(latestPublished + 7) : first;
}

/** The thresholds as stored (jsonb comes back parsed; a string is parsed here). */
export function storedAlerts(value: unknown): AlertThreshold[] {
  return (typeof value === 'string' ? JSON.parse(value) : value) as AlertThreshold[];
}

/**
 * The token of a deck's settings besides its config (which has its own, configToken): its name, owner, alerts and
 * daily refresh, as the deck's forms show them. Not its updatedAt, which an upload of data moves too. Every writer of
 * these fields (a form, a departure handing the deck over, a config that drops its queries) changes it.
 */
function deckEditToken(row: { name: string; owner_person_id: string | null; alert_thresholds: unknown; refresh_hour_utc: number | null }): string {
  return fieldsToken([row.name, row.owner_person_id, JSON.stringify(storedAlerts(row.alert_thresholds)), row.refresh_hour_utc]);
}

/** Each settings form's token, over the fields it writes (see deckEditToken for what moves them). */
function deckSettingsTokens(row: { name: string; owner_person_id: string | null; alert_thresholds: unknown; refresh_hour_utc: number | null }): WbrDeckView['settingsTokens'] {
  return {
    details: fieldsToken([row.name, row.owner_person_id]),
    alerts: fieldsToken([JSON.stringify(storedAlerts(row.alert_thresholds))]),
    refresh: fieldsToken([row.refresh_hour_utc]),
  };
}

/** How much of a data file is scanned between turns of the event loop (about 10 ms of work). */
const SCAN_SLICE_BYTES = 1 << 20;

/**
 * Scans a deck's data against its config: every cell is checked, only the columns the config reads are kept. A
 * slice at a time, letting the server answer other requests between slices: a 32 MB upload read in one go held
 * every other user of the server for over a second.
 */
export async function scanDeckData(config: WbrConfig, csv: string, fileName: string): Promise<CsvTable> {
  const bytes = Buffer.from(csv, 'utf8');
  const scanner = createDataScanner(config, fileName, bytes.length);
  for (let start = 0; start < bytes.length; start += SCAN_SLICE_BYTES) {
    if (start > 0) await nextTurn();
    scanner.push(bytes.subarray(start, start + SCAN_SLICE_BYTES));
  }
  return scanner.end();
}

/**
 * The days a data file has rows on (data-days.ts): its dates only, every row (the deck's scan keeps only the rows
 * its windows can use). A slice at a time, as scanDeckData. The file was read with the deck's config already.
 */
export async function scanDataDays(csv: string, fileName: string): Promise<DataDay[]> {
  const bytes = Buffer.from(csv, 'utf8');
  const scanner = new CsvScanner({ fileName, selectColumns: () => ({ numeric: [], text: [] }), expectedBytes: bytes.length });
  for (let start = 0; start < bytes.length; start += SCAN_SLICE_BYTES) {
    if (start > 0) await nextTurn();
    scanner.push(bytes.subarray(start, start + SCAN_SLICE_BYTES));
  }
  const table = scanner.end();
  return dataDaysOf(table.dates, table.lines);
}

/**
 * The days of a deck's data as stored, or read from the file for data stored before Pulse kept them, and then kept
 * (once: a deck uploaded before would otherwise read its whole file on every view and every publish).
 */
export async function deckDataDays(db: Db, deck: { orgId: string; id: string }, stored: unknown, data: () => Promise<{ csv: string | null; fileName: string | null }>): Promise<DataDay[] | undefined> {
  const days = stored === null || stored === undefined ? null : readDataDays(stored);
  if (days !== null) return days;
  const { csv, fileName } = await data();
  if (csv === null) return undefined;
  const scanned = await scanDataDays(csv, fileName ?? 'data.csv');
  // Only while none are stored: an upload in between stored its own days with its data.
  await db.updateTable('wbr_decks').set({ data_days: JSON.stringify(scanned) }).where('org_id', '=', deck.orgId).where('id', '=', deck.id).where('data_days', 'is', null).execute();
  return scanned;
}

/**
 * Scans data a person supplied (an upload, pushed rows) for a deck whose config stays as it is: a fault is the
 * file's, so it is said as the file's. A column the config reads and the file lacks comes from the engine as a
 * config error at the metric's line, which someone uploading a CSV would take for a line of their file: it names
 * the file and the column, and the config's line only as where the column is asked for.
 */
async function scanUploadedData(config: WbrConfig, csv: string, fileName: string): Promise<CsvTable> {
  try {
    return await scanDeckData(config, csv, fileName);
  } catch (error) {
    if (error instanceof AppError && error.code === 'invalid_config') throw missingColumn(config, fileName, error);
    throw error;
  }
}

/** The engine's "metric M reads column C, which is not in the data file" (its key path says which), as the file's fault. */
function missingColumn(config: WbrConfig, fileName: string, error: AppError): AppError {
  const field = error.details.field ?? '';
  const keyOf = (metric: { name: string }) => field.slice(`metrics.${metric.name}`.length);
  const metric = config.metrics.find((candidate) => field.startsWith(`metrics.${candidate.name}.`) && ['.column', '.filter.base_column', '.filter.query'].includes(keyOf(candidate)));
  if (metric === undefined) return error;
  const where = `config line ${error.details.line ?? metric.line}, ${field}`;
  let message: string;
  if (metric.kind === 'column') message = `The file ${fileName} has no column "${metric.column}", which metric "${metric.name}" reads (${where}).`;
  else if (metric.kind === 'filter' && keyOf(metric) === '.filter.base_column') message = `The file ${fileName} has no column "${metric.baseColumn}", which the filter of metric "${metric.name}" reads (${where}).`;
  else message = `The file ${fileName} lacks a column the filter query of metric "${metric.name}" reads (${where}): ${error.message}`;
  return new AppError('invalid_data', message, { file: fileName, field: 'csv' }, { cause: error });
}

function selectDecks(db: Db, orgId: string) {
  return db
    .selectFrom('wbr_decks')
    .leftJoin('people as owner', 'owner.id', 'wbr_decks.owner_person_id')
    .leftJoin('users as uploader', 'uploader.id', 'wbr_decks.data_uploaded_by_user_id')
    .select([
      'wbr_decks.id',
      'wbr_decks.name',
      'wbr_decks.owner_person_id',
      'owner.name as owner_name',
      'owner.left_on as owner_left_on',
      'wbr_decks.data_file_name',
      'wbr_decks.data_rows',
      'wbr_decks.data_first_day',
      'wbr_decks.data_last_day',
      'wbr_decks.data_uploaded_at',
      'wbr_decks.data_uploaded_by_user_id',
      'uploader.name as uploader_name',
      'wbr_decks.updated_at',
      (eb) => eb.selectFrom('wbr_snapshots').select(sql<string | null>`max(week_ending)::text`.as('latest')).whereRef('wbr_snapshots.deck_id', '=', 'wbr_decks.id').as('latest_week_ending'),
      // Weeks, not versions: a corrected week is one week.
      (eb) => eb.selectFrom('wbr_snapshots').select(sql<number>`count(distinct week_ending)::int`.as('count')).whereRef('wbr_snapshots.deck_id', '=', 'wbr_decks.id').as('snapshot_count'),
      (eb) => eb.selectFrom('wbr_anomalies').select(sql<number>`count(*)::int`.as('count')).whereRef('wbr_anomalies.deck_id', '=', 'wbr_decks.id').where('wbr_anomalies.status', '!=', 'resolved').where('wbr_anomalies.withdrawn_by_snapshot_id', 'is', null).as('unresolved_anomalies'),
    ])
    .where('wbr_decks.org_id', '=', orgId);
}

type DeckRow = Awaited<ReturnType<ReturnType<typeof selectDecks>['executeTakeFirstOrThrow']>>;

function toDeckSummary(row: DeckRow): WbrDeckSummary {
  const hasData = row.data_file_name !== null && row.data_rows !== null && row.data_first_day !== null && row.data_last_day !== null && row.data_uploaded_at !== null;
  return {
    id: row.id,
    name: row.name,
    owner: row.owner_person_id === null ? null : { id: row.owner_person_id, name: row.owner_name ?? '', leftOn: row.owner_left_on ?? null },
    data: hasData
      ? {
          fileName: row.data_file_name as string,
          rows: row.data_rows as number,
          firstDate: row.data_first_day as string,
          lastDate: row.data_last_day as string,
          uploadedAt: new Date(row.data_uploaded_at as Date).toISOString(),
          uploadedBy: row.data_uploaded_by_user_id === null ? null : { id: row.data_uploaded_by_user_id, name: row.uploader_name ?? '' },
        }
      : null,
    latestWeekEnding: row.latest_week_ending ?? null,
    snapshotCount: row.snapshot_count ?? 0,
    unresolvedAnomalies: row.unresolved_anomalies ?? 0,
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

export async function listDecks(db: Db, actor: OrgActor): Promise<WbrDeckSummary[]> {
  requirePermission(actor, 'wbr.read');
  const rows = await selectDecks(db, actor.orgId).orderBy(sql`lower(wbr_decks.name)`).orderBy('wbr_decks.id').execute();
  return rows.map(toDeckSummary);
}

/** Every version of every published week, newest week first and, within a week, its latest version first. */
export async function listSnapshots(db: Db, orgId: string, deckId: string): Promise<WbrSnapshotSummary[]> {
  const rows = await db
    .selectFrom('wbr_snapshots')
    .leftJoin('users', 'users.id', 'wbr_snapshots.published_by_user_id')
    .select(['wbr_snapshots.id', 'wbr_snapshots.week_ending', 'wbr_snapshots.version', 'wbr_snapshots.correction_reason', 'wbr_snapshots.published_at', 'wbr_snapshots.published_by_user_id', 'users.name as publisher_name', 'wbr_snapshots.new_signals', 'wbr_snapshots.block_count'])
    .where('wbr_snapshots.org_id', '=', orgId)
    .where('wbr_snapshots.deck_id', '=', deckId)
    .orderBy('wbr_snapshots.week_ending', 'desc')
    .orderBy('wbr_snapshots.version', 'desc')
    .execute();
  const summaries = rows.map((row) => ({
    id: row.id,
    weekEnding: row.week_ending,
    publishedAt: new Date(row.published_at).toISOString(),
    publishedBy: row.published_by_user_id === null ? null : { id: row.published_by_user_id, name: row.publisher_name ?? '' },
    newSignals: row.new_signals,
    blockCount: row.block_count,
    version: row.version,
    correctionReason: row.correction_reason,
  }));
  const superseding = supersedingVersions(summaries);
  return summaries.map((summary) => {
    const next = superseding.get(summary.id);
    return { ...summary, supersededBy: next === undefined ? null : { id: next.id, publishedAt: next.publishedAt, publishedBy: next.publishedBy, reason: next.correctionReason ?? '' } };
  });
}

/** The org's catalog metrics with their owners, for linking a deck's metrics to them by name. */
export async function loadCatalog(db: Db, orgId: string) {
  const rows = await db
    .selectFrom('metrics')
    .leftJoin('people', 'people.id', 'metrics.owner_person_id')
    .select(['metrics.id', 'metrics.name', 'metrics.kind', 'metrics.target', 'metrics.unit', 'metrics.good_direction', 'metrics.owner_person_id', 'people.name as owner_name', 'people.left_on'])
    .where('metrics.org_id', '=', orgId)
    .execute();
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    kind: row.kind,
    target: row.target,
    unit: row.unit,
    goodDirection: row.good_direction,
    ownerPersonId: row.owner_person_id,
    ownerName: row.owner_name ?? '',
    ownerHasLeft: row.left_on !== null,
  }));
}

export async function getDeck(db: Db, actor: OrgActor, deckId: string, now: Date = new Date()): Promise<WbrDeckView> {
  requirePermission(actor, 'wbr.read');
  const row = await selectDecks(db, actor.orgId)
    .leftJoin('users as refresher', 'refresher.id', 'wbr_decks.refresh_by_user_id')
    .select(['wbr_decks.config_text', 'wbr_decks.alert_thresholds', 'wbr_decks.data_days', 'wbr_decks.data_short_rows', 'wbr_decks.refresh_hour_utc', 'wbr_decks.refresh_by_user_id', 'refresher.name as refresh_by_name', 'wbr_decks.refresh_next_at', 'wbr_decks.refresh_last_at', 'wbr_decks.refresh_last_error'])
    .where('wbr_decks.id', '=', deckId)
    .executeTakeFirst();
  if (!row) throw notFound('Deck');
  const [snapshots, anomalies, withdrawnAnomalies, catalog] = await Promise.all([
    listSnapshots(db, actor.orgId, deckId),
    listAnomalies(db, actor, { deckId, status: 'unresolved' }),
    listAnomalies(db, actor, { deckId, status: 'withdrawn' }),
    loadCatalog(db, actor.orgId),
  ]);
  // The stored config was valid when saved; the engine may have grown stricter since, so a config it now refuses
  // still shows (with no metrics listed) rather than making the deck unreadable.
  let config: WbrConfig | undefined;
  try {
    config = readDeckConfig(row.config_text);
  } catch {
    config = undefined;
  }
  const today = utcDay(now);
  const days = row.data_last_day === null ? undefined : await deckDataDays(db, { orgId: actor.orgId, id: deckId }, row.data_days, async () => {
    const stored = await db.selectFrom('wbr_decks').select(['data_csv', 'data_file_name']).where('org_id', '=', actor.orgId).where('id', '=', deckId).executeTakeFirstOrThrow();
    return { csv: stored.data_csv, fileName: stored.data_file_name };
  });
  const next = config === undefined ? { weekEnding: null, note: 'The config no longer reads: fix it before publishing.' } : nextWeek(config, row, days, today);
  const future = days === undefined ? null : rowsAfterToday(days, today);
  const dataFileName = row.data_file_name ?? 'data.csv';
  const short = row.data_short_rows === null || row.data_short_rows === undefined ? null : ((typeof row.data_short_rows === 'string' ? JSON.parse(row.data_short_rows) : row.data_short_rows) as ShortRows);
  return {
    ...toDeckSummary(row),
    config: row.config_text,
    configToken: contentToken(row.config_text),
    editToken: deckEditToken(row),
    settingsTokens: deckSettingsTokens(row),
    nextWeekEnding: next.weekEnding,
    publishNote: next.note,
    previewWeekEnding: previewWeekOf(config, row, days, today),
    rowsAfterToday: future === null ? null : { rows: future.rows, firstDate: isoDate(future.firstDay), line: future.firstLine, fileName: dataFileName, message: rowsAfterTodayWarning(future, dataFileName) },
    shortRows: short === null ? null : { rows: short.rows, lines: short.firstLines, fileName: dataFileName, message: shortRowsWarning(short, dataFileName) },
    alerts: storedAlerts(row.alert_thresholds),
    metrics: (config?.metrics ?? []).map((metric) => {
      // The same decision a publish makes (wbr-weeks.service.ts): a deck owner who has left answers for nothing.
      const answerer = metricAnswerer(metric.name, catalog, row.owner_left_on === null ? row.owner_person_id : null);
      const entry = answerer.catalogMetric;
      const direction = metricDirection(metric, catalog);
      const answererName = answerer.reason === 'catalog_owner' ? (entry?.ownerName ?? '') : (row.owner_name ?? '');
      return {
        name: metric.name,
        changeUnit: metric.comparison === 'bps' ? ('bps' as const) : ('%' as const),
        catalogMetric: entry === undefined ? null : { id: entry.id, name: entry.name, kind: entry.kind, owner: entry.ownerPersonId === null ? null : { id: entry.ownerPersonId, name: entry.ownerName } },
        anomalyOwner: { person: answerer.personId === null ? null : { id: answerer.personId, name: answererName }, reason: answerer.reason },
        goodDirection: direction.goodDirection,
        goodDirectionFrom: direction.from,
        goodDirectionConflict: direction.conflict,
      };
    }),
    snapshots,
    anomalies,
    withdrawnAnomalies,
    dataSources: (config?.dataSources ?? []).map((source) => ({ kind: source.kind, name: source.name, connection: source.kind === 'query' ? source.connection : null })),
    refresh: row.refresh_hour_utc === null || row.refresh_next_at === null ? null : {
      hourUtc: row.refresh_hour_utc,
      by: row.refresh_by_user_id === null ? null : { id: row.refresh_by_user_id, name: row.refresh_by_name ?? '' },
      nextAt: new Date(row.refresh_next_at).toISOString(),
      lastAt: row.refresh_last_at === null ? null : new Date(row.refresh_last_at).toISOString(),
      lastError: row.refresh_last_error,
    },
  };
}

function checkedDeckName(name: string): string {
  const trimmed = normalizeName(name);
  if (trimmed.length === 0) throw new AppError('validation_failed', 'name: must not be empty.', { field: 'name' });
  if (trimmed.length > WBR_REVIEW_LIMITS.deckNameMaxLength) throw new AppError('validation_failed', `name: must be at most ${WBR_REVIEW_LIMITS.deckNameMaxLength} characters.`, { field: 'name' });
  return trimmed;
}

const deckNameTaken = (name: string) => new AppError('conflict', `name: a deck named "${name}" already exists (names are compared without regard to case, spacing or look-alike characters).`, { field: 'name' });

function deckNameClash(name: string) {
  return (error: unknown): never => {
    if (isUniqueViolation(error, 'wbr_decks_org_name_key')) throw deckNameTaken(name);
    throw error;
  };
}

/** Refuses a deck name that reads as one the org has (unique-names.ts); `exceptId` is the deck renamed. */
async function assertDeckNameFree(trx: Db, orgId: string, name: string, exceptId: string | null): Promise<void> {
  await assertNameFree(trx, {
    scope: `wbr_decks:${orgId}`,
    name,
    exceptId,
    existing: () => trx.selectFrom('wbr_decks').select(['id', 'name']).where('org_id', '=', orgId).execute(),
    taken: deckNameTaken,
  });
}

/**
 * The config's errors as the API reports them: `field` stays the YAML key path the engine names, and the message
 * says where, so a client that shows only the message still tells the writer which line to fix. The message names
 * the place once: clients show it as it is.
 */
async function withConfigLocation<T>(read: () => T | Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof AppError && (error.code === 'invalid_config' || error.code === 'invalid_data')) {
      const where = error.details.line === undefined ? '' : `Line ${error.details.line}${error.details.field === undefined ? '' : ` (${error.details.field})`}: `;
      // A config error is about the config (its key path when the engine names one); a data error, about the file.
      const field = error.details.field ?? (error.code === 'invalid_config' ? 'config' : 'csv');
      throw new AppError(error.code, `${where}${error.message}`, { ...error.details, field });
    }
    throw error;
  }
}

/**
 * A new deck: its config must read, and its owner must be someone still in the org. Without an owner named, the
 * person linked to the creator's login owns it (a new org may have nobody else on its chart yet); null leaves
 * it unowned until someone takes it. The owners of the catalog metrics it charts are told, as when a config adds them.
 */
export async function createDeck(db: Db, actor: OrgActor, input: { name: string; ownerPersonId?: string | null | undefined; config: string }, now?: Date, email: EmailSettings | null = null): Promise<WbrDeckView> {
  requirePermission(actor, 'wbr.write');
  const name = checkedDeckName(input.name);
  const config = await withConfigLocation(() => readDeckConfig(input.config));
  const actorPersonId = await findActorPerson(db, actor);
  const catalog = await loadCatalog(db, actor.orgId);
  assertMayOverrideCatalogDirections({ role: actor.role, personId: actorPersonId }, [], config.metrics, catalog);
  const putOn = catalogMetricsArriving({ role: actor.role, personId: actorPersonId }, [], config.metrics, catalog).map(({ entry, metric }) => ({ entry, reads: dataReadWords(metric, config.metrics) }));
  const ownerPersonId = input.ownerPersonId === undefined ? actorPersonId : input.ownerPersonId;
  const id = await db.transaction().execute(async (trx) => {
    if (ownerPersonId !== null) await assertOwnerHere(trx, actor.orgId, ownerPersonId);
    await assertDeckNameFree(trx, actor.orgId, name, null);
    const row = await trx
      .insertInto('wbr_decks')
      .values({ org_id: actor.orgId, name, owner_person_id: ownerPersonId, config_text: input.config, ...(now !== undefined && { created_at: now, updated_at: now }) })
      .returning('id')
      .executeTakeFirstOrThrow()
      .catch(deckNameClash(name));
    await recordAuditEvent(trx, { at: now, orgId: actor.orgId, actorUserId: actor.userId, action: 'wbr_deck.created', subjectType: 'wbr_deck', subjectId: row.id, data: { name, ...catalogMetricsAdded(putOn) } });
    if (email !== null) {
      for (const { entry, reads } of putOn) await queueLinkedMetricEmail(trx, actor, { deckId: row.id, deckName: name, metric: entry.name, ownerPersonId: entry.ownerPersonId as string, change: { kind: 'added', reads } }, email, now ?? new Date());
    }
    return row.id;
  });
  return getDeck(db, actor, id);
}

/**
 * Tells a catalog metric's owner that someone else put it on a deck or took it off (catalogMetricsArriving,
 * catalogMetricsLeaving), in the transaction that saves the config: the metric, the deck, what it reads there or what
 * stays on its agenda, and a link to the deck. Nobody without a login is emailed (reviewEmailParties); the audit row
 * names the metric either way.
 */
async function queueLinkedMetricEmail(trx: Db, actor: OrgActor, linked: { deckId: string; deckName: string; metric: string; ownerPersonId: string; change: LinkedMetricChange }, email: EmailSettings, now: Date): Promise<void> {
  const parties = await reviewEmailParties(trx, actor, linked.ownerPersonId);
  if (parties === undefined) return;
  const content = linkedMetricEmail({
    orgName: parties.orgName,
    ownerName: parties.recipient.name,
    actorName: parties.actorName,
    metric: linked.metric,
    deckName: linked.deckName,
    change: linked.change,
    url: appLink(email, `/o/${actor.orgId}/wbr/${linked.deckId}`),
  });
  await queueEmail(trx, { orgId: actor.orgId, kind: linked.change.kind === 'added' ? 'linked_metric_added' : 'linked_metric_removed', recipient: parties.recipient.email, content, now });
}

/** The audit row's note of catalog metrics someone else put on a deck (catalogMetricsArriving): whose they are. */
function catalogMetricsAdded(putOn: ReadonlyArray<{ entry: { id: string; name: string; ownerPersonId: string | null } }>) {
  return putOn.length === 0 ? {} : { catalogMetricsAdded: putOn.map(({ entry }) => ({ id: entry.id, name: entry.name, ownerPersonId: entry.ownerPersonId })) };
}

/**
 * Renames a deck, hands it to another owner or replaces its config. A new config is checked against the data
 * already uploaded (every column it reads must be there), so the next week can be published with it. Only the
 * deck's owner or an admin hands it over (review-rules.ts mayHandOverDeck); the audit row names both owners.
 */
export async function updateDeck(
  db: Db,
  actor: OrgActor,
  deckId: string,
  change: { name?: string | undefined; ownerPersonId?: string | null | undefined; config?: string | undefined; alerts?: AlertThreshold[] | undefined; refreshHourUtc?: number | null | undefined; baseConfigToken?: string | undefined; baseToken?: string | undefined; baseDetailsToken?: string | undefined; baseAlertsToken?: string | undefined; baseRefreshToken?: string | undefined },
  now: Date = new Date(),
  email: EmailSettings | null = null,
): Promise<WbrDeckView> {
  requirePermission(actor, 'wbr.write');
  const name = change.name === undefined ? undefined : checkedDeckName(change.name);
  const config = change.config === undefined ? undefined : await withConfigLocation(() => readDeckConfig(change.config as string));
  const checksPeople = change.ownerPersonId !== undefined || config !== undefined || change.alerts !== undefined;
  const actorPersonId = checksPeople ? await findActorPerson(db, actor) : null;
  await db.transaction().execute(async (trx) => {
    // The owner named is held before the deck, in the order a departure takes them (holdPerson).
    if (change.ownerPersonId != null) await holdPerson(trx, actor.orgId, change.ownerPersonId);
    const current = await trx
      .selectFrom('wbr_decks')
      .leftJoin('people as owner', 'owner.id', 'wbr_decks.owner_person_id')
      .select(['wbr_decks.name', 'wbr_decks.owner_person_id', 'owner.name as owner_name', 'wbr_decks.config_text', 'wbr_decks.alert_thresholds', 'wbr_decks.data_csv', 'wbr_decks.data_file_name', 'wbr_decks.refresh_hour_utc'])
      .where('wbr_decks.org_id', '=', actor.orgId)
      .where('wbr_decks.id', '=', deckId)
      .forUpdate('wbr_decks')
      .executeTakeFirst();
    if (!current) throw notFound('Deck');
    // The catalog the ownership rules below decide on, read in the transaction that writes: as it stands now.
    const catalog = config === undefined && change.alerts === undefined ? [] : await loadCatalog(trx, actor.orgId);
    // The catalog metrics, owned by someone else, that the new config takes off the deck: their owners are told.
    let takenOff: Array<{ entry: (typeof catalog)[number]; unresolvedAnomalies: number }> = [];
    // And those it puts on the deck: their owners are told what the deck reads under their metric's name.
    let putOn: Array<{ entry: (typeof catalog)[number]; reads: string }> = [];
    const handsOver = change.ownerPersonId !== undefined && change.ownerPersonId !== current.owner_person_id;
    if (handsOver) assertCanHandOverDeck({ role: actor.role, personId: actorPersonId }, { name: current.name, ownerPersonId: current.owner_person_id });
    // The config is the text people edit together: one saved since the editor opened it is not written over.
    if (change.config !== undefined) assertSameContent(contentToken(current.config_text), change.baseConfigToken, 'config', 'baseConfigToken');
    if (config !== undefined) {
      const before = storedConfigMetrics(current.config_text) ?? [];
      assertMayOverrideCatalogDirections({ role: actor.role, personId: actorPersonId }, before, config.metrics, catalog);
      // Read under the deck's lock, which a publish takes too: the anomalies a removed metric would leave stranded.
      const unresolved = await trx
        .selectFrom('wbr_anomalies')
        .select('metric_name as metric')
        .where('org_id', '=', actor.orgId)
        .where('deck_id', '=', deckId)
        .where('status', '!=', 'resolved')
        .where('withdrawn_by_snapshot_id', 'is', null)
        .execute();
      assertKeepsCatalogLinks({ role: actor.role, personId: actorPersonId }, before, config.metrics, catalog, unresolved);
      takenOff = catalogMetricsLeaving(actorPersonId, before, config.metrics, catalog).map(({ entry }) => ({
        entry,
        unresolvedAnomalies: unresolved.filter((anomaly) => catalogMetricFor(anomaly.metric, catalog) === entry).length,
      }));
      putOn = catalogMetricsArriving({ role: actor.role, personId: actorPersonId }, before, config.metrics, catalog).map(({ entry, metric }) => ({ entry, reads: dataReadWords(metric, config.metrics) }));
    }
    // So are its other settings: a form opened before a colleague renamed the deck, handed it over or changed its
    // alerts or refresh would otherwise put back what it showed.
    const changesDetails = change.name !== undefined || change.ownerPersonId !== undefined;
    const changesSettings = changesDetails || change.alerts !== undefined || change.refreshHourUtc !== undefined;
    if (changesSettings) assertSameContent(deckEditToken(current), change.baseToken, "deck's settings", 'baseToken');
    // Each form's own token covers only what that form shows: alerts saved from a read older than a colleague's
    // rename are not stale, alerts older than a colleague's alerts are.
    const tokens = deckSettingsTokens(current);
    if (changesDetails) assertSameContent(tokens.details, change.baseDetailsToken, "deck's name and owner", 'baseDetailsToken');
    if (change.alerts !== undefined) assertSameContent(tokens.alerts, change.baseAlertsToken, "deck's alerts", 'baseAlertsToken');
    if (change.refreshHourUtc !== undefined) assertSameContent(tokens.refresh, change.baseRefreshToken, "deck's daily refresh", 'baseRefreshToken');
    const refreshHour = scheduledRefreshHour(change.refreshHourUtc, current.refresh_hour_utc, () => (config ?? readDeckConfig(current.config_text)).dataSources.length > 0);
    // Alerts name metrics of the config the deck will have after this change.
    const alerts = change.alerts === undefined ? undefined : checkAlertThresholds(change.alerts, new Set((config ?? readDeckConfig(current.config_text)).metrics.map((metric) => metric.name)));
    if (alerts !== undefined) assertCanChangeAlerts({ role: actor.role, personId: actorPersonId }, storedAlerts(current.alert_thresholds), alerts, current.owner_person_id, catalog);
    if (config !== undefined && current.data_csv !== null) {
      const csv = current.data_csv;
      await withConfigLocation(() => scanDeckData(config, csv, current.data_file_name ?? 'data.csv'));
    }
    const newOwnerName = handsOver && change.ownerPersonId != null ? await assertOwnerHere(trx, actor.orgId, change.ownerPersonId) : null;
    // Only what differs is written and audited: a form that sends every field back changes nothing it did not touch.
    const changed = [
      name !== undefined && name !== current.name && 'name',
      handsOver && 'owner',
      change.config !== undefined && change.config !== current.config_text && 'config',
      alerts !== undefined && JSON.stringify(alerts) !== JSON.stringify(storedAlerts(current.alert_thresholds)) && 'alerts',
      refreshHour !== current.refresh_hour_utc && 'refresh',
    ].filter((field): field is string => field !== false);
    if (changed.length === 0) return;
    if (changed.includes('name') && name !== undefined) await assertDeckNameFree(trx, actor.orgId, name, deckId);
    await trx
      .updateTable('wbr_decks')
      .set({
        ...(name !== undefined && { name }),
        ...(handsOver && { owner_person_id: change.ownerPersonId }),
        ...(change.config !== undefined && { config_text: change.config }),
        ...(alerts !== undefined && { alert_thresholds: JSON.stringify(alerts) }),
        // A schedule set (or moved) now runs with the rights of whoever set it, from its next hour on.
        ...(refreshHour !== current.refresh_hour_utc && {
          refresh_hour_utc: refreshHour,
          refresh_by_user_id: refreshHour === null ? null : actor.userId,
          refresh_next_at: refreshHour === null ? null : nextDailyRefresh(refreshHour, now),
        }),
        // Dated by the clock the change was made by (a demo's past), as its audit row.
        updated_at: now,
      })
      .where('org_id', '=', actor.orgId)
      .where('id', '=', deckId)
      .execute()
      .catch(deckNameClash(name ?? current.name));
    await recordAuditEvent(trx, {
      at: now,
      orgId: actor.orgId,
      actorUserId: actor.userId,
      action: 'wbr_deck.updated',
      subjectType: 'wbr_deck',
      subjectId: deckId,
      data: {
        name: name ?? current.name,
        changed,
        // A handover is a decision the log keeps in full: who answered for the review, and who answers now.
        ...(handsOver && {
          fromOwner: current.owner_person_id === null ? null : { id: current.owner_person_id, name: current.owner_name ?? '' },
          toOwner: change.ownerPersonId == null ? null : { id: change.ownerPersonId, name: newOwnerName ?? '' },
        }),
        // So is a catalog metric someone else owns leaving the review: whose it was, told by email when Pulse sends it.
        ...(takenOff.length > 0 && { catalogMetricsRemoved: takenOff.map(({ entry }) => ({ id: entry.id, name: entry.name, ownerPersonId: entry.ownerPersonId })) }),
        ...catalogMetricsAdded(putOn),
      },
    });
    if (email !== null) {
      const deckName = name ?? current.name;
      for (const { entry, unresolvedAnomalies } of takenOff) await queueLinkedMetricEmail(trx, actor, { deckId, deckName, metric: entry.name, ownerPersonId: entry.ownerPersonId as string, change: { kind: 'removed', unresolvedAnomalies } }, email, now);
      for (const { entry, reads } of putOn) await queueLinkedMetricEmail(trx, actor, { deckId, deckName, metric: entry.name, ownerPersonId: entry.ownerPersonId as string, change: { kind: 'added', reads } }, email, now);
    }
  });
  return getDeck(db, actor, deckId);
}

/**
 * The deck's refresh hour after a change: the one asked for, or the current one. Only a deck whose config lists
 * queries can refresh from them; a config change that drops its queries ends the schedule with them.
 */
function scheduledRefreshHour(asked: number | null | undefined, current: number | null, hasDataSources: () => boolean): number | null {
  if (asked === undefined) return current !== null && hasDataSources() ? current : null;
  if (asked !== null && !hasDataSources()) {
    throw new AppError('rule_violation', 'Only a deck whose config lists data_sources queries can refresh by itself: add the queries to the config first.', { rule: 'wbr.no_data_sources', field: 'refreshHourUtc' });
  }
  return asked;
}

function checkedFileName(fileName: string): string {
  const trimmed = fileName.trim();
  if (trimmed.length === 0 || trimmed.length > WBR_REVIEW_LIMITS.fileNameMaxLength || /[\\/\u0000-\u001f]/.test(trimmed)) {
    throw new AppError('validation_failed', `fileName: must be a file name of 1 to ${WBR_REVIEW_LIMITS.fileNameMaxLength} characters, without slashes.`, { field: 'fileName' });
  }
  return trimmed;
}

/**
 * Replaces a deck's data with a new upload (the whole file: the WBR reads years of history every week). The
 * file is read with the deck's config before anything is saved: a bad cell or a missing column is refused with
 * its line, and the previous data stays. `isGenerated` when Pulse made the data (the sales pipeline, the config's
 * own queries): a column it lacks is then the config's to fix, and named at the config's line.
 */
export async function uploadDeckData(db: Db, actor: OrgActor, deckId: string, upload: { fileName: string; csv: string; isGenerated?: boolean }, now?: Date): Promise<WbrDeckView> {
  requirePermission(actor, 'wbr.write');
  const fileName = checkedFileName(upload.fileName);
  return storeDeckData(db, actor, deckId, () => ({ fileName, csv: upload.csv, isGenerated: upload.isGenerated === true }), now);
}

/**
 * Merges rows pushed by a script into the deck's data (src/domain/wbr-review/pushed-rows.ts): a pushed day replaces
 * that day's rows, a new one is added. Merged under the deck's lock, so two pushes at once both land; then checked
 * like an upload, and refused whole (the data as it was) if a cell or a column is wrong.
 */
export async function pushDeckRows(db: Db, actor: OrgActor, deckId: string, rows: readonly PushedRow[], limits: { maxBytes: number }): Promise<WbrDeckView> {
  requirePermission(actor, 'wbr.write');
  checkPushedRows(rows);
  return storeDeckData(db, actor, deckId, (current) => {
    const fileName = current.fileName ?? 'pushed-rows.csv';
    const csv = mergePushedRows(current.csv, fileName, rows);
    // Every pushed row writes a cell for every column: a small push into a wide file can outgrow what an upload may be.
    if (Buffer.byteLength(csv, 'utf8') > limits.maxBytes) {
      throw new AppError('payload_too_large', `With these rows the data would be larger than ${limits.maxBytes} bytes (PULSE_MAX_UPLOAD_BYTES), the most an upload may be.`, { field: 'rows' });
    }
    return { fileName, csv, pushedRows: rows.length, isGenerated: false };
  });
}

/** Replaces the deck's data with what `next` makes of the current data, checked against the config first. */
async function storeDeckData(
  db: Db,
  actor: OrgActor,
  deckId: string,
  next: (current: { csv: string | null; fileName: string | null }) => { fileName: string; csv: string; pushedRows?: number; isGenerated: boolean },
  now?: Date,
): Promise<WbrDeckView> {
  await db.transaction().execute(async (trx) => {
    const current = await trx.selectFrom('wbr_decks').select(['name', 'config_text', 'data_csv', 'data_file_name']).where('org_id', '=', actor.orgId).where('id', '=', deckId).forUpdate().executeTakeFirst();
    if (!current) throw notFound('Deck');
    const { fileName, csv, pushedRows, isGenerated } = next({ csv: current.data_csv, fileName: current.data_file_name });
    const config = await withConfigLocation(() => readDeckConfig(current.config_text));
    const table = await withConfigLocation(() => (isGenerated ? scanDeckData(config, csv, fileName) : scanUploadedData(config, csv, fileName)));
    if (table.dateSpan === null) throw new AppError('invalid_data', `${fileName} has a header but no rows.`, { file: fileName, line: 2, field: 'csv' });
    for (const day of [table.dateSpan.first, table.dateSpan.last]) {
      if (!isStorableDay(isoDate(day))) throw new AppError('invalid_data', `${fileName} has a row dated ${isoDate(day)}: dates run from the year 0001 to 9999.`, { file: fileName, field: 'csv' });
    }
    // The deck's scan kept every row when none is older than the deck's windows; else the dates are read again.
    const days = table.firstDay <= table.dateSpan.first ? dataDaysOf(table.dates, table.lines) : await scanDataDays(csv, fileName);
    await trx
      .updateTable('wbr_decks')
      .set({
        data_csv: csv,
        data_file_name: fileName,
        data_rows: table.rowsRead,
        data_first_day: isoDate(table.dateSpan.first),
        data_last_day: isoDate(table.dateSpan.last),
        data_days: JSON.stringify(days),
        data_short_rows: table.shortRows.rows === 0 ? null : JSON.stringify(table.shortRows),
        data_uploaded_at: now ?? sql`now()`,
        data_uploaded_by_user_id: actor.userId,
        updated_at: now ?? sql`now()`,
      })
      .where('org_id', '=', actor.orgId)
      .where('id', '=', deckId)
      .execute();
    await recordAuditEvent(trx, {
      at: now,
      orgId: actor.orgId,
      actorUserId: actor.userId,
      action: 'wbr_deck.data_uploaded',
      subjectType: 'wbr_deck',
      subjectId: deckId,
      data: { name: current.name, fileName, rows: table.rowsRead, firstDate: isoDate(table.dateSpan.first), lastDate: isoDate(table.dateSpan.last), ...(pushedRows !== undefined && { pushedRows }) },
    });
  });
  return getDeck(db, actor, deckId);
}

/** Deletes a deck with its published weeks and anomalies (admins only: it removes the review's history). */
export async function deleteDeck(db: Db, actor: OrgActor, deckId: string): Promise<void> {
  requirePermission(actor, 'wbr.manage');
  await db.transaction().execute(async (trx) => {
    const current = await trx.selectFrom('wbr_decks').select('name').where('org_id', '=', actor.orgId).where('id', '=', deckId).forUpdate().executeTakeFirst();
    if (!current) throw notFound('Deck');
    const weeks = await trx.selectFrom('wbr_snapshots').select(sql<number>`count(*)::int`.as('count')).where('org_id', '=', actor.orgId).where('deck_id', '=', deckId).executeTakeFirstOrThrow();
    await trx.deleteFrom('wbr_decks').where('org_id', '=', actor.orgId).where('id', '=', deckId).execute();
    await recordAuditEvent(trx, { orgId: actor.orgId, actorUserId: actor.userId, action: 'wbr_deck.deleted', subjectType: 'wbr_deck', subjectId: deckId, data: { name: current.name, weeks: weeks.count } });
  });
}
