import { describe, expect, it } from 'vitest';
import { formatAgo, formatCalendarDay, formatClock, formatDay, formatList, formatMonthDay, formatUtcDateTime, latestCalendarDay } from './dates.js';
import { dayNumber } from './wbr/calendar.js';

describe('formatDay', () => {
  it('names a day as the app does, from an ISO day, a day number or a moment', () => {
    expect(formatDay('2026-11-28')).toBe('Nov 28, 2026');
    expect(formatDay(dayNumber(2026, 11, 28))).toBe('Nov 28, 2026');
    expect(formatDay(new Date('2026-11-28T23:59:59.999Z'))).toBe('Nov 28, 2026');
  });

  it('gets the first and last day of a year right, whatever the form', () => {
    expect(formatDay('2026-01-01')).toBe('Jan 1, 2026');
    expect(formatDay('2026-12-31')).toBe('Dec 31, 2026');
    expect(formatDay(dayNumber(2027, 1, 1))).toBe('Jan 1, 2027');
    expect(formatDay(new Date('2026-12-31T23:59:00Z'))).toBe('Dec 31, 2026');
    expect(formatDay(new Date('2027-01-01T00:00:00Z'))).toBe('Jan 1, 2027');
  });

  it('knows leap days, and shows a day that does not exist as written instead of rolling it over', () => {
    expect(formatDay('2028-02-29')).toBe('Feb 29, 2028');
    expect(formatDay('2000-02-29')).toBe('Feb 29, 2000');
    expect(formatDay(dayNumber(2024, 2, 29))).toBe('Feb 29, 2024');
    expect(formatDay('2026-02-29')).toBe('2026-02-29');
    expect(formatDay('1900-02-29')).toBe('1900-02-29');
    expect(formatDay('2026-13-01')).toBe('2026-13-01');
    expect(formatDay('0000-01-01')).toBe('0000-01-01');
  });

  it('takes the UTC day of a moment, not the machine\'s zone', () => {
    expect(formatDay(new Date('2026-03-01T00:30:00+01:00'))).toBe('Feb 28, 2026');
  });

  it('keeps early years as written, not shifted into the 1900s', () => {
    expect(formatDay('0050-06-15')).toBe('Jun 15, 50');
    expect(formatCalendarDay({ year: 9999, month: 12, day: 31 })).toBe('Dec 31, 9999');
  });

  it('returns text that is not an ISO day unchanged, so a message never throws', () => {
    expect(formatDay('next Tuesday')).toBe('next Tuesday');
    expect(formatDay('2026-11-28T10:00:00Z')).toBe('2026-11-28T10:00:00Z');
    expect(formatDay(new Date(Number.NaN))).toBe('Invalid Date');
  });

  it('matches what the app showed in US English, for every month', () => {
    const app = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' });
    for (let month = 1; month <= 12; month += 1) {
      const moment = new Date(Date.UTC(2026, month - 1, month + 9));
      expect(formatDay(moment)).toBe(app.format(moment));
    }
  });
});

describe('formatMonthDay', () => {
  it('names an ISO day by its month and day, and leaves text that is not a real day as it was', () => {
    expect(formatMonthDay('2026-11-07')).toBe('Nov 7');
    expect(formatMonthDay('2024-02-29')).toBe('Feb 29');
    expect(formatMonthDay('2026-02-30')).toBe('2026-02-30');
    expect(formatMonthDay('')).toBe('');
  });
});

describe('formatUtcDateTime', () => {
  it('names the minute on a 12-hour clock, in UTC and saying so', () => {
    expect(formatUtcDateTime(new Date('2026-11-28T14:05:59Z'))).toBe('Nov 28, 2026, 2:05 PM UTC');
    expect(formatUtcDateTime(new Date('2026-12-31T23:59:00Z'))).toBe('Dec 31, 2026, 11:59 PM UTC');
    expect(formatUtcDateTime(new Date('2027-01-01T00:00:00Z'))).toBe('Jan 1, 2027, 12:00 AM UTC');
  });

  it('matches the app\'s US English time of day', () => {
    const app = new Intl.DateTimeFormat('en-US', { timeStyle: 'short', timeZone: 'UTC' });
    for (const hours of [0, 1, 11, 12, 13, 23]) {
      const moment = new Date(Date.UTC(2026, 10, 28, hours, 7));
      expect(formatClock(hours, 7)).toBe(app.format(moment).replace('\u202f', ' '));
    }
  });
});

