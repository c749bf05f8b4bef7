import { describe, expect, it } from 'vitest';
import { CsvScanner, scanCsvText } from '../../src/domain/wbr/csv-scanner.js';
import { parseCsvDate } from '../../src/domain/wbr/csv-dates.js';
import { seededRandom } from '../support/seeded-random.js';
import { isoOf, utcDay } from './wbr-fixtures.js';

const all = (header: readonly string[]) => ({ numeric: header.filter((name) => name !== 'Date' && name !== 'Team'), text: header.includes('Team') ? ['Team'] : [] });

describe('CSV scanner', () => {
  it('reads quoted fields, thousands separators, a BOM, CRLF and blank cells', () => {
    const table = scanCsvText('\uFEFFDate,Clicks,Rate\r\n"Sun, 05-Jan-2020","523,419",0.25\r\n"Mon, 06-Jan-2020",,1e-2\r\n', { fileName: 'a.csv', selectColumns: all });
    expect(table.header).toEqual(['Date', 'Clicks', 'Rate']);
    expect(Array.from(table.dates)).toEqual([utcDay(2020, 1, 5), utcDay(2020, 1, 6)]);
    expect(Array.from(table.numeric.get('Clicks') ?? [])).toEqual([523419, Number.NaN]);
    expect(Array.from(table.numeric.get('Rate') ?? [])).toEqual([0.25, 0.01]);
  });

  it("reads numbers as pandas' read_csv does, to the last bit (not always the nearest double)", () => {
    const values = ['0.1', '-12.5', '3.14159265358979323846', '1234567890123456789', '2.9919462864855864', '7e3', '-0.0', ' 42 ', '945.2706955539223'];
    const table = scanCsvText(`Date,X\n${values.map((v) => `2024-01-01,${v}`).join('\n')}\n`, { fileName: 'a.csv', selectColumns: all });
    // pandas' own results; the nearest doubles of the third and the last are 3.141592653589793 and 945.2706955539223.
    expect(Array.from(table.numeric.get('X') ?? [])).toEqual([0.1, -12.5, 3.1415926535897927, 1.2345678901234568e18, 2.9919462864855864, 7000, -0, 42, 945.2706955539225]);
  });

  it("treats pandas' NA spellings as missing", () => {
    const table = scanCsvText('Date,X\n2024-01-01,NA\n2024-01-02,N/A\n2024-01-03,null\n2024-01-04,#N/A\n', { fileName: 'a.csv', selectColumns: all });
    expect(Array.from(table.numeric.get('X') ?? []).every(Number.isNaN)).toBe(true);
  });

  it('reads a cell of spaces, or an NA spelling with spaces around it, as missing (D14 in docs/wbr-compatibility.md)', () => {
    const table = scanCsvText('Date,X\n2024-01-01, \n2024-01-02,NaN \n2024-01-03, nan\n2024-01-04," NA "\n2024-01-05,7\n', { fileName: 'a.csv', selectColumns: all });
    expect(Array.from(table.numeric.get('X') ?? [])).toEqual([Number.NaN, Number.NaN, Number.NaN, Number.NaN, 7]);
  });

  it('skips lines of empty cells and of spaces, and still names the right line after them', () => {
    const text = 'Date,X,Y\n2024-01-01,1,2\n,,\n   \n , ,\t\r\n2024-01-02,3,4\n,,\n';
    const table = scanCsvText(text, { fileName: 'a.csv', selectColumns: all });
    expect(Array.from(table.numeric.get('X') ?? [])).toEqual([1, 3]);
    expect(Array.from(table.lines)).toEqual([2, 6]);
    expect(() => scanCsvText(`${text}2024-01-03,five,6\n`, { fileName: 'a.csv', selectColumns: all })).toThrow(expect.objectContaining({ details: expect.objectContaining({ line: 8, column: 2 }) }));
    // The same, arriving a byte at a time: a line of empty cells may be cut anywhere.
    const scanner = new CsvScanner({ fileName: 'a.csv', selectColumns: all });
    for (const byte of new TextEncoder().encode(text)) scanner.push(Uint8Array.of(byte));
    expect(Array.from(scanner.end().numeric.get('X') ?? [])).toEqual([1, 3]);
  });

  it('refuses a row with values but no date (the App would drop its values without a word: D15)', () => {
    expect(() => scanCsvText('Date,X\n2024-01-01,1\n,7\n', { fileName: 'a.csv', selectColumns: all }))
      .toThrow(expect.objectContaining({ message: expect.stringMatching(/values but no `Date`/), details: expect.objectContaining({ line: 3, column: 1 }) }));
  });

  it('names empty header cells as pandas does, and reads a number with line breaks around it in quotes', () => {
    const table = scanCsvText('Date,X,\n2024-01-01,"\n12\r\n",\n', { fileName: 'a.csv', selectColumns: all });
    expect(table.header).toEqual(['Date', 'X', 'Unnamed: 2']);
    expect(Array.from(table.numeric.get('X') ?? [])).toEqual([12]);
  });

  it('renames repeated headers like pandas and keeps only the selected columns', () => {
    const table = scanCsvText('Date,Pct,Other,Pct\n2024-01-01,1,2,3\n', { fileName: 'a.csv', selectColumns: () => ({ numeric: ['Pct.1'], text: [] }) });
    expect(table.header).toEqual(['Date', 'Pct', 'Other', 'Pct.1']);
    expect([...table.numeric.keys()]).toEqual(['Pct.1']);
    expect(table.numeric.get('Pct.1')?.[0]).toBe(3);
  });

  it('keeps text columns and says whether they are numeric', () => {
    const table = scanCsvText('Date,Team,Size\n2024-01-01,A,1\n2024-01-02,"B, east",2\n2024-01-03,,3\n', { fileName: 'a.csv', selectColumns: () => ({ numeric: [], text: ['Team', 'Size'] }) });
    expect(table.text.get('Team')).toEqual(['A', 'B, east', null]);
    expect(table.numericTextColumns.has('Size')).toBe(true);
    expect(table.numericTextColumns.has('Team')).toBe(false);
  });

  it('gives the same result whatever the chunk boundaries, also between the CR and the LF of a line end', () => {
    for (const lineEnd of ['\n', '\r\n']) {
      const text = 'Date,X,Team\n"2024-01-01",1,"a ""quoted"" team"\n2024-01-02,"2,000",b\n\n2024-01-03,3.5,c\n'.replaceAll('\n', lineEnd);
      expectSameInEveryChunking(text);
    }
  });

  function expectSameInEveryChunking(text: string): void {
    const bytes = new TextEncoder().encode(text);
    const whole = scanCsvText(text, { fileName: 'a.csv', selectColumns: all });
    for (let size = 1; size < bytes.length; size += 1) {
      const scanner = new CsvScanner({ fileName: 'a.csv', selectColumns: all });
      for (let i = 0; i < bytes.length; i += size) scanner.push(bytes.slice(i, i + size));
      const table = scanner.end();
      expect(Array.from(table.numeric.get('X') ?? [])).toEqual(Array.from(whole.numeric.get('X') ?? []));
      expect(table.text.get('Team')).toEqual(['a "quoted" team', 'b', 'c']);
      expect(Array.from(table.lines)).toEqual([2, 3, 5]);
    }
  }

  it('sizes its columns from the expected file size without changing what it reads', () => {
    const text = `Date,X\n${Array.from({ length: 500 }, (_, i) => `2024-01-01,${i}`).join('\n')}\n`;
    const bytes = new TextEncoder().encode(text);
    const scanner = new CsvScanner({ fileName: 'a.csv', selectColumns: all, expectedBytes: bytes.length });
    for (let i = 0; i < bytes.length; i += 64) scanner.push(bytes.slice(i, i + 64));
    const table = scanner.end();
    expect(table.rowCount).toBe(500);
    expect(Array.from(table.numeric.get('X') ?? [])).toEqual(Array.from({ length: 500 }, (_, i) => i));
  });

  it('keeps every column intact when a wrong size estimate makes its columns grow', () => {
    // The first rows are short and the rest long, so the estimate from the first rows is far too low; a claimed
    // size of a tenth of the file is too low as well.
    const rows = Array.from({ length: 700 }, (_, i) => (i < 80 ? `2024-01-01,${i},,${-i}` : `2024-01-01,${i}.125,${i * 1000}.5,${-i}.75`));
    const text = `Date,A,B,C\n${rows.join('\n')}\n`;
    const bytes = new TextEncoder().encode(text);
    for (const expectedBytes of [bytes.length, Math.floor(bytes.length / 10)]) {
      const scanner = new CsvScanner({ fileName: 'a.csv', selectColumns: all, expectedBytes });
      for (let i = 0; i < bytes.length; i += 100) scanner.push(bytes.slice(i, i + 100));
      const table = scanner.end();
      const whole = scanCsvText(text, { fileName: 'a.csv', selectColumns: all });
      expect(table.rowCount).toBe(700);
      for (const name of ['A', 'B', 'C']) expect(Array.from(table.numeric.get(name) ?? [])).toEqual(Array.from(whole.numeric.get(name) ?? []));
      expect(table.numeric.get('A')?.[699]).toBe(699.125);
      expect(table.numeric.get('B')?.[699]).toBe(699000.5);
      expect(Number.isNaN(table.numeric.get('B')?.[0])).toBe(true);
    }
  });

  describe('with a first day', () => {
    // Dates in the order given, Date not the first column, a text column: rows before 2024-01-03 are not kept.
    const text = 'X,Date,Team\n1,2024-01-01,a\n2,2024-01-02,b\n3,2024-01-03,c\n4,2023-12-31,d\n5,2024-01-04,e\n';
    const firstDay = utcDay(2024, 1, 3);

    it('keeps only the rows from that day on, and reports every row read', () => {
      const table = scanCsvText(text, { fileName: 'a.csv', selectColumns: all, firstDay });
      expect(table.rowCount).toBe(2);
      expect(table.rowsRead).toBe(5);
      expect(table.firstDay).toBe(firstDay);
      expect(table.dateSpan).toEqual({ first: utcDay(2023, 12, 31), last: utcDay(2024, 1, 4) });
      expect(Array.from(table.dates)).toEqual([utcDay(2024, 1, 3), utcDay(2024, 1, 4)]);
      expect(Array.from(table.numeric.get('X') ?? [])).toEqual([3, 5]);
      expect(table.text.get('Team')).toEqual(['c', 'e']);
      expect(Array.from(table.lines)).toEqual([4, 6]);
    });

    it('still checks the rows it does not keep', () => {
      expect(() => scanCsvText('Date,X\n2020-01-01,oops\n2024-01-05,1\n', { fileName: 'a.csv', selectColumns: all, firstDay }))
        .toThrow(/The cell "oops" in column "X" is not a number/);
      expect(() => scanCsvText('Date,X\nnot a date,1\n2024-01-05,1\n', { fileName: 'a.csv', selectColumns: all, firstDay })).toThrow(/Cannot read the date/);
    });

    it('sizes its columns at the first kept row, for the rest of the file, and reads the same', () => {
      // 600 old rows, then 300 kept ones, in chunks of every size class; the estimate is made mid-file.
      const rows = Array.from({ length: 900 }, (_, i) => `${i < 600 ? '2020-06-01' : '2024-02-01'},${i}.5,${i % 7 === 0 ? '' : -i}`);
      const bytes = new TextEncoder().encode(`Date,A,B\n${rows.join('\n')}\n`);
      for (const chunk of [97, 4096, bytes.length]) {
        const scanner = new CsvScanner({ fileName: 'a.csv', selectColumns: all, expectedBytes: bytes.length, firstDay });
        for (let i = 0; i < bytes.length; i += chunk) scanner.push(bytes.slice(i, i + chunk));
        const table = scanner.end();
        expect(table.rowCount).toBe(300);
        expect(table.rowsRead).toBe(900);
        expect(Array.from(table.numeric.get('A') ?? [])).toEqual(Array.from({ length: 300 }, (_, i) => 600 + i + 0.5));
        expect(Array.from(table.numeric.get('B') ?? [])).toEqual(Array.from({ length: 300 }, (_, i) => ((600 + i) % 7 === 0 ? Number.NaN : -(600 + i))));
      }
    });

    describe('old rows checked without converting their numbers', () => {
      // Old rows of every shape: plain ones (the fast check), and ones it must leave to the full read (quoted,
      // exponents, a plus sign, spaces, NA spellings, a bare fraction, a lone CR), around blank lines, empty-cell
      // lines and kept rows out of order.
      const odd = ['"1,234"', '1e3', '+5', ' 7 ', 'NA', '.5', '5.', '-0', '', '12345678901234567890123'];
      function historyText(seed: number, lineEnd: string): string {
        const random = seededRandom(seed);
        const lines = ['Date,A,B,C'];
        for (let day = utcDay(2023, 12, 20); day <= utcDay(2024, 1, 10); day++) {
          const date = isoOf(random() < 0.1 ? day + 400 : day);
          const cell = (): string => (random() < 0.15 ? (odd[Math.floor(random() * odd.length)] as string) : random() < 0.1 ? '' : (random() * 2000 - 1000).toFixed(Math.floor(random() * 4)));
          const cells = [cell(), cell(), cell()].slice(0, random() < 0.1 ? 2 : 3);
          lines.push(`${date},${cells.join(',')}`);
          if (random() < 0.05) lines.push(random() < 0.5 ? '' : ',,,');
        }
        return `${lines.join(lineEnd)}${random() < 0.5 ? lineEnd : ''}`;
      }
      function scanInChunks(text: string, chunk: number, withFirstDay: boolean) {
        const bytes = new TextEncoder().encode(text);
        // The byte check on for these narrow files (by default it starts at 500 columns).
        const scanner = new CsvScanner({ fileName: 'a.csv', selectColumns: all, plainOldRowCheckFromColumns: 0, ...(withFirstDay ? { firstDay } : {}) });
        for (let i = 0; i < bytes.length; i += chunk) scanner.push(bytes.slice(i, i + chunk));
        return scanner.end();
      }

      it('keeps and reports what a full read keeps and reports, whatever the chunk boundaries', () => {
        for (let seed = 1; seed <= 12; seed++) {
          const text = historyText(seed, seed % 3 === 0 ? '\r\n' : '\n');
          const every = scanCsvText(text, { fileName: 'a.csv', selectColumns: all });
          const kept = Array.from(every.dates, (date, row) => ({ date, row })).filter(({ date }) => date >= firstDay).map(({ row }) => row);
          for (const chunk of [1, 5, 13, 64, text.length]) {
            const table = scanInChunks(text, chunk, true);
            expect(table.rowsRead).toBe(every.rowCount);
            expect(table.dateSpan).toEqual(every.dateSpan);
            expect(Array.from(table.dates)).toEqual(kept.map((row) => every.dates[row]));
            expect(Array.from(table.lines)).toEqual(kept.map((row) => every.lines[row]));
            for (const name of ['A', 'B', 'C']) {
              expect(Array.from(table.numeric.get(name) ?? [])).toEqual(kept.map((row) => every.numeric.get(name)?.[row]));
            }
          }
        }
      });

      it('refuses a bad old cell with the message and line a full read gives', () => {
        const bad = ['-', '12abc', '1.2.3', '--1', `1${'0'.repeat(400)}`, '1,5'];
        for (const cell of bad) {
          const text = `Date,A,B\n2020-01-01,1,2\n2020-01-02,${cell},3\n2024-02-01,1,2\n`;
          const message = (withFirstDay: boolean): string => {
            try {
              scanInChunks(text, 7, withFirstDay);
            } catch (error) {
              return `${(error as Error).message} ${JSON.stringify((error as { details?: unknown }).details)}`;
            }
            return 'accepted';
          };
          expect(message(false)).not.toBe('accepted');
          expect(message(true)).toBe(message(false));
        }
      });

      it('still counts the lines of quoted old rows that span lines', () => {
        const text = 'Date,A,Team\n2020-01-01,1,"two\nlines"\n2020-01-02,2,x\n2024-02-01,oops,y\n';
        expect(() => scanCsvText(text, { fileName: 'a.csv', selectColumns: all, firstDay, plainOldRowCheckFromColumns: 0 })).toThrow(expect.objectContaining({ details: expect.objectContaining({ line: 5 }) }));
      });
    });

    it('keeps no row when every row is older, but knows the rows were there', () => {
      const table = scanCsvText('Date,X\n2020-01-01,1\n2020-01-02,2\n', { fileName: 'a.csv', selectColumns: all, firstDay });
      expect(table.rowCount).toBe(0);
      expect(table.rowsRead).toBe(2);
      expect(table.dateSpan).toEqual({ first: utcDay(2020, 1, 1), last: utcDay(2020, 1, 2) });
    });
  });

  it('fills the cells of a short row with blanks', () => {
    const table = scanCsvText('Date,X,Y\n2024-01-01,1\n', { fileName: 'a.csv', selectColumns: all });
    expect(Number.isNaN(table.numeric.get('Y')?.[0])).toBe(true);
  });
});

