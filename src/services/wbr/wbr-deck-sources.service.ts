import { AppError, notFound } from '../../domain/errors.js';
import { WBR_REVIEW_LIMITS } from '../../domain/wbr-review/review-rules.js';
import type { Db } from '../../storage/database.js';
import { requirePermission, type OrgActor } from '../context.js';
import { loadDataSources, type WbrSourceSettings } from './wbr-data-sources.js';
import { readDeckConfig } from './deck-config.js';
import { uploadDeckData, type WbrDeckView } from './wbr-decks.service.js';

/**
 * "Refresh from the database": runs a deck's data_sources queries on the databases the server's operator named
 * (PULSE_WBR_CONNECTIONS), and replaces the deck's data with what they return, through the same checks and audit
 * as an upload. The queries run outside any transaction of Pulse's own database (they may take a while); the
 * data is written in one transaction at the end, so a failing query leaves the deck's data as it was.
 */
/**
 * Refreshes running at once in this process, at most: each may hold its queries' rows (up to the upload limit)
 * while it runs, so a burst of clicks or scripts is answered "try again" rather than with the server's memory.
 */
export const MAX_RUNNING_REFRESHES = 4;
let runningRefreshes = 0;

export async function refreshDeckFromSources(db: Db, actor: OrgActor, deckId: string, settings: WbrSourceSettings | null): Promise<WbrDeckView> {
  requirePermission(actor, 'wbr.write');
  const deck = await db
    .selectFrom('wbr_decks')
    .innerJoin('orgs', 'orgs.id', 'wbr_decks.org_id')
    .select(['wbr_decks.config_text', 'orgs.slug'])
    .where('wbr_decks.org_id', '=', actor.orgId)
    .where('wbr_decks.id', '=', deckId)
    .executeTakeFirst();
  if (!deck) throw notFound('Deck');
  const config = readDeckConfig(deck.config_text);
  if (config.dataSources.length === 0) {
    throw new AppError('rule_violation', 'This deck\'s config lists no data_sources queries: upload its data, or add the queries to the config.', { rule: 'wbr.no_data_sources' });
  }
  if (settings === null) {
    throw new AppError('rule_violation', 'This Pulse server lets no deck query a database: its operator names the databases in a connections file (PULSE_WBR_CONNECTIONS; see docs/wbr-sql.md).', {
      rule: 'wbr.no_connections',
    });
  }
  if (runningRefreshes >= MAX_RUNNING_REFRESHES) {
    throw new AppError('rate_limited', `${MAX_RUNNING_REFRESHES} refreshes from the database are running on this server: try again in a moment.`);
  }
  runningRefreshes++;
  let csv: string;
  try {
    csv = await loadDataSources(config, { connections: settings.connections(), connectionsOrigin: settings.origin, orgId: actor.orgId, limits: settings.limits });
  } finally {
    runningRefreshes--;
  }
  const names = config.dataSources.map((source) => source.name).join(', ');
  return uploadDeckData(db, actor, deckId, { fileName: `data_sources: ${names}`.slice(0, WBR_REVIEW_LIMITS.fileNameMaxLength), csv, isGenerated: true });
}
