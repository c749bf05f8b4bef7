import { describe, expect, it } from 'vitest';
import { isoDate } from '../wbr/calendar.js';
import { parseIsoDay } from '../wbr-review/review-rules.js';
import { buildWbrDeckFromText, parseWbrConfig } from '../wbr/wbr-deck.js';
import { dailyQuotaShares, parseQuarter } from './quotas.js';
import { SALES_DECK_METRICS, salesDailyCsv, salesDeckConfig, salesKpis as salesKpisWith, type OpportunityFacts } from './sales-kpis.js';
import { DEFAULT_STAGE_PROBABILITIES } from './stage-probabilities.js';

const salesKpis = (opportunities: readonly OpportunityFacts[], asOf: string) => salesKpisWith(opportunities, asOf, DEFAULT_STAGE_PROBABILITIES);

const deal = (stage: OpportunityFacts['stage'], amount: number | null, openedOn: string, stageChangedOn: string = openedOn): OpportunityFacts => ({ stage, amount, openedOn, stageChangedOn });

describe('salesKpis', () => {
  // As of Thursday 26 November 2026: the quarter began on 1 October.
  const pipeline = [
    deal('won', 10000, '2026-09-01', '2026-10-11'), // 40 days, this quarter
    deal('won', 5000, '2026-06-01', '2026-07-01'), // 30 days, last quarter
    deal('won', null, '2026-11-01', '2026-11-21'), // 20 days, this quarter, size unknown
    deal('lost', 8000, '2026-08-01', '2026-09-15'),
    deal('discovery', 1200.5, '2026-11-20'),
    deal('discovery', null, '2026-11-24'),
    deal('proposal', 30000, '2026-10-02', '2026-11-10'),
  ];

  it('measures win rate, average won deal, median cycle, open pipeline by stage and bookings this quarter', () => {
    expect(salesKpis(pipeline, '2026-11-26')).toEqual({
      wonDeals: 3,
      lostDeals: 1,
      winRate: 0.75, // 3 won of 4 closed
      averageWonDeal: 7500, // (10,000 + 5,000) / 2: the deal of unknown size is left out
      medianSalesCycleDays: 30, // of 20, 30, 40
      // Weighted at the default 10% and 60%.
      pipelineByStage: { discovery: { deals: 2, amount: 1200.5, weightedAmount: 120.05, dealsWithoutAmount: 1 }, solution: { deals: 0, amount: 0, weightedAmount: 0, dealsWithoutAmount: 0 }, proposal: { deals: 1, amount: 30000, weightedAmount: 18000, dealsWithoutAmount: 0 } },
      quarterStart: '2026-10-01',
      bookingsQuarterToDate: 10000, // 10,000 + the unknown amount counted 0; July's 5,000 is last quarter
      salesVelocityPerDay: 562.5, // 3 open deals × 7,500 × 0.75 ÷ 30 days
    });
  });

  it('takes the mean of the two middle cycles when the count is even, and leaves out wins after asOf from bookings', () => {
    const kpis = salesKpis([deal('won', 100, '2026-01-01', '2026-01-11'), deal('won', 300, '2026-01-01', '2026-01-16'), deal('won', 50, '2026-12-01', '2026-12-02')], '2026-01-31');
    expect(kpis.medianSalesCycleDays).toBe(10); // 1, 10 and 15 days: the middle one
    expect(salesKpis([deal('won', 100, '2026-01-01', '2026-01-11'), deal('won', 300, '2026-01-01', '2026-01-16')], '2026-01-31').medianSalesCycleDays).toBe(12.5);
    expect(kpis.bookingsQuarterToDate).toBe(400); // December's 50 is after asOf
    expect(kpis.quarterStart).toBe('2026-01-01');
  });

  it('gives null, never NaN, for what has nothing to measure', () => {
    const empty = salesKpis([], '2026-11-26');
    expect(empty).toMatchObject({ wonDeals: 0, lostDeals: 0, winRate: null, averageWonDeal: null, medianSalesCycleDays: null, bookingsQuarterToDate: 0 });
    const onlyLost = salesKpis([deal('lost', 500, '2026-11-01', '2026-11-02'), deal('solution', null, '2026-11-03')], '2026-11-26');
    expect(onlyLost).toMatchObject({ winRate: 0, averageWonDeal: null, medianSalesCycleDays: null });
    expect(onlyLost.pipelineByStage.solution).toEqual({ deals: 1, amount: 0, weightedAmount: 0, dealsWithoutAmount: 1 });
    expect(salesKpis([deal('won', null, '2026-11-01', '2026-11-02')], '2026-11-26')).toMatchObject({ winRate: 1, averageWonDeal: null, medianSalesCycleDays: 1, salesVelocityPerDay: null });
    expect(empty.salesVelocityPerDay).toBeNull();
  });

  it('counts a sales cycle under a day as one day in the velocity, so deals won the day they open do not divide by zero', () => {
    const kpis = salesKpis([deal('won', 400, '2026-11-02'), deal('lost', 100, '2026-11-02'), deal('proposal', 900, '2026-11-03')], '2026-11-26');
    expect(kpis).toMatchObject({ medianSalesCycleDays: 0, salesVelocityPerDay: 200 }); // 1 open × 400 × 0.5 ÷ 1 day
  });
});

