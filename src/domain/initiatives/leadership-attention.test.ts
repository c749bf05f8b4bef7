import { describe, expect, it } from 'vitest';
import { GATE_WAIT_DAYS, gateWait, initiativeRisks, type InitiativeOverview } from './leadership-attention.js';

const NOW = new Date('2026-11-27T12:00:00Z');
const daysBefore = (days: number) => new Date(NOW.getTime() - days * 86_400_000).toISOString();
const initiative = (overrides: Partial<InitiativeOverview> = {}): InitiativeOverview => ({
  stage: 'approved', status: 'active', stl: { id: 'p1', name: 'Kofi' }, stageChangedAt: daysBefore(1), openRoles: 0, metrics: { openAnomalies: null }, ...overrides,
});

describe('waiting at a gate', () => {
  it('flags an active initiative from the threshold on, naming the gate ahead', () => {
    expect(gateWait(initiative({ stageChangedAt: daysBefore(GATE_WAIT_DAYS - 1) }), NOW)).toBeNull();
    expect(gateWait(initiative({ stageChangedAt: daysBefore(GATE_WAIT_DAYS) }), NOW)).toEqual({ days: 30, nextStage: 'staffing', message: 'At the approved stage for 30 days (30 or more is too long a wait): move it through the staffing gate, send it back or kill it.' });
  });

  it('does not flag a paused or done one, nor one being built, launched or killed', () => {
    const old = daysBefore(90);
    expect(gateWait(initiative({ status: 'paused', stageChangedAt: old }), NOW)).toBeNull();
    for (const stage of ['building', 'launched', 'killed'] as const) expect(gateWait(initiative({ stage, stageChangedAt: old }), NOW)).toBeNull();
  });
});

describe('initiatives at risk', () => {
  it('flags an active staffed initiative with no leader, and not an idea without one', () => {
    expect(initiativeRisks(initiative({ stage: 'building', stl: null })).map((risk) => risk.risk)).toEqual(['no_leader']);
    expect(initiativeRisks(initiative({ stage: 'idea', stl: null }))).toEqual([]);
  });

  it('flags a paused initiative with no leader at any stage', () => {
    expect(initiativeRisks(initiative({ stage: 'staffing', status: 'paused', stl: null }))).toEqual([{ risk: 'paused_without_leader', message: 'Paused with no leader: nobody owns deciding whether it resumes or is killed.' }]);
    expect(initiativeRisks(initiative({ stage: 'idea', status: 'paused', stl: null })).map((risk) => risk.risk)).toEqual(['paused_without_leader']);
  });

  it('counts open anomalies and open roles, and nothing of a done initiative', () => {
    expect(initiativeRisks(initiative({ openRoles: 2, metrics: { openAnomalies: 1 } })).map((risk) => risk.message)).toEqual(['1 open anomaly on its metrics in the latest business review.', '2 open roles on its teams: it is not fully staffed.']);
    expect(initiativeRisks(initiative({ metrics: { openAnomalies: 3 } }))[0]!.message).toBe('3 open anomalies on its metrics in the latest business review.');
    expect(initiativeRisks(initiative({ status: 'done', stl: null, openRoles: 2 }))).toEqual([]);
  });
});
