import { formatDay } from '../dates.js';
import { AppError } from '../errors.js';
import { fieldsToken } from '../stale-write.js';
import { civilDate, dayNumber, isoDate } from '../wbr/calendar.js';
import type { OpportunityStage } from './opportunity-rules.js';
import { cents, dayOf, isWholeCents, MONEY_MAX, WHOLE_CENTS_MESSAGE } from './sales-figures.js';

/**
 * Sales quotas: what each seller is asked to book in a calendar quarter, and the two KPIs that need them, quota
 * attainment and pipeline coverage. Days are calendar days ('YYYY-MM-DD') on the clock the caller reads them on.
 */

/** A calendar quarter, by its day numbers; `label` is how the API and the page name it ('2026-Q4'). */
export interface Quarter {
  label: string;
  firstDay: number;
  lastDay: number;
}

const QUARTER_PATTERN = /^(\d{4})-Q([1-4])$/;
/** The years a quarter may be in: a quota for another century is a mistyped year, not a plan. */
export const QUARTER_YEARS = { first: 2000, last: 2099 } as const;

function quarterFromParts(year: number, index: number): Quarter {
  const firstMonth = (index - 1) * 3 + 1;
  const next = index === 4 ? dayNumber(year + 1, 1, 1) : dayNumber(year, firstMonth + 3, 1);
  return { label: `${year}-Q${index}`, firstDay: dayNumber(year, firstMonth, 1), lastDay: next - 1 };
}

function isQuarterYear(year: number): boolean {
  return year >= QUARTER_YEARS.first && year <= QUARTER_YEARS.last;
}

/** The quarter a label names ('2026-Q4'), or undefined when it names none (years 2000 to 2099). */
export function parseQuarter(text: string): Quarter | undefined {
  const match = QUARTER_PATTERN.exec(text);
  if (match === null) return undefined;
  const year = Number(match[1]);
  if (!isQuarterYear(year)) return undefined;
  return quarterFromParts(year, Number(match[2]));
}

/** Why a label names no quarter (parseQuarter gave none), in words for its field: its form, or its year. */
export function quarterLabelProblem(text: string): string {
  const match = QUARTER_PATTERN.exec(text);
  if (match !== null && !isQuarterYear(Number(match[1]))) return `must be a quarter of a year from ${QUARTER_YEARS.first} to ${QUARTER_YEARS.last}, not "${text}"`;
  return `must be a quarter like 2026-Q4, not "${text}"`;
}

/** The quarter `by` quarters after (or, negative, before) the one a label names ('2026-Q4', 1 → '2027-Q1'); undefined outside 2000-2099. */
export function shiftQuarter(label: string, by: number): string | undefined {
  const quarter = parseQuarter(label);
  if (quarter === undefined) return undefined;
  const { year, month } = civilDate(quarter.firstDay);
  const index = year * 4 + (month - 1) / 3 + by;
  const shifted = `${Math.floor(index / 4)}-Q${(index % 4) + 1}`;
  return parseQuarter(shifted) === undefined ? undefined : shifted;
}

/** The quarter a day falls in. */
export function quarterOf(day: number): Quarter {
  const { year, month } = civilDate(day);
  return quarterFromParts(year, Math.floor((month - 1) / 3) + 1);
}

/** The quarter a quota's first day (as stored) begins. */
export function quarterStartingOn(firstDay: string): Quarter {
  return quarterOf(dayOf(firstDay, 'firstDay'));
}

/**
 * A quota is asked of a seller before or during its quarter; once the quarter is over it is history, and changing
 * it would rewrite how every seller did (rule `sales.quota_closed`).
 */
export function assertQuotaChangeable(quarter: Quarter, today: string): void {
  if (dayOf(today, 'today') > quarter.lastDay) {
    throw new AppError('rule_violation', `${quarter.label} is over (it ended on ${formatDay(quarter.lastDay)}); its quotas are kept as they were.`, { rule: 'sales.quota_closed', field: 'quarter' });
  }
}

/**
 * A quota's amount: money of at least a cent (a seller with nothing to book has no quota), given to the cent as a
 * deal's amount is: 250000.004 is refused, not rounded, so the quota reads as typed and sums as shown.
 */
export function checkQuotaAmount(amount: number): number {
  if (!Number.isFinite(amount) || amount < 0.01 || amount > MONEY_MAX) {
    throw new AppError('validation_failed', `amount must be at least 0.01 and at most ${MONEY_MAX.toLocaleString('en-US')}.`, { field: 'amount' });
  }
  if (!isWholeCents(amount)) throw new AppError('validation_failed', `amount ${WHOLE_CENTS_MESSAGE}.`, { field: 'amount' });
  return cents(amount);
}

/** What quota attainment reads about one opportunity. */
export interface QuotaDealFacts {
  stage: OpportunityStage;
  amount: number | null;
  owner: QuotaSeller | null;
  /** The day its stage last changed: for a won deal, the day it was won. */
  stageChangedOn: string;
  /** The day the seller expects it to close; null when not given. */
  closeDate: string | null;
}

export interface QuotaSeller {
  id: string;
  name: string;
  leftOn: string | null;
}

export interface QuotaFacts {
  seller: QuotaSeller;
  amount: number;
}

export interface SellerAttainment {
  seller: QuotaSeller;
  /** Null when the seller books without a quota this quarter. */
  quota: number | null;
  bookings: number;
  /** Bookings ÷ quota; null without a quota. */
  attainment: number | null;
  /** Their open deals expected to close by the quarter's end. */
  pipeline: number;
}

