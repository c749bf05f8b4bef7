import { describe, expect, it } from 'vitest';
import { parseWbrConfig } from '../../src/domain/wbr/wbr-config.js';
import { box, buildDeck, chart, configWith, dailyCsv, months, utcDay, weeks } from './wbr-fixtures.js';

/**
 * Where Pulse differs from the WBR App, one test per deviation listed in docs/wbr-compatibility.md (the App's
 * behaviour is described in each test's name), and the App quirks Pulse keeps on purpose for identical numbers.
 */
const csv = dailyCsv('2022-01-01', '2024-12-31', { Ones: () => 1, Rate: (day) => (day % 7 === 0 ? '0.2' : '0.1') });
const ones = '  Ones:\n    column: Ones\n    aggf: sum';

describe('deviations: where the App fails, Pulse answers', () => {
  it('D1 fiscal-year chart for a fiscal year ending in June (the App finds no month and fails)', () => {
    const config = configWith({ metrics: ones, charts: ['Ones'], fiscal: 'JUN', setupExtra: '  x_axis_monthly_display: fiscal_year' });
    const block = chart(buildDeck(config, csv), 0);
    // Jul-Dec 2024 are in the data; 2025 is not (like the App, labels stop with the data's months).
    expect(block.xAxis.slice(7)).toEqual(['Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']);
    expect(months(block)).toEqual([31, 31, 30, 31, 30, 31, '', '', '', '', '', '']);
  });

  it('D2 a fiscal year ending in November (the App fails with "month 0 is out of range")', () => {
    const block = chart(buildDeck(configWith({ metrics: ones, charts: ['Ones'], fiscal: 'NOV' }), csv), 0);
    // Quarters end in Nov, Feb, May and Aug: the quarter to date runs from Sep 1; the year from Dec 1.
    expect(box(block)[5]).toBe(25);
    expect(box(block)[7]).toBe(31 + 31 + 29 + 31 + 30 + 31 + 30 + 31 + 31 + 25);
  });

  it('D3 a December week with a fiscal year ending in March (the App fails with "month must be in 1..12")', () => {
    const block = chart(buildDeck(configWith({ metrics: ones, charts: ['Ones'], fiscal: 'MAR', weekEnding: '14-DEC-2024' }), csv), 0);
    expect(box(block)[5]).toBe(31 + 30 + 14); // QTD from Oct 1
    expect(box(block)[7]).toBe(30 + 31 + 30 + 31 + 31 + 30 + 31 + 30 + 14); // YTD from Apr 1
  });

  it('D4 a fiscal-year 12-month table starts at the fiscal year, not inside the weeks', () => {
    const table = `  - block:\n      ui_type: 12_MonthsTable\n      x_axis_monthly_display: fiscal_year\n      rows:\n        - row:\n            metric: Ones`;
    const deck = buildDeck(configWith({ metrics: ones, charts: [], extraBlocks: table }), csv);
    const block = deck.blocks[0];
    if (block?.plotStyle !== '12_MonthsTable') throw new Error('expected a 12-month table');
    expect(block.headers).toEqual(['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']);
    expect(block.rows[0]?.rowData).toEqual([31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]);
  });

  it('D4 a fiscal-year 12-month table names the months past the end of the data', () => {
    const table = `  - block:\n      ui_type: 12_MonthsTable\n      x_axis_monthly_display: fiscal_year\n      rows:\n        - row:\n            metric: Ones`;
    const block = buildDeck(configWith({ metrics: ones, charts: [], fiscal: 'JUN', extraBlocks: table }), csv).blocks[0];
    if (block?.plotStyle !== '12_MonthsTable') throw new Error('expected a 12-month table');
    expect(block.headers).toEqual(['Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec', 'Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun']);
    expect(block.rows[0]?.rowData).toEqual([31, 31, 30, 31, 30, 31, ' ', ' ', ' ', ' ', ' ', ' ']);
  });
});

