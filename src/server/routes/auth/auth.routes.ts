import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { getConnInfo } from '@hono/node-server/conninfo';
import { permissionsOf } from '../../../domain/accounts/roles.js';
import { createOrg, createSession, endSession, getAccount, signIn, signUp, type Account, type NewSession } from '../../../services/accounts/accounts.service.js';
import { acceptInvitation, describeInvitation, signUpWithInvitation } from '../../../services/accounts/members.service.js';
import { hashSecret } from '../../../services/accounts/secrets.js';
import type { AppEnv } from '../../app-env.js';
import { requireAuth, requireSignedIn, SESSION_COOKIE, setSignedInHint, SIGNED_IN_HINT_COOKIE } from '../../middleware/authentication.js';
import { createRouter } from '../../router.js';
import { errorResponses, json, jsonBody } from '../common/common.schema.js';
import { CreateOrgSchema, InvitationParamsSchema, MembershipSchema, SessionSchema, SignInSchema, SignUpSchema, SignUpWithInvitationSchema } from './auth.schema.js';

const tags = ['Accounts'];

function sessionBody(account: Account, csrfToken: string | null) {
  return {
    user: account.user,
    memberships: account.memberships.map((membership) => ({ ...membership, permissions: permissionsOf(membership.role) })),
    csrfToken,
  };
}

function setSessionCookie(c: Context<AppEnv>, session: NewSession): void {
  setCookie(c, SESSION_COOKIE, session.token, { httpOnly: true, sameSite: 'Lax', secure: c.get('deps').config.security.isCookieSecure, path: '/', expires: session.expiresAt });
  setSignedInHint(c, session.expiresAt);
}

function clientAddress(c: Context<AppEnv>): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    // In-process requests (tests) have no socket.
    return 'local';
  }
}

export const authRoutes = createRouter();

authRoutes.openapi(
  createRoute({ method: 'post', path: '/auth/signup', tags, summary: 'Create an account and its org (you become its admin).', request: jsonBody(SignUpSchema), responses: { 201: json(SessionSchema, 'Signed up and signed in.'), 409: errorResponses[400], ...errorResponses } }),
  async (c) => {
    const { deps } = c.var;
    const { account, session } = await signUp(deps.db, c.req.valid('json'), deps.accountSettings);
    setSessionCookie(c, session);
    return c.json(sessionBody(account, session.csrfToken), 201);
  },
);

authRoutes.openapi(
  createRoute({ method: 'post', path: '/auth/login', tags, request: jsonBody(SignInSchema), responses: { 200: json(SessionSchema, 'Signed in.'), 429: errorResponses[400], ...errorResponses } }),
  async (c) => {
    const { deps } = c.var;
    const { account, session } = await signIn(deps.db, { ...c.req.valid('json'), clientAddress: clientAddress(c) }, deps.accountSettings);
    setSessionCookie(c, session);
    return c.json(sessionBody(account, session.csrfToken), 200);
  },
);

authRoutes.openapi(
  createRoute({ method: 'post', path: '/auth/logout', tags, responses: { 200: json(z.object({ ok: z.literal(true) }), 'Signed out.'), ...errorResponses } }),
  async (c) => {
    const auth = c.var.auth;
    if (auth?.kind === 'session') {
      await endSession(c.var.deps.db, auth.sessionToken);
      c.var.deps.caches.apply({ topic: 'session', sessionId: hashSecret(auth.sessionToken) });
    }
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    deleteCookie(c, SIGNED_IN_HINT_COOKIE, { path: '/' });
    return c.json({ ok: true as const }, 200);
  },
);

authRoutes.openapi(
  createRoute({ method: 'get', path: '/auth/session', tags, summary: 'Who is signed in, their orgs and roles.', responses: { 200: json(SessionSchema, 'The current session.'), ...errorResponses } }),
  async (c) => {
    const auth = requireAuth(c.var.auth);
    const account = await getAccount(c.var.deps.db, auth.userId);
    if (auth.kind === 'api_token') account.memberships = account.memberships.filter((membership) => membership.org.id === auth.actor.orgId);
    return c.json(sessionBody(account, auth.kind === 'session' ? auth.csrfToken : null), 200);
  },
);

authRoutes.openapi(
  createRoute({ method: 'post', path: '/orgs', tags, summary: 'Create another org; you become its admin.', request: jsonBody(CreateOrgSchema), responses: { 201: json(z.object({ membership: MembershipSchema }), 'The new org.'), ...errorResponses } }),
  async (c) => {
    const auth = requireSignedIn(c.var.auth, 'create an org');
    const membership = await createOrg(c.var.deps.db, auth.userId, c.req.valid('json').name);
    return c.json({ membership: { ...membership, permissions: permissionsOf(membership.role) } }, 201);
  },
);

authRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/invitations/{token}',
    tags,
    summary: 'What an invitation is for (no sign-in needed).',
    request: { params: InvitationParamsSchema },
    responses: { 200: json(z.object({ orgName: z.string(), email: z.string(), role: z.string() }), 'The invitation.'), ...errorResponses },
  }),
  async (c) => c.json(await describeInvitation(c.var.deps.db, c.req.valid('param').token), 200),
);

authRoutes.openapi(
  createRoute({ method: 'post', path: '/invitations/{token}/accept', tags, summary: 'Join the org as the signed-in user.', request: { params: InvitationParamsSchema }, responses: { 200: json(SessionSchema, 'Joined.'), ...errorResponses } }),
  async (c) => {
    // A token acts inside its one org: joining another would carry a script's access beyond it.
    const auth = requireSignedIn(c.var.auth, 'accept an invitation');
    const account = await acceptInvitation(c.var.deps.db, c.req.valid('param').token, auth.userId);
    return c.json(sessionBody(account, auth.kind === 'session' ? auth.csrfToken : null), 200);
  },
);

authRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/invitations/{token}/signup',
    tags,
    summary: 'Create an account from an invitation and join its org.',
    request: { params: InvitationParamsSchema, ...jsonBody(SignUpWithInvitationSchema) },
    responses: { 201: json(SessionSchema, 'Signed up, joined and signed in.'), ...errorResponses },
  }),
  async (c) => {
    const { deps } = c.var;
    const userId = await signUpWithInvitation(deps.db, c.req.valid('param').token, c.req.valid('json'), deps.accountSettings);
    const session = await createSession(deps.db, userId, deps.accountSettings);
    setSessionCookie(c, session);
    return c.json(sessionBody(await getAccount(deps.db, userId), session.csrfToken), 201);
  },
);
