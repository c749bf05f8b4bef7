import { useEffect, useId, useRef, useState } from 'react';
import { Button } from './button.js';

interface PickAndSaveProps {
  /** The select's accessible name, naming the thing: "Role of Priya Raman". */
  label: string;
  /** The value as saved (the page's read). */
  value: string;
  options: ReadonlyArray<{ value: string; label: string }>;
  /** Words the Save button adds for a screen reader: "the role of Priya Raman". */
  saveWhat: string;
  /** A refusal of the last save, shown under it and announced. */
  error?: string | undefined;
  /** Saves the pick; resolves to whether it was saved (a refusal is the page's to explain, in `error` or beside). */
  onSave(value: string): Promise<boolean>;
  /**
   * Whether a refused pick stays picked, to save again (over a colleague's newer value, say), or the select goes back
   * to the value as saved (when the page offers its own way to apply the pick).
   */
  keepsPickWhenRefused: boolean;
}

/**
 * A value saved by an explicit Save button rather than on every change of a select. A keyboard user moves through a
 * closed select with the arrow keys, and each step fires a change: saving on change would save (and audit) every
 * value passed on the way (a member made admin on the way to recruiter). Saving on blur is no better: it saves by
 * accident whenever focus merely moves on. So the select only picks; the Save button that appears beside it once
 * the pick differs saves once, and Escape puts the select back to the saved value. Nothing is disabled while saving
 * (a disabled control drops keyboard focus to the page): the busy Save ignores a second press.
 */
export function PickAndSave({ label, value, options, saveWhat, error, onSave, keepsPickWhenRefused }: PickAndSaveProps) {
  const [draft, setDraft] = useState<string | undefined>();
  const [isSaving, setSaving] = useState(false);
  const errorId = useId();
  const selectRef = useRef<HTMLSelectElement>(null);
  // Once the saved value is the pick (this save, read back), it is no longer a pending change.
  useEffect(() => setDraft((pick) => (pick === value ? undefined : pick)), [value]);
  const shown = draft ?? value;
  const isChanged = shown !== value;
  const save = async () => {
    setSaving(true);
    try {
      // A saved pick stays until the value read back is it (then the effect above drops it), so nothing flickers.
      if (!(await onSave(shown)) && !keepsPickWhenRefused) setDraft(undefined);
    } finally {
      setSaving(false);
    }
    // The Save button goes once the pick is saved: the keyboard goes back to the select rather than to the page's top.
    selectRef.current?.focus();
  };
  return (
    <>
      <div className="form__row">
        <select
          ref={selectRef}
          className="input input--select input--compact"
          aria-label={label}
          value={shown}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
          onChange={(event) => setDraft(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Escape' && isChanged) setDraft(undefined);
          }}
        >
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
        {isChanged && (
          <Button size="small" variant="primary" isBusy={isSaving} onClick={() => void save()}>
            Save<span className="visually-hidden"> {saveWhat}</span>
          </Button>
        )}
      </div>
      {error && (
        <p className="field__error" id={errorId} role="alert">
          {error}
        </p>
      )}
    </>
  );
}
