import { describe, expect, it } from 'vitest';
import { seedDemoAsAdmin } from '../../../test/support/demo-org.js';
import { useTestApp } from '../../../test/support/test-app.js';
import { listDecks, getDeck } from '../wbr/wbr-decks.service.js';
import { getInitiativeRecord, getPipeline } from './pipeline.service.js';

const context = useTestApp();

describe('an initiative\'s metrics in the business review', () => {
  it('shows each linked metric as the latest published week charts it, with the week before and its open anomalies', async () => {
    const db = context.database.db;
    const { actor } = await seedDemoAsAdmin(db);
    const [summary] = await listDecks(db, actor);
    const deck = await getDeck(db, actor, summary!.id);
    const latestWeek = deck.snapshots[0]!.weekEnding;

    const { initiatives } = await getPipeline(db, actor);
    const records = await Promise.all(initiatives.map((initiative) => getInitiativeRecord(db, actor, initiative.id)));
    const shown = records.flatMap((record) => record.metrics).filter((metric) => metric.lastWeek !== null);
    expect(shown.length).toBeGreaterThan(0);
    for (const metric of shown) {
      expect(metric.lastWeek).toMatchObject({ deck: { id: deck.id, name: deck.name }, weekEnding: latestWeek, value: expect.any(Number), valueText: expect.any(String) });
      // The same count of open anomalies as the deck lists for that metric.
      expect(metric.lastWeek!.unresolvedAnomalies).toBe(deck.anomalies.filter((anomaly) => anomaly.metric.toLowerCase() === metric.name.toLowerCase()).length);
    }
    // A metric with an open anomaly shows it on the initiative too.
    const withAnomaly = records.flatMap((record) => record.metrics).find((metric) => deck.anomalies.some((anomaly) => anomaly.metric.toLowerCase() === metric.name.toLowerCase()));
    expect(withAnomaly?.lastWeek?.unresolvedAnomalies).toBeGreaterThan(0);
    const notCharted = records.flatMap((record) => record.metrics).filter((metric) => !deck.metrics.some((charted) => charted.name.toLowerCase() === metric.name.toLowerCase()));
    expect(notCharted.every((metric) => metric.lastWeek === null)).toBe(true);
  });
});
