import { describe, expect, it } from 'vitest';
import { hasJustEnteredLastMinutes, readingTimeLeftText } from './reading-clock.js';

describe('readingTimeLeftText', () => {
  it('says whole minutes, rounded up, then less than a minute, then that the time is up', () => {
    expect(readingTimeLeftText(30 * 60_000)).toBe('30 minutes of reading left');
    expect(readingTimeLeftText(4 * 60_000 + 1)).toBe('5 minutes of reading left');
    expect(readingTimeLeftText(2 * 60_000)).toBe('2 minutes of reading left');
    expect(readingTimeLeftText(60_000 + 1)).toBe('2 minutes of reading left');
    expect(readingTimeLeftText(60_000)).toBe('Less than a minute of reading left');
    expect(readingTimeLeftText(1)).toBe('Less than a minute of reading left');
    expect(readingTimeLeftText(0)).toBe('The reading time is up');
    expect(readingTimeLeftText(-5_000)).toBe('The reading time is up');
  });
});

describe('hasJustEnteredLastMinutes', () => {
  it('is true once, when the time left crosses five minutes while the page watches', () => {
    expect(hasJustEnteredLastMinutes(5 * 60_000 + 1, 5 * 60_000)).toBe(true);
    expect(hasJustEnteredLastMinutes(6 * 60_000, 4 * 60_000)).toBe(true);
    expect(hasJustEnteredLastMinutes(5 * 60_000, 4 * 60_000)).toBe(false);
    expect(hasJustEnteredLastMinutes(10 * 60_000, 6 * 60_000)).toBe(false);
  });

  it('is false on the first look (a meeting opened in its last minutes) and when the time is already up', () => {
    expect(hasJustEnteredLastMinutes(null, 3 * 60_000)).toBe(false);
    expect(hasJustEnteredLastMinutes(6 * 60_000, 0)).toBe(false);
  });
});
