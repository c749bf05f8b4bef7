import type { z } from '@hono/zod-openapi';
import { API_PREFIX, type PulseApp } from '../../src/server/app.js';
import type { DeclaredAnswer, DeclaredRoute } from './demo-api.js';
import type { ApiResponse } from './test-app.js';

/*
 * Whether an answer is one its route declares, as an integrator reading the OpenAPI document would check it: the
 * status is listed, the content type is listed for it (none for a body-less answer), and the body parses with the
 * route's zod schema (the one the document is made from) and holds no field the schema does not name. An extra field
 * passes zod (it strips unknown keys) but is an undocumented part of the contract: a client generated from the
 * document drops it, and a client that reads it anyway breaks when it changes unannounced.
 */

type Def = {
  type: string;
  shape?: Record<string, z.ZodType>;
  catchall?: z.ZodType;
  element?: z.ZodType;
  valueType?: z.ZodType;
  innerType?: z.ZodType;
  in?: z.ZodType;
  options?: z.ZodType[];
  left?: z.ZodType;
  right?: z.ZodType;
  items?: z.ZodType[];
  getter?: () => z.ZodType;
};
const defOf = (schema: z.ZodType) => (schema as unknown as { _zod: { def: Def } })._zod.def;
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The first field of `value` that `schema` (which parses it) does not declare, as a path; none when every field is declared. */
export function undeclaredField(schema: z.ZodType, value: unknown, path: Array<string | number> = []): Array<string | number> | undefined {
  const def = defOf(schema);
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'catch':
    case 'readonly':
    case 'nonoptional':
      return value === null || value === undefined ? undefined : undeclaredField(def.innerType!, value, path);
    case 'pipe':
      return undeclaredField(def.in!, value, path);
    case 'lazy':
      return undeclaredField(def.getter!(), value, path);
    case 'union': {
      // The option the value is: the first that parses it (as zod picks).
      const option = def.options!.find((candidate) => candidate.safeParse(value).success);
      return option === undefined ? undefined : undeclaredField(option, value, path);
    }
    case 'intersection': {
      if (!isRecord(value)) return undefined;
      const left = undeclaredField(def.left!, value, path);
      const right = undeclaredField(def.right!, value, path);
      // A field undeclared by one side may be the other's: only one neither side declares counts.
      return left !== undefined && right !== undefined && left.join('.') === right.join('.') ? left : undefined;
    }
    case 'object': {
      if (!isRecord(value)) return undefined;
      const open = def.catchall !== undefined && defOf(def.catchall).type !== 'never';
      for (const [key, field] of Object.entries(value)) {
        const fieldSchema = def.shape?.[key] ?? (open ? def.catchall : undefined);
        if (fieldSchema === undefined) return [...path, key];
        const inner = undeclaredField(fieldSchema, field, [...path, key]);
        if (inner !== undefined) return inner;
      }
      return undefined;
    }
    case 'record':
      if (!isRecord(value)) return undefined;
      for (const [key, field] of Object.entries(value)) {
        const inner = undeclaredField(def.valueType!, field, [...path, key]);
        if (inner !== undefined) return inner;
      }
      return undefined;
    case 'array':
      if (!Array.isArray(value)) return undefined;
      for (const [index, item] of value.entries()) {
        const inner = undeclaredField(def.element!, item, [...path, index]);
        if (inner !== undefined) return inner;
      }
      return undefined;
    case 'tuple':
      if (!Array.isArray(value)) return undefined;
      for (const [index, item] of value.entries()) {
        const itemSchema = def.items?.[index];
        const inner = itemSchema === undefined ? undefined : undeclaredField(itemSchema, item, [...path, index]);
        if (inner !== undefined) return inner;
      }
      return undefined;
    default:
      return undefined;
  }
}

const shown = (path: ReadonlyArray<PropertyKey>) => (path.length === 0 ? '(body)' : path.map(String).join('.'));

/**
 * What is wrong with an answer, in one line naming the route, the status and the first mismatching path; none when it
 * is as declared. `declared` is the route's declared answers by status, `where` names the call (`GET /orgs/{orgId}/…`).
 */
export function answerMismatch(where: string, declared: Record<string, DeclaredAnswer | undefined>, response: ApiResponse<unknown>): string | undefined {
  const { status } = response;
  const answer = declared[String(status)];
  const excerpt = typeof response.body === 'string' ? response.body.slice(0, 200) : JSON.stringify(response.body).slice(0, 200);
  if (answer === undefined) return `${where} answered ${status}, which the route does not declare: ${excerpt}`;
  const contentType = response.headers.get('content-type')?.split(';')[0]?.trim() ?? '';
  const declaredTypes = Object.keys(answer.content ?? {});
  if (declaredTypes.length === 0) {
    return contentType === '' && (response.body === '' || response.body === undefined) ? undefined : `${where} answered ${status} with ${contentType || 'a body'}, where the route declares no content: ${excerpt}`;
  }
  if (!declaredTypes.includes(contentType)) return `${where} answered ${status} as ${contentType || 'no content type'}, where the route declares ${declaredTypes.join(', ')}`;
  const schema = answer.content?.[contentType]?.schema;
  if (contentType !== 'application/json') return undefined;
  if (schema === undefined) return `${where} answered ${status} as JSON, for which the route declares no schema`;
  const parsed = schema.safeParse(response.body);
  if (!parsed.success) {
    const [issue] = parsed.error.issues;
    return `${where} answered ${status}, not as declared: at ${shown(issue!.path)}: ${issue!.message}${parsed.error.issues.length > 1 ? ` (and ${parsed.error.issues.length - 1} more)` : ''}`;
  }
  const undeclared = undeclaredField(schema, response.body);
  return undeclared === undefined ? undefined : `${where} answered ${status}, not as declared: at ${shown(undeclared)}: a field the schema does not declare`;
}

/** The answers a route declares, by status, as the app registered it (`path` without the API's prefix). */
export function declaredAnswersOf(app: PulseApp, method: string, path: string): Record<string, DeclaredAnswer | undefined> {
  type Definition = { type: string; route: DeclaredRoute };
  const { definitions } = (app as unknown as { openAPIRegistry: { definitions: Definition[] } }).openAPIRegistry;
  const found = definitions.find((definition) => definition.type === 'route' && definition.route.method === method && definition.route.path === `${API_PREFIX}${path}`);
  if (found === undefined) throw new Error(`no route declares ${method.toUpperCase()} ${path}`);
  return found.route.responses;
}
