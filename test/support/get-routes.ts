import { chartedMetrics } from '../../src/domain/wbr-review/lag.js';
import type { Deck } from '../../src/domain/wbr/deck-types.js';
import { answerMismatch } from './declared-answer.js';
import { apiPath, concretePath, type Bindings, type DemoApi, type Row } from './demo-api.js';

/*
 * Every GET route of the OpenAPI document, called on the demo org as its admin with its path filled with every id
 * the demo's own lists answer, each answer checked against what the route declares (declared-answer.ts). Run on the
 * demo as seeded (api-contract.db.test.ts) and again after every write route has changed it
 * (api-contract-write-answers.db.test.ts): an ended meeting, a declined offer or a corrected week answer in shapes
 * the seeded demo may not hold.
 */

/** Query strings to call a route with: those it cannot be called without, and optional ones that change what it reads. */
function queriesFor({ read, versionsOf }: DemoApi): Record<string, (bound: Bindings) => Promise<string[]>> {
  return {
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
}

/** What every GET route answered that it does not declare, and the routes the demo gave no way to call. */
export async function checkEveryGetRoute(api: DemoApi): Promise<{ mismatches: string[]; notCalled: string[] }> {
  const queries = queriesFor(api);
  const declared = api.declaredRoutes('get');
  const mismatches = new Set<string>();
  const notCalled: string[] = [];
  for (const [fullPath, item] of Object.entries(api.document.paths ?? {})) {
    if ((item as Row).get === undefined) continue;
    const path = apiPath(fullPath);
    const responses = declared.get(fullPath)?.responses;
    if (responses === undefined) {
      mismatches.add(`GET ${path} is documented but no route declares it`);
      continue;
    }
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
        if (response.status >= 500) mismatches.add(`GET ${path} answered ${response.status} for ${url}: ${JSON.stringify(response.body).slice(0, 300)}`);
        else if (response.status !== 200) {
          // A rule may refuse one record (a blind loop's standing, before your own feedback) while another answers.
          if (responses[String(response.status)] === undefined) mismatches.add(`GET ${path} answered ${response.status}, which the route does not declare: ${JSON.stringify(response.body).slice(0, 300)}`);
          refusals.add(`${response.status} ${String(response.body?.error?.rule ?? response.body?.error?.message)}`);
          continue;
        }
        answered++;
        const mismatch = answerMismatch(`GET ${path}`, responses, response);
        if (mismatch !== undefined) mismatches.add(mismatch);
      }
    }
    if (answered === 0) notCalled.push(`${path}: every call was refused (${[...refusals].join('; ')})`);
  }
  return { mismatches: [...mismatches], notCalled };
}
