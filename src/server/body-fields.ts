import { AppError, isAppError } from '../domain/errors.js';

/**
 * How the API names a field (decision 019): where the client put it. The schema's refusals already say `body.amount`;
 * services and the domain name an input as their own arguments call it (`ownerPersonId`, `rows.0.date`), because
 * the CLI and background jobs call them too. A route whose service refuses an input it took from the JSON body
 * renames that field on the way out, so a client reads `body.ownerPersonId` as it reads `body.amount`.
 *
 * Only the inputs a route names move, and the message is kept word for word: a route's other fields (a stale
 * write's `baseToken`) keep their name until they are moved with the clients that compare them.
 */
export function renamedField(error: unknown, rename: (field: string) => string | undefined): unknown {
  if (!isAppError(error) || error.details.field === undefined) return error;
  const field = rename(error.details.field);
  if (field === undefined || field === error.details.field) return error;
  return new AppError(error.code, error.message, { ...error.details, field }, { logMessage: error.logMessage, cause: error });
}

/** `bodyFieldOf(['rows'])('rows.0.date')` is `body.rows.0.date`: an input of the list, or any path inside it. */
export const bodyFieldOf = (inputs: readonly string[]) => (field: string): string | undefined =>
  inputs.some((input) => field === input || field.startsWith(`${input}.`)) ? `body.${field}` : undefined;

/** For `.catch(…)` on a service call: rethrows its refusal with the named inputs' fields under `body.`. */
export const bodyFields = (...inputs: string[]) => (error: unknown): never => {
  throw renamedField(error, bodyFieldOf(inputs));
};

/**
 * For `.catch(…)` on a CSV upload, whose file is the request body itself: the services call it `csv` (their input);
 * the client sent it as the body, and `file`, `line` and `column` say where in it.
 */
export const uploadedFileFields = (error: unknown): never => {
  throw renamedField(error, (field) => (field === 'csv' ? 'body' : undefined));
};
