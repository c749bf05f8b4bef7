import type { z } from '@hono/zod-openapi';
import { useRef, useState } from 'react';
import { METRIC_LIMITS, type GoodDirection } from '../../../../src/domain/metrics/metric-rules.js';
import type { MetricListItemSchema, MetricSchema } from '../../../../src/server/routes/metrics/metrics.schema.js';
import { Button } from '../../components/button.js';
import { DataTable } from '../../components/data-table.js';
import { ConfirmDialog } from '../../components/confirm-dialog.js';
import { Dialog } from '../../components/dialog.js';
import { FormMessage, SelectField, TextAreaField, TextField } from '../../components/field.js';
import { EmptyState, ErrorNote, LoadingNote, Page, pageHeading } from '../../components/page.js';
import { Panel } from '../../components/panel.js';
import { api } from '../../lib/api-client.js';
import type { Membership } from '../../lib/api-types.js';
import { Link, useLocation } from '../../lib/router.js';
import { useSession } from '../../lib/session.js';
import { isStaleWriteRefusal, keepDraftOverNewer } from '../../lib/stale-draft.js';
import { useApiForm } from '../../lib/use-api-form.js';
import { useResource } from '../../lib/use-resource.js';
import { linkedRowId, useLinkedRow } from '../../lib/use-linked-row.js';
import { hasPermission } from '../../shell/sections.js';
import { NoPeopleHint } from '../people/no-people-hint.js';
import { personOptions, type Initiative, type PersonSummary } from '../people/people-types.js';
import { filtersFromSearch, formatTarget, metricsQuery, NO_FILTERS, targetFromText, type Filters } from './metric-format.js';
import { formatDay } from '../../lib/format.js';
import { formatWeek } from '../wbr/wbr-format.js';
import { TargetStatus } from './target-status.js';
import './metrics.css';

// The same schema the server answers with, so a renamed field is a type error here.
type Metric = z.infer<typeof MetricListItemSchema>;
/** A metric as the API gives one alone, without the list's last reviewed week. */
type MetricRecord = z.infer<typeof MetricSchema>;

const FORM_FIELDS = ['name', 'definition', 'kind', 'controllable', 'ownerPersonId', 'unit', 'goodDirection', 'target', 'initiativeId'] as const;

const DIRECTION_LABELS: Record<GoodDirection | '', string> = { up: 'Up is good', down: 'Down is good', '': 'Neither' };

interface CatalogData {
  metrics: Metric[];
  people: PersonSummary[];
  initiatives: Initiative[];
}

