import { createWriteStream, readFileSync, renameSync, rmSync } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip, gunzipSync } from 'node:zlib';
import { AppError } from '../domain/errors.js';
import { cannotRead } from './cannot-read.js';

/**
 * The file of `pulse orgs export` and `pulse orgs import`, written and read. A module of its own, loaded by those
 * two commands only: zlib and the stream helpers would otherwise load with every command of the CLI.
 */

/**
 * Writes the export's lines to `path` (gzipped when it ends in .gz), beside the target first and renamed when
 * complete, so that a failed export never leaves half a file.
 */
export async function writeExportFile(path: string, lines: Iterable<string>): Promise<void> {
  const partial = `${path}.partial`;
  try {
    const text = Readable.from(lines);
    // Readable by its owner only: the file holds password hashes and confidential records, like a backup.
    const file = createWriteStream(partial, { mode: 0o600 });
    if (path.endsWith('.gz')) await pipeline(text, createGzip(), file);
    else await pipeline(text, file);
    renameSync(partial, path);
  } catch (error) {
    rmSync(partial, { force: true });
    throw new AppError('invalid_data', `Cannot write ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`, { file: path });
  }
}

/** The export file's text, gunzipped when it is compressed (by its bytes, whatever its name). */
export function readExportFile(file: string): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw cannotRead(file, error);
  }
  const tooLarge = new AppError('payload_too_large', `The file holds more than ${MAX_EXPORT_MB} MB of JSON, more than one import reads at once.`, { file });
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes, { maxOutputLength: MAX_EXPORT_MB * 1024 * 1024 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge;
      throw new AppError('invalid_data', `The file looks compressed (gzip) but cannot be uncompressed: ${(error as Error).message}.`, { file });
    }
  }
  if (bytes.length > MAX_EXPORT_MB * 1024 * 1024) throw tooLarge;
  return bytes.toString('utf8');
}

/** The most JSON an import reads (in one string: V8's limit is a little over this). */
const MAX_EXPORT_MB = 500;
