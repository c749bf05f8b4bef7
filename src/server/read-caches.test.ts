import { describe, expect, it } from 'vitest';
import { TtlCache } from './read-caches.js';

describe('TtlCache', () => {
  it('forgets an entry once its time is up', () => {
    let now = 1_000;
    const cache = new TtlCache<string>(5_000, 10, () => true, () => now);
    cache.set('a', 'alpha');
    now += 4_999;
    expect(cache.get('a')).toBe('alpha');
    now += 1;
    expect(cache.get('a')).toBeUndefined();
  });

  it('evicts the oldest entry when full', () => {
    const cache = new TtlCache<number>(60_000, 2);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('c', 3);
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual([undefined, 2, 3]);
  });

  it('keeps nothing when the time to live is zero, or while it is disabled (change feed down)', () => {
    expect(((cache) => (cache.set('a', 1), cache.get('a')))(new TtlCache<number>(0, 10))).toBeUndefined();
    let isLive = false;
    const gated = new TtlCache<number>(60_000, 10, () => isLive);
    gated.set('a', 1);
    expect(gated.get('a')).toBeUndefined();
    isLive = true;
    gated.set('a', 1);
    expect(gated.get('a')).toBe(1);
    isLive = false;
    expect(gated.get('a')).toBeUndefined();
  });

  it('loads once and serves from memory after', async () => {
    const cache = new TtlCache<string>(60_000, 10);
    let loads = 0;
    const load = async () => `value ${++loads}`;
    expect(await cache.getOrLoad('k', load)).toBe('value 1');
    expect(await cache.getOrLoad('k', load)).toBe('value 1');
    expect(loads).toBe(1);
  });

  it('does not keep a value whose load overlapped an invalidation (it may predate the write)', async () => {
    const cache = new TtlCache<string>(60_000, 10);
    let finishLoad: (value: string) => void = () => undefined;
    const pending = cache.getOrLoad('k', () => new Promise<string>((resolve) => (finishLoad = resolve)));
    cache.delete('k'); // a write lands while the read is in flight
    finishLoad('stale');
    expect(await pending).toBe('stale');
    expect(cache.get('k')).toBeUndefined();
  });

  it('does not keep "not found" answers', async () => {
    const cache = new TtlCache<string>(60_000, 10);
    expect(await cache.getOrLoad('k', async () => null)).toBeNull();
    expect(await cache.getOrLoad('k', async () => 'found')).toBe('found');
  });
});
