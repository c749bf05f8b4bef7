import { describe, expect, it } from 'vitest';
import { formatBoxCell, formatFixed, formatScaled, formatTableCell, isBoxComparisonColumn, MISSING_TEXT, parseYScaling } from './y-scaling-format.js';

describe('parseYScaling', () => {
  it.each([
    ['##.2MM', 'MM', 2],
    ['##MM', 'MM', 0],
    ['##.1BB', 'BB', 1],
    ['##KK', 'KK', 0],
    ['##.1KK', 'KK', 1],
    ['##bps', 'bps', 0],
    ['##%', '%', 0],
    ['##.2%', '%', 2],
    ['##', '', 0],
    ['', '', 0],
    // The App looks for MM, BB, KK, bps, % in that order, and reads one digit after the first dot.
    ['##KK.2%', 'KK', 2],
    ['##.x%', '%', 0],
  ])('reads %j as unit %j with %i decimals', (mask, unit, precision) => {
    expect(parseYScaling(mask)).toEqual({ unit, precision });
  });

  it('treats a missing mask as plain numbers', () => {
    expect(parseYScaling(undefined)).toEqual({ unit: '', precision: 0 });
    expect(parseYScaling(null)).toEqual({ unit: '', precision: 0 });
  });
});

describe('formatFixed', () => {
  it('groups thousands and keeps decimals', () => {
    expect(formatFixed(1234567.891, 2)).toBe('1,234,567.89');
    expect(formatFixed(-1234.5, 1)).toBe('-1,234.5');
    expect(formatFixed(999, 0)).toBe('999');
    expect(formatFixed(100000, 0)).toBe('100,000');
  });

  it('writes a number of 10^15 or more as a power of ten: no noise digits past the 15th, never 1e+21', () => {
    expect(formatFixed(999999999999999, 0)).toBe('999,999,999,999,999');
    expect(formatFixed(2 ** 53 + 2, 0)).toBe('9.01×10¹⁵');
    expect(formatFixed(-3.2016e16, 2)).toBe('-3.20×10¹⁶');
    expect(formatFixed(1e22, 0)).toBe('1.00×10²²');
    expect(formatScaled(7.8827e15, parseYScaling('##bps'), true)).toBe('7.88×10¹⁹bps');
    expect(formatBoxCell(1.4e21, 0, parseYScaling(''), '%')).toBe('1.40×10²¹');
    expect(formatBoxCell(3e20, 2, parseYScaling(''), '%')).toBe('+3.00×10²⁰%');
    expect(formatTableCell(6.4e20, parseYScaling('##.1'))).toBe('6.40×10²⁰');
  });

  it('never writes a negative zero', () => {
    expect(formatFixed(-0.04, 1)).toBe('0.0');
    expect(formatFixed(-0.4, 0)).toBe('0');
    expect(formatFixed(-0.06, 1)).toBe('-0.1');
  });
});

describe('formatScaled (chart axes, point labels, box values)', () => {
  it.each([
    [470759324, '##.1MM', '470.8M'],
    [2318880564, '##.1MM', '2,318.9M'],
    [2318880564, '##BB', '2B'],
    [2318880564, '##.2BB', '2.32B'],
    [12345, '##.1KK', '12.3K'],
    [0.523, '##%', '52%'],
    [0.5234, '##.2%', '52.34%'],
    [0.0123, '##bps', '123bps'],
    [1234567, '##', '1,234,567'],
    [31029, '', '31,029'],
  ])('formats %d with %j as %j', (value, mask, expected) => {
    expect(formatScaled(value, parseYScaling(mask), true)).toBe(expected);
  });

  it('leaves the unit off point labels, as the App does', () => {
    expect(formatScaled(470759324, parseYScaling('##.1MM'), false)).toBe('470.8');
  });

  it('adds decimals on request (distinct axis ticks)', () => {
    expect(formatScaled(0.4525, parseYScaling('##%'), true, 1)).toBe('45.3%');
  });
});

describe('formatTableCell (6-week and 12-month tables)', () => {
  it('writes the placeholder for the App\'s blank cells', () => {
    expect(formatTableCell(' ', parseYScaling('##MM'))).toBe(MISSING_TEXT);
    expect(formatTableCell('', parseYScaling('##MM'))).toBe(MISSING_TEXT);
    expect(formatTableCell(Number.NaN, parseYScaling('##MM'))).toBe(MISSING_TEXT);
  });

  it('scales by the row mask', () => {
    expect(formatTableCell(890638223, parseYScaling('##MM'))).toBe('891M');
    expect(formatTableCell(0.5223333, parseYScaling('##.1%'))).toBe('52.2%');
    expect(formatTableCell(83437.83, parseYScaling('##.1KK'))).toBe('83.4K');
  });

  it('writes 1e9 to 1e12 in billions unless the mask says millions, like the App', () => {
    expect(formatTableCell(1.5e9, parseYScaling('##.1'))).toBe('1.5B');
    expect(formatTableCell(1.5e9, parseYScaling('##.1KK'))).toBe('1.5B');
    expect(formatTableCell(1.5e9, parseYScaling('##MM'))).toBe('1,500M');
    expect(formatTableCell(5e8, parseYScaling('##'))).toBe('500,000,000');
  });
});

describe('formatBoxCell (the box totals under a chart)', () => {
  const millions = parseYScaling('##.1MM');

  it('knows which of the nine columns are comparisons', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8].map(isBoxComparisonColumn)).toEqual([false, true, true, false, true, false, true, false, true]);
  });

  it('formats values with the chart mask and its unit', () => {
    expect(formatBoxCell(470759324, 0, millions, '%')).toBe('470.8M');
    expect(formatBoxCell(18665110807, 7, millions, '%')).toBe('18,665.1M');
  });

  it('formats percent comparisons with the mask decimals and a sign', () => {
    expect(formatBoxCell(2.29278694379893, 1, millions, '%')).toBe('+2.3%');
    expect(formatBoxCell(-5.4, 2, parseYScaling('##MM'), '%')).toBe('-5%');
    expect(formatBoxCell(0, 4, millions, '%')).toBe('0.0%');
    expect(formatBoxCell(0.04, 4, millions, '%')).toBe('0.0%');
  });

  it('formats bps comparisons as whole basis points', () => {
    expect(formatBoxCell(123.6, 1, parseYScaling('##.1%'), 'bps')).toBe('+124bps');
    expect(formatBoxCell(-0.4, 2, parseYScaling('##.1%'), 'bps')).toBe('0bps');
    expect(formatBoxCell(-1234.4, 8, parseYScaling('##.1%'), 'bps')).toBe('-1,234bps');
  });

  it('keeps "N/A" and marks other non-numbers as missing', () => {
    expect(formatBoxCell('N/A', 2, millions, '%')).toBe('N/A');
    expect(formatBoxCell('', 0, millions, '%')).toBe(MISSING_TEXT);
    expect(formatBoxCell(Number.POSITIVE_INFINITY, 1, millions, '%')).toBe(MISSING_TEXT);
  });
});
