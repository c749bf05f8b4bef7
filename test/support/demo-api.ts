import type { z } from '@hono/zod-openapi';
import { beforeAll } from 'vitest';
import { API_PREFIX } from '../../src/server/app.js';
import type { OpenApiDocument } from '../../src/server/openapi-document.js';
import { DEMO_LOGIN } from '../../src/services/demo/seed-demo-org.js';
import { seedDemoAsAdmin } from './demo-org.js';
import { ApiClient, useTestApp, type TestAppContext } from './test-app.js';

/*
 * The API checked from the outside on the demo org (the contract tests of src/server): one database, one demo org,
 * one sign-in of its admin, and the ids its own lists name, read once and shared by every route that needs them.
 */

export type Row = Record<string, unknown>;
export type Bindings = Record<string, string>;
export type DeclaredAnswer = { content?: Record<string, { schema?: z.ZodType }> };
/** A route as it was declared: the zod schemas the OpenAPI document is made from. */
export interface DeclaredRoute {
  method: string;
  path: string;
  request?: { params?: z.ZodType; query?: z.ZodType; body?: { content?: Record<string, { schema?: z.ZodType }> } };
  responses: Record<string, DeclaredAnswer | undefined>;
}

export interface DemoApi extends TestAppContext {
  /** The demo's admin, signed in (session cookie and CSRF token). */
  admin: ApiClient;
  orgId: string;
  /** The OpenAPI document as the server serves it. */
  document: OpenApiDocument;
  /** An invitation made for the run: its token is shown only when it is made. */
  invitationToken: string;
  /** A GET under the org, answered once per path (a list that ids come from is asked once); anything but a 200 throws. */
  read(path: string): Promise<Row>;
  /** Forgets the answers `read` kept, for a test that changed the org to see its lists anew. */
  forgetReads(): void;
  /** A document's version numbers. */
  versionsOf(documentId: string | undefined): Promise<number[]>;
  /** The values a path parameter takes in the demo (none when the demo holds no such record), given the ones before it. */
  valuesOf(name: string, bound: Bindings): Promise<string[]>;
  /** Every way to fill a path's parameters from the demo, or why there is none. */
  bindingsFor(path: string): Promise<{ bindings: Bindings[] } | { missing: string }>;
  /** The routes declared for a method (`get`, `post`…), by their full path. */
  declaredRoutes(method: string): Map<string, DeclaredRoute>;
}

export const idsOf = (rows: unknown): string[] => (rows as Row[]).map((row) => String(row.id));

/** A path with its parameters filled in. */
export const concretePath = (path: string, bound: Bindings): string => path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(bound[name]!));

/** The path as the document names it, without the API's prefix. */
export const apiPath = (fullPath: string): string => fullPath.slice(API_PREFIX.length);

/**
 * For a test file: its own database with the demo org seeded, the demo admin signed in, and the OpenAPI document.
 * Read the fields inside tests (they are filled in by beforeAll).
 */
