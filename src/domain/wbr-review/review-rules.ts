import { can, type Role } from '../accounts/roles.js';
import { formatDay } from '../dates.js';
import { AppError } from '../errors.js';
import { nameKey } from '../names.js';
import { dayNumber, isoDate, isoWeekday } from '../wbr/calendar.js';
import type { Deck, XmrRuleId } from '../wbr/deck-types.js';
import { computeXmrSignals } from '../wbr/xmr.js';
import type { AlertRule, AlertThreshold } from './alerts.js';
import { lastDayDue, latestWeekWithData, type DataDay } from './data-days.js';

/** What raised a signal: an XmR run rule, or an alert on the week's change (alerts.ts). */
export type SignalRule = XmrRuleId | AlertRule;
export const SIGNAL_RULES = ['outside_limits', 'three_of_four_near_limit', 'eight_on_one_side', 'wow_alert', 'yoy_alert'] as const satisfies readonly SignalRule[];

/**
 * The weekly business review as a mechanism, on top of the WBR engine: each week's deck is published once and
 * kept as it was, and every anomaly the deck surfaces gets an owner, a root cause and a status, and stays on the
 * agenda, week after week, until it is resolved. Pure rules; the service (src/services/wbr) applies them inside
 * its transactions.
 */

export const ANOMALY_STATUSES = ['open', 'explained', 'resolved'] as const;
export type AnomalyStatus = (typeof ANOMALY_STATUSES)[number];

export const WBR_REVIEW_RULES = {
  'wbr.data_required': 'A week can be published only once the deck has data.',
  'wbr.snapshot_exists': 'A published week is kept as it was: it cannot be published again or changed.',
  'wbr.snapshot_superseded': 'A week is corrected from its latest version: a superseded version stays as it was.',
  'wbr.snapshot_order': 'Weeks are published in order, each at least a week after the latest one.',
  'wbr.week_ending_weekday': 'A week ends on the weekday of the config\'s week_ending.',
  'wbr.week_beyond_data': 'A week can be published only when the data dated up to today reaches its last day.',
  'wbr.week_not_over': 'A week can be published only once it is over: its last day is today or before.',
  'wbr.root_cause_required': 'An anomaly is explained or resolved only with its root cause written down.',
  'wbr.anomaly_withdrawn': 'An anomaly a correction withdrew (its signal came from bad data) keeps its status until a correction shows its signal again.',
  'wbr.reopens_metric_off_deck': 'A resolved anomaly is reopened only while its metric is in the deck\'s config: no later week charts or signals a metric that left it.',
  'wbr.annotation_limit': 'A deck holds at most 5,000 annotations.',
  'wbr.pdf_block_limit': 'The app makes a PDF of a week of at most 2,000 blocks (about 1,000 pages).',
} as const;
export type WbrReviewRule = keyof typeof WBR_REVIEW_RULES;

export const WBR_REVIEW_LIMITS = {
  deckNameMaxLength: 120,
  rootCauseMaxLength: 4000,
  fileNameMaxLength: 200,
  /** A PDF takes the server about 5 ms a chart; beyond this a download would hold it for over ten seconds. */
  pdfMaxBlocks: 2000,
} as const;

const WEEKDAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;

const refused = (rule: WbrReviewRule, message: string, field?: string) => new AppError('rule_violation', message, { rule, ...(field !== undefined && { field }) });

/** The server makes PDFs of decks up to a size; the HTML deck, or `pulse wbr build`, serves larger ones. */
export function assertPdfSize(blockCount: number): void {
  if (blockCount <= WBR_REVIEW_LIMITS.pdfMaxBlocks) return;
  throw refused('wbr.pdf_block_limit', `${WBR_REVIEW_RULES['wbr.pdf_block_limit']} This week has ${blockCount.toLocaleString('en-US')} blocks: download the HTML deck and print it, or build the PDF with \`pulse wbr build --out deck.pdf\`.`);
}

/** A real date `YYYY-MM-DD` that PostgreSQL can store (it has no year 0). */
export function isStorableDay(text: string): boolean {
  return parseIsoDay(text) !== undefined && !text.startsWith('0000');
}

