import { useState, type ReactNode } from 'react';
import type { InitiativeStage } from '../../../../src/domain/initiatives/stages.js';
import { documentLinkLock } from '../../../../src/domain/initiatives/pipeline-rules.js';
import { Button } from '../../components/button.js';
import { ConfirmDialog } from '../../components/confirm-dialog.js';
import { DataTable } from '../../components/data-table.js';
import { FormMessage, SelectField, TextAreaField, TextField } from '../../components/field.js';
import { ErrorNote, LoadingNote, Page, pageHeading } from '../../components/page.js';
import { GateChecklist } from '../../components/gate-checklist.js';
import { Panel } from '../../components/panel.js';
import { api } from '../../lib/api-client.js';
import type { Membership } from '../../lib/api-types.js';
import { formatDate, formatDateTime } from '../../lib/format.js';
import { Link } from '../../lib/router.js';
import { useSubmitOverNewer } from '../../lib/use-draft-over-newer.js';
import { useApiForm } from '../../lib/use-api-form.js';
import { useResource } from '../../lib/use-resource.js';
import { hasPermission } from '../../shell/sections.js';
import { personOptions, type PersonSummary, type Team } from '../people/people-types.js';
import { formatTarget } from '../metrics/metric-format.js';
import { TargetStatus } from '../metrics/target-status.js';
import { describeSignal, formatWeek, STATUS_LABELS } from '../wbr/wbr-format.js';
import { PipelineFlow } from './pipeline-flow.js';
import { LinkedDocumentName } from './linked-document.js';
import { noneText, PIPELINE_STAGES, STAGE_HINTS, STAGE_LABELS, type DocumentOption, type InitiativeRecord } from './pipeline-types.js';
import './pipeline.css';