/** The metric catalog: every metric the org reviews, what it means, who owns it, and which way is good. */
export function MetricsPage({ membership }: { membership: Membership }) {
  const orgId = membership.org.id;
  const { search } = useLocation();
  const [filters, setFilters] = useState<Filters>(() => filtersFromSearch(search));
  const [editing, setEditing] = useState<Metric | undefined>();
  // After a delete the dialog hands focus back to the deleted row's Edit button, which is about to go: the caret goes
  // to the catalog's count instead (or the page title when the catalog is now empty), not to the top of the document.
  const hasJustDeleted = useRef(false);
  const focusAfterEdit = () => {
    if (!hasJustDeleted.current) return null;
    hasJustDeleted.current = false;
    return document.getElementById('catalog-heading') ?? pageHeading();
  };
  const query = metricsQuery(filters);
  const data = useResource<CatalogData>(async (signal) => {
    const [{ metrics }, { people }, { initiatives }] = await Promise.all([
      api<{ metrics: Metric[] }>('GET', `/orgs/${orgId}/metrics${query}`, undefined, { signal }),
      api<{ people: PersonSummary[] }>('GET', `/orgs/${orgId}/people`, undefined, { signal }),
      api<{ initiatives: Initiative[] }>('GET', `/orgs/${orgId}/initiatives`, undefined, { signal }),
    ]);
    return { metrics, people, initiatives };
  }, `${orgId}${query}`);
  const { state } = useSession();
  const viewerUserId = state.status === 'signed-in' ? state.session.user.id : undefined;

  const canAdd = hasPermission(membership, 'metrics.write');
  const canManageAll = hasPermission(membership, 'metrics.manage');
  const viewerPersonId = data.data?.people.find((person) => person.userId !== null && person.userId === viewerUserId)?.id;
  // The server decides; this only keeps Edit off the rows it would refuse.
  const canChange = (metric: Metric) => canManageAll || (viewerPersonId !== undefined && metric.owner?.id === viewerPersonId);
  const isFiltered = query !== '';
  const setFilter = (key: keyof Filters) => (value: string) => setFilters((current) => ({ ...current, [key]: value }));

  return (
    <Page
      title="Metrics"
      context={membership.org.name}
      lead={<p>The catalog of metrics the org reviews each week: what each one counts, whether the team moves it directly, who answers for it, and which way is good.</p>}
      actions={
        canAdd &&
        (data.data?.metrics.length ?? 0) > 0 && (
          // The form sits under the catalog; this takes the caret there, so adding never means scrolling a long table.
          <Button size="small" variant="primary" onClick={() => document.querySelector<HTMLInputElement>('form[aria-label="Add a metric"] input[name="name"]')?.focus()}>
            Add a metric
          </Button>
        )
      }
    >
      {data.isLoading && !data.data && <LoadingNote label="Loading the catalog…" />}
      {data.error && <ErrorNote message={data.error} onRetry={data.reload} />}
      {data.data && (
        <>
          {data.data.metrics.length === 0 && !isFiltered ? (
            <CatalogEmptyState canAdd={canAdd} />
          ) : (
            <section aria-labelledby="catalog-heading">
              <h2 id="catalog-heading" className="section-title" tabIndex={-1}>
                {data.data.metrics.length === 1 ? '1 metric' : `${data.data.metrics.length} metrics`}
                {isFiltered && (data.data.metrics.length === 1 ? ' matches the filters' : ' match the filters')}
              </h2>
              <form className="form form--inline" aria-label="Filter the catalog" onSubmit={(event) => event.preventDefault()}>
                <SelectField label="Which kind" name="filter-kind" value={filters.kind} options={[{ value: '', label: 'All kinds' }, { value: 'input', label: 'Inputs' }, { value: 'output', label: 'Outputs' }]} onChange={setFilter('kind')} />
                <SelectField label="Controllable or not" name="filter-controllable" value={filters.controllable} options={[{ value: '', label: 'Either' }, { value: 'true', label: 'Controllable' }, { value: 'false', label: 'Not controllable' }]} onChange={setFilter('controllable')} />
                <SelectField label="Owned by" name="filter-owner" value={filters.ownerPersonId} options={personOptions(data.data.people, 'Anyone')} onChange={setFilter('ownerPersonId')} />
                <SelectField label="Linked initiative" name="filter-initiative" value={filters.initiativeId} options={[{ value: '', label: 'Any' }, ...data.data.initiatives.map((initiative) => ({ value: initiative.id, label: initiative.name }))]} onChange={setFilter('initiativeId')} />
                {isFiltered && (
                  <Button variant="quiet" className="form__inline-submit" onClick={() => setFilters(NO_FILTERS)}>
                    Clear filters
                  </Button>
                )}
              </form>
              {data.data.metrics.length === 0 ? (
                <p className="section-lead">No metric matches these filters.</p>
              ) : (
                <div className="metric-catalog">
                  <CatalogTable orgId={orgId} metrics={data.data.metrics} canChange={canChange} onEdit={setEditing} />
                </div>
              )}
            </section>
          )}
          {canAdd && (
            <div className="metric-catalog__form">
              <Panel headingId="add-metric-heading" title="Add a metric" isNewItemForm>
                <MetricForm key={`add-${viewerPersonId ?? ''}`} orgId={orgId} people={data.data.people} initiatives={data.data.initiatives} defaultOwnerId={viewerPersonId} onSaved={data.reload} />
              </Panel>
            </div>
          )}
          <Dialog title={editing ? `Edit “${editing.name}”` : 'Edit metric'} isOpen={editing !== undefined} onClose={() => setEditing(undefined)} returnFocusTo={focusAfterEdit}>
            {editing && (
              <MetricForm
                key={editing.id}
                orgId={orgId}
                people={data.data.people}
                initiatives={data.data.initiatives}
                metric={editing}
                // Someone saved the metric while this dialog was open: the form goes on from their version.
                onNewer={(latest) => setEditing((current) => current && { ...current, ...latest })}
                onSaved={() => {
                  setEditing(undefined);
                  data.reload();
                }}
                onDeleted={() => {
                  hasJustDeleted.current = true;
                  setEditing(undefined);
                  data.reload();
                }}
              />
            )}
          </Dialog>
        </>
      )}
    </Page>
  );
}