/** A day number (days since 1970-01-01) from `YYYY-MM-DD`, or undefined when it is not a real date. */
export function parseIsoDay(text: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (match === null) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const days = dayNumber(year, month, day);
  return isoDate(days) === text ? days : undefined;
}

/** The day (days since 1970-01-01) an instant falls on in UTC: the server's "today". */
export function utcDay(now: Date): number {
  return Math.floor(now.getTime() / 86_400_000);
}

/**
 * The week a new review covers by default: the last day the data reaches that falls on the config's week-ending
 * weekday (a deck whose config says Saturday 28-DEC-2024 and whose data runs to Tuesday 7 January 2025 reviews
 * the week ending Saturday 4 January). Configs of the WBR App name one fixed week; in Pulse the data decides.
 */
export function latestWeekEnding(configWeekEnding: number, dataLastDay: number): number {
  const behind = (((dataLastDay - configWeekEnding) % 7) + 7) % 7;
  return dataLastDay - behind;
}

/**
 * The week a publish takes when none is named: the latest week that is over and holds rows (data-days.ts). Rows
 * dated after today are kept (a plan or target column may run to the fiscal year's end, which the App's deck reads
 * for its months to come) but never choose the week: a typo dated 2062 would otherwise offer this week, which holds
 * nothing. Without the data's days (data stored before Pulse kept them), the latest week the data reaches up to
 * today. Without data, the config's own week (which the publish then refuses for want of data).
 */
export function defaultWeekEnding(configWeekEnding: number, data: { lastDay: number; days?: readonly DataDay[] | undefined } | null, today: number): number {
  if (data === null) return configWeekEnding;
  const withRows = data.days === undefined ? null : latestWeekWithData(configWeekEnding, data.days, today);
  return withRows ?? latestWeekEnding(configWeekEnding, Math.min(data.lastDay, today));
}

/**
 * Checks that `weekEnding` may be published now, and returns the data it will be built from. Weeks go forward one
 * at a time so that every anomaly is raised once, by the first week whose shown window contains it, and carried
 * from there; a week less than seven days after the latest one would review days the latest has already reviewed.
 */
export function checkPublishable<D extends { firstDay: number; lastDay: number; days?: readonly DataDay[] | undefined }>(input: { weekEnding: number; configWeekEnding: number; latestPublished: number | null; data: D | null; today: number }): D {
  const { weekEnding, configWeekEnding, latestPublished, data, today } = input;
  if (data === null) throw refused('wbr.data_required', 'Upload the deck\'s data (a CSV) before publishing a week.');
  if (latestPublished !== null && weekEnding === latestPublished) {
    throw new AppError('conflict', `The week ending ${formatDay(weekEnding)} is already published; a published week is kept as it was.`, { rule: 'wbr.snapshot_exists', field: 'weekEnding' });
  }
  if (latestPublished !== null && weekEnding < latestPublished + 7) {
    // The first week on the config's weekday at least seven days on (the config's weekday may have changed since).
    const earliest = latestWeekEnding(configWeekEnding, latestPublished + 13);
    throw refused('wbr.snapshot_order', `The week ending ${formatDay(weekEnding)} is not a week after the latest published week (ending ${formatDay(latestPublished)}): publish ${formatDay(earliest)} or later.`, 'weekEnding');
  }
  // A week on another weekday would overlap days the weeks before it reviewed, and raise their signals again.
  if ((((weekEnding - configWeekEnding) % 7) + 7) % 7 !== 0) {
    throw refused('wbr.week_ending_weekday', `The week ending ${formatDay(weekEnding)} is a ${WEEKDAY_NAMES[isoWeekday(weekEnding) - 1]}; this deck's weeks end on a ${WEEKDAY_NAMES[isoWeekday(configWeekEnding) - 1]} (the config's week_ending).`, 'weekEnding');
  }
  // A week not over yet would be reviewed on part of its days, and, once kept, would hold back every week before
  // it ends (weeks go forward only). The week ending today may be published: a team east of Greenwich reviews on
  // its Sunday morning, still Saturday in UTC.
  if (weekEnding > today) {
    throw refused('wbr.week_not_over', `The week ending ${formatDay(weekEnding)} is not over yet (today is ${formatDay(today)}, UTC): publish it on ${formatDay(weekEnding)} or later.`, 'weekEnding');
  }
  // Rows dated after today do not count as reaching the week: with old data and one row dated 2062, the weeks after
  // the old data are empty.
  const due = data.days === undefined ? data.lastDay : lastDayDue(data.days, today);
  // (When every row is dated after today, the week is before the data's first day: refused below.)
  if (due !== null && weekEnding > due) {
    const upToToday = due === data.lastDay ? 'The data ends' : 'Up to today, the data ends';
    throw refused('wbr.week_beyond_data', `${upToToday} on ${formatDay(due)}, before the week ending ${formatDay(weekEnding)}: upload the newer data first.`, 'weekEnding');
  }
  if (weekEnding < data.firstDay) {
    throw refused('wbr.week_beyond_data', `The data starts on ${formatDay(data.firstDay)}, after the week ending ${formatDay(weekEnding)}.`, 'weekEnding');
  }
  return data;
}