/** One initiative's record: where it stands, what its next gate still needs, its documents, people, metrics and history. */
export function InitiativePage({ membership, initiativeId }: { membership: Membership; initiativeId: string }) {
  const orgId = membership.org.id;
  const canMove = hasPermission(membership, 'pipeline.write');
  const canStaff = hasPermission(membership, 'people.manage');
  const canLinkMetrics = hasPermission(membership, 'metrics.write');
  const data = useResource(async (signal) => {
    const [record, documents, people, teams, metrics] = await Promise.all([
      api<InitiativeRecord>('GET', `/orgs/${orgId}/pipeline/initiatives/${initiativeId}`, undefined, { signal }),
      canMove ? api<{ documents: DocumentOption[] }>('GET', `/orgs/${orgId}/documents`, undefined, { signal }) : Promise.resolve({ documents: [] }),
      canStaff ? api<{ people: PersonSummary[] }>('GET', `/orgs/${orgId}/people`, undefined, { signal }) : Promise.resolve({ people: [] }),
      canStaff ? api<{ teams: Team[] }>('GET', `/orgs/${orgId}/teams`, undefined, { signal }) : Promise.resolve({ teams: [] }),
      canLinkMetrics ? api<{ metrics: MetricOption[] }>('GET', `/orgs/${orgId}/metrics`, undefined, { signal }) : Promise.resolve({ metrics: [] }),
    ]);
    return { record, documents: documents.documents, people: people.people, teams: teams.teams, metrics: metrics.metrics };
  }, `${orgId}/${initiativeId}`);
  const record = data.data?.record;
  const isOpen = record !== undefined && record.stage !== 'launched' && record.stage !== 'killed';

  return (
    <Page
      title={record?.name ?? 'Initiative'}
      context={membership.org.name}
      actions={
        <Link className="back-link" to={`/o/${orgId}/pipeline`}>
          ← Pipeline
        </Link>
      }
      lead={
        record && (
          <p>
            <span className={`stage-badge stage-badge--${record.stage} badge--leading`}>{STAGE_LABELS[record.stage]}</span>
            {STAGE_HINTS[record.stage]} Since {formatDate(record.stageChangedAt)}.{record.status === 'paused' && ' Paused.'}
          </p>
        )
      }
    >
      {data.isLoading && !data.data && <LoadingNote label="Loading the initiative…" />}
      {data.error && <ErrorNote message={data.error} onRetry={data.reload} />}
      {record && data.data && (
        <>
          <PipelineFlow current={record.stage} />
          {record.enteredAt !== 'idea' && (
            <p className="section-lead initiative__entered">
              Entered the pipeline at {STAGE_LABELS[record.enteredAt]}: work that started before Pulse, recorded at its stage. The gates before it were not checked
              {record.enteredAt === record.stage ? '.' : '; every move since was.'}
            </p>
          )}
          {record.next && <NextGate orgId={orgId} record={record} next={record.next} onMoved={data.reload} />}
          <div className="two-columns">
            <Panel headingId="documents-heading" title="Documents">
              <dl className="facts">
                <dt>PR/FAQ</dt>
                <dd>
                  <LinkedDocumentName orgId={orgId} document={record.prfaq} none="none linked" />
                </dd>
                <dt>Narrative memo</dt>
                <dd>
                  <LinkedDocumentName orgId={orgId} document={record.memo} none="none linked" />
                </dd>
              </dl>
              {canMove && isOpen && <DocumentsForm orgId={orgId} record={record} documents={data.data.documents} onSaved={data.reload} />}
            </Panel>
            <Panel headingId="ownership-heading" title="Leader, teams and metrics">
              <dl className="facts">
                <dt>Single-threaded leader</dt>
                <dd>{record.stl ? <Link to={`/o/${orgId}/people/${record.stl.id}`}>{record.stl.name}</Link> : noneText(record.stage)}</dd>
                <dt>Teams</dt>
                <dd>
                  {record.teams.length === 0
                    ? noneText(record.stage)
                    : joined(record.teams.map((team) => (
                        <span key={team.id}>
                          <Link to={`/o/${orgId}/teams/${team.id}`}>{team.name}</Link>
                          {team.isSingleThreaded ? ' (single-threaded)' : ''}
                        </span>
                      )))}
                </dd>
                <dt>Metrics</dt>
                <dd>
                  {record.metrics.length === 0
                    ? 'none linked'
                    : joined(record.metrics.map((metric) => (
                        <span key={metric.id}>
                          <MetricLink orgId={orgId} metric={metric} /> ({metric.controllable ? 'controllable ' : ''}
                          {metric.kind}
                          {metric.lastWeek && (
                            <>
                              , in <Link to={`/o/${orgId}/wbr/${metric.lastWeek.deck.id}`}>{metric.lastWeek.deck.name}</Link>
                            </>
                          )}
                          )
                        </span>
                      )))}
                </dd>
              </dl>
              {isOpen && (canStaff || canLinkMetrics) ? (
                <OwnershipForms orgId={orgId} record={record} people={data.data.people} teams={data.data.teams} metrics={data.data.metrics} canStaff={canStaff} onSaved={data.reload} />
              ) : (
                <p className="section-lead">
                  The leader and teams are set in <Link to={`/o/${orgId}/teams`}>Teams &amp; initiatives</Link>; metrics are linked to it in the <Link to={`/o/${orgId}/metrics`}>metric catalog</Link>.
                </p>
              )}
            </Panel>
          </div>
          {record.metrics.length > 0 && <MetricsThisWeek orgId={orgId} metrics={record.metrics} />}
          {record.anomalies.length > 0 && <OpenAnomalies orgId={orgId} anomalies={record.anomalies} />}
          {record.hiring.length > 0 && <HiringForIt orgId={orgId} requisitions={record.hiring} />}
          {canMove && (isOpen || record.stage === 'launched') && <SendBackForm orgId={orgId} record={record} onMoved={data.reload} />}
          <section aria-labelledby="history-heading">
            <h2 id="history-heading" className="section-title">
              History
            </h2>
            {record.transitions.length === 0 ? (
              <p className="section-lead">No moves yet: it is where it started.</p>
            ) : (
              <DataTable columns={['When', 'Move', 'By', 'Why', 'Stood on']} stacksOnPhones label="History">
                {record.transitions.map((transition) => (
                  <tr key={`${transition.at}-${transition.to}`}>
                    <td>{formatDateTime(transition.at)}</td>
                    <td data-label="Move">
                      {STAGE_LABELS[transition.from]} → {STAGE_LABELS[transition.to]}
                    </td>
                    <td data-label="By">
                      {transition.by === null ? (
                        <span className="table__muted">someone who left</span>
                      ) : transition.by.personId === null ? (
                        transition.by.name
                      ) : (
                        <Link to={`/o/${orgId}/people/${transition.by.personId}`}>{transition.by.name}</Link>
                      )}
                    </td>
                    <td data-label="Why">{transition.reason || <span className="table__muted">—</span>}</td>
                    <td data-label="Stood on">{transition.source === null ? <span className="table__muted">—</span> : <TransitionSourceLink orgId={orgId} source={transition.source} />}</td>
                  </tr>
                ))}
              </DataTable>
            )}
          </section>
        </>
      )}
    </Page>
  );
}

