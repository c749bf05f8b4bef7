import { carryAnchor, validateAnchor, type AnchorStatus } from '../../domain/documents/comment-anchors.js';
import { assertCanResolveThread, assertNotAuthor, canResolveThread, assertThreadOpenForReply, assertJudgedOnCurrentVersion, assertVerdictAllowed, normaliseReason, REVIEW_LIMITS, tallyVotes, type CommentThreadState, type Verdict, type VoteChoice, type VoteTally } from '../../domain/documents/review-rules.js';
import { diffWords, type DiffRun } from '../../domain/documents/word-diff.js';
import { AppError, notFound } from '../../domain/errors.js';
import type { Selectable } from 'kysely';
import type { Db } from '../../storage/database.js';
import type { DocumentCommentsTable } from '../../storage/schema.js';
import { recordAuditEvent } from '../audit/audit.service.js';
import { requirePermission, type OrgActor } from '../context.js';
import { castVoteOf, loadReadableDocument, loadVersionBody, loadVoteTally, personOf, readableBy, userNames, writersOf } from './document-access.js';
import { lintDocumentVersion } from './document-lint.service.js';
import { assertNoReadingUnderWay } from './reading-meetings.service.js';
import { isoTimestamp } from '../../storage/timestamps.js';

type Person = { id: string; name: string };

export interface VoteView {
  reviewer: Person;
  version: number;
  choice: VoteChoice;
  reason: string;
  castAt: string;
}

export interface ReplyView {
  id: string;
  author: Person;
  body: string;
  createdAt: string;
}

/** A comment thread: the comment anchored to a passage, the replies under it in order, and whether it is resolved. */
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
  replies: ReplyView[];
  /** Who resolved the thread and when; null while it is open. */
  resolved: { by: Person; at: string } | null;
  /** Whether the viewer may resolve (or reopen) it: whoever started it or an author of the document. */
  canResolve: boolean;
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
  const { body: targetBody } = await loadVersionBody(db, actor.orgId, documentId, target, 'query.version');
  const [votes, comments, verdicts] = await Promise.all([
    db.selectFrom('document_votes').selectAll().where('org_id', '=', actor.orgId).where('document_id', '=', documentId).orderBy('id').execute(),
    db.selectFrom('document_comments').selectAll().where('org_id', '=', actor.orgId).where('document_id', '=', documentId).where('version', '<=', target).orderBy('created_at').execute(),
    db.selectFrom('document_verdicts').selectAll().where('org_id', '=', actor.orgId).where('document_id', '=', documentId).orderBy('id', 'desc').execute(),
  ]);
  const names = await userNames(db, [...votes.map((vote) => vote.reviewer_id), ...comments.flatMap((comment) => [comment.author_id, comment.resolved_by]), ...verdicts.map((verdict) => verdict.decided_by)]);
  const castVotes = votes.map((vote) => ({ reviewerId: vote.reviewer_id, version: vote.version, choice: vote.choice, castAt: new Date(vote.created_at), reason: vote.reason }));
  const latest = new Map<string, (typeof castVotes)[number]>();
  for (const vote of castVotes) if (vote.version === target) latest.set(vote.reviewerId, vote);

  // A reply carries its thread's version, so the filter above keeps a thread and its replies together.
  const threads = comments.filter((comment) => comment.parent_id === null);
  const repliesByThread = new Map<string, ReplyView[]>();
  for (const reply of comments) {
    if (reply.parent_id === null) continue;
    repliesByThread.set(reply.parent_id, [...(repliesByThread.get(reply.parent_id) ?? []), toReplyView(reply, names)]);
  }
  // One diff per source version, shared by all comments written on it.
  const bodies = new Map<number, string>();
  const diffs = new Map<number, DiffRun[]>();
  for (const source of new Set(threads.map((comment) => comment.version))) {
    const { body } = await loadVersionBody(db, actor.orgId, documentId, source);
    bodies.set(source, body);
    diffs.set(source, diffWords(body, targetBody));
  }
  return {
    version: target,
    tally: tallyVotes(castVotes, target),
    votes: [...latest.values()].map((vote) => ({ reviewer: personOf(names, vote.reviewerId)!, version: vote.version, choice: vote.choice, reason: vote.reason, castAt: vote.castAt.toISOString() })),
    comments: threads.map((comment) => {
      const quoted = anchorOf(comment);
      const carried = carryAnchor(quoted, bodies.get(comment.version)!, targetBody, diffs.get(comment.version));
      return {
        ...toReplyView(comment, names),
        version: comment.version,
        quote: quoted.quote,
        anchor: { version: target, ...carried },
        replies: repliesByThread.get(comment.id) ?? [],
        resolved: resolutionOf(comment, names),
        canResolve: canResolveThread(threadState(comment), loaded.access.authorIds, actor.userId),
      };
    }),
    verdicts: verdicts.map((verdict) => ({ verdict: verdict.verdict, version: verdict.version, reason: verdict.reason, decidedBy: personOf(names, verdict.decided_by)!, decidedAt: new Date(verdict.created_at).toISOString() })),
  };
}

