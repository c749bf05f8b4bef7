import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Deck, SixTwelveChartBlock } from '../../src/domain/wbr/deck-types.js';
import { box, buildDeck, chart, configWith, dailyCsv, isoOf, months, utcDay, weeks } from './wbr-fixtures.js';
import { buildWbrDeckFromText } from '../../src/domain/wbr/wbr-deck.js';

/**
 * The WBR rules on our own data. `Ones` is 1 every day (so a period's sum is its number of days), `Idx` is the
 * day number (so a week's sum is 7 × its last day − 21), `Rate` is 0.10 except 0.12 in the last week.
 */
const WEEK_ENDING = utcDay(2024, 9, 25); // a Wednesday
const csv = dailyCsv('2022-01-01', '2024-12-31', {
  Ones: () => 1,
  Idx: (day) => day,
  Rate: (day) => (day > WEEK_ENDING - 7 && day <= WEEK_ENDING ? '0.12' : '0.10'),
});
const metrics = [
  '  Ones:', '    column: Ones', '    aggf: sum',
  '  Idx:', '    column: Idx', '    aggf: sum',
  '  Rate:', '    column: Rate', '    aggf: mean', '    metric_comparison_method: bps',
].join('\n');

describe('weeks', () => {
  const deck = buildDeck(configWith({ metrics, charts: ['Ones', 'Idx', 'Rate'] }), csv);

  it('end on the week-ending weekday and hold seven days each', () => {
    expect(weeks(chart(deck, 0))).toEqual([7, 7, 7, 7, 7, 7]);
    const last = WEEK_ENDING;
    expect(weeks(chart(deck, 1))).toEqual([5, 4, 3, 2, 1, 0].map((k) => 7 * (last - 7 * k) - 21));
  });

  it('compare with the prior year 364 days earlier (same weekday)', () => {
    const priorLast = WEEK_ENDING - 364;
    expect(weeks(chart(deck, 1), 0, 'previous')).toEqual([5, 4, 3, 2, 1, 0].map((k) => 7 * (priorLast - 7 * k) - 21));
  });

  it('label weeks from the week number', () => {
    expect(chart(deck, 0).xAxis.slice(0, 7)).toEqual(['wk 34', 'wk 35', 'wk 36', 'wk 37', 'wk 38', 'wk 39', ' ']);
  });
});

describe('months', () => {
  const deck = buildDeck(configWith({ metrics, charts: ['Ones'] }), csv);

  it('show the twelve last full months', () => {
    expect(chart(deck, 0).xAxis.slice(7)).toEqual(['Sep', 'Oct', 'Nov', 'Dec', 'Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug']);
    expect(months(chart(deck, 0))).toEqual([30, 31, 30, 31, 31, 29, 31, 30, 31, 30, 31, 31]);
    expect(months(chart(deck, 0), 0, 'previous')).toEqual([30, 31, 30, 31, 31, 28, 31, 30, 31, 30, 31, 31]);
  });

  it('show the fiscal year, with the partial month counted over the whole calendar month', () => {
    const fiscal = configWith({ metrics, charts: ['Ones'], setupExtra: '  x_axis_monthly_display: fiscal_year' });
    const block = chart(buildDeck(fiscal, csv), 0);
    expect(block.xAxis.slice(7)).toEqual(['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']);
    expect(months(block)).toEqual([31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]);
  });

  it('leave the partial month blank when one day of it is missing', () => {
    const gap = csv.replace('2024-09-28,1,', '2024-09-28,,');
    const fiscal = configWith({ metrics, charts: ['Ones'], setupExtra: '  x_axis_monthly_display: fiscal_year' });
    expect(months(chart(buildDeck(fiscal, gap), 0))[8]).toBe('');
  });
});

