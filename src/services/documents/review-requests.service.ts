import { canReadDocument } from '../../domain/documents/document-rules.js';
import { checkReviewRequest, seesEveryReviewRequest } from '../../domain/documents/review-requests.js';
import { AppError, notFound } from '../../domain/errors.js';
import { reviewRequestEmail } from '../../domain/mail/outbox-emails.js';
import type { Db } from '../../storage/database.js';
import { isoTimestamp } from '../../storage/timestamps.js';
import { recordAuditEvent } from '../audit/audit.service.js';
import { requirePermission, type OrgActor } from '../context.js';
import { appLink, queueEmail, type EmailSettings } from '../mail/outbox.service.js';
import { assertOrgMembers, loadReadableDocument, loadVersionBody, personOf, readableBy, requireAuthor, userNames, writersOf } from './document-access.js';

type Person = { id: string; name: string };

export interface ReviewRequestView {
  id: string;
  reviewer: Person;
  requestedBy: Person;
  /** The current version when it was asked. */
  version: number;
  requestedAt: string;
}

/** A request waiting on the viewer, for Home. */
export interface MyReviewRequestView {
  id: string;
  documentId: string;
  documentTitle: string;
  requestedBy: Person;
  requestedAt: string;
}

/**
 * Requests still open: not withdrawn, and the reviewer has not voted on the document since (on whichever version).
 * Read from the votes rather than stored, so a vote closes every request it answers without another write.
 */
function openRequests(db: Db, orgId: string) {
  return db
    .selectFrom('document_review_requests as request')
    .where('request.org_id', '=', orgId)
    .where('request.withdrawn_at', 'is', null)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('document_votes')
            .select('document_votes.id')
            .whereRef('document_votes.document_id', '=', 'request.document_id')
            .whereRef('document_votes.reviewer_id', '=', 'request.reviewer_id')
            .whereRef('document_votes.created_at', '>=', 'request.created_at'),
        ),
      ),
    );
}

/**
 * The open requests on one document, oldest first, as far as the viewer may see them: all of them for its authors and
 * admins, only the viewer's own for any other reader (`seesEveryReviewRequest` says why).
 */
export async function listReviewRequests(db: Db, actor: OrgActor, documentId: string): Promise<ReviewRequestView[]> {
  const loaded = await loadReadableDocument(db, actor, documentId);
  return openRequestViews(db, actor.orgId, documentId, seesEveryReviewRequest(loaded.access, actor) ? null : actor.userId);
}

/** `onlyReviewerId`: the requests asking that one person, or null for all of them. */
async function openRequestViews(db: Db, orgId: string, documentId: string, onlyReviewerId: string | null = null): Promise<ReviewRequestView[]> {
  let query = openRequests(db, orgId).selectAll('request').where('request.document_id', '=', documentId);
  if (onlyReviewerId !== null) query = query.where('request.reviewer_id', '=', onlyReviewerId);
  const rows = await query.orderBy('request.created_at').orderBy('request.id').execute();
  const names = await userNames(db, rows.flatMap((row) => [row.reviewer_id, row.requested_by]));
  return rows.map((row) => ({ id: row.id, reviewer: personOf(names, row.reviewer_id)!, requestedBy: personOf(names, row.requested_by)!, version: row.version, requestedAt: isoTimestamp(row.created_at) }));
}

/**
 * An author asks org members to review the document's current version: people who may read it, did not write it and
 * have no open request on it. Stored and audited in one transaction, with each reviewer's email when email is on.
 */
export async function requestReviews(db: Db, actor: OrgActor, documentId: string, input: { reviewerIds: string[] }, now: Date, email: EmailSettings | null = null): Promise<ReviewRequestView[]> {
  requirePermission(actor, 'documents.write');
  const loaded = await loadReadableDocument(db, actor, documentId);
  requireAuthor(loaded, actor, 'ask for reviews');
  await assertOrgMembers(db, actor.orgId, input.reviewerIds, 'body.reviewerIds');
  await db.transaction().execute(async (trx) => {
    // The document's row, locked, orders two requests for the same person one after the other (the second sees the
    // first open) and the sharing read here against a change of it.
    const locked = await loadReadableDocument(trx, actor, documentId, { forUpdate: true });
    requireAuthor(locked, actor, 'ask for reviews');
    const open = await openRequests(trx, actor.orgId).select('request.reviewer_id').where('request.document_id', '=', documentId).execute();
    const reviewerIds = checkReviewRequest(input.reviewerIds, {
      requesterId: actor.userId,
      writerIds: await writersOf(trx, actor.orgId, locked),
      openReviewerIds: open.map((row) => row.reviewer_id),
      canRead: (userId) => canReadDocument(locked.access, userId),
      names: await userNames(trx, input.reviewerIds),
    });
    const version = locked.row.current_version;
    const rows = await trx
      .insertInto('document_review_requests')
      .values(reviewerIds.map((reviewerId) => ({ org_id: actor.orgId, document_id: documentId, reviewer_id: reviewerId, requested_by: actor.userId, version, created_at: now })))
      .returning(['id', 'reviewer_id'])
      .execute();
    const { title } = await loadVersionBody(trx, actor.orgId, documentId, version);
    await recordAuditEvent(trx, {
      at: now,
      orgId: actor.orgId,
      actorUserId: actor.userId,
      action: 'document.review_requested',
      subjectType: 'document',
      subjectId: documentId,
      data: { documentTitle: title, version, requests: rows.map((row) => ({ id: row.id, reviewerId: row.reviewer_id })) },
    });
    if (email !== null) await queueReviewRequestEmails(trx, actor, { documentId, title }, reviewerIds, email, now);
  });
  return openRequestViews(db, actor.orgId, documentId);
}

