import { describe, expect, it } from 'vitest';
import { seedDemoAsAdmin } from '../../../test/support/demo-org.js';
import { signUpClient, useTestApp } from '../../../test/support/test-app.js';
import { listDecks, getDeck } from '../wbr/wbr-decks.service.js';
import { getInitiativeRecord, getPipeline } from './pipeline.service.js';

const context = useTestApp({}, { withDemoOrg: true });

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

  it('gives every line of the pipeline its open roles and its metrics\' open anomalies, as its record counts them', async () => {
    const db = context.database.db;
    const { actor } = await seedDemoAsAdmin(db);
    const { initiatives } = await getPipeline(db, actor);
    const records = await Promise.all(initiatives.map((initiative) => getInitiativeRecord(db, actor, initiative.id)));
    initiatives.forEach((row, index) => {
      const record = records[index]!;
      const published = record.metrics.filter((metric) => metric.lastWeek !== null);
      expect(row.openRoles).toBe(record.hiring.filter((requisition) => requisition.status === 'open').length);
      expect(row.metrics).toEqual({ count: record.metrics.length, openAnomalies: published.length === 0 ? null : published.reduce((sum, metric) => sum + metric.lastWeek!.unresolvedAnomalies, 0) });
    });
    // The record lists the anomalies those counts count, each in the deck its metric's week comes from.
    for (const record of records) {
      expect(record.anomalies).toHaveLength(record.metrics.reduce((sum, metric) => sum + (metric.lastWeek?.unresolvedAnomalies ?? 0), 0));
      for (const anomaly of record.anomalies) {
        const metric = record.metrics.find((candidate) => candidate.name.toLowerCase() === anomaly.metric.toLowerCase());
        expect(anomaly.deck).toEqual(metric?.lastWeek?.deck);
        expect(['open', 'explained']).toContain(anomaly.status);
      }
    }
    // The demo has an initiative hiring and one whose metric carries an open anomaly: the pipeline shows both.
    expect(initiatives.some((row) => (row.openRoles ?? 0) > 0)).toBe(true);
    expect(initiatives.some((row) => (row.metrics.openAnomalies ?? 0) > 0)).toBe(true);

    // Over the API, a new idea has no roles open and no metric yet (not "no anomaly": nothing is watched).
    const { client, orgId } = await signUpClient(context.app);
    await client.post(`/orgs/${orgId}/pipeline/ideas`, { name: 'Quiet idea' });
    const listed = await client.get(`/orgs/${orgId}/pipeline`);
    expect(listed.status).toBe(200);
    expect(listed.body.initiatives).toMatchObject([{ name: 'Quiet idea', openRoles: 0, metrics: { count: 0, openAnomalies: null } }]);
  });
});
