import { describe, expect, it } from 'vitest';
import { appErrorOf } from '../../../test/support/app-error.js';
import { DEFAULT_PRINCIPLES } from './default-principles.js';
import { assertCanRetire, assertCurrentVersion, assertTitleFree, isWordingChanged, MIN_ACTIVE_PRINCIPLES, normaliseWording, planReorder } from './principle-rules.js';


describe('default principles', () => {
  it('are the fourteen, each with a unique slug and a one-line meaning', () => {
    expect(DEFAULT_PRINCIPLES).toHaveLength(14);
    expect(new Set(DEFAULT_PRINCIPLES.map((p) => p.slug)).size).toBe(14);
    for (const principle of DEFAULT_PRINCIPLES) {
      expect(principle.summary).not.toContain('\n');
      expect(() => normaliseWording(principle)).not.toThrow();
    }
  });
});

describe('normaliseWording', () => {
  it('trims and folds spaces in titles', () => {
    expect(normaliseWording({ title: '  Think   Big ', summary: ' Bold. ' })).toEqual({ title: 'Think Big', summary: 'Bold.' });
  });
  it('names the field that is empty or too long', () => {
    expect(appErrorOf(() => normaliseWording({ title: ' ', summary: 'x' })).details.field).toBe('title');
    expect(appErrorOf(() => normaliseWording({ title: '\u200b\u200b', summary: 'x' })).details.field).toBe('title');
    expect(appErrorOf(() => normaliseWording({ title: 'T', summary: '' })).details.field).toBe('summary');
    expect(appErrorOf(() => normaliseWording({ title: 'x'.repeat(121), summary: 'x' })).code).toBe('validation_failed');
  });
});

describe('isWordingChanged', () => {
  it('is false for the same words and true for any difference', () => {
    expect(isWordingChanged({ title: 'A', summary: 'B' }, { title: 'A', summary: 'B' })).toBe(false);
    expect(isWordingChanged({ title: 'A', summary: 'B' }, { title: 'A', summary: 'B.' })).toBe(true);
  });
});

describe('planReorder', () => {
  it('gives each id its new 1-based position', () => {
    expect([...planReorder(['a', 'b', 'c'], ['c', 'a', 'b'])]).toEqual([['c', 1], ['a', 2], ['b', 3]]);
  });
  it('refuses unknown, repeated or missing ids', () => {
    expect(appErrorOf(() => planReorder(['a', 'b'], ['a', 'x'])).code).toBe('validation_failed');
    expect(appErrorOf(() => planReorder(['a', 'b'], ['a', 'a'])).code).toBe('validation_failed');
    expect(appErrorOf(() => planReorder(['a', 'b'], ['b'])).code).toBe('conflict');
  });
});

describe('assertCurrentVersion', () => {
  it('passes on the current version and reports the current one on a stale write', () => {
    expect(() => assertCurrentVersion(3, 3)).not.toThrow();
    const error = appErrorOf(() => assertCurrentVersion(4, 3));
    expect(error.code).toBe('conflict');
    expect(error.details.data).toEqual({ currentVersion: 4 });
  });
});

describe('the active principles an org keeps', () => {
  it('refuses retiring one below the smallest hiring loop, and a title that differs only by end punctuation or case', () => {
    expect(MIN_ACTIVE_PRINCIPLES).toBe(5);
    expect(() => assertCanRetire(6)).not.toThrow();
    expect(appErrorOf(() => assertCanRetire(5))).toMatchObject({ code: 'rule_violation', details: { rule: 'principles.keep_minimum' } });
    expect(appErrorOf(() => assertTitleFree('ownership!', ['Ownership']))).toMatchObject({ code: 'conflict', details: { field: 'title' } });
    expect(() => assertTitleFree('Ownership of outcomes', ['Ownership'])).not.toThrow();
    // Restoring sends no title: the rule is named, not a field.
    expect(appErrorOf(() => assertTitleFree('Ownership', ['Ownership'], 'restore'))).toMatchObject({ code: 'conflict', details: { rule: 'principle.distinct_title' } });
    expect(appErrorOf(() => assertTitleFree('Ownership', ['Ownership'], 'restore')).details).not.toHaveProperty('field');
    // A title that only looks like another (full-width letters, a soft hyphen) is the same title.
    expect(appErrorOf(() => assertTitleFree('ＯＷＮＥＲ\u00adship.', ['Ownership']))).toMatchObject({ code: 'conflict', details: { field: 'title' } });
  });
});