/** Tells each reviewer asked: who asks, the title and a link to the review; never the document's text. */
async function queueReviewRequestEmails(trx: Db, actor: OrgActor, document: { documentId: string; title: string }, reviewerIds: readonly string[], email: EmailSettings, now: Date): Promise<void> {
  const users = await trx.selectFrom('users').select(['id', 'name', 'email']).where('id', 'in', [...reviewerIds]).orderBy('email').execute();
  const requester = await trx.selectFrom('users').select('name').where('id', '=', actor.userId).executeTakeFirstOrThrow();
  const org = await trx.selectFrom('orgs').select('name').where('id', '=', actor.orgId).executeTakeFirstOrThrow();
  const url = appLink(email, `/o/${actor.orgId}/documents/${document.documentId}?tab=review`);
  for (const user of users) {
    const content = reviewRequestEmail({ orgName: org.name, reviewerName: user.name, requesterName: requester.name, documentTitle: document.title, url });
    await queueEmail(trx, { orgId: actor.orgId, kind: 'review_request', recipient: user.email, content, now });
  }
}

/** An author withdraws an open request (any author, not only the one who asked); audited. */
export async function withdrawReviewRequest(db: Db, actor: OrgActor, documentId: string, requestId: string, now: Date): Promise<ReviewRequestView[]> {
  requirePermission(actor, 'documents.write');
  const loaded = await loadReadableDocument(db, actor, documentId);
  requireAuthor(loaded, actor, 'withdraw review requests');
  await db.transaction().execute(async (trx) => {
    const request = await trx.selectFrom('document_review_requests').selectAll().where('org_id', '=', actor.orgId).where('document_id', '=', documentId).where('id', '=', requestId).forUpdate().executeTakeFirst();
    if (!request) throw notFound('Review request');
    const isOpen = await openRequests(trx, actor.orgId).select('request.id').where('request.id', '=', requestId).executeTakeFirst();
    if (!isOpen) throw new AppError('conflict', request.withdrawn_at === null ? 'This review request is done: the reviewer has voted since.' : 'This review request was already withdrawn.', { field: 'requestId' });
    await trx.updateTable('document_review_requests').set({ withdrawn_at: now, withdrawn_by: actor.userId }).where('id', '=', requestId).execute();
    await recordAuditEvent(trx, {
      at: now,
      orgId: actor.orgId,
      actorUserId: actor.userId,
      action: 'document.review_request_withdrawn',
      subjectType: 'document',
      subjectId: documentId,
      data: { requestId, reviewerId: request.reviewer_id, requestedBy: request.requested_by, requestedAt: isoTimestamp(request.created_at) },
    });
  });
  return openRequestViews(db, actor.orgId, documentId);
}

/** The viewer's open requests, oldest first, on documents they may still read (a sharing narrowed since hides one). */
export async function listMyReviewRequests(db: Db, actor: OrgActor): Promise<MyReviewRequestView[]> {
  requirePermission(actor, 'documents.read');
  const rows = await openRequests(db, actor.orgId)
    .innerJoin('documents', 'documents.id', 'request.document_id')
    .innerJoin('document_versions', (join) => join.onRef('document_versions.document_id', '=', 'documents.id').onRef('document_versions.version', '=', 'documents.current_version'))
    .select(['request.id', 'request.document_id', 'request.requested_by', 'request.created_at', 'document_versions.title'])
    .where('request.reviewer_id', '=', actor.userId)
    .where(readableBy(actor))
    .orderBy('request.created_at')
    .orderBy('request.id')
    .execute();
  const names = await userNames(db, rows.map((row) => row.requested_by));
  return rows.map((row) => ({ id: row.id, documentId: row.document_id, documentTitle: row.title, requestedBy: personOf(names, row.requested_by)!, requestedAt: isoTimestamp(row.created_at) }));
}
