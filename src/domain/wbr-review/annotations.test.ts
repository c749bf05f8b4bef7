import { describe, expect, it } from 'vitest';
import { appErrorOf } from '../../../test/support/app-error.js';
import { FULFILMENT_CONFIG, fulfilmentCsv } from '../../../test/support/wbr-review-fixture.js';
import { buildWbrDeck, createDataScanner, parseWbrConfig } from '../wbr/wbr-deck.js';
import { annotationEventsOf, annotationsFromCsv, checkAnnotation } from './annotations.js';

const metrics = new Set(['Late deliveries', 'Orders shipped']);

describe('checkAnnotation', () => {
  it('keeps a date, a metric of the deck and a one-line description, trimmed', () => {
    expect(checkAnnotation({ date: '2025-01-02', metric: ' Late deliveries ', description: '  Storm closed\n two depots ' }, metrics)).toEqual({ date: '2025-01-02', metric: 'Late deliveries', description: 'Storm closed two depots' });
  });

  it('refuses a bad date, a metric the deck does not have, an empty or long description, naming the field', () => {
    const refusal = (input: { date?: string; metric?: string; description?: string }) => appErrorOf(() => checkAnnotation({ date: '2025-01-02', metric: 'Late deliveries', description: 'Storm', ...input }, metrics));
    expect(refusal({ date: '2025-02-30' })).toMatchObject({ code: 'validation_failed', details: { field: 'date' } });
    expect(refusal({ date: '0000-01-01' })).toMatchObject({ code: 'validation_failed', details: { field: 'date' } }); // PostgreSQL has no year 0
    expect(refusal({ metric: 'Returns' })).toMatchObject({ code: 'validation_failed', details: { field: 'metric' } });
    expect(refusal({ metric: 'Returns' }).message).toContain('Late deliveries, Orders shipped');
    expect(refusal({ description: ' \n ' })).toMatchObject({ details: { field: 'description' } });
    expect(refusal({ description: 'x'.repeat(501) }).message).toContain('at most 500 characters (this one has 501)');
  });
});

describe('annotationsFromCsv', () => {
  it('reads the WBR App\'s annotation file, its date formats included', () => {
    const csv = 'Date,MetricName,EventDescription\n2025-01-02,Late deliveries,Storm closed two depots\n"03-JAN-2025",Orders shipped,"New-year sale, day two"\n';
    expect(annotationsFromCsv(csv, 'events.csv', metrics)).toEqual([
      { date: '2025-01-02', metric: 'Late deliveries', description: 'Storm closed two depots' },
      { date: '2025-01-03', metric: 'Orders shipped', description: 'New-year sale, day two' },
    ]);
  });

  it('names the file and line of a bad row, and the column a header lacks', () => {
    const unknown = appErrorOf(() => annotationsFromCsv('Date,MetricName,EventDescription\n2025-01-02,Late deliveries,Storm\n2025-01-03,Returns,Sale\n', 'events.csv', metrics));
    expect(unknown).toMatchObject({ code: 'invalid_data', details: { file: 'events.csv', line: 3, field: 'metric' } });
    expect(unknown.message).toMatch(/^Line 3: metric: the deck has no metric "Returns"/);
    expect(appErrorOf(() => annotationsFromCsv('Date,MetricName,EventDescription\nnot a date,Late deliveries,Storm\n', 'events.csv', metrics))).toMatchObject({ code: 'invalid_data', details: { file: 'events.csv', line: 2 } });
    expect(appErrorOf(() => annotationsFromCsv('Date,MetricName\n2025-01-02,Late deliveries\n', 'events.csv', metrics)).message).toContain('"EventDescription" is missing');
  });
});

describe('annotations in a built deck', () => {
  it('puts a week\'s annotations, and the same weeks\' of a year before, on their metric\'s chart, and leaves the rest out', () => {
    const config = parseWbrConfig(FULFILMENT_CONFIG, { fileName: 'config.yaml' });
    const scanner = createDataScanner(config, 'data.csv');
    scanner.push(new TextEncoder().encode(fulfilmentCsv('2025-01-04')));
    const events = annotationEventsOf([
      { date: '2025-01-02', metric: 'Late deliveries', description: 'Storm closed two depots' },
      { date: '2024-01-03', metric: 'Late deliveries', description: 'Last year\'s storm' },
      { date: '2024-06-01', metric: 'Late deliveries', description: 'Outside both windows' },
      { date: '2024-12-24', metric: 'Orders shipped', description: 'Christmas Eve cut-off' },
    ]);
    const deck = buildWbrDeck({ config, data: scanner.end(), annotations: events });
    const chart = (title: string) => deck.blocks.find((block) => block.plotStyle === '6_12_chart' && block.title === title);
    const late = chart('Late deliveries');
    expect(late?.plotStyle === '6_12_chart' ? late.annotations.map((annotation) => [annotation.date, annotation.description]) : null).toEqual([
      ['January 02 2025', 'Storm closed two depots'], // the App's own date format
      ['January 03 2024', 'Last year\'s storm'],
    ]);
    const orders = chart('Orders shipped');
    expect(orders?.plotStyle === '6_12_chart' ? orders.annotations.map((annotation) => annotation.description) : null).toEqual(['Christmas Eve cut-off']);
  });
});
