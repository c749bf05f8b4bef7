import { describe, expect, it } from 'vitest';
import type { Deck, SixTwelveChartBlock, SixWeeksTableBlock } from '../../src/domain/wbr/deck-types.js';
import { labelWidth, POINT_FONT_SIZE, TICK_FONT_SIZE } from '../../src/domain/wbr/html/chart-labels.js';
import { renderDeckHtml } from '../../src/domain/wbr/html/render-deck-html.js';
import { buildWbrDeckFromText } from '../../src/domain/wbr/wbr-deck.js';

/**
 * The HTML deck built from awkward data, end to end (config and CSV → engine → HTML): values in the billions
 * with no mask (as in the App's own sample decks), beyond 2^53 and beyond 10^21 in basis points, of a
 * billionth, negative, zero, blank, divided by zero, without a prior year, one day of data. Whatever the data,
 * every tick label stays inside the chart, no two labels overlap, and no JavaScript value leaks into the page.
 */

const DAY_MS = 86_400_000;
const WEEK_ENDING = '2021-09-25';

type Column = (dayIndex: number, date: string) => number | null;

/** A daily CSV from `from` to the week ending, one column per entry. */
function dailyCsv(from: string, columns: Record<string, Column>): string {
  const names = Object.keys(columns);
  const lines = [`Date,${names.join(',')}`];
  for (let time = Date.parse(from), day = 0; time <= Date.parse(WEEK_ENDING); time += DAY_MS, day += 1) {
    const date = new Date(time).toISOString().slice(0, 10);
    lines.push(`${date},${names.map((name) => String(columns[name]?.(day, date) ?? '')).join(',')}`);
  }
  return `${lines.join('\n')}\n`;
}

/** A gently varying series around `level`, so that weeks and months differ. */
function around(level: number): Column {
  return (day) => level * (1 + 0.05 * Math.sin(day / 3) + 0.0002 * day);
}

interface Chart {
  metric: string;
  yScaling?: string;
  withPriorYear?: boolean;
}

function config(metrics: string, charts: ReadonlyArray<Chart>, tables = ''): string {
  let deck = '';
  for (const chart of charts) {
    deck += `  - block:\n      ui_type: 6_12Graph\n      title: "${chart.metric} ${chart.yScaling ?? ''}"\n`;
    if (chart.yScaling !== undefined) deck += `      y_scaling: "${chart.yScaling}"\n`;
    deck += `      metrics:\n        ${chart.metric}:\n          graph_prior_year_flag: ${chart.withPriorYear ?? true}\n`;
  }
  return `setup:\n  week_ending: 25-SEP-2021\n  week_number: 38\n  title: Awkward data\nmetrics:\n${metrics}deck:\n${deck}${tables}`;
}

function sumMetrics(...columns: string[]): string {
  return columns.map((column) => `  ${column}:\n    column: ${column}\n    aggf: sum\n`).join('');
}

function build(configText: string, csvText: string): { deck: Deck; html: string } {
  const deck = buildWbrDeckFromText({ configText, configFile: 'deck.yaml', csvText, csvFile: 'data.csv', withSignals: true });
  return { deck, html: renderDeckHtml(deck) };
}

interface SvgText {
  x: number;
  y: number;
  anchor: string;
  text: string;
}

function textsOf(group: string): SvgText[] {
  return [...group.matchAll(/<text x="([\d.-]+)" y="([\d.-]+)"(?: text-anchor="(\w+)")?>([^<]*)<\/text>/g)].map((match) => ({
    x: Number(match[1]),
    y: Number(match[2]),
    anchor: match[3] ?? 'middle',
    text: match[4] ?? '',
  }));
}

