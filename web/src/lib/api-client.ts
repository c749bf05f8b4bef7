import type { ErrorCode } from '../../../src/domain/errors.js';

const API_PREFIX = '/api/v1';

/** Where an error points inside an uploaded file or config: the WBR config and CSV errors name their line. */
export interface ApiErrorLocation {
  /** The mechanism's rule that refused the action, e.g. `wbr.snapshot_exists`. */
  rule?: string | undefined;
  file?: string | undefined;
  /** 1-based line in that file. */
  line?: number | undefined;
  /** 1-based column in that file, where known. */
  column?: number | undefined;
}

/** An answer of the API in its one error shape, `{ error: { code, message, field?, rule?, line?, … } }`. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: ErrorCode | 'network';
  readonly field: string | undefined;
  readonly data: Record<string, unknown> | undefined;
  readonly rule: string | undefined;
  readonly file: string | undefined;
  readonly line: number | undefined;
  readonly column: number | undefined;

  constructor(status: number, code: ErrorCode | 'network', message: string, field?: string, data?: Record<string, unknown>, location: ApiErrorLocation = {}) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.field = field;
    this.data = data;
    this.rule = location.rule;
    this.file = location.file;
    this.line = location.line;
    this.column = location.column;
  }

  /**
   * The form field the error is about, as the form names it: the server names it where it was sent, `body.email`,
   * `param.personId` for a choice the page puts in the path (a seller's quota), `query.input` for a form that reads
   * (a deck's lag analysis); each means the input of that name.
   */
  get formField(): string | undefined {
    return this.field?.replace(/^(body|param|query)\./, '');
  }

  /**
   * The message as it reads under its field: schema errors say `body.email: must be …`, and rule errors of
   * services often start with their own field (`ownerPersonId: … left the company`, sent with the field
   * `body.ownerPersonId`); there the prefix is noise.
   */
  get messageForField(): string {
    const prefix = [this.field, this.formField].find((name) => name !== undefined && this.message.startsWith(`${name}: `));
    const ownPrefix = prefix === undefined ? 0 : prefix.length + 2;
    const stripped = this.message.slice(ownPrefix).replace(/^body\.[\w.]+:\s*/, '');
    return stripped.charAt(0).toUpperCase() + stripped.slice(1);
  }
}

export const SESSION_ENDED_EVENT = 'pulse:session-ended';

// The CSRF token of the current session. Held in memory only: it comes with every session answer.
let csrfToken: string | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

interface ErrorPayload {
  error?: { code?: ErrorCode; message?: string; field?: string; data?: Record<string, unknown>; rule?: string; file?: string; line?: number; column?: number };
}

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/**
 * What a caller may add to a request. `signal` cancels it: a search whose words changed, a page left before its data
 * came. A cancelled request rejects with a {@link RequestAbortedError}, never an {@link ApiError}: nobody is waiting
 * for its answer, so it is no failure to show: the loading hooks (`useResource`, `useSearch`) drop it, and any other
 * caller that passes a signal checks `isAbortError` before it shows an error. Without a signal nothing changes.
 */
export interface RequestOptions {
  signal?: AbortSignal | undefined;
}

/**
 * A request cancelled through its `signal`. Its name is `AbortError`, as the browser names its own, so code that
 * checks the name (or `isAbortError`) treats both alike.
 */
export class RequestAbortedError extends Error {
  constructor() {
    super('The request was cancelled.');
    this.name = 'AbortError';
  }
}

/** True for a request that was cancelled (ours, or the browser's own AbortError): a thing to ignore, not to show. */
export function isAbortError(error: unknown): boolean {
  return error instanceof RequestAbortedError || (typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'AbortError');
}

/** Calls the JSON API with the session cookie; every write carries the CSRF header the server requires. */
export async function api<T>(method: Method, path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
  return send<T>(method, path, body === undefined ? undefined : { contentType: 'application/json', content: JSON.stringify(body) }, options);
}

/**
 * Sends a body as it is, not as JSON: a CSV upload, with its own content type. A File goes as the browser
 * streams it, so a large upload is never copied into one string first. Errors come back as from `api`.
 */
export async function apiText<T>(method: Exclude<Method, 'GET'>, path: string, content: string | Blob, contentType: string, options: RequestOptions = {}): Promise<T> {
  return send<T>(method, path, { contentType, content }, options);
}

async function send<T>(method: Method, path: string, body: { contentType: string; content: string | Blob } | undefined, { signal }: RequestOptions): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = body.contentType;
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  if (signal?.aborted) throw new RequestAbortedError();
  let response: Response;
  let text: string;
  try {
    response = await fetch(`${API_PREFIX}${path}`, { method, headers, credentials: 'same-origin', body: body?.content, ...(signal ? { signal } : {}) });
    // Reading the body can be cancelled too: the answer's headers came, the rest is still on its way.
    text = await response.text();
  } catch (failure) {
    if (signal?.aborted || isAbortError(failure)) throw new RequestAbortedError();
    throw new ApiError(0, 'network', 'Pulse cannot be reached. Check your connection and try again.');
  }
  // An answer read in full just as its request was cancelled is dropped all the same: its caller has moved on.
  if (signal?.aborted) throw new RequestAbortedError();
  let payload: unknown = null;
  try {
    payload = text.length > 0 ? JSON.parse(text) : null;
  } catch {
    payload = null;
  }
  if (!response.ok) {
    const error = (payload as ErrorPayload | null)?.error;
    // A session that ended elsewhere (expired, signed out in another tab) sends the app back to sign-in.
    if (response.status === 401 && !path.startsWith('/auth/')) window.dispatchEvent(new Event(SESSION_ENDED_EVENT));
    throw new ApiError(response.status, error?.code ?? 'internal', error?.message ?? `The server answered ${response.status}.`, error?.field, error?.data, {
      rule: error?.rule,
      file: error?.file,
      line: error?.line,
      column: error?.column,
    });
  }
  return payload as T;
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

/** A message fit to show a person, whatever was thrown. */
export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return 'Something went wrong.';
}
