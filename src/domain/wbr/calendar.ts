/**
 * Calendar arithmetic on plain day numbers (days since 1970-01-01), so the engine never meets a time zone.
 * Months are counted as `year * 12 + (month - 1)` ("month index").
 */

export const MONTH_ABBREVIATIONS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;
export const MONTH_NAMES = [
  'January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December',
] as const;

export interface YearMonthDay {
  year: number;
  /** 1-12 */
  month: number;
  day: number;
}

/** Day number of a calendar date (proleptic Gregorian), valid for any year. */
export function dayNumber(year: number, month: number, day: number): number {
  // Days-from-civil (H. Hinnant's algorithm), exact integer arithmetic.
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const monthFromMarch = (month + 9) % 12;
  const dayOfYear = Math.floor((153 * monthFromMarch + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

export function civilDate(days: number): YearMonthDay {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthFromMarch = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * monthFromMarch + 2) / 5) + 1;
  const month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9;
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

export function monthIndexOf(days: number): number {
  const { year, month } = civilDate(days);
  return year * 12 + month - 1;
}

export function monthIndex(year: number, month: number): number {
  return year * 12 + month - 1;
}

export function firstDayOfMonthIndex(index: number): number {
  return dayNumber(Math.floor(index / 12), (index % 12) + 1, 1);
}

export function lastDayOfMonthIndex(index: number): number {
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return dayNumber(year, month, daysInMonth(year, month));
}

export function isLastDayOfMonth(days: number): boolean {
  const { year, month, day } = civilDate(days);
  return day === daysInMonth(year, month);
}

/** Adds calendar months the way dateutil's relativedelta does: the day is clamped to the target month's length. */
export function addMonthsClamped(days: number, months: number): number {
  const { year, month, day } = civilDate(days);
  const target = year * 12 + month - 1 + months;
  const targetYear = Math.floor(target / 12);
  const targetMonth = (target % 12) + 1;
  return dayNumber(targetYear, targetMonth, Math.min(day, daysInMonth(targetYear, targetMonth)));
}

/** ISO weekday: Monday = 1 ... Sunday = 7. */
export function isoWeekday(days: number): number {
  // 1970-01-01 was a Thursday (4).
  return ((((days + 3) % 7) + 7) % 7) + 1;
}

export function isoDate(days: number): string {
  const { year, month, day } = civilDate(days);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** `25 September 2021` (the App's deck `weekEnding`). */
export function formatDayMonthNameYear(days: number): string {
  const { year, month, day } = civilDate(days);
  return `${String(day).padStart(2, '0')} ${MONTH_NAMES[month - 1]} ${year}`;
}

/** `September 05 2021` (the App's annotation dates). */
export function formatMonthNameDayYear(days: number): string {
  const { year, month, day } = civilDate(days);
  return `${MONTH_NAMES[month - 1]} ${String(day).padStart(2, '0')} ${year}`;
}

const MONTH_BY_ABBREVIATION = new Map<string, number>(MONTH_ABBREVIATIONS.map((name, i) => [name.toLowerCase(), i + 1]));

/** 1-12 for a 3-letter English month abbreviation in any case, else undefined. */
export function monthFromAbbreviation(text: string): number | undefined {
  return MONTH_BY_ABBREVIATION.get(text.toLowerCase());
}

/** Parses `25-SEP-2021` (day, 3-letter month in any case, 4-digit year). */
export function parseDayMonYear(text: string): number | undefined {
  const match = /^(\d{1,2})-([A-Za-z]{3})-(\d{4})$/.exec(text.trim());
  if (match === null) return undefined;
  const month = monthFromAbbreviation(match[2] as string);
  const year = Number(match[3]);
  const day = Number(match[1]);
  if (month === undefined || day < 1 || day > daysInMonth(year, month)) return undefined;
  return dayNumber(year, month, day);
}

/** `25-SEP-2021`, as the WBR App's configs write dates: the inverse of parseDayMonYear. */
export function formatDayMonYear(days: number): string {
  const { year, month, day } = civilDate(days);
  return `${String(day).padStart(2, '0')}-${(MONTH_ABBREVIATIONS[month - 1] as string).toUpperCase()}-${year}`;
}

/** Binary search: the first index in sorted `days` whose value is >= `target`. */
export function lowerBound(days: Int32Array, target: number): number {
  let lo = 0;
  let hi = days.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((days[mid] as number) < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
