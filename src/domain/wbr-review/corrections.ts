import type { Role } from '../accounts/roles.js';
import { AppError } from '../errors.js';
import { isNewSignal, mayHandOverDeck, type AnomalySignal, type AnomalyStatus } from './review-rules.js';

/**
 * Correcting a published week (docs/wbr-review.md#correcting-a-published-week): a week published on bad data is
 * never rewritten; a correction is a new snapshot of the same week, the next version, built from the deck's data and
 * config as they are now, with the reason it was made. The original stays readable, marked superseded.
 */

export const CORRECTION_REASON_MAX_LENGTH = 500;

/** The reason a correction is made, required: the record says why the week the room read was replaced. */
export function checkCorrectionReason(reason: string | undefined): string {
  const trimmed = (reason ?? '').replace(/\s+/g, ' ').trim();
  if (trimmed.length === 0) throw new AppError('validation_failed', 'reason: say why the week is corrected (a late file, a wrong row…).', { field: 'reason' });
  if (trimmed.length > CORRECTION_REASON_MAX_LENGTH) throw new AppError('validation_failed', `reason: must be at most ${CORRECTION_REASON_MAX_LENGTH} characters.`, { field: 'reason' });
  return trimmed;
}

/**
 * Who may correct a published week: the deck's owner (through the login linked to them), who chairs the review and
 * answers for what it showed, or whoever manages the review. The same people who may hand the deck over.
 */
export function mayCorrectWeek(actor: { role: Role; personId: string | null }, deck: { ownerPersonId: string | null }): boolean {
  return mayHandOverDeck(actor, deck);
}

export function assertCanCorrectWeek(actor: { role: Role; personId: string | null }, deck: { name: string; ownerPersonId: string | null }): void {
  if (mayCorrectWeek(actor, deck)) return;
  throw new AppError('forbidden', `Only the owner of the deck "${deck.name}" or an admin may correct one of its published weeks.`);
}

/** A signal's metric and week: a signal is raised once per metric and week, whatever rule raised it. */
const metricWeek = (signal: AnomalySignal) => `${signal.metric}\u0000${signal.weekEnding}`;

/**
 * The signals a correction raises: those a new publish of the week would raise (`isNew`) that no earlier version of
 * the week already raised on the same metric and week. A signal an earlier version showed was raised then, and its
 * anomaly (owner, root cause, status) carries on as it is; only what the corrected data newly shows joins the
 * anomaly list, so nothing is raised twice. Signals the correction no longer shows leave their anomalies' owners and
 * answers as they are (only the weeks counted follow the correction, anomalyWeeksShown): nobody's answer is
 * deleted.
 */
export function correctionNewSignals(corrected: readonly AnomalySignal[], earlierVersions: readonly AnomalySignal[], isNew: (signal: AnomalySignal) => boolean): AnomalySignal[] {
  const raised = new Set(earlierVersions.filter(isNew).map(metricWeek));
  return corrected.filter((signal) => isNew(signal) && !raised.has(metricWeek(signal)));
}

/** A published week as its latest version reads, with the published week before it (null for the first). */
export interface LatestPublishedWeek {
  weekEnding: string;
  previousWeekEnding: string | null;
  signals: readonly AnomalySignal[];
}

/**
 * The signals these published weeks raised as their latest versions read them: each week's own signals, those on
 * the weeks after the published week before it, as a publish raises them. Storage picks each week's latest version
 * and the week before it, and may pass only the weeks that can hold the signals it is asked about.
 */
export function signalsRaisedByWeeks(weeks: readonly LatestPublishedWeek[]): AnomalySignal[] {
  return weeks.flatMap((week) => week.signals.filter((signal) => isNewSignal(signal, week.previousWeekEnding)));
}

