import { describe, expect, it } from 'vitest';
import { parseCsvRecords } from '../people/people-csv.js';
import { AUDIT_ACTIONS } from './audit-actions.js';
import { AUDIT_ACTION_FAMILIES, auditCsvHeader, auditCsvLine, auditPeriodBound, resolveAuditActions } from './audit-filters.js';

describe('the audit log filters', () => {
  it('names every action family.what_happened, so that a family filter covers whole mechanisms', () => {
    for (const action of Object.keys(AUDIT_ACTIONS)) expect(action).toMatch(/^[a-z_]+\.[a-z_]+$/);
    expect(AUDIT_ACTION_FAMILIES).toContain('member');
    expect(AUDIT_ACTION_FAMILIES).toContain('principles');
  });

  it('resolves actions and families, without repeating an action named twice', () => {
    expect(resolveAuditActions(['metric.updated'])).toEqual({ actions: ['metric.updated'] });
    expect(resolveAuditActions(['member.*'])).toEqual({ actions: ['member.invited', 'member.joined', 'member.role_changed', 'member.removed', 'member.invitation_revoked', 'member.invitation_resent'] });
    expect(resolveAuditActions(['principle.*', 'principle.edited'])).toEqual({ actions: ['principle.created', 'principle.edited', 'principle.retired', 'principle.restored'] });
    // A family is the exact part before the dot: `principle.*` is not `principles.reordered`.
    expect(resolveAuditActions(['principles.*'])).toEqual({ actions: ['principles.reordered'] });
  });

  it('refuses an unknown action or family, saying what is allowed', () => {
    for (const value of ['member.deleted', 'members.*', 'member.', 'member', '*', 'METRIC.UPDATED']) {
      const resolved = resolveAuditActions(['metric.updated', value]);
      expect(resolved).toMatchObject({ unknown: value });
      expect('message' in resolved && resolved.message).toContain(`"${value}" is not an audit action`);
      expect('message' in resolved && resolved.message).toContain('member.*, api_token.*');
    }
  });

  it('reads a period from days (whole UTC days) and instants, and refuses what is neither', () => {
    expect(auditPeriodBound('2026-11-01', 'from')?.toISOString()).toBe('2026-11-01T00:00:00.000Z');
    expect(auditPeriodBound('2026-11-30', 'to')?.toISOString()).toBe('2026-12-01T00:00:00.000Z');
    expect(auditPeriodBound('2026-11-01T09:30:00+01:00', 'from')?.toISOString()).toBe('2026-11-01T08:30:00.000Z');
    expect(auditPeriodBound('2026-11-01T09:30:00.250Z', 'to')?.toISOString()).toBe('2026-11-01T09:30:00.251Z');
    for (const text of ['yesterday', '2026-02-30', '2026-02-30T10:00:00Z', '2026-13-01', '2026-11-01T25:00Z', '2026-11-01T09:30:00', '0000-01-01', '26-11-01', '2026-11-01 09:30Z']) {
      expect(auditPeriodBound(text, 'from'), text).toBeNull();
    }
  });

  it('writes an event as a CSV line that reads back, with formulas neutralised and Pulse as the actor of its own events', () => {
    const event = {
      action: 'metric.updated',
      actor: { id: 'u1', name: '=cmd|calc' },
      via: { tokenId: 't1', tokenName: '@nightly, import' },
      subjectType: 'metric',
      subjectId: '-1',
      data: { name: 'Orders "shipped"', changed: ['owner'] },
      createdAt: '2026-11-26T09:00:00.000Z',
    };
    const byPulse = { ...event, actor: null, via: null, subjectId: null, action: 'meeting.cancelled' };
    const records = parseCsvRecords(auditCsvHeader() + auditCsvLine(event) + auditCsvLine(byPulse)).map((record) => record.fields);
    expect(records).toEqual([
      ['time', 'actor_name', 'actor_id', 'via_token_name', 'action', 'subject_type', 'subject_id', 'details'],
      ['2026-11-26T09:00:00.000Z', "'=cmd|calc", 'u1', "'@nightly, import", 'metric.updated', 'metric', "'-1", '{"name":"Orders \\"shipped\\"","changed":["owner"]}'],
      ['2026-11-26T09:00:00.000Z', 'Pulse', '', '', 'meeting.cancelled', 'metric', '', '{"name":"Orders \\"shipped\\"","changed":["owner"]}'],
    ]);
  });
});
