import { useState } from 'react';
import { Button } from '../../components/button.js';
import { ConfirmDialog } from '../../components/confirm-dialog.js';
import { FormMessage, TextAreaField, TextField } from '../../components/field.js';
import { ErrorNote, LoadingNote } from '../../components/page.js';
import { api, messageOf } from '../../lib/api-client.js';
import { formatDateTime, formatList } from '../../lib/format.js';
import { Link } from '../../lib/router.js';
import { useResource } from '../../lib/use-resource.js';
import { chosenSnapshot, describeSignal, exportPath, formatWeek, formatWeekList, groupSignals, newSignalsLabel, newWeeksBadge, previewApiPath, previewPath, weekSignalsHeading } from './wbr-format.js';
import { LagAnalysisPanel } from './wbr-lag.js';
import type { WbrDeck, WbrSnapshot, WbrSnapshotSummary } from './wbr-types.js';

/** Publishes a week: the deck as Pulse builds it now, kept unchanged from then on. */
export function PublishForm({ orgId, deck, onPublished }: { orgId: string; deck: WbrDeck; onPublished(snapshot: WbrSnapshot): void }) {
  const [weekEnding, setWeekEnding] = useState(deck.nextWeekEnding ?? '');
  // A published week is for good: the form names the week and asks in a dialog, which publishes.
  const [isConfirming, setConfirming] = useState(false);
  // The server says when no week can be published now, and why (the same check a publish makes).
  const blocker = deck.publishNote;
  return (
    <>
      <form
        className="form"
        noValidate
        aria-label="Publish a week"
        onSubmit={(event) => {
          event.preventDefault();
          if (blocker === null) setConfirming(true);
        }}
      >
        <p className="section-lead">
          Publishing keeps the week’s deck exactly as Pulse builds it now, with its signals, for the meeting and for the record. A published week cannot be changed or published again (its owner may correct it, which keeps a new version beside it): later uploads and
          config edits only reach the weeks published after it.
        </p>
        <div className="form form--inline">
          <TextField
            label="Week ending"
            name="weekEnding"
            type="date"
            value={weekEnding}
            max={deck.data?.lastDate}
            disabled={deck.data === null}
            onChange={(event) => setWeekEnding(event.target.value)}
            hint="The last day of the week. It starts at the latest week that is over and holds rows of the data."
          />
          <Button type="submit" variant="primary" className="form__inline-submit" disabled={blocker !== null}>
            Publish week
          </Button>
        </div>
        {blocker && <p className="form__note">{blocker}</p>}
      </form>
      {/* Irreversible but it destroys nothing: a primary button, and the keyboard still starts on Not yet. */}
      <ConfirmDialog
        title={weekEnding === '' ? 'Publish the data’s latest week?' : `Publish the week ending ${formatWeek(weekEnding)}?`}
        isOpen={isConfirming}
        isDestructive={false}
        description={<p>The deck is kept exactly as Pulse builds it now. A published week cannot be changed or published again afterwards; a correction keeps a new version beside it.</p>}
        confirmLabel="Publish week"
        cancelLabel="Not yet"
        onConfirm={async () => {
          const { snapshot } = await api<{ snapshot: WbrSnapshot }>('POST', `/orgs/${orgId}/wbr/decks/${deck.id}/snapshots`, weekEnding === '' ? {} : { weekEnding });
          onPublished(snapshot);
        }}
        onClose={() => setConfirming(false)}
      />
    </>
  );
}

/**
 * Previews a week without publishing it: the deck built as publishing that week would build it now, any week the
 * data reaches (the week under way too), framed as a published week is. Nothing is kept. The week is checked by
 * asking for the preview's JSON first, so a bad week shows the server's reason here rather than an error page in
 * the frame.
 */
