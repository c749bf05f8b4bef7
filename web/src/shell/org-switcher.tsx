import { useCallback, useId, useRef, useState } from 'react';
import type { Membership } from '../lib/api-types.js';
import { roleLabel } from '../lib/format.js';
import { Link, useLocation } from '../lib/router.js';
import { useDismissable } from '../lib/use-dismissable.js';
import { orgSwitchHref } from './org-switch.js';

/**
 * The current org and a menu of the others. A disclosure of links (not a <select> that navigates on
 * change), so moving through the list with the keyboard never switches org by accident. Each org's link opens the page
 * shown now, in that org, where it has it (`orgSwitchHref`).
 */
export function OrgSwitcher({ memberships, current }: { memberships: readonly Membership[]; current: Membership | undefined }) {
  const [isOpen, setOpen] = useState(false);
  const { path, search } = useLocation();
  const close = useCallback(() => setOpen(false), []);
  const menuId = useId();
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);

  useDismissable(isOpen, close, rootRef, buttonRef);

  return (
    <div
      className="org-switcher"
      ref={rootRef}
      onBlur={(event) => {
        // Tabbing out of the menu closes it, so it never hangs open over the page.
        if (!rootRef.current?.contains(event.relatedTarget as Node | null)) setOpen(false);
      }}
    >
      <button ref={buttonRef} type="button" className="org-switcher__button" aria-expanded={isOpen} aria-controls={menuId} onClick={() => setOpen((open) => !open)}>
        <span className="org-switcher__label">Org</span>
        <span className="org-switcher__name">{current?.org.name ?? 'Choose an org'}</span>
        <span className="org-switcher__chevron" aria-hidden="true">
          ▾
        </span>
      </button>
      <div id={menuId} className="org-switcher__menu" hidden={!isOpen}>
        <p className="org-switcher__heading">Your orgs</p>
        <ul className="org-switcher__list">
          {memberships.map((membership) => {
            const isCurrent = membership.org.id === current?.org.id;
            return (
              <li key={membership.org.id}>
                <Link to={orgSwitchHref(path, search, membership)} className="org-switcher__item" aria-current={isCurrent ? 'page' : undefined} onClick={() => setOpen(false)}>
                  <span>{membership.org.name}</span>
                  <span className="org-switcher__role">{roleLabel(membership.role)}</span>
                </Link>
              </li>
            );
          })}
        </ul>
        <Link to="/orgs/new" className="org-switcher__create" onClick={() => setOpen(false)}>
          + Create another org
        </Link>
      </div>
    </div>
  );
}
