import { AppError } from '../errors.js';

export const ACCOUNT_LIMITS = {
  passwordMinLength: 10,
  passwordMaxLength: 200,
  nameMaxLength: 120,
  orgNameMaxLength: 120,
  emailMaxLength: 254,
} as const;

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Length is what makes a password strong; composition rules only push people to predictable patterns. */
export function assertAcceptablePassword(password: string, field = 'password'): void {
  if (password.length < ACCOUNT_LIMITS.passwordMinLength) {
    throw new AppError('validation_failed', `A password needs at least ${ACCOUNT_LIMITS.passwordMinLength} characters.`, { field });
  }
  if (password.length > ACCOUNT_LIMITS.passwordMaxLength) {
    throw new AppError('validation_failed', `A password has at most ${ACCOUNT_LIMITS.passwordMaxLength} characters.`, { field });
  }
}

/** A URL-safe org handle from its name: lowercase words joined by dashes, with a suffix to keep it unique. */
export function slugify(name: string): string {
  const base = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return base.length > 0 ? base : 'org';
}

/** Whether `slug` is a slug as `slugify` makes them (for a slug someone types, such as an import's new slug). */
export function isOrgSlug(slug: string): boolean {
  return slug.length > 0 && slugify(slug) === slug;
}
