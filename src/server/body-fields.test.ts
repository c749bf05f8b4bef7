import { describe, expect, it } from 'vitest';
import { AppError } from '../domain/errors.js';
import { bodyFieldOf, bodyFields, renamedField, uploadedFileFields } from './body-fields.js';

const refusal = (field: string | undefined) => new AppError('rule_violation', 'ownerPersonId: Ben left.', { ...(field !== undefined && { field }), rule: 'x.rule', line: 3 }, { logMessage: 'for operators' });
const thrownBy = (rethrow: (error: unknown) => never, error: unknown): unknown => {
  try {
    return rethrow(error);
  } catch (thrown) {
    return thrown;
  }
};

describe('bodyFieldOf', () => {
  it('puts a named input, or a path inside it, under body.', () => {
    const rename = bodyFieldOf(['rows', 'ownerPersonId']);
    expect(rename('rows.0.date')).toBe('body.rows.0.date');
    expect(rename('ownerPersonId')).toBe('body.ownerPersonId');
    expect(rename('rowsTotal')).toBeUndefined();
    expect(rename('baseToken')).toBeUndefined();
  });
});

describe('renamedField', () => {
  it('keeps the code, message, other details and log message; only the field moves', () => {
    const renamed = renamedField(refusal('ownerPersonId'), bodyFieldOf(['ownerPersonId']));
    expect(renamed).toMatchObject({ code: 'rule_violation', message: 'ownerPersonId: Ben left.', logMessage: 'for operators', details: { field: 'body.ownerPersonId', rule: 'x.rule', line: 3 } });
  });

  it('leaves alone what is not an AppError, has no field, or names another input', () => {
    const plain = new Error('boom');
    expect(renamedField(plain, () => 'body.x')).toBe(plain);
    const fieldless = refusal(undefined);
    expect(renamedField(fieldless, () => 'body.x')).toBe(fieldless);
    const other = refusal('baseToken');
    expect(thrownBy(bodyFields('ownerPersonId'), other)).toBe(other);
  });

  it('names an uploaded file as the body it was sent as', () => {
    expect(thrownBy(uploadedFileFields, new AppError('invalid_data', 'bad', { field: 'csv', file: 'a.csv' }))).toMatchObject({ details: { field: 'body', file: 'a.csv' } });
  });
});
