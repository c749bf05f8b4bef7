import { describe, expect, it } from 'vitest';
import { formatDay } from '../../../src/domain/dates.js';
import { formatAgo, formatDate, formatDateTime, formatTime, formatUtcDate, localDateTimeValue, localDayValue } from './format.js';

describe('localDateTimeValue', () => {
  it('writes the moment on the reader\'s own clock, as a datetime-local field reads it back', () => {
    const moment = new Date(2026, 10, 27, 5, 7, 59);
    expect(localDateTimeValue(moment)).toBe('2026-11-27T05:07');
    // Read back by the field's rules (local time), it is the same minute, whatever the time zone.
    expect(new Date(localDateTimeValue(moment)).getTime()).toBe(new Date(2026, 10, 27, 5, 7).getTime());
  });
});

describe('localDayValue', () => {
  it('is the reader\'s own calendar day, as a date field holds it, not the UTC day', () => {
    expect(localDayValue(new Date(2026, 10, 27, 0, 0))).toBe('2026-11-27');
    expect(localDayValue(new Date(2026, 10, 27, 23, 59, 59))).toBe('2026-11-27');
    expect(localDayValue(new Date(2026, 11, 31, 23, 30))).toBe('2026-12-31');
  });
});

describe('formatAgo', () => {
  it('says how long ago, to the largest whole unit', () => {
    const now = Date.parse('2026-11-27T12:00:00Z');
    expect(formatAgo('2026-11-27T11:59:30Z', now)).toBe('just now');
    // Fixed English like the rest of the sentence, not the browser's relative-time words ("2 hr. ago", "il y a 2 h").
    expect(formatAgo('2026-11-27T09:30:00Z', now)).toBe('2 hours ago');
    expect(formatAgo('2026-11-26T11:00:00Z', now)).toBe('yesterday');
    expect(formatAgo('2026-11-25T11:00:00Z', now)).toBe('2 days ago');
    expect(formatAgo('not a moment', now)).toBe('not a moment');
  });
});

describe('formatDate, formatUtcDate and formatDateTime', () => {
  it('name days as the server\'s messages do, whatever the browser\'s language', () => {
    const noonLocal = new Date(2026, 10, 28, 12, 0).toISOString();
    expect(formatDate(noonLocal)).toBe('Nov 28, 2026');
    expect(formatDate(noonLocal)).toBe(formatDay('2026-11-28'));
    expect(formatUtcDate('2028-02-29T23:30:00Z')).toBe('Feb 29, 2028');
    expect(formatDateTime(new Date(2026, 0, 1, 0, 5).toISOString())).toBe('Jan 1, 2026, 12:05 AM');
    expect(formatDateTime(new Date(2026, 11, 31, 23, 59).toISOString())).toBe('Dec 31, 2026, 11:59 PM');
    expect(formatTime(new Date(2026, 0, 1, 0, 5).toISOString())).toBe('12:05 AM');
    expect(formatTime(new Date(2026, 0, 1, 14, 30).toISOString())).toBe('2:30 PM');
    expect(formatTime('not a moment')).toBe('not a moment');
  });
});
