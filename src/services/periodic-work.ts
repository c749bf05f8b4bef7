/**
 * Runs `work` now and then every `intervalMs` until stopped, for the server's background jobs (scheduled deck
 * refreshes, the outbox's sender). A run that outlasts the interval is not joined by a second one in this process
 * (other instances coordinate through the database), a failed run is reported and the next tick tries again, and the
 * timer never keeps the process alive. `stop` waits for the run under way, so the database can close after it.
 */
export function startPeriodicWork(work: () => Promise<unknown>, intervalMs: number, onFailure: (error: Error) => void): { stop(): Promise<void> } {
  let running: Promise<unknown> = Promise.resolve();
  let isRunning = false;
  let isStopped = false;
  const tick = () => {
    if (isRunning || isStopped) return;
    isRunning = true;
    running = work()
      .catch((error: unknown) => onFailure(error instanceof Error ? error : new Error(String(error))))
      .finally(() => {
        isRunning = false;
      });
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  tick();
  return {
    async stop() {
      isStopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
