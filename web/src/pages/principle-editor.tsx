import { useState } from 'react';
import { PRINCIPLE_LIMITS } from '../../../src/domain/principles/principle-rules.js';
import { Button } from '../components/button.js';
import { Dialog } from '../components/dialog.js';
import { FormMessage, TextAreaField, TextField } from '../components/field.js';
import { api } from '../lib/api-client.js';
import { isStaleWriteRefusal } from '../lib/stale-draft.js';
import type { Principle } from '../lib/api-types.js';
import { useApiForm } from '../lib/use-api-form.js';

interface PrincipleEditorProps {
  orgId: string;
  /** The principle to edit; none to add a new one. */
  principle: Principle | undefined;
  isOpen: boolean;
  onClose(): void;
  onSaved(principle: Principle): void;
}

function Counter({ length, max }: { length: number; max: number }) {
  return <span className={length > max ? 'counter counter--over' : 'counter'}>{`${length} / ${max} characters`}</span>;
}

/**
 * Adds a principle or saves new wording. An edit names the version it started from; when someone else
 * saved in between, the server answers 409 and the dialog shows their wording next to yours to choose.
 */
export function PrincipleEditor(props: PrincipleEditorProps) {
  return (
    <Dialog title={props.principle ? 'Edit principle' : 'Add a principle'} isOpen={props.isOpen} onClose={props.onClose}>
      {props.isOpen && <PrincipleEditorForm {...props} />}
    </Dialog>
  );
}

function PrincipleEditorForm({ orgId, principle, onClose, onSaved }: PrincipleEditorProps) {
  const [title, setTitle] = useState(principle?.title ?? '');
  const [summary, setSummary] = useState(principle?.summary ?? '');
  const [baseVersion, setBaseVersion] = useState(principle?.version ?? 1);
  const [newer, setNewer] = useState<Principle | undefined>();
  const form = useApiForm(['title', 'summary']);

  const save = async () => {
    try {
      const body = principle ? { title, summary, expectedVersion: baseVersion } : { title, summary };
      const answer = principle ? await api<{ principle: Principle }>('PATCH', `/orgs/${orgId}/principles/${principle.id}`, body) : await api<{ principle: Principle }>('POST', `/orgs/${orgId}/principles`, body);
      onSaved(answer.principle);
    } catch (error) {
      if (principle && isStaleWriteRefusal(error, 'expectedVersion')) {
        const latest = await api<{ principle: Principle }>('GET', `/orgs/${orgId}/principles/${principle.id}`);
        setNewer(latest.principle);
        return;
      }
      throw error;
    }
  };

  return (
    <form className="form" noValidate onSubmit={form.handleSubmit(save)}>
      {newer && (
        <div className="conflict" role="alert">
          <p className="conflict__title">Someone saved a newer wording while you were editing (version {newer.version}).</p>
          <blockquote className="conflict__wording">
            <p className="conflict__wording-title">{newer.title}</p>
            <p>{newer.summary}</p>
          </blockquote>
          <div className="form__row">
            <Button
              size="small"
              onClick={() => {
                setBaseVersion(newer.version);
                setNewer(undefined);
              }}
            >
              Keep my wording, save over theirs
            </Button>
            <Button
              size="small"
              variant="quiet"
              onClick={() => {
                setTitle(newer.title);
                setSummary(newer.summary);
                setBaseVersion(newer.version);
                setNewer(undefined);
              }}
            >
              Start again from theirs
            </Button>
          </div>
        </div>
      )}
      <FormMessage message={form.formError} />
      <TextField label="Title" name="title" required value={title} onChange={(event) => setTitle(event.target.value)} error={form.errorFor('title')} hint={<Counter length={title.length} max={PRINCIPLE_LIMITS.titleMaxLength} />} />
      <TextAreaField
        label="What it means"
        name="summary"
        required
        rows={4}
        value={summary}
        onChange={(event) => setSummary(event.target.value)}
        error={form.errorFor('summary')}
        hint={
          <>
            One or two sentences that an interviewer can quote. <Counter length={summary.length} max={PRINCIPLE_LIMITS.summaryMaxLength} />
          </>
        }
      />
      {principle && <p className="form__note">Saving keeps version {baseVersion} in the history; records made with it keep pointing at it.</p>}
      <div className="form__row form__row--end">
        <Button variant="quiet" onClick={onClose}>
          Cancel
        </Button>
        <Button type="submit" variant="primary" isBusy={form.isPending} disabled={newer !== undefined}>
          {principle ? 'Save new wording' : 'Add principle'}
        </Button>
      </div>
    </form>
  );
}
