/** Every action the audit log records: a closed list so the log page can describe each one. */
export const AUDIT_ACTIONS = {
  'org.created': 'created the org',
  'member.invited': 'invited a member',
  'member.joined': 'joined the org',
  'member.role_changed': 'changed a member\'s role',
  'api_token.created': 'created an API token',
  'api_token.revoked': 'revoked an API token',
  'principle.created': 'added a principle',
  'principle.edited': 'edited a principle',
  'principle.retired': 'retired a principle',
  'principle.restored': 'restored a principle',
  'principles.reordered': 'reordered the principles',
} as const;

export type AuditAction = keyof typeof AUDIT_ACTIONS;
