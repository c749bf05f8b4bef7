import { useEffect, useId, useRef, useState } from 'react';
import { Button } from '../../components/button.js';
import { TextAreaField } from '../../components/field.js';
import { EXAMPLE_WBR_CONFIG } from './wbr-example-config.js';
import { lineOfMessage, lineRange } from './wbr-format.js';

interface ConfigFieldProps {
  value: string;
  onChange(config: string): void;
  /** The server's error for the config, located ("Line 12, metrics.revenue.column: …"). */
  error: string | undefined;
  isReadOnly?: boolean;
  /** Offer the example config (for a new deck, where a blank text box teaches nothing). */
  offerExample?: boolean;
}

/**
 * A deck config: the YAML in a monospace text box, or loaded from a file into it, so it can be read and fixed
 * before it is sent. When the server names a line, that line is selected and scrolled into view: a text box has
 * no line numbers, and "Line 42" is otherwise a count by hand.
 */
export function ConfigField({ value, onChange, error, isReadOnly = false, offerExample = false }: ConfigFieldProps) {
  const fileInputId = useId();
  const [fileError, setFileError] = useState<string | undefined>();
  const wrapperRef = useRef<HTMLDivElement>(null);
  const errorLine = lineOfMessage(error);

  const showLine = (line: number) => {
    const textarea = wrapperRef.current?.querySelector('textarea');
    const range = lineRange(value, line);
    if (!textarea || !range) return;
    textarea.focus();
    textarea.setSelectionRange(range.start, range.end);
    const lineHeight = Number.parseFloat(getComputedStyle(textarea).lineHeight) || 20;
    textarea.scrollTop = Math.max(0, (line - 3) * lineHeight);
  };

  useEffect(() => {
    if (errorLine !== undefined) showLine(errorLine);
    // Only a new error moves the caret; typing a fix must not be interrupted.
  }, [error]);

  const loadFile = async (file: File | undefined) => {
    setFileError(undefined);
    if (!file) return;
    try {
      onChange(await file.text());
    } catch {
      setFileError(`“${file.name}” could not be read.`);
    }
  };

  return (
    <div className="wbr-config-field" ref={wrapperRef}>
      <TextAreaField
        label="Config (YAML)"
        name="config"
        className="input input--multiline wbr-config-field__text"
        rows={Math.min(28, Math.max(8, value.split('\n').length + 1))}
        spellCheck={false}
        autoCapitalize="off"
        autoCorrect="off"
        wrap="off"
        readOnly={isReadOnly}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        error={error}
        hint={
          isReadOnly ? undefined : (
            <>
              The WBR App's format: <code>setup</code>, <code>metrics</code> (each a CSV <code>column</code> and an <code>aggf</code>, and <code>good_direction</code> so Pulse knows which signals are anomalies) and <code>deck</code>.
            </>
          )
        }
      />
      {!isReadOnly && (
        <div className="wbr-config-field__tools">
          {errorLine !== undefined && (
            <Button size="small" variant="quiet" onClick={() => showLine(errorLine)}>
              Go to line {errorLine}
            </Button>
          )}
          <label className="wbr-file-button" htmlFor={fileInputId}>
            <span className="button button--small button--secondary">Load a YAML file</span>
            <input id={fileInputId} className="wbr-file-button__input" type="file" accept=".yaml,.yml,text/yaml,application/yaml" onChange={(event) => void loadFile(event.target.files?.[0])} />
          </label>
          {offerExample && (
            <Button size="small" variant="quiet" onClick={() => onChange(EXAMPLE_WBR_CONFIG)}>
              Start from the example
            </Button>
          )}
        </div>
      )}
      {fileError && (
        <p className="field__error" role="alert">
          {fileError}
        </p>
      )}
    </div>
  );
}
