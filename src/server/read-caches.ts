import type { Role } from '../domain/accounts/roles.js';
import type { ResolvedApiToken } from '../services/accounts/api-tokens.service.js';
import { principlesCacheKey, type PrincipleView } from '../services/principles/principles.service.js';
import type { ChangeEvent, ChangeFeed } from '../storage/change-feed.js';

/**
 * A small in-memory cache with a time to live, a size bound, and a generation counter against the
 * read-during-write race: a value loaded while an invalidation happened is not stored (it may predate the
 * write). `isEnabled` gates every read and write: when the change feed is down, the cache steps aside.
 */
export class TtlCache<V> {
  private readonly entries = new Map<string, { value: V; expiresAt: number }>();
  private generation = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
    private readonly isEnabled: () => boolean = () => true,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: string): V | undefined {
    if (!this.isEnabled()) return undefined;
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  /**
   * Returns the cached value, or loads it and keeps it unless something was invalidated meanwhile. Only
   * found values are kept: a `null` (no such session, not a member) is asked again next time.
   */
  async getOrLoad<L extends V | null>(key: string, load: () => Promise<L>): Promise<L | V> {
    const cached = this.get(key);
    if (cached !== undefined) return cached;
    const generation = this.generation;
    const value = await load();
    if (value !== null && generation === this.generation) this.set(key, value as V);
    return value;
  }

  set(key: string, value: V): void {
    if (this.ttlMs <= 0 || !this.isEnabled()) return;
    // Map keeps insertion order: dropping the first key evicts the oldest entry.
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(key, { value, expiresAt: this.now() + this.ttlMs });
  }

  delete(key: string): void {
    this.generation += 1;
    this.entries.delete(key);
  }

  clear(): void {
    this.generation += 1;
    this.entries.clear();
  }
}

/**
 * What an instance keeps in memory to answer the hot paths (who is calling, their role, the org's
 * principles) without a database round trip. Every instance hears every change through the change feed
 * (PostgreSQL LISTEN/NOTIFY) and drops the affected entries; the writing instance also drops them itself
 * the moment its write returns. See docs/decisions/007-read-caches.md.
 */
export interface ReadCaches {
  /** session-token hash → who it is */
  sessions: TtlCache<{ userId: string; csrfToken: string; expiresAt: number }>;
  /** `${orgId}:${userId}` → role */
  roles: TtlCache<Role>;
  /** API-token hash → the token's actor, id, name, scope and expiry (the expiry is checked on every request, not here) */
  apiTokens: TtlCache<ResolvedApiToken>;
  /** `${orgId}:${includeRetired}` → the principles, in order */
  principles: TtlCache<PrincipleView[]>;
  /** Drops what a change makes stale: called for local writes and for every change the feed reports. */
  apply(event: ChangeEvent): void;
}

export const roleKey = (orgId: string, userId: string): string => `${orgId}:${userId}`;

export function createReadCaches(ttlSeconds: number, feed: ChangeFeed | undefined): ReadCaches {
  const ttlMs = ttlSeconds * 1000;
  // Without a live feed another instance's write could go unnoticed: then nothing is served from memory.
  const isEnabled = () => feed?.isLive === true;
  const caches: ReadCaches = {
    sessions: new TtlCache(ttlMs, 50_000, isEnabled),
    roles: new TtlCache(ttlMs, 50_000, isEnabled),
    apiTokens: new TtlCache(ttlMs, 10_000, isEnabled),
    principles: new TtlCache(ttlMs, 10_000, isEnabled),
    apply(event) {
      switch (event.topic) {
        case 'principles':
          caches.principles.delete(principlesCacheKey(event.orgId, false));
          caches.principles.delete(principlesCacheKey(event.orgId, true));
          break;
        case 'session':
          caches.sessions.delete(event.sessionId);
          break;
        case 'membership':
          caches.roles.delete(roleKey(event.orgId, event.userId));
          // API tokens carry their owner's role.
          caches.apiTokens.clear();
          break;
        case 'api_tokens':
          caches.apiTokens.clear();
          break;
        case 'reset':
          for (const cache of [caches.sessions, caches.roles, caches.apiTokens, caches.principles]) cache.clear();
          break;
      }
    },
  };
  feed?.subscribe((event) => caches.apply(event));
  return caches;
}
