import { describe, expect, it } from 'vitest';
import { appErrorOf } from '../../../test/support/app-error.js';
import { isoDate } from '../wbr/calendar.js';
import { parseIsoDay } from '../wbr-review/review-rules.js';
import { assertQuotaChangeable, checkQuotaAmount, dailyQuotaShares, parseQuarter, quarterLabelProblem, quarterOf, quotaReport, shiftQuarter, type QuotaDealFacts, type QuotaSeller } from './quotas.js';

const day = (text: string): number => parseIsoDay(text) as number;
const kofi: QuotaSeller = { id: 'kofi', name: 'Kofi Mensah', leftOn: null };
const dana: QuotaSeller = { id: 'dana', name: 'Dana Whitfield', leftOn: null };
const amara: QuotaSeller = { id: 'amara', name: 'Amara Osei', leftOn: null };
const deal = (stage: QuotaDealFacts['stage'], amount: number | null, owner: QuotaSeller | null, stageChangedOn: string, closeDate: string | null = null): QuotaDealFacts => ({ stage, amount, owner, stageChangedOn, closeDate });

describe('quarters', () => {
  it('reads a label and finds the quarter of a day, leap years included', () => {
    const q1 = parseQuarter('2028-Q1');
    expect(q1 && [q1.label, isoDate(q1.firstDay), isoDate(q1.lastDay)]).toEqual(['2028-Q1', '2028-01-01', '2028-03-31']);
    const q4 = parseQuarter('2026-Q4');
    expect(q4 && [isoDate(q4.firstDay), isoDate(q4.lastDay)]).toEqual(['2026-10-01', '2026-12-31']);
    expect(quarterOf(day('2026-08-15')).label).toBe('2026-Q3');
    expect(quarterOf(day('2026-12-31')).label).toBe('2026-Q4');
    expect(quarterOf(day('2027-01-01')).label).toBe('2027-Q1');
    expect([shiftQuarter('2026-Q4', 1), shiftQuarter('2026-Q1', -1), shiftQuarter('2026-Q2', 0), shiftQuarter('2026-Q5', 1), shiftQuarter('2000-Q1', -1)]).toEqual(['2027-Q1', '2025-Q4', '2026-Q2', undefined, undefined]);
    for (const bad of ['2026-Q5', '2026-Q0', '2026Q4', '2026-q4', '1999-Q4', ' 2026-Q4', '2026-04']) expect(parseQuarter(bad), bad).toBeUndefined();
    // The refusal names what is wrong: the form, or a year out of range.
    expect(quarterLabelProblem('1999-Q1')).toBe('must be a quarter of a year from 2000 to 2099, not "1999-Q1"');
    expect(quarterLabelProblem('2100-Q1')).toBe('must be a quarter of a year from 2000 to 2099, not "2100-Q1"');
    expect(quarterLabelProblem('2026-Q5')).toBe('must be a quarter like 2026-Q4, not "2026-Q5"');
  });

  it('locks the quotas of a quarter once it is over (rule sales.quota_closed), not on its last day', () => {
    const q3 = parseQuarter('2026-Q3');
    if (q3 === undefined) throw new Error('no quarter');
    expect(() => assertQuotaChangeable(q3, '2026-09-30')).not.toThrow();
    expect(appErrorOf(() => assertQuotaChangeable(q3, '2026-10-01'))).toMatchObject({ code: 'rule_violation', details: { rule: 'sales.quota_closed', field: 'quarter' } });
  });

  it('takes an amount above zero, to the cent, and refuses zero, negatives, infinities, NaN and fractions of a cent naming the field', () => {
    expect(checkQuotaAmount(250000.25)).toBe(250000.25);
    expect(checkQuotaAmount(0.01)).toBe(0.01);
    expect(appErrorOf(() => checkQuotaAmount(250000.004))).toMatchObject({ message: 'amount must be to the cent (at most 2 decimals).', details: { field: 'amount' } });
    for (const bad of [0, 0.004, -1, Number.POSITIVE_INFINITY, Number.NaN, 2e12]) expect(appErrorOf(() => checkQuotaAmount(bad))).toMatchObject({ code: 'validation_failed', details: { field: 'amount' } });
  });
});

