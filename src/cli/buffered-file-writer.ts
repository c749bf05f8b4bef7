import { writeSync } from 'node:fs';

/**
 * Text (or bytes) written to an open file through one reused 64 KB buffer: each chunk is encoded straight into it and the
 * buffer goes out when full (one system call per 64 KB, no joined strings to flatten, no new buffer per write).
 * 64 KB is small enough to come from memory the process has already touched (a 1 MB buffer is fresh pages, and
 * faulting them in cost more than the writes it saved) and large enough for few writes.
 */
export function bufferedFileWriter(fd: number, bufferBytes = 64 * 1024): { write(chunk: string): void; writeBytes(chunk: Uint8Array): void; flush(): void } {
  const buffer = Buffer.allocUnsafe(bufferBytes);
  let used = 0;
  const flush = (): void => {
    for (let written = 0; written < used;) written += writeSync(fd, buffer, written, used - written);
    used = 0;
  };
  const write = (chunk: string): void => {
    // A UTF-16 code unit takes at most 3 bytes in UTF-8.
    if (chunk.length * 3 > buffer.length - used) {
      flush();
      if (chunk.length * 3 > buffer.length) { writeSync(fd, chunk); return; }
    }
    used += buffer.write(chunk, used);
  };
  /** Bytes already encoded (a PDF's pieces, most of them a few bytes long). */
  const writeBytes = (chunk: Uint8Array): void => {
    if (chunk.length > buffer.length - used) {
      flush();
      if (chunk.length > buffer.length) {
        for (let written = 0; written < chunk.length;) written += writeSync(fd, chunk, written, chunk.length - written);
        return;
      }
    }
    buffer.set(chunk, used);
    used += chunk.length;
  };
  return { write, writeBytes, flush };
}
