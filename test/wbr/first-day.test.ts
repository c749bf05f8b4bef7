import { describe, expect, it } from 'vitest';
import { CsvScanner } from '../../src/domain/wbr/csv-scanner.js';
import type { CsvTable } from '../../src/domain/wbr/csv-scanner.js';
import { buildWbrDeck, createDataScanner, parseWbrConfig } from '../../src/domain/wbr/wbr-deck.js';
import { firstDayUsed, plannedCsvColumns } from '../../src/domain/wbr/wbr-engine.js';
import { seededRandom } from '../support/seeded-random.js';
import { configWith, isoOf, utcDay } from './wbr-fixtures.js';

/**
 * The data scanner keeps no row older than the first day a deck can use (firstDayUsed): a long history file then
 * costs its memory only for the rows the deck reads. These tests build each deck twice, once from the rows kept
 * and once from every row, and require the same deck JSON, over week endings around month, quarter, year and
 * leap-day ends, fiscal years, XmR baselines, both compatibility modes, data with gaps (a whole month missing
 * near the first day), several rows per date, and rows out of date order.
 */

const METRICS = `  Sales:
    column: Sales
    aggf: sum
  Price:
    column: Price
    aggf: mean
  Rate:
    column: Rate
    aggf: mean
    metric_comparison_method: bps
  Last:
    column: Sales
    aggf: last
  BigTeam:
    filter:
      base_column: Sales
      query: Team == "big"
    aggf: sum
  Revenue:
    function:
      product:
        - metric:
            name: Sales
        - metric:
            name: Price`;

const TABLES = `  - block:
      ui_type: 6_WeeksTable
      title: Weeks
      rows:
        - row:
            header: Sales
            metric: Sales
        - row:
            header: Sales YOY
            metric: SalesYOY
        - row:
            header: Rate WOW
            metric: RateWOW
  - block:
      ui_type: 12_MonthsTable
      title: Months
      rows:
        - row:
            header: Price
            metric: Price
        - row:
            header: Price MOM
            metric: PriceMOM`;

/**
 * Daily rows from 2019 to the end of 2024, with gaps, repeated dates, a few rows out of order, and no rows in the
 * `missingMonths` (YYYY-MM).
 */
function historyCsv(seed: number, missingMonths: readonly string[]): string {
  const random = seededRandom(seed);
  const rows: string[] = [];
  for (let day = utcDay(2019, 1, 1); day <= utcDay(2024, 12, 31); day++) {
    const iso = isoOf(day);
    if (missingMonths.includes(iso.slice(0, 7)) || random() < 0.03) continue;
    const copies = random() < 0.05 ? 2 : 1;
    for (let copy = 0; copy < copies; copy++) {
      const sales = random() < 0.01 ? '' : String(Math.round(100 + 50 * random() + (day % 7) * 3));
      rows.push(`${iso},${sales},${(10 + random()).toFixed(3)},${(0.2 + random() / 10).toFixed(4)},${random() < 0.5 ? 'big' : 'small'}`);
    }
  }
  for (let i = 0; i < 40; i++) {
    const a = Math.floor(random() * rows.length);
    const b = Math.floor(random() * rows.length);
    [rows[a], rows[b]] = [rows[b] as string, rows[a] as string];
  }
  return `Date,Sales,Price,Rate,Team\n${rows.join('\n')}\n`;
}

function scan(scanner: CsvScanner, csv: string): CsvTable {
  const bytes = new TextEncoder().encode(csv);
  for (let i = 0; i < bytes.length; i += 65_536) scanner.push(bytes.subarray(i, i + 65_536));
  return scanner.end();
}

/**
 * The months from 25 to 23 months before the week's month: the first kept rows then come after the first month of
 * the prior year's trailing twelve, whose blank or zero values must still come out as with every row.
 */
function monthsAroundFirstDay(weekEnding: string): string[] {
  const date = new Date(`${weekEnding.slice(3, 6)} ${weekEnding.slice(0, 2)}, ${weekEnding.slice(7)} UTC`);
  return [25, 24, 23].map((back) => new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() - back, 1)).toISOString().slice(0, 7));
}

const CASES = [
  { weekEnding: '28-DEC-2024', fiscal: 'DEC', setupExtra: '' },
  { weekEnding: '30-NOV-2024', fiscal: 'DEC', setupExtra: '  pulse_compatibility: corrected' },
  { weekEnding: '30-NOV-2024', fiscal: 'DEC', setupExtra: '' },
  { weekEnding: '29-FEB-2024', fiscal: 'JUN', setupExtra: '' },
  { weekEnding: '02-MAR-2024', fiscal: 'MAR', setupExtra: '  pulse_compatibility: corrected' },
  { weekEnding: '30-JUN-2024', fiscal: 'JUN', setupExtra: '  xmr_baseline_weeks: 104' },
  { weekEnding: '05-OCT-2024', fiscal: 'SEP', setupExtra: '  xmr_baseline_weeks: 260' },
  { weekEnding: '31-DEC-2025', fiscal: 'DEC', setupExtra: '' },
];

