import { sql } from 'kysely';
import { accessToken, assertBaseVersion, DOCUMENT_LIMITS, documentTemplate, normaliseTitle, type DocumentKind, type DocumentVisibility } from '../../domain/documents/document-rules.js';
import { compellingVerdictProblem, tallyVotes } from '../../domain/documents/review-rules.js';
import { diffWords, summariseDiff, type DiffRun, type DiffSummary } from '../../domain/documents/word-diff.js';
import { AppError } from '../../domain/errors.js';
import { assertSameContent } from '../../domain/stale-write.js';
import type { Db } from '../../storage/database.js';
import { recordAuditEvent } from '../audit/audit.service.js';
import { requirePermission, type OrgActor } from '../context.js';
import { assertOrgMembers, castVoteOf, loadReadableDocument, loadVersionBody, personOf, readableBy, requireAuthor, userNames, type LoadedDocument } from './document-access.js';
import { assertMeetingsKeepAccess } from './reading-meetings.service.js';
import { countReadableWords } from '../../domain/writing/word-count.js';

export interface Person {
  id: string;
  name: string;
}

export interface DocumentSummaryView {
  id: string;
  kind: DocumentKind;
  title: string;
  visibility: DocumentVisibility;
  version: number;
  /** Saves so far: the draft count. */
  draftCount: number;
  authors: Person[];
  updatedAt: string;
  /**
   * The latest verdict recorded on the current version, if any (null once a new draft is saved: it needs a verdict of
   * its own): what was decided, and whether the reviewers' votes on that version still back it (compellingVerdictProblem; a "not yet" always is): the pipeline's FAQ gate reads the same.
   */
  verdict?: { verdict: 'compelling' | 'not_yet'; version: number; isBackedByVotes: boolean } | null;
}

export interface DocumentView extends DocumentSummaryView {
  body: string;
  readers: Person[];
  /** The sharing as read here: send it back as `baseToken` when changing it (see accessToken). */
  accessToken: string;
  isAuthor: boolean;
  createdAt: string;
}

export interface DocumentVersionView {
  version: number;
  title: string;
  createdAt: string;
  createdBy: Person | null;
  words: number;
}

export interface DocumentDiffView {
  from: number;
  to: number;
  /** Each version's title: a retitled draft changes no word of the body, and the history still says so. */
  title: { from: string; to: string };
  runs: DiffRun[];
  summary: DiffSummary;
}


async function toView(db: Db, actor: OrgActor, loaded: LoadedDocument): Promise<DocumentView> {
  const version = await loadVersionBody(db, actor.orgId, loaded.row.id, loaded.row.current_version);
  const names = await userNames(db, [...loaded.access.authorIds, ...loaded.access.readerIds]);
  return {
    id: loaded.row.id,
    kind: loaded.row.kind,
    title: version.title,
    visibility: loaded.row.visibility,
    version: loaded.row.current_version,
    draftCount: loaded.row.current_version,
    authors: loaded.access.authorIds.map((id) => personOf(names, id)!),
    readers: loaded.access.readerIds.map((id) => personOf(names, id)!),
    accessToken: accessToken(loaded.access),
    isAuthor: loaded.access.authorIds.includes(actor.userId),
    body: version.body,
    createdAt: new Date(loaded.row.created_at).toISOString(),
    updatedAt: new Date(loaded.row.updated_at).toISOString(),
  };
}

export async function getDocument(db: Db, actor: OrgActor, documentId: string): Promise<DocumentView> {
  return toView(db, actor, await loadReadableDocument(db, actor, documentId));
}