/**
 * Casts a reviewer's vote on the document's current version (one sent for an older version is refused as stale, as a
 * verdict is); closed to a reading's participants while it reads.
 */
export async function castVote(db: Db, actor: OrgActor, documentId: string, input: { version: number; choice: VoteChoice; reason: string }, now = new Date()): Promise<ReviewView> {
  requirePermission(actor, 'documents.write');
  const reason = normaliseReason(input.reason);
  const loaded = await loadReadableDocument(db, actor, documentId);
  assertNotAuthor(await writersOf(db, actor.orgId, loaded), actor.userId, 'vote');
  await loadVersionBody(db, actor.orgId, documentId, input.version, 'body.version');
  await db.transaction().execute(async (trx) => {
    // assertNoReadingUnderWay holds the document's row FOR SHARE, so a save of a new version (FOR UPDATE) waits for
    // this vote: the version read current just below is still current when the vote is written.
    await assertNoReadingUnderWay(trx, actor, documentId, now);
    const { current_version: currentVersion } = await trx.selectFrom('documents').select('current_version').where('org_id', '=', actor.orgId).where('id', '=', documentId).executeTakeFirstOrThrow();
    assertJudgedOnCurrentVersion(currentVersion, input.version, 'vote');
    await trx.insertInto('document_votes').values({ document_id: documentId, org_id: actor.orgId, version: input.version, reviewer_id: actor.userId, choice: input.choice, reason, created_at: now }).execute();
  });
  return getDocumentReview(db, actor, documentId, input.version);
}

export async function addComment(db: Db, actor: OrgActor, documentId: string, input: { version: number; anchor: { start: number; end: number; quote: string }; body: string }, now = new Date()): Promise<CommentView> {
  requirePermission(actor, 'documents.write');
  const body = normaliseCommentBody(input.body);
  await loadReadableDocument(db, actor, documentId);
  const { body: versionBody } = await loadVersionBody(db, actor.orgId, documentId, input.version, 'body.version');
  const anchor = validateAnchor(versionBody, input.anchor);
  const row = await db.transaction().execute(async (trx) => {
    await assertNoReadingUnderWay(trx, actor, documentId, now);
    return trx
      .insertInto('document_comments')
      .values({ document_id: documentId, org_id: actor.orgId, version: input.version, author_id: actor.userId, anchor_start: anchor.start, anchor_end: anchor.end, quote: anchor.quote, body, created_at: now })
      .returningAll()
      .executeTakeFirstOrThrow();
  });
  const names = await userNames(db, [actor.userId]);
  return {
    ...toReplyView(row, names),
    version: input.version,
    quote: anchor.quote,
    anchor: { version: input.version, start: anchor.start, end: anchor.end, text: anchor.quote, status: 'unchanged' },
    replies: [],
    resolved: null,
    canResolve: true,
  };
}

/**
 * Answers a comment thread, under the rules of comments (anyone who may comment, the document's authors included;
 * not while a reading the replier takes part in is under way). A resolved thread takes no reply until it is reopened.
 */
export async function replyToComment(db: Db, actor: OrgActor, documentId: string, commentId: string, input: { body: string }, now = new Date()): Promise<ReplyView> {
  requirePermission(actor, 'documents.write');
  const body = normaliseCommentBody(input.body);
  await loadReadableDocument(db, actor, documentId);
  const row = await db.transaction().execute(async (trx) => {
    // The thread's row is locked first: a reply and a resolution of the same thread are decided one after the other.
    const thread = await loadCommentForUpdate(trx, actor, documentId, commentId);
    assertThreadOpenForReply(threadState(thread));
    await assertNoReadingUnderWay(trx, actor, documentId, now);
    // The reply takes its document, org and version from the thread, so it is shown wherever the thread is.
    return trx
      .insertInto('document_comments')
      .values({ document_id: thread.document_id, org_id: thread.org_id, version: thread.version, author_id: actor.userId, parent_id: thread.id, body, created_at: now })
      .returningAll()
      .executeTakeFirstOrThrow();
  });
  return toReplyView(row, await userNames(db, [actor.userId]));
}

