import { closeSync, createReadStream, openSync, readFileSync, statSync } from 'node:fs';
import { isAscii } from 'node:buffer';
import { dirname, isAbsolute, resolve } from 'node:path';
import { formatDay } from '../domain/dates.js';
import { AppError } from '../domain/errors.js';
import type { DeckBlock } from '../domain/wbr/deck-types.js';
import * as engine from '../domain/wbr/wbr-deck.js';
import type { AnnotationEvent, CsvTable, Deck } from '../domain/wbr/wbr-deck.js';
import { dayNumber } from '../domain/wbr/calendar.js';
import { bufferedFileWriter } from './buffered-file-writer.js';
import { cannotRead, cannotWrite } from './cannot-read.js';

/**
 * What `pulse wbr build` does once its arguments are checked: reads the config and the data, builds the deck and
 * writes it. One module that the command imports when it runs, so the engine and everything else the build needs
 * load in one piece (each module a run loads costs it time), and only for this command.
 */

export { parseDayMonYear } from '../domain/wbr/calendar.js';

export interface BuildDeckFileOptions {
  /** The data file; without it the config's data_sources are run (as the App does when no CSV is uploaded). */
  data?: string | undefined;
  /** The connections file for data_sources queries; default: the config's setup.db_config_url. */
  connections?: string | undefined;
  out: string;
  format: 'json' | 'html' | 'pdf';
  /** The week to report (day number), overriding setup.week_ending. */
  weekEndingDay: number | undefined;
  lenient?: boolean;
  corrected?: boolean;
  signals: boolean;
}

/** Files at least this large get a progress bar on a terminal. */
const PROGRESS_THRESHOLD_BYTES = 8 * 1024 * 1024;
const READ_CHUNK_BYTES = 1024 * 1024;
/** Per data_sources query. A warehouse query over years of rows can take a while; an hour-long one is a mistake. */
const DATA_SOURCE_TIMEOUT_MS = 10 * 60 * 1000;
/** The merged data_sources as CSV, at most: far beyond any deck (10,000 metrics × 3 years is 69 MB). */
const DATA_SOURCE_MAX_BYTES = 1024 * 1024 * 1024;

function readBytes(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw cannotRead(path, error);
  }
}

function readText(path: string): string {
  const bytes = readBytes(path);
  // The same text either way; an all-ASCII file (the usual config) is copied as is, without UTF-8 decoding.
  return bytes.toString(isAscii(bytes) ? 'latin1' : 'utf8');
}

