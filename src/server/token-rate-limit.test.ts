import { describe, expect, it } from 'vitest';
import { createTokenRateLimit } from './token-rate-limit.js';

describe('the per-token request limit', () => {
  it('lets a token make its requests of a minute, then says how long to wait, and starts again the next minute', () => {
    const limit = createTokenRateLimit(3);
    const start = 1_000_000;
    expect([0, 1, 2].map((n) => limit.take('a', start + n))).toEqual([null, null, null]);
    expect(limit.take('a', start + 20_000)).toBe(40);
    // Another token has its own count.
    expect(limit.take('b', start + 20_000)).toBeNull();
    expect(limit.take('a', start + 60_000)).toBeNull();
  });

  it('counts nothing when the limit is 0', () => {
    const limit = createTokenRateLimit(0);
    for (let n = 0; n < 10_000; n++) expect(limit.take('a')).toBeNull();
  });
});
