import { isUtf8 } from 'node:buffer';
import type { Context, MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { findDuplicateJsonKey, type DuplicateJsonKey } from '../domain/duplicate-json-keys.js';
import { AppError } from '../domain/errors.js';
import { findJsonSyntaxProblem } from '../domain/org-transfer/json-syntax.js';
import { firstInvalidUtf8 } from '../domain/utf8.js';
import type { AppEnv } from './app-env.js';

/**
 * What a JSON request body must be beyond JSON itself: UTF-8 (RFC 8259), and no object naming a key twice.
 * Left alone, a body in another encoding is decoded with U+FFFD for each bad byte and stored mangled, and
 * `JSON.parse` keeps the last of two equal keys: both refused here with 400, before any route reads the body.
 */

/** A body the request validator reads as JSON: `application/json`, or a `+json` type, as Hono decides. */
const JSON_MEDIA_TYPE = /^application\/([\w.-]+\+)?json$/i;

function isJsonBody(c: Context): boolean {
  const contentType = c.req.header('content-type');
  return contentType !== undefined && JSON_MEDIA_TYPE.test(contentType.split(';')[0]!.trim());
}

/** Nothing but JSON's whitespace (none at all included): a client that labels its request JSON but sends no value. */
const isBlank = (bytes: Uint8Array) => bytes.every((byte) => byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d);

/**
 * Reads a JSON body's bytes once, on every API route, and refuses them unless they are UTF-8: the byte it names
 * (counted from 1) is where a client finds the text it encoded otherwise. The checked bytes go back into the
 * request for the route's validator to decode. Other bodies (a deck's CSV upload) are the routes' own business.
 * A blank body is no body, whatever its content-type says: many clients send `content-type: application/json` on
 * every request. Action routes then answer alike, those that take no body (a close) and those whose body is optional
 * (a reopen), instead of the second refusing "malformed JSON"; a route that needs a body names its missing fields.
 */
export const requireUtf8JsonBody: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (c.req.method === 'GET' || c.req.method === 'HEAD' || c.req.raw.body === null || !isJsonBody(c)) return next();
  const bytes = new Uint8Array(await c.req.raw.arrayBuffer());
  if (isBlank(bytes)) {
    const headers = new Headers(c.req.raw.headers);
    headers.delete('content-type');
    headers.delete('content-length');
    // An empty body rather than none: a Request whose body was read cannot be copied without one.
    c.req.raw = new Request(c.req.raw, { headers, body: new Uint8Array(0) });
    return next();
  }
  // The native check is fast on a whole body; the scan that says where runs only when it fails.
  if (!isUtf8(bytes)) {
    const offset = firstInvalidUtf8(bytes);
    throw new AppError('validation_failed', `The request body is not valid UTF-8 (byte ${(offset + 1).toLocaleString('en-US')}): send JSON encoded as UTF-8.`, { field: 'body', data: { byte: offset + 1 } });
  }
  c.req.raw = new Request(c.req.raw, { body: bytes });
  return next();
};

/** The answer to a body whose object names a key twice: the field as the other validation errors name it, and the JSON pointer. */
export function duplicateJsonKeyError({ key, path, pointer }: DuplicateJsonKey): AppError {
  const field = ['body', ...path].join('.');
  return new AppError('validation_failed', `The request body names the key "${key}" twice in one object (at ${pointer}): JSON keeps only the last, so send each key once.`, { field, data: { pointer } });
}

/** Refuses a JSON body that names a key twice in one object, at any depth. Runs once the body parsed as JSON. */
export async function refuseDuplicateJsonKeys(c: Context): Promise<void> {
  if (!isJsonBody(c)) return;
  const duplicate = findDuplicateJsonKey(await c.req.text());
  if (duplicate !== null) throw duplicateJsonKeyError(duplicate);
}

/** The request validator's refusal of a body `JSON.parse` could not read (its 400 says nothing of where). */
export function isMalformedJsonRefusal(error: unknown): boolean {
  return error instanceof HTTPException && error.status === 400 && error.message.startsWith('Malformed JSON');
}

/** What a body the JSON parser refused is told when where it broke is not known. */
export const NOT_JSON_MESSAGE = 'The request body is not valid JSON: check it and send it again.';

/** The answer to a JSON body the parser refused: where it broke, when the scanner finds it, as the CLI says it of a file. */
export function malformedJsonError(text: string): AppError {
  const problem = findJsonSyntaxProblem(text, 'the body');
  if (problem === null) return new AppError('validation_failed', NOT_JSON_MESSAGE, { field: 'body' });
  return new AppError('validation_failed', `The request body is not valid JSON at line ${problem.line}, column ${problem.column}: ${problem.message}.`, { field: 'body', line: problem.line, column: problem.column });
}

/**
 * The request validator answers a JSON body `JSON.parse` refused with its own 400 ("Malformed JSON in request body"),
 * keeping nothing of where. The text it read is cached on the request: this says where it broke, in Pulse's words.
 * Undefined for any other error, which the one error table turns into its answer.
 */
export async function malformedJsonBodyError(c: Context, error: unknown): Promise<AppError | undefined> {
  if (!isMalformedJsonRefusal(error) || !isJsonBody(c)) return undefined;
  // A body nothing cached cannot be read twice: the one error table's answer (toAppError) then stands.
  const text = await c.req.text().catch(() => undefined);
  return text === undefined ? undefined : malformedJsonError(text);
}