describe('CSV dates', () => {
  it.each([
    ['Sun, 05-Jan-2020', utcDay(2020, 1, 5)],
    ['05-Jan-2020', utcDay(2020, 1, 5)],
    ['2020-05-01', utcDay(2020, 5, 1)],
    ['2020-05-01 00:00:00', utcDay(2020, 5, 1)],
    ['2020/05/01', utcDay(2020, 5, 1)],
    ['1/2/21', utcDay(2021, 1, 2)],
    ['12/31/2023', utcDay(2023, 12, 31)],
    ['Jan 5, 2020', utcDay(2020, 1, 5)],
    ['January 5 2020', utcDay(2020, 1, 5)],
    // Read as pandas reads them (checked against it), dotted ones month first as well.
    ['Jan-05-2020', utcDay(2020, 1, 5)],
    ['20240105', utcDay(2024, 1, 5)],
    ['2024.01.05', utcDay(2024, 1, 5)],
    ['05.01.2024', utcDay(2024, 5, 1)],
  ])('reads %s', (text, day) => {
    expect(parseCsvDate(text)).toBe(day);
  });

  it.each(['2021-02-29', '13/01/2021', 'someday', '', '20241305', '2024.02.30', '13.01.2024', '2024010'])('refuses %s', (text) => {
    expect(parseCsvDate(text)).toBeUndefined();
  });
});
