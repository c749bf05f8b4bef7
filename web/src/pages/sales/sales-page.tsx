import { useState } from 'react';
import { mayOpenOpportunityFor, OPEN_STAGES, OPPORTUNITY_STAGES, SALES_LIMITS, stageLabel } from '../../../../src/domain/sales/opportunity-rules.js';
import { nextPipelineSort, pipelineSortFrom, pipelineTotals, sortPipeline, type PipelineSort, type PipelineSortKey } from '../../../../src/domain/sales/pipeline-list.js';
import { staleStageProbabilitiesMessage, stageProbabilitiesToken, type StageProbabilities } from '../../../../src/domain/sales/stage-probabilities.js';
import { Button } from '../../components/button.js';
import { FormActions } from '../../components/form-actions.js';
import { DataTable } from '../../components/data-table.js';
import { FormMessage, SelectField, TextField } from '../../components/field.js';
import { EmptyState, ErrorNote, LoadingNote, Page } from '../../components/page.js';
import { Panel } from '../../components/panel.js';
import { ViewTabs } from '../../components/view-tabs.js';
import { api } from '../../lib/api-client.js';
import type { Membership } from '../../lib/api-types.js';
import { formatDay } from '../../lib/format.js';
import { Link, navigate, useLocation } from '../../lib/router.js';
import { useSession } from '../../lib/session.js';
import { useApiForm } from '../../lib/use-api-form.js';
import { useDraftOverNewer } from '../../lib/use-draft-over-newer.js';
import { useResource } from '../../lib/use-resource.js';
import { hasPermission } from '../../shell/sections.js';
import { NoPeopleHint } from '../people/no-people-hint.js';
import { personOptions, type PersonSummary } from '../people/people-types.js';
import { DeliveryCostField } from './delivery-cost-field.js';
import {
  formatAmount, formatAttainment, formatCoverage, formatDays, formatMargin, formatWinRate, moneyFieldValue, NO_SALES_FILTERS, percentFieldValue, pipelineAddress, pipelineTotalText, salesFiltersFrom, salesQuery, salesViewTabs, stagePipelineText, weightedTotalText,
  type Opportunity, type OpportunityList, type QuotaReport, type SalesFilters, type SalesForecast, type SalesKpis, type StageProbabilitiesView,
} from './sales-types.js';
import './sales.css';

