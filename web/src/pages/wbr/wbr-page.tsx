import { useState } from 'react';
import { Button } from '../../components/button.js';
import { DataTable } from '../../components/data-table.js';
import { FormMessage, SelectField, TextField } from '../../components/field.js';
import { EmptyState, ErrorNote, LoadingNote, Page } from '../../components/page.js';
import { Panel } from '../../components/panel.js';
import { api } from '../../lib/api-client.js';
import type { Membership } from '../../lib/api-types.js';
import { Link, navigate } from '../../lib/router.js';
import { useSession } from '../../lib/session.js';
import { useApiForm } from '../../lib/use-api-form.js';
import { useResource } from '../../lib/use-resource.js';
import { hasPermission } from '../../shell/sections.js';
import type { PersonSummary } from '../people/people-types.js';
import { ConfigField } from './wbr-config-field.js';
import { AnomalyStatusBadge } from './wbr-anomaly-review.js';
import { anomaliesQuery, describeSignal, formatDataSpan, formatWeek, newDeckBody, ownerOptions, placeWbrError } from './wbr-format.js';
import { ReviewSalesPipeline } from './wbr-sales-deck.js';
import type { WbrAnomaly, WbrDeck, WbrDeckSummary } from './wbr-types.js';
import './wbr.css';

const NEW_DECK_FIELDS = ['name', 'ownerPersonId', 'config'] as const;

interface DeckListData {
  decks: WbrDeckSummary[];
  people: PersonSummary[];
}

/** The weekly business review: the org's decks, a new one, and every anomaly still waiting for its owner. */
export function WbrPage({ membership }: { membership: Membership }) {
  const orgId = membership.org.id;
  const canWrite = hasPermission(membership, 'wbr.write');
  // The sales deck is made of the pipeline's data, so it needs the right to read sales too (recruiters have neither).
  const canReviewSales = canWrite && hasPermission(membership, 'sales.read');
  const data = useResource<DeckListData>(async (signal) => {
    const [{ decks }, { people }] = await Promise.all([api<{ decks: WbrDeckSummary[] }>('GET', `/orgs/${orgId}/wbr/decks`, undefined, { signal }), api<{ people: PersonSummary[] }>('GET', `/orgs/${orgId}/people`, undefined, { signal })]);
    return { decks, people };
  }, orgId);
  const { state } = useSession();
  const viewerUserId = state.status === 'signed-in' ? state.session.user.id : undefined;
  const viewerPerson = data.data?.people.find((person) => person.userId !== null && person.userId === viewerUserId);
  const hasDecks = (data.data?.decks.length ?? 0) > 0;

  return (
    <Page
      title="Business review"
      context={membership.org.name}
      lead={<p>Each deck is a weekly business review: the same controllable inputs, every week, six weeks beside twelve months. Publish the week before the meeting; what the room saw is kept as it was.</p>}
      actions={
        canWrite && (
          <div className="wbr-actions">
            {canReviewSales && <ReviewSalesPipeline orgId={orgId} />}
            {hasDecks && (
              // The form sits under the list; this takes the caret there, so starting a deck never means scrolling.
              <Button size="small" variant="primary" onClick={() => document.querySelector<HTMLInputElement>('form[aria-label="New deck"] input[name="name"]')?.focus()}>
                New deck
              </Button>
            )}
          </div>
        )
      }
    >
      {data.isLoading && !data.data && <LoadingNote label="Loading the decks…" />}
      {data.error && <ErrorNote message={data.error} onRetry={data.reload} />}
      {data.data && (
        <div className="wbr-list">
          {hasDecks ? (
            <section aria-labelledby="decks-heading">
              <h2 id="decks-heading" className="section-title">
                {data.data.decks.length === 1 ? '1 deck' : `${data.data.decks.length} decks`}
              </h2>
              <DeckTable orgId={orgId} decks={data.data.decks} />
            </section>
          ) : (
            <WbrEmptyState orgId={orgId} canWrite={canWrite} />
          )}
          {hasDecks && <OrgAnomalies orgId={orgId} people={data.data.people} viewerPerson={viewerPerson} />}
          {canWrite && (
            // Under the agenda: a deck is started once, the anomalies are read every week.
            <div className="wbr-narrow wbr-new-deck">
              <Panel headingId="new-deck-heading" title="New deck" isNewItemForm>
                <NewDeckForm key={viewerPerson?.id ?? ''} orgId={orgId} people={data.data.people} defaultOwnerId={viewerPerson?.id} />
              </Panel>
            </div>
          )}
        </div>
      )}
    </Page>
  );
}

