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
    expect(isStaleWriteRefusal(new ApiError(409, 'conflict', 'changed', 'baseToken'))).toBe(true);
    expect(isStaleWriteRefusal(new ApiError(409, 'conflict', 'changed', 'baseUpdatedAt'), 'baseUpdatedAt')).toBe(true);
    expect(isStaleWriteRefusal(new ApiError(409, 'conflict', 'taken', 'name'))).toBe(false);
    expect(isStaleWriteRefusal(new Error('offline'))).toBe(false);
  });
});
