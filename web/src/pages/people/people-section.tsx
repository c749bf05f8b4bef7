import type { Membership } from '../../lib/api-types.js';
import { NotFoundPage } from '../not-found-page.js';
import { HiringPage } from './hiring-page.js';
import { OrgChartPage } from './org-chart-page.js';
import { PeoplePage } from './people-page.js';
import { PersonPage } from './person-page.js';
import { RequisitionPage } from './requisition-page.js';
import { ReviewsPage } from './reviews-page.js';
import { TeamPage } from './team-page.js';
import { TeamsPage } from './teams-page.js';

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
