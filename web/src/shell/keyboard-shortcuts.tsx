import { useEffect, useRef } from 'react';
import { Dialog } from '../components/dialog.js';
import { navigate } from '../lib/router.js';
import { NEW_ITEM_SELECTOR } from '../components/panel.js';
import type { Section } from './sections.js';

/** True when a key goes into a field (or an open dialog) rather than to the page's shortcuts. */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName) || target.closest('dialog[open]') !== null;
}

/**
 * Moves to the page's new-item form (an idea, a deal, a deck: see `Panel`), its first field focused; false when the
 * page has none (or the viewer may not create one there, and so sees no form).
 */
function goToNewItemForm(): boolean {
  const form = document.querySelector(NEW_ITEM_SELECTOR);
  // A page whose new item is made in a dialog marks the button that opens it.
  if (form instanceof HTMLButtonElement) {
    form.click();
    return true;
  }
  const field = form?.querySelector<HTMLElement>('input:not([type="hidden"]):not([disabled]), textarea:not([disabled]), select:not([disabled])');
  if (!form || !field) return false;
  form.scrollIntoView({ block: 'center' });
  field.focus();
  return true;
}

/**
 * Two-key "go to" shortcuts (`g p`, `g a`, …), `n` for the page's new-item form and `?` for help, as in many web apps. Keys typed into a
 * field or an open dialog are never taken.
 */
export function useKeyboardShortcuts(orgId: string | undefined, sections: readonly Section[], openHelp: () => void): void {
  const pendingGo = useRef<number | undefined>(undefined);
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.metaKey || event.ctrlKey || event.altKey || isTyping(event.target)) return;
      if (event.key === '?') {
        event.preventDefault();
        openHelp();
        return;
      }
      if (pendingGo.current !== undefined) {
        window.clearTimeout(pendingGo.current);
        pendingGo.current = undefined;
        const section = sections.find((candidate) => candidate.shortcut === event.key);
        if (section && orgId) {
          event.preventDefault();
          navigate(`/o/${orgId}/${section.path}`);
        }
        return;
      }
      if (event.key === 'n' && goToNewItemForm()) {
        event.preventDefault();
        return;
      }
      if (event.key === 'g') {
        pendingGo.current = window.setTimeout(() => {
          pendingGo.current = undefined;
        }, 1500);
      }
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [orgId, sections, openHelp]);
}

/**
 * `Ctrl`+`Enter` (`⌘`+`Enter`) in a text box sends its form, as its submit button would: comments, replies, the
 * discussion, margin notes, root causes, feedback, a principle's wording. Plain Enter stays a new line. A form whose
 * action cannot be undone still asks first (its own confirmation dialog, whose button is no form's submit).
 */
export function useSubmitShortcut(): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'Enter' || !(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) return;
      const target = event.target;
      if (!(target instanceof HTMLTextAreaElement) || target.form === null) return;
      event.preventDefault();
      target.form.requestSubmit();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);
}

export function ShortcutsDialog({ isOpen, onClose, sections }: { isOpen: boolean; onClose(): void; sections: readonly Section[] }) {
  return (
    <Dialog title="Keyboard shortcuts" isOpen={isOpen} onClose={onClose}>
      <dl className="shortcuts">
        {sections.map((section) => (
          <div className="shortcuts__row" key={section.path}>
            <dt>
              <kbd>g</kbd> then <kbd>{section.shortcut}</kbd>
            </dt>
            <dd>{section.help}</dd>
          </div>
        ))}
        <div className="shortcuts__row">
          <dt>
            <kbd>Ctrl</kbd> + <kbd>K</kbd> (<kbd>⌘</kbd> + <kbd>K</kbd>) or <kbd>/</kbd>
          </dt>
          <dd>Search the org: documents, initiatives, people, metrics, deals and more. Ctrl + K works even while you type in a field</dd>
        </div>
        <div className="shortcuts__row">
          <dt>
            <kbd>n</kbd>
          </dt>
          <dd>Start the page&apos;s new item (an idea, a document, a deal, a deck, a person…): the caret goes to its form</dd>
        </div>
        <div className="shortcuts__row">
          <dt>
            <kbd>Ctrl</kbd> + <kbd>S</kbd> (<kbd>⌘</kbd> + <kbd>S</kbd>)
          </dt>
          <dd>Save the document you are editing as a new version</dd>
        </div>
        <div className="shortcuts__row">
          <dt>
            <kbd>Ctrl</kbd> + <kbd>Enter</kbd> (<kbd>⌘</kbd> + <kbd>Enter</kbd>)
          </dt>
          <dd>In a text box (a comment, a reply, the discussion, a note, a root cause, feedback): send its form, as its button does</dd>
        </div>
        <div className="shortcuts__row">
          <dt>
            <kbd>?</kbd>
          </dt>
          <dd>Show this help</dd>
        </div>
        <div className="shortcuts__row">
          <dt>
            <kbd>Esc</kbd>
          </dt>
          <dd>Close a dialog or menu</dd>
        </div>
        <div className="shortcuts__row">
          <dt>
            <kbd>Tab</kbd>
          </dt>
          <dd>Move between links, buttons and fields; every action has a button</dd>
        </div>
      </dl>
    </Dialog>
  );
}
