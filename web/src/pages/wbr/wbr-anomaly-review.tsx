import { useState } from 'react';
import { Button } from '../../components/button.js';
import { FormMessage, SelectField, TextAreaField } from '../../components/field.js';
import { api } from '../../lib/api-client.js';
import { isStaleWriteRefusal } from '../../lib/stale-draft.js';
import { formatDateTime } from '../../lib/format.js';
import { Link } from '../../lib/router.js';
import { useApiForm } from '../../lib/use-api-form.js';
import type { PersonSummary } from '../people/people-types.js';
import type { Role } from '../../../../src/domain/accounts/roles.js';
import { mayChangeAnomaly, mayHandOnAnomaly, mayResolveAnomaly } from '../../../../src/domain/wbr-review/review-rules.js';
import { anomaliesOwnedBy, anomalyChanges, anomalyFormValues, anomalyHistory, catalogMetricPath, describeSignal, formatWeek, mergeAnomalyDraft, ownerOptions, placeWbrError, STATUS_LABELS, type AnomalyFormValues } from './wbr-format.js';
import type { WbrAnomaly, WbrAnomalyStatus } from './wbr-types.js';

const ANOMALY_FIELDS = ['ownerPersonId', 'status', 'rootCause'] as const;
const STATUS_OPTIONS = (['open', 'explained', 'resolved'] as const).map((status) => ({ value: status, label: STATUS_LABELS[status] }));

export function AnomalyStatusBadge({ status }: { status: WbrAnomalyStatus }) {
  return <span className={`wbr-status wbr-status--${status}`}>{STATUS_LABELS[status]}</span>;
}

interface AnomalyReviewProps {
  orgId: string;
  anomalies: WbrAnomaly[];
  people: PersonSummary[];
  /** The viewer's role and person record: the review rules (the same the server applies) say what they may change. */
  viewer: { role: Role; personId: string | null };
  /** The deck's owner chairs its review: they may explain its anomalies, and hand out those nobody answers. */
  deckOwnerPersonId: string | null;
  /** The metrics of the deck's config now: an anomaly on another one outlived a rename or a removal. */
  deckMetrics: ReadonlySet<string>;
  onSaved(anomaly: WbrAnomaly): void;
}

