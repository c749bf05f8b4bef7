/**
 * A deterministic pseudo-random sequence in [0, 1) (mulberry32): small, fast and good enough to vary generated
 * inputs, so that tests and benchmarks build the same inputs on every machine and a failure can be reproduced.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
