import { useState } from 'react';
import { Button } from './button.js';

/** A secret (token, invitation link) shown once, with a copy button, and a plain warning that it won't be shown again. */
export function SecretOnce({ label, value, note }: { label: string; value: string; note: string }) {
  const [copyState, setCopyState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopyState('copied');
    } catch {
      setCopyState('failed');
    }
  };
  return (
    <div className="secret" role="region" aria-label={label}>
      <p className="secret__label">{label}</p>
      <div className="secret__row">
        <input className="input secret__value" readOnly value={value} aria-label={label} onFocus={(event) => event.currentTarget.select()} />
        <Button variant="primary" onClick={copy}>
          Copy
        </Button>
      </div>
      <p className="secret__note" role="status">
        {copyState === 'copied' ? 'Copied to the clipboard.' : copyState === 'failed' ? 'Copying failed: select the text and copy it yourself.' : note}
      </p>
    </div>
  );
}