export function PreviewWeek({ orgId, deck }: { orgId: string; deck: WbrDeck }) {
  const [weekEnding, setWeekEnding] = useState(deck.previewWeekEnding ?? '');
  const [shown, setShown] = useState<string | null>(null);
  const [error, setError] = useState<string | undefined>();
  const [isLoading, setLoading] = useState(false);
  if (deck.data === null) return <p className="section-lead">Upload the deck’s data to preview a week.</p>;
  const ids = { orgId, deckId: deck.id };
  return (
    <>
      <form
        className="form form--inline"
        noValidate
        aria-label="Preview a week"
        onSubmit={async (event) => {
          event.preventDefault();
          setLoading(true);
          setError(undefined);
          try {
            await api('GET', previewApiPath(ids, weekEnding, 'json'));
            setShown(weekEnding);
          } catch (failure) {
            setShown(null);
            setError(messageOf(failure));
          } finally {
            setLoading(false);
          }
        }}
      >
        <TextField
          label="Week to preview"
          name="previewWeekEnding"
          type="date"
          value={weekEnding}
          required
          onChange={(event) => setWeekEnding(event.target.value)}
          hint="It starts at the latest week with data, even one not over yet. A preview is not published and keeps nothing."
        />
        <Button type="submit" className="form__inline-submit" disabled={isLoading || weekEnding === ''}>
          Preview
        </Button>
      </form>
      <FormMessage message={error} />
      {shown !== null && (
        <article className="wbr-week wbr-preview" aria-labelledby="preview-heading">
          <header className="wbr-week__header">
            <div>
              <h3 id="preview-heading" className="wbr-week__title">
                Preview: week ending {formatWeek(shown)}
              </h3>
              <p className="wbr-week__meta" role="note">
                Built from the deck’s config and data as they are now. Not published: nothing is kept, and no anomaly is raised.
              </p>
            </div>
            <ul className="wbr-week__downloads" aria-label="The previewed deck">
              <li>
                <a href={previewPath(ids, shown, 'html')} target="_blank" rel="noopener">
                  Open in a new tab
                </a>
              </li>
            </ul>
          </header>
          <iframe key={shown} className="wbr-week__deck" title={`WBR deck preview, week ending ${formatWeek(shown)}`} src={previewPath(ids, shown, 'html')} />
        </article>
      )}
    </>
  );
}

interface WeeksProps {
  orgId: string;
  deck: WbrDeck;
  /** The week the link names (`?week=YYYY-MM-DD`), or null for the newest. */
  week: string | null;
  /** The version of that week the link names (`&version=N`), or null for its latest (the week as corrected). */
  version: string | null;
  weekHref(weekEnding: string, version?: number): string;
  /** Whether the viewer may correct a published week (the deck's owner or an admin: corrections.ts). */
  canCorrect: boolean;
  onCorrected(snapshot: WbrSnapshot): void;
}

