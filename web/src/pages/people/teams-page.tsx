import { useState } from 'react';
import { Button } from '../../components/button.js';
import { DataTable } from '../../components/data-table.js';
import { FormMessage, SelectField, TextField } from '../../components/field.js';
import { ErrorNote, LoadingNote, Page } from '../../components/page.js';
import { api, messageOf } from '../../lib/api-client.js';
import type { Membership } from '../../lib/api-types.js';
import { Link } from '../../lib/router.js';
import { useApiForm } from '../../lib/use-api-form.js';
import { useResource } from '../../lib/use-resource.js';
import { hasPermission } from '../../shell/sections.js';
import { personOptions, type Initiative, type PersonSummary, type Team } from './people-types.js';
import { Panel } from '../../components/panel.js';
import { PIPELINE_STAGES, STAGE_LABELS } from '../pipeline/pipeline-types.js';
import './people.css';

const STATUS_OPTIONS = [
  { value: 'active', label: 'Active' },
  { value: 'paused', label: 'Paused' },
  { value: 'done', label: 'Done' },
];

/** Teams and initiatives: where single-threaded leadership is set up and kept. */
export function TeamsPage({ membership }: { membership: Membership }) {
  const orgId = membership.org.id;
  const canManage = hasPermission(membership, 'people.manage');
  const data = useResource(async () => {
    const [{ teams }, { initiatives }, { people }] = await Promise.all([
      api<{ teams: Team[] }>('GET', `/orgs/${orgId}/teams`),
      api<{ initiatives: Initiative[] }>('GET', `/orgs/${orgId}/initiatives`),
      api<{ people: PersonSummary[] }>('GET', `/orgs/${orgId}/people`),
    ]);
    return { teams, initiatives, people };
  }, orgId);
  const [rowError, setRowError] = useState<string | undefined>();

  const patch = async (path: string, body: unknown) => {
    setRowError(undefined);
    try {
      await api('PATCH', path, body);
      data.reload();
    } catch (error) {
      setRowError(messageOf(error));
    }
  };

  const members = (list: Team['members']) =>
    list.length === 0 ? (
      <span className="table__muted">nobody</span>
    ) : (
      list.map((member, index) => (
        <span key={member.personId}>
          {index > 0 && ', '}
          <Link to={`/o/${orgId}/people/${member.personId}`}>{member.name}</Link> {member.percent}%
        </span>
      ))
    );

  return (
    <Page
      title="Teams & initiatives"
      context={membership.org.name}
      lead={<p>An initiative has exactly one single-threaded leader, 100% on it with no other duties. A single-threaded team's members are 100% on it, with no dotted lines. Pulse refuses a change that breaks either, naming the rule.</p>}
    >
      {data.isLoading && !data.data && <LoadingNote label="Loading teams and initiatives…" />}
      {data.error && <ErrorNote message={data.error} onRetry={data.reload} />}
      <FormMessage message={rowError} />
      {data.data && (
        <>
          {canManage && (
            <div className="two-columns">
              <InitiativeForm orgId={orgId} people={data.data.people} onSaved={data.reload} />
              <TeamForm orgId={orgId} initiatives={data.data.initiatives} onSaved={data.reload} />
            </div>
          )}
          <section aria-labelledby="initiatives-heading">
            <h2 id="initiatives-heading" className="section-title">
              Initiatives
            </h2>
            {data.data.initiatives.length === 0 ? (
              <p className="section-lead">No initiatives yet. Create one with its single-threaded leader: they are allocated 100% to it in the same step.</p>
            ) : (
              <DataTable columns={['Initiative', 'Stage', 'Single-threaded leader', 'People', 'Status']}>
                {data.data.initiatives.map((initiative) => (
                  <tr key={initiative.id}>
                    <td>
                      <Link to={`/o/${orgId}/pipeline/${initiative.id}`}>{initiative.name}</Link>
                    </td>
                    <td>{STAGE_LABELS[initiative.stage]}</td>
                    <td>{initiative.stl ? <Link to={`/o/${orgId}/people/${initiative.stl.id}`}>{initiative.stl.name}</Link> : <span className="badge badge--muted">no leader</span>}</td>
                    <td>{members(initiative.members)}</td>
                    <td>
                      {canManage ? (
                        <select className="input input--select input--compact" aria-label={`Status of ${initiative.name}`} value={initiative.status} onChange={(event) => void patch(`/orgs/${orgId}/initiatives/${initiative.id}`, { status: event.target.value })}>
                          {STATUS_OPTIONS.map((option) => (
                            <option key={option.value} value={option.value}>
                              {option.label}
                            </option>
                          ))}
                        </select>
                      ) : (
                        initiative.status
                      )}
                    </td>
                  </tr>
                ))}
              </DataTable>
            )}
          </section>
          <section aria-labelledby="teams-heading">
            <h2 id="teams-heading" className="section-title">
              Teams
            </h2>
            {data.data.teams.length === 0 ? (
              <p className="section-lead">No teams yet. People join a team by an allocation (on their page, or in a CSV import).</p>
            ) : (
              <DataTable columns={['Team', 'Members', 'Single-threaded']}>
                {data.data.teams.map((team) => (
                  <tr key={team.id}>
                    <td>{team.name}</td>
                    <td>{members(team.members)}</td>
                    <td>
                      {canManage ? (
                        <label>
                          <input type="checkbox" checked={team.isSingleThreaded} onChange={(event) => void patch(`/orgs/${orgId}/teams/${team.id}`, { isSingleThreaded: event.target.checked })} /> single-threaded
                        </label>
                      ) : team.isSingleThreaded ? (
                        'yes'
                      ) : (
                        'no'
                      )}
                    </td>
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

function InitiativeForm({ orgId, people, onSaved }: { orgId: string; people: PersonSummary[]; onSaved(): void }) {
  const [name, setName] = useState('');
  const [stlPersonId, setStl] = useState('');
  const [stage, setStage] = useState('idea');
  const form = useApiForm(['name', 'stlPersonId', 'stage']);
  return (
    <Panel headingId="new-initiative-heading" title="New initiative" isNewItemForm>
      <form
        className="form"
        noValidate
        onSubmit={form.handleSubmit(async () => {
          await api('POST', `/orgs/${orgId}/initiatives`, { name, stage, stlPersonId: stlPersonId || null });
          setName('');
          onSaved();
        })}
      >
        <FormMessage message={form.formError} />
        <TextField label="Name" name="name" value={name} onChange={(event) => setName(event.target.value)} error={form.errorFor('name')} />
        <SelectField label="Single-threaded leader" name="stlPersonId" value={stlPersonId} options={personOptions(people, 'Choose a leader')} onChange={setStl} error={form.errorFor('stlPersonId')} />
        <SelectField
          label="Pipeline stage"
          name="stage"
          value={stage}
          options={PIPELINE_STAGES.map((value) => ({ value, label: value === 'idea' ? 'Idea (new: it goes through every gate)' : `${STAGE_LABELS[value]} (under way before Pulse)` }))}
          onChange={setStage}
          error={form.errorFor('stage')}
        />
        <Button type="submit" variant="primary" isBusy={form.isPending}>
          Create initiative
        </Button>
      </form>
    </Panel>
  );
}

function TeamForm({ orgId, initiatives, onSaved }: { orgId: string; initiatives: Initiative[]; onSaved(): void }) {
  const [name, setName] = useState('');
  const [isSingleThreaded, setSingleThreaded] = useState(false);
  const [initiativeId, setInitiativeId] = useState('');
  const form = useApiForm(['name', 'initiativeId']);
  return (
    <Panel headingId="new-team-heading" title="New team">
      <form
        className="form"
        noValidate
        onSubmit={form.handleSubmit(async () => {
          await api('POST', `/orgs/${orgId}/teams`, { name, isSingleThreaded, initiativeId: initiativeId || null });
          setName('');
          onSaved();
        })}
      >
        <FormMessage message={form.formError} />
        <TextField label="Name" name="name" value={name} onChange={(event) => setName(event.target.value)} error={form.errorFor('name')} />
        <SelectField label="Initiative it works on" name="initiativeId" value={initiativeId} options={[{ value: '', label: 'None' }, ...initiatives.map((initiative) => ({ value: initiative.id, label: initiative.name }))]} onChange={setInitiativeId} />
        <label>
          <input type="checkbox" checked={isSingleThreaded} onChange={(event) => setSingleThreaded(event.target.checked)} /> Single-threaded (members 100% on it, no dotted lines)
        </label>
        <Button type="submit" variant="primary" isBusy={form.isPending}>
          Create team
        </Button>
      </form>
    </Panel>
  );
}
