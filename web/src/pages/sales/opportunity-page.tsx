import { useMemo, useState } from 'react';
import {
  gateChecks,
  mayChangeOpportunity,
  nextStage,
  OPEN_STAGES,
  SALES_LIMITS,
  stageLabel,
  type OpportunityStage,
} from '../../../../src/domain/sales/opportunity-rules.js';
import { lintBuyerPressRelease, pressReleasePartOf, type PressReleasePart } from '../../../../src/domain/sales/press-release-lint.js';
import type { LintSettings } from '../../../../src/domain/writing/lint-settings.js';
import { Button } from '../../components/button.js';
import { ConfirmDialog } from '../../components/confirm-dialog.js';
import { DataTable } from '../../components/data-table.js';
import { FormMessage, SelectField, TextAreaField, TextField } from '../../components/field.js';
import { ErrorNote, LoadingNote, Page, pageHeading } from '../../components/page.js';
import { GateChecklist } from '../../components/gate-checklist.js';
import { Panel } from '../../components/panel.js';
import { api, isApiError, messageOf } from '../../lib/api-client.js';
import type { Membership } from '../../lib/api-types.js';
import { formatDate, formatDay } from '../../lib/format.js';
import { Link } from '../../lib/router.js';
import { useSession } from '../../lib/session.js';
import { isStaleWriteRefusal } from '../../lib/stale-draft.js';
import { useDraftOverNewer } from '../../lib/use-draft-over-newer.js';
import { useApiForm } from '../../lib/use-api-form.js';
import { useResource } from '../../lib/use-resource.js';
import { FindingList } from '../documents/lint-findings.js';
import { personOptions, type PersonSummary } from '../people/people-types.js';
import { dealProfitText, discoveryFactsOf, formatAmount, modelLinkFor, moneyFieldValue, STAGE_HINTS, type Opportunity } from './sales-types.js';
import '../documents/documents.css';
import '../pipeline/pipeline.css';
import { DeliveryCostField } from './delivery-cost-field.js';
import './sales.css';

type Answer = { opportunity: Opportunity };

