import { describe, expect, it } from 'vitest';
import { parseCsvRecords } from './people/people-csv.js';
import { csvLine, neutraliseSpreadsheetFormula, toCsv, withoutFormulaGuard } from './csv-text.js';

describe('CSV text', () => {
  it('quotes cells with a comma, a quote or a line break, and reads back the same', () => {
    expect(csvLine(['plain', 'A, B', 'say "x"', 'two\nlines', null, 3])).toBe('plain,"A, B","say ""x""","two\nlines",,3\n');
    const text = toCsv(['name', 'note'], [['A, B', 'say "x"'], ['C', null]]);
    expect(parseCsvRecords(text).map((record) => record.fields)).toEqual([['name', 'note'], ['A, B', 'say "x"'], ['C', '']]);
  });

  it('neutralises a cell a spreadsheet would run as a formula, and leaves others alone', () => {
    for (const formula of ['=HYPERLINK("http://evil.test")', '+1+1', '-2+3', '@SUM(A1)', '\t=1', '\r=1']) {
      expect(neutraliseSpreadsheetFormula(formula)).toBe(`'${formula}`);
    }
    for (const text of ['Ada Lovelace', '2026-11-26T09:00:00.000Z', '{"name":"=x"}', '', 'a=b', "'quoted'", "'5"]) {
      expect(neutraliseSpreadsheetFormula(text)).toBe(text);
    }
  });

  it('takes off exactly the guard it added, so every text reads back as it was written', () => {
    expect(withoutFormulaGuard("'=HYPERLINK(\"http://evil.test\")")).toBe('=HYPERLINK("http://evil.test")');
    expect(withoutFormulaGuard("'-Ops")).toBe('-Ops');
    expect(withoutFormulaGuard("'@team")).toBe('@team');
    // An apostrophe that was typed stays: before text that is no formula, and before the guard's own apostrophe.
    expect(withoutFormulaGuard("'quoted'")).toBe("'quoted'");
    expect(withoutFormulaGuard("''=x")).toBe("'=x");
    expect(withoutFormulaGuard('=x')).toBe('=x');
    for (const text of ['=1', '-Ops', '@team', '+49 30', '\t=1', "'=x", "''-x", "'quoted'", "'", "''", 'plain', '', 'a-b']) {
      expect(withoutFormulaGuard(neutraliseSpreadsheetFormula(text))).toBe(text);
      expect(neutraliseSpreadsheetFormula(text)).not.toMatch(/^[=+\-@\t\r]/);
    }
  });
});
