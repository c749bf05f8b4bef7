import { sql } from 'kysely';
import type { Db } from '../../src/storage/database.js';

/**
 * Sends a request while a transaction holds what `hold` locks (and has written what it writes), and commits that
 * transaction once the request is either done or waits for a lock (read from pg_locks, not a timer). A request that
 * did not wait read what was there before the transaction; one that waited reads what it committed.
 */
export async function whileLocked<T>(db: Db, hold: (trx: Db) => Promise<void>, request: () => Promise<T>): Promise<T> {
  let sent: Promise<T> | undefined;
  let isSettled = false;
  await db.transaction().execute(async (trx) => {
    await hold(trx);
    sent = request().finally(() => { isSettled = true; });
    const waitsForALock = async () => {
      for (;;) {
        const waiting = await sql<{ count: number }>`select count(*)::int as count from pg_locks l join pg_stat_activity a on a.pid = l.pid where not l.granted and a.datname = current_database()`.execute(db);
        if (isSettled || waiting.rows[0]!.count > 0) return;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    };
    await Promise.race([sent, waitsForALock()]);
  });
  return sent!;
}

/**
 * Sends a request while a departure of `personId` (left on `leftOn`) is being recorded: the person's row is locked
 * and marked as left, as recording a departure does, and the departure commits once the request is either done or
 * waits for a lock (whileLocked). A request that gave the person something meanwhile would keep it, since the
 * departure had already handed their things over; one that waits sees them as having left.
 */
export async function duringDeparture<T>(db: Db, personId: string, leftOn: string, request: () => Promise<T>): Promise<T> {
  return whileLocked(db, async (trx) => {
    await trx.selectFrom('people').select('id').where('id', '=', personId).forUpdate().execute();
    await trx.updateTable('people').set({ left_on: leftOn }).where('id', '=', personId).execute();
  }, request);
}
