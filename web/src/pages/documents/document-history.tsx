import { useState } from 'react';
import { Button } from '../../components/button.js';
import { SelectField } from '../../components/field.js';
import { ErrorNote, LoadingNote } from '../../components/page.js';
import { messageOf } from '../../lib/api-client.js';
import { formatDateTime } from '../../lib/format.js';
import { useResource } from '../../lib/use-resource.js';
import { documentsApi, type DocumentView } from './documents-api.js';

const words = (count: number) => `${count} word${count === 1 ? '' : 's'}`;

/**
 * Every version with who saved it, and a word diff of any two. An author restores an earlier draft as a new version
 * on top of the current one, as Google Docs does: nothing is overwritten, and a save made meanwhile is refused (409)
 * as any save on a stale base is.
 */
export function DocumentHistory({ orgId, document, onRestored }: { orgId: string; document: DocumentView; onRestored: (restored: DocumentView) => void }) {
  const client = documentsApi(orgId);
  const [restoring, setRestoring] = useState<number | null>(null);
  const [restoreError, setRestoreError] = useState('');
  const restore = async (version: number) => {
    setRestoring(version);
    setRestoreError('');
    try {
      const earlier = await client.version(document.id, version);
      onRestored(await client.save(document.id, { title: earlier.title, body: earlier.body, baseVersion: document.version }));
    } catch (error) {
      setRestoreError(messageOf(error));
    } finally {
      setRestoring(null);
    }
  };
  const versions = useResource((signal) => client.versions(document.id, signal), `${document.id}:${document.version}`);
  const [from, setFrom] = useState(Math.max(1, document.version - 1));
  const [to, setTo] = useState(document.version);
  const diff = useResource((signal) => client.diff(document.id, from, to, signal), `${document.id}:${from}:${to}`);
  const options = (versions.data ?? []).map((version) => ({ value: String(version.version), label: `Version ${version.version}` }));

  return (
    <div className="doc-columns">
      <section aria-labelledby="diff-title" className="stack">
        <h2 id="diff-title" className="panel__title">
          What changed
        </h2>
        {options.length > 0 && (
          <div className="inline-form">
            <SelectField label="From" name="from" value={String(from)} options={options} onChange={(value) => setFrom(Number(value))} />
            <SelectField label="To" name="to" value={String(to)} options={options} onChange={(value) => setTo(Number(value))} />
          </div>
        )}
        {diff.error && <ErrorNote message={diff.error} />}
        {diff.data && (
          <>
            <p className="doc-editor__status">
              {words(diff.data.summary.insertedWords)} added, {diff.data.summary.deletedWords} removed
            </p>
            {diff.data.title.from !== diff.data.title.to && (
              <p className="doc-diff__title">
                Title:{' '}
                <del>
                  <span className="visually-hidden">[removed: </span>
                  {diff.data.title.from}
                  <span className="visually-hidden">]</span>
                </del>{' '}
                <ins>
                  <span className="visually-hidden">[added: </span>
                  {diff.data.title.to}
                  <span className="visually-hidden">]</span>
                </ins>
              </p>
            )}
            <div className="doc-diff" aria-label={`Changes from version ${diff.data.from} to ${diff.data.to}`} role="region">
              {diff.data.runs.map((run, index) => {
                if (run.kind === 'same') return <span key={index}>{run.text}</span>;
                const Tag = run.kind === 'inserted' ? 'ins' : 'del';
                return (
                  <Tag key={index}>
                    <span className="visually-hidden">[{run.kind === 'inserted' ? 'added' : 'removed'}: </span>
                    {run.text}
                    <span className="visually-hidden">]</span>
                  </Tag>
                );
              })}
            </div>
          </>
        )}
      </section>
      <section aria-labelledby="versions-title" className="stack">
        <h2 id="versions-title" className="panel__title">
          Versions ({document.draftCount} drafts)
        </h2>
        {versions.isLoading && !versions.data && <LoadingNote />}
        {versions.error && <ErrorNote message={versions.error} />}
        {restoreError && <ErrorNote message={restoreError} />}
        <ol reversed className="findings" aria-label="Versions, newest first">
          {(versions.data ?? []).map((version) => (
            <li key={version.version} className="comment">
              <strong>Version {version.version}</strong> · {words(version.words)}
              {version.title !== document.title && <> · “{version.title}”</>}
              <div className="doc-editor__status">
                {version.createdBy ? `Saved by ${version.createdBy.name}` : 'Saved'} · {formatDateTime(version.createdAt)}
              </div>
              {document.isAuthor && version.version !== document.version && (
                <Button size="small" isBusy={restoring === version.version} onClick={() => void restore(version.version)}>
                  Restore version {version.version} as version {document.version + 1}
                </Button>
              )}
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}
