import { useCallback, useState, type FormEvent } from 'react';
import { isApiError, messageOf } from './api-client.js';

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
 * Runs a form's API call and sorts its failure: an error naming one of `fields` goes next to that
 * field, anything else above the form. The server's wording is kept, since it already names the rule.
 */
export function useApiForm(fields: readonly string[]): ApiForm {
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
        const field = isApiError(error) ? error.formField : undefined;
        if (field && fields.includes(field)) {
          setFieldErrors({ [field]: isApiError(error) ? error.messageForField : messageOf(error) });
          // Put the caret where the fix is needed.
          const input = form.elements.namedItem(field);
          if (input instanceof HTMLElement) input.focus();
        } else {
          setFormError(messageOf(error));
        }
      } finally {
        setPending(false);
      }
    },
    [clear, fields, isPending],
  );

  return { isPending, errorFor: (field) => fieldErrors[field], formError, handleSubmit, clear };
}
