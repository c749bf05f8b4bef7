import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src/domain/errors.js';
import { aggregateRange } from '../../../src/domain/wbr/aggregate.js';
import { parseConfigTree, plainConfigTree } from '../../../src/domain/wbr/config-tree.js';
import type { PlainConfigNode } from '../../../src/domain/wbr/config-tree.js';
import { scanCsvText } from '../../../src/domain/wbr/csv-scanner.js';
import { compileFilterQuery, parseFilterQuery } from '../../../src/domain/wbr/filter-query.js';
import type { QueryColumn } from '../../../src/domain/wbr/filter-query.js';
import type { Aggregation } from '../../../src/domain/wbr/wbr-config.js';

/**
 * Pulse against the WBR App's own libraries, on inputs made up for the purpose: every expected result in these
 * files is what PyYAML or pandas gave (generate.py made them; see there). A config the App reads is read the same,
 * a data cell is the same number, an aggregation the same to the last bit, a filter query selects the same rows.
 */
function reference<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(name, import.meta.url), 'utf8')) as T;
}

/** A value as generate.py writes PyYAML's: mappings as [key, value] pairs, dates and non-finite numbers tagged. */
type Written = null | boolean | number | string | Written[] | { map: Array<[string, Written]> } | { date: string } | { float: string };

function written(node: PlainConfigNode | null): Written {
  if (node === null) return null;
  if (node.kind === 'seq') return node.items.map(written);
  if (node.kind === 'map') {
    // A key given twice keeps its first place and takes its last value, as in the Python dict the App gets.
    const entries = new Map<string, Written>();
    for (const entry of node.entries) entries.set(entry.key, written(entry.value));
    return { map: [...entries] };
  }
  const value = node.value;
  if (value instanceof Date) return { date: value.toISOString() };
  if (typeof value === 'number' && !Number.isFinite(value)) return { float: Number.isNaN(value) ? 'nan' : value > 0 ? 'inf' : '-inf' };
  return value as Written;
}

describe('configs as PyYAML reads them', () => {
  const snippets = reference<Array<{ text: string; value: Written }>>('./pyyaml-configs.json');

  it(`reads ${snippets.length} config snippets to the same values`, () => {
    const different = snippets.filter((snippet) => JSON.stringify(written(plainConfigTree(parseConfigTree(snippet.text, 'x.yaml')))) !== JSON.stringify(snippet.value));
    expect(different.map((snippet) => snippet.text)).toEqual([]);
  });
});

describe("data cells as pandas' read_csv reads them", () => {
  const cells = reference<Array<{ cell: string; result: number | null | 'text' | { float: string } }>>('./pandas-read-csv.json');

  it.each(cells)('%j', ({ cell, result }) => {
    const read = (): number => {
      const table = scanCsvText(`Date,v\n2024-01-01,${cell}\n2024-01-02,1\n`, { fileName: 'a.csv', selectColumns: () => ({ numeric: ['v'], text: [] }) });
      return (table.numeric.get('v') as Float64Array)[0] as number;
    };
    if (result === 'text') {
      // Text in a metric column: the App's aggregation fails on it later; Pulse refuses the cell at once.
      expect(read).toThrow(AppError);
    } else if (result === null) {
      expect(read()).toBeNaN();
    } else if (typeof result === 'object') {
      expect(read()).toBe(result.float === 'inf' ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY);
    } else {
      expect(read()).toBe(result);
    }
  });
});

describe('aggregations as pandas and numpy compute them', () => {
  const cases = reference<Array<{ values: Array<number | null>; results: Record<string, number | null> }>>('./pandas-aggregations.json');

  it(`gives every aggf of ${cases.length} series to the last bit`, () => {
    const different: string[] = [];
    for (const { values, results } of cases) {
      const series = Float64Array.from(values, (value) => (value === null ? Number.NaN : value));
      for (const [name, expected] of Object.entries(results)) {
        const [aggregation, mode] = name === 'sum_day' ? ['sum', 'day'] as const : name === 'sum_period' ? ['sum', 'period'] as const : [name as Aggregation, 'period'] as const;
        const value = aggregateRange(aggregation, series, 0, series.length, mode);
        // -0 and 0 are one value here: JSON keeps the sign, but pandas and numpy differ on it for all-zero series.
        const same = expected === null ? Number.isNaN(value) : value === expected;
        if (!same) different.push(`${name} of ${JSON.stringify(values)}: ${value}, pandas ${expected}`);
      }
    }
    expect(different).toEqual([]);
  });
});

describe("filter queries as pandas' DataFrame.query selects rows", () => {
  const { rows, cases } = reference<{ rows: Array<Record<string, string | number | null>>; cases: Array<{ query: string; rows: number[] }> }>('./pandas-query.json');
  const text = (name: string): QueryColumn => ({ kind: 'text', values: rows.map((row) => row[name] as string | null) });
  const numbers = (name: string): QueryColumn => ({ kind: 'number', values: Float64Array.from(rows, (row) => (row[name] === null ? Number.NaN : row[name] as number)) });
  const columns = new Map([['Country', text('Country')], ['Channel', text('Channel')], ['Sales', numbers('Sales')], ['Units', numbers('Units')]]);

  it(`selects the same rows for ${cases.length} queries`, () => {
    const different = cases.filter(({ query, rows: expected }) => {
      const matches = compileFilterQuery(parseFilterQuery(query), columns);
      return JSON.stringify(rows.map((_, row) => row).filter(matches)) !== JSON.stringify(expected);
    });
    expect(different.map((entry) => entry.query)).toEqual([]);
  });
});
