/**
 * Rules of the documents themselves: limits, stale saves, who may read and who may write. Pure.
 */
import { AppError } from '../errors.js';
import { DOCUMENT_KINDS, type DocumentKind } from '../writing/document-model.js';
import { normalizeName } from '../names.js';
import { contentToken } from '../stale-write.js';

export { DOCUMENT_KINDS, type DocumentKind };

export const DOCUMENT_VISIBILITIES = ['org', 'readers'] as const;
export type DocumentVisibility = (typeof DOCUMENT_VISIBILITIES)[number];

/** `maxVersion`: version numbers are stored as PostgreSQL integers; a larger one names no version and is bad input. */
export const DOCUMENT_LIMITS = { titleMaxLength: 200, bodyMaxLength: 200_000, maxAuthors: 20, maxReaders: 200, maxVersion: 2_147_483_647 } as const;

export interface DocumentAccess {
  readonly visibility: DocumentVisibility;
  readonly authorIds: readonly string[];
  readonly readerIds: readonly string[];
}

/**
 * The sharing as a form read it (see contentToken): a change sent back with an older token would replace the lists
 * someone else just changed, so it is refused (409). Order-free: the same people in another order are the same sharing.
 */
export function accessToken(access: DocumentAccess): string {
  return contentToken(JSON.stringify([access.visibility, [...access.authorIds].sort(), [...access.readerIds].sort()]));
}

/** Authors always read their document; with 'readers' visibility only the named readers join them. */
export function canReadDocument(access: DocumentAccess, userId: string): boolean {
  return access.visibility === 'org' || access.authorIds.includes(userId) || access.readerIds.includes(userId);
}

export function isAuthor(access: DocumentAccess, userId: string): boolean {
  return access.authorIds.includes(userId);
}

/** A save names the version it was written on; anything else would silently drop someone's words. */
export function assertBaseVersion(currentVersion: number, baseVersion: number): void {
  if (baseVersion > currentVersion) {
    throw new AppError('validation_failed', `baseVersion: there is no version ${baseVersion} yet; the latest is version ${currentVersion}.`, { field: 'body.baseVersion' });
  }
  if (currentVersion !== baseVersion) {
    throw new AppError('conflict', `Someone saved version ${currentVersion} while you were editing version ${baseVersion}. Your text is not lost: compare it with version ${currentVersion} and save again.`, {
      field: 'baseVersion',
      data: { currentVersion },
    });
  }
}

export function normaliseTitle(title: string): string {
  const trimmed = normalizeName(title);
  if (trimmed === '') throw new AppError('validation_failed', 'A document needs a title.', { field: 'body.title' });
  if (trimmed.length > DOCUMENT_LIMITS.titleMaxLength) throw new AppError('validation_failed', `A title has at most ${DOCUMENT_LIMITS.titleMaxLength} characters.`, { field: 'body.title' });
  return trimmed;
}

/** The starting text of a new document: the sections the linter looks for, so the first draft starts on rails. */
export function documentTemplate(kind: DocumentKind, title: string): string {
  if (kind === 'memo') {
    return `# ${title}\n\n## Context\n\nWrite the memo in full sentences and paragraphs.\n\n## Appendix\n\n`;
  }
  return [
    `# ${title}`,
    '',
    '## Subheading',
    '',
    '## Summary',
    '',
    '## Problem',
    '',
    '## Solution',
    '',
    '## Leader quote',
    '',
    '## How to get started',
    '',
    '## Customer quote',
    '',
    '## Call to action',
    '',
    '## External FAQ',
    '',
    '### How much does it cost?',
    '',
    '## Internal FAQ',
    '',
    '### What are the biggest risks?',
    '',
  ].join('\n');
}