export async function buildDeckFile(configPath: string, options: BuildDeckFileOptions): Promise<void> {
  // process.hrtime, not performance.now(): the `performance` global loads perf_hooks, a few ms of every run.
  const started = process.hrtime.bigint();
  // The data file is opened and its first chunk read now, by Node's I/O threads, while this thread reads the
  // config. Its errors are reported after the config's, as they would be without this.
  let dataSize = 0;
  let dataError: AppError | undefined;
  const dataPath = options.data;
  try {
    if (dataPath !== undefined) dataSize = statSync(dataPath).size;
  } catch (error) {
    dataError = cannotRead(dataPath as string, error);
  }
  const chunks = dataError === undefined && dataPath !== undefined ? createReadStream(dataPath, { highWaterMark: READ_CHUNK_BYTES })[Symbol.asyncIterator]() : undefined;
  const firstChunk = chunks?.next();
  firstChunk?.catch(() => undefined); // awaited below; a failure must not surface as an unhandled rejection before that

  const config = engine.parseWbrConfig(readText(configPath), { fileName: configPath, unknownKeys: options.lenient ? 'warn' : 'error' });
  if (options.weekEndingDay !== undefined) config.setup.weekEnding = options.weekEndingDay;
  if (options.corrected === true) config.setup.compatibility = 'corrected';
  const data = dataPath === undefined ? await scanDataSources(config, configPath, options.connections) : await scanDataFile(config, dataPath, dataSize, chunks, firstChunk, dataError);


  const annotations: AnnotationEvent[] = [];
  for (const file of config.annotationFiles) {
    const path = localPath(file.path, configPath, 'annotations');
    const annotationScanner = engine.createAnnotationScanner(path);
    annotationScanner.push(new TextEncoder().encode(readText(path)));
    annotations.push(...engine.annotationEvents(annotationScanner.end()));
  }

  let anomalies = 0;
  const countAnomalies = (block: DeckBlock): void => {
    if (block.plotStyle !== '6_12_chart' || block.pulse === undefined) return;
    for (const xmr of Object.values(block.pulse.xmr)) {
      anomalies += xmr.signals.filter((signal) => signal.isAnomaly && signal.weekIndex >= xmr.values.length - xmr.shownWeeks).length;
    }
  };
  const input = { config, data, annotations, withSignals: options.signals };
  let file: number;
  try {
    file = openSync(options.out, 'w');
  } catch (error) {
    throw cannotWrite(options.out, '--out', error);
  }
  let deck: Deck;
  try {
    const { write: sink, writeBytes, flush } = bufferedFileWriter(file);
    if (options.format === 'json') {
      deck = engine.writeWbrDeckJson(input, sink, countAnomalies);
    } else if (options.format === 'html') {
      deck = engine.buildWbrDeck(input);
      deck.blocks.forEach(countAnomalies);
      const { writeDeckHtml } = await import('../domain/wbr/html/render-deck-html.js');
      writeDeckHtml(deck, sink);
    } else {
      deck = engine.buildWbrDeck(input);
      deck.blocks.forEach(countAnomalies);
      const { renderDeckPdf } = await import('../pdf/deck-pdf.js');
      await renderDeckPdf(deck, writeBytes);
    }
    flush();
  } finally {
    closeSync(file);
  }

  for (const warning of config.warnings) process.stderr.write(`pulse: warning: ${warning}\n`);
  const emptyWeek = deck.pulse === undefined ? null : weekBeyondData(deck.pulse.weekEndingDate, data.dateSpan);
  if (emptyWeek !== null) process.stderr.write(`pulse: warning: ${emptyWeek}\n`);
  if (deck.annotationErrors !== null) process.stderr.write(`pulse: warning: annotations: ${deck.annotationErrors.replaceAll('\n', '; ')}\n`);
  const seconds = (Number(process.hrtime.bigint() - started) / 1e9).toFixed(2);
  // The deck keeps the App's "25 September 2024"; this line is words for a person, dated as Pulse dates them (decision 022).
  const weekEnding = deck.pulse === undefined ? deck.weekEnding : formatDay(deck.pulse.weekEndingDate);
  process.stdout.write(`Wrote ${options.out}: ${config.deck.length} blocks, week ending ${weekEnding}${options.signals ? `, ${anomalies} anomaly signal${anomalies === 1 ? '' : 's'} in the shown weeks` : ''} (${seconds} s).\n`);
}

/**
 * A deck whose week starts after the data's last row shows no values for it (the App builds it all the same, so the
 * build does too), which is nearly always a mistyped --week-ending or setup.week_ending: said, not refused.
 */
function weekBeyondData(weekEndingIso: string, span: CsvTable['dateSpan']): string | null {
  if (span === null) return 'the data has no rows: every value of the deck is empty.';
  const [year, month, day] = weekEndingIso.split('-').map(Number) as [number, number, number];
  if (dayNumber(year, month, day) - 6 <= span.last) return null;
  return `the data ends on ${formatDay(span.last)}, before the week ending ${formatDay(weekEndingIso)} begins: that week and those after the data show no values. Check --week-ending or setup.week_ending.`;
}

type ChunkIterator = AsyncIterator<Buffer>;

