import type { Context, MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { formatUtcDateTime } from '../../domain/dates.js';
import { AppError } from '../../domain/errors.js';
import { resolveSession } from '../../services/accounts/accounts.service.js';
import { resolveApiToken } from '../../services/accounts/api-tokens.service.js';
import { hashSecret } from '../../services/accounts/secrets.js';
import { runWithAuditVia } from '../../services/audit/audit-context.js';
import type { AppDeps, AppEnv, Authentication } from '../app-env.js';

export const SESSION_COOKIE = 'pulse_session';
/**
 * A cookie the web app can read (the session cookie is httpOnly): "1" while a session cookie was set. It holds
 * no secret and grants nothing; it only spares a signed-out page the session request that would answer 401.
 */
export const SIGNED_IN_HINT_COOKIE = 'pulse_signed_in';

/** Sets the signed-in hint (until `expires`, or for the browser session when it is not known). */
export function setSignedInHint(c: Context<AppEnv>, expires?: Date): void {
  setCookie(c, SIGNED_IN_HINT_COOKIE, '1', { sameSite: 'Lax', secure: c.get('deps').config.security.isCookieSecure, path: '/', ...(expires === undefined ? {} : { expires }) });
}
export const CSRF_HEADER = 'x-csrf-token';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** What a read-only API token may send. */
const READ_METHODS = new Set(['GET', 'HEAD']);

/**
 * Works out who is calling: a bearer API token (scripts, CLI) or the session cookie (browser). Cookie-
 * authenticated writes must carry the session's CSRF token in a header, which a cross-site form cannot set.
 */
export const authenticate: MiddlewareHandler<AppEnv> = async (c, next) => {
  const authorization = c.req.header('authorization');
  if (authorization !== undefined) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    const resolved = match ? await cachedApiToken(c.get('deps'), match[1]!) : null;
    if (!resolved) throw new AppError('unauthenticated', 'The API token is not valid (unknown, revoked, or its owner left the org).');
    // Checked on every request, not when the token was loaded: a remembered token still ends on time.
    if (resolved.expiresAt !== null && resolved.expiresAt <= Date.now()) {
      throw new AppError('unauthenticated', `The API token "${resolved.tokenName}" expired on ${formatUtcDateTime(new Date(resolved.expiresAt))}; create a new one on the API tokens page.`);
    }
    const waitSeconds = c.get('deps').tokenRateLimit.take(resolved.tokenId);
    if (waitSeconds !== null) {
      throw new AppError('rate_limited', `The API token "${resolved.tokenName}" made more than ${c.get('deps').config.security.tokenRequestsPerMinute} requests this minute: wait ${waitSeconds} s (Retry-After) and go on more slowly.`, { data: { retryAfterSeconds: waitSeconds } });
    }
    if (resolved.scope === 'read' && !READ_METHODS.has(c.req.method)) {
      throw new AppError('forbidden', `The API token "${resolved.tokenName}" is read-only: it can read but not change anything. Use a token with write access for this.`);
    }
    c.set('auth', { kind: 'api_token', userId: resolved.actor.userId, actor: resolved.actor });
    // Every audit event this request writes names the token, so a change made with it does not look like one its owner made in person.
    await runWithAuditVia({ tokenId: resolved.tokenId, tokenName: resolved.tokenName }, next);
    return;
  }
  let auth: Authentication | undefined;
  const sessionToken = getCookie(c, SESSION_COOKIE);
  const session = sessionToken ? await cachedSession(c.get('deps'), sessionToken) : null;
  if (session && sessionToken) {
    auth = { kind: 'session', userId: session.userId, csrfToken: session.csrfToken, sessionToken };
    if (!SAFE_METHODS.has(c.req.method) && c.req.header(CSRF_HEADER) !== session.csrfToken) {
      throw new AppError('csrf_failed', `This change needs the ${CSRF_HEADER} header from your session; reload the page and try again.`, { field: `header.${CSRF_HEADER}` });
    }
  }
  c.set('auth', auth);
  await next();
};

async function cachedSession(deps: AppDeps, token: string) {
  const session = await deps.caches.sessions.getOrLoad(hashSecret(token), () => resolveSession(deps.db, token));
  // A remembered session still ends on time.
  return session && session.expiresAt > Date.now() ? session : null;
}

function cachedApiToken(deps: AppDeps, token: string) {
  return deps.caches.apiTokens.getOrLoad(hashSecret(token), () => resolveApiToken(deps.db, token));
}

export function requireAuth(auth: Authentication | undefined): Authentication {
  if (!auth) throw new AppError('unauthenticated', 'Sign in first.');
  return auth;
}

/**
 * What only a signed-in person does, never a script with an API token: making tokens, orgs, invitations and
 * roles. Each would let a leaked token leave access behind that outlives its revocation (a token made by a token,
 * an account invited as admin).
 */
export function requireSignedIn(auth: Authentication | undefined, what: string): Authentication {
  const signedIn = requireAuth(auth);
  if (signedIn.kind === 'api_token') throw new AppError('forbidden', `An API token cannot ${what}: sign in to Pulse to do that.`);
  return signedIn;
}
