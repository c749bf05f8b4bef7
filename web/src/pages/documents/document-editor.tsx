import { useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import { lintMarkdown, type LintFinding, type LintReport } from '../../../../src/domain/writing/lint.js';
import type { LintSettings } from '../../../../src/domain/writing/lint-settings.js';
import { applySuppressions, type Suppression } from '../../../../src/domain/writing/suppressions.js';
import type { RuleId } from '../../../../src/domain/writing/lint-settings.js';
import { Button } from '../../components/button.js';
import { ConfirmDialog } from '../../components/confirm-dialog.js';
import { ErrorNote } from '../../components/page.js';
import { isApiError, messageOf } from '../../lib/api-client.js';
import { documentsApi, type DocumentView, type SuppressionView } from './documents-api.js';
import { FindingList } from './lint-findings.js';
import { MarkdownView } from './markdown-view.js';

/** Long enough to skip work between fast keystrokes, short enough that findings feel live. */
const LINT_DELAY_MS = 120;

interface EditorProps {
  orgId: string;
  document: DocumentView;
  settings: LintSettings | undefined;
  suppressions: readonly SuppressionView[];
  onSaved(document: DocumentView): void;
  onSuppressed(): void;
}

interface Draft {
  title: string;
  body: string;
  baseVersion: number;
}

/**
 * Unsaved text is kept in the browser tab (sessionStorage) until it is saved or discarded: switching to another
 * view of the document, or to another page and back, unmounts the editor, and a writer's words must not go with it.
 */
function draftKey(documentId: string): string {
  return `pulse.draft.${documentId}`;
}

function readDraft(document: DocumentView): Draft | null {
  try {
    const raw = window.sessionStorage.getItem(draftKey(document.id));
    if (raw === null) return null;
    const draft = JSON.parse(raw) as Partial<Draft>;
    if (typeof draft.title !== 'string' || typeof draft.body !== 'string' || typeof draft.baseVersion !== 'number' || draft.baseVersion > document.version) return null;
    return draft.title === document.title && draft.body === document.body && draft.baseVersion === document.version ? null : (draft as Draft);
  } catch {
    return null; // storage disabled or the entry unreadable: nothing to restore
  }
}

function writeDraft(documentId: string, draft: Draft | null): void {
  try {
    if (draft === null) window.sessionStorage.removeItem(draftKey(documentId));
    else window.sessionStorage.setItem(draftKey(documentId), JSON.stringify(draft));
  } catch {
    // A full or disabled storage only loses the safety net, not the text on the screen.
  }
}

/** The Markdown editor with the linter running in the browser as you type; saves are versions on a base. */
export function DocumentEditor({ orgId, document, settings, suppressions, onSaved, onSuppressed }: EditorProps) {
  const client = documentsApi(orgId);
  const [restored, setRestored] = useState(() => readDraft(document));
  // Discarding drops text that exists nowhere else: it is confirmed first.
  const [isConfirmingDiscard, setConfirmingDiscard] = useState(false);
  const [title, setTitle] = useState(restored?.title ?? document.title);
  const [body, setBody] = useState(restored?.body ?? document.body);
  const [baseVersion, setBaseVersion] = useState(restored?.baseVersion ?? document.version);
  const [report, setReport] = useState<LintReport>(() => lintMarkdown(document.body, { kind: document.kind, ...(settings ? { settings } : {}) }));
  const [saveError, setSaveError] = useState<string | undefined>();
  const [conflictVersion, setConflictVersion] = useState<number | undefined>();
  const [isSaving, setSaving] = useState(false);
  const [status, setStatus] = useState('');
  // "Saved as version N" describes the text as saved: once the writer types again it no longer does.
  const edit = (change: () => void) => {
    change();
    setStatus('');
  };

  useEffect(() => {
    const timer = setTimeout(() => setReport(lintMarkdown(body, { kind: document.kind, ...(settings ? { settings } : {}) })), LINT_DELAY_MS);
    return () => clearTimeout(timer);
  }, [body, settings, document.kind]);

  const parsedSuppressions = useMemo<Suppression[]>(() => suppressions.map((item) => ({ ruleId: item.ruleId as RuleId, anchor: item.anchor, reason: item.reason })), [suppressions]);
  const applied = useMemo(() => applySuppressions(report.findings, parsedSuppressions), [report, parsedSuppressions]);
  const errorCount = applied.active.filter((finding) => finding.severity === 'error').length;
  // A finding names a line, but the text area numbers none: "Show in the text" selects the flagged words instead.
  const textRef = useRef<HTMLTextAreaElement>(null);
  const showInText = (finding: LintFinding) => {
    const text = textRef.current;
    if (!text) return;
    // The findings may lag the last keystroke by a moment: keep the selection inside the text as it is now.
    const end = Math.min(finding.end, text.value.length);
    const start = Math.min(finding.start, end);
    // A text area does not scroll to a selection set from script: measure the height of the text before the
    // words (the same text, cut there, for a moment) and scroll them to the middle of the box.
    const full = text.value;
    text.value = full.slice(0, start);
    const heightBefore = text.scrollHeight;
    text.value = full;
    text.scrollTop = heightBefore > text.clientHeight ? heightBefore - text.clientHeight / 2 : 0;
    // The findings run longer than the box: bring the box itself back into the window, the words in its middle.
    text.scrollIntoView({ block: 'center' });
    text.focus({ preventScroll: true });
    text.setSelectionRange(start, end);
  };
  // A suppression made by mistake is undone here, where it was made: the finding counts again at once.
  const [liftingId, setLiftingId] = useState<string | undefined>();
  const [liftError, setLiftError] = useState<string | undefined>();
  const liftSuppression = async (suppressionId: string) => {
    setLiftingId(suppressionId);
    setLiftError(undefined);
    try {
      await client.liftSuppression(document.id, suppressionId);
      onSuppressed();
    } catch (error) {
      setLiftError(messageOf(error));
    } finally {
      setLiftingId(undefined);
    }
  };
  const isDirty = title !== document.title || body !== document.body || baseVersion !== document.version;

  // Written at every change, not after a pause: a click on another view right after typing unmounts the editor.
  useEffect(() => writeDraft(document.id, isDirty ? { title, body, baseVersion } : null), [document.id, isDirty, title, body, baseVersion]);

  const discardDraft = () => {
    writeDraft(document.id, null);
    setRestored(null);
    setTitle(document.title);
    setBody(document.body);
    setBaseVersion(document.version);
  };

  // Closing the tab with unsaved words asks first: the browser shows its own confirmation.
  useEffect(() => {
    if (!isDirty) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [isDirty]);

  /** Saves the text as the next version on `base` (the version it was written on, unless the writer chose another). */
  const save = async (base: number = baseVersion) => {
    setSaving(true);
    setSaveError(undefined);
    setConflictVersion(undefined);
    try {
      const saved = await client.save(document.id, { title, body, baseVersion: base });
      writeDraft(document.id, null);
      setRestored(null);
      setBaseVersion(saved.version);
      setStatus(saved.version === base ? 'No changes to save.' : `Saved as version ${saved.version}.`);
      onSaved(saved);
    } catch (error) {
      if (isApiError(error) && error.code === 'conflict' && typeof error.data?.currentVersion === 'number') setConflictVersion(error.data.currentVersion);
      setSaveError(messageOf(error));
    } finally {
      setSaving(false);
    }
  };

  // Ctrl+S (⌘S on a Mac) saves a version, as in every editor: the most frequent action of a writer has a key.
  const onKeyDown = (event: React.KeyboardEvent<HTMLDivElement>) => {
    if (event.key.toLowerCase() !== 's' || !(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) return;
    event.preventDefault();
    if (isDirty && !isSaving) void save();
  };

  // Rendered for paper only: typing never waits for it.
  const printedBody = useDeferredValue(body);

  return (
    // The shortcut is for the fields inside; the div is no control of its own.
    <div className="doc-editor" onKeyDown={onKeyDown}>
      {/* Paper gets the text as it reads, whole: the editor's box would print Markdown cut off at the box's height. Only
          print shows it (documents.css), and it is the text in the box, saved or not, as the writer sees it. */}
      <MarkdownView source={printedBody} className="doc-editor__print" />
      <div className="stack">
        {restored !== null && (
          <p className="doc-editor__restored" role="status">
            Your unsaved text from this tab is back (written on version {restored.baseVersion}).{' '}
            <Button size="small" onClick={() => setConfirmingDiscard(true)}>
              Discard it
            </Button>
          </p>
        )}
        {/* The note and its button go with the draft: the keyboard goes to the text, now the saved version's. */}
        <ConfirmDialog
          title="Discard your unsaved text?"
          isOpen={isConfirmingDiscard}
          description={<p>The text from this tab goes, and the editor shows version {document.version} as saved. Unsaved text cannot be brought back.</p>}
          confirmLabel="Discard text"
          cancelLabel="Keep it"
          onConfirm={async () => discardDraft()}
          onClose={() => setConfirmingDiscard(false)}
          focusAfterConfirm={() => window.document.querySelector<HTMLTextAreaElement>('.doc-editor textarea')}
        />
        <label className="field">
          <span className="field__label">Title</span>
          <input className="input" value={title} onChange={(event) => edit(() => setTitle(event.target.value))} maxLength={200} />
        </label>
        <label className="field">
          <span className="field__label">Text (Markdown)</span>
          <textarea ref={textRef} className="input input--multiline doc-editor__text" rows={24} value={body} onChange={(event) => edit(() => setBody(event.target.value))} spellCheck />
        </label>
        <div className="doc-editor__bar">
          <Button variant="primary" onClick={() => void save()} isBusy={isSaving} disabled={!isDirty}>
            Save version {baseVersion + 1}
          </Button>
          <span className="doc-editor__status" role="status">
            {status || `Editing on version ${baseVersion} · ${report.words.total} words`}
          </span>
        </div>
        {saveError && <ErrorNote message={saveError} />}
        {conflictVersion !== undefined && (
          <p>
            Your text stays in the box. Compare it with version {conflictVersion} under History, or save it as it is: it
            becomes version {conflictVersion + 1}, and the changes of version {conflictVersion} stay only in the history.{' '}
            <Button size="small" onClick={() => void save(conflictVersion)} isBusy={isSaving}>
              Save my text as version {conflictVersion + 1}
            </Button>
          </p>
        )}
      </div>
      <section aria-labelledby="live-findings-title" className="stack">
        <h2 id="live-findings-title" className="panel__title">
          Findings as you type
        </h2>
        <p className="doc-editor__status" aria-live="polite">
          {errorCount} {errorCount === 1 ? 'error' : 'errors'}, {applied.active.length - errorCount} {applied.active.length - errorCount === 1 ? 'warning' : 'warnings'}
          {errorCount > 0 ? ' · errors block a compelling verdict and a reading meeting' : ''}
        </p>
        <FindingList
          findings={applied.active}
          label="Live findings"
          onShow={showInText}
          onSuppress={
            document.isAuthor
              ? async (finding, reason) => {
                  await client.suppress(document.id, { ruleId: finding.ruleId, anchor: finding.anchor, reason });
                  onSuppressed();
                }
              : undefined
          }
        />
        {liftError && <ErrorNote message={liftError} />}
        {applied.suppressed.length > 0 && (
          <details>
            <summary>{applied.suppressed.length} suppressed</summary>
            <ul>
              {applied.suppressed.map(({ finding, suppression }) => {
                const saved = suppressions.find((item) => item.ruleId === suppression.ruleId && item.anchor === suppression.anchor);
                return (
                  <li key={`${finding.ruleId}:${finding.anchor}`}>
                    <code>{finding.ruleId}</code> {finding.excerpt}: {suppression.reason}
                    {saved?.createdBy ? ` (${saved.createdBy.name})` : ''}{' '}
                    {document.isAuthor && saved && (
                      <Button
                        size="small"
                        aria-label={`Lift the suppression of ${finding.ruleId} on "${finding.excerpt}"`}
                        disabled={liftingId !== undefined}
                        onClick={() => void liftSuppression(saved.id)}
                      >
                        Lift
                      </Button>
                    )}
                  </li>
                );
              })}
            </ul>
          </details>
        )}
      </section>
    </div>
  );
}
