import { describe, expect, it } from 'vitest';
import { dayNumber, formatDayMonYear, parseDayMonYear } from './calendar.js';

describe('the WBR App\'s dates (25-SEP-2021)', () => {
  it('reads a day, a month in any case and a year, and refuses a day the month does not have', () => {
    expect(parseDayMonYear('25-SEP-2021')).toBe(dayNumber(2021, 9, 25));
    expect(parseDayMonYear(' 5-sep-2021 ')).toBe(dayNumber(2021, 9, 5));
    expect(parseDayMonYear('29-FEB-2023')).toBeUndefined();
    expect(parseDayMonYear('2021-09-25')).toBeUndefined();
  });

  it('writes a day back as the App writes it, two-digit day and capital month', () => {
    expect(formatDayMonYear(dayNumber(2024, 2, 29))).toBe('29-FEB-2024');
    expect(formatDayMonYear(dayNumber(2021, 9, 5))).toBe('05-SEP-2021');
    for (const day of [dayNumber(1999, 12, 31), dayNumber(2024, 1, 1), dayNumber(2030, 7, 14)]) expect(parseDayMonYear(formatDayMonYear(day))).toBe(day);
  });
});
