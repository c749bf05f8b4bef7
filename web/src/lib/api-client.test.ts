import { describe, expect, it } from 'vitest';
import { ApiError } from './api-client.js';

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

  it('has no form field when the server named none', () => {
    expect(new ApiError(401, 'unauthenticated', 'Sign in first.').formField).toBeUndefined();
  });
});
