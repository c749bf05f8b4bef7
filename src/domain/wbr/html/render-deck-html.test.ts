import { describe, expect, it } from 'vitest';
import type { AxisSeries, ChartLine, ChartValue, Deck, DeckXmr, SixTwelveChartBlock, TableRow } from '../deck-types.js';
import { renderDeckHtml, writeDeckHtml } from './render-deck-html.js';

// The team's own small decks, shaped like the App's deck JSON.
const WEEK_LABELS = ['wk 33', 'wk 34', 'wk 35', 'wk 36', 'wk 37', 'wk 38'];
const MONTH_LABELS = ['Sep', 'Oct', 'Nov', 'Dec', 'Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug'];
const X_AXIS = [...WEEK_LABELS, ' ', ...MONTH_LABELS];

function series(weeks: ChartValue[], months: ChartValue[]): AxisSeries {
  return [{ primaryAxis: [...weeks, ...Array<ChartValue>(13).fill('')] }, { secondaryAxis: [...Array<ChartValue>(7).fill(''), ...months] }];
}

const CY_WEEKS = [100, 110, 105, 120, 115, 130];
const CY_MONTHS = [400, 420, 430, 440, 450, 470, 480, 500, 510, 515, 520, 530];
const PY_WEEKS = [90, 95, 92, 100, 98, 104];
const PY_MONTHS = [350, 360, 370, 380, 390, 400, 410, 420, 430, 440, 450, 460];

function metricLine(legendName: string, overrides: Partial<ChartLine> = {}): ChartLine {
  return { lineStyle: 'primary', metric: { current: series(CY_WEEKS, CY_MONTHS), previous: series(PY_WEEKS, PY_MONTHS) }, legendName, ...overrides };
}

function chartBlock(overrides: Partial<SixTwelveChartBlock> = {}): SixTwelveChartBlock {
  return {
    plotStyle: '6_12_chart',
    title: 'Orders',
    yLabel: '',
    yScale: '##.1KK',
    boxTotalScale: '%',
    axes: 2,
    xAxis: X_AXIS,
    yAxis: [metricLine('Orders')],
    table: {
      tableHeader: ['LastWk', 'WOW', 'YOY', 'MTD', 'YOY', 'QTD', 'YOY', 'YTD', 'YOY'],
      tableBody: [[130000, 13.043478, 25, 540000, -3.5, 1200000, 'N/A', 5000000, 0]],
    },
    tooltip: 'false',
    annotations: [],
    ...overrides,
  };
}

function deckOf(blocks: Deck['blocks'], overrides: Partial<Deck> = {}): Deck {
  return { blocks, title: 'Weekly review', weekEnding: '25 September 2021', blockStartingNumber: 1, xAxisMonthlyDisplay: null, annotationErrors: null, ...overrides };
}

/** An XmR entry over 26 baseline + 6 shown weeks: centre 110, limits 95 and 125. */
function xmrEntry(signals: DeckXmr['signals'], limits: Partial<DeckXmr> = {}): DeckXmr {
  return {
    values: [...Array<number>(26).fill(110), ...CY_WEEKS],
    baselineWeeks: 26,
    shownWeeks: 6,
    goodDirection: 'up',
    centreLine: 110,
    upperLimit: 125,
    lowerLimit: 95,
    averageMovingRange: 15 / 2.66,
    signals,
    ...limits,
  };
}

const SIX_WEEK_ROWS: TableRow[] = [
  { rowHeader: 'Traffic', rowData: [], rowStyle: 'font-weight:bold; text-align:left;', yScale: '' },
  { rowHeader: 'Page views', rowData: [470759324, 460207741, ' ', 457477195, 464148871, 499671126, 6114047468, 18665110807], rowStyle: 'text-align:center;', yScale: '##.1MM' },
  { rowHeader: 'Desktop share', rowData: [0.52, 0.51, 0.53, 0.5, 0.49, 0.515, 0.51, 0.52], rowStyle: '', yScale: '##.1%' },
];

function count(html: string, fragment: string): number {
  return html.split(fragment).length - 1;
}

/** The chart SVGs of a page, without the legend swatches. */
function chartSvgs(html: string): string {
  return (html.match(/<svg class="chart"[\s\S]*?<\/svg>/g) ?? []).join('');
}

