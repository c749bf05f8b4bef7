import { useState } from 'react';
import { Button } from '../../components/button.js';
import { ConfirmDialog } from '../../components/confirm-dialog.js';
import { DataTable } from '../../components/data-table.js';
import { FormMessage, SelectField, TextField } from '../../components/field.js';
import { ErrorNote, LoadingNote, Page, pageHeading } from '../../components/page.js';
import { api } from '../../lib/api-client.js';
import { useSubmitOverNewer } from '../../lib/use-draft-over-newer.js';
import { formatDateTime, formatUtcDate } from '../../lib/format.js';
import type { Membership } from '../../lib/api-types.js';
import { Link, useLocation } from '../../lib/router.js';
import { useApiForm } from '../../lib/use-api-form.js';
import { useResource } from '../../lib/use-resource.js';
import { hasPermission } from '../../shell/sections.js';
import { doesOfferFillOpening, type OfferAnswer } from '../../../../src/domain/hiring/offer-rules.js';
import { REJECTION_REASON_LABELS } from '../../../../src/domain/hiring/rejection-rules.js';
import { CandidatePanel } from './candidate-panel.js';
import { personOptions, ROLE_TEMPLATE_OPTIONS, type CandidateSummary, type PersonSummary, type Requisition } from './people-types.js';
import { Panel } from '../../components/panel.js';
import './people.css';

const OFFER_STATUS_LABELS: Record<OfferAnswer | 'awaited', string> = { awaited: 'offer made, answer awaited', accepted: 'offer accepted', declined: 'offer declined' };

const STATUS_LABELS: Record<CandidateSummary['loopStatus'], string> = { no_loop: 'No loop yet', scheduled: 'Interview to come', feedback: 'Collecting feedback', debrief: 'Debrief open', decided: 'Decided' };

