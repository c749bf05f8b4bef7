import type { Permission } from '../../../src/domain/accounts/roles.js';
import type { Membership } from '../lib/api-types.js';

/** The pages of an org, each shown only to roles that can use it (the server's permission table decides). */
export const SECTIONS = [
  { path: 'home', label: 'Home', help: 'Go to Home: getting started and what needs you', permission: 'principles.read', shortcut: 'y' },
  { path: 'principles', label: 'Principles', help: 'Go to principles', permission: 'principles.read', shortcut: 'p' },
  { path: 'pipeline', label: 'Pipeline', help: 'Go to the initiative pipeline', permission: 'people.read', shortcut: 'l' },
  { path: 'documents', label: 'Documents', help: 'Go to PR/FAQs and memos', permission: 'documents.read', shortcut: 'd' },
  { path: 'org', label: 'Org chart', help: 'Go to the org chart and org health', permission: 'people.read', shortcut: 'o' },
  { path: 'people', label: 'People', help: 'Go to people', permission: 'people.read', shortcut: 'e' },
  { path: 'teams', label: 'Teams & initiatives', help: 'Go to teams and initiatives', permission: 'people.read', shortcut: 'i' },
  { path: 'hiring', label: 'Hiring', help: 'Go to requisitions, loops and the bar raiser pool', permission: 'hiring.read', shortcut: 'h' },
  { path: 'reviews', label: 'Reviews', help: 'Go to review cycles and calibration', permission: 'people.read', shortcut: 'r' },
  { path: 'metrics', label: 'Metrics', help: 'Go to the metric catalog', permission: 'metrics.read', shortcut: 'c' },
  { path: 'sales', label: 'Sales', help: 'Go to sales opportunities and discovery', permission: 'sales.read', shortcut: 's' },
  { path: 'wbr', label: 'Business review', help: 'Go to the weekly business review', permission: 'wbr.read', shortcut: 'w' },
  { path: 'playbooks', label: 'Playbooks', help: 'Go to the playbook library', permission: 'playbooks.read', shortcut: 'b' },
  { path: 'members', label: 'Members', help: 'Go to members and invitations', permission: 'members.manage', shortcut: 'm' },
  { path: 'audit', label: 'Audit log', help: 'Go to the audit log', permission: 'audit.read', shortcut: 'a' },
  { path: 'api-tokens', label: 'API tokens', help: 'Go to API tokens', permission: 'tokens.manage', shortcut: 't' },
] as const satisfies readonly { path: string; label: string; help: string; permission: Permission; shortcut: string }[];

export type Section = (typeof SECTIONS)[number];

/**
 * A section's pages that are named views, not records (`/o/:orgId/sales/accounts`): every org has them, so switching
 * org keeps them (see `orgSwitchHref`). Any other item in a section's path is one record's id.
 */
export const SECTION_VIEWS: Partial<Record<Section['path'], readonly string[]>> = {
  sales: ['accounts', 'quotas', 'gross-profit'],
};

export function hasPermission(membership: Membership, permission: Permission): boolean {
  return membership.permissions.includes(permission);
}

export function sectionsFor(membership: Membership): Section[] {
  return SECTIONS.filter((section) => hasPermission(membership, section.permission));
}
