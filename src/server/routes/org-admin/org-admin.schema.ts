import { z } from '@hono/zod-openapi';
import { ROLES } from '../../../domain/accounts/roles.js';
import { isUuid } from '../../../domain/ids.js';
import { OUTBOX_EMAIL_KINDS } from '../../../domain/mail/outbox-emails.js';
import { AUDIT_ACTION_LIST, AUDIT_PERIOD_FORMAT, auditPeriodBound, resolveAuditActions } from '../../../domain/audit/audit-filters.js';
import type { AuditEventFilter } from '../../../services/audit/audit.service.js';
import { baseToken, EmailInput, OrgParamsSchema, Uuid } from '../common/common.schema.js';

const API_TOKEN_SCOPES = ['read', 'write'] as const;

export const MemberSchema = z
  .object({ userId: z.string(), name: z.string(), email: z.string(), role: z.enum(ROLES), joinedAt: z.string(), editToken: z.string().openapi({ description: 'Send it back as `baseToken` when changing their role: if another admin changed it since, yours is refused (409).' }) })
  .openapi('Member');
export const MemberParamsSchema = OrgParamsSchema.extend({ userId: Uuid.openapi({ param: { name: 'userId', in: 'path' } }) });
export const ChangeRoleSchema = z.strictObject({ role: z.enum(ROLES), baseToken: baseToken('member\'s role', 'editToken') }).openapi('ChangeRole');

export const InvitationSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    role: z.enum(ROLES),
    createdAt: z.string(),
    expiresAt: z.string(),
    acceptedAt: z.string().nullable(),
    invitedBy: z.object({ id: z.string(), name: z.string() }).openapi({ description: 'Who sent it (who issued its latest link). When they lose the org (removed, or they left), their invitations that are still open are withdrawn: deleted, so their links answer 404 like an unknown one.' }),
  })
  .openapi('Invitation');
export const InvitationParamsSchema = OrgParamsSchema.extend({ invitationId: Uuid.openapi({ param: { name: 'invitationId', in: 'path' } }) });
export const CreateInvitationSchema = z.strictObject({ email: EmailInput, role: z.enum(ROLES) }).openapi('CreateInvitation');

const OUTBOX_STATUSES = ['sent', 'waiting', 'failed'] as const;

export const OutboxEmailSchema = z
  .object({
    id: z.string(),
    kind: z.enum(OUTBOX_EMAIL_KINDS),
    recipient: z.string(),
    subject: z.string(),
    status: z.enum(OUTBOX_STATUSES).openapi({ description: '`sent`: the SMTP server took it; `waiting`: a try is due at `nextAttemptAt`; `failed`: given up after the last try, `lastError` says why.' }),
    createdAt: z.string(),
    attempts: z.number().int(),
    nextAttemptAt: z.string().nullable(),
    sentAt: z.string().nullable(),
    lastError: z.string().nullable().openapi({ description: 'The SMTP server\'s answer to the last failed try (never a password).' }),
  })
  .openapi('OutboxEmail');

export const OutboxSchema = z
  .object({
    isEmailOn: z.boolean().openapi({ description: 'False when the server has no PULSE_SMTP_URL: Pulse then queues and sends no email.' }),
    maxAttempts: z.number().int().openapi({ description: 'Tries before an email is given up.' }),
    counts: z.object({ sent: z.number().int(), waiting: z.number().int(), failed: z.number().int() }),
    emails: z.array(OutboxEmailSchema),
  })
  .openapi('Outbox');

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
export const AuditActorSchema = z
  .object({
    userId: z.string(),
    name: z.string(),
    email: z.string(),
    isMember: z.boolean().openapi({ description: 'False for someone no longer in the org (removed, or they left): what they did stays in the log.' }),
  })
  .openapi('AuditActor');
/** The values of a query parameter given once, several times, or as a comma-separated list. */
const listValues = (value: string | string[]) => (Array.isArray(value) ? value : [value]).flatMap((item) => item.split(',')).map((item) => item.trim()).filter((item) => item !== '');