describe('renderDeckHtml: page structure', () => {
  const html = renderDeckHtml(
    deckOf([
      chartBlock(),
      { plotStyle: 'section', title: 'Customers' },
      { plotStyle: '6_week_table', title: 'Six weeks', headers: [...WEEK_LABELS, 'QTD', 'YTD'], rows: SIX_WEEK_ROWS, annotations: [] },
      { plotStyle: '12_MonthsTable', title: 'Twelve months', headers: MONTH_LABELS, rows: [{ rowHeader: 'Orders', rowData: CY_MONTHS, rowStyle: '', yScale: '' }], annotations: [] },
      { plotStyle: 'embedded_content', id: 'iframe_id', source: 'https://example.com/board', name: 'board', height: 300, width: 700, title: 'Board' },
    ]),
  );

  it('is one self-contained page: inline style, no script, no external resource', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(count(html, '<style>')).toBe(1);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\(/i);
    expect(html).not.toMatch(/\ssrc=/);
    // The only external address is the embedded block's, as a plain link.
    expect(html.match(/https?:\/\/[^"<\s)]+/g)).toEqual(['https://example.com/board', 'https://example.com/board']);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'`);
  });

  it('shows the title and the week ending', () => {
    expect(html).toContain('<title>Weekly review (week ending 25 September 2021)</title>');
    expect(html).toContain('<h1>Weekly review</h1>');
    expect(html).toContain('Week ending 25 September 2021');
  });

  it('renders the blocks in order, numbering charts and tables but not sections and embedded content', () => {
    const order = [' Orders</h2>', 'class="section-title"', ' Six weeks</h3>', ' Twelve months</h3>', '>Board</h3>'].map((fragment) => html.indexOf(fragment));
    expect(order.every((position, i) => position > 0 && (i === 0 || position > (order[i - 1] ?? 0)))).toBe(true);
    expect(html).toContain('<span class="num">1.</span> Orders');
    expect(html).toContain('<span class="num">2.</span> Six weeks');
    expect(html).toContain('<span class="num">3.</span> Twelve months');
    expect(html).toMatch(/<h3 class="block-title" id="block-5-h">Board<\/h3>/);
  });

  it('starts numbering at blockStartingNumber', () => {
    const numbered = renderDeckHtml(deckOf([chartBlock(), chartBlock()], { blockStartingNumber: 7 }));
    expect(numbered).toContain('<span class="num">7.</span>');
    expect(numbered).toContain('<span class="num">8.</span>');
  });

  it('draws one accessible SVG per chart, titled with the block number', () => {
    expect(count(html, '<svg class="chart"')).toBe(1);
    expect(html).toMatch(/<svg class="chart"[^>]*role="img" aria-labelledby="block-1-t block-1-d"/);
    expect(html).toContain('<title id="block-1-t">1. Orders</title>');
  });

  it('writes the same page piece by piece', () => {
    const chunks: string[] = [];
    const deck = deckOf([chartBlock(), { plotStyle: 'section', title: 'S' }]);
    writeDeckHtml(deck, (chunk) => chunks.push(chunk));
    expect(chunks.length).toBeGreaterThan(2);
    expect(chunks.join('')).toBe(renderDeckHtml(deck));
  });
});

describe('renderDeckHtml: 6-12 charts', () => {
  it('draws the current year solid and the prior year dashed, weeks and months as separate segments', () => {
    const html = renderDeckHtml(deckOf([chartBlock()]));
    const current = html.match(/<path class="cy s0" d="([^"]+)"/)?.[1] ?? '';
    const prior = html.match(/<path class="py s0" d="([^"]+)"/)?.[1] ?? '';
    expect(count(current, 'M')).toBe(2);
    expect(count(current, 'L')).toBe(5 + 11);
    expect(count(prior, 'M')).toBe(2);
  });

  it('leaves out the prior year when the block has none', () => {
    const line = metricLine('Orders', { metric: { current: series(CY_WEEKS, CY_MONTHS), previous: [] } });
    const html = renderDeckHtml(deckOf([chartBlock({ yAxis: [line] })]));
    expect(html).not.toContain('class="py');
    expect(html).not.toContain('prior year</li>');
  });

  it('breaks a line at a missing point', () => {
    const line = metricLine('Orders', { metric: { current: series([100, 110, '', 120, 115, 130], CY_MONTHS), previous: [] } });
    const current = renderDeckHtml(deckOf([chartBlock({ yAxis: [line] })])).match(/<path class="cy s0" d="([^"]+)"/)?.[1] ?? '';
    expect(count(current, 'M')).toBe(3);
  });

  it('says so when a chart has no data at all', () => {
    const empty = metricLine('Orders', { metric: { current: series(Array<ChartValue>(6).fill(''), Array<ChartValue>(12).fill('')), previous: [] } });
    expect(renderDeckHtml(deckOf([chartBlock({ yAxis: [empty] })]))).toContain('No data for this period');
  });

  it('draws targets as triangles without a line', () => {
    const target: ChartLine = { lineStyle: 'target', Target: { current: series(['', '', '', '', '', 125], CY_MONTHS.map((v) => v + 20)), previous: [] }, legendName: 'Goal' };
    const html = renderDeckHtml(deckOf([chartBlock({ yAxis: [metricLine('Orders'), target] })]));
    const triangles = html.match(/<path class="tgt" d="([^"]+)"/)?.[1] ?? '';
    expect(count(triangles, 'M')).toBe(1 + 12);
    expect(html).toContain('Goal (target)</li>');
  });

  it('draws a catalog target across the six weeks, taking it into the scale, and names it in the legend', () => {
    // Weeks of 100-130 and a target of 300 orders: the scale reaches the target, drawn as one dashed line.
    const chart = chartBlock({ yScale: '##', axes: 2, pulse: { xmr: { Orders: xmrEntry([]) }, catalogTargets: { Orders: { value: 300, written: 300, unit: 'orders' } } } });
    const html = renderDeckHtml(deckOf([chart]));
    const line = /<path class="ctg" d="M(\d+) (\d+)H(\d+)"\/>/.exec(html);
    expect(line).not.toBeNull();
    expect(Number(line![2])).toBeGreaterThanOrEqual(22);
    expect(Number(line![2])).toBeLessThan(100);
    expect(html).toContain('>300<');
    expect(html).toContain('Orders, target 300 orders a week (metric catalog)</li>');
    expect(html).toContain('Orders (catalog target 300 orders a week)');
    // Without a catalog target, no such line.
    expect(renderDeckHtml(deckOf([chartBlock({ pulse: { xmr: { Orders: xmrEntry([]) } } })]))).not.toContain('class="ctg"');
  });

  it('labels the y axes with the y_scaling unit: weeks on the left, months on the right', () => {
    const html = renderDeckHtml(deckOf([chartBlock({ yScale: '##.1KK', axes: 2 })]));
    const ticks = [...html.matchAll(/<text x="[\d.]+" y="[\d.]+" text-anchor="(end|start)">([^<]+)<\/text>/g)];
    expect(ticks.filter((tick) => tick[1] === 'end').length).toBeGreaterThan(2);
    expect(ticks.filter((tick) => tick[1] === 'start').length).toBeGreaterThan(2);
    expect(ticks.every((tick) => /^[\d,.]+K$/.test(tick[2] ?? ''))).toBe(true);
  });

  it('uses one axis on the left only when the block has one axis', () => {
    const html = renderDeckHtml(deckOf([chartBlock({ yScale: '##%', axes: 1 })]));
    expect(html).not.toContain('text-anchor="start"');
    // Tens of thousands of percent are shortened to fit beside the plot.
    expect(html).toMatch(/text-anchor="end">[\d,.]+K?%<\/text>/);
  });

  it('adds decimals to tick labels that would otherwise read the same', () => {
    const flat = metricLine('Share', { metric: { current: series([0.51, 0.512, 0.514, 0.513, 0.515, 0.516], Array<ChartValue>(12).fill(0.513)), previous: [] } });
    const html = renderDeckHtml(deckOf([chartBlock({ yScale: '##%', axes: 1, yAxis: [flat] })]));
    const labels = [...html.matchAll(/text-anchor="end">([^<]+)<\/text>/g)].map((match) => match[1]);
    expect(new Set(labels).size).toBe(labels.length);
    expect(labels.some((label) => label?.includes('.'))).toBe(true);
  });

  it('puts hover titles on points only when the block asks for tooltips', () => {
    expect(renderDeckHtml(deckOf([chartBlock({ tooltip: 'false' })]))).not.toContain('class="hit"');
    const html = renderDeckHtml(deckOf([chartBlock({ tooltip: 'true' })]));
    expect(count(html, 'class="hit"')).toBe(18);
    expect(html).toContain('<title>Orders, wk 38: 0.1K</title>');
  });
});