/**
 * The week a preview shows by default: the latest week on the config's week-ending weekday that holds rows dated up
 * to today, over or not (the current week, while its days come in). Null without data, or when every row is dated
 * after today.
 */
export function previewWeekEnding(configWeekEnding: number, data: { lastDay: number; days?: readonly DataDay[] | undefined } | null, today: number): number | null {
  if (data === null) return null;
  const due = data.days === undefined ? Math.min(data.lastDay, today) : lastDayDue(data.days, today);
  return due === null ? null : due + ((((configWeekEnding - due) % 7) + 7) % 7);
}

/**
 * Checks a week a preview may show, and returns the data it is built from. Unlike a publish, any week the data
 * touches may be previewed, in any order, and one not over yet too (the preview keeps nothing, so it cannot hold
 * back or repeat a week). A week on another weekday, or none of whose seven days the data reaches, is refused as
 * bad input on `field` (the query parameter that named it).
 */
export function checkPreviewable<D extends { firstDay: number; lastDay: number }>(input: { weekEnding: number; configWeekEnding: number; data: D | null; field: string }): D {
  const { weekEnding, configWeekEnding, data, field } = input;
  if (data === null) throw refused('wbr.data_required', 'Upload the deck\'s data (a CSV) before previewing a week.');
  const bad = (message: string) => new AppError('validation_failed', `${field}: ${message}`, { field });
  if ((((weekEnding - configWeekEnding) % 7) + 7) % 7 !== 0) {
    throw bad(`${formatDay(weekEnding)} is a ${WEEKDAY_NAMES[isoWeekday(weekEnding) - 1]}; this deck's weeks end on a ${WEEKDAY_NAMES[isoWeekday(configWeekEnding) - 1]} (the config's week_ending).`);
  }
  // The engine's week is the seven days ending on its last day: one of them must be in the data.
  if (weekEnding - 6 > data.lastDay || weekEnding < data.firstDay) {
    throw bad(`the week ending ${formatDay(weekEnding)} is outside the data, which runs from ${formatDay(data.firstDay)} to ${formatDay(data.lastDay)}.`);
  }
  return data;
}

/**
 * A preview's deck title: marked as a preview so that a saved or forwarded copy is not taken for the week as
 * published, and as a partial week while the week is not over (its last days have no data yet).
 */
export function previewDeckTitle(title: string, weekEnding: number, today: number): string {
  // Today is counted as a day of the week under way: its rows may already be in the data.
  const partial = weekEnding > today ? `, partial week: day ${Math.max(0, 7 - (weekEnding - today))} of 7` : '';
  return `${title} [PREVIEW, not published${partial}]`;
}

