/**
 * The "compelling?" review: reviewers vote compelling / not yet, with a reason, on the document's current version;
 * the tally counts each reviewer's latest vote on a version; the verdict is a decision somebody who did not write the
 * document records on its current version. Pure.
 */
import { AppError, ruleViolation } from '../errors.js';

export const VOTE_CHOICES = ['compelling', 'not_yet'] as const;
export type VoteChoice = (typeof VOTE_CHOICES)[number];

export const VERDICTS = ['compelling', 'not_yet'] as const;
export type Verdict = (typeof VERDICTS)[number];

export const REVIEW_LIMITS = { reasonMaxLength: 2000, commentMaxLength: 4000 } as const;

export interface CastVote {
  readonly reviewerId: string;
  readonly version: number;
  readonly choice: VoteChoice;
  readonly castAt: Date;
}

export interface VoteTally {
  readonly version: number;
  readonly compelling: number;
  readonly notYet: number;
  readonly reviewers: number;
}

/** Each reviewer's latest vote on `version` counts once. */
export function tallyVotes(votes: readonly CastVote[], version: number): VoteTally {
  const latest = new Map<string, CastVote>();
  for (const vote of votes) {
    if (vote.version !== version) continue;
    const previous = latest.get(vote.reviewerId);
    if (previous === undefined || previous.castAt.getTime() <= vote.castAt.getTime()) latest.set(vote.reviewerId, vote);
  }
  let compelling = 0;
  for (const vote of latest.values()) if (vote.choice === 'compelling') compelling += 1;
  return { version, compelling, notYet: latest.size - compelling, reviewers: latest.size };
}

export function normaliseReason(reason: string, field = 'body.reason'): string {
  const trimmed = reason.trim();
  if (trimmed === '') throw new AppError('validation_failed', 'Say why: a vote or verdict without a reason teaches the author nothing.', { field });
  if (trimmed.length > REVIEW_LIMITS.reasonMaxLength) throw new AppError('validation_failed', `A reason has at most ${REVIEW_LIMITS.reasonMaxLength} characters.`, { field });
  return trimmed;
}

/** Authors do not review their own document: the point is a reader's judgement. */
export function assertNotAuthor(authorIds: readonly string[], userId: string, what: 'vote' | 'verdict'): void {
  if (authorIds.includes(userId)) {
    throw ruleViolation(
      what === 'vote' ? 'documents.author_cannot_vote' : 'documents.author_cannot_decide',
      what === 'vote' ? 'Authors cannot vote on their own document (anyone who saved a version of it is an author here); ask readers to review it.' : 'The verdict is recorded by a reader, not by an author of the document (anyone who saved a version of it).',
    );
  }
}

/**
 * Whether the reviewers' votes on a version back a compelling verdict, as the verdict and the pipeline's FAQ gate both
 * read them: at least one compelling vote, and no more "not yet" votes than compelling ones. The verdict is a
 * reader's decision and the votes advise it, so a split panel (a tie) is left to whoever decides; a decision against
 * the majority is not a press release "judged compelling by reviewers". Null when the votes back it, else the rule
 * and a message that names the tally.
 */
export function compellingVerdictProblem(tally: VoteTally): { rule: 'documents.verdict_needs_votes' | 'documents.verdict_against_votes'; message: string } | null {
  if (tally.compelling === 0) {
    return { rule: 'documents.verdict_needs_votes', message: `No reviewer has found version ${tally.version} compelling yet: a compelling verdict needs at least one compelling vote on that version.` };
  }
  if (tally.notYet > tally.compelling) {
    return {
      rule: 'documents.verdict_against_votes',
      message: `Reviewers' votes on version ${tally.version} are ${tally.notYet} "not yet" to ${tally.compelling} compelling: a compelling verdict needs at least as many compelling votes as "not yet" ones. Write another draft, or ask the reviewers to look again.`,
    };
  }
  return null;
}

