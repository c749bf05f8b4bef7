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
  'document.created': 'created a document',
  'document.access_changed': 'changed who can read or write a document',
  'document.finding_suppressed': 'suppressed a writing finding',
  'document.verdict_recorded': 'recorded the compelling verdict of a document',
  'writing_settings.changed': 'changed the writing-check settings',
  'meeting.started': 'started a silent-reading meeting',
  'meeting.notes_published': 'published the notes of a reading meeting',
  'meeting.decided': 'ended a reading meeting with a decision',
} as const;

export type AuditAction = keyof typeof AUDIT_ACTIONS;
