import { civilDate, dayNumber } from '../wbr/calendar.js';
import { parseIsoDay } from '../wbr-review/review-rules.js';

/** What the sales calculations share: money kept to the cent, and days on the calendar the caller reads them on. */

/**
 * The largest sum of money a deal's amount or cost may be: far above any deal, and small enough that its cents stay
 * exact in a double and that adding a whole pipeline of them never reaches Infinity.
 */
export const MONEY_MAX = 1_000_000_000_000;

/**
 * Money is kept to the cent, so adding many amounts never shows a float's tail (0.30000000000000004). A result that
 * rounds to nothing is 0, not -0, so a loss of a fraction of a cent never prints as "-0".
 */
export function cents(value: number): number {
  const rounded = Math.round(value * 100) / 100;
  return rounded === 0 ? 0 : rounded;
}

/**
 * Whether a sum of money is given to the cent (1000.01, not 1000.005). A finer amount would be stored and shown as
 * typed but summed, and modelled, rounded: one deal would read 1000.005 and its total 1000.01. Compared through
 * its two-decimal form, which is exact for any amount up to MONEY_MAX, where multiplying by 100 is not.
 */
export function isWholeCents(value: number): boolean {
  return Number.isFinite(value) && Number(value.toFixed(2)) === value;
}

export const WHOLE_CENTS_MESSAGE = 'must be to the cent (at most 2 decimals)';

/** A calendar day ('YYYY-MM-DD') as a day number; a malformed one is a programming error, named by `what`. */
export function dayOf(text: string, what: string): number {
  const day = parseIsoDay(text);
  if (day === undefined) throw new RangeError(`${what} must be a date like 2027-03-31, not "${text}".`);
  return day;
}

/** The first day of the calendar quarter `day` falls in. */
export function quarterStartOf(day: number): number {
  const { year, month } = civilDate(day);
  return dayNumber(year, month - ((month - 1) % 3), 1);
}
