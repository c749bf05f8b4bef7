import { useState } from 'react';
import type { LintFinding } from '../../../../src/domain/writing/lint-rule.js';
import { Button } from '../../components/button.js';
import { messageOf } from '../../lib/api-client.js';

/** One finding: severity, rule, where, what and why; authors may suppress it with a reason. */
function FindingItem({ finding, onSuppress }: { finding: LintFinding; onSuppress: ((reason: string) => Promise<void>) | undefined }) {
  const [isSuppressing, setSuppressing] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [isBusy, setBusy] = useState(false);
  return (
    <li className={`finding finding--${finding.severity}`}>
      <div className="finding__head">
        <span className="finding__severity">{finding.severity}</span>
        <code>{finding.ruleId}</code>
        <span>
          line {finding.line}
          {finding.sectionKey !== 'document' ? ` · ${finding.sectionKey}` : ''}
        </span>
      </div>
      <p className="finding__message">
        {finding.message} {finding.excerpt && <span className="finding__excerpt">{finding.excerpt}</span>}
      </p>
      <p className="finding__why">{finding.why}</p>
      {onSuppress && !isSuppressing && (
        <Button size="small" variant="quiet" onClick={() => setSuppressing(true)}>
          Suppress…
        </Button>
      )}
      {onSuppress && isSuppressing && (
        <form
          className="inline-form"
          onSubmit={async (event) => {
            event.preventDefault();
            setBusy(true);
            setError(undefined);
            try {
              await onSuppress(reason);
              setSuppressing(false);
            } catch (failure) {
              setError(messageOf(failure));
            } finally {
              setBusy(false);
            }
          }}
        >
          <label className="field">
            <span className="field__label">Why it does not apply</span>
            <input className="input" value={reason} onChange={(event) => setReason(event.target.value)} required />
          </label>
          <Button size="small" type="submit" isBusy={isBusy}>
            Suppress
          </Button>
          {error && (
            <p className="field__error" role="alert">
              {error}
            </p>
          )}
        </form>
      )}
    </li>
  );
}

export function FindingList({ findings, label, onSuppress }: { findings: readonly LintFinding[]; label: string; onSuppress?: (finding: LintFinding, reason: string) => Promise<void> }) {
  if (findings.length === 0) return <p className="doc-editor__status">No findings.</p>;
  return (
    <ul className="findings" aria-label={label}>
      {findings.map((finding) => (
        <FindingItem key={`${finding.ruleId}:${finding.start}:${finding.anchor}`} finding={finding} onSuppress={onSuppress ? (reason) => onSuppress(finding, reason) : undefined} />
      ))}
    </ul>
  );
}