/** One opportunity: where it stands, what its next stage still needs, and its discovery record worked backwards from the buyer. */
export function OpportunityPage({ membership, opportunityId }: { membership: Membership; opportunityId: string }) {
  const orgId = membership.org.id;
  const base = `/orgs/${orgId}/opportunities/${opportunityId}`;
  const data = useResource(async (signal) => {
    // The org's writing settings, as the document editor reads them: the same checks, tuned the same way (documents.read has sales.read's roles).
    const [{ opportunity }, { people }, { resolved: lintSettings }] = await Promise.all([
      api<Answer>('GET', base, undefined, { signal }),
      api<{ people: PersonSummary[] }>('GET', `/orgs/${orgId}/people`, undefined, { signal }),
      api<{ resolved: LintSettings }>('GET', `/orgs/${orgId}/writing-settings`, undefined, { signal }),
    ]);
    return { opportunity, people, lintSettings };
  }, base);
  const { state } = useSession();
  const viewerUserId = state.status === 'signed-in' ? state.session.user.id : undefined;
  const opportunity = data.data?.opportunity;
  const viewerPersonId = data.data?.people.find((person) => person.userId !== null && person.userId === viewerUserId)?.id ?? null;
  // The server decides; the same domain rule only keeps the page from offering what it would refuse.
  const canChange = opportunity !== undefined && (OPEN_STAGES as readonly string[]).includes(opportunity.stage) && mayChangeOpportunity({ role: membership.role, personId: viewerPersonId }, { ownerPersonId: opportunity.owner?.id ?? null });

  return (
    <Page
      title={opportunity ? `${opportunity.accountName}: ${opportunity.name}` : 'Opportunity'}
      context={membership.org.name}
      actions={
        <Link className="back-link" to={`/o/${orgId}/sales`}>
          ← Sales
        </Link>
      }
      lead={
        opportunity && (
          <p>
            <span className={`stage-badge sales-stage--${opportunity.stage} badge--leading`}>{stageLabel(opportunity.stage)}</span>
            {STAGE_HINTS[opportunity.stage]} Since {formatDate(opportunity.stageChangedAt)}.
          </p>
        )
      }
    >
      {data.isLoading && !data.data && <LoadingNote label="Loading the opportunity…" />}
      {data.error && <ErrorNote message={data.error} onRetry={data.reload} />}
      {opportunity && data.data && (
        <>
          <StagePath current={opportunity.stage} />
          {opportunity.stage === 'lost' && (
            <p className="sales__lost">
              <strong>Why it was lost:</strong> {opportunity.lostReason}
            </p>
          )}
          <NextStage base={base} opportunity={opportunity} canChange={canChange} onChanged={data.reload} />
          <Panel headingId="deal-heading" title="The deal">
            <dl className="facts">
              <dt>Owner</dt>
              <dd>{opportunity.owner ? `${opportunity.owner.name}${opportunity.owner.leftOn ? ` (left ${formatDay(opportunity.owner.leftOn)}: needs a new owner)` : ''}` : '—'}</dd>
              <dt>Amount</dt>
              <dd>{formatAmount(opportunity.amount)}</dd>
              {opportunity.weightedAmount !== null && (
                <>
                  <dt>Weighted</dt>
                  <dd>
                    {formatAmount(opportunity.weightedAmount)} at the {stageLabel(opportunity.stage).toLowerCase()} stage&apos;s probability
                  </dd>
                </>
              )}
              <dt>Delivery cost</dt>
              <dd>{formatAmount(opportunity.deliveryCost)}</dd>
              <dt>Gross profit</dt>
              <dd>
                {dealProfitText(opportunity)} · <Link to={modelLinkFor(orgId, opportunity)}>Model this deal</Link>
              </dd>
              <dt>Territory</dt>
              <dd>{opportunity.territory ?? '—'}</dd>
              <dt>Close date</dt>
              <dd>{opportunity.closeDate === null ? '—' : formatDay(opportunity.closeDate)}</dd>
            </dl>
            {canChange && <DealForm base={base} opportunity={opportunity} people={data.data.people} changesAnyDeal={mayChangeOpportunity({ role: membership.role, personId: null }, { ownerPersonId: null })} onSaved={data.reload} />}
            {!canChange && (OPEN_STAGES as readonly string[]).includes(opportunity.stage) && <p className="section-lead">Only its owner{opportunity.owner ? ` (${opportunity.owner.name})` : ''} or an admin changes this opportunity: ask them to.</p>}
          </Panel>
          {/* Keyed by the saved release, not updatedAt: adding a criterion or an objection must not throw away a draft being typed. */}
          <PressReleaseSection key={opportunity.id} base={base} opportunity={opportunity} lintSettings={data.data?.lintSettings} canChange={canChange} onSaved={data.reload} />
          <SuccessCriteriaSection base={base} opportunity={opportunity} canChange={canChange} onChanged={data.reload} />
          <ObjectionsSection base={base} opportunity={opportunity} canChange={canChange} onChanged={data.reload} />
        </>
      )}
    </Page>
  );
}

const countOf = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

function StagePath({ current }: { current: OpportunityStage }) {
  const path: OpportunityStage[] = [...OPEN_STAGES, current === 'lost' ? 'lost' : 'won'];
  return (
    <ol className="sales-path" aria-label="Stages">
      {path.map((stage) => (
        <li key={stage} className={stage === current ? 'sales-path__stage sales-path__stage--current' : 'sales-path__stage'} aria-current={stage === current ? 'step' : undefined}>
          {stageLabel(stage)}
        </li>
      ))}
    </ol>
  );
}

