import { sql } from 'kysely';
import type { Role } from '../../domain/accounts/roles.js';
import { AppError, notFound } from '../../domain/errors.js';
import { publishChange } from '../../storage/change-feed.js';
import type { Db } from '../../storage/database.js';
import type { ApiTokenScope } from '../../storage/schema.js';
import { recordAuditEvent } from '../audit/audit.service.js';
import { requirePermission, type OrgActor } from '../context.js';
import { hashSecret, newSecret } from './secrets.js';
import { isoTimestamp } from '../../storage/timestamps.js';

export interface ApiTokenView {
  id: string;
  name: string;
  /** Whose token it is: it acts as them, and an admin revoking a leaked one needs to know whom to tell. */
  owner: { id: string; name: string };
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  /** When it stops working; null for never. */
  expiresAt: string | null;
  /** `read`: GET and HEAD requests only; `write`: whatever the owner's role allows. */
  scope: ApiTokenScope;
}

export type { ApiTokenScope };

export interface NewApiToken {
  name: string;
  /** When it stops working (ISO date-time, within a year); null or absent for never. */
  expiresAt?: string | null | undefined;
  /** Absent: `write`, what a token always could. */
  scope?: ApiTokenScope | undefined;
}

/** The longest a token may last: a year (and a day, so "365 days" chosen a moment ago still fits). */
export const API_TOKEN_MAX_DAYS = 366;

/** Checks a requested expiry: in the future, at most a year ahead. */
export function checkTokenExpiry(expiresAt: string | null | undefined, now: Date): Date | null {
  if (expiresAt === undefined || expiresAt === null) return null;
  const when = new Date(expiresAt);
  if (Number.isNaN(when.getTime())) throw new AppError('validation_failed', 'expiresAt: must be a date and time, like 2027-01-31T00:00:00Z.', { field: 'expiresAt' });
  if (when.getTime() <= now.getTime()) {
    throw new AppError('rule_violation', 'The expiry date has already passed: pick a date in the future, or no expiry.', { rule: 'api_token.expiry_in_past', field: 'expiresAt' });
  }
  if (when.getTime() > now.getTime() + API_TOKEN_MAX_DAYS * 86_400_000) {
    throw new AppError('rule_violation', 'A token can last at most a year: pick an expiry date within the next 365 days, or no expiry.', { rule: 'api_token.expiry_too_far', field: 'expiresAt' });
  }
  return when;
}

/** An API token acts as its creator, inside one org, with the creator's current role there (or only reads, with the `read` scope). */
export async function createApiToken(db: Db, actor: OrgActor, input: NewApiToken, now = new Date()): Promise<{ token: string; apiToken: ApiTokenView }> {
  requirePermission(actor, 'tokens.manage');
  const expiresAt = checkTokenExpiry(input.expiresAt, now);
  const scope = input.scope ?? 'write';
  const token = newSecret('pulse');
  const row = await db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('api_tokens')
      .values({ org_id: actor.orgId, user_id: actor.userId, name: input.name.trim(), token_hash: hashSecret(token), token_prefix: token.slice(0, 12), expires_at: expiresAt, scope })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAuditEvent(trx, { at: now, orgId: actor.orgId, actorUserId: actor.userId, action: 'api_token.created', subjectType: 'api_token', subjectId: inserted.id, data: { name: inserted.name, scope, expiresAt: expiresAt?.toISOString() ?? null } });
    return inserted;
  });
  const owner = await db.selectFrom('users').select('name').where('id', '=', actor.userId).executeTakeFirstOrThrow();
  return { token, apiToken: toView({ ...row, owner_name: owner.name }) };
}

