/**
 * The one error model of Pulse. Domain code, services and adapters throw AppError with a code from
 * this closed set; the edges (HTTP server, CLI) translate a code to a status or exit code in one
 * table each. The `message` is written for the person who sees it; `logMessage` (optional) is for
 * operators and never reaches a client.
 */
export const ERROR_CODES = [
  'validation_failed', // a request field, query or param is malformed
  'invalid_config', // a WBR deck config (YAML) is wrong: names key path and line
  'invalid_data', // an uploaded data file (CSV) is wrong: names file, line and column
  'unauthenticated',
  'forbidden',
  'csrf_failed',
  'not_found',
  'conflict', // a stale write or a uniqueness clash
  'rule_violation', // a mechanism's rule refuses the action (veto, gate, locked discussion, ...)
  'payload_too_large',
  'rate_limited',
  'upstream_failed', // a system Pulse reads from (a deck's database) failed or did not answer
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface AppErrorDetails {
  /** The offending input field, as a dotted path (`body.name`, `metrics.revenue.column`). */
  field?: string;
  /** The file the problem is in (CLI and uploads). */
  file?: string;
  /** 1-based line in that file. */
  line?: number;
  /** 1-based column in that file, where known. */
  column?: number;
  /** Which rule of a mechanism refused the action, e.g. `stl.single_initiative`. */
  rule?: string;
  /** Extra machine-readable data for clients (e.g. the current version on a conflict). */
  data?: Record<string, unknown>;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: AppErrorDetails;
  readonly logMessage: string | undefined;

  constructor(code: ErrorCode, message: string, details: AppErrorDetails = {}, options?: { logMessage?: string; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.details = details;
    this.logMessage = options?.logMessage;
  }

  /** The location as a reader expects it: `file:line:column`, or whatever part of it is known. */
  get location(): string | undefined {
    const { file, line, column } = this.details;
    if (file === undefined && line === undefined) return undefined;
    return [file ?? '', line, column].filter((part) => part !== undefined).join(':');
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

export const notFound = (what: string): AppError => new AppError('not_found', `${what} was not found.`);

export const ruleViolation = (rule: string, message: string, data?: Record<string, unknown>): AppError =>
  new AppError('rule_violation', message, data === undefined ? { rule } : { rule, data });
