import { HTTPException } from 'hono/http-exception';
import { describe, expect, it } from 'vitest';
import { toAppError } from './http-errors.js';
import { malformedJsonError, NOT_JSON_MESSAGE } from './json-body.js';

describe('malformedJsonError', () => {
  it('says where a body stops being JSON, with its line and column', () => {
    expect(malformedJsonError('{"title": "a",\n "summary": tru}')).toMatchObject({
      code: 'validation_failed',
      details: { field: 'body', line: 2, column: 13 },
      message: expect.stringMatching(/^The request body is not valid JSON at line 2, column 13: /),
    });
    expect(malformedJsonError('[1, 2').message).toMatch(/the body ends where .* should follow \(is it cut short\?\)\.$/);
  });
});

describe('toAppError', () => {
  it('answers the validator\'s malformed-JSON refusal in Pulse\'s words when the body cannot be read again', () => {
    const error = toAppError(new HTTPException(400, { message: 'Malformed JSON in request body' }), () => {});
    expect(error).toMatchObject({ code: 'validation_failed', message: NOT_JSON_MESSAGE, details: { field: 'body' } });
  });
});
