import { useEffect, type RefObject } from 'react';

/**
 * What every disclosure of the shell does while it is open: a pointer down outside `root` closes it, and Escape
 * closes it and gives the focus back to its `button`. `keepOpenOnEscape` lets a disclosure inside another take
 * the first Escape (the org list inside the phone menu) or leave it to an open dialog.
 */
export function useDismissable(isOpen: boolean, close: () => void, root: RefObject<HTMLElement | null>, button: RefObject<HTMLElement | null>, keepOpenOnEscape: (event: KeyboardEvent) => boolean = () => false): void {
  useEffect(() => {
    if (!isOpen) return;
    const onPointer = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) close();
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || keepOpenOnEscape(event)) return;
      close();
      button.current?.focus();
    };
    document.addEventListener('pointerdown', onPointer);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      document.removeEventListener('keydown', onKey);
    };
  }, [isOpen, close, root, button, keepOpenOnEscape]);
}
