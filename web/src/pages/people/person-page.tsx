import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Button } from '../../components/button.js';
import { FormActions } from '../../components/form-actions.js';
import { ConfirmDialog } from '../../components/confirm-dialog.js';
import { DataTable } from '../../components/data-table.js';
import { FormMessage, SelectField, TextAreaField, TextField } from '../../components/field.js';
import { ErrorNote, LoadingNote, Page, pageHeading } from '../../components/page.js';
import { api, isApiError, messageOf } from '../../lib/api-client.js';
import type { Membership, Principle } from '../../lib/api-types.js';
import { formatDate, formatDay, localDayValue } from '../../lib/format.js';
import { Link } from '../../lib/router.js';
import { useApiForm } from '../../lib/use-api-form.js';
import { useSession } from '../../lib/session.js';
import { isStaleWriteRefusal } from '../../lib/stale-draft.js';
import { useDraftOverNewer, useSubmitOverNewer } from '../../lib/use-draft-over-newer.js';
import { useResource } from '../../lib/use-resource.js';
import { hasPermission } from '../../shell/sections.js';
import { deletedCitationId, deletedCitationRefusal, evidenceErrorPlacement, evidenceHint, newerPersonNote, peopleBelow, personFormChanges, personFormValues, personOptions, PROMOTION_RULES, RATING_OPTIONS, staleRemovalNote, type Evidence, type Initiative, type Person, type PersonReview, type PersonSummary, type PromotionCase, type Team } from './people-types.js';
import { Panel } from '../../components/panel.js';
import { STAGE_LABELS } from '../pipeline/pipeline-types.js';
import './people.css';

interface PersonData {
  person: Person;
  people: PersonSummary[];
  teams: Team[];
  initiatives: Initiative[];
}