/** The next stage's gate, read by the same domain function the server runs; moves forward, back, or to lost. */
function NextStage({ base, opportunity, canChange, onChanged }: { base: string; opportunity: Opportunity; canChange: boolean; onChanged(): void }) {
  const [reason, setReason] = useState('');
  const [backTo, setBackTo] = useState<OpportunityStage | ''>('');
  // A lost deal stays lost, and a won one stays won (the server refuses any change to a closed deal): each is confirmed first.
  const [isConfirmingLost, setConfirmingLost] = useState(false);
  const [isConfirmingWon, setConfirmingWon] = useState(false);
  const form = useApiForm(['reason']);
  const next = nextStage(opportunity.stage);
  if (next === null) return null;
  const checks = gateChecks(discoveryFactsOf(opportunity), next);
  const isReady = checks.every((check) => check.met);
  const earlier = OPEN_STAGES.slice(0, OPEN_STAGES.indexOf(opportunity.stage as (typeof OPEN_STAGES)[number]));
  // Every move is sent with the deal as this page shows it: one moved or changed since is refused (409), and the page
  // then shows the deal as it is now under the refusal, so "back to solution" never lands as a move forward.
  const sendMove = async (to: OpportunityStage, withReason: string) => {
    try {
      await api('POST', `${base}/moves`, { to, reason: withReason, baseUpdatedAt: opportunity.updatedAt });
    } catch (error) {
      if (isStaleWriteRefusal(error, 'baseUpdatedAt')) onChanged();
      throw error;
    }
    onChanged();
  };
  const move = (to: OpportunityStage) =>
    form.handleSubmit(async () => {
      await sendMove(to, reason);
      setReason('');
    });
  return (
    <Panel headingId="next-heading" title={`Next: ${stageLabel(next)}`}>
      <GateChecklist checks={checks} label={`What ${stageLabel(next).toLowerCase()} needs`} />
      {canChange && (
        <>
          <form
            className="form form--inline no-print"
            noValidate
            aria-label={`Move to ${stageLabel(next).toLowerCase()}`}
            onSubmit={
              next === 'won'
                ? (event) => {
                    event.preventDefault();
                    setConfirmingWon(true);
                  }
                : move(next)
            }
          >
            <FormMessage message={form.formError} />
            <Button type="submit" variant="primary" isBusy={form.isPending} disabled={!isReady}>
              Move to {stageLabel(next).toLowerCase()}
            </Button>
          </form>
          <form
            className="form form--inline sales__spaced no-print"
            noValidate
            aria-label="Mark lost or move back"
            onSubmit={
              backTo === ''
                ? (event) => {
                    event.preventDefault();
                    setConfirmingLost(true);
                  }
                : move(backTo)
            }
          >
            <TextField label="Reason (needed to mark it lost or move it back)" name="reason" maxLength={SALES_LIMITS.reasonMaxLength} value={reason} onChange={(event) => setReason(event.target.value)} error={form.errorFor('reason')} />
            <SelectField label="Move to" name="backTo" value={backTo} options={[{ value: '', label: 'Lost' }, ...earlier.map((stage) => ({ value: stage, label: `Back to ${stage}` }))]} onChange={(value) => setBackTo(value as OpportunityStage | '')} />
            <Button type="submit" variant={backTo === '' ? 'danger' : 'secondary'} className="form__inline-submit">
              {backTo === '' ? 'Mark lost' : `Move back to ${backTo}`}
            </Button>
          </form>
          {/* A lost deal loses this panel: the keyboard goes to the page's title, whose lead now says Lost. */}
          <ConfirmDialog
            title={`Mark “${opportunity.name}” lost?`}
            isOpen={isConfirmingLost}
            description={<p>A lost opportunity stays lost: its stage can no longer change.{reason.trim() === '' ? '' : ` The reason recorded: “${reason.trim()}”.`}</p>}
            confirmLabel="Mark lost"
            cancelLabel="Keep it open"
            onConfirm={async () => {
              await sendMove('lost', reason);
              setReason('');
            }}
            onClose={() => setConfirmingLost(false)}
            focusAfterConfirm={pageHeading}
          />
          <ConfirmDialog
            title={`Mark “${opportunity.name}” won?`}
            isOpen={isConfirmingWon}
            description={<WonConsequences opportunity={opportunity} />}
            confirmLabel="Mark won"
            cancelLabel="Keep it open"
            isDestructive={false}
            onConfirm={() => sendMove('won', '')}
            onClose={() => setConfirmingWon(false)}
            focusAfterConfirm={pageHeading}
          />
        </>
      )}
    </Panel>
  );
}

