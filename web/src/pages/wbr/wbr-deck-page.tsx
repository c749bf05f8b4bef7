import { useState } from 'react';
import { ErrorNote, LoadingNote, Page } from '../../components/page.js';
import { api } from '../../lib/api-client.js';
import type { Membership } from '../../lib/api-types.js';
import { Link, navigate, useLocation } from '../../lib/router.js';
import { useSession } from '../../lib/session.js';
import { useResource } from '../../lib/use-resource.js';
import { hasPermission } from '../../shell/sections.js';
import { mayCorrectWeek } from '../../../../src/domain/wbr-review/corrections.js';
import { mayHandOverDeck } from '../../../../src/domain/wbr-review/review-rules.js';
import type { PersonSummary } from '../people/people-types.js';
import { Annotations } from './wbr-annotations.js';
import { AnomalyReview, WithdrawnAnomalies } from './wbr-anomaly-review.js';
import { ConfigForm, DataFacts, DataUploadForm, DeckDetailsForm, DeckMetrics, DeleteDeck } from './wbr-deck-settings.js';
import { formatDataSpan, formatWeek, withSavedAnomaly } from './wbr-format.js';
import type { WbrDeck } from './wbr-types.js';
import { RefreshFromDatabase, RefreshSchedule } from './wbr-refresh-data.js';
import { readsSalesPipeline, RefreshFromSales } from './wbr-sales-deck.js';
import { PreviewWeek, PublishForm, Weeks } from './wbr-weeks.js';
import './wbr.css';

interface DeckPageData {
  deck: WbrDeck;
  people: PersonSummary[];
}

/** The in-page contents: the deck page is long, and each part is a different job (review, publish, read, maintain). */
const PARTS = [
  { id: 'review', label: 'This week’s review' },
  // Publishing is an action: its section is left off paper, and so is its link here (it would lead nowhere).
  { id: 'publish', label: 'Publish a week', needsWrite: true, isScreenOnly: true },
  { id: 'weeks', label: 'Weeks' },
  { id: 'annotations', label: 'Annotations' },
  { id: 'data', label: 'Data' },
  { id: 'config', label: 'Config' },
  { id: 'settings', label: 'Settings', needsWrite: true },
] as const;

/** One deck: this week's anomalies to review, publishing, the published weeks as they were, and the data and config behind them. */
export function WbrDeckPage({ membership, deckId }: { membership: Membership; deckId: string }) {
  const orgId = membership.org.id;
  const data = useResource<DeckPageData>(async (signal) => {
    const [{ deck }, { people }] = await Promise.all([api<{ deck: WbrDeck }>('GET', `/orgs/${orgId}/wbr/decks/${deckId}`, undefined, { signal }), api<{ people: PersonSummary[] }>('GET', `/orgs/${orgId}/people`, undefined, { signal })]);
    return { deck, people };
  }, `${orgId}/${deckId}`);
  const loaded = data.data;

  return (
    <Page
      title={loaded?.deck.name ?? 'Deck'}
      context={membership.org.name}
      actions={
        <Link className="back-link" to={`/o/${orgId}/wbr`}>
          ← Business review
        </Link>
      }
      lead={loaded && <DeckSummary deck={loaded.deck} />}
    >
      {data.isLoading && !loaded && <LoadingNote label="Loading the deck…" />}
      {data.error && <ErrorNote message={data.error} onRetry={data.reload} />}
      {loaded && (
        <DeckParts
          membership={membership}
          deck={loaded.deck}
          people={loaded.people}
          // Writes answer with the deck as it now is, so the page takes it instead of asking again.
          onDeckChange={(update) => data.setData((current) => ({ ...(current ?? loaded), deck: update((current ?? loaded).deck) }))}
          onReload={data.reload}
        />
      )}
    </Page>
  );
}

interface DeckPartsProps {
  membership: Membership;
  deck: WbrDeck;
  people: PersonSummary[];
  onDeckChange(update: (current: WbrDeck) => WbrDeck): void;
  onReload(): void;
}

