import { salesDeckConfig } from '../../domain/sales/sales-kpis.js';
import type { Db } from '../../storage/database.js';
import { requirePermission, type OrgActor } from '../context.js';
import { salesDeckData } from '../sales/sales-kpis.service.js';
import { createDeck, loadCatalog, uploadDeckData, type WbrDeckView } from './wbr-decks.service.js';

/**
 * The sales pipeline's weekly business review: a deck whose config reads the pipeline's daily CSV, and whose data is
 * that CSV as of today. Both go through the deck use cases anyone else's deck goes through, so the same checks
 * (name clash, owner still here, every cell against the config) and audit rows apply.
 */

/** Both rights up front: a deck made of sales data needs the right to read sales, and nothing is half made. */
function requireSalesDeckRights(actor: OrgActor): void {
  requirePermission(actor, 'wbr.write');
  requirePermission(actor, 'sales.read');
}

export async function createSalesDeck(db: Db, actor: OrgActor, input: { name: string; ownerPersonId?: string | null | undefined }): Promise<WbrDeckView> {
  requireSalesDeckRights(actor);
  const [data, catalog] = await Promise.all([salesDeckData(db, actor), loadCatalog(db, actor.orgId)]);
  // The catalog's directions stand: the generated config sets its own only where the catalog has none.
  const deck = await createDeck(db, actor, { name: input.name, ownerPersonId: input.ownerPersonId, config: salesDeckConfig(data.weekEnding, catalog) });
  return uploadDeckData(db, actor, deck.id, { fileName: data.fileName, csv: data.csv, isGenerated: true });
}

/** Replaces a deck's data with today's sales CSV; a deck whose config reads other columns refuses it, naming the missing one. */
export async function refreshSalesDeckData(db: Db, actor: OrgActor, deckId: string): Promise<WbrDeckView> {
  requireSalesDeckRights(actor);
  const data = await salesDeckData(db, actor);
  return uploadDeckData(db, actor, deckId, { fileName: data.fileName, csv: data.csv, isGenerated: true });
}