/** The sales pipeline: counts by stage, every opportunity by account, and opening a new one. */
export function SalesPage({ membership }: { membership: Membership }) {
  const orgId = membership.org.id;
  const { search } = useLocation();
  const [filters, setFiltersState] = useState<SalesFilters>(() => salesFiltersFrom(search));
  const [sort, setSortState] = useState<PipelineSort | null>(() => pipelineSortFrom(search));
  const query = salesQuery(filters);
  const data = useResource(async (signal) => {
    const [list, { people }, { kpis }, { quotas }, { forecast }] = await Promise.all([
      api<OpportunityList>('GET', `/orgs/${orgId}/opportunities${query}`, undefined, { signal }),
      api<{ people: PersonSummary[] }>('GET', `/orgs/${orgId}/people`, undefined, { signal }),
      api<{ kpis: SalesKpis }>('GET', `/orgs/${orgId}/opportunities/kpis`, undefined, { signal }),
      api<{ quotas: QuotaReport }>('GET', `/orgs/${orgId}/quotas`, undefined, { signal }),
      // The forecast follows the owner filter, so a leader reads one rep's month and quarter; the other filters narrow the list alone.
      api<{ forecast: SalesForecast }>('GET', `/orgs/${orgId}/opportunities/forecast${salesQuery({ ...NO_SALES_FILTERS, ownerPersonId: filters.ownerPersonId })}`, undefined, { signal }),
    ]);
    return { list, people, kpis, quotas, forecast };
  }, `${orgId}${query}`);
  const { state } = useSession();
  const viewerUserId = state.status === 'signed-in' ? state.session.user.id : undefined;
  const viewerPersonId = data.data?.people.find((person) => person.userId !== null && person.userId === viewerUserId)?.id;
  const canOpen = hasPermission(membership, 'sales.write');
  const isFiltered = query !== '';
  // The filters and the sort live in the address too, so a filtered, sorted pipeline can be shared and survives a reload.
  const setFilters = (next: SalesFilters) => {
    setFiltersState(next);
    navigate(pipelineAddress(orgId, next, sort), { replace: true });
  };
  const setSort = (next: PipelineSort | null) => {
    setSortState(next);
    navigate(pipelineAddress(orgId, filters, next), { replace: true });
  };
  const sortBy = (key: PipelineSortKey) => setSort(nextPipelineSort(sort, key));
  const list = data.data?.list;
  const total = list ? OPPORTUNITY_STAGES.reduce((sum, stage) => sum + (list.countsByStage[stage] ?? 0), 0) : 0;

  return (
    <Page
      title="Sales"
      context={membership.org.name}
      lead={<p>Each opportunity is worked backwards from the buyer: the press release their executive will read in a year, the success criteria they will judge it by, and the answers to every objection.</p>}
    >
      <ViewTabs label="Sales views" tabs={salesViewTabs(orgId)} current="pipeline" />
      {data.isLoading && !data.data && <LoadingNote label="Loading the pipeline…" />}
      {data.error && <ErrorNote message={data.error} onRetry={data.reload} />}
      {list && data.data && (
        <>
          {total === 0 && !isFiltered ? (
            <SalesEmptyState canOpen={canOpen} />
          ) : (
            <section aria-labelledby="pipeline-heading">
              <SalesKpiStrip kpis={data.data.kpis} quotas={data.data.quotas} orgId={orgId} />
              <SalesForecastSection orgId={orgId} forecast={data.data.forecast} ownerName={data.data.people.find((person) => person.id === filters.ownerPersonId)?.name} canChangeProbabilities={hasPermission(membership, 'sales.manage')} onChanged={data.reload} />
              <h2 id="pipeline-heading" className="section-title">
                Pipeline by stage
              </h2>
              <ul className="sales-stages" aria-label="Opportunities by stage">
                {OPPORTUNITY_STAGES.map((stage) => (
                  <li key={stage}>
                    <button type="button" className={`sales-stages__stage sales-stages__stage--${stage}`} aria-pressed={filters.stage === stage} onClick={() => setFilters({ ...filters, stage: filters.stage === stage ? '' : stage })}>
                      <span className="sales-stages__count">{list.countsByStage[stage] ?? 0}</span>
                      <span>{stageLabel(stage)}</span>
                    </button>
                  </li>
                ))}
              </ul>
              <form className="form form--inline" aria-label="Filter the pipeline" onSubmit={(event) => event.preventDefault()}>
                <SelectField label="Stage" name="filter-stage" value={filters.stage} options={[{ value: '', label: 'Every stage' }, ...OPPORTUNITY_STAGES.map((stage) => ({ value: stage, label: stageLabel(stage) }))]} onChange={(value) => setFilters({ ...filters, stage: value as SalesFilters['stage'] })} />
                <SelectField label="Owner" name="filter-owner" value={filters.ownerPersonId} options={ownerFilterOptions(data.data.people, viewerPersonId)} onChange={(value) => setFilters({ ...filters, ownerPersonId: value })} />
                {filters.accountId !== '' && (
                  <p className="sales-account-filter">
                    Account: <strong>{list.opportunities[0]?.accountName ?? 'the one chosen'}</strong>{' '}
                    <Button variant="quiet" onClick={() => setFilters({ ...filters, accountId: '' })}>
                      Every account
                    </Button>
                  </p>
                )}
                {/* On a phone the list stacks and its sortable headings are gone: the same sorts are chosen here. */}
                <div className="sales-sort-select">
                  <SelectField label="Sort by" name="sort" value={sortOptionValue(sort)} options={SORT_OPTIONS} onChange={(value) => setSort(sortFromOptionValue(value))} />
                </div>
                {isFiltered && (
                  <Button variant="quiet" className="form__inline-submit" onClick={() => setFilters(NO_SALES_FILTERS)}>
                    Clear filters
                  </Button>
                )}
              </form>
              <h2 className="section-title" id="opportunities-heading">
                {list.opportunities.length === 1 ? '1 opportunity' : `${list.opportunities.length} opportunities`}
                {isFiltered && (list.opportunities.length === 1 ? ' matches the filters' : ' match the filters')}
              </h2>
              {list.opportunities.length === 0 ? (
                <p className="section-lead">No opportunity matches these filters.</p>
              ) : (
                <>
                  <PipelineTotalsSummary opportunities={list.opportunities} probabilities={list.stageProbabilities} />
                  <OpportunityTable orgId={orgId} opportunities={list.opportunities} sort={sort} onSort={sortBy} />
                </>
              )}
            </section>
          )}
          {canOpen && (
            <div className="sales__form">
              <Panel headingId="open-opportunity-heading" title="Open an opportunity" isNewItemForm>
                <OpenOpportunityForm key={viewerPersonId ?? ''} orgId={orgId} people={data.data.people} viewer={{ role: membership.role, personId: viewerPersonId ?? null }} />
              </Panel>
            </div>
          )}
        </>
      )}
    </Page>
  );
}

