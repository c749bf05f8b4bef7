import { useState } from 'react';
import { quotaEditToken, shiftQuarter } from '../../../../src/domain/sales/quotas.js';
import { Button } from '../../components/button.js';
import { DataTable } from '../../components/data-table.js';
import { FormMessage, SelectField, TextField } from '../../components/field.js';
import { ErrorNote, LoadingNote, Page } from '../../components/page.js';
import { Panel } from '../../components/panel.js';
import { ViewTabs } from '../../components/view-tabs.js';
import { api } from '../../lib/api-client.js';
import type { Membership } from '../../lib/api-types.js';
import { formatDay } from '../../lib/format.js';
import { Link, useLocation } from '../../lib/router.js';
import { isStaleWriteRefusal } from '../../lib/stale-draft.js';
import { useApiForm } from '../../lib/use-api-form.js';
import { useResource } from '../../lib/use-resource.js';
import { personOptions, type PersonSummary } from '../people/people-types.js';
import { formatAmount, formatAttainment, formatCoverage, salesViewTabs, type QuotaReport, type SellerAttainment } from './sales-types.js';
import './sales.css';

/**
 * A quarter's quotas: what each seller is asked to book, what they booked, and whether the pipeline can cover what
 * is left. Admins set the quotas while the quarter runs; once it is over they are kept as they were.
 */
export function QuotasPage({ membership }: { membership: Membership }) {
  const orgId = membership.org.id;
  const { search } = useLocation();
  // The quarter lives in the address alone (default: the one today falls in, as the server reads it).
  const asked = search.get('quarter') ?? '';
  const data = useResource(async (signal) => {
    const [{ quotas }, { people }] = await Promise.all([
      api<{ quotas: QuotaReport }>('GET', `/orgs/${orgId}/quotas${asked === '' ? '' : `?quarter=${encodeURIComponent(asked)}`}`, undefined, { signal }),
      api<{ people: PersonSummary[] }>('GET', `/orgs/${orgId}/people`, undefined, { signal }),
    ]);
    return { quotas, people };
  }, `${orgId}:${asked}`);
  const [editing, setEditing] = useState<string | undefined>();
  const report = data.data?.quotas;
  const canSet = membership.role === 'admin' && report !== undefined && !report.isClosed;
  const quarterLink = (label: string | undefined) => (label === undefined ? `/o/${orgId}/sales/quotas` : `/o/${orgId}/sales/quotas?quarter=${label}`);

  return (
    <Page
      title="Quotas"
      context={membership.org.name}
      lead={<p>What each seller is asked to book in the quarter, what they have booked, and whether the pipeline can cover what is left. The team&apos;s quota is also the bookings target of the sales business review.</p>}
    >
      <ViewTabs label="Sales views" tabs={salesViewTabs(orgId)} current="quotas" />
      {data.isLoading && !data.data && <LoadingNote label="Loading the quotas…" />}
      {data.error && <ErrorNote message={data.error} onRetry={data.reload} />}
      {report && data.data && (
        <>
          {/* The quarter, then its neighbours: on a phone the heading takes the line and the two links share the next. */}
          <div className="quotas__quarters">
            <h2 className="section-title quotas__quarter">
              {report.quarter} <span className="table__muted quotas__dates">({formatDay(report.firstDay)} to {formatDay(report.lastDay)})</span>
              {report.isClosed && <span className="badge">Closed</span>}
            </h2>
            <nav className="quotas__pager" aria-label="Quarters">
              <Link to={quarterLink(shiftQuarter(report.quarter, -1))}>← {shiftQuarter(report.quarter, -1)}</Link>
              <Link to={quarterLink(shiftQuarter(report.quarter, 1))}>{shiftQuarter(report.quarter, 1)} →</Link>
            </nav>
          </div>
          {report.isClosed && <p className="section-lead">This quarter is over: its quotas are kept as they were, so how each seller did cannot be rewritten.</p>}
          <QuotaTotals report={report} />
          {report.sellers.length === 0 ? (
            <p className="section-lead">
              No quotas for {report.quarter} yet{report.isClosed ? '.' : membership.role === 'admin' ? ': set one for each seller below.' : ': an admin sets them.'}
            </p>
          ) : (
            // A quarter that is over has no pipeline left to show. On a phone the rows stack, so each seller's figures
            // and their Change button are in sight instead of off the right of a table that scrolls sideways.
            <DataTable stacksOnPhones columns={report.isClosed ? ['Seller', 'Quota', 'Booked', 'Attainment'] : ['Seller', 'Quota', 'Booked', 'Attainment', 'Pipeline to quarter end', '']}>
              {report.sellers.map((row) => (
                <SellerRow key={row.seller.id} row={row} isChosen={row.seller.id === editing} isClosed={report.isClosed} canSet={canSet} onChange={() => setEditing(row.seller.id)} />
              ))}
            </DataTable>
          )}
          {canSet && (
            // Keyed by the seller: choosing another starts a fresh form, and a save keeps its note while the list reloads.
            <QuotaForm
              key={editing ?? 'new'}
              orgId={orgId}
              quarter={report.quarter}
              people={data.data.people.filter((person) => person.leftOn === null)}
              chosen={report.sellers.find((row) => row.seller.id === editing)}
              sellers={report.sellers}
              onSaved={data.reload}
            />
          )}
        </>
      )}
    </Page>
  );
}