/** Resolves a thread: whoever started it or an author of the document. Resolving a resolved thread keeps who did it first. */
export async function resolveCommentThread(db: Db, actor: OrgActor, documentId: string, commentId: string, now = new Date()): Promise<CommentView> {
  return setThreadResolved(db, actor, documentId, commentId, true, now);
}

/** Reopens a resolved thread (the same people may); the audit log keeps who had resolved it and when. */
export async function reopenCommentThread(db: Db, actor: OrgActor, documentId: string, commentId: string, now = new Date()): Promise<CommentView> {
  return setThreadResolved(db, actor, documentId, commentId, false, now);
}

async function setThreadResolved(db: Db, actor: OrgActor, documentId: string, commentId: string, isResolving: boolean, now: Date): Promise<CommentView> {
  requirePermission(actor, 'documents.write');
  const loaded = await loadReadableDocument(db, actor, documentId);
  await db.transaction().execute(async (trx) => {
    const thread = await loadCommentForUpdate(trx, actor, documentId, commentId);
    assertCanResolveThread(threadState(thread), loaded.access.authorIds, actor.userId, isResolving ? 'resolve' : 'reopen');
    if ((thread.resolved_at !== null) === isResolving) return;
    await trx
      .updateTable('document_comments')
      .set(isResolving ? { resolved_at: now, resolved_by: actor.userId } : { resolved_at: null, resolved_by: null })
      .where('org_id', '=', actor.orgId)
      .where('id', '=', thread.id)
      .execute();
    await recordAuditEvent(trx, {
      at: now,
      orgId: actor.orgId,
      actorUserId: actor.userId,
      action: isResolving ? 'document.comment_resolved' : 'document.comment_reopened',
      subjectType: 'document',
      subjectId: documentId,
      data: { commentId: thread.id, version: thread.version, quote: thread.quote, ...(!isResolving && { resolvedBy: thread.resolved_by, resolvedAt: isoTimestamp(thread.resolved_at) }) },
    });
  });
  const review = await getDocumentReview(db, actor, documentId);
  return review.comments.find((comment) => comment.id === commentId)!;
}

/**
 * Records the verdict on the document's current version (one sent for an older version is refused as stale): a
 * decision, audited in the same transaction; closed to a reading's participants while it reads.
 */
export async function recordVerdict(db: Db, actor: OrgActor, documentId: string, input: { version: number; verdict: Verdict; reason: string }, now = new Date()): Promise<ReviewView> {
  requirePermission(actor, 'documents.write');
  const reason = normaliseReason(input.reason);
  const loaded = await loadReadableDocument(db, actor, documentId);
  assertNotAuthor(await writersOf(db, actor.orgId, loaded), actor.userId, 'verdict');
  await loadVersionBody(db, actor.orgId, documentId, input.version, 'body.version');
  const lint = await lintDocumentVersion(db, actor, documentId, input.version);
  await db.transaction().execute(async (trx) => {
    // The document's row, locked, orders the verdict after every vote in flight (a vote holds it FOR SHARE,
    // assertNoReadingUnderWay) and a vote sent meanwhile after it: the tally below is the one the verdict stands on.
    // The same lock orders it against a save of a new version (which holds the row FOR UPDATE too): the version
    // checked current here is still current when the verdict is written.
    const locked = await loadReadableDocument(trx, actor, documentId, { forUpdate: true });
    // A verdict and its reason are in the review the other readers see, like a vote: not while they still read
    // (whichever version it names: a reader in a silent reading is told to wait before anything else).
    await assertNoReadingUnderWay(trx, actor, documentId, now);
    assertJudgedOnCurrentVersion(locked.row.current_version, input.version, 'verdict');
    const tally = await loadVoteTally(trx, actor.orgId, documentId, input.version);
    assertVerdictAllowed(input.verdict, tally, lint.errorCount);
    await trx.insertInto('document_verdicts').values({ document_id: documentId, org_id: actor.orgId, version: input.version, verdict: input.verdict, reason, decided_by: actor.userId, created_at: now }).execute();
    await recordAuditEvent(trx, {
      at: now,
      orgId: actor.orgId,
      actorUserId: actor.userId,
      action: 'document.verdict_recorded',
      subjectType: 'document',
      subjectId: documentId,
      data: { version: input.version, verdict: input.verdict, reason, tally },
    });
  });
  return getDocumentReview(db, actor, documentId, input.version);
}