describe('deviations: where the App is wrong or stricter, Pulse is right', () => {
  it('D5 filter metrics on a CSV not sorted by date (the App attaches values to the wrong dates)', () => {
    const rows = ['Date,V,Team'];
    for (let day = utcDay(2024, 9, 25); day >= utcDay(2024, 7, 1); day--) rows.push(`${new Date(day * 864e5).toISOString().slice(0, 10)},${day % 2 === 0 ? 2 : 1},A`);
    const config = configWith({ metrics: '  A:\n    filter:\n      base_column: V\n      query: Team == "A"\n    aggf: max', charts: ['A'] });
    expect(weeks(chart(buildDeck(config, `${rows.join('\n')}\n`), 0))).toEqual([2, 2, 2, 2, 2, 2]);
  });

  it('D6 a function metric may use one defined after it, or defined inline (the App fails)', () => {
    const metrics = `${ones}\n  Double:\n    function:\n      sum:\n        - metric:\n            name: Twice\n  Twice:\n    function:\n      sum:\n        - metric:\n            name: Ones\n        - metric:\n            name: Ones`;
    expect(weeks(chart(buildDeck(configWith({ metrics, charts: ['Double'] }), csv), 0))[5]).toBe(14);
    const inline = `${ones}\n  Quad:\n    function:\n      product:\n        - metric:\n            name: Pair\n            function:\n              sum:\n                - metric:\n                    name: Ones\n                - metric:\n                    name: Ones\n        - metric:\n            name: Ones`;
    expect(weeks(chart(buildDeck(configWith({ metrics: inline, charts: ['Quad'] }), csv), 0))[5]).toBe(14 * 7);
  });

  it('D7 `<source>.<column>` names of data_sources queries read the plain column of the uploaded CSV', () => {
    const config = configWith({ metrics: '  Ones:\n    column: main.Ones\n    aggf: sum', charts: ['Ones'] })
      .replace('metrics:\n', 'data_sources:\n  MyDb:\n    main:\n      query: SELECT 1\nmetrics:\n');
    expect(weeks(chart(buildDeck(config, csv), 0))[5]).toBe(7);
  });

  it('D8 unknown keys are errors (the App ignores them), except the keys its own samples use', () => {
    expect(() => parseWbrConfig(configWith({ metrics: `${ones}\n    colour: red`, charts: ['Ones'] }), { fileName: 'd.yaml' })).toThrow(/Unknown key "colour"/);
    const sample = parseWbrConfig(configWith({ metrics: `${ones}\n    box_total_scaling: bps`, charts: ['Ones'] }), { fileName: 'd.yaml' });
    expect(sample.warnings).toHaveLength(1);
  });

  it('D9 only the YOY, WOW and MOM series of a defined metric are pseudo-metrics (the App matches any name containing them)', () => {
    const metrics = '  MOMENTUM:\n    column: Ones\n    aggf: sum';
    const table = `  - block:\n      ui_type: 6_WeeksTable\n      rows:\n        - row:\n            metric: MOMENTUM`;
    const deck = buildDeck(configWith({ metrics, charts: [], extraBlocks: table }), csv);
    const block = deck.blocks[0];
    if (block?.plotStyle !== '6_week_table') throw new Error('expected a 6-week table');
    expect(block.rows[0]?.rowData).toEqual([7, 7, 7, 7, 7, 7, 87, 269]);
  });
});

describe('App behaviour kept on purpose (identical numbers)', () => {
  it('K1 the WOW cell of a YOY box compounds scale factors across metric groups', () => {
    // One bps metric and one percent metric: the bps metric's cell is scaled by 10,000 and then by 100.
    const metrics = `${ones}\n  Rate:\n    column: Rate\n    aggf: mean\n    metric_comparison_method: bps`;
    const deck = buildDeck(configWith({ metrics, charts: ['RateYOY'] }), csv);
    const yoyWeeks = weeks(chart(deck, 0)) as number[];
    const wow = box(chart(deck, 0))[1] as number;
    expect(wow).toBeCloseTo(((yoyWeeks[5] as number) - (yoyWeeks[4] as number)) * 10_000 * 100, 6);
  });

  it('K2 a month-end week compares MOM with the month two months back when the previous month is shorter', () => {
    const metrics = ones;
    const table = `  - block:\n      ui_type: 12_MonthsTable\n      rows:\n        - row:\n            metric: OnesMOM`;
    const deck = buildDeck(configWith({ metrics, charts: [], weekEnding: '30-APR-2024', extraBlocks: table }), csv);
    const block = deck.blocks[0];
    if (block?.plotStyle !== '12_MonthsTable') throw new Error('expected a 12-month table');
    // The last month shown is April 2024 (30 days); "a month earlier" is 30-Mar, not a month end, so the App's
    // previous window ends in February: April is compared with February 2024 (29 days).
    expect(block.rows[0]?.rowData[11]).toBeCloseTo(30 / 29 - 1, 12);
  });
});
