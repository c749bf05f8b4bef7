import { z } from '@hono/zod-openapi';
import { describe, expect, it } from 'vitest';
import { apiPath, concretePath, useDemoApi, type Bindings, type Row } from '../../test/support/demo-api.js';
import { ApiClient, type ApiResponse } from '../../test/support/test-app.js';
import { API_PREFIX } from './app.js';
import { ErrorSchema } from './routes/common/common.schema.js';

/*
 * The API's write routes, checked from the outside like its GET routes (api-contract.db.test.ts): every POST, PUT,
 * PATCH and DELETE route of the OpenAPI document that takes a JSON body is sent, as the demo admin with a session and
 * its CSRF token, a body that is not JSON, `{}`, each field of its schema with a value of the wrong type, and (where the
 * schema is strict) a key it does not know. Each must be refused with 400 `validation_failed` in the one error shape,
 * naming the field, before the route reads or changes anything: never a 500, never a stack trace. Bodies are made from
 * the route's own zod schema, so a new route is checked without being listed here.
 */

const api = useDemoApi();

/** An id no demo record has, for a path parameter whose record the demo does not hold (a comment, a ledger entry). */
const UNHELD_ID = '00000000-0000-4000-8000-000000000000';
const UNKNOWN_KEY = 'pulseContractUnknownKey';

/** The one error shape, exactly: nothing beside `error`, nothing in it the model does not name. */
const OneErrorShape = z.strictObject({ error: ErrorSchema.shape.error.strict() });
/** What a stack trace or a source location looks like in an answer. */
const STACK_TRACE = /(\\n|\n)\s+at |node_modules|\.[jt]s:\d+/;
/** The validator's own texts, meant for programmers: an answer says what a field must be in plain words instead. */
const PROGRAMMER_TEXT = /Invalid input|expected \w+, received/;

type ZodInternals = {
  _zod: {
    optin?: string;
    def: { type: string; shape?: Record<string, z.ZodType>; catchall?: z.ZodType; element?: z.ZodType; valueType?: z.ZodType; innerType?: z.ZodType; in?: z.ZodType };
  };
};
const internals = (schema: z.ZodType) => (schema as unknown as ZodInternals)._zod;

/** The schema under the wrappers that do not change a value's type (optional, nullable, a default, a transform's input). */
function unwrapped(schema: z.ZodType): z.ZodType {
  const { def } = internals(schema);
  const inner = def.innerType ?? (def.type === 'pipe' ? def.in : undefined);
  return inner === undefined ? schema : unwrapped(inner);
}

/** Values of the wrong type, the likeliest first: a number for text, text for a number, an object for a list. */
const WRONG_VALUES: Record<string, unknown[]> = {
  string: [42],
  enum: [42],
  literal: [42],
  number: ['42'],
  int: ['42'],
  boolean: ['yes'],
  array: [{ '0': 'a' }],
  object: ['an object'],
  record: ['an object'],
};

/** A value the field's own schema refuses (so the body can never pass and change the demo). */
function wrongValueFor(schema: z.ZodType): unknown {
  const candidates = [...(WRONG_VALUES[internals(unwrapped(schema)).def.type] ?? []), 42, '42', true, { '0': 'a' }, ['a']];
  return candidates.find((value) => !schema.safeParse(value).success);
}

interface BodyCase {
  name: string;
  body?: unknown;
  rawBody?: string;
  contentType?: string;
  /** The fields the answer must name, in `error.field` or `error.data.issues` (beside any required field the body lacks). */
  named: string[];
  /** Text a message must hold (an unknown key is named in it, as the field is the object that holds it). */
  saying?: string;
}

const fieldName = (path: Array<string | number>) => ['body', ...path].join('.');

/**
 * A value of the wrong type for each field, at every depth (an item of a list, a field of an item), each sent alone in
 * the body; and a key the object does not know, for each strict object. `place` puts a value where `path` says.
 */
