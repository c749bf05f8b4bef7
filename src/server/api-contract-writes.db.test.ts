import { z } from '@hono/zod-openapi';
import { describe, expect, it } from 'vitest';
import { apiPath, concretePath, useDemoApi, type Bindings, type DeclaredRoute, type Row } from '../../test/support/demo-api.js';
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

/*
 * The refusals a service makes of a body its schema takes: an id no record has, a stale token, a reason left out. Each
 * route is sent a body made from its schema that the schema passes (first with its required fields only, then with
 * every field), and the routes without a JSON body are called bare; whatever the answer, an error naming a field
 * names it where the client sent it (decision 019): `body.<key>…` for a key of the route's body, `param.<name>` for a
 * path parameter, `query.<name>`, or `body` for the body as a whole, dotted, never `[0]`; an `invalid_config` error
 * alone names a key path inside the YAML it read. Its message is plain words: never zod's own text, never a stack.
 * These calls may succeed and change the demo, so they run after the checks above.
 */

/** Texts tried in turn for a text field until its schema takes one: an id no record has first, then a date, a name… */
const TEXT_CANDIDATES = [UNHELD_ID, '2026-11-02', '2026-11-02T09:00:00.000Z', 'contract-check@example.test', 'https://example.test/contract', 'Contract check', 'contract-check', '2026-Q4', 'x', 'A'];
const NUMBER_CANDIDATES = [1, 0, 2026, 50, 0.5, 100, 1000, -1];

type ValueDefinition = ZodInternals['_zod']['def'] & { entries?: Record<string, unknown>; values?: unknown[]; options?: z.ZodType[]; items?: z.ZodType[] };

/** A value `schema` takes, or undefined when none of the tries passes; `full` fills optional fields too. */
function valueFor(schema: z.ZodType, full: boolean): unknown {
  const def = internals(unwrapped(schema)).def as ValueDefinition;
  const candidates: unknown[] = (() => {
    switch (def.type) {
      case 'string': return TEXT_CANDIDATES;
      case 'number': case 'int': return NUMBER_CANDIDATES;
      case 'boolean': return [true, false];
      case 'enum': return Object.values(def.entries ?? {});
      case 'literal': return def.values ?? [];
      case 'null': return [null];
      case 'record': return [{}];
      case 'tuple': return [(def.items ?? []).map((item) => valueFor(item, full))];
      case 'union': return (def.options ?? []).map((option) => valueFor(option, full));
      case 'array': {
        const item = def.element === undefined ? undefined : valueFor(def.element, full);
        return [[item], [item, item], []];
      }
      case 'object': {
        const fields = Object.entries(def.shape ?? {}).map(([key, field]) => ({ key, isOptional: internals(field).optin !== undefined, value: valueFor(field, full) }));
        const made = (keep: (field: (typeof fields)[number]) => boolean) => Object.fromEntries(fields.filter(keep).map(({ key, value }) => [key, value]));
        // A schema that takes one change at a time (a refinement over its fields) passes with one optional field.
        const oneOptional = fields.filter((field) => field.isOptional).map((optional) => made((field) => !field.isOptional || field === optional));
        return [made((field) => full || !field.isOptional), ...oneOptional];
      }
      default: return [...TEXT_CANDIDATES, ...NUMBER_CANDIDATES, true, {}];
    }
  })();
  return candidates.find((value) => value !== undefined && schema.safeParse(value).success);
}

const PLACED_FIELD = /^(body|param|query)(\.[^.[\]\s]+)*$/;