describe('formatList', () => {
  it('joins items as an English sentence does, with the serial comma from three on', () => {
    expect(formatList([])).toBe('');
    expect(formatList(['Late deliveries'])).toBe('Late deliveries');
    expect(formatList(['Late deliveries', 'Returns'])).toBe('Late deliveries and Returns');
    expect(formatList(['Late deliveries', 'Returns', 'Damaged parcels'])).toBe('Late deliveries, Returns, and Damaged parcels');
    expect(formatList(['Oct 17', 'Oct 24', 'Oct 31', 'Nov 7, 2026'])).toBe('Oct 17, Oct 24, Oct 31, and Nov 7, 2026');
  });

  it('reads as the app read in US English before, not as the browser\'s language would join it', () => {
    const items = ['a', 'b', 'c'];
    expect(formatList(items)).toBe(new Intl.ListFormat('en-US', { style: 'long', type: 'conjunction' }).format(items));
    expect(formatList(items)).not.toBe(new Intl.ListFormat('en-GB', { style: 'long', type: 'conjunction' }).format(items));
  });
});

describe('formatAgo', () => {
  const now = new Date('2026-11-27T12:00:00Z');
  const before = (ms: number) => new Date(now.getTime() - ms);

  it('says "just now" under a minute, and for a moment a little ahead of the clock', () => {
    expect(formatAgo(now, now)).toBe('just now');
    expect(formatAgo(before(59_999), now)).toBe('just now');
    expect(formatAgo(new Date(now.getTime() + 5_000), now)).toBe('just now');
  });

  it('counts whole minutes, hours and days, singular for one', () => {
    expect(formatAgo(before(60_000), now)).toBe('1 minute ago');
    expect(formatAgo(before(59 * 60_000 + 59_999), now)).toBe('59 minutes ago');
    expect(formatAgo(before(3_600_000), now)).toBe('1 hour ago');
    expect(formatAgo(new Date('2026-11-27T09:30:00Z'), now)).toBe('2 hours ago');
    expect(formatAgo(before(86_400_000 - 1), now)).toBe('23 hours ago');
  });

  it('says "yesterday" for one whole day, then days', () => {
    expect(formatAgo(before(86_400_000), now)).toBe('yesterday');
    expect(formatAgo(before(2 * 86_400_000 - 1), now)).toBe('yesterday');
    expect(formatAgo(new Date('2026-11-25T11:00:00Z'), now)).toBe('2 days ago');
    expect(formatAgo(new Date('2025-11-27T12:00:00Z'), now)).toBe('365 days ago');
  });

  it('shows a moment that is not one as it is, rather than "NaN days ago"', () => {
    expect(formatAgo(new Date(Number.NaN), now)).toBe('Invalid Date');
  });
});

describe('latestCalendarDay', () => {
  it('is the day at UTC+14: a day ahead of UTC from 10:00 UTC on, the same day before', () => {
    expect(latestCalendarDay(new Date('2026-11-27T09:59:59Z'))).toBe('2026-11-27');
    expect(latestCalendarDay(new Date('2026-11-27T10:00:00Z'))).toBe('2026-11-28');
    expect(latestCalendarDay(new Date('2026-12-31T23:00:00Z'))).toBe('2027-01-01');
  });

  it('is never behind the calendar day of any zone, as Intl reads the zones furthest east and west', () => {
    for (const iso of ['2026-11-27T00:00:00Z', '2026-11-27T09:59:00Z', '2026-11-27T10:00:00Z', '2026-11-27T23:59:00Z']) {
      const moment = new Date(iso);
      for (const timeZone of ['Pacific/Kiritimati', 'Pacific/Auckland', 'UTC', 'America/Adak', 'Pacific/Pago_Pago']) {
        const local = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(moment);
        expect(local <= latestCalendarDay(moment), `${timeZone} at ${iso}`).toBe(true);
      }
      expect(latestCalendarDay(moment)).toBe(new Intl.DateTimeFormat('en-CA', { timeZone: 'Pacific/Kiritimati', year: 'numeric', month: '2-digit', day: '2-digit' }).format(moment));
    }
  });
});
