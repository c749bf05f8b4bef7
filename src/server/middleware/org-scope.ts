import type { MiddlewareHandler } from 'hono';
import { AppError, notFound } from '../../domain/errors.js';
import { isUuid } from '../../domain/ids.js';
import { findMembershipRole } from '../../services/accounts/accounts.service.js';
import type { AppEnv } from '../app-env.js';
import { roleKey } from '../read-caches.js';
import { requireAuth } from './authentication.js';

/**
 * Resolves `/orgs/:orgId/*` to the caller's actor in that org. Someone outside the org gets 404, not
 * 403: whether an org (or anything in it) exists is itself not theirs to learn.
 */
export const orgScope: MiddlewareHandler<AppEnv> = async (c, next) => {
  const auth = requireAuth(c.get('auth'));
  const orgId = c.req.param('orgId') ?? '';
  if (!isUuid(orgId)) throw new AppError('validation_failed', 'param.orgId: must be an org id (a UUID).', { field: 'param.orgId' });
  if (auth.kind === 'api_token') {
    if (auth.actor.orgId !== orgId) throw notFound('Org');
    c.set('actor', auth.actor);
  } else {
    const { db, caches } = c.get('deps');
    const role = await caches.roles.getOrLoad(roleKey(orgId, auth.userId), () => findMembershipRole(db, auth.userId, orgId));
    if (!role) throw notFound('Org');
    c.set('actor', { userId: auth.userId, orgId, role });
  }
  await next();
};