describe('quotaReport', () => {
  const q4 = parseQuarter('2026-Q4');
  if (q4 === undefined) throw new Error('no quarter');
  const deals = [
    deal('won', 60000, kofi, '2026-10-15'),
    deal('won', 40000, kofi, '2026-11-20'),
    deal('won', 30000, dana, '2026-09-30'), // last quarter
    deal('won', 10000, amara, '2026-11-02'), // a seller without a quota
    deal('won', null, dana, '2026-11-03'), // size unknown: counts 0
    deal('won', 5000, kofi, '2026-11-30'), // after asOf
    deal('proposal', 120000, dana, '2026-11-01', '2026-12-15'),
    deal('solution', 50000, kofi, '2026-10-01', '2026-11-01'), // overdue: still expected this quarter
    deal('discovery', 80000, kofi, '2026-10-01', '2027-02-01'), // next quarter
    deal('discovery', 70000, dana, '2026-10-01'), // no close date: not expected in any quarter
    deal('lost', 90000, dana, '2026-11-10', '2026-12-01'),
  ];
  const quotas = [{ seller: kofi, amount: 200000 }, { seller: dana, amount: 150000 }];

  it('measures attainment per seller and for the team, and coverage of the quota left', () => {
    const report = quotaReport(deals, quotas, q4, '2026-11-26');
    expect(report).toMatchObject({
      quarter: '2026-Q4', firstDay: '2026-10-01', lastDay: '2026-12-31', isClosed: false,
      teamQuota: 350000,
      bookings: 110000, // 60,000 + 40,000 + 10,000 + 0
      remaining: 240000,
      pipeline: 170000, // 120,000 + the overdue 50,000
    });
    expect(report.attainment).toBeCloseTo(110000 / 350000, 12);
    expect(report.coverage).toBeCloseTo(170000 / 240000, 12);
    expect(report.sellers).toEqual([
      { seller: amara, quota: null, bookings: 10000, attainment: null, pipeline: 0 },
      { seller: dana, quota: 150000, bookings: 0, attainment: 0, pipeline: 120000 },
      { seller: kofi, quota: 200000, bookings: 100000, attainment: 0.5, pipeline: 50000 },
    ]);
  });

  it('counts in a later quarter only the deals due in it (overdue ones belong to the quarter being worked)', () => {
    const q1 = parseQuarter('2027-Q1');
    if (q1 === undefined) throw new Error('no quarter');
    const report = quotaReport(deals, [{ seller: kofi, amount: 100000 }], q1, '2026-11-26');
    expect(report.pipeline).toBe(80000); // the discovery deal due 2027-02-01; not the overdue or December ones
    expect(report.bookings).toBe(0);
  });

  it('has no attainment or coverage without quotas, no coverage once the quota is met or the quarter is over', () => {
    const none = quotaReport(deals, [], q4, '2026-11-26');
    expect(none).toMatchObject({ teamQuota: null, attainment: null, remaining: null, coverage: null, bookings: 110000 });
    const met = quotaReport(deals, [{ seller: kofi, amount: 50000 }], q4, '2026-11-26');
    expect(met).toMatchObject({ remaining: 0, coverage: null });
    expect(met.attainment).toBeCloseTo(110000 / 50000, 12);
    const over = quotaReport(deals, quotas, q4, '2027-01-05');
    expect(over).toMatchObject({ isClosed: true, coverage: null, pipeline: 0, bookings: 115000 });
  });
});

describe('dailyQuotaShares', () => {
  it('spreads a quarter\'s team quota evenly over its days, so any week adds up to its share', () => {
    const q1 = parseQuarter('2027-Q1');
    if (q1 === undefined) throw new Error('no quarter');
    const shares = dailyQuotaShares([{ quarter: q1, teamQuota: 900000 }]);
    expect(shares.size).toBe(90);
    expect(shares.get(day('2027-02-14'))).toBe(10000);
    expect(shares.has(day('2026-12-31'))).toBe(false);
    expect(shares.has(day('2027-04-01'))).toBe(false);
  });
});
