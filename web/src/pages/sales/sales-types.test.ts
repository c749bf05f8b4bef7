import { describe, expect, it } from 'vitest';
import {
  dealProfitText,
  discoveryFactsOf,
  formatAmount,
  formatDays,
  formatMargin,
  formatWinRate,
  grossProfitPeriodFrom,
  modelFieldsFrom,
  moneyFieldValue,
  modelFromFields,
  percentFieldValue,
  pipelineProfitText,
  modelLinkFor,
  pipelineAddress,
  pipelineTotalText,
  salesFiltersFrom,
  salesQuery,
  stagePipelineText,
  weightedTotalText,
  type DealModelFields,
  type Opportunity,
} from './sales-types.js';

describe('the sales page helpers', () => {
  it('reads the filters from the address and writes them back, ignoring an unknown stage', () => {
    expect(salesFiltersFrom(new URLSearchParams('stage=proposal&owner=p1'))).toEqual({ stage: 'proposal', ownerPersonId: 'p1', accountId: '' });
    expect(salesFiltersFrom(new URLSearchParams('stage=closed'))).toEqual({ stage: '', ownerPersonId: '', accountId: '' });
    expect(salesQuery({ stage: 'won', ownerPersonId: 'p1', accountId: '' })).toBe('?stage=won&ownerPersonId=p1');
    expect(salesQuery({ stage: '', ownerPersonId: 'p1', accountId: '' }, 'owner')).toBe('?owner=p1');
    expect(salesQuery({ stage: '', ownerPersonId: '', accountId: '' })).toBe('');
    expect(salesFiltersFrom(new URLSearchParams('account=a1')).accountId).toBe('a1');
    expect(salesQuery({ stage: '', ownerPersonId: '', accountId: 'a1' }, 'owner')).toBe('?account=a1');
  });

  it('keeps the filters and the sort in the pipeline\'s address, and asks the API for the filters only', () => {
    const filters = { stage: 'proposal', ownerPersonId: 'p1', accountId: '' } as const;
    expect(pipelineAddress('o1', filters, { key: 'amount', direction: 'descending' })).toBe('/o/o1/sales?stage=proposal&owner=p1&sort=amount&order=desc');
    expect(pipelineAddress('o1', { stage: '', ownerPersonId: '', accountId: '' }, { key: 'closeDate', direction: 'ascending' })).toBe('/o/o1/sales?sort=closeDate&order=asc');
    expect(pipelineAddress('o1', { stage: '', ownerPersonId: '', accountId: '' }, null)).toBe('/o/o1/sales');
    expect(salesQuery(filters)).toBe('?stage=proposal&ownerPersonId=p1');
  });

  it('says a total of deals with the unpriced ones counted apart, and a total of unpriced deals only as unknown, not 0', () => {
    expect(pipelineTotalText({ deals: 3, amount: 1500, weightedAmount: 0, dealsWithoutAmount: 0 })).toEqual({ amount: '1,500', note: 'of 3 deals' });
    expect(pipelineTotalText({ deals: 3, amount: 1500, weightedAmount: 0, dealsWithoutAmount: 1 })).toEqual({ amount: '1,500', note: 'of 2 deals; 1 deal with no amount not counted' });
    expect(pipelineTotalText({ deals: 2, amount: 0, weightedAmount: 0, dealsWithoutAmount: 2 })).toEqual({ amount: '—', note: '2 deals, none with an amount yet' });
    expect(pipelineTotalText({ deals: 0, amount: 0, weightedAmount: 0, dealsWithoutAmount: 0 })).toEqual({ amount: '0', note: 'no deal' });
  });

  it('says the weighted pipeline of the open deals shown, the unpriced ones apart, and a dash with no open deal', () => {
    expect(weightedTotalText({ deals: 2, amount: 150000, weightedAmount: 90000, dealsWithoutAmount: 0 })).toEqual({ amount: '90,000', note: '2 open deals at the stage probabilities' });
    expect(weightedTotalText({ deals: 3, amount: 150000, weightedAmount: 90000, dealsWithoutAmount: 1 })).toEqual({ amount: '90,000', note: '2 open deals at the stage probabilities; 1 with no amount not counted' });
    expect(weightedTotalText({ deals: 1, amount: 0, weightedAmount: 0, dealsWithoutAmount: 1 })).toEqual({ amount: '—', note: '1 open deal, none with an amount yet' });
    expect(weightedTotalText({ deals: 0, amount: 0, weightedAmount: 0, dealsWithoutAmount: 0 })).toEqual({ amount: '—', note: 'no open deal shown' });
  });

  it('counts only open objections as what blocks the gate', () => {
    const opportunity = {
      stage: 'solution',
      pressRelease: { headline: 'h', problem: '', outcome: '1', quote: '' },
      successCriteria: [],
      objections: [{ id: '1', question: 'q', answer: '', status: 'open' }, { id: '2', question: 'q', answer: 'a', status: 'answered' }],
    } as unknown as Opportunity;
    expect(discoveryFactsOf(opportunity).openObjections).toBe(1);
    expect(formatAmount(420000)).toBe('420,000');
    expect(formatAmount(null)).toBe('—');
  });

  it('formats the KPIs, with a dash for what has nothing to measure yet', () => {
    expect(formatWinRate(0.75)).toBe('75%');
    expect(formatWinRate(2 / 3)).toBe('67%');
    expect(formatWinRate(null)).toBe('—');
    expect(formatDays(30)).toBe('30 days');
    expect(formatDays(12.5)).toBe('12.5 days');
    expect(formatDays(1)).toBe('1 day');
    expect(formatDays(null)).toBe('—');
  });

  it('formats a margin to a tenth of a percent, losses included, and reads the period from the address', () => {
    expect(formatMargin(0.5746)).toBe('57.5%');
    expect(formatMargin(-0.25)).toBe('-25.0%');
    expect(formatMargin(null)).toBe('—');
    expect(grossProfitPeriodFrom(new URLSearchParams('period=this-quarter'))).toBe('this-quarter');
    expect(grossProfitPeriodFrom(new URLSearchParams('period=forever'))).toBe('last-12-months');
    expect(grossProfitPeriodFrom(new URLSearchParams(''))).toBe('last-12-months');
  });

  it('sends a money field as a number, blank as unknown, and anything else as typed so the server refuses it', () => {
    expect(moneyFieldValue(' 96000.5 ')).toBe(96000.5);
    expect(moneyFieldValue('   ')).toBeNull();
    // Number() of these is NaN or Infinity, which JSON writes as null: the cost would be cleared, not refused.
    expect(moneyFieldValue('240,000')).toBe(240000);
    expect(moneyFieldValue('12k')).toBe('12k');
    expect(moneyFieldValue('1e999')).toBe('1e999');
    expect(moneyFieldValue('-5')).toBe(-5);
  });

  it('reads a percent field as a number, with or without a "%", and sends anything else (a blank too) as typed, for the server to name', () => {
    expect(percentFieldValue(' 55 ')).toBe(55);
    expect(percentFieldValue('55%')).toBe(55);
    expect(percentFieldValue('55 %')).toBe(55);
    expect(percentFieldValue('12.5')).toBe(12.5);
    // A number input would have handed these over as '' (then sent as null, or as 0 through Number('')).
    expect(percentFieldValue('abc')).toBe('abc');
    expect(percentFieldValue('5o%')).toBe('5o%');
    expect(percentFieldValue('%')).toBe('%');
    expect(percentFieldValue('  ')).toBe('');
  });

  it('says what a deal\'s gross profit is, or what is missing to know it', () => {
    expect(dealProfitText({ amount: 240_000, deliveryCost: 96_000, grossProfit: 144_000, grossMargin: 0.6 })).toBe('144,000 (60.0% margin)');
    expect(dealProfitText({ amount: 0, deliveryCost: 500, grossProfit: -500, grossMargin: null })).toBe('-500 (no margin on a zero amount): a loss, the delivery cost is above the amount');
    expect(dealProfitText({ amount: 240_000, deliveryCost: 300_000, grossProfit: -60_000, grossMargin: -0.25 })).toBe('-60,000 (-25.0% margin): a loss, the delivery cost is above the amount');
    expect(dealProfitText({ amount: 100, deliveryCost: 100, grossProfit: 0, grossMargin: 0 })).toBe('0 (0.0% margin)');
    expect(dealProfitText({ amount: 240_000, deliveryCost: null, grossProfit: null, grossMargin: null })).toBe('Unknown until the delivery cost is set');
    expect(dealProfitText({ amount: null, deliveryCost: 500, grossProfit: null, grossMargin: null })).toBe('Unknown until the amount is set');
    expect(modelLinkFor('o1', { amount: 240_000, deliveryCost: 96_000.5 })).toBe('/o/o1/sales/gross-profit?listPrice=240000&deliveryCost=96000.5');
    expect(modelLinkFor('o1', { amount: null, deliveryCost: null })).toBe('/o/o1/sales/gross-profit');
  });

  it('runs the what-if model on the typed fields: blanks are 0, a blank price is nothing yet, a refusal lands on its field', () => {
    const fields: DealModelFields = { listPrice: '100000', discountPercent: '15', deliveryCost: '30', deliveryCostKind: 'percent-of-revenue', commissionPercent: '' };
    expect(modelFromFields(fields)).toEqual({
      kind: 'model',
      model: { discount: 15_000, revenue: 85_000, deliveryCost: 25_500, grossProfit: 59_500, grossMargin: 0.7, commission: 0, profitAfterCommission: 59_500, marginAfterCommission: 0.7 },
    });
    expect(modelFromFields({ ...fields, deliveryCostKind: 'amount' })).toMatchObject({ kind: 'model', model: { deliveryCost: 30, grossProfit: 84_970 } });
    expect(modelFromFields({ ...fields, listPrice: ' ' })).toEqual({ kind: 'empty' });
    expect(modelFromFields({ ...fields, discountPercent: '120' })).toEqual({ kind: 'invalid', field: 'discountPercent', message: 'Must be at most 100%.' });
    expect(modelFromFields({ ...fields, listPrice: '-1' })).toEqual({ kind: 'invalid', field: 'listPrice', message: 'Must be at least 0.' });
    expect(modelFromFields({ ...fields, commissionPercent: 'lots' })).toEqual({ kind: 'invalid', field: 'commissionPercent', message: '"lots" is not a number: write it in figures, such as 15 or 15%.' });
  });

  it('reads the calculator\'s amounts as the deal form does, and refuses on its field what it cannot read rather than model another number', () => {
    const fields: DealModelFields = { listPrice: '100,000', discountPercent: '15%', deliveryCost: '25,500.50', deliveryCostKind: 'amount', commissionPercent: ' 10 % ' };
    expect(modelFromFields(fields)).toMatchObject({ kind: 'model', model: { revenue: 85_000, deliveryCost: 25_500.5, grossProfit: 59_499.5, commission: 8_500 } });
    // A number input took "100k" as 100 and modelled a deal of 100.
    expect(modelFromFields({ ...fields, listPrice: '100k' })).toEqual({ kind: 'invalid', field: 'listPrice', message: '"100k" is not a number: write it in figures, commas allowed, such as 100,000.' });
    expect(modelFromFields({ ...fields, deliveryCost: '1e999' })).toMatchObject({ kind: 'invalid', field: 'deliveryCost' });
    expect(modelFromFields({ ...fields, deliveryCostKind: 'percent-of-revenue', deliveryCost: '30%' })).toMatchObject({ kind: 'model', model: { deliveryCost: 25_500 } });
    expect(modelFromFields({ ...fields, discountPercent: 'ten' })).toMatchObject({ kind: 'invalid', field: 'discountPercent' });
    // The model's own limits still land on their field.
    expect(modelFromFields({ ...fields, listPrice: '10.005' })).toEqual({ kind: 'invalid', field: 'listPrice', message: 'Must be to the cent (at most 2 decimals).' });
  });

  it('shows money to the cent: whole sums without decimals, any other with its cents, never rounded to a whole number', () => {
    expect(formatAmount(25.5)).toBe('25.50');
    expect(formatAmount(0.3)).toBe('0.30');
    expect(formatAmount(-60_000.05)).toBe('-60,000.05');
    expect(formatAmount(1_250_000)).toBe('1,250,000');
  });

  it('says which figure the deals left out of a pipeline\'s profit lack: an unknown amount is not an unknown cost', () => {
    const rollup = { deals: 1, costedDeals: 0, costUnknownDeals: 1, amountUnknownDeals: 1, costUnknownRevenue: 0, revenue: 0, deliveryCost: 0, grossProfit: 0, grossMargin: null };
    expect(pipelineProfitText(rollup)).toBe('1 deal with no amount');
    expect(pipelineProfitText({ ...rollup, amountUnknownDeals: 0 })).toBe('1 deal of unknown cost');
    expect(pipelineProfitText({ ...rollup, deals: 5, costedDeals: 2, costUnknownDeals: 3, amountUnknownDeals: 1, revenue: 100_000, grossProfit: 40_000, grossMargin: 0.4 })).toBe('40,000 (40.0%), and 2 deals of unknown cost and 1 deal with no amount');
    expect(pipelineProfitText({ ...rollup, deals: 0, costUnknownDeals: 0, amountUnknownDeals: 0 })).toBe('—');
    expect(modelFieldsFrom(new URLSearchParams('listPrice=240000&deliveryCost=96000&deliveryCostKind=bogus'))).toEqual({ listPrice: '240000', discountPercent: '', deliveryCost: '96000', deliveryCostKind: 'amount', commissionPercent: '' });
  });

  it('says a stage\'s deals without an amount apart, so unpriced deals never read as worth 0', () => {
    expect(stagePipelineText({ deals: 2, amount: 150000, weightedAmount: 0, dealsWithoutAmount: 0 })).toBe('150,000 (2 deals)');
    expect(stagePipelineText({ deals: 0, amount: 0, weightedAmount: 0, dealsWithoutAmount: 0 })).toBe('0 (0 deals)');
    expect(stagePipelineText({ deals: 1, amount: 0, weightedAmount: 0, dealsWithoutAmount: 1 })).toBe('— (1 deal, no amount yet)');
    expect(stagePipelineText({ deals: 3, amount: 150000, weightedAmount: 0, dealsWithoutAmount: 1 })).toBe('150,000 (3 deals, 1 with no amount yet)');
  });
});
