import { AppError, ERROR_CODES, type AppErrorDetails, type ErrorCode } from '../domain/errors.js';
import type { PulseConfig } from '../config/config.js';

/**
 * A running Pulse, reached over its API with an API token. A token belongs to one org and acts with its owner's
 * role there, so commands that use it need no --org.
 */
export interface PulseApi {
  org: { id: string; name: string; slug: string };
  request<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T>;
}

/**
 * The API address and token from --url/--token, else PULSE_URL/PULSE_TOKEN; undefined when neither is given. One
 * without the other is refused, naming the missing one, unless only the environment holds it and --org names an
 * org of this machine's database.
 */
function apiTarget(options: { org?: string | undefined; url?: string | undefined; token?: string | undefined }, config: PulseConfig): { url: string; token: string } | undefined {
  const url = options.url ?? config.client.apiUrl;
  const token = options.token ?? config.client.apiToken;
  if (url && token) return { url, token };
  if (!url && !token) return undefined;
  const fromOptions = options.url !== undefined || options.token !== undefined;
  if (!fromOptions && options.org !== undefined) return undefined;
  if (url) {
    const from = options.url !== undefined ? `--url ${url}` : `PULSE_URL (${url})`;
    throw new AppError('validation_failed', `${from} needs an API token: give --token TOKEN or set PULSE_TOKEN (create one on the API tokens page of Pulse).`, { field: '--token' });
  }
  const from = options.token !== undefined ? '--token' : 'PULSE_TOKEN';
  throw new AppError('validation_failed', `${from} needs the address of a running Pulse: give --url URL (the address you open Pulse at) or set PULSE_URL.`, { field: '--url' });
}

/** The token's org, or a refusal when --org names another one: a token acts in its own org only. */
function checkOrgOfToken(api: PulseApi, org: string | undefined): void {
  if (org === undefined || org === api.org.slug || org === api.org.id) return;
  throw new AppError('validation_failed', `--org ${org} is not the token's org: the token belongs to the org ${api.org.slug} (${api.org.name}). Leave out --org, or use a token of ${org}.`, { field: '--org' });
}

/**
 * Runs a command one of two ways: over the API of a running Pulse with an API token (--url/--token, or
 * PULSE_URL/PULSE_TOKEN; from any machine, acting as the token's owner in the token's org, which --org may name
 * but not change), or, on the machine that hosts Pulse, against its own database for the org named by --org.
 */
export async function overApiOrDatabase<T>(
  options: { org?: string | undefined; url?: string | undefined; token?: string | undefined },
  config: PulseConfig,
  overApi: (api: PulseApi) => Promise<T>,
  inDatabase: (org: string) => Promise<T>,
): Promise<T> {
  const target = apiTarget(options, config);
  if (target) {
    const api = await connectToPulse(target);
    checkOrgOfToken(api, options.org);
    return overApi(api);
  }
  if (options.org === undefined) {
    throw new AppError('validation_failed', 'Name the org with --org SLUG (this machine\'s database), or give --url and --token (or PULSE_URL and PULSE_TOKEN) to use a running Pulse.', { field: '--org' });
  }
  return inDatabase(options.org);
}

/** The API's address under a base URL, keeping the base's path (`http://host/pulse/` → `http://host/pulse/api/v1/…`). */
export function apiUrl(base: string, path: string): URL {
  let root: URL;
  try {
    root = new URL(base);
  } catch {
    throw new AppError('validation_failed', `${base} is not a URL: give the address you open Pulse at, like https://pulse.example.com.`, { field: '--url' });
  }
  if (root.protocol !== 'http:' && root.protocol !== 'https:') {
    throw new AppError('validation_failed', `${base} is not an http:// or https:// address: give the address you open Pulse at, like https://pulse.example.com.`, { field: '--url' });
  }
  if (!root.pathname.endsWith('/')) root.pathname = `${root.pathname}/`;
  root.search = '';
  root.hash = '';
  return new URL(`api/v1${path}`, root);
}

/** Connects with a token and finds its org. Errors come back as the server's own AppError (code, message, file and line). */
async function connectToPulse(target: { url: string; token: string }): Promise<PulseApi> {
  const request = async <T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> => {
    let response: Response;
    try {
      response = await fetch(apiUrl(target.url, path), {
        method,
        headers: { authorization: `Bearer ${target.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (error) {
      throw new AppError('validation_failed', `Could not reach Pulse at ${target.url} (${(error as Error).message}).`, { field: '--url' });
    }
    const answer = (await response.json().catch(() => undefined)) as { error?: RemoteError } | undefined;
    if (answer === undefined || typeof answer !== 'object' || (!response.ok && typeof answer.error?.code !== 'string')) throw notPulse(target.url, response.status);
    if (!response.ok) throw remoteError(answer.error, response.status);
    return answer as T;
  };
  const session = await request<{ memberships?: Array<{ org: { id: string; name: string; slug: string } }> }>('GET', '/auth/session');
  if (!Array.isArray(session.memberships)) throw notPulse(target.url, 200);
  const org = session.memberships[0]?.org;
  if (!org) throw new AppError('unauthenticated', 'The token belongs to no org.', { field: '--token' });
  return { org, request };
}

/** An answer that is not Pulse's (a web page, another API, a proxy's error): the address is wrong, not Pulse. */
function notPulse(url: string, status: number): AppError {
  return new AppError('validation_failed', `${url} did not answer like Pulse (HTTP ${status}): it is not a Pulse server with its API at /api/v1. Check --url (or PULSE_URL): give the address you open Pulse at.`, { field: '--url' });
}

interface RemoteError {
  code?: string;
  message?: string;
  field?: string;
  rule?: string;
  file?: string;
  line?: number;
  column?: number;
  data?: Record<string, unknown>;
}

/** The server's error as an AppError, so the CLI reports it (and picks its exit code) as it would a local one. */
function remoteError(error: RemoteError | undefined, status: number): AppError {
  const code: ErrorCode = ERROR_CODES.find((known) => known === error?.code) ?? (status === 401 ? 'unauthenticated' : 'internal');
  const details: AppErrorDetails = {};
  if (error?.file !== undefined) details.file = error.file;
  if (error?.line !== undefined) details.line = error.line;
  if (error?.column !== undefined) details.column = error.column;
  if (error?.rule !== undefined) details.rule = error.rule;
  if (error?.data !== undefined) details.data = error.data;
  // A refused token is the token's fault, whatever field the server named.
  const field = code === 'unauthenticated' ? '--token' : error?.field;
  if (field !== undefined) details.field = field;
  return new AppError(code, error?.message ?? `Pulse answered ${status}.`, details);
}