function CatalogEmptyState({ canAdd }: { canAdd: boolean }) {
  return (
    <EmptyState title="No metrics yet">
      <p>
        A weekly business review is only as good as the metrics it looks at. Start by writing down what each one counts, so that the whole room reads the same number the same way.
      </p>
      <p>
        <strong>Outputs</strong> are the results you care about in the end — revenue, orders shipped, customers who come back. They matter, but nobody can change them by deciding to on a Monday.
        <strong> Inputs</strong> are the things the team does that lead to those results — how fast an order is picked, how many items are in stock, how often a robot finishes its route.
      </p>
      <p>
        An input is <strong>controllable</strong> when the team can move it directly through its own work. Those are the metrics to review and set targets on: push the controllable inputs, and the outputs
        follow. An output is never controllable, so Pulse refuses to mark one that way.
      </p>
      <p>
        {canAdd
          ? 'Add the first metric below: give it a definition, an owner, a unit and the direction that counts as better.'
          : 'Admins and members add metrics; once they do, the catalog appears here.'}
      </p>
    </EmptyState>
  );
}

function CatalogTable({ orgId, metrics, canChange, onEdit }: { orgId: string; metrics: Metric[]; canChange(metric: Metric): boolean; onEdit(metric: Metric): void }) {
  // A metric has no page of its own: a link to one (from search) names it in the address.
  const linkedMetricId = useLinkedRow('metric', true);
  return (
    // On a phone each metric is a block, its owner, target and Edit in sight rather than off to the side.
    <DataTable columns={['Name', 'Kind', 'Controllable', 'Owner', 'Unit', 'Good direction', 'Target', 'Initiative', <span className="visually-hidden">Actions</span>]} stacksOnPhones>
      {metrics.map((metric) => (
        <tr key={metric.id} id={linkedRowId('metric', metric.id)} className={metric.id === linkedMetricId ? 'row--linked' : undefined}>
          <td className="metric-catalog__name">
            <strong>{metric.name}</strong>
            <span className="table__muted metric-catalog__definition">{metric.definition}</span>
          </td>
          <td data-label="Kind">{metric.kind === 'input' ? 'Input' : 'Output'}</td>
          <td data-label="Controllable">{metric.controllable ? 'Yes' : 'No'}</td>
          <td data-label="Owner">
            {metric.owner ? metric.owner.name : '—'}
            {metric.owner?.leftOn && <span className="badge badge--muted">Left {formatDay(metric.owner.leftOn)}: needs a new owner</span>}
          </td>
          <td data-label="Unit">{metric.unit || '—'}</td>
          <td className="table__nowrap" data-label="Good direction">{metric.goodDirection === null ? 'Neither' : metric.goodDirection === 'up' ? '↑ Up' : '↓ Down'}</td>
          <td data-label="Target">
            {formatTarget(metric)}
            {metric.lastWeek !== null && (
              // Where the weekly review last charted it, against the target.
              <span className="metric-catalog__week">
                last week{' '}
                <Link to={`/o/${orgId}/wbr/${metric.lastWeek.deck.id}`} title={`${metric.lastWeek.deck.name}, week ending ${formatWeek(metric.lastWeek.weekEnding)}`}>
                  {metric.lastWeek.valueText ?? 'blank'}
                </Link>
                <TargetStatus status={metric.lastWeek.targetStatus} />
              </span>
            )}
          </td>
          <td data-label="Initiative">
            {metric.initiative ? <Link to={`/o/${orgId}/pipeline/${metric.initiative.id}`}>{metric.initiative.name}</Link> : '—'}
            {/* A killed initiative no longer moves anything: the metric needs another, or none. */}
            {metric.initiative?.stage === 'killed' && <span className="badge badge--muted">Killed: link another or none</span>}
          </td>
          <td className="table__end">
            {canChange(metric) && (
              <Button size="small" variant="quiet" onClick={() => onEdit(metric)} aria-label={`Edit ${metric.name}`}>
                Edit
              </Button>
            )}
          </td>
        </tr>
      ))}
    </DataTable>
  );
}