/** Names in a sentence: "A, B, C", each one its own element (a link). */
function joined(items: ReactNode[]): ReactNode {
  return items.flatMap((item, index) => (index === 0 ? [item] : [', ', item]));
}

/** A metric by name, leading to its row in the catalog (a metric has no page of its own). */
function MetricLink({ orgId, metric }: { orgId: string; metric: { id: string; name: string } }) {
  return <Link to={`/o/${orgId}/metrics?metric=${metric.id}`}>{metric.name}</Link>;
}

/**
 * Where a past move's gate got its answer: the PR/FAQ's review at the version the verdict judged, the document's
 * version the gate read (its FAQ, the memo's checks), or the reading meeting whose decision made the move.
 */
function TransitionSourceLink({ orgId, source }: { orgId: string; source: NonNullable<InitiativeRecord['transitions'][number]['source']> }) {
  const { document } = source;
  const noun = document.kind === 'prfaq' ? 'PR/FAQ' : 'memo';
  const atVersion = document.version === null ? '' : `&version=${document.version}`;
  const ofVersion = document.version === null ? '' : `, version ${document.version}`;
  if (source.kind === 'reading' && source.readingMeetingId !== null) return <Link to={`/o/${orgId}/documents/${document.id}?meeting=${source.readingMeetingId}`}>The reading meeting{ofVersion ? ` (memo${ofVersion})` : ''}</Link>;
  if (source.kind === 'verdict') return <Link to={`/o/${orgId}/documents/${document.id}?tab=review${atVersion}`}>The verdict on the press release{ofVersion ? ` (version ${document.version})` : ''}</Link>;
  return <Link to={`/o/${orgId}/documents/${document.id}?tab=review${atVersion}`}>The {noun}{ofVersion}</Link>;
}

interface MetricOption {
  id: string;
  name: string;
  kind: 'input' | 'output';
  controllable: boolean;
  initiative: { id: string; name: string } | null;
}

/**
 * Staffing and metrics from the initiative's own page, so the next gate can be met where it is read: the leader
 * (admins), a team (admins) and a metric from the catalog (its owner or an admin; the server decides). Each form
 * calls the same endpoints as the Teams and Metrics pages, so their rules answer here too.
 */