/** A requisition with the candidates the viewer may see; `?candidate=ID` opens one of them. */
export function RequisitionPage({ membership, requisitionId }: { membership: Membership; requisitionId: string }) {
  const orgId = membership.org.id;
  const { search } = useLocation();
  const candidateId = search.get('candidate');
  const data = useResource(async (signal) => {
    const [{ requisition }, { candidates }] = await Promise.all([
      api<{ requisition: Requisition }>('GET', `/orgs/${orgId}/hiring/requisitions/${requisitionId}`, undefined, { signal }),
      api<{ candidates: CandidateSummary[] }>('GET', `/orgs/${orgId}/hiring/requisitions/${requisitionId}/candidates`, undefined, { signal }),
    ]);
    return { requisition, candidates };
  }, `${orgId}/${requisitionId}`);
  // Closing stops new candidates and loops, and offers to hires decided after it, so it is confirmed first; so is
  // reopening, which lets all of them in again.
  const [isConfirmingClose, setConfirmingClose] = useState(false);
  const [isConfirmingReopen, setConfirmingReopen] = useState(false);

  if (data.isLoading && !data.data) return <LoadingNote label="Loading the requisition…" />;
  if (data.error || !data.data) return <ErrorNote message={data.error ?? 'Not found.'} onRetry={data.reload} />;
  const { requisition, candidates } = data.data;
  const base = `/o/${orgId}/hiring/${requisitionId}`;
  const canManage = hasPermission(membership, 'hiring.manage');
  const isFilled = requisition.offersSinceOpened.length > 0;
  return (
    <Page
      title={`${requisition.role} L${requisition.level}`}
      context={membership.org.name}
      lead={
        <p>
          Team {requisition.team.name} · hiring manager {requisition.hiringManager.name} · {requisition.roleTemplate ? `${requisition.roleTemplate.name} template: its principles come first in each loop, with questions written for the role` : 'General: loops spread the org\'s principles in their own order'}. Candidates are confidential: you see only those you may.
        </p>
      }
      actions={
        <>
          <Link to={`/o/${orgId}/hiring`}>All requisitions</Link>{' '}
          {canManage && requisition.status === 'open' && (
            <Button size="small" onClick={() => setConfirmingClose(true)}>
              Close requisition
            </Button>
          )}
          {canManage && requisition.status === 'closed' && (
            <Button size="small" onClick={() => setConfirmingReopen(true)}>
              Reopen requisition
            </Button>
          )}
        </>
      }
    >
      {/* Once closed (or reopened), the button that asked goes: the keyboard goes to the page's title. */}
      <ConfirmDialog
        title={`Close the ${requisition.role} L${requisition.level} requisition?`}
        isOpen={isConfirmingClose}
        description={
          <p>
            It keeps its candidates and takes no new candidates or loops. Loops already set up finish, but only a hire decided before now gets an offer. A recruiter or an admin can reopen it.
          </p>
        }
        confirmLabel="Close requisition"
        cancelLabel="Keep it open"
        onConfirm={async () => {
          await api('POST', `/orgs/${orgId}/hiring/requisitions/${requisitionId}/close`);
          data.reload();
        }}
        onClose={() => setConfirmingClose(false)}
        focusAfterConfirm={pageHeading}
      />
      {canManage && requisition.status === 'closed' && <ReopenDialog orgId={orgId} requisition={requisition} isOpen={isConfirmingReopen} onReopened={data.reload} onClose={() => setConfirmingReopen(false)} />}
      {requisition.status === 'closed' && requisition.closedAt && (
        <p className="badge badge--muted badge--leading">Closed {formatDateTime(requisition.closedAt)}: no new candidates or loops; offers only to hires decided before the close</p>
      )}
      {/* An offer fills the opening (requisition.opening_filled): what comes next is the offer and the close, not another candidate. */}
      {isFilled && <OpeningFilled base={base} requisition={requisition} candidates={candidates} canClose={canManage && requisition.status === 'open'} canReject={canManage || requisition.viewer.isHiringManager} onClose={() => setConfirmingClose(true)} />}
      {/* Someone who may know of no offered candidate still reads that the role is taken, from the server, naming nobody. */}
      {!isFilled && requisition.hasAcceptedOffer && (
        <p className="section-lead">
          <strong>Opening filled:</strong> an offer for this role was accepted. Candidates are confidential, so who it went to is not shown.
        </p>
      )}
      {/* The candidates come first: they are what the page is opened for, and on a phone the forms below would push
          them a screen down. Adding one, the template and the hand-over follow them (and the open candidate). */}
      <section aria-labelledby="candidates-heading">
        <h2 id="candidates-heading" className="section-title">
          Candidates
        </h2>
        {candidates.length === 0 ? (
          <p className="section-lead">No candidates you can see.</p>
        ) : (
          <DataTable columns={['Candidate', 'Loop', 'Decision']}>
            {candidates.map((candidate) => (
              <tr key={candidate.id}>
                <td>
                  <Link to={`${base}?candidate=${candidate.id}`} aria-current={candidate.id === candidateId ? 'page' : undefined}>
                    {candidate.name}
                  </Link>
                </td>
                <td>{candidate.withdrawnAt !== null ? 'Withdrew' : candidate.rejection !== null ? `Rejected: ${REJECTION_REASON_LABELS[candidate.rejection.reason]}` : STATUS_LABELS[candidate.loopStatus]}</td>
                <td>{candidate.decision === null ? '—' : candidate.decision === 'hire' ? `Hire${candidate.hasOffer ? ` · ${OFFER_STATUS_LABELS[candidate.offerAnswer ?? 'awaited']}` : ''}` : 'No hire (bar raiser veto)'}</td>
              </tr>
            ))}
          </DataTable>
        )}
      </section>
      {/* Keyed by the status too: a close or a reopen changes what the candidate's loop and offer may do. */}
      {candidateId && <CandidatePanel key={`${candidateId}/${requisition.status}`} orgId={orgId} candidateId={candidateId} isOpeningFilled={isFilled} onChanged={data.reload} />}
      {canManage && requisition.status === 'open' && (
        <>
          {!isFilled && <CandidateForm orgId={orgId} requisitionId={requisitionId} onSaved={data.reload} />}
          {/* Until a loop is set up with it; the server refuses a change after that (requisition.template_locked). */}
          {candidates.every((candidate) => candidate.loopStatus === 'no_loop') && <TemplateForm orgId={orgId} requisition={requisition} onSaved={data.reload} />}
          <HiringManagerForm orgId={orgId} requisition={requisition} onSaved={data.reload} />
        </>
      )}
    </Page>
  );
}

/**
 * The offers that filled the opening since the requisition last opened (a declined one fills nothing, and is not
 * listed), and what comes next: the candidate's answer (recorded on their page), then, once accepted, closing the
 * requisition as filled. What comes next is said only to those who may close it: an interviewer who can see the
 * offered candidate reads that the opening is filled, not a step that is not theirs. So with those still in the
 * process: what to tell them is said to those who may reject them (the hiring manager too).
 */
