import { describe, expect, it } from 'vitest';
import { apiPath, concretePath, useDemoApi, type Bindings, type Row } from '../../test/support/demo-api.js';
import { chartedMetrics } from '../domain/wbr-review/lag.js';
import type { Deck } from '../domain/wbr/deck-types.js';

/*
 * The API's contract, checked from the outside: every GET route of the OpenAPI document is called on the demo org as
 * its admin, its path filled with every id the demo's own lists answer, and each 200 is parsed with the zod schema
 * the route declares (the one the document is made from). Handlers are type-checked against those schemas, but a
 * value the database driver hands back in another runtime type (an int8 parsed to a number where the schema says
 * string) passes the compiler and reaches clients: only a run on a real database, with real rows, sees it.
 */

const api = useDemoApi();
const { read, versionsOf } = api;

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

describe('the API answers what its OpenAPI document declares', () => {
  it('on every GET route, for every record of the demo org its lists name', { timeout: 120_000 }, async () => {
    const declared = api.declaredRoutes('get');
    const mismatches = new Set<string>();
    const notCalled: string[] = [];
    for (const [fullPath, item] of Object.entries(api.document.paths ?? {})) {
      if ((item as Row).get === undefined) continue;
      const path = apiPath(fullPath);
      const responses = declared.get(fullPath)?.responses;
      expect(responses, `GET ${path} is documented but no route declares it`).toBeDefined();
      const found = await api.bindingsFor(path);
      if ('missing' in found) {
        notCalled.push(`${path}: ${found.missing}`);
        continue;
      }
      const refusals = new Set<string>();
      let answered = 0;
      for (const bound of found.bindings) {
        const concrete = concretePath(path, bound);
        for (const query of (await queries[path]?.(bound)) ?? ['']) {
          const url = query === '' ? concrete : `${concrete}?${query}`;
          const response = await api.admin.get(url);
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
