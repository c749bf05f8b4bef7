import { describe, expect, it } from 'vitest';
import { expectAppError } from '../../../test/support/app-error.js';
import { anomalyWeeksShown, checkCorrectionReason, correctionAnomalyChanges, correctionNewSignals, mayCorrectWeek, signalsRaisedByWeeks, supersedingVersions } from './corrections.js';
import { isNewSignal, type AnomalySignal } from './review-rules.js';

const signal = (metric: string, weekEnding: string, rule: AnomalySignal['rule'] = 'outside_limits'): AnomalySignal => ({ metric, rule, direction: 'up', weekEnding });

describe('correcting a published week', () => {
  it('needs a reason, one line of at most 500 characters', () => {
    expect(checkCorrectionReason(' The late \n file ')).toBe('The late file');
    for (const reason of [undefined, '', ' \n ']) expect(() => checkCorrectionReason(reason)).toThrow(/^reason: say why/);
    expect(() => checkCorrectionReason('x'.repeat(501))).toThrow(/^reason: must be at most 500/);
  });

  it('is for the deck\'s owner or an admin', () => {
    expect(mayCorrectWeek({ role: 'admin', personId: null }, { ownerPersonId: 'p1' })).toBe(true);
    expect(mayCorrectWeek({ role: 'member', personId: 'p1' }, { ownerPersonId: 'p1' })).toBe(true);
    expect(mayCorrectWeek({ role: 'member', personId: 'p2' }, { ownerPersonId: 'p1' })).toBe(false);
    expect(mayCorrectWeek({ role: 'member', personId: null }, { ownerPersonId: null })).toBe(false);
  });

  it('reads each published week\'s own signals: those after the published week before it', () => {
    const weeks = [
      { weekEnding: '2025-01-04', previousWeekEnding: null, signals: [signal('Late', '2024-12-28'), signal('Late', '2024-12-21')] },
      { weekEnding: '2025-01-18', previousWeekEnding: '2025-01-04', signals: [signal('Late', '2025-01-18'), signal('Late', '2025-01-11'), signal('Late', '2025-01-04')] },
    ];
    // The first week raises all it shows; the next its own weeks (the unpublished 11 January too), not 4 January again.
    expect(signalsRaisedByWeeks(weeks)).toEqual([signal('Late', '2024-12-28'), signal('Late', '2024-12-21'), signal('Late', '2025-01-18'), signal('Late', '2025-01-11')]);
  });

  it('stands an anomaly on the weeks it was seen in that the latest versions still show, never on another anomaly\'s week', () => {
    const latest = [signal('Late', '2025-01-11'), signal('Late', '2025-01-18'), signal('Orders', '2025-01-04')];
    // The week it was first seen in is dropped: it stands on the next week it is seen in.
    expect(anomalyWeeksShown({ metric: 'Late', weeksSeen: ['2025-01-04', '2025-01-18'] }, latest)).toEqual(['2025-01-18']);
    // 11 January is inside its span but was seen by another anomaly of the metric: that one keeps it.
    expect(anomalyWeeksShown({ metric: 'Late', weeksSeen: ['2025-01-11'] }, latest)).toEqual(['2025-01-11']);
    // A week shown again comes back to it; another metric's week is not its own; none left: empty (withdrawn).
    expect(anomalyWeeksShown({ metric: 'Late', weeksSeen: ['2025-01-18', '2025-01-11', '2025-01-18'] }, latest)).toEqual(['2025-01-11', '2025-01-18']);
    expect(anomalyWeeksShown({ metric: 'Late', weeksSeen: ['2025-01-04'] }, latest)).toEqual([]);
  });

  it('raises only what no earlier version of the week raised, by metric and week', () => {
    const isNew = (candidate: AnomalySignal) => isNewSignal(candidate, '2024-12-28');
    const earlier = [signal('Late', '2025-01-04'), signal('Late', '2024-12-21')];
    const corrected = [signal('Late', '2025-01-04', 'eight_on_one_side'), signal('Orders', '2025-01-04'), signal('Late', '2024-12-21'), signal('Returns', '2024-12-14')];
    // The same metric and week under another rule was raised already; a week before the previous one never is.
    expect(correctionNewSignals(corrected, earlier, isNew)).toEqual([signal('Orders', '2025-01-04')]);
  });

  it('reads which version superseded which from the versions themselves', () => {
    const versions = [{ id: 'c2', weekEnding: '2025-01-04', version: 2 }, { id: 'c1', weekEnding: '2025-01-04', version: 1 }, { id: 'd1', weekEnding: '2024-12-28', version: 1 }];
    const superseding = supersedingVersions(versions);
    expect([...superseding].map(([id, next]) => [id, next.id])).toEqual([['c1', 'c2']]);
  });

  it('refuses a blank reason as a validation error naming the field', async () => {
    await expectAppError(Promise.resolve().then(() => checkCorrectionReason('   ')), 'validation_failed', /reason/, { field: 'reason' });
  });

  it('withdraws the anomalies whose signal the corrected week no longer shows, and reinstates them when a later correction shows it again', () => {
    const raised = (id: string, metric: string, extra: Partial<{ status: 'open' | 'explained' | 'resolved'; lastWeekEnding: string; withdrawn: boolean }> = {}) =>
      ({ id, metric, status: 'open' as const, lastWeekEnding: '2025-01-04', withdrawn: false, ...extra });
    const ids = (changes: { withdraw: Array<{ id: string }>; reinstate: Array<{ id: string }> }) => ({ withdraw: changes.withdraw.map((a) => a.id), reinstate: changes.reinstate.map((a) => a.id) });
    // Late is gone from the corrected week, Orders still signals; a resolved one is withdrawn too (it keeps its status).
    expect(ids(correctionAnomalyChanges([raised('a', 'Late'), raised('b', 'Orders'), raised('c', 'Refunds', { status: 'resolved' })], new Set(['Orders']), '2025-01-04', new Set()))).toEqual({ withdraw: ['a', 'c'], reinstate: [] });
    // A later week added a week to it: that signal still stands.
    expect(ids(correctionAnomalyChanges([raised('a', 'Late', { lastWeekEnding: '2025-01-11' })], new Set(), '2025-01-04', new Set()))).toEqual({ withdraw: [], reinstate: [] });
    // Shown again: reinstated, not raised twice; unless a later week opened another one on the metric meanwhile.
    expect(ids(correctionAnomalyChanges([raised('a', 'Late', { withdrawn: true })], new Set(['Late']), '2025-01-04', new Set()))).toEqual({ withdraw: [], reinstate: ['a'] });
    expect(ids(correctionAnomalyChanges([raised('a', 'Late', { withdrawn: true })], new Set(['Late']), '2025-01-04', new Set(['Late'])))).toEqual({ withdraw: [], reinstate: [] });
    expect(ids(correctionAnomalyChanges([raised('a', 'Late', { withdrawn: true, status: 'resolved' })], new Set(['Late']), '2025-01-04', new Set(['Late'])))).toEqual({ withdraw: [], reinstate: ['a'] });
    // Still gone: stays withdrawn, nothing to do.
    expect(ids(correctionAnomalyChanges([raised('a', 'Late', { withdrawn: true })], new Set(), '2025-01-04', new Set()))).toEqual({ withdraw: [], reinstate: [] });
  });
});
