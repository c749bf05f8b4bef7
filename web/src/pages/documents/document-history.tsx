import { useState } from 'react';
import { SelectField } from '../../components/field.js';
import { ErrorNote, LoadingNote } from '../../components/page.js';
import { formatDateTime } from '../../lib/format.js';
import { useResource } from '../../lib/use-resource.js';
import { documentsApi, type DocumentView } from './documents-api.js';

/** Every version with who saved it, and a word diff of any two. */
export function DocumentHistory({ orgId, document }: { orgId: string; document: DocumentView }) {
  const client = documentsApi(orgId);
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
              {diff.data.summary.insertedWords} words added, {diff.data.summary.deletedWords} removed
            </p>
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
        <ol reversed className="findings" aria-label="Versions, newest first">
          {(versions.data ?? []).map((version) => (
            <li key={version.version} className="comment">
              <strong>Version {version.version}</strong> · {version.words} words
              <div className="doc-editor__status">
                {version.createdBy ? `Saved by ${version.createdBy.name}` : 'Saved'} · {formatDateTime(version.createdAt)}
              </div>
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}
