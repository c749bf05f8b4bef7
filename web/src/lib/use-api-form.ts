import { useCallback, useState, type FormEvent } from 'react';
import { isApiError, messageOf, type ApiError } from './api-client.js';

export interface ApiForm {
  isPending: boolean;
  /** The server's message for a field this form shows, placed next to that field. */
  errorFor(field: string): string | undefined;
  /** A message that belongs to no visible field (shown at the top of the form). */
  formError: string | undefined;
  handleSubmit(action: () => Promise<void>): (event: FormEvent<HTMLFormElement>) => Promise<void>;
  clear(): void;
}

/**
 * The other fields a schema refusal names (`data.issues`: every problem of the body, not only the first), placed
 * beside their inputs too, so one submit shows everything to fix.
 */
function otherFieldIssues(error: ApiError, fields: readonly string[]): Record<string, string> {
  const issues = error.data?.['issues'];
  if (!Array.isArray(issues)) return {};
  const placed: Record<string, string> = {};
  for (const issue of issues as Array<{ field?: unknown; message?: unknown }>) {
    if (typeof issue.field !== 'string' || typeof issue.message !== 'string') continue;
    const field = issue.field.replace(/^body\./, '');
    if (!fields.includes(field) || field in placed) continue;
    placed[field] = issue.message.charAt(0).toUpperCase() + issue.message.slice(1);
  }
  return placed;
}

/** Where an error goes when the server's own `field` is not one of the form's inputs (`field` undefined: above the form, with `message`). */
export type ErrorPlacement = (error: ApiError) => { field: string | undefined; message: string } | undefined;

/**
 * Runs a form's API call and sorts its failure: an error naming one of `fields` goes next to that
 * field, anything else above the form. The server's wording is kept, since it already names the rule.
 * `placeError` is for errors that point into something the form edits as one input (a line of an
 * uploaded config names a YAML key path, not an input) or that name a rule instead of a field.
 */
export function useApiForm(fields: readonly string[], placeError?: ErrorPlacement): ApiForm {
  const [isPending, setPending] = useState(false);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | undefined>();

  const clear = useCallback(() => {
    setFieldErrors({});
    setFormError(undefined);
  }, []);

  const handleSubmit = useCallback(
    (action: () => Promise<void>) => async (event: FormEvent<HTMLFormElement>) => {
      event.preventDefault();
      if (isPending) return;
      // React clears currentTarget once the handler yields: keep the form for after the await.
      const form = event.currentTarget;
      clear();
      setPending(true);
      try {
        await action();
      } catch (error) {
        const placed = isApiError(error) ? placeError?.(error) : undefined;
        const field = placed ? placed.field : isApiError(error) ? error.formField : undefined;
        if (field && fields.includes(field)) {
          const errors = { ...(isApiError(error) ? otherFieldIssues(error, fields) : {}), [field]: placed?.message ?? (isApiError(error) ? error.messageForField : messageOf(error)) };
          setFieldErrors(errors);
          // Put the caret where the first fix is needed, in the form's own order.
          const first = [...form.elements].find((element) => element instanceof HTMLElement && 'name' in element && typeof element.name === 'string' && element.name in errors);
          if (first instanceof HTMLElement) first.focus();
        } else {
          setFormError(placed?.message ?? messageOf(error));
        }
      } finally {
        setPending(false);
      }
    },
    [clear, fields, isPending, placeError],
  );

  return { isPending, errorFor: (field) => fieldErrors[field], formError, handleSubmit, clear };
}
