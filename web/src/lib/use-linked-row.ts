import { useEffect } from 'react';
import { useLocation } from './router.js';

/** The element id of a row a link can name: `team-<id>`, `account-<id>`, `metric-<id>`. */
export function linkedRowId(param: string, id: string): string {
  return `${param}-${id}`;
}

/**
 * The row an address names (`/teams?team=…`, as search links to it): teams, accounts and metrics have no page of
 * their own, so their list opens with that row scrolled into sight, once `isShown`, and marked (the id returned).
 */
export function useLinkedRow(param: string, isShown: boolean): string | undefined {
  const { search } = useLocation();
  const id = search.get(param) ?? undefined;
  useEffect(() => {
    if (id === undefined || !isShown) return;
    document.getElementById(linkedRowId(param, id))?.scrollIntoView({ block: 'center' });
  }, [param, id, isShown]);
  return id;
}
