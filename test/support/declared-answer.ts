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

type FieldPath = Array<string | number>;

/** Whether `path` is `outer` or a field under it. */
const isAtOrUnder = (path: FieldPath, outer: FieldPath) => outer.length <= path.length && outer.every((part, index) => part === path[index]);

/**
 * Every field of `value` that `schema` (which parses it) does not declare, as paths; none when every field is declared.
 * An undeclared object is one path: what it holds is not listed under it.
 */
export function undeclaredFields(schema: z.ZodType, value: unknown, path: FieldPath = []): FieldPath[] {
  const def = defOf(schema);
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'catch':
    case 'readonly':
    case 'nonoptional':
      return value === null || value === undefined ? [] : undeclaredFields(def.innerType!, value, path);
    case 'pipe':
      return undeclaredFields(def.in!, value, path);
    case 'lazy':
      return undeclaredFields(def.getter!(), value, path);
    case 'union': {
      // Any option that parses the value is a reading of it the document allows (anyOf), not only the first, which zod
      // picks: a looser option that comes first parses a value meant for a stricter one, dropping what it does not
      // name. So the value is declared when one option declares every field of it; else the closest option is reported.
      const readings = def.options!.filter((option) => option.safeParse(value).success).map((option) => undeclaredFields(option, value, path));
      return readings.reduce<FieldPath[] | undefined>((closest, reading) => (closest === undefined || reading.length < closest.length ? reading : closest), undefined) ?? [];
    }
    case 'intersection': {
      const left = undeclaredFields(def.left!, value, path);
      const right = undeclaredFields(def.right!, value, path);
      // A field either side declares is declared: undeclared are the paths at or under a path the other side does not
      // declare either (a side without `owner` declares nothing under it), over every field of both.
      const byBoth = [...left.filter((field) => right.some((other) => isAtOrUnder(field, other))), ...right.filter((field) => left.some((other) => isAtOrUnder(field, other)))];
      return byBoth.filter((field, index) => byBoth.findIndex((other) => other.length === field.length && isAtOrUnder(other, field)) === index);
    }
    case 'object': {
      if (!isRecord(value)) return [];
      const open = def.catchall !== undefined && defOf(def.catchall).type !== 'never';
      return Object.entries(value).flatMap(([key, field]) => {
        const fieldSchema = def.shape?.[key] ?? (open ? def.catchall : undefined);
        return fieldSchema === undefined ? [[...path, key]] : undeclaredFields(fieldSchema, field, [...path, key]);
      });
    }
    case 'record':
      if (!isRecord(value)) return [];
      return Object.entries(value).flatMap(([key, field]) => undeclaredFields(def.valueType!, field, [...path, key]));
    case 'array':
      if (!Array.isArray(value)) return [];
      return value.flatMap((item, index) => undeclaredFields(def.element!, item, [...path, index]));
    case 'tuple': {
      if (!Array.isArray(value)) return [];
      return value.flatMap((item, index) => {
        const itemSchema = def.items?.[index];
        return itemSchema === undefined ? [] : undeclaredFields(itemSchema, item, [...path, index]);
      });
    }
    default:
      return [];
  }
}

/** The first field of `value` that `schema` (which parses it) does not declare, as a path; none when every field is declared. */
export function undeclaredField(schema: z.ZodType, value: unknown, path: FieldPath = []): FieldPath | undefined {
  return undeclaredFields(schema, value, path)[0];
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
  const [undeclared, ...more] = undeclaredFields(schema, response.body);
  return undeclared === undefined ? undefined : `${where} answered ${status}, not as declared: at ${shown(undeclared)}: a field the schema does not declare${more.length > 0 ? ` (and ${more.length} more)` : ''}`;
}

/** The answers a route declares, by status, as the app registered it (`path` without the API's prefix). */
export function declaredAnswersOf(app: PulseApp, method: string, path: string): Record<string, DeclaredAnswer | undefined> {
  type Definition = { type: string; route: DeclaredRoute };
  const { definitions } = (app as unknown as { openAPIRegistry: { definitions: Definition[] } }).openAPIRegistry;
  const found = definitions.find((definition) => definition.type === 'route' && definition.route.method === method && definition.route.path === `${API_PREFIX}${path}`);
  if (found === undefined) throw new Error(`no route declares ${method.toUpperCase()} ${path}`);
  return found.route.responses;
}
