import { useState } from 'react';
import { Button } from '../../components/button.js';
import { ConfirmDialog } from '../../components/confirm-dialog.js';
import { TextField } from '../../components/field.js';
import { ErrorNote, LoadingNote } from '../../components/page.js';
import { api } from '../../lib/api-client.js';
import { formatDateTime } from '../../lib/format.js';
import { Link } from '../../lib/router.js';
import { useResource } from '../../lib/use-resource.js';
import { chosenSnapshot, describeSignal, exportPath, formatWeek, formatWeekList, groupSignals } from './wbr-format.js';
import { LagAnalysisPanel } from './wbr-lag.js';
import type { WbrDeck, WbrSnapshot } from './wbr-types.js';

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
          Publishing keeps the week’s deck exactly as Pulse builds it now, with its signals, for the meeting and for the record. A published week cannot be changed or published again: later uploads and
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
        description={<p>The deck is kept exactly as Pulse builds it now. A published week cannot be changed or published again afterwards.</p>}
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

interface WeeksProps {
  orgId: string;
  deck: WbrDeck;
  /** The week the link names (`?week=YYYY-MM-DD`), or null for the newest. */
  week: string | null;
  weekHref(weekEnding: string): string;
}

/** The published weeks, newest first; the chosen one is shown as it was published. */
export function Weeks({ orgId, deck, week, weekHref }: WeeksProps) {
  if (deck.snapshots.length === 0) return <p className="section-lead">No week published yet. Once one is, its deck is shown here, exactly as it was published.</p>;
  const chosen = chosenSnapshot(deck.snapshots, week);
  return (
    <>
      <nav aria-label="Published weeks">
        <ul className="wbr-weeks">
          {deck.snapshots.map((snapshot) => (
            <li key={snapshot.id}>
              <Link to={weekHref(snapshot.weekEnding)} className="wbr-weeks__link" aria-current={snapshot.id === chosen?.id ? 'page' : undefined}>
                {formatWeek(snapshot.weekEnding)}
                {snapshot.newSignals > 0 && <span className="wbr-weeks__signals">{snapshot.newSignals === 1 ? '1 new signal' : `${snapshot.newSignals} new signals`}</span>}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {chosen ? <WeekView key={chosen.id} orgId={orgId} deckId={deck.id} snapshotId={chosen.id} metrics={deck.metrics} /> : <p className="section-lead">No week ending {week ? formatWeek(week) : ''} was published. Choose one of the weeks above.</p>}
    </>
  );
}

function WeekView({ orgId, deckId, snapshotId, metrics }: { orgId: string; deckId: string; snapshotId: string; metrics: WbrDeck['metrics'] }) {
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
            Published {formatDateTime(snapshot.publishedAt)}
            {snapshot.publishedBy ? ` by ${snapshot.publishedBy.name}` : ''} · {snapshot.blockCount === 1 ? '1 block' : `${snapshot.blockCount} blocks`}
          </p>
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
      <section aria-labelledby="week-signals-heading">
        <h4 id="week-signals-heading" className="wbr-week__subtitle">
          Signals in the shown weeks
        </h4>
        {snapshot.signals.length === 0 ? (
          <p className="section-lead">None: every metric stayed within its usual variation.</p>
        ) : (
          <ul className="wbr-signals">
            {groupSignals(snapshot.signals).map((group) => (
              <li key={`${group.metric}-${group.rule}-${group.direction}`}>
                <strong>{group.metric}</strong>: {describeSignal(group.rule, group.direction).toLowerCase()}, {group.weekEndings.length === 1 ? 'week' : 'weeks'} ending {formatWeekList(group.weekEndings)}
                {group.hasNew && <span className="badge">new</span>}
              </li>
            ))}
          </ul>
        )}
      </section>
      <iframe className="wbr-week__deck" title={`WBR deck, week ending ${week}`} src={exportPath(ids, 'html')} loading="lazy" />
      {metrics.length > 1 && <LagAnalysisPanel orgId={orgId} deckId={deckId} snapshotId={snapshotId} metrics={metrics} />}
    </article>
  );
}