describe('box totals', () => {
  it('give last week, WOW, YOY, MTD, QTD, YTD and their YOY (percent change)', () => {
    const deck = buildDeck(configWith({ metrics, charts: ['Ones'] }), csv);
    const ytd = 31 + 29 + 31 + 30 + 31 + 30 + 31 + 31 + 25;
    const priorYtd = ytd - 1; // 2023 is not a leap year
    const values = box(chart(deck, 0));
    expect(values.slice(0, 7)).toEqual([7, 0, 0, 25, 0, 31 + 31 + 25, 0]);
    expect(values[7]).toBe(ytd);
    expect(values[8]).toBeCloseTo((ytd / priorYtd - 1) * 100, 12);
    expect(chart(deck, 0).table.tableHeader).toEqual(['LastWk', 'WOW', 'YOY', 'MTD', 'YOY', 'QTD', 'YOY', 'YTD', 'YOY']);
  });

  it('compare bps metrics by difference × 10,000', () => {
    const block = chart(buildDeck(configWith({ metrics, charts: ['Rate'] }), csv), 0);
    expect(block.boxTotalScale).toBe('bps');
    expect(box(block)[0]).toBeCloseTo(0.12, 12);
    expect(box(block)[1]).toBeCloseTo(200, 9);
    expect(box(block)[2]).toBeCloseTo(200, 9);
  });

  it('follow a fiscal year ending in March (quarters Apr-Jun, Jul-Sep, ...)', () => {
    const values = box(chart(buildDeck(configWith({ metrics, charts: ['Ones'], fiscal: 'MAR' }), csv), 0));
    expect(values[5]).toBe(31 + 31 + 25);
    expect(values[7]).toBe(30 + 31 + 30 + 31 + 31 + 25);
  });

  it('show 0 where a value is missing, as the App does', () => {
    const blank = csv.replace(/(2024-09-2[2-5]),1,/g, '$1,,');
    const values = box(chart(buildDeck(configWith({ metrics, charts: ['Ones'] }), blank), 0));
    expect(values[0]).toBe(0); // the last week has blank days: its sum is blank, shown as 0
    expect(values[2]).toBe(0);
  });
});

describe('aggregation functions, several rows per date, filters', () => {
  const rows = ['Date,Value,Team'];
  for (let day = utcDay(2024, 7, 1); day <= utcDay(2024, 9, 30); day++) {
    const date = new Date(day * 86_400_000).toISOString().slice(0, 10);
    rows.push(`${date},1,A`, `${date},3,B`);
  }
  const teamCsv = `${rows.join('\n')}\n`;
  const cases: Array<[string, number]> = [['sum', 28], ['mean', 2], ['min', 1], ['max', 3], ['first', 1], ['last', 3], ['count', 7], ['median', 2]];

  for (const [aggf, weekly] of cases) {
    it(`${aggf} aggregates each day, then each week`, () => {
      const config = configWith({ metrics: `  V:\n    column: Value\n    aggf: ${aggf}`, charts: ['V'] });
      expect(weeks(chart(buildDeck(config, teamCsv), 0))).toEqual([weekly, weekly, weekly, weekly, weekly, weekly]);
    });
  }

  it('a filter metric keeps the rows its query selects', () => {
    const config = configWith({
      metrics: '  TeamB:\n    filter:\n      base_column: Value\n      query: "Team == \'B\' and Value > 2"\n    aggf: sum',
      charts: ['TeamB'],
    });
    expect(weeks(chart(buildDeck(config, teamCsv), 0))).toEqual([21, 21, 21, 21, 21, 21]);
  });

  it('a filter metric is right on a CSV that is not sorted by date', () => {
    const [header, ...body] = teamCsv.trim().split('\n');
    const shuffled = `${[header, ...body.reverse()].join('\n')}\n`;
    const config = configWith({ metrics: '  TeamA:\n    filter:\n      base_column: Value\n      query: Team == "A"\n    aggf: sum', charts: ['TeamA'] });
    expect(weeks(chart(buildDeck(config, shuffled), 0))).toEqual([7, 7, 7, 7, 7, 7]);
  });
});

describe('function metrics', () => {
  const gap = `
  Gap:
    function:
      difference:
        - metric:
            name: Idx
        - metric:
            name: Ones`;
  const others = `
  Both:
    function:
      sum:
        - metric:
            name: Ones
        - metric:
            name: Ones
        - metric:
            name: Ones
  Square:
    function:
      product:
        - metric:
            name: Ones
        - metric:
            name: Both
  PerDay:
    function:
      divide:
        - metric:
            name: Gap
        - metric:
            name: Ones`;
  const deck = buildDeck(configWith({ metrics: `${metrics}${gap}${others}`, charts: ['Gap', 'Both', 'Square', 'PerDay'] }), csv);

  it('apply difference, n-ary sum, product and divide to aggregated values', () => {
    const idxWeek = 7 * WEEK_ENDING - 21;
    expect(weeks(chart(deck, 0))[5]).toBe(idxWeek - 7);
    expect(weeks(chart(deck, 1))[5]).toBe(21);
    expect(weeks(chart(deck, 2))[5]).toBe(7 * 21);
    expect(weeks(chart(deck, 3))[5]).toBe((idxWeek - 7) / 7);
  });

  it('may use function metrics defined later (nested)', () => {
    const later = buildDeck(configWith({ metrics: `${metrics}${others}${gap}`, charts: ['PerDay'] }), csv);
    expect(weeks(chart(later, 0))[5]).toBe((7 * WEEK_ENDING - 21 - 7) / 7);
  });
});

