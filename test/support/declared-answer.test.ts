import { z } from '@hono/zod-openapi';
import { describe, expect, it } from 'vitest';
import { answerMismatch, undeclaredField, undeclaredFields } from './declared-answer.js';

/** The contract tests' judge of an answer: each way an answer can differ from its declaration is named, with where. */

const Person = z.object({ id: z.string(), manager: z.object({ id: z.string(), name: z.string() }).nullable(), tags: z.array(z.object({ label: z.string() })) }).openapi('Person');
const declared = {
  200: { content: { 'application/json': { schema: z.object({ person: Person }) } } },
  204: {},
  201: { content: { 'text/csv': {} } },
};
const json = (status: number, body: unknown, contentType = 'application/json') => ({ status, body, headers: new Headers(contentType === '' ? {} : { 'content-type': `${contentType}; charset=UTF-8` }) });
const person = { id: 'p1', manager: { id: 'm1', name: 'Mo' }, tags: [{ label: 'new' }] };

describe('an answer as its route declares it', () => {
  it('passes when the status, content type and every field are declared', () => {
    expect(answerMismatch('GET /people/{personId}', declared, json(200, { person }))).toBeUndefined();
    expect(answerMismatch('GET /people/{personId}', declared, json(200, { person: { ...person, manager: null } }))).toBeUndefined();
    expect(answerMismatch('DELETE /people/{personId}', declared, json(204, '', ''))).toBeUndefined();
    expect(answerMismatch('GET /people/export', declared, json(201, 'id\np1\n', 'text/csv'))).toBeUndefined();
  });

  it('names the route, the status and the first path that differs', () => {
    expect(answerMismatch('GET /people/{personId}', declared, json(200, { person: { ...person, tags: [{ label: 7 }] } }))).toMatch(/^GET \/people\/\{personId\} answered 200, not as declared: at person\.tags\.0\.label: /);
    expect(answerMismatch('GET /people/{personId}', declared, json(200, { person: { ...person, manager: { ...person.manager, email: 'mo@example.test' } } }))).toBe(
      'GET /people/{personId} answered 200, not as declared: at person.manager.email: a field the schema does not declare',
    );
  });

  it('refuses a status, a content type or a body the route does not declare', () => {
    expect(answerMismatch('POST /people', declared, json(202, { person }))).toMatch(/answered 202, which the route does not declare/);
    expect(answerMismatch('GET /people/{personId}', declared, json(200, 'id\np1\n', 'text/csv'))).toMatch(/answered 200 as text\/csv, where the route declares application\/json/);
    expect(answerMismatch('DELETE /people/{personId}', declared, json(204, { ok: true }))).toMatch(/answered 204 with application\/json, where the route declares no content/);
    expect(answerMismatch('GET /people', { 200: { content: { 'application/json': {} } } }, json(200, {}))).toMatch(/answered 200 as JSON, for which the route declares no schema/);
  });
});

describe('a field the schema does not declare', () => {
  it('is found under the option of a union the value is, and not in a record or a catch-all', () => {
    const schema = z.object({ value: z.union([z.object({ kind: z.literal('a') }), z.object({ kind: z.literal('b'), size: z.number() })]), extras: z.record(z.string(), z.object({ n: z.number() })), open: z.object({}).catchall(z.string()) });
    expect(undeclaredField(schema, { value: { kind: 'b', size: 1 }, extras: { x: { n: 1 } }, open: { any: 'thing' } })).toBeUndefined();
    expect(undeclaredField(schema, { value: { kind: 'a', size: 1 }, extras: {}, open: {} })).toEqual(['value', 'size']);
    expect(undeclaredField(schema, { value: { kind: 'a' }, extras: { x: { n: 1, m: 2 } }, open: {} })).toEqual(['extras', 'x', 'm']);
  });

  it('is not found when any option of a union that parses the value declares it, though a looser option comes first', () => {
    // zod takes the first option that parses, and the looser one parses the fuller value too (dropping `size`).
    const schema = z.object({ value: z.union([z.object({ kind: z.string() }), z.object({ kind: z.string(), size: z.number() })]) });
    expect(undeclaredField(schema, { value: { kind: 'b', size: 1 } })).toBeUndefined();
    // When no option declares every field, the option closest to the value is reported: the one lacking only `colour`.
    expect(undeclaredFields(schema, { value: { kind: 'b', size: 1, colour: 'red' } })).toEqual([['value', 'colour']]);
  });

  it('is found in an intersection where neither side declares it, whatever each side finds undeclared first', () => {
    const schema = z.intersection(z.object({ id: z.string(), owner: z.object({ id: z.string() }) }), z.object({ name: z.string() }));
    expect(undeclaredField(schema, { id: 'p1', owner: { id: 'm1' }, name: 'Mo' })).toBeUndefined();
    // Each side first finds the other's field (`name`, `id`); `extra` is neither's.
    expect(undeclaredFields(schema, { id: 'p1', name: 'Mo', owner: { id: 'm1' }, extra: 1 })).toEqual([['extra']]);
    // A side without `owner` declares nothing under it: `owner.email` is neither's.
    expect(undeclaredFields(schema, { id: 'p1', owner: { id: 'm1', email: 'mo@example.test' }, name: 'Mo' })).toEqual([['owner', 'email']]);
  });

  it('is counted in the answer\'s mismatch when there are more than one', () => {
    expect(answerMismatch('GET /people/{personId}', declared, json(200, { person: { ...person, email: 'p@example.test', manager: { ...person.manager, email: 'mo@example.test' } } }))).toBe(
      'GET /people/{personId} answered 200, not as declared: at person.manager.email: a field the schema does not declare (and 1 more)',
    );
  });
});