describe('renderDeckHtml: box totals', () => {
  it('formats values with the chart mask and comparisons as percentages', () => {
    const html = renderDeckHtml(deckOf([chartBlock()]));
    const cells = [...(html.match(/<table class="box">[\s\S]*?<\/table>/)?.[0] ?? '').matchAll(/<td class="(?:val|cmp)">([^<]*)<\/td>/g)].map((m) => m[1]);
    expect(cells).toEqual(['130.0K', '+13.0%', '+25.0%', '540.0K', '-3.5%', '1,200.0K', 'N/A', '5,000.0K', '0.0%']);
    expect(html).toContain('<th scope="row">Orders</th>');
  });

  it('formats comparisons in basis points for a bps chart', () => {
    const html = renderDeckHtml(deckOf([chartBlock({ yScale: '##.1%', boxTotalScale: 'bps', table: { tableHeader: ['LastWk', 'WOW', 'YOY', 'MTD', 'YOY', 'QTD', 'YOY', 'YTD', 'YOY'], tableBody: [[0.523, 12.4, -30.6, 0.51, 0, 0.5, 'N/A', 0.49, 101] ] } })]));
    const cells = [...html.matchAll(/<td class="(?:val|cmp)">([^<]*)<\/td>/g)].map((m) => m[1]);
    expect(cells).toEqual(['52.3%', '+12bps', '-31bps', '51.0%', '0bps', '50.0%', 'N/A', '49.0%', '+101bps']);
  });

  it('names each row after its metric line, skipping targets', () => {
    const target: ChartLine = { lineStyle: 'target', Target: { current: series(CY_WEEKS, CY_MONTHS), previous: [] }, legendName: 'Goal' };
    const html = renderDeckHtml(deckOf([chartBlock({ yAxis: [target, metricLine('Orders'), metricLine('Returns', { lineStyle: 'secondary' })], table: { tableHeader: ['LastWk', 'WOW', 'YOY', 'MTD', 'YOY', 'QTD', 'YOY', 'YTD', 'YOY'], tableBody: [[1, 1, 1, 1, 1, 1, 1, 1, 1], [2, 2, 2, 2, 2, 2, 2, 2, 2]] } })]));
    expect([...html.matchAll(/<th scope="row">([^<]*)<\/th>/g)].map((m) => m[1])).toEqual(['Orders', 'Returns']);
  });

  it('groups the nine columns under Week, Month, Quarter and Year to date, and only those nine', () => {
    expect(renderDeckHtml(deckOf([chartBlock()]))).toContain('<th scope="colgroup" colspan="3">Week</th><th scope="colgroup" colspan="2">Month to date</th>');
    const other = renderDeckHtml(deckOf([chartBlock({ table: { tableHeader: ['LastWk', 'WOW'], tableBody: [[1, 2]] } })]));
    expect(other).not.toContain('colgroup');
    expect(other).toContain('<th scope="col" class="val">LastWk</th><th scope="col" class="cmp">WOW</th>');
  });

  it('has no box table when the block has no header (no metric)', () => {
    expect(renderDeckHtml(deckOf([chartBlock({ yAxis: [], table: { tableBody: [] } })]))).not.toContain('class="box"');
  });
});