function DeckParts({ membership, deck, people, onDeckChange, onReload }: DeckPartsProps) {
  const orgId = membership.org.id;
  const canWrite = hasPermission(membership, 'wbr.write');
  const canManage = hasPermission(membership, 'wbr.manage');
  const canRefreshFromSales = canWrite && hasPermission(membership, 'sales.read') && readsSalesPipeline(deck);
  const { path, search } = useLocation();
  const week = search.get('week');
  const { state } = useSession();
  const viewerUserId = state.status === 'signed-in' ? state.session.user.id : undefined;
  const viewerPersonId = people.find((person) => person.userId !== null && person.userId === viewerUserId)?.id;
  const replaceDeck = (saved: WbrDeck) => onDeckChange(() => saved);
  // A week's link reads its latest version; a superseded version is named by its number.
  const weekHref = (weekEnding: string, version?: number) => `${path}?week=${weekEnding}${version === undefined ? '' : `&version=${version}`}`;
  /** After a week is published or corrected: the deck is read again (its anomalies change) and the week is shown. */
  const showWeek = (snapshot: { weekEnding: string }) => {
    onReload();
    navigate(weekHref(snapshot.weekEnding));
  };
  // A deck without data has nothing to review or publish yet: uploading it is the next step, so it comes first. The
  // order is settled when the page opens: moving the section under the reader's hands once the data arrives took
  // away the upload's message and the keyboard focus.
  const [isDataFirst] = useState(deck.data === null);
  const parts = isDataFirst ? [...PARTS.filter((part) => part.id === 'data'), ...PARTS.filter((part) => part.id !== 'data')] : PARTS;
  const dataPart = (
    <section key="data" id="data" className="wbr-part wbr-narrow" aria-labelledby="data-heading">
      <h2 id="data-heading" className="section-title">
        Data
      </h2>
      <DataFacts deck={deck} />
      {canWrite && <DataUploadForm orgId={orgId} deck={deck} onSaved={replaceDeck} />}
      {canRefreshFromSales && <RefreshFromSales orgId={orgId} deck={deck} onSaved={replaceDeck} />}
      {canWrite && deck.dataSources.some((source) => source.kind === 'query') && (
        <>
          <RefreshFromDatabase orgId={orgId} deck={deck} onSaved={replaceDeck} />
          <RefreshSchedule orgId={orgId} deck={deck} onSaved={replaceDeck} />
        </>
      )}
    </section>
  );

  return (
    <div className="wbr-deck">
      <nav className="wbr-parts" aria-label="Parts of the deck page">
        <ul>
          {parts.filter((part) => !('needsWrite' in part) || canWrite).map((part) => (
            <li key={part.id} className={'isScreenOnly' in part ? 'no-print' : undefined}>
              <a href={`#${part.id}`}>{part.label}</a>
            </li>
          ))}
        </ul>
      </nav>

      {isDataFirst && dataPart}

      <section id="review" className="wbr-part" aria-labelledby="review-heading">
        <h2 id="review-heading" className="section-title">
          This week’s review{deck.anomalies.length > 0 ? ` (${deck.anomalies.length})` : ''}
        </h2>
        <p className="section-lead">
          The anomalies not resolved yet, oldest first. Each has an owner, who writes down the root cause once it is understood: <strong>explained</strong> means the cause is known and the metric
          is still watched, <strong>resolved</strong> means it is back in control and off the agenda. Until then it comes back every week.
        </p>
        <AnomalyReview orgId={orgId} anomalies={deck.anomalies} people={people} viewer={{ role: membership.role, personId: viewerPersonId ?? null }} deckOwnerPersonId={deck.owner?.id ?? null} deckMetrics={new Set(deck.metrics.map((metric) => metric.name))} onSaved={(saved) => onDeckChange((current) => withSavedAnomaly(current, saved))} />
        <WithdrawnAnomalies anomalies={deck.withdrawnAnomalies} weekHref={weekHref} />
      </section>

      {canWrite && (
        <section id="publish" className="wbr-part wbr-narrow no-print" aria-labelledby="publish-heading">
          <h2 id="publish-heading" className="section-title">
            Publish a week
          </h2>
          <PublishForm
            key={deck.nextWeekEnding ?? ''}
            orgId={orgId}
            deck={deck}
            // The new week brings its anomalies to the review; it is shown under Weeks, and its link can be shared.
            onPublished={showWeek}
          />
        </section>
      )}

      <section id="weeks" className="wbr-part" aria-labelledby="weeks-heading">
        <h2 id="weeks-heading" className="section-title">
          Weeks
        </h2>
        {/* Anyone who reads the deck may preview a week: nothing is kept. Keyed so a new upload resets the default week. */}
        <div className="wbr-preview-week no-print">
          <PreviewWeek key={deck.previewWeekEnding ?? ''} orgId={orgId} deck={deck} />
        </div>
        <Weeks
          orgId={orgId}
          deck={deck}
          week={week}
          version={search.get('version')}
          weekHref={weekHref}
          canCorrect={canWrite && mayCorrectWeek({ role: membership.role, personId: viewerPersonId ?? null }, { ownerPersonId: deck.owner?.id ?? null })}
          onCorrected={showWeek}
        />
      </section>

      <section id="annotations" className="wbr-part wbr-narrow" aria-labelledby="annotations-heading">
        <h2 id="annotations-heading" className="section-title">
          Annotations
        </h2>
        <Annotations orgId={orgId} deck={deck} canWrite={canWrite} />
      </section>

      {!isDataFirst && dataPart}

      <section id="config" className="wbr-part wbr-narrow" aria-labelledby="config-heading">
        <h2 id="config-heading" className="section-title">
          Config
        </h2>
        <ConfigForm orgId={orgId} deck={deck} canWrite={canWrite} onSaved={replaceDeck} />
        <h3 className="wbr-subtitle">Metrics</h3>
        <DeckMetrics orgId={orgId} deck={deck} canWrite={canWrite} viewer={{ role: membership.role, personId: viewerPersonId ?? null }} onSaved={replaceDeck} />
      </section>

      {canWrite && (
        <section id="settings" className="wbr-part wbr-narrow" aria-labelledby="settings-heading">
          <h2 id="settings-heading" className="section-title">
            Deck settings
          </h2>
          <p className="section-lead">The owner answers for the deck and chairs its review; an anomaly on a metric the catalog does not know goes to them.</p>
          <DeckDetailsForm orgId={orgId} deck={deck} people={people} canHandOver={mayHandOverDeck({ role: membership.role, personId: viewerPersonId ?? null }, { ownerPersonId: deck.owner?.id ?? null })} onSaved={replaceDeck} />
          {canManage && (
            <div className="wbr-delete">
              <p className="section-lead">Delete a deck nobody reviews any more: its data, published weeks and anomalies go with it.</p>
              <DeleteDeck orgId={orgId} deck={deck} onDeleted={() => navigate(`/o/${orgId}/wbr`)} />
            </div>
          )}
        </section>
      )}
    </div>
  );
}

function DeckSummary({ deck }: { deck: WbrDeck }) {
  return (
    <dl className="wbr-summary">
      <div>
        <dt>Owner</dt>
        <dd>{deck.owner?.name ?? 'nobody'}</dd>
      </div>
      <div>
        <dt>Data</dt>
        <dd>{deck.data ? formatDataSpan(deck.data) : 'none yet'}</dd>
      </div>
      <div>
        <dt>Latest published week</dt>
        <dd>{deck.latestWeekEnding ? formatWeek(deck.latestWeekEnding) : 'none yet'}</dd>
      </div>
      <div>
        <dt>Unresolved anomalies</dt>
        <dd>{deck.unresolvedAnomalies}</dd>
      </div>
    </dl>
  );
}