/**
 * The core sales KPIs of the whole pipeline (the filters narrow the list, not these), each with what it is measured
 * on; attainment and coverage are the quarter's, against the quotas (see the Quotas view).
 */
function SalesKpiStrip({ kpis, quotas, orgId }: { kpis: SalesKpis; quotas: QuotaReport; orgId: string }) {
  const closed = kpis.wonDeals + kpis.lostDeals;
  return (
    <section aria-labelledby="kpis-heading" className="sales-kpis">
      <h2 id="kpis-heading" className="visually-hidden">
        Sales KPIs
      </h2>
      <dl className="sales-kpis__list">
        <div>
          <dt>Win rate</dt>
          <dd>{formatWinRate(kpis.winRate)}</dd>
          <dd className="sales-kpis__note">{closed === 0 ? 'no deal closed yet' : `${kpis.wonDeals} won of ${closed} closed`}</dd>
        </div>
        <div>
          <dt>Average won deal</dt>
          <dd>{formatAmount(kpis.averageWonDeal)}</dd>
        </div>
        <div>
          <dt>Median sales cycle</dt>
          <dd>{formatDays(kpis.medianSalesCycleDays)}</dd>
          <dd className="sales-kpis__note">opened to won</dd>
        </div>
        <div>
          <dt>Open pipeline</dt>
          {OPEN_STAGES.map((stage) => (
            <dd key={stage} className="sales-kpis__stage">
              {stageLabel(stage)}: {stagePipelineText(kpis.pipelineByStage[stage])}
            </dd>
          ))}
          <dd className="sales-kpis__note">weighted {formatAmount(OPEN_STAGES.reduce((sum, stage) => sum + kpis.pipelineByStage[stage].weightedAmount, 0))} at the stage probabilities</dd>
        </div>
        <div>
          <dt>Bookings this quarter</dt>
          <dd>{formatAmount(kpis.bookingsQuarterToDate)}</dd>
          <dd className="sales-kpis__note">since {formatDay(kpis.quarterStart)}</dd>
        </div>
        <div>
          <dt>Quota attainment</dt>
          <dd>{formatAttainment(quotas.attainment)}</dd>
          <dd className="sales-kpis__note">
            {quotas.teamQuota === null ? <Link to={`/o/${orgId}/sales/quotas`}>no quota for {quotas.quarter}</Link> : `of ${formatAmount(quotas.teamQuota)} in ${quotas.quarter}`}
          </dd>
        </div>
        <div>
          <dt>Pipeline coverage</dt>
          <dd>{quotas.remaining === 0 ? 'Quota met' : formatCoverage(quotas.coverage)}</dd>
          <dd className="sales-kpis__note">{quotas.remaining === null || quotas.remaining === 0 ? 'of the quota left' : `of ${formatAmount(quotas.remaining)} left to book`}</dd>
        </div>
        <div>
          <dt>Sales velocity</dt>
          <dd>{kpis.salesVelocityPerDay === null ? '—' : `${formatAmount(kpis.salesVelocityPerDay)} a day`}</dd>
          <dd className="sales-kpis__note">open deals × average won × win rate ÷ cycle</dd>
        </div>
      </dl>
    </section>
  );
}

