import { useState } from 'react';
import { Button } from '../../components/button.js';
import { DataTable } from '../../components/data-table.js';
import { FormMessage, SelectField, TextField } from '../../components/field.js';
import { ErrorNote, LoadingNote, Page } from '../../components/page.js';
import { api, isApiError, messageOf } from '../../lib/api-client.js';
import type { Membership } from '../../lib/api-types.js';
import { formatDay } from '../../lib/format.js';
import { Link } from '../../lib/router.js';
import { useApiForm } from '../../lib/use-api-form.js';
import { useResource } from '../../lib/use-resource.js';
import { hasPermission } from '../../shell/sections.js';
import { personOptions, type PersonSummary, type Violation } from './people-types.js';
import { Panel } from '../../components/panel.js';
import './people.css';

export function PeoplePage({ membership }: { membership: Membership }) {
  const orgId = membership.org.id;
  const canManage = hasPermission(membership, 'people.manage');
  const [showLeft, setShowLeft] = useState(false);
  const people = useResource(async (signal) => (await api<{ people: PersonSummary[] }>('GET', `/orgs/${orgId}/people${showLeft ? '?includeLeft=true' : ''}`, undefined, { signal })).people, `${orgId}/${showLeft}`);
  const nameOf = new Map((people.data ?? []).map((person) => [person.id, person.name]));

  const exportCsv = async () => {
    const { csv } = await api<{ csv: string }>('GET', `/orgs/${orgId}/people/export`);
    const link = document.createElement('a');
    link.href = URL.createObjectURL(new Blob([csv], { type: 'text/csv' }));
    link.download = `${membership.org.slug}-people.csv`;
    link.click();
    URL.revokeObjectURL(link.href);
  };

  return (
    <Page
      title="People"
      context={membership.org.name}
      lead={<p>Everyone in the org chart, with or without a login. A person whose email matches a member is linked to that login.</p>}
      actions={
        <Button size="small" onClick={() => void exportCsv()}>
          Export CSV
        </Button>
      }
    >
      {canManage && people.data && <AddPersonForm orgId={orgId} people={people.data} onAdded={people.reload} />}
      {canManage && <ImportForm orgId={orgId} onImported={people.reload} />}
      {people.isLoading && !people.data && <LoadingNote label="Loading people…" />}
      {people.error && <ErrorNote message={people.error} onRetry={people.reload} />}
      {people.data && (
        <section aria-labelledby="people-heading">
          <h2 id="people-heading" className="section-title">
            {people.data.length === 1 ? '1 person' : `${people.data.length} people`}
          </h2>
          <label>
            <input type="checkbox" checked={showLeft} onChange={(event) => setShowLeft(event.target.checked)} /> Show people who left the company
          </label>
          {people.data.length === 0 ? (
            <p className="section-lead">Nobody yet. Add a person above or import a CSV of people and reporting lines.</p>
          ) : (
            <DataTable columns={['Name', 'Role', 'Level', 'Manager', 'Login']}>
              {people.data.map((person) => (
                <tr key={person.id}>
                  <td>
                    <Link to={`/o/${orgId}/people/${person.id}`}>{person.name}</Link>
                    {person.leftOn && <span className="badge">Left {formatDay(person.leftOn)}</span>}
                  </td>
                  <td>{person.role}</td>
                  <td>L{person.level}</td>
                  <td className="table__muted">{person.managerId ? nameOf.get(person.managerId) : '—'}</td>
                  <td className="table__muted">{person.userId ? 'linked' : 'none'}</td>
                </tr>
              ))}
            </DataTable>
          )}
        </section>
      )}
    </Page>
  );
}

