import { formatDay, formatList, formatMonthDay } from '../../../../src/domain/dates.js';
import type { ApiError } from '../../lib/api-client.js';
import { keepDraftOverNewer } from '../../lib/stale-draft.js';
import type { ErrorPlacement } from '../../lib/use-api-form.js';
import type { WbrAnomaly, WbrAnomalyStatus, WbrDataInfo, WbrDeck, WbrDirection, WbrSignalRule, WbrSnapshotSummary } from './wbr-types.js';

/**
 * A week ending (YYYY-MM-DD) as Pulse names days everywhere ("Nov 28, 2026", `formatDay`), not in the browser's
 * locale. The day is a calendar date, not an instant: no time zone can move it to the Friday before.
 */
export function formatWeek(day: string): string {
  return formatDay(day);
}

/** The days a data file covers, first to last. */
export function formatDataSpan(data: Pick<WbrDataInfo, 'firstDate' | 'lastDate'>): string {
  return data.firstDate === data.lastDate ? formatWeek(data.firstDate) : `${formatWeek(data.firstDate)} – ${formatWeek(data.lastDate)}`;
}

export function formatRows(rows: number): string {
  return rows === 1 ? '1 row' : `${rows.toLocaleString('en-US')} rows`;
}

/** What an XmR signal means, in a reviewer's words rather than the rule's name. */
export function describeSignal(rule: WbrSignalRule, direction: WbrDirection): string {
  const side = direction === 'up' ? 'upper' : 'lower';
  if (rule === 'wow_alert') return `Week over week ${direction} beyond its alert`;
  if (rule === 'yoy_alert') return `Year over year ${direction} beyond its alert`;
  if (rule === 'outside_limits') return direction === 'up' ? 'Above the upper limit' : 'Below the lower limit';
  if (rule === 'three_of_four_near_limit') return `3 of 4 weeks near the ${side} limit`;
  return `8 weeks in a row ${direction === 'up' ? 'above' : 'below'} the centre line`;
}

export const STATUS_LABELS: Record<WbrAnomalyStatus, string> = { open: 'Open', explained: 'Explained', resolved: 'Resolved' };

/**
 * A config or CSV error as the person fixing it needs it: the line first, then the YAML key path (config) or the
 * column (CSV), then the server's message ("Line 12, metrics.revenue.column: …"). The review's API writes the place
 * into its messages itself ("Line 12 (metrics.revenue.column): …", "Line 3: …"), for scripts that show only the
 * message: such a message is shown as it is, so the place is named once.
 */
export function locatedMessage(error: Pick<ApiError, 'line' | 'column' | 'field' | 'code' | 'messageForField'>): string {
  if (lineOfMessage(error.messageForField) !== undefined) return error.messageForField;
  const keyPath = error.code === 'invalid_config' && error.field !== undefined && !error.field.startsWith('body') ? error.field : undefined;
  const where = [error.line === undefined ? undefined : `Line ${error.line}`, keyPath ?? (error.column === undefined ? undefined : `column ${error.column}`)].filter((part) => part !== undefined);
  return where.length === 0 ? error.messageForField : `${where.join(', ')}: ${error.messageForField}`;
}

/** The form input a WBR rule refusal is about, so its message sits where the fix is made. */
const FIELD_OF_RULE: Record<string, string> = {
  'wbr.root_cause_required': 'rootCause',
  'wbr.snapshot_exists': 'weekEnding',
  'wbr.snapshot_order': 'weekEnding',
  'wbr.week_ending_weekday': 'weekEnding',
  'wbr.week_beyond_data': 'weekEnding',
  'wbr.week_not_over': 'weekEnding',
};

/**
 * Where a WBR error goes in a form: config errors at the config text (the form edits it as one input, the
 * server names a key path inside it), data errors at the file input, rule refusals at the input they are about.
 */
