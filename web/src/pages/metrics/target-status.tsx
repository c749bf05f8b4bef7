import './target-status.css';

/**
 * Whether a metric's last published week met its catalog target: a word and a mark, never colour alone. Short, as it
 * sits in the target's column (the catalog's) or beside the week's value (an initiative's); its title says it whole.
 */
export function TargetStatus({ status }: { status: 'met' | 'missed' | null }) {
  if (status === null) return null;
  return status === 'met' ? (
    <span className="target-status target-status--met" title="The last published week met the target">✓ met</span>
  ) : (
    <span className="target-status target-status--missed" title="The last published week missed the target">✗ missed</span>
  );
}