function OwnershipForms({ orgId, record, people, teams, metrics, canStaff, onSaved }: { orgId: string; record: InitiativeRecord; people: PersonSummary[]; teams: Team[]; metrics: MetricOption[]; canStaff: boolean; onSaved(): void }) {
  const [stlPersonId, setStl] = useState(record.stl?.id ?? '');
  const [teamId, setTeam] = useState('');
  const [metricId, setMetric] = useState('');
  const form = useApiForm(['stlPersonId', 'initiativeId']);
  const { newerNote, submit } = useSubmitOverNewer();
  const save = (action: () => Promise<unknown>) => form.handleSubmit(async () => {
    // Refused as stale, the page reads the initiative and its teams again (below); the choice made here stays, to save again.
    await submit({ save: action, note: () => 'Someone changed this initiative or that team after you opened the page: the page now shows their version. Your choice is kept: save again to apply it.' });
    onSaved();
  });
  const freeTeams = teams.filter((team) => team.initiativeId !== record.id);
  const freeMetrics = metrics.filter((metric) => metric.initiative?.id !== record.id);
  return (
    <div className="stack">
      <FormMessage message={form.formError} />
      <FormMessage message={newerNote} />
      {canStaff && (
        <form className="form form--compact no-print" noValidate onSubmit={save(() => api('PATCH', `/orgs/${orgId}/initiatives/${record.id}`, { stlPersonId: stlPersonId || null, baseToken: record.editToken }))}>
          <SelectField label="Single-threaded leader" name="stlPersonId" value={stlPersonId} options={personOptions(people, 'Nobody yet')} onChange={setStl} error={form.errorFor('stlPersonId')} />
          <Button type="submit" size="small" isBusy={form.isPending}>
            Save leader
          </Button>
        </form>
      )}
      {canStaff && freeTeams.length > 0 && (
        <form className="form form--compact no-print" noValidate onSubmit={save(() => api('PATCH', `/orgs/${orgId}/teams/${teamId}`, { initiativeId: record.id, baseToken: teams.find((team) => team.id === teamId)?.editToken }))}>
          <SelectField label="Team to put on it" name="teamId" value={teamId} options={[{ value: '', label: 'Choose a team' }, ...freeTeams.map((team) => ({ value: team.id, label: `${team.name}${team.isSingleThreaded ? ' (single-threaded)' : ''}${team.initiativeId === null ? '' : ' (moves from another initiative)'}` }))]} onChange={setTeam} />
          <Button type="submit" size="small" isBusy={form.isPending} disabled={teamId === ''}>
            Link team
          </Button>
        </form>
      )}
      {freeMetrics.length > 0 && (
        <form className="form form--compact no-print" noValidate onSubmit={save(() => api('PATCH', `/orgs/${orgId}/metrics/${metricId}`, { initiativeId: record.id }))}>
          <SelectField
            label="Metric it promises to move"
            name="metricId"
            value={metricId}
            options={[{ value: '', label: 'Choose from the catalog' }, ...freeMetrics.map((metric) => ({ value: metric.id, label: `${metric.name} (${metric.controllable ? 'controllable ' : ''}${metric.kind})` }))]}
            onChange={setMetric}
          />
          <Button type="submit" size="small" isBusy={form.isPending} disabled={metricId === ''}>
            Link metric
          </Button>
        </form>
      )}
    </div>
  );
}

function NextGate({ orgId, record, next, onMoved }: { orgId: string; record: InitiativeRecord; next: NonNullable<InitiativeRecord['next']>; onMoved(): void }) {
  const [note, setNote] = useState('');
  const form = useApiForm(['reason']);
  const isOpen = next.checks.every((check) => check.met);
  const label = STAGE_LABELS[next.stage];
  return (
    <Panel headingId="next-heading" title={`Next: ${label}`}>
      <p className="section-lead">{STAGE_HINTS[next.stage]}</p>
      <GateChecklist checks={next.checks} label={`What ${label} needs`} />
      <form
        className="form form--inline no-print"
        noValidate
        onSubmit={form.handleSubmit(async () => {
          await api('POST', `/orgs/${orgId}/pipeline/initiatives/${record.id}/moves`, { to: next.stage, reason: note, from: record.stage });
          setNote('');
          onMoved();
        })}
      >
        <FormMessage message={form.formError} />
        <TextField label="Note for the history (optional)" name="reason" value={note} onChange={(event) => setNote(event.target.value)} error={form.errorFor('reason')} />
        <Button type="submit" variant="primary" isBusy={form.isPending} disabled={!isOpen}>
          Move to {label}
        </Button>
      </form>
    </Panel>
  );
}