/**
 * The `week_number` of a published week: the config's, moved on by the weeks between the config's week_ending and
 * the published one, so that each week's x-axis names its own weeks (the config's number labels its own
 * week_ending, as in the App). Kept in 1..52, where the engine's labels wrap (wbr-engine.ts weekLabels, the App's
 * `(week_number - i) mod 52 + 1`), so the labels are exactly those the App shows for that week with that number.
 */
export function weekNumberFor(setup: { weekEnding: number; weekNumber: number }, weekEnding: number): number {
  const weeks = Math.round((weekEnding - setup.weekEnding) / 7);
  return ((((setup.weekNumber - 1 + weeks) % 52) + 52) % 52) + 1;
}

/**
 * One signal of a published deck that goes against its metric's good direction: an XmR signal in the weeks the
 * deck shows, or an alert on the week's change.
 */
export interface AnomalySignal {
  metric: string;
  rule: SignalRule;
  direction: 'up' | 'down';
  /** The week the signal is on, as YYYY-MM-DD. */
  weekEnding: string;
}

/**
 * The anomaly signals a published week puts before the review, once each (a metric charted in two blocks has the
 * same signals in both), in week order: those on the weeks the deck shows, and, when the previous published week
 * is further back than that, those on the weeks between (the gap the review skipped; they are in the XmR series,
 * which reaches back over the baseline). The rest of the baseline only sets the limits and is left out: it was
 * reviewed before, or, for the first published week, it is history rather than this week's agenda.
 */
export function reviewAnomalySignals(deck: Deck, previousWeekEnding: string | null): AnomalySignal[] {
  const weekEndings = deck.pulse?.xmrWeekEndings;
  if (weekEndings === undefined || weekEndings === null) return [];
  // The first week after the previous published one (the gap starts there), or the first shown week.
  let gapStart = weekEndings.length;
  if (previousWeekEnding !== null) {
    gapStart = weekEndings.findIndex((weekEnding) => isAfterWeek(weekEnding, previousWeekEnding));
    if (gapStart < 0) gapStart = weekEndings.length;
  }
  const seen = new Set<string>();
  const signals: AnomalySignal[] = [];
  const add = (metric: string, rule: SignalRule, direction: 'up' | 'down', weekIndex: number): void => {
    const weekEnding = weekEndings[weekIndex];
    const key = `${metric}\u0000${rule}\u0000${weekIndex}`;
    if (weekEnding === undefined || seen.has(key)) return;
    seen.add(key);
    signals.push({ metric, rule, direction, weekEnding });
  };
  for (const block of deck.blocks) {
    if (block.plotStyle !== '6_12_chart' || block.pulse === undefined) continue;
    for (const [metric, xmr] of Object.entries(block.pulse.xmr)) {
      const firstShown = xmr.values.length - xmr.shownWeeks;
      for (const signal of xmr.signals) if (signal.isAnomaly && signal.weekIndex >= firstShown) add(metric, signal.rule, signal.direction, signal.weekIndex);
      if (gapStart >= firstShown) continue;
      // The deck checked only its shown weeks; the gap's weeks are checked here against the same limits.
      const all = computeXmrSignals(xmr.values, { baselineWeeks: xmr.baselineWeeks, shownWeeks: xmr.shownWeeks, scope: 'all', ...(xmr.goodDirection === null ? {} : { goodDirection: xmr.goodDirection }) });
      for (const signal of all.signals) if (signal.isAnomaly && signal.index >= gapStart && signal.index < firstShown) add(metric, signal.rule, signal.direction, signal.index);
    }
  }
  return signals.sort((a, b) => (a.weekEnding < b.weekEnding ? -1 : a.weekEnding > b.weekEnding ? 1 : 0));
}

/**
 * Which signals a newly published week raises: those on weeks wholly after the previous published week (the first
 * published week raises every signal it shows). A signal an earlier week already showed was raised then; so was
 * one on a week that overlaps it, as after the config's week_ending moved to another weekday (a Sunday week
 * ending the day after a published Saturday week holds six of its days).
 */
export function isNewSignal(signal: Pick<AnomalySignal, 'weekEnding'>, previousWeekEnding: string | null): boolean {
  return previousWeekEnding === null || isAfterWeek(signal.weekEnding, previousWeekEnding);
}