function toView(row: { id: string; name: string; user_id: string; owner_name: string; token_prefix: string; created_at: Date; last_used_at: Date | null; revoked_at: Date | null; expires_at: Date | null; scope: ApiTokenScope }): ApiTokenView {
  return {
    id: row.id,
    name: row.name,
    owner: { id: row.user_id, name: row.owner_name },
    prefix: row.token_prefix,
    createdAt: isoTimestamp(row.created_at),
    lastUsedAt: isoTimestamp(row.last_used_at),
    revokedAt: isoTimestamp(row.revoked_at),
    expiresAt: isoTimestamp(row.expires_at),
    scope: row.scope,
  };
}

/** People see and manage their own tokens; admins see everyone's in the org, with whose each is (to revoke a leaked one). */
export async function listApiTokens(db: Db, actor: OrgActor): Promise<ApiTokenView[]> {
  requirePermission(actor, 'tokens.manage');
  let query = db.selectFrom('api_tokens').innerJoin('users', 'users.id', 'api_tokens.user_id').selectAll('api_tokens').select('users.name as owner_name').where('api_tokens.org_id', '=', actor.orgId).orderBy('api_tokens.created_at', 'desc');
  if (actor.role !== 'admin') query = query.where('api_tokens.user_id', '=', actor.userId);
  return (await query.execute()).map(toView);
}

export async function revokeApiToken(db: Db, actor: OrgActor, tokenId: string): Promise<void> {
  requirePermission(actor, 'tokens.manage');
  await db.transaction().execute(async (trx) => {
    let query = trx.updateTable('api_tokens').set({ revoked_at: sql<Date>`now()` }).where('id', '=', tokenId).where('org_id', '=', actor.orgId).where('revoked_at', 'is', null);
    if (actor.role !== 'admin') query = query.where('user_id', '=', actor.userId);
    const result = await query.executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) throw notFound('API token');
    await publishChange(trx, { topic: 'api_tokens' });
    await recordAuditEvent(trx, { orgId: actor.orgId, actorUserId: actor.userId, action: 'api_token.revoked', subjectType: 'api_token', subjectId: tokenId });
  });
}

/** What a bearer token stands for: whom it acts as, which token it is (for the audit log), and its limits. */
export interface ResolvedApiToken {
  actor: OrgActor;
  tokenId: string;
  tokenName: string;
  scope: ApiTokenScope;
  /** Epoch milliseconds; null for never. Checked on every request (a cached token may expire while cached). */
  expiresAt: number | null;
}

/**
 * Resolves a bearer token to what it stands for, or null when it is unknown, revoked, or its owner left the org. An
 * expired token resolves too (the caller refuses it, saying when it expired), but its use is not recorded.
 */
export async function resolveApiToken(db: Db, token: string): Promise<ResolvedApiToken | null> {
  const row = await db
    .selectFrom('api_tokens')
    .innerJoin('memberships', (join) => join.onRef('memberships.org_id', '=', 'api_tokens.org_id').onRef('memberships.user_id', '=', 'api_tokens.user_id'))
    .select(['api_tokens.id', 'api_tokens.name', 'api_tokens.user_id', 'api_tokens.org_id', 'memberships.role', 'api_tokens.last_used_at', 'api_tokens.expires_at', 'api_tokens.scope'])
    .where('api_tokens.token_hash', '=', hashSecret(token))
    .where('api_tokens.revoked_at', 'is', null)
    .executeTakeFirst();
  if (!row) return null;
  const expiresAt = row.expires_at ? new Date(row.expires_at).getTime() : null;
  // Record use at most once a minute: a busy script must not turn every read into a write.
  const isExpired = expiresAt !== null && expiresAt <= Date.now();
  if (!isExpired && (!row.last_used_at || Date.now() - new Date(row.last_used_at).getTime() > 60_000)) {
    await db.updateTable('api_tokens').set({ last_used_at: sql<Date>`now()` }).where('id', '=', row.id).execute();
  }
  return { actor: { userId: row.user_id, orgId: row.org_id, role: row.role as Role }, tokenId: row.id, tokenName: row.name, scope: row.scope, expiresAt };
}
