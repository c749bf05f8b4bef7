import type { z } from '@hono/zod-openapi';
import { SEARCH_KIND_PERMISSIONS, SEARCH_LIMITS, type SearchKind } from '../../../src/domain/search/search-results.js';
import type { SearchAnswerSchema, SearchResultSchema } from '../../../src/server/routes/search/search.schema.js';
import { api, isApiError, messageOf } from './api-client.js';
import type { Membership } from './api-types.js';

export type { SearchKind };
// The same schema the server answers with, so a renamed field is a type error here.
export type SearchResult = z.infer<typeof SearchResultSchema>;
export type SearchResponse = z.infer<typeof SearchAnswerSchema>;

/** Every kind the API finds, in the order the results page's filter lists them. */
export const SEARCH_KINDS = ['document', 'initiative', 'person', 'team', 'metric', 'deck', 'deal', 'account', 'playbook', 'candidate', 'principle'] as const satisfies readonly SearchKind[];

/** [start, end) in UTF-16 code units, as the server sends them. */
export type HighlightRange = readonly [number, number];

/** The most results the results page asks for: the API's own ceiling. */
export const RESULTS_PAGE_LIMIT = SEARCH_LIMITS.maxLimit;

export const KIND_LABELS: Record<SearchKind, { one: string; many: string }> = {
  document: { one: 'Document', many: 'Documents' },
  initiative: { one: 'Initiative', many: 'Initiatives' },
  person: { one: 'Person', many: 'People' },
  team: { one: 'Team', many: 'Teams' },
  metric: { one: 'Metric', many: 'Metrics' },
  deck: { one: 'Business review deck', many: 'Business review decks' },
  deal: { one: 'Deal', many: 'Deals' },
  account: { one: 'Account', many: 'Accounts' },
  playbook: { one: 'Playbook', many: 'Playbooks' },
  candidate: { one: 'Candidate', many: 'Candidates' },
  principle: { one: 'Principle', many: 'Principles' },
};

export function isSearchKind(value: string): value is SearchKind {
  return (SEARCH_KINDS as readonly string[]).includes(value);
}

/**
 * The page that shows one result. Teams, accounts and metrics have no page of their own: their list opens with the
 * row named in the address (`?team=…`), scrolled into sight and marked.
 */
export function searchResultHref(orgId: string, result: Pick<SearchResult, 'kind' | 'id' | 'parentId'>): string {
  const org = `/o/${encodeURIComponent(orgId)}`;
  const id = encodeURIComponent(result.id);
  switch (result.kind) {
    case 'document':
      return `${org}/documents/${id}`;
    case 'initiative':
      return `${org}/pipeline/${id}`;
    case 'deck':
      return `${org}/wbr/${id}`;
    case 'deal':
      return `${org}/sales/${id}`;
    case 'playbook':
      return `${org}/playbooks/${id}`;
    case 'principle':
      return `${org}/principles/${id}`;
    case 'person':
      return `${org}/people/${id}`;
    case 'candidate':
      // A candidate lives on their requisition's page; without one (never expected) the hiring page is the way in.
      return result.parentId ? `${org}/hiring/${encodeURIComponent(result.parentId)}?candidate=${id}` : `${org}/hiring`;
    case 'team':
      return `${org}/teams?team=${id}`;
    case 'account':
      return `${org}/sales/accounts?account=${id}`;
    case 'metric':
      return `${org}/metrics?metric=${id}`;
  }
}

/** The results page's address for a query and, optionally, kinds: what a person can share or reload. */
export function searchPageHref(orgId: string, query: string, kinds: readonly SearchKind[] = []): string {
  const params = new URLSearchParams();
  if (query !== '') params.set('q', query);
  for (const kind of kinds) params.append('kind', kind);
  const search = params.toString();
  return `/o/${encodeURIComponent(orgId)}/search${search === '' ? '' : `?${search}`}`;
}

export interface TextPart {
  text: string;
  isMatch: boolean;
}