/** Whether the week ending on `weekEnding` lies wholly after the week ending on `previousWeekEnding` (YYYY-MM-DD). */
function isAfterWeek(weekEnding: string, previousWeekEnding: string): boolean {
  const previous = parseIsoDay(previousWeekEnding);
  const week = parseIsoDay(weekEnding);
  return previous === undefined || week === undefined ? weekEnding > previousWeekEnding : week >= previous + 7;
}

export interface UnresolvedAnomaly {
  id: string;
  metric: string;
  lastWeekEnding: string;
}

export interface AnomalyPlan {
  /** New anomalies, one per metric without an unresolved one. */
  create: Array<{ metric: string; rule: SignalRule; direction: 'up' | 'down'; firstWeekEnding: string; lastWeekEnding: string; weekEndings: string[] }>;
  /** Unresolved anomalies the new signals add to (carried over, and still signalling). */
  extend: Array<{ id: string; lastWeekEnding: string; weekEndings: string[] }>;
}

/**
 * What a published week does to the anomaly list. A metric has at most one unresolved anomaly: new signals on a
 * metric that already has one add weeks to it (the owner is already answering for it) rather than open a second
 * item for the same problem. `weekEndings`: the distinct weeks signalled, in order (the weeks the anomaly is seen in).
 */
export function planAnomalies(newSignals: readonly AnomalySignal[], unresolved: readonly UnresolvedAnomaly[]): AnomalyPlan {
  const byMetric = new Map<string, AnomalySignal[]>();
  for (const signal of newSignals) {
    const list = byMetric.get(signal.metric);
    if (list === undefined) byMetric.set(signal.metric, [signal]);
    else list.push(signal);
  }
  const openByMetric = new Map(unresolved.map((anomaly) => [anomaly.metric, anomaly]));
  const plan: AnomalyPlan = { create: [], extend: [] };
  for (const [metric, signals] of byMetric) {
    const weekEndings = [...new Set(signals.map((signal) => signal.weekEnding))].sort();
    const last = signals[signals.length - 1] as AnomalySignal;
    const existing = openByMetric.get(metric);
    if (existing !== undefined) {
      plan.extend.push({ id: existing.id, lastWeekEnding: last.weekEnding > existing.lastWeekEnding ? last.weekEnding : existing.lastWeekEnding, weekEndings });
    } else {
      const first = signals[0] as AnomalySignal;
      plan.create.push({ metric, rule: first.rule, direction: first.direction, firstWeekEnding: first.weekEnding, lastWeekEnding: last.weekEnding, weekEndings });
    }
  }
  return plan;
}

export interface CatalogEntry {
  id: string;
  name: string;
  ownerPersonId: string | null;
  /** Whether the owner has left the company (their metrics wait for a successor). */
  ownerHasLeft: boolean;
}

/** The catalog metric a WBR metric stands for: the one of the same name, compared as the catalog compares names. */
export function catalogMetricFor<T extends { name: string }>(wbrMetric: string, catalog: readonly T[]): T | undefined {
  // Callers ask for every metric of a config against the same catalog: indexed once per catalog, a config of
  // thousands of metrics and a catalog of thousands cost their sum, not their product (the request held meanwhile).
  let lookup = catalogLookups.get(catalog);
  if (lookup === undefined || lookup.size !== catalog.length) {
    lookup = { size: catalog.length, find: catalogLookup(catalog) };
    catalogLookups.set(catalog, lookup);
  }
  return lookup.find(wbrMetric) as T | undefined;
}

/** The index of each catalog catalogMetricFor was asked about, dropped with the catalog (its length tells a list grown since). */
const catalogLookups = new WeakMap<readonly { name: string }[], { size: number; find: (wbrMetric: string) => { name: string } | undefined }>();

/**
 * catalogMetricFor for many names: the catalog indexed once by name key (the first entry of a key, as `find` takes
 * it), so that linking every metric of a large config costs its length rather than its length times the catalog's.
 */