const periodBound = (edge: 'from' | 'to', description: string) =>
  z
    .string()
    .refine((value) => auditPeriodBound(value, edge) !== null, `must be ${AUDIT_PERIOD_FORMAT}`)
    .optional()
    .openapi({ description, example: edge === 'from' ? '2026-11-01' : '2026-11-30' });

/** What the log and its export are filtered by; they all apply together. */
const auditFilterFields = {
  action: z
    .union([z.string(), z.array(z.string())])
    .superRefine((value, context) => {
      const resolved = resolveAuditActions(listValues(value));
      if ('unknown' in resolved) context.addIssue({ code: 'custom', message: resolved.message });
    })
    .optional()
    .openapi({
      description: `Only these actions: each value an action or a whole family written \`family.*\` (every action is named \`family.what_happened\`; \`member.*\` is every member action). Repeat the parameter or separate values with commas. The actions: ${AUDIT_ACTION_LIST.map((action) => `\`${action}\``).join(', ')}.`,
      example: 'member.*',
    }),
  actor: Uuid.optional().openapi({ description: 'Only what this user did (their user id).' }),
  subjectType: z.string().regex(/^[a-z_]{1,60}$/, 'must be a subject type such as metric or person (lowercase letters and _)').optional().openapi({ description: 'Only events about this kind of thing: `metric`, `person`, `document`, `api_token`…', example: 'metric' }),
  subjectId: z.string().min(1, 'must not be empty').max(200, 'must be at most 200 characters').optional().openapi({ description: 'Only events about this thing (its id).' }),
  via: z
    .string()
    .refine((value) => value === 'any' || value === 'none' || isUuid(value), 'must be an API token id, any (made with any token) or none (made signed in, or by Pulse itself)')
    .optional()
    .openapi({ description: 'Only what was done with this API token (its id), with `any` token, or with `none` (signed in, or by Pulse itself).' }),
  from: periodBound('from', `From this moment on: ${AUDIT_PERIOD_FORMAT}. A day starts at 00:00 UTC.`),
  to: periodBound('to', `Up to this moment: ${AUDIT_PERIOD_FORMAT}. A day is included whole (to 24:00 UTC). Not before \`from\`.`),
};

/** `from` after `to` is a period with nothing in it: refused rather than answered with an empty list, so a typo shows. */
function refusePeriodBackwards(query: { from?: string | undefined; to?: string | undefined }, context: z.core.$RefinementCtx) {
  if (query.from === undefined || query.to === undefined) return;
  const from = auditPeriodBound(query.from, 'from');
  const toExclusive = auditPeriodBound(query.to, 'to');
  if (from !== null && toExclusive !== null && from >= toExclusive) context.addIssue({ code: 'custom', path: ['from'], message: `must not be after to (${query.from} is after ${query.to})` });
}

export const AuditQuerySchema = z
  .object({
    limit: z.coerce.number().int('must be a whole number').min(1).max(200).default(50),
    before: z.coerce.number().int('must be a whole number').positive().optional().openapi({ description: 'The id of the last (oldest) event of the previous page: the next page goes on from there, older. Works with the filters. An id that is no event of this org\'s log answers 400.' }),
    ...auditFilterFields,
  })
  .superRefine(refusePeriodBackwards);

export const AuditExportQuerySchema = z
  .object({
    format: z.enum(['csv'], { message: 'must be "csv"' }).default('csv'),
    ...auditFilterFields,
  })
  .superRefine(refusePeriodBackwards);

/** The service's filter from a query the schema has checked (so every part of it parses). */
export function auditFilterFrom(query: z.infer<typeof AuditExportQuerySchema> | z.infer<typeof AuditQuerySchema>): AuditEventFilter {
  const resolved = query.action === undefined ? undefined : resolveAuditActions(listValues(query.action));
  return {
    actions: resolved !== undefined && 'actions' in resolved ? resolved.actions : undefined,
    actorUserId: query.actor,
    subjectType: query.subjectType,
    subjectId: query.subjectId,
    via: query.via === undefined || query.via === 'any' || query.via === 'none' ? query.via : { tokenId: query.via },
    from: query.from === undefined ? undefined : (auditPeriodBound(query.from, 'from') ?? undefined),
    toExclusive: query.to === undefined ? undefined : (auditPeriodBound(query.to, 'to') ?? undefined),
  };
}
