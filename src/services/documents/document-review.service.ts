import { carryAnchor, validateAnchor, type AnchorStatus } from '../../domain/documents/comment-anchors.js';
import { assertNotAuthor, assertVerdictAllowed, normaliseReason, REVIEW_LIMITS, tallyVotes, type Verdict, type VoteChoice, type VoteTally } from '../../domain/documents/review-rules.js';
import { diffWords, type DiffRun } from '../../domain/documents/word-diff.js';
import { AppError } from '../../domain/errors.js';
import type { Db } from '../../storage/database.js';
import { recordAuditEvent } from '../audit/audit.service.js';
import { requirePermission, type OrgActor } from '../context.js';
import { loadReadableDocument, loadVersionBody, personOf, userNames, writersOf } from './document-access.js';
import { lintDocumentVersion } from './document-lint.service.js';
import { assertNoReadingUnderWay } from './reading-meetings.service.js';

type Person = { id: string; name: string };

export interface VoteView {
  reviewer: Person;
  version: number;
  choice: VoteChoice;
  reason: string;
  castAt: string;
}

export interface CommentView {
  id: string;
  author: Person;
  body: string;
  /** The version the comment was written on, and the passage it quoted there. */
  version: number;
  quote: string;
  /** Where the passage is in the version asked for, and whether its words changed since. */
  anchor: { version: number; start: number; end: number; text: string; status: AnchorStatus };
  createdAt: string;
}

export interface VerdictView {
  verdict: Verdict;
  version: number;
  reason: string;
  decidedBy: Person;
  decidedAt: string;
}

export interface ReviewView {
  version: number;
  tally: VoteTally;
  /** Each reviewer's latest vote on the version asked for. */
  votes: VoteView[];
  comments: CommentView[];
  verdicts: VerdictView[];
}

export function normaliseCommentBody(body: string, field = 'body.body'): string {
  const trimmed = body.trim();
  if (trimmed === '') throw new AppError('validation_failed', 'Write the comment.', { field });
  if (trimmed.length > REVIEW_LIMITS.commentMaxLength) throw new AppError('validation_failed', `A comment has at most ${REVIEW_LIMITS.commentMaxLength} characters.`, { field });
  return trimmed;
}

/** The review of one version (the current one by default): tally, votes, comments carried to it, verdicts. */
export async function getDocumentReview(db: Db, actor: OrgActor, documentId: string, version?: number): Promise<ReviewView> {
  const loaded = await loadReadableDocument(db, actor, documentId);
  const target = version ?? loaded.row.current_version;
  const { body: targetBody } = await loadVersionBody(db, actor.orgId, documentId, target);
  const [votes, comments, verdicts] = await Promise.all([
    db.selectFrom('document_votes').selectAll().where('org_id', '=', actor.orgId).where('document_id', '=', documentId).orderBy('id').execute(),
    db.selectFrom('document_comments').selectAll().where('org_id', '=', actor.orgId).where('document_id', '=', documentId).where('version', '<=', target).orderBy('created_at').execute(),
    db.selectFrom('document_verdicts').selectAll().where('org_id', '=', actor.orgId).where('document_id', '=', documentId).orderBy('id', 'desc').execute(),
  ]);
  const names = await userNames(db, [...votes.map((vote) => vote.reviewer_id), ...comments.map((comment) => comment.author_id), ...verdicts.map((verdict) => verdict.decided_by)]);
  const castVotes = votes.map((vote) => ({ reviewerId: vote.reviewer_id, version: vote.version, choice: vote.choice, castAt: new Date(vote.created_at), reason: vote.reason }));
  const latest = new Map<string, (typeof castVotes)[number]>();
  for (const vote of castVotes) if (vote.version === target) latest.set(vote.reviewerId, vote);

  // One diff per source version, shared by all comments written on it.
  const bodies = new Map<number, string>();
  const diffs = new Map<number, DiffRun[]>();
  for (const source of new Set(comments.map((comment) => comment.version))) {
    const { body } = await loadVersionBody(db, actor.orgId, documentId, source);
    bodies.set(source, body);
    diffs.set(source, diffWords(body, targetBody));
  }
  return {
    version: target,
    tally: tallyVotes(castVotes, target),
    votes: [...latest.values()].map((vote) => ({ reviewer: personOf(names, vote.reviewerId)!, version: vote.version, choice: vote.choice, reason: vote.reason, castAt: vote.castAt.toISOString() })),
    comments: comments.map((comment) => {
      const carried = carryAnchor({ start: comment.anchor_start, end: comment.anchor_end, quote: comment.quote }, bodies.get(comment.version)!, targetBody, diffs.get(comment.version));
      return {
        id: comment.id,
        author: personOf(names, comment.author_id)!,
        body: comment.body,
        version: comment.version,
        quote: comment.quote,
        anchor: { version: target, ...carried },
        createdAt: new Date(comment.created_at).toISOString(),
      };
    }),
    verdicts: verdicts.map((verdict) => ({ verdict: verdict.verdict, version: verdict.version, reason: verdict.reason, decidedBy: personOf(names, verdict.decided_by)!, decidedAt: new Date(verdict.created_at).toISOString() })),
  };
}

