import { AppError } from '../../src/domain/errors.js';
import type { BoxValue, Deck, SixTwelveChartBlock } from '../../src/domain/wbr/deck-types.js';
import { buildWbrDeckFromText } from '../../src/domain/wbr/wbr-deck.js';

/** Our own fixtures: daily CSVs made from simple formulas, so expected values can be worked out by hand. */

const DAY_MS = 86_400_000;

export function utcDay(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) / DAY_MS;
}

export function isoOf(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** One row per day from `first` to `last` (inclusive, ISO dates), each column a function of the day number. */
export function dailyCsv(first: string, last: string, columns: Record<string, (day: number) => string | number>): string {
  const names = Object.keys(columns);
  const lines = [['Date', ...names].join(',')];
  for (let day = Date.parse(first) / DAY_MS; day <= Date.parse(last) / DAY_MS; day++) {
    lines.push([isoOf(day), ...names.map((name) => String((columns[name] as (d: number) => string | number)(day)))].join(','));
  }
  return `${lines.join('\n')}\n`;
}

export function buildDeck(configText: string, csvText: string): Deck {
  return buildWbrDeckFromText({ configText, configFile: 'deck.yaml', csvText, csvFile: 'data.csv' });
}

export function chart(deck: Deck, index: number): SixTwelveChartBlock {
  const block = deck.blocks[index];
  if (block?.plotStyle !== '6_12_chart') throw new Error(`block ${index} is not a 6-12 chart`);
  return block;
}

/** The six weekly values of a chart line (current or previous year). */
export function weeks(block: SixTwelveChartBlock, line = 0, side: 'current' | 'previous' = 'current'): Array<number | ''> {
  const pair = block.yAxis[line]?.metric ?? block.yAxis[line]?.Target;
  const series = pair?.[side];
  if (series === undefined || series.length === 0) return [];
  return series[0].primaryAxis.slice(0, 6);
}

/** The monthly values of a chart line. */
export function months(block: SixTwelveChartBlock, line = 0, side: 'current' | 'previous' = 'current'): Array<number | ''> {
  const pair = block.yAxis[line]?.metric ?? block.yAxis[line]?.Target;
  const series = pair?.[side];
  if (series === undefined || series.length === 0) return [];
  return series[1].secondaryAxis.slice(7);
}

export function box(block: SixTwelveChartBlock, row = 0): BoxValue[] {
  return block.table.tableBody[row] ?? [];
}

/** The AppError a build throws, for asserting its message, location and code. */
export function buildError(configText: string, csvText: string): AppError {
  try {
    buildDeck(configText, csvText);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('the build did not fail');
}

/** A config with one 6_12Graph per metric; `metrics` is the YAML of the metrics section's body (2-space indent). */
export function configWith(options: { weekEnding?: string; fiscal?: string; metrics: string; charts: string[]; extraBlocks?: string; setupExtra?: string }): string {
  const blocks = options.charts.map((name) => [
    '  - block:',
    '      ui_type: 6_12Graph',
    `      title: ${name}`,
    '      metrics:',
    `        ${name}:`,
    '          graph_prior_year_flag: true',
  ].join('\n'));
  return [
    'setup:',
    `  week_ending: ${options.weekEnding ?? '25-SEP-2024'}`,
    '  week_number: 39',
    '  title: Test deck',
    ...(options.fiscal === undefined ? [] : [`  fiscal_year_end_month: ${options.fiscal}`]),
    ...(options.setupExtra === undefined ? [] : [options.setupExtra]),
    'metrics:',
    options.metrics,
    'deck:',
    ...blocks,
    ...(options.extraBlocks === undefined ? [] : [options.extraBlocks]),
    '',
  ].join('\n');
}
