import { isUuid } from '../../../../src/domain/ids.js';
import { METRIC_KINDS } from '../../../../src/domain/metrics/metric-rules.js';

/** The catalog's filters as the page holds them: '' means "any". */
export interface Filters {
  kind: string;
  controllable: string;
  ownerPersonId: string;
  initiativeId: string;
}

export const NO_FILTERS: Filters = { kind: '', controllable: '', ownerPersonId: '', initiativeId: '' };

/**
 * Filters a link can set (`/metrics?ownerPersonId=…` from a person's page); anything else in the URL is ignored, and
 * so is a filter the server would refuse (a mistyped kind, a cut-off id): a bad link shows the whole catalog, with
 * its filters to narrow it, instead of an error that a retry cannot clear.
 */
export function filtersFromSearch(search: URLSearchParams): Filters {
  const pick = (key: keyof Filters, isValid: (value: string) => boolean) => {
    const value = search.get(key) ?? '';
    return isValid(value) ? value : '';
  };
  return {
    kind: pick('kind', (value) => (METRIC_KINDS as readonly string[]).includes(value)),
    controllable: pick('controllable', (value) => value === 'true' || value === 'false'),
    ownerPersonId: pick('ownerPersonId', isUuid),
    initiativeId: pick('initiativeId', isUuid),
  };
}

/**
 * The target as the form sends it: null when the field is empty, the number when the text is one, and otherwise the
 * text itself, so the server's answer ("must be a number") lands next to the field. Sending null for "99,5" or
 * "1e309" (which JSON would write as null) would quietly remove the target the person meant to set.
 */
export function targetFromText(text: string): number | string | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const number = Number(trimmed);
  return Number.isFinite(number) ? number : trimmed;
}

/** The catalog's query string: only the filters that are set, so the server narrows the list. */
export function metricsQuery(filters: Filters): string {
  const params = new URLSearchParams(Object.entries(filters).filter(([, value]) => value !== ''));
  return params.size === 0 ? '' : `?${params.toString()}`;
}

export { formatTarget } from '../../../../src/domain/metrics/metric-rules.js';
