import type { z } from '@hono/zod-openapi';
import { beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, useTestApp } from '../../test/support/test-app.js';
import { seedDemoAsAdmin } from '../../test/support/demo-org.js';
import { chartedMetrics } from '../domain/wbr-review/lag.js';
import type { Deck } from '../domain/wbr/deck-types.js';
import { DEMO_LOGIN } from '../services/demo/seed-demo-org.js';
import { API_PREFIX } from './app.js';
import type { OpenApiDocument } from './openapi-document.js';

/*
 * The API's contract, checked from the outside: every GET route of the OpenAPI document is called on the demo org as
 * its admin, its path filled with every id the demo's own lists answer, and each 200 is parsed with the zod schema
 * the route declares (the one the document is made from). Handlers are type-checked against those schemas, but a
 * value the database driver hands back in another runtime type (an int8 parsed to a number where the schema says
 * string) passes the compiler and reaches clients: only a run on a real database, with real rows, sees it.
 */

const context = useTestApp();
let admin: ApiClient;
let orgId: string;
let document: OpenApiDocument;
let invitationToken: string;

type Row = Record<string, unknown>;
type Bindings = Record<string, string>;
type DeclaredAnswer = { content?: Record<string, { schema?: z.ZodType }> };

/** Answers already read, by path: a list that ids come from is asked once. */
const answers = new Map<string, Row>();

