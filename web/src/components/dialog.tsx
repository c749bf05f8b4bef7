import { useEffect, useId, useLayoutEffect, useRef, type ReactNode } from 'react';

interface DialogProps {
  title: string;
  isOpen: boolean;
  onClose(): void;
  children: ReactNode;
  /** Extra text under the title, for what the dialog is about. */
  description?: ReactNode;
  /**
   * Where the keyboard goes once the dialog has closed, or null to leave it where the browser put it (the opener).
   * For a dialog whose action removed its opener (a revoked row), which would otherwise leave focus on <body>.
   */
  returnFocusTo?: () => HTMLElement | null;
}

/**
 * A modal on the native <dialog>: the browser traps focus, closes on Escape and returns focus to the
 * opener, which no hand-written modal gets right as reliably.
 */
export function Dialog({ title, isOpen, onClose, children, description, returnFocusTo }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const descriptionId = useId();
  // The browser gives focus back to the opener inside close() itself, synchronously, so focus moved right after it
  // (never on a timer) always wins over that return. The page's choice is read at that moment, not at render.
  const returnFocusToRef = useRef(returnFocusTo);
  useLayoutEffect(() => {
    returnFocusToRef.current = returnFocusTo;
  });
  const moveFocus = () => returnFocusToRef.current?.()?.focus();
  // Set when this component closes the dialog (and moves focus itself), so the `close` event that follows as a task
  // neither moves focus again nor reports a close the page made itself; a close by the browser leaves it unset, and
  // the event moves focus and tells the page.
  const isClosedHere = useRef(false);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (isOpen && !dialog.open) dialog.showModal();
    if (!isOpen && dialog.open) {
      isClosedHere.current = true;
      dialog.close();
      moveFocus();
    }
  }, [isOpen]);

  // A page may drop the part holding an open dialog (its row revoked, a panel gone) in the same render that closes it.
  // A dialog removed while open fires no `close`: closing it here, before React removes it, still returns focus. The
  // element is taken at mount, as the ref may be cleared by the time React runs this cleanup.
  useLayoutEffect(() => {
    const dialog = ref.current;
    return () => {
      if (!dialog?.open) return;
      isClosedHere.current = true;
      dialog.close();
      returnFocusToRef.current?.()?.focus();
    };
  }, []);

  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={titleId}
      aria-describedby={description ? descriptionId : undefined}
      onCancel={(event) => {
        // Escape: the page closes the dialog (isOpen false, then the effect above), not the browser. Closed by the
        // browser, the dialog would be shut while the page still held it open until the `close` event's task ran,
        // and a click on its opener in between (an Escape then a quick Enter) would open nothing.
        event.preventDefault();
        onClose();
      }}
      onClose={() => {
        // The `close` event comes as a task after close(). Closed here, the page already holds the dialog closed, and
        // may have opened it again meanwhile (its opener clicked at once): telling it "closed" now would shut that.
        if (isClosedHere.current) {
          isClosedHere.current = false;
          return;
        }
        moveFocus();
        onClose();
      }}
      onClick={(event) => {
        // A click on the backdrop (the dialog element itself, outside its content) closes it.
        if (event.target === ref.current) onClose();
      }}
    >
      {isOpen && (
        <div className="dialog__body">
          <header className="dialog__header">
            <h2 id={titleId} className="dialog__title">
              {title}
            </h2>
            <button type="button" className="icon-button" aria-label="Close" onClick={onClose}>
              ×
            </button>
          </header>
          {description && (
            <div id={descriptionId} className="dialog__description">
              {description}
            </div>
          )}
          {children}
        </div>
      )}
    </dialog>
  );
}
