import { useEffect, useRef, useState } from 'react';
import { ACCOUNT_DRIFT_LIMITS } from '../../../../src/domain/sales/account-rules.js';
import { Button } from '../../components/button.js';
import { DataTable } from '../../components/data-table.js';
import { FormMessage, SelectField } from '../../components/field.js';
import { ErrorNote, LoadingNote, Page } from '../../components/page.js';
import { Panel } from '../../components/panel.js';
import { ViewTabs } from '../../components/view-tabs.js';
import { api } from '../../lib/api-client.js';
import { Link } from '../../lib/router.js';
import type { Membership } from '../../lib/api-types.js';
import { useSession } from '../../lib/session.js';
import { useApiForm } from '../../lib/use-api-form.js';
import { useResource } from '../../lib/use-resource.js';
import { linkedRowId, useLinkedRow } from '../../lib/use-linked-row.js';
import { personOptions, type PersonSummary } from '../people/people-types.js';
import { formatAmount, NO_SALES_FILTERS, pipelineAddress, salesViewTabs, type Account } from './sales-types.js';
import './sales.css';

/**
 * The accounts the deals name: strategic ones first, each with its single-threaded owner and the signs of drift
 * into shared ownership; an admin (or an account's owner, to hand it over) marks accounts strategic and sets owners.
 */
export function AccountsPage({ membership }: { membership: Membership }) {
  const orgId = membership.org.id;
  const data = useResource(async (signal) => {
    const [{ accounts }, { people }] = await Promise.all([
      api<{ accounts: Account[] }>('GET', `/orgs/${orgId}/accounts`, undefined, { signal }),
      api<{ people: PersonSummary[] }>('GET', `/orgs/${orgId}/people`, undefined, { signal }),
    ]);
    return { accounts, people };
  }, orgId);
  const [editing, setEditing] = useState<string | undefined>();
  // An account has no page of its own: a link to one (from search) names it in the address.
  const linkedAccountId = useLinkedRow('account', data.data !== undefined);
  // Each press of "Change" asks the form to take the focus, even when it is already open for that account.
  const [focusRequest, setFocusRequest] = useState(0);
  // What the last save did, for when its form is gone: an owner who hands an account over may no longer change it,
  // so the reloaded list closes their form, and the note saying the hand-over was saved stays on the page instead.
  const [closedFormNote, setClosedFormNote] = useState<string | undefined>();
  const openForm = (accountId: string) => {
    setClosedFormNote(undefined);
    setEditing(accountId);
    setFocusRequest((count) => count + 1);
  };
  const { state } = useSession();
  const viewerUserId = state.status === 'signed-in' ? state.session.user.id : undefined;
  const viewerPersonId = data.data?.people.find((person) => person.userId !== null && person.userId === viewerUserId)?.id;
  const canChange = (account: Account) => membership.role === 'admin' || (account.owner !== null && account.owner.id === viewerPersonId);
  const replace = (saved: Account, note: string) => {
    data.reload();
    setEditing(saved.id);
    setClosedFormNote(note);
  };
  const accounts = data.data?.accounts ?? [];
  const strategic = accounts.filter((account) => account.isStrategic);
  const drifting = strategic.filter((account) => account.drift.length > 0).length;
  const chosen = accounts.find((account) => account.id === editing);

  return (
    <Page
      title="Accounts"
      context={membership.org.name}
      lead={<p>Every account your deals name. A strategic account has exactly one owner who answers for the whole relationship; Pulse flags the ones drifting into shared ownership.</p>}
    >
      <ViewTabs label="Sales views" tabs={salesViewTabs(orgId)} current="accounts" />
      {data.isLoading && !data.data && <LoadingNote label="Loading the accounts…" />}
      {data.error && <ErrorNote message={data.error} onRetry={data.reload} />}
      {data.data && (
        <>
          {accounts.length === 0 ? (
            <p className="section-lead">No accounts yet: an account appears with the first deal that names it.</p>
          ) : (
            <section className="accounts__list" aria-labelledby="accounts-heading">
              <h2 id="accounts-heading" className="section-title">
                {strategic.length === 1 ? '1 strategic account' : `${strategic.length} strategic accounts`}
                {drifting > 0 && <span className="badge accounts__drift-count">{drifting} drifting</span>}
              </h2>
              <p className="section-lead">
                Flagged when {ACCOUNT_DRIFT_LIMITS.actingNonOwners} or more people besides the owner changed its deals, or its owner changed{' '}
                {ACCOUNT_DRIFT_LIMITS.ownerChanges} or more times, in the last {ACCOUNT_DRIFT_LIMITS.windowDays} days; when its owner holds more than{' '}
                {ACCOUNT_DRIFT_LIMITS.strategicPerOwner} strategic accounts, has left, or does not own all its open deals.
              </p>
              {/* Stacked on a phone: scrolled sideways, the drift flags and the Change button were off the screen. */}
              <DataTable stacksOnPhones columns={['Account', 'Owner', 'Open deals', 'Won', 'Drift', '']}>
                {accounts.map((account) => (
                  <tr key={account.id} id={linkedRowId('account', account.id)} className={account.id === linkedAccountId ? 'row--linked' : undefined} aria-current={account.id === editing ? 'true' : undefined}>
                    <td>
                      <strong>{account.name}</strong>
                      {account.isStrategic && <span className="badge">Strategic</span>}
                    </td>
                    <td data-label="Owner">
                      {account.owner === null ? <span className="table__muted">No owner</span> : account.owner.name}
                      {account.owner?.leftOn != null && <span className="table__muted"> (left)</span>}
                    </td>
                    {/* Each figure keeps to one line, but the cell may wrap between them: held on one line, it squeezed the
                        drift flags into a column a word wide and pushed Change past the table's edge on a laptop. */}
                    <td data-label="Open deals">
                      {/* The count opens the pipeline filtered to this account: its deals, each with its stage and weight. */}
                      <Link to={pipelineAddress(orgId, { ...NO_SALES_FILTERS, accountId: account.id }, null)} aria-label={`${account.openDeals === 1 ? '1 open deal' : `${account.openDeals} open deals`} of ${account.name}: see its deals`}>
                        {account.openDeals}
                      </Link>
                      {/* The space before each figure is outside it, where the cell may break. */}
                      {account.openAmount > 0 && <> <span className="table__muted table__nowrap">· {formatAmount(account.openAmount)}</span></>}
                      {/* An unpriced deal is unknown, not worth 0: said apart, so "2 · 100,000" never hides one. */}
                      {account.openDealsWithoutAmount > 0 && <> <span className="table__muted table__nowrap">{account.openDealsWithoutAmount === account.openDeals ? '· no amount yet' : `(${account.openDealsWithoutAmount} with no amount)`}</span></>}
                      {/* At the stage probabilities, as the pipeline list weights each deal (the server's weightedAmount). */}
                      {account.openAmount > 0 && <> <span className="table__muted">· weighted <span className="table__nowrap">{formatAmount(account.openWeightedAmount)}</span></span></>}
                    </td>
                    <td className="table__nowrap" data-label="Won">{account.wonAmount > 0 ? formatAmount(account.wonAmount) : '—'}</td>
                    <td className="accounts__drift-cell" data-label="Drift">
                      {account.drift.length === 0 ? (
                        <span className="table__muted">{account.isStrategic ? 'Single-threaded' : '—'}</span>
                      ) : (
                        <ul className="accounts__drift">
                          {account.drift.map((flag) => (
                            <li key={flag.kind}>{flag.message}</li>
                          ))}
                        </ul>
                      )}
                    </td>
                    <td>
                      {canChange(account) && (
                        <Button variant="quiet" onClick={() => openForm(account.id)} aria-label={`Change ${account.name}`}>
                          Change
                        </Button>
                      )}
                    </td>
                  </tr>
                ))}
              </DataTable>
            </section>
          )}
          {/* Keyed by the account alone: the list reloads after a save, and the form keeps its note meanwhile. */}
          {chosen && canChange(chosen) ? (
            <AccountForm key={chosen.id} orgId={orgId} account={chosen} people={data.data.people} isAdmin={membership.role === 'admin'} focusRequest={focusRequest} onSaved={replace} onClose={() => { setEditing(undefined); setClosedFormNote(undefined); }} />
          ) : (
            <FormMessage tone="success" message={closedFormNote} />
          )}
        </>
      )}
    </Page>
  );
}

