import { closeSync, createReadStream, openSync, readFileSync, statSync } from 'node:fs';
import { isAscii } from 'node:buffer';
import { dirname, isAbsolute, resolve } from 'node:path';
import { AppError } from '../domain/errors.js';
import type { DeckBlock } from '../domain/wbr/deck-types.js';
import * as engine from '../domain/wbr/wbr-deck.js';
import type { AnnotationEvent, Deck } from '../domain/wbr/wbr-deck.js';
import { bufferedFileWriter } from './buffered-file-writer.js';

/**
 * What `pulse wbr build` does once its arguments are checked: reads the config and the data, builds the deck and
 * writes it. One module that the command imports when it runs, so the engine and everything else the build needs
 * load in one piece (each module a run loads costs it time), and only for this command.
 */

export { parseDayMonYear } from '../domain/wbr/calendar.js';

export interface BuildDeckFileOptions {
  data: string;
  out: string;
  format: 'json' | 'html';
  /** The week to report (day number), overriding setup.week_ending. */
  weekEndingDay: number | undefined;
  lenient?: boolean;
  corrected?: boolean;
  signals: boolean;
}

/** Files at least this large get a progress bar on a terminal. */
const PROGRESS_THRESHOLD_BYTES = 8 * 1024 * 1024;
const READ_CHUNK_BYTES = 1024 * 1024;

export async function buildDeckFile(configPath: string, options: BuildDeckFileOptions): Promise<void> {
  // process.hrtime, not performance.now(): the `performance` global loads perf_hooks, a few ms of every run.
  const started = process.hrtime.bigint();
  const cannotRead = (path: string, error: unknown): AppError => new AppError('not_found', `Cannot read ${path}: ${
    (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}.`, { file: path });

  // The data file is opened and its first chunk read now, by Node's I/O threads, while this thread reads the
  // config. Its errors are reported after the config's, as they would be without this.
  let dataSize = 0;
  let dataError: AppError | undefined;
  try {
    dataSize = statSync(options.data).size;
  } catch (error) {
    dataError = cannotRead(options.data, error);
  }
  const chunks = dataError === undefined ? createReadStream(options.data, { highWaterMark: READ_CHUNK_BYTES })[Symbol.asyncIterator]() : undefined;
  const firstChunk = chunks?.next();
  firstChunk?.catch(() => undefined); // awaited below; a failure must not surface as an unhandled rejection before that

  const readText = (path: string): string => {
    let bytes: Buffer;
    try {
      bytes = readFileSync(path);
    } catch (error) {
      throw cannotRead(path, error);
    }
    // The same text either way; an all-ASCII file (the usual config) is copied as is, without UTF-8 decoding.
    return bytes.toString(isAscii(bytes) ? 'latin1' : 'utf8');
  };

  const config = engine.parseWbrConfig(readText(configPath), { fileName: configPath, unknownKeys: options.lenient ? 'warn' : 'error' });
  if (options.weekEndingDay !== undefined) config.setup.weekEnding = options.weekEndingDay;
  if (options.corrected === true) config.setup.compatibility = 'corrected';
  if (chunks === undefined || firstChunk === undefined) throw dataError as AppError;

  const progress = process.stderr.isTTY && dataSize >= PROGRESS_THRESHOLD_BYTES ? await startProgress(dataSize) : undefined;
  const scanner = engine.createDataScanner(config, options.data, dataSize);
  // Read by async iteration: it asks for the next chunk as soon as it takes one, so the disk read overlaps the
  // scan of the chunk before. ('data' events ask only after their handler returns: at 10,000 columns the
  // process then waited about 80 ms for reads.)
  try {
    for (let next = await firstChunk; next.done !== true; next = await chunks.next()) {
      const chunk = next.value as Buffer;
      scanner.push(chunk);
      progress?.advance(chunk.length);
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw cannotRead(options.data, error);
  } finally {
    progress?.stop();
  }
  const data = scanner.end();

  const annotations: AnnotationEvent[] = [];
  for (const file of config.annotationFiles) {
    if (/^https?:\/\//i.test(file.path)) {
      throw new AppError('invalid_config', `Annotation file ${file.path} is a URL; pulse wbr build reads local files only. Download it and list its path.`, { file: configPath, line: file.line, field: 'annotations' });
    }
    const path = isAbsolute(file.path) ? file.path : resolve(dirname(configPath), file.path);
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
  const file = openSync(options.out, 'w');
  let deck: Deck;
  try {
    const { write: sink, flush } = bufferedFileWriter(file);
    if (options.format === 'json') {
      deck = engine.writeWbrDeckJson(input, sink, countAnomalies);
    } else {
      deck = engine.buildWbrDeck(input);
      deck.blocks.forEach(countAnomalies);
      const { writeDeckHtml } = await import('../domain/wbr/html/render-deck-html.js');
      writeDeckHtml(deck, sink);
    }
    flush();
  } finally {
    closeSync(file);
  }

  for (const warning of config.warnings) process.stderr.write(`pulse: warning: ${warning}\n`);
  if (deck.annotationErrors !== null) process.stderr.write(`pulse: warning: annotations: ${deck.annotationErrors.replaceAll('\n', '; ')}\n`);
  const seconds = (Number(process.hrtime.bigint() - started) / 1e9).toFixed(2);
  process.stdout.write(`Wrote ${options.out}: ${config.deck.length} blocks, week ending ${deck.weekEnding}${options.signals ? `, ${anomalies} anomaly signal${anomalies === 1 ? '' : 's'} in the shown weeks` : ''} (${seconds} s).\n`);
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
