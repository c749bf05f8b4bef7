import { useMemo, useState } from 'react';
import { GROSS_PROFIT_PERIOD_LABELS, GROSS_PROFIT_PERIODS, type GrossProfitPeriod } from '../../../../src/domain/sales/gross-profit.js';
import { DataTable } from '../../components/data-table.js';
import { SelectField, TextField } from '../../components/field.js';
import { ErrorNote, LoadingNote, Page } from '../../components/page.js';
import { Panel } from '../../components/panel.js';
import { ViewTabs } from '../../components/view-tabs.js';
import { api } from '../../lib/api-client.js';
import type { Membership } from '../../lib/api-types.js';
import { navigate, useLocation } from '../../lib/router.js';
import { useResource } from '../../lib/use-resource.js';
import {
  formatAmount,
  formatMargin,
  dealCount,
  grossProfitPeriodFrom,
  modelFieldsFrom,
  modelFromFields,
  pipelineProfitText,
  salesViewTabs,
  type DealModelFields,
  type GrossProfitReport,
  type GrossProfitRollup,
} from './sales-types.js';
import './sales.css';

/** Gross profit of the deals won in a period and of the open pipeline, per rep and per territory, and a what-if model of a deal. */
export function GrossProfitPage({ membership }: { membership: Membership }) {
  const orgId = membership.org.id;
  const { search } = useLocation();
  // The period lives in the address alone, so a view can be shared, survives a reload, and follows the tab's link.
  const period = grossProfitPeriodFrom(search);
  // Read once: the address seeds the calculator (a deal's page links here with its numbers); typing does not rewrite it.
  const [initialModel] = useState(() => modelFieldsFrom(search));
  const data = useResource(async (signal) => {
    const path = `/orgs/${orgId}/opportunities/gross-profit?period=${period}`;
    const [byRep, byTerritory] = await Promise.all([
      api<{ grossProfit: GrossProfitReport }>('GET', `${path}&groupBy=rep`, undefined, { signal }),
      api<{ grossProfit: GrossProfitReport }>('GET', `${path}&groupBy=territory`, undefined, { signal }),
    ]);
    return { byRep: byRep.grossProfit, byTerritory: byTerritory.grossProfit };
  }, `${orgId}:${period}`);
  const setPeriod = (next: GrossProfitPeriod) => navigate(`/o/${orgId}/sales/gross-profit?period=${next}`, { replace: true });
  const report = data.data?.byRep;

  return (
    <Page title="Gross profit" context={membership.org.name} lead={<p>What the deals leave once delivered: each deal&apos;s amount less its delivery cost (hosting, implementation, support), per rep and per territory.</p>}>
      <ViewTabs label="Sales views" tabs={salesViewTabs(orgId)} current="gross-profit" />
      <form className="form form--inline gross-profit__form" aria-label="Choose the period" onSubmit={(event) => event.preventDefault()}>
        <SelectField label="Deals won" name="period" value={period} options={GROSS_PROFIT_PERIODS.map((value) => ({ value, label: GROSS_PROFIT_PERIOD_LABELS[value] }))} onChange={(value) => setPeriod(value as GrossProfitPeriod)} />
      </form>
      {data.isLoading && !data.data && <LoadingNote label="Loading gross profit…" />}
      {data.error && <ErrorNote message={data.error} onRetry={data.reload} />}
      {report && data.data && (
        <>
          <p className="section-lead">
            {report.from === null ? `Every deal won up to ${report.to}` : `Deals won from ${report.from} to ${report.to}`} (UTC), and the open pipeline as priced today.
          </p>
          <GrossProfitTotals report={report} />
          {report.won.deals === 0 && report.pipeline.deals === 0 ? (
            <p className="section-lead">
              No deal was won in this period and none is open. Set each deal&apos;s amount and delivery cost on its page while it is open; won deals then show here, per rep and per territory.
            </p>
          ) : (
            <>
              <GroupTable headingId="per-rep-heading" title="Per rep" column="Rep" report={data.data.byRep} />
              <GroupTable headingId="per-territory-heading" title="Per territory" column="Territory" report={data.data.byTerritory} />
            </>
          )}
          <p className="section-lead sales__spaced">
            <strong>Cost unknown.</strong> A deal whose delivery cost or amount is not set is counted apart and left out of revenue, cost, profit and margin: counting it as free would flatter the margin. Set its cost
            on its page before it closes; a won or lost deal keeps the numbers it closed with.
          </p>
        </>
      )}
      <DealModelPanel initial={initialModel} />
    </Page>
  );
}

