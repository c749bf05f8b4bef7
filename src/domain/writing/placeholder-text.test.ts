import { describe, expect, it } from 'vitest';
import { isPlaceholderText } from './placeholder-text.js';

describe('isPlaceholderText', () => {
  it('finds text that says nothing: no words, placeholder words only, one letter or one word repeated', () => {
    for (const text of ['', '  ', '???', '-', 'TBD', 'n/a', 'To do.', 'See above', 'same as above', 'xxx', 'Lorem ipsum', 'test test test']) {
      expect(isPlaceholderText(text), text).toBe(true);
    }
    for (const text of ['Seattle.', 'No.', '5', '$99', '11', 'Landlords pay for the lockers.', 'See the pricing table below.']) expect(isPlaceholderText(text), text).toBe(false);
  });

  it('takes words a caller adds for its own kind of text', () => {
    expect(isPlaceholderText('None.')).toBe(false);
    expect(isPlaceholderText('None.', new Set(['none']))).toBe(true);
  });
});
