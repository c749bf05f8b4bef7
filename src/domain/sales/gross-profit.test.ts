import { describe, expect, it } from 'vitest';
import { appErrorOf } from '../../../test/support/app-error.js';
import { parseIsoDay } from '../wbr-review/review-rules.js';
import { isoDate } from '../wbr/calendar.js';
import { dealGrossProfit, grossProfitReport, isLossMaking, modelDeal, normalizeTerritory, periodStart, rollUpGrossProfit, validateDealMoney, type DealModelInput, type GrossProfitFacts } from './gross-profit.js';

const ana = { id: 'p-ana', name: 'Ana Ruiz' };
const ben = { id: 'p-ben', name: 'Ben Okafor' };

const deal = (stage: GrossProfitFacts['stage'], owner: GrossProfitFacts['owner'], territory: string | null, amount: number | null, deliveryCost: number | null, stageChangedOn = '2026-11-01'): GrossProfitFacts => ({
  stage,
  owner,
  territory,
  amount,
  deliveryCost,
  stageChangedOn,
});

describe('dealGrossProfit', () => {
  it('is the amount less the delivery cost, over the amount', () => {
    expect(dealGrossProfit({ amount: 100_000, deliveryCost: 40_000 })).toEqual({ grossProfit: 60_000, grossMargin: 0.6 });
    expect(dealGrossProfit({ amount: 50, deliveryCost: 80 })).toEqual({ grossProfit: -30, grossMargin: -0.6 }); // a loss-making deal
    expect(dealGrossProfit({ amount: 0.3, deliveryCost: 0.1 })).toEqual({ grossProfit: 0.2, grossMargin: 0.2 / 0.3 }); // not 0.19999999999999998
  });

  it('knows nothing when the cost or the amount is unknown, and gives no margin over no revenue', () => {
    expect(dealGrossProfit({ amount: 100_000, deliveryCost: null })).toEqual({ grossProfit: null, grossMargin: null });
    expect(dealGrossProfit({ amount: null, deliveryCost: 500 })).toEqual({ grossProfit: null, grossMargin: null });
    expect(dealGrossProfit({ amount: 0, deliveryCost: 10 })).toEqual({ grossProfit: -10, grossMargin: null });
    expect(dealGrossProfit({ amount: 0, deliveryCost: 0 })).toEqual({ grossProfit: 0, grossMargin: null });
  });
});

describe('rollUpGrossProfit', () => {
  it('sums only the deals with a known cost, counts the others apart with their known revenue, and keeps cents exact', () => {
    const rollup = rollUpGrossProfit([
      { amount: 0.1, deliveryCost: 0.05 },
      { amount: 0.2, deliveryCost: 0 },
      { amount: 1_000, deliveryCost: null }, // cost unknown: not a free deal
      { amount: null, deliveryCost: 300 }, // amount unknown: nothing to add to the unknown revenue
    ]);
    expect(rollup).toEqual({ deals: 4, costedDeals: 2, costUnknownDeals: 2, costUnknownRevenue: 1_000, amountUnknownDeals: 1, revenue: 0.3, deliveryCost: 0.05, grossProfit: 0.25, grossMargin: 0.25 / 0.3 });
  });

  it('gives a null margin, never NaN, when nothing is costed', () => {
    expect(rollUpGrossProfit([])).toEqual({ deals: 0, costedDeals: 0, costUnknownDeals: 0, costUnknownRevenue: 0, amountUnknownDeals: 0, revenue: 0, deliveryCost: 0, grossProfit: 0, grossMargin: null });
    expect(rollUpGrossProfit([{ amount: 500, deliveryCost: null }]).grossMargin).toBeNull();
    // A deal costed at nothing and sold for nothing: a loss of its cost, and still no margin.
    expect(rollUpGrossProfit([{ amount: 0, deliveryCost: 120.5 }])).toMatchObject({ revenue: 0, grossProfit: -120.5, grossMargin: null });
  });
});