/** Figures in the KPI strip's style: each a label, its value, and what it is made of in a quieter line. */
function Figures({ figures }: { figures: readonly { label: string; value: string; note?: string }[] }) {
  return (
    <dl className="sales-kpis__list">
      {figures.map((figure) => (
        <div key={figure.label}>
          <dt>{figure.label}</dt>
          <dd>{figure.value}</dd>
          {figure.note !== undefined && <dd className="sales-kpis__note">{figure.note}</dd>}
        </div>
      ))}
    </dl>
  );
}

/** The period's totals and the open pipeline's expected gross profit, each with what it is made of. */
function GrossProfitTotals({ report }: { report: GrossProfitReport }) {
  const { won, pipeline } = report;
  return (
    <section aria-labelledby="gross-profit-totals-heading" className="sales-kpis">
      <h2 id="gross-profit-totals-heading" className="visually-hidden">
        Totals
      </h2>
      <Figures
        figures={[
          { label: 'Gross profit won', value: profitOf(won, won.grossProfit), note: `${won.costedDeals} of ${dealCount(won.deals)} won with a known amount and cost` },
          { label: 'Gross margin', value: formatMargin(won.grossMargin), note: `on ${formatAmount(won.revenue)} of revenue` },
          { label: 'Cost unknown', value: dealCount(won.costUnknownDeals), note: leftOutRevenueText(won, ' of revenue left out') },
          {
            label: 'Open pipeline, expected',
            value: profitOf(pipeline, pipeline.grossProfit),
            note: pipeline.deals === 0 ? 'no open deal' : `${formatMargin(pipeline.grossMargin)} margin; ${pipeline.costedDeals} of ${dealCount(pipeline.deals)} open with a known amount and cost`,
          },
        ]}
      />
    </section>
  );
}

/**
 * The revenue the cost-unknown deals leave out of the margin: their known amounts, and how many have no amount at
 * all, said in words ("0" would read as deals sold for nothing).
 */
function leftOutRevenueText(rollup: GrossProfitRollup, knownSuffix = ''): string {
  const missing = rollup.amountUnknownDeals;
  const isEveryAmountMissing = missing > 0 && missing === rollup.costUnknownDeals;
  const known = isEveryAmountMissing ? [] : [`${formatAmount(rollup.costUnknownRevenue)}${knownSuffix}`];
  const amounts = missing === 1 ? 'amount' : 'amounts';
  // "1 deal (amount not recorded)", but "2 deals (50,000; 1 amount not recorded)".
  const unrecorded = missing === 0 ? [] : [`${isEveryAmountMissing ? '' : `${missing} `}${amounts} not recorded`];
  return [...known, ...unrecorded].join('; ');
}

/** A rollup's profit, or a dash when none of its deals has a known cost (0 would read as break-even). */
const profitOf = (rollup: GrossProfitRollup, value: number) => (rollup.costedDeals === 0 ? '—' : formatAmount(value));

function GroupTable({ headingId, title, column, report }: { headingId: string; title: string; column: string; report: GrossProfitReport }) {
  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId} className="section-title">
        {title}
      </h2>
      <div className="gross-profit-table">
        {/* Stacked on a phone: scrolled sideways, the profit and margin, what the view is for, were off the screen. */}
        <DataTable stacksOnPhones columns={[column, 'Won deals', 'Revenue', 'Delivery cost', 'Gross profit', 'Margin', 'Cost unknown', 'Open pipeline profit']}>
          {report.groups.map((group) => (
            <tr key={group.key ?? ''}>
              <td>{group.key === null ? <span className="table__muted">{group.label}</span> : group.label}</td>
              <td data-label="Won deals">{group.won.deals}</td>
              <td className="table__nowrap" data-label="Revenue">{profitOf(group.won, group.won.revenue)}</td>
              <td className="table__nowrap" data-label="Delivery cost">{profitOf(group.won, group.won.deliveryCost)}</td>
              <td className="table__nowrap" data-label="Gross profit">{profitOf(group.won, group.won.grossProfit)}</td>
              <td className="table__nowrap" data-label="Margin">{formatMargin(group.won.grossMargin)}</td>
              <td className="table__nowrap" data-label="Cost unknown">{group.won.costUnknownDeals === 0 ? '—' : `${dealCount(group.won.costUnknownDeals)} (${leftOutRevenueText(group.won)})`}</td>
              <td data-label="Open pipeline profit">{pipelineProfitText(group.pipeline)}</td>
            </tr>
          ))}
        </DataTable>
      </div>
    </section>
  );
}