export const placeWbrError: ErrorPlacement = (error) => {
  if (error.code === 'invalid_config') return { field: 'config', message: locatedMessage(error) };
  if (error.code === 'invalid_data') return { field: 'data', message: locatedMessage(error) };
  // Only the data upload is large enough to be refused for its size.
  if (error.code === 'payload_too_large') return { field: 'data', message: error.message };
  const ruleField = error.rule === undefined ? undefined : FIELD_OF_RULE[error.rule];
  return ruleField === undefined ? undefined : { field: ruleField, message: error.messageForField };
};

/** An annotation file's refusal, at the file input, with the line it stops at ("Line 3: …") as the input's hint promises. */
export const placeAnnotationFileError: ErrorPlacement = (error) => {
  if (error.code === 'invalid_data') return { field: 'annotationsFile', message: locatedMessage(error) };
  return error.code === 'payload_too_large' ? { field: 'annotationsFile', message: error.message } : undefined;
};

/**
 * The week to show: the one the link names, or the newest when it names none. A link to a week that was never
 * published finds nothing, which the page says rather than quietly showing another week.
 */
export function chosenSnapshot<T extends Pick<WbrSnapshotSummary, 'weekEnding'>>(snapshotsNewestFirst: readonly T[], week: string | null): T | undefined {
  if (week === null || week === '') return snapshotsNewestFirst[0];
  return snapshotsNewestFirst.find((snapshot) => snapshot.weekEnding === week);
}

/** A published week's deck as the server exports it: HTML to show or download, PDF and JSON to download. */
export function exportPath(ids: { orgId: string; deckId: string; snapshotId: string }, format: 'html' | 'json' | 'pdf', options: { download?: boolean } = {}): string {
  const query = new URLSearchParams({ format });
  if (options.download) query.set('download', '1');
  return `/api/v1/orgs/${ids.orgId}/wbr/decks/${ids.deckId}/snapshots/${ids.snapshotId}/export?${query.toString()}`;
}

/** A week's preview as the API names it (nothing kept): the HTML deck, or its JSON. `api()` takes this path. */
export function previewApiPath(ids: { orgId: string; deckId: string }, weekEnding: string, format: 'html' | 'json'): string {
  const query = new URLSearchParams({ weekEnding, format });
  return `/orgs/${ids.orgId}/wbr/decks/${ids.deckId}/preview?${query.toString()}`;
}

/** The same preview as a page's address: what a frame or a link opens. */
export function previewPath(ids: { orgId: string; deckId: string }, weekEnding: string, format: 'html' | 'json'): string {
  return `/api/v1${previewApiPath(ids, weekEnding, format)}`;
}

/** The org's unresolved anomalies, optionally one owner's or one deck's. */
export function anomaliesQuery(filters: { ownerPersonId?: string; deckId?: string }): string {
  const query = new URLSearchParams({ status: 'unresolved' });
  if (filters.deckId) query.set('deckId', filters.deckId);
  if (filters.ownerPersonId) query.set('ownerPersonId', filters.ownerPersonId);
  return `?${query.toString()}`;
}

export interface AnomalyFormValues {
  ownerPersonId: string;
  status: WbrAnomalyStatus;
  rootCause: string;
}

export function anomalyFormValues(anomaly: Pick<WbrAnomaly, 'owner' | 'status' | 'rootCause'>): AnomalyFormValues {
  return { ownerPersonId: anomaly.owner?.id ?? '', status: anomaly.status, rootCause: anomaly.rootCause };
}

/**
 * Only what the reviewer changed: each change is its own audited decision (a new owner, a status), and an
 * untouched field sent back could overwrite what someone else saved meanwhile.
 */
export function anomalyChanges(anomaly: Pick<WbrAnomaly, 'owner' | 'status' | 'rootCause'>, values: AnomalyFormValues): Partial<AnomalyFormValues> {
  const saved = anomalyFormValues(anomaly);
  return {
    ...(values.ownerPersonId !== saved.ownerPersonId && values.ownerPersonId !== '' && { ownerPersonId: values.ownerPersonId }),
    ...(values.rootCause !== saved.rootCause && { rootCause: values.rootCause }),
    ...(values.status !== saved.status && { status: values.status }),
  };
}

