import { describe, expect, it } from 'vitest';
import { nextPipelineSort, pipelineSortFrom, pipelineSortParams, pipelineTotals, sortPipeline, type PipelineDeal } from './pipeline-list.js';
import { salesKpis } from './sales-kpis.js';
import { DEFAULT_STAGE_PROBABILITIES } from './stage-probabilities.js';

const deal = (id: string, overrides: Partial<PipelineDeal> = {}): PipelineDeal => ({
  id,
  accountName: 'Harbor Foods',
  name: `Deal ${id}`,
  owner: { name: 'Dana' },
  stage: 'discovery',
  amount: null,
  weightedAmount: null,
  grossProfit: null,
  grossMargin: null,
  closeDate: null,
  ...overrides,
});

const ids = (deals: readonly PipelineDeal[]) => deals.map((item) => item.id);

describe('sortPipeline', () => {
  const deals = [
    deal('a', { amount: 500, closeDate: '2027-03-31', stage: 'proposal', owner: { name: 'sam' } }),
    deal('b', { amount: null, closeDate: null, stage: 'won', owner: null }),
    deal('c', { amount: 90000, closeDate: '2026-12-15', stage: 'discovery', owner: { name: 'Ana' } }),
    deal('d', { amount: 0, closeDate: '2027-01-10', stage: 'lost', owner: { name: 'Dana' } }),
    deal('e', { amount: null, closeDate: '2027-02-01', stage: 'solution', owner: { name: 'Dana' } }),
  ];

  it('sorts by amount both ways, with the deals that have no amount last either way (and 0 as a real amount)', () => {
    expect(ids(sortPipeline(deals, { key: 'amount', direction: 'ascending' }))).toEqual(['d', 'a', 'c', 'b', 'e']);
    expect(ids(sortPipeline(deals, { key: 'amount', direction: 'descending' }))).toEqual(['c', 'a', 'd', 'b', 'e']);
  });

  it('sorts by weighted amount both ways, closed and unpriced deals (which have none) last either way', () => {
    const weighted = [
      deal('p', { stage: 'proposal', amount: 100000, weightedAmount: 60000 }),
      deal('q', { stage: 'won', amount: 500000, weightedAmount: null }),
      deal('r', { stage: 'discovery', amount: 200000, weightedAmount: 20000 }),
      deal('s', { stage: 'solution', amount: null, weightedAmount: null }),
    ];
    expect(ids(sortPipeline(weighted, { key: 'weighted', direction: 'descending' }))).toEqual(['p', 'r', 'q', 's']);
    expect(ids(sortPipeline(weighted, { key: 'weighted', direction: 'ascending' }))).toEqual(['r', 'p', 'q', 's']);
    expect(pipelineSortFrom(new URLSearchParams('sort=weighted&order=desc'))).toEqual({ key: 'weighted', direction: 'descending' });
  });

  it('sorts by gross profit and by margin both ways, a loss below zero and the deals whose cost is unknown last either way', () => {
    const priced = [
      deal('g', { amount: 10000, grossProfit: 4000, grossMargin: 0.4 }),
      deal('h', { amount: 5000, grossProfit: -1000, grossMargin: -0.2 }),
      deal('i', { amount: 90000, grossProfit: null, grossMargin: null }),
      deal('j', { amount: 100000, grossProfit: 9000, grossMargin: 0.09 }),
      deal('k', { amount: 0, grossProfit: 0, grossMargin: null }),
    ];
    expect(ids(sortPipeline(priced, { key: 'grossProfit', direction: 'descending' }))).toEqual(['j', 'g', 'k', 'h', 'i']);
    expect(ids(sortPipeline(priced, { key: 'grossProfit', direction: 'ascending' }))).toEqual(['h', 'k', 'g', 'j', 'i']);
    // A zero amount has a profit (0) but no margin: it goes with the unknown margins, last.
    expect(ids(sortPipeline(priced, { key: 'margin', direction: 'descending' }))).toEqual(['g', 'j', 'h', 'i', 'k']);
    expect(ids(sortPipeline(priced, { key: 'margin', direction: 'ascending' }))).toEqual(['h', 'j', 'g', 'i', 'k']);
    expect(pipelineSortFrom(new URLSearchParams('sort=margin&order=desc'))).toEqual({ key: 'margin', direction: 'descending' });
  });

  it('sorts by close date both ways, undated deals last', () => {
    expect(ids(sortPipeline(deals, { key: 'closeDate', direction: 'ascending' }))).toEqual(['c', 'd', 'e', 'a', 'b']);
    expect(ids(sortPipeline(deals, { key: 'closeDate', direction: 'descending' }))).toEqual(['a', 'e', 'd', 'c', 'b']);
  });

  it('sorts stages in pipeline order, not the alphabet', () => {
    expect(sortPipeline(deals, { key: 'stage', direction: 'ascending' }).map((item) => item.stage)).toEqual(['discovery', 'solution', 'proposal', 'won', 'lost']);
    expect(sortPipeline(deals, { key: 'stage', direction: 'descending' }).map((item) => item.stage)).toEqual(['lost', 'won', 'proposal', 'solution', 'discovery']);
  });

  it('sorts owners without regard to case, the deal with no owner last, and equal owners in the list\'s own order', () => {
    expect(ids(sortPipeline(deals, { key: 'owner', direction: 'ascending' }))).toEqual(['c', 'd', 'e', 'a', 'b']);
    expect(ids(sortPipeline(deals, { key: 'owner', direction: 'descending' }))).toEqual(['a', 'd', 'e', 'c', 'b']);
  });

  it('sorts names with numbers in them as people read them, and leaves the input untouched', () => {
    const named = [deal('x', { name: 'Phase 10' }), deal('y', { name: 'phase 2' }), deal('z', { name: 'Audit' })];
    expect(ids(sortPipeline(named, { key: 'name', direction: 'ascending' }))).toEqual(['z', 'y', 'x']);
    expect(ids(sortPipeline(named, { key: 'name', direction: 'descending' }))).toEqual(['x', 'y', 'z']);
    expect(ids(named)).toEqual(['x', 'y', 'z']);
  });
});

