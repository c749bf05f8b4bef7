import { describe, expect, it } from 'vitest';
import { parseWbrConfig } from '../../src/domain/wbr/wbr-config.js';
import { buildError, configWith, dailyCsv } from './wbr-fixtures.js';

/** Every bad config and CSV gets an AppError that names the file, the line and (for configs) the key path. */
const csv = dailyCsv('2024-01-01', '2024-09-30', { Sales: () => 5, Country: () => 'US' });
const good = configWith({ metrics: '  Sales:\n    column: Sales\n    aggf: sum', charts: ['Sales'] });

function configError(text: string) {
  return buildError(text, csv);
}

describe('config errors', () => {
  it('invalid YAML', () => {
    const error = configError('setup:\n  week_ending: [oops\n');
    expect(error.code).toBe('invalid_config');
    expect(error.details.file).toBe('deck.yaml');
    expect(error.message).toMatch(/not valid YAML/);
  });

  it('invalid YAML names the line and column of the mistake', () => {
    // A list item after a key on the same line: the App's YAML loader refuses it too ("sequence entries are not allowed here").
    const error = configError(good.replace('    aggf: sum', '    aggf: - sum'));
    expect(error.message).toMatch(/not valid YAML/);
    expect(error.details).toMatchObject({ file: 'deck.yaml', line: 8, column: 11 });
  });

  it('a missing section', () => {
    const error = configError(good.replace(/deck:[\s\S]*/, ''));
    expect(error.message).toMatch(/needs a "deck" section/);
  });

  it('an unknown key, with its path and line', () => {
    const error = configError(good.replace('    aggf: sum', '    aggf: sum\n    colour: red'));
    expect(error.details).toMatchObject({ file: 'deck.yaml', field: 'metrics.Sales.colour', line: 9 });
    expect(error.message).toMatch(/Unknown key "colour"/);
  });

  it('an unknown key becomes a warning when lenient', () => {
    const config = parseWbrConfig(good.replace('    aggf: sum', '    aggf: sum\n    colour: red'), { fileName: 'deck.yaml', unknownKeys: 'warn' });
    expect(config.warnings[0]).toMatch(/deck\.yaml:9: metrics\.Sales\.colour is not a known key/);
  });

  it('keys the App ignores are accepted with a warning', () => {
    const config = parseWbrConfig(good.replace('    aggf: sum', '    aggf: sum\n    box_total_scaling: bps'), { fileName: 'deck.yaml' });
    expect(config.warnings).toHaveLength(1);
  });

  it('a bad week_ending', () => {
    const error = configError(good.replace('25-SEP-2024', '2024-09-25'));
    expect(error.details).toMatchObject({ field: 'setup.week_ending', line: 2 });
    expect(error.message).toMatch(/like 25-SEP-2021/);
  });

  it('a missing week_number', () => {
    expect(configError(good.replace('  week_number: 39\n', '')).details.field).toBe('setup.week_number');
  });

  it('a bad fiscal_year_end_month', () => {
    expect(configError(configWith({ metrics: '  Sales:\n    column: Sales\n    aggf: sum', charts: ['Sales'], fiscal: 'March' })).details.field).toBe('setup.fiscal_year_end_month');
  });

  it('an unknown aggf', () => {
    const error = configError(good.replace('aggf: sum', 'aggf: total'));
    expect(error.details).toMatchObject({ field: 'metrics.Sales.aggf', line: 8 });
    expect(error.message).toMatch(/"total" is not a known aggf/);
  });

  it('a metric without aggf', () => {
    expect(configError(good.replace('    aggf: sum\n', '')).message).toMatch(/needs an aggf/);
  });

  it('a metric_comparison_method other than bps', () => {
    const error = configError(good.replace('aggf: sum', "aggf: sum\n    metric_comparison_method: '%'"));
    expect(error.details.field).toBe('metrics.Sales.metric_comparison_method');
  });

  it('a bad good_direction', () => {
    expect(configError(good.replace('aggf: sum', 'aggf: sum\n    good_direction: sideways')).details.field).toBe('metrics.Sales.good_direction');
  });

  it('a metric whose column is not in the data', () => {
    const error = configError(good.replace('column: Sales', 'column: Revenue'));
    expect(error.details).toMatchObject({ file: 'deck.yaml', line: 7, field: 'metrics.Sales.column' });
    expect(error.message).toMatch(/"Revenue", which is not in the data file/);
  });

  it('a filter query on an unknown column', () => {
    const error = configError(good.replace('    column: Sales\n', "    filter:\n      base_column: Sales\n      query: \"Region == 'EU'\"\n"));
    expect(error.details.field).toBe('metrics.Sales.filter.query');
    expect(error.message).toMatch(/uses "Region"/);
  });

  it('a filter query that cannot be read', () => {
    const error = configError(good.replace('    column: Sales\n', '    filter:\n      base_column: Sales\n      query: "Country == "\n'));
    expect(error.message).toMatch(/cannot be read/);
  });

  it('an unknown function', () => {
    const error = configError(good.replace('aggf: sum', 'aggf: sum\n  Ratio:\n    function:\n      quotient:\n        - metric:\n            name: Sales'));
    expect(error.message).toMatch(/Unknown function "quotient"/);
  });

  it('a function operand that is not a metric', () => {
    const error = configError(good.replace('aggf: sum', 'aggf: sum\n  Ratio:\n    function:\n      divide:\n        - metric:\n            name: Sales\n        - metric:\n            name: Visits'));
    expect(error.details.line).toBe(15);
    expect(error.message).toMatch(/uses "Visits", which is not defined/);
  });

  it('function metrics in a circle', () => {
    const circle = 'aggf: sum\n  A:\n    function:\n      sum:\n        - metric:\n            name: B\n  B:\n    function:\n      sum:\n        - metric:\n            name: A';
    expect(configError(good.replace('aggf: sum', circle)).message).toMatch(/in a circle: A -> B -> A/);
  });

  it('an unknown ui_type', () => {
    const error = configError(good.replace('ui_type: 6_12Graph', 'ui_type: PieChart'));
    expect(error.details.line).toBe(11);
    expect(error.message).toMatch(/Unknown ui_type "PieChart" in block 1/);
  });

  it('a block without ui_type', () => {
    expect(configError(good.replace('      ui_type: 6_12Graph\n', '')).message).toMatch(/needs a ui_type/);
  });

  it('a chart of an undefined metric', () => {
    const error = configError(good.replace('        Sales:', '        Visits:'));
    expect(error.details.field).toBe('deck[0].block.metrics.Visits');
    expect(error.message).toMatch(/"Visits" of block 1 is not defined/);
  });

  it('a bad x_axis_monthly_display', () => {
    expect(configError(good.replace('      title: Sales', '      title: Sales\n      x_axis_monthly_display: calendar')).message).toMatch(/must be "fiscal_year" or "trailing_twelve_months"/);
  });

  it('a 6-week table row with a month-over-month series', () => {
    const table = '\n  - block:\n      ui_type: 6_WeeksTable\n      rows:\n        - row:\n            metric: SalesMOM\n';
    expect(configError(good + table).message).toMatch(/cannot show the month-over-month series/);
  });

  it('a key given twice is a warning with its path and line; the last value is used', () => {
    const config = parseWbrConfig(good.replace('    aggf: sum', '    aggf: mean\n    aggf: sum'), { fileName: 'deck.yaml' });
    expect(config.warnings).toEqual(['deck.yaml:9: metrics.Sales.aggf is given twice; the last value is used.']);
    expect(config.metrics[0]).toMatchObject({ name: 'Sales', aggregation: 'sum' });
  });

  it('a metric given twice among many keeps its first place and its last definition', () => {
    const others = Array.from({ length: 20 }, (_, index) => `  M${index}:\n    column: Sales\n    aggf: sum`).join('\n');
    const text = configWith({ metrics: `  Sales:\n    column: Sales\n    aggf: sum\n${others}\n  Sales:\n    column: Sales\n    aggf: max`, charts: ['Sales'] });
    const config = parseWbrConfig(text, { fileName: 'deck.yaml' });
    expect(config.warnings).toEqual(['deck.yaml:69: metrics.Sales is given twice; the last value is used.']);
    expect(config.metrics.map((metric) => metric.name)).toEqual(['Sales', ...Array.from({ length: 20 }, (_, index) => `M${index}`)]);
    expect(config.metricsByName.get('Sales')).toMatchObject({ aggregation: 'max', line: 70 });
  });

  it('an unknown key among many metrics, with its path and line', () => {
    const others = Array.from({ length: 20 }, (_, index) => `  M${index}:\n    column: Sales\n    aggf: sum`).join('\n');
    const error = configError(configWith({ metrics: `${others}\n  Sales:\n    column: Sales\n    colour: red\n    aggf: sum`, charts: ['Sales'] }));
    expect(error.details).toMatchObject({ file: 'deck.yaml', field: 'metrics.Sales.colour', line: 68 });
  });

  it('an empty config and a config that is not a mapping', () => {
    expect(configError('# nothing\n').message).toMatch(/The WBR config is empty/);
    expect(configError('~\n').message).toMatch(/The WBR config must be a mapping/);
    expect(configError('- a\n').message).toMatch(/The WBR config must be a mapping/);
  });

  it('a config with a byte order mark and CRLF line ends reads like the plain one', () => {
    const plain = parseWbrConfig(good, { fileName: 'deck.yaml' });
    const windows = parseWbrConfig(`\ufeff${good.replaceAll('\n', '\r\n')}`, { fileName: 'deck.yaml' });
    expect(windows).toEqual(plain);
  });

  it('a config the fast reader leaves to the YAML library reads the same', () => {
    const plain = parseWbrConfig(good, { fileName: 'deck.yaml' });
    const flow = parseWbrConfig(good.replace('    column: Sales\n    aggf: sum', '    {column: Sales, aggf: sum}').replace('  Sales:\n    {', '  Sales: {'), { fileName: 'deck.yaml' });
    // Only the metric's line differs: its mapping starts on the line of its key.
    expect(flow.metrics).toEqual(plain.metrics.map((metric) => ({ ...metric, line: metric.line - 1 })));
  });

  it('a table without rows', () => {
    expect(configError(`${good}  - block:\n      ui_type: 12_MonthsTable\n`).message).toMatch(/needs rows/);
  });
});

