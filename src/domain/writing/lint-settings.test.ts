import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import { DEFAULT_LINT_SETTINGS, resolveLintSettings } from './lint-settings.js';

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

  it('names the key path of a wrong value', () => {
    expect(errorOf({ wordsPerPage: 0 })).toMatchObject({ code: 'validation_failed', details: { field: 'settings.wordsPerPage' } });
    expect(errorOf({ jargon: ['ok', ''] }).details.field).toBe('settings.jargon[1]');
    expect(errorOf({ maxReadingGrade: { body: 3 } }).details.field).toBe('settings.maxReadingGrade.body');
    expect(errorOf({ rules: { 'style.nope': 'off' } }).details.field).toBe('settings.rules.style.nope');
    expect(errorOf({ rules: { 'style.hedge': 'loud' } }).message).toMatch(/"error", "warning" or "off"/);
    expect(errorOf({ pagesize: 3 }).message).toMatch(/settings.pagesize is not a setting/);
    expect(errorOf([]).details.field).toBe('settings');
  });
});
