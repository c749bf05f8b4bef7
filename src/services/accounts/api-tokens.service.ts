import { sql } from 'kysely';
import type { Role } from '../../domain/accounts/roles.js';
import { notFound } from '../../domain/errors.js';
import { publishChange } from '../../storage/change-feed.js';
import type { Db } from '../../storage/database.js';
import { recordAuditEvent } from '../audit/audit.service.js';
import { requirePermission, type OrgActor } from '../context.js';
import { hashSecret, newSecret } from './secrets.js';

export interface ApiTokenView {
  id: string;
  name: string;
  /** Whose token it is: it acts as them, and an admin revoking a leaked one needs to know whom to tell. */
  owner: { id: string; name: string };
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** An API token acts as its creator, inside one org, with the creator's current role there. */
export async function createApiToken(db: Db, actor: OrgActor, name: string): Promise<{ token: string; apiToken: ApiTokenView }> {
  requirePermission(actor, 'tokens.manage');
  const token = newSecret('pulse');
  const row = await db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('api_tokens')
      .values({ org_id: actor.orgId, user_id: actor.userId, name: name.trim(), token_hash: hashSecret(token), token_prefix: token.slice(0, 12) })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAuditEvent(trx, { orgId: actor.orgId, actorUserId: actor.userId, action: 'api_token.created', subjectType: 'api_token', subjectId: inserted.id, data: { name: inserted.name } });
    return inserted;
  });
  const owner = await db.selectFrom('users').select('name').where('id', '=', actor.userId).executeTakeFirstOrThrow();
  return { token, apiToken: toView({ ...row, owner_name: owner.name }) };
}

function toView(row: { id: string; name: string; user_id: string; owner_name: string; token_prefix: string; created_at: Date; last_used_at: Date | null; revoked_at: Date | null }): ApiTokenView {
  const iso = (value: Date | null) => (value ? new Date(value).toISOString() : null);
  return { id: row.id, name: row.name, owner: { id: row.user_id, name: row.owner_name }, prefix: row.token_prefix, createdAt: new Date(row.created_at).toISOString(), lastUsedAt: iso(row.last_used_at), revokedAt: iso(row.revoked_at) };
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

/** Resolves a bearer token to the actor it stands for, or null when it is unknown, revoked, or its owner left the org. */
export async function resolveApiToken(db: Db, token: string): Promise<OrgActor | null> {
  const row = await db
    .selectFrom('api_tokens')
    .innerJoin('memberships', (join) => join.onRef('memberships.org_id', '=', 'api_tokens.org_id').onRef('memberships.user_id', '=', 'api_tokens.user_id'))
    .select(['api_tokens.id', 'api_tokens.user_id', 'api_tokens.org_id', 'memberships.role', 'api_tokens.last_used_at'])
    .where('api_tokens.token_hash', '=', hashSecret(token))
    .where('api_tokens.revoked_at', 'is', null)
    .executeTakeFirst();
  if (!row) return null;
  // Record use at most once a minute: a busy script must not turn every read into a write.
  if (!row.last_used_at || Date.now() - new Date(row.last_used_at).getTime() > 60_000) {
    await db.updateTable('api_tokens').set({ last_used_at: sql<Date>`now()` }).where('id', '=', row.id).execute();
  }
  return { userId: row.user_id, orgId: row.org_id, role: row.role as Role };
}