export function catalogLookup<T extends { name: string }>(catalog: readonly T[]): (wbrMetric: string) => T | undefined {
  const byKey = new Map<string, T>();
  for (const entry of catalog) {
    const key = nameKey(entry.name);
    if (!byKey.has(key)) byKey.set(key, entry);
  }
  return (wbrMetric) => byKey.get(nameKey(wbrMetric));
}

/**
 * Who answers for a new anomaly: the owner of the catalog metric it is on, as the catalog says; without one (no
 * such metric, no owner, or an owner who has left), the deck's owner, who answers for the whole review.
 */
export function defaultAnomalyOwner(catalogMetric: CatalogEntry | undefined, deckOwnerPersonId: string | null): string | null {
  if (catalogMetric !== undefined && catalogMetric.ownerPersonId !== null && !catalogMetric.ownerHasLeft) return catalogMetric.ownerPersonId;
  return deckOwnerPersonId;
}

export interface AnomalyState {
  status: AnomalyStatus;
  rootCause: string;
  ownerPersonId: string | null;
}

/**
 * An anomaly after a change, checked. Explained (the cause is known, the metric is still being watched) and
 * resolved (the metric is back in control) both need the root cause written down: the review's question is
 * "why", and an item closed without an answer teaches nothing. Reopening keeps the cause written so far.
 */
export function changeAnomaly(current: AnomalyState, change: Partial<AnomalyState>): AnomalyState {
  const rootCause = (change.rootCause ?? current.rootCause).trim();
  if (rootCause.length > WBR_REVIEW_LIMITS.rootCauseMaxLength) {
    throw new AppError('validation_failed', `rootCause: must be at most ${WBR_REVIEW_LIMITS.rootCauseMaxLength} characters.`, { field: 'rootCause' });
  }
  // Every anomaly has someone who answers for it: it can be handed to another person, never to nobody. (One raised
  // when nobody could take it, its deck's owner gone, starts without an owner until someone takes it.)
  if (change.ownerPersonId === null && current.ownerPersonId !== null) {
    throw new AppError('validation_failed', 'ownerPersonId: an anomaly always has an owner; hand it to someone who will answer for it.', { field: 'ownerPersonId' });
  }
  const status = change.status ?? current.status;
  if (status !== 'open' && rootCause.length === 0) {
    throw refused('wbr.root_cause_required', `An anomaly is ${status} only with its root cause: write what caused it first.`, 'rootCause');
  }
  return { status, rootCause, ownerPersonId: change.ownerPersonId === undefined ? current.ownerPersonId : change.ownerPersonId };
}

/**
 * Who may change an anomaly: its owner (through the login linked to them), the deck's owner (who chairs the review,
 * and hands out the items nobody answers: mayHandOnAnomaly), or whoever manages the review. An anomaly nobody can
 * answer (nobody owns it, or its owner has left the company) may be taken by anyone who builds the review: waiting
 * for an admin to assign it would leave it unanswered.
 */
export function mayChangeAnomaly(actor: { role: Role; personId: string | null }, anomaly: { ownerPersonId: string | null; ownerHasLeft: boolean; deckOwnerPersonId: string | null }): boolean {
  if (can(actor.role, 'wbr.manage')) return true;
  if (actor.personId !== null && (actor.personId === anomaly.ownerPersonId || actor.personId === anomaly.deckOwnerPersonId)) return true;
  return (anomaly.ownerPersonId === null || anomaly.ownerHasLeft) && can(actor.role, 'wbr.write');
}

/**
 * Who may resolve an anomaly (close it): its owner (through the login linked to them) or whoever manages the review;
 * for one nobody can answer (no owner, or one who has left), whoever may change it. Resolving is the owner's answer
 * (the cause found, the metric back in control) and takes the item off the agenda, and with it what keeps a linked
 * metric on its deck (catalog-links.ts): the deck's owner, who chairs the review, may write what they know, mark the
 * item explained or reopen it, but not close (nor hand on, mayHandOnAnomaly) an item someone else answers for.
 * Checked against the owner before the change, so naming another owner in the same change does not lift it.
 */