/** Every chart's tick labels inside the viewBox and clear of the plot; point labels clear of each other and of the tick labels. */
function expectLabelsToFit(html: string): void {
  const charts = html.match(/<svg class="chart"[\s\S]*?<\/svg>/g) ?? [];
  expect(charts.length).toBeGreaterThan(0);
  for (const svg of charts) {
    const base = /<path class="base" d="M(\d+) \d+H(\d+)"\/>/.exec(svg);
    const plotLeft = Number(base?.[1]);
    const plotRight = Number(base?.[2]);
    for (const tick of textsOf(/<g class="tick">([\s\S]*?)<\/g>/.exec(svg)?.[1] ?? '')) {
      const width = labelWidth(tick.text, TICK_FONT_SIZE);
      if (tick.anchor === 'end') {
        expect(tick.x - width, `tick ${tick.text}`).toBeGreaterThanOrEqual(0);
        expect(tick.x).toBeLessThan(plotLeft);
      } else {
        expect(tick.x + width, `tick ${tick.text}`).toBeLessThanOrEqual(900);
        expect(tick.x).toBeGreaterThan(plotRight);
      }
    }
    const points = textsOf(/<g class="dl">([\s\S]*?)<\/g>/.exec(svg)?.[1] ?? '').map((label) => ({ ...label, width: labelWidth(label.text, POINT_FONT_SIZE) }));
    for (const [i, label] of points.entries()) {
      expect(label.x - label.width / 2, `point ${label.text}`).toBeGreaterThan(plotLeft - 8);
      for (const other of points.slice(i + 1)) {
        const isApart = Math.abs(label.x - other.x) >= (label.width + other.width) / 2 || Math.abs(label.y - other.y) >= POINT_FONT_SIZE;
        expect(isApart, `point labels ${label.text} and ${other.text}`).toBe(true);
      }
    }
  }
}

/** The page's text outside tags, where a leaked JavaScript value or an exponent would show. */
function expectNoLeakedValue(html: string): void {
  const text = html.replace(/<style>[\s\S]*?<\/style>/, '').replace(/<[^>]*>/g, ' ');
  expect(text).not.toMatch(/\b(NaN|Infinity|undefined|null)\b/);
  expect(text).not.toMatch(/\d(\.\d+)?e[+-]?\d/);
}

function chartBlocks(deck: Deck): SixTwelveChartBlock[] {
  return deck.blocks.filter((block): block is SixTwelveChartBlock => block.plotStyle === '6_12_chart');
}

