import { describe, expect, it } from 'vitest';
import { apiPath, useDemoApi, type Row } from '../../test/support/demo-api.js';
import { checkEveryGetRoute } from '../../test/support/get-routes.js';

/*
 * The API's contract, checked from the outside: every GET route of the OpenAPI document is called on the demo org as
 * its admin, its path filled with every id the demo's own lists answer, and each 200 is parsed with the zod schema
 * the route declares (the one the document is made from) and must hold no field it does not name. Handlers are type-checked against those schemas, but a
 * value the database driver hands back in another runtime type (an int8 parsed to a number where the schema says
 * string) passes the compiler and reaches clients: only a run on a real database, with real rows, sees it.
 */

const api = useDemoApi();

describe('the API answers what its OpenAPI document declares', () => {
  it('on every GET route, for every record of the demo org its lists name', { timeout: 120_000 }, async () => {
    const { mismatches, notCalled } = await checkEveryGetRoute(api);
    expect(mismatches).toEqual([]);
    expect(notCalled).toEqual([]);
  });
});

/** A schema that says nothing of what it holds: `{}` (any value), or an object with no named fields whose values are any. */
function isFreeForm(schema: Row): boolean {
  const described = ['type', '$ref', 'anyOf', 'oneOf', 'allOf', 'enum', 'const', 'properties', 'items'].some((key) => schema[key] !== undefined);
  if (!described) return true;
  if (schema.type !== 'object' || schema.properties !== undefined) return false;
  const values = schema.additionalProperties;
  return values === undefined || values === true || (typeof values === 'object' && values !== null && isFreeForm(values as Row));
}

/**
 * Free-form values an answer holds by design: what an audit event records differs by its action, and the writing
 * settings are the org's own (their keys are checked where they are saved).
 */
const FREE_FORM_BY_DESIGN = new Set(['GET /orgs/{orgId}/audit-events 200 at events.[].data', ...['GET', 'PUT'].flatMap((method) => [`${method} /orgs/{orgId}/writing-settings 200 at input`, `${method} /orgs/{orgId}/writing-settings 200 at resolved`])]);

describe('the OpenAPI document', () => {
  it('describes each named schema as it is: none is made nullable by a use of it that may be null', () => {
    const schemas = (api.document.components?.schemas ?? {}) as Record<string, Row>;
    const nullable = Object.entries(schemas).filter(([, schema]) => (Array.isArray(schema.type) && schema.type.includes('null')) || ((schema.anyOf ?? []) as Row[]).some((option) => option.type === 'null'));
    expect(nullable.map(([name, schema]) => `${name}: ${String(schema.description ?? '')}`), 'use nullableRef(Named), not Named.nullable()').toEqual([]);
  });

  it('names the fields of every successful answer, but for the few that are free-form by design', () => {
    const schemas = (api.document.components?.schemas ?? {}) as Record<string, Row>;
    const found = new Set<string>();
    const walk = (schema: Row, where: string, path: string[], seen: ReadonlySet<string>) => {
      const ref = typeof schema.$ref === 'string' ? schema.$ref.split('/').pop()! : undefined;
      if (ref !== undefined) {
        if (!seen.has(ref)) walk(schemas[ref] ?? {}, where, path, new Set([...seen, ref]));
        return;
      }
      if (isFreeForm(schema)) found.add(`${where} at ${path.join('.') || '(body)'}`);
      for (const option of [...((schema.anyOf ?? []) as Row[]), ...((schema.oneOf ?? []) as Row[])]) walk(option, where, path, seen);
      // A member of allOf may only annotate the others (a description beside a $ref): it describes no value itself.
      for (const member of (schema.allOf ?? []) as Row[]) if (!isFreeForm(member)) walk(member, where, path, seen);
      for (const [key, field] of Object.entries((schema.properties ?? {}) as Record<string, Row>)) walk(field, where, [...path, key], seen);
      if (typeof schema.items === 'object' && schema.items !== null) walk(schema.items as Row, where, [...path, '[]'], seen);
      if (typeof schema.additionalProperties === 'object' && schema.additionalProperties !== null && !isFreeForm(schema.additionalProperties as Row)) walk(schema.additionalProperties as Row, where, [...path, '{}'], seen);
    };
    for (const [fullPath, item] of Object.entries(api.document.paths ?? {})) {
      for (const [method, operation] of Object.entries(item as Record<string, Row>)) {
        for (const [status, answer] of Object.entries((operation.responses ?? {}) as Record<string, Row>)) {
          if (!status.startsWith('2')) continue;
          const schema = ((answer.content ?? {}) as Record<string, Row>)['application/json']?.schema as Row | undefined;
          if (schema !== undefined) walk(schema, `${method.toUpperCase()} ${apiPath(fullPath)} ${status}`, [], new Set());
        }
      }
    }
    expect([...found].filter((place) => !FREE_FORM_BY_DESIGN.has(place))).toEqual([]);
    expect([...FREE_FORM_BY_DESIGN].filter((place) => !found.has(place)), 'free-form by design, but no longer found').toEqual([]);
  });
});
