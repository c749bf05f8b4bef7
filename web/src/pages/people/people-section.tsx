import type { Membership } from '../../lib/api-types.js';
import { lazyPage } from '../../lib/lazy-page.js';
import { NotFoundPage } from '../not-found-page.js';

// Each page its own chunk, fetched when first opened (the app's boundary shows the wait and a failed fetch).
const HiringPage = lazyPage(() => import('./hiring-page.js'), 'HiringPage');
const OrgChartPage = lazyPage(() => import('./org-chart-page.js'), 'OrgChartPage');
const PeoplePage = lazyPage(() => import('./people-page.js'), 'PeoplePage');
const PersonPage = lazyPage(() => import('./person-page.js'), 'PersonPage');
const RequisitionPage = lazyPage(() => import('./requisition-page.js'), 'RequisitionPage');
const ReviewsPage = lazyPage(() => import('./reviews-page.js'), 'ReviewsPage');
const TeamPage = lazyPage(() => import('./team-page.js'), 'TeamPage');
const TeamsPage = lazyPage(() => import('./teams-page.js'), 'TeamsPage');

/** The org sections this folder serves, so the app's router needs one line for all of them. */
export const PEOPLE_SECTIONS: ReadonlySet<string> = new Set(['org', 'people', 'teams', 'hiring', 'reviews']);

export function PeopleSection({ section, itemId, membership }: { section: string; itemId: string | undefined; membership: Membership }) {
  const key = `${membership.org.id}/${itemId ?? ''}`;
  if (section === 'people') return itemId ? <PersonPage key={key} membership={membership} personId={itemId} /> : <PeoplePage key={key} membership={membership} />;
  if (section === 'hiring') return itemId ? <RequisitionPage key={key} membership={membership} requisitionId={itemId} /> : <HiringPage key={key} membership={membership} />;
  if (section === 'reviews') return <ReviewsPage key={key} membership={membership} cycleId={itemId} />;
  if (section === 'teams' && itemId) return <TeamPage key={key} membership={membership} teamId={itemId} />;
  if (itemId) return <NotFoundPage />;
  if (section === 'org') return <OrgChartPage key={key} membership={membership} />;
  return <TeamsPage key={key} membership={membership} />;
}
