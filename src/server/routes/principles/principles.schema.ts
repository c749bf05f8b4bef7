import { z } from '@hono/zod-openapi';
import { PRINCIPLE_LIMITS } from '../../../domain/principles/principle-rules.js';
import { baseToken, baseUpdatedAt, OrgParamsSchema, Uuid } from '../common/common.schema.js';

export const PrincipleSchema = z
  .object({
    id: z.string(),
    slug: z.string().nullable(),
    position: z.number().int(),
    status: z.enum(['active', 'retired']),
    version: z.number().int(),
    title: z.string(),
    summary: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Principle');

export const PrincipleVersionSchema = z
  .object({
    version: z.number().int(),
    title: z.string(),
    summary: z.string(),
    createdAt: z.string(),
    createdBy: z.object({ id: z.string(), name: z.string() }).nullable(),
  })
  .openapi('PrincipleVersion');

export const PrincipleParamsSchema = OrgParamsSchema.extend({ principleId: Uuid.openapi({ param: { name: 'principleId', in: 'path' } }) });

export const ListPrinciplesQuerySchema = z.object({
  includeRetired: z.enum(['true', 'false']).optional().openapi({ description: 'Also list retired principles.' }),
});

const title = z.string().min(1, 'must not be empty').max(PRINCIPLE_LIMITS.titleMaxLength, `must be at most ${PRINCIPLE_LIMITS.titleMaxLength} characters`);
const summary = z.string().min(1, 'must not be empty').max(PRINCIPLE_LIMITS.summaryMaxLength, `must be at most ${PRINCIPLE_LIMITS.summaryMaxLength} characters`);

export const CreatePrincipleSchema = z.strictObject({ title, summary }).openapi('CreatePrinciple');

export const EditPrincipleSchema = z
  .strictObject({
    title,
    summary,
    expectedVersion: z.number().int().positive().openapi({ description: 'The version you edited; a stale one answers 409 with the current version.' }),
  })
  .openapi('EditPrinciple');

export const ReorderPrinciplesSchema = z.strictObject({ ids: z.array(Uuid).min(1).max(PRINCIPLE_LIMITS.maxPerOrg), baseToken: baseToken('list of principles', 'orderToken') }).openapi('ReorderPrinciples');

/** In the query, so a retire or restore sent with no body (or an empty one) stays valid, as it always was. */
export const SetPrincipleStatusQuerySchema = z.object({ baseUpdatedAt: baseUpdatedAt('principle') });

export type CreatePrincipleInput = z.infer<typeof CreatePrincipleSchema>;
export type EditPrincipleInput = z.infer<typeof EditPrincipleSchema>;