/**
 * Splits text into plain and matched parts. Ranges are clamped to the text and any that overlap or run backwards
 * are skipped, so a server bug shows a word unmarked rather than twice or not at all.
 */
export function highlightParts(text: string, ranges: readonly HighlightRange[]): TextPart[] {
  const parts: TextPart[] = [];
  let position = 0;
  for (const [rawStart, rawEnd] of [...ranges].sort((a, b) => a[0] - b[0])) {
    const start = Math.max(rawStart, position);
    const end = Math.min(rawEnd, text.length);
    if (end <= start) continue;
    if (start > position) parts.push({ text: text.slice(position, start), isMatch: false });
    parts.push({ text: text.slice(start, end), isMatch: true });
    position = end;
  }
  if (position < text.length || parts.length === 0) parts.push({ text: text.slice(position), isMatch: false });
  return parts;
}

export interface ResultGroup {
  kind: SearchKind;
  results: SearchResult[];
}

/** Results grouped by kind: a group stands where its best result ranked, and keeps the server's order inside it. */
export function groupByKind(results: readonly SearchResult[]): ResultGroup[] {
  const groups = new Map<SearchKind, SearchResult[]>();
  for (const result of results) {
    const group = groups.get(result.kind);
    if (group) group.push(result);
    else groups.set(result.kind, [result]);
  }
  return [...groups].map(([kind, grouped]) => ({ kind, results: grouped }));
}

/** Every match the counts name, all kinds together. */
export function countAll(counts: Partial<Record<SearchKind, number>>): number {
  return Object.values(counts).reduce<number>((sum, count) => sum + (count ?? 0), 0);
}

/** "3 results", or "20 of 57 results" when there are more than shown. */
export function resultCountText(shown: number, total: number): string {
  const all = Math.max(shown, total);
  const noun = all === 1 ? 'result' : 'results';
  return shown < all ? `${shown} of ${all} ${noun}` : `${all} ${noun}`;
}

export type SearchFailure = { kind: 'too-long'; message: string } | { kind: 'error'; message: string };

/** The longest query the API takes (after trimming). */
export const SEARCH_QUERY_MAX_LENGTH = SEARCH_LIMITS.queryMaxLength;

/** The kinds this member's role searches, as the server decides it (the section each kind belongs to). */
export function searchableKinds(membership: Membership): SearchKind[] {
  return SEARCH_KINDS.filter((kind) => membership.permissions.includes(SEARCH_KIND_PERMISSIONS[kind]));
}

/** "documents, initiatives and people": what the hints say this member can find. */
export function kindsInWords(kinds: readonly SearchKind[]): string {
  const words = kinds.map((kind) => KIND_LABELS[kind].many.toLowerCase());
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}

/** What a failed search says to the person: a query the server refuses as too long gets a plain sentence. */
export function searchFailureOf(error: unknown): SearchFailure {
  if (isApiError(error) && error.status === 400 && (error.field === 'query.q' || error.field === 'q')) {
    return { kind: 'too-long', message: `Search for at most ${SEARCH_QUERY_MAX_LENGTH} characters: shorten what you typed.` };
  }
  if (isApiError(error) && error.status === 400) return { kind: 'error', message: error.messageForField };
  return { kind: 'error', message: messageOf(error) };
}

/** Asks the API; `kinds` narrows it, `limit` caps the results (1 to 50), `signal` cancels it (see `api`). */
export function fetchSearch(orgId: string, query: string, options: { kinds?: readonly SearchKind[]; limit?: number; signal?: AbortSignal } = {}): Promise<SearchResponse> {
  const params = new URLSearchParams({ q: query });
  for (const kind of options.kinds ?? []) params.append('kind', kind);
  if (options.limit !== undefined) params.set('limit', String(options.limit));
  return api<SearchResponse>('GET', `/orgs/${encodeURIComponent(orgId)}/search?${params.toString()}`, undefined, { signal: options.signal });
}

/** Ctrl on most systems, ⌘ on a Mac: what the shortcut hint shows. */
export function isApplePlatform(): boolean {
  return typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);
}
