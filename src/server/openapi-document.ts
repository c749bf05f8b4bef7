/**
 * What every operation of the generated OpenAPI document shares and no route states itself: how to authenticate,
 * a stable operationId a client generator can name its functions by, and the answers the middleware gives on any
 * route (413 for a body over the limit on writes, 500 when Pulse fails). Added once here rather than in ~160
 * route definitions, so a new route cannot forget them.
 */

type Operation = { operationId?: string; responses?: Record<string, unknown>; security?: unknown };
type PathItem = Record<string, Operation | unknown>;
export interface OpenApiDocument {
  paths?: Record<string, PathItem>;
  components?: Record<string, Record<string, unknown> | undefined>;
  security?: unknown;
  [key: string]: unknown;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;
const WRITES = new Set(['put', 'post', 'patch']);
/** Operations anyone may call without signing in: the door in, and what an invitation says. */
const PUBLIC_OPERATIONS = new Set(['get /health', 'post /auth/signup', 'post /auth/login', 'get /invitations/{token}', 'post /invitations/{token}/signup']);

function pascal(word: string): string {
  return word.split(/[^A-Za-z0-9]+/).filter(Boolean).map((part) => part[0]!.toUpperCase() + part.slice(1)).join('');
}

/** `get /orgs/{orgId}/people/{personId}` → `getOrgsPeopleByPersonId`: the method, the path's words, its ids but the org's. */
export function operationIdFor(method: string, path: string): string {
  const words = path.split('/').filter(Boolean).map((segment) => {
    const param = /^\{(.+)\}$/.exec(segment)?.[1];
    if (param === undefined) return pascal(segment);
    return param === 'orgId' ? '' : `By${pascal(param)}`;
  });
  return `${method}${words.join('')}`;
}

const errorContent = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });

/** `prefix`: where the API is mounted (`/api/v1`), left out of operationIds and of the public operations' names. */
export function completeOpenApiDocument(document: OpenApiDocument, prefix: string): OpenApiDocument {
  const taken = new Set<string>();
  for (const [fullPath, item] of Object.entries(document.paths ?? {})) {
    const path = fullPath.startsWith(prefix) ? fullPath.slice(prefix.length) : fullPath;
    for (const method of METHODS) {
      const operation = item[method] as Operation | undefined;
      if (operation === undefined) continue;
      if (operation.operationId === undefined) {
        let id = operationIdFor(method, path);
        for (let n = 2; taken.has(id); n++) id = `${operationIdFor(method, path)}${n}`;
        operation.operationId = id;
      }
      taken.add(operation.operationId);
      operation.responses ??= {};
      if (WRITES.has(method)) operation.responses['413'] ??= errorContent('The request body is larger than the server takes.');
      operation.responses['500'] ??= errorContent('Pulse failed; the error says nothing of why (the server log does).');
      if (PUBLIC_OPERATIONS.has(`${method} ${path}`)) operation.security = [];
    }
  }
  document.components ??= {};
  document.components.securitySchemes = {
    ...document.components.securitySchemes,
    bearerToken: { type: 'http', scheme: 'bearer', description: 'An API token (Pulse → API tokens), acting as its owner in one org.' },
    sessionCookie: { type: 'apiKey', in: 'cookie', name: 'pulse_session', description: 'The web app\'s session; every change also needs the x-csrf-token header.' },
  };
  document.security = [{ bearerToken: [] }, { sessionCookie: [] }];
  return document;
}

/** Which methods each documented path answers, to tell "no such route" (404) from "not with this method" (405). */
export function allowedMethodsOf(document: OpenApiDocument): Array<{ pattern: RegExp; methods: string[] }> {
  return Object.entries(document.paths ?? {}).map(([path, item]) => ({
    pattern: new RegExp(`^${path.split(/\{[^}]+\}/).map((part) => part.replace(/[.*+?^$()|[\]\\]/g, '\\$&')).join('[^/]+')}$`),
    methods: METHODS.filter((method) => item[method] !== undefined).map((method) => method.toUpperCase()),
  }));
}