describe('renderDeckHtml: tables', () => {
  const html = renderDeckHtml(
    deckOf([
      {
        plotStyle: '6_week_table',
        title: 'Six weeks',
        headers: [...WEEK_LABELS, 'QTD', 'YTD'],
        rows: SIX_WEEK_ROWS,
        annotations: [[{ metric: 'PageViews', description: 'Campaign launched', date: 'September 20 2021' }]],
      },
    ]),
  );

  it('renders header-only rows as group headings and data rows with the row mask', () => {
    expect(html).toContain('<tr class="group row-bold"><th scope="colgroup" colspan="9">Traffic</th></tr>');
    expect(html).toContain('<tr class="row-center"><th scope="row">Page views</th><td>470.8M</td><td>460.2M</td><td>–</td><td>457.5M</td>');
    expect(html).toContain('<td>6,114.0M</td><td>18,665.1M</td>');
    expect(html).toContain('<th scope="row">Desktop share</th><td>52.0%</td>');
  });

  it('never copies a config row style into the page', () => {
    expect(html).not.toContain('style=');
  });

  it('lists the annotations of the block', () => {
    expect(html).toContain('<time>September 20 2021</time> · <strong>PageViews</strong>: Campaign launched');
  });

  it('shows the deck annotation errors', () => {
    const withErrors = renderDeckHtml(deckOf([], { annotationErrors: 'Metric Foo not present the metric list' }));
    expect(withErrors).toContain('role="note">Some annotations were not shown:\nMetric Foo not present the metric list</p>');
  });
});

