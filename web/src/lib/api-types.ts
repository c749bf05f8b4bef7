// The shapes the API answers with, taken from the server's own zod schemas (types only: nothing of the
// server reaches the bundle), so the web app and the API cannot drift apart silently.
import type { z } from '@hono/zod-openapi';
import type { MembershipSchema, SessionSchema } from '../../../src/server/routes/auth/auth.schema.js';
import type { ApiTokenSchema, AuditActorSchema, AuditEventSchema, InvitationSchema, MemberSchema, OutboxSchema } from '../../../src/server/routes/org-admin/org-admin.schema.js';
import type { PrincipleSchema, PrincipleVersionSchema } from '../../../src/server/routes/principles/principles.schema.js';

export type Session = z.infer<typeof SessionSchema>;
export type Membership = z.infer<typeof MembershipSchema>;
export type Principle = z.infer<typeof PrincipleSchema>;
export type PrincipleVersion = z.infer<typeof PrincipleVersionSchema>;
export type Member = z.infer<typeof MemberSchema>;
export type Invitation = z.infer<typeof InvitationSchema>;
export type Outbox = z.infer<typeof OutboxSchema>;
export type ApiToken = z.infer<typeof ApiTokenSchema>;
export type AuditEvent = z.infer<typeof AuditEventSchema>;
export type AuditActor = z.infer<typeof AuditActorSchema>;
