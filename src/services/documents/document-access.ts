import { can } from '../../domain/accounts/roles.js';
import { AppError, notFound } from '../../domain/errors.js';
import { canReadDocument, isAuthor, type DocumentAccess } from '../../domain/documents/document-rules.js';
import { tallyVotes, type CastVote, type VoteChoice, type VoteTally } from '../../domain/documents/review-rules.js';
import type { Db } from '../../storage/database.js';
import type { Database, DocumentsTable } from '../../storage/schema.js';
import { requirePermission, type OrgActor } from '../context.js';
import type { ExpressionBuilder, Selectable } from 'kysely';

export interface LoadedDocument {
  readonly row: Selectable<DocumentsTable>;
  readonly access: DocumentAccess;
}

/**
 * `canReadDocument` in SQL, for queries over many documents: visible to the whole org, or naming the actor as an
 * author or a reader. A role without documents rights reads none.
 */
export function readableBy(actor: OrgActor) {
  return (eb: ExpressionBuilder<Database, 'documents'>) => {
    if (!can(actor.role, 'documents.read')) return eb.lit(false);
    return eb.or([
      eb('documents.visibility', '=', 'org'),
      eb.exists(eb.selectFrom('document_members').select('document_members.user_id').whereRef('document_members.document_id', '=', 'documents.id').where('document_members.org_id', '=', actor.orgId).where('document_members.user_id', '=', actor.userId)),
    ]);
  };
}

/**
 * Loads a document the actor may read. A document they may not read answers 404, exactly like one
 * that does not exist: its existence is not theirs to learn. `forUpdate` locks the row for a write.
 */
export async function loadReadableDocument(db: Db, actor: OrgActor, documentId: string, options: { forUpdate?: boolean } = {}): Promise<LoadedDocument> {
  requirePermission(actor, 'documents.read');
  let query = db.selectFrom('documents').selectAll().where('org_id', '=', actor.orgId).where('id', '=', documentId);
  if (options.forUpdate) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  if (!row) throw notFound('Document');
  const members = await db.selectFrom('document_members').select(['user_id', 'role']).where('org_id', '=', actor.orgId).where('document_id', '=', documentId).execute();
  const access: DocumentAccess = {
    visibility: row.visibility,
    authorIds: members.filter((member) => member.role === 'author').map((member) => member.user_id),
    readerIds: members.filter((member) => member.role === 'reader').map((member) => member.user_id),
  };
  if (!canReadDocument(access, actor.userId)) throw notFound('Document');
  return { row, access };
}

export function requireAuthor(loaded: LoadedDocument, actor: OrgActor, what: string): void {
  if (!isAuthor(loaded.access, actor.userId)) throw new AppError('forbidden', `Only the authors of this document can ${what}.`);
}

/** `field`: where the caller's request named the version (`query.to` in a diff, say), so a 404 says which number names none. */
export async function loadVersionBody(db: Db, orgId: string, documentId: string, version: number, field = 'version'): Promise<{ title: string; body: string; createdAt: Date; createdBy: string | null }> {
  const row = await db
    .selectFrom('document_versions')
    .select(['title', 'body', 'created_at', 'created_by'])
    .where('org_id', '=', orgId)
    .where('document_id', '=', documentId)
    .where('version', '=', version)
    .executeTakeFirst();
  if (!row) throw new AppError('not_found', `Version ${version} of this document was not found.`, { field });
  return { title: row.title, body: row.body, createdAt: new Date(row.created_at), createdBy: row.created_by };
}

/**
 * Everyone who wrote the document: its current authors and anyone who saved a version of it. Judging a document is
 * for people who did not write it, and stepping out of the author list does not make a writer a reader.
 */
export async function writersOf(db: Db, orgId: string, loaded: LoadedDocument): Promise<string[]> {
  const savers = await db.selectFrom('document_versions').select('created_by').distinct().where('org_id', '=', orgId).where('document_id', '=', loaded.row.id).where('created_by', 'is not', null).execute();
  return [...new Set([...loaded.access.authorIds, ...savers.map((row) => row.created_by).filter((id): id is string => id !== null)])];
}

/**
 * The reviewers' votes on one version as they stand (each one's latest counts): what a compelling verdict needs behind
 * it, read by the verdict and again by the pipeline's FAQ gate.
 */
export async function loadVoteTally(db: Db, orgId: string, documentId: string, version: number): Promise<VoteTally> {
  const rows = await db.selectFrom('document_votes').select(['reviewer_id', 'version', 'choice', 'created_at']).where('org_id', '=', orgId).where('document_id', '=', documentId).where('version', '=', version).orderBy('id').execute();
  return tallyVotes(rows.map(castVoteOf), version);
}

/** A stored vote as the tally reads it. */
export function castVoteOf(row: { reviewer_id: string; version: number; choice: VoteChoice; created_at: Date | string }): CastVote {
  return { reviewerId: row.reviewer_id, version: row.version, choice: row.choice, castAt: new Date(row.created_at) };
}

/** Names of people by id, for views that show who did what. */
export async function userNames(db: Db, userIds: Iterable<string | null>): Promise<Map<string, string>> {
  const ids = [...new Set([...userIds].filter((id): id is string => id !== null))];
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('users').select(['id', 'name']).where('id', 'in', ids).execute();
  return new Map(rows.map((row) => [row.id, row.name]));
}

export const personOf = (names: ReadonlyMap<string, string>, id: string | null) => (id === null ? null : { id, name: names.get(id) ?? '' });

/** Checks that every named person is a member of the org with document rights, naming the field if not. */
export async function assertOrgMembers(db: Db, orgId: string, userIds: readonly string[], field: string): Promise<void> {
  if (userIds.length === 0) return;
  const rows = await db.selectFrom('memberships').select(['user_id', 'role']).where('org_id', '=', orgId).where('user_id', 'in', [...new Set(userIds)]).execute();
  const known = new Set(rows.filter((row) => can(row.role, 'documents.read')).map((row) => row.user_id));
  const missing = userIds.find((id) => !known.has(id));
  if (missing !== undefined) throw new AppError('validation_failed', `${field}: ${missing} is not a member of this org who can read documents.`, { field });
}