describe('renderDeckHtml: escaping', () => {
  const attack = '<script>alert("x")</script>';
  const html = renderDeckHtml(
    deckOf(
      [
        chartBlock({ title: attack, yAxis: [metricLine(`"><img src=x onerror=alert(1)>`)], annotations: [{ metric: attack, description: attack, date: attack }], xAxis: [`<b>`, ...X_AXIS.slice(1)] }),
        { plotStyle: 'section', title: attack },
        { plotStyle: '6_week_table', title: attack, headers: [attack, ...WEEK_LABELS.slice(1), 'QTD', 'YTD'], rows: [{ rowHeader: attack, rowData: [1, 2, 3, 4, 5, 6, 7, 8], rowStyle: `" onmouseover="alert(1)`, yScale: attack }], annotations: [] },
        { plotStyle: 'embedded_content', id: 'iframe_id', source: 'javascript:alert(1)', name: attack, height: '', width: '', title: attack },
        { plotStyle: 'embedded_content', id: 'iframe_id', source: 'https://example.com/"onclick="alert(1)', name: 'n', height: '', width: '', title: 't' },
      ],
      { title: attack, annotationErrors: attack },
    ),
  );

  it('renders every config string inert', () => {
    // No tag from the config, and no attribute broken out of its quotes.
    expect(html).not.toMatch(/<script|<img|<b>/i);
    expect(html).not.toMatch(/\son\w+="/i);
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
  });

  it('links only web addresses', () => {
    expect(html).not.toContain('href="javascript');
    expect(html).toContain('<code>javascript:alert(1)</code>');
    expect(html).toContain('href="https://example.com/&quot;onclick=&quot;alert(1)"');
  });
});

describe('renderDeckHtml: XmR limits and signals', () => {
  it('draws the limits and the centre line over the weekly part', () => {
    const html = renderDeckHtml(deckOf([chartBlock({ pulse: { xmr: { Orders: xmrEntry([]) } } })]));
    expect(count(chartSvgs(html), '<path class="lim"')).toBe(2);
    expect(count(chartSvgs(html), '<path class="ctr"')).toBe(1);
    expect(html).toContain('XmR limits (weeks)</li>');
    expect(html).not.toContain('class="signals-index"');
  });

  it('rings signals with an accessible title, lists them under the chart and in the deck index', () => {
    // Week index 31 is the last shown week (wk 38): 130 is above the upper limit 125.
    const signals: DeckXmr['signals'] = [
      { weekIndex: 31, fromIndex: 31, toIndex: 31, rule: 'outside_limits', direction: 'up', isAnomaly: false },
      { weekIndex: 30, fromIndex: 27, toIndex: 30, rule: 'three_of_four_near_limit', direction: 'down', isAnomaly: true },
      // Before the shown weeks: not on the chart.
      { weekIndex: 20, fromIndex: 20, toIndex: 20, rule: 'outside_limits', direction: 'down', isAnomaly: true },
    ];
    const html = renderDeckHtml(deckOf([chartBlock({ pulse: { xmr: { Orders: xmrEntry(signals) } } })]));
    expect(count(chartSvgs(html), '<circle class="ring good"')).toBe(1);
    expect(count(chartSvgs(html), '<circle class="ring bad"')).toBe(1);
    expect(html).toContain('<title>Orders, wk 38: above the upper natural process limit (signal in the good direction)</title>');
    expect(html).toContain('<li><span class="tag bad">Bad signal</span> wk 37: 3 of 4 weeks nearer the lower limit than the centre line</li>');
    expect(html).toContain('Signals in the six weeks shown: 1 in the bad direction, 1 in the good direction, on 1 chart');
    expect(html).toContain('<a href="#block-1">1. Orders</a> <span class="tag bad">1 bad</span> <span class="tag good">1 good</span>');
    expect(html).toContain('wk 37: 3 of 4 near the lower limit; wk 38: above the upper limit');
  });

  it('counts signals, not anomalies, over the six weeks shown, and a metric on two charts once', () => {
    // The review's anomalies are agenda items, one per metric: the deck's words must not give them another count.
    const signals: DeckXmr['signals'] = [
      { weekIndex: 31, fromIndex: 31, toIndex: 31, rule: 'outside_limits', direction: 'up', isAnomaly: false },
      { weekIndex: 30, fromIndex: 27, toIndex: 30, rule: 'three_of_four_near_limit', direction: 'down', isAnomaly: true },
      { weekIndex: 29, fromIndex: 29, toIndex: 29, rule: 'outside_limits', direction: 'down', isAnomaly: true },
    ];
    const orders = chartBlock({ pulse: { xmr: { Orders: xmrEntry(signals) } } });
    const html = renderDeckHtml(deckOf([orders, { ...orders, title: 'Orders again' }]));
    expect(html).toContain('Signals in the six weeks shown: 2 in the bad direction, 1 in the good direction, on 2 charts');
    expect(html).not.toMatch(/Signals this week|anomal(y|ies)\b/i);
    // Each chart's entry still says what that chart shows.
    expect(html).toContain('<a href="#block-2">2. Orders again</a> <span class="tag bad">2 bad</span> <span class="tag good">1 good</span>');
    expect(html).toContain('Signal in the bad direction');
  });

  it('shades the weeks of a run rule when the run\'s first week is given', () => {
    const run = { weekIndex: 31, fromIndex: 24, toIndex: 31, rule: 'eight_on_one_side' as const, direction: 'up' as const, isAnomaly: true };
    const html = renderDeckHtml(deckOf([chartBlock({ pulse: { xmr: { Orders: xmrEntry([run]) } } })]));
    expect(count(chartSvgs(html), '<rect class="band bad"')).toBe(1);
    expect(html).toContain('wk 38: 8 weeks in a row above the centre line');
  });

  it('explains a missing baseline instead of drawing limits', () => {
    const html = renderDeckHtml(deckOf([chartBlock({ pulse: { xmr: { Orders: xmrEntry([], { values: [120, null, 118, ...CY_WEEKS], centreLine: null, upperLimit: null, lowerLimit: null, averageMovingRange: null }) } } })]));
    expect(html).not.toContain('class="lim"');
    expect(html).toContain('Orders: no XmR limits yet: the baseline has 2 weeks with values.');
  });

  it('pairs an XmR entry with a renamed line by its shown weeks, never by position', () => {
    const signal = { weekIndex: 31, fromIndex: 31, toIndex: 31, rule: 'outside_limits' as const, direction: 'up' as const, isAnomaly: true };
    const other = xmrEntry([signal], { values: [...Array<number>(26).fill(1), 1, 2, 3, 4, 5, 6] });
    const html = renderDeckHtml(deckOf([chartBlock({ yAxis: [metricLine('Orders (all)')], pulse: { xmr: { OrdersYOY: other, Orders: xmrEntry([signal]) } } })]));
    expect(count(html, 'Orders (all), wk 38: above the upper natural process limit')).toBeGreaterThan(0);
    const unmatched = renderDeckHtml(deckOf([chartBlock({ yAxis: [metricLine('Orders (all)')], pulse: { xmr: { OrdersYOY: other } } })]));
    expect(unmatched).not.toContain('above the upper natural process limit');
    expect(count(chartSvgs(unmatched), 'class="lim"')).toBe(0);
  });
});