describe('the sort in the address', () => {
  it('reads the key and order back from what it wrote, and ignores an unknown key', () => {
    const sort = { key: 'amount', direction: 'descending' } as const;
    expect(pipelineSortFrom(new URLSearchParams(pipelineSortParams(sort)))).toEqual(sort);
    expect(pipelineSortFrom(new URLSearchParams('sort=closeDate'))).toEqual({ key: 'closeDate', direction: 'ascending' });
    expect(pipelineSortFrom(new URLSearchParams('sort=probability&order=desc'))).toBeNull();
    expect(pipelineSortParams(null)).toEqual([]);
  });

  it('turns the sorted column around on a second click and starts another column ascending', () => {
    expect(nextPipelineSort(null, 'amount')).toEqual({ key: 'amount', direction: 'ascending' });
    expect(nextPipelineSort({ key: 'amount', direction: 'ascending' }, 'amount')).toEqual({ key: 'amount', direction: 'descending' });
    expect(nextPipelineSort({ key: 'amount', direction: 'descending' }, 'amount')).toEqual({ key: 'amount', direction: 'ascending' });
    expect(nextPipelineSort({ key: 'amount', direction: 'descending' }, 'stage')).toEqual({ key: 'stage', direction: 'ascending' });
  });
});

describe('pipelineTotals', () => {
  it('counts the deals and adds the amounts known to the cent, counting the deals without one apart, in all and per stage', () => {
    const totals = pipelineTotals([
      { stage: 'discovery', amount: 0.1 },
      { stage: 'discovery', amount: 0.2 },
      { stage: 'discovery', amount: null },
      { stage: 'won', amount: 1000 },
      { stage: 'lost', amount: null },
    ], DEFAULT_STAGE_PROBABILITIES);
    expect(totals.all).toEqual({ deals: 5, amount: 1000.3, weightedAmount: 1000.03, dealsWithoutAmount: 2 });
    expect(totals.byStage).toEqual({
      discovery: { deals: 3, amount: 0.3, weightedAmount: 0.03, dealsWithoutAmount: 1 },
      solution: { deals: 0, amount: 0, weightedAmount: 0, dealsWithoutAmount: 0 },
      proposal: { deals: 0, amount: 0, weightedAmount: 0, dealsWithoutAmount: 0 },
      won: { deals: 1, amount: 1000, weightedAmount: 1000, dealsWithoutAmount: 0 },
      lost: { deals: 1, amount: 0, weightedAmount: 0, dealsWithoutAmount: 1 },
    });
  });

  it('weights the open deals shown by their stage\'s probability, leaving won deals out of the weighted pipeline', () => {
    const probabilities = { ...DEFAULT_STAGE_PROBABILITIES, discovery: 25, proposal: 80 };
    const totals = pipelineTotals([
      { stage: 'discovery', amount: 1000 },
      { stage: 'proposal', amount: 50000 },
      { stage: 'proposal', amount: null },
      { stage: 'won', amount: 70000 },
      { stage: 'lost', amount: 9000 },
    ], probabilities);
    // 25% of 1,000 + 80% of 50,000: the won 70,000 is booked, not pipeline; the lost deal weighs nothing.
    expect(totals.open).toEqual({ deals: 3, amount: 51000, weightedAmount: 40250, dealsWithoutAmount: 1 });
    expect(totals.byStage.proposal.weightedAmount).toBe(40000);
    expect(totals.byStage.lost.weightedAmount).toBe(0);
  });

  it('gives each open stage the same sum as the KPI strip\'s open pipeline', () => {
    const facts = [
      { stage: 'discovery', amount: 1200.5 },
      { stage: 'discovery', amount: null },
      { stage: 'proposal', amount: 30000 },
      { stage: 'won', amount: 10 },
    ] as const;
    const kpis = salesKpis(facts.map((fact) => ({ ...fact, openedOn: '2026-11-01', stageChangedOn: '2026-11-02' })), '2026-11-26', DEFAULT_STAGE_PROBABILITIES);
    const totals = pipelineTotals(facts, DEFAULT_STAGE_PROBABILITIES);
    for (const stage of ['discovery', 'solution', 'proposal'] as const) expect(totals.byStage[stage]).toEqual(kpis.pipelineByStage[stage]);
  });

  it('is all zeros for no deals', () => {
    expect(pipelineTotals([], DEFAULT_STAGE_PROBABILITIES).all).toEqual({ deals: 0, amount: 0, weightedAmount: 0, dealsWithoutAmount: 0 });
  });
});
