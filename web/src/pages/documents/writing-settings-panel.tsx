import { useState } from 'react';
import { Button } from '../../components/button.js';
import { TextField } from '../../components/field.js';
import { ErrorNote } from '../../components/page.js';
import { api } from '../../lib/api-client.js';
import { useApiForm } from '../../lib/use-api-form.js';
import { useResource } from '../../lib/use-resource.js';

interface SettingsAnswer {
  input: Record<string, unknown>;
  resolved: { wordsPerPage: number; jargon: string[] };
}

const splitList = (text: string) => text.split(',').map((item) => item.trim()).filter((item) => item !== '');

/** The org's jargon list and words per page, the two settings authors ask about most; the API takes the rest. */
export function WritingSettingsPanel({ orgId }: { orgId: string }) {
  const settings = useResource((signal) => api<SettingsAnswer>('GET', `/orgs/${orgId}/writing-settings`, undefined, { signal }), orgId);
  if (!settings.data) return settings.error ? <ErrorNote message={settings.error} /> : null;
  return <WritingSettingsForm key={JSON.stringify(settings.data.input)} orgId={orgId} answer={settings.data} onSaved={settings.setData} />;
}

function WritingSettingsForm({ orgId, answer, onSaved }: { orgId: string; answer: SettingsAnswer; onSaved(answer: SettingsAnswer): void }) {
  const [jargon, setJargon] = useState(answer.resolved.jargon.join(', '));
  const [wordsPerPage, setWordsPerPage] = useState(String(answer.resolved.wordsPerPage));
  const [status, setStatus] = useState('');
  const form = useApiForm(['jargon', 'wordsPerPage']);
  return (
    <details className="panel">
      <summary>Writing-check settings for the org</summary>
      <form
        className="stack"
        aria-label="Writing-check settings"
        onSubmit={form.handleSubmit(async () => {
          setStatus('');
          const input = { ...answer.input, jargon: splitList(jargon), wordsPerPage: Number(wordsPerPage) };
          onSaved(await api<SettingsAnswer>('PUT', `/orgs/${orgId}/writing-settings`, input));
          setStatus('Saved. Editors use the new settings when they next open a document.');
        })}
      >
        {form.formError && <ErrorNote message={form.formError} />}
        <TextField label="Org jargon (comma-separated)" name="jargon" value={jargon} onChange={(event) => setJargon(event.target.value)} error={form.errorFor('jargon')} hint="Added to the built-in list." />
        <TextField label="Words per page" name="wordsPerPage" type="number" min={100} value={wordsPerPage} onChange={(event) => setWordsPerPage(event.target.value)} error={form.errorFor('wordsPerPage')} hint="The press release fits one page; the memo body six." />
        <div className="inline-form">
          <Button type="submit" isBusy={form.isPending}>
            Save settings
          </Button>
          <span className="doc-editor__status" role="status">
            {status}
          </span>
        </div>
      </form>
    </details>
  );
}
