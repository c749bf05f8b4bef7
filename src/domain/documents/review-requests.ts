/**
 * Rules of asking for a review: an author names org members who did not write the document, may read it and have
 * no open request on it yet, a few at a time. Pure: the service gathers the facts.
 */
import { can, type Role } from '../accounts/roles.js';
import { AppError } from '../errors.js';
import { isAuthor, type DocumentAccess } from './document-rules.js';

/** `maxReviewersAtOnce`: a request is a personal ask, not a broadcast (share the document with readers for that). */
export const REVIEW_REQUEST_LIMITS = { maxReviewersAtOnce: 10 } as const;

export interface ReviewRequestFacts {
  requesterId: string;
  /** Everyone who wrote the document (its authors and whoever saved a version): they cannot vote, so are not asked. */
  writerIds: readonly string[];
  /** Reviewers whose request on this document is still open. */
  openReviewerIds: readonly string[];
  /** Whether a user may read the document (its access rule). */
  canRead: (userId: string) => boolean;
  names: ReadonlyMap<string, string>;
}

const field = 'body.reviewerIds';

/**
 * Whether a reader of the document sees every open request on it, or only the ones that ask them. The authors, who
 * ask and withdraw, see them all, and so do admins, who read the same requests in the audit log. Another reader sees
 * only their own: whom an author asked is the author's bookkeeping, and a list of colleagues asked and still silent
 * would tell the rest of the org who was thought worth asking and who is late, and anchor readers on who will judge.
 */
export function seesEveryReviewRequest(access: DocumentAccess, viewer: { userId: string; role: Role }): boolean {
  return isAuthor(access, viewer.userId) || can(viewer.role, 'audit.read');
}

/** The reviewers asked, without repeats; refuses the whole request, naming the field and the person, if one may not be asked. */
export function checkReviewRequest(reviewerIds: readonly string[], facts: ReviewRequestFacts): string[] {
  const unique = [...new Set(reviewerIds)];
  if (unique.length === 0) throw new AppError('validation_failed', `${field}: name at least one person to ask.`, { field });
  if (unique.length > REVIEW_REQUEST_LIMITS.maxReviewersAtOnce) throw new AppError('validation_failed', `${field}: ask at most ${REVIEW_REQUEST_LIMITS.maxReviewersAtOnce} people at once.`, { field });
  const nameOf = (id: string) => facts.names.get(id) ?? id;
  for (const id of unique) {
    const data = { userId: id };
    if (id === facts.requesterId) throw new AppError('validation_failed', `${field}: you cannot ask yourself to review your own document.`, { field, data });
    if (facts.writerIds.includes(id)) throw new AppError('validation_failed', `${field}: ${nameOf(id)} is an author of this document (or saved a version of it), and authors do not vote on it.`, { field, data });
    if (!facts.canRead(id)) throw new AppError('validation_failed', `${field}: ${nameOf(id)} cannot read this document; add them as a reader first.`, { field, data });
    if (facts.openReviewerIds.includes(id)) throw new AppError('conflict', `${field}: ${nameOf(id)} was already asked and has not voted yet.`, { field, data });
  }
  return unique;
}
