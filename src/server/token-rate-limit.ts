/**
 * Requests per API token and minute, counted by this instance: a script stuck in a loop, or a leaked token in a
 * hurry, slows down to the limit instead of taking the server from everyone. A fixed one-minute window per token is
 * enough for that (a burst at a window's edge may reach twice the limit for a moment); several instances each count
 * their own share. Sessions are people at a browser and are not counted.
 */
export interface TokenRateLimit {
  /** Counts one request of the token; the seconds to wait when it is over the limit, else null. */
  take(tokenId: string, now?: number): number | null;
}

const WINDOW_MS = 60_000;

export function createTokenRateLimit(perMinute: number): TokenRateLimit {
  if (perMinute <= 0) return { take: () => null };
  let windowStart = 0;
  let counts = new Map<string, number>();
  return {
    take(tokenId, now = Date.now()) {
      if (now - windowStart >= WINDOW_MS) {
        // A new window forgets every token at once: memory holds only the tokens of the last minute.
        windowStart = now;
        counts = new Map();
      }
      const count = (counts.get(tokenId) ?? 0) + 1;
      counts.set(tokenId, count);
      return count > perMinute ? Math.max(1, Math.ceil((windowStart + WINDOW_MS - now) / 1000)) : null;
    },
  };
}