function fieldCases(schema: z.ZodType, path: Array<string | number>, place: (value: unknown) => unknown): BodyCase[] {
  const cases: BodyCase[] = [];
  if (path.length > 0) {
    const value = wrongValueFor(schema);
    if (value !== undefined) cases.push({ name: `${path.join('.')} as ${JSON.stringify(value)}`, body: place(value), named: [fieldName(path)] });
  }
  const { def } = internals(unwrapped(schema));
  if (def.type === 'object') {
    for (const [key, field] of Object.entries(def.shape ?? {})) cases.push(...fieldCases(field, [...path, key], (value) => place({ [key]: value })));
    // A catch-all object (the writing settings) checks its keys in the service, under its own test.
    if (internals(def.catchall ?? z.never()).def.type === 'never') cases.push({ name: `an unknown key in ${path.join('.') || 'the body'}`, body: place({ [UNKNOWN_KEY]: 1 }), named: [fieldName(path)], saying: UNKNOWN_KEY });
  } else if (def.type === 'array' && def.element !== undefined) {
    cases.push(...fieldCases(def.element, [...path, 0], (value) => place([value])));
  } else if (def.type === 'record' && def.valueType !== undefined) {
    cases.push(...fieldCases(def.valueType, [...path, 'someKey'], (value) => place({ someKey: value })));
  }
  return cases;
}

/** The bad bodies a route is sent, made from its body schema. */
function casesFor(schema: z.ZodType): BodyCase[] {
  const shape = internals(unwrapped(schema)).def.shape ?? {};
  const required = Object.keys(shape).filter((key) => internals(shape[key]!).optin === undefined);
  return [
    { name: 'a body that is not JSON', rawBody: '{"this is": not JSON', named: ['body'] },
    { name: 'JSON sent as text/plain', rawBody: '{}', contentType: 'text/plain', named: ['body'] },
    { name: 'a JSON list where an object is expected', body: [], named: ['body'] },
    { name: 'JSON null', rawBody: 'null', named: ['body'] },
    // Where nothing may be left out: a body left empty (as a form posted before it was filled), and `{}`.
    ...(required.length > 0
      ? [
          { name: 'an empty body where fields are required', rawBody: '', named: [] },
          { name: '{} where fields are required', body: {}, named: required.map((key) => `body.${key}`) },
        ]
      : []),
    ...fieldCases(schema, [], (value) => value),
  ];
}

/** The demo's record for each path parameter, or an id no record has where the demo holds none of its kind. */
async function bindingFor(path: string): Promise<Bindings> {
  const found = await api.bindingsFor(path);
  if ('bindings' in found) return found.bindings[0]!;
  const bound: Bindings = {};
  for (const [, name] of path.matchAll(/\{([^}]+)\}/g)) bound[name!] = (await api.valuesOf(name!, bound))[0] ?? UNHELD_ID;
  return bound;
}

/** What is wrong with an answer to a bad body, in words; none when it is the clean 400 the case expects. */
function faultsOf(response: ApiResponse<Row>, expected: BodyCase, newLogs: string[]): string[] {
  const faults: string[] = [];
  const text = JSON.stringify(response.body);
  if (response.status !== 400) faults.push(`answered ${response.status}`);
  if (newLogs.length > 0) faults.push(`logged ${newLogs[0]!.split('\n')[0]}`);
  if (STACK_TRACE.test(text)) faults.push('shows a stack trace or source path');
  const parsed = OneErrorShape.safeParse(response.body);
  if (!parsed.success) return [...faults, `not the one error shape: ${text.slice(0, 200)}`];
  const { error } = parsed.data;
  if (error.code !== 'validation_failed') faults.push(`code ${error.code}`);
  const issues = (error.data?.issues as Array<{ field: string; message: string }> | undefined) ?? [];
  const namedFields = new Set([error.field, ...issues.map((issue) => issue.field)]);
  const unnamed = expected.named.filter((field) => !namedFields.has(field));
  if (unnamed.length > 0) faults.push(`does not name ${unnamed.join(', ')} (names ${[...namedFields].join(', ')})`);
  if (error.field !== 'body' && !error.field?.startsWith('body.')) faults.push(`error.field is ${error.field}, not in the body`);
  const messages = [error.message, ...issues.map((issue) => issue.message)];
  if (expected.saying !== undefined && !messages.some((message) => message.includes(expected.saying!))) faults.push(`no message says ${expected.saying}: ${error.message}`);
  const programmerText = messages.find((message) => PROGRAMMER_TEXT.test(message));
  if (programmerText !== undefined) faults.push(`says "${programmerText}"`);
  return faults.length === 0 ? [] : [`${text.slice(0, 300)}`, ...faults];
}