/** What marking a deal won fixes for good, and what it would fix as unknown: a won deal's numbers can no longer be set. */
function WonConsequences({ opportunity }: { opportunity: Opportunity }) {
  const { amount, deliveryCost } = opportunity;
  const missing =
    amount === null && deliveryCost === null ? 'Its amount and delivery cost are not set'
    : amount === null ? 'Its amount is not set'
    : deliveryCost === null ? 'Its delivery cost is not set'
    : undefined;
  return (
    <>
      <p>
        A won deal is closed: its stage, amount, delivery cost and discovery record can no longer change, and it counts in bookings from today
        {amount === null ? '' : ` (${formatAmount(amount)})`}.
      </p>
      {missing && (
        <p>
          <strong>{missing}</strong>: it would stay {amount === null ? 'without a recorded amount' : 'of unknown cost'} in bookings and gross profit. Keep it open and set{' '}
          {amount === null && deliveryCost === null ? 'them' : 'it'} in <em>The deal</em> first.
        </p>
      )}
    </>
  );
}

/** The deal as it now is, read again after a save refused as stale. */
const readOpportunity = async (base: string) => (await api<{ opportunity: Opportunity }>('GET', base)).opportunity;

const dealTokenOf = (opportunity: Opportunity) => opportunity.updatedAt;
const dealValuesOf = (opportunity: Opportunity) => ({
  ownerPersonId: opportunity.owner?.id ?? '',
  amount: opportunity.amount === null ? '' : String(opportunity.amount),
  deliveryCost: opportunity.deliveryCost === null ? '' : String(opportunity.deliveryCost),
  territory: opportunity.territory ?? '',
  closeDate: opportunity.closeDate ?? '',
});

function DealForm({ base, opportunity, people, changesAnyDeal, onSaved }: { base: string; opportunity: Opportunity; people: PersonSummary[]; changesAnyDeal: boolean; onSaved(): void }) {
  // The deal as this form last read it: a save sends every field with that read's `updatedAt`. The page reloads the
  // deal after any save on it (a criterion, an answer), and a colleague's change comes with that reload: it becomes
  // the base, what was typed here stays over it, so a save neither slips past the guard with the old figures nor is
  // refused for a change this person has already been shown.
  const { read, values, setValues, newerNote, submit } = useDraftOverNewer(opportunity, dealTokenOf, dealValuesOf);
  const form = useApiForm(['ownerPersonId', 'amount', 'deliveryCost', 'territory', 'closeDate']);
  // A blank is unknown (null), never 0: a deal whose cost is left out of the gross profit sums, not a free one.
  const moneyOrNull = moneyFieldValue;
  const set = (key: keyof typeof values) => (value: string) => setValues((current) => ({ ...current, [key]: value }));
  const ownerChoices = opportunity.owner?.leftOn ? [{ value: opportunity.owner.id, label: `${opportunity.owner.name} (left)` }, ...personOptions(people)] : personOptions(people);
  return (
    <form
      className="form form--inline sales-owner-form"
      noValidate
      aria-label="Change the deal"
      onSubmit={form.handleSubmit(async () => {
        await submit({
          save: () =>
            api<{ opportunity: Opportunity }>('PATCH', base, {
              ownerPersonId: values.ownerPersonId,
              amount: moneyOrNull(values.amount),
              deliveryCost: moneyOrNull(values.deliveryCost),
              territory: values.territory,
              closeDate: values.closeDate === '' ? null : values.closeDate,
              // Refused (409) if someone changed the deal since this form read it, so their change is not undone.
              baseUpdatedAt: read.updatedAt,
            }),
          savedRecord: ({ opportunity: saved }) => saved,
          readLatest: () => readOpportunity(base),
          tokenField: 'baseUpdatedAt',
          note: () => 'Someone changed this deal while you were editing it: the fields you left alone now show their change, yours are kept. Save again to apply yours.',
        });
        onSaved();
      })}
    >
      <FormMessage message={form.formError} />
      <FormMessage message={newerNote} />
      <SelectField
        label="Owner"
        name="ownerPersonId"
        value={values.ownerPersonId}
        options={ownerChoices}
        onChange={set('ownerPersonId')}
        error={form.errorFor('ownerPersonId')}
        // A seller who hands their deal over can no longer change it: said before the save, not found out after.
        hint={!changesAnyDeal && values.ownerPersonId !== (opportunity.owner?.id ?? '') ? 'Handing it over: once saved, only its new owner or an admin changes this deal.' : undefined}
      />
      {/* Text, not number: a number input hands over '' for what it cannot read, which would clear the figure instead of refusing it. */}
      <TextField label="Amount" name="amount" inputMode="decimal" value={values.amount} onChange={(event) => set('amount')(event.target.value)} error={form.errorFor('amount')} />
      <DeliveryCostField label="Delivery cost" amount={values.amount} value={values.deliveryCost} action="Save" error={form.errorFor('deliveryCost')} onChange={set('deliveryCost')} />
      <TextField label="Territory" name="territory" maxLength={SALES_LIMITS.territoryMaxLength} value={values.territory} onChange={(event) => set('territory')(event.target.value)} error={form.errorFor('territory')} />
      <TextField label="Close date" name="closeDate" type="date" value={values.closeDate} onChange={(event) => set('closeDate')(event.target.value)} error={form.errorFor('closeDate')} />
      <Button type="submit" isBusy={form.isPending} className="form__inline-submit">
        Save the deal
      </Button>
    </form>
  );
}

