import { useCallback, useEffect, useState } from 'react';
import { messageOf } from './api-client.js';

export interface Resource<T> {
  data: T | undefined;
  error: string | undefined;
  isLoading: boolean;
  reload(): void;
  /** Replaces the data with a write's answer, so the page needs no second request. */
  setData(update: T | ((current: T | undefined) => T)): void;
}

/** Loads data for a page and reloads it when `key` changes (another org, another principle). */
export function useResource<T>(load: () => Promise<T>, key: string): Resource<T> {
  const [data, setData] = useState<T | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [isLoading, setLoading] = useState(true);
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    let isCurrent = true;
    setLoading(true);
    setError(undefined);
    load()
      .then((loaded) => {
        if (isCurrent) setData(loaded);
      })
      .catch((failure: unknown) => {
        if (isCurrent) setError(messageOf(failure));
      })
      .finally(() => {
        if (isCurrent) setLoading(false);
      });
    return () => {
      isCurrent = false;
    };
    // `load` is a fresh closure each render; `key` says when what it loads changes.
  }, [key, generation]);

  const reload = useCallback(() => setGeneration((value) => value + 1), []);
  return { data, error, isLoading, reload, setData };
}
