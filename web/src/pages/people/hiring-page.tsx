import { useState } from 'react';
import { Button } from '../../components/button.js';
import { DataTable } from '../../components/data-table.js';
import { FormMessage, SelectField, TextField } from '../../components/field.js';
import { ErrorNote, LoadingNote, Page } from '../../components/page.js';
import { api, messageOf } from '../../lib/api-client.js';
import type { Membership } from '../../lib/api-types.js';
import { formatDate, formatDateTime } from '../../lib/format.js';
import { Link } from '../../lib/router.js';
import { useApiForm } from '../../lib/use-api-form.js';
import { useResource } from '../../lib/use-resource.js';
import { hasPermission } from '../../shell/sections.js';
import { personOptions, ROLE_TEMPLATE_OPTIONS, SEAT_LABELS, type LateFeedback, type MyInterview, type PersonSummary, type PoolMember, type RequisitionListItem, type Team } from './people-types.js';
import { Panel } from '../../components/panel.js';
import { NoPeopleHint } from './no-people-hint.js';
import './people.css';

/** Requisitions and the bar raiser pool. Candidates live under their requisition and are confidential. */
export function HiringPage({ membership }: { membership: Membership }) {
  const orgId = membership.org.id;
  const canManage = hasPermission(membership, 'hiring.manage');
  const canCertify = hasPermission(membership, 'hiring.certify');
  const data = useResource(async (signal) => {
    const [{ requisitions }, { pool }, { people }, { teams }, { interviews }, { lateFeedback }] = await Promise.all([
      api<{ requisitions: RequisitionListItem[] }>('GET', `/orgs/${orgId}/hiring/requisitions`, undefined, { signal }),
      api<{ pool: PoolMember[] }>('GET', `/orgs/${orgId}/hiring/bar-raisers`, undefined, { signal }),
      api<{ people: PersonSummary[] }>('GET', `/orgs/${orgId}/people`, undefined, { signal }),
      api<{ teams: Team[] }>('GET', `/orgs/${orgId}/teams`, undefined, { signal }),
      api<{ interviews: MyInterview[] }>('GET', `/orgs/${orgId}/hiring/my-interviews`, undefined, { signal }),
      // Recruiters and admins only (the server refuses anyone else): it names every loop's candidate and panel.
      canManage ? api<{ lateFeedback: LateFeedback[] }>('GET', `/orgs/${orgId}/hiring/late-feedback`, undefined, { signal }) : { lateFeedback: [] },
    ]);
    return { requisitions, pool, people, teams, interviews, lateFeedback };
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
              <DataTable columns={['Role', 'Template', 'Team', 'Hiring manager', 'Candidates', 'Status', 'Opened']}>
                {data.data.requisitions.map((requisition) => (
                  <tr key={requisition.id}>
                    <td>
                      <Link to={`/o/${orgId}/hiring/${requisition.id}`}>
                        {requisition.role} L{requisition.level}
                      </Link>
                    </td>
                    <td>{requisition.roleTemplate?.name ?? 'General'}</td>
                    <td>{requisition.team.name}</td>
                    <td>{requisition.hiringManager.name}</td>
                    <td>
                      <StageCounts counts={requisition.stageCounts} />
                    </td>
                    <td>{requisition.status === 'open' ? 'Open' : 'Closed'}</td>
                    <td className="table__muted">{formatDate(requisition.createdAt)}</td>
                  </tr>
                ))}
              </DataTable>
            )}
          </section>
          <BarRaiserPool orgId={orgId} pool={data.data.pool} people={data.data.people} canManage={canCertify} onSaved={data.reload} />
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
          <p className="section-lead">Feedback is due 24 hours after the interview. Chase these interviewers; for one without a login, key in their paper scorecard on the candidate&apos;s page.</p>
          <DataTable columns={['Owed by', 'Candidate', 'Role', 'Interview', 'Overdue since']}>
            {lateFeedback.map((late) => (
              <tr key={`${late.candidateId}:${late.interviewer.personId}`}>
                <td>
                  {late.interviewer.name}
                  {late.seat === 'bar_raiser' && <> <span className="badge badge--muted">bar raiser</span></>}
                  {!late.interviewer.hasLogin && <> <span className="badge badge--muted">no login</span></>}
                </td>
                <td>
                  <Link to={`/o/${orgId}/hiring/${late.requisition.id}?candidate=${late.candidateId}`}>{late.candidateName}</Link>
                </td>
                <td>
                  {late.requisition.role} L{late.requisition.level}
                </td>
                <td className="table__muted">{formatDateTime(late.interviewAt)}</td>
                <td>{formatDateTime(late.dueAt)}</td>
              </tr>
            ))}
          </DataTable>
        </>
      )}
    </section>
  );
}