export async function castVote(db: Db, actor: OrgActor, documentId: string, input: { version: number; choice: VoteChoice; reason: string }, now = new Date()): Promise<ReviewView> {
  requirePermission(actor, 'documents.write');
  const reason = normaliseReason(input.reason);
  const loaded = await loadReadableDocument(db, actor, documentId);
  assertNotAuthor(await writersOf(db, actor.orgId, loaded), actor.userId, 'vote');
  await assertNoReadingUnderWay(db, actor, documentId, now);
  await loadVersionBody(db, actor.orgId, documentId, input.version);
  await db.insertInto('document_votes').values({ document_id: documentId, org_id: actor.orgId, version: input.version, reviewer_id: actor.userId, choice: input.choice, reason }).execute();
  return getDocumentReview(db, actor, documentId, input.version);
}

export async function addComment(db: Db, actor: OrgActor, documentId: string, input: { version: number; anchor: { start: number; end: number; quote: string }; body: string }, now = new Date()): Promise<CommentView> {
  requirePermission(actor, 'documents.write');
  const body = normaliseCommentBody(input.body);
  await loadReadableDocument(db, actor, documentId);
  await assertNoReadingUnderWay(db, actor, documentId, now);
  const { body: versionBody } = await loadVersionBody(db, actor.orgId, documentId, input.version);
  const anchor = validateAnchor(versionBody, input.anchor);
  const row = await db
    .insertInto('document_comments')
    .values({ document_id: documentId, org_id: actor.orgId, version: input.version, author_id: actor.userId, anchor_start: anchor.start, anchor_end: anchor.end, quote: anchor.quote, body })
    .returning(['id', 'created_at'])
    .executeTakeFirstOrThrow();
  const names = await userNames(db, [actor.userId]);
  return {
    id: row.id,
    author: personOf(names, actor.userId)!,
    body,
    version: input.version,
    quote: anchor.quote,
    anchor: { version: input.version, start: anchor.start, end: anchor.end, text: anchor.quote, status: 'unchanged' },
    createdAt: new Date(row.created_at).toISOString(),
  };
}

/** Records the verdict on one version: a decision, audited in the same transaction; closed to a reading's participants while it reads. */
export async function recordVerdict(db: Db, actor: OrgActor, documentId: string, input: { version: number; verdict: Verdict; reason: string }, now = new Date()): Promise<ReviewView> {
  requirePermission(actor, 'documents.write');
  const reason = normaliseReason(input.reason);
  const loaded = await loadReadableDocument(db, actor, documentId);
  assertNotAuthor(await writersOf(db, actor.orgId, loaded), actor.userId, 'verdict');
  // A verdict and its reason are in the review the other readers see, like a vote: not while they still read.
  await assertNoReadingUnderWay(db, actor, documentId, now);
  const review = await getDocumentReview(db, actor, documentId, input.version);
  const lint = await lintDocumentVersion(db, actor, documentId, input.version);
  assertVerdictAllowed(input.verdict, review.tally, lint.errorCount);
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('document_verdicts').values({ document_id: documentId, org_id: actor.orgId, version: input.version, verdict: input.verdict, reason, decided_by: actor.userId }).execute();
    await recordAuditEvent(trx, {
      orgId: actor.orgId,
      actorUserId: actor.userId,
      action: 'document.verdict_recorded',
      subjectType: 'document',
      subjectId: documentId,
      data: { version: input.version, verdict: input.verdict, reason, tally: review.tally },
    });
  });
  return getDocumentReview(db, actor, documentId, input.version);
}
