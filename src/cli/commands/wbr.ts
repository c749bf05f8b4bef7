import type { Command } from 'commander';
import type { DeckBlock } from '../../domain/wbr/deck-types.js';
import type { AnnotationEvent, Deck } from '../../domain/wbr/wbr-deck.js';

/**
 * `pulse wbr build CONFIG --data CSV --out FILE`: a WBR deck from a WBR App config and its CSV, as deck JSON
 * (`.json`) or a self-contained HTML deck (`.html`). Everything heavy is imported inside the action, so the
 * command starts fast.
 */

interface BuildOptions {
  data: string;
  out: string;
  weekEnding?: string;
  lenient?: boolean;
  corrected?: boolean;
  signals: boolean;
}

/** Files at least this large get a progress bar on a terminal. */
const PROGRESS_THRESHOLD_BYTES = 8 * 1024 * 1024;
const READ_CHUNK_BYTES = 1024 * 1024;

export function registerWbrCommands(program: Command): void {
  const wbr = program.command('wbr').description('Weekly Business Review decks (WBR App configs and CSVs).');
  wbr
    .command('build')
    .description('Build a WBR deck from a deck config (YAML) and a daily or weekly CSV.')
    .argument('<config>', 'the deck config (the WBR App\'s YAML)')
    .requiredOption('--data <csv>', 'the data file (CSV with a Date column)')
    .requiredOption('--out <file>', 'where to write the deck: .json (deck JSON) or .html (self-contained deck)')
    .option('--week-ending <date>', 'the week to report, like 25-SEP-2021 (overrides setup.week_ending)')
    .option('--lenient', 'treat unknown config keys as warnings instead of errors')
    .option('--corrected', 'fix the WBR App\'s number-changing bugs (overrides setup.pulse_compatibility; see docs/wbr-compatibility.md)')
    .option('--no-signals', 'leave out the XmR limits and signals')
    .action(async (configPath: string, options: BuildOptions, command: Command) => {
      const format = options.out.toLowerCase().endsWith('.json') ? 'json' : options.out.toLowerCase().endsWith('.html') ? 'html' : undefined;
      if (format === undefined) command.error('pulse: --out must end in .json (deck JSON) or .html (HTML deck).', { exitCode: 2, code: 'pulse.usage' });
      const { parseDayMonYear } = await import('../../domain/wbr/calendar.js');
      let weekEnding: number | undefined;
      if (options.weekEnding !== undefined) {
        weekEnding = parseDayMonYear(options.weekEnding);
        if (weekEnding === undefined) command.error(`pulse: --week-ending must be a date like 25-SEP-2021, not "${options.weekEnding}".`, { exitCode: 2, code: 'pulse.usage' });
      }
      await buildDeckFile(configPath, { ...options, format, weekEndingDay: weekEnding });
    });
}

async function buildDeckFile(configPath: string, options: BuildOptions & { format: 'json' | 'html'; weekEndingDay: number | undefined }): Promise<void> {
  // process.hrtime, not performance.now(): the `performance` global loads perf_hooks, a few ms of every run.
  const started = process.hrtime.bigint();
  const { readFileSync, statSync, createReadStream, openSync, closeSync } = await import('node:fs');
  const { AppError } = await import('../../domain/errors.js');
  const cannotRead = (path: string, error: unknown): InstanceType<typeof AppError> => new AppError('not_found', `Cannot read ${path}: ${
    (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}.`, { file: path });

  // The data file is opened and its first chunk read now, by Node's I/O threads, while this thread loads the
  // engine and reads the config. Its errors are reported after the config's, as they would be without this.
  let dataSize = 0;
  let dataError: InstanceType<typeof AppError> | undefined;
  try {
    dataSize = statSync(options.data).size;
  } catch (error) {
    dataError = cannotRead(options.data, error);
  }
  const chunks = dataError === undefined ? createReadStream(options.data, { highWaterMark: READ_CHUNK_BYTES })[Symbol.asyncIterator]() : undefined;
  const firstChunk = chunks?.next();
  firstChunk?.catch(() => undefined); // awaited below; a failure must not surface as an unhandled rejection before that

  const { bufferedFileWriter } = await import('../buffered-file-writer.js');
  const { dirname, isAbsolute, resolve } = await import('node:path');
  const engine = await import('../../domain/wbr/wbr-deck.js');
  const readText = (path: string): string => {
    try {
      return readFileSync(path, 'utf8');
    } catch (error) {
      throw cannotRead(path, error);
    }
  };

  const config = engine.parseWbrConfig(readText(configPath), { fileName: configPath, unknownKeys: options.lenient ? 'warn' : 'error' });
  if (options.weekEndingDay !== undefined) config.setup.weekEnding = options.weekEndingDay;
  if (options.corrected === true) config.setup.compatibility = 'corrected';
  if (chunks === undefined || firstChunk === undefined) throw dataError as InstanceType<typeof AppError>;

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
    throw new AppError('not_found', `Cannot read ${options.data}: ${(error as Error).message}.`, { file: options.data });
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
      const { writeDeckHtml } = await import('../../domain/wbr/html/render-deck-html.js');
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