describe('every write route refuses bad input with a clear 400', () => {
  it('for each route that takes a JSON body: not JSON, {}, each field of the wrong type, an unknown key', { timeout: 120_000 }, async () => {
    const faults: string[] = [];
    const coverage = { routes: 0, cases: 0 };
    for (const method of ['post', 'put', 'patch', 'delete']) {
      for (const [fullPath, route] of api.declaredRoutes(method)) {
        const schema = route.request?.body?.content?.['application/json']?.schema;
        if (schema === undefined) continue;
        const path = apiPath(fullPath);
        const where = `${method.toUpperCase()} ${path}`;
        if (api.document.paths?.[fullPath]?.[method] === undefined) faults.push(`${where} is declared but not in the OpenAPI document`);
        if (route.responses['400'] === undefined) faults.push(`${where} does not declare its 400`);
        const url = concretePath(path, await bindingFor(path));
        coverage.routes++;
        for (const bodyCase of casesFor(schema)) {
          coverage.cases++;
          const logged = api.logs.length;
          const response = await api.admin.request<Row>(method.toUpperCase(), url, bodyCase.body, {
            rawBody: bodyCase.rawBody,
            headers: bodyCase.contentType === undefined ? {} : { 'content-type': bodyCase.contentType },
          });
          const found = faultsOf(response, bodyCase, api.logs.slice(logged));
          if (found.length > 0) faults.push(`${where}, ${bodyCase.name}: ${found.join('; ')}`);
        }
      }
    }
    // Every route of the document that takes a JSON body (85 when this was written), each sent about ten bad bodies.
    expect(coverage.routes).toBeGreaterThan(80);
    expect(coverage.cases).toBeGreaterThan(coverage.routes * 5);
    expect(faults).toEqual([]);
  });
});

describe('an API token instead of a session', () => {
  /** A handful of the org's reads, one per area; each answer is parsed with the schema its route declares. */
  const READS = ['/principles', '/people', '/documents', '/metrics', '/opportunities', '/wbr/decks', '/hiring/requisitions', '/audit-events?limit=5'];

  it('reads what each route declares, as a session does, and is refused in the one error shape', { timeout: 60_000 }, async () => {
    const made = await api.admin.post(`/orgs/${api.orgId}/api-tokens`, { name: 'Contract check', scope: 'read' });
    expect(made.status).toBe(201);
    const script = new ApiClient(api.app);
    script.bearer = String(made.body.token);
    const declared = api.declaredRoutes('get');
    const mismatches: string[] = [];
    for (const read of READS) {
      const response = await script.get(`/orgs/${api.orgId}${read}`);
      expect(response.status, `GET ${read}: ${JSON.stringify(response.body).slice(0, 300)}`).toBe(200);
      const schema = declared.get(`${API_PREFIX}/orgs/{orgId}${read.split('?')[0]}`)?.responses['200']?.content?.['application/json']?.schema;
      expect(schema, `GET ${read} declares no JSON answer`).toBeDefined();
      const parsed = schema!.safeParse(response.body);
      if (!parsed.success) for (const issue of parsed.error.issues) mismatches.push(`GET ${read} at ${issue.path.join('.') || '(body)'}: ${issue.message}`);
      // The same read as the session gives: a token sees what its owner sees.
      expect(response.body, `GET ${read}`).toEqual((await api.admin.get(`/orgs/${api.orgId}${read}`)).body);
    }
    expect(mismatches).toEqual([]);
    // A read-only token is refused a write in the same shape; a write token's bad body (no CSRF token: it needs
    // none) is refused as a session's is; and a token Pulse does not know is a 401.
    const write = await script.post(`/orgs/${api.orgId}/principles`, { title: 'By a script', summary: 'Refused.' });
    expect(write.status).toBe(403);
    expect(OneErrorShape.parse(write.body).error.code).toBe('forbidden');
    script.bearer = String((await api.admin.post(`/orgs/${api.orgId}/api-tokens`, { name: 'Contract check (write)' })).body.token);
    const badBody = await script.post(`/orgs/${api.orgId}/principles`, { title: 42 });
    expect(badBody.status).toBe(400);
    expect(OneErrorShape.parse(badBody.body).error).toMatchObject({ code: 'validation_failed', field: 'body.title' });
    script.bearer = 'pulse_not-a-token';
    const unknown = await script.get(`/orgs/${api.orgId}/people`);
    expect(unknown.status).toBe(401);
    expect(OneErrorShape.parse(unknown.body).error.code).toBe('unauthenticated');
  });
});