/** Scans the data file, whose first chunk is already being read. */
async function scanDataFile(config: engine.WbrConfig, path: string, size: number, chunks: ChunkIterator | undefined, firstChunk: Promise<IteratorResult<Buffer>> | undefined, openError: AppError | undefined): Promise<CsvTable> {
  if (chunks === undefined || firstChunk === undefined) throw openError as AppError;
  const progress = process.stderr.isTTY && size >= PROGRESS_THRESHOLD_BYTES ? await startProgress(size) : undefined;
  const scanner = engine.createDataScanner(config, path, size);
  // Read by async iteration: it asks for the next chunk as soon as it takes one, so the disk read overlaps the
  // scan of the chunk before. ('data' events ask only after their handler returns: at 10,000 columns the
  // process then waited about 80 ms for reads.)
  try {
    for (let next = await firstChunk; next.done !== true; next = await chunks.next()) {
      const chunk = next.value;
      scanner.push(chunk);
      progress?.advance(chunk.length);
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw cannotRead(path, error);
  } finally {
    progress?.stop();
  }
  return scanner.end();
}

/**
 * Without --data: runs the config's data_sources (SQL queries on the connections file's databases, and CSV files)
 * and scans the data they return together, as the App does when no CSV is uploaded.
 */
async function scanDataSources(config: engine.WbrConfig, configPath: string, connectionsOption: string | undefined): Promise<CsvTable> {
  if (config.dataSources.length === 0) {
    throw new AppError('invalid_config', 'No data: give the data file with --data, or list data_sources (SQL queries or CSV files) in the config.', { file: configPath, field: 'data_sources' });
  }
  const fromConfig = config.setup.dbConfigUrl;
  const connectionsPath = connectionsOption ?? (fromConfig === null ? undefined : localPath(fromConfig, configPath, 'setup.db_config_url'));
  const needsConnections = config.dataSources.some((source) => source.kind === 'query');
  if (needsConnections && connectionsPath === undefined) {
    throw new AppError('invalid_config', 'The data_sources queries need a connections file: give it with --connections, or set setup.db_config_url to its path.', { file: configPath, field: 'setup.db_config_url' });
  }
  const connections = connectionsPath === undefined ? new Map() : engine.parseWbrConnections(readText(connectionsPath), connectionsPath);
  const { loadDataSources } = await import('../services/wbr/wbr-data-sources.js');
  const csv = await loadDataSources(config, {
    connections,
    connectionsOrigin: connectionsPath ?? 'no connections file',
    readCsvFile: async (path) => readBytes(localPath(path, configPath, 'data_sources.csv_files')),
    limits: { timeoutMs: DATA_SOURCE_TIMEOUT_MS, maxBytes: DATA_SOURCE_MAX_BYTES },
  });
  const bytes = Buffer.from(csv, 'utf8');
  const scanner = engine.createDataScanner(config, 'data_sources', bytes.length);
  scanner.push(bytes);
  return scanner.end();
}

/** A path written in the config, read from the config's folder when relative; URLs are refused (local files only). */
function localPath(path: string, configPath: string, field: string): string {
  if (/^https?:\/\//i.test(path)) {
    throw new AppError('invalid_config', `${field} is a URL (${path}); pulse wbr build reads local files only. Download the file and give its path.`, { file: configPath, field });
  }
  return isAbsolute(path) ? path : resolve(dirname(configPath), path);
}

/** A byte-count progress bar on stderr (only on a terminal, only for large files). */
async function startProgress(total: number): Promise<{ advance(bytes: number): void; stop(): void }> {
  const { default: cliProgress } = await import('cli-progress');
  const bar = new cliProgress.SingleBar({
    format: 'Reading data |{bar}| {percentage}% {value}/{total} MB',
    stream: process.stderr,
    hideCursor: true,
    clearOnComplete: true,
  }, cliProgress.Presets.shades_classic);
  const megabytes = (bytes: number): number => Math.round(bytes / 1e5) / 10;
  let done = 0;
  bar.start(megabytes(total), 0);
  return {
    advance(bytes: number) { done += bytes; bar.update(megabytes(done)); },
    stop() { bar.stop(); },
  };
}