describe('salesDailyCsv', () => {
  it('writes one row per day, zeros included, counting opened on the day opened and won or lost on the day closed', () => {
    const csv = salesDailyCsv(
      [
        deal('won', null, '2026-11-01', '2026-11-21'), // opened before the range; won in it, for 0
        deal('discovery', 1200, '2026-11-20'),
        deal('won', 0.1, '2026-11-19', '2026-11-22'),
        deal('won', 0.2, '2026-11-22', '2026-11-22'),
        deal('lost', 900, '2026-11-10', '2026-11-19'),
        deal('won', 700, '2026-11-23', '2026-11-23'), // after the range
      ],
      '2026-11-19',
      '2026-11-22',
    );
    // The deal won on the 21st has no amount: won, but not among the deals an average deal size divides by.
    expect(csv).toBe(['Date,opportunities_opened,deals_won,deals_lost,bookings,deals_won_with_amount,bookings_quota', '2026-11-19,1,0,1,0,0,', '2026-11-20,1,0,0,0,0,', '2026-11-21,0,1,0,0,0,', '2026-11-22,1,2,0,0.3,2,', ''].join('\n'));
  });

  it('writes each day\'s share of its quarter\'s quota, and leaves it blank in a quarter without one', () => {
    const q4 = parseQuarter('2026-Q4');
    if (q4 === undefined) throw new Error('no quarter');
    const csv = salesDailyCsv([], '2026-09-29', '2026-10-02', dailyQuotaShares([{ quarter: q4, teamQuota: 920000 }]));
    expect(csv.split('\n').slice(1, 5)).toEqual(['2026-09-29,0,0,0,0,0,', '2026-09-30,0,0,0,0,0,', '2026-10-01,0,0,0,0,0,10000', '2026-10-02,0,0,0,0,0,10000']);
  });

  it('has only the header when the range is empty', () => {
    expect(salesDailyCsv([], '2026-11-22', '2026-11-21')).toBe('Date,opportunities_opened,deals_won,deals_lost,bookings,deals_won_with_amount,bookings_quota\n');
  });
});