function OpeningFilled({ base, requisition, candidates, canClose, canReject, onClose }: { base: string; requisition: Requisition; candidates: readonly CandidateSummary[]; canClose: boolean; canReject: boolean; onClose(): void }) {
  const isOpen = requisition.status === 'open';
  // Those still waiting on this role: no standing offer, not out, not vetoed. Their loops may finish, but the role is
  // taken. A candidate whose offers were all declined is still in (a revised offer, a withdrawal or a rejection can
  // follow); only the latest offer can stand, and the summary carries its answer.
  const stillIn = candidates.filter((candidate) => !(candidate.hasOffer && doesOfferFillOpening(candidate.offerAnswer)) && candidate.withdrawnAt === null && candidate.rejection === null && candidate.decision !== 'no_hire');
  const isAccepted = requisition.offersSinceOpened.some((offer) => offer.answer !== null);
  return (
    <Panel headingId="opening-filled-heading" title="Opening filled by an offer">
      <ul className="opening-offers">
        {requisition.offersSinceOpened.map((offer) => (
          <li key={offer.candidate.id}>
            {/* Named apart from the candidate's link in the list below, which stays the one link by their name. */}
            <strong>{offer.candidate.name}</strong>: offer made {formatDateTime(offer.madeAt)}, {offer.answer === null ? 'answer awaited' : `accepted on ${formatUtcDate(`${offer.answer.answeredOn}T00:00:00Z`)}`}.{' '}
            <Link to={`${base}?candidate=${offer.candidate.id}`}>Follow the offer</Link>
          </li>
        ))}
      </ul>
      {isOpen && canClose && isAccepted && (
        <>
          <p className="section-lead">Next: close this requisition as filled. Until then it takes no new candidates or loops; loops already running finish. If the team gets a second seat, reopen it after the close.</p>
          <Button variant="primary" onClick={onClose}>
            Close as filled…
          </Button>
        </>
      )}
      {isOpen && canClose && !isAccepted && (
        <>
          <p className="section-lead">
            Next: record the candidate&apos;s answer on their page (Follow the offer). Accepted, close this requisition as filled; declined, its opening is free again for other candidates. Until then it takes no new candidates or loops; loops already running finish.
          </p>
          <Button onClick={onClose}>Close as filled…</Button>
        </>
      )}
      {isOpen && !canClose && <p className="section-lead">Until the requisition is closed it takes no new candidates or loops; loops already running finish.</p>}
      {!isOpen && (
        <p className="section-lead">Closed as filled. If the hire falls through, or the team gets a second seat, a recruiter or an admin reopens it.</p>
      )}
      {stillIn.length > 0 && (
        <p className="opening-still-in">
          Still in the process:{' '}
          {stillIn.map((candidate, index) => (
            <span key={candidate.id}>
              {index > 0 && ', '}
              <strong>{candidate.name}</strong> ({STATUS_LABELS[candidate.loopStatus].toLowerCase()})
            </span>
          ))}
          .{' '}
          {!canReject ? null : isAccepted ? (
            <>
              Tell them the role is filled: open them in the list below and reject them with the reason &ldquo;{REJECTION_REASON_LABELS.another_candidate}&rdquo;, or let a running loop finish first.
            </>
          ) : (
            'Keep them in until the answer comes: a decline frees the opening for them.'
          )}
        </p>
      )}
    </Panel>
  );
}

/**
 * A change to the requisition sent with the `editToken` the page read. One refused because a colleague changed the
 * requisition meanwhile reloads the page, which shows theirs, and keeps the choice made here to save again.
 */
function useRequisitionChange(orgId: string, requisition: Requisition, fields: readonly string[], onSaved: () => void) {
  const form = useApiForm(fields);
  const { newerNote, submit } = useSubmitOverNewer();
  const save = (change: { roleTemplate: string | null } | { hiringManagerId: string }) =>
    form.handleSubmit(async () => {
      // The page's reload after the save shows a colleague's change; the choice made here stays in the form.
      await submit({
        save: () => api('PATCH', `/orgs/${orgId}/hiring/requisitions/${requisition.id}`, { ...change, baseToken: requisition.editToken }),
        note: () => 'Someone changed this requisition after you opened the page: the page now shows their template and hiring manager. Your choice is kept: save again to apply it.',
      });
      onSaved();
    });
  return { form, newerNote, save };
}

/** The requisition's role template, which its loops are planned with. */
function TemplateForm({ orgId, requisition, onSaved }: { orgId: string; requisition: Requisition; onSaved(): void }) {
  const [roleTemplate, setRoleTemplate] = useState(requisition.roleTemplate?.id ?? '');
  const { form, newerNote, save } = useRequisitionChange(orgId, requisition, ['roleTemplate'], onSaved);
  return (
    <Panel headingId="template-heading" title="Role template">
      <p className="section-lead">Loops are planned with it, and interviewers see its questions. It can change until the first loop is set up.</p>
      <form
        className="form form--inline"
        noValidate
        aria-label="Role template"
        onSubmit={save({ roleTemplate: roleTemplate || null })}
      >
        <FormMessage message={form.formError} />
        <FormMessage message={newerNote} />
        <SelectField label="Template" name="roleTemplate" value={roleTemplate} options={ROLE_TEMPLATE_OPTIONS} onChange={setRoleTemplate} error={form.errorFor('roleTemplate')} />
        <Button type="submit" isBusy={form.isPending} disabled={roleTemplate === (requisition.roleTemplate?.id ?? '')} className="form__inline-submit">
          Save template
        </Button>
      </form>
    </Panel>
  );
}

