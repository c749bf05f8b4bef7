import { useState } from 'react';
import { INITIATIVE_STAGES, type InitiativeStage } from '../../../../src/domain/initiatives/stages.js';
import { Button } from '../../components/button.js';
import { DataTable } from '../../components/data-table.js';
import { FormMessage, SelectField, TextField } from '../../components/field.js';
import { EmptyState, ErrorNote, LoadingNote, Page } from '../../components/page.js';
import { Panel } from '../../components/panel.js';
import { api } from '../../lib/api-client.js';
import type { Membership } from '../../lib/api-types.js';
import { formatDate } from '../../lib/format.js';
import { Link, navigate, useLocation } from '../../lib/router.js';
import { useApiForm } from '../../lib/use-api-form.js';
import { useResource } from '../../lib/use-resource.js';
import { hasPermission } from '../../shell/sections.js';
import { PipelineFlow } from './pipeline-flow.js';
import { LinkedDocumentName } from './linked-document.js';
import { noneText, STAGE_LABELS, type DocumentOption, type InitiativeRecord, type Pipeline, type PipelineRow } from './pipeline-types.js';
import './pipeline.css';

function stageFrom(search: URLSearchParams): InitiativeStage | undefined {
  const stage = search.get('stage');
  return (INITIATIVE_STAGES as readonly string[]).includes(stage ?? '') ? (stage as InitiativeStage) : undefined;
}

/** The initiative pipeline: the flowchart with live counts, and every initiative at its stage. */
export function PipelinePage({ membership }: { membership: Membership }) {
  const orgId = membership.org.id;
  const canPropose = hasPermission(membership, 'pipeline.write');
  const { search } = useLocation();
  const shown = stageFrom(search);
  const data = useResource(async (signal) => {
    const [pipeline, documents] = await Promise.all([
      api<Pipeline>('GET', `/orgs/${orgId}/pipeline`, undefined, { signal }),
      canPropose ? api<{ documents: DocumentOption[] }>('GET', `/orgs/${orgId}/documents`, undefined, { signal }) : Promise.resolve({ documents: [] }),
    ]);
    // A PR/FAQ another living initiative holds is not offered: it belongs to that one (pipeline.document_of_one_initiative).
    const held = new Set(pipeline.initiatives.filter((initiative) => initiative.stage !== 'killed').flatMap((initiative) => (initiative.prfaq === null ? [] : [initiative.prfaq.id])));
    return { pipeline, prfaqs: documents.documents.filter((document) => document.kind === 'prfaq' && !held.has(document.id)) };
  }, orgId);
  const hrefFor = (stage: InitiativeStage | undefined) => `/o/${orgId}/pipeline${stage ? `?stage=${stage}` : ''}`;
  const initiatives = data.data?.pipeline.initiatives.filter((initiative) => shown === undefined || initiative.stage === shown) ?? [];

  return (
    <Page
      title="Pipeline"
      context={membership.org.name}
      lead={<p>Every initiative starts as a press release written before anything is built, and moves on only when the documents, the reading review, the leader, the team and the metrics show it is ready. Pulse checks each gate; nothing skips a stage.</p>}
    >
      {data.isLoading && !data.data && <LoadingNote label="Loading the pipeline…" />}
      {data.error && <ErrorNote message={data.error} onRetry={data.reload} />}
      {data.data && (
        <>
          <PipelineFlow counts={data.data.pipeline.counts} current={shown} hrefFor={hrefFor} />
          {data.data.pipeline.attention.length > 0 && (
            <section className="attention" aria-labelledby="attention-heading">
              <h2 id="attention-heading" className="attention__title">
                Needs attention
              </h2>
              <ul className="attention__list">
                {data.data.pipeline.attention.map((problem) => (
                  <li key={`${problem.initiativeId}-${problem.rule}`} title={`Rule ${problem.rule}`}>
                    <Link to={`/o/${orgId}/pipeline/${problem.initiativeId}`}>{problem.name}</Link>: {problem.message}
                  </li>
                ))}
              </ul>
            </section>
          )}
          {canPropose && <IdeaForm orgId={orgId} prfaqs={data.data.prfaqs} />}
          {data.data.pipeline.initiatives.length === 0 ? (
            <EmptyState title="No initiatives yet">
              <p>
                Write down an idea as the press release you would publish on launch day: who the customer is, what changes for them, and why they would care. Propose it here, link its PR/FAQ from{' '}
                <Link to={`/o/${orgId}/documents`}>Documents</Link>, and let the reviewers judge whether it is compelling before anyone builds anything.
              </p>
            </EmptyState>
          ) : (
            <section aria-labelledby="initiatives-heading">
              <h2 id="initiatives-heading" className="section-title">
                {shown ? `${STAGE_LABELS[shown]} (${initiatives.length})` : `All initiatives (${initiatives.length})`}
              </h2>
              {initiatives.length === 0 ? (
                <p className="section-lead">
                  Nothing at this stage. <Link to={hrefFor(undefined)}>Show every stage</Link>
                </p>
              ) : (
                <DataTable stacksOnPhones label="All initiatives" columns={['Initiative', 'Stage', 'Single-threaded leader', 'PR/FAQ', 'Memo', 'Open roles', 'Metrics']}>
                  {initiatives.map((initiative) => (
                    <tr key={initiative.id}>
                      <td>
                        <Link to={`/o/${orgId}/pipeline/${initiative.id}`}>{initiative.name}</Link>
                        {initiative.status === 'paused' && <span className="badge badge--muted">paused</span>}
                      </td>
                      <td data-label="Stage">
                        <span className={`stage-badge stage-badge--${initiative.stage}`}>{STAGE_LABELS[initiative.stage]}</span>
                        {/* The date sits under the stage it dates: a column of its own pushed the metrics off a laptop screen. */}
                        <span className="pipeline__since table__muted">since {formatDate(initiative.stageChangedAt)}</span>
                      </td>
                      <td data-label="Single-threaded leader">{initiative.stl ? <Link to={`/o/${orgId}/people/${initiative.stl.id}`}>{initiative.stl.name}</Link> : <span className="table__muted">{noneText(initiative.stage)}</span>}</td>
                      <td data-label="PR/FAQ">
                        <LinkedDocumentName orgId={orgId} document={initiative.prfaq} none="—" />
                      </td>
                      <td data-label="Memo">
                        <LinkedDocumentName orgId={orgId} document={initiative.memo} none="—" />
                      </td>
                      <td data-label="Open roles">{initiative.openRoles === null || initiative.openRoles === 0 ? <span className="table__muted">{initiative.openRoles === null ? '—' : 'none'}</span> : initiative.openRoles}</td>
                      <td data-label="Metrics">
                        <MetricsSummary metrics={initiative.metrics} />
                      </td>
                    </tr>
                  ))}
                </DataTable>
              )}
            </section>
          )}
        </>
      )}
    </Page>
  );
}

