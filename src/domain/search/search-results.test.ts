import { describe, expect, it } from 'vitest';
import { personDetail, metricDetail, initiativeDetail, teamDetail } from './search-details.js';
import { compareHits, matchCandidate, MatchTier, toSearchResult, type SearchCandidate, type SearchHit } from './search-results.js';
import { searchTerms } from './search-text.js';

const candidate = (title: string, overrides: Partial<SearchCandidate> = {}): SearchCandidate => ({ kind: 'document', id: title, title, detail: 'Memo', body: null, parentId: null, updatedAt: null, ...overrides });
const hit = (title: string, query: string, overrides: Partial<SearchCandidate> = {}) => matchCandidate(candidate(title, overrides), searchTerms(query));

describe('matching a candidate', () => {
  it('puts a title starting with the query above one containing it, and both above a body match', () => {
    expect(hit('Launch plan', 'launch')?.tier).toBe(MatchTier.TitleStart);
    expect(hit('The launch plan', 'launch')?.tier).toBe(MatchTier.Title);
    expect(hit('Quarterly plan', 'launch', { body: 'We launch in May.' })?.tier).toBe(MatchTier.Body);
    expect(hit('Quarterly plan', 'launch', { body: 'Nothing to see.' })).toBeNull();
  });

  it('lets each term match in the title or the body', () => {
    expect(hit('Refunds memo', 'refunds acme', { body: 'For Acme Grocers.' })?.tier).toBe(MatchTier.Body);
    expect(hit('Refunds memo', 'refunds zeta', { body: 'For Acme Grocers.' })).toBeNull();
  });

  it('trusts the full-text index for a body not read yet', () => {
    expect(hit('Quarterly plan', 'launch', { isIndexMatch: true })?.tier).toBe(MatchTier.Body);
    expect(hit('Quarterly plan', 'launch', { isIndexMatch: false })).toBeNull();
  });

  it('matches nothing for a query without terms', () => {
    expect(hit('Anything', '   ')).toBeNull();
  });
});

describe('ranking', () => {
  it('orders by tier, then the most recently updated, then title', () => {
    const at = (iso: string | null) => (iso === null ? null : new Date(iso));
    const hits = [
      hit('Old launch', 'launch', { updatedAt: at('2026-01-01T00:00:00Z') }),
      hit('Plan', 'launch', { body: 'launch', updatedAt: at('2026-12-01T00:00:00Z') }),
      hit('Launch B', 'launch', { updatedAt: null }),
      hit('Launch A', 'launch', { updatedAt: null }),
      hit('Launch new', 'launch', { updatedAt: at('2026-11-01T00:00:00Z') }),
      hit('New launch', 'launch', { updatedAt: at('2026-11-01T00:00:00Z') }),
    ].filter((entry): entry is SearchHit => entry !== null);
    expect(hits.sort(compareHits).map((entry) => entry.candidate.title)).toEqual(['Launch new', 'Launch A', 'Launch B', 'New launch', 'Old launch', 'Plan']);
  });
});

describe('the result a client gets', () => {
  it('highlights the title, and gives a snippet only for a body match', () => {
    const terms = searchTerms('refunds acme');
    const titleHit = matchCandidate(candidate('Acme refunds', { body: 'Acme refunds body' }), terms)!;
    expect(toSearchResult(titleHit, terms)).toMatchObject({ titleHighlights: [[0, 4], [5, 12]], snippet: null, updatedAt: null });
    const bodyHit = matchCandidate(candidate('Refunds memo', { body: 'Written for Acme Grocers.', updatedAt: new Date('2026-11-20T10:00:00Z') }), terms)!;
    expect(toSearchResult(bodyHit, terms)).toMatchObject({ titleHighlights: [[0, 7]], snippet: { text: 'Written for Acme Grocers.', highlights: [[12, 16]] }, updatedAt: '2026-11-20T10:00:00.000Z' });
  });
});

describe('details', () => {
  it('say when a person has left', () => {
    expect(personDetail('Engineer', 5, null)).toBe('Engineer · level 5');
    expect(personDetail('Engineer', 5, '2026-10-01')).toBe('Engineer · level 5 · left on Oct 1, 2026');
    expect(metricDetail('input', { name: 'Bo Li', leftOn: '2026-10-01' })).toBe('Input metric · owner Bo Li (left)');
    expect(initiativeDetail('reading_review', { name: 'Ana Ruiz', leftOn: null })).toBe('Initiative · Stage: Reading review · led by Ana Ruiz');
  });

  it('say when a team is archived, and which initiative it last worked on', () => {
    expect(teamDetail(true, 'Adaptive gripper')).toBe('Team · single-threaded · on Adaptive gripper');
    expect(teamDetail(false, 'Same-day courier', true)).toBe('Archived team · last on Same-day courier');
  });
});