function DocumentsForm({ orgId, record, documents, onSaved }: { orgId: string; record: InitiativeRecord; documents: DocumentOption[]; onSaved(): void }) {
  const [prfaqDocumentId, setPrfaq] = useState(record.prfaq?.id ?? '');
  const [memoDocumentId, setMemo] = useState(record.memo?.id ?? '');
  const form = useApiForm(['prfaqDocumentId', 'memoDocumentId']);
  const options = (kind: 'prfaq' | 'memo') => {
    const linked = kind === 'prfaq' ? record.prfaq : record.memo;
    const readable = documents.filter((document) => document.kind === kind).map((document) => ({ value: document.id, label: document.title }));
    // A linked document the viewer may not read is not in their list: it stays selected, under a neutral name.
    const hidden = linked !== null && !readable.some((option) => option.value === linked.id) ? [{ value: linked.id, label: 'A document you cannot read' }] : [];
    return [{ value: '', label: 'None' }, ...hidden, ...readable];
  };
  // The gate asks for a document the author may not have started: the way to write one is one link away.
  const notWrittenYet = (kind: 'prfaq' | 'memo') => {
    const noun = kind === 'prfaq' ? 'PR/FAQ' : 'memo';
    const isNoneYet = !documents.some((document) => document.kind === kind);
    return (
      <>
        {isNoneYet ? `No ${noun} written yet: ` : 'Not in the list? '}
        <Link to={`/o/${orgId}/documents?new=${kind}`}>Write a new {noun}</Link>, then link it here.
      </>
    );
  };
  // Once a gate has read a document it stays linked (the server refuses a swap): the field says why and how to change it.
  const lockOf = (kind: 'prfaq' | 'memo') => documentLinkLock(record, kind, (kind === 'prfaq' ? record.prfaq : record.memo) !== null)?.message;
  const prfaqLock = lockOf('prfaq');
  const memoLock = lockOf('memo');
  if (prfaqLock !== undefined && memoLock !== undefined) return <p className="field__hint">Both documents have passed their gates and stay linked: to link others, send the initiative back (below).</p>;
  return (
    <form
      className="form no-print"
      noValidate
      onSubmit={form.handleSubmit(async () => {
        // Only what changed: a linked document the viewer may not read is not offered, and must not be unlinked by them.
        const changes = {
          ...(prfaqDocumentId !== (record.prfaq?.id ?? '') && { prfaqDocumentId: prfaqDocumentId || null }),
          ...(memoDocumentId !== (record.memo?.id ?? '') && { memoDocumentId: memoDocumentId || null }),
        };
        await api('PUT', `/orgs/${orgId}/pipeline/initiatives/${record.id}/documents`, changes);
        onSaved();
      })}
    >
      <FormMessage message={form.formError} />
      <SelectField label="PR/FAQ" name="prfaqDocumentId" value={prfaqDocumentId} options={options('prfaq')} onChange={setPrfaq} error={form.errorFor('prfaqDocumentId')} hint={prfaqLock ?? notWrittenYet('prfaq')} disabled={prfaqLock !== undefined} />
      <SelectField label="Narrative memo" name="memoDocumentId" value={memoDocumentId} options={options('memo')} onChange={setMemo} error={form.errorFor('memoDocumentId')} hint={memoLock ?? notWrittenYet('memo')} disabled={memoLock !== undefined} />
      <Button type="submit" isBusy={form.isPending}>
        Link documents
      </Button>
    </form>
  );
}