/** The buyer's press release, with the writing checks of the PR/FAQ linter run live on what is typed. */
const pressReleaseTokenOf = (opportunity: Opportunity) => opportunity.pressReleaseToken;
const pressReleaseOf = (opportunity: Opportunity) => opportunity.pressRelease;

function PressReleaseSection({ base, opportunity, lintSettings, canChange, onSaved }: { base: string; opportunity: Opportunity; lintSettings: LintSettings | undefined; canChange: boolean; onSaved(): void }) {
  // The press release as this form last read it: its token goes with a save, so one saved by someone else meanwhile
  // refuses the save instead of being lost. A newer one read since (a reload, a refused save) becomes the base, and
  // what is being written here stays over it.
  const { read, values, setValues, newerNote, submit } = useDraftOverNewer(opportunity, pressReleaseTokenOf, pressReleaseOf);
  const form = useApiForm(['headline', 'problem', 'outcome', 'quote']);
  const report = useMemo(() => lintBuyerPressRelease(values, lintSettings), [values, lintSettings]);
  const set = (key: keyof typeof values) => (value: string) => setValues((current) => ({ ...current, [key]: value }));
  const isEmpty = Object.values(opportunity.pressRelease).every((part) => part.trim() === '');
  return (
    <Panel headingId="press-release-heading" title="The buyer's press release">
      <p className="section-lead">In twelve months, the buyer&apos;s executive reads this about their team. Write it in the buyer&apos;s words; the outcome needs a number.</p>
      {canChange ? (
        <form
          className="form"
          noValidate
          aria-label="Write the buyer's press release"
          onSubmit={form.handleSubmit(async () => {
            await submit({
              save: () => api<{ opportunity: Opportunity }>('PUT', `${base}/press-release`, { ...values, baseToken: read.pressReleaseToken }),
              savedRecord: ({ opportunity: saved }) => saved,
              readLatest: () => readOpportunity(base),
              note: (latest) => `Someone saved this press release while you were writing. Their headline: “${latest.pressRelease.headline || 'none yet'}”. Your text is kept here: save again to put it in place of theirs.`,
            });
            onSaved();
          })}
        >
          <FormMessage message={form.formError} />
          <FormMessage message={newerNote} />
          <TextField label="Headline" name="headline" maxLength={SALES_LIMITS.headlineMaxLength} value={values.headline} onChange={(event) => set('headline')(event.target.value)} error={form.errorFor('headline')} />
          <TextAreaField label="The buyer's problem, in their words" name="problem" rows={3} value={values.problem} onChange={(event) => set('problem')(event.target.value)} error={form.errorFor('problem')} />
          <TextAreaField label="The outcome, in measurable terms" name="outcome" rows={3} hint="From what, to what, by when: a number the buyer will check." value={values.outcome} onChange={(event) => set('outcome')(event.target.value)} error={form.errorFor('outcome')} />
          <TextAreaField label="Quote from the buyer's executive" name="quote" rows={3} value={values.quote} onChange={(event) => set('quote')(event.target.value)} error={form.errorFor('quote')} />
          <div className="form__row">
            <Button type="submit" variant="primary" isBusy={form.isPending}>
              Save the press release
            </Button>
          </div>
        </form>
      ) : isEmpty ? (
        <p className="section-lead">Not written yet.</p>
      ) : (
        <article className="sales-press-release">
          <h3>{opportunity.pressRelease.headline}</h3>
          <p>{opportunity.pressRelease.problem}</p>
          <p>{opportunity.pressRelease.outcome}</p>
          <blockquote>{opportunity.pressRelease.quote}</blockquote>
        </article>
      )}
      <h3 className="sales__subheading">Writing checks</h3>
      <p className="section-lead">
        {report.errorCount === 0 && report.warningCount === 0 ? 'The writing checks find nothing.' : `${countOf(report.errorCount, 'error')} and ${countOf(report.warningCount, 'warning')} from the same checks as a PR/FAQ.`}
      </p>
      {report.findings.length > 0 && <FindingList findings={report.findings} label="Writing findings on the press release" where={(finding) => PART_NAMES[pressReleasePartOf(finding) ?? 'whole']} />}
    </Panel>
  );
}

