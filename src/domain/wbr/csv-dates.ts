import { dayNumber, daysInMonth, monthFromAbbreviation } from './calendar.js';

/**
 * Reads a `Date` cell of a WBR CSV as a day number. Accepts the formats found in the App's data
 * (`Sun, 05-Jan-2020`, `2020-05-01`, `1/1/21`, `1/1/2023`, month first for slashes) and common neighbours that
 * pandas reads the same way (`2020/05/01`, `05 Jan 2020`, `Jan 5, 2020`, `January 5 2020`, `Jan-05-2020`,
 * `20200501`, `2020.05.01`, `05.01.2020` month first), the first ones optionally followed by a time of day,
 * which is ignored (the App compares dates at midnight).
 */
export function parseCsvDate(raw: string): number | undefined {
  const text = raw.trim();
  let match = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(text);
  if (match !== null) return checked(Number(match[1]), Number(match[2]), Number(match[3]));

  match = /^(\d{1,2})\/(\d{1,2})\/(\d{2}|\d{4})(?: \d{1,2}:\d{2}(?::\d{2})?(?: ?[AaPp][Mm])?)?$/.exec(text);
  if (match !== null) return checked(fullYear(match[3] as string), Number(match[1]), Number(match[2]));

  // Optional weekday prefix: "Sun, 05-Jan-2020" / "Sun 05-Jan-2020".
  const withoutWeekday = text.replace(/^[A-Za-z]{3,9},?\s+(?=\d)/, '');
  match = /^(\d{1,2})[- ]([A-Za-z]{3,9})[- ](\d{2}|\d{4})(?: \d{1,2}:\d{2}(?::\d{2})?)?$/.exec(withoutWeekday);
  if (match !== null) {
    const month = monthFromName(match[2] as string);
    return month === undefined ? undefined : checked(fullYear(match[3] as string), month, Number(match[1]));
  }

  match = /^([A-Za-z]{3,9})\.? (\d{1,2}),? (\d{4})$/.exec(text) ?? /^([A-Za-z]{3,9})-(\d{1,2})-(\d{4})$/.exec(text);
  if (match !== null) {
    const month = monthFromName(match[1] as string);
    return month === undefined ? undefined : checked(Number(match[3]), month, Number(match[2]));
  }

  // Forms pandas also reads (its format inference, which the App relies on): 20200105, 2020.01.05, and 01.05.2020
  // month first, as pandas reads it unless told otherwise.
  match = /^(\d{4})(\d{2})(\d{2})$/.exec(text) ?? /^(\d{4})\.(\d{1,2})\.(\d{1,2})$/.exec(text);
  if (match !== null) return checked(Number(match[1]), Number(match[2]), Number(match[3]));
  match = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(text);
  if (match !== null) return checked(Number(match[3]), Number(match[1]), Number(match[2]));
  return undefined;
}

function monthFromName(name: string): number | undefined {
  if (name.length === 3) return monthFromAbbreviation(name);
  const month = monthFromAbbreviation(name.slice(0, 3));
  if (month === undefined) return undefined;
  const full = new Date(Date.UTC(2000, month - 1, 1)).toLocaleString('en-US', { month: 'long', timeZone: 'UTC' });
  return full.toLowerCase() === name.toLowerCase() || (name.length === 4 && name.toLowerCase() === 'sept') ? month : undefined;
}

/** Two-digit years follow strptime's `%y`: 69-99 are 1969-1999, 00-68 are 2000-2068. */
function fullYear(text: string): number {
  const year = Number(text);
  if (text.length === 4) return year;
  return year < 69 ? 2000 + year : 1900 + year;
}

function checked(year: number, month: number, day: number): number | undefined {
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return dayNumber(year, month, day);
}
