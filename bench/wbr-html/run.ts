/**
 * `npm run bench:wbr-html`: how fast the XmR signals and the HTML deck are made for big decks.
 * A synthetic deck of N 6-12 charts (default 1,000 and 10,000), each with a prior year and a box-total
 * row. Timed apart: the XmR limits and signals of every chart's 26 + 6 weeks, then rendering the whole
 * deck to one HTML string. Reports the median of 3 runs. Sizes can be chosen:
 * `npm run bench:wbr-html -- 100 10000`.
 */
import os from 'node:os';
import type { ChartValue, Deck, DeckXmr, SixTwelveChartBlock } from '../../src/domain/wbr/deck-types.js';
import { deckXmrSignal } from '../../src/domain/wbr/build-deck.js';
import { renderDeckHtml } from '../../src/domain/wbr/html/render-deck-html.js';
import { computeXmrSignals } from '../../src/domain/wbr/xmr.js';
import type { XmrResult } from '../../src/domain/wbr/xmr.js';

const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
const chartCounts = sizes.length > 0 ? sizes : [1000, 10000];
const RUNS = 3;
const WEEK_LABELS = ['wk 47', 'wk 48', 'wk 49', 'wk 50', 'wk 51', 'wk 52'];
const MONTH_LABELS = ['Dec', 'Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov'];

/** Deterministic pseudo-random numbers in [0, 1) (a linear congruential generator), so every run renders the same deck. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
}

interface SyntheticMetric {
  weekly: number[];
  months: number[];
  priorWeeks: number[];
  priorMonths: number[];
}

function syntheticMetrics(count: number): SyntheticMetric[] {
  const next = random(count);
  return Array.from({ length: count }, () => {
    const level = 500 + next() * 5000;
    const noise = (): number => level * (0.95 + next() * 0.1);
    return {
      weekly: Array.from({ length: 32 }, noise),
      months: Array.from({ length: 12 }, () => noise() * 4.3),
      priorWeeks: Array.from({ length: 6 }, () => noise() * 0.9),
      priorMonths: Array.from({ length: 12 }, () => noise() * 3.9),
    };
  });
}

function axis(weeks: number[], months: number[]): [{ primaryAxis: ChartValue[] }, { secondaryAxis: ChartValue[] }] {
  return [{ primaryAxis: [...weeks, ...Array<ChartValue>(13).fill('')] }, { secondaryAxis: [...Array<ChartValue>(7).fill(''), ...months] }];
}

function xmrOf(index: number, metric: SyntheticMetric): XmrResult {
  return computeXmrSignals(metric.weekly, { baselineWeeks: 26, shownWeeks: 6, goodDirection: index % 2 === 0 ? 'up' : 'down' });
}

function chartBlock(index: number, metric: SyntheticMetric, result: XmrResult): SixTwelveChartBlock {
  const name = `m${index}`;
  const xmr: DeckXmr = {
    values: metric.weekly,
    baselineWeeks: 26,
    shownWeeks: 6,
    goodDirection: index % 2 === 0 ? 'up' : 'down',
    centreLine: result.limits?.centre ?? null,
    upperLimit: result.limits?.upper ?? null,
    lowerLimit: result.limits?.lower ?? null,
    averageMovingRange: result.limits?.averageMovingRange ?? null,
    signals: result.signals.map(deckXmrSignal),
  };
  const shown = metric.weekly.slice(26);
  const last = shown[5] ?? 0;
  return {
    plotStyle: '6_12_chart',
    title: `Metric ${index}`,
    yLabel: '',
    yScale: ['##.1KK', '##', '##.2MM'][index % 3] ?? '',
    boxTotalScale: index % 3 === 2 ? 'bps' : '%',
    axes: 2,
    xAxis: [...WEEK_LABELS, ' ', ...MONTH_LABELS],
    yAxis: [{ lineStyle: 'primary', metric: { current: axis(shown, metric.months), previous: axis(metric.priorWeeks, metric.priorMonths) }, legendName: name }],
    table: { tableHeader: ['LastWk', 'WOW', 'YOY', 'MTD', 'YOY', 'QTD', 'YOY', 'YTD', 'YOY'], tableBody: [[last, 1.2, 3.4, last * 4, -2.1, last * 12, 'N/A', last * 50, 7.8]] },
    tooltip: 'false',
    annotations: [],
    pulse: { xmr: { [name]: xmr } },
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

const rows: string[] = [];
for (const count of chartCounts) {
  const metrics = syntheticMetrics(count);
  const signalTimes: number[] = [];
  const renderTimes: number[] = [];
  // CPU time of the process (all its threads) while rendering: unlike wall time, it does not grow
  // when other programs share the machine's cores.
  const renderCpuTimes: number[] = [];
  let bytes = 0;
  let signals = 0;
  for (let run = 0; run < RUNS; run++) {
    const started = performance.now();
    const results = metrics.map((metric, index) => xmrOf(index, metric));
    const signalled = performance.now();
    const blocks = metrics.map((metric, index) => chartBlock(index, metric, results[index] as XmrResult));
    const built = performance.now();
    const cpuBefore = process.cpuUsage();
    const deck: Deck = { blocks, title: 'Benchmark deck', weekEnding: '28 December 2024', blockStartingNumber: 1, xAxisMonthlyDisplay: null, annotationErrors: null };
    const html = renderDeckHtml(deck);
    const rendered = performance.now();
    const cpu = process.cpuUsage(cpuBefore);
    renderCpuTimes.push((cpu.user + cpu.system) / 1000);
    signalTimes.push(signalled - started);
    renderTimes.push(rendered - built);
    bytes = Buffer.byteLength(html);
    signals = blocks.reduce((total, block) => total + (block.plotStyle === '6_12_chart' ? Object.values(block.pulse?.xmr ?? {}).reduce((sum, entry) => sum + entry.signals.length, 0) : 0), 0);
  }
  const render = median(renderTimes);
  rows.push(
    `| ${count.toLocaleString('en-US')} | ${median(signalTimes).toFixed(0)} ms | ${render.toFixed(0)} ms | ${median(renderCpuTimes).toFixed(0)} ms | ${((render * 1000) / count).toFixed(0)} µs | ${(bytes / 1048576).toFixed(1)} MiB | ${signals.toLocaleString('en-US')} |`,
  );
}
console.log(`Node ${process.version}, median of ${RUNS} runs, peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB, load average ${os.loadavg()[0]?.toFixed(1)} on ${os.cpus().length} cores`);
console.log('| charts | XmR limits and signals | render HTML (wall) | render HTML (CPU) | wall per chart | HTML size | signals |');
console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const row of rows) console.log(row);
