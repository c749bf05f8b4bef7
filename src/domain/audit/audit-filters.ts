import { AUDIT_ACTIONS, type AuditAction } from './audit-actions.js';
import { csvLine, neutraliseSpreadsheetFormula } from '../csv-text.js';

/**
 * Searching the audit log: which actions a filter names, the period it covers, and the CSV export's lines.
 *
 * Every action is named `family.what_happened` (`member.role_changed`), so a filter may name a whole family as
 * `member.*`. A family is the part before the dot, exactly: `principle.*` is the changes to one principle,
 * `principles.*` the reordering of them all.
 */
export const AUDIT_ACTION_LIST = Object.keys(AUDIT_ACTIONS) as AuditAction[];

const FAMILY_WILDCARD = '.*';

export function auditActionFamily(action: string): string {
  const dot = action.indexOf('.');
  return dot === -1 ? action : action.slice(0, dot);
}

/** The families in the order of the list (which groups related mechanisms together). */
export const AUDIT_ACTION_FAMILIES: readonly string[] = [...new Set(AUDIT_ACTION_LIST.map(auditActionFamily))];

export const familyFilter = (family: string) => `${family}${FAMILY_WILDCARD}`;

export function isAuditAction(value: string): value is AuditAction {
  return Object.hasOwn(AUDIT_ACTIONS, value);
}

/**
 * The actions an `action` filter stands for: each value is an action or a family (`member.*`). The first value
 * that is neither is returned as `unknown`, with what is allowed, for the caller to refuse.
 */
export function resolveAuditActions(values: readonly string[]): { actions: AuditAction[] } | { unknown: string; message: string } {
  const actions = new Set<AuditAction>();
  for (const value of values) {
    if (isAuditAction(value)) {
      actions.add(value);
      continue;
    }
    const family = value.endsWith(FAMILY_WILDCARD) ? value.slice(0, -FAMILY_WILDCARD.length) : undefined;
    const members = family === undefined ? [] : AUDIT_ACTION_LIST.filter((action) => auditActionFamily(action) === family);
    if (members.length === 0) {
      return {
        unknown: value,
        message: `"${value}" is not an audit action: give an action such as member.role_changed (the OpenAPI document lists them all), or a family of them: ${AUDIT_ACTION_FAMILIES.map(familyFilter).join(', ')}`,
      };
    }
    for (const action of members) actions.add(action);
  }
  return { actions: [...actions] };
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Where a period's `from` or `to` falls: a day (YYYY-MM-DD, a UTC day) or an instant (ISO 8601 with its offset).
 * `from` is the first moment included; `to` is returned as the first moment after the period: the day after a
 * `to` day (so the whole day is in), the millisecond after a `to` instant. Null for text that is neither.
 */
export function auditPeriodBound(text: string, edge: 'from' | 'to'): Date | null {
  const isDay = DAY.test(text);
  if (!isDay && !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/.test(text)) return null;
  const day = text.slice(0, 10);
  // Date takes 2026-02-30 as 2 March; a day that is not on the calendar is refused instead. PostgreSQL has no year 0.
  const calendarDay = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(calendarDay.getTime()) || calendarDay.toISOString().slice(0, 10) !== day || day.startsWith('0000')) return null;
  const moment = isDay ? calendarDay : new Date(text);
  if (Number.isNaN(moment.getTime())) return null;
  if (edge === 'from') return moment;
  return new Date(moment.getTime() + (isDay ? DAY_MS : 1));
}

export const AUDIT_PERIOD_FORMAT = 'a date like 2026-11-01 (a UTC day) or a date and time like 2026-11-01T09:30:00+01:00';

/** What the CSV export writes about one event (the service's view of it). */
export interface AuditCsvEvent {
  action: string;
  actor: { id: string; name: string } | null;
  via: { tokenId: string; tokenName: string } | null;
  subjectType: string;
  subjectId: string | null;
  data: Record<string, unknown>;
  createdAt: string;
}

export const AUDIT_CSV_COLUMNS = ['time', 'actor_name', 'actor_id', 'via_token_name', 'action', 'subject_type', 'subject_id', 'details'] as const;

export const auditCsvHeader = () => csvLine(AUDIT_CSV_COLUMNS);

/**
 * One event as a CSV line. Names, subject ids and details are what people typed: a cell starting like a formula
 * is neutralised, since an admin opens this file in a spreadsheet. An event by Pulse itself has no actor.
 */
export function auditCsvLine(event: AuditCsvEvent): string {
  const cells = [event.createdAt, event.actor?.name ?? 'Pulse', event.actor?.id ?? '', event.via?.tokenName ?? '', event.action, event.subjectType, event.subjectId ?? '', JSON.stringify(event.data)];
  return csvLine(cells.map(neutraliseSpreadsheetFormula));
}
