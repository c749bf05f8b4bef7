/**
 * Who may do what in an org. One table, so the API, the web navigation and the tests agree.
 */
export const ROLES = ['admin', 'member', 'recruiter'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = {
  'principles.read': ['admin', 'member', 'recruiter'],
  'principles.manage': ['admin'],
  'audit.read': ['admin'],
  'members.read': ['admin', 'member', 'recruiter'],
  'members.manage': ['admin'],
  'tokens.manage': ['admin', 'member', 'recruiter'],
  'documents.read': ['admin', 'member'],
  'documents.write': ['admin', 'member'],
  'documents.settings': ['admin'],
  'people.read': ['admin', 'member', 'recruiter'],
  'people.manage': ['admin'],
  // Anyone who writes documents may propose an idea and move it through the pipeline; the gates decide the rest.
  'pipeline.write': ['admin', 'member'],
  // Requisitions are open to the org; candidates are confidential per candidate (see the hiring service).
  'hiring.read': ['admin', 'member', 'recruiter'],
  'hiring.manage': ['admin', 'recruiter'],
  // The bar raiser pool is the independent check on every loop: admins certify, recruiters who run loops do not.
  'hiring.certify': ['admin'],
  'reviews.manage': ['admin'],
  // Anyone may read and add metrics; changing one is for its owner (a fact about a person, checked by the
  // metric rules) or for whoever holds metrics.manage.
  'metrics.read': ['admin', 'member', 'recruiter'],
  'metrics.write': ['admin', 'member'],
  'metrics.manage': ['admin'],
  // The weekly business review: everyone reads it; members build decks, upload data and publish weeks. An
  // anomaly is changed by its owner (a fact about a person, checked by the review rules) or by wbr.manage.
  'wbr.read': ['admin', 'member', 'recruiter'],
  'wbr.write': ['admin', 'member'],
  'wbr.manage': ['admin'],
  // Sales discovery: the org's sellers (admins and members) read and add opportunities; an opportunity is changed
  // by its owner (a fact about a person, checked by the sales rules) or by sales.manage. Recruiters do not see sales.
  'sales.read': ['admin', 'member'],
  'sales.write': ['admin', 'member'],
  'sales.manage': ['admin'],
  // The playbook library is for everyone: every role reads it, counts as a view and says whether it helped.
  'playbooks.read': ['admin', 'member', 'recruiter'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function can(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

export function permissionsOf(role: Role): Permission[] {
  return (Object.keys(PERMISSIONS) as Permission[]).filter((permission) => can(role, permission));
}
