import { describe, expect, it } from 'vitest';
import { applyTargetFor, filterPlaybooks, MECHANISM_KEYS, PLAYBOOK_TOOLS, readMinutes, searchWords, TOOL_KEYS, WORDS_PER_MINUTE, type SearchablePlaybook } from './playbook-catalog.js';

const LIBRARY: (SearchablePlaybook & { slug: string })[] = [
  { slug: 'prfaq', title: 'Writing a PR/FAQ', summary: 'Start from the announcement you want to make.', mechanism: 'working-backwards' },
  { slug: 'stl', title: 'Single-threaded leadership', summary: 'One leader who works on nothing else.', mechanism: 'single-threaded-leadership' },
  { slug: 'hiring', title: 'Bar Raiser hiring', summary: 'A trained outsider with a veto in every loop.', mechanism: 'bar-raiser' },
];
const slugs = (filter: Parameters<typeof filterPlaybooks>[1]) => filterPlaybooks(LIBRARY, filter).map((playbook) => playbook.slug);

describe('the playbook list filter', () => {
  it('narrows by mechanism and keeps the order', () => {
    expect(slugs({})).toEqual(['prfaq', 'stl', 'hiring']);
    expect(slugs({ mechanism: 'bar-raiser' })).toEqual(['hiring']);
  });

  it('finds every query word at the start of a word of the title or summary, without regard to case or accents', () => {
    expect(slugs({ query: 'single thread' })).toEqual(['stl']);
    expect(slugs({ query: 'VETO' })).toEqual(['hiring']);
    expect(slugs({ query: 'annoüncement' })).toEqual(['prfaq']);
    expect(slugs({ query: 'pr/faq' })).toEqual(['prfaq']);
    expect(slugs({ query: 'prfaq' })).toEqual(['prfaq']);
    expect(slugs({ query: 'leader veto' })).toEqual([]);
    // Inside a word is not a match: "aiser" does not find "Raiser".
    expect(slugs({ query: 'aiser' })).toEqual([]);
    expect(slugs({ query: '   ' })).toEqual(['prfaq', 'stl', 'hiring']);
    expect(slugs({ query: 'leader', mechanism: 'working-backwards' })).toEqual([]);
  });

  it('splits text into lower-case words', () => {
    expect(searchWords('Bar-Raiser  hiring: 5–7 people')).toEqual(['bar', 'raiser', 'hiring', '5', '7', 'people']);
  });
});

describe('read time', () => {
  it(`reads ${WORDS_PER_MINUTE} words a minute, rounded up, at least one minute`, () => {
    expect(readMinutes(0)).toBe(1);
    expect(readMinutes(238)).toBe(1);
    expect(readMinutes(239)).toBe(2);
    expect(readMinutes(1200)).toBe(6);
  });
});

describe('"Apply this"', () => {
  it('points into the reader\'s org and says when their role cannot use the tool', () => {
    expect(applyTargetFor('prfaq', 'org-1', () => true)).toEqual({ tool: 'prfaq', label: 'Start a PR/FAQ', href: '/o/org-1/documents?new=prfaq', isAllowed: true, refusal: null });
    const refused = applyTargetFor('prfaq', 'org-1', (permission) => permission !== 'documents.write');
    expect(refused).toMatchObject({ isAllowed: false, href: '/o/org-1/documents?new=prfaq' });
    expect(refused.refusal).toMatch(/cannot use this in Documents/);
    expect(applyTargetFor('teams', 'org-1', () => true).href).toBe('/o/org-1/teams');
  });

  it('has a tool for every key and a label for every mechanism', () => {
    expect(TOOL_KEYS.every((tool) => PLAYBOOK_TOOLS[tool].label.length > 0)).toBe(true);
    expect(MECHANISM_KEYS).toHaveLength(8);
  });
});