function AddPersonForm({ orgId, people, onAdded }: { orgId: string; people: readonly PersonSummary[]; onAdded(): void }) {
  const [values, setValues] = useState({ name: '', email: '', role: '', level: '5', managerId: '' });
  const form = useApiForm(['name', 'email', 'role', 'level', 'managerId']);
  const set = (key: keyof typeof values) => (value: string) => setValues((current) => ({ ...current, [key]: value }));
  return (
    <Panel headingId="add-person-heading" title="Add a person" isNewItemForm>
      <form
        className="form form--inline"
        noValidate
        onSubmit={form.handleSubmit(async () => {
          await api('POST', `/orgs/${orgId}/people`, { name: values.name, email: values.email, role: values.role, level: Number(values.level), managerId: values.managerId || null });
          setValues({ name: '', email: '', role: '', level: '5', managerId: '' });
          onAdded();
        })}
      >
        <FormMessage message={form.formError} />
        <TextField label="Name" name="name" value={values.name} onChange={(event) => set('name')(event.target.value)} error={form.errorFor('name')} />
        <TextField label="Email" name="email" type="email" autoComplete="off" value={values.email} onChange={(event) => set('email')(event.target.value)} error={form.errorFor('email')} />
        <TextField label="Role" name="role" value={values.role} onChange={(event) => set('role')(event.target.value)} error={form.errorFor('role')} />
        <TextField label="Level" name="level" type="number" min={1} max={12} value={values.level} onChange={(event) => set('level')(event.target.value)} error={form.errorFor('level')} />
        <SelectField label="Manager" name="managerId" value={values.managerId} options={personOptions(people, 'No manager')} onChange={set('managerId')} error={form.errorFor('managerId')} />
        <Button type="submit" variant="primary" isBusy={form.isPending} className="form__inline-submit">
          Add person
        </Button>
      </form>
    </Panel>
  );
}

interface ImportResult {
  created: number;
  updated: number;
  teamsCreated: number;
  violations: Violation[];
}

/** One problem of a refused import, as the API lists it in `data.errors`. */
interface ImportProblem {
  line: number;
  field: string;
  message: string;
}

/** A refused import: the API's message, the problems it lists (the first ones, by line) and how many there are in all. */
interface ImportRefusal {
  message: string;
  fileName: string;
  problems: ImportProblem[];
  total: number;
}

function ImportForm({ orgId, onImported }: { orgId: string; onImported(): void }) {
  const [result, setResult] = useState<ImportResult | undefined>();
  const [refusal, setRefusal] = useState<ImportRefusal | undefined>();
  const [isBusy, setBusy] = useState(false);
  const importFile = async (file: File) => {
    setBusy(true);
    setResult(undefined);
    setRefusal(undefined);
    try {
      setResult(await api<ImportResult>('POST', `/orgs/${orgId}/people/import`, { csv: await file.text(), fileName: file.name }));
      onImported();
    } catch (error) {
      const problems = isApiError(error) && Array.isArray(error.data?.errors) ? (error.data.errors as ImportProblem[]) : [];
      const total = isApiError(error) && typeof error.data?.total === 'number' ? error.data.total : problems.length;
      setRefusal({ message: messageOf(error), fileName: file.name, problems, total });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Panel headingId="import-heading" title="Import people from CSV">
      <p className="section-lead">
        Columns: <code>name,email,role,level,manager_email,dotted_line_manager_email,team,team_percent</code> (the last four optional). All rows or none: any problem refuses the whole file, and every problem found is listed by line at once.
      </p>
      <div className="field">
        <label className="field__label" htmlFor="people-csv">
          CSV file
        </label>
        <input
          id="people-csv"
          type="file"
          accept=".csv,text/csv"
          disabled={isBusy}
          onChange={(event) => {
            const file = event.target.files?.[0];
            // Emptied once read: the same file, fixed after a refusal and chosen again, is then a change that imports.
            event.target.value = '';
            if (file) void importFile(file);
          }}
        />
      </div>
      {result && (
        <div role="status">
          <p>
            Imported: {result.created} new, {result.updated} updated, {result.teamsCreated} new teams.
          </p>
          {result.violations.length > 0 && <p>The org now breaks {result.violations.length} single-threaded rule(s): see the org chart page's health list.</p>}
        </div>
      )}
      {refusal && (
        <div className="error-note import-errors" role="alert">
          {refusal.problems.length === 0 ? (
            <p>{refusal.message}</p>
          ) : (
            <>
              <p>
                Nothing was imported: {refusal.fileName} has {refusal.total} problem{refusal.total === 1 ? '' : 's'}. Fix {refusal.total === 1 ? 'it' : 'them all'}, then choose the file again.
              </p>
              <ul aria-label={`Problems in ${refusal.fileName}, by line`}>
                {refusal.problems.map((problem, index) => (
                  <li key={index}>
                    Line {problem.line}, {problem.field}: {problem.message}
                  </li>
                ))}
                {refusal.total > refusal.problems.length && <li>…and {refusal.total - refusal.problems.length} more, not listed here: fix these and import the file again to see them.</li>}
              </ul>
            </>
          )}
        </div>
      )}
    </Panel>
  );
}