/** The initiative's metrics as the business review last showed them: the one record ties the pipeline to the WBR. */
function MetricsThisWeek({ orgId, metrics }: { orgId: string; metrics: InitiativeRecord['metrics'] }) {
  return (
    <section className="initiative__section" aria-labelledby="metrics-week-heading">
      <h2 id="metrics-week-heading" className="section-title">
        Its metrics in the business review
      </h2>
      <DataTable stacksOnPhones label="Its metrics in the business review" columns={['Metric', 'Last published week', 'Week over week', 'Open anomalies', 'Deck']}>
        {metrics.map((metric) => (
          <tr key={metric.id}>
            <td>
              <MetricLink orgId={orgId} metric={metric} /> <span className="table__muted">({metric.controllable ? 'controllable ' : ''}{metric.kind})</span>
            </td>
            {metric.lastWeek === null ? (
              <td colSpan={4} data-label="Last published week" className="table__muted">
                Not charted in a published week yet.
              </td>
            ) : (
              <>
                {/* Not kept on one line: with its target and week it pushed the deck's link off a laptop screen. */}
                <td data-label="Last published week">
                  {metric.lastWeek.valueText ?? 'blank'}
                  <TargetStatus status={metric.targetStatus} />
                  {metric.target !== null && <span className="table__muted"> (target {formatTarget(metric)})</span>}{' '}
                  <span className="table__muted">· week ending {formatWeek(metric.lastWeek.weekEnding)}</span>
                </td>
                <td data-label="Week over week" className="table__nowrap">{metric.lastWeek.changePercent === null ? '—' : `${metric.lastWeek.changePercent > 0 ? '+' : ''}${metric.lastWeek.changePercent.toFixed(1)}%`}</td>
                <td data-label="Open anomalies">{metric.lastWeek.unresolvedAnomalies === 0 ? <span className="table__muted">none</span> : metric.lastWeek.unresolvedAnomalies}</td>
                <td data-label="Deck">
                  <Link to={`/o/${orgId}/wbr/${metric.lastWeek.deck.id}`}>{metric.lastWeek.deck.name}</Link>
                </td>
              </>
            )}
          </tr>
        ))}
      </DataTable>
    </section>
  );
}

/**
 * The anomalies behind the counts above, one line each: what the signal is, since when, who owns it and what they
 * found, so a review of the initiative does not open every deck to learn it. Each line leads to the deck it is
 * reviewed in.
 */
function OpenAnomalies({ orgId, anomalies }: { orgId: string; anomalies: InitiativeRecord['anomalies'] }) {
  return (
    <section className="initiative__section" aria-labelledby="anomalies-heading">
      <h2 id="anomalies-heading" className="section-title">
        Open anomalies on its metrics
      </h2>
      <DataTable stacksOnPhones label="Open anomalies on its metrics" columns={['Metric', 'Signal', 'Weeks', 'Status', 'Owner', 'Root cause']}>
        {anomalies.map((anomaly) => (
          <tr key={anomaly.id}>
            <td>
              <Link to={`/o/${orgId}/wbr/${anomaly.deck.id}`}>{anomaly.metric}</Link> <span className="table__muted">in {anomaly.deck.name}</span>
            </td>
            <td data-label="Signal">{describeSignal(anomaly.rule, anomaly.direction)}</td>
            <td data-label="Weeks" className="table__nowrap">
              {anomaly.firstWeekEnding === anomaly.lastWeekEnding ? formatWeek(anomaly.lastWeekEnding) : `${formatWeek(anomaly.firstWeekEnding)} – ${formatWeek(anomaly.lastWeekEnding)}`}
            </td>
            <td data-label="Status">{STATUS_LABELS[anomaly.status]}</td>
            <td data-label="Owner">{anomaly.owner ? <Link to={`/o/${orgId}/people/${anomaly.owner.id}`}>{anomaly.owner.name}</Link> : <span className="table__muted">nobody yet</span>}</td>
            <td data-label="Root cause">{anomaly.rootCause === '' ? <span className="table__muted">not found yet</span> : anomaly.rootCause}</td>
          </tr>
        ))}
      </DataTable>
    </section>
  );
}

