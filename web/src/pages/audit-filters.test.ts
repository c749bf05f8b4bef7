import { describe, expect, it } from 'vitest';
import { AUDIT_ACTION_LIST, resolveAuditActions } from '../../../src/domain/audit/audit-filters.js';
import { auditActionGroups, auditActorOptions, auditAddressQuery, auditApiParams, auditFiltersFrom, auditPeriodError, hasAuditFilters, NO_AUDIT_FILTERS } from './audit-filters.js';

describe('the audit page filters', () => {
  it('reads the filters from the address and writes back only those set', () => {
    const filters = auditFiltersFrom(new URLSearchParams('action=member.*&actor=u1&via=none&from=2026-11-01&to=2026-11-30&other=x'));
    expect(filters).toEqual({ action: 'member.*', actor: 'u1', via: 'none', from: '2026-11-01', to: '2026-11-30' });
    expect(auditAddressQuery(filters)).toBe('?action=member.*&actor=u1&via=none&from=2026-11-01&to=2026-11-30');
    expect(auditAddressQuery(NO_AUDIT_FILTERS)).toBe('');
    expect(hasAuditFilters(NO_AUDIT_FILTERS)).toBe(false);
    expect(hasAuditFilters({ ...NO_AUDIT_FILTERS, to: '2026-11-30' })).toBe(true);
    // A day that is not one is dropped rather than sent.
    expect(auditFiltersFrom(new URLSearchParams('from=last-week&to=2026-11-3'))).toEqual(NO_AUDIT_FILTERS);
  });

  it('sends the picked days as the instants they start and end at where the viewer is', () => {
    const params = auditApiParams({ ...NO_AUDIT_FILTERS, action: 'metric.updated', from: '2026-11-01', to: '2026-11-30' });
    expect(params.get('action')).toBe('metric.updated');
    expect(params.get('from')).toBe(new Date(2026, 10, 1).toISOString());
    expect(new Date(params.get('to')!).getTime()).toBe(new Date(2026, 11, 1).getTime() - 1);
    expect([...auditApiParams(NO_AUDIT_FILTERS).keys()]).toEqual([]);
  });

  it('says at the field when the period ends before it starts', () => {
    expect(auditPeriodError({ ...NO_AUDIT_FILTERS, from: '2026-11-20', to: '2026-11-19' })).toBe('Must not be after “To”.');
    expect(auditPeriodError({ ...NO_AUDIT_FILTERS, from: '2026-11-20', to: '2026-11-20' })).toBeUndefined();
    expect(auditPeriodError({ ...NO_AUDIT_FILTERS, from: '2026-11-20' })).toBeUndefined();
  });

  it('offers every action once, and whole families, each a value the server accepts', () => {
    const values = auditActionGroups().flatMap((group) => group.options.map((option) => option.value));
    expect(values.filter((value) => !value.endsWith('.*')).sort()).toEqual([...AUDIT_ACTION_LIST].sort());
    expect(values).toContain('member.*');
    expect(values).not.toContain('principles.*'); // a family of one action is offered as that action
    for (const value of values) expect(resolveAuditActions([value])).toHaveProperty('actions');
    const access = auditActionGroups()[0]!;
    expect(access.label).toBe('Org, members and tokens');
    expect(access.options.slice(0, 3)).toEqual([{ value: 'org.*', label: 'Any org action' }, { value: 'org.created', label: 'Created the org' }, { value: 'org.imported', label: 'Imported the org from an export file' }]);
  });

  it('offers everyone who acted, marking former members and telling apart two people of one name', () => {
    const options = auditActorOptions([
      { userId: 'u1', name: 'Ada', email: 'ada@example.test', isMember: true },
      { userId: 'u2', name: 'Sam', email: 'sam.one@example.test', isMember: false },
      { userId: 'u3', name: 'Sam', email: 'sam.two@example.test', isMember: true },
    ]);
    expect(options).toEqual([
      { value: 'u1', label: 'Ada' },
      { value: 'u2', label: 'Sam (sam.one@example.test) (former member)' },
      { value: 'u3', label: 'Sam (sam.two@example.test)' },
    ]);
  });
});
