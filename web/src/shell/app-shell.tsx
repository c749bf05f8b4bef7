import { useCallback, useMemo, useState, type ReactNode } from 'react';
import type { Membership, Session } from '../lib/api-types.js';
import { roleLabel } from '../lib/format.js';
import { Link, navigate } from '../lib/router.js';
import { useSession } from '../lib/session.js';
import { ShortcutsDialog, useKeyboardShortcuts } from './keyboard-shortcuts.js';
import { OrgSwitcher } from './org-switcher.js';
import { sectionsFor } from './sections.js';
import { ThemeToggle } from './theme-toggle.js';

interface AppShellProps {
  session: Session;
  membership: Membership | undefined;
  /** The section the page belongs to (`principles`, `audit`…), kept when switching org. */
  section: string;
  children: ReactNode;
}

export function AppShell({ session, membership, section, children }: AppShellProps) {
  const { signOut } = useSession();
  const [isHelpOpen, setHelpOpen] = useState(false);
  const sections = useMemo(() => (membership ? sectionsFor(membership) : []), [membership]);
  const openHelp = useCallback(() => setHelpOpen(true), []);
  useKeyboardShortcuts(membership?.org.id, sections, openHelp);

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <Link to="/" className="brand" aria-label="Pulse home">
          <span className="brand__mark" aria-hidden="true" />
          Pulse
        </Link>
        <OrgSwitcher memberships={session.memberships} current={membership} section={sections.some((candidate) => candidate.path === section) ? section : 'principles'} />
        <div className="topbar__end">
          <button type="button" className="icon-button" onClick={openHelp} aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)">
            <span aria-hidden="true">?</span>
          </button>
          <ThemeToggle />
          <span className="topbar__user" title={session.user.email}>
            {session.user.name}
            {membership && <span className="topbar__role">{roleLabel(membership.role)}</span>}
          </span>
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
        </div>
      </header>
      <div className="shell__body">
        {membership && (
          <nav className="sidenav" aria-label="Org">
            <ul>
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
    </div>
  );
}