/** Hands the requisition over (the manager moved on, or the team changed hands); the server re-checks open loops. */
function HiringManagerForm({ orgId, requisition, onSaved }: { orgId: string; requisition: Requisition; onSaved(): void }) {
  const people = useResource(async (signal) => (await api<{ people: PersonSummary[] }>('GET', `/orgs/${orgId}/people`, undefined, { signal })).people, orgId);
  const [managerId, setManagerId] = useState(requisition.hiringManager.id);
  const { form, newerNote, save } = useRequisitionChange(orgId, requisition, ['hiringManagerId'], onSaved);
  // Until the people arrive, the current manager alone, so the field shows who it is.
  const options = people.data ? personOptions(people.data) : [{ value: requisition.hiringManager.id, label: requisition.hiringManager.name }];
  return (
    <Panel headingId="hiring-manager-heading" title="Hiring manager">
      <p className="section-lead">Hand the requisition to someone else. Loops not yet decided keep their bar raiser, who must stay outside the new manager's reporting chain and team.</p>
      <form
        className="form form--inline"
        noValidate
        aria-label="Hiring manager"
        onSubmit={save({ hiringManagerId: managerId })}
      >
        <FormMessage message={form.formError} />
        <FormMessage message={newerNote} />
        <SelectField label="Hiring manager" name="hiringManagerId" value={managerId} options={options} onChange={setManagerId} error={form.errorFor('hiringManagerId')} />
        <Button type="submit" isBusy={form.isPending} disabled={managerId === requisition.hiringManager.id} className="form__inline-submit">
          Hand over
        </Button>
      </form>
    </Panel>
  );
}

/**
 * Reopening asks first (it lets candidates, loops and offers in again) and names the hiring manager: the current one
 * by default, or someone who takes it over. When the current one has left, they are not on the list, and the server
 * refuses the reopen until someone here is named (requisition.hiring_manager_here).
 */
function ReopenDialog({ orgId, requisition, isOpen, onReopened, onClose }: { orgId: string; requisition: Requisition; isOpen: boolean; onReopened(): void; onClose(): void }) {
  const people = useResource(async (signal) => (await api<{ people: PersonSummary[] }>('GET', `/orgs/${orgId}/people`, undefined, { signal })).people, orgId);
  const [chosenId, setChosenId] = useState<string | undefined>();
  const current = requisition.hiringManager;
  const hasLeft = people.data !== undefined && !people.data.some((person) => person.id === current.id);
  const managerId = chosenId ?? (hasLeft ? '' : current.id);
  // Until the people arrive, the current manager alone, so the field shows who it is.
  const options = people.data ? personOptions(people.data, hasLeft ? 'Choose the new hiring manager' : undefined) : [{ value: current.id, label: current.name }];
  return (
    <ConfirmDialog
      title={`Reopen the ${requisition.role} L${requisition.level} requisition?`}
      isOpen={isOpen}
      isDestructive={false}
      description={
        <p>
          It takes new candidates, loops and offers again, to hires decided while it was closed too.
          {hasLeft && ` ${current.name}, its hiring manager, has left the company: name who takes it over.`}
        </p>
      }
      confirmLabel="Reopen requisition"
      cancelLabel="Keep it closed"
      onConfirm={async () => {
        await api('POST', `/orgs/${orgId}/hiring/requisitions/${requisition.id}/reopen`, managerId === current.id || managerId === '' ? undefined : { hiringManagerId: managerId });
        onReopened();
      }}
      onClose={onClose}
      focusAfterConfirm={pageHeading}
    >
      <SelectField label="Hiring manager" name="hiringManagerId" value={managerId} options={options} onChange={setChosenId} />
    </ConfirmDialog>
  );
}

function CandidateForm({ orgId, requisitionId, onSaved }: { orgId: string; requisitionId: string; onSaved(): void }) {
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const form = useApiForm(['name', 'email']);
  return (
    <Panel headingId="new-candidate-heading" title="Add a candidate" isNewItemForm>
      <form
        className="form form--inline no-print"
        noValidate
        onSubmit={form.handleSubmit(async () => {
          await api('POST', `/orgs/${orgId}/hiring/requisitions/${requisitionId}/candidates`, { name, email });
          setName('');
          setEmail('');
          onSaved();
        })}
      >
        <FormMessage message={form.formError} />
        <TextField label="Candidate name" name="name" value={name} onChange={(event) => setName(event.target.value)} error={form.errorFor('name')} />
        <TextField label="Candidate email" name="email" type="email" autoComplete="off" value={email} onChange={(event) => setEmail(event.target.value)} error={form.errorFor('email')} />
        <Button type="submit" variant="primary" isBusy={form.isPending} className="form__inline-submit">
          Add candidate
        </Button>
      </form>
    </Panel>
  );
}