/** Where a writing finding is: the field it is in, named as its label reads. */
const PART_NAMES: Record<PressReleasePart | 'whole', string> = {
  headline: 'in the headline',
  problem: 'in the buyer’s problem',
  outcome: 'in the outcome',
  quote: 'in the quote',
  whole: 'the whole release',
};

/** One removal the page asks about: where it goes, the token of the item as shown, and how the dialog names it. */
interface PendingRemoval {
  path: string;
  editToken: string;
  /** The question: “Remove the success criterion “Orders shipped the same day”?”. */
  title: string;
  /** What goes with it, said before it goes. */
  description: string;
  /** The confirm button: “Remove criterion”. */
  confirmLabel: string;
}

/**
 * Removes a success criterion or an objection as the page shows it, once the seller confirms it (a stray tap beside
 * Save must not delete the buyer's words): its editToken goes with the removal, so one a colleague changed meanwhile
 * is kept, and the server's refusal, which says what it now reads, is shown over the reloaded page. One already
 * removed by someone else is said so, not reported as a failure. After it, the keyboard goes to the section's heading,
 * since the row and its button are gone.
 */
function useGuardedRemoval(onChanged: () => void, headingId: string) {
  const [note, setNote] = useState<string | undefined>();
  // Kept while the dialog closes, so its words do not blank for a frame; isOpen is what opens and closes it.
  const [pending, setPending] = useState<PendingRemoval | undefined>();
  const [isOpen, setOpen] = useState(false);
  const ask = (removal: PendingRemoval) => {
    setNote(undefined);
    setPending(removal);
    setOpen(true);
  };
  const remove = async ({ path, editToken }: PendingRemoval) => {
    try {
      await api('DELETE', `${path}?baseToken=${encodeURIComponent(editToken)}`);
    } catch (error) {
      setNote(isApiError(error) && error.status === 404 ? 'Someone else already removed it.' : messageOf(error));
    }
    onChanged();
  };
  const dialog = pending && (
    <ConfirmDialog
      title={pending.title}
      isOpen={isOpen}
      description={<p>{pending.description}</p>}
      confirmLabel={pending.confirmLabel}
      cancelLabel="Keep it"
      onConfirm={() => remove(pending)}
      onClose={() => setOpen(false)}
      focusAfterConfirm={() => document.getElementById(headingId)}
    />
  );
  return { note, ask, dialog };
}

