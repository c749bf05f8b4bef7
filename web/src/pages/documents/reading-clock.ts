/**
 * What the reading meeting's clock says, from the time left: whole minutes, rounded up, down to the last one, then
 * "less than a minute". It changes once a minute at most: a reader glancing up sees how long is left, not a timer
 * running down second by second.
 */
export function readingTimeLeftText(msLeft: number): string {
  if (msLeft <= 0) return 'The reading time is up';
  const minutes = Math.ceil(msLeft / 60_000);
  if (minutes <= 1) return 'Less than a minute of reading left';
  return `${minutes} minutes of reading left`;
}

/** From this many minutes left the page tells a screen reader, once, that the reading is nearly over. */
export const READING_NEARLY_OVER_MINUTES = 5;

/**
 * Whether the time left has just crossed into the reading's last minutes, between two looks at the clock: said once,
 * while the page is open, and not on opening a meeting that is already in them (the clock there says so).
 */
export function hasJustEnteredLastMinutes(previousMsLeft: number | null, msLeft: number): boolean {
  const threshold = READING_NEARLY_OVER_MINUTES * 60_000;
  return previousMsLeft !== null && previousMsLeft > threshold && msLeft <= threshold && msLeft > 0;
}
