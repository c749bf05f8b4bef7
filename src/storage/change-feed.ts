import { sql } from 'kysely';
import pg from 'pg';
import type { Db } from './database.js';

/**
 * Changes that other Pulse instances must hear about to drop what they keep in memory. Published with
 * PostgreSQL NOTIFY inside the writing transaction, so they are delivered when (and only if) it commits.
 */
export type Change =
  | { topic: 'principles'; orgId: string }
  | { topic: 'session'; sessionId: string }
  | { topic: 'membership'; orgId: string; userId: string }
  | { topic: 'api_tokens' };

export const CHANGE_CHANNEL = 'pulse_changes';

export async function publishChange(db: Db, change: Change): Promise<void> {
  await sql`select pg_notify(${CHANGE_CHANNEL}, ${JSON.stringify(change)})`.execute(db);
}

/** A change, or `reset`: the feed lost its connection and may have missed changes, so forget everything. */
export type ChangeEvent = Change | { topic: 'reset' };

export interface ChangeFeed {
  /** True while the feed is connected and listening: caches may only serve entries while it is. */
  readonly isLive: boolean;
  subscribe(listener: (event: ChangeEvent) => void): void;
  stop(): Promise<void>;
}

/**
 * Listens for changes on a dedicated connection. If that connection drops, the feed reports `reset`,
 * stops being live (caches then bypass themselves) and reconnects with a growing pause.
 */
export async function listenForChanges(url: string, log: (message: string) => void): Promise<ChangeFeed> {
  const listeners: Array<(event: ChangeEvent) => void> = [];
  let client: pg.Client | undefined;
  let isLive = false;
  let isStopped = false;
  let retryTimer: NodeJS.Timeout | undefined;

  const emit = (event: ChangeEvent) => {
    for (const listener of listeners) listener(event);
  };

  const connect = async (attempt: number): Promise<void> => {
    const next = new pg.Client({ connectionString: url });
    const lost = () => {
      if (client !== next) return;
      client = undefined;
      isLive = false;
      emit({ topic: 'reset' });
      if (isStopped) return;
      const pause = Math.min(30_000, 500 * 2 ** attempt);
      log(`change feed: connection lost, reconnecting in ${pause} ms`);
      retryTimer = setTimeout(() => void connect(Math.min(attempt + 1, 6)).catch(() => undefined), pause);
    };
    next.on('error', lost);
    next.on('end', lost);
    next.on('notification', (message) => {
      if (message.channel !== CHANGE_CHANNEL || !message.payload) return;
      try {
        emit(JSON.parse(message.payload) as Change);
      } catch {
        emit({ topic: 'reset' });
      }
    });
    client = next;
    try {
      await next.connect();
      await next.query(`LISTEN ${CHANGE_CHANNEL}`);
      isLive = true;
    } catch (error) {
      lost();
      if (attempt === 0) throw error;
    }
  };

  await connect(0);
  return {
    get isLive() {
      return isLive;
    },
    subscribe: (listener) => {
      listeners.push(listener);
    },
    stop: async () => {
      isStopped = true;
      clearTimeout(retryTimer);
      const current = client;
      client = undefined;
      isLive = false;
      await current?.end().catch(() => undefined);
    },
  };
}
