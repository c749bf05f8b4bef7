import { describe, expect, it } from 'vitest';
import { localDateTimeValue } from './format.js';

describe('localDateTimeValue', () => {
  it('writes the moment on the reader\'s own clock, as a datetime-local field reads it back', () => {
    const moment = new Date(2026, 10, 27, 5, 7, 59);
    expect(localDateTimeValue(moment)).toBe('2026-11-27T05:07');
    // Read back by the field's rules (local time), it is the same minute, whatever the time zone.
    expect(new Date(localDateTimeValue(moment)).getTime()).toBe(new Date(2026, 10, 27, 5, 7).getTime());
  });
});