/** This month's and this quarter's forecast, and the stage probabilities that weight it (changed by admins). */
function SalesForecastSection({ orgId, forecast, ownerName, canChangeProbabilities, onChanged }: { orgId: string; forecast: SalesForecast; ownerName: string | undefined; canChangeProbabilities: boolean; onChanged: () => void }) {
  const [isEditing, setEditing] = useState(false);
  const periods = [
    { label: 'This month', period: forecast.month },
    { label: 'This quarter', period: forecast.quarter },
  ];
  const unpriced = (entry: SalesForecast['month']['open']) => (entry.dealsWithoutAmount === 0 ? '' : `; ${entry.dealsWithoutAmount} with no amount not counted`);
  const dealCount = (count: number) => (count === 1 ? '1 deal' : `${count} deals`);
  return (
    <section aria-labelledby="forecast-heading" className="sales-forecast">
      <h2 id="forecast-heading" className="section-title">
        {ownerName === undefined ? 'Forecast' : `Forecast for ${ownerName}`}
      </h2>
      <p className="section-lead">
        Deals by their close date. <strong>Committed</strong> is won; <strong>weighted</strong> adds each open deal at its stage&apos;s probability; <strong>best case</strong> adds every open deal won. Overdue open deals count in the current period.
      </p>
      <DataTable columns={['Period', 'Committed', 'Weighted', 'Best case', 'Open deals']} label="Forecast" stacksOnPhones>
        {periods.map(({ label, period }) => (
          <tr key={period.period}>
            <td>
              {label}
              <span className="table__muted sales-forecast__dates">
                {period.from} to {period.to}
              </span>
            </td>
            <td data-label="Committed" className="table__nowrap">
              {formatAmount(period.committed.amount)}
            </td>
            <td data-label="Weighted" className="table__nowrap">
              {formatAmount(period.weighted)}
            </td>
            <td data-label="Best case" className="table__nowrap">
              {formatAmount(period.bestCase)}
            </td>
            <td data-label="Open deals">
              {dealCount(period.open.deals)}
              {period.overdueDeals > 0 && `, ${period.overdueDeals} overdue`}
              {unpriced(period.open)}
            </td>
          </tr>
        ))}
      </DataTable>
      {forecast.openDealsWithoutCloseDate > 0 && (
        <p className="sales-forecast__note">
          {forecast.openDealsWithoutCloseDate === 1 ? '1 open deal has' : `${forecast.openDealsWithoutCloseDate} open deals have`} no close date, so no forecast counts {forecast.openDealsWithoutCloseDate === 1 ? 'it' : 'them'}.
        </p>
      )}
      <div className="sales-probabilities">
        <h3 id="probabilities-heading" className="sales-probabilities__title">
          Stage probabilities
        </h3>
        {isEditing ? (
          <StageProbabilitiesForm
            orgId={orgId}
            probabilities={forecast.probabilities}
            onStale={onChanged}
            onDone={(isSaved) => {
              setEditing(false);
              if (isSaved) onChanged();
            }}
          />
        ) : (
          <p>
            {OPPORTUNITY_STAGES.map((stage) => `${stageLabel(stage)} ${forecast.probabilities[stage]}%`).join(' · ')}
            {canChangeProbabilities ? (
              <>
                {' '}
                <Button variant="quiet" onClick={() => setEditing(true)}>
                  Change probabilities
                </Button>
              </>
            ) : (
              <span className="sales-kpis__note"> (set by admins)</span>
            )}
          </p>
        )}
      </div>
    </section>
  );
}