function SuccessCriteriaSection({ base, opportunity, canChange, onChanged }: { base: string; opportunity: Opportunity; canChange: boolean; onChanged(): void }) {
  const empty = { metric: '', baseline: '', target: '', dueOn: '' };
  const [values, setValues] = useState(empty);
  const removal = useGuardedRemoval(onChanged, 'criteria-heading');
  const form = useApiForm(['metric', 'baseline', 'target', 'dueOn']);
  const set = (key: keyof typeof values) => (value: string) => setValues((current) => ({ ...current, [key]: value }));
  return (
    <section aria-labelledby="criteria-heading">
      <h2 id="criteria-heading" className="section-title" tabIndex={-1}>
        Success criteria
      </h2>
      <p className="section-lead">How the buyer will judge it: each one a metric, where it stands today, where it must be, and by when.</p>
      {opportunity.successCriteria.length === 0 ? (
        <p className="section-lead">None yet.</p>
      ) : (
        // Stacked on a phone: scrolled sideways, whether each criterion is complete and its Remove button were off the screen.
        <DataTable stacksOnPhones columns={['Metric', 'Baseline', 'Target', 'By', 'Complete', ...(canChange ? [<span className="visually-hidden">Actions</span>] : [])]}>
          {opportunity.successCriteria.map((criterion) => (
            <tr key={criterion.id}>
              <td>{criterion.metric}</td>
              <td data-label="Baseline">{criterion.baseline || '—'}</td>
              <td data-label="Target">{criterion.target || '—'}</td>
              <td className="table__nowrap" data-label="By">{criterion.dueOn === null ? '—' : formatDay(criterion.dueOn)}</td>
              <td data-label="Complete">{criterion.isComplete ? 'Yes' : 'No: needs a baseline, a target and a date'}</td>
              {canChange && (
                <td className="table__end">
                  <Button size="small" variant="quiet" onClick={() =>
                      removal.ask({
                        path: `${base}/success-criteria/${criterion.id}`,
                        editToken: criterion.editToken,
                        title: `Remove the success criterion “${criterion.metric}”?`,
                        description: 'Its baseline, target and date go with it. The buyer agreed to judge the deal by it: removing it cannot be undone.',
                        confirmLabel: 'Remove criterion',
                      })
                    } aria-label={`Remove ${criterion.metric}`}>
                    Remove
                  </Button>
                </td>
              )}
            </tr>
          ))}
        </DataTable>
      )}
      <FormMessage message={removal.note} />
      {removal.dialog}
      {canChange && (
        <form
          className="form form--inline sales__spaced no-print"
          noValidate
          aria-label="Add a success criterion"
          onSubmit={form.handleSubmit(async () => {
            await api('POST', `${base}/success-criteria`, { metric: values.metric, baseline: values.baseline, target: values.target, dueOn: values.dueOn === '' ? null : values.dueOn });
            setValues(empty);
            onChanged();
          })}
        >
          <FormMessage message={form.formError} />
          <TextField label="Metric" name="metric" maxLength={SALES_LIMITS.criterionFieldMaxLength} value={values.metric} onChange={(event) => set('metric')(event.target.value)} error={form.errorFor('metric')} />
          <TextField label="Baseline" name="baseline" maxLength={SALES_LIMITS.criterionFieldMaxLength} value={values.baseline} onChange={(event) => set('baseline')(event.target.value)} error={form.errorFor('baseline')} />
          <TextField label="Target" name="target" maxLength={SALES_LIMITS.criterionFieldMaxLength} value={values.target} onChange={(event) => set('target')(event.target.value)} error={form.errorFor('target')} />
          <TextField label="By" name="dueOn" type="date" value={values.dueOn} onChange={(event) => set('dueOn')(event.target.value)} error={form.errorFor('dueOn')} />
          <Button type="submit" isBusy={form.isPending} className="form__inline-submit">
            Add criterion
          </Button>
        </form>
      )}
    </section>
  );
}

