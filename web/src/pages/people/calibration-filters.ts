import { nameKey } from '../../../../src/domain/names.js';
import { PEOPLE_LIMITS } from '../../../../src/domain/people/people-rules.js';

/** What the calibration chair narrows the view to, as the address keeps it (so a filtered view can be shared). */
export interface CalibrationFilters {
  /** A role as the reviews recorded it ('' for every role); the server matches it whatever its case and spacing. */
  role: string;
  /** A level as digits ('' for every level). */
  level: string;
  /** Count thin reviews in the group averages too. */
  includeThin: boolean;
}

export const NO_CALIBRATION_FILTERS: CalibrationFilters = { role: '', level: '', includeThin: false };

const isLevel = (value: string) => /^\d{1,2}$/.test(value) && Number(value) >= PEOPLE_LIMITS.minLevel && Number(value) <= PEOPLE_LIMITS.maxLevel;

/**
 * The filters a link sets. A value the server would refuse (a level out of range, a toggle that is not `true`) is
 * dropped rather than shown as an error that no retry clears: the link then opens the whole calibration.
 */
export function calibrationFiltersFrom(search: URLSearchParams): CalibrationFilters {
  const role = (search.get('role') ?? '').trim().slice(0, PEOPLE_LIMITS.roleMaxLength);
  const level = search.get('level') ?? '';
  return { role, level: isLevel(level) ? level : '', includeThin: search.get('includeThin') === 'true' };
}

/** The query for both the address and the API (`?role=…&level=…&includeThin=true`), or '' when nothing narrows it. */
export function calibrationQuery(filters: CalibrationFilters): string {
  const params = new URLSearchParams();
  if (filters.role !== '') params.set('role', filters.role);
  if (filters.level !== '') params.set('level', filters.level);
  if (filters.includeThin) params.set('includeThin', 'true');
  return params.size === 0 ? '' : `?${params.toString()}`;
}

/** Narrowed to a role or a level (the thin-review toggle changes the averages, not who is shown). */
export const isNarrowed = (filters: CalibrationFilters) => filters.role !== '' || filters.level !== '';

/**
 * The roles and levels to offer: those the cycle's reviews recorded, one role however its case and spacing vary (as the
 * server groups them), sorted; the one a link asked for is kept even if no review has it, so the field shows it.
 */
export function calibrationChoices(reviews: readonly { role: string; level: number }[], filters: CalibrationFilters): { roles: string[]; levels: number[] } {
  const roles = new Map<string, string>();
  for (const review of reviews) if (!roles.has(nameKey(review.role))) roles.set(nameKey(review.role), review.role);
  if (filters.role !== '' && !roles.has(nameKey(filters.role))) roles.set(nameKey(filters.role), filters.role);
  const levels = new Set(reviews.map((review) => review.level));
  if (filters.level !== '') levels.add(Number(filters.level));
  return { roles: [...roles.values()].sort((a, b) => a.localeCompare(b)), levels: [...levels].sort((a, b) => a - b) };
}

/** The selected role as offered (the field's value must be one of its options, whatever case the link used). */
export function offeredRole(roles: readonly string[], role: string): string {
  return role === '' ? '' : (roles.find((offered) => nameKey(offered) === nameKey(role)) ?? role);
}
