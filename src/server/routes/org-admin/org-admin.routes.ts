import { createRoute, z } from '@hono/zod-openapi';
import { createApiToken, listApiTokens, revokeApiToken } from '../../../services/accounts/api-tokens.service.js';
import { changeMemberRole, createInvitation, listInvitations, listMembers, removeMember } from '../../../services/accounts/members.service.js';
import { listAuditEvents } from '../../../services/audit/audit.service.js';
import { requireSignedIn } from '../../middleware/authentication.js';
import { orgScope } from '../../middleware/org-scope.js';
import { createRouter } from '../../router.js';
import { errorResponses, json, jsonBody, OrgParamsSchema } from '../common/common.schema.js';
import {
  ApiTokenParamsSchema,
  ApiTokenSchema,
  AuditEventSchema,
  AuditQuerySchema,
  ChangeRoleSchema,
  CreateApiTokenSchema,
  CreateInvitationSchema,
  InvitationSchema,
  MemberParamsSchema,
  MemberSchema,
} from './org-admin.schema.js';

/** Members, invitations, API tokens and the audit log of one org. */
export const orgAdminRoutes = createRouter();
for (const path of ['/orgs/:orgId/members', '/orgs/:orgId/members/*', '/orgs/:orgId/invitations', '/orgs/:orgId/api-tokens', '/orgs/:orgId/api-tokens/*', '/orgs/:orgId/audit-events']) {
  orgAdminRoutes.use(path, orgScope);
}

const Members = z.object({ members: z.array(MemberSchema) });

orgAdminRoutes.openapi(
  createRoute({ method: 'get', path: '/orgs/{orgId}/members', tags: ['Members'], request: { params: OrgParamsSchema }, responses: { 200: json(Members, 'Members of the org.'), ...errorResponses } }),
  async (c) => c.json({ members: await listMembers(c.var.deps.db, c.var.actor) }, 200),
);

orgAdminRoutes.openapi(
  createRoute({
    method: 'patch',
    path: '/orgs/{orgId}/members/{userId}',
    tags: ['Members'],
    request: { params: MemberParamsSchema, ...jsonBody(ChangeRoleSchema) },
    responses: { 200: json(Members, 'Members after the change.'), 422: errorResponses[400], ...errorResponses },
  }),
  async (c) => {
    requireSignedIn(c.var.auth, 'change a member\'s role');
    const { userId } = c.req.valid('param');
    const members = await changeMemberRole(c.var.deps.db, c.var.actor, userId, c.req.valid('json').role);
    c.var.deps.caches.apply({ topic: 'membership', orgId: c.var.actor.orgId, userId });
    return c.json({ members }, 200);
  },
);

orgAdminRoutes.openapi(
  createRoute({
    method: 'delete',
    path: '/orgs/{orgId}/members/{userId}',
    tags: ['Members'],
    description: 'Removes a login from the org, revokes its API tokens here and withdraws (deletes) the invitations it sent that are still open. Refused (`rule`) for the last admin (`org.last_admin`) and for a login linked to a person on the org chart, whose departure is recorded instead (`members.use_departure`).',
    request: { params: MemberParamsSchema },
    responses: { 200: json(Members, 'Members after the removal.'), 422: errorResponses[400], ...errorResponses },
  }),
  async (c) => {
    // Ending someone's access is a person's decision, never a script's.
    requireSignedIn(c.var.auth, 'remove a member');
    const { userId } = c.req.valid('param');
    const members = await removeMember(c.var.deps.db, c.var.actor, userId);
    // This instance forgets their role and tokens now, not when its own change notice comes back.
    c.var.deps.caches.apply({ topic: 'membership', orgId: c.var.actor.orgId, userId });
    return c.json({ members }, 200);
  },
);

orgAdminRoutes.openapi(
  createRoute({ method: 'get', path: '/orgs/{orgId}/invitations', tags: ['Members'], request: { params: OrgParamsSchema }, responses: { 200: json(z.object({ invitations: z.array(InvitationSchema) }), 'Invitations, newest first.'), ...errorResponses } }),
  async (c) => c.json({ invitations: await listInvitations(c.var.deps.db, c.var.actor) }, 200),
);

orgAdminRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/orgs/{orgId}/invitations',
    tags: ['Members'],
    request: { params: OrgParamsSchema, ...jsonBody(CreateInvitationSchema) },
    responses: { 201: json(z.object({ invitation: InvitationSchema, url: z.string() }), 'The invitation and its link (shown once).'), ...errorResponses },
  }),
  async (c) => {
    requireSignedIn(c.var.auth, 'invite people');
    const { token, invitation } = await createInvitation(c.var.deps.db, c.var.actor, c.req.valid('json'));
    const url = new URL(`/invite/${token}`, c.var.deps.config.http.publicUrl).toString();
    return c.json({ invitation, url }, 201);
  },
);

orgAdminRoutes.openapi(
  createRoute({ method: 'get', path: '/orgs/{orgId}/api-tokens', tags: ['API tokens'], request: { params: OrgParamsSchema }, responses: { 200: json(z.object({ apiTokens: z.array(ApiTokenSchema) }), 'API tokens.'), ...errorResponses } }),
  async (c) => c.json({ apiTokens: await listApiTokens(c.var.deps.db, c.var.actor) }, 200),
);

orgAdminRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/orgs/{orgId}/api-tokens',
    tags: ['API tokens'],
    request: { params: OrgParamsSchema, ...jsonBody(CreateApiTokenSchema) },
    responses: { 201: json(z.object({ apiToken: ApiTokenSchema, token: z.string() }), 'The token: shown this once, stored only as a hash.'), 422: errorResponses[400], ...errorResponses },
  }),
  async (c) => {
    requireSignedIn(c.var.auth, 'create API tokens');
    return c.json(await createApiToken(c.var.deps.db, c.var.actor, c.req.valid('json')), 201);
  },
);

orgAdminRoutes.openapi(
  createRoute({ method: 'delete', path: '/orgs/{orgId}/api-tokens/{tokenId}', tags: ['API tokens'], request: { params: ApiTokenParamsSchema }, responses: { 200: json(z.object({ ok: z.literal(true) }), 'Revoked.'), ...errorResponses } }),
  async (c) => {
    // A leaked token must not be able to cut off every other script of the org, nor hide its tracks.
    requireSignedIn(c.var.auth, 'revoke API tokens');
    await revokeApiToken(c.var.deps.db, c.var.actor, c.req.valid('param').tokenId);
    c.var.deps.caches.apply({ topic: 'api_tokens' });
    return c.json({ ok: true as const }, 200);
  },
);

orgAdminRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/orgs/{orgId}/audit-events',
    tags: ['Audit'],
    request: { params: OrgParamsSchema, query: AuditQuerySchema },
    responses: { 200: json(z.object({ events: z.array(AuditEventSchema) }), 'Audit events, newest first (admins only).'), ...errorResponses },
  }),
  async (c) => {
    const { limit, before } = c.req.valid('query');
    return c.json({ events: await listAuditEvents(c.var.deps.db, c.var.actor, { limit, before }) }, 200);
  },
);
