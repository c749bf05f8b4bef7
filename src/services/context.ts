import { can, PERMISSION_ACTIONS, rolesWith, type Permission, type Role } from '../domain/accounts/roles.js';
import { AppError } from '../domain/errors.js';

/** The signed-in person acting inside one org: every org-scoped use case takes one. */
export interface OrgActor {
  userId: string;
  orgId: string;
  role: Role;
}

export function requirePermission(actor: OrgActor, permission: Permission): void {
  if (!can(actor.role, permission)) {
    throw new AppError('forbidden', `Your role (${actor.role}) does not allow this: ${PERMISSION_ACTIONS[permission]} is for ${rolesWith(permission)}.`);
  }
}

/** A cache a use case may read through; the edge decides whether there is one (see src/server/read-caches.ts). */
export interface ReadThroughCache<V> {
  getOrLoad(key: string, load: () => Promise<V>): Promise<V>;
}