/** Who the initiative's teams are hiring: the requisitions, as the hiring pages list them (never the candidates). */
function HiringForIt({ orgId, requisitions }: { orgId: string; requisitions: InitiativeRecord['hiring'] }) {
  return (
    <section className="initiative__section" aria-labelledby="hiring-heading">
      <h2 id="hiring-heading" className="section-title">
        Hiring for it
      </h2>
      <DataTable stacksOnPhones label="Hiring for it" columns={['Role', 'Level', 'Team', 'Hiring manager', 'Status']}>
        {requisitions.map((requisition) => (
          <tr key={requisition.id}>
            <td>
              <Link to={`/o/${orgId}/hiring/${requisition.id}`}>{requisition.role}</Link>
            </td>
            <td data-label="Level">{requisition.level}</td>
            <td data-label="Team">
              <Link to={`/o/${orgId}/teams/${requisition.team.id}`}>{requisition.team.name}</Link>
            </td>
            <td data-label="Hiring manager">
              <Link to={`/o/${orgId}/people/${requisition.hiringManager.id}`}>{requisition.hiringManager.name}</Link>
            </td>
            <td data-label="Status">{requisition.status === 'open' ? 'Open' : <span className="table__muted">Closed</span>}</td>
          </tr>
        ))}
      </DataTable>
    </section>
  );
}

function SendBackForm({ orgId, record, onMoved }: { orgId: string; record: InitiativeRecord; onMoved(): void }) {
  // A launched initiative is not sent back through gates it passed: it can only be retired (killed).
  const isLaunched = record.stage === 'launched';
  // While a reading of its memo is under way, the approvers' decision moves it: the server refuses a send-back
  // (pipeline.reading_under_way), so only killing is offered.
  const earlier = isLaunched || record.isReadingUnderWay ? [] : PIPELINE_STAGES.slice(0, PIPELINE_STAGES.indexOf(record.stage as (typeof PIPELINE_STAGES)[number]));
  const [to, setTo] = useState<InitiativeStage>('killed');
  const [reason, setReason] = useState('');
  const [isConfirming, setConfirming] = useState(false);
  const form = useApiForm(['to', 'reason']);
  const isKill = to === 'killed';
  const move = async () => {
    // `from`: a page opened before someone else's move is refused (409), not allowed to undo it.
    await api('POST', `/orgs/${orgId}/pipeline/initiatives/${record.id}/moves`, { to, reason, from: record.stage });
    setReason('');
    // The stages behind the initiative have changed: the choice starts over.
    setTo('killed');
    onMoved();
  };
  return (
    <Panel headingId="send-back-heading" title={isLaunched ? 'Retire' : 'Send back or kill'}>
      <form
        className="form no-print"
        noValidate
        onSubmit={form.handleSubmit(async () => {
          // Killing cannot be undone: it is confirmed in a dialog, which kills (and shows a refusal).
          if (isKill) setConfirming(true);
          else await move();
        })}
      >
        <FormMessage message={form.formError} />
        {record.isReadingUnderWay && <p className="field__hint">A reading of its memo is under way: the approvers’ decision will move it. Until then it can only be killed.</p>}
        <SelectField
          label="Move to"
          name="to"
          value={to}
          options={[{ value: 'killed', label: isLaunched ? 'Killed (retire the product)' : 'Killed (stop the initiative)' }, ...earlier.map((stage) => ({ value: stage, label: `Back to ${STAGE_LABELS[stage]}` }))]}
          onChange={(value) => setTo(value as InitiativeStage)}
          error={form.errorFor('to')}
        />
        <TextAreaField label="Why" name="reason" rows={3} value={reason} onChange={(event) => setReason(event.target.value)} error={form.errorFor('reason')} hint="Required: the authors and the reviewers will read it in the history." />
        <Button type="submit" variant={isKill ? 'danger' : 'secondary'} isBusy={form.isPending}>
          {isKill ? 'Kill initiative' : `Send back to ${STAGE_LABELS[to]}`}
        </Button>
      </form>
      {/* A killed initiative loses this panel: the keyboard goes to the page's title, not to the top of the document. */}
      <ConfirmDialog
        title={`Kill “${record.name}”?`}
        isOpen={isConfirming}
        description={<p>A killed initiative stays killed; the time people give it is freed and its teams come off it.</p>}
        confirmLabel="Kill initiative"
        cancelLabel="Keep it"
        onConfirm={move}
        onClose={() => setConfirming(false)}
        focusAfterConfirm={pageHeading}
      />
    </Panel>
  );
}
