/**
 * Where bytes stop being UTF-8. A decoder that is not told to be strict reads a bad byte as U+FFFD and goes on,
 * so text in another encoding would be stored mangled without anyone noticing; the edges that read bytes (the
 * API's request bodies, `pulse lint`'s files) refuse it instead and say where it goes wrong. A native check
 * (`isUtf8`, a fatal TextDecoder) is much faster on the whole; this scan runs once that check has failed.
 */

/** The offset of the first byte that does not belong to well-formed UTF-8, or -1 when all of it does. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  for (let at = 0; at < bytes.length;) {
    const first = bytes[at] as number;
    if (first < 0x80) {
      at++;
      continue;
    }
    const length = first >= 0xc2 && first <= 0xdf ? 2 : first >= 0xe0 && first <= 0xef ? 3 : first >= 0xf0 && first <= 0xf4 ? 4 : 0;
    if (length === 0 || at + length > bytes.length) return at;
    // The second byte's range is narrower after some lead bytes (no overlong forms, no surrogates, nothing past U+10FFFF).
    const low = first === 0xe0 ? 0xa0 : first === 0xf0 ? 0x90 : 0x80;
    const high = first === 0xed ? 0x9f : first === 0xf4 ? 0x8f : 0xbf;
    const second = bytes[at + 1] as number;
    if (second < low || second > high) return at;
    for (let next = 2; next < length; next++) {
      const byte = bytes[at + next] as number;
      if (byte < 0x80 || byte > 0xbf) return at;
    }
    at += length;
  }
  return -1;
}
