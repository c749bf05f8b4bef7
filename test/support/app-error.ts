import { AppError, type AppErrorDetails } from '../../src/domain/errors.js';

/** Runs code that must refuse with an AppError and returns it; anything else fails the test. */
export function appErrorOf(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError, but nothing was thrown');
}

/** The details (field, rule, ...) of the AppError the code must refuse with. */
export const errorDetailsOf = (run: () => unknown): AppErrorDetails => appErrorOf(run).details;
