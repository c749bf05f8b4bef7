import { useCallback, useState } from 'react';
import { ErrorNote, LoadingNote, Page } from '../../components/page.js';
import { ViewTabs } from '../../components/view-tabs.js';
import type { Membership } from '../../lib/api-types.js';
import { Link, useLocation } from '../../lib/router.js';
import { useResource } from '../../lib/use-resource.js';
import { api } from '../../lib/api-client.js';
import { STAGE_LABELS, type Pipeline } from '../pipeline/pipeline-types.js';
import { DocumentEditor } from './document-editor.js';
import { DocumentHistory } from './document-history.js';
import { DocumentMeetings } from './document-meetings.js';
import { DocumentReview } from './document-review.js';
import { DocumentSharing } from './document-sharing.js';
import { documentPath, documentsApi, kindLabel, type DocumentView } from './documents-api.js';
import { ReadingMeetingView } from './reading-meeting-view.js';
import { ReviewRequestsPanel } from './review-requests-panel.js';
import './documents.css';

const TABS = [
  { key: 'write', label: 'Write' },
  { key: 'history', label: 'History' },
  { key: 'review', label: 'Review' },
  { key: 'meetings', label: 'Meetings' },
  { key: 'sharing', label: 'Sharing' },
] as const;
type TabKey = (typeof TABS)[number]['key'];

export function DocumentPage({ membership, documentId, currentUserId }: { membership: Membership; documentId: string; currentUserId: string }) {
  const orgId = membership.org.id;
  const client = documentsApi(orgId);
  const { search } = useLocation();
  const meetingId = search.get('meeting');
  const requested = search.get('tab');
  const document = useResource((signal) => client.get(documentId, signal), documentId);
  const settings = useResource((signal) => client.settings(signal), orgId);
  const lint = useResource((signal) => client.lint(documentId, undefined, signal), `${documentId}:${document.data?.version ?? 0}`);
  // The initiatives this document argues for: the pipeline is where its verdict and its reading take effect.
  const initiatives = useResource((signal) => api<Pipeline>('GET', `/orgs/${orgId}/pipeline?documentId=${documentId}`, undefined, { signal }), documentId);
  const setDocument = document.setData;
  const onSaved = useCallback((saved: DocumentView) => setDocument(saved), [setDocument]);
  // The version a reading meeting opened here reads (frozen at its start): the header names and links that one.
  const [meetingVersion, setMeetingVersion] = useState<{ meetingId: string; version: number | null } | undefined>();
  const onVersionRead = useCallback(
    (version: number | null) => {
      if (meetingId) setMeetingVersion({ meetingId, version });
    },
    [meetingId],
  );

  if (document.isLoading && !document.data) return <LoadingNote />;
  if (document.error && !document.data) return <ErrorNote message={document.error} onRetry={document.reload} />;
  const data = document.data!;
  const fallback: TabKey = data.isAuthor ? 'write' : 'review';
  const tab: TabKey = meetingId ? 'meetings' : TABS.some((item) => item.key === requested) ? (requested as TabKey) : fallback;

  const versionRead = meetingId && meetingVersion?.meetingId === meetingId ? meetingVersion.version : null;
  // On a meeting's page the header is about the version the meeting reads; a newer one saved since is named beside it.
  const shownVersion = versionRead ?? data.version;
  const lead = (
    <p className="doc-lead">
      <span className="badge badge--leading">{kindLabel(data.kind)}</span>
      {versionRead === null ? `Version ${data.version}` : `Version ${versionRead}, read in this meeting${versionRead < data.version ? ` (the latest is version ${data.version})` : ''}`} · {data.draftCount}{' '}
      {data.draftCount === 1 ? 'draft' : 'drafts'} · by {data.authors.map((author) => author.name).join(', ')} · {data.visibility === 'org' ? 'visible to the org' : `visible to ${data.readers.length} named readers`} ·{' '}
      <a href={client.exportUrl(data.id, 'markdown', shownVersion)}>Markdown</a> · <a href={client.exportUrl(data.id, 'pdf', shownVersion)} download>PDF</a> · <a href={client.exportUrl(data.id, 'html', shownVersion)} target="_blank" rel="noopener">Printable HTML</a>
      {initiatives.data?.initiatives.map((initiative) => (
        <span key={initiative.id} className="doc-lead__initiative">
          {' · '}
          {data.kind === 'prfaq' ? 'PR/FAQ' : 'Memo'} of <Link to={`/o/${orgId}/pipeline/${initiative.id}`}>{initiative.name}</Link> ({STAGE_LABELS[initiative.stage]})
        </span>
      ))}
    </p>
  );

  return (
    <Page title={data.title} context={membership.org.name} lead={lead}>
      {/* A reading meeting opened from Meetings is a page of its own: no tab is current there. */}
      <ViewTabs label="Document views" tabs={TABS.map((item) => ({ ...item, to: documentPath(orgId, documentId, `?tab=${item.key}`) }))} current={tab === 'meetings' && meetingId ? undefined : tab} />
      {tab === 'write' && data.isAuthor && (
        <DocumentEditor key={data.id} orgId={orgId} document={data} settings={settings.data} suppressions={lint.data ? [...lint.data.suppressed.map((item) => item.suppression), ...lint.data.staleSuppressions] : []} onSaved={onSaved} onSuppressed={lint.reload} />
      )}
      {tab === 'write' && !data.isAuthor && <p className="meeting-closed">Only the authors write this document; open the review to comment and vote.</p>}
      {tab === 'history' && <DocumentHistory orgId={orgId} document={data} onRestored={onSaved} />}
      {tab === 'review' && data.isAuthor && <ReviewRequestsPanel key={data.id} orgId={orgId} document={data} />}
      {tab === 'review' && <DocumentReview orgId={orgId} document={data} currentUserId={currentUserId} initialVersion={search.has('version') ? Number(search.get('version')) : undefined} onNewerVersion={onSaved} />}
      {tab === 'meetings' && !meetingId && <DocumentMeetings orgId={orgId} document={data} currentUserId={currentUserId} canSchedule={data.isAuthor || membership.role === 'admin'} />}
      {tab === 'sharing' && <DocumentSharing key={`${data.id}:${data.updatedAt}`} orgId={orgId} document={data} onChanged={onSaved} />}
      {tab === 'meetings' && meetingId && <ReadingMeetingView key={meetingId} orgId={orgId} meetingId={meetingId} documentTitle={data.title} onVersionRead={onVersionRead} />}
    </Page>
  );
}
