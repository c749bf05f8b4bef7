import { z } from '@hono/zod-openapi';
import { ERROR_CODES } from '../../../domain/errors.js';

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.enum(ERROR_CODES),
      message: z.string(),
      field: z.string().optional(),
      rule: z.string().optional(),
      data: z.record(z.string(), z.unknown()).optional(),
    }),
  })
  .openapi('Error');

export const Uuid = z.uuid({ message: 'must be a UUID' });

export const OrgParamsSchema = z.object({ orgId: Uuid.openapi({ param: { name: 'orgId', in: 'path' } }) });

/** The error answers every route may give; listed once so each route's OpenAPI entry stays honest. */
export const errorResponses = {
  400: { description: 'Invalid input: the field is named.', content: { 'application/json': { schema: ErrorSchema } } },
  401: { description: 'Not signed in.', content: { 'application/json': { schema: ErrorSchema } } },
  403: { description: 'Not allowed, or the CSRF token is missing.', content: { 'application/json': { schema: ErrorSchema } } },
  404: { description: 'Not found (or not in your org).', content: { 'application/json': { schema: ErrorSchema } } },
} as const;

export const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });

export const jsonBody = <T extends z.ZodType>(schema: T) => ({ body: { content: { 'application/json': { schema } }, required: true } });