/** One person: reporting lines, allocations, and their evidence ledger and promotion cases (for admins and the people above them; the person reads and adds to their own ledger). */
export function PersonPage({ membership, personId }: { membership: Membership; personId: string }) {
  const orgId = membership.org.id;
  const canManage = hasPermission(membership, 'people.manage');
  const data = useResource<PersonData>(async (signal) => {
    const [{ person }, { people }, { teams }, { initiatives }] = await Promise.all([
      api<{ person: Person }>('GET', `/orgs/${orgId}/people/${personId}`, undefined, { signal }),
      api<{ people: PersonSummary[] }>('GET', `/orgs/${orgId}/people`, undefined, { signal }),
      api<{ teams: Team[] }>('GET', `/orgs/${orgId}/teams`, undefined, { signal }),
      api<{ initiatives: Initiative[] }>('GET', `/orgs/${orgId}/initiatives`, undefined, { signal }),
    ]);
    return { person, people, teams, initiatives };
  }, `${orgId}/${personId}`);
  const [removeError, setRemoveError] = useState<string | undefined>();
  /** The allocation as read when its removal was refused as stale (or found gone): the note compares it with the reload. */
  const [staleRemoval, setStaleRemoval] = useState<{ id: string; targetName: string; percent: number } | undefined>();
  // A removed allocation's Remove button goes with its row: once the person is read again, the keyboard goes to the
  // Remove of the row that took its place (the last one, when it was last), else to the Allocations heading.
  const focusAfterRemoval = useRef<number | undefined>(undefined);
  useEffect(() => {
    const index = focusAfterRemoval.current;
    if (index === undefined || !data.data) return;
    focusAfterRemoval.current = undefined;
    const removeButtons = document.querySelectorAll<HTMLElement>('[aria-labelledby="allocations-heading"] .table button');
    (removeButtons[Math.min(index, removeButtons.length - 1)] ?? document.getElementById('allocations-heading'))?.focus();
  }, [data.data]);
  const { state } = useSession();
  const viewerUserId = state.status === 'signed-in' ? state.session.user.id : undefined;

  if (data.isLoading && !data.data) return <LoadingNote label="Loading the person…" />;
  if (data.error || !data.data) return <ErrorNote message={data.error ?? 'Not found.'} onRetry={data.reload} />;
  const { person, people } = data.data;
  const nameOf = new Map(people.map((entry) => [entry.id, entry.name]));
  const total = person.allocations.reduce((sum, allocation) => sum + allocation.percent, 0);
  const isSelf = person.userId !== null && person.userId === viewerUserId;

  const remove = async (allocation: Person['allocations'][number]) => {
    setRemoveError(undefined);
    setStaleRemoval(undefined);
    try {
      // Sent with the allocation as this page shows it: one a colleague changed meanwhile is not removed unseen.
      await api('DELETE', `/orgs/${orgId}/allocations/${allocation.id}?baseToken=${encodeURIComponent(allocation.editToken)}`);
      focusAfterRemoval.current = person.allocations.findIndex((listed) => listed.id === allocation.id);
    } catch (error) {
      if (isStaleWriteRefusal(error) || (isApiError(error) && error.status === 404)) setStaleRemoval({ id: allocation.id, targetName: allocation.targetName, percent: allocation.percent });
      else setRemoveError(messageOf(error));
    }
    data.reload();
  };

  return (
    <Page
      title={person.name}
      context={membership.org.name}
      lead={
        <p>
          {person.role} · L{person.level} · {person.email}
          {person.managerId && <> · reports to <Link to={`/o/${orgId}/people/${person.managerId}`}>{nameOf.get(person.managerId)}</Link></>}
          {person.dottedLineManagerId && <> · dotted line to {nameOf.get(person.dottedLineManagerId)}</>}
          {person.leads.map((initiative) => (
            <span key={initiative.id} className="badge">
              Leads <Link to={`/o/${orgId}/pipeline/${initiative.id}`}>{initiative.name}</Link> ({STAGE_LABELS[initiative.stage].toLowerCase()})
            </span>
          ))}
          {person.leftOn && <span className="badge">Left the company on {formatDay(person.leftOn)}</span>}
        </p>
      }
      actions={<Link to={`/o/${orgId}/people`}>All people</Link>}
    >
      <OwnedList
        headingId="metrics-owned-heading"
        title="Metrics they own"
        items={person.metricsOwned}
        item={(metric) => (
          <>
            {metric.name} <span className="table__muted">({metric.controllable ? 'controllable ' : ''}{metric.kind})</span>
          </>
        )}
      >
        {' · '}
        <Link to={`/o/${orgId}/metrics?ownerPersonId=${person.id}`}>In the catalog</Link>
      </OwnedList>
      <OwnedList
        headingId="anomalies-heading"
        title="Anomalies to answer"
        items={person.anomaliesToAnswer}
        item={(anomaly) => (
          <>
            <Link to={`/o/${orgId}/wbr/${anomaly.deckId}`}>{anomaly.metric}</Link>{' '}
            <span className="table__muted">({anomaly.status} since the week ending {formatDay(anomaly.firstWeekEnding)}, {anomaly.deckName})</span>
          </>
        )}
      />
      <OwnedList
        headingId="deals-heading"
        title="Open deals they own"
        items={person.openDeals}
        item={(deal) => (
          <>
            <Link to={`/o/${orgId}/sales/${deal.id}`}>
              {deal.accountName}: {deal.name}
            </Link>{' '}
            <span className="table__muted">({deal.stage})</span>
          </>
        )}
      />
      <section aria-labelledby="allocations-heading">
        <h2 id="allocations-heading" className="section-title" tabIndex={-1}>
          Allocations ({total}% of 100%)
        </h2>
        {person.allocations.length === 0 ? (
          <p className="section-lead">Not allocated to any team or initiative.</p>
        ) : (
          <DataTable columns={['Where', 'Percent', '']}>
            {person.allocations.map((allocation) => (
              <tr key={allocation.id}>
                <td>
                  <Link to={allocation.teamId ? `/o/${orgId}/teams/${allocation.teamId}` : `/o/${orgId}/pipeline/${allocation.initiativeId}`}>{allocation.targetName}</Link>{' '}
                  <span className="table__muted">{allocation.teamId ? 'team' : 'initiative'}</span>
                </td>
                <td>{allocation.percent}%</td>
                <td className="table__end">
                  {canManage && (
                    <Button size="small" variant="quiet" onClick={() => void remove(allocation)} aria-label={`Remove allocation to ${allocation.targetName}`}>
                      Remove
                    </Button>
                  )}
                </td>
              </tr>
            ))}
          </DataTable>
        )}
        <FormMessage message={removeError} />
        {staleRemoval && !data.isLoading && <FormMessage message={staleRemovalNote(person.name, staleRemoval, person.allocations.find((allocation) => allocation.id === staleRemoval.id))} />}
      </section>
      {canManage && person.leftOn === null && (
        <>
          <div className="two-columns">
            <EditPersonForm orgId={orgId} person={person} people={people} onSaved={data.reload} />
            <AllocationForm orgId={orgId} person={person} teams={data.data.teams} initiatives={data.data.initiatives} onSaved={data.reload} />
          </div>
          <DepartureForm orgId={orgId} person={person} people={people} onRecorded={data.reload} />
        </>
      )}
      {(hasPermission(membership, 'reviews.manage') || isSelf || peopleBelow(people, viewerUserId).some((entry) => entry.id === person.id)) && <Ledger orgId={orgId} person={person} isSelf={isSelf} />}
    </Page>
  );
}

