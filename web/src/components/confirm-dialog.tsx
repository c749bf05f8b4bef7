import { useEffect, useRef, useState, type ReactNode } from 'react';
import { messageOf } from '../lib/api-client.js';
import { Button } from './button.js';
import { Dialog } from './dialog.js';
import { FormMessage } from './field.js';

interface ConfirmDialogProps {
  /** A question naming the thing: “Revoke this token?”. */
  title: string;
  isOpen: boolean;
  /** What happens, and what cannot be undone. */
  description: ReactNode;
  /** The confirm button names the action (“Revoke token”), never a bare “OK” or “Yes”. */
  confirmLabel: string;
  /** What the person keeps by not acting (“Keep it”). */
  cancelLabel?: string;
  /** Deletes or takes away something (a red button); false for an irreversible step that destroys nothing, like publishing. */
  isDestructive?: boolean;
  /**
   * Does the action. While it runs the confirm button is busy; if it throws, its message shows inside the dialog,
   * which stays open; once it resolves the dialog closes (through onClose).
   */
  onConfirm(): Promise<void>;
  /** Closes the dialog: the page drops isOpen. Called on Cancel, Escape, the backdrop, and after a done action. */
  onClose(): void;
  /**
   * Where the keyboard goes after the action is done, when its opener is gone (a revoked row) or moved. A cancelled
   * dialog always gives focus back to its opener, as the browser does.
   */
  focusAfterConfirm?: () => HTMLElement | null;
  /** Fields the action needs (a reason), between the description and the buttons; the keyboard starts on the first. */
  children?: ReactNode;
}

/**
 * The one way the app asks before an action that cannot be undone. The keyboard starts on Cancel (or on the field the
 * action needs), so an Enter pressed out of habit keeps things as they are; the confirm button names what it does.
 */
export function ConfirmDialog({ title, isOpen, description, confirmLabel, cancelLabel = 'Cancel', isDestructive = true, onConfirm, onClose, focusAfterConfirm, children }: ConfirmDialogProps) {
  const [isBusy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  // Set when the action is done, read when the dialog has closed: only then does the page's focus replace the opener.
  const isDone = useRef(false);

  useEffect(() => {
    if (isOpen) isDone.current = false;
  }, [isOpen]);

  // A refusal is forgotten as the dialog closes, not as it opens again, where it would flash for a frame.
  const cancel = () => {
    setError(undefined);
    onClose();
  };

  const confirm = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await onConfirm();
      isDone.current = true;
      onClose();
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog title={title} isOpen={isOpen} onClose={cancel} description={description} returnFocusTo={() => (isDone.current ? (focusAfterConfirm?.() ?? null) : null)}>
      {/* The autofocus attribute is what showModal() looks for, the first in the dialog winning; React's autoFocus would
          focus before the dialog opens. A field the action needs comes first; else Cancel, never the action. */}
      {children && <div ref={(fields) => fields?.querySelector('input, textarea, select')?.setAttribute('autofocus', '')}>{children}</div>}
      <FormMessage message={error} />
      <div className="form__row form__row--end">
        <Button variant="quiet" ref={(button) => button?.setAttribute('autofocus', '')} onClick={cancel}>
          {cancelLabel}
        </Button>
        <Button variant={isDestructive ? 'danger' : 'primary'} isBusy={isBusy} onClick={() => void confirm()}>
          {confirmLabel}
        </Button>
      </div>
    </Dialog>
  );
}
