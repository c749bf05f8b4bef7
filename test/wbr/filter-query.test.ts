import { describe, expect, it } from 'vitest';
import { compileFilterQuery, parseFilterQuery, QuerySyntaxError } from '../../src/domain/wbr/filter-query.js';
import type { QueryColumn } from '../../src/domain/wbr/filter-query.js';

/** The pandas-query subset of filter metrics, on three rows. */
const columns = new Map<string, QueryColumn>([
  ['Team', { kind: 'text', values: ['Sales', 'Engineering', null] }],
  ['Size', { kind: 'number', values: [3, 10, Number.NaN] }],
  ['Sales Region', { kind: 'text', values: ['EU', 'US', 'EU'] }],
]);

function rowsMatching(query: string): number[] {
  const matches = compileFilterQuery(parseFilterQuery(query), columns);
  return [0, 1, 2].filter((row) => matches(row));
}

describe('filter queries', () => {
  it.each([
    ["Team == 'Sales'", [0]],
    ['Team != "Sales"', [1, 2]],
    ['Size > 3', [1]],
    ['Size >= 3 and Size < 10', [0]],
    ['1 < Size <= 10', [0, 1]],
    ["Team == 'Sales' or Size > 5", [0, 1]],
    ["Team == 'Sales' | Size > 5", [0, 1]],
    ["not Team == 'Sales'", [1, 2]],
    ["~(Team == 'Sales')", [1, 2]],
    ["Team in ['Sales', 'Engineering']", [0, 1]],
    ["Team not in ['Sales']", [1, 2]],
    ["`Sales Region` == 'EU' & Size == 3", [0]],
    ['Size == -3', []],
  ] as Array<[string, number[]]>)('%s', (query, rows) => {
    expect(rowsMatching(query)).toEqual(rows);
  });

  it.each(['Team ==', "Team == 'x", 'Size > @limit', '(Size > 1', ''])('refuses %j', (query) => {
    expect(() => parseFilterQuery(query)).toThrow(QuerySyntaxError);
  });

  it('names an unknown column when compiled', () => {
    expect(() => compileFilterQuery(parseFilterQuery('Country == "US"'), columns)).toThrow(/name 'Country' is not defined/);
  });
});