/** The what-if calculator: the same domain model the docs describe, run as the seller types, before the deal is quoted. */
function DealModelPanel({ initial }: { initial: DealModelFields }) {
  const [fields, setFields] = useState(initial);
  const outcome = useMemo(() => modelFromFields(fields), [fields]);
  const set = (key: keyof DealModelFields) => (value: string) => setFields((current) => ({ ...current, [key]: value }));
  const errorFor = (field: keyof DealModelFields) => (outcome.kind === 'invalid' && outcome.field === field ? outcome.message : undefined);
  const isPercent = fields.deliveryCostKind === 'percent-of-revenue';
  // Text, read by the deal form's parser: a number input hands over "100" for a typed "100k" and "" for "100,000".
  const money = { inputMode: 'decimal', autoComplete: 'off' } as const;
  return (
    <Panel headingId="model-heading" title="What if: model a deal">
      <p className="section-lead">Try a price, a discount and a cost before quoting. Delivery cost and commission are taken on the revenue after discount; nothing here is saved.</p>
      <form className="form form--inline gross-profit__form" aria-label="Model a deal" noValidate onSubmit={(event) => event.preventDefault()}>
        <TextField label="List price" name="listPrice" {...money} value={fields.listPrice} onChange={(event) => set('listPrice')(event.target.value)} error={errorFor('listPrice')} />
        <TextField label="Discount (%)" name="discountPercent" {...money} value={fields.discountPercent} onChange={(event) => set('discountPercent')(event.target.value)} error={errorFor('discountPercent')} />
        <TextField label={isPercent ? 'Delivery cost (% of revenue)' : 'Delivery cost'} name="deliveryCost" {...money} value={fields.deliveryCost} onChange={(event) => set('deliveryCost')(event.target.value)} error={errorFor('deliveryCost')} />
        <SelectField
          label="Cost given as"
          name="deliveryCostKind"
          value={fields.deliveryCostKind}
          options={[
            { value: 'amount', label: 'A sum' },
            { value: 'percent-of-revenue', label: '% of revenue' },
          ]}
          onChange={set('deliveryCostKind')}
        />
        <TextField label="Commission (%)" name="commissionPercent" {...money} value={fields.commissionPercent} onChange={(event) => set('commissionPercent')(event.target.value)} error={errorFor('commissionPercent')} />
      </form>
      <section aria-labelledby="modelled-deal-heading" className="sales-kpis" aria-live="polite">
        <h3 id="modelled-deal-heading" className="sales__subheading">
          The modelled deal
        </h3>
        {outcome.kind === 'empty' && <p className="section-lead">Enter a list price to see the deal&apos;s gross profit and margin.</p>}
        {outcome.kind === 'invalid' && <p className="section-lead">Correct the field marked above to see the result.</p>}
        {outcome.kind === 'model' && (
          <Figures
            figures={[
              { label: 'Revenue', value: formatAmount(outcome.model.revenue), note: `after ${formatAmount(outcome.model.discount)} of discount` },
              { label: 'Delivery cost', value: formatAmount(outcome.model.deliveryCost) },
              { label: 'Gross profit', value: formatAmount(outcome.model.grossProfit) },
              { label: 'Gross margin', value: formatMargin(outcome.model.grossMargin) },
              { label: 'After commission', value: formatAmount(outcome.model.profitAfterCommission), note: `${formatMargin(outcome.model.marginAfterCommission)} margin, ${formatAmount(outcome.model.commission)} of commission` },
            ]}
          />
        )}
      </section>
    </Panel>
  );
}
