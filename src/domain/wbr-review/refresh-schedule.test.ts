import { describe, expect, it } from 'vitest';
import { nextDailyRefresh, refreshHourLabel } from './refresh-schedule.js';

describe('the daily refresh schedule', () => {
  it('runs next at the hour today if it is still ahead, else tomorrow', () => {
    expect(nextDailyRefresh(6, new Date('2026-11-26T05:59:59.999Z')).toISOString()).toBe('2026-11-26T06:00:00.000Z');
    // Exactly at the hour counts as done: the run that is due now was claimed, the next one is tomorrow.
    expect(nextDailyRefresh(6, new Date('2026-11-26T06:00:00.000Z')).toISOString()).toBe('2026-11-27T06:00:00.000Z');
    expect(nextDailyRefresh(0, new Date('2026-12-31T23:30:00Z')).toISOString()).toBe('2027-01-01T00:00:00.000Z');
    expect(nextDailyRefresh(23, new Date('2028-02-28T23:00:00Z')).toISOString()).toBe('2028-02-29T23:00:00.000Z');
  });

  it('writes the hour as the deck page shows it', () => {
    expect(refreshHourLabel(6)).toBe('06:00 UTC');
    expect(refreshHourLabel(23)).toBe('23:00 UTC');
  });
});
