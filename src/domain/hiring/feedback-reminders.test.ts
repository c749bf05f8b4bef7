import { describe, expect, it } from 'vitest';
import { appErrorOf } from '../../../test/support/app-error.js';
import { assertCanRemind, utcDay } from './feedback-rules.js';

const staff = { isHiringStaff: true, isHiringManager: false };
const interviewAt = new Date('2026-03-01T09:00:00Z');
const seat = { name: 'Ann', seat: 'interviewer', hasLogin: true, submittedAt: null, interviewAt, isClosed: false };

describe('reminding an interviewer of a late scorecard', () => {
  it('allows one reminder per UTC day: the next one goes the next UTC day, wherever the sender is', () => {
    const last = { remindedAt: new Date('2026-03-03T23:30:00Z'), remindedBy: 'Rae' };
    const sameDay = appErrorOf(() => assertCanRemind(staff, seat, last, new Date('2026-03-03T23:59:00Z')));
    expect(sameDay.details).toEqual({ rule: 'feedback.reminder_once_a_day', field: 'personId', data: { remindedAt: '2026-03-03T23:30:00.000Z', remindedBy: 'Rae' } });
    expect(sameDay.message).toBe('Rae already reminded Ann today (UTC): one reminder a day per interviewer and loop.');
    // 00:10 UTC is a new day, though only 40 minutes later.
    expect(() => assertCanRemind(staff, seat, last, new Date('2026-03-04T00:10:00Z'))).not.toThrow();
    expect(utcDay(new Date('2026-03-04T00:10:00+13:00'))).toBe('2026-03-03');
  });

  it('lets the hiring manager remind, nobody else outside hiring staff, and only a late scorecard that is owed', () => {
    const now = new Date('2026-03-02T10:00:00Z');
    expect(() => assertCanRemind({ isHiringStaff: false, isHiringManager: true }, seat, null, now)).not.toThrow();
    expect(appErrorOf(() => assertCanRemind({ isHiringStaff: false, isHiringManager: false }, seat, null, now)).code).toBe('forbidden');
    const ruleOf = (overrides: Partial<typeof seat> | { submittedAt: Date }, at = now) => appErrorOf(() => assertCanRemind(staff, { ...seat, ...overrides }, null, at)).details.rule;
    expect(ruleOf({ seat: 'shadow' })).toBe('feedback.reminder_not_owed');
    expect(ruleOf({ submittedAt: now })).toBe('feedback.reminder_not_owed');
    expect(ruleOf({ isClosed: true })).toBe('feedback.reminder_not_owed');
    expect(ruleOf({}, new Date('2026-03-02T08:59:00Z'))).toBe('feedback.reminder_not_late');
    expect(ruleOf({ hasLogin: false })).toBe('feedback.reminder_no_login');
    expect(appErrorOf(() => assertCanRemind(staff, { ...seat, isSender: true }, null, now)).details.rule).toBe('feedback.reminder_self');
  });

  it('is not late until 24 hours after a reinstatement that came after the interview', () => {
    const reinstatedAt = new Date('2026-03-05T12:00:00Z');
    const early = appErrorOf(() => assertCanRemind(staff, { ...seat, reinstatedAt }, null, new Date('2026-03-06T11:00:00Z')));
    expect(early.details.rule).toBe('feedback.reminder_not_late');
    expect(early.message).toBe('Ann\'s feedback is not late yet: it is due Mar 6, 2026, 12:00 PM UTC.');
    expect(() => assertCanRemind(staff, { ...seat, reinstatedAt }, null, new Date('2026-03-06T12:01:00Z'))).not.toThrow();
  });
});
