import { useState } from 'react';
import { Button } from '../../components/button.js';
import { TextField } from '../../components/field.js';
import { ErrorNote } from '../../components/page.js';
import { api } from '../../lib/api-client.js';
import { useDraftOverNewer } from '../../lib/use-draft-over-newer.js';
import { useApiForm } from '../../lib/use-api-form.js';
import { useResource } from '../../lib/use-resource.js';

interface SettingsAnswer {
  input: Record<string, unknown>;
  resolved: { wordsPerPage: number; jargon: string[] };
  /** Sent back as `baseToken`, so a save over settings a colleague saved since is refused rather than undoing theirs. */
  editToken: string;
}

/** What the form shows of the settings, as it shows it. */
const formValues = (answer: SettingsAnswer) => ({ jargon: answer.resolved.jargon.join(', '), wordsPerPage: String(answer.resolved.wordsPerPage) });

const settingsToken = (answer: SettingsAnswer) => answer.editToken;

const splitList = (text: string) => text.split(',').map((item) => item.trim()).filter((item) => item !== '');

/** The org's jargon list and words per page, the two settings authors ask about most; the API takes the rest. */
export function WritingSettingsPanel({ orgId }: { orgId: string }) {
  const settings = useResource((signal) => api<SettingsAnswer>('GET', `/orgs/${orgId}/writing-settings`, undefined, { signal }), orgId);
  if (!settings.data) return settings.error ? <ErrorNote message={settings.error} /> : null;
  return <WritingSettingsForm key={JSON.stringify(settings.data.input)} orgId={orgId} answer={settings.data} onSaved={settings.setData} />;
}

function WritingSettingsForm({ orgId, answer, onSaved }: { orgId: string; answer: SettingsAnswer; onSaved(answer: SettingsAnswer): void }) {
  // The settings as this form last read them: the save replaces the whole object, so it goes with their token, and a
  // colleague's save meanwhile refuses it; the form then takes theirs and keeps what this admin changed.
  const { read, values, setValues, newerNote, submit } = useDraftOverNewer(answer, settingsToken, formValues);
  const [status, setStatus] = useState('');
  const form = useApiForm(['jargon', 'wordsPerPage']);
  const save = async () => {
    setStatus('');
    const input = { ...read.input, jargon: splitList(values.jargon), wordsPerPage: Number(values.wordsPerPage), baseToken: read.editToken };
    const outcome = await submit({
      save: () => api<SettingsAnswer>('PUT', `/orgs/${orgId}/writing-settings`, input),
      readLatest: () => api<SettingsAnswer>('GET', `/orgs/${orgId}/writing-settings`),
      note: (latest) => {
        const theirs = formValues(latest);
        return `Someone saved these settings while you were editing them. Their jargon: ${theirs.jargon || 'none'}; words per page: ${theirs.wordsPerPage}. Your changes are kept here: save again to put them in place of theirs.`;
      },
    });
    if (outcome.isNewer) return;
    onSaved(outcome.saved);
    setStatus('Saved. Editors use the new settings when they next open a document.');
  };
  return (
    <details className="panel">
      <summary>Writing-check settings for the org</summary>
      <form
        className="stack"
        aria-label="Writing-check settings"
        onSubmit={form.handleSubmit(save)}
      >
        {form.formError && <ErrorNote message={form.formError} />}
        {newerNote && <ErrorNote message={newerNote} />}
        <TextField label="Org jargon (comma-separated)" name="jargon" value={values.jargon} onChange={(event) => setValues({ ...values, jargon: event.target.value })} error={form.errorFor('jargon')} hint="Added to the built-in list." />
        <TextField label="Words per page" name="wordsPerPage" type="number" min={100} value={values.wordsPerPage} onChange={(event) => setValues({ ...values, wordsPerPage: event.target.value })} error={form.errorFor('wordsPerPage')} hint="The press release fits one page; the memo body six." />
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
