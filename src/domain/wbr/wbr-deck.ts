import { AppError } from '../errors.js';
import type { AnnotationEvent, BuildDeckOptions } from './build-deck.js';
import { buildDeck, writeDeckJson } from './build-deck.js';
import { CsvScanner } from './csv-scanner.js';
import type { CsvTable } from './csv-scanner.js';
import type { Deck, DeckBlock } from './deck-types.js';
import type { WbrConfig } from './wbr-config.js';
import { parseWbrConfig } from './wbr-config.js';
import { computeWbr, firstDayUsed, plannedCsvColumns } from './wbr-engine.js';
import type { WbrComputation } from './wbr-engine.js';

/**
 * The WBR engine's entry points. The engine does no I/O: callers hand it the config text and feed the data
 * file's bytes to a scanner (streamed, chunk by chunk), then build the deck.
 */

export { parseWbrConfig } from './wbr-config.js';
export { parseWbrConnections } from './wbr-connections.js';
export type { CsvTable } from './csv-scanner.js';
export type { WbrConfig } from './wbr-config.js';
export type { AnnotationEvent } from './build-deck.js';
export type { Deck } from './deck-types.js';

/** A scanner for the data CSV that keeps only the columns the config uses (and checks they exist). */
export function createDataScanner(config: WbrConfig, fileName: string, expectedBytes?: number): CsvScanner {
  return new CsvScanner({
    fileName,
    selectColumns: (header) => plannedCsvColumns(config, header),
    // Rows older than any window of the deck are checked but not kept (computeWbr checks the week still fits).
    firstDay: firstDayUsed(config.setup),
    ...(expectedBytes === undefined ? {} : { expectedBytes }),
  });
}

/** A scanner for an annotation CSV (`Date`, `MetricName`, `EventDescription`). */
export function createAnnotationScanner(fileName: string): CsvScanner {
  return new CsvScanner({
    fileName,
    selectColumns: (header) => {
      for (const column of ['MetricName', 'EventDescription']) {
        if (!header.includes(column)) {
          throw new AppError('invalid_data', `The annotation file needs the columns Date, MetricName and EventDescription; "${column}" is missing.`, { file: fileName, line: 1 });
        }
      }
      return { numeric: [], text: ['MetricName', 'EventDescription'] };
    },
  });
}

export function annotationEvents(table: CsvTable): AnnotationEvent[] {
  const names = table.text.get('MetricName') ?? [];
  const descriptions = table.text.get('EventDescription') ?? [];
  return Array.from({ length: table.rowCount }, (_, row) => ({
    date: table.dates[row] as number,
    metricName: names[row] ?? '',
    description: descriptions[row] ?? '',
  }));
}

export interface BuildWbrDeckInput {
  config: WbrConfig;
  data: CsvTable;
  annotations?: readonly AnnotationEvent[];
  withSignals?: boolean;
}

/** Checks the data, computes every number and gathers the build options. */
function compute(input: BuildWbrDeckInput): { computation: WbrComputation; options: BuildDeckOptions } {
  if (input.data.rowsRead === 0) {
    throw new AppError('invalid_data', 'The data file has a header but no rows.', { file: input.data.fileName, line: 2 });
  }
  const options: BuildDeckOptions = {
    ...(input.annotations === undefined ? {} : { annotations: input.annotations }),
    ...(input.withSignals === undefined ? {} : { withSignals: input.withSignals }),
  };
  return { computation: computeWbr(input.config, input.data), options };
}

/** Computes every number of the deck and assembles it. */
export function buildWbrDeck(input: BuildWbrDeckInput): Deck {
  const { computation, options } = compute(input);
  return buildDeck(computation, options);
}

/** Computes the deck and writes its JSON to `sink` block by block; returns the deck without its blocks. */
export function writeWbrDeckJson(input: BuildWbrDeckInput, sink: (chunk: string) => void, onBlock?: (block: DeckBlock) => void): Deck {
  const { computation, options } = compute(input);
  return writeDeckJson(computation, options, sink, onBlock);
}

/** All in one, from texts (tests, small inputs). */
export function buildWbrDeckFromText(input: { configText: string; configFile: string; csvText: string; csvFile: string; withSignals?: boolean }): Deck {
  const config = parseWbrConfig(input.configText, { fileName: input.configFile });
  const scanner = createDataScanner(config, input.csvFile);
  scanner.push(new TextEncoder().encode(input.csvText));
  return buildWbrDeck({ config, data: scanner.end(), ...(input.withSignals === undefined ? {} : { withSignals: input.withSignals }) });
}