/** What the person answers for elsewhere in the app (metrics, anomalies, deals), listed in one sentence; with none, no section. */
function OwnedList<T extends { id: string }>({ headingId, title, items, item, children }: { headingId: string; title: string; items: readonly T[]; item(entry: T): ReactNode; children?: ReactNode }) {
  if (items.length === 0) return null;
  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId} className="section-title">
        {title}
      </h2>
      <p className="section-lead">
        {items.map((entry, index) => (
          <span key={entry.id}>
            {index > 0 && ', '}
            {item(entry)}
          </span>
        ))}
        {children}
      </p>
    </section>
  );
}

const personToken = (person: Person) => person.editToken;

function EditPersonForm({ orgId, person, people, onSaved }: { orgId: string; person: Person; people: PersonSummary[]; onSaved(): void }) {
  // The person as this form last read them: its changes are worked out against it, and its token goes with a save.
  // The page reloads the person after any save on it; what was typed here and not saved stays over a newer one.
  const { read, values, setValues, newerNote, submit } = useDraftOverNewer(person, personToken, personFormValues);
  const form = useApiForm(['role', 'level', 'managerId', 'dottedLineManagerId']);
  const others = people.filter((entry) => entry.id !== person.id);
  return (
    <Panel headingId="edit-person-heading" title="Role and reporting lines">
      <form
        className="form"
        noValidate
        onSubmit={form.handleSubmit(async () => {
          await submit({
            // Refused (409) if someone changed the person since this page read them, so their change is not undone.
            save: () => api('PATCH', `/orgs/${orgId}/people/${person.id}`, { ...personFormChanges(read, values), baseToken: read.editToken }),
            readLatest: async () => (await api<{ person: Person }>('GET', `/orgs/${orgId}/people/${person.id}`)).person,
            note: (latest) => newerPersonNote(personFormValues(read), personFormValues(latest)),
          });
          onSaved();
        })}
      >
        <FormMessage message={form.formError} />
        <FormMessage message={newerNote} />
        <TextField label="Role" name="role" value={values.role} onChange={(event) => setValues({ ...values, role: event.target.value })} error={form.errorFor('role')} />
        <TextField label="Level" name="level" type="number" min={1} max={12} value={values.level} onChange={(event) => setValues({ ...values, level: event.target.value })} error={form.errorFor('level')} />
        <SelectField label="Manager" name="managerId" value={values.managerId} options={personOptions(others, 'No manager')} onChange={(value) => setValues({ ...values, managerId: value })} error={form.errorFor('managerId')} />
        <SelectField label="Dotted-line manager" name="dottedLineManagerId" value={values.dottedLineManagerId} options={personOptions(others, 'None')} onChange={(value) => setValues({ ...values, dottedLineManagerId: value })} error={form.errorFor('dottedLineManagerId')} />
        <Button type="submit" variant="primary" isBusy={form.isPending}>
          Save
        </Button>
      </form>
    </Panel>
  );
}

