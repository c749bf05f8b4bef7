import { AppError } from '../domain/errors.js';

/** A file the CLI was told to read and could not: named, with the reason in words (never a stack). */
export function cannotRead(path: string, error: unknown): AppError {
  return new AppError('not_found', `Cannot read ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}.`, { file: path });
}

/** The reason a file could not be written, in words. */
function writeReason(error: unknown): string {
  switch ((error as NodeJS.ErrnoException).code) {
    case 'ENOENT':
      return 'its folder does not exist';
    case 'EISDIR':
      return 'it is a folder; name a file in it';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOSPC':
      return 'the disk is full';
    default:
      return (error as Error).message;
  }
}

/** A file the CLI was told to write and could not (`--out`), named with the reason: bad input, exit 1, not a crash. */
export function cannotWrite(path: string, option: string, error: unknown): AppError {
  return new AppError('validation_failed', `${option}: cannot write ${path}: ${writeReason(error)}.`, { field: option, file: path });
}