/** What breaks the one way of naming a field, or of wording a refusal, in an answer; none when it keeps both. */
function namingFaultsOf(response: ApiResponse<Row>, declared: Record<'body' | 'param' | 'query', string[]>, newLogs: string[]): string[] {
  const faults: string[] = [];
  const text = JSON.stringify(response.body);
  if (response.status >= 500) faults.push(`answered ${response.status}`);
  if (newLogs.length > 0) faults.push(`logged ${newLogs[0]!.split('\n')[0]}`);
  if (STACK_TRACE.test(text)) faults.push('shows a stack trace or source path');
  if (response.status < 400) return faults.length === 0 ? [] : [text.slice(0, 300), ...faults];
  const parsed = OneErrorShape.safeParse(response.body);
  if (!parsed.success) return [text.slice(0, 300), ...faults, 'not the one error shape'];
  const { error } = parsed.data;
  const issues = (error.data?.issues as Array<{ field: string; message: string }> | undefined) ?? [];
  const fields = [error.field, ...issues.map((issue) => issue.field)].filter((field) => field !== undefined);
  // A key path in a deck's YAML, a column of a file the body carries: a place inside that document, said by the code and `file`.
  const insideADocument = error.code === 'invalid_config' || error.file !== undefined;
  for (const field of insideADocument ? [] : fields) {
    const [place, name] = field.split('.') as ['body' | 'param' | 'query', string | undefined];
    if (!PLACED_FIELD.test(field)) faults.push(`names ${field}, not where the client sent it`);
    else if (name !== undefined && !declared[place].includes(name)) faults.push(`names ${field}, which the route does not take`);
  }
  if (error.code === 'validation_failed' && error.field === undefined) faults.push('a validation error that names no field');
  const programmerText = [error.message, ...issues.map((issue) => issue.message)].find((message) => PROGRAMMER_TEXT.test(message));
  if (programmerText !== undefined) faults.push(`says "${programmerText}"`);
  return faults.length === 0 ? [] : [text.slice(0, 300), ...faults];
}

const namesIn = (schema: z.ZodType | undefined) => (schema === undefined ? [] : Object.keys(internals(unwrapped(schema)).def.shape ?? {}));

describe('every write route names a refused field where the client sent it', () => {
  it('for bodies its schema takes, and for the routes without one', { timeout: 120_000 }, async () => {
    const faults: string[] = [];
    const coverage = { routes: 0, calls: 0, refusalsNamingAField: 0 };
    const unmade: string[] = [];
    const routes = ['post', 'put', 'patch', 'delete'].flatMap((method) => [...api.declaredRoutes(method)].map(([fullPath, route]) => ({ method, path: apiPath(fullPath), route })));
    const withBody = (route: DeclaredRoute) => route.request?.body?.content?.['application/json']?.schema;
    // Those without a JSON body last, since a bare call is most often one that removes something.
    const ordered = [...routes.filter(({ route }) => withBody(route) !== undefined), ...routes.filter(({ route }) => withBody(route) === undefined)];
    // Signing up or in as someone else would end the demo admin's session: those go from a client of their own.
    const stranger = new ApiClient(api.app);
    for (const { method, path, route } of ordered) {
      if (path === '/auth/logout') continue;
      const where = `${method.toUpperCase()} ${path}`;
      const schema = withBody(route);
      const declared = { body: namesIn(schema), param: namesIn(route.request?.params), query: namesIn(route.request?.query) };
      const bodies = schema === undefined ? [undefined] : [valueFor(schema, false), valueFor(schema, true)];
      if (bodies.includes(undefined) && schema !== undefined) unmade.push(where);
      const url = concretePath(path, await bindingFor(path));
      const client = path.startsWith('/auth/') || path.startsWith('/invitations/') ? stranger : api.admin;
      coverage.routes++;
      for (const body of bodies) {
        if (schema !== undefined && body === undefined) continue;
        coverage.calls++;
        const logged = api.logs.length;
        const response = await client.request<Row>(method.toUpperCase(), url, body);
        if (typeof (response.body as { error?: { field?: unknown } }).error?.field === 'string') coverage.refusalsNamingAField++;
        const found = namingFaultsOf(response, declared, api.logs.slice(logged));
        if (found.length > 0) faults.push(`${where} ${JSON.stringify(body)?.slice(0, 120)}: ${found.join('; ')}`);
      }
    }
    expect(faults).toEqual([]);
    // Every write route (117 when this was written), a body made for each that takes one, and refusals enough to
    // check: a service that stopped refusing these bodies would leave the rule untested (about 75 named a field).
    expect(unmade).toEqual([]);
    expect(coverage.routes).toBeGreaterThan(100);
    expect(coverage.refusalsNamingAField).toBeGreaterThan(50);
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