/** Records that the person left the company; the server refuses while they still own work (it names it). */
function DepartureForm({ orgId, person, people, onRecorded }: { orgId: string; person: Person; people: PersonSummary[]; onRecorded(): void }) {
  const [leftOn, setLeftOn] = useState(() => localDayValue(new Date()));
  const [successorId, setSuccessorId] = useState(person.managerId ?? '');
  // A departure cannot be undone: the form asks in a confirmation, which records it (and shows a refusal).
  const [isConfirming, setConfirming] = useState(false);
  const reports = people.filter((entry) => entry.managerId === person.id).length;
  return (
    <Panel headingId="departure-heading" title="Leaving the company">
      <p className="section-lead">
        Their record stays, with the day they left. {reports === 0 ? 'Nobody reports to them.' : `Their ${reports === 1 ? 'report moves' : `${reports} reports move`} to the successor.`} The
        metrics, business review decks and anomalies, and open deals they own go to the successor. Their allocations and bar-raiser seat end, and their login loses this org. An initiative they lead, a requisition they hire for or a loop they sit in must be handed over first.
      </p>
      <form
        className="form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          setConfirming(true);
        }}
      >
        <TextField label="Last day" name="leftOn" type="date" value={leftOn} onChange={(event) => setLeftOn(event.target.value)} />
        <SelectField label="Their reports report to" name="successorId" value={successorId} options={personOptions(people.filter((entry) => entry.id !== person.id), 'Nobody')} onChange={setSuccessorId} />
        <div className="departure-actions">
          <Button type="submit" variant="danger">
            Record departure
          </Button>
        </div>
      </form>
      {/* The form goes once the departure is recorded: the keyboard goes to the person's name, which now says they left. */}
      <ConfirmDialog
        title={`Record that ${person.name} left?`}
        isOpen={isConfirming}
        description={
          <p>
            <strong>This cannot be undone:</strong> {person.name} leaves the org chart on {leftOn === '' ? 'no day yet' : formatDay(leftOn)}, and their login loses this org: their API tokens here stop working and the invitations they sent that are still open are withdrawn.
          </p>
        }
        confirmLabel="Record departure"
        onConfirm={async () => {
          await api('POST', `/orgs/${orgId}/people/${person.id}/departure`, { leftOn, successorId: successorId || null });
          onRecorded();
        }}
        onClose={() => setConfirming(false)}
        focusAfterConfirm={pageHeading}
      />
    </Panel>
  );
}

function AllocationForm({ orgId, person, teams, initiatives, onSaved }: { orgId: string; person: Person; teams: Team[]; initiatives: Initiative[]; onSaved(): void }) {
  const options = [...teams.map((team) => ({ value: `team:${team.id}`, label: `Team: ${team.name}${team.isSingleThreaded ? ' (single-threaded)' : ''}` })), ...initiatives.filter((initiative) => initiative.stage !== 'killed').map((initiative) => ({ value: `initiative:${initiative.id}`, label: `Initiative: ${initiative.name}` }))];
  const [target, setTarget] = useState(options[0]?.value ?? '');
  const [percent, setPercent] = useState('100');
  const form = useApiForm(['percent']);
  const { newerNote, submit } = useSubmitOverNewer();
  if (options.length === 0) return <p className="section-lead">Create a team or an initiative to allocate people to it.</p>;
  return (
    <Panel headingId="allocate-heading" title="Allocate time">
      <form
        className="form"
        noValidate
        onSubmit={form.handleSubmit(async () => {
          const [kind, id] = target.split(':');
          // The page's reload after the save shows a colleague's allocations; the form keeps this one.
          await submit({
            // Sent with the allocations this page read: a share a colleague set meanwhile is not quietly replaced.
            save: () => api('PUT', `/orgs/${orgId}/allocations`, { personId: person.id, [kind === 'team' ? 'teamId' : 'initiativeId']: id, percent: Number(percent), baseToken: person.allocationsToken }),
            note: () => `Someone changed ${person.name}'s allocations after you opened the page: the page now shows theirs. Your allocation is kept here: save again to apply it.`,
          });
          onSaved();
        })}
      >
        <FormMessage message={form.formError} />
        <FormMessage message={newerNote} />
        <SelectField label="Team or initiative" name="target" value={target} options={options} onChange={setTarget} />
        <TextField label="Percent of their time" name="percent" type="number" min={1} max={100} value={percent} onChange={(event) => setPercent(event.target.value)} error={form.errorFor('percent')} />
        <Button type="submit" variant="primary" isBusy={form.isPending}>
          Save allocation
        </Button>
      </form>
    </Panel>
  );
}