describe('salesDeckConfig', () => {
  it('reads with the engine: the four columns as sums, win rate and average deal size as functions, each charted', () => {
    const config = parseWbrConfig(salesDeckConfig('2026-11-21'), { fileName: 'config.yaml' });
    expect(config.setup.title).toBe('Sales pipeline weekly business review');
    expect(isoDate(config.setup.weekEnding)).toBe('2026-11-21');
    const byName = new Map(config.metrics.map((metric) => [metric.name, metric]));
    for (const name of SALES_DECK_METRICS) expect(byName.has(name), name).toBe(true);
    expect(byName.get('Win rate')).toMatchObject({ kind: 'function', operation: 'divide', comparison: 'bps', goodDirection: 'up' });
    expect(byName.get('Average deal size')).toMatchObject({ kind: 'function', operation: 'divide', goodDirection: 'up' });
    expect(byName.get('Deals lost')).toMatchObject({ kind: 'column', column: 'deals_lost', aggregation: 'sum', goodDirection: 'down' });
  });

  it('leaves which way is good to the catalog where the catalog says it, and sets its own elsewhere', () => {
    const catalog = [{ name: 'deals  LOST', goodDirection: 'up' as const }, { name: 'Win rate', goodDirection: null }];
    const text = salesDeckConfig('2026-11-21', catalog);
    const byName = new Map(parseWbrConfig(text, { fileName: 'config.yaml' }).metrics.map((metric) => [metric.name, metric]));
    // No line of the generated config goes against the catalog's "deals LOST": the review reads the catalog's way.
    expect(byName.get('Deals lost')?.goodDirection).toBeNull();
    expect(text).toContain('# Which way is good: as the metric catalog\'s "deals LOST" says.');
    // A catalog metric without a direction says nothing: the deck's own default stands.
    expect(byName.get('Win rate')?.goodDirection).toBe('up');
    expect(byName.get('Deals won')?.goodDirection).toBe('up');
  });

  it('builds a deck from the generated CSV whose last week has the rates worked out by hand', () => {
    // A deal opened every day for 14 months; every Wednesday one won (1,000) and one lost. The last week (Sunday
    // 15 to Saturday 21 November 2026) also wins 2,000 and a deal of unknown size: 3 won, 1 lost.
    const facts: OpportunityFacts[] = [];
    const first = parseIsoDay('2025-09-01') as number;
    const last = parseIsoDay('2026-11-21') as number;
    for (let day = first; day <= last; day += 1) {
      facts.push(deal('discovery', null, isoDate(day)));
      if (new Date(day * 86_400_000).getUTCDay() === 3) facts.push(deal('won', 1000, '2025-08-01', isoDate(day)), deal('lost', 500, '2025-08-01', isoDate(day)));
    }
    facts.push(deal('won', 2000, '2025-08-01', '2026-11-20'), deal('won', null, '2025-08-01', '2026-11-20'));
    // A quota of 920,000 for 2026-Q4 (92 days): 10,000 a day, 70,000 a week; none before October.
    const q4 = parseQuarter('2026-Q4');
    if (q4 === undefined) throw new Error('no quarter');
    const shares = dailyQuotaShares([{ quarter: q4, teamQuota: 920000 }]);
    const deck = buildWbrDeckFromText({ configText: salesDeckConfig('2026-11-21'), configFile: 'config.yaml', csvText: salesDailyCsv(facts, '2025-08-01', '2026-11-21', shares), csvFile: 'sales.csv', withSignals: true });
    expect(deck.blocks.map((block) => ('title' in block ? block.title : null))).toEqual([...SALES_DECK_METRICS]);
    const lastWeek = (metric: string) => {
      const block = deck.blocks.find((candidate) => candidate.plotStyle === '6_12_chart' && candidate.title === metric);
      const values = block?.plotStyle === '6_12_chart' ? block.pulse?.xmr[metric]?.values : undefined;
      return values?.at(-1);
    };
    expect(lastWeek('Opportunities opened')).toBe(7);
    expect(lastWeek('Deals won')).toBe(3);
    expect(lastWeek('Deals lost')).toBe(1);
    expect(lastWeek('Bookings')).toBe(3000);
    expect(lastWeek('Win rate')).toBe(0.75);
    // 3,000 over the 2 won with an amount: the deal of unknown size is left out, as the Sales page's average won deal.
    expect(lastWeek('Average deal size')).toBe(1500);
    const lastWeekWins = facts.filter((fact) => fact.stage === 'won' && fact.stageChangedOn >= '2026-11-15');
    expect(salesKpis(lastWeekWins, '2026-11-21').averageWonDeal).toBe(1500);
    const bookings = deck.blocks.find((candidate) => candidate.plotStyle === '6_12_chart' && candidate.title === 'Bookings');
    if (bookings?.plotStyle !== '6_12_chart') throw new Error('no Bookings chart');
    const target = bookings.yAxis.find((line) => line.lineStyle === 'target');
    expect(target?.legendName).toBe('Quota');
    const weekly = target !== undefined && 'Target' in target ? target.Target?.current[0] : undefined;
    expect(weekly !== undefined && 'primaryAxis' in weekly ? weekly.primaryAxis.slice(0, 6) : undefined).toEqual([70000, 70000, 70000, 70000, 70000, 70000]);
    // The table has a row for the bookings only: a target line has no box totals.
    expect(bookings.table.tableBody).toHaveLength(1);
  });
});
