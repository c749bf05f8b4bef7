import { describe, expect, it } from 'vitest';
import { parseWbrConfig } from '../../src/domain/wbr/wbr-config.js';
import type { Deck } from '../../src/domain/wbr/deck-types.js';
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

describe('the compatibility switch: each App bug that changes numbers, built both ways', () => {
  /** The same config built as the App does (the default) and with `setup.pulse_compatibility: corrected`. */
  const bothWays = (options: Parameters<typeof configWith>[0], data = csv): { app: Deck; corrected: Deck } => ({
    app: buildDeck(configWith(options), data),
    corrected: buildDeck(configWith({ ...options, setupExtra: [options.setupExtra, '  pulse_compatibility: corrected'].filter(Boolean).join('\n') }), data),
  });
  // From 19-SEP-2024 (the last shown week, 19-25 Sep) Tens doubles: weekly sums 7 / 14 / 140, the week before 7 / 14 / 70.
  const stepped = dailyCsv('2022-01-01', '2024-12-31', {
    Ones: () => 1, Twos: () => 2, Tens: (day) => (day >= utcDay(2024, 9, 19) ? 20 : 10), Rate: (day) => (day >= utcDay(2024, 9, 19) ? '0.2' : '0.1'),
  });
  const sumOf = (names: string[]): string => `    function:\n      sum:\n${names.map((name) => `        - metric:\n            name: ${name}`).join('\n')}`;
  const column = (name: string): string => `  ${name}:\n    column: ${name}\n    aggf: sum`;

  it('the default is app; any other value than app or corrected is refused with its line', () => {
    expect(parseWbrConfig(configWith({ metrics: ones, charts: ['Ones'] }), { fileName: 'd.yaml' }).setup.compatibility).toBe('app');
    expect(() => parseWbrConfig(configWith({ metrics: ones, charts: ['Ones'], setupExtra: '  pulse_compatibility: fixed' }), { fileName: 'd.yaml' }))
      .toThrow(/setup\.pulse_compatibility must be app or corrected, not "fixed"/);
  });

  it('K1 the WOW cell of a YOY box: the App compounds scale factors across metric groups, corrected scales once', () => {
    // Rate (bps, mean): CY week 6 0.2 and week 5 0.1, PY weeks 0.1, so the weekly YOY differences are 0.1 and 0.
    // Their change is 0.1: scaled by 10,000 (bps) once it is 1,000; the App then scales by 100 again because the
    // deck also has a percent metric (Ones): 100,000.
    const metrics = `${ones}\n  Rate:\n    column: Rate\n    aggf: mean\n    metric_comparison_method: bps`;
    const { app, corrected } = bothWays({ metrics, charts: ['RateYOY'] }, stepped);
    expect(box(chart(app, 0))[1]).toBeCloseTo(100_000, 6);
    expect(box(chart(corrected, 0))[1]).toBeCloseTo(1_000, 9);
  });

  it('K2 MOM after a month-end week: the App compares April with February, corrected with March', () => {
    const table = `  - block:\n      ui_type: 12_MonthsTable\n      rows:\n        - row:\n            metric: OnesMOM`;
    const { app, corrected } = bothWays({ metrics: ones, charts: [], weekEnding: '30-APR-2024', extraBlocks: table });
    const rowData = (deck: Deck): unknown[] => {
      const block = deck.blocks[0];
      if (block?.plotStyle !== '12_MonthsTable') throw new Error('expected a 12-month table');
      return block.rows[0]?.rowData ?? [];
    };
    // "A month earlier" is 30-MAR, not a month end, so the App's previous twelve months end in February: every
    // month is compared with two months back. May 2023 (31 days) vs March (31) and April 2024 (30) vs February (29).
    expect(rowData(app)[0]).toBeCloseTo(0, 12);
    expect(rowData(app)[11]).toBeCloseTo(30 / 29 - 1, 12);
    // Corrected: May 2023 vs April 2023 (30 days), April 2024 vs March 2024 (31).
    expect(rowData(corrected)[0]).toBeCloseTo(31 / 30 - 1, 12);
    expect(rowData(corrected)[11]).toBeCloseTo(30 / 31 - 1, 12);
  });

  it('K3 a sum metric referred to by another function: the App sums every metric\'s period values, corrected only the operands', () => {
    const metrics = [column('Twos'), column('Tens'), ones, `  Total:\n${sumOf(['Ones', 'Twos'])}`,
      '  Share:\n    function:\n      divide:\n        - metric:\n            name: Total\n        - metric:\n            name: Ones'].join('\n');
    const { app, corrected } = bothWays({ metrics, charts: ['Share'] }, stepped);
    // The WOW cell of Share divides Total's period values by Ones'. The App's Total for the last week is
    // 14 + 140 + 7 = 161 (Tens counted), the week before 14 + 70 + 7 = 91: (161/7) / (91/7) - 1 = 70/91 = 76.9 %.
    expect(box(chart(app, 0))[1]).toBeCloseTo((161 / 91 - 1) * 100, 9);
    // Corrected, Total is Ones + Twos = 21 in both weeks: no change.
    expect(box(chart(corrected, 0))[1]).toBeCloseTo(0, 12);
    // The chart's own numbers (Total / Ones = 3 every week) are the same both ways.
    expect(weeks(chart(app, 0))).toEqual([3, 3, 3, 3, 3, 3]);
    expect(weeks(chart(corrected, 0))).toEqual([3, 3, 3, 3, 3, 3]);
  });

  it('K8 a leap-year February week: the App\'s prior year is one month behind (February 2023 twice), corrected it is aligned', () => {
    // 28-FEB-2024 is not a month end (2024 is a leap year), so the chart's twelve months run Feb 2023 - Jan 2024;
    // 28-FEB-2023 is a month end, so the App's prior-year months run Mar 2022 - Feb 2023: each prior-year month is
    // the one after the month it is drawn against (Feb 2023 against Jan 2024).
    const { app, corrected } = bothWays({ metrics: ones, charts: ['Ones'], weekEnding: '28-FEB-2024' });
    const current = [28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31, 31];
    expect(months(chart(app, 0))).toEqual(current);
    expect(months(chart(app, 0), 0, 'previous')).toEqual([31, 30, 31, 30, 31, 31, 30, 31, 30, 31, 31, 28]);
    // Corrected: Feb 2022 - Jan 2023, each month a year before the month it is drawn against.
    expect(months(chart(corrected, 0))).toEqual(current);
    expect(months(chart(corrected, 0), 0, 'previous')).toEqual(current);
  });

  it('K9 WOW of a sum of three metrics: the App adds only the first two operands, corrected all three', () => {
    const metrics = [column('Twos'), column('Tens'), ones, `  Total:\n${sumOf(['Ones', 'Twos', 'Tens'])}`].join('\n');
    const { app, corrected } = bothWays({ metrics, charts: ['TotalWOW'] }, stepped);
    // The App: Ones + Twos = 21 in every week, no change. Corrected: 161 in the last week against 91 the week before.
    expect(weeks(chart(app, 0))[5]).toBeCloseTo(0, 12);
    expect(weeks(chart(corrected, 0))[5]).toBeCloseTo(161 / 91 - 1, 12);
  });
});