/** The documents the actor may read, newest change first. */
export async function listDocuments(db: Db, actor: OrgActor): Promise<DocumentSummaryView[]> {
  requirePermission(actor, 'documents.read');
  const rows = await db
    .selectFrom('documents')
    .innerJoin('document_versions', (join) => join.onRef('document_versions.document_id', '=', 'documents.id').onRef('document_versions.version', '=', 'documents.current_version'))
    .select(['documents.id', 'documents.kind', 'documents.visibility', 'documents.current_version', 'documents.updated_at', 'document_versions.title'])
    .where('documents.org_id', '=', actor.orgId)
    .where(readableBy(actor))
    .orderBy('documents.updated_at', 'desc')
    .limit(500)
    .execute();
  const authors = rows.length === 0 ? [] : await db.selectFrom('document_members').select(['document_id', 'user_id']).where('org_id', '=', actor.orgId).where('role', '=', 'author').where('document_id', 'in', rows.map((row) => row.id)).execute();
  const names = await userNames(db, authors.map((author) => author.user_id));
  // The verdict on each document's current version: one on an older draft no longer speaks for what it says now.
  const verdicts =
    rows.length === 0
      ? []
      : await db
          .selectFrom('document_verdicts')
          .innerJoin('documents', (join) => join.onRef('documents.id', '=', 'document_verdicts.document_id').onRef('documents.current_version', '=', 'document_verdicts.version'))
          .select(['document_verdicts.document_id', 'document_verdicts.verdict', 'document_verdicts.version'])
          .distinctOn('document_verdicts.document_id')
          .where('document_verdicts.org_id', '=', actor.orgId)
          .where('document_verdicts.document_id', 'in', rows.map((row) => row.id))
          .orderBy('document_verdicts.document_id')
          .orderBy('document_verdicts.id', 'desc')
          .execute();
  const compelling = verdicts.filter((verdict) => verdict.verdict === 'compelling');
  const votes = compelling.length === 0 ? [] : await db.selectFrom('document_votes').select(['document_id', 'reviewer_id', 'version', 'choice', 'created_at']).where('org_id', '=', actor.orgId).where('document_id', 'in', compelling.map((verdict) => verdict.document_id)).orderBy('id').execute();
  const isBacked = (verdict: (typeof verdicts)[number]) =>
    verdict.verdict !== 'compelling' || compellingVerdictProblem(tallyVotes(votes.filter((vote) => vote.document_id === verdict.document_id).map(castVoteOf), verdict.version)) === null;
  const verdictOf = new Map(verdicts.map((verdict) => [verdict.document_id, { verdict: verdict.verdict, version: verdict.version, isBackedByVotes: isBacked(verdict) }]));
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    title: row.title,
    visibility: row.visibility,
    version: row.current_version,
    draftCount: row.current_version,
    authors: authors.filter((author) => author.document_id === row.id).map((author) => personOf(names, author.user_id)!),
    updatedAt: new Date(row.updated_at).toISOString(),
    verdict: verdictOf.get(row.id) ?? null,
  }));
}

export interface CreateDocumentInput {
  kind: DocumentKind;
  title: string;
  body?: string | undefined;
  visibility?: DocumentVisibility | undefined;
  readerIds?: string[] | undefined;
}

/** `now` dates the document's first version (the demo's documents have a past); without it, the database's clock. */
export async function createDocument(db: Db, actor: OrgActor, input: CreateDocumentInput, now?: Date): Promise<DocumentView> {
  requirePermission(actor, 'documents.write');
  const title = normaliseTitle(input.title);
  const readerIds = (input.readerIds ?? []).filter((id) => id !== actor.userId);
  await assertOrgMembers(db, actor.orgId, readerIds, 'body.readerIds');
  const id = await db.transaction().execute(async (trx) => {
    const document = await trx
      .insertInto('documents')
      .values({ org_id: actor.orgId, kind: input.kind, visibility: input.visibility ?? 'org', current_version: 1, created_by: actor.userId, ...(now === undefined ? {} : { created_at: now, updated_at: now }) })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.insertInto('document_versions').values({ document_id: document.id, org_id: actor.orgId, version: 1, title, body: input.body ?? documentTemplate(input.kind, title), created_by: actor.userId, ...(now === undefined ? {} : { created_at: now }) }).execute();
    await trx
      .insertInto('document_members')
      .values([{ document_id: document.id, org_id: actor.orgId, user_id: actor.userId, role: 'author' as const }, ...readerIds.map((userId) => ({ document_id: document.id, org_id: actor.orgId, user_id: userId, role: 'reader' as const }))])
      .execute();
    await recordAuditEvent(trx, { at: now, orgId: actor.orgId, actorUserId: actor.userId, action: 'document.created', subjectType: 'document', subjectId: document.id, data: { title, kind: input.kind } });
    return document.id;
  });
  return getDocument(db, actor, id);
}

/** Saves a new immutable version on top of `baseVersion`; a stale base answers 409 with the current version. */
export async function saveDocumentVersion(db: Db, actor: OrgActor, documentId: string, input: { title: string; body: string; baseVersion: number }, now?: Date): Promise<DocumentView> {
  requirePermission(actor, 'documents.write');
  const title = normaliseTitle(input.title);
  if (input.body.length > DOCUMENT_LIMITS.bodyMaxLength) throw new AppError('payload_too_large', `A document has at most ${DOCUMENT_LIMITS.bodyMaxLength} characters.`, { field: 'body.body' });
  await db.transaction().execute(async (trx) => {
    const loaded = await loadReadableDocument(trx, actor, documentId, { forUpdate: true });
    requireAuthor(loaded, actor, 'save new versions');
    assertBaseVersion(loaded.row.current_version, input.baseVersion);
    const current = await loadVersionBody(trx, actor.orgId, documentId, loaded.row.current_version);
    if (current.title === title && current.body === input.body) return;
    const version = loaded.row.current_version + 1;
    await trx.insertInto('document_versions').values({ document_id: documentId, org_id: actor.orgId, version, title, body: input.body, created_by: actor.userId, ...(now === undefined ? {} : { created_at: now }) }).execute();
    await trx.updateTable('documents').set({ current_version: version, updated_at: now ?? sql<Date>`now()` }).where('id', '=', documentId).where('org_id', '=', actor.orgId).execute();
  });
  return getDocument(db, actor, documentId);
}