function WbrEmptyState({ orgId, canWrite }: { orgId: string; canWrite: boolean }) {
  return (
    <EmptyState title="No business review decks yet">
      <p>
        A weekly business review is an hour in which the team reads the same numbers, in the same order, every week, and asks what moved and why. Review the <strong>controllable inputs</strong> — what
        the team does that leads to results, like how fast an order is picked — beside the outputs they move. An input nobody can act on this week starts a discussion, not a decision. The{' '}
        <Link to={`/o/${orgId}/metrics`}>metric catalog</Link> says which is which.
      </p>
      <p>
        Each week you <strong>publish</strong> is kept exactly as it was shown. New data or a changed config never rewrites a deck people have already reviewed, so the record of what the room saw stays
        true.
      </p>
      <p>
        Pulse watches every metric against its usual week-to-week variation. A week outside it becomes an <strong>anomaly</strong>: it gets an owner, then a root cause, and it stays on the agenda, week after
        week, until it is resolved.
      </p>
      <p>
        {canWrite
          ? 'Create the first deck below from a config in the WBR App’s YAML format (or start from the example), then upload a CSV of daily or weekly data and publish the week.'
          : 'Admins and members create decks; once they do, they appear here.'}
      </p>
    </EmptyState>
  );
}

function DeckTable({ orgId, decks }: { orgId: string; decks: WbrDeckSummary[] }) {
  return (
    <DataTable stacksOnPhones columns={['Deck', 'Owner', 'Data', 'Latest published week', 'Unresolved anomalies']}>
      {decks.map((deck) => (
        <tr key={deck.id}>
          <td>
            <Link to={`/o/${orgId}/wbr/${deck.id}`}>{deck.name}</Link>
          </td>
          <td data-label="Owner">{deck.owner?.name ?? <span className="table__muted">nobody</span>}</td>
          <td data-label="Data">{deck.data ? formatDataSpan(deck.data) : <span className="table__muted">no data yet</span>}</td>
          <td className="table__nowrap" data-label="Latest published week">{deck.latestWeekEnding ? formatWeek(deck.latestWeekEnding) : <span className="table__muted">none yet</span>}</td>
          <td className="wbr-count" data-label="Unresolved anomalies">{deck.unresolvedAnomalies === 0 ? <span className="table__muted">0</span> : <strong>{deck.unresolvedAnomalies}</strong>}</td>
        </tr>
      ))}
    </DataTable>
  );
}

/** Creates a deck from a name, an owner and its config; the server checks the config and names the line it stops at. */
function NewDeckForm({ orgId, people, defaultOwnerId }: { orgId: string; people: PersonSummary[]; defaultOwnerId: string | undefined }) {
  const [name, setName] = useState('');
  // Starts at the viewer's own person (the server's default too); empty means "Nobody yet".
  const [ownerPersonId, setOwner] = useState(defaultOwnerId ?? '');
  const [config, setConfig] = useState('');
  const form = useApiForm(NEW_DECK_FIELDS, placeWbrError);
  const hasPeople = people.length > 0;
  return (
    <form
      className="form"
      noValidate
      aria-label="New deck"
      onSubmit={form.handleSubmit(async () => {
        const { deck } = await api<{ deck: WbrDeck }>('POST', `/orgs/${orgId}/wbr/decks`, newDeckBody({ name, config, ownerPersonId }));
        navigate(`/o/${orgId}/wbr/${deck.id}`);
      })}
    >
      <FormMessage message={form.formError} />
      <div className="form form--inline">
        <TextField label="Name" name="name" value={name} placeholder="Fulfilment WBR" onChange={(event) => setName(event.target.value)} error={form.errorFor('name')} />
        {hasPeople && (
          <SelectField label="Owner" name="ownerPersonId" value={ownerPersonId} options={ownerOptions(people, null, 'Nobody yet')} onChange={setOwner} error={form.errorFor('ownerPersonId')} hint="Answers for the deck and chairs its review." />
        )}
      </div>
      {!hasPeople && (
        // A deck is owned by a person of the org chart, not by a login; a new org has nobody on it yet.
        <p className="form__note">
          The org has nobody on its chart yet, so the deck starts without an owner; its anomalies then go to whoever takes them. Add people on the <Link to={`/o/${orgId}/people`}>People</Link> page to give it one.
        </p>
      )}
      <ConfigField value={config} onChange={setConfig} error={form.errorFor('config')} offerExample />
      <div className="form__row">
        <Button type="submit" variant="primary" isBusy={form.isPending}>
          Create deck
        </Button>
      </div>
    </form>
  );
}