/** This week's agenda: every unresolved anomaly of the deck, oldest first, each with its owner, status and root cause. */
export function AnomalyReview({ orgId, anomalies, people, viewer, deckOwnerPersonId, deckMetrics, onSaved }: AnomalyReviewProps) {
  const [resolvedNote, setResolvedNote] = useState<string | undefined>();
  // On a phone each card fills the screen: the viewer's own items are named first, each a link to its card.
  const yours = anomaliesOwnedBy(anomalies, viewer.personId);
  const answererOf = (anomaly: WbrAnomaly) => ({ ownerPersonId: anomaly.owner?.id ?? null, ownerHasLeft: anomaly.owner?.leftOn != null, deckOwnerPersonId });
  return (
    <div className="stack">
      <FormMessage tone="success" message={resolvedNote} />
      {yours.length > 0 && (
        <p className="wbr-yours" role="note">
          <strong>{yours.length === anomalies.length ? (yours.length === 1 ? 'It is yours to answer' : 'All are yours to answer') : `Yours to answer (${yours.length} of ${anomalies.length})`}:</strong>{' '}
          {yours.map((anomaly, index) => (
            <span key={anomaly.id}>
              {index > 0 && ', '}
              <a href={`#anomaly-${anomaly.id}`}>{anomaly.metric}</a>
            </span>
          ))}
        </p>
      )}
      {anomalies.length === 0 ? (
        <p className="section-lead">Nothing to review: no signal is waiting for an owner or a root cause.</p>
      ) : (
        <ol className="wbr-anomalies">
          {anomalies.map((anomaly) => (
            <li key={anomaly.id}>
              <AnomalyCard
                orgId={orgId}
                anomaly={anomaly}
                isInConfig={deckMetrics.has(anomaly.metric)}
                people={people}
                canChange={mayChangeAnomaly(viewer, answererOf(anomaly))}
                canResolve={mayResolveAnomaly(viewer, answererOf(anomaly))}
                canHandOn={mayHandOnAnomaly(viewer, answererOf(anomaly))}
                onSaved={(saved) => {
                  setResolvedNote(saved.status === 'resolved' ? `${saved.metric} is resolved and leaves the review.` : undefined);
                  onSaved(saved);
                }}
              />
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

function AnomalyCard({ orgId, anomaly, isInConfig, people, canChange, canResolve, canHandOn, onSaved }: { orgId: string; anomaly: WbrAnomaly; isInConfig: boolean; people: PersonSummary[]; canChange: boolean; canResolve: boolean; canHandOn: boolean; onSaved(anomaly: WbrAnomaly): void }) {
  const [values, setValues] = useState<AnomalyFormValues>(() => anomalyFormValues(anomaly));
  // The anomaly as this form read it: a change saved by someone else meanwhile refuses the save instead of being lost.
  const [baseUpdatedAt, setBaseUpdatedAt] = useState(anomaly.updatedAt);
  const [savedNote, setSavedNote] = useState<string | undefined>();
  // Someone else's save that refused this one: what it says now, shown beside the reviewer's own text, kept.
  const [newerNote, setNewerNote] = useState<string | undefined>();
  const form = useApiForm(ANOMALY_FIELDS, placeWbrError);
  const set = <K extends keyof AnomalyFormValues>(key: K) => (value: AnomalyFormValues[K]) => {
    setSavedNote(undefined);
    setValues((current) => ({ ...current, [key]: value }));
  };
  const changes = anomalyChanges(anomaly, values);
  const signal = describeSignal(anomaly.rule, anomaly.direction);
  const headingId = `anomaly-${anomaly.id}`;
  const history = anomalyHistory(anomaly);

  return (
    <article className={`wbr-anomaly${anomaly.carriedOver ? ' wbr-anomaly--carried' : ''}`} aria-labelledby={headingId}>
      <header className="wbr-anomaly__header">
        <h3 id={headingId} className="wbr-anomaly__title">
          {anomaly.metric}: {signal.charAt(0).toLowerCase() + signal.slice(1)}
        </h3>
        <AnomalyStatusBadge status={anomaly.status} />
      </header>
      <p className="wbr-anomaly__meta">
        <span className={anomaly.carriedOver ? 'wbr-carried' : undefined}>{history.since}</span>
        {history.seen && <span>{history.seen}</span>}
        <span>
          {anomaly.catalogMetric ? (
            <>
              In the catalog as <Link to={catalogMetricPath(orgId, anomaly.catalogMetric.id)}>{anomaly.catalogMetric.name}</Link>
            </>
          ) : (
            'Not in the metric catalog'
          )}
        </span>
      </p>
      {!isInConfig && (
        // No later week can add to it or show it: it waits only for its owner's answer.
        <p className="form__note">This metric is no longer in the deck’s config, so no later week will signal it again: resolve it once its cause is settled.</p>
      )}
      {!canChange ? (
        <ReadOnlyAnswer anomaly={anomaly} />
      ) : (
        <form
          className="form"
          noValidate
          aria-label={`Review ${anomaly.metric}`}
          onSubmit={form.handleSubmit(async () => {
            setNewerNote(undefined);
            try {
              const { anomaly: saved } = await api<{ anomaly: WbrAnomaly }>('PATCH', `/orgs/${orgId}/wbr/anomalies/${anomaly.id}`, { ...changes, baseUpdatedAt });
              setValues(anomalyFormValues(saved));
              setBaseUpdatedAt(saved.updatedAt);
              setSavedNote('Saved.');
              onSaved(saved);
            } catch (error) {
              if (!isStaleWriteRefusal(error, 'baseUpdatedAt')) throw error;
              // Someone saved it meanwhile (or a new week added to it). Reloading the page would throw away what the
              // reviewer wrote: the anomaly as it now is is read instead, their changes kept over it, and saving again applies them.
              const { anomalies } = await api<{ anomalies: WbrAnomaly[] }>('GET', `/orgs/${orgId}/wbr/anomalies?${new URLSearchParams({ deckId: anomaly.deck.id }).toString()}`);
              const latest = anomalies.find((candidate) => candidate.id === anomaly.id);
              if (latest === undefined) throw error;
              setValues(mergeAnomalyDraft(anomaly, latest, values));
              setBaseUpdatedAt(latest.updatedAt);
              setNewerNote(newerAnomalyNote(latest));
              onSaved(latest);
            }
          })}
        >
          <FormMessage message={form.formError} />
          <FormMessage message={newerNote} />
          <div className="wbr-anomaly__fields">
            <SelectField
              label="Owner"
              name="ownerPersonId"
              value={values.ownerPersonId}
              // Handing it on is its owner's call too (mayHandOnAnomaly, the server's rule): the deck's owner is offered nobody else.
              options={canHandOn ? ownerOptions(people, anomaly.owner, anomaly.owner ? undefined : 'Nobody yet') : ownerOptions([], anomaly.owner)}
              hint={canHandOn ? undefined : `Only ${anomaly.owner?.name ?? 'its owner'} or an admin can hand it to someone else.`}
              onChange={set('ownerPersonId')}
              error={form.errorFor('ownerPersonId')}
            />
            <SelectField
              label="Status"
              name="status"
              value={values.status}
              // Resolving is its owner's answer (mayResolveAnomaly, the server's rule): the deck's owner may explain it, not close it.
              options={canResolve || anomaly.status === 'resolved' ? STATUS_OPTIONS : STATUS_OPTIONS.filter((option) => option.value !== 'resolved')}
              hint={canResolve ? undefined : `Only ${anomaly.owner?.name ?? 'its owner'} or an admin can resolve it.`}
              onChange={(value) => set('status')(value as WbrAnomalyStatus)}
              error={form.errorFor('status')}
            />
            <TextAreaField
              label="Root cause"
              name="rootCause"
              rows={2}
              placeholder="What caused it, and what is being done about it"
              value={values.rootCause}
              onChange={(event) => set('rootCause')(event.target.value)}
              error={form.errorFor('rootCause')}
            />
          </div>
          <div className="form__row">
            <Button type="submit" size="small" variant="primary" isBusy={form.isPending} disabled={Object.keys(changes).length === 0}>
              Save
            </Button>
            <FormMessage tone="success" message={savedNote} />
          </div>
        </form>
      )}
    </article>
  );
}

/**
 * The answer to an anomaly the viewer may not change (mayChangeAnomaly, the server's rule), as text: disabled fields
 * read as a form that does not work, and on a phone three of them fill the screen for each card someone else answers.
 */
function ReadOnlyAnswer({ anomaly }: { anomaly: WbrAnomaly }) {
  return (
    <>
      <dl className="wbr-facts wbr-anomaly__answer">
        <dt>Owner</dt>
        <dd>{anomaly.owner ? `${anomaly.owner.name}${anomaly.owner.leftOn === null ? '' : ' (has left)'}` : 'Nobody yet'}</dd>
        <dt>Status</dt>
        <dd>{STATUS_LABELS[anomaly.status]}</dd>
        <dt>Root cause</dt>
        <dd className={anomaly.rootCause === '' ? 'table__muted' : 'wbr-anomaly__cause'}>{anomaly.rootCause === '' ? 'Not written yet' : anomaly.rootCause}</dd>
      </dl>
      <p className="form__note">{anomaly.owner ? `Only ${anomaly.owner.name}, the deck's owner or an admin can change this anomaly.` : 'Nobody owns it yet: an admin or a member can take it.'}</p>
    </>
  );
}

/**
 * The anomalies corrections withdrew: the corrected week no longer shows their signal (it came from the data that was
 * corrected), so they are off the agenda. Each says who corrected which version of the week and why, and keeps what
 * its owner wrote, readable.
 */
export function WithdrawnAnomalies({ anomalies, weekHref }: { anomalies: WbrAnomaly[]; weekHref(weekEnding: string, version: number): string }) {
  if (anomalies.length === 0) return null;
  return (
    <section className="stack" aria-labelledby="withdrawn-heading">
      <h3 id="withdrawn-heading" className="wbr-withdrawn__heading">Withdrawn by a correction ({anomalies.length})</h3>
      <p className="section-lead">A correction of the week that raised them no longer shows their signal: they are off the agenda, with what their owner wrote kept. A later correction that shows the signal again brings them back.</p>
      <ul className="wbr-anomalies">
        {anomalies.map((anomaly) => {
          const withdrawn = anomaly.withdrawn;
          if (withdrawn === null) return null;
          const signal = describeSignal(anomaly.rule, anomaly.direction);
          return (
            <li key={anomaly.id}>
              <article className="wbr-anomaly wbr-anomaly--withdrawn" aria-label={`${anomaly.metric}, withdrawn`}>
                <header className="wbr-anomaly__header">
                  <h4 className="wbr-anomaly__title">
                    {anomaly.metric}: {signal.charAt(0).toLowerCase() + signal.slice(1)}
                  </h4>
                  <span className="wbr-status wbr-status--withdrawn">Withdrawn</span>
                </header>
                <p className="wbr-anomaly__meta">
                  <span>
                    Withdrawn by <Link to={weekHref(withdrawn.weekEnding, withdrawn.version)}>version {withdrawn.version} of the week ending {formatWeek(withdrawn.weekEnding)}</Link>, corrected {formatDateTime(withdrawn.at)}
                    {withdrawn.by ? ` by ${withdrawn.by.name}` : ''}: {withdrawn.reason}
                  </span>
                </p>
                <p className="wbr-anomaly__meta">
                  {/* The owner's answer as they left it: the status is theirs, not the correction's. */}
                  <span>Owner: {anomaly.owner?.name ?? 'nobody'}</span>
                  <span>Status kept: {STATUS_LABELS[anomaly.status]}</span>
                </p>
                <p className="wbr-withdrawn__cause">{anomaly.rootCause === '' ? 'No root cause was written.' : `Root cause: ${anomaly.rootCause}`}</p>
              </article>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/** What a colleague's save made of the anomaly, for the reviewer whose own save it refused. */
function newerAnomalyNote(latest: WbrAnomaly): string {
  const cause = latest.rootCause === '' ? 'no root cause yet' : `root cause “${latest.rootCause}”`;
  return `Someone saved this anomaly while you were writing. It now reads: ${STATUS_LABELS[latest.status].toLowerCase()}, owned by ${latest.owner?.name ?? 'nobody'}, ${cause}. Your changes are kept below: check them and save again.`;
}
