import { describe, expect, it } from 'vitest';
import { filtersFromSearch, formatTarget, metricsQuery, NO_FILTERS } from './metric-format.js';

describe('metricsQuery', () => {
  it('asks for the whole catalog without filters, and only for the filters set', () => {
    expect(metricsQuery(NO_FILTERS)).toBe('');
    expect(metricsQuery({ ...NO_FILTERS, kind: 'input', controllable: 'true' })).toBe('?kind=input&controllable=true');
  });
});

describe('filtersFromSearch', () => {
  it('takes the filters a link sets and ignores the rest', () => {
    expect(filtersFromSearch(new URLSearchParams('ownerPersonId=p1&tab=x'))).toEqual({ ...NO_FILTERS, ownerPersonId: 'p1' });
    expect(filtersFromSearch(new URLSearchParams(''))).toEqual(NO_FILTERS);
  });
});

describe('formatTarget', () => {
  it('writes the target with its unit, a percent sign without a space, and a dash for none', () => {
    expect(formatTarget({ target: 99.5, unit: '%' })).toBe('99.5%');
    expect(formatTarget({ target: 42000, unit: 'orders' })).toBe('42,000 orders');
    expect(formatTarget({ target: 1.05, unit: '' })).toBe('1.05');
    expect(formatTarget({ target: null, unit: 'ms' })).toBe('—');
    expect(formatTarget({ target: 0, unit: 'ms' })).toBe('0 ms');
  });
});
