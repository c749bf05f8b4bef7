import { describe, expect, it } from 'vitest';
import { filtersFromSearch, formatTarget, metricsQuery, NO_FILTERS, targetFromText } from './metric-format.js';

describe('metricsQuery', () => {
  it('asks for the whole catalog without filters, and only for the filters set', () => {
    expect(metricsQuery(NO_FILTERS)).toBe('');
    expect(metricsQuery({ ...NO_FILTERS, kind: 'input', controllable: 'true' })).toBe('?kind=input&controllable=true');
  });
});

describe('filtersFromSearch', () => {
  it('takes the filters a link sets and ignores the rest', () => {
    const owner = '10de80ec-2674-4548-80e5-271ccfb4faeb';
    expect(filtersFromSearch(new URLSearchParams(`ownerPersonId=${owner}&tab=x`))).toEqual({ ...NO_FILTERS, ownerPersonId: owner });
    expect(filtersFromSearch(new URLSearchParams(''))).toEqual(NO_FILTERS);
  });

  it('keeps only the filters the server accepts, so a bad link still shows the catalog', () => {
    const id = '5a2c814f-cd17-416e-b052-4005c909d03a';
    expect(filtersFromSearch(new URLSearchParams(`kind=output&controllable=false&ownerPersonId=${id}&initiativeId=${id}`))).toEqual({ kind: 'output', controllable: 'false', ownerPersonId: id, initiativeId: id });
    expect(filtersFromSearch(new URLSearchParams('kind=kpi&controllable=yes&ownerPersonId=p1&initiativeId=5a2c814f'))).toEqual(NO_FILTERS);
  });
});

describe('targetFromText', () => {
  it('sends no target for an empty field, the number for a number, and the text itself for anything else', () => {
    expect(targetFromText('  ')).toBeNull();
    expect(targetFromText(' 99.5 ')).toBe(99.5);
    expect(targetFromText('-2')).toBe(-2);
    expect(targetFromText('0')).toBe(0);
    expect(targetFromText('99,5')).toBe('99,5');
    expect(targetFromText('1e309')).toBe('1e309');
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
