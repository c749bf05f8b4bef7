import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, apiText, setCsrfToken } from './api-client.js';

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
