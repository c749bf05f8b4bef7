import { z } from '@hono/zod-openapi';
import { describe, expect, it } from 'vitest';
import { installValidationMessages } from './validation-messages.js';

installValidationMessages();

function messageOf(schema: z.ZodType, value: unknown): string | undefined {
  const result = schema.safeParse(value);
  return result.success ? undefined : result.error.issues[0]?.message;
}

describe('validation messages', () => {
  it('says what a field must be in plain words, not in the validator\'s terms', () => {
    expect(messageOf(z.coerce.number().int(), 'abc')).toBe('must be a number');
    expect(messageOf(z.number().int(), 1.5)).toBe('must be a whole number');
    expect(messageOf(z.object({ name: z.string() }), {})).toBe('is required');
    expect(messageOf(z.array(z.string()).min(1), [])).toBe('must list at least one');
    expect(messageOf(z.array(z.string()).max(2), ['a', 'b', 'c'])).toBe('must list at most 2');
    expect(messageOf(z.string().min(1), '')).toBe('must not be empty');
    expect(messageOf(z.string().max(3), 'abcd')).toBe('must be at most 3 characters');
    expect(messageOf(z.number().min(1), 0)).toBe('must be at least 1');
    expect(messageOf(z.number().gt(0), 0)).toBe('must be more than 0');
    expect(messageOf(z.string().uuid(), 'nope')).toBe('must be an id (a UUID)');
    expect(messageOf(z.enum(['admin', 'member']), 'owner')).toBe('must be one of "admin", "member"');
    expect(messageOf(z.object({ a: z.string() }).strict(), { a: 'x', b: 1 })).toBe('has a field Pulse does not know: b');
    expect(messageOf(z.record(z.string(), z.number()), 'an object')).toBe('must be an object');
    expect(messageOf(z.tuple([z.string()]), 'a list')).toBe('must be a list');
  });

  it('keeps the message a schema states itself', () => {
    expect(messageOf(z.string().min(1, 'A principle needs a title.'), '')).toBe('A principle needs a title.');
  });
});
