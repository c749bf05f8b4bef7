import { z } from '@hono/zod-openapi';
import { ACCOUNT_LIMITS } from '../../../domain/accounts/account-rules.js';
import { ROLES } from '../../../domain/accounts/roles.js';
import { OrgParamsSchema, Uuid } from '../common/common.schema.js';

const API_TOKEN_SCOPES = ['read', 'write'] as const;

export const MemberSchema = z.object({ userId: z.string(), name: z.string(), email: z.string(), role: z.enum(ROLES), joinedAt: z.string() }).openapi('Member');
export const MemberParamsSchema = OrgParamsSchema.extend({ userId: Uuid.openapi({ param: { name: 'userId', in: 'path' } }) });
export const ChangeRoleSchema = z.strictObject({ role: z.enum(ROLES) }).openapi('ChangeRole');

export const InvitationSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    role: z.enum(ROLES),
    createdAt: z.string(),
    expiresAt: z.string(),
    acceptedAt: z.string().nullable(),
    invitedBy: z.object({ id: z.string(), name: z.string() }).openapi({ description: 'Who sent it. When they lose the org (removed, or they left), their invitations that are still open are withdrawn: deleted, so their links answer 404 like an unknown one.' }),
  })
  .openapi('Invitation');
export const CreateInvitationSchema = z.strictObject({ email: z.email({ message: 'must be an email address' }).max(ACCOUNT_LIMITS.emailMaxLength), role: z.enum(ROLES) }).openapi('CreateInvitation');

export const ApiTokenSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    owner: z.object({ id: z.string(), name: z.string() }).openapi({ description: 'Whose token it is: it acts as them, with their current role.' }),
    prefix: z.string(),
    createdAt: z.string(),
    lastUsedAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
    expiresAt: z.string().nullable().openapi({ description: 'When the token stops working (it then answers 401); null for never.' }),
    scope: z.enum(API_TOKEN_SCOPES).openapi({ description: '`read`: GET and HEAD requests only (anything else answers 403); `write`: whatever the owner\'s role allows.' }),
  })
  .openapi('ApiToken');
export const CreateApiTokenSchema = z
  .strictObject({
    name: z.string().trim().min(1, 'is required').max(80),
    expiresAt: z.iso.datetime({ offset: true, message: 'must be a date and time, like 2027-01-31T00:00:00Z' }).nullable().optional().openapi({ description: 'When the token stops working: in the future, at most a year ahead. Absent or null: never.' }),
    scope: z.enum(API_TOKEN_SCOPES).default('write').openapi({ description: '`read` for a token that only reads; `write` (the default) for the role\'s full rights.' }),
  })
  .openapi('CreateApiToken');
export const ApiTokenParamsSchema = OrgParamsSchema.extend({ tokenId: Uuid.openapi({ param: { name: 'tokenId', in: 'path' } }) });

export const AuditEventSchema = z
  .object({
    id: z.number().int(),
    action: z.string(),
    actor: z.object({ id: z.string(), name: z.string() }).nullable(),
    via: z.object({ tokenId: z.string(), tokenName: z.string() }).nullable().openapi({ description: 'The API token the change was made with (its name when it acted); null when the actor was signed in.' }),
    subjectType: z.string(),
    subjectId: z.string().nullable(),
    data: z.record(z.string(), z.unknown()),
    createdAt: z.string(),
  })
  .openapi('AuditEvent');
export const AuditQuerySchema = z.object({
  limit: z.coerce.number().int('must be a whole number').min(1).max(200).default(50),
  before: z.coerce.number().int('must be a whole number').positive().optional(),
});
