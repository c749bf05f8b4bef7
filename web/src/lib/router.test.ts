import { describe, expect, it } from 'vitest';
import { matchPath, safeNextPath } from './router.js';

describe('matchPath', () => {
  it('names the parts of a matching path', () => {
    expect(matchPath('/o/:orgId/:section', '/o/abc/principles')).toEqual({ orgId: 'abc', section: 'principles' });
    expect(matchPath('/invite/:token', '/invite/inv_a%2Fb')).toEqual({ token: 'inv_a/b' });
  });

  it('refuses paths of another length or with other fixed parts', () => {
    expect(matchPath('/o/:orgId/:section', '/o/abc/principles/123')).toBeNull();
    expect(matchPath('/o/:orgId/:section', '/x/abc/principles')).toBeNull();
  });
});

describe('safeNextPath', () => {
  it('follows a path on this site', () => {
    expect(safeNextPath('/o/abc/audit?x=1')).toBe('/o/abc/audit?x=1');
  });

  it('goes home instead of following another site or nothing', () => {
    for (const next of [null, '', 'https://evil.example', '//evil.example/x', '/\\evil.example']) expect(safeNextPath(next)).toBe('/');
  });
});
