import { useRef, useState } from 'react';
import type { LintFinding } from '../../../../src/domain/writing/lint-rule.js';
import { isHardRule } from '../../../../src/domain/writing/lint-settings.js';
import { Button } from '../../components/button.js';
import { TextField } from '../../components/field.js';
import { FormActions } from '../../components/form-actions.js';
import { messageOf } from '../../lib/api-client.js';

/** Where a finding is, in a document: its line and the heading of its section as the writer wrote it (the key is an id). */
function lineAndSection(finding: LintFinding): string {
  return `line ${finding.line}${finding.sectionTitle !== '' ? ` · ${finding.sectionTitle}` : ''}`;
}

/** One finding: severity, rule, where, what and why; authors may suppress it with a reason. */
function FindingItem({ finding, where, onSuppress, onShow, isHard }: { finding: LintFinding; where: (finding: LintFinding) => string; onSuppress: ((reason: string) => Promise<void>) | undefined; onShow: (() => void) | undefined; isHard: boolean }) {
  const [isSuppressing, setSuppressing] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [isBusy, setBusy] = useState(false);
  const suppressButtonRef = useRef<HTMLButtonElement>(null);
  const closeForm = () => {
    setSuppressing(false);
    setReason('');
    setError(undefined);
    // Back to the button that opened the form, so a keyboard user keeps their place in the findings.
    requestAnimationFrame(() => suppressButtonRef.current?.focus());
  };
  return (
    <li className={`finding finding--${finding.severity}`}>
      <div className="finding__head">
        <span className="finding__severity">{finding.severity}</span>
        <code>{finding.ruleId}</code>
        <span>{where(finding)}</span>
      </div>
      <p className="finding__message">
        {finding.message} {finding.excerpt && <span className="finding__excerpt">{finding.excerpt}</span>}
      </p>
      <p className="finding__why">{finding.why}</p>
      {isHard && <p className="finding__hard">A hard check of a memo: rewrite the text; it cannot be suppressed.</p>}
      {onShow && (
        <Button size="small" variant="quiet" aria-label={`Show in the text: ${finding.ruleId}, line ${finding.line}`} onClick={onShow}>
          Show in the text
        </Button>
      )}
      {onSuppress && !isSuppressing && (
        <Button ref={suppressButtonRef} size="small" variant="quiet" onClick={() => setSuppressing(true)}>
          Suppress…
        </Button>
      )}
      {onSuppress && isSuppressing && (
        <form
          className="inline-form"
          aria-label={`Suppress ${finding.ruleId}`}
          onKeyDown={(event) => {
            if (event.key === 'Escape') closeForm();
          }}
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
          {/* The button that opened the form is gone: the reason takes the focus, so the keyboard stays on this finding. */}
          <TextField label="Why it does not apply" name="reason" value={reason} onChange={(event) => setReason(event.target.value)} required autoFocus />
          <FormActions size="small" isBusy={isBusy} onCancel={closeForm}>
            Suppress
          </FormActions>
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

/**
 * `where` says where a finding is, for text that is not one document (a form's fields); by default its line and section.
 * `onShow`, where the text is being edited beside the list, selects the flagged words in it.
 */
export function FindingList({ findings, label, where = lineAndSection, onSuppress, onShow }: { findings: readonly LintFinding[]; label: string; where?: (finding: LintFinding) => string; onSuppress?: (finding: LintFinding, reason: string) => Promise<void>; onShow?: (finding: LintFinding) => void }) {
  if (findings.length === 0) return <p className="doc-editor__status">No findings.</p>;
  return (
    <ul className="findings" aria-label={label}>
      {findings.map((finding) => (
        // A hard check of a memo cannot be suppressed (the server refuses it too): it shows why instead of a button.
        <FindingItem key={`${finding.ruleId}:${finding.start}:${finding.anchor}`} finding={finding} where={where} onSuppress={onSuppress && !isHardRule(finding.ruleId) ? (reason) => onSuppress(finding, reason) : undefined} onShow={onShow ? () => onShow(finding) : undefined} isHard={onSuppress !== undefined && isHardRule(finding.ruleId)} />
      ))}
    </ul>
  );
}