export async function listDocumentVersions(db: Db, actor: OrgActor, documentId: string): Promise<DocumentVersionView[]> {
  await loadReadableDocument(db, actor, documentId);
  const rows = await db
    .selectFrom('document_versions')
    .select(['version', 'title', 'body', 'created_at', 'created_by'])
    .where('org_id', '=', actor.orgId)
    .where('document_id', '=', documentId)
    .orderBy('version', 'desc')
    .execute();
  const names = await userNames(db, rows.map((row) => row.created_by));
  return rows.map((row) => ({ version: row.version, title: row.title, createdAt: new Date(row.created_at).toISOString(), createdBy: personOf(names, row.created_by), words: countReadableWords(row.body) }));
}

export async function getDocumentVersion(db: Db, actor: OrgActor, documentId: string, version: number, field = 'param.version'): Promise<{ version: number; title: string; body: string; createdAt: string; createdBy: Person | null }> {
  await loadReadableDocument(db, actor, documentId);
  const found = await loadVersionBody(db, actor.orgId, documentId, version, field);
  const names = await userNames(db, [found.createdBy]);
  return { version, title: found.title, body: found.body, createdAt: found.createdAt.toISOString(), createdBy: personOf(names, found.createdBy) };
}

export async function diffDocumentVersions(db: Db, actor: OrgActor, documentId: string, from: number, to: number): Promise<DocumentDiffView> {
  await loadReadableDocument(db, actor, documentId);
  const [before, after] = await Promise.all([loadVersionBody(db, actor.orgId, documentId, from, 'query.from'), loadVersionBody(db, actor.orgId, documentId, to, 'query.to')]);
  const runs = diffWords(before.body, after.body);
  return { from, to, title: { from: before.title, to: after.title }, runs, summary: summariseDiff(runs) };
}

/** Who writes and who reads: authors only, and always at least one author. */
export async function setDocumentAccess(db: Db, actor: OrgActor, documentId: string, input: { visibility: DocumentVisibility; authorIds: string[]; readerIds: string[]; baseToken?: string | undefined }): Promise<DocumentView> {
  requirePermission(actor, 'documents.write');
  const authorIds = [...new Set(input.authorIds)];
  const readerIds = [...new Set(input.readerIds)].filter((id) => !authorIds.includes(id));
  if (authorIds.length === 0) throw new AppError('validation_failed', 'body.authorIds: a document keeps at least one author.', { field: 'body.authorIds' });
  if (authorIds.length > DOCUMENT_LIMITS.maxAuthors) throw new AppError('validation_failed', `body.authorIds: at most ${DOCUMENT_LIMITS.maxAuthors} authors.`, { field: 'body.authorIds' });
  await assertOrgMembers(db, actor.orgId, authorIds, 'body.authorIds');
  await assertOrgMembers(db, actor.orgId, readerIds, 'body.readerIds');
  await db.transaction().execute(async (trx) => {
    const loaded = await loadReadableDocument(trx, actor, documentId, { forUpdate: true });
    requireAuthor(loaded, actor, 'change who can read or write it');
    // The lists are replaced whole: from a stale form, that would undo a colleague's change without a word.
    assertSameContent(accessToken(loaded.access), input.baseToken, 'sharing', 'baseToken');
    await assertMeetingsKeepAccess(trx, actor, documentId, { visibility: input.visibility, authorIds, readerIds });
    await trx.updateTable('documents').set({ visibility: input.visibility, updated_at: sql<Date>`now()` }).where('id', '=', documentId).where('org_id', '=', actor.orgId).execute();
    await trx.deleteFrom('document_members').where('document_id', '=', documentId).where('org_id', '=', actor.orgId).execute();
    await trx
      .insertInto('document_members')
      .values([...authorIds.map((userId) => ({ document_id: documentId, org_id: actor.orgId, user_id: userId, role: 'author' as const })), ...readerIds.map((userId) => ({ document_id: documentId, org_id: actor.orgId, user_id: userId, role: 'reader' as const }))])
      .execute();
    await recordAuditEvent(trx, {
      orgId: actor.orgId,
      actorUserId: actor.userId,
      action: 'document.access_changed',
      subjectType: 'document',
      subjectId: documentId,
      data: { visibility: input.visibility, before: loaded.access, after: { authorIds, readerIds } },
    });
  });
  return getDocument(db, actor, documentId);
}
