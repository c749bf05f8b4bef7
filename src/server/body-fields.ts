import type { RouteConfig, z } from '@hono/zod-openapi';
import { AppError, isAppError } from '../domain/errors.js';

/**
 * How the API names a field (decision 019): where the client put it. The schema's refusals already say `body.amount`;
 * services and the domain name an input as their own arguments call it (`ownerPersonId`, `rows.0.date`, `teamId`),
 * because the CLI and background jobs call them too. Every route's handler is wrapped by the router
 * (`withFieldsWhereSent`), which puts such a field under the part of the request its route declares it in:
 * `body.ownerPersonId` for a key of the JSON body, `param.teamId` for a path parameter, `query.x` for a query one.
 *
 * The message is kept word for word; only the field moves. Left as they are: a field already placed (`body…`,
 * `param…`, `query…`), and one inside a document the request carries: an `invalid_config` error's key path in the
 * deck's YAML, an error with a `file` naming a column of that file (its `line` says where).
 */
export function renamedField(error: unknown, rename: (field: string) => string | undefined): unknown {
  if (!isAppError(error) || error.details.field === undefined) return error;
  const field = rename(error.details.field);
  if (field === undefined || field === error.details.field) return error;
  return new AppError(error.code, error.message, { ...error.details, field }, { logMessage: error.logMessage, cause: error });
}

/** Where a request carries its inputs, as an error's field starts. */
export type InputPlace = 'body' | 'param' | 'query';
const PLACES: readonly InputPlace[] = ['body', 'param', 'query'];

type SchemaDefinition = { type: string; shape?: Record<string, z.ZodType>; in?: z.ZodType; innerType?: z.ZodType; options?: z.ZodType[]; left?: z.ZodType; right?: z.ZodType };

/** The top-level names a schema takes: an object's keys, under wrappers and pipes, and every option's of a union. */
export function inputNamesOf(schema: z.ZodType | undefined): string[] {
  if (schema === undefined) return [];
  const def = (schema as unknown as { _zod: { def: SchemaDefinition } })._zod.def;
  if (def.type === 'object') return Object.keys(def.shape ?? {});
  const inner = [def.innerType, def.in, def.left, def.right, ...(def.options ?? [])].filter((part) => part !== undefined);
  return [...new Set(inner.flatMap((part) => inputNamesOf(part)))];
}

/** Each input a route declares, by its top-level name, with the part of the request it comes in. */
export function inputPlacesOf(request: RouteConfig['request']): Map<string, InputPlace> {
  const places = new Map<string, InputPlace>();
  const json = request?.body?.content?.['application/json'];
  const declared: Array<[InputPlace, z.ZodType | undefined]> = [
    ['query', request?.query as z.ZodType | undefined],
    ['body', json !== undefined && 'schema' in json ? (json.schema as z.ZodType | undefined) : undefined],
    // A path parameter wins a name the body also has: it is the record the route acts on.
    ['param', request?.params as z.ZodType | undefined],
  ];
  for (const [place, schema] of declared) for (const name of inputNamesOf(schema)) places.set(name, place);
  return places;
}

/** `placedField(places)('rows.0.date')` is `body.rows.0.date` when `rows` is a key of the body: an input, or any path inside it. */
export const placedField = (places: ReadonlyMap<string, InputPlace>) => (field: string): string | undefined => {
  const [first = ''] = field.split('.');
  if ((PLACES as readonly string[]).includes(first)) return undefined;
  const place = places.get(first);
  return place === undefined ? undefined : `${place}.${field}`;
};

/** An error thrown by a route's handler, its field put where the client sent that input. */
export function fieldWhereSent(error: unknown, places: ReadonlyMap<string, InputPlace>): unknown {
  if (isAppError(error) && (error.code === 'invalid_config' || error.details.file !== undefined)) return error;
  return renamedField(error, placedField(places));
}

/** A route's handler whose refusals name their fields where the client sent them (the router wraps every route's). */
export function withFieldsWhereSent<Handler extends (...args: never[]) => unknown>(request: RouteConfig['request'], handler: Handler): Handler {
  const places = inputPlacesOf(request);
  if (places.size === 0) return handler;
  const wrapped = async (...args: Parameters<Handler>): Promise<unknown> => {
    try {
      return await handler(...args);
    } catch (error) {
      throw fieldWhereSent(error, places);
    }
  };
  return wrapped as unknown as Handler;
}

/**
 * For `.catch(…)` on a CSV upload, whose file is the request body itself: the services call it `csv` (their input);
 * the client sent it as the body, and `file`, `line` and `column` say where in it.
 */
export const uploadedFileFields = (error: unknown): never => {
  throw renamedField(error, (field) => (field === 'csv' ? 'body' : undefined));
};
