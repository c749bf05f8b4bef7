import { z } from '@hono/zod-openapi';
import { ACCOUNT_LIMITS } from '../../../domain/accounts/account-rules.js';
import { ERROR_CODES } from '../../../domain/errors.js';

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.enum(ERROR_CODES),
      message: z.string(),
      field: z.string().optional(),
      rule: z.string().optional(),
      file: z.string().optional().openapi({ description: 'The uploaded or named file the problem is in (a CSV, a config).' }),
      line: z.number().int().optional().openapi({ description: '1-based line in that file.' }),
      column: z.number().int().optional().openapi({ description: '1-based column in that file, where known.' }),
      data: z.record(z.string(), z.unknown()).optional(),
    }),
  })
  .openapi('Error');

/**
 * A named schema (one given a name with `.openapi('Name')`) that may be null. `Named.nullable()` makes the document's
 * generator register the component itself as nullable (`type: [object, null]`, with the description of whichever use
 * it met first), so every other use of it, an item of a list or an answer that always holds one, reads as nullable
 * too; a union with null refers to the component as it is (`anyOf: [$ref, {type: null}]`).
 */
export const nullableRef = <T extends z.ZodType>(schema: T) => z.union([schema, z.null()]);

export const Uuid = z.uuid({ message: 'must be a UUID' });

/**
 * Every email the API takes (a login, an invitation, a person, a candidate): spaces around it, as a paste from a
 * mail client or a spreadsheet brings them, are trimmed before it is checked, so none of them refuses what another
 * takes; the services then store it with normaliseEmail (trimmed, lowercase).
 */
export const EmailInput = z.string().trim().check(z.email({ message: 'must be an email address' })).max(ACCOUNT_LIMITS.emailMaxLength);

/** A day PostgreSQL can store: YYYY-MM-DD in the years 0001 to 9999 (it has no year 0). */
export const storableDate = (example: string) =>
  z.iso.date({ message: `must be a date like ${example}` }).refine((value) => !value.startsWith('0000'), `must be a date like ${example}, in the years 0001 to 9999`);

/** The `updatedAt` an edit form read, so that a change made from a stale read is refused (409), not written over a newer one. */
export const baseUpdatedAt = (what: string) =>
  z.string().datetime({ offset: true, message: 'must be the updatedAt you read (ISO 8601)' }).optional()
    .openapi({ description: `The ${what}'s updatedAt as you read it: if the ${what} changed since, the change is refused (409) rather than overwriting the newer one.` });

/** The content token an edit form read (see contentToken), with the same purpose as `baseUpdatedAt`. */
export const baseToken = (what: string, tokenField: string) =>
  z.string({ message: `must be the ${tokenField} you read` }).max(32).optional()
    .openapi({ description: `The ${what}'s ${tokenField} as you read it: if the ${what} changed since, the change is refused (409) rather than overwriting the newer one.` });

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