describe('periodStart', () => {
  const day = (text: string) => parseIsoDay(text) as number;
  it('starts this quarter on its first day, the last 12 months the day after the same date a year before, all time never', () => {
    expect(isoDate(periodStart('this-quarter', day('2026-11-26')) as number)).toBe('2026-10-01');
    expect(isoDate(periodStart('this-quarter', day('2026-01-01')) as number)).toBe('2026-01-01');
    expect(isoDate(periodStart('last-12-months', day('2026-11-26')) as number)).toBe('2025-11-27');
    // 29 February has no twin a year before: the 28th is, so the period is the 366 days of a leap year.
    expect(isoDate(periodStart('last-12-months', day('2028-02-29')) as number)).toBe('2027-03-01');
    expect(periodStart('all-time', day('2026-11-26'))).toBeNull();
  });
});

describe('grossProfitReport', () => {
  // As of Thursday 26 November 2026: this quarter began on 1 October, the last 12 months on 27 November 2025.
  const deals = [
    deal('won', ana, 'West', 100_000, 40_000, '2026-10-15'), // this quarter: 60,000 profit
    deal('won', ana, 'East', 50_000.1, 20_000.05, '2026-03-01'), // last 12 months: 30,000.05 profit
    deal('won', ben, 'WEST', 80_000, null, '2026-11-20'), // this quarter, cost unknown
    deal('won', ben, null, null, 1_000, '2026-11-01'), // this quarter, amount unknown
    deal('won', ben, 'East', 20_000, 25_000, '2025-06-01'), // only all time: a loss of 5,000
    deal('won', ana, 'West', 999_999, 0, '2026-12-01'), // won after the report's day: never counted
    deal('lost', ana, 'West', 90_000, 10_000, '2026-11-02'), // lost deals bring no profit
    deal('proposal', ana, 'West', 30_000, 12_000), // pipeline: 18,000 expected
    deal('discovery', ben, 'East', 10_000, null), // pipeline, cost unknown
  ];
  const report = (period: 'this-quarter' | 'last-12-months' | 'all-time', groupBy: 'rep' | 'territory' = 'rep') => grossProfitReport(deals, { period, groupBy, asOf: '2026-11-26' });

  it('sums the won deals of the chosen period, leaving the cost-unknown ones out of profit and margin', () => {
    expect(report('this-quarter')).toMatchObject({
      period: 'this-quarter',
      from: '2026-10-01',
      to: '2026-11-26',
      won: { deals: 3, costedDeals: 1, costUnknownDeals: 2, costUnknownRevenue: 80_000, revenue: 100_000, deliveryCost: 40_000, grossProfit: 60_000, grossMargin: 0.6 },
    });
    const year = report('last-12-months');
    expect(year).toMatchObject({ from: '2025-11-27', won: { deals: 4, costedDeals: 2, costUnknownDeals: 2, revenue: 150_000.1, deliveryCost: 60_000.05, grossProfit: 90_000.05 } });
    expect(year.won.grossMargin).toBeCloseTo(90_000.05 / 150_000.1, 12);
    // All time adds the loss-making deal: 170,000.10 of revenue, 85,000.05 of profit, exactly half.
    expect(report('all-time')).toMatchObject({ from: null, won: { deals: 5, costedDeals: 3, revenue: 170_000.1, deliveryCost: 85_000.05, grossProfit: 85_000.05, grossMargin: 0.5 } });
  });

  it('gives the open pipeline\'s expected margin apart, whatever the period', () => {
    const pipeline = { deals: 2, costedDeals: 1, costUnknownDeals: 1, costUnknownRevenue: 10_000, amountUnknownDeals: 0, revenue: 30_000, deliveryCost: 12_000, grossProfit: 18_000, grossMargin: 0.6 };
    expect(report('this-quarter').pipeline).toEqual(pipeline);
    expect(report('all-time').pipeline).toEqual(pipeline);
  });

  it('rolls up per rep, highest gross profit first', () => {
    const { groups } = report('last-12-months', 'rep');
    expect(groups.map((group) => [group.key, group.label])).toEqual([['p-ana', 'Ana Ruiz'], ['p-ben', 'Ben Okafor']]);
    expect(groups[0]).toMatchObject({ won: { deals: 2, revenue: 150_000.1, grossProfit: 90_000.05 }, pipeline: { deals: 1, grossProfit: 18_000, grossMargin: 0.6 } });
    // Ben's two wins have no known cost: no profit, no margin, 80,000 of revenue not covered.
    expect(groups[1]).toMatchObject({ won: { deals: 2, costedDeals: 0, costUnknownDeals: 2, costUnknownRevenue: 80_000, revenue: 0, grossProfit: 0, grossMargin: null }, pipeline: { deals: 1, costUnknownDeals: 1 } });
  });

  it('rolls up per territory without regard to case, with the deals of no territory last', () => {
    const { groups } = report('last-12-months', 'territory');
    expect(groups.map((group) => [group.key, group.label])).toEqual([['west', 'WEST'], ['east', 'East'], [null, 'No territory']]);
    expect(groups[0]).toMatchObject({ won: { deals: 2, costedDeals: 1, costUnknownDeals: 1, revenue: 100_000, grossProfit: 60_000, grossMargin: 0.6 }, pipeline: { deals: 1, grossProfit: 18_000 } });
    expect(groups[1]).toMatchObject({ won: { deals: 1, grossProfit: 30_000.05 }, pipeline: { deals: 1, costUnknownDeals: 1 } });
    // Its deal has no amount: revenue not recorded, not a revenue of 0.
    expect(groups[2]).toMatchObject({ won: { deals: 1, costUnknownDeals: 1, costUnknownRevenue: 0, amountUnknownDeals: 1 }, pipeline: { deals: 0 } });
  });

  it('puts the deals without an owner last, and lists no rep whose deals are all lost or outside the period', () => {
    const { groups } = grossProfitReport(
      [deal('won', null, null, 5_000, 1_000, '2026-11-10'), deal('won', ana, null, 1_000, 900, '2026-11-10'), deal('lost', ben, null, 1_000, 0, '2026-11-10'), deal('won', ben, null, 1_000, 0, '2020-01-01')],
      { period: 'this-quarter', groupBy: 'rep', asOf: '2026-11-26' },
    );
    expect(groups.map((group) => [group.label, group.won.grossProfit])).toEqual([['Ana Ruiz', 100], ['No owner', 4_000]]);
  });
});

