import { useCallback, useEffect, useState } from 'react';
import { isAbortError, messageOf } from './api-client.js';

export interface Resource<T> {
  data: T | undefined;
  error: string | undefined;
  isLoading: boolean;
  reload(): void;
  /** Replaces the data with a write's answer, so the page needs no second request. */
  setData(update: T | ((current: T | undefined) => T)): void;
}

/**
 * Loads data for a page and reloads it when `key` changes (another org, another principle). `load` gets a signal to
 * hand to `api`: it is cancelled when the key changes, on a reload and when the page goes away, so a slow answer for
 * the old key never costs the server more work, and never lands on the new page (it is dropped even if it came).
 */
export function useResource<T>(load: (signal: AbortSignal) => Promise<T>, key: string): Resource<T> {
  const [data, setData] = useState<T | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [isLoading, setLoading] = useState(true);
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    let isCurrent = true;
    const request = new AbortController();
    setLoading(true);
    setError(undefined);
    load(request.signal)
      .then((loaded) => {
        if (isCurrent) setData(loaded);
      })
      .catch((failure: unknown) => {
        // A cancelled load is never current (only the cleanup cancels), but a loader may throw its own AbortError.
        if (isCurrent && !isAbortError(failure)) setError(messageOf(failure));
      })
      .finally(() => {
        if (isCurrent) setLoading(false);
      });
    return () => {
      isCurrent = false;
      request.abort();
    };
    // `load` is a fresh closure each render; `key` says when what it loads changes.
  }, [key, generation]);

  const reload = useCallback(() => setGeneration((value) => value + 1), []);
  return { data, error, isLoading, reload, setData };
}
