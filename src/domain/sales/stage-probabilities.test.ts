import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import { checkStageProbabilities, DEFAULT_STAGE_PROBABILITIES, salesForecast, staleStageProbabilitiesMessage, stageProbabilitiesToken, weightedAmount, type ForecastDeal } from './stage-probabilities.js';

function refusal(run: () => unknown): { code: string; field: string | undefined; message: string } {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return { code: error.code, field: error.details.field, message: error.message };
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('checkStageProbabilities', () => {
  it('keeps whole percents from 0 to 100 for the open stages, with won fixed at 100 and lost at 0', () => {
    expect(checkStageProbabilities({ discovery: 0, solution: 45, proposal: 100 })).toEqual({ discovery: 0, solution: 45, proposal: 100, won: 100, lost: 0 });
    expect(checkStageProbabilities({ discovery: 5, solution: 20, proposal: 70, won: 100, lost: 0 })).toMatchObject({ won: 100, lost: 0 });
  });

  it('refuses a value out of range or not whole, naming the stage', () => {
    expect(refusal(() => checkStageProbabilities({ discovery: 10, solution: 30, proposal: 101 }))).toMatchObject({ code: 'validation_failed', field: 'proposal' });
    expect(refusal(() => checkStageProbabilities({ discovery: -1, solution: 30, proposal: 60 }))).toMatchObject({ field: 'discovery' });
    expect(refusal(() => checkStageProbabilities({ discovery: 10, solution: 33.3, proposal: 60 }))).toMatchObject({ field: 'solution', message: expect.stringMatching(/whole percent from 0 to 100, not 33.3/) });
    expect(refusal(() => checkStageProbabilities({ discovery: 10, solution: Number.NaN, proposal: 60 }))).toMatchObject({ field: 'solution' });
  });

  it('refuses a won or lost probability other than 100 and 0', () => {
    expect(refusal(() => checkStageProbabilities({ discovery: 10, solution: 30, proposal: 60, won: 90 }))).toMatchObject({ code: 'validation_failed', field: 'won', message: expect.stringMatching(/always 100%/) });
    expect(refusal(() => checkStageProbabilities({ discovery: 10, solution: 30, proposal: 60, lost: 5 }))).toMatchObject({ field: 'lost' });
  });
});

describe('stageProbabilitiesToken', () => {
  it('changes with any open stage\'s probability, so a save from a stale read is refused, and names what is there now', () => {
    const token = stageProbabilitiesToken(DEFAULT_STAGE_PROBABILITIES);
    expect(stageProbabilitiesToken({ ...DEFAULT_STAGE_PROBABILITIES })).toBe(token);
    for (const stage of ['discovery', 'solution', 'proposal'] as const) expect(stageProbabilitiesToken({ ...DEFAULT_STAGE_PROBABILITIES, [stage]: 45 })).not.toBe(token);
    expect(staleStageProbabilitiesMessage({ ...DEFAULT_STAGE_PROBABILITIES, discovery: 20 })).toBe('Someone changed the stage probabilities after you opened them: they are now Discovery 20% · Solution 30% · Proposal 60%. Yours were not saved.');
  });
});

describe('weightedAmount', () => {
  it('is an open deal\'s amount at its stage\'s probability, to the cent, and null for a closed or unpriced deal', () => {
    expect(weightedAmount({ stage: 'proposal', amount: 1000.01 }, DEFAULT_STAGE_PROBABILITIES)).toBe(600.01);
    expect(weightedAmount({ stage: 'discovery', amount: 50000 }, { ...DEFAULT_STAGE_PROBABILITIES, discovery: 0 })).toBe(0);
    expect(weightedAmount({ stage: 'solution', amount: null }, DEFAULT_STAGE_PROBABILITIES)).toBeNull();
    expect(weightedAmount({ stage: 'won', amount: 1000 }, DEFAULT_STAGE_PROBABILITIES)).toBeNull();
    expect(weightedAmount({ stage: 'lost', amount: 1000 }, DEFAULT_STAGE_PROBABILITIES)).toBeNull();
  });
});

describe('salesForecast', () => {
  // As of Thursday 26 November 2026: the month runs to 30 November, the quarter to 31 December.
  const deals: ForecastDeal[] = [
    { stage: 'won', amount: 40000, closeDate: '2026-11-03' }, // committed this month and quarter
    { stage: 'won', amount: 25000, closeDate: '2026-10-15' }, // committed this quarter only
    { stage: 'won', amount: 9000, closeDate: '2026-09-30' }, // last quarter: in neither
    { stage: 'won', amount: null, closeDate: '2026-11-10' }, // won, size unknown: counted apart
    { stage: 'lost', amount: 70000, closeDate: '2026-11-20' }, // lost: in nothing
    { stage: 'proposal', amount: 100000, closeDate: '2026-11-30' }, // 60%: this month
    { stage: 'solution', amount: 20000, closeDate: '2026-11-12' }, // 30%, overdue: still expected this month
    { stage: 'discovery', amount: 50000, closeDate: '2026-12-15' }, // 10%: this quarter only
    { stage: 'discovery', amount: null, closeDate: '2026-12-01' }, // no amount: counted apart
    { stage: 'proposal', amount: 80000, closeDate: '2027-01-05' }, // next quarter: in neither
    { stage: 'proposal', amount: 5000, closeDate: null }, // no close date: in no period
  ];

  it('gives committed, weighted and best case for this month and this quarter', () => {
    const forecast = salesForecast(deals, DEFAULT_STAGE_PROBABILITIES, '2026-11-26');
    expect(forecast.month).toEqual({
      period: 'month',
      from: '2026-11-01',
      to: '2026-11-30',
      committed: { deals: 2, amount: 40000, weightedAmount: 40000, dealsWithoutAmount: 1 },
      open: { deals: 2, amount: 120000, weightedAmount: 66000, dealsWithoutAmount: 0 },
      overdueDeals: 1,
      weighted: 106000, // 40,000 + 60% of 100,000 + 30% of 20,000
      bestCase: 160000, // 40,000 + 100,000 + 20,000
    });
    expect(forecast.quarter).toMatchObject({
      period: 'quarter',
      from: '2026-10-01',
      to: '2026-12-31',
      committed: { deals: 3, amount: 65000, dealsWithoutAmount: 1 },
      open: { deals: 4, amount: 170000, weightedAmount: 71000, dealsWithoutAmount: 1 },
      weighted: 136000,
      bestCase: 235000,
    });
    expect(forecast.openDealsWithoutCloseDate).toBe(1);
  });

  it('follows the org\'s probabilities', () => {
    const forecast = salesForecast(deals, { ...DEFAULT_STAGE_PROBABILITIES, proposal: 90, solution: 0 }, '2026-11-26');
    expect(forecast.month.weighted).toBe(130000); // 40,000 + 90% of 100,000 + 0% of 20,000
    expect(forecast.month.bestCase).toBe(160000);
  });

  it('ends December\'s month on the 31st and February\'s on the 28th', () => {
    expect(salesForecast([], DEFAULT_STAGE_PROBABILITIES, '2026-12-31').month).toMatchObject({ from: '2026-12-01', to: '2026-12-31' });
    expect(salesForecast([], DEFAULT_STAGE_PROBABILITIES, '2027-02-01').month).toMatchObject({ from: '2027-02-01', to: '2027-02-28', weighted: 0, bestCase: 0 });
  });
});
