import { sql } from 'kysely';
import { nameKey } from '../../domain/names.js';
import { metricWeekInDeck, type MetricWeek } from '../../domain/wbr-review/metric-week.js';
import type { Deck } from '../../domain/wbr/deck-types.js';
import type { Db } from '../../storage/database.js';

/**
 * Where the business review last showed each of some catalog metrics: the latest published week of a deck that
 * charts it, the metric's value that week and the week before, and its unresolved anomalies in that deck. This is
 * what ties an initiative's input metrics to the weekly review on the initiative's record.
 */
export interface PublishedMetricWeek extends MetricWeek {
  deck: { id: string; name: string };
  weekEnding: string;
  unresolvedAnomalies: number;
}

/** Keyed by each metric's names.ts nameKey, as the review compares names. */
export async function latestPublishedWeeks(db: Db, orgId: string, metricNames: readonly string[]): Promise<Map<string, PublishedMetricWeek>> {
  const result = new Map<string, PublishedMetricWeek>();
  if (metricNames.length === 0) return result;
  // Each deck's latest week (its latest correction, when it was corrected), newest first; its config says which
  // metrics it charts before its JSON is read.
  const latest = await sql<{ id: string; deck_id: string; deck_name: string; week_ending: string; config_text: string }>`
    select distinct on (s.deck_id) s.id, s.deck_id, d.name as deck_name, s.week_ending::text as week_ending, s.config_text
    from wbr_snapshots s join wbr_decks d on d.id = s.deck_id and d.org_id = s.org_id
    where s.org_id = ${orgId}::uuid
    order by s.deck_id, s.week_ending desc, s.version desc`.execute(db);
  // A first sift on the config's text, compared as names are (a metric written "Ｏrders" in the config is "Orders").
  const candidates = latest.rows
    .filter((row) => {
      const configKey = nameKey(row.config_text);
      return metricNames.some((name) => configKey.includes(nameKey(name)));
    })
    .sort((a, b) => b.week_ending.localeCompare(a.week_ending));
  if (candidates.length === 0) return result;
  const anomalies = await db
    .selectFrom('wbr_anomalies')
    .select(['deck_id', 'metric_name', sql<number>`count(*)::int`.as('count')])
    .where('org_id', '=', orgId)
    .where('status', '!=', 'resolved')
    .where('withdrawn_by_snapshot_id', 'is', null)
    .where('deck_id', 'in', candidates.map((row) => row.deck_id))
    .groupBy(['deck_id', 'metric_name'])
    .execute();
  for (const row of candidates) {
    const wanted = metricNames.filter((name) => !result.has(nameKey(name)));
    if (wanted.length === 0) break;
    const snapshot = await db.selectFrom('wbr_snapshots').select('deck_json').where('org_id', '=', orgId).where('id', '=', row.id).executeTakeFirstOrThrow();
    const deck = JSON.parse(snapshot.deck_json) as Deck;
    for (const name of wanted) {
      const week = metricWeekInDeck(deck, name);
      if (week === null) continue;
      const unresolvedAnomalies = anomalies.filter((anomaly) => anomaly.deck_id === row.deck_id && nameKey(anomaly.metric_name) === nameKey(name)).reduce((sum, anomaly) => sum + anomaly.count, 0);
      result.set(nameKey(name), { ...week, deck: { id: row.deck_id, name: row.deck_name }, weekEnding: row.week_ending, unresolvedAnomalies });
    }
  }
  return result;
}