/** How many metrics it has and, when the business review charts them, how many open anomalies they carry (the record lists each). */
function MetricsSummary({ metrics }: { metrics: PipelineRow['metrics'] }) {
  if (metrics.count === 0) return <span className="table__muted">none linked</span>;
  const anomalies = metrics.openAnomalies;
  return (
    <>
      {metrics.count} {metrics.count === 1 ? 'metric' : 'metrics'}
      {anomalies === null ? (
        <span className="table__muted"> · not in a published review</span>
      ) : anomalies === 0 ? (
        <span className="table__muted"> · no open anomaly</span>
      ) : (
        <strong className="pipeline__anomalies">
          {' '}
          · {anomalies} open {anomalies === 1 ? 'anomaly' : 'anomalies'}
        </strong>
      )}
    </>
  );
}

function IdeaForm({ orgId, prfaqs }: { orgId: string; prfaqs: DocumentOption[] }) {
  const [name, setName] = useState('');
  const [prfaqDocumentId, setPrfaq] = useState('');
  const form = useApiForm(['name', 'prfaqDocumentId']);
  return (
    <Panel headingId="new-idea-heading" title="Propose an idea" isNewItemForm>
      <form
        className="form form--inline"
        noValidate
        onSubmit={form.handleSubmit(async () => {
          const record = await api<InitiativeRecord>('POST', `/orgs/${orgId}/pipeline/ideas`, { name, prfaqDocumentId: prfaqDocumentId || null });
          navigate(`/o/${orgId}/pipeline/${record.id}`);
        })}
      >
        <FormMessage message={form.formError} />
        <TextField label="Name" name="name" value={name} onChange={(event) => setName(event.target.value)} error={form.errorFor('name')} hint="The customer-facing name, as the press release would say it." />
        <SelectField
          label="Its PR/FAQ"
          name="prfaqDocumentId"
          value={prfaqDocumentId}
          options={[{ value: '', label: 'Not written yet' }, ...prfaqs.map((document) => ({ value: document.id, label: document.title }))]}
          onChange={setPrfaq}
          error={form.errorFor('prfaqDocumentId')}
        />
        <Button type="submit" variant="primary" isBusy={form.isPending}>
          Propose idea
        </Button>
      </form>
    </Panel>
  );
}