interface MetricFormProps {
  orgId: string;
  people: PersonSummary[];
  initiatives: Initiative[];
  /** The metric to edit; without it the form adds one. */
  metric?: Metric;
  defaultOwnerId?: string | undefined;
  onSaved(): void;
  onDeleted?(): void;
  /** The metric as someone else saved it after this form read it (its save was refused): the form's base from now on. */
  onNewer?(metric: MetricRecord): void;
}

/** Adds or edits a metric. It checks nothing itself: the server's rules answer, and their errors land next to the field they name. */
function MetricForm({ orgId, people, initiatives, metric, defaultOwnerId, onSaved, onDeleted = onSaved, onNewer }: MetricFormProps) {
  const valuesOf = (shown: MetricRecord | undefined) => ({
    name: shown?.name ?? '',
    definition: shown?.definition ?? '',
    kind: shown?.kind ?? 'input',
    controllable: shown?.controllable ? 'yes' : 'no',
    ownerPersonId: shown?.owner?.id ?? defaultOwnerId ?? people[0]?.id ?? '',
    unit: shown?.unit ?? '',
    goodDirection: shown?.goodDirection ?? '',
    target: shown?.target === null || shown?.target === undefined ? '' : String(shown.target),
    initiativeId: shown?.initiative?.id ?? '',
  });
  const initial = valuesOf(metric);
  const [values, setValues] = useState(initial);
  const [newerNote, setNewerNote] = useState<string | undefined>();
  const [isConfirmingDelete, setConfirmingDelete] = useState(false);
  const form = useApiForm(FORM_FIELDS);
  const set = (key: keyof typeof values) => (value: string) => setValues((current) => ({ ...current, [key]: value }));
  // Someone who left may still own an existing metric (shown so it can be handed over); new owners come from the people here.
  const ownerChoices = metric?.owner?.leftOn ? [{ value: metric.owner.id, label: `${metric.owner.name} (left)` }, ...personOptions(people)] : personOptions(people);
  // Likewise a killed initiative: the server refuses a new link to one, so only the metric's own is offered, marked.
  const initiativeChoices = initiatives
    .filter((initiative) => initiative.stage !== 'killed' || initiative.id === metric?.initiative?.id)
    .map((initiative) => ({ value: initiative.id, label: initiative.stage === 'killed' ? `${initiative.name} (killed)` : initiative.name }));

  const body = {
    name: values.name,
    definition: values.definition,
    kind: values.kind,
    controllable: values.controllable === 'yes',
    ownerPersonId: values.ownerPersonId,
    unit: values.unit,
    goodDirection: values.goodDirection === '' ? null : values.goodDirection,
    target: targetFromText(values.target),
    initiativeId: values.initiativeId === '' ? null : values.initiativeId,
  };

  // A refusal (an initiative still promises to move it) shows in the confirmation; once deleted, the edit dialog goes too.
  const remove = async () => {
    if (!metric) return;
    await api('DELETE', `/orgs/${orgId}/metrics/${metric.id}`);
    onDeleted();
  };

  return (
    <>
      <form
        className="form"
        noValidate
        aria-label={metric ? `Edit ${metric.name}` : 'Add a metric'}
        onSubmit={form.handleSubmit(async () => {
          setNewerNote(undefined);
          if (metric) {
            // Refused (409) if someone changed the metric since this page read it, so their change is not undone.
            try {
              await api('PATCH', `/orgs/${orgId}/metrics/${metric.id}`, { ...body, baseUpdatedAt: metric.updatedAt });
            } catch (error) {
              if (!isStaleWriteRefusal(error, 'baseUpdatedAt')) throw error;
              // Reloading would throw away what was typed: the metric as it now is is read instead, the changes made
              // here kept over it, and saving again applies them.
              const { metric: latest } = await api<{ metric: MetricRecord }>('GET', `/orgs/${orgId}/metrics/${metric.id}`);
              setValues(keepDraftOverNewer(initial, valuesOf(latest), values));
              setNewerNote('Someone saved this metric while you were editing it. The fields you did not change now show their version; yours are kept. Check them and save again.');
              onNewer?.(latest);
              return;
            }
          } else {
            await api('POST', `/orgs/${orgId}/metrics`, body);
            setValues({ ...initial, ownerPersonId: values.ownerPersonId });
          }
          onSaved();
        })}
      >
        <FormMessage message={form.formError} />
        <FormMessage message={newerNote} />
        <TextField label="Name" name="name" maxLength={METRIC_LIMITS.nameMaxLength} value={values.name} onChange={(event) => set('name')(event.target.value)} error={form.errorFor('name')} />
        <TextAreaField
          label="Definition"
          name="definition"
          rows={3}
          hint="What is counted, from which data, over which period. A metric nobody can define cannot be reviewed."
          value={values.definition}
          onChange={(event) => set('definition')(event.target.value)}
          error={form.errorFor('definition')}
        />
        <div className="form form--inline">
          <SelectField label="Kind" name="kind" value={values.kind} options={[{ value: 'input', label: 'Input' }, { value: 'output', label: 'Output' }]} onChange={set('kind')} error={form.errorFor('kind')} />
          <SelectField
            label="Controllable"
            name="controllable"
            value={values.controllable}
            options={[{ value: 'no', label: 'No' }, { value: 'yes', label: 'Yes' }]}
            onChange={set('controllable')}
            hint="The team moves it directly. Only an input can be."
            error={form.errorFor('controllable')}
          />
          <SelectField label="Owner" name="ownerPersonId" value={values.ownerPersonId} options={ownerChoices} onChange={set('ownerPersonId')} error={form.errorFor('ownerPersonId')} hint={ownerChoices.length === 0 ? <NoPeopleHint orgId={orgId} what="A metric" /> : undefined} />
        </div>
        <div className="form form--inline">
          <TextField label="Unit" name="unit" maxLength={METRIC_LIMITS.unitMaxLength} placeholder="orders, %, ms" value={values.unit} onChange={(event) => set('unit')(event.target.value)} error={form.errorFor('unit')} />
          <SelectField label="Good direction" name="goodDirection" value={values.goodDirection} options={(['up', 'down', ''] as const).map((value) => ({ value, label: DIRECTION_LABELS[value] }))} onChange={set('goodDirection')} error={form.errorFor('goodDirection')} />
          {/* Text, not type="number": a browser empties a number field it cannot read ("99,5"), and the target would go unsaid. */}
          <TextField label="Target" name="target" inputMode="decimal" value={values.target} onChange={(event) => set('target')(event.target.value)} error={form.errorFor('target')} />
        </div>
        <SelectField
          label="Initiative"
          name="initiativeId"
          value={values.initiativeId}
          options={[{ value: '', label: 'None' }, ...initiativeChoices]}
          onChange={set('initiativeId')}
          hint="The initiative that promises to move this metric."
          error={form.errorFor('initiativeId')}
        />
        <div className="form__row">
          <Button type="submit" variant="primary" isBusy={form.isPending}>
            {metric ? 'Save changes' : 'Add metric'}
          </Button>
          {metric && (
            <Button variant="danger" onClick={() => setConfirmingDelete(true)}>
              Delete metric
            </Button>
          )}
        </div>
      </form>
      {metric && (
        <ConfirmDialog
          title={`Delete “${metric.name}”?`}
          isOpen={isConfirmingDelete}
          description={<p>“{metric.name}” leaves the catalog; published business review weeks keep what they showed. This cannot be undone.</p>}
          confirmLabel="Delete metric"
          cancelLabel="Keep it"
          onConfirm={remove}
          onClose={() => setConfirmingDelete(false)}
        />
      )}
    </>
  );
}
