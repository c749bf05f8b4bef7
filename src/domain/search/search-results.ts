import type { Permission } from '../accounts/roles.js';
import { buildSnippet, highlightRanges, matchesAll, startsWithQuery, termsFoundIn, type Range, type Snippet } from './search-text.js';

/** What org-wide search finds, each with the permission of the section that shows it (web/src/shell/sections.ts). */
export const SEARCH_KIND_PERMISSIONS = {
  initiative: 'people.read',
  document: 'documents.read',
  person: 'people.read',
  team: 'people.read',
  metric: 'metrics.read',
  deck: 'wbr.read',
  deal: 'sales.read',
  account: 'sales.read',
  playbook: 'playbooks.read',
  candidate: 'hiring.read',
  principle: 'principles.read',
} as const satisfies Record<string, Permission>;

export type SearchKind = keyof typeof SEARCH_KIND_PERMISSIONS;
export const SEARCH_KINDS = Object.keys(SEARCH_KIND_PERMISSIONS) as [SearchKind, ...SearchKind[]];

export const SEARCH_LIMITS = {
  queryMaxLength: 200,
  defaultLimit: 20,
  maxLimit: 50,
  snippetLength: 160,
  /** Rows of one kind read as candidates: the counts are exact up to this many matches of a kind. */
  candidatesPerKind: 500,
} as const;

/** A row that may match: its title, and the text behind it (a body, a definition, an email) when there is one. */
export interface SearchCandidate {
  kind: SearchKind;
  id: string;
  title: string;
  detail: string;
  /** Plain text searched besides the title; null when the kind has none or it is not loaded yet. */
  body: string | null;
  /** The database's full-text index says the title and body hold every term (the body itself is read later). */
  isIndexMatch?: boolean;
  parentId: string | null;
  updatedAt: Date | null;
}

/** How well a candidate matches, best first: its title starts with the query; every term is in the title; some term is only in the body. */
export const MatchTier = { TitleStart: 0, Title: 1, Body: 2 } as const;
export type MatchTier = (typeof MatchTier)[keyof typeof MatchTier];

export interface SearchHit {
  candidate: SearchCandidate;
  tier: MatchTier;
}

/** Whether and how a candidate matches: every term in the title, or each in the title or the body. */
export function matchCandidate(candidate: SearchCandidate, terms: readonly string[]): SearchHit | null {
  if (terms.length === 0) return null;
  if (matchesAll(candidate.title, terms)) return { candidate, tier: startsWithQuery(candidate.title, terms) ? MatchTier.TitleStart : MatchTier.Title };
  if (candidate.body === null) return candidate.isIndexMatch === true ? { candidate, tier: MatchTier.Body } : null;
  const inTitle = termsFoundIn(candidate.title, terms);
  const inBody = termsFoundIn(candidate.body, terms);
  return terms.every((_, index) => inTitle[index] === true || inBody[index] === true) ? { candidate, tier: MatchTier.Body } : null;
}

/** Title matches first (a title starting with the query before one containing it), then the most recently updated. */
export function compareHits(a: SearchHit, b: SearchHit): number {
  if (a.tier !== b.tier) return a.tier - b.tier;
  const aTime = a.candidate.updatedAt?.getTime() ?? -Infinity;
  const bTime = b.candidate.updatedAt?.getTime() ?? -Infinity;
  if (aTime !== bTime) return bTime - aTime;
  return a.candidate.title.localeCompare(b.candidate.title) || a.candidate.id.localeCompare(b.candidate.id);
}

export interface SearchResult {
  kind: SearchKind;
  id: string;
  title: string;
  detail: string;
  snippet: Snippet | null;
  titleHighlights: Range[];
  parentId: string | null;
  updatedAt: string | null;
}

/** The answer's shape for one hit: title highlights, and a snippet of the body when a term is only there. */
export function toSearchResult(hit: SearchHit, terms: readonly string[]): SearchResult {
  const { candidate } = hit;
  let snippet: Snippet | null = null;
  if (hit.tier === MatchTier.Body && candidate.body !== null) {
    // Centred on a word the title lacks: that is why this result is here.
    const inTitle = termsFoundIn(candidate.title, terms);
    snippet = buildSnippet(candidate.body, terms, SEARCH_LIMITS.snippetLength, terms.filter((_, index) => inTitle[index] !== true));
  }
  return {
    kind: candidate.kind,
    id: candidate.id,
    title: candidate.title,
    detail: candidate.detail,
    snippet,
    titleHighlights: highlightRanges(candidate.title, terms),
    parentId: candidate.parentId,
    updatedAt: candidate.updatedAt?.toISOString() ?? null,
  };
}
