import { afterEach, describe, expect, it, vi } from 'vitest';
import { api, ApiError, apiText, isAbortError, RequestAbortedError, setCsrfToken } from './api-client.js';

describe('ApiError', () => {
  it('names a schema error’s field as the form names it and drops the path from its message', () => {
    const error = new ApiError(400, 'validation_failed', 'body.email: must be an email address', 'body.email');
    expect(error.formField).toBe('email');
    expect(error.messageForField).toBe('Must be an email address');
  });

  it('keeps a rule error’s field and message as they are', () => {
    const error = new ApiError(400, 'validation_failed', 'A password needs at least 10 characters.', 'password');
    expect(error.formField).toBe('password');
    expect(error.messageForField).toBe('A password needs at least 10 characters.');
  });

  it('drops a service error’s own field from the start of its message, and only that field', () => {
    const error = new ApiError(400, 'validation_failed', 'ownerPersonId: Ben Vee left the company on 2026-11-20.', 'ownerPersonId');
    expect(error.formField).toBe('ownerPersonId');
    expect(error.messageForField).toBe('Ben Vee left the company on 2026-11-20.');
    expect(new ApiError(400, 'validation_failed', 'name: too long', 'definition').messageForField).toBe('Name: too long');
  });

  it('drops the service’s own field from its message when the API names it under body.', () => {
    const error = new ApiError(400, 'validation_failed', 'ownerPersonId: Ben Vee left the company on 2026-11-20.', 'body.ownerPersonId');
    expect(error.formField).toBe('ownerPersonId');
    expect(error.messageForField).toBe('Ben Vee left the company on 2026-11-20.');
    expect(new ApiError(400, 'validation_failed', 'rows.0.date: 2026-11-02 is pushed twice.', 'body.rows.0.date').messageForField).toBe('2026-11-02 is pushed twice.');
  });

  it('names a path parameter the form chose as the form names it', () => {
    const error = new ApiError(400, 'validation_failed', 'personId: Ben Vee left the company on Nov 20, 2026; a quota is for a current seller.', 'param.personId');
    expect(error.formField).toBe('personId');
    expect(error.messageForField).toBe('Ben Vee left the company on Nov 20, 2026; a quota is for a current seller.');
    expect(new ApiError(400, 'validation_failed', 'input: no metric is called "Refunds".', 'query.input').formField).toBe('input');
  });

  it('has no form field when the server named none', () => {
    expect(new ApiError(401, 'unauthenticated', 'Sign in first.').formField).toBeUndefined();
  });
});

describe('apiText', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    setCsrfToken(null);
  });

  it('sends the body as it is, with its content type and the CSRF header', async () => {
    const fetchMock = vi.fn(async () => new Response(JSON.stringify({ deck: { id: 'd1' } }), { status: 200 }));
    vi.stubGlobal('fetch', fetchMock);
    setCsrfToken('token-1');
    expect(await apiText('PUT', '/orgs/o1/wbr/decks/d1/data?fileName=a.csv', 'Date,Sales\n2024-12-28,5\n', 'text/csv')).toEqual({ deck: { id: 'd1' } });
    expect(fetchMock).toHaveBeenCalledWith('/api/v1/orgs/o1/wbr/decks/d1/data?fileName=a.csv', {
      method: 'PUT',
      headers: { accept: 'application/json', 'content-type': 'text/csv', 'x-csrf-token': 'token-1' },
      credentials: 'same-origin',
      body: 'Date,Sales\n2024-12-28,5\n',
    });
  });

  it('reads an error the way `api` does, with the line and column it names', async () => {
    const body = { error: { code: 'invalid_data', message: 'The cell "five" in column "Sales" is not a number.', file: 'a.csv', line: 3, column: 2 } };
    vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify(body), { status: 400 })));
    const error = await apiText('PUT', '/orgs/o1/wbr/decks/d1/data?fileName=a.csv', 'x', 'text/csv').catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 400, code: 'invalid_data', file: 'a.csv', line: 3, column: 2, rule: undefined });
  });
});

describe('a request cancelled through its signal', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  /** A fetch that answers only when told, and rejects as the browser does when its signal aborts. */
  function stubSlowFetch() {
    const calls: { signal: AbortSignal | undefined }[] = [];
    const fetchMock = vi.fn(
      (_input: string, init: RequestInit) =>
        new Promise<Response>((_resolve, reject) => {
          const signal = init.signal ?? undefined;
          calls.push({ signal });
          signal?.addEventListener('abort', () => reject(new DOMException('The operation was aborted.', 'AbortError')));
        }),
    );
    vi.stubGlobal('fetch', fetchMock);
    return { fetchMock, calls };
  }

  it('hands the signal to fetch and rejects with a RequestAbortedError, not an ApiError, when it is aborted', async () => {
    const { calls } = stubSlowFetch();
    const controller = new AbortController();
    const answer = api('GET', '/orgs/o1/search?q=lau', undefined, { signal: controller.signal });
    expect(calls[0]?.signal).toBe(controller.signal);
    controller.abort();
    const error = await answer.catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(RequestAbortedError);
    expect(error).not.toBeInstanceOf(ApiError);
    expect(isAbortError(error)).toBe(true);
  });

  it('never calls the server for a signal already aborted', async () => {
    const { fetchMock } = stubSlowFetch();
    const controller = new AbortController();
    controller.abort();
    await expect(api('GET', '/orgs/o1/home', undefined, { signal: controller.signal })).rejects.toBeInstanceOf(RequestAbortedError);
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('is cancelled while the answer’s body is still being read', async () => {
    const controller = new AbortController();
    const body = new ReadableStream<Uint8Array>({
      start(stream) {
        stream.enqueue(new TextEncoder().encode('{"results":'));
        controller.signal.addEventListener('abort', () => stream.error(new DOMException('The operation was aborted.', 'AbortError')));
      },
    });
    vi.stubGlobal('fetch', vi.fn(async () => new Response(body, { status: 200 })));
    const answer = api('GET', '/orgs/o1/search?q=launch', undefined, { signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 0));
    controller.abort();
    await expect(answer).rejects.toBeInstanceOf(RequestAbortedError);
  });

  it('drops an answer read in full just as its request was cancelled: a late answer never lands', async () => {
    const controller = new AbortController();
    const readAnswer = async () => {
      controller.abort();
      return '{"query":"lau"}';
    };
    const answer = { ok: true, status: 200, text: readAnswer };
    vi.stubGlobal('fetch', vi.fn(async () => answer));
    await expect(api('GET', '/orgs/o1/search?q=lau', undefined, { signal: controller.signal })).rejects.toBeInstanceOf(RequestAbortedError);
  });

  it('still reports a network failure as one, signal or not', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))));
    const error = await api('GET', '/orgs/o1/home', undefined, { signal: new AbortController().signal }).catch((failure: unknown) => failure);
    expect(error).toMatchObject({ status: 0, code: 'network' });
    expect(isAbortError(error)).toBe(false);
  });

  it('sends no signal where the caller gave none, as before', async () => {
    const fetchMock = vi.fn(async () => new Response('{"ok":true}', { status: 200 }));
    vi.stubGlobal('fetch', fetchMock);
    expect(await api('GET', '/orgs/o1/home')).toEqual({ ok: true });
    expect(fetchMock).toHaveBeenCalledWith('/api/v1/orgs/o1/home', { method: 'GET', headers: { accept: 'application/json' }, credentials: 'same-origin', body: undefined });
  });
});