export interface PressReleaseAwaitingVerdictView {
  documentId: string;
  title: string;
  /** The current version: the one the votes are on and no verdict judged. */
  version: number;
  tally: VoteTally;
  lastVoteAt: string;
}

/**
 * PR/FAQs whose current version reviewers have voted on and nobody has judged (no verdict on that version), across
 * the org as far as the viewer may read them, the longest waiting first: the press release cannot pass the FAQ gate
 * on votes alone, so someone who did not write it records the verdict.
 */
export async function listPressReleasesAwaitingVerdict(db: Db, actor: OrgActor): Promise<PressReleaseAwaitingVerdictView[]> {
  requirePermission(actor, 'documents.read');
  const documents = await db
    .selectFrom('documents')
    .innerJoin('document_versions', (join) => join.onRef('document_versions.document_id', '=', 'documents.id').onRef('document_versions.version', '=', 'documents.current_version'))
    .select(['documents.id', 'documents.current_version', 'document_versions.title'])
    .where('documents.org_id', '=', actor.orgId)
    .where('documents.kind', '=', 'prfaq')
    .where(readableBy(actor))
    .where((eb) => eb.exists(eb.selectFrom('document_votes').select('document_votes.id').whereRef('document_votes.document_id', '=', 'documents.id').whereRef('document_votes.version', '=', 'documents.current_version')))
    .where((eb) => eb.not(eb.exists(eb.selectFrom('document_verdicts').select('document_verdicts.id').whereRef('document_verdicts.document_id', '=', 'documents.id').whereRef('document_verdicts.version', '=', 'documents.current_version'))))
    .limit(50)
    .execute();
  if (documents.length === 0) return [];
  const votes = await db.selectFrom('document_votes').select(['document_id', 'reviewer_id', 'version', 'choice', 'created_at']).where('org_id', '=', actor.orgId).where('document_id', 'in', documents.map((document) => document.id)).orderBy('id').execute();
  return documents
    .map((document) => {
      const cast = votes.filter((vote) => vote.document_id === document.id && vote.version === document.current_version);
      return {
        documentId: document.id,
        title: document.title,
        version: document.current_version,
        tally: tallyVotes(cast.map(castVoteOf), document.current_version),
        lastVoteAt: isoTimestamp(cast.reduce((latest, vote) => (new Date(vote.created_at) > new Date(latest) ? vote.created_at : latest), cast[0]!.created_at)),
      };
    })
    .sort((a, b) => a.lastVoteAt.localeCompare(b.lastVoteAt));
}

type CommentRow = Selectable<DocumentCommentsTable>;

/** A comment of this document in the actor's org, locked for a change; any other id is not found. */
async function loadCommentForUpdate(trx: Db, actor: OrgActor, documentId: string, commentId: string): Promise<CommentRow> {
  const row = await trx.selectFrom('document_comments').selectAll().where('org_id', '=', actor.orgId).where('document_id', '=', documentId).where('id', '=', commentId).forUpdate().executeTakeFirst();
  if (!row) throw notFound('Comment');
  return row;
}

const threadState = (row: CommentRow): CommentThreadState => ({ id: row.id, parentId: row.parent_id, authorId: row.author_id, isResolved: row.resolved_at !== null });


function toReplyView(row: CommentRow, names: ReadonlyMap<string, string>): ReplyView {
  return { id: row.id, author: personOf(names, row.author_id)!, body: row.body, createdAt: isoTimestamp(row.created_at) };
}

function resolutionOf(row: CommentRow, names: ReadonlyMap<string, string>): CommentView['resolved'] {
  return row.resolved_at === null || row.resolved_by === null ? null : { by: personOf(names, row.resolved_by)!, at: isoTimestamp(row.resolved_at) };
}

/** A thread's passage: a thread's first comment always has one (document_comments_anchor_whole); only replies have none. */
function anchorOf(row: CommentRow): { start: number; end: number; quote: string } {
  if (row.anchor_start === null || row.anchor_end === null || row.quote === null) {
    throw new AppError('internal', 'A comment thread has lost its passage.', {}, { logMessage: `document_comments ${row.id}: a thread without an anchor` });
  }
  return { start: row.anchor_start, end: row.anchor_end, quote: row.quote };
}