/**
 * The form after someone else saved the anomaly while the reviewer was writing: what the reviewer changed stays as
 * they wrote it, and every field they left alone takes the newer value, so that saving again applies their change
 * without quietly undoing the colleague's.
 */
export function mergeAnomalyDraft(read: Pick<WbrAnomaly, 'owner' | 'status' | 'rootCause'>, latest: Pick<WbrAnomaly, 'owner' | 'status' | 'rootCause'>, draft: AnomalyFormValues): AnomalyFormValues {
  return keepDraftOverNewer(anomalyFormValues(read), anomalyFormValues(latest), draft);
}

/**
 * The body that creates a deck. "Nobody yet" (an empty choice) is sent as `null`: left out, the server would give
 * the deck to the person linked to the creator's login, which is not what was chosen.
 */
export function newDeckBody(input: { name: string; config: string; ownerPersonId: string }): { name: string; config: string; ownerPersonId: string | null } {
  return { name: input.name, config: input.config, ownerPersonId: input.ownerPersonId === '' ? null : input.ownerPersonId };
}

/** An empty file is refused before uploading; its size limit is the server's to say (413, shown at the file input). */
export function dataFileProblem(file: { size: number }): string | undefined {
  return file.size === 0 ? 'The file is empty.' : undefined;
}

/** The line a located message names ("Line 12, …" or "Line 12 (…"), to take the reader there in the config text. */
export function lineOfMessage(message: string | undefined): number | undefined {
  const match = message === undefined ? null : /^Line (\d+)\b/.exec(message);
  return match ? Number(match[1]) : undefined;
}

/** Where a 1-based line starts and ends in a text, for selecting it; undefined past the last line. */
export function lineRange(text: string, line: number): { start: number; end: number } | undefined {
  if (line < 1) return undefined;
  let start = 0;
  for (let current = 1; current < line; current++) {
    const newline = text.indexOf('\n', start);
    if (newline === -1) return undefined;
    start = newline + 1;
  }
  const newline = text.indexOf('\n', start);
  return { start, end: newline === -1 ? text.length : newline };
}

/** The deck after one of its anomalies was saved: a resolved one leaves the review, any other is replaced in place. */
export function withSavedAnomaly<D extends { anomalies: Array<{ id: string; status: WbrAnomalyStatus }>; unresolvedAnomalies: number }>(deck: D, saved: D['anomalies'][number]): D {
  if (saved.status === 'resolved') {
    const anomalies = deck.anomalies.filter((anomaly) => anomaly.id !== saved.id);
    return { ...deck, anomalies, unresolvedAnomalies: deck.unresolvedAnomalies - (deck.anomalies.length - anomalies.length) };
  }
  return { ...deck, anomalies: deck.anomalies.map((anomaly) => (anomaly.id === saved.id ? saved : anomaly)) };
}

/**
 * Owner choices: the org's people by name (with their role only where two share a name, so a select never cuts a
 * long role into a name), and the current owner even if they are no longer listed (left), so it can be handed over.
 */
export function ownerOptions(people: readonly { id: string; name: string; role: string }[], current: { id: string; name: string; leftOn?: string | null } | null, empty?: string): { value: string; label: string }[] {
  const nameCounts = new Map<string, number>();
  for (const person of people) nameCounts.set(person.name, (nameCounts.get(person.name) ?? 0) + 1);
  const listed = people.map((person) => ({ value: person.id, label: (nameCounts.get(person.name) ?? 0) > 1 ? `${person.name} — ${person.role}` : person.name }));
  const missing = current !== null && !people.some((person) => person.id === current.id) ? [{ value: current.id, label: current.leftOn ? `${current.name} (left on ${formatDay(current.leftOn)})` : current.name }] : [];
  return [...(empty === undefined ? [] : [{ value: '', label: empty }]), ...missing, ...listed];
}

