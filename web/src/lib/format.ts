const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

export function formatDateTime(iso: string): string {
  return dateTime.format(new Date(iso));
}

/**
 * A moment as a datetime-local field shows it: the reader's own clock, to the minute. (`toISOString` would give
 * UTC, which the field then reads as local time, moving the moment by the time-zone offset.)
 */
export function localDateTimeValue(moment: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${moment.getFullYear()}-${pad(moment.getMonth() + 1)}-${pad(moment.getDate())}T${pad(moment.getHours())}:${pad(moment.getMinutes())}`;
}

export function formatDate(iso: string): string {
  return dateOnly.format(new Date(iso));
}

const ROLE_LABELS: Record<string, string> = { admin: 'Admin', member: 'Member', recruiter: 'Recruiter' };

export function roleLabel(role: string): string {
  return ROLE_LABELS[role] ?? role;
}