const NEXT_STEP: Record<MyInterview['next'], string> = { feedback: 'Write your feedback', run_debrief: 'Run the debrief', none: '—' };

/** The loops the viewer sits in, most urgent first (the server orders them): what each asks of them next. */
function MyInterviews({ orgId, interviews }: { orgId: string; interviews: MyInterview[] }) {
  return (
    <section aria-labelledby="my-interviews-heading">
      <h2 id="my-interviews-heading" className="section-title">
        Your interviews
      </h2>
      <DataTable columns={['Candidate', 'Role', 'Your seat', 'Interview', 'Next step']}>
        {interviews.map((interview) => (
          <tr key={interview.candidateId}>
            <td>
              <Link to={`/o/${orgId}/hiring/${interview.requisition.id}?candidate=${interview.candidateId}`}>{interview.candidateName}</Link>
            </td>
            <td>
              {interview.requisition.role} L{interview.requisition.level}
            </td>
            <td>{SEAT_LABELS[interview.seat]}</td>
            <td className="table__muted">{formatDateTime(interview.interviewAt)}</td>
            <td>
              {NEXT_STEP[interview.next]}
              {interview.isOverdue && <> <span className="badge">Overdue (was due {formatDateTime(interview.dueAt)})</span></>}
            </td>
          </tr>
        ))}
      </DataTable>
    </section>
  );
}

function BarRaiserPool({ orgId, pool, people, canManage, onSaved }: { orgId: string; pool: PoolMember[]; people: PersonSummary[]; canManage: boolean; onSaved(): void }) {
  const [personId, setPersonId] = useState('');
  const [status, setStatus] = useState('certified');
  const [error, setError] = useState<string | undefined>();
  const save = async (id: string, next: string | null) => {
    setError(undefined);
    try {
      await api('PUT', `/orgs/${orgId}/hiring/bar-raisers/${id}`, { status: next });
      onSaved();
    } catch (failure) {
      setError(messageOf(failure));
    }
  };
  return (
    <section aria-labelledby="pool-heading">
      <h2 id="pool-heading" className="section-title">
        Bar raiser pool
      </h2>
      <p className="section-lead">Certified bar raisers run loops; those in training shadow them. Admins certify, and nobody certifies themselves. Recent load counts the loops they run in the 30 days before and after today (not those of candidates who withdrew), and the planner suggests the lightest.</p>
      {pool.length > 0 && (
        <DataTable columns={['Person', 'Status', 'Recent load', 'Loops run', 'Loops shadowed', '']}>
          {pool.map((member) => (
            <tr key={member.personId}>
              <td>{member.name}</td>
              <td>
                {member.status === 'certified' ? 'Certified' : 'In training'}
                {!member.hasLogin && <> <span className="badge badge--muted" title="Invite them to Pulse: a bar raiser runs the debrief signed in.">no login</span></>}
              </td>
              <td>{member.recentLoad}</td>
              <td>{member.totalLoops}</td>
              <td>{member.shadowed}</td>
              <td className="table__end">
                {canManage && (
                  <Button size="small" variant="quiet" onClick={() => void save(member.personId, null)} aria-label={`Remove ${member.name} from the pool`}>
                    Remove
                  </Button>
                )}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      {canManage && people.length > 0 && (
        <div className="form form--inline">
          <SelectField label="Person" name="poolPerson" value={personId} options={personOptions(people, 'Choose a person')} onChange={setPersonId} />
          <SelectField label="Status" name="poolStatus" value={status} options={[{ value: 'certified', label: 'Certified' }, { value: 'in_training', label: 'In training' }]} onChange={setStatus} />
          <Button className="form__inline-submit" disabled={!personId} onClick={() => void save(personId, status)}>
            Add to pool
          </Button>
        </div>
      )}
      <FormMessage message={error} />
    </section>
  );
}
