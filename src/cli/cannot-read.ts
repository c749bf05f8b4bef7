import { AppError } from '../domain/errors.js';

/** A file the CLI was told to read and could not: named, with the reason in words (never a stack). */
export function cannotRead(path: string, error: unknown): AppError {
  return new AppError('not_found', `Cannot read ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}.`, { file: path });
}
