import { describe, expect, it } from 'vitest';
import { firstInvalidUtf8 } from './utf8.js';

const bytes = (...values: number[]) => new Uint8Array(values);

describe('firstInvalidUtf8', () => {
  it('finds nothing wrong in well-formed UTF-8, from ASCII to emoji', () => {
    expect(firstInvalidUtf8(new TextEncoder().encode('plain ASCII, é, 中文, 😀'))).toBe(-1);
    expect(firstInvalidUtf8(bytes())).toBe(-1);
  });

  it('finds the first byte that is not well-formed UTF-8', () => {
    expect(firstInvalidUtf8(bytes(0x61, 0xff))).toBe(1);
    expect(firstInvalidUtf8(bytes(0x61, 0xe9, 0x62))).toBe(1); // é in Latin-1
    expect(firstInvalidUtf8(bytes(0x61, 0xc3))).toBe(1); // cut short
    expect(firstInvalidUtf8(bytes(0x80))).toBe(0); // a continuation byte with no lead
    expect(firstInvalidUtf8(bytes(0xc0, 0xaf))).toBe(0); // overlong
    expect(firstInvalidUtf8(bytes(0xe0, 0x80, 0xaf))).toBe(0); // overlong, three bytes
    expect(firstInvalidUtf8(bytes(0xed, 0xa0, 0x80))).toBe(0); // a surrogate
    expect(firstInvalidUtf8(bytes(0xf4, 0x90, 0x80, 0x80))).toBe(0); // past U+10FFFF
    expect(firstInvalidUtf8(bytes(0xe2, 0x82, 0xac, 0x62, 0xe2, 0x28))).toBe(4);
  });

  it('agrees with a strict decoder on every two-byte sequence', () => {
    const strict = new TextDecoder('utf-8', { fatal: true });
    for (let first = 0; first < 256; first++) {
      for (let second = 0; second < 256; second += 17) {
        const pair = bytes(first, second);
        let isValid = true;
        try {
          strict.decode(pair);
        } catch {
          isValid = false;
        }
        expect(firstInvalidUtf8(pair) === -1).toBe(isValid);
      }
    }
  });
});
