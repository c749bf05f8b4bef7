import { AppError } from '../errors.js';
import { METRIC_LIMITS } from '../metrics/metric-rules.js';
import { isoDate } from '../wbr/calendar.js';
import { annotationEvents, createAnnotationScanner, type AnnotationEvent } from '../wbr/wbr-deck.js';
import { isStorableDay, parseIsoDay } from './review-rules.js';

/**
 * A deck's annotations: what happened on a day to one of its metrics ("price rise in the north", "storm closed two
 * sites"), written by the people who review it. A week's deck carries the ones in its six weeks and in the same
 * weeks a year before, on the charts and tables of their metric, as the WBR App's annotation files do; a published
 * week keeps the ones it was published with.
 */

export const ANNOTATION_LIMITS = {
  descriptionMaxLength: 500,
  /** Far beyond years of weekly notes on every metric; a bound on what one deck holds and one file brings. */
  perDeck: 5000,
} as const;

/** The most UTF-8 bytes one character takes, counted as JavaScript counts length (a UTF-16 unit: 3; a pair: 4 for 2). */
const UTF8_BYTES_PER_UNIT = 3;
/** Room for a date in the longest of the App's formats ("Wednesday, 25-September-2021" and the like). */
const DATE_MAX_LENGTH = 40;
/** Room for the header line (Date, MetricName, EventDescription, in quotes or not). */
const HEADER_MAX_LENGTH = 64;

/**
 * The largest annotation file that holds no more than the limits above allow: as many rows as a deck holds, each
 * with a date, a metric named as the catalog names metrics (up to its name limit) and a description of the
 * longest length, every character of them as wide as UTF-8 makes one, both in quotes, with a CRLF line end. A
 * file within the documented limits is never refused for its size; one far beyond them is refused before it is read.
 */
export const ANNOTATION_FILE_MAX_BYTES =
  HEADER_MAX_LENGTH + ANNOTATION_LIMITS.perDeck * (DATE_MAX_LENGTH + UTF8_BYTES_PER_UNIT * (METRIC_LIMITS.nameMaxLength + ANNOTATION_LIMITS.descriptionMaxLength) + ',"",""\r\n'.length);

export interface AnnotationInput {
  date: string;
  metric: string;
  description: string;
}

export interface CheckedAnnotation {
  /** 'YYYY-MM-DD'. */
  date: string;
  metric: string;
  description: string;
}

/** Where an annotation's faults are reported: the field of a form, or the line of a file. */
interface Origin {
  file?: string;
  line?: number;
}

const refuse = (message: string, field: string, origin: Origin): AppError =>
  new AppError(origin.file === undefined ? 'validation_failed' : 'invalid_data', origin.line === undefined ? message : `Line ${origin.line}: ${message}`, {
    field,
    ...(origin.file !== undefined && { file: origin.file }),
    ...(origin.line !== undefined && { line: origin.line }),
  });

/**
 * Checks one annotation against the deck's metrics: a real date, a metric the config defines (an annotation on a
 * name the deck does not chart would be kept and never shown), and a description of one line, trimmed.
 */
export function checkAnnotation(input: AnnotationInput, metricNames: ReadonlySet<string>, origin: Origin = {}): CheckedAnnotation {
  if (!isStorableDay(input.date)) throw refuse(`date: "${input.date}" is not a date written YYYY-MM-DD (years 0001 to 9999).`, 'date', origin);
  const metric = input.metric.trim();
  if (!metricNames.has(metric)) {
    throw refuse(`metric: the deck has no metric "${metric}"; annotate one of its metrics (${[...metricNames].slice(0, 5).join(', ')}${metricNames.size > 5 ? ', …' : ''}).`, 'metric', origin);
  }
  const description = input.description.replace(/\s+/g, ' ').trim();
  if (description === '') throw refuse('description: say what happened.', 'description', origin);
  if (description.length > ANNOTATION_LIMITS.descriptionMaxLength) {
    throw refuse(`description: at most ${ANNOTATION_LIMITS.descriptionMaxLength} characters (this one has ${description.length}).`, 'description', origin);
  }
  return { date: input.date, metric, description };
}

/**
 * The annotations of a file in the WBR App's format (columns Date, MetricName, EventDescription; its date formats),
 * each checked against the deck's metrics; a fault names its line, in its message as a row's check does ("Line 3:
 * …"), so that a client showing the message shows where. All or nothing: one bad row refuses the file.
 */
export function annotationsFromCsv(csv: string, fileName: string, metricNames: ReadonlySet<string>): CheckedAnnotation[] {
  const scanner = createAnnotationScanner(fileName);
  let table: ReturnType<typeof scanner.end>;
  try {
    scanner.push(new TextEncoder().encode(csv));
    table = scanner.end();
  } catch (error) {
    if (error instanceof AppError && error.code === 'invalid_data' && error.details.line !== undefined) {
      throw new AppError('invalid_data', `Line ${error.details.line}: ${error.message}`, { ...error.details, field: 'csv' }, { cause: error });
    }
    throw error;
  }
  if (table.rowCount > ANNOTATION_LIMITS.perDeck) {
    throw new AppError('invalid_data', `${fileName} has ${table.rowCount} annotations; a deck holds at most ${ANNOTATION_LIMITS.perDeck}.`, { file: fileName });
  }
  return annotationEvents(table).map((event, row) =>
    checkAnnotation({ date: isoDate(event.date), metric: event.metricName, description: event.description }, metricNames, { file: fileName, line: table.lines[row] ?? row + 2 }),
  );
}

/** Stored annotations as the engine reads them, oldest first (the order the App shows a day's events in). */
export function annotationEventsOf(annotations: ReadonlyArray<{ date: string; metric: string; description: string }>): AnnotationEvent[] {
  return annotations
    .map((annotation) => ({ date: parseIsoDay(annotation.date) as number, metricName: annotation.metric, description: annotation.description }))
    .sort((a, b) => a.date - b.date);
}
