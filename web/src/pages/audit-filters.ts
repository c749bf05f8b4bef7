import { AUDIT_ACTIONS } from '../../../src/domain/audit/audit-actions.js';
import { AUDIT_ACTION_FAMILIES, AUDIT_ACTION_LIST, auditActionFamily, familyFilter } from '../../../src/domain/audit/audit-filters.js';

/** The audit page's filters as the address bar holds them: empty for "any"; days as YYYY-MM-DD in the viewer's time zone. */
export interface AuditFilters {
  /** An action (`member.removed`) or a family (`member.*`). */
  action: string;
  actor: string;
  /** An API token id, `any` or `none`. */
  via: string;
  from: string;
  to: string;
}

export const NO_AUDIT_FILTERS: AuditFilters = { action: '', actor: '', via: '', from: '', to: '' };

const FILTER_KEYS = ['action', 'actor', 'via', 'from', 'to'] as const satisfies readonly (keyof AuditFilters)[];
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The filters of a shared or reloaded address. A day that is not YYYY-MM-DD is dropped; the server checks the rest. */
export function auditFiltersFrom(search: URLSearchParams): AuditFilters {
  const filters = { ...NO_AUDIT_FILTERS };
  for (const key of FILTER_KEYS) filters[key] = search.get(key) ?? '';
  for (const key of ['from', 'to'] as const) if (!DAY.test(filters[key])) filters[key] = '';
  return filters;
}

export const hasAuditFilters = (filters: AuditFilters) => FILTER_KEYS.some((key) => filters[key] !== '');

/** The page's address query (only the filters that are set), so a filtered view can be shared and survives a reload. */
export function auditAddressQuery(filters: AuditFilters): string {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) if (filters[key] !== '') params.set(key, filters[key]);
  const query = params.toString();
  return query === '' ? '' : `?${query}`;
}

/** Who acted, as the API lists them (audit-events/actors). */
export interface AuditActorChoice {
  userId: string;
  name: string;
  email: string;
  isMember: boolean;
}

/**
 * The "Who" picker's choices: everyone who acted, in the API's order (by name). Someone no longer in the org is
 * marked, since their events stay in the log; two people of one name are told apart by their email.
 */
export function auditActorOptions(actors: readonly AuditActorChoice[]): { value: string; label: string }[] {
  const named = new Map<string, number>();
  for (const actor of actors) named.set(actor.name, (named.get(actor.name) ?? 0) + 1);
  return actors.map((actor) => ({
    value: actor.userId,
    label: `${actor.name}${(named.get(actor.name) ?? 0) > 1 ? ` (${actor.email})` : ''}${actor.isMember ? '' : ' (former member)'}`,
  }));
}

/** Midnight starting a day in the viewer's time zone, the days the page groups the log by. */
const localMidnight = (day: string, plusDays = 0) => {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return new Date(year, month - 1, date + plusDays);
};

/** The picked days are whole days where the viewer is: the API gets the instants they start and end at. */
export function auditApiParams(filters: AuditFilters): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of ['action', 'actor', 'via'] as const) if (filters[key] !== '') params.set(key, filters[key]);
  if (filters.from !== '') params.set('from', localMidnight(filters.from).toISOString());
  // The API's `to` instant is included: the last millisecond before the next day starts.
  if (filters.to !== '') params.set('to', new Date(localMidnight(filters.to, 1).getTime() - 1).toISOString());
  return params;
}

/** A period that ends before it starts: said at the field, rather than sent for the server to refuse. */
export const auditPeriodError = (filters: AuditFilters) => (filters.from !== '' && filters.to !== '' && filters.from > filters.to ? 'Must not be after “To”.' : undefined);

const sentence = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** Families grouped by the part of Pulse they belong to, for the action picker. */
const ACTION_AREAS: readonly { label: string; families: readonly string[] }[] = [
  { label: 'Org, members and tokens', families: ['org', 'member', 'api_token'] },
  { label: 'Principles', families: ['principle', 'principles'] },
  { label: 'Documents and reading meetings', families: ['document', 'writing_settings', 'meeting'] },
  { label: 'People, teams and allocations', families: ['person', 'people', 'team', 'allocation'] },
  { label: 'Initiatives', families: ['initiative'] },
  { label: 'Hiring', families: ['bar_raiser', 'requisition', 'candidate', 'loop', 'feedback', 'debrief', 'offer'] },
  { label: 'Reviews and promotions', families: ['evidence', 'review_cycle', 'review', 'promotion_case'] },
  { label: 'Metrics and business reviews', families: ['metric', 'wbr_deck', 'wbr_week', 'wbr_anomaly', 'wbr_annotation'] },
  { label: 'Sales', families: ['opportunity', 'account', 'sales_quota', 'stage_probabilities'] },
];

/** What a family is about, where its name does not read as words. */
const FAMILY_NOUNS: Readonly<Record<string, string>> = { api_token: 'API token', wbr_deck: 'business review deck', wbr_annotation: 'business review annotation', sales_quota: 'quota' };

export interface OptionGroup {
  label: string;
  options: { value: string; label: string }[];
}

/**
 * The action picker's choices: per area, each family with more than one action as a whole ("Any member action")
 * then its actions in the log's own words. A family added later without an area still shows, under "Other".
 */
export function auditActionGroups(): OptionGroup[] {
  const placed = new Set(ACTION_AREAS.flatMap((area) => area.families));
  const areas = [...ACTION_AREAS, { label: 'Other', families: AUDIT_ACTION_FAMILIES.filter((family) => !placed.has(family)) }];
  return areas
    .map((area) => ({
      label: area.label,
      options: area.families.flatMap((family) => {
        const actions = AUDIT_ACTION_LIST.filter((action) => auditActionFamily(action) === family);
        const whole = actions.length > 1 ? [{ value: familyFilter(family), label: `Any ${FAMILY_NOUNS[family] ?? family.replaceAll('_', ' ')} action` }] : [];
        return [...whole, ...actions.map((action) => ({ value: action, label: sentence(AUDIT_ACTIONS[action]) }))];
      }),
    }))
    .filter((area) => area.options.length > 0);
}
