import { describe, expect, it } from 'vitest';
import { ApiError } from './api-client.js';
import { isStaleWriteRefusal, keepDraftOverNewer } from './stale-draft.js';

describe('keepDraftOverNewer', () => {
  const read = { name: 'Pick rate', target: '99', unit: '%' };
  const latest = { name: 'Pick rate', target: '99.5', unit: 'picks' };
  it('keeps the fields the person changed and takes the newer value of the others', () => {
    expect(keepDraftOverNewer(read, latest, { name: 'Pick success rate', target: '99', unit: '%' })).toEqual({ name: 'Pick success rate', target: '99.5', unit: 'picks' });
    expect(keepDraftOverNewer(read, latest, { name: 'Pick rate', target: '98', unit: '%' })).toEqual({ name: 'Pick rate', target: '98', unit: 'picks' });
  });

  it('is the newer record when the person had changed nothing', () => {
    expect(keepDraftOverNewer(read, latest, read)).toEqual(latest);
  });
});

describe('isStaleWriteRefusal', () => {
  it('is a conflict naming the token sent, not another conflict or error', () => {
    expect(isStaleWriteRefusal(new ApiError(409, 'conflict', 'changed', 'body.baseToken'))).toBe(true);
    expect(isStaleWriteRefusal(new ApiError(409, 'conflict', 'changed', 'body.baseUpdatedAt'), 'baseUpdatedAt')).toBe(true);
    // A removal sends its token in the query string, having no body.
    expect(isStaleWriteRefusal(new ApiError(409, 'conflict', 'changed', 'query.baseToken'))).toBe(true);
    // The field is where the client sent it: a bare name or a path parameter is not the token sent.
    expect(isStaleWriteRefusal(new ApiError(409, 'conflict', 'changed', 'baseToken'))).toBe(false);
    expect(isStaleWriteRefusal(new ApiError(409, 'conflict', 'changed', 'param.baseToken'))).toBe(false);
    expect(isStaleWriteRefusal(new ApiError(409, 'conflict', 'taken', 'name'))).toBe(false);
    expect(isStaleWriteRefusal(new Error('offline'))).toBe(false);
  });
});
