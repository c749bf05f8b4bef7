import { describe, expect, it } from 'vitest';
import { classifyPlainScalar, resolvePlainScalar } from './yaml11-scalars.js';

/**
 * Plain scalars as the WBR App's YAML loader reads them. Every expectation below is what PyYAML 6's `safe_load`
 * gives for `k: <text>` (checked against it when the table was written).
 */
const PYYAML: ReadonlyArray<[string, unknown]> = [
  // Null and booleans: only whole words; y, n, Y and N are text.
  ['', null], ['~', null], ['null', null], ['Null', null], ['NULL', null], ['nULL', 'nULL'],
  ['yes', true], ['On', true], ['TRUE', true], ['no', false], ['off', false], ['False', false], ['oN', 'oN'],
  ['y', 'y'], ['Y', 'Y'], ['n', 'n'], ['N', 'N'],
  // Decimal integers and floats.
  ['0', 0], ['+4', 4], ['-12', -12], ['-0', 0], ['+0', 0], ['0.', 0], ['5.', 5], ['.5', 0.5], ['-0.0', -0], ['1.5E-3', 0.0015],
  ['1.0e+5', 100000], ['2.50', 2.5],
  // An exponent needs a dot before it and a sign; a sign cannot come before a leading dot.
  ['1e5', '1e5'], ['1e+5', '1e+5'], ['1.e3', '1.e3'], ['12e3', '12e3'], ['.e3', '.e3'], ['e3', 'e3'], ['+.5', '+.5'], ['-.5', '-.5'],
  // Octal (a leading 0), hexadecimal, binary, underscores, sexagesimal.
  ['07', 7], ['010', 8], ['00', 0], ['08', '08'], ['0o7', '0o7'], ['0x1F', 31], ['-0x1F', -31], ['0b101', 5], ['0b', '0b'],
  ['1_000', 1000], ['1__0', 10], ['_1', '_1'], ['1_0.5', 10.5], ['1:30', 90], ['-1:30', -90], ['190:20:30.15', 685230.15],
  // Infinity and NaN (a sign is allowed before .inf only).
  ['.inf', Number.POSITIVE_INFINITY], ['-.Inf', Number.NEGATIVE_INFINITY], ['.NaN', Number.NaN], ['-.NaN', '-.NaN'],
  // Dates and times (UTC instants).
  ['2024-01-05', new Date(Date.UTC(2024, 0, 5))], ['2024-1-5', '2024-1-5'],
  ['2001-12-14t21:59:43.10-05:00', new Date(Date.UTC(2001, 11, 15, 2, 59, 43, 100))],
  ['2001-12-14 21:59:43.10', new Date(Date.UTC(2001, 11, 14, 21, 59, 43, 100))],
  ['2024-1-5 1:02:03Z', new Date(Date.UTC(2024, 0, 5, 1, 2, 3))],
  // Text.
  ['6_12Graph', '6_12Graph'], ['1.2.3', '1.2.3'], ['.', '.'], ['-x', '-x'], ['25-SEP-2021', '25-SEP-2021'], ['##.1%', '##.1%'],
];

describe('plain scalars as PyYAML reads them', () => {
  it.each(PYYAML)('%j', (text, expected) => {
    expect(resolvePlainScalar(text)).toEqual(expected);
  });

  it('says which numbers Number() reads as PyYAML does, so that readers may keep them as text', () => {
    expect(['0', '-12', '+4', '5.', '.5', '-0.0', '1.5E-3'].map(classifyPlainScalar)).toEqual(Array(7).fill('decimal'));
    expect(['-0', '07', '0x1F', '1_000', '1:30', '.inf', '2024-01-05'].map(classifyPlainScalar)).toEqual(Array(7).fill('other'));
    expect(['1e5', 'y', '.', '6_12Graph'].map(classifyPlainScalar)).toEqual(Array(4).fill('text'));
  });
});