describe('normalizeTerritory', () => {
  it('trims, makes runs of spaces one, reads empty as none, and refuses a long one naming the field', () => {
    expect(normalizeTerritory('  North   America ')).toBe('North America');
    expect(normalizeTerritory('   ')).toBeNull();
    expect(normalizeTerritory(null)).toBeNull();
    expect(normalizeTerritory('x'.repeat(60))).toHaveLength(60);
    expect(appErrorOf(() => normalizeTerritory('x'.repeat(61)))).toMatchObject({ code: 'validation_failed', details: { field: 'territory' } });
  });
});

describe('modelDeal', () => {
  const input = (override: Partial<DealModelInput> = {}): DealModelInput => ({ listPrice: 100_000, discountPercent: 15, deliveryCost: { kind: 'percent-of-revenue', percent: 30 }, commissionPercent: 8, ...override });

  it('takes the discount off the list price, then delivery cost and commission on what is left', () => {
    // 100,000 less 15% is 85,000; 30% of it to deliver is 25,500; 8% commission is 6,800.
    expect(modelDeal(input())).toEqual({
      discount: 15_000,
      revenue: 85_000,
      deliveryCost: 25_500,
      grossProfit: 59_500,
      grossMargin: 0.7,
      commission: 6_800,
      profitAfterCommission: 52_700,
      marginAfterCommission: 0.62,
    });
  });

  it('takes a delivery cost as a sum, rounding to the cent', () => {
    const model = modelDeal(input({ listPrice: 1_234.56, discountPercent: 0, deliveryCost: { kind: 'amount', amount: 234.56 }, commissionPercent: 10 }));
    expect(model).toMatchObject({ revenue: 1_234.56, deliveryCost: 234.56, grossProfit: 1_000, commission: 123.46, profitAfterCommission: 876.54 });
    expect(model.grossMargin).toBeCloseTo(1_000 / 1_234.56, 12);
  });

  it('gives no margin, never NaN, when the discount leaves no revenue', () => {
    expect(modelDeal(input({ discountPercent: 100, deliveryCost: { kind: 'amount', amount: 500 } }))).toEqual({
      discount: 100_000,
      revenue: 0,
      deliveryCost: 500,
      grossProfit: -500,
      grossMargin: null,
      commission: 0,
      profitAfterCommission: -500,
      marginAfterCommission: null,
    });
    // A share of no revenue is nothing.
    expect(modelDeal(input({ discountPercent: 100 }))).toMatchObject({ deliveryCost: 0, grossProfit: 0, grossMargin: null });
  });

  it('allows a delivery cost above the revenue: a loss-making deal is worth modelling', () => {
    expect(modelDeal(input({ discountPercent: 0, deliveryCost: { kind: 'percent-of-revenue', percent: 125 }, commissionPercent: 0 }))).toMatchObject({ grossProfit: -25_000, grossMargin: -0.25 });
  });

  it('refuses what is not a sensible input, naming the field', () => {
    const fieldOf = (override: Partial<DealModelInput>) => appErrorOf(() => modelDeal(input(override)));
    expect(fieldOf({ listPrice: -1 })).toMatchObject({ code: 'validation_failed', message: 'listPrice: must be at least 0.', details: { field: 'listPrice' } });
    expect(fieldOf({ listPrice: 2e12 }).message).toBe('listPrice: must be at most 1,000,000,000,000.');
    expect(fieldOf({ discountPercent: Number.NaN })).toMatchObject({ message: 'discountPercent: must be a number.', details: { field: 'discountPercent' } });
    expect(fieldOf({ discountPercent: 101 })).toMatchObject({ message: 'discountPercent: must be at most 100%.', details: { field: 'discountPercent' } });
    expect(fieldOf({ deliveryCost: { kind: 'amount', amount: -5 } }).details.field).toBe('deliveryCost');
    // Money is to the cent: a finer list price would model a discount below zero.
    expect(fieldOf({ listPrice: 0.015, discountPercent: 0 })).toMatchObject({ message: 'listPrice: must be to the cent (at most 2 decimals).', details: { field: 'listPrice' } });
    expect(fieldOf({ deliveryCost: { kind: 'amount', amount: 10.001 } })).toMatchObject({ message: 'deliveryCost: must be to the cent (at most 2 decimals).', details: { field: 'deliveryCost' } });
    expect(fieldOf({ deliveryCost: { kind: 'percent-of-revenue', percent: 1_001 } }).details.field).toBe('deliveryCost');
    expect(fieldOf({ deliveryCost: { kind: 'amount', amount: Number.POSITIVE_INFINITY } }).message).toBe('deliveryCost: must be a number.');
    expect(fieldOf({ commissionPercent: 150 }).details.field).toBe('commissionPercent');
  });
});