function ObjectionsSection({ base, opportunity, canChange, onChanged }: { base: string; opportunity: Opportunity; canChange: boolean; onChanged(): void }) {
  const [question, setQuestion] = useState('');
  const form = useApiForm(['question']);
  const removal = useGuardedRemoval(onChanged, 'objections-heading');
  const open = opportunity.objections.filter((objection) => objection.status === 'open').length;
  return (
    <section aria-labelledby="objections-heading">
      <h2 id="objections-heading" className="section-title" tabIndex={-1}>
        Objections FAQ
      </h2>
      <p className="section-lead">
        Every worry the buyer raised, and the answer. {open === 0 ? 'None is open.' : `${open} still open: a proposal waits for their answers.`}
      </p>
      {opportunity.objections.length > 0 && (
        <ul className="sales-objections">
          {opportunity.objections.map((objection) => (
            <ObjectionItem key={objection.id} base={base} objection={objection} canChange={canChange} onChanged={onChanged} onRemove={() =>
                removal.ask({
                  path: `${base}/objections/${objection.id}`,
                  editToken: objection.editToken,
                  title: `Remove the objection “${objection.question}”?`,
                  description: objection.answer === '' ? 'The buyer raised it and it has no answer yet. Removing it cannot be undone.' : 'Its answer goes with it. Removing it cannot be undone.',
                  confirmLabel: 'Remove objection',
                })
              } />
          ))}
        </ul>
      )}
      <FormMessage message={removal.note} />
      {removal.dialog}
      {canChange && (
        <form
          className="form form--inline no-print"
          noValidate
          aria-label="Add an objection"
          onSubmit={form.handleSubmit(async () => {
            await api('POST', `${base}/objections`, { question });
            setQuestion('');
            onChanged();
          })}
        >
          <FormMessage message={form.formError} />
          <TextField label="The buyer's objection" name="question" maxLength={SALES_LIMITS.questionMaxLength} value={question} onChange={(event) => setQuestion(event.target.value)} error={form.errorFor('question')} />
          <Button type="submit" isBusy={form.isPending} className="form__inline-submit">
            Add objection
          </Button>
        </form>
      )}
    </section>
  );
}

type ObjectionView = Opportunity['objections'][number];
const objectionToken = (objection: ObjectionView) => objection.editToken;
const objectionValues = (objection: ObjectionView) => ({ answer: objection.answer });

function ObjectionItem({ base, objection, canChange, onChanged, onRemove }: { base: string; objection: Opportunity['objections'][number]; canChange: boolean; onChanged(): void; onRemove(): void }) {
  // The objection as this form last read it: its token goes with a save, so a colleague's answer saved meanwhile
  // refuses the save instead of being lost. A newer one (a reload, a refused save) keeps an answer being written here.
  const { read, values, setValues, newerNote, submit } = useDraftOverNewer(objection, objectionToken, objectionValues);
  const { answer } = values;
  const setAnswer = (text: string) => setValues({ answer: text });
  const form = useApiForm(['answer']);
  const save = (status: 'open' | 'answered') =>
    form.handleSubmit(async () => {
      await submit({
        save: () => api('PATCH', `${base}/objections/${objection.id}`, { answer, status, baseToken: read.editToken }),
        readLatest: async () => (await readOpportunity(base)).objections.find((entry) => entry.id === objection.id),
        note: (latest) => `Someone changed this objection while you were writing. Their answer: “${latest.answer || 'none yet'}”. Yours is kept here: save again to put it in place of theirs.`,
      });
      onChanged();
    });
  return (
    <li className="sales-objections__item">
      <p className="sales-objections__question">
        <span className={objection.status === 'open' ? 'badge' : 'badge badge--muted'}>{objection.status === 'open' ? 'Open' : 'Answered'}</span> {objection.question}
      </p>
      {canChange ? (
        <form className="form" noValidate aria-label={`Answer: ${objection.question}`} onSubmit={save('answered')}>
          <FormMessage message={form.formError} />
          <FormMessage message={newerNote} />
          <TextAreaField label="Answer" name="answer" rows={2} value={answer} onChange={(event) => setAnswer(event.target.value)} error={form.errorFor('answer')} />
          <div className="form__row">
            <Button type="submit" size="small" isBusy={form.isPending}>
              {objection.status === 'open' ? 'Save and mark answered' : 'Save the answer'}
            </Button>
            <Button size="small" variant="quiet" onClick={onRemove} aria-label={`Remove the objection: ${objection.question}`}>
              Remove
            </Button>
          </div>
        </form>
      ) : (
        <p className="sales-objections__answer">{objection.answer || <span className="table__muted">No answer yet.</span>}</p>
      )}
    </li>
  );
}
