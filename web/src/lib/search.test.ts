import { describe, expect, it } from 'vitest';
import { SEARCH_KINDS as API_KINDS } from '../../../src/domain/search/search-results.js';
import { ApiError } from './api-client.js';
import { countAll, groupByKind, highlightParts, kindsInWords, resultCountText, searchFailureOf, searchPageHref, searchResultHref, SEARCH_KINDS, type SearchResult } from './search.js';

const ORG = '0b9d6c8e-0000-4000-8000-000000000001';

function result(kind: SearchResult['kind'], id: string, parentId: string | null = null): SearchResult {
  return { kind, id, title: id, detail: '', snippet: null, titleHighlights: [], parentId, updatedAt: null };
}

describe('SEARCH_KINDS', () => {
  it('lists every kind the API finds, once', () => {
    expect([...SEARCH_KINDS].sort()).toEqual([...API_KINDS].sort());
  });
});

describe('kindsInWords', () => {
  it('reads as a list in a sentence', () => {
    expect(kindsInWords(['document', 'person', 'deck'])).toBe('documents, people and business review decks');
    expect(kindsInWords(['principle'])).toBe('principles');
  });
});

describe('searchResultHref', () => {
  it('leads each kind to the page that shows that one item', () => {
    const hrefs = Object.fromEntries(SEARCH_KINDS.map((kind) => [kind, searchResultHref(ORG, result(kind, 'x1', kind === 'candidate' ? 'req9' : null))]));
    expect(hrefs).toEqual({
      document: `/o/${ORG}/documents/x1`,
      initiative: `/o/${ORG}/pipeline/x1`,
      person: `/o/${ORG}/people/x1`,
      team: `/o/${ORG}/teams?team=x1`,
      metric: `/o/${ORG}/metrics?metric=x1`,
      deck: `/o/${ORG}/wbr/x1`,
      deal: `/o/${ORG}/sales/x1`,
      account: `/o/${ORG}/sales/accounts?account=x1`,
      playbook: `/o/${ORG}/playbooks/x1`,
      candidate: `/o/${ORG}/hiring/req9?candidate=x1`,
      principle: `/o/${ORG}/principles/x1`,
    });
  });

  it('escapes what could break out of its part of the address', () => {
    expect(searchResultHref(ORG, result('playbook', 'a/b?c'))).toBe(`/o/${ORG}/playbooks/a%2Fb%3Fc`);
  });
});

describe('searchPageHref', () => {
  it('keeps the query and the kinds, so the address can be shared and reloaded', () => {
    expect(searchPageHref(ORG, 'launch & learn', ['document', 'deal'])).toBe(`/o/${ORG}/search?q=launch+%26+learn&kind=document&kind=deal`);
    expect(searchPageHref(ORG, '')).toBe(`/o/${ORG}/search`);
  });
});

describe('highlightParts', () => {
  it('marks the ranges and keeps the text between them', () => {
    expect(highlightParts('Launch plan for launch', [[0, 3], [16, 19]])).toEqual([
      { text: 'Lau', isMatch: true },
      { text: 'nch plan for ', isMatch: false },
      { text: 'lau', isMatch: true },
      { text: 'nch', isMatch: false },
    ]);
  });

  it('shows the whole text, never twice, when ranges overlap, run past the end or come unsorted', () => {
    const parts = highlightParts('abcdef', [[4, 99], [1, 3], [2, 5], [3, 3]]);
    expect(parts.map((part) => part.text).join('')).toBe('abcdef');
    expect(parts.filter((part) => part.isMatch).map((part) => part.text)).toEqual(['bc', 'de', 'f']);
    expect(highlightParts('', [])).toEqual([{ text: '', isMatch: false }]);
  });
});

describe('groupByKind', () => {
  it('puts each kind where its best result ranked and keeps the order inside it', () => {
    const groups = groupByKind([result('initiative', 'i1'), result('document', 'd1'), result('initiative', 'i2'), result('person', 'p1'), result('document', 'd2')]);
    expect(groups.map((group) => [group.kind, group.results.map((item) => item.id)])).toEqual([
      ['initiative', ['i1', 'i2']],
      ['document', ['d1', 'd2']],
      ['person', ['p1']],
    ]);
  });
});

describe('resultCountText', () => {
  it('says how many, and of how many when the counts go beyond what is shown', () => {
    expect(resultCountText(1, 1)).toBe('1 result');
    expect(resultCountText(2, countAll({ document: 1, initiative: 1 }))).toBe('2 results');
    expect(resultCountText(20, countAll({ document: 50, playbook: 7 }))).toBe('20 of 57 results');
    // Counts never say fewer than are shown.
    expect(resultCountText(3, 0)).toBe('3 results');
  });
});

describe('searchFailureOf', () => {
  it('says a refused query in plain words, and any other error in the server\'s', () => {
    expect(searchFailureOf(new ApiError(400, 'validation_failed', 'query.q: String must contain at most 200 character(s)', 'query.q'))).toEqual({
      kind: 'too-long',
      message: 'Search for at most 200 characters: shorten what you typed.',
    });
    expect(searchFailureOf(new ApiError(500, 'internal', 'The database is busy.'))).toEqual({ kind: 'error', message: 'The database is busy.' });
  });
});
