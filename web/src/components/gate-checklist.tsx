/** One condition of a gate: a rule id, whether it holds, and what is there or missing, in the reader's words. */
export interface GateCheckItem {
  rule: string;
  met: boolean;
  message: string;
}

/**
 * What the next stage needs, as a checklist: each check marked met or not (in words for screen readers too), in the
 * reader's words; the rule id the API answers with is the item's tooltip, for whoever scripts the same move.
 * Shared by the pipeline and sales pages.
 */
export function GateChecklist({ checks, label }: { checks: readonly GateCheckItem[]; label: string }) {
  return (
    <ul className="gate-checks" aria-label={label}>
      {checks.map((check) => (
        <li key={check.rule} className={check.met ? 'gate-checks__item gate-checks__item--met' : 'gate-checks__item'} title={`Rule ${check.rule}`}>
          <span className="gate-checks__mark" aria-hidden="true">
            {check.met ? '✓' : '✗'}
          </span>
          <span>
            <span className="visually-hidden">{check.met ? 'Met: ' : 'Not met: '}</span>
            {check.message}
          </span>
        </li>
      ))}
    </ul>
  );
}
