import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startPeriodicWork } from './periodic-work.js';

/** A run the test finishes when it chooses. */
function controlledRuns() {
  const finishers: Array<(error?: Error) => void> = [];
  const work = vi.fn(() => new Promise<void>((resolve, reject) => finishers.push((error) => (error ? reject(error) : resolve()))));
  return { work, finish: (index: number, error?: Error) => finishers[index]!(error) };
}

describe('periodic background work', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('runs at once, then each interval, never two runs at a time', async () => {
    const { work, finish } = controlledRuns();
    const periodic = startPeriodicWork(work, 1000, () => {});
    expect(work).toHaveBeenCalledTimes(1);
    // The first run outlasts two ticks: no second run joins it.
    await vi.advanceTimersByTimeAsync(2500);
    expect(work).toHaveBeenCalledTimes(1);
    finish(0);
    await vi.advanceTimersByTimeAsync(1000);
    expect(work).toHaveBeenCalledTimes(2);
    finish(1);
    await periodic.stop();
  });

  it('reports a failed run and tries again at the next tick', async () => {
    const { work, finish } = controlledRuns();
    const failures: string[] = [];
    const periodic = startPeriodicWork(work, 1000, (error) => failures.push(error.message));
    finish(0, new Error('database gone'));
    await vi.advanceTimersByTimeAsync(1000);
    expect(failures).toEqual(['database gone']);
    expect(work).toHaveBeenCalledTimes(2);
    finish(1);
    await periodic.stop();
  });

  it('waits on stop for the run under way, and starts none after it', async () => {
    const { work, finish } = controlledRuns();
    const periodic = startPeriodicWork(work, 1000, () => {});
    let isStopped = false;
    const stopping = periodic.stop().then(() => {
      isStopped = true;
    });
    await vi.advanceTimersByTimeAsync(5000);
    expect(isStopped).toBe(false);
    finish(0);
    await stopping;
    expect(isStopped).toBe(true);
    await vi.advanceTimersByTimeAsync(5000);
    expect(work).toHaveBeenCalledTimes(1);
  });
});
