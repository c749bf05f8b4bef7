import { AppError } from '../../domain/errors.js';
import { nextDailyRefresh } from '../../domain/wbr-review/refresh-schedule.js';
import type { Db } from '../../storage/database.js';
import type { OrgActor } from '../context.js';
import type { WbrSourceSettings } from './wbr-data-sources.js';
import { refreshDeckFromSources } from './wbr-deck-sources.service.js';
import { startPeriodicWork } from '../periodic-work.js';

/**
 * The daily refresh of decks fed by SQL queries. Every Pulse instance looks for due refreshes once a minute; a
 * refresh is claimed by moving the deck's next run to tomorrow in a transaction that skips rows another instance
 * holds, so each runs once however many instances there are. A refresh missed while no instance ran (a restart
 * over the hour) runs at the next look, once.
 */

export const REFRESH_CHECK_INTERVAL_MS = 60_000;

export interface ScheduledRefreshOutcome {
  deckId: string;
  orgId: string;
  /** Null when the refresh replaced the data; else why it did not (the deck page shows it). */
  error: string | null;
}

/** Claims and runs every refresh due at `now`, one deck after another. */
export async function runDueRefreshes(db: Db, settings: WbrSourceSettings | null, log: (message: string) => void, now: Date = new Date()): Promise<ScheduledRefreshOutcome[]> {
  const outcomes: ScheduledRefreshOutcome[] = [];
  for (;;) {
    const claimed = await db.transaction().execute(async (trx) => {
      const due = await trx
        .selectFrom('wbr_decks')
        .select(['id', 'org_id', 'refresh_hour_utc', 'refresh_by_user_id'])
        .where('refresh_next_at', '<=', now)
        .orderBy('refresh_next_at')
        .limit(1)
        .forUpdate()
        .skipLocked()
        .executeTakeFirst();
      if (!due || due.refresh_hour_utc === null) return null;
      await trx.updateTable('wbr_decks').set({ refresh_next_at: nextDailyRefresh(due.refresh_hour_utc, now) }).where('id', '=', due.id).execute();
      return due;
    });
    if (claimed === null) return outcomes;
    let error: string | null = null;
    try {
      const actor = await scheduleOwner(db, claimed.org_id, claimed.refresh_by_user_id);
      await refreshDeckFromSources(db, actor, claimed.id, settings);
    } catch (refusal) {
      if (refusal instanceof AppError && refusal.code !== 'internal') {
        error = refusal.message;
      } else {
        error = 'The refresh failed on the server; its log says why.';
        log(`wbr: the scheduled refresh of deck ${claimed.id} failed: ${(refusal as Error).stack ?? String(refusal)}`);
      }
    }
    await db.updateTable('wbr_decks').set({ refresh_last_at: new Date(), refresh_last_error: error }).where('id', '=', claimed.id).execute();
    outcomes.push({ deckId: claimed.id, orgId: claimed.org_id, error });
  }
}

/** The refresh acts as the person who set the schedule, with the role they have now. */
async function scheduleOwner(db: Db, orgId: string, userId: string | null): Promise<OrgActor> {
  const membership = userId === null ? undefined : await db.selectFrom('memberships').select('role').where('org_id', '=', orgId).where('user_id', '=', userId).executeTakeFirst();
  if (userId === null || !membership) {
    throw new AppError('forbidden', 'The person who set this schedule is no longer a member of the org: someone who may change decks must set it again.', { rule: 'wbr.refresh_owner_left' });
  }
  return { userId, orgId, role: membership.role };
}

/** Looks for due refreshes now and then every minute, until stopped; a failing look is logged and the next one tries again. */
export function startScheduledRefreshes(db: Db, settings: () => WbrSourceSettings | null, log: (message: string) => void): { stop(): Promise<void> } {
  // A look that takes longer than a minute (several long queries) is not joined by a second one (startPeriodicWork).
  return startPeriodicWork(() => runDueRefreshes(db, settings(), log), REFRESH_CHECK_INTERVAL_MS, (error) => log(`wbr: looking for scheduled refreshes failed: ${error.message}`));
}
