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

/** Where an error goes when the server's own `field` is not one of the form's inputs. */
export type ErrorPlacement = (error: ApiError) => { field: string; message: string } | undefined;

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
        const field = placed?.field ?? (isApiError(error) ? error.formField : undefined);
        if (field && fields.includes(field)) {
          setFieldErrors({ [field]: placed?.message ?? (isApiError(error) ? error.messageForField : messageOf(error)) });
          // Put the caret where the fix is needed.
          const input = form.elements.namedItem(field);
          if (input instanceof HTMLElement) input.focus();
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
