import { useCallback, useEffect, useId, useRef, useState, useSyncExternalStore, type ReactNode } from 'react';
import type { Membership } from '../lib/api-types.js';
import { Link, useLocation } from '../lib/router.js';
import { useDismissable } from '../lib/use-dismissable.js';
import type { Section } from './sections.js';

/** The same breakpoint as the "Narrow screens" block of styles.css: below it the side navigation becomes the menu. */
export const NARROW_SCREEN_QUERY = '(width < 760px)';

function subscribeToNarrowScreen(onChange: () => void): () => void {
  const query = window.matchMedia(NARROW_SCREEN_QUERY);
  query.addEventListener('change', onChange);
  return () => query.removeEventListener('change', onChange);
}

/** True on a phone-sized screen (and follows the window as it is resized or turned). */
export function useNarrowScreen(): boolean {
  return useSyncExternalStore(subscribeToNarrowScreen, () => window.matchMedia(NARROW_SCREEN_QUERY).matches);
}

interface PhoneMenuProps {
  /** The org's pages the viewer may open; empty outside an org. */
  sections: readonly Section[];
  /** The page's section (`principles`, `audit`…), named on the button. */
  section: string;
  membership: Membership | undefined;
  /** What else the menu holds: the org switcher and the account's actions. */
  children: ReactNode;
}

/**
 * On a phone the side navigation would push every page below a screenful of links, so it folds into a
 * "Menu" button in the top bar that names the current page. A disclosure, not a modal: it opens under the
 * bar with the focus on the current page's link, and Escape, a tap outside, tabbing out or choosing a page
 * closes it. Escape puts the focus back on the button; a page chosen takes it on its heading, as every page does.
 */
/** Escape inside an open dialog (the shortcuts) or with the org list open is theirs, not the menu's. */
const keepOpenOnEscape = (event: KeyboardEvent): boolean =>
  (event.target instanceof Element && event.target.closest('dialog[open]') !== null) || document.querySelector('.phone-menu .org-switcher__button[aria-expanded="true"]') !== null;

export function PhoneMenu({ sections, section, membership, children }: PhoneMenuProps) {
  const [isOpen, setOpen] = useState(false);
  const close = useCallback(() => setOpen(false), []);
  const panelId = useId();
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);
  const { path } = useLocation();
  const current = sections.find((candidate) => candidate.path === section);

  // A page reached another way (a `g` shortcut, another org, the browser's back button) closes the menu,
  // and the focus it held goes back to the button rather than to nowhere.
  useEffect(() => {
    setOpen(false);
    if (panelRef.current?.contains(document.activeElement)) buttonRef.current?.focus();
  }, [path]);

  useEffect(() => {
    if (!isOpen) return;
    const panel = panelRef.current;
    const first = panel?.querySelector<HTMLElement>('[aria-current="page"]') ?? panel?.querySelector<HTMLElement>('a[href], button');
    first?.focus();
  }, [isOpen]);
  useDismissable(isOpen, close, rootRef, buttonRef, keepOpenOnEscape);

  const closeToButton = () => {
    setOpen(false);
    buttonRef.current?.focus();
  };

  return (
    <div
      className="phone-menu"
      ref={rootRef}
      onBlur={(event) => {
        // Tabbing past the last item closes the menu, so it never hangs open over the page. (A tap on the
        // menu's own background moves the focus nowhere, and a dialog opened from the menu gives it back: both
        // leave it open.)
        const next = event.relatedTarget;
        if (next && !rootRef.current?.contains(next) && !next.closest('dialog')) setOpen(false);
      }}
    >
      <button ref={buttonRef} type="button" className="phone-menu__button" aria-expanded={isOpen} aria-controls={panelId} onClick={() => setOpen((open) => !open)}>
        <span className="phone-menu__icon" aria-hidden="true" />
        <span className="phone-menu__label">Menu</span>
        {current && <span className="phone-menu__current">{current.label}</span>}
        <span className="phone-menu__chevron" aria-hidden="true">
          ▾
        </span>
      </button>
      {isOpen && <div className="phone-menu__scrim" aria-hidden="true" onClick={() => setOpen(false)} />}
      <div ref={panelRef} id={panelId} className="phone-menu__panel" hidden={!isOpen}>
        {membership && (
          <nav aria-label="Org">
            <ul className="phone-menu__sections">
              {sections.map((candidate) => (
                <li key={candidate.path}>
                  <Link to={`/o/${membership.org.id}/${candidate.path}`} className="phone-menu__link" aria-current={candidate.path === section ? 'page' : undefined} onClick={closeToButton}>
                    {candidate.label}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
        )}
        <div className="phone-menu__more">{children}</div>
      </div>
    </div>
  );
}
