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