type LedgerAnswer = { evidence: Evidence[]; promotionCases: PromotionCase[] | null; reviews: PersonReview[] };

const evidenceToken = (entry: Evidence) => entry.editToken;
const evidenceValues = (entry: Evidence) => ({ text: entry.text });

/**
 * One ledger entry. Whoever wrote it (or an admin) corrects or deletes it in place; an entry a review or promotion case
 * cites stays as they read it (the server refuses the change: evidence.cited), so it offers neither.
 */
function EvidenceRow({ ledgerPath, entry, onChanged }: { ledgerPath: string; entry: Evidence; onChanged(): void }) {
  const [isCorrecting, setCorrecting] = useState(false);
  const [isConfirmingDelete, setConfirmingDelete] = useState(false);
  // The entry as this form last read it: its token goes with the correction, so a correction saved meanwhile (by an
  // admin, or in another tab) refuses this one instead of being written over; the words typed here stay.
  const { read, values, setValues, newerNote, submit } = useDraftOverNewer(entry, evidenceToken, evidenceValues);
  const form = useApiForm(['text']);
  return (
    <tr>
      <td>{entry.principleTitle}</td>
      <td id={`evidence-${entry.id}`} data-label="Evidence">
        {isCorrecting ? (
          <form
            className="form"
            noValidate
            aria-label="Correct this entry"
            onSubmit={form.handleSubmit(async () => {
              const outcome = await submit({
                save: () => api('PATCH', `${ledgerPath}/evidence/${entry.id}`, { text: values.text, baseToken: read.editToken }),
                readLatest: async () => (await api<LedgerAnswer>('GET', ledgerPath)).evidence.find((candidate) => candidate.id === entry.id),
                note: (latest) => `Someone corrected this entry while you were writing. It now reads: “${latest.text}”. Your words are kept here: save again to put them in its place.`,
              });
              if (!outcome.isNewer) setCorrecting(false);
              onChanged();
            })}
          >
            <FormMessage message={form.formError} />
            <FormMessage message={newerNote} />
            <TextField label="Evidence" name="text" value={values.text} onChange={(event) => setValues({ text: event.target.value })} error={form.errorFor('text')} />
            <FormActions size="small" isBusy={form.isPending} onCancel={() => setCorrecting(false)}>
              Save correction
            </FormActions>
          </form>
        ) : (
          entry.text
        )}
      </td>
      <td className="table__muted" data-label="Added">
        {formatDate(entry.createdAt)}
        {entry.author && ` by ${entry.author}`}
        {/* A ledger is evidence: its reader sees that an entry no longer reads as it was first written (the audit log says by whom, and what it read before). */}
        {entry.correctedAt !== null && <div>corrected on {formatDate(entry.correctedAt)}</div>}
      </td>
      {/* Unlabelled when stacked on a phone, as in the app's other tables: its buttons say what they do. */}
      <td className="table__end">
        {entry.isCited ? (
          <span className="table__muted">Cited: kept as read</span>
        ) : (
          entry.canChange &&
          !isCorrecting && (
            <>
              <Button size="small" variant="quiet" onClick={() => setCorrecting(true)} aria-describedby={`evidence-${entry.id}`}>
                Correct
              </Button>
              <Button size="small" variant="quiet" onClick={() => setConfirmingDelete(true)} aria-describedby={`evidence-${entry.id}`}>
                Delete
              </Button>
            </>
          )
        )}
        <ConfirmDialog
          title="Delete this ledger entry?"
          isOpen={isConfirmingDelete}
          description={<p>“{entry.text}” leaves the ledger for good. An entry a review or promotion case cites cannot be deleted.</p>}
          confirmLabel="Delete entry"
          cancelLabel="Keep it"
          onConfirm={async () => {
            await api('DELETE', `${ledgerPath}/evidence/${entry.id}?baseToken=${encodeURIComponent(entry.editToken)}`);
            onChanged();
          }}
          onClose={() => setConfirmingDelete(false)}
          focusAfterConfirm={() => document.getElementById('ledger-heading')}
        />
      </td>
    </tr>
  );
}

