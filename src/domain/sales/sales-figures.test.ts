import { describe, expect, it } from 'vitest';
import { isWholeCents, MONEY_MAX } from './sales-figures.js';

describe('money to the cent', () => {
  it('takes amounts of at most two decimals, however large, and refuses finer ones', () => {
    for (const whole of [0, 1000, 1000.01, 0.29, 0.1, 19.99, 1_234.56, 999_999_999_999.99, MONEY_MAX]) expect(isWholeCents(whole), String(whole)).toBe(true);
    for (const finer of [1000.005, 0.015, 0.001, 19.999, 123_456_789.125, Number.NaN, Number.POSITIVE_INFINITY]) expect(isWholeCents(finer), String(finer)).toBe(false);
  });
});