describe('CSV errors', () => {
  const error = (text: string) => buildError(good, text);

  it('no Date column', () => {
    const e = error('Day,Sales\n2024-01-01,5\n');
    expect(e.code).toBe('invalid_data');
    expect(e.details).toMatchObject({ file: 'data.csv', line: 1 });
    expect(e.message).toMatch(/no `Date` column/);
  });

  it('a date that cannot be read', () => {
    const e = error('Date,Sales\n2024-01-01,5\nyesterday,6\n');
    expect(e.details).toMatchObject({ file: 'data.csv', line: 3, column: 1 });
  });

  it('text in a number column', () => {
    const e = error('Date,Sales\n2024-01-01,5\n2024-01-02,five\n');
    expect(e.details).toMatchObject({ file: 'data.csv', line: 3, column: 2 });
    expect(e.message).toMatch(/"five" in column "Sales" is not a number/);
  });

  it('a row wider than the header', () => {
    expect(error('Date,Sales\n2024-01-01,5,7\n').details).toMatchObject({ line: 2, column: 3 });
  });

  it('an unclosed quote', () => {
    expect(error('Date,Sales\n2024-01-01,"5\n').message).toMatch(/not closed/);
  });

  it('an empty file', () => {
    expect(error('').message).toMatch(/empty/);
  });

  it('a header without rows', () => {
    expect(error('Date,Sales\n').message).toMatch(/no rows/);
  });
});

describe('annotation file errors', () => {
  it('an annotation CSV without EventDescription', async () => {
    const { createAnnotationScanner } = await import('../../src/domain/wbr/wbr-deck.js');
    const scanner = createAnnotationScanner('events.csv');
    expect(() => scanner.push(new TextEncoder().encode('Date,MetricName\n2024-09-20,Sales\n'))).toThrow(/"EventDescription" is missing/);
  });

  it('annotations from database queries', () => {
    const error = configError(`${good}annotations:\n  data_sources:\n    Db:\n      q:\n        query: SELECT 1\n`);
    expect(error.message).toMatch(/not supported by Pulse/);
  });
});
