/** The catalog's filters as the page holds them: '' means "any". */
export interface Filters {
  kind: string;
  controllable: string;
  ownerPersonId: string;
  initiativeId: string;
}

export const NO_FILTERS: Filters = { kind: '', controllable: '', ownerPersonId: '', initiativeId: '' };

/** Filters a link can set (`/metrics?ownerPersonId=…` from a person's page); anything else in the URL is ignored. */
export function filtersFromSearch(search: URLSearchParams): Filters {
  const pick = (key: keyof Filters) => search.get(key) ?? '';
  return { kind: pick('kind'), controllable: pick('controllable'), ownerPersonId: pick('ownerPersonId'), initiativeId: pick('initiativeId') };
}

/** The catalog's query string: only the filters that are set, so the server narrows the list. */
export function metricsQuery(filters: Filters): string {
  const params = new URLSearchParams(Object.entries(filters).filter(([, value]) => value !== ''));
  return params.size === 0 ? '' : `?${params.toString()}`;
}

export { formatTarget } from '../../../../src/domain/metrics/metric-rules.js';
