import { describe, expect, it } from 'vitest';
import { appErrorOf } from '../../../test/support/app-error.js';
import { checkPushedRows, mergePushedRows } from './pushed-rows.js';

const CSV = 'Date,late,orders\r\n2025-01-01,1,100\r\n2025-01-02,"2",200\r\n2025-01-02,3,1\r\n2025-01-03,4,300\r\n';

describe('mergePushedRows', () => {
  it('replaces every row of a pushed day, adds a new day, and keeps the other rows as they were, in date order', () => {
    const merged = mergePushedRows(CSV, 'daily.csv', [{ date: '2025-01-04', values: { orders: 5 } }, { date: '2025-01-02', values: { late: 9, orders: null } }]);
    // A CRLF file stays CRLF: kept lines keep their breaks, new ones end as the header does.
    expect(merged).toBe('Date,late,orders\r\n2025-01-01,1,100\r\n2025-01-02,9,\r\n2025-01-03,4,300\r\n2025-01-04,,5\r\n');
  });

  it('adds a break to a last line that had none, and keeps a quoted cell\'s own CR', () => {
    expect(mergePushedRows('Date,x\n2025-01-01,1', 'daily.csv', [{ date: '2025-01-02', values: { x: 2 } }])).toBe('Date,x\n2025-01-01,1\n2025-01-02,2\n');
    expect(mergePushedRows('Date,x,note\n2025-01-01,1,"a\rb"\n', 'daily.csv', [{ date: '2025-01-02', values: { x: 2 } }])).toBe('Date,x,note\n2025-01-01,1,"a\rb"\n2025-01-02,2,\n');
  });

  it('keeps a quoted cell with a line break whole, and adds pushed days at the end of a file not in date order', () => {
    const csv = 'Date,orders,note\n2025-01-03,3,"late\nshift"\n2025-01-01,1,x\n';
    expect(mergePushedRows(csv, 'daily.csv', [{ date: '2025-01-02', values: { orders: 2 } }])).toBe('Date,orders,note\n2025-01-03,3,"late\nshift"\n2025-01-01,1,x\n2025-01-02,2,\n');
    // The row of a replaced day goes with its every line.
    expect(mergePushedRows(csv, 'daily.csv', [{ date: '2025-01-03', values: { orders: 30 } }])).toBe('Date,orders,note\n2025-01-01,1,x\n2025-01-03,30,\n');
  });

  it('reads a file whose lines end in a lone CR (old Mac files) as the scanner does, replacing the right day', () => {
    expect(mergePushedRows('Date,x\n2025-01-01,1\r2025-01-02,2\n2025-01-03,3\n', 'daily.csv', [{ date: '2025-01-02', values: { x: 9 } }])).toBe('Date,x\n2025-01-01,1\r2025-01-02,9\n2025-01-03,3\n');
    expect(mergePushedRows('Date,x\r2025-01-01,1\r2025-01-02,2\r', 'daily.csv', [{ date: '2025-01-01', values: { x: 7 } }])).toBe('Date,x\r2025-01-01,7\r2025-01-02,2\r');
  });

  it('keeps a byte-order mark and leaves out blank lines between rows', () => {
    expect(mergePushedRows('\uFEFFDate,x\n2025-01-01,1\n\n\n2025-01-03,3\n\n', 'daily.csv', [{ date: '2025-01-02', values: { x: 2 } }])).toBe('\uFEFFDate,x\n2025-01-01,1\n2025-01-02,2\n2025-01-03,3\n');
  });

  it('reads the data\'s own date formats, and starts a deck without data from the pushed columns', () => {
    expect(mergePushedRows('Date,orders\n02-Jan-2025,7\n', 'daily.csv', [{ date: '2025-01-02', values: { orders: 8 } }])).toBe('Date,orders\n2025-01-02,8\n');
    expect(mergePushedRows(null, 'pushed-rows.csv', [{ date: '2025-01-02', values: { late: 9 } }, { date: '2025-01-01', values: { orders: 5, late: 1 } }])).toBe('Date,late,orders\n2025-01-01,1,5\n2025-01-02,9,\n');
  });

  it('refuses a column the data lacks, naming the row and the column', () => {
    const error = appErrorOf(() => mergePushedRows(CSV, 'daily.csv', [{ date: '2025-01-02', values: { late: 1 } }, { date: '2025-01-05', values: { returns: 9 } }]));
    expect(error).toMatchObject({ code: 'validation_failed', details: { field: 'rows.1.values.returns' } });
    expect(error.message).toContain('its columns: late, orders');
  });
});

describe('checkPushedRows', () => {
  it('refuses an empty push, a bad or repeated date, a value that is not a number and a column name a header cannot hold', () => {
    const fieldOf = (rows: Parameters<typeof checkPushedRows>[0]) => appErrorOf(() => checkPushedRows(rows)).details.field;
    expect(fieldOf([])).toBe('rows');
    expect(fieldOf([{ date: '2025-02-30', values: {} }])).toBe('rows.0.date');
    expect(fieldOf([{ date: '2025-01-01', values: {} }, { date: '2025-01-01', values: {} }])).toBe('rows.1.date');
    expect(fieldOf([{ date: '2025-01-01', values: { late: Number.NaN } }])).toBe('rows.0.values.late');
    expect(fieldOf([{ date: '0000-01-01', values: {} }])).toBe('rows.0.date');
    for (const column of ['', 'a,b', 'say "hi"', 'two\nlines', 'Date', '=HYPERLINK("x")', '+1', '-cmd', '@sum']) expect(fieldOf([{ date: '2025-01-01', values: { [column]: 1 } }])).toBe(`rows.0.values.${column}`);
    expect(() => checkPushedRows([{ date: '2025-01-01', values: { late: 1, orders: null } }])).not.toThrow();
  });
});
