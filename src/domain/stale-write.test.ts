import { describe, expect, it } from 'vitest';
import { appErrorOf } from '../../test/support/app-error.js';
import { assertNotChangedSince, assertSameContent, contentToken, fieldsToken } from './stale-write.js';

describe('stale writes', () => {
  it('fingerprints content: the same text the same token, any change another one', () => {
    const config = 'setup:\n  week_ending: 04-JAN-2025\n';
    expect(contentToken(config)).toBe(contentToken(`${config}`));
    const variants = [config.replace('04', '05'), `${config} `, config.slice(1), '', 'é', 'e\u0301'];
    const tokens = new Set([config, ...variants].map(contentToken));
    expect(tokens.size).toBe(variants.length + 1);
    expect(contentToken(config)).toMatch(/^[0-9a-z]{1,11}$/);
  });

  it('fingerprints a record\'s fields: a field moved, emptied or set to null is another token', () => {
    const person = ['Cy Dev', 'Engineer', 5, 'manager-1', null];
    expect(fieldsToken(person)).toBe(fieldsToken([...person]));
    const variants = [['Cy Dev', 'Engineer', 5, null, 'manager-1'], ['Cy Dev', 'Engineer', 5, 'manager-1', ''], ['Cy Dev', 'Engineer', '5', 'manager-1', null], ['Cy Dev', 'Engineer', 6, 'manager-1', null]];
    expect(new Set([person, ...variants].map(fieldsToken)).size).toBe(variants.length + 1);
  });

  it('refuses a change made from a stale read with 409 naming the token, and lets one without a token through', () => {
    expect(() => assertSameContent('abc', 'abc', 'config', 'baseConfigToken')).not.toThrow();
    expect(() => assertSameContent('abc', undefined, 'config', 'baseConfigToken')).not.toThrow();
    expect(appErrorOf(() => assertSameContent('abc', 'abd', 'config', 'baseConfigToken'))).toMatchObject({ code: 'conflict', details: { field: 'baseConfigToken', data: { token: 'abc' } } });
    // A caller that can say what the newer content is refuses with that sentence instead.
    expect(appErrorOf(() => assertSameContent('abc', 'abd', 'objection', 'baseToken', 'It now reads: “Why now?”.'))).toMatchObject({ code: 'conflict', message: 'It now reads: “Why now?”.', details: { field: 'baseToken', data: { token: 'abc' } } });
    const at = new Date('2026-11-26T10:00:00.123Z');
    expect(() => assertNotChangedSince(at, '2026-11-26T10:00:00.123Z', 'metric')).not.toThrow();
    expect(() => assertNotChangedSince(at, '2026-11-26T11:00:00.123+01:00', 'metric')).not.toThrow();
    expect(appErrorOf(() => assertNotChangedSince(at, '2026-11-26T10:00:00.122Z', 'metric'))).toMatchObject({ code: 'conflict', details: { field: 'baseUpdatedAt' } });
  });
});