/**
 * An admin's form for the open stages' probabilities; won and lost are fixed, so shown but not asked. It saves over
 * the probabilities it read: another admin's change made meanwhile refuses the save, and is then taken in for the
 * stages left alone here while what was typed stays (useDraftOverNewer), so saving again undoes nothing unseen.
 */
const probabilityValuesOf = (probabilities: StageProbabilities) => ({ discovery: String(probabilities.discovery), solution: String(probabilities.solution), proposal: String(probabilities.proposal) });

function StageProbabilitiesForm({ orgId, probabilities, onStale, onDone }: { orgId: string; probabilities: StageProbabilities; onStale: () => void; onDone: (isSaved: boolean) => void }) {
  const { read, values, setValues, newerNote, submit } = useDraftOverNewer(probabilities, stageProbabilitiesToken, probabilityValuesOf);
  const form = useApiForm(OPEN_STAGES);
  const path = `/orgs/${orgId}/stage-probabilities`;
  return (
    <form
      className="form"
      noValidate
      aria-label="Stage probabilities"
      onSubmit={form.handleSubmit(async () => {
        // What was typed goes as it is unless it reads as a number: the server names the stage it cannot read (Number('') would be 0).
        const body = Object.fromEntries(OPEN_STAGES.map((stage) => [stage, percentFieldValue(values[stage])]));
        const outcome = await submit({
          save: () => api<{ stageProbabilities: StageProbabilitiesView }>('PUT', path, { ...body, baseToken: stageProbabilitiesToken(read) }),
          readLatest: async () => (await api<{ stageProbabilities: StageProbabilitiesView }>('GET', path)).stageProbabilities.probabilities,
          note: (latest) => `${staleStageProbabilitiesMessage(latest)} The stages you left alone now show theirs, and yours are kept: save again to apply them.`,
        });
        if (outcome.isNewer) onStale();
        else onDone(true);
      })}
    >
      <FormMessage message={newerNote} />
      <FormMessage message={form.formError} />
      <div className="form form--inline">
        {OPEN_STAGES.map((stage) => (
          <TextField
            key={stage}
            label={`${stageLabel(stage)} (%)`}
            name={stage}
            // Text, not number: a number input hands over '' for what it cannot read, so a typo would be refused as blank.
            inputMode="numeric"
            value={values[stage]}
            onChange={(event) => setValues((current) => ({ ...current, [stage]: event.target.value }))}
            error={form.errorFor(stage)}
          />
        ))}
      </div>
      <p className="sales-kpis__note">Won is always 100% and lost 0%. Every seller&apos;s weighted pipeline and the forecast follow these.</p>
      <FormActions isBusy={form.isPending} onCancel={() => onDone(false)}>
        Save probabilities
      </FormActions>
    </form>
  );
}

function SalesEmptyState({ canOpen }: { canOpen: boolean }) {
  return (
    <EmptyState title="No opportunities yet">
      <p>
        Sell the way Pulse builds products: start from the buyer. Before you propose anything, write the press release the buyer&apos;s executive will read in twelve months — the headline, the problem in the buyer&apos;s own
        words, the outcome as a number, and what their executive says.
      </p>
      <p>
        Then agree how the buyer will judge it: each <strong>success criterion</strong> is a metric with a baseline, a target and a date. An opportunity leaves discovery only with a written headline, a measurable outcome and one
        complete criterion, and it reaches proposal only when every objection the buyer raised has an answer.
      </p>
      <p>{canOpen ? 'Open the first opportunity below.' : 'Admins and members open opportunities; once they do, the pipeline appears here.'}</p>
    </EmptyState>
  );
}

