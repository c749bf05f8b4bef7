import { z } from '@hono/zod-openapi';
import { describe, expect, it } from 'vitest';
import { AppError } from '../domain/errors.js';
import { fieldWhereSent, inputPlacesOf, placedField, renamedField, uploadedFileFields, withFieldsWhereSent } from './body-fields.js';

const refusal = (field: string | undefined) => new AppError('rule_violation', 'ownerPersonId: Ben left.', { ...(field !== undefined && { field }), rule: 'x.rule', line: 3 }, { logMessage: 'for operators' });
const thrownBy = (rethrow: (error: unknown) => never, error: unknown): unknown => {
  try {
    return rethrow(error);
  } catch (thrown) {
    return thrown;
  }
};

const request = {
  params: z.object({ orgId: z.string(), teamId: z.string() }),
  query: z.object({ force: z.string().optional() }),
  body: { content: { 'application/json': { schema: z.object({ name: z.string(), rows: z.array(z.object({ date: z.string() })), reason: z.string().optional() }).strict() } } },
};
const places = inputPlacesOf(request);

describe('placedField', () => {
  it('puts an input the route declares, or a path inside it, where the route takes it', () => {
    const place = placedField(places);
    expect(place('rows.0.date')).toBe('body.rows.0.date');
    expect(place('reason')).toBe('body.reason');
    expect(place('teamId')).toBe('param.teamId');
    expect(place('force')).toBe('query.force');
    expect(place('rowsTotal')).toBeUndefined();
    expect(place('baseToken')).toBeUndefined();
  });

  it('leaves a field already placed as it is', () => {
    const place = placedField(new Map([['body', 'body']]));
    expect(place('body.title')).toBeUndefined();
    expect(place('param.teamId')).toBeUndefined();
  });

  it('reads the keys of a body under its wrappers, and of every option of a union', () => {
    const union = z.union([z.object({ a: z.string() }), z.object({ b: z.string() })]).optional();
    expect([...inputPlacesOf({ body: { content: { 'application/json': { schema: union } } } }).keys()]).toEqual(['a', 'b']);
    const piped = z.object({ c: z.string() }).transform((value) => value.c);
    expect([...inputPlacesOf({ body: { content: { 'application/json': { schema: piped } } } }).keys()]).toEqual(['c']);
  });
});

describe('fieldWhereSent', () => {
  it('leaves a path inside a document the request carries: a key of the YAML it read, a column of a file', () => {
    const config = new AppError('invalid_config', 'bad', { field: 'rows', line: 3 });
    expect(fieldWhereSent(config, places)).toBe(config);
    const column = new AppError('invalid_data', 'people.csv:1: the header lacks the column(s) name.', { field: 'name', file: 'people.csv', line: 1 });
    expect(fieldWhereSent(column, places)).toBe(column);
  });
});

describe('withFieldsWhereSent', () => {
  it('renames the field of what the handler throws, and passes its answer through', async () => {
    const refusing = withFieldsWhereSent(request, async () => {
      throw new AppError('rule_violation', 'reason: say why.', { field: 'reason', rule: 'x.rule' });
    });
    await expect(refusing()).rejects.toMatchObject({ message: 'reason: say why.', details: { field: 'body.reason', rule: 'x.rule' } });
    expect(await withFieldsWhereSent(request, () => 'answer')()).toBe('answer');
  });
});

describe('renamedField', () => {
  it('keeps the code, message, other details and log message; only the field moves', () => {
    const renamed = renamedField(refusal('ownerPersonId'), placedField(new Map([['ownerPersonId', 'body']])));
    expect(renamed).toMatchObject({ code: 'rule_violation', message: 'ownerPersonId: Ben left.', logMessage: 'for operators', details: { field: 'body.ownerPersonId', rule: 'x.rule', line: 3 } });
  });

  it('leaves alone what is not an AppError, has no field, or names another input', () => {
    const plain = new Error('boom');
    expect(renamedField(plain, () => 'body.x')).toBe(plain);
    const fieldless = refusal(undefined);
    expect(renamedField(fieldless, () => 'body.x')).toBe(fieldless);
    const other = refusal('baseToken');
    expect(fieldWhereSent(other, places)).toBe(other);
  });

  it('names an uploaded file as the body it was sent as', () => {
    expect(thrownBy(uploadedFileFields, new AppError('invalid_data', 'bad', { field: 'csv', file: 'a.csv' }))).toMatchObject({ details: { field: 'body', file: 'a.csv' } });
  });
});