/**
 * The token of one seller's quota in a quarter (null: none), sent back as `baseToken` when setting or removing it: a
 * quota set, changed or removed since the page read it refuses the change (see stale-write.ts). The page works it
 * out itself for a seller the report does not list (no quota, no deal yet).
 */
export function quotaEditToken(amount: number | null): string {
  return fieldsToken([amount]);
}

export interface QuotaReport {
  quarter: string;
  firstDay: string;
  lastDay: string;
  /** The quarter is over: its quotas can no longer change. */
  isClosed: boolean;
  /** The sum of the sellers' quotas; null when nobody has one. */
  teamQuota: number | null;
  /** The amounts won in the quarter, up to `asOf`, by everyone (a deal without an amount counts 0). */
  bookings: number;
  attainment: number | null;
  /** What is left to book: the team quota less the bookings, never below 0; null without a quota. */
  remaining: number | null;
  /** Open deals whose close date is on or before the quarter's last day (overdue ones are still expected). */
  pipeline: number;
  /** Pipeline ÷ remaining; null without a quota, or when nothing is left to book. */
  coverage: number | null;
  /** Sellers with a quota, a booking or pipeline this quarter, by name. */
  sellers: SellerAttainment[];
}

const isOpen = (stage: OpportunityStage): boolean => stage !== 'won' && stage !== 'lost';

/**
 * Quota attainment and pipeline coverage of a quarter, as of a day. A deal won counts in the quarter of the day it
 * was won, for the seller who owns it; an open deal counts as pipeline of the current quarter when its close date
 * falls on or before the quarter's last day (overdue deals are still expected), and of a later quarter when its
 * close date falls inside it (a deal with no close date is not expected in any quarter). Coverage only means
 * something while the quarter can still be worked, so for a quarter already over it is null.
 */
export function quotaReport(deals: readonly QuotaDealFacts[], quotas: readonly QuotaFacts[], quarter: Quarter, asOf: string): QuotaReport {
  const asOfDay = dayOf(asOf, 'asOf');
  const isClosed = asOfDay > quarter.lastDay;
  const bySeller = new Map<string, SellerAttainment>();
  const sellerEntry = (seller: QuotaSeller): SellerAttainment => {
    let entry = bySeller.get(seller.id);
    if (entry === undefined) {
      entry = { seller, quota: null, bookings: 0, attainment: null, pipeline: 0 };
      bySeller.set(seller.id, entry);
    }
    return entry;
  };
  let teamQuota: number | null = null;
  for (const quota of quotas) {
    const entry = sellerEntry(quota.seller);
    entry.quota = cents((entry.quota ?? 0) + quota.amount);
    teamQuota = cents((teamQuota ?? 0) + quota.amount);
  }
  let bookings = 0;
  let pipeline = 0;
  // Overdue deals are still expected in the quarter being worked; a later quarter counts only the deals due in it.
  const isCurrent = asOfDay >= quarter.firstDay;
  const isExpectedIn = (closeDay: number): boolean => closeDay <= quarter.lastDay && (isCurrent || closeDay >= quarter.firstDay);
  const lastCountedDay = Math.min(asOfDay, quarter.lastDay);
  for (const deal of deals) {
    const amount = deal.amount ?? 0;
    if (deal.stage === 'won') {
      const wonOn = dayOf(deal.stageChangedOn, 'stageChangedOn');
      if (wonOn < quarter.firstDay || wonOn > lastCountedDay) continue;
      bookings = cents(bookings + amount);
      if (deal.owner !== null) {
        const entry = sellerEntry(deal.owner);
        entry.bookings = cents(entry.bookings + amount);
      }
    } else if (isOpen(deal.stage) && !isClosed && deal.closeDate !== null && isExpectedIn(dayOf(deal.closeDate, 'closeDate'))) {
      pipeline = cents(pipeline + amount);
      if (deal.owner !== null) {
        const entry = sellerEntry(deal.owner);
        entry.pipeline = cents(entry.pipeline + amount);
      }
    }
  }
  for (const entry of bySeller.values()) entry.attainment = entry.quota === null ? null : entry.bookings / entry.quota;
  const remaining = teamQuota === null ? null : cents(Math.max(0, teamQuota - bookings));
  return {
    quarter: quarter.label,
    firstDay: isoDate(quarter.firstDay),
    lastDay: isoDate(quarter.lastDay),
    isClosed,
    teamQuota,
    bookings,
    attainment: teamQuota === null ? null : bookings / teamQuota,
    remaining,
    pipeline,
    coverage: remaining === null || remaining === 0 || isClosed ? null : pipeline / remaining,
    sellers: [...bySeller.values()].sort((a, b) => a.seller.name.localeCompare(b.seller.name)),
  };
}

/** A quarter's team quota, as the daily CSV of the business review spreads it: an equal share on each of its days. */
export interface QuarterQuota {
  quarter: Quarter;
  teamQuota: number;
}

/** Each day's share of its quarter's team quota, by day number (days of quarters without a quota are absent). */
export function dailyQuotaShares(quarters: readonly QuarterQuota[]): Map<number, number> {
  const shares = new Map<number, number>();
  for (const { quarter, teamQuota } of quarters) {
    const share = teamQuota / (quarter.lastDay - quarter.firstDay + 1);
    for (let day = quarter.firstDay; day <= quarter.lastDay; day += 1) shares.set(day, share);
  }
  return shares;
}