/** The published weeks, newest first, each once (its latest version); the chosen one is shown as it was published. */
export function Weeks({ orgId, deck, week, version, weekHref, canCorrect, onCorrected }: WeeksProps) {
  if (deck.snapshots.length === 0) return <p className="section-lead">No week published yet. Once one is, its deck is shown here, exactly as it was published.</p>;
  const latestVersions = deck.snapshots.filter((snapshot) => snapshot.supersededBy === null);
  const chosenWeek = chosenSnapshot(latestVersions, week);
  const chosen = chosenWeek === undefined || version === null ? chosenWeek : deck.snapshots.find((snapshot) => snapshot.weekEnding === chosenWeek.weekEnding && String(snapshot.version) === version);
  const versions = chosenWeek === undefined ? [] : deck.snapshots.filter((snapshot) => snapshot.weekEnding === chosenWeek.weekEnding);
  return (
    <>
      <nav aria-label="Published weeks">
        <ul className="wbr-weeks">
          {latestVersions.map((snapshot) => (
            <li key={snapshot.id}>
              <Link to={weekHref(snapshot.weekEnding)} className="wbr-weeks__link" aria-current={snapshot.weekEnding === chosen?.weekEnding ? 'page' : undefined}>
                {formatWeek(snapshot.weekEnding)}
                {snapshot.version > 1 && <span className="wbr-weeks__corrected">corrected</span>}
                {snapshot.newSignals > 0 && <span className="wbr-weeks__signals">{newSignalsLabel(snapshot.newSignals)}</span>}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {chosen ? (
        <WeekView key={chosen.id} orgId={orgId} deckId={deck.id} summary={chosen} versions={versions} weekHref={weekHref} canCorrect={canCorrect} onCorrected={onCorrected} metrics={deck.metrics} withdrawn={deck.withdrawnAnomalies.filter((anomaly) => anomaly.withdrawn?.snapshotId === chosen.id)} />
      ) : (
        <p className="section-lead">No week ending {week ? formatWeek(week) : ''}{version ? ` in version ${version}` : ''} was published. Choose one of the weeks above.</p>
      )}
    </>
  );
}

/** Who published a version, and when: “published 2 Dec 2025, 09:14 by Dana Whitfield”. */
function publishedLine(summary: Pick<WbrSnapshotSummary, 'publishedAt' | 'publishedBy'>): string {
  return `${formatDateTime(summary.publishedAt)}${summary.publishedBy ? ` by ${summary.publishedBy.name}` : ''}`;
}

/**
 * Where a version stands among the week's versions: superseded (with a link to the correction that replaced it) or a
 * correction (with its reason and a link back to the version it corrects). The newest version is the week.
 */
function VersionNote({ summary, weekHref, withdrawn }: { summary: WbrSnapshotSummary; weekHref: WeeksProps['weekHref']; withdrawn: WbrDeck['withdrawnAnomalies'] }) {
  if (summary.supersededBy !== null) {
    const by = summary.supersededBy.publishedBy ? `, by ${summary.supersededBy.publishedBy.name}` : '';
    return (
      <p className="wbr-week__version wbr-week__version--superseded" role="note">
        This version was superseded by the correction of {formatDateTime(summary.supersededBy.publishedAt)} ({summary.supersededBy.reason}
        {by}). It is kept as it was published. <Link to={weekHref(summary.weekEnding)}>Read the corrected week</Link>
      </p>
    );
  }
  if (summary.version === 1) return null;
  return (
    <p className="wbr-week__version" role="note">
      Corrected: {summary.correctionReason}. <Link to={weekHref(summary.weekEnding, summary.version - 1)}>Read the version it replaced</Link>
      {/* The anomalies whose signal came from the data corrected: what the correction took off the agenda. */}
      {withdrawn.length > 0 && ` It no longer shows the signal of ${formatList(withdrawn.map((anomaly) => anomaly.metric))}: ${withdrawn.length === 1 ? 'its anomaly was' : 'their anomalies were'} withdrawn (under This week’s review).`}
    </p>
  );
}

/** Corrects the week shown (its latest version): a new version from the deck's current data, with the reason. */
function CorrectWeek({ orgId, deckId, summary, onCorrected }: { orgId: string; deckId: string; summary: WbrSnapshotSummary; onCorrected(snapshot: WbrSnapshot): void }) {
  const [isConfirming, setConfirming] = useState(false);
  const [reason, setReason] = useState('');
  return (
    <>
      <Button type="button" onClick={() => setConfirming(true)}>
        Correct this week
      </Button>
      {/* It destroys nothing (the version shown stays readable), so not a red button; the keyboard starts on the reason. */}
      <ConfirmDialog
        title={`Correct the week ending ${formatWeek(summary.weekEnding)}?`}
        isOpen={isConfirming}
        isDestructive={false}
        description={
          <p>
            Pulse builds the week again from the deck’s data, config and annotations as they are now, and keeps it as the week. The version shown now stays readable, marked as superseded by this
            correction. Anomalies already raised keep their owners and answers.
          </p>
        }
        confirmLabel="Publish correction"
        cancelLabel="Keep this version"
        onConfirm={async () => {
          const { snapshot } = await api<{ snapshot: WbrSnapshot }>('POST', `/orgs/${orgId}/wbr/decks/${deckId}/snapshots/${summary.id}/corrections`, { reason });
          setReason('');
          onCorrected(snapshot);
        }}
        onClose={() => setConfirming(false)}
      >
        <TextAreaField label="Why is it corrected?" name="reason" required rows={2} value={reason} onChange={(event) => setReason(event.target.value)} hint="Shown on the version it replaces, for instance “The Friday file arrived late”." />
      </ConfirmDialog>
    </>
  );
}

function WeekView({ orgId, deckId, summary, versions, weekHref, canCorrect, onCorrected, metrics, withdrawn }: { orgId: string; deckId: string; summary: WbrSnapshotSummary; versions: WbrSnapshotSummary[]; weekHref: WeeksProps['weekHref']; canCorrect: boolean; onCorrected(snapshot: WbrSnapshot): void; metrics: WbrDeck['metrics']; withdrawn: WbrDeck['withdrawnAnomalies'] }) {
  const snapshotId = summary.id;
  const data = useResource((signal) => api<{ snapshot: WbrSnapshot }>('GET', `/orgs/${orgId}/wbr/decks/${deckId}/snapshots/${snapshotId}`, undefined, { signal }), `${orgId}/${deckId}/${snapshotId}`);
  const ids = { orgId, deckId, snapshotId };
  const snapshot = data.data?.snapshot;
  if (data.error) return <ErrorNote message={data.error} onRetry={data.reload} />;
  if (!snapshot) return <LoadingNote label="Loading the week…" />;
  const week = formatWeek(snapshot.weekEnding);
  return (
    <article className="wbr-week" aria-labelledby="week-heading">
      <header className="wbr-week__header">
        <div>
          <h3 id="week-heading" className="wbr-week__title">
            Week ending {week}
          </h3>
          <p className="wbr-week__meta">
            {summary.version > 1 ? 'Correction published' : 'Published'} {publishedLine(summary)} · {snapshot.blockCount === 1 ? '1 block' : `${snapshot.blockCount} blocks`}
          </p>
          {canCorrect && summary.supersededBy === null && <CorrectWeek orgId={orgId} deckId={deckId} summary={summary} onCorrected={onCorrected} />}
        </div>
        <ul className="wbr-week__downloads" aria-label="This week’s deck">
          <li>
            <a href={exportPath(ids, 'html')} target="_blank" rel="noopener">
              Open in a new tab
            </a>
          </li>
          <li>
            <a href={exportPath(ids, 'html', { download: true })} download>
              Download HTML
            </a>
          </li>
          <li>
            <a href={exportPath(ids, 'pdf', { download: true })} download>
              Download PDF
            </a>
          </li>
          <li>
            <a href={exportPath(ids, 'json')} download>
              Download JSON
            </a>
          </li>
        </ul>
      </header>
      <VersionNote summary={summary} weekHref={weekHref} withdrawn={withdrawn} />
      {versions.length > 1 && (
        <details className="wbr-week__history">
          <summary>Every version of this week ({versions.length})</summary>
          <ol reversed>
            {versions.map((entry) => (
              <li key={entry.id}>
                {entry.id === summary.id ? <strong>Version {entry.version}</strong> : <Link to={weekHref(entry.weekEnding, entry.supersededBy === null ? undefined : entry.version)}>Version {entry.version}</Link>}
                {entry.version === 1 ? ', published ' : ', correction published '}
                {publishedLine(entry)}
                {entry.correctionReason ? ` (${entry.correctionReason})` : ''}
                {entry.supersededBy === null ? ' · the week as it stands' : ' · superseded'}
              </li>
            ))}
          </ol>
        </details>
      )}
      <section aria-labelledby="week-signals-heading">
        <h4 id="week-signals-heading" className="wbr-week__subtitle">
          {weekSignalsHeading(snapshot.signals)}
        </h4>
        {snapshot.signals.length === 0 ? (
          <p className="section-lead">None: every metric stayed within its usual variation.</p>
        ) : (
          <>
            <p className="section-lead">
              A bad signal is one metric on one week against its good direction: on the deck’s six weeks, on weeks since the last published one, or an alert. A metric’s new ones open its one
              anomaly on the agenda, or add to it.
            </p>
            <ul className="wbr-signals">
              {groupSignals(snapshot.signals).map((group) => {
                const badge = newWeeksBadge(group);
                return (
                  <li key={`${group.metric}-${group.rule}-${group.direction}`}>
                    <strong>{group.metric}</strong>: {describeSignal(group.rule, group.direction).toLowerCase()}, {group.weekEndings.length === 1 ? 'week' : 'weeks'} ending {formatWeekList(group.weekEndings)}
                    {badge !== null && <span className="badge">{badge}</span>}
                  </li>
                );
              })}
            </ul>
          </>
        )}
      </section>
      <iframe className="wbr-week__deck" title={`WBR deck, week ending ${week}`} src={exportPath(ids, 'html')} loading="lazy" />
      {metrics.length > 1 && <LagAnalysisPanel orgId={orgId} deckId={deckId} snapshotId={snapshotId} metrics={metrics} />}
    </article>
  );
}