function Ledger({ orgId, person, isSelf }: { orgId: string; person: Person; isSelf: boolean }) {
  const ledger = useResource(async (signal) => {
    const [{ evidence, promotionCases, reviews }, { principles }] = await Promise.all([
      // promotionCases is null for the person reading their own ledger: the cases about them are their reviewers'.
      api<LedgerAnswer>('GET', `/orgs/${orgId}/ledgers/${person.id}`, undefined, { signal }),
      api<{ principles: Principle[] }>('GET', `/orgs/${orgId}/principles`, undefined, { signal }),
    ]);
    return { evidence, promotionCases, reviews, principles };
  }, `${orgId}/${person.id}/ledger`);
  const [principleId, setPrincipleId] = useState('');
  const [text, setText] = useState('');
  const form = useApiForm(['principleId', 'text']);
  if (!ledger.data) return ledger.error ? <ErrorNote message={ledger.error} onRetry={ledger.reload} /> : <LoadingNote label="Loading the evidence ledger…" />;
  const principleOptions = ledger.data.principles.map((principle) => ({ value: principle.id, label: principle.title }));
  const chosen = principleId || principleOptions[0]?.value || '';
  return (
    <>
      <section aria-labelledby="ledger-heading">
        <h2 id="ledger-heading" className="section-title">
          Evidence ledger
        </h2>
        <p className="section-lead">{isSelf ? 'Your ledger: note what you did and what came of it, tagged with a principle. Your manager cites these entries in your reviews and promotion cases.' : 'One ledger per person, each entry tagged with a principle. Reviews and promotion cases cite these entries.'}</p>
        {person.leftOn !== null ? (
          <p className="section-lead">{person.name} left the company on {formatDay(person.leftOn)}: their ledger keeps its entries but takes no new ones.</p>
        ) : (
          <form
            className="form form--inline"
            noValidate
            onSubmit={form.handleSubmit(async () => {
              await api('POST', `/orgs/${orgId}/ledgers/${person.id}/evidence`, { principleId: chosen, text });
              setText('');
              ledger.reload();
            })}
          >
            <FormMessage message={form.formError} />
            <SelectField label="Principle" name="principleId" value={chosen} options={principleOptions} onChange={setPrincipleId} />
            <TextField label={isSelf ? 'What you did, and what came of it' : 'What they did, and what came of it'} name="text" value={text} onChange={(event) => setText(event.target.value)} error={form.errorFor('text')} />
            <Button type="submit" variant="primary" isBusy={form.isPending} className="form__inline-submit">
              Add evidence
            </Button>
          </form>
        )}
        {ledger.data.evidence.length > 0 && (
          // On a phone each entry stacks, so its Correct and Delete stay in sight instead of past a sideways scroll.
          <DataTable columns={['Principle', 'Evidence', 'Added', 'Actions']} stacksOnPhones>
            {ledger.data.evidence.map((entry) => (
              <EvidenceRow key={entry.id} ledgerPath={`/orgs/${orgId}/ledgers/${person.id}`} entry={entry} onChanged={ledger.reload} />
            ))}
          </DataTable>
        )}
      </section>
      {ledger.data.reviews.length > 0 && (
        <section aria-labelledby="person-reviews-heading">
          <h2 id="person-reviews-heading" className="section-title">
            {isSelf ? 'Your reviews' : 'Reviews'}
          </h2>
          <p className="section-lead">{isSelf ? 'Your reviews from closed cycles, rated per principle: a review shows here once its cycle is closed.' : `${person.name}'s reviews, one per cycle.`}</p>
          <ul>
            {ledger.data.reviews.map((review) => (
              <li key={review.cycleId}>
                <Link to={`/o/${orgId}/reviews/${review.cycleId}`}>{review.cycleName}</Link>{' '}
                <span className="table__muted">
                  {review.cycleStatus === 'open' ? '· open, can still change' : '· closed'} · saved on {formatDate(review.updatedAt)}
                </span>
              </li>
            ))}
          </ul>
        </section>
      )}
      <PromotionCases orgId={orgId} person={person} isSelf={isSelf} evidence={ledger.data.evidence} activePrincipleIds={new Set(ledger.data.principles.filter((principle) => principle.status === 'active').map((principle) => principle.id))} cases={ledger.data.promotionCases} onSaved={ledger.reload} />
    </>
  );
}

