import type { z } from '@hono/zod-openapi';
import { useState } from 'react';
import type { WbrLagSchema } from '../../../../src/server/routes/wbr/wbr.schema.js';
import { Button } from '../../components/button.js';
import { DataTable } from '../../components/data-table.js';
import { FormMessage, SelectField } from '../../components/field.js';
import { api } from '../../lib/api-client.js';
import { useApiForm } from '../../lib/use-api-form.js';
import { defaultLagPair, describeCorrelation, lagQuery } from './wbr-format.js';
import type { WbrDeck } from './wbr-types.js';

type LagAnalysis = z.infer<typeof WbrLagSchema>;

const LAG_FIELDS = ['input', 'output'] as const;

/**
 * Does an output follow an input? The correlation of their week-over-week changes at lags of 0 to 12 weeks, over the
 * published week's weekly series; the strongest lag is marked. A question for the review, not a proof.
 */
export function LagAnalysisPanel({ orgId, deckId, snapshotId, metrics }: { orgId: string; deckId: string; snapshotId: string; metrics: WbrDeck['metrics'] }) {
  const defaults = defaultLagPair(metrics);
  const [input, setInput] = useState(defaults.input);
  const [output, setOutput] = useState(defaults.output);
  const [analysis, setAnalysis] = useState<LagAnalysis | undefined>();
  const form = useApiForm(LAG_FIELDS);
  // The catalog's class beside each name, so the leader picks an input to lead and an output to follow.
  const options = metrics.map((metric) => ({ value: metric.name, label: metric.catalogMetric === null ? metric.name : `${metric.name} (${metric.catalogMetric.kind})` }));
  return (
    <section aria-labelledby="lag-heading">
      <h4 id="lag-heading" className="wbr-week__subtitle">
        Does an output follow an input?
      </h4>
      <p className="section-lead">
        How closely the output’s week-over-week change follows the input’s, 0 to 12 weeks later, over the weeks this published week carries (its XmR baseline and the six shown). Changes rather than levels, so two metrics that merely both grow do not look linked.
      </p>
      <form
        className="form form--inline wbr-lag-form"
        noValidate
        aria-label="Measure how an output follows an input"
        onSubmit={form.handleSubmit(async () => {
          const result = await api<{ analysis: LagAnalysis }>('GET', `/orgs/${orgId}/wbr/decks/${deckId}/snapshots/${snapshotId}/lag${lagQuery(input, output)}`);
          setAnalysis(result.analysis);
        })}
      >
        <SelectField label="Input" name="input" value={input} options={options} onChange={setInput} error={form.errorFor('input')} />
        <SelectField label="Output" name="output" value={output} options={options} onChange={setOutput} error={form.errorFor('output')} />
        <Button type="submit" className="form__inline-submit" isBusy={form.isPending}>
          Measure
        </Button>
      </form>
      <FormMessage message={form.formError} />
      {analysis && (
        <>
          <p className="wbr-lag__verdict" role="status">
            {analysis.strongest === null ? 'Too few weeks with both values to measure.' : describeCorrelation(analysis.output, analysis.input, analysis.strongest)}
          </p>
          {/* The shared table: on a phone it scrolls sideways in a box the keyboard can reach. */}
          <div className="wbr-lag">
            <DataTable columns={['Lag (weeks)', 'Correlation', 'Weeks compared']} caption={`Correlation of ${analysis.output} with ${analysis.input} by lag`} label={`Correlation of ${analysis.output} with ${analysis.input} by lag (scrolls sideways)`}>
              {analysis.correlations.map((correlation) => (
                <tr key={correlation.lag} aria-current={correlation.lag === analysis.strongest?.lag ? 'true' : undefined} className={correlation.lag === analysis.strongest?.lag ? 'wbr-lag__strongest' : undefined}>
                  <td>{correlation.lag}</td>
                  <td>
                    {correlation.r === null ? (
                      <span className="table__muted">—</span>
                    ) : (
                      <span className="wbr-lag__value">
                        <span className={`wbr-lag__bar${correlation.r < 0 ? ' wbr-lag__bar--negative' : ''}`} style={{ width: `${(Math.abs(correlation.r) * 8).toFixed(2)}rem` }} aria-hidden="true" />
                        {correlation.r.toFixed(2)}
                      </span>
                    )}
                  </td>
                  <td>{correlation.pairs}</td>
                </tr>
              ))}
            </DataTable>
          </div>
        </>
      )}
    </section>
  );
}
