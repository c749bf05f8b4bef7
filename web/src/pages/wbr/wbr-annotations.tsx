import { useState } from 'react';
import { Button } from '../../components/button.js';
import { DataTable } from '../../components/data-table.js';
import { FormMessage, SelectField, TextField } from '../../components/field.js';
import { ErrorNote, LoadingNote } from '../../components/page.js';
import { api, apiText } from '../../lib/api-client.js';
import { useApiForm } from '../../lib/use-api-form.js';
import { useResource } from '../../lib/use-resource.js';
import { CsvUploadForm } from './csv-upload-form.js';
import { formatWeek, placeAnnotationFileError } from './wbr-format.js';
import type { WbrAnnotation, WbrDeck } from './wbr-types.js';

const ANNOTATION_FIELDS = ['date', 'metric', 'description'] as const;

/**
 * The deck's annotations: what happened on a day to one of its metrics. Each week published afterwards shows the
 * ones in its six weeks (and in the same weeks a year before) on that metric's chart; weeks already published keep
 * what they showed.
 */
export function Annotations({ orgId, deck, canWrite }: { orgId: string; deck: WbrDeck; canWrite: boolean }) {
  const path = `/orgs/${orgId}/wbr/decks/${deck.id}/annotations`;
  const data = useResource(async (signal) => (await api<{ annotations: WbrAnnotation[] }>('GET', path, undefined, { signal })).annotations, path);
  const [savedNote, setSavedNote] = useState<string | undefined>();
  const remove = useApiForm([]);
  const annotations = data.data ?? [];
  return (
    <>
      {data.isLoading && !data.data && <LoadingNote label="Loading the annotations…" />}
      {data.error && <ErrorNote message={data.error} onRetry={data.reload} />}
      {data.data && annotations.length === 0 && <p className="section-lead">No annotations yet. Note what moved a metric (a promotion, an outage, a price change) so that the review reads it beside the chart.</p>}
      {annotations.length > 0 && (
        // On a phone each annotation is a block, its Remove button in sight rather than off to the side.
        <DataTable stacksOnPhones columns={['Date', 'Metric', 'What happened', 'By']}>
          {annotations.map((annotation) => (
            <tr key={annotation.id}>
              <td className="table__nowrap">{formatWeek(annotation.date)}</td>
              <td data-label="Metric">{annotation.metric}</td>
              <td data-label="What happened">{annotation.description}</td>
              <td data-label="By">
                {/* Who wrote it, for every reader and on paper; the remove form beside it is an action, left off paper (an
                    empty cell there would print as an empty box). */}
                <span className="table__muted">{annotation.createdBy ?? '—'}</span>
                {canWrite && (
                  <form
                    className="wbr-annotations__remove no-print"
                    aria-label={`Remove the annotation of ${formatWeek(annotation.date)} on ${annotation.metric}`}
                    onSubmit={remove.handleSubmit(async () => {
                      await api('DELETE', `${path}/${annotation.id}`);
                      setSavedNote(`Removed the annotation of ${formatWeek(annotation.date)}. Weeks already published keep it.`);
                      data.reload();
                    })}
                  >
                    <Button type="submit" variant="quiet">
                      Remove
                    </Button>
                  </form>
                )}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      <FormMessage message={remove.formError} />
      <FormMessage tone="success" message={savedNote} />
      {canWrite && (
        <>
          <AddAnnotationForm
            path={path}
            metrics={deck.metrics.map((metric) => metric.name)}
            onSaved={(note) => {
              setSavedNote(note);
              data.reload();
            }}
          />
          <AnnotationFileForm
            path={path}
            hasAnnotations={annotations.length > 0}
            onSaved={() => {
              setSavedNote(undefined);
              data.reload();
            }}
          />
        </>
      )}
    </>
  );
}

function AddAnnotationForm({ path, metrics, onSaved }: { path: string; metrics: string[]; onSaved(note: string): void }) {
  const [values, setValues] = useState({ date: '', metric: metrics[0] ?? '', description: '' });
  const form = useApiForm(ANNOTATION_FIELDS);
  return (
    <form
      className="form wbr-annotations__form no-print"
      noValidate
      aria-label="Annotate a metric"
      onSubmit={form.handleSubmit(async () => {
        await api('POST', path, values);
        onSaved(`Annotated ${values.metric} on ${formatWeek(values.date)}. It shows on the weeks published from now on.`);
        setValues({ ...values, date: '', description: '' });
      })}
    >
      <h3 className="wbr-subtitle">Annotate a metric</h3>
      <FormMessage message={form.formError} />
      <div className="form form--inline">
        <TextField label="Date" name="date" type="date" value={values.date} onChange={(event) => setValues({ ...values, date: event.target.value })} error={form.errorFor('date')} />
        <SelectField label="Metric" name="metric" value={values.metric} options={metrics.map((name) => ({ value: name, label: name }))} onChange={(metric) => setValues({ ...values, metric })} error={form.errorFor('metric')} />
      </div>
      <TextField label="What happened" name="description" value={values.description} maxLength={500} onChange={(event) => setValues({ ...values, description: event.target.value })} error={form.errorFor('description')} hint="One line, as the chart's note will read it." />
      <div className="form__row">
        <Button type="submit" isBusy={form.isPending}>
          Add annotation
        </Button>
      </div>
    </form>
  );
}

/** Replaces every annotation with the WBR App's annotation file (Date, MetricName, EventDescription). */
function AnnotationFileForm({ path, hasAnnotations, onSaved }: { path: string; hasAnnotations: boolean; onSaved(): void }) {
  return (
    <CsvUploadForm
      name="Upload annotations"
      label={hasAnnotations ? 'Replace them all with a file (CSV)' : 'Or upload a file (CSV)'}
      hint="The WBR App's annotation file: columns Date, MetricName and EventDescription. A bad row refuses the file and names its line."
      fieldName="annotationsFile"
      placeError={placeAnnotationFileError}
      upload={async (file) => {
        const { annotations } = await apiText<{ annotations: WbrAnnotation[] }>('PUT', `${path}?fileName=${encodeURIComponent(file.name)}`, file, 'text/csv');
        onSaved();
        return `Uploaded ${file.name}: ${annotations.length === 1 ? '1 annotation' : `${annotations.length} annotations`}.`;
      }}
    />
  );
}
