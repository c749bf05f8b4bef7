import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { AppError, isAppError, type ErrorCode } from '../domain/errors.js';
import { isUnstorableText } from '../storage/pg-errors.js';
import { isMalformedJsonRefusal, NOT_JSON_MESSAGE } from './json-body.js';

/** The one table from error code to HTTP status. */
export const HTTP_STATUS: Record<ErrorCode, ContentfulStatusCode> = {
  validation_failed: 400,
  invalid_config: 400,
  invalid_data: 400,
  unauthenticated: 401,
  forbidden: 403,
  csrf_failed: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  rule_violation: 422,
  rate_limited: 429,
  internal: 500,
  upstream_failed: 502,
};

export interface ErrorBody {
  error: { code: ErrorCode; message: string; field?: string; rule?: string; line?: number; column?: number; file?: string; data?: Record<string, unknown> };
}

export function errorBody(error: AppError): ErrorBody {
  const { field, rule, line, column, file, data } = error.details;
  return { error: { code: error.code, message: error.message, ...(field && { field }), ...(rule && { rule }), ...(file && { file }), ...(line !== undefined && { line }), ...(column !== undefined && { column }), ...(data && { data }) } };
}

/** Turns anything thrown into the one error shape; unknown failures are logged and never shown to clients. */
export function toAppError(error: unknown, log: (message: string) => void): AppError {
  if (isAppError(error)) return error;
  if (error instanceof HTTPException) {
    if (error.status === 413) return new AppError('payload_too_large', 'The request body is too large.', { field: 'body' });
    // A JSON body its parser refused: json-body.ts says where when it can read the body; this is the answer when not.
    if (isMalformedJsonRefusal(error)) return new AppError('validation_failed', NOT_JSON_MESSAGE, { field: 'body' });
    if (error.status === 400) return new AppError('validation_failed', error.message || 'The request is malformed.', { field: 'body' });
    // The request validator refuses a body in a media type the route does not take (text/plain sent to a JSON route).
    if (error.status === 415) return new AppError('validation_failed', 'The body must be JSON (content-type: application/json).', { field: 'body' });
    if (error.status === 401) return new AppError('unauthenticated', 'Sign in first.');
    if (error.status === 404) return new AppError('not_found', 'Not found.');
  }
  if (isUnstorableText(error)) {
    return new AppError('validation_failed', 'The request holds a character Pulse cannot store (a NUL character, \\u0000): remove it and send it again.', { field: 'body' });
  }
  log(`unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  return new AppError('internal', 'Something went wrong on our side. The error has been logged.');
}

export function respondWithError(c: Context, error: AppError): Response {
  const retryAfter = error.details.data?.retryAfterSeconds;
  if (typeof retryAfter === 'number') c.header('Retry-After', String(retryAfter));
  // A 401 says how to authenticate (RFC 9110): a bearer token, for the scripts that get one.
  if (error.code === 'unauthenticated') c.header('WWW-Authenticate', 'Bearer realm="Pulse"');
  return c.json(errorBody(error), HTTP_STATUS[error.code]);
}
