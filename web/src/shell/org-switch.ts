import type { Membership } from '../lib/api-types.js';
import { matchPath } from '../lib/router.js';
import { isSearchKind, searchPageHref } from '../lib/search.js';
import { SECTION_VIEWS, sectionsFor } from './sections.js';

/**
 * Where the org switcher takes a person: the same page in the other org, where that page exists in every org and
 * this person may open it there; else that org's Home.
 *
 * - The search results page keeps its words and kinds (`?q=…&kind=…`): they name nothing of the old org.
 * - A section's list (`/o/A/people`) and its named views (`/o/A/sales/accounts`) exist in every org.
 * - One record's page (`/o/A/documents/<id>`) becomes its section's list: the id is the old org's, and no record of
 *   another org has it. Other query parameters go too, since they can name the old org's records (`?team=<id>`).
 * - A section the person's role in the other org does not open (an admin here, a member there) gives that org's Home,
 *   not a "not allowed" page.
 */
export function orgSwitchHref(path: string, search: URLSearchParams, target: Membership): string {
  const org = `/o/${encodeURIComponent(target.org.id)}`;
  const route = matchPath('/o/:orgId/:section', path) ?? matchPath('/o/:orgId/:section/:itemId', path);
  if (route?.section === 'search' && route.itemId === undefined) {
    return searchPageHref(target.org.id, (search.get('q') ?? '').trim(), search.getAll('kind').filter(isSearchKind));
  }
  const section = route && sectionsFor(target).find((candidate) => candidate.path === route.section);
  if (!section) return `${org}/home`;
  const views: readonly string[] = SECTION_VIEWS[section.path] ?? [];
  const view = route.itemId !== undefined && views.includes(route.itemId) ? `/${encodeURIComponent(route.itemId)}` : '';
  return `${org}/${section.path}${view}`;
}
