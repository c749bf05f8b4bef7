import { describe, expect, it } from 'vitest';
import { permissionsOf, type Role } from '../../../src/domain/accounts/roles.js';
import type { Membership } from '../lib/api-types.js';
import { orgSwitchHref } from './org-switch.js';

const other = (role: Role = 'admin'): Membership => ({ org: { id: 'org-b', name: 'Beta', slug: 'beta' }, role, permissions: permissionsOf(role) });
const switchFrom = (address: string, role?: Role) => {
  const url = new URL(address, 'https://pulse.example');
  return orgSwitchHref(url.pathname, url.searchParams, other(role));
};

describe('orgSwitchHref', () => {
  it('keeps the search results page with its words and kinds', () => {
    expect(switchFrom('/o/org-a/search?q=launch%20plan&kind=document&kind=metric')).toBe('/o/org-b/search?q=launch+plan&kind=document&kind=metric');
    expect(switchFrom('/o/org-a/search')).toBe('/o/org-b/search');
    // A kind the API does not know is not carried over.
    expect(switchFrom('/o/org-a/search?q=x&kind=nonsense')).toBe('/o/org-b/search?q=x');
  });

  it('keeps a list and a named view, which every org has', () => {
    expect(switchFrom('/o/org-a/people')).toBe('/o/org-b/people');
    expect(switchFrom('/o/org-a/sales/accounts')).toBe('/o/org-b/sales/accounts');
    expect(switchFrom('/o/org-a/sales/gross-profit')).toBe('/o/org-b/sales/gross-profit');
    expect(switchFrom('/o/org-a/home')).toBe('/o/org-b/home');
  });

  it('never carries a record of the old org over: one record’s page becomes its list, and the query goes', () => {
    expect(switchFrom('/o/org-a/documents/3f2c1d9e-0000-4000-8000-000000000001')).toBe('/o/org-b/documents');
    expect(switchFrom('/o/org-a/sales/3f2c1d9e-0000-4000-8000-000000000002')).toBe('/o/org-b/sales');
    expect(switchFrom('/o/org-a/teams?team=3f2c1d9e-0000-4000-8000-000000000003')).toBe('/o/org-b/teams');
    expect(switchFrom('/o/org-a/metrics?owner=3f2c1d9e-0000-4000-8000-000000000004')).toBe('/o/org-b/metrics');
  });

  it('opens Home where the other org’s role does not open the page, or the page is no org page', () => {
    expect(switchFrom('/o/org-a/audit', 'member')).toBe('/o/org-b/home');
    expect(switchFrom('/o/org-a/audit', 'admin')).toBe('/o/org-b/audit');
    expect(switchFrom('/o/org-a/no-such-page')).toBe('/o/org-b/home');
    expect(switchFrom('/o/org-a/search/extra')).toBe('/o/org-b/home');
    expect(switchFrom('/orgs/new')).toBe('/o/org-b/home');
  });
});