export function mayResolveAnomaly(actor: { role: Role; personId: string | null }, anomaly: { ownerPersonId: string | null; ownerHasLeft: boolean; deckOwnerPersonId: string | null }): boolean {
  if (!mayChangeAnomaly(actor, anomaly)) return false;
  if (can(actor.role, 'wbr.manage') || anomaly.ownerPersonId === null || anomaly.ownerHasLeft) return true;
  return actor.personId === anomaly.ownerPersonId;
}

/** Refuses resolving an anomaly the actor may not close (mayResolveAnomaly); other changes are assertCanChangeAnomaly's. */
export function assertMayResolveAnomaly(
  actor: { role: Role; personId: string | null },
  anomaly: { metric: string; ownerPersonId: string | null; ownerName: string; ownerHasLeft: boolean; deckOwnerPersonId: string | null },
  before: AnomalyStatus,
  after: AnomalyStatus,
): void {
  if (after !== 'resolved' || before === 'resolved' || mayResolveAnomaly(actor, anomaly)) return;
  throw new AppError(
    'forbidden',
    `Only ${anomaly.ownerName}, who owns the anomaly on "${anomaly.metric}", or an admin may resolve it: resolving is its owner's answer, and takes it off the agenda. Write what you know in the root cause (or mark it explained), or ask ${anomaly.ownerName} to resolve it.`,
    { field: 'status', rule: 'wbr.resolves_others_anomaly' },
  );
}

/**
 * Who may hand an anomaly to someone else: the same people as may resolve it (mayResolveAnomaly), for the same
 * reason. Taking an item off the person who answers for it is that person's call (or an admin's): a deck's owner who
 * could hand it to anyone, themselves included, could then resolve it as its owner (and then anyone may remove its
 * linked metric from the deck), two saves doing what one is refused. The deck's owner still hands out the items
 * nobody can answer (no owner, or one who has left) and their own.
 */
export function mayHandOnAnomaly(actor: { role: Role; personId: string | null }, anomaly: { ownerPersonId: string | null; ownerHasLeft: boolean; deckOwnerPersonId: string | null }): boolean {
  return mayResolveAnomaly(actor, anomaly);
}

/** Refuses handing an anomaly to someone else by one who may not (mayHandOnAnomaly), checked against the owner it has. */
export function assertMayHandOnAnomaly(
  actor: { role: Role; personId: string | null },
  anomaly: { metric: string; ownerPersonId: string | null; ownerName: string; ownerHasLeft: boolean; deckOwnerPersonId: string | null },
  newOwnerPersonId: string | null,
): void {
  if (newOwnerPersonId === anomaly.ownerPersonId || mayHandOnAnomaly(actor, anomaly)) return;
  throw new AppError(
    'forbidden',
    `Only ${anomaly.ownerName}, who owns the anomaly on "${anomaly.metric}", or an admin may hand it to someone else: it is theirs to answer until they pass it on. Write what you know in the root cause, or ask ${anomaly.ownerName} (or an admin) to hand it over.`,
    { field: 'ownerPersonId', rule: 'wbr.hands_on_others_anomaly' },
  );
}

/**
 * Refuses reopening an anomaly (resolved, made open or explained again) whose metric the deck's config no longer
 * has (`configMetrics`: the config's metric names, read only for a reopening; null when the stored config no longer
 * reads, which says nothing of its metrics). No later week would chart or signal the metric, so the item could only
 * wait; and one reopened while a member removes the metric (allowed once nothing on it is unresolved, catalog-links.ts)
 * would be stranded off the deck. Compared by exact name, as a publish matches an anomaly to its metric's signals.
 */
export function assertMayReopenAnomaly(anomaly: { metric: string }, before: AnomalyStatus, after: AnomalyStatus, configMetrics: () => readonly string[] | null): void {
  if (before !== 'resolved' || after === 'resolved') return;
  const names = configMetrics();
  if (names === null || names.includes(anomaly.metric)) return;
  throw refused(
    'wbr.reopens_metric_off_deck',
    `"${anomaly.metric}" is no longer in the deck's config, so no later week would chart or signal it: the anomaly stays resolved. Put the metric back in the config first if the review should watch it again.`,
    'status',
  );
}