describe('pseudo-metrics, targets and tables', () => {
  const blocks = `  - block:
      ui_type: 6_12Graph
      title: Target
      metrics:
        Ones:
          line_style: primary
        Idx:
          line_style: target
          graph_prior_year_flag: false
  - block:
      ui_type: 6_WeeksTable
      title: Six weeks
      rows:
        - row:
            header: Ones
            metric: Ones
        - row:
            header: growth
            metric: OnesYOY
        - row:
            header: A section header
  - block:
      ui_type: 12_MonthsTable
      title: Twelve months
      rows:
        - row:
            header: change
            metric: OnesMOM
  - block:
      ui_type: section
      title: Next part`;
  const deck = buildDeck(configWith({ metrics, charts: ['OnesWOW'], extraBlocks: blocks }), csv);

  it('WOW series compare each week with the week before', () => {
    expect(weeks(chart(deck, 0))).toEqual([0, 0, 0, 0, 0, 0]);
    expect(chart(deck, 0).yAxis[0]?.metric?.previous).toEqual([]);
    expect(box(chart(deck, 0))).toEqual(Array.from({ length: 9 }, () => 'N/A'));
  });

  it('a target line has its own key and no box row', () => {
    const block = chart(deck, 1);
    expect(block.yAxis[1]?.Target).toBeDefined();
    expect(block.yAxis[1]?.Target?.previous).toEqual([]);
    expect(block.table.tableBody).toHaveLength(1);
  });

  it('6-week table rows hold six weeks then QTD and YTD', () => {
    const table = deck.blocks[2];
    if (table?.plotStyle !== '6_week_table') throw new Error('expected a 6-week table');
    expect(table.headers).toEqual(['wk 34', 'wk 35', 'wk 36', 'wk 37', 'wk 38', 'wk 39', 'QTD', 'YTD']);
    expect(table.rows[0]?.rowData).toEqual([7, 7, 7, 7, 7, 7, 87, 269]);
    expect(table.rows[1]?.rowData.slice(0, 6)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(table.rows[2]).toEqual({ rowHeader: 'A section header', rowData: [], rowStyle: '', yScale: '' });
  });

  it('12-month table rows hold month-over-month changes', () => {
    const table = deck.blocks[3];
    if (table?.plotStyle !== '12_MonthsTable') throw new Error('expected a 12-month table');
    expect(table.headers[0]).toBe('Sep');
    // Sep 2023 (30 days) against Aug 2023 (31 days)
    expect(table.rows[0]?.rowData[0]).toBeCloseTo(30 / 31 - 1, 12);
  });

  it('sections pass through', () => {
    expect(deck.blocks[4]).toEqual({ plotStyle: 'section', title: 'Next part' });
  });
});

describe('XmR signals (Pulse)', () => {
  it('come with each chart metric: 26 baseline weeks and the 6 shown weeks', () => {
    const deck = buildDeck(configWith({ metrics: `${metrics}\n    good_direction: down`, charts: ['Rate'] }), csv);
    const xmr = chart(deck, 0).pulse?.xmr.Rate;
    expect(xmr?.values).toHaveLength(32);
    // The weeks' last days, once per deck: 32 Wednesdays ending on the week ending.
    expect(deck.pulse?.xmrWeekEndings).toHaveLength(32);
    expect(deck.pulse?.xmrWeekEndings?.at(-1)).toBe('2024-09-25');
    expect(deck.pulse?.xmrWeekEndings?.[0]).toBe('2024-02-21');
    const config = configWith({ metrics, charts: ['Rate'] });
    const withoutSignals = buildWbrDeckFromText({ configText: config, configFile: 'deck.yaml', csvText: csv, csvFile: 'data.csv', withSignals: false });
    expect(withoutSignals.pulse?.xmrWeekEndings).toBeNull();
    expect(chart(withoutSignals, 0).pulse).toBeUndefined();
    expect(xmr?.goodDirection).toBe('down');
    // The baseline never varies: the jump to 0.12 in the last week is outside the limits and bad for a "down" metric.
    expect(xmr?.signals.some((s) => s.weekIndex === 31 && s.rule === 'outside_limits' && s.isAnomaly)).toBe(true);
  });

  it('a run rule carries its first and last week to the deck JSON, and the HTML deck shades them', async () => {
    // Weekly rows on the Wednesdays: weeks 0-23 alternate 12 and 10 (crossing the centre every week, week 23 below
    // it), weeks 24-31 are 13. Baseline (weeks 0-25): centre (24 x 11 + 2 x 13) / 26 = 11.15, average moving range
    // (23 x 2 + 3 + 0) / 25 = 1.96, upper limit 16.37; 13 is inside the limits and nearer the centre than the
    // limit, so the only signal is the run of 8 above the centre, weeks 24-31.
    const rows = ['Date,Orders'];
    for (let week = 0; week < 32; week++) rows.push(`${isoOf(WEEK_ENDING - (31 - week) * 7)},${week >= 24 ? 13 : week % 2 === 0 ? 12 : 10}`);
    const deck = buildDeck(configWith({ metrics: '  Orders:\n    column: Orders\n    aggf: sum', charts: ['Orders'] }), `${rows.join('\n')}\n`);
    const signals = (JSON.parse(JSON.stringify(deck)) as Deck & { blocks: SixTwelveChartBlock[] }).blocks[0]?.pulse?.xmr.Orders?.signals;
    expect(signals).toEqual([{ weekIndex: 31, rule: 'eight_on_one_side', fromIndex: 24, toIndex: 31, direction: 'up', isAnomaly: true }]);
    const { renderDeckHtml } = await import('../../src/domain/wbr/html/render-deck-html.js');
    const html = renderDeckHtml(deck);
    expect(html.match(/<rect class="band bad"/g)).toHaveLength(1);
    expect(html).toContain('8 weeks in a row above the centre line');
  });
});

describe('streamed deck JSON', () => {
  it('is exactly the JSON of the built deck', async () => {
    const { parseWbrConfig, createDataScanner, buildWbrDeck, writeWbrDeckJson } = await import('../../src/domain/wbr/wbr-deck.js');
    const config = parseWbrConfig(configWith({ metrics, charts: ['Ones', 'RateYOY'], extraBlocks: '  - block:\n      ui_type: section\n      title: End' }), { fileName: 'deck.yaml' });
    const scanner = createDataScanner(config, 'data.csv');
    scanner.push(new TextEncoder().encode(csv));
    const data = scanner.end();
    const chunks: string[] = [];
    const seen: string[] = [];
    writeWbrDeckJson({ config, data }, (chunk) => chunks.push(chunk), (block) => seen.push(block.plotStyle));
    expect(chunks.join('')).toBe(JSON.stringify(buildWbrDeck({ config, data })));
    expect(seen).toEqual(['6_12_chart', '6_12_chart', 'section']);
  });

  /** Streams the deck of a config and CSV and checks it against JSON.stringify of the built deck, with and without signals. */
  async function expectStreamedEqualsBuilt(configText: string, csvText: string): Promise<void> {
    const { parseWbrConfig, createDataScanner, buildWbrDeck, writeWbrDeckJson } = await import('../../src/domain/wbr/wbr-deck.js');
    const config = parseWbrConfig(configText, { fileName: 'deck.yaml' });
    const scanner = createDataScanner(config, 'data.csv');
    scanner.push(new TextEncoder().encode(csvText));
    const data = scanner.end();
    for (const withSignals of [true, false]) {
      const chunks: string[] = [];
      writeWbrDeckJson({ config, data, withSignals }, (chunk) => chunks.push(chunk));
      expect(chunks.join('')).toBe(JSON.stringify(buildWbrDeck({ config, data, withSignals })));
    }
  }

  it('is exactly the JSON of the built deck for every kind of chart and series', async () => {
    // Charts with several lines, a target line, series that are not metrics (no prior year, no XmR), the same metric
    // twice, integer-like metric names (listed first among an object's keys), fiscal-year months, a function
    // metric, titles and legends that JSON must escape, a block without metrics, tables and a section.
    const extra = ['  "2024":', '    column: Ones', '    aggf: sum',
      '  Total:', '    function:', '      sum:', '        - metric:', '            name: Ones', '        - metric:', '            name: Idx'].join('\n');
    const charts = `  - block:
      ui_type: 6_12Graph
      title: "Mix \\ \\"quoted\\" – ünïcödé \\u2028 \\ud800"
      y_scaling: "##.2f"
      x_axis_monthly_display: fiscal_year
      axes: 1
      metrics:
        Rate:
          legend_name: "Rate \\"bps\\""
        "2024":
          graph_prior_year_flag: false
        Total:
          line_style: target
        RateYOY:
        IdxWOW:
        OnesMOM:
        Rate:
  - block:
      ui_type: 6_12Graph
      title: Empty
      metrics: {}
  - block:
      ui_type: 6_WeeksTable
      title: Weeks
      rows:
        - row:
            header: Ones
            metric: Ones
  - block:
      ui_type: 12_MonthsTable
      title: Months
      rows:
        - row:
            header: Rate
            metric: Rate
  - block:
      ui_type: section
      title: End`;
    await expectStreamedEqualsBuilt(configWith({ metrics: `${metrics}\n${extra}`, charts: ['Ones', 'Total', 'IdxYOY'], fiscal: 'MAR', extraBlocks: charts }), csv);
  });

  it('is exactly the JSON of the built deck for the reference scenarios', async () => {
    const scenariosDir = fileURLToPath(new URL('../../../shared/wbr/scenarios/', import.meta.url));
    const scenarios = existsSync(scenariosDir) ? readdirSync(scenariosDir).filter((name) => existsSync(`${scenariosDir}${name}/config.yaml`)) : [];
    for (const scenario of scenarios) {
      const dir = `${scenariosDir}${scenario}/`;
      await expectStreamedEqualsBuilt(readFileSync(`${dir}config.yaml`, 'utf8'), readFileSync(`${dir}original.csv`, 'utf8'));
    }
  });
});

describe('weekly data, embedded content and annotations', () => {
  it('weekly rows (one per week, on the week-ending weekday) fill one week each', () => {
    const rows = ['Date,Signups'];
    for (let day = WEEK_ENDING - 7 * 70; day <= WEEK_ENDING; day += 7) rows.push(`${new Date(day * 864e5).toISOString().slice(0, 10)},100`);
    const block = chart(buildDeck(configWith({ metrics: '  Signups:\n    column: Signups\n    aggf: sum', charts: ['Signups'] }), `${rows.join('\n')}\n`), 0);
    expect(weeks(block)).toEqual([100, 100, 100, 100, 100, 100]);
    // August 2024 has four Wednesdays (7, 14, 21, 28): four weekly rows.
    expect(months(block)[11]).toBe(400);
  });

  it('embedded content keeps its source and reads sizes like 700px', () => {
    const extra = '  - block:\n      ui_type: embedded_content\n      title: Dashboard\n      source: https://example.org/embed\n      height: 400px\n      width: "700px"';
    const deck = buildDeck(configWith({ metrics, charts: [], extraBlocks: extra }), csv);
    expect(deck.blocks[0]).toEqual({ plotStyle: 'embedded_content', id: 'iframe_id', source: 'https://example.org/embed', name: '', height: 400, width: 700, title: 'Dashboard' });
  });

  it('annotations in the shown weeks (this year and last) go to their blocks; unknown metrics are reported', async () => {
    const { parseWbrConfig, createDataScanner, buildWbrDeck } = await import('../../src/domain/wbr/wbr-deck.js');
    const config = parseWbrConfig(configWith({ metrics, charts: ['Ones', 'Idx'] }), { fileName: 'deck.yaml' });
    const scanner = createDataScanner(config, 'data.csv');
    scanner.push(new TextEncoder().encode(csv));
    const annotations = [
      { date: WEEK_ENDING - 3, metricName: 'Ones', description: 'Launch' },
      { date: WEEK_ENDING - 364 - 10, metricName: 'Ones', description: 'Last year' },
      { date: WEEK_ENDING - 60, metricName: 'Ones', description: 'Too old' },
      { date: WEEK_ENDING - 1, metricName: 'Revenue', description: 'Unknown' },
    ];
    const deck = buildWbrDeck({ config, data: scanner.end(), annotations });
    expect(chart(deck, 0).annotations).toEqual([
      { metric: 'Ones', description: 'Launch', date: 'September 22 2024' },
      { metric: 'Ones', description: 'Last year', date: 'September 17 2023' },
    ]);
    expect(chart(deck, 1).annotations).toEqual([]);
    expect(deck.annotationErrors).toBe('Metric Revenue not present the metric list');
  });
});
