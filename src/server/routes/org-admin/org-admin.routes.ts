import { createRoute, z } from '@hono/zod-openapi';
import { createApiToken, listApiTokens, revokeApiToken } from '../../../services/accounts/api-tokens.service.js';
import { changeMemberRole, createInvitation, invitationUrl, listInvitations, listMembers, removeMember, resendInvitation, revokeInvitation } from '../../../services/accounts/members.service.js';
import { emailSettingsFrom, listOutbox, OUTBOX_LIST_LIMIT } from '../../../services/mail/outbox.service.js';
import { AUDIT_CSV_COLUMNS, auditCsvHeader, auditCsvLine } from '../../../domain/audit/audit-filters.js';
import { exportAuditEvents, listAuditActors, listAuditEvents } from '../../../services/audit/audit.service.js';
import { requireSignedIn } from '../../middleware/authentication.js';
import { orgScope } from '../../middleware/org-scope.js';
import { createRouter } from '../../router.js';
import { errorResponses, json, jsonBody, OrgParamsSchema } from '../common/common.schema.js';
import {
  ApiTokenParamsSchema,
  ApiTokenSchema,
  AuditActorSchema,
  AuditEventSchema,
  AuditExportQuerySchema,
  auditFilterFrom,
  AuditQuerySchema,
  ChangeRoleSchema,
  CreateApiTokenSchema,
  CreateInvitationSchema,
  InvitationParamsSchema,
  InvitationSchema,
  MemberParamsSchema,
  MemberSchema,
  OutboxSchema,
} from './org-admin.schema.js';

/** Members, invitations, API tokens and the audit log of one org. */
export const orgAdminRoutes = createRouter();
for (const path of ['/orgs/:orgId/members', '/orgs/:orgId/members/*', '/orgs/:orgId/invitations', '/orgs/:orgId/invitations/*', '/orgs/:orgId/api-tokens', '/orgs/:orgId/api-tokens/*', '/orgs/:orgId/audit-events', '/orgs/:orgId/audit-events/*', '/orgs/:orgId/outbox']) {
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
    description: 'Changes a member\'s role. Refused (`rule` `org.last_admin`) for the org\'s last admin. With `baseToken` (the member\'s `editToken` as you read it), a role changed since is refused with 409 (`field` is `body.baseToken`, `data.token` the current token) and nothing is written.',
    request: { params: MemberParamsSchema, ...jsonBody(ChangeRoleSchema) },
    responses: { 200: json(Members, 'Members after the change.'), 409: errorResponses[400], 422: errorResponses[400], ...errorResponses },
  }),
  async (c) => {
    requireSignedIn(c.var.auth, 'change a member\'s role');
    const { userId } = c.req.valid('param');
    const { role, baseToken } = c.req.valid('json');
    const members = await changeMemberRole(c.var.deps.db, c.var.actor, userId, role, baseToken);
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
    const { token, invitation } = await createInvitation(c.var.deps.db, c.var.actor, c.req.valid('json'), emailSettingsFrom(c.var.deps.config));
    return c.json({ invitation, url: invitationUrl(token, c.var.deps.config.http.publicUrl) }, 201);
  },
);

const invitationRuleResponses = {
  ...errorResponses,
  409: { description: 'The invitation\'s email already belongs to a member of the org (`rule` is `invitation.already_member`), or has another open invitation (`invitation.one_open_per_email`); no `field`, since the request does not carry the email.', content: errorResponses[400].content },
  422: { description: 'The invitation has already been accepted (`rule` is `invitation.already_accepted`, `field` is `param.invitationId`): it records how someone joined and lets nobody else in.', content: errorResponses[400].content },
};

orgAdminRoutes.openapi(
  createRoute({
    method: 'delete',
    path: '/orgs/{orgId}/invitations/{invitationId}',
    tags: ['Members'],
    summary: 'Revoke an invitation nobody has used.',
    description: 'Withdraws an open or expired invitation: it is deleted, as its sender\'s leaving deletes it, so its link answers 404 like a link that was never sent, and the list no longer shows it. Refused (`rule`) for an accepted invitation (`invitation.already_accepted`). Signed-in admins only, never an API token.',
    request: { params: InvitationParamsSchema },
    responses: { 200: json(z.object({ ok: z.literal(true) }), 'Revoked.'), 422: invitationRuleResponses[422], ...errorResponses },
  }),
  async (c) => {
    // Who may join is access, like inviting and removing: a person's decision, never a script's.
    requireSignedIn(c.var.auth, 'revoke invitations');
    await revokeInvitation(c.var.deps.db, c.var.actor, c.req.valid('param').invitationId);
    return c.json({ ok: true as const }, 200);
  },
);

orgAdminRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/orgs/{orgId}/invitations/{invitationId}/resend',
    tags: ['Members'],
    summary: 'Issue a new link for an invitation nobody has used.',
    description: 'For an open or expired invitation: a new link for the same email and role, valid 7 days from now; the old link stops working (it answers 404 like a link that was never sent). The admin who issues it becomes its sender. Refused (`rule`) for an accepted invitation (`invitation.already_accepted`), and (409) when its email has become a member meanwhile. Signed-in admins only, never an API token.',
    request: { params: InvitationParamsSchema },
    responses: { 200: json(z.object({ invitation: InvitationSchema, url: z.string() }), 'The invitation and its new link (shown once).'), ...invitationRuleResponses },
  }),
  async (c) => {
    requireSignedIn(c.var.auth, 'send new invitation links');
    const { token, invitation } = await resendInvitation(c.var.deps.db, c.var.actor, c.req.valid('param').invitationId, emailSettingsFrom(c.var.deps.config));
    return c.json({ invitation, url: invitationUrl(token, c.var.deps.config.http.publicUrl) }, 200);
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
    path: '/orgs/{orgId}/outbox',
    tags: ['Members'],
    summary: 'The email Pulse sends for this org.',
    description: `Invitations and late-scorecard reminders emailed by Pulse, newest first (the latest ${OUTBOX_LIST_LIMIT}), with counts of those sent, waiting and given up. A failed try is retried later, waiting longer each time, and given up after \`maxAttempts\`. \`isEmailOn\` is false when the server has no PULSE_SMTP_URL: then nothing is queued. Admins only.`,
    request: { params: OrgParamsSchema },
    responses: { 200: json(OutboxSchema, 'The outbox.'), ...errorResponses },
  }),
  async (c) => c.json(await listOutbox(c.var.deps.db, c.var.actor, emailSettingsFrom(c.var.deps.config)), 200),
);

orgAdminRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/orgs/{orgId}/audit-events',
    tags: ['Audit'],
    description: 'The audit log, newest first (by time, then id), a page at a time (`before`: the id of the last event of the previous page; an id that is no event of this org\'s log answers 400 naming `query.before`). The filters all apply together, and paging keeps them. An unknown `action` answers 400 naming `query.action` and listing the families; `from` after `to` answers 400 naming `query.from`.',
    request: { params: OrgParamsSchema, query: AuditQuerySchema },
    responses: { 200: json(z.object({ events: z.array(AuditEventSchema) }), 'Audit events, newest first (admins only).'), ...errorResponses },
  }),
  async (c) => {
    const query = c.req.valid('query');
    return c.json({ events: await listAuditEvents(c.var.deps.db, c.var.actor, { limit: query.limit, before: query.before, filter: auditFilterFrom(query) }) }, 200);
  },
);

orgAdminRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/orgs/{orgId}/audit-events/export',
    tags: ['Audit'],
    description: `Every event the filters match (the same filters as the log), newest first, as a CSV download with the columns ${AUDIT_CSV_COLUMNS.join(', ')}: the time in ISO 8601 (UTC), who acted (Pulse for itself), the API token's name when one was used, and the event's details as JSON. The file is streamed, read from the database a batch at a time, so an export of the whole log does not wait for it or hold it in memory; it is the log as it stood when the download began. A cell that starts like a spreadsheet formula (=, +, -, @) is written with a leading apostrophe. Admins only, like the log.`,
    request: { params: OrgParamsSchema, query: AuditExportQuerySchema },
    responses: { 200: { description: 'The CSV file.', content: { 'text/csv': { schema: z.string() } } }, ...errorResponses },
  }),
  async (c) => {
    const query = c.req.valid('query');
    // Checked (and refused, if it must be) before the first byte goes out: after it, the status is sent.
    const batches = exportAuditEvents(c.var.deps.db, c.var.actor, auditFilterFrom(query));
    return c.body(csvStream(auditCsvHeader(), batches, auditCsvLine, c.var.deps.log), 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="audit-log-${new Date().toISOString().slice(0, 10)}.csv"`,
    });
  },
);

orgAdminRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/orgs/{orgId}/audit-events/actors',
    tags: ['Audit'],
    description: 'Everyone who has acted in the org\'s audit log, by name: current members and people who are no longer members (`isMember` false), whose events stay in the log. The values the log\'s `actor` filter takes. Admins only, like the log.',
    request: { params: OrgParamsSchema },
    responses: { 200: json(z.object({ actors: z.array(AuditActorSchema) }), 'Who acted, by name.'), ...errorResponses },
  }),
  async (c) => c.json({ actors: await listAuditActors(c.var.deps.db, c.var.actor) }, 200),
);

/**
 * A CSV file sent as it is read: the header, then the lines of each batch. Stops reading if the download is
 * cancelled. A failure midway can no longer become an error answer: it is logged and the download breaks off, so
 * the browser reports it failed rather than saving a file that looks complete.
 */
function csvStream<T>(header: string, batches: AsyncIterable<T[]>, line: (item: T) => string, log: (message: string) => void): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const iterator = batches[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(header));
    },
    async pull(controller) {
      try {
        const next = await iterator.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value.map(line).join('')));
      } catch (error) {
        log(`audit log export broke off: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        controller.error(error);
      }
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}
