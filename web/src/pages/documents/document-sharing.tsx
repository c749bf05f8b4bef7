import { useState } from 'react';
import { can } from '../../../../src/domain/accounts/roles.js';
import { Button } from '../../components/button.js';
import { SelectField } from '../../components/field.js';
import { ErrorNote } from '../../components/page.js';
import { api, isApiError } from '../../lib/api-client.js';
import type { Member } from '../../lib/api-types.js';
import { useApiForm } from '../../lib/use-api-form.js';
import { useResource } from '../../lib/use-resource.js';
import { documentsApi, type DocumentView } from './documents-api.js';

const VISIBILITY = [
  { value: 'org', label: 'Everyone in the org' },
  { value: 'readers', label: 'Only the authors and named readers' },
] as const;

type Access = 'none' | 'reader' | 'author';

/** Who writes and who reads the document; authors change it, everyone else sees it. */
export function DocumentSharing({ orgId, document, onChanged }: { orgId: string; document: DocumentView; onChanged(document: DocumentView): void }) {
  const members = useResource(async (signal) => (await api<{ members: Member[] }>('GET', `/orgs/${orgId}/members`, undefined, { signal })).members, orgId);
  const [visibility, setVisibility] = useState(document.visibility);
  const [access, setAccess] = useState<Record<string, Access>>(() => Object.fromEntries([...document.authors.map((person) => [person.id, 'author']), ...document.readers.map((person) => [person.id, 'reader'])]));
  const form = useApiForm(['authorIds', 'readerIds', 'visibility']);
  const people = (members.data ?? []).filter((member) => can(member.role, 'documents.read'));
  const idsWith = (level: Access) => Object.entries(access).filter(([, value]) => value === level).map(([id]) => id);
  // Another author changed the sharing after this form read it: the lists are replaced whole, so saving over their
  // change would undo it. The server refuses (409); the form offers the current sharing to redo the change on.
  const [isStale, setStale] = useState(false);

  return (
    <form
      className="panel stack"
      aria-label="Sharing"
      onSubmit={form.handleSubmit(async () => {
        setStale(false);
        try {
          const saved = await api<{ document: DocumentView }>('PUT', `/orgs/${orgId}/documents/${document.id}/access`, { visibility, authorIds: idsWith('author'), readerIds: idsWith('reader'), baseToken: document.accessToken });
          onChanged(saved.document);
        } catch (error) {
          if (isApiError(error) && error.code === 'conflict') setStale(true);
          throw error;
        }
      })}
    >
      <h2 className="panel__title">Sharing</h2>
      {form.formError && <ErrorNote message={form.formError} />}
      {isStale && (
        <Button type="button" onClick={() => void documentsApi(orgId).get(document.id).then(onChanged)}>
          Show the current sharing
        </Button>
      )}
      {members.error && <ErrorNote message={members.error} />}
      <SelectField label="Who can read" name="visibility" value={visibility} options={VISIBILITY} disabled={!document.isAuthor} onChange={(value) => setVisibility(value === 'readers' ? 'readers' : 'org')} />
      <table className="sharing-table">
        <caption className="visually-hidden">Authors and readers</caption>
        <thead>
          <tr>
            <th scope="col">Person</th>
            <th scope="col">Access</th>
          </tr>
        </thead>
        <tbody>
          {people.map((member) => (
            <tr key={member.userId}>
              <th scope="row">{member.name}</th>
              <td>
                <select
                  className="input input--select"
                  aria-label={`Access of ${member.name}`}
                  value={access[member.userId] ?? 'none'}
                  disabled={!document.isAuthor}
                  onChange={(event) => setAccess((current) => ({ ...current, [member.userId]: event.target.value as Access }))}
                >
                  <option value="none">{visibility === 'org' ? 'Reads (whole org)' : 'No access'}</option>
                  <option value="reader">Named reader</option>
                  <option value="author">Author</option>
                </select>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {form.errorFor('authorIds') && <p className="field__error">{form.errorFor('authorIds')}</p>}
      {document.isAuthor && (
        <Button type="submit" isBusy={form.isPending}>
          Save sharing
        </Button>
      )}
    </form>
  );
}