/**
 * Who may change a metric's alerts on a deck: whoever answers for the anomaly an alert raises (the catalog metric's
 * owner, or the deck's owner for a metric the catalog does not know), the deck's owner, or whoever manages the
 * review. An alert is how the review watches someone's metric: a member who could clear it (or drown it in alerts
 * at 0.1%) would decide what its owner is asked to explain. When nobody could answer (no owner anywhere), anyone who
 * builds the review may, as with such an anomaly.
 */
export function mayChangeMetricAlerts(actor: { role: Role; personId: string | null }, metric: string, deckOwnerPersonId: string | null, catalog: readonly CatalogEntry[]): boolean {
  if (can(actor.role, 'wbr.manage')) return true;
  const answerer = defaultAnomalyOwner(catalogMetricFor(metric, catalog), deckOwnerPersonId);
  if (answerer === null) return can(actor.role, 'wbr.write');
  return actor.personId !== null && (actor.personId === answerer || actor.personId === deckOwnerPersonId);
}

/** Refuses a change of the alerts of a metric the actor may not change (mayChangeMetricAlerts); unchanged ones pass. */
export function assertCanChangeAlerts(
  actor: { role: Role; personId: string | null },
  before: readonly AlertThreshold[],
  after: readonly AlertThreshold[],
  deckOwnerPersonId: string | null,
  catalog: readonly (CatalogEntry & { ownerName: string })[],
): void {
  const thresholdsOf = (alerts: readonly AlertThreshold[], metric: string) => {
    const entry = alerts.find((alert) => alert.metric === metric);
    return entry === undefined ? 'none' : `${entry.wow ?? 'off'}/${entry.yoy ?? 'off'}`;
  };
  for (const metric of new Set([...before, ...after].map((alert) => alert.metric))) {
    if (thresholdsOf(before, metric) === thresholdsOf(after, metric) || mayChangeMetricAlerts(actor, metric, deckOwnerPersonId, catalog)) continue;
    const entry = catalogMetricFor(metric, catalog);
    const owner = entry !== undefined && entry.ownerPersonId !== null && !entry.ownerHasLeft ? `the owner of "${entry.name}" (${entry.ownerName}), ` : '';
    const index = after.findIndex((alert) => alert.metric === metric);
    throw new AppError('forbidden', `Only ${owner}the deck's owner or an admin may change the alerts on "${metric}".`, { field: index === -1 ? 'alerts' : `alerts.${index}` });
  }
}

/**
 * Who may hand a deck to another owner: its owner (through the login linked to them) or whoever manages the review.
 * The deck's owner chairs its review and may change any of its anomalies, so taking a deck over is taking its
 * anomalies over: a member who could name themselves owner could answer for items that are not theirs. A deck
 * with no owner, or whose owner has left, waits for an admin (a departure hands it to the successor named).
 */
export function mayHandOverDeck(actor: { role: Role; personId: string | null }, deck: { ownerPersonId: string | null }): boolean {
  if (can(actor.role, 'wbr.manage')) return true;
  return actor.personId !== null && actor.personId === deck.ownerPersonId;
}

export function assertCanHandOverDeck(actor: { role: Role; personId: string | null }, deck: { name: string; ownerPersonId: string | null }): void {
  if (mayHandOverDeck(actor, deck)) return;
  throw new AppError('forbidden', `Only the owner of the deck "${deck.name}" or an admin may hand it to someone else.`, { field: 'ownerPersonId' });
}

export function assertCanChangeAnomaly(actor: { role: Role; personId: string | null }, anomaly: { metric: string; ownerPersonId: string | null; ownerHasLeft: boolean; deckOwnerPersonId: string | null }): void {
  if (mayChangeAnomaly(actor, anomaly)) return;
  throw new AppError('forbidden', `Only the owner of the anomaly on "${anomaly.metric}", the deck's owner or an admin may change it.`);
}