/**
 * Votes and verdicts judge the draft the authors stand behind now, so both are taken on the document's current version
 * only: one sent for an older version comes from a page read before a newer draft was saved, and is refused as a stale
 * write (409, naming the current version, as a save from an old version is) so the reader sees that draft first. A
 * vote on an older draft would count towards nothing (the verdict and the FAQ gate read the current version's tally)
 * while telling its reviewer it had been heard. Votes and verdicts already recorded on older versions stay in the
 * review's history; they no longer decide anything.
 */
export function assertJudgedOnCurrentVersion(currentVersion: number, version: number, what: 'vote' | 'verdict'): void {
  if (version === currentVersion) return;
  const judged = what === 'vote' ? 'the one you voted on: a vote is cast' : 'the one you judged: a verdict is recorded';
  const next = what === 'vote' ? 'cast your vote' : 'record your verdict';
  throw new AppError('conflict', `Version ${currentVersion} of this document was saved after version ${version}, ${judged} on the current draft. Read version ${currentVersion}, then ${next} on it.`, {
    field: 'version',
    data: { currentVersion },
  });
}

/** A "compelling" verdict needs the votes on that version behind it (compellingVerdictProblem) and no lint error left in force. */
export function assertVerdictAllowed(verdict: Verdict, tally: VoteTally, activeLintErrors: number): void {
  if (verdict !== 'compelling') return;
  const problem = compellingVerdictProblem(tally);
  if (problem !== null) throw ruleViolation(problem.rule, problem.message, { tally });
  assertLintGate(activeLintErrors, 'a compelling verdict');
}

/** The gate helper: lint errors (not warnings, not suppressed findings) block a gate. */
export function assertLintGate(activeLintErrors: number, gate: string): void {
  if (activeLintErrors > 0) {
    throw ruleViolation('documents.lint_errors_block_gate', `This version has ${activeLintErrors} writing error${activeLintErrors === 1 ? '' : 's'} in force; fix them (a memo's hard checks cannot be waived; other findings can be suppressed, with a reason) before ${gate}.`, { errorCount: activeLintErrors });
  }
}

/**
 * A comment thread: the first comment, anchored to a passage, and the replies under it (one level, as in Google
 * Docs). Whoever started a thread or an author of the document resolves it and reopens it: they are the two who
 * know whether the point is settled. Pure.
 */
export interface CommentThreadState {
  readonly id: string;
  /** Set when this comment is itself a reply: it has no thread of its own. */
  readonly parentId: string | null;
  readonly authorId: string;
  readonly isResolved: boolean;
}

/** Replies, resolving and reopening are for a thread's first comment; a reply's id names the thread to use instead. */
export function assertIsThread(comment: CommentThreadState): void {
  if (comment.parentId !== null) {
    throw ruleViolation('documents.comment_is_reply', `This comment is a reply in thread ${comment.parentId}: answer, resolve or reopen that thread instead (replies go one level deep).`, { threadId: comment.parentId });
  }
}

/** A resolved thread takes no reply until it is reopened: an answer nobody sees would be lost in the folded threads. */
export function assertThreadOpenForReply(thread: CommentThreadState): void {
  assertIsThread(thread);
  if (thread.isResolved) {
    throw ruleViolation('documents.thread_resolved', 'This thread is resolved: reopen it to answer (whoever started it or an author of the document can).', { threadId: thread.id });
  }
}

export function canResolveThread(thread: CommentThreadState, documentAuthorIds: readonly string[], userId: string): boolean {
  return thread.authorId === userId || documentAuthorIds.includes(userId);
}

export function assertCanResolveThread(thread: CommentThreadState, documentAuthorIds: readonly string[], userId: string, what: 'resolve' | 'reopen'): void {
  assertIsThread(thread);
  if (!canResolveThread(thread, documentAuthorIds, userId)) {
    throw new AppError('forbidden', `Only whoever started this thread or an author of the document can ${what} it.`);
  }
}
