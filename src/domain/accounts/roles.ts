/**
 * Who may do what in an org. One table, so the API, the web navigation and the tests agree.
 */
export const ROLES = ['admin', 'member', 'recruiter'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = {
  'principles.read': ['admin', 'member', 'recruiter'],
  'principles.manage': ['admin'],
  'audit.read': ['admin'],
  // The outbox shows whom Pulse emailed and what its mail server answered: admins run the org's setup.
  'outbox.read': ['admin'],
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
  // The leadership's view across initiatives on Home: decisions waiting on it (readings over with no decision, press
  // releases voted on with no verdict, gates waited at too long) and initiatives at risk. Admins run the reviews and
  // approve the work; a member sees what waits on them personally, not the whole org's backlog of decisions.
  'pipeline.oversee': ['admin'],
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

/** What each permission lets someone do, as a refusal says it: "Your role (member) does not allow this: …". */
export const PERMISSION_ACTIONS: Record<Permission, string> = {
  'principles.read': 'reading the leadership principles',
  'principles.manage': 'editing, adding, retiring or reordering the leadership principles',
  'audit.read': 'reading the audit log',
  'outbox.read': 'seeing the email Pulse sends',
  'members.read': 'seeing the org\'s members',
  'members.manage': 'inviting members and changing their roles',
  'tokens.manage': 'managing API tokens',
  'documents.read': 'reading PR/FAQs and memos',
  'documents.write': 'writing PR/FAQs and memos',
  'documents.settings': 'changing the org\'s writing settings',
  'people.read': 'seeing people, teams and initiatives',
  'people.manage': 'changing people, teams, initiatives and allocations',
  'pipeline.write': 'proposing ideas and moving initiatives through the pipeline',
  'pipeline.oversee': 'seeing the decisions and risks across initiatives that wait on the leadership',
  'hiring.read': 'seeing requisitions',
  'hiring.manage': 'running requisitions, candidates and loops',
  'hiring.certify': 'certifying bar raisers',
  'reviews.manage': 'running review cycles',
  'metrics.read': 'reading the metric catalog',
  'metrics.write': 'adding metrics to the catalog',
  'metrics.manage': 'changing any metric in the catalog',
  'wbr.read': 'reading the weekly business review',
  'wbr.write': 'building review decks, uploading their data and publishing weeks',
  'wbr.manage': 'changing any deck or anomaly of the business review',
  'sales.read': 'seeing sales opportunities',
  'sales.write': 'adding sales opportunities',
  'sales.manage': 'changing any sales opportunity',
  'playbooks.read': 'reading the playbooks',
};

/** "admins", "admins and members": the roles that hold a permission, as a sentence names them. */
export function rolesWith(permission: Permission): string {
  const roles = (PERMISSIONS[permission] as readonly Role[]).map((role) => `${role}s`);
  return roles.length === 1 ? (roles[0] as string) : `${roles.slice(0, -1).join(', ')} and ${roles.at(-1) as string}`;
}

export function can(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

export function permissionsOf(role: Role): Permission[] {
  return (Object.keys(PERMISSIONS) as Permission[]).filter((permission) => can(role, permission));
}
