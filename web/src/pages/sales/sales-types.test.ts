import { describe, expect, it } from 'vitest';
import { discoveryFactsOf, formatAmount, formatDays, formatWinRate, salesFiltersFrom, salesQuery, type Opportunity } from './sales-types.js';

describe('the sales page helpers', () => {
  it('reads the filters from the address and writes them back, ignoring an unknown stage', () => {
    expect(salesFiltersFrom(new URLSearchParams('stage=proposal&owner=p1'))).toEqual({ stage: 'proposal', ownerPersonId: 'p1' });
    expect(salesFiltersFrom(new URLSearchParams('stage=closed'))).toEqual({ stage: '', ownerPersonId: '' });
    expect(salesQuery({ stage: 'won', ownerPersonId: 'p1' })).toBe('?stage=won&ownerPersonId=p1');
    expect(salesQuery({ stage: '', ownerPersonId: 'p1' }, 'owner')).toBe('?owner=p1');
    expect(salesQuery({ stage: '', ownerPersonId: '' })).toBe('');
  });

  it('counts only open objections as what blocks the gate', () => {
    const opportunity = {
      stage: 'solution',
      pressRelease: { headline: 'h', problem: '', outcome: '1', quote: '' },
      successCriteria: [],
      objections: [{ id: '1', question: 'q', answer: '', status: 'open' }, { id: '2', question: 'q', answer: 'a', status: 'answered' }],
    } as unknown as Opportunity;
    expect(discoveryFactsOf(opportunity).openObjections).toBe(1);
    expect(formatAmount(420000)).toBe('420,000');
    expect(formatAmount(null)).toBe('—');
  });

  it('formats the KPIs, with a dash for what has nothing to measure yet', () => {
    expect(formatWinRate(0.75)).toBe('75%');
    expect(formatWinRate(2 / 3)).toBe('67%');
    expect(formatWinRate(null)).toBe('—');
    expect(formatDays(30)).toBe('30 days');
    expect(formatDays(12.5)).toBe('12.5 days');
    expect(formatDays(1)).toBe('1 day');
    expect(formatDays(null)).toBe('—');
  });
});
