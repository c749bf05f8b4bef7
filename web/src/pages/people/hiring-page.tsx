import { useState } from 'react';
import { Button } from '../../components/button.js';
import { ConfirmDialog } from '../../components/confirm-dialog.js';
import { DataTable } from '../../components/data-table.js';
import { FormMessage, SelectField, TextField } from '../../components/field.js';
import { ErrorNote, LoadingNote, Page } from '../../components/page.js';
import { api, messageOf } from '../../lib/api-client.js';
import { isStaleWriteRefusal } from '../../lib/stale-draft.js';
import type { Membership } from '../../lib/api-types.js';
import { formatDate, formatDateTime } from '../../lib/format.js';
import { Link } from '../../lib/router.js';
import { useApiForm } from '../../lib/use-api-form.js';
import { useResource } from '../../lib/use-resource.js';
import { hasPermission } from '../../shell/sections.js';
import { personOptions, ROLE_TEMPLATE_OPTIONS, SEAT_LABELS, type LateFeedback, type MyInterview, type PersonSummary, type PoolMember, type RequisitionListItem, type Team } from './people-types.js';
import { Panel } from '../../components/panel.js';
import { NoPeopleHint } from './no-people-hint.js';
import { ReminderNote, RemindInterviewer } from './remind-interviewer.js';
import './people.css';

