import { describe, expect, it } from 'vitest';
import { calibrationChoices, calibrationFiltersFrom, calibrationQuery, isNarrowed, NO_CALIBRATION_FILTERS, offeredRole } from './calibration-filters.js';

describe('calibration filters', () => {
  it('reads a shared link, dropping what the server would refuse rather than showing an error', () => {
    expect(calibrationFiltersFrom(new URLSearchParams('role=Software%20Engineer&level=6&includeThin=true'))).toEqual({ role: 'Software Engineer', level: '6', includeThin: true });
    expect(calibrationFiltersFrom(new URLSearchParams('level=99&includeThin=yes'))).toEqual(NO_CALIBRATION_FILTERS);
    expect(calibrationFiltersFrom(new URLSearchParams('level=0'))).toEqual(NO_CALIBRATION_FILTERS);
    expect(calibrationFiltersFrom(new URLSearchParams('role=%20%20'))).toEqual(NO_CALIBRATION_FILTERS);
  });

  it('writes the same query for the address and the API, and nothing when nothing is chosen', () => {
    expect(calibrationQuery(NO_CALIBRATION_FILTERS)).toBe('');
    expect(calibrationQuery({ role: 'Software Engineer', level: '6', includeThin: true })).toBe('?role=Software+Engineer&level=6&includeThin=true');
    const filters = { role: 'Designer', level: '', includeThin: false };
    expect(calibrationFiltersFrom(new URLSearchParams(calibrationQuery(filters)))).toEqual(filters);
    // Counting thin reviews in changes the averages, not whom the view shows.
    expect(isNarrowed({ ...NO_CALIBRATION_FILTERS, includeThin: true })).toBe(false);
    expect(isNarrowed(filters)).toBe(true);
  });

  it('offers each role once whatever its case, and keeps the one a link asked for', () => {
    const reviews = [{ role: 'Software Engineer', level: 6 }, { role: 'software  engineer', level: 5 }, { role: 'Designer', level: 6 }];
    expect(calibrationChoices(reviews, NO_CALIBRATION_FILTERS)).toEqual({ roles: ['Designer', 'Software Engineer'], levels: [5, 6] });
    expect(calibrationChoices(reviews, { role: 'Recruiter', level: '9', includeThin: false })).toEqual({ roles: ['Designer', 'Recruiter', 'Software Engineer'], levels: [5, 6, 9] });
    expect(offeredRole(['Designer', 'Software Engineer'], 'SOFTWARE ENGINEER')).toBe('Software Engineer');
    expect(offeredRole(['Designer'], '')).toBe('');
  });
});