/**
 * The deals the list shows (after the filters), added up: how many, the sum of the amounts known with the unpriced
 * deals counted apart (as the KPI strip does), the open ones weighted by the org's stage probabilities, and the same
 * per stage.
 */
function PipelineTotalsSummary({ opportunities, probabilities }: { opportunities: OpportunityList['opportunities']; probabilities: OpportunityList['stageProbabilities'] }) {
  const totals = pipelineTotals(opportunities, probabilities);
  const total = pipelineTotalText(totals.all);
  const weighted = weightedTotalText(totals.open);
  return (
    <section aria-labelledby="pipeline-totals-heading" className="sales-totals">
      <h3 id="pipeline-totals-heading" className="visually-hidden">
        Totals of the deals shown
      </h3>
      <dl className="sales-kpis__list">
        <div>
          <dt>Deals shown</dt>
          <dd>{totals.all.deals}</dd>
        </div>
        <div>
          <dt>Total amount</dt>
          <dd>{total.amount}</dd>
          <dd className="sales-kpis__note">{total.note}</dd>
        </div>
        <div>
          <dt>Weighted pipeline</dt>
          <dd>{weighted.amount}</dd>
          <dd className="sales-kpis__note">{weighted.note}</dd>
        </div>
        <div>
          <dt>By stage</dt>
          {OPPORTUNITY_STAGES.filter((stage) => totals.byStage[stage].deals > 0).map((stage) => (
            <dd key={stage} className="sales-kpis__stage">
              {stageLabel(stage)}: {stagePipelineText(totals.byStage[stage])}
            </dd>
          ))}
        </div>
      </dl>
    </section>
  );
}

const SORTABLE_COLUMNS: readonly { key: PipelineSortKey; label: string }[] = [
  { key: 'account', label: 'Account' },
  { key: 'name', label: 'Opportunity' },
  { key: 'owner', label: 'Owner' },
  { key: 'stage', label: 'Stage' },
  { key: 'amount', label: 'Amount' },
  { key: 'weighted', label: 'Weighted' },
  { key: 'grossProfit', label: 'Gross profit' },
  { key: 'margin', label: 'Margin' },
  { key: 'closeDate', label: 'Close date' },
];

const SORT_WORDS: Record<PipelineSortKey, Record<PipelineSort['direction'], string>> = {
  account: { ascending: 'A to Z', descending: 'Z to A' },
  name: { ascending: 'A to Z', descending: 'Z to A' },
  owner: { ascending: 'A to Z', descending: 'Z to A' },
  stage: { ascending: 'in pipeline order', descending: 'lost and won first' },
  amount: { ascending: 'smallest first', descending: 'largest first' },
  weighted: { ascending: 'smallest first', descending: 'largest first' },
  grossProfit: { ascending: 'smallest first', descending: 'largest first' },
  margin: { ascending: 'lowest first', descending: 'highest first' },
  closeDate: { ascending: 'soonest first', descending: 'latest first' },
};

const SORT_OPTIONS = [
  { value: '', label: 'Account, then opportunity' },
  ...SORTABLE_COLUMNS.flatMap((column) => (['ascending', 'descending'] as const).map((direction) => ({ value: `${column.key}:${direction}`, label: `${column.label}, ${SORT_WORDS[column.key][direction]}` }))),
];

const sortOptionValue = (sort: PipelineSort | null) => (sort === null ? '' : `${sort.key}:${sort.direction}`);

function sortFromOptionValue(value: string): PipelineSort | null {
  const option = SORT_OPTIONS.find((candidate) => candidate.value === value && value !== '');
  if (option === undefined) return null;
  const [key, direction] = value.split(':') as [PipelineSortKey, PipelineSort['direction']];
  return { key, direction };
}

/**
 * The pipeline's rows, sorted by the column whose heading was pressed (again to turn it around). On a phone each deal
 * is a compact row (account and name, stage, amount, owner, close date; sales.css), so a pipeline is scanned without
 * scrolling sideways or through ten labelled lines a deal; the weighted amount, gross profit and margin are on the
 * deal's page, except the one the list is sorted by, shown so the order can be read.
 */