function PromotionCases({ orgId, person, isSelf, evidence, activePrincipleIds, cases, onSaved }: { orgId: string; person: Person; isSelf: boolean; evidence: Evidence[]; activePrincipleIds: ReadonlySet<string>; cases: PromotionCase[] | null; onSaved(): void }) {
  // A case is drafted from the ledger: one section per active principle that has evidence (the server refuses retired ones).
  const principles = [...new Map(evidence.filter((entry) => activePrincipleIds.has(entry.principleId)).map((entry) => [entry.principleId, entry.principleTitle])).entries()];
  const [narratives, setNarratives] = useState<Record<string, string>>({});
  const [ratings, setRatings] = useState<Record<string, string>>({});
  // A promotion goes one level up (the server refuses any other target).
  const targetLevel = person.level + 1;
  // The sections sent, in order: the server names a section by its index; the form shows it at its principle's score.
  const written = principles.filter(([id]) => (narratives[id] ?? '').trim().length > 0);
  const placeNarrative = evidenceErrorPlacement('sections', 'narrative', (index) => (written[index] ? `narrative-${written[index][0]}` : undefined));
  const form = useApiForm(['targetLevel', ...principles.flatMap(([id]) => [`rating-${id}`, `narrative-${id}`])], (error) => {
    const gone = deletedCitationRefusal(error, evidence, 'promotion');
    if (gone !== undefined) return gone;
    const index = /^(?:body\.)?sections\.(\d+)\.rating$/.exec(error.field ?? '')?.[1];
    const principle = index === undefined ? undefined : written[Number(index)];
    return principle === undefined ? placeNarrative(error) : { field: `rating-${principle[0]}`, message: error.rule === 'promotion.sections' ? error.message : 'Score this principle from 3 to 5.' };
  });
  // A case saved by someone else while this one was being written is shown, not followed unread by a second case.
  const { newerNote, submit } = useSubmitOverNewer();
  if (cases === null) {
    return (
      <section aria-labelledby="promotion-heading">
        <h2 id="promotion-heading" className="section-title">
          Promotion cases
        </h2>
        <p className="section-lead">Your manager or an admin writes your promotion case from this ledger, and it is read by them and the admins who decide it.</p>
      </section>
    );
  }
  return (
    <section aria-labelledby="promotion-heading">
      <h2 id="promotion-heading" className="section-title">
        Promotion cases
      </h2>
      {cases.map((promotion) => (
        <article key={promotion.id} className="panel">
          <h3 className="panel__title">
            L{promotion.fromLevel} → L{promotion.targetLevel} <span className="table__muted">{promotion.author === null ? formatDate(promotion.createdAt) : `by ${promotion.author} on ${formatDate(promotion.createdAt)}`}</span>
          </h3>
          {promotion.sections.map((section) => (
            <div key={section.principleId} className="feedback-entry">
              <h4>
                {section.title} <span className="table__muted">{section.rating === null ? 'not scored' : `${section.rating} of 5`}</span>
              </h4>
              <p>{section.narrative}</p>
              {section.evidence.length > 0 && (
                <ul>
                  {section.evidence.map((entry) => (
                    <li key={entry.id}>{entry.text}</li>
                  ))}
                </ul>
              )}
            </div>
          ))}
        </article>
      ))}
      {isSelf ? (
        <p className="section-lead">Your promotion case is written by your manager or another admin, not by you.</p>
      ) : person.leftOn !== null ? (
        <p className="section-lead">{person.name} left the company: no new promotion case can be written.</p>
      ) : principles.length < PROMOTION_RULES.minSections ? (
        <p className="section-lead">
          Add evidence to the ledger first: a promotion case has one section per principle, drawn from it, and argues at least {PROMOTION_RULES.minSections} principles{principles.length > 0 && ` (the ledger has evidence for ${principles.length})`}.
        </p>
      ) : (
        <form
          className="form panel"
          noValidate
          onSubmit={form.handleSubmit(async () => {
            const sections = written.map(([id]) => ({ principleId: id, rating: Number(ratings[id] ?? ''), narrative: narratives[id], evidenceIds: evidence.filter((entry) => entry.principleId === id).map((entry) => entry.id) }));
            const outcome = await submit({
              // The newest case this form was written after: one saved since answers 409, and the page reads it again.
              save: async () => {
                try {
                  return await api('POST', `/orgs/${orgId}/ledgers/${person.id}/promotion-cases`, { targetLevel, sections, baseCaseId: cases[0]?.id ?? null });
                } catch (error) {
                  // An entry deleted since the ledger was read: the ledger is read again (the refusal names the entry,
                  // deletedCitationRefusal), and what was typed stays in the form for a second save.
                  if (deletedCitationId(error) !== undefined) onSaved();
                  throw error;
                }
              },
              tokenField: 'baseCaseId',
              note: () => `Someone wrote a promotion case for ${person.name} while you were writing this one: it is listed above. Your case is kept here: read theirs first, then save yours if it is still needed.`,
            });
            if (!outcome.isNewer) {
              setNarratives({});
              setRatings({});
            }
            onSaved();
          })}
        >
          <h3 className="panel__title">Write a promotion case</h3>
          <p className="section-lead">
            A promotion goes one level up, to L{person.level + 1}. The case argues from strength: write at least {PROMOTION_RULES.minSections} sections, each scored {PROMOTION_RULES.minSectionRating} (at the bar of the target level) or more; leave out the principles where the person is not there yet.
          </p>
          <FormMessage message={form.formError} />
          <FormMessage message={newerNote} />
          <TextField label="Target level" name="targetLevel" type="number" min={person.level + 1} max={person.level + 1} readOnly value={String(targetLevel)} error={form.errorFor('targetLevel')} />
          {principles.map(([id, title]) => (
            <div key={id} className="promotion-section">
              <TextAreaField label={title} name={`narrative-${id}`} rows={3} hint={`${evidenceHint('How they already work above the bar')} Cites every ledger entry of this principle. Leave empty to leave the principle out.`} error={form.errorFor(`narrative-${id}`)} value={narratives[id] ?? ''} onChange={(event) => setNarratives({ ...narratives, [id]: event.target.value })} />
              <SelectField label={`Score for ${title}`} name={`rating-${id}`} value={ratings[id] ?? ''} options={[{ value: '', label: 'Score it against the target level' }, ...RATING_OPTIONS.filter((option) => Number(option.value) >= PROMOTION_RULES.minSectionRating)]} onChange={(value) => setRatings({ ...ratings, [id]: value })} error={form.errorFor(`rating-${id}`)} />
            </div>
          ))}
          <Button type="submit" variant="primary" isBusy={form.isPending}>
            Save promotion case
          </Button>
        </form>
      )}
    </section>
  );
}
