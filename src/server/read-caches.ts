/**
 * A short-lived, in-process memory of "this session belongs to this user" and "this user has this role
 * in this org". Without it every API call pays two extra database round trips before doing its work.
 *
 * Why it is safe enough: entries live a few seconds; this process forgets an entry the moment it signs
 * a session out, changes a role, or revokes a token; only positive answers are kept (a new member is
 * never refused because of the cache). The cost: on a multi-instance deployment, another instance may
 * honour a signed-out session or an old role for at most `ttlMs`. See docs/decisions/007-identity-cache.md.
 */
export class TtlCache<V> {
  private readonly entries = new Map<string, { value: V; expiresAt: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  set(key: string, value: V): void {
    if (this.ttlMs <= 0) return;
    // Map keeps insertion order: dropping the first key evicts the oldest entry.
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(key, { value, expiresAt: this.now() + this.ttlMs });
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }
}

import type { Role } from '../domain/accounts/roles.js';
import type { OrgActor } from '../services/context.js';

export interface IdentityCache {
  /** session-token hash → who it is */
  sessions: TtlCache<{ userId: string; csrfToken: string }>;
  /** `${orgId}:${userId}` → role */
  roles: TtlCache<Role>;
  /** API-token hash → actor */
  apiTokens: TtlCache<OrgActor>;
}

export function createIdentityCache(ttlSeconds: number): IdentityCache {
  const ttlMs = ttlSeconds * 1000;
  return { sessions: new TtlCache(ttlMs, 50_000), roles: new TtlCache(ttlMs, 50_000), apiTokens: new TtlCache(ttlMs, 10_000) };
}

export const roleKey = (orgId: string, userId: string): string => `${orgId}:${userId}`;