export interface SignalGroup {
  metric: string;
  rule: WbrSignalRule;
  direction: WbrDirection;
  /** The weeks it signalled, oldest first. */
  weekEndings: string[];
  /** The weeks of them this week raised, oldest first (the others were on the agenda already). */
  newWeekEndings: string[];
}

/**
 * A published week's signals, one line per metric and rule: a metric above its limit for six weeks is one
 * problem seen six times, and listing it six times buries the others.
 */
export function groupSignals(signals: ReadonlyArray<{ metric: string; rule: WbrSignalRule; direction: WbrDirection; weekEnding: string; isNew: boolean }>): SignalGroup[] {
  const groups = new Map<string, SignalGroup>();
  for (const signal of signals) {
    const key = `${signal.metric}\u0000${signal.rule}\u0000${signal.direction}`;
    const group = groups.get(key) ?? { metric: signal.metric, rule: signal.rule, direction: signal.direction, weekEndings: [], newWeekEndings: [] };
    if (!group.weekEndings.includes(signal.weekEnding)) group.weekEndings.push(signal.weekEnding);
    if (signal.isNew && !group.newWeekEndings.includes(signal.weekEnding)) group.newWeekEndings.push(signal.weekEnding);
    groups.set(key, group);
  }
  for (const group of groups.values()) {
    group.weekEndings.sort();
    group.newWeekEndings.sort();
  }
  return [...groups.values()];
}

/**
 * The badge of a line of signals this week raised: `new` when every week on it is new; else the new weeks named,
 * since a metric above its limit for six weeks is raised once, and the owner asks which week is this week's.
 */
export function newWeeksBadge(group: SignalGroup): string | null {
  if (group.newWeekEndings.length === 0) return null;
  return group.newWeekEndings.length === group.weekEndings.length ? 'new' : `new: ${formatWeekList(group.newWeekEndings)}`;
}

/**
 * The words for a week's signal counts, one vocabulary on every page and in the deck: a *bad signal* is one metric
 * signalling one week against its good direction (the deck's red ring, an alert); an *anomaly* is the agenda item a
 * metric's bad signals open, one per metric, so a week with 5 new bad signals on two metrics adds 2 anomalies at
 * most. The published week's chip counts the new bad signals; its list says how many it shows and how many are new.
 */
export function newSignalsLabel(newSignals: number): string | undefined {
  if (newSignals === 0) return undefined;
  return newSignals === 1 ? '1 new bad signal' : `${newSignals} new bad signals`;
}

export function weekSignalsHeading(signals: ReadonlyArray<{ isNew: boolean }>): string {
  if (signals.length === 0) return 'Bad signals: none';
  const fresh = signals.filter((signal) => signal.isNew).length;
  return `Bad signals: ${signals.length}, ${fresh === 0 ? 'none' : fresh === signals.length ? 'all' : fresh} new`;
}

/** A catalog metric's row on the catalog page (it has no page of its own), opened scrolled into sight and marked. */
export function catalogMetricPath(orgId: string, metricId: string): string {
  return `/o/${orgId}/metrics?metric=${encodeURIComponent(metricId)}`;
}

/**
 * Where an anomaly stands in time: carried over from an earlier week or raised by the latest, and the weeks it was
 * seen in (those the latest versions of the published weeks still show). The first can be before the week that raised
 * it (that week showed earlier weeks), and the list of unresolved anomalies dates it by that first week: said here
 * too, the two pages agree.
 */