async function read(path: string): Promise<Row> {
  let answer = answers.get(path);
  if (answer === undefined) {
    const response = await admin.get<Row>(`/orgs/${orgId}${path}`);
    if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}: ${JSON.stringify(response.body)}`);
    answer = response.body;
    answers.set(path, answer);
  }
  return answer;
}

const idsOf = (rows: unknown): string[] => (rows as Row[]).map((row) => String(row.id));
const versionsOf = async (documentId: string | undefined): Promise<number[]> =>
  ((await read(`/documents/${documentId}/versions`)).versions as Row[]).map((row) => Number(row.version));

/** Where each path parameter's values come from: the lists (or parents) that name them. */
const parameterSources: Record<string, (bound: Bindings) => Promise<string[]>> = {
  token: async () => [invitationToken],
  principleId: async () => idsOf((await read('/principles?includeRetired=true')).principles),
  documentId: async () => idsOf((await read('/documents')).documents),
  version: async (bound) => (await versionsOf(bound.documentId)).map(String),
  // The org's list holds the meetings to come; ended ones (with a discussion, votes, a decision) are under their document.
  meetingId: async () => {
    const documents = idsOf((await read('/documents')).documents);
    const underDocuments = await Promise.all(documents.map(async (id) => idsOf((await read(`/documents/${id}/meetings`)).meetings)));
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
};

/** Query strings to call a route with: those it cannot be called without, and optional ones that change what it reads. */
const queries: Record<string, (bound: Bindings) => Promise<string[]>> = {
  '/orgs/{orgId}/principles': async () => ['', 'includeRetired=true'],
  '/orgs/{orgId}/documents/{documentId}/diff': async (bound) => {
    const versions = await versionsOf(bound.documentId);
    return versions.length < 2 ? [] : [`from=${Math.min(...versions)}&to=${Math.max(...versions)}`];
  },
  '/orgs/{orgId}/documents/{documentId}/export': async () => ['format=markdown', 'format=html'],
  '/orgs/{orgId}/audit-events': async () => {
    const firstPage = (await read('/audit-events?limit=5')).events as Row[];
    return ['', 'limit=200', ...firstPage.slice(-1).map((event) => `limit=5&before=${String(event.id)}`)];
  },
  '/orgs/{orgId}/people': async () => ['', 'includeLeft=true'],
  '/orgs/{orgId}/teams': async () => ['', 'includeArchived=true'],
  '/orgs/{orgId}/review-cycles/{cycleId}/calibration': async () => ['', 'includeThin=true'],
  '/orgs/{orgId}/playbooks/{slug}/export': async () => ['format=markdown'],
  '/orgs/{orgId}/wbr/decks/{deckId}/snapshots/{snapshotId}/export': async () => ['format=json', 'format=html'],
  // The latest week with data by default, and the week publishing would take next, named.
  '/orgs/{orgId}/wbr/decks/{deckId}/preview': async (bound) => {
    const next = ((await read(`/wbr/decks/${bound.deckId}`)).deck as Row).nextWeekEnding;
    return ['format=json', 'format=html', ...(typeof next === 'string' ? [`weekEnding=${next}&format=json`] : [])];
  },
  '/orgs/{orgId}/wbr/decks/{deckId}/snapshots/{snapshotId}/lag': async (bound) => {
    const deck = await read(`/wbr/decks/${bound.deckId}/snapshots/${bound.snapshotId}/export?format=json`);
    const [input, output] = [...chartedMetrics(deck as unknown as Deck).keys()];
    return input === undefined || output === undefined ? [] : [`input=${encodeURIComponent(input)}&output=${encodeURIComponent(output)}`];
  },
  '/orgs/{orgId}/search': async () => ['q=order', 'q=a'],
};

/** What each GET route declares it answers, status by status, with the zod schemas the OpenAPI document is made from. */
function declaredAnswers(app: unknown): Map<string, Record<string, DeclaredAnswer | undefined>> {
  type RouteDefinition = { type: string; route: { method: string; path: string; responses: Record<string, DeclaredAnswer> } };
  const definitions = (app as { openAPIRegistry: { definitions: RouteDefinition[] } }).openAPIRegistry.definitions;
  const routes = new Map<string, Record<string, DeclaredAnswer | undefined>>();
  for (const definition of definitions) {
    if (definition.type === 'route' && definition.route.method === 'get') routes.set(definition.route.path, definition.route.responses);
  }
  return routes;
}

/** Every way to fill a path's parameters from the demo, or why there is none. */
async function bindingsFor(path: string): Promise<{ bindings: Bindings[] } | { missing: string }> {
  let bindings: Bindings[] = [{ orgId }];
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
}

beforeAll(async () => {
  ({ orgId } = await seedDemoAsAdmin(context.database.db));
  admin = new ApiClient(context.app);
  const login = await admin.post('/auth/login', DEMO_LOGIN);
  if (login.status !== 200) throw new Error(`demo login failed: ${login.status} ${JSON.stringify(login.body)}`);
  // An invitation's token is shown only when it is made: one made here lets its public page be read too.
  const invitation = await admin.post(`/orgs/${orgId}/invitations`, { email: 'contract-check@example.test', role: 'member' });
  if (invitation.status !== 201) throw new Error(`invitation failed: ${invitation.status} ${JSON.stringify(invitation.body)}`);
  invitationToken = new URL(String(invitation.body.url)).pathname.split('/').pop()!;
  document = (await admin.get<OpenApiDocument>('/openapi.json')).body;
}, 120_000);

describe('the API answers what its OpenAPI document declares', () => {
  it('on every GET route, for every record of the demo org its lists name', { timeout: 120_000 }, async () => {
    const declared = declaredAnswers(context.app);
    const mismatches = new Set<string>();
    const notCalled: string[] = [];
    for (const [fullPath, item] of Object.entries(document.paths ?? {})) {
      if ((item as Row).get === undefined) continue;
      const path = fullPath.slice(API_PREFIX.length);
      const responses = declared.get(fullPath);
      expect(responses, `GET ${path} is documented but no route declares it`).toBeDefined();
      const found = await bindingsFor(path);
      if ('missing' in found) {
        notCalled.push(`${path}: ${found.missing}`);
        continue;
      }
      const refusals = new Set<string>();
      let answered = 0;
      for (const bound of found.bindings) {
        const concrete = path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(bound[name]!));
        for (const query of (await queries[path]?.(bound)) ?? ['']) {
          const url = query === '' ? concrete : `${concrete}?${query}`;
          const response = await admin.get(url);
          const answer = responses![String(response.status)];
          expect(answer, `GET ${url} answered ${response.status}, which the route does not declare: ${JSON.stringify(response.body).slice(0, 300)}`).toBeDefined();
          expect(response.status, `GET ${url}: ${JSON.stringify(response.body).slice(0, 300)}`).toBeLessThan(500);
          if (response.status !== 200) {
            // A rule may refuse one record (a blind loop's standing, before your own feedback) while another answers.
            refusals.add(`${response.status} ${String(response.body?.error?.rule ?? response.body?.error?.message)}`);
            continue;
          }
          answered++;
          const contentType = response.headers.get('content-type')?.split(';')[0] ?? '';
          expect(Object.keys(answer!.content ?? {}), `GET ${url} answered ${contentType}`).toContain(contentType);
          const schema = answer!.content?.[contentType]?.schema;
          if (contentType !== 'application/json' || schema === undefined) continue;
          const parsed = schema.safeParse(response.body);
          if (!parsed.success) for (const issue of parsed.error.issues) mismatches.add(`GET ${path} at ${issue.path.join('.') || '(body)'}: ${issue.message}`);
        }
      }
      if (answered === 0) notCalled.push(`${path}: every call was refused (${[...refusals].join('; ')})`);
    }
    expect([...mismatches]).toEqual([]);
    expect(notCalled).toEqual([]);
  });
});
