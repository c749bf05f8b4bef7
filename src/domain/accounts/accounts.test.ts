import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import { assertAcceptablePassword, normaliseEmail, slugify } from './account-rules.js';
import { can, PERMISSION_ACTIONS, permissionsOf, ROLES, rolesWith } from './roles.js';

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

describe('refusals by role', () => {
  it('name what the permission allows and who holds it, for every permission', () => {
    expect(rolesWith('principles.manage')).toBe('admins');
    expect(rolesWith('hiring.manage')).toBe('admins and recruiters');
    expect(rolesWith('playbooks.read')).toBe('admins, members and recruiters');
    for (const action of Object.values(PERMISSION_ACTIONS)) expect(action).toMatch(/^[a-z].*[a-z]$/);
  });
});