/** Requisitions and the bar raiser pool. Candidates live under their requisition and are confidential. */
export function HiringPage({ membership }: { membership: Membership }) {
  const orgId = membership.org.id;
  const canManage = hasPermission(membership, 'hiring.manage');
  const canCertify = hasPermission(membership, 'hiring.certify');
  const data = useResource(async (signal) => {
    const [{ requisitions }, { pool, editTokenOutsidePool }, { people }, { teams }, { interviews }, { lateFeedback }] = await Promise.all([
      api<{ requisitions: RequisitionListItem[] }>('GET', `/orgs/${orgId}/hiring/requisitions`, undefined, { signal }),
      api<{ pool: PoolMember[]; editTokenOutsidePool: string }>('GET', `/orgs/${orgId}/hiring/bar-raisers`, undefined, { signal }),
      api<{ people: PersonSummary[] }>('GET', `/orgs/${orgId}/people`, undefined, { signal }),
      api<{ teams: Team[] }>('GET', `/orgs/${orgId}/teams`, undefined, { signal }),
      api<{ interviews: MyInterview[] }>('GET', `/orgs/${orgId}/hiring/my-interviews`, undefined, { signal }),
      // Recruiters and admins only (the server refuses anyone else): it names every loop's candidate and panel.
      canManage ? api<{ lateFeedback: LateFeedback[] }>('GET', `/orgs/${orgId}/hiring/late-feedback`, undefined, { signal }) : { lateFeedback: [] },
    ]);
    return { requisitions, pool, editTokenOutsidePool, people, teams, interviews, lateFeedback };
  }, orgId);

  return (
    <Page title="Hiring" context={membership.org.name} lead={<p>Each requisition runs its candidates through a loop of 5–7 interviewers with one bar raiser from outside the hiring manager's reporting chain. The bar raiser runs the debrief, and their no is a veto.</p>}>
      {data.isLoading && !data.data && <LoadingNote label="Loading hiring…" />}
      {data.error && <ErrorNote message={data.error} onRetry={data.reload} />}
      {data.data && (
        <>
          {data.data.interviews.length > 0 && <MyInterviews orgId={orgId} interviews={data.data.interviews} />}
          {canManage && <LateScorecards orgId={orgId} lateFeedback={data.data.lateFeedback} />}
          {canManage && <RequisitionForm orgId={orgId} people={data.data.people} teams={data.data.teams} onSaved={data.reload} />}
          <section aria-labelledby="requisitions-heading">
            <h2 id="requisitions-heading" className="section-title">
              Requisitions
            </h2>
            {data.data.requisitions.length === 0 ? (
              <p className="section-lead">No requisitions yet. A recruiter or admin opens one for a role, level, team and hiring manager.</p>
            ) : (
              // On a phone each requisition is a block, its status and candidates in sight rather than off to the side.
              <DataTable columns={['Role', 'Template', 'Team', 'Hiring manager', 'Candidates', 'Status', 'Opened']} stacksOnPhones>
                {data.data.requisitions.map((requisition) => (
                  <tr key={requisition.id}>
                    <td>
                      <Link to={`/o/${orgId}/hiring/${requisition.id}`}>
                        {requisition.role} L{requisition.level}
                      </Link>
                    </td>
                    <td data-label="Template">{requisition.roleTemplate?.name ?? 'General'}</td>
                    <td data-label="Team">{requisition.team.name}</td>
                    <td data-label="Hiring manager">{requisition.hiringManager.name}</td>
                    <td data-label="Candidates">
                      <StageCounts counts={requisition.stageCounts} />
                    </td>
                    <td data-label="Status">
                      {requisition.status === 'open' ? 'Open' : 'Closed'}
                      {/* An offer (not declined) filled its opening (requisition.opening_filled): it takes no new candidates. */}
                      {requisition.isOpeningFilled && <> <span className="badge badge--muted">filled</span></>}
                    </td>
                    <td className="table__muted" data-label="Opened">{formatDate(requisition.createdAt)}</td>
                  </tr>
                ))}
              </DataTable>
            )}
          </section>
          <BarRaiserPool orgId={orgId} pool={data.data.pool} editTokenOutsidePool={data.data.editTokenOutsidePool} people={data.data.people} canManage={canCertify} onSaved={data.reload} />
        </>
      )}
    </Page>
  );
}

function RequisitionForm({ orgId, people, teams, onSaved }: { orgId: string; people: PersonSummary[]; teams: Team[]; onSaved(): void }) {
  const [values, setValues] = useState({ role: '', level: '5', teamId: teams[0]?.id ?? '', hiringManagerId: people[0]?.id ?? '', roleTemplate: '' });
  const form = useApiForm(['role', 'level', 'teamId', 'hiringManagerId', 'roleTemplate']);
  // A new org has neither: say which is missing and where to add it, so the getting-started step leads somewhere.
  if (people.length === 0) return <p className="section-lead"><NoPeopleHint orgId={orgId} what="A requisition" rule="A requisition names its hiring manager, someone on the org chart" />{' '}Then create the team it hires for on <Link to={`/o/${orgId}/teams`}>Teams &amp; initiatives</Link>.</p>;
  if (teams.length === 0) return <p className="section-lead">A requisition names the team it hires for, and the org has no team yet: create one on <Link to={`/o/${orgId}/teams`}>Teams &amp; initiatives</Link> first.</p>;
  return (
    <Panel headingId="new-requisition-heading" title="Open a requisition" isNewItemForm>
      <form
        className="form form--inline"
        noValidate
        onSubmit={form.handleSubmit(async () => {
          await api('POST', `/orgs/${orgId}/hiring/requisitions`, { ...values, level: Number(values.level), roleTemplate: values.roleTemplate || null });
          setValues({ ...values, role: '' });
          onSaved();
        })}
      >
        <FormMessage message={form.formError} />
        <TextField label="Role" name="role" value={values.role} onChange={(event) => setValues({ ...values, role: event.target.value })} error={form.errorFor('role')} />
        <TextField label="Level" name="level" type="number" min={1} max={12} value={values.level} onChange={(event) => setValues({ ...values, level: event.target.value })} error={form.errorFor('level')} />
        <SelectField label="Team" name="teamId" value={values.teamId} options={teams.map((team) => ({ value: team.id, label: team.name }))} onChange={(value) => setValues({ ...values, teamId: value })} />
        <SelectField label="Hiring manager" name="hiringManagerId" value={values.hiringManagerId} options={personOptions(people)} onChange={(value) => setValues({ ...values, hiringManagerId: value })} />
        <SelectField
          label="Role template"
          name="roleTemplate"
          value={values.roleTemplate}
          options={ROLE_TEMPLATE_OPTIONS}
          onChange={(value) => setValues({ ...values, roleTemplate: value })}
          error={form.errorFor('roleTemplate')}
        />
        <Button type="submit" variant="primary" isBusy={form.isPending} className="form__inline-submit">
          Open requisition
        </Button>
      </form>
    </Panel>
  );
}

const STAGE_LABELS: Record<keyof RequisitionListItem['stageCounts'], string> = {
  noLoop: 'no loop yet',
  scheduled: 'interview to come',
  feedback: 'awaiting feedback',
  debrief: 'in debrief',
  decided: 'decided',
  offer: 'offer',
  withdrawn: 'withdrew',
  rejected: 'rejected',
};

/** Where a requisition's candidates stand (those the viewer may see), so a recruiter sees where each pipeline is stuck. */
function StageCounts({ counts }: { counts: RequisitionListItem['stageCounts'] }) {
  const stages = (Object.keys(STAGE_LABELS) as (keyof typeof STAGE_LABELS)[]).filter((stage) => counts[stage] > 0);
  if (stages.length === 0) return <span className="table__muted">None</span>;
  return (
    <ul className="stage-counts" aria-label="Candidates by stage">
      {stages.map((stage) => (
        <li key={stage}>
          {counts[stage]} {STAGE_LABELS[stage]}
        </li>
      ))}
    </ul>
  );
}

/** Every overdue scorecard across the org's requisitions, longest overdue first: who to chase, about whom, since when. */
function LateScorecards({ orgId, lateFeedback }: { orgId: string; lateFeedback: LateFeedback[] }) {
  return (
    <section aria-labelledby="late-feedback-heading">
      <h2 id="late-feedback-heading" className="section-title">
        Late scorecards
      </h2>
      {lateFeedback.length === 0 ? (
        <p className="section-lead">No feedback is overdue: every interviewer has sent theirs within 24 hours of the interview.</p>
      ) : (
        <>
          <p className="section-lead">Feedback is due 24 hours after the interview (after the candidate&apos;s reinstatement, when they came back later). Remind these interviewers (once a day each: the reminder waits on their home page); for one without a login, key in their paper scorecard on the candidate&apos;s page.</p>
          <DataTable columns={['Owed by', 'Candidate', 'Role', 'Interview', 'Overdue since', 'Reminder']} stacksOnPhones>
            {lateFeedback.map((late) => (
              <tr key={`${late.candidateId}:${late.interviewer.personId}`}>
                <td>
                  {late.interviewer.name}
                  {late.seat === 'bar_raiser' && <> <span className="badge badge--muted">bar raiser</span></>}
                  {!late.interviewer.hasLogin && <> <span className="badge badge--muted">no login</span></>}
                </td>
                <td data-label="Candidate">
                  <Link to={`/o/${orgId}/hiring/${late.requisition.id}?candidate=${late.candidateId}`}>{late.candidateName}</Link>
                </td>
                <td data-label="Role">
                  {late.requisition.role} L{late.requisition.level}
                </td>
                <td className="table__muted" data-label="Interview">{formatDateTime(late.interviewAt)}</td>
                <td data-label="Overdue since">{formatDateTime(late.dueAt)}</td>
                <td data-label="Reminder">
                  {late.isYours ? (
                    // Nobody reminds themselves (feedback.reminder_self): the scorecard is theirs to write.
                    // The candidate's name is read out after the words shown, so the link's name starts with them.
                    <Link to={`/o/${orgId}/hiring/${late.requisition.id}?candidate=${late.candidateId}`}>
                      Yours: write it<span className="visually-hidden"> (your feedback on {late.candidateName})</span>
                    </Link>
                  ) : late.interviewer.hasLogin ? (
                    <RemindInterviewer path={`/orgs/${orgId}/hiring/candidates/${late.candidateId}/loop/seats/${late.interviewer.personId}/reminders`} name={late.interviewer.name} lastReminder={late.lastReminder} onSent={() => undefined} />
                  ) : (
                    <span className="table__muted">Key in their scorecard</span>
                  )}
                </td>
              </tr>
            ))}
          </DataTable>
        </>
      )}
    </section>
  );
}

const NEXT_STEP: Record<MyInterview['next'], string> = { interview: 'The interview (feedback opens when it starts)', feedback: 'Write your feedback', run_debrief: 'Run the debrief', none: '—' };

/** The loops the viewer sits in, most urgent first (the server orders them): what each asks of them next. */
function MyInterviews({ orgId, interviews }: { orgId: string; interviews: MyInterview[] }) {
  return (
    <section aria-labelledby="my-interviews-heading">
      <h2 id="my-interviews-heading" className="section-title">
        Your interviews
      </h2>
      {/* Stacked on a phone: the next step, the reason to open this list, would otherwise be scrolled out of sight. */}
      <DataTable columns={['Candidate', 'Role', 'Your seat', 'Interview', 'Next step']} stacksOnPhones>
        {interviews.map((interview) => (
          <tr key={interview.candidateId}>
            <td>
              <Link to={`/o/${orgId}/hiring/${interview.requisition.id}?candidate=${interview.candidateId}`}>{interview.candidateName}</Link>
            </td>
            <td data-label="Role">
              {interview.requisition.role} L{interview.requisition.level}
            </td>
            <td data-label="Your seat">{SEAT_LABELS[interview.seat]}</td>
            <td className="table__muted" data-label="Interview">{formatDateTime(interview.interviewAt)}</td>
            <td data-label="Next step">
              {/* A shadow owes no scorecard (no due date): their notes are welcome, never asked for. */}
              {interview.next === 'feedback' && interview.dueAt === null ? 'Your notes, if you like (none owed)' : NEXT_STEP[interview.next]}
              {interview.isOverdue && interview.dueAt !== null && <> <span className="badge">Overdue (was due {formatDateTime(interview.dueAt)})</span></>}
              {interview.lastReminder && (
                <>
                  {' '}
                  <ReminderNote reminder={interview.lastReminder} />
                </>
              )}
            </td>
          </tr>
        ))}
      </DataTable>
    </section>
  );
}

const POOL_STATUS_OPTIONS = [
  { value: 'certified', label: 'Certified' },
  { value: 'in_training', label: 'In training' },
];

/**
 * The pool, with each member's status changeable by admins. Every change sends the place in the pool as this page
 * read it (`baseToken`): one a colleague changed meanwhile is refused, the page reloads to show theirs, and the
 * status chosen here stays in its field to save again.
 */
function BarRaiserPool({ orgId, pool, editTokenOutsidePool, people, canManage, onSaved }: { orgId: string; pool: PoolMember[]; editTokenOutsidePool: string; people: PersonSummary[]; canManage: boolean; onSaved(): void }) {
  const [personId, setPersonId] = useState('');
  const [status, setStatus] = useState('certified');
  const [error, setError] = useState<string | undefined>();
  const [newerNote, setNewerNote] = useState<string | undefined>();
  const save = async (id: string, next: string | null) => {
    setError(undefined);
    setNewerNote(undefined);
    const member = pool.find((entry) => entry.personId === id);
    try {
      await api('PUT', `/orgs/${orgId}/hiring/bar-raisers/${id}`, { status: next, baseToken: member?.editToken ?? editTokenOutsidePool });
      if (id === personId) setPersonId('');
    } catch (failure) {
      if (!isStaleWriteRefusal(failure)) {
        setError(messageOf(failure));
        return;
      }
      const name = member?.name ?? people.find((entry) => entry.id === id)?.name ?? 'this person';
      setNewerNote(`Someone changed ${name}'s place in the pool after you opened the page: the page now shows it. Your choice is kept: save again to apply it.`);
    }
    onSaved();
  };
  return (
    <section aria-labelledby="pool-heading">
      <h2 id="pool-heading" className="section-title">
        Bar raiser pool
      </h2>
      <p className="section-lead">Certified bar raisers run loops; those in training shadow them. Admins certify, and nobody certifies themselves. Recent load counts the loops they run in the 30 days before and after today (not those of candidates who withdrew), and the planner suggests the lightest.</p>
      <FormMessage message={newerNote} />
      {pool.length > 0 && (
        <DataTable columns={['Person', 'Status', 'Recent load', 'Loops run', 'Loops shadowed', '']} stacksOnPhones>
          {pool.map((member) => (
            <PoolRow key={member.personId} member={member} canManage={canManage} onSave={save} />
          ))}
        </DataTable>
      )}
      {canManage && people.length > 0 && (
        <div className="form form--inline">
          <SelectField label="Person" name="poolPerson" value={personId} options={personOptions(people, 'Choose a person')} onChange={setPersonId} />
          <SelectField label="Status" name="poolStatus" value={status} options={POOL_STATUS_OPTIONS} onChange={setStatus} />
          <Button className="form__inline-submit" disabled={!personId} onClick={() => void save(personId, status)}>
            Add to pool
          </Button>
        </div>
      )}
      <FormMessage message={error} />
    </section>
  );
}

/** One member: their status as a field for admins (saved on its own button), and a way out of the pool. */
function PoolRow({ member, canManage, onSave }: { member: PoolMember; canManage: boolean; onSave(id: string, status: string | null): Promise<void> }) {
  // The status chosen here, kept over a reload (a colleague's change shows beside it until saved again).
  const [draft, setDraft] = useState<string>(member.status);
  const [isBusy, setBusy] = useState(false);
  const [isConfirmingRemoval, setConfirmingRemoval] = useState(false);
  const run = async (next: string | null) => {
    setBusy(true);
    try {
      await onSave(member.personId, next);
    } finally {
      setBusy(false);
    }
  };
  return (
    <tr>
      <td>{member.name}</td>
      <td data-label="Status">
        {canManage ? (
          <span className="pool-status">
            <select className="input input--select input--compact" aria-label={`Status of ${member.name}`} value={draft} onChange={(event) => setDraft(event.target.value)}>
              {POOL_STATUS_OPTIONS.map((option) => (
                <option key={option.value} value={option.value}>
                  {option.label}
                </option>
              ))}
            </select>
            {draft !== member.status && (
              <>
                {' '}
                <span className="table__muted">now {member.status === 'certified' ? 'Certified' : 'In training'}</span>{' '}
                <Button size="small" isBusy={isBusy} onClick={() => void run(draft)}>
                  Save
                </Button>
              </>
            )}
          </span>
        ) : member.status === 'certified' ? (
          'Certified'
        ) : (
          'In training'
        )}
        {!member.hasLogin && <> <span className="badge badge--muted" title="Invite them to Pulse: a bar raiser runs the debrief signed in.">no login</span></>}
      </td>
      <td data-label="Recent load">{member.recentLoad}</td>
      <td data-label="Loops run">{member.totalLoops}</td>
      <td data-label="Loops shadowed">{member.shadowed}</td>
      <td className="table__end">
        {canManage && (
          <Button size="small" variant="quiet" isBusy={isBusy} onClick={() => setConfirmingRemoval(true)} aria-label={`Remove ${member.name} from the pool`}>
            Remove
          </Button>
        )}
        {/* Asked first: one click would otherwise take a certified bar raiser out of every loop plan. */}
        <ConfirmDialog
          title={`Take ${member.name} out of the bar raiser pool?`}
          isOpen={isConfirmingRemoval}
          description={<p>The planner no longer suggests them, and no new loop can seat them as bar raiser or shadow. An undecided loop where they sit as bar raiser is flagged, to give their seat to someone in the pool. An admin can add them again.</p>}
          confirmLabel="Take them out"
          cancelLabel="Keep them"
          onConfirm={() => run(null)}
          onClose={() => setConfirmingRemoval(false)}
          focusAfterConfirm={() => document.getElementById('pool-heading')}
        />
      </td>
    </tr>
  );
}
