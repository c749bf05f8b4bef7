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

/** Awaits work that must refuse with an AppError of `code`, whose message matches and whose details include `details`. */
export async function expectAppError(work: Promise<unknown>, code: AppError['code'], message: RegExp, details: AppErrorDetails = {}): Promise<AppError> {
  let refusal: unknown;
  try {
    await work;
  } catch (error) {
    refusal = error;
  }
  if (!(refusal instanceof AppError)) throw new Error(`expected an AppError ${code}, got ${refusal === undefined ? 'no error' : String(refusal)}`);
  if (refusal.code !== code || !message.test(refusal.message)) throw new Error(`expected ${code} matching ${String(message)}, got ${refusal.code}: ${refusal.message}`);
  for (const [key, value] of Object.entries(details)) {
    if ((refusal.details as Record<string, unknown>)[key] !== value) throw new Error(`expected details.${key} = ${JSON.stringify(value)}, got ${JSON.stringify((refusal.details as Record<string, unknown>)[key])}`);
  }
  return refusal;
}