describe('rows before the first day a deck uses', () => {
  for (const [index, testCase] of CASES.entries()) {
    it(`change nothing in the deck (week ending ${testCase.weekEnding}, fiscal year ending ${testCase.fiscal}${testCase.setupExtra ? `,${testCase.setupExtra}` : ''})`, () => {
      const text = configWith({
        weekEnding: testCase.weekEnding, fiscal: testCase.fiscal, metrics: METRICS, charts: ['Sales', 'Price', 'Rate', 'Last', 'BigTeam', 'Revenue', 'SalesYOY'],
        extraBlocks: TABLES, ...(testCase.setupExtra === '' ? {} : { setupExtra: testCase.setupExtra }),
      });
      const config = parseWbrConfig(text, { fileName: 'deck.yaml' });
      const csv = historyCsv(index + 1, monthsAroundFirstDay(testCase.weekEnding));
      const kept = scan(createDataScanner(config, 'data.csv', csv.length), csv);
      const every = scan(new CsvScanner({ fileName: 'data.csv', selectColumns: (header) => plannedCsvColumns(config, header) }), csv);
      // The file reaches back further than the deck: rows were left out (fewer at the 260-week XmR baseline).
      expect(kept.rowsRead).toBe(every.rowCount);
      expect(kept.rowCount).toBeLessThan(every.rowCount);
      expect(Math.min(...kept.dates)).toBeGreaterThanOrEqual(firstDayUsed(config.setup));
      expect(JSON.stringify(buildWbrDeck({ config, data: kept }))).toBe(JSON.stringify(buildWbrDeck({ config, data: every })));
    });
  }

  it('change nothing in the deck when the old rows are plain numbers, checked without converting them', () => {
    // Without the text column every old row is plain, so the scanner takes its fast check for all of them.
    const metrics = METRICS.replace(/  BigTeam:\n(?: {4}.*\n)+/, '');
    const config = parseWbrConfig(configWith({ weekEnding: '30-NOV-2024', metrics, charts: ['Sales', 'Price', 'Rate', 'Last', 'Revenue'], extraBlocks: TABLES }), { fileName: 'deck.yaml' });
    const csv = historyCsv(11, monthsAroundFirstDay('30-NOV-2024')).replace(/,(?:big|small|Team)$/gm, '');
    // The deck's own scanner, with the byte check on for this narrow file (by default it starts at 500 columns).
    const kept = scan(new CsvScanner({ fileName: 'data.csv', selectColumns: (header) => plannedCsvColumns(config, header), firstDay: firstDayUsed(config.setup), plainOldRowCheckFromColumns: 0 }), csv);
    const every = scan(new CsvScanner({ fileName: 'data.csv', selectColumns: (header) => plannedCsvColumns(config, header) }), csv);
    expect(csv).not.toMatch(/big|small/);
    expect(kept.rowsRead).toBe(every.rowCount);
    expect(kept.rowCount).toBeLessThan(every.rowCount / 2);
    expect(JSON.stringify(buildWbrDeck({ config, data: kept }))).toBe(JSON.stringify(buildWbrDeck({ config, data: every })));
  });

  it('a deck for an earlier week than the data was read for is refused, not built from missing rows', () => {
    const config = parseWbrConfig(configWith({ weekEnding: '28-DEC-2024', metrics: METRICS, charts: ['Sales'] }), { fileName: 'deck.yaml' });
    const csv = historyCsv(9, []);
    const data = scan(createDataScanner(config, 'data.csv', csv.length), csv);
    config.setup.weekEnding = utcDay(2022, 6, 25);
    expect(() => buildWbrDeck({ config, data })).toThrow(/rows the deck needs were left out/);
  });

  it('a file whose rows are all older than the deck gives a deck of blanks, not "no rows"', () => {
    const config = parseWbrConfig(configWith({ weekEnding: '28-DEC-2024', metrics: METRICS, charts: ['Sales'] }), { fileName: 'deck.yaml' });
    const csv = 'Date,Sales,Price,Rate,Team\n2019-01-01,5,1,0.1,big\n2019-01-02,6,1,0.1,big\n';
    const kept = scan(createDataScanner(config, 'data.csv', csv.length), csv);
    const every = scan(new CsvScanner({ fileName: 'data.csv', selectColumns: (header) => plannedCsvColumns(config, header) }), csv);
    expect(kept.rowCount).toBe(0);
    expect(JSON.stringify(buildWbrDeck({ config, data: kept }))).toBe(JSON.stringify(buildWbrDeck({ config, data: every })));
  });
});
