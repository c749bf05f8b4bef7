import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bufferedFileWriter } from '../../src/cli/buffered-file-writer.js';

const work = mkdtempSync(join(tmpdir(), 'pulse-writer-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the buffered file writer', () => {
  it('keeps text and bytes in the order written, across buffer ends and pieces larger than the buffer', () => {
    const path = join(work, 'mixed.bin');
    const fd = openSync(path, 'w');
    const writer = bufferedFileWriter(fd, 16);
    const expected: number[] = [];
    const text = (chunk: string) => { writer.write(chunk); expected.push(...new TextEncoder().encode(chunk)); };
    const bytes = (chunk: Uint8Array) => { writer.writeBytes(chunk); expected.push(...chunk); };
    text('é€');
    bytes(Uint8Array.from([1, 2, 3]));
    bytes(Uint8Array.from({ length: 15 }, (_, i) => 100 + i)); // does not fit after the first pieces: flushed first
    bytes(Uint8Array.from({ length: 40 }, (_, i) => i)); // larger than the buffer: written straight through
    text('tail');
    writer.flush();
    closeSync(fd);
    expect([...readFileSync(path)]).toEqual(expected);
  });
});
