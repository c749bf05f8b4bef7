import { describe, expect, it } from 'vitest';
import { ApiError } from './api-client.js';
import { submitOverNewer } from './use-draft-over-newer.js';

const stale = (field = 'body.baseToken') => new ApiError(409, 'conflict', 'Someone changed it since you read it.', field);

describe('submitOverNewer', () => {
  it('is the saved answer when the save goes through, reading nothing again', async () => {
    let reads = 0;
    const outcome = await submitOverNewer({ save: async () => 'saved', readLatest: async () => ++reads });
    expect(outcome).toEqual({ isNewer: false, saved: 'saved' });
    expect(reads).toBe(0);
  });

  it('is the record as it now is when the save is refused as stale', async () => {
    const outcome = await submitOverNewer({ save: () => Promise.reject(stale()), readLatest: async () => ({ name: 'Theirs' }) });
    expect(outcome).toEqual({ isNewer: true, latest: { name: 'Theirs' } });
  });

  it('reads the refusal by the token field the save sends', async () => {
    const outcome = await submitOverNewer({ save: () => Promise.reject(stale('body.baseUpdatedAt')), readLatest: async () => 'newer', tokenField: 'baseUpdatedAt' });
    expect(outcome).toEqual({ isNewer: true, latest: 'newer' });
    await expect(submitOverNewer({ save: () => Promise.reject(stale('body.baseUpdatedAt')), readLatest: async () => 'newer' })).rejects.toThrow('Someone changed it');
  });

  it('leaves the reading to the page when the form reads nothing again', async () => {
    expect(await submitOverNewer({ save: () => Promise.reject(stale()) })).toEqual({ isNewer: true, latest: undefined });
  });

  it('lets the refusal stand when the record is gone', async () => {
    const refusal = stale();
    await expect(submitOverNewer({ save: () => Promise.reject(refusal), readLatest: async () => undefined })).rejects.toBe(refusal);
  });

  it('throws any other failure for the form to show, reading nothing again', async () => {
    let reads = 0;
    const taken = new ApiError(409, 'conflict', 'That name is taken.', 'name');
    await expect(submitOverNewer({ save: () => Promise.reject(taken), readLatest: async () => ++reads })).rejects.toBe(taken);
    await expect(submitOverNewer({ save: () => Promise.reject(new Error('offline')), readLatest: async () => ++reads })).rejects.toThrow('offline');
    expect(reads).toBe(0);
  });
});