export function anomalyHistory(anomaly: Pick<WbrAnomaly, 'carriedOver' | 'raisedByWeekEnding' | 'weeksSeen'>): { since: string; seen: string | undefined } {
  const since = anomaly.carriedOver ? `Carried over since the week ending ${formatWeek(anomaly.raisedByWeekEnding)}` : `Raised by the week ending ${formatWeek(anomaly.raisedByWeekEnding)}`;
  const [only] = anomaly.weeksSeen;
  const seen =
    anomaly.weeksSeen.length > 1
      ? `Seen in ${anomaly.weeksSeen.length} weeks${isOneRun(anomaly.weeksSeen) && anomaly.weeksSeen.length >= 4 ? ' in a row' : ''}: ${formatSeenWeeks(anomaly.weeksSeen, anomaly.raisedByWeekEnding.slice(0, 4))}`
      : only !== undefined && only !== anomaly.raisedByWeekEnding
        ? `Seen in the week ending ${formatWeek(only)}`
        : undefined;
  return { since, seen };
}

const WEEK_MS = 7 * 86_400_000;

/** Whether week endings follow one another week by week, with no week missing. */
function isOneRun(days: readonly string[]): boolean {
  const sorted = [...new Set(days)].sort();
  return sorted.every((day, index) => index === 0 || Date.parse(`${day}T00:00:00Z`) - Date.parse(`${sorted[index - 1]!}T00:00:00Z`) === WEEK_MS);
}

/**
 * Weeks an anomaly was seen in, compact: "Nov 7, Nov 14, Nov 21" when they are all in the year of the week that
 * raised it (named beside them), each with its year otherwise. A run of four or more weeks in a row is one range
 * ("Aug 1 – Sep 5 (6 weeks)"), so a metric off for months does not bury the card in dates.
 */
export function formatSeenWeeks(days: readonly string[], contextYear: string): string {
  const sorted = [...new Set(days)].sort();
  const withYear = !sorted.every((day) => day.startsWith(contextYear));
  const label = (day: string) => (withYear ? formatWeek(day) : formatMonthDay(day));
  const runs: string[][] = [];
  for (const day of sorted) {
    const run = runs[runs.length - 1];
    const last = run?.[run.length - 1];
    if (run !== undefined && last !== undefined && Date.parse(`${day}T00:00:00Z`) - Date.parse(`${last}T00:00:00Z`) === WEEK_MS) run.push(day);
    else runs.push([day]);
  }
  // One run: its count is the heading's already ("Seen in 8 weeks in a row: …", anomalyHistory).
  if (runs.length === 1 && sorted.length >= 4) return `${label(sorted[0]!)} – ${label(sorted[sorted.length - 1]!)}`;
  const parts = runs.flatMap((run) => (run.length >= 4 ? [`${label(run[0]!)} – ${label(run[run.length - 1]!)} (${run.length} weeks)`] : run.map(label)));
  // Dates that carry their year hold a comma of their own: the list is then separated by semicolons.
  return parts.join(withYear ? '; ' : ', ');
}

/** Several week endings in one phrase, the year said once when they share it ("Oct 17, Oct 24, and Oct 31, 2026"). */
export function formatWeekList(days: readonly string[]): string {
  if (days.length <= 1) return days.map(formatWeek).join('');
  const year = days[0]!.slice(0, 4);
  const sameYear = days.every((day) => day.startsWith(year));
  const parts = days.map((day, index) => (sameYear && index < days.length - 1 ? formatMonthDay(day) : formatWeek(day)));
  return formatList(parts);
}

/** The lag analysis query for two metric names (names may hold spaces and punctuation). */
export function lagQuery(input: string, output: string): string {
  return `?${new URLSearchParams({ input, output }).toString()}`;
}

/** The strongest lag in words, with how strong it is: a reading for the review, not a verdict. */
export function describeCorrelation(output: string, input: string, strongest: { lag: number; r: number | null }): string {
  const r = strongest.r ?? 0;
  const size = Math.abs(r);
  const strength = size >= 0.7 ? 'closely' : size >= 0.4 ? 'somewhat' : 'hardly';
  const way = r >= 0 ? 'with' : 'against';
  const when = strongest.lag === 0 ? 'in the same week' : strongest.lag === 1 ? '1 week later' : `${strongest.lag} weeks later`;
  return `${output} moves ${strength} ${way} ${input} ${when} (correlation ${r.toFixed(2)}).`;
}