/**
 * The weeks an anomaly stands on after a correction, in order: the weeks it was seen in (`weeksSeen`: those whose
 * signals on its metric were given to it, by the publish or correction that raised them) that the latest version of
 * every week still shows on its metric. Its count of weeks is their number, its first and last week the first and
 * last of them: a correction that drops the week it was first (or last) seen in moves them to the next one it is
 * seen in, and one that shows a dropped week again gives it back to this anomaly (a week is raised once, so no other
 * anomaly holds it). Another anomaly's week of the same metric is never counted, even inside this one's span (one
 * reinstated after a later week opened a second). Empty when no week is left: it is then withdrawn, and keeps its
 * first and last week for the record.
 */
export function anomalyWeeksShown(anomaly: { metric: string; weeksSeen: readonly string[] }, latestSignals: readonly AnomalySignal[]): string[] {
  const shown = new Set(latestSignals.filter((signal) => signal.metric === anomaly.metric).map((signal) => signal.weekEnding));
  return [...new Set(anomaly.weeksSeen)].filter((week) => shown.has(week)).sort();
}

/** One stored version of a published week, as the history lists it. */
export interface WeekVersion {
  id: string;
  weekEnding: string;
  version: number;
}

/**
 * Each version's newer version of the same week, when one exists (the version that superseded it): the original
 * is never updated, so its supersession is read from the versions themselves.
 */
export function supersedingVersions<T extends WeekVersion>(versions: readonly T[]): Map<string, T> {
  const byKey = new Map(versions.map((version) => [`${version.weekEnding}#${version.version}`, version]));
  const result = new Map<string, T>();
  for (const version of versions) {
    const next = byKey.get(`${version.weekEnding}#${version.version + 1}`);
    if (next !== undefined) result.set(version.id, next);
  }
  return result;
}

/** An anomaly raised by one of the versions of the week being corrected, as a correction weighs it. */
export interface RaisedAnomaly {
  id: string;
  metric: string;
  status: AnomalyStatus;
  lastWeekEnding: string;
  /** Withdrawn by an earlier correction of the week (its signal was gone). */
  withdrawn: boolean;
}

/**
 * What a correction does to the anomalies the week raised (docs/wbr-review.md#correcting-a-published-week).
 *
 * - **Withdrawn**: the corrected week shows no signal on the metric in the weeks it reviews (`shownMetrics`: the
 *   metrics of its signals that are the week's own, `isNew`), and no later week has added a week to the anomaly
 *   (its last week is this one or before). Its signal came from the bad data: the anomaly leaves the agenda, and
 *   what its owner wrote stays as it was. A resolved one is withdrawn too (its status stays resolved, the owner's
 *   closing answer is kept): the record then says the corrected data never showed it.
 * - **Reinstated**: a withdrawn anomaly whose metric signals again in a later correction, rather than a duplicate
 *   being raised: it comes back with its owner, status and root cause, since the owner's answer was about that very
 *   signal. Unless the metric meanwhile has another unresolved anomaly (raised by a later week): that one is already
 *   on the agenda for the metric, so this one stays withdrawn (one unresolved anomaly per metric).
 */
export function correctionAnomalyChanges(
  raised: readonly RaisedAnomaly[],
  shownMetrics: ReadonlySet<string>,
  weekEnding: string,
  otherUnresolvedMetrics: ReadonlySet<string>,
): { withdraw: RaisedAnomaly[]; reinstate: RaisedAnomaly[] } {
  const withdraw: RaisedAnomaly[] = [];
  const reinstate: RaisedAnomaly[] = [];
  for (const anomaly of raised) {
    const shown = shownMetrics.has(anomaly.metric);
    if (!anomaly.withdrawn && !shown && anomaly.lastWeekEnding <= weekEnding) withdraw.push(anomaly);
    else if (anomaly.withdrawn && shown && (anomaly.status === 'resolved' || !otherUnresolvedMetrics.has(anomaly.metric))) reinstate.push(anomaly);
  }
  return { withdraw, reinstate };
}