function OpportunityTable({ orgId, opportunities, sort, onSort }: { orgId: string; opportunities: OpportunityList['opportunities']; sort: PipelineSort | null; onSort: (key: PipelineSortKey) => void }) {
  const rows = sort === null ? opportunities : sortPipeline(opportunities, sort);
  const sortedIndex = sort === null ? -1 : SORTABLE_COLUMNS.findIndex((column) => column.key === sort.key);
  const columns = SORTABLE_COLUMNS.map((column) => {
    const direction = sort?.key === column.key ? sort.direction : undefined;
    return (
      <button key={column.key} type="button" className="sales-sort" onClick={() => onSort(column.key)}>
        {column.label}
        <span className="sales-sort__arrow" aria-hidden="true">
          {direction === 'ascending' ? '▲' : direction === 'descending' ? '▼' : '↕'}
        </span>
      </button>
    );
  });
  return (
    <div className="sales-list" data-sorted-by={sort?.key}>
      <DataTable columns={columns} label="Opportunities" stacksOnPhones sortedColumn={sort === null ? undefined : { index: sortedIndex, direction: sort.direction }}>
        {rows.map((opportunity) => (
          <tr key={opportunity.id}>
            <td>{opportunity.accountName}</td>
            <td data-label="Opportunity">
              <Link to={`/o/${orgId}/sales/${opportunity.id}`}>{opportunity.name}</Link>
            </td>
            <td data-label="Owner">
              {opportunity.owner ? opportunity.owner.name : '—'}
              {opportunity.owner?.leftOn && <span className="badge badge--muted">Left {formatDay(opportunity.owner.leftOn)}: needs a new owner</span>}
            </td>
            <td data-label="Stage">
              <span className={`stage-badge sales-stage--${opportunity.stage}`}>{stageLabel(opportunity.stage)}</span>
            </td>
            <td data-label="Amount" className="table__nowrap">
              {opportunity.amount === null ? <span className="table__muted">no amount</span> : formatAmount(opportunity.amount)}
            </td>
            <td data-label="Weighted" className="table__nowrap">
              {opportunity.weightedAmount === null ? <span className="table__muted">—</span> : formatAmount(opportunity.weightedAmount)}
            </td>
            {/* Unknown until both the amount and the delivery cost are set: said so, never a 0 profit. A loss-making deal
                is allowed, but marked, so a leader scanning the pipeline sees it without opening each deal. */}
            <td data-label="Gross profit">
              {opportunity.grossProfit === null ? <span className="table__muted">{opportunity.amount === null ? '—' : 'no cost'}</span> : <span className="table__nowrap">{formatAmount(opportunity.grossProfit)}</span>}
              {opportunity.grossProfit !== null && opportunity.grossProfit < 0 && (
                <>
                  {' '}
                  <span className="badge sales-loss">Loss</span>
                </>
              )}
            </td>
            <td data-label="Margin" className="table__nowrap">
              {opportunity.grossMargin === null ? <span className="table__muted">—</span> : formatMargin(opportunity.grossMargin)}
            </td>
            <td data-label="Close date" className="table__nowrap">
              {opportunity.closeDate === null ? '—' : formatDay(opportunity.closeDate)}
            </td>
          </tr>
        ))}
      </DataTable>
    </div>
  );
}

/** The owner filter's choices: a seller's own deals first (the view they work from), then everyone else by name. */
function ownerFilterOptions(people: PersonSummary[], viewerPersonId: string | undefined) {
  const viewer = people.find((person) => person.id === viewerPersonId);
  if (!viewer) return personOptions(people, 'Anyone');
  return [{ value: '', label: 'Anyone' }, { value: viewer.id, label: `My deals (${viewer.name})` }, ...personOptions(people.filter((person) => person !== viewer))];
}