describe('HTML deck with awkward data', () => {
  it('fits the axis labels of the App\'s kind of deck: hundreds of millions with no y_scaling', () => {
    const { html } = build(config(sumMetrics('PageViews'), [{ metric: 'PageViews' }]), dailyCsv('2019-09-01', { PageViews: around(70e6) }));
    expectLabelsToFit(html);
    // Ticks of 400,000,000 would be cut at the chart's edge: they are written 400M.
    expect(html).toMatch(/text-anchor="end">\d+M<\/text>/);
    expectNoLeakedValue(html);
  });

  it('fits huge values (10^12 to beyond 2^53, and 10^21 basis points) with every mask, and writes no 1e+21', () => {
    const masks = ['', '##', '##.1MM', '##.2BB', '##KK', '##.1%', '##bps', '##.3'];
    const columns = { Trillion: around(1e12), Quadrillion: around(1e15), NineQuadrillion: around(9e15), BeyondSafe: around(2e16) };
    const charts = Object.keys(columns).flatMap((metric) => masks.map((yScaling) => ({ metric, yScaling })));
    const { deck, html } = build(config(sumMetrics(...Object.keys(columns)), charts), dailyCsv('2019-09-01', columns));
    expectLabelsToFit(html);
    expectNoLeakedValue(html);
    // 2e16 a day is 1.4e17 a week: 1.4e21 in basis points, written as a power of ten.
    const bps = chartBlocks(deck).find((block) => block.title === 'BeyondSafe ##bps');
    expect(bps?.table.tableBody[0]?.[0]).toBeGreaterThan(1e17);
    expect(html).toMatch(/>1\.\d\d×10²¹bps</);
  });

  it('fits a billionth with every mask: axis ticks are powers of ten, not 0.0000 five times', () => {
    const masks = ['', '##.3', '##.1%', '##bps'];
    const { html } = build(config(sumMetrics('Tiny'), masks.map((yScaling) => ({ metric: 'Tiny', yScaling }))), dailyCsv('2019-09-01', { Tiny: around(1e-9) }));
    expectLabelsToFit(html);
    expectNoLeakedValue(html);
    const firstChartTicks = textsOf(/<g class="tick">([\s\S]*?)<\/g>/.exec(html)?.[1] ?? '').map((tick) => tick.text);
    expect(new Set(firstChartTicks).size).toBe(firstChartTicks.length);
    expect(firstChartTicks.every((tick) => /×10⁻⁹$/.test(tick))).toBe(true);
  });

  it('fits negative values, a series crossing zero and large percentages', () => {
    const columns: Record<string, Column> = { Negative: around(-1000), Crossing: (day) => Math.round(100 * Math.sin(day / 20)) };
    const charts = ['Negative', 'Crossing'].flatMap((metric) => ['', '##.1KK', '##.1%'].map((yScaling) => ({ metric, yScaling })));
    const { html } = build(config(sumMetrics(...Object.keys(columns)), charts), dailyCsv('2019-09-01', columns));
    expectLabelsToFit(html);
    expectNoLeakedValue(html);
  });

  it('gives a line of zeros an axis of one of its mask\'s units, and flags no XmR signal on a constant series', () => {
    const columns: Record<string, Column> = { Zero: () => 0, Constant: () => 42 };
    const { deck, html } = build(config(sumMetrics('Zero', 'Constant'), [{ metric: 'Zero', yScaling: '##.1KK' }, { metric: 'Constant' }]), dailyCsv('2019-09-01', columns));
    const ticks = textsOf(/<g class="tick">([\s\S]*?)<\/g>/.exec(html)?.[1] ?? '').map((tick) => tick.text);
    expect(ticks[0]).toBe('-1.0K');
    expect(ticks[ticks.length - 1]).toBe('1.0K');
    for (const block of chartBlocks(deck)) {
      for (const xmr of Object.values(block.pulse?.xmr ?? {})) {
        expect(xmr.averageMovingRange).toBe(0);
        expect(xmr.upperLimit).toBe(xmr.centreLine);
        expect(xmr.signals).toEqual([]);
      }
    }
    expectLabelsToFit(html);
  });

  it('keeps the App\'s placeholders for blanks and division by zero in the JSON and shows them readably', () => {
    const columns: Record<string, Column> = {
      Blank: () => null,
      Num: (day) => 10 + (day % 7),
      // The denominator is zero in the last two weeks; the prior year of PYZero is all zeros.
      Den: (_day, date) => (date >= '2021-09-12' ? 0 : 5),
      PYZero: (_day, date) => (date < '2021-01-01' ? 0 : 7),
    };
    const metrics = `${sumMetrics(...Object.keys(columns))}  Ratio:\n    function:\n      divide:\n        - metric:\n            name: Num\n        - metric:\n            name: Den\n`;
    const table = '  - block:\n      ui_type: 6_WeeksTable\n      title: Six weeks\n      rows:\n        - row:\n            header: PYZero YOY\n            metric: PYZeroYOY\n            y_scaling: "##.1%"\n        - row:\n            header: Ratio\n            metric: Ratio\n';
    const { deck, html } = build(config(metrics, [{ metric: 'Blank' }, { metric: 'Ratio', yScaling: '##.1' }], table), dailyCsv('2019-09-01', columns));
    const [blank, ratio] = chartBlocks(deck);
    // The App's numbers: a blank column shows 0 in its box totals (NaN becomes 0), a division by zero a gap and N/A.
    expect(blank?.table.tableBody[0]).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0]);
    const ratioWeeks = ratio?.yAxis[0]?.metric?.current[0];
    expect(ratioWeeks !== undefined && 'primaryAxis' in ratioWeeks ? ratioWeeks.primaryAxis.slice(4, 6) : null).toEqual(['', '']);
    expect(ratio?.table.tableBody[0]?.slice(0, 3)).toEqual(['N/A', 'N/A', 'N/A']);
    const sixWeeks = deck.blocks.find((block): block is SixWeeksTableBlock => block.plotStyle === '6_week_table');
    // A prior year of zeros: the weekly YOY is undefined (x / 0), a blank cell.
    expect(sixWeeks?.rows[0]?.rowData.slice(0, 6)).toEqual([' ', ' ', ' ', ' ', ' ', ' ']);
    expect(html).toContain('No data for this period');
    expect(html).toMatch(/<th scope="row">PYZero YOY<\/th>(<td>–<\/td>){6}/);
    expect(html).toMatch(/<th scope="row">Ratio<\/th><td class="val">N\/A<\/td><td class="cmp">N\/A<\/td>/);
    expectNoLeakedValue(html);
  });

  it('names no prior-year line in the legend when the data starts this year', () => {
    const { html } = build(config(sumMetrics('M'), [{ metric: 'M' }]), dailyCsv('2021-01-01', { M: (day) => 10 + (day % 5) }));
    expect(html).toContain('</svg>M</li>');
    expect(html).not.toContain('M, prior year');
    expectLabelsToFit(html);
  });

  it('draws a deck of one metric with one day of data', () => {
    const { deck, html } = build(config(sumMetrics('M'), [{ metric: 'M', yScaling: '##.1' }]), 'Date,M\n2021-09-25,123\n');
    expect(chartBlocks(deck)[0]?.table.tableBody[0]?.[0]).toBe(123);
    expect(html).toContain('>123.0</text>');
    expect(html).toContain('no XmR limits yet');
    expectLabelsToFit(html);
    expectNoLeakedValue(html);
  });
});