function QuotaTotals({ report }: { report: QuotaReport }) {
  return (
    <section aria-labelledby="quota-totals-heading" className="sales-kpis">
      <h2 id="quota-totals-heading" className="visually-hidden">
        The team in {report.quarter}
      </h2>
      <dl className="sales-kpis__list">
        <div>
          <dt>Team quota</dt>
          <dd>{formatAmount(report.teamQuota)}</dd>
        </div>
        <div>
          <dt>Booked</dt>
          <dd>{formatAmount(report.bookings)}</dd>
          <dd className="sales-kpis__note">{report.isClosed ? 'in the quarter' : 'so far'}</dd>
        </div>
        <div>
          <dt>Quota attainment</dt>
          <dd>{formatAttainment(report.attainment)}</dd>
          {report.attainment !== null && <AttainmentBar attainment={report.attainment} label="Team attainment" />}
        </div>
        {!report.isClosed && (
          <>
            <div>
              <dt>Left to book</dt>
              <dd>{formatAmount(report.remaining)}</dd>
            </div>
            <div>
              <dt>Pipeline coverage</dt>
              <dd>{report.remaining === 0 ? 'Quota met' : formatCoverage(report.coverage)}</dd>
              <dd className="sales-kpis__note">{formatAmount(report.pipeline)} expected by {formatDay(report.lastDay)}</dd>
            </div>
          </>
        )}
      </dl>
    </section>
  );
}

/** Attainment as a bar (full at 100 %, a booking past the quota still shows full) beside its figure. */
function AttainmentBar({ attainment, label }: { attainment: number; label: string }) {
  const percent = Math.round(attainment * 100);
  return (
    <dd>
      <span className="quotas__bar" role="img" aria-label={`${label}: ${percent}%`}>
        <span style={{ width: `${Math.min(100, Math.max(0, percent))}%` }} />
      </span>
    </dd>
  );
}

function SellerRow({ row, isChosen, isClosed, canSet, onChange }: { row: SellerAttainment; isChosen: boolean; isClosed: boolean; canSet: boolean; onChange(): void }) {
  return (
    <tr aria-current={isChosen ? 'true' : undefined}>
      <td>
        <strong>{row.seller.name}</strong>
        {row.seller.leftOn !== null && <span className="table__muted"> (left)</span>}
      </td>
      <td className="table__nowrap" data-label="Quota">{row.quota === null ? <span className="table__muted">No quota</span> : formatAmount(row.quota)}</td>
      <td className="table__nowrap" data-label="Booked">{formatAmount(row.bookings)}</td>
      <td className="table__nowrap" data-label="Attainment">{formatAttainment(row.attainment)}</td>
      {!isClosed && (
        <>
          <td className="table__nowrap" data-label="Pipeline to quarter end">{formatAmount(row.pipeline)}</td>
          <td>
            {canSet && row.seller.leftOn === null && (
              <Button variant="quiet" onClick={onChange} aria-label={`Change the quota of ${row.seller.name}`}>
                Change
              </Button>
            )}
          </td>
        </>
      )}
    </tr>
  );
}

/**
 * Sets (or removes) one seller's quota for the quarter; the server checks the seller, the amount and the quarter. The
 * quota as this page read it goes with the change (its token), so a colleague's quota set since is not undone: the
 * change is refused, the report is read again, and the amount typed here stays, with a note of what they set.
 */
