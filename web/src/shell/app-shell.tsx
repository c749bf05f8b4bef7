import { useCallback, useMemo, useState, type ReactNode } from 'react';
import type { Membership, Session } from '../lib/api-types.js';
import { roleLabel } from '../lib/format.js';
import { Link, navigate } from '../lib/router.js';
import { useSession } from '../lib/session.js';
import { ShortcutsDialog, useKeyboardShortcuts, useSubmitShortcut } from './keyboard-shortcuts.js';
import { OrgSwitcher } from './org-switcher.js';
import { PhoneMenu, useNarrowScreen } from './phone-menu.js';
import { SearchDialog, searchShortcutLabel, useSearchShortcut } from './search-dialog.js';
import { sectionsFor } from './sections.js';
import { ThemeToggle } from './theme-toggle.js';

interface AppShellProps {
  session: Session;
  membership: Membership | undefined;
  /** The section the page belongs to (`principles`, `audit`…): the side navigation marks it. */
  section: string;
  children: ReactNode;
}

export function AppShell({ session, membership, section, children }: AppShellProps) {
  const { signOut } = useSession();
  const [isHelpOpen, setHelpOpen] = useState(false);
  const sections = useMemo(() => (membership ? sectionsFor(membership) : []), [membership]);
  const openHelp = useCallback(() => setHelpOpen(true), []);
  useKeyboardShortcuts(membership?.org.id, sections, openHelp);
  useSubmitShortcut();
  const [isSearchOpen, setSearchOpen] = useState(false);
  const openSearch = useCallback(() => setSearchOpen(true), []);
  const closeSearch = useCallback(() => setSearchOpen(false), []);
  useSearchShortcut(membership !== undefined, isSearchOpen, openSearch);
  const isNarrow = useNarrowScreen();
  const orgSwitcher = <OrgSwitcher memberships={session.memberships} current={membership} />;
  const user = (
    <span className="topbar__user" title={session.user.email}>
      {session.user.name}
      {membership && <span className="topbar__role">{roleLabel(membership.role)}</span>}
    </span>
  );
  const signOutButton = (
    <button
      type="button"
      className="button button--quiet button--small"
      onClick={async () => {
        await signOut();
        navigate('/signin', { replace: true });
      }}
    >
      Sign out
    </button>
  );

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <Link to="/" className="brand" aria-label="Pulse home">
          <span className="brand__mark" aria-hidden="true" />
          <span className="brand__name">Pulse</span>
        </Link>
        {isNarrow ? (
          // On a phone the pages, the org switcher and the account's actions share one menu; the theme stays in the bar.
          <PhoneMenu sections={sections} section={section} membership={membership}>
            {orgSwitcher}
            <div className="phone-menu__account">
              {user}
              <button type="button" className="button button--quiet button--small" onClick={openHelp}>
                Keyboard shortcuts
              </button>
              {signOutButton}
            </div>
          </PhoneMenu>
        ) : (
          orgSwitcher
        )}
        <div className="topbar__end">
          {!isNarrow && (
            <button type="button" className="icon-button" onClick={openHelp} aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)">
              <span aria-hidden="true">?</span>
            </button>
          )}
          <ThemeToggle />
          {/* On a phone, search sits at the bar's end, under the thumb; wider screens have it atop the side navigation. */}
          {isNarrow && membership && (
            <button type="button" className="icon-button" onClick={openSearch} aria-label="Search" aria-keyshortcuts="Control+K Meta+K /" title="Search">
              <SearchIcon />
            </button>
          )}
          {!isNarrow && user}
          {!isNarrow && signOutButton}
        </div>
      </header>
      <div className="shell__body">
        {membership && !isNarrow && (
          <nav className="sidenav" aria-label="Org">
            <ul>
              <li>
                <button type="button" className="sidenav__search" onClick={openSearch} aria-keyshortcuts="Control+K Meta+K /">
                  <SearchIcon />
                  <span className="sidenav__search-label">Search</span>
                  <kbd aria-hidden="true">{searchShortcutLabel()}</kbd>
                </button>
              </li>
              {sections.map((candidate) => (
                <li key={candidate.path}>
                  <Link to={`/o/${membership.org.id}/${candidate.path}`} className="sidenav__link" aria-current={candidate.path === section ? 'page' : undefined}>
                    {candidate.label}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
        )}
        <main id="main" className="shell__main">
          {children}
        </main>
      </div>
      <ShortcutsDialog isOpen={isHelpOpen} onClose={() => setHelpOpen(false)} sections={sections} />
      {membership && <SearchDialog key={membership.org.id} membership={membership} isOpen={isSearchOpen} onClose={closeSearch} />}
    </div>
  );
}

/** A magnifying glass drawn in the text colour, the sign for search people look for. */
function SearchIcon() {
  return (
    <svg className="search-icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
      <circle cx="6.75" cy="6.75" r="4.75" fill="none" stroke="currentColor" strokeWidth="1.6" />
      <line x1="10.3" y1="10.3" x2="14.5" y2="14.5" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
    </svg>
  );
}
