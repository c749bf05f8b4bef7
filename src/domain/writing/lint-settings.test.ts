import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import { assertHardChecksKept, DEFAULT_LINT_SETTINGS, resolveLintSettings, withHardChecks } from './lint-settings.js';

function errorOf(input: unknown): AppError {
  try {
    resolveLintSettings(input);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected resolveLintSettings to refuse the input');
}

describe('resolveLintSettings', () => {
  it('fills in the defaults', () => {
    expect(resolveLintSettings({})).toEqual(DEFAULT_LINT_SETTINGS);
    expect(resolveLintSettings().wordsPerPage).toBe(500);
  });

  it('merges zone budgets key by key', () => {
    const settings = resolveLintSettings({ maxSentenceWords: { memoBody: 30 }, rules: { 'style.hedge': 'off' } });
    expect(settings.maxSentenceWords).toEqual({ ...DEFAULT_LINT_SETTINGS.maxSentenceWords, memoBody: 30 });
    expect(settings.rules).toEqual({ 'style.hedge': 'off' });
  });

  it('bounds wordsPerPage by the memo\'s whole budget, naming it rather than memoMaxPages', () => {
    expect(errorOf({ wordsPerPage: 1e308 })).toMatchObject({ code: 'validation_failed', message: 'The lint setting settings.wordsPerPage must be at most 3,000, a memo\'s six pages of 500 words.', details: { field: 'settings.wordsPerPage' } });
    expect(errorOf({ wordsPerPage: 3001, memoMaxPages: 1 }).details.field).toBe('settings.wordsPerPage');
    expect(resolveLintSettings({ wordsPerPage: 3000, memoMaxPages: 1 }).wordsPerPage).toBe(3000);
  });

  it('names the key path of a wrong value', () => {
    expect(errorOf({ wordsPerPage: 0 })).toMatchObject({ code: 'validation_failed', details: { field: 'settings.wordsPerPage' } });
    expect(errorOf({ jargon: ['ok', ''] }).details.field).toBe('settings.jargon.1');
    expect(errorOf({ maxReadingGrade: { body: 3 } }).details.field).toBe('settings.maxReadingGrade.body');
    expect(errorOf({ rules: { 'style.nope': 'off' } }).details.field).toBe('settings.rules.style.nope');
    expect(errorOf({ rules: { 'style.hedge': 'loud' } }).message).toMatch(/"error", "warning" or "off"/);
    expect(errorOf({ pagesize: 3 }).message).toMatch(/settings.pagesize is not a setting/);
    expect(errorOf([]).details.field).toBe('settings');
  });

  it('bounds the word lists read at every lint: at most 1,000 phrases of at most 100 characters', () => {
    expect(resolveLintSettings({ jargon: Array.from({ length: 1000 }, (_, index) => `term ${index}`) }).jargon).toHaveLength(1000);
    expect(errorOf({ jargon: Array.from({ length: 1001 }, (_, index) => `term ${index}`) }).message).toBe('The lint setting settings.jargon has 1001 entries; a list holds at most 1000.');
    expect(errorOf({ knownAcronyms: ['WBR', 'x'.repeat(101)] }).details.field).toBe('settings.knownAcronyms.1');
  });

  it('keeps the memo\'s hard checks: settings may make them stricter, never looser', () => {
    expect(() => assertHardChecksKept(resolveLintSettings({ rules: { 'style.hedge': 'off' }, memoMaxPages: 5 }))).not.toThrow();
    expect(() => assertHardChecksKept(resolveLintSettings({ rules: { 'memo.length': 'error' } }))).not.toThrow();
    for (const level of ['warning', 'off']) {
      expect(() => assertHardChecksKept(resolveLintSettings({ rules: { 'memo.sentence-fragment': level } }))).toThrow(expect.objectContaining({ details: { field: 'settings.rules.memo.sentence-fragment', rule: 'memo.hard_checks' } }));
    }
    // Six pages are 3,000 words: more pages, or more words to a page, would let a longer memo through.
    expect(() => assertHardChecksKept(resolveLintSettings({ memoMaxPages: 7 }))).toThrow(/at most six pages, 3000 words/);
    expect(() => assertHardChecksKept(resolveLintSettings({ wordsPerPage: 600 }))).toThrow(expect.objectContaining({ details: expect.objectContaining({ field: 'settings.memoMaxPages' }) }));
    expect(() => assertHardChecksKept(resolveLintSettings({ wordsPerPage: 400, memoMaxPages: 7 }))).not.toThrow();
  });

  it('restores the hard checks in settings saved before the rule', () => {
    const loose = resolveLintSettings({ rules: { 'memo.no-lists': 'off', 'style.hedge': 'off' }, memoMaxPages: 10 });
    const kept = withHardChecks(loose);
    expect(kept.rules).toEqual({ 'style.hedge': 'off' });
    expect(kept.memoMaxPages).toBe(6);
    expect(withHardChecks(resolveLintSettings({ wordsPerPage: 1000 })).memoMaxPages).toBe(3);
    expect(withHardChecks(DEFAULT_LINT_SETTINGS)).toEqual(DEFAULT_LINT_SETTINGS);
  });
});