/** Every unresolved anomaly in the org, oldest first: the agenda across decks, or only the viewer's part of it. */
function OrgAnomalies({ orgId, people, viewerPerson }: { orgId: string; people: PersonSummary[]; viewerPerson: PersonSummary | undefined }) {
  const [ownerPersonId, setOwnerPersonId] = useState('');
  const query = anomaliesQuery({ ownerPersonId });
  const anomalies = useResource((signal) => api<{ anomalies: WbrAnomaly[] }>('GET', `/orgs/${orgId}/wbr/anomalies${query}`, undefined, { signal }), `${orgId}${query}`);
  const others = people.filter((person) => person.id !== viewerPerson?.id);
  const ownerChoices = [{ value: '', label: 'Anyone' }, ...(viewerPerson ? [{ value: viewerPerson.id, label: `Mine (${viewerPerson.name})` }] : []), ...ownerOptions(others, null)];
  const list = anomalies.data?.anomalies;
  const isMine = viewerPerson !== undefined && ownerPersonId === viewerPerson.id;

  return (
    <section aria-labelledby="org-anomalies-heading">
      <h2 id="org-anomalies-heading" className="section-title">
        Unresolved anomalies{list ? ` (${list.length})` : ''}
      </h2>
      <p className="section-lead">Signals the decks raised that are not resolved yet. Each stays on its deck’s review until its owner resolves it with a root cause.</p>
      <form className="form form--inline" aria-label="Filter the anomalies" onSubmit={(event) => event.preventDefault()}>
        <SelectField label="Owned by" name="filter-owner" value={ownerPersonId} options={ownerChoices} onChange={setOwnerPersonId} />
      </form>
      {anomalies.isLoading && !anomalies.data && <LoadingNote label="Loading the anomalies…" />}
      {anomalies.error && <ErrorNote message={anomalies.error} onRetry={anomalies.reload} />}
      {list &&
        (list.length === 0 ? (
          <p className="section-lead">{ownerPersonId === '' ? 'None: every signal so far has been resolved.' : isMine ? 'None of them is yours.' : 'None of them is theirs.'}</p>
        ) : (
          // On a phone each anomaly is a block: its owner, status and root cause stay in sight, not off to the side.
          <DataTable stacksOnPhones columns={['Metric', 'Signal', 'First signalled', 'Owner', 'Status', 'Root cause']}>
            {list.map((anomaly) => (
              <tr key={anomaly.id}>
                <td className="wbr-anomaly-metric">
                  <strong>{anomaly.metric}</strong>
                  <span className="wbr-cell-note">
                    in <Link to={`/o/${orgId}/wbr/${anomaly.deck.id}`}>{anomaly.deck.name}</Link>
                  </span>
                </td>
                <td className="wbr-anomaly-signal" data-label="Signal">{describeSignal(anomaly.rule, anomaly.direction)}</td>
                <td className="table__nowrap" data-label="First signalled">{formatWeek(anomaly.firstWeekEnding)}</td>
                <td data-label="Owner">{anomaly.owner?.name ?? <span className="table__muted">nobody yet</span>}</td>
                <td data-label="Status">
                  <AnomalyStatusBadge status={anomaly.status} />
                </td>
                <td className="wbr-root-cause" data-label="Root cause">{anomaly.rootCause || <span className="table__muted">not known yet</span>}</td>
              </tr>
            ))}
          </DataTable>
        ))}
    </section>
  );
}