function QuotaForm({ orgId, quarter, people, chosen, sellers, onSaved }: { orgId: string; quarter: string; people: PersonSummary[]; chosen: SellerAttainment | undefined; sellers: SellerAttainment[]; onSaved(): void }) {
  const [personId, setPersonId] = useState(chosen?.seller.id ?? '');
  const [amount, setAmount] = useState(chosen?.quota === null || chosen === undefined ? '' : String(chosen.quota));
  const [savedNote, setSavedNote] = useState<string | undefined>();
  // A change refused because the quota had changed since the page read it: whose, and what the page showed then.
  const [conflict, setConflict] = useState<{ personId: string; was: number | null; refused: 'save' | 'remove' } | undefined>();
  const form = useApiForm(['personId', 'amount']);
  const remove = useApiForm([]);
  const path = `/orgs/${orgId}/quotas/${quarter}/${personId}`;
  const name = people.find((person) => person.id === personId)?.name ?? 'the seller';
  // The report lists sellers with a quota, a booking or pipeline; anyone else has no quota yet.
  const current = sellers.find((row) => row.seller.id === personId);
  const baseToken = current?.editToken ?? quotaEditToken(null);
  const refusedAsStale = (error: unknown, was: number | null, refused: 'save' | 'remove'): boolean => {
    if (!isStaleWriteRefusal(error)) return false;
    setConflict({ personId, was, refused });
    onSaved();
    return true;
  };
  const conflictNote = conflict?.personId === personId ? staleQuotaNote(name, conflict, current?.quota ?? null, amount) : undefined;
  return (
    <Panel headingId="quota-form-heading" title={`Set a quota for ${quarter}`}>
      <form
        className="form form--inline quotas__form"
        aria-label={`Quota for ${quarter}`}
        onSubmit={form.handleSubmit(async () => {
          setSavedNote(undefined);
          setConflict(undefined);
          const value = Number(amount.replaceAll(',', ''));
          try {
            await api('PUT', path, { amount: amount.trim() === '' ? Number.NaN : value, baseToken });
          } catch (error) {
            if (refusedAsStale(error, current?.quota ?? null, 'save')) return;
            throw error;
          }
          setSavedNote(`Saved: ${name} is asked to book ${formatAmount(value)} in ${quarter}.`);
          onSaved();
        })}
      >
        <SelectField label="Seller" name="personId" value={personId} options={personOptions(people, 'Choose a seller')} onChange={setPersonId} error={form.errorFor('personId')} />
        {/* Chosen with a row's Change button, the form below the table takes the keyboard (and, on a phone, comes
            into view): otherwise the tap seems to do nothing. */}
        <TextField label="Quota" name="amount" inputMode="decimal" autoFocus={chosen !== undefined} value={amount} onChange={(event) => setAmount(event.target.value)} error={form.errorFor('amount')} hint="What they are asked to book in the quarter" />
        <Button type="submit" isBusy={form.isPending} disabled={personId === ''}>
          Save quota
        </Button>
      </form>
      <FormMessage message={form.formError} />
      <FormMessage message={conflictNote} />
      <FormMessage tone="success" message={savedNote} />
      {chosen?.quota !== null && chosen !== undefined && (
        <form
          className="quotas__remove"
          aria-label={`Remove the quota of ${chosen.seller.name}`}
          onSubmit={remove.handleSubmit(async () => {
            setSavedNote(undefined);
            setConflict(undefined);
            try {
              await api('DELETE', `/orgs/${orgId}/quotas/${quarter}/${chosen.seller.id}?baseToken=${encodeURIComponent(chosen.editToken)}`);
            } catch (error) {
              if (refusedAsStale(error, chosen.quota, 'remove')) return;
              throw error;
            }
            setSavedNote(`Removed: ${chosen.seller.name} has no quota in ${quarter}.`);
            onSaved();
          })}
        >
          <Button type="submit" variant="quiet" isBusy={remove.isPending}>
            Remove {chosen.seller.name}&apos;s quota
          </Button>
          <FormMessage message={remove.formError} />
        </form>
      )}
    </Panel>
  );
}

/** What a colleague did to a quota since the page read it, and that the amount typed here is kept. */
function staleQuotaNote(name: string, { was, refused }: { was: number | null; refused: 'save' | 'remove' }, now: number | null, typed: string): string {
  // The report is read again after the refusal: until it arrives, what changed is not known yet.
  if (now === was) return `${name}'s quota changed since you opened this page: reading it again…`;
  const wasText = was === null ? 'none' : formatAmount(was);
  const what = now === null ? `${name}'s quota was removed since you opened this page (it was ${wasText}).` : `${name}'s quota was set to ${formatAmount(now)} since you opened this page (it was ${wasText}).`;
  if (refused === 'remove') return now === null ? what : `${what} Nothing was removed: press Remove again if you still mean to.`;
  return `${what} Nothing was changed. Your ${typed.trim() === '' ? 'entry' : typed} is kept here: save again to put it in its place.`;
}
