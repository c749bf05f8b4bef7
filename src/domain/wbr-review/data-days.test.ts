import { describe, expect, it } from 'vitest';
import { dataDaysOf, lastDayDue, latestWeekWithData, readDataDays, rowsAfterToday, rowsAfterTodayWarning, shortRowsWarning, type DataDay } from './data-days.js';
import { parseIsoDay } from './review-rules.js';

const day = (iso: string) => parseIsoDay(iso) as number;
/** Daily rows from `first` to `last`, one a line from line 2 (after the header). */
const daily = (first: string, last: string): DataDay[] => {
  const days: DataDay[] = [];
  for (let d = day(first); d <= day(last); d++) days.push([d, 1, days.length + 2]);
  return days;
};
const saturday = day('2024-12-28');

describe('the days of the data', () => {
  it('counts the rows of each day and keeps the line of its first row, in day order', () => {
    const dates = [day('2025-01-02'), day('2025-01-01'), day('2025-01-02'), day('2062-03-01')];
    expect(dataDaysOf(dates, [2, 3, 4, 5])).toEqual([[day('2025-01-01'), 1, 3], [day('2025-01-02'), 2, 2], [day('2062-03-01'), 1, 5]]);
    expect(dataDaysOf([], [])).toEqual([]);
  });

  it('reads back what was stored, and nothing else', () => {
    expect(readDataDays('[[20000,2,2]]')).toEqual([[20000, 2, 2]]);
    expect(readDataDays([[20000, 2, 2]])).toEqual([[20000, 2, 2]]);
    expect(readDataDays(null)).toBeNull();
    expect(readDataDays([[20000, 2]])).toBeNull();
  });

  it('ends, for the review, at the last row dated up to today', () => {
    const days = [...daily('2024-10-01', '2024-10-20'), [day('2062-03-01'), 1, 100] as const];
    expect(lastDayDue(days, day('2026-11-26'))).toBe(day('2024-10-20'));
    expect(lastDayDue(days, day('2024-10-05'))).toBe(day('2024-10-05'));
    expect(lastDayDue(days, day('2024-09-01'))).toBeNull();
  });
});

describe('the latest week with data', () => {
  it('is the latest week that is over and reached by the data', () => {
    expect(latestWeekWithData(saturday, daily('2024-10-01', '2025-01-07'), day('2025-03-01'))).toBe(day('2025-01-04'));
    // The week ending today is over (a team east of Greenwich reviews on its Sunday morning).
    expect(latestWeekWithData(saturday, daily('2024-10-01', '2025-01-11'), day('2025-01-11'))).toBe(day('2025-01-11'));
    expect(latestWeekWithData(saturday, daily('2024-10-01', '2025-01-11'), day('2025-01-10'))).toBe(day('2025-01-04'));
  });

  it('is not chosen by rows dated after today: old data with a typo dated 2062 offers the last week of the old data', () => {
    const days = [...daily('2024-10-01', '2025-01-20'), [day('2062-11-14'), 1, 400] as const];
    expect(latestWeekWithData(saturday, days, day('2026-11-26'))).toBe(day('2025-01-18'));
  });

  it('skips a week without rows, back to the latest week that holds some', () => {
    // Rows dated on Mondays, then none for a month, then one row: the weeks of the gap hold nothing, and the data
    // does not reach the last day of the week of that row (even once it is over).
    const days: DataDay[] = [[day('2024-12-02'), 1, 2], [day('2024-12-09'), 1, 3], [day('2025-01-13'), 1, 4]];
    expect(latestWeekWithData(saturday, days, day('2025-01-16'))).toBe(day('2024-12-14'));
    expect(latestWeekWithData(saturday, days, day('2025-01-18'))).toBe(day('2024-12-14'));
    expect(latestWeekWithData(saturday, [...days, [day('2025-01-18'), 1, 5]], day('2025-01-18'))).toBe(day('2025-01-18'));
  });

  it('is none when every row is dated after today', () => {
    expect(latestWeekWithData(saturday, daily('2030-01-01', '2030-01-10'), day('2026-11-26'))).toBeNull();
    expect(latestWeekWithData(saturday, [], day('2026-11-26'))).toBeNull();
  });
});

describe('rows dated after today', () => {
  it('are counted, with the first date and the line it starts on', () => {
    const days: DataDay[] = [...daily('2025-01-01', '2025-01-03'), [day('2062-03-01'), 2, 1204], [day('2062-04-01'), 1, 9]];
    expect(rowsAfterToday(days, day('2026-11-26'))).toEqual({ rows: 3, firstDay: day('2062-03-01'), firstLine: 1204 });
    expect(rowsAfterToday(days, day('2062-04-01'))).toBeNull();
  });

  it('are told to the owner in plain words', () => {
    expect(rowsAfterTodayWarning({ rows: 3, firstDay: day('2062-03-01'), firstLine: 1204 }, 'sales.csv')).toBe(
      '3 rows are dated after today (first: Mar 1, 2062, line 1,204 of sales.csv); they are left out of the week to review until their week is over. If they are not plans for the weeks ahead, correct the dates and upload the file again.',
    );
    expect(rowsAfterTodayWarning({ rows: 1, firstDay: day('2062-11-14'), firstLine: 32 }, 'fulfilment.csv')).toBe(
      '1 row is dated after today (first: Nov 14, 2062, line 32 of fulfilment.csv); it is left out of the week to review until its week is over. If it is not a plan for the weeks ahead, correct the date and upload the file again.',
    );
  });
});

describe('shortRowsWarning', () => {
  it('names the file and the first lines, and says when there are more', () => {
    expect(shortRowsWarning({ rows: 1, firstLines: [1204] }, 'sales.csv')).toMatch(/^1 row has fewer cells than the header \(line 1,204 of sales\.csv\); its missing cells are read as blank/);
    expect(shortRowsWarning({ rows: 9, firstLines: [3, 4, 5, 6, 7] }, 'a.csv')).toMatch(/^9 rows have fewer cells than the header \(lines 3, 4, 5, 6 and 7 of a\.csv, among others\)/);
  });
});
