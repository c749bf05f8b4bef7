import { useEffect } from 'react';
import { LoadingNote } from './components/page.js';
import { PageBoundary } from './components/page-boundary.js';
import { lazyPage } from './lib/lazy-page.js';
import { matchPath, navigate, useLocation } from './lib/router.js';
import { homeOrgId, rememberOrg, useSession } from './lib/session.js';
import { NotAllowed, NotFoundPage } from './pages/not-found-page.js';
import { PEOPLE_SECTIONS, PeopleSection } from './pages/people/people-section.js';
import { SalesSection } from './pages/sales/sales-section.js';
import { AppShell } from './shell/app-shell.js';
import { hasPermission, SECTIONS } from './shell/sections.js';

// Each page is its own chunk, fetched when first opened: a visit downloads the shell and the pages it shows, not all of them.
const SignInPage = lazyPage(() => import('./pages/sign-in-page.js'), 'SignInPage');
const SignUpPage = lazyPage(() => import('./pages/sign-up-page.js'), 'SignUpPage');
const InvitationPage = lazyPage(() => import('./pages/invitation-page.js'), 'InvitationPage');
const NewOrgPage = lazyPage(() => import('./pages/new-org-page.js'), 'NewOrgPage');
const HomePage = lazyPage(() => import('./pages/home/home-page.js'), 'HomePage');
const SearchPage = lazyPage(() => import('./pages/search-page.js'), 'SearchPage');
const PrinciplesPage = lazyPage(() => import('./pages/principles-page.js'), 'PrinciplesPage');
const PrincipleHistoryPage = lazyPage(() => import('./pages/principle-history-page.js'), 'PrincipleHistoryPage');
const DocumentsPage = lazyPage(() => import('./pages/documents/documents-page.js'), 'DocumentsPage');
const DocumentPage = lazyPage(() => import('./pages/documents/document-page.js'), 'DocumentPage');
const PipelinePage = lazyPage(() => import('./pages/pipeline/pipeline-page.js'), 'PipelinePage');
const InitiativePage = lazyPage(() => import('./pages/pipeline/initiative-page.js'), 'InitiativePage');
const PlaybooksPage = lazyPage(() => import('./pages/playbooks/playbooks-page.js'), 'PlaybooksPage');
const PlaybookPage = lazyPage(() => import('./pages/playbooks/playbook-page.js'), 'PlaybookPage');
const WbrPage = lazyPage(() => import('./pages/wbr/wbr-page.js'), 'WbrPage');
const WbrDeckPage = lazyPage(() => import('./pages/wbr/wbr-deck-page.js'), 'WbrDeckPage');
const MetricsPage = lazyPage(() => import('./pages/metrics/metrics-page.js'), 'MetricsPage');
const MembersPage = lazyPage(() => import('./pages/members-page.js'), 'MembersPage');
const AuditPage = lazyPage(() => import('./pages/audit-page.js'), 'AuditPage');
const ApiTokensPage = lazyPage(() => import('./pages/api-tokens-page.js'), 'ApiTokensPage');

/**
 * The page a deep link opens, fetched while the session is still loading rather than after it (one round trip less
 * on a phone). Only the addresses whose page is known before the session is: `/` may lead to sign-in or to home.
 */
export function preloadPageOf(path: string): void {
  if (path === '/signin' || path === '/signup' || SIGN_IN_ADDRESSES.has(path)) {
    // Both small, and each links to the other: the switch then draws at once.
    SignInPage.preload();
    SignUpPage.preload();
  } else if (matchPath('/invite/:token', path)) InvitationPage.preload();
  else if (path === '/orgs/new') NewOrgPage.preload();
  else {
    // A section's list page, and the page of one item in it (what links in emails open).
    const sectionPages: Record<string, [list: { preload(): void }, item?: { preload(): void }]> = {
      home: [HomePage],
      search: [SearchPage],
      principles: [PrinciplesPage, PrincipleHistoryPage],
      documents: [DocumentsPage, DocumentPage],
      pipeline: [PipelinePage, InitiativePage],
      playbooks: [PlaybooksPage, PlaybookPage],
      wbr: [WbrPage, WbrDeckPage],
      metrics: [MetricsPage],
      members: [MembersPage],
      audit: [AuditPage],
      'api-tokens': [ApiTokensPage],
    };
    const listRoute = matchPath('/o/:orgId/:section', path);
    const itemRoute = matchPath('/o/:orgId/:section/:itemId', path);
    if (listRoute) sectionPages[listRoute.section!]?.[0].preload();
    else if (itemRoute) sectionPages[itemRoute.section!]?.[1]?.preload();
  }
}

function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return null;
}

/** Addresses people type to sign in, besides /signin: they lead there, and once signed in, home. */
const SIGN_IN_ADDRESSES = new Set(['/login', '/log-in', '/sign-in']);

/** What resets a page's boundary: a failure at one address may not happen at another, if only its query differs. */
const addressOf = ({ path, search }: { path: string; search: URLSearchParams }) => `${path}?${search.toString()}`;

/** The routes inside the boundary that shows a page's loading and failures (the shell adds its own, below its navigation). */
export function App() {
  const location = useLocation();
  return (
    <PageBoundary resetKey={addressOf(location)} fallback={<LoadingNote label="Opening Pulse…" />}>
      <Routes />
    </PageBoundary>
  );
}

function Routes() {
  const { state } = useSession();
  const location = useLocation();
  const { path, search } = location;

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
        <PageBoundary resetKey={addressOf(location)}>
          <NewOrgPage />
        </PageBoundary>
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
      <PageBoundary resetKey={addressOf(location)}>{page}</PageBoundary>
    </AppShell>
  );
}