export function useDemoApi(): DemoApi {
  const api = useTestApp({}, { withDemoOrg: true }) as DemoApi;
  /** Answers already read, by path. */
  const answers = new Map<string, Row>();

  api.read = async (path) => {
    let answer = answers.get(path);
    if (answer === undefined) {
      const response = await api.admin.get<Row>(`/orgs/${api.orgId}${path}`);
      if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}: ${JSON.stringify(response.body)}`);
      answer = response.body;
      answers.set(path, answer);
    }
    return answer;
  };
  api.forgetReads = () => answers.clear();
  const { read } = api;
  const versionsOf = (api.versionsOf = async (documentId) => ((await read(`/documents/${documentId}/versions`)).versions as Row[]).map((row) => Number(row.version)));
  const documentIds = async () => idsOf((await read('/documents')).documents);

  /** Where each path parameter's values come from: the lists (or parents) that name them. */
  const parameterSources: Record<string, (bound: Bindings) => Promise<string[]>> = {
    token: async () => [api.invitationToken],
    principleId: async () => idsOf((await read('/principles?includeRetired=true')).principles),
    documentId: documentIds,
    version: async (bound) => (await versionsOf(bound.documentId)).map(String),
    // The org's list holds the meetings to come; ended ones (with a discussion, votes, a decision) are under their document.
    meetingId: async () => {
      const underDocuments = await Promise.all((await documentIds()).map(async (id) => idsOf((await read(`/documents/${id}/meetings`)).meetings)));
      return [...new Set([...idsOf((await read('/meetings')).meetings), ...underDocuments.flat()])];
    },
    personId: async () => idsOf((await read('/people?includeLeft=true')).people),
    teamId: async () => idsOf((await read('/teams?includeArchived=true')).teams),
    initiativeId: async () => idsOf((await read('/initiatives')).initiatives),
    requisitionId: async () => idsOf((await read('/hiring/requisitions')).requisitions),
    candidateId: async () => {
      const requisitions = idsOf((await read('/hiring/requisitions')).requisitions);
      return (await Promise.all(requisitions.map(async (id) => idsOf((await read(`/hiring/requisitions/${id}/candidates`)).candidates)))).flat();
    },
    cycleId: async () => idsOf((await read('/review-cycles')).cycles),
    metricId: async () => idsOf((await read('/metrics')).metrics),
    opportunityId: async () => idsOf((await read('/opportunities')).opportunities),
    slug: async () => ((await read('/playbooks')).playbooks as Row[]).map((row) => String(row.slug)),
    deckId: async () => idsOf((await read('/wbr/decks')).decks),
    snapshotId: async (bound) => idsOf(((await read(`/wbr/decks/${bound.deckId}`)).deck as Row).snapshots),
    // Named by the write routes' paths.
    userId: async () => ((await read('/members')).members as Row[]).map((row) => String(row.userId)),
    accountId: async () => idsOf((await read('/accounts')).accounts),
    quarter: async () => [String(((await read('/quotas')).quotas as Row).quarter)],
    criterionId: async (bound) => idsOf(((await read(`/opportunities/${bound.opportunityId}`)).opportunity as Row).successCriteria),
    objectionId: async (bound) => idsOf(((await read(`/opportunities/${bound.opportunityId}`)).opportunity as Row).objections),
    anomalyId: async () => idsOf((await read('/wbr/anomalies')).anomalies),
  };

  api.valuesOf = async (name, bound) => (name === 'orgId' ? [api.orgId] : ((await parameterSources[name]?.(bound)) ?? []));

  api.bindingsFor = async (path) => {
    let bindings: Bindings[] = [{ orgId: api.orgId }];
    for (const name of [...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]!)) {
      if (name === 'orgId') continue;
      const source = parameterSources[name];
      if (source === undefined) return { missing: `no list in the demo names a {${name}}` };
      const next: Bindings[] = [];
      for (const bound of bindings) for (const value of await source(bound)) next.push({ ...bound, [name]: value });
      if (next.length === 0) return { missing: `the demo has no {${name}}` };
      bindings = next;
    }
    return { bindings };
  };

  api.declaredRoutes = (method) => {
    type Definition = { type: string; route: DeclaredRoute };
    const definitions = (api.app as unknown as { openAPIRegistry: { definitions: Definition[] } }).openAPIRegistry.definitions;
    const routes = new Map<string, DeclaredRoute>();
    for (const definition of definitions) {
      if (definition.type === 'route' && definition.route.method === method) routes.set(definition.route.path, definition.route);
    }
    return routes;
  };

  beforeAll(async () => {
    ({ orgId: api.orgId } = await seedDemoAsAdmin(api.database.db));
    api.admin = new ApiClient(api.app);
    const login = await api.admin.post('/auth/login', DEMO_LOGIN);
    if (login.status !== 200) throw new Error(`demo login failed: ${login.status} ${JSON.stringify(login.body)}`);
    // An invitation's token is shown only when it is made: one made here lets its public page be read too.
    const invitation = await api.admin.post(`/orgs/${api.orgId}/invitations`, { email: 'contract-check@example.test', role: 'member' });
    if (invitation.status !== 201) throw new Error(`invitation failed: ${invitation.status} ${JSON.stringify(invitation.body)}`);
    api.invitationToken = new URL(String(invitation.body.url)).pathname.split('/').pop()!;
    api.document = (await api.admin.get<OpenApiDocument>('/openapi.json')).body;
  }, 120_000);

  return api;
}
