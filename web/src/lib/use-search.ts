import { useCallback, useEffect, useRef, useState } from 'react';
import { isAbortError } from './api-client.js';
import { fetchSearch, searchFailureOf, type SearchFailure, type SearchKind, type SearchResponse } from './search.js';

export interface SearchState {
  /** The answer for the query last answered; kept while the next one loads, so the list does not flash empty. */
  response: SearchResponse | undefined;
  /** The trimmed query `response` answers. */
  answeredQuery: string;
  /** The kinds it was narrowed to, comma-separated ('' for every kind). */
  answeredKinds: string;
  isLoading: boolean;
  failure: SearchFailure | undefined;
  retry(): void;
}

interface SearchOptions {
  /** How long typing must pause before the request goes: 0 asks at once. */
  debounceMs: number;
  kinds?: readonly SearchKind[];
  limit?: number;
}

const NOTHING = { response: undefined, answeredQuery: '', answeredKinds: '', isLoading: false, failure: undefined };

/**
 * Searches as the query changes. A request nobody waits for any more is cancelled: when the words change, when the
 * search is emptied (the dialog closed) and when the page or dialog goes away, so the server stops working for it.
 * Each request also gets a ticket, and only the latest ticket's answer is kept: an answer can be on its way already
 * when its request is cancelled, and "lau" must never replace "launch".
 */
export function useSearch(orgId: string, query: string, options: SearchOptions): SearchState {
  const trimmed = query.trim();
  const { debounceMs, limit } = options;
  const kindsKey = (options.kinds ?? []).join(',');
  const latestTicket = useRef(0);
  const [state, setState] = useState<Omit<SearchState, 'retry'>>(NOTHING);
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    latestTicket.current += 1;
    const ticket = latestTicket.current;
    if (trimmed === '') {
      setState(NOTHING);
      return;
    }
    setState((current) => ({ ...current, isLoading: true }));
    const kinds = kindsKey === '' ? [] : (kindsKey.split(',') as SearchKind[]);
    const request = new AbortController();
    const timer = window.setTimeout(() => {
      fetchSearch(orgId, trimmed, { kinds, signal: request.signal, ...(limit === undefined ? {} : { limit }) }).then(
        (response) => {
          if (ticket === latestTicket.current) setState({ response, answeredQuery: trimmed, answeredKinds: kindsKey, isLoading: false, failure: undefined });
        },
        (error: unknown) => {
          // A cancelled request is no failure: a newer one (or none, the search being gone) has taken its place.
          if (isAbortError(error)) return;
          if (ticket === latestTicket.current) setState({ response: undefined, answeredQuery: trimmed, answeredKinds: kindsKey, isLoading: false, failure: searchFailureOf(error) });
        },
      );
    }, debounceMs);
    return () => {
      window.clearTimeout(timer);
      request.abort();
    };
  }, [orgId, trimmed, kindsKey, limit, debounceMs, generation]);

  // Leaving (the dialog closed, the page left) makes any answer still on its way stale.
  useEffect(
    () => () => {
      latestTicket.current += 1;
    },
    [],
  );

  const retry = useCallback(() => setGeneration((value) => value + 1), []);
  return { ...state, retry };
}