describe('a deal\'s amount and delivery cost as stored', () => {
  it('refuses a figure that is negative, not finite, too large or finer than a cent, naming the field', () => {
    for (const [deal, field] of [
      [{ deliveryCost: -0.01 }, 'deliveryCost'],
      [{ deliveryCost: Number.NaN }, 'deliveryCost'],
      [{ deliveryCost: Number.POSITIVE_INFINITY }, 'deliveryCost'],
      [{ amount: Number.NEGATIVE_INFINITY }, 'amount'],
      [{ amount: 1e13 }, 'amount'],
      [{ amount: 10.005 }, 'amount'],
    ] as const) {
      expect(appErrorOf(() => validateDealMoney(deal)).details.field).toBe(field);
    }
    expect(() => validateDealMoney({ amount: null, deliveryCost: undefined })).not.toThrow();
    // A cost above the amount is a deal that loses money, not an impossible one.
    expect(() => validateDealMoney({ amount: 100, deliveryCost: 250 })).not.toThrow();
  });

  it('flags a deal that costs more than it brings in, and only when both are known', () => {
    expect(isLossMaking({ amount: 100, deliveryCost: 250 })).toBe(true);
    expect(isLossMaking({ amount: 0, deliveryCost: 1 })).toBe(true);
    expect(isLossMaking({ amount: 100, deliveryCost: 100 })).toBe(false);
    expect(isLossMaking({ amount: null, deliveryCost: 250 })).toBe(false);
  });
});
