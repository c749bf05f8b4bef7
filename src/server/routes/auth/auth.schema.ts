import { z } from '@hono/zod-openapi';
import { ACCOUNT_LIMITS } from '../../../domain/accounts/account-rules.js';
import { EmailInput } from '../common/common.schema.js';
import { ROLES } from '../../../domain/accounts/roles.js';

const email = EmailInput;
const password = z.string().min(1, 'is required').max(ACCOUNT_LIMITS.passwordMaxLength);
const name = z.string().trim().min(1, 'is required').max(ACCOUNT_LIMITS.nameMaxLength);
const orgName = z.string().trim().min(1, 'is required').max(ACCOUNT_LIMITS.orgNameMaxLength);

export const SignUpSchema = z.strictObject({ email, name, password, orgName }).openapi('SignUp');
export const SignUpWithInvitationSchema = z.strictObject({ email, name, password }).openapi('SignUpWithInvitation');
export const SignInSchema = z.strictObject({ email, password }).openapi('SignIn');
export const CreateOrgSchema = z.strictObject({ name: orgName }).openapi('CreateOrg');
export const InvitationParamsSchema = z.object({ token: z.string().min(10).max(200).openapi({ param: { name: 'token', in: 'path' } }) });

export const MembershipSchema = z.object({ org: z.object({ id: z.string(), name: z.string(), slug: z.string() }), role: z.enum(ROLES), permissions: z.array(z.string()) }).openapi('Membership');

export const SessionSchema = z
  .object({
    user: z.object({ id: z.string(), email: z.string(), name: z.string() }),
    memberships: z.array(MembershipSchema),
    csrfToken: z.string().nullable().openapi({ description: 'Send it as the x-csrf-token header on every change made with the session cookie.' }),
  })
  .openapi('Session');
