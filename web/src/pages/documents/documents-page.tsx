import { useEffect, useState } from 'react';
import { Button } from '../../components/button.js';
import { SelectField, TextField } from '../../components/field.js';
import { EmptyState, ErrorNote, LoadingNote, Page } from '../../components/page.js';
import { NEW_ITEM_MARK } from '../../components/panel.js';
import type { Membership } from '../../lib/api-types.js';
import { formatDateTime } from '../../lib/format.js';
import { Link, navigate, useLocation } from '../../lib/router.js';
import { useApiForm } from '../../lib/use-api-form.js';
import { useResource } from '../../lib/use-resource.js';
import { hasPermission } from '../../shell/sections.js';
import { documentPath, documentsApi, kindLabel } from './documents-api.js';
import { WritingSettingsPanel } from './writing-settings-panel.js';
import './documents.css';

const MEETING_PHASE_TEXT = { scheduled: 'not started yet', reading: 'reading now', discussion: 'discussion open', ended: 'ended' } as const;

const KIND_OPTIONS = [
  { value: 'memo', label: 'Narrative memo' },
  { value: 'prfaq', label: 'PR/FAQ' },
] as const;

export function DocumentsPage({ membership }: { membership: Membership }) {
  const orgId = membership.org.id;
  const client = documentsApi(orgId);
  const documents = useResource((signal) => client.list(signal), orgId);
  const meetings = useResource((signal) => client.myMeetings(signal), `${orgId}:meetings`);
  const canWrite = hasPermission(membership, 'documents.write');
  // `?new=prfaq|memo` comes from a playbook's "Apply this": the form opens on that kind, the caret in the title.
  const startWith = useLocation().search.get('new');
  const [kind, setKind] = useState<'memo' | 'prfaq'>(startWith === 'prfaq' ? 'prfaq' : 'memo');
  useEffect(() => {
    if (startWith === 'prfaq' || startWith === 'memo') document.querySelector<HTMLInputElement>('form[aria-label="New document"] input[name="title"]')?.focus();
  }, []);
  const [title, setTitle] = useState('');
  const form = useApiForm(['title', 'kind']);

  const create = form.handleSubmit(async () => {
    const created = await client.create({ kind, title });
    navigate(documentPath(orgId, created.id));
  });

  return (
    <Page title="Documents" context={membership.org.name} lead="PR/FAQs and narrative memos: written here, checked as you type, reviewed and read in silence before anyone speaks.">
      {canWrite && (
        <form className="panel doc-create" onSubmit={create} aria-label="New document" {...NEW_ITEM_MARK}>
          <h2 className="panel__title">Start a document</h2>
          {form.formError && <ErrorNote message={form.formError} />}
          <div className="doc-create__fields">
            <SelectField label="Kind" name="kind" value={kind} options={KIND_OPTIONS} onChange={(value) => setKind(value === 'prfaq' ? 'prfaq' : 'memo')} />
            <TextField label="Title" name="title" value={title} onChange={(event) => setTitle(event.target.value)} error={form.errorFor('title')} required maxLength={200} />
          </div>
          <Button type="submit" variant="primary" isBusy={form.isPending}>
            Create
          </Button>
        </form>
      )}
      {meetings.data && meetings.data.length > 0 && (
        <section className="panel stack" aria-labelledby="my-meetings-title">
          <h2 id="my-meetings-title" className="panel__title">
            Your reading meetings
          </h2>
          <ul className="findings" aria-label="Your reading meetings">
            {meetings.data.map((meeting) => (
              <li key={meeting.id} className="comment">
                <Link to={documentPath(orgId, meeting.documentId, `?meeting=${meeting.id}`)}>{meeting.documentTitle}</Link> · {MEETING_PHASE_TEXT[meeting.phase]} · facilitator {meeting.facilitator.name}
              </li>
            ))}
          </ul>
        </section>
      )}
      {hasPermission(membership, 'documents.settings') && <WritingSettingsPanel orgId={orgId} />}
      {documents.isLoading && !documents.data && <LoadingNote />}
      {documents.error && <ErrorNote message={documents.error} onRetry={documents.reload} />}
      {documents.data && documents.data.length === 0 && (
        <EmptyState
          title="No documents yet"
          action={
            canWrite && (
              <Button
                onClick={() => {
                  // The form above starts on a memo; a newcomer's first document is the press release.
                  setKind('prfaq');
                  document.querySelector<HTMLInputElement>('form[aria-label="New document"] input[name="title"]')?.focus();
                }}
              >
                Start a PR/FAQ
              </Button>
            )
          }
        >
          <p>
            Start with a press release: a <strong>PR/FAQ</strong> is the announcement you want to make on launch day, written before anything is built, with the questions customers and
            colleagues will ask and their answers. Reviewers judge whether it is compelling before the idea moves on.
          </p>
          <p>
            Once it is, a <strong>narrative memo</strong> makes the full case in prose, at most six pages and without bullet lists, and the leaders read it in silence at a reading meeting
            before they decide. The playbooks show both step by step: <Link to={`/o/${orgId}/playbooks/writing-a-prfaq`}>writing a PR/FAQ</Link> and{' '}
            <Link to={`/o/${orgId}/playbooks/six-page-memo`}>the six-page memo</Link>.
          </p>
        </EmptyState>
      )}
      {documents.data && documents.data.length > 0 && (
        <ul className="doc-list" aria-label="Documents">
          {documents.data.map((document) => (
            <li key={document.id} className="doc-list__item">
              <span className="badge badge--leading">{kindLabel(document.kind)}</span>
              <Link to={documentPath(orgId, document.id)} className="doc-list__title">
                {document.title}
              </Link>
              {document.verdict && (
                <span className={`badge ${document.verdict.verdict === 'compelling' && document.verdict.isBackedByVotes ? '' : 'badge--muted'}`}>
                  {document.verdict.verdict === 'compelling' ? 'Compelling' : 'Not yet'} (v{document.verdict.version})
                  {/* Outvoted since: the pipeline's FAQ gate no longer takes it, and the list says so too. */}
                  {!document.verdict.isBackedByVotes && ', outvoted since'}
                </span>
              )}
              <span className="doc-list__meta">
                {document.draftCount} {document.draftCount === 1 ? 'draft' : 'drafts'} · {document.authors.map((author) => author.name).join(', ')} · {document.visibility === 'org' ? 'whole org' : 'named readers'} · {formatDateTime(document.updatedAt)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </Page>
  );
}
