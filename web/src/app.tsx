import { useEffect } from 'react';
import { LoadingNote } from './components/page.js';
import { matchPath, navigate, useLocation } from './lib/router.js';
import { homeOrgId, rememberOrg, useSession } from './lib/session.js';
import { ApiTokensPage } from './pages/api-tokens-page.js';
import { AuditPage } from './pages/audit-page.js';
import { DocumentPage } from './pages/documents/document-page.js';
import { DocumentsPage } from './pages/documents/documents-page.js';
import { HomePage } from './pages/home/home-page.js';
import { InvitationPage } from './pages/invitation-page.js';
import { MembersPage } from './pages/members-page.js';
import { MetricsPage } from './pages/metrics/metrics-page.js';
import { NewOrgPage } from './pages/new-org-page.js';
import { NotAllowed, NotFoundPage } from './pages/not-found-page.js';
import { PEOPLE_SECTIONS, PeopleSection } from './pages/people/people-section.js';
import { InitiativePage } from './pages/pipeline/initiative-page.js';
import { PipelinePage } from './pages/pipeline/pipeline-page.js';
import { SalesSection } from './pages/sales/sales-section.js';
import { SearchPage } from './pages/search-page.js';
import { PlaybookPage } from './pages/playbooks/playbook-page.js';
import { PlaybooksPage } from './pages/playbooks/playbooks-page.js';
import { PrincipleHistoryPage } from './pages/principle-history-page.js';
import { PrinciplesPage } from './pages/principles-page.js';
import { SignInPage } from './pages/sign-in-page.js';
import { SignUpPage } from './pages/sign-up-page.js';
import { WbrDeckPage } from './pages/wbr/wbr-deck-page.js';
import { WbrPage } from './pages/wbr/wbr-page.js';
import { AppShell } from './shell/app-shell.js';
import { hasPermission, SECTIONS } from './shell/sections.js';

function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return null;
}

/** Addresses people type to sign in, besides /signin: they lead there, and once signed in, home. */
const SIGN_IN_ADDRESSES = new Set(['/login', '/log-in', '/sign-in']);

export function App() {
  const { state } = useSession();
  const { path, search } = useLocation();

  const invitation = matchPath('/invite/:token', path);
  if (invitation) return state.status === 'loading' ? <LoadingNote /> : <InvitationPage token={invitation.token!} />;

  if (state.status === 'loading') return <LoadingNote label="Opening Pulse…" />;

  if (state.status === 'signed-out') {
    if (path === '/signin') return <SignInPage />;
    if (path === '/signup') return <SignUpPage />;
    // A typed address for signing in is not a page to come back to afterwards.
    const next = path === '/' || SIGN_IN_ADDRESSES.has(path) ? '' : `?next=${encodeURIComponent(path + (search.size > 0 ? `?${search.toString()}` : ''))}`;
    return <Redirect to={`/signin${next}`} />;
  }

  const { session } = state;
  if (path === '/' || path === '/signin' || path === '/signup' || SIGN_IN_ADDRESSES.has(path)) {
    const orgId = homeOrgId(session);
    return <Redirect to={orgId ? `/o/${orgId}/home` : '/orgs/new'} />;
  }
  if (path === '/orgs/new') {
    return (
      <AppShell session={session} membership={undefined} section="principles">
        <NewOrgPage />
      </AppShell>
    );
  }

  const orgRoute = matchPath('/o/:orgId/:section', path) ?? matchPath('/o/:orgId/:section/:itemId', path);
  const membership = orgRoute && session.memberships.find((candidate) => candidate.org.id === orgRoute.orgId);
  if (!orgRoute || !membership) {
    return (
      <AppShell session={session} membership={undefined} section="principles">
        <NotFoundPage />
      </AppShell>
    );
  }
  rememberOrg(membership.org.id);

  const sectionName = orgRoute.section!;
  const section = SECTIONS.find((candidate) => candidate.path === sectionName);
  let page;
  // Search is no section of its own (every member may search, and the API leaves out what they may not see).
  if (sectionName === 'search') page = orgRoute.itemId ? <NotFoundPage /> : <SearchPage key={membership.org.id} membership={membership} />;
  else if (!section) page = <NotFoundPage />;
  else if (!hasPermission(membership, section.permission)) page = <NotAllowed membership={membership} what={section.label} />;
  else if (sectionName === 'home') page = orgRoute.itemId ? <NotFoundPage /> : <HomePage key={membership.org.id} membership={membership} currentUserId={session.user.id} />;
  else if (sectionName === 'principles') page = orgRoute.itemId ? <PrincipleHistoryPage key={orgRoute.itemId} membership={membership} principleId={orgRoute.itemId} /> : <PrinciplesPage key={membership.org.id} membership={membership} />;
  else if (sectionName === 'documents') page = orgRoute.itemId ? <DocumentPage key={orgRoute.itemId} membership={membership} documentId={orgRoute.itemId} currentUserId={session.user.id} /> : <DocumentsPage key={membership.org.id} membership={membership} />;
  else if (sectionName === 'pipeline') page = orgRoute.itemId ? <InitiativePage key={orgRoute.itemId} membership={membership} initiativeId={orgRoute.itemId} /> : <PipelinePage key={membership.org.id} membership={membership} />;
  else if (sectionName === 'sales') page = <SalesSection itemId={orgRoute.itemId} membership={membership} />;
  else if (sectionName === 'playbooks') page = orgRoute.itemId ? <PlaybookPage key={`${membership.org.id}/${orgRoute.itemId}`} membership={membership} slug={orgRoute.itemId} /> : <PlaybooksPage key={membership.org.id} membership={membership} />;
  else if (sectionName === 'wbr') page = orgRoute.itemId ? <WbrDeckPage key={orgRoute.itemId} membership={membership} deckId={orgRoute.itemId} /> : <WbrPage key={membership.org.id} membership={membership} />;
  else if (PEOPLE_SECTIONS.has(sectionName)) page = <PeopleSection section={sectionName} itemId={orgRoute.itemId} membership={membership} />;
  else if (orgRoute.itemId) page = <NotFoundPage />;
  else if (sectionName === 'metrics') page = <MetricsPage key={membership.org.id} membership={membership} />;
  else if (sectionName === 'members') page = <MembersPage key={membership.org.id} membership={membership} currentUserId={session.user.id} />;
  else if (sectionName === 'audit') page = <AuditPage key={membership.org.id} membership={membership} />;
  else page = <ApiTokensPage key={membership.org.id} membership={membership} />;

  return (
    <AppShell session={session} membership={membership} section={sectionName}>
      {page}
    </AppShell>
  );
}
