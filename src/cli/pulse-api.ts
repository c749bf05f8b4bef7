import { AppError, ERROR_CODES, type AppErrorDetails, type ErrorCode } from '../domain/errors.js';
import type { PulseConfig } from '../config/config.js';

/**
 * A running Pulse, reached over its API with an API token. A token belongs to one org and acts with its owner's
 * role there, so commands that use it need no --org.
 */
export interface PulseApi {
  org: { id: string; name: string };
  request<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T>;
}

/** The API address and token from --url/--token, else PULSE_URL/PULSE_TOKEN; undefined when either is missing. */
function apiTarget(options: { url?: string | undefined; token?: string | undefined }, config: PulseConfig): { url: string; token: string } | undefined {
  const url = options.url ?? config.client.apiUrl;
  const token = options.token ?? config.client.apiToken;
  return url && token ? { url, token } : undefined;
}

/**
 * Runs a command one of two ways: over the API of a running Pulse with an API token (--url/--token, or
 * PULSE_URL/PULSE_TOKEN; from any machine, acting as the token's owner in the token's org), or, on the machine
 * that hosts Pulse, against its own database for the org named by --org.
 */
export async function overApiOrDatabase<T>(
  options: { org?: string | undefined; url?: string | undefined; token?: string | undefined },
  config: PulseConfig,
  overApi: (api: PulseApi) => Promise<T>,
  inDatabase: (org: string) => Promise<T>,
): Promise<T> {
  const target = apiTarget(options, config);
  if (target) return overApi(await connectToPulse(target));
  if (options.org === undefined) {
    throw new AppError('validation_failed', 'Name the org with --org SLUG (this machine\'s database), or give --url and --token (or PULSE_URL and PULSE_TOKEN) to use a running Pulse.', { field: '--org' });
  }
  return inDatabase(options.org);
}

/** Connects with a token and finds its org. Errors come back as the server's own AppError (code, message, file and line). */
async function connectToPulse(target: { url: string; token: string }): Promise<PulseApi> {
  const request = async <T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> => {
    let response: Response;
    try {
      response = await fetch(new URL(`/api/v1${path}`, target.url), {
        method,
        headers: { authorization: `Bearer ${target.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (error) {
      throw new AppError('validation_failed', `Could not reach Pulse at ${target.url} (${(error as Error).message}).`, { field: '--url' });
    }
    const answer = (await response.json().catch(() => ({}))) as { error?: RemoteError };
    if (!response.ok) throw remoteError(answer.error, response.status);
    return answer as T;
  };
  const session = await request<{ memberships: Array<{ org: { id: string; name: string } }> }>('GET', '/auth/session');
  const org = session.memberships[0]?.org;
  if (!org) throw new AppError('unauthenticated', 'The token belongs to no org.', { field: '--token' });
  return { org, request };
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
