import { useEffect, useId, useRef, useState } from 'react';
import { Button } from '../../components/button.js';
import { ConfirmDialog } from '../../components/confirm-dialog.js';
import { DataTable } from '../../components/data-table.js';
import { FormMessage, SelectField, TextField } from '../../components/field.js';
import { ErrorNote, LoadingNote, Page } from '../../components/page.js';
import { api, ApiError, messageOf } from '../../lib/api-client.js';
import type { Membership } from '../../lib/api-types.js';
import { Link } from '../../lib/router.js';
import { isStaleWriteRefusal } from '../../lib/stale-draft.js';
import { formatDate } from '../../lib/format.js';
import { useApiForm } from '../../lib/use-api-form.js';
import { useResource } from '../../lib/use-resource.js';
import { useSession } from '../../lib/session.js';
import { linkedRowId, useLinkedRow } from '../../lib/use-linked-row.js';
import { hasPermission } from '../../shell/sections.js';
import { personOptions, type Initiative, type Person, type PersonSummary, type Team } from './people-types.js';
import { Panel } from '../../components/panel.js';
import { PickAndSave } from '../../components/pick-and-save.js';
import { NoPeopleHint } from './no-people-hint.js';
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
  const data = useResource(async (signal) => {
    const [{ teams }, { initiatives }, { people }] = await Promise.all([
      // Archived teams too: they are listed apart, behind "Show archived teams", and a search link may name one.
      api<{ teams: Team[] }>('GET', `/orgs/${orgId}/teams?includeArchived=true`, undefined, { signal }),
      api<{ initiatives: Initiative[] }>('GET', `/orgs/${orgId}/initiatives`, undefined, { signal }),
      api<{ people: PersonSummary[] }>('GET', `/orgs/${orgId}/people`, undefined, { signal }),
    ]);
    return { teams, initiatives, people };
  }, orgId);
  // A refusal is shown beside the control that asked for the change (keyed by it), not at the top of the page: a
  // table row can be a long way down, and the reader needs the rule next to what they just touched.
  const [controlErrors, setControlErrors] = useState<Readonly<Record<string, string>>>({});
  // A team has no page of its own: a link to one (from search) names it in the address.
  const linkedTeamId = useLinkedRow('team', data.data !== undefined);
  const [deleting, setDeleting] = useState<Team | undefined>();
  const activeTeams = data.data?.teams.filter((team) => team.archivedAt === null) ?? [];
  const archivedTeams = data.data?.teams.filter((team) => team.archivedAt !== null) ?? [];
  const [isArchiveShown, setArchiveShown] = useState(false);
  // A search link to an archived team opens the archive, where its row is.
  const showsArchive = isArchiveShown || archivedTeams.some((team) => team.id === linkedTeamId);
  /**
   * Where the keyboard goes once the page has read the org again after a change that took away the focused control
   * (a removed member's Remove button, an archived team's row): without it focus falls to the page's top.
   */
  const focusAfterReload = useRef<(() => HTMLElement | null) | undefined>(undefined);
  useEffect(() => {
    const target = focusAfterReload.current;
    if (!target || !data.data) return;
    focusAfterReload.current = undefined;
    (target() ?? document.getElementById('teams-heading'))?.focus();
  }, [data.data]);
  const reloadThenFocus = (target: () => HTMLElement | null) => {
    focusAfterReload.current = target;
    data.reload();
  };

  /**
   * Saves one control's change with the token of the row as this page read it. Refused because a colleague changed the
   * row since (409), the page reads it again and says so beside the control, which keeps the pick for saving again.
   */
  const patch = async (control: string, path: string, body: Record<string, unknown> & { baseToken: string }, what: 'team' | 'initiative'): Promise<boolean> => {
    setControlErrors(({ [control]: _cleared, ...others }) => others);
    try {
      await api('PATCH', path, body);
      data.reload();
      return true;
    } catch (error) {
      const isNewer = isStaleWriteRefusal(error);
      setControlErrors((errors) => ({ ...errors, [control]: isNewer ? `Someone changed this ${what} after you opened the page: it now shows their version. Make your change again to apply it.` : messageOf(error) }));
      if (isNewer) data.reload();
      return false;
    }
  };

  /**
   * Takes someone off a team from its row, with the allocation's token as this page read it: a share a colleague
   * changed meanwhile is not removed unseen (the row then shows theirs), and one already removed is said to be gone.
   */
  const removeFromTeam = async (team: Team, member: Team['members'][number]): Promise<void> => {
    const control = `members:${team.id}`;
    setControlErrors(({ [control]: _cleared, ...others }) => others);
    const index = team.members.findIndex((listed) => listed.allocationId === member.allocationId);
    try {
      await api('DELETE', `/orgs/${orgId}/allocations/${member.allocationId}?baseToken=${encodeURIComponent(member.editToken)}`);
      // Their Remove button goes with them: the keyboard goes to the next one in the row (the last, when they were
      // last), or to the row's "Add someone" once nobody is left.
      reloadThenFocus(() => {
        const row = document.getElementById(linkedRowId('team', team.id));
        const removeButtons = row?.querySelectorAll<HTMLElement>('.team-members button') ?? [];
        return removeButtons[Math.min(index, removeButtons.length - 1)] ?? row?.querySelector<HTMLElement>('.team-add select') ?? null;
      });
      return;
    } catch (error) {
      const message = isStaleWriteRefusal(error)
        ? `Someone changed ${member.name}'s share of ${team.name} after you opened the page, so it was not removed: the row now shows theirs. Press Remove again if you still mean to.`
        : error instanceof ApiError && error.status === 404
          ? `${member.name} was already taken off ${team.name}.`
          : messageOf(error);
      setControlErrors((errors) => ({ ...errors, [control]: message }));
    }
    data.reload();
  };

  /**
   * Archives or restores a team from its row, with its token as this page read it. A refusal (people still on it, an
   * open requisition for it, a live initiative) shows beside the button, which keeps focus; once done, the row moves
   * between the lists and the keyboard goes to the list it left.
   */
  const setArchived = async (team: Team, isArchiving: boolean): Promise<void> => {
    const control = `name:${team.id}`;
    setControlErrors(({ [control]: _cleared, ...others }) => others);
    try {
      await api('POST', `/orgs/${orgId}/teams/${team.id}/${isArchiving ? 'archive' : 'restore'}`, { baseToken: team.editToken });
      reloadThenFocus(() => document.getElementById(isArchiving ? 'teams-heading' : 'archived-teams-heading'));
    } catch (error) {
      const isNewer = isStaleWriteRefusal(error);
      setControlErrors((errors) => ({ ...errors, [control]: isNewer ? `Someone changed ${team.name} after you opened the page: it now shows their version. Check it, then press ${isArchiving ? 'Archive' : 'Restore'} again.` : messageOf(error) }));
      if (isNewer) data.reload();
    }
  };

  /** Deletes the team the dialog asks about; a refusal (people still on it, its requisitions, its initiative) shows in the dialog. */
  const deleteTeam = async (): Promise<void> => {
    if (!deleting) return;
    try {
      await api('DELETE', `/orgs/${orgId}/teams/${deleting.id}?baseToken=${encodeURIComponent(deleting.editToken)}`);
    } catch (error) {
      if (!isStaleWriteRefusal(error)) throw error;
      data.reload();
      throw new Error(`Someone changed ${deleting.name} after you opened the page: it now shows their version. Close this and check it before deleting.`);
    }
    data.reload();
  };

  const initiativeNamed = (initiativeId: string | null) => (initiativeId === null ? undefined : data.data?.initiatives.find((initiative) => initiative.id === initiativeId));
  const { state: session } = useSession();
  const viewerUserId = session.status === 'signed-in' ? session.session.user.id : undefined;
  const viewerPersonId = viewerUserId === undefined ? undefined : data.data?.people.find((person) => person.userId === viewerUserId)?.id;
  /** Admins staff every team; a single-threaded leader staffs the single-threaded team of the active initiative they lead (the server decides). */
  const canStaff = (team: Team) => {
    if (canManage) return true;
    const initiative = initiativeNamed(team.initiativeId);
    return team.isSingleThreaded && initiative !== undefined && initiative.status === 'active' && initiative.stage !== 'killed' && viewerPersonId !== undefined && initiative.stl?.id === viewerPersonId;
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
      lead={<p>An initiative has exactly one single-threaded leader, 100% on it with no other duties. A single-threaded team's members are 100% on it, with no dotted lines. Pulse refuses a change that breaks either, or makes a break already in the data worse, naming the rule.</p>}
    >
      {data.isLoading && !data.data && <LoadingNote label="Loading teams and initiatives…" />}
      {data.error && <ErrorNote message={data.error} onRetry={data.reload} />}
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
              <DataTable columns={['Initiative', 'Stage', 'Single-threaded leader', 'People', 'Status']} stacksOnPhones>
                {data.data.initiatives.map((initiative) => (
                  <tr key={initiative.id}>
                    <td>
                      <Link to={`/o/${orgId}/pipeline/${initiative.id}`}>{initiative.name}</Link>
                    </td>
                    <td data-label="Stage">{STAGE_LABELS[initiative.stage]}</td>
                    <td data-label="Single-threaded leader">{initiative.stl ? <Link to={`/o/${orgId}/people/${initiative.stl.id}`}>{initiative.stl.name}</Link> : <span className="badge badge--muted">no leader</span>}</td>
                    <td data-label="People">
                      {members(initiative.members)}
                      {/* The people of the teams working on it: who an executive expects under the initiative, team by team. */}
                      {initiative.teams.map((team) => (
                        <div key={team.id} className="initiative-team">
                          <a href={`#${linkedRowId('team', team.id)}`}>{team.name}</a>
                          {team.isSingleThreaded && <span className="badge badge--muted">single-threaded</span>}: {members(initiative.teamMembers.filter((member) => member.teamId === team.id))}
                        </div>
                      ))}
                    </td>
                    <td data-label="Status">
                      {canManage ? (
                        // Picked, then saved with Save: arrowing from active to done saves no "paused" on the way. A save
                        // refused over a colleague's newer status keeps the pick, to save again over theirs.
                        <PickAndSave
                          label={`Status of ${initiative.name}`}
                          value={initiative.status}
                          options={STATUS_OPTIONS}
                          saveWhat={`the status of ${initiative.name}`}
                          error={controlErrors[`status:${initiative.id}`]}
                          onSave={(status) => patch(`status:${initiative.id}`, `/orgs/${orgId}/initiatives/${initiative.id}`, { status, baseToken: initiative.editToken }, 'initiative')}
                          keepsPickWhenRefused
                        />
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
            <h2 id="teams-heading" className="section-title" tabIndex={-1}>
              Teams
            </h2>
            {activeTeams.length === 0 ? (
              <p className="section-lead">{archivedTeams.length === 0 ? 'No teams yet. Create one above, then add people from its row (or from their page, or in a CSV import).' : 'No teams in use. Create one above, or restore an archived team below.'}</p>
            ) : (
              <DataTable columns={['Team', 'Initiative', 'Members', 'Single-threaded']} stacksOnPhones>
                {activeTeams.map((team) => (
                  <tr key={team.id} id={linkedRowId('team', team.id)} className={team.id === linkedTeamId ? 'row--linked' : undefined}>
                    <td>
                      {canManage ? (
                        <TeamNameControl
                          orgId={orgId}
                          team={team}
                          error={controlErrors[`name:${team.id}`]}
                          onRename={(name) => patch(`name:${team.id}`, `/orgs/${orgId}/teams/${team.id}`, { name, baseToken: team.editToken }, 'team')}
                          onDelete={() => setDeleting(team)}
                          onArchive={() => setArchived(team, true)}
                        />
                      ) : (
                        <Link to={`/o/${orgId}/teams/${team.id}`}>{team.name}</Link>
                      )}
                    </td>
                    <td data-label="Initiative">{initiativeNamed(team.initiativeId) ? <Link to={`/o/${orgId}/pipeline/${team.initiativeId}`}>{initiativeNamed(team.initiativeId)!.name}</Link> : <span className="table__muted">none</span>}</td>
                    <td data-label="Members">
                      {canStaff(team) ? <RemovableMembers orgId={orgId} team={team} error={controlErrors[`members:${team.id}`]} onRemove={(member) => removeFromTeam(team, member)} /> : members(team.members)}
                      {canStaff(team) && <AddToTeam orgId={orgId} team={team} people={data.data?.people ?? []} onAdded={data.reload} />}
                    </td>
                    <td data-label="Single-threaded">
                      {canManage ? (
                        <SingleThreadedControl
                          team={team}
                          error={controlErrors[`single-threaded:${team.id}`]}
                          onChange={(isSingleThreaded) => void patch(`single-threaded:${team.id}`, `/orgs/${orgId}/teams/${team.id}`, { isSingleThreaded, baseToken: team.editToken }, 'team')}
                        />
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
          {archivedTeams.length > 0 && (
            <section aria-labelledby="archived-teams-heading">
              <h2 id="archived-teams-heading" className="section-title" tabIndex={-1}>
                Archived teams ({archivedTeams.length})
              </h2>
              <p className="section-lead">
                Teams that are done keep their requisitions, past initiatives and history here, out of the pickers; they take no people or new work until restored.{' '}
                <Button size="small" aria-expanded={showsArchive} aria-controls="archived-teams" onClick={() => setArchiveShown(!showsArchive)}>
                  {showsArchive ? 'Hide archived teams' : 'Show archived teams'}
                </Button>
              </p>
              {showsArchive && (
                <div id="archived-teams">
                  <DataTable columns={['Team', 'Archived', 'Last initiative']} stacksOnPhones>
                    {archivedTeams.map((team) => (
                      <tr key={team.id} id={linkedRowId('team', team.id)} className={team.id === linkedTeamId ? 'row--linked' : undefined}>
                        <td>
                          <Link className="team-name" to={`/o/${orgId}/teams/${team.id}`}>
                            {team.name}
                          </Link>{' '}
                          {canManage && (
                            <Button size="small" onClick={() => void setArchived(team, false)}>
                              Restore<span className="visually-hidden"> {team.name}</span>
                            </Button>
                          )}
                          <ControlError id={`archived-error-${team.id}`} message={controlErrors[`name:${team.id}`]} />
                        </td>
                        <td data-label="Archived">{formatDate(team.archivedAt!)}</td>
                        <td data-label="Last initiative">{initiativeNamed(team.initiativeId) ? <Link to={`/o/${orgId}/pipeline/${team.initiativeId}`}>{initiativeNamed(team.initiativeId)!.name}</Link> : <span className="table__muted">none</span>}</td>
                      </tr>
                    ))}
                  </DataTable>
                </div>
              )}
            </section>
          )}
          <ConfirmDialog
            title="Delete this team?"
            isOpen={deleting !== undefined}
            description={deleting && <p>{deleting.name} goes from Teams & initiatives and from search. Its audit history stays. Pulse refuses while people are on it, a requisition names it (archive it instead) or it works on an initiative, and says what to do first.</p>}
            confirmLabel="Delete team"
            cancelLabel="Keep it"
            onConfirm={deleteTeam}
            onClose={() => setDeleting(undefined)}
            focusAfterConfirm={() => document.getElementById('teams-heading')}
          />
        </>
      )}
    </Page>
  );
}

/** The refusal of a change, under the control that asked for it; announced as it appears. */
function ControlError({ id, message }: { id: string; message: string | undefined }) {
  if (!message) return null;
  return (
    <p className="field__error" id={id} role="alert">
      {message}
    </p>
  );
}

/**
 * Whether a team is single-threaded: one deliberate toggle, saved at once. Its name says which team (every row has
 * one), and a refusal (the rule its members would break) shows right under it.
 */
function SingleThreadedControl({ team, error, onChange }: { team: Team; error: string | undefined; onChange(isSingleThreaded: boolean): void }) {
  const errorId = useId();
  return (
    <>
      <label>
        <input type="checkbox" checked={team.isSingleThreaded} aria-invalid={error ? true : undefined} aria-describedby={error ? errorId : undefined} onChange={(event) => onChange(event.target.checked)} />{' '}
        <span className="visually-hidden">{team.name} is </span>single-threaded
      </label>
      <ControlError id={errorId} message={error} />
    </>
  );
}

/**
 * A team's name, with Rename (an inline field: Enter or Save saves, Escape or Cancel keeps the name), Archive (undone
 * by Restore, so it asks nothing) and Delete (which asks first). A refusal (a name taken, a colleague's newer change,
 * people still on a team being archived) shows under it, and the field keeps what was typed.
 */
function TeamNameControl({ orgId, team, error, onRename, onDelete, onArchive }: { orgId: string; team: Team; error: string | undefined; onRename(name: string): Promise<boolean>; onDelete(): void; onArchive(): Promise<void> }) {
  const [isArchiving, setArchiving] = useState(false);
  const [draft, setDraft] = useState<string | undefined>();
  const [isSaving, setSaving] = useState(false);
  const errorId = useId();
  const save = async () => {
    if (draft === undefined) return;
    setSaving(true);
    try {
      if (await onRename(draft)) setDraft(undefined);
    } finally {
      setSaving(false);
    }
  };
  if (draft === undefined) {
    return (
      <>
        <Link className="team-name" to={`/o/${orgId}/teams/${team.id}`}>
          {team.name}
        </Link>{' '}
        <span className="team-name__actions">
          <Button size="small" onClick={() => setDraft(team.name)}>
            Rename<span className="visually-hidden"> {team.name}</span>
          </Button>{' '}
          <Button
            size="small"
            isBusy={isArchiving}
            onClick={() => {
              setArchiving(true);
              void onArchive().finally(() => setArchiving(false));
            }}
          >
            Archive<span className="visually-hidden"> {team.name}</span>
          </Button>{' '}
          <Button size="small" variant="danger" onClick={onDelete}>
            Delete<span className="visually-hidden"> {team.name}</span>
          </Button>
        </span>
        <ControlError id={errorId} message={error} />
      </>
    );
  }
  return (
    <>
      <form
        className="form__row"
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        <input
          className="input input--compact"
          aria-label={`New name for ${team.name}`}
          value={draft}
          // The field appears because Rename was pressed: typing goes on there.
          autoFocus
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
          onChange={(event) => setDraft(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Escape') setDraft(undefined);
          }}
        />
        <Button size="small" variant="primary" type="submit" isBusy={isSaving}>
          Save<span className="visually-hidden"> the name of {team.name}</span>
        </Button>
        <Button size="small" onClick={() => setDraft(undefined)}>
          Cancel
        </Button>
      </form>
      <ControlError id={errorId} message={error} />
    </>
  );
}

/** A team's members, each with a Remove button that takes them off this team (their other allocations stay). */
function RemovableMembers({ orgId, team, error, onRemove }: { orgId: string; team: Team; error: string | undefined; onRemove(member: Team['members'][number]): Promise<void> }) {
  const [removingId, setRemovingId] = useState<string | undefined>();
  const errorId = useId();
  if (team.members.length === 0) return <span className="table__muted">nobody</span>;
  return (
    <>
      <ul className="team-members" aria-describedby={error ? errorId : undefined}>
        {team.members.map((member) => (
          <li key={member.allocationId}>
            <Link to={`/o/${orgId}/people/${member.personId}`}>{member.name}</Link> {member.percent}%{' '}
            <Button
              size="small"
              isBusy={removingId === member.allocationId}
              onClick={() => {
                setRemovingId(member.allocationId);
                void onRemove(member).finally(() => setRemovingId(undefined));
              }}
            >
              Remove<span className="visually-hidden"> {member.name} from {team.name}</span>
            </Button>
          </li>
        ))}
      </ul>
      <ControlError id={errorId} message={error} />
    </>
  );
}

/**
 * Puts someone on a team from its row, so a team is built in one place rather than person by person. It offers the
 * people this page read as not on the team; before writing, it reads the person again: one a colleague put on the
 * team meanwhile is not given another share over theirs (the page shows theirs), and the write carries the
 * allocations it read (`baseToken`), so nothing set in between is replaced either.
 */
function AddToTeam({ orgId, team, people, onAdded }: { orgId: string; team: Team; people: PersonSummary[]; onAdded(): void }) {
  const [personId, setPersonId] = useState('');
  const [percent, setPercent] = useState('100');
  const [error, setError] = useState<string | undefined>();
  const [isSaving, setSaving] = useState(false);
  const errorId = useId();
  const onTeam = new Set(team.members.map((member) => member.personId));
  const candidates = people.filter((person) => !onTeam.has(person.id));
  if (candidates.length === 0) return null;
  const add = async () => {
    const chosen = candidates.find((person) => person.id === personId);
    if (!chosen) {
      setError('Choose who to add.');
      return;
    }
    setSaving(true);
    setError(undefined);
    try {
      const { person } = await api<{ person: Person }>('GET', `/orgs/${orgId}/people/${chosen.id}`);
      const already = person.allocations.find((allocation) => allocation.teamId === team.id);
      if (already) {
        setError(`Someone put ${chosen.name} on ${team.name} (${already.percent}%) after you opened the page: it now shows theirs. Change the share on their page.`);
        setPersonId('');
      } else {
        await api('PUT', `/orgs/${orgId}/allocations`, { personId: chosen.id, teamId: team.id, percent: Number(percent), baseToken: person.allocationsToken });
        setPersonId('');
        setPercent('100');
      }
      onAdded();
    } catch (failure) {
      setError(isStaleWriteRefusal(failure) ? `Someone changed ${chosen.name}'s allocations while you were adding them: press Add again.` : messageOf(failure));
    } finally {
      setSaving(false);
    }
  };
  return (
    <>
      <div className="form__row team-add">
        <select className="input input--select input--compact" aria-label={`Person to add to ${team.name}`} value={personId} aria-invalid={error ? true : undefined} aria-describedby={error ? errorId : undefined} onChange={(event) => setPersonId(event.target.value)}>
          {personOptions(candidates, 'Add someone…').map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
        {personId !== '' && (
          <>
            <input className="input input--compact team-add__percent" type="number" min={1} max={100} aria-label={`Percent of their time on ${team.name}`} value={percent} onChange={(event) => setPercent(event.target.value)} />
            <span aria-hidden="true">%</span>
            <Button size="small" variant="primary" isBusy={isSaving} onClick={() => void add()}>
              Add<span className="visually-hidden"> to {team.name}</span>
            </Button>
          </>
        )}
      </div>
      <ControlError id={errorId} message={error} />
    </>
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
        <SelectField
          label="Single-threaded leader"
          name="stlPersonId"
          value={stlPersonId}
          options={personOptions(people, 'Choose a leader')}
          onChange={setStl}
          error={form.errorFor('stlPersonId')}
          hint={people.length === 0 ? <NoPeopleHint orgId={orgId} what="An initiative" rule="An initiative's leader is someone on the org chart" /> : undefined}
        />
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
        {/* A killed initiative takes no new team (the server refuses it); one killed after the page loaded is refused under this field. */}
        <SelectField label="Initiative it works on" name="initiativeId" value={initiativeId} options={[{ value: '', label: 'None' }, ...initiatives.filter((initiative) => initiative.stage !== 'killed').map((initiative) => ({ value: initiative.id, label: initiative.name }))]} onChange={setInitiativeId} error={form.errorFor('initiativeId')} />
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
