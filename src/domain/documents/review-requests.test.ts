import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import type { DocumentAccess } from './document-rules.js';
import { checkReviewRequest, REVIEW_REQUEST_LIMITS, seesEveryReviewRequest, type ReviewRequestFacts } from './review-requests.js';

const facts: ReviewRequestFacts = {
  requesterId: 'author',
  writerIds: ['author', 'co-author', 'former-author'],
  openReviewerIds: ['asked'],
  canRead: (userId) => userId !== 'outsider',
  names: new Map([['co-author', 'Cy Author'], ['outsider', 'Olu Outside'], ['asked', 'Ann Asked']]),
};

function refusal(reviewerIds: string[]): AppError {
  try {
    checkReviewRequest(reviewerIds, facts);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('checkReviewRequest', () => {
  it('returns the reviewers once each', () => {
    expect(checkReviewRequest(['bo', 'cy', 'bo'], facts)).toEqual(['bo', 'cy']);
  });

  it('refuses, naming body.reviewerIds and the person, each one who may not be asked', () => {
    expect(refusal(['author'])).toMatchObject({ code: 'validation_failed', details: { field: 'body.reviewerIds' }, message: expect.stringContaining('cannot ask yourself') });
    expect(refusal(['bo', 'co-author']).message).toContain('Cy Author is an author of this document');
    // Someone who saved a version and left the author list is still a writer.
    expect(refusal(['former-author']).message).toContain('is an author of this document');
    expect(refusal(['outsider']).message).toContain('Olu Outside cannot read this document');
    expect(refusal(['asked'])).toMatchObject({ code: 'conflict', message: expect.stringContaining('Ann Asked was already asked') });
    expect(refusal([]).message).toContain('at least one');
    expect(refusal(Array.from({ length: REVIEW_REQUEST_LIMITS.maxReviewersAtOnce + 1 }, (_, index) => `member-${index}`)).message).toContain(`at most ${REVIEW_REQUEST_LIMITS.maxReviewersAtOnce}`);
  });
});

describe('seesEveryReviewRequest', () => {
  const access: DocumentAccess = { visibility: 'org', authorIds: ['author'], readerIds: ['reader'] };

  it('shows every request to the authors and to admins, and to any other reader only their own', () => {
    expect(seesEveryReviewRequest(access, { userId: 'author', role: 'member' })).toBe(true);
    expect(seesEveryReviewRequest(access, { userId: 'someone', role: 'admin' })).toBe(true);
    expect(seesEveryReviewRequest(access, { userId: 'reader', role: 'member' })).toBe(false);
    expect(seesEveryReviewRequest(access, { userId: 'someone', role: 'member' })).toBe(false);
  });
});