/**
 * Strategic or not, and who owns it: the server refuses a strategic account without an owner, or an owner who left.
 * An admin decides both; the account's owner only hands it to someone else, so they get the owner list alone. The
 * form opens below the whole list, so each "Change" brings it into view with its first field focused: a keyboard or
 * screen-reader user would otherwise not know it opened.
 */
function AccountForm({ orgId, account, people, isAdmin, focusRequest, onSaved, onClose }: { orgId: string; account: Account; people: PersonSummary[]; isAdmin: boolean; focusRequest: number; onSaved(account: Account, note: string): void; onClose(): void }) {
  const formElement = useRef<HTMLFormElement>(null);
  useEffect(() => {
    const firstField = formElement.current?.querySelector<HTMLElement>('input, select');
    firstField?.scrollIntoView({ block: 'center' });
    firstField?.focus({ preventScroll: true });
  }, [focusRequest]);
  const [isStrategic, setStrategic] = useState(account.isStrategic);
  const [ownerPersonId, setOwner] = useState(account.owner?.id ?? '');
  const [savedNote, setSavedNote] = useState<string | undefined>();
  const form = useApiForm(['isStrategic', 'ownerPersonId']);
  const here = people.filter((person) => person.leftOn === null);
  return (
    <Panel headingId="account-form-heading" title={account.name}>
      <form
        ref={formElement}
        className="form accounts__form"
        aria-label={`Owner of ${account.name}`}
        onSubmit={form.handleSubmit(async () => {
          setSavedNote(undefined);
          // The account as this form read it: a change made meanwhile (another tab, a colleague) is refused, not undone.
          const { account: saved } = await api<{ account: Account }>('PATCH', `/orgs/${orgId}/accounts/${account.id}`, { isStrategic, ownerPersonId: ownerPersonId === '' ? null : ownerPersonId, baseUpdatedAt: account.updatedAt });
          const note = saved.isStrategic ? `Saved: ${saved.owner?.name ?? 'nobody'} owns this strategic account.` : 'Saved.';
          setSavedNote(note);
          onSaved(saved, note);
        })}
      >
        {isAdmin ? (
          <label className="accounts__strategic">
            <input type="checkbox" checked={isStrategic} onChange={(event) => setStrategic(event.target.checked)} /> Strategic account: one owner answers for the whole relationship
          </label>
        ) : (
          <p className="section-lead">You own this {account.isStrategic ? 'strategic ' : ''}account: you may hand it over to someone else. Only an admin marks an account strategic or not.</p>
        )}
        <SelectField label="Owner" name="ownerPersonId" value={ownerPersonId} options={personOptions(here, isAdmin ? 'No owner' : undefined)} onChange={setOwner} error={form.errorFor('ownerPersonId')} />
        <FormMessage message={form.formError} />
        <div className="form__row">
          <Button type="submit" isBusy={form.isPending}>
            Save
          </Button>
          <Button variant="quiet" onClick={onClose}>
            Close
          </Button>
        </div>
        <FormMessage tone="success" message={savedNote} />
      </form>
    </Panel>
  );
}