/**
 * Opens an opportunity and goes to it: the discovery record is written on its own page. The owner offered is the
 * viewer, or anyone for an admin (the server's rule sales.own_deals): a member who named a colleague would open a deal
 * they could not work.
 */
function OpenOpportunityForm({ orgId, people, viewer }: { orgId: string; people: PersonSummary[]; viewer: { role: Membership['role']; personId: string | null } }) {
  const owners = people.filter((person) => mayOpenOpportunityFor(viewer, person.id));
  const [values, setValues] = useState({ accountName: '', name: '', ownerPersonId: viewer.personId ?? owners[0]?.id ?? '', amount: '', deliveryCost: '', territory: '', closeDate: '' });
  const form = useApiForm(['accountName', 'name', 'ownerPersonId', 'amount', 'deliveryCost', 'territory', 'closeDate']);
  const set = (key: keyof typeof values) => (value: string) => setValues((current) => ({ ...current, [key]: value }));
  // As on the deal's own form: a loss is allowed, but said before the deal is opened.
  if (people.length > 0 && owners.length === 0) {
    return (
      <p className="section-lead">
        You open deals as their owner, and you are not on the org chart yet: add yourself on <Link to={`/o/${orgId}/home`}>Home</Link> (one click) first, or ask an admin to open this one for you.
      </p>
    );
  }
  return (
    <form
      className="form sales-owner-form"
      noValidate
      aria-label="Open an opportunity"
      onSubmit={form.handleSubmit(async () => {
        const { opportunity } = await api<{ opportunity: Opportunity }>('POST', `/orgs/${orgId}/opportunities`, {
          accountName: values.accountName,
          name: values.name,
          ownerPersonId: values.ownerPersonId,
          amount: moneyFieldValue(values.amount),
          deliveryCost: moneyFieldValue(values.deliveryCost),
          territory: values.territory,
          closeDate: values.closeDate === '' ? null : values.closeDate,
        });
        navigate(`/o/${orgId}/sales/${opportunity.id}`);
      })}
    >
      <FormMessage message={form.formError} />
      <div className="form form--inline">
        <TextField label="Account" name="accountName" maxLength={SALES_LIMITS.nameMaxLength} hint="The buyer's company." value={values.accountName} onChange={(event) => set('accountName')(event.target.value)} error={form.errorFor('accountName')} />
        <TextField label="Opportunity" name="name" maxLength={SALES_LIMITS.nameMaxLength} value={values.name} onChange={(event) => set('name')(event.target.value)} error={form.errorFor('name')} />
        <SelectField
          label="Owner"
          name="ownerPersonId"
          value={values.ownerPersonId}
          options={personOptions(owners)}
          onChange={set('ownerPersonId')}
          error={form.errorFor('ownerPersonId')}
          hint={people.length === 0 ? <NoPeopleHint orgId={orgId} what="An opportunity" /> : owners.length < people.length ? 'You open deals as their owner; an admin opens one for someone else.' : undefined}
        />
      </div>
      <div className="form form--inline">
        <TextField label="Amount (optional)" name="amount" inputMode="decimal" value={values.amount} onChange={(event) => set('amount')(event.target.value)} error={form.errorFor('amount')} />
        <DeliveryCostField label="Delivery cost (optional)" amount={values.amount} value={values.deliveryCost} action="Open" error={form.errorFor('deliveryCost')} onChange={set('deliveryCost')} />
        <TextField label="Territory (optional)" name="territory" maxLength={SALES_LIMITS.territoryMaxLength} value={values.territory} onChange={(event) => set('territory')(event.target.value)} error={form.errorFor('territory')} />
        <TextField label="Close date (optional)" name="closeDate" type="date" value={values.closeDate} onChange={(event) => set('closeDate')(event.target.value)} error={form.errorFor('closeDate')} />
      </div>
      <div className="form__row">
        <Button type="submit" variant="primary" isBusy={form.isPending}>
          Open opportunity
        </Button>
      </div>
    </form>
  );
}