/**
 * The pair the lag analysis starts with: the deck's first input and first output as the catalog classes them
 * (the question is whether outputs follow inputs), else its first two metrics.
 */
export function defaultLagPair(metrics: ReadonlyArray<{ name: string; catalogMetric: { kind: 'input' | 'output' } | null }>): { input: string; output: string } {
  const input = metrics.find((metric) => metric.catalogMetric?.kind === 'input') ?? metrics[0];
  const output = metrics.find((metric) => metric.catalogMetric?.kind === 'output' && metric !== input) ?? metrics.find((metric) => metric !== input) ?? input;
  return { input: input?.name ?? '', output: output?.name ?? '' };
}

/** Which way is good for a deck's metric, and who says so: the config, or the catalog where the config is silent. */
export function describeGoodDirection(metric: { goodDirection: WbrDirection | null; goodDirectionFrom: 'config' | 'catalog' | null }): string {
  if (metric.goodDirection === null) return 'either way (none set)';
  return `${metric.goodDirection === 'up' ? 'Up' : 'Down'} (${metric.goodDirectionFrom === 'catalog' ? 'from the catalog' : 'the config'})`;
}

/** The anomalies a person owns, in the list's order: none for a viewer without a person record. */
export function anomaliesOwnedBy<A extends { owner: { id: string } | null }>(anomalies: readonly A[], personId: string | null): A[] {
  return personId === null ? [] : anomalies.filter((anomaly) => anomaly.owner?.id === personId);
}

/**
 * Who a deck metric's anomalies go to, in words: the person, and why it is not the catalog metric's owner when it is
 * not (the server decides; this only says it).
 */
export function describeAnomalyOwner(metric: { name: string; anomalyOwner: WbrDeck['metrics'][number]['anomalyOwner']; catalogMetric: { owner: { name: string } | null } | null }): { who: string; why: string | null } {
  const { person, reason } = metric.anomalyOwner;
  const who = person === null ? 'Nobody yet' : person.name;
  const deckOwner = person === null ? 'They would go to the deck’s owner, and the deck has none here (none named, or they have left)' : 'The deck’s owner answers';
  if (reason === 'catalog_owner') return { who, why: null };
  if (reason === 'no_catalog_metric') return { who, why: `${deckOwner}: no catalog metric is named “${metric.name}”.` };
  if (reason === 'catalog_metric_unowned') return { who, why: `${deckOwner}: its catalog metric has no owner.` };
  return { who, why: `${deckOwner}: ${metric.catalogMetric?.owner?.name ?? 'its catalog metric’s owner'} has left.` };
}

/** The alert inputs of a deck's metrics: the thresholds as text, empty when off. */
export type AlertInputs = Record<string, { wow: string; yoy: string }>;

export function alertInputs(deck: { alerts: ReadonlyArray<{ metric: string; wow: number | null; yoy: number | null }> }): AlertInputs {
  const inputs: AlertInputs = {};
  for (const alert of deck.alerts) inputs[alert.metric] = { wow: alert.wow === null ? '' : String(alert.wow), yoy: alert.yoy === null ? '' : String(alert.yoy) };
  return inputs;
}

/**
 * The thresholds to save: metrics with at least one threshold, in the deck's order. A value that is not a number
 * is sent as it is, so the server's refusal names the metric rather than the page quietly dropping it.
 */
export function alertsFromInputs(metrics: ReadonlyArray<{ name: string }>, inputs: AlertInputs): Array<{ metric: string; wow: number | string | null; yoy: number | string | null }> {
  const value = (text: string | undefined) => {
    const trimmed = (text ?? '').trim();
    if (trimmed === '') return null;
    const number = Number(trimmed);
    return Number.isFinite(number) ? number : trimmed;
  };
  return metrics
    .map((metric) => ({ metric: metric.name, wow: value(inputs[metric.name]?.wow), yoy: value(inputs[metric.name]?.yoy) }))
    .filter((alert) => alert.wow !== null || alert.yoy !== null);
}
