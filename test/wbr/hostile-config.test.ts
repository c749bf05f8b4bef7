import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/domain/errors.js';
import { MAX_YAML_NESTING } from '../../src/domain/wbr/config-tree.js';
import { compileFilterQuery, MAX_QUERY_NESTING, parseFilterQuery, queryColumns, QuerySyntaxError } from '../../src/domain/wbr/filter-query.js';
import { parseWbrConfig } from '../../src/domain/wbr/wbr-config.js';
import { buildWbrDeck, createDataScanner } from '../../src/domain/wbr/wbr-deck.js';
import { buildDeck, configWith, dailyCsv, utcDay } from './wbr-fixtures.js';

/**
 * Configs built to exhaust the readers: chains and nestings tens of thousands long. Each is read to a model or
 * refused with an AppError naming the problem, never a RangeError from a call stack run out.
 */
const CHAIN = 50_000;

function configError(text: string): AppError {
  try {
    parseWbrConfig(text, { fileName: 'deck.yaml' });
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('the config was read');
}

/** Metrics m0 .. m<length-1>, each a function of the next; the last one uses `last`. */
function chainMetrics(length: number, last: string): string {
  const lines: string[] = [];
  for (let i = 0; i < length; i++) {
    lines.push(`  m${i}:`, '    function:', '      sum:', '        - metric:', `            name: ${i === length - 1 ? last : `m${i + 1}`}`);
  }
  return lines.join('\n');
}

describe('hostile configs', () => {
  it('orders a chain of 50,000 function metrics, each after the metric it uses', () => {
    const text = configWith({ metrics: `${chainMetrics(CHAIN, 'Sales')}\n  Sales:\n    column: Sales\n    aggf: sum`, charts: ['m0'] });
    const config = parseWbrConfig(text, { fileName: 'deck.yaml' });
    const names = config.metrics.map((metric) => metric.name);
    expect(names).toHaveLength(CHAIN + 1);
    expect(names[0]).toBe('Sales');
    expect(names[1]).toBe(`m${CHAIN - 1}`);
    expect(names[CHAIN]).toBe('m0');
  });

  it('names a circle of 50,000 function metrics', () => {
    const error = configError(configWith({ metrics: chainMetrics(CHAIN, 'm0'), charts: ['m0'] }));
    expect(error.code).toBe('invalid_config');
    expect(error.message).toMatch(/^Function metrics refer to each other in a circle: m0 -> m1 -> m2 -> /);
    expect(error.message.endsWith(`m${CHAIN - 1} -> m0.`)).toBe(true);
    expect(error.details).toMatchObject({ field: 'metrics.m0' });
  });

  it('still names a short circle and the path into it', () => {
    const metrics = [
      '  top:', '    function:', '      sum:', '        - metric:', '            name: a',
      '  a:', '    function:', '      sum:', '        - metric:', '            name: b',
      '  b:', '    function:', '      sum:', '        - metric:', '            name: a',
    ].join('\n');
    expect(configError(configWith({ metrics, charts: ['top'] })).message).toBe('Function metrics refer to each other in a circle: top -> a -> b -> a.');
  });

  it('refuses lists nested 50,000 deep in flow style', () => {
    const error = configError(configWith({ metrics: `  Sales: ${'['.repeat(CHAIN)}${']'.repeat(CHAIN)}`, charts: ['Sales'] }));
    expect(error.code).toBe('invalid_config');
    expect(error.message).toMatch(new RegExp(`nests lists or mappings more than ${MAX_YAML_NESTING} levels deep`));
  });

  it('refuses block lists nested 50,000 deep on one line', () => {
    const error = configError(configWith({ metrics: `  Sales:\n    ${'- '.repeat(CHAIN)}x`, charts: ['Sales'] }));
    expect(error.code).toBe('invalid_config');
  });

  it('refuses inline function metrics nested past the bound, and reads them below it', () => {
    const nested = (depth: number): string => {
      let fn = '{sum: [{column: {name: Sales}}]}';
      for (let i = 0; i < depth; i++) fn = `{sum: [{metric: {name: n${i}, function: ${fn}}}]}`;
      return configWith({ metrics: `  Sales:\n    column: Sales\n    aggf: sum\n  top:\n    function: ${fn}`, charts: ['top'] });
    };
    expect(configError(nested(MAX_YAML_NESTING)).message).toMatch(/levels deep/);
    const config = parseWbrConfig(nested(50), { fileName: 'deck.yaml' });
    expect(config.metrics.map((metric) => metric.name).slice(-2)).toEqual(['n49', 'top']);
  });

  it('refuses a YAML alias bomb by the nodes it would make', () => {
    const lines = ['x0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
    for (let i = 1; i < 10; i++) lines.push(`x${i}: &a${i} [${Array.from({ length: 9 }, () => `*a${i - 1}`).join(', ')}]`);
    const error = configError(`${lines.join('\n')}\n${configWith({ metrics: '  Sales:\n    column: Sales\n    aggf: sum', charts: ['Sales'] })}`);
    expect(error.message).toMatch(/aliases expand to more than/);
  });
});

describe('hostile filter queries', () => {
  const terms = Array.from({ length: CHAIN }, (_, i) => `a == ${i}`);

  it('reads and evaluates a chain of 50,000 or-terms and and-terms', () => {
    const columns = new Map([['a', { kind: 'number' as const, values: [7, CHAIN + 1] }], ['b', { kind: 'number' as const, values: [1, 1] }]]);
    const anyOf = parseFilterQuery(terms.join(' or '));
    expect([...queryColumns(anyOf)]).toEqual(['a']);
    const matches = compileFilterQuery(anyOf, columns);
    expect([matches(0), matches(1)]).toEqual([true, false]);
    const allOf = compileFilterQuery(parseFilterQuery(Array.from({ length: CHAIN }, () => 'b == 1').join(' and ')), columns);
    expect(allOf(0)).toBe(true);
  });

  it('keeps the order and short-circuit of mixed chains', () => {
    const columns = new Map([['a', { kind: 'number' as const, values: [1, 2, 3] }]]);
    const query = compileFilterQuery(parseFilterQuery('a == 1 or a == 2 and a > 1 or not a < 3'), columns);
    expect([query(0), query(1), query(2)]).toEqual([true, true, true]);
    const none = compileFilterQuery(parseFilterQuery('a == 9 or a == 2 and a > 2 or (not a > 0)'), columns);
    expect([none(0), none(1), none(2)]).toEqual([false, false, false]);
  });

  it('refuses parentheses and nots nested past the bound', () => {
    expect(() => parseFilterQuery(`${'('.repeat(CHAIN)}a == 1${')'.repeat(CHAIN)}`)).toThrow(QuerySyntaxError);
    expect(() => parseFilterQuery(`${'not '.repeat(CHAIN)}a == 1`)).toThrow(/nest more than/);
    expect(() => parseFilterQuery(`${'('.repeat(MAX_QUERY_NESTING)}a == 1${')'.repeat(MAX_QUERY_NESTING)}`)).not.toThrow();
  });

  it('a config with such a query is refused naming the metric', () => {
    const metrics = `  Sales:\n    filter:\n      base_column: Sales\n      query: "${'not '.repeat(CHAIN)}Sales > 0"\n    aggf: sum`;
    const error = configError(configWith({ metrics, charts: ['Sales'] }));
    expect(error.message).toMatch(/filter query of metric "Sales" cannot be read: parentheses and "not" nest more than/);
  });

  it('a deck builds with a long or-chain filter', () => {
    const csv = dailyCsv('2024-01-01', '2024-09-30', { Sales: () => 5 });
    const query = Array.from({ length: 5_000 }, (_, i) => `Sales == ${i}`).join(' or ');
    const deck = buildDeck(configWith({ metrics: `  Five:\n    filter:\n      base_column: Sales\n      query: "${query}"\n    aggf: sum`, charts: ['Five'] }), csv);
    expect(deck.blocks).toHaveLength(1);
  });
});

describe('hostile annotation files', () => {
  it('reports each of 100,000 unknown metrics once, in order, however often they repeat', () => {
    const config = parseWbrConfig(configWith({ metrics: '  Sales:\n    column: Sales\n    aggf: sum', charts: ['Sales'] }), { fileName: 'deck.yaml' });
    const scanner = createDataScanner(config, 'data.csv');
    scanner.push(new TextEncoder().encode(dailyCsv('2024-01-01', '2024-09-30', { Sales: () => 5 })));
    const day = utcDay(2024, 9, 20);
    const unknown = Array.from({ length: 100_000 }, (_, i) => `Gone ${i}`);
    const annotations = [...unknown, ...unknown].map((metricName) => ({ date: day, metricName, description: 'x' }));
    const deck = buildWbrDeck({ config, data: scanner.end(), annotations });
    const reported = (deck.annotationErrors ?? '').split('\n');
    expect(reported).toHaveLength(unknown.length);
    expect(reported[0]).toBe('Metric Gone 0 not present the metric list');
    expect(reported[99_999]).toBe('Metric Gone 99999 not present the metric list');
  });
});
