import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import { assertAcceptablePassword, normaliseEmail, slugify } from './account-rules.js';
import { can, permissionsOf, ROLES } from './roles.js';

describe('roles', () => {
  it('lets only admins manage principles, members and the audit log', () => {
    expect(ROLES.filter((role) => can(role, 'principles.manage'))).toEqual(['admin']);
    expect(ROLES.filter((role) => can(role, 'audit.read'))).toEqual(['admin']);
    expect(ROLES.filter((role) => can(role, 'members.manage'))).toEqual(['admin']);
  });
  it('lets every role read principles and manage their own API tokens', () => {
    for (const role of ROLES) {
      expect(permissionsOf(role)).toEqual(expect.arrayContaining(['principles.read', 'tokens.manage']));
    }
  });
});

describe('account rules', () => {
  it('normalises emails to lower case without spaces', () => {
    expect(normaliseEmail('  Dana@Example.COM ')).toBe('dana@example.com');
  });
  it('wants passwords of at least ten characters', () => {
    expect(() => assertAcceptablePassword('0123456789')).not.toThrow();
    expect(() => assertAcceptablePassword('012345678')).toThrow(AppError);
  });
  it('makes URL-safe slugs, with a fallback for names with no letters', () => {
    expect(slugify('Ünïcode & Co. — Europe')).toBe('unicode-co-europe');
    expect(slugify('!!!')).toBe('org');
  });
});
