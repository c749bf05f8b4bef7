const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

export function formatDateTime(iso: string): string {
  return dateTime.format(new Date(iso));
}

export function formatDate(iso: string): string {
  return dateOnly.format(new Date(iso));
}

const ROLE_LABELS: Record<string, string> = { admin: 'Admin', member: 'Member', recruiter: 'Recruiter' };

export function roleLabel(role: string): string {
  return ROLE_LABELS[role] ?? role;
}
