import { describe, expect, it } from 'vitest';
import { seedDemoAsAdmin } from '../../../test/support/demo-org.js';
import { useTestApp } from '../../../test/support/test-app.js';
import { listAnnotations } from '../wbr/wbr-annotations.service.js';
import { getDeck, listDecks } from '../wbr/wbr-decks.service.js';
import { exportWeek, getWeek, weekLagAnalysis } from '../wbr/wbr-weeks.service.js';
import { parseIsoDay } from '../../domain/wbr-review/review-rules.js';
import { demoWeekNumber } from './seed-wbr-demo.js';

const context = useTestApp({}, { withDemoOrg: true });

describe('the weekly business review demo', () => {
  it('publishes the last three weeks of a deck on the catalog\'s metrics, with anomalies new, carried over and explained', async () => {
    const db = context.database.db;
    const { actor } = await seedDemoAsAdmin(db);
    const [summary] = await listDecks(db, actor);
    const deck = await getDeck(db, actor, summary!.id);

    expect(deck.snapshots).toHaveLength(3);
    expect(deck.data?.rows).toBeGreaterThan(700);
    // Every metric of the deck is a catalog metric, so each anomaly goes to that metric's owner.
    expect(deck.metrics.every((metric) => metric.catalogMetric !== null)).toBe(true);
    const byMetric = new Map(deck.anomalies.map((anomaly) => [anomaly.metric, anomaly]));
    expect([...byMetric.keys()].sort()).toEqual(['Checkout page load (p90)', 'Order pick time (p90)', 'Same-day orders on time']);
    expect(byMetric.get('Order pick time (p90)')).toMatchObject({ status: 'explained', carriedOver: true, rule: 'outside_limits', owner: { name: expect.any(String) } });
    expect(byMetric.get('Same-day orders on time')).toMatchObject({ status: 'open', carriedOver: false, direction: 'down' });
    expect(byMetric.get('Checkout page load (p90)')).toMatchObject({ status: 'open', carriedOver: true, direction: 'up' });
    expect(byMetric.get('Checkout page load (p90)')!.occurrences).toBeGreaterThan(1);
    const latest = await getWeek(db, actor, deck.id, deck.snapshots[0]!.id);
    expect(latest.signals.filter((signal) => signal.isNew).map((signal) => signal.metric)).toContain('Same-day orders on time');
    // Its 5-point drop is beyond the 300 bps weekly alert too: the same anomaly, the same week.
    expect(latest.signals).toContainEqual(expect.objectContaining({ metric: 'Same-day orders on time', rule: 'wow_alert', direction: 'down', isNew: true }));
    expect(byMetric.get('Same-day orders on time')!.occurrences).toBe(1);
    // Orders follow same-day reliability two weeks later, and the lag analysis says so.
    const lag = await weekLagAnalysis(db, actor, deck.id, deck.snapshots[0]!.id, { input: 'Same-day orders on time', output: 'Orders delivered' });
    expect(lag.strongest?.lag).toBe(2);
    expect(lag.strongest?.r).toBeGreaterThan(0.7);
    // The events behind the movements are annotated; the latest week shows the storm and the conveyor (in its six
    // weeks), not the payment provider of nine weeks back.
    expect((await listAnnotations(db, actor, deck.id)).map((annotation) => annotation.metric)).toEqual(['Same-day orders on time', 'Order pick time (p90)', 'Checkout page load (p90)']);
    const exported = await exportWeek(db, actor, deck.id, deck.snapshots[0]!.id, 'json');
    const built = JSON.parse(exported.body) as { blocks: Array<{ title?: string; annotations?: Array<{ description: string }> }> };
    const notes = built.blocks.flatMap((block) => (block.annotations ?? []).map((annotation) => annotation.description.split(' ')[0]));
    expect(notes.sort()).toEqual(['Conveyor', 'Storm']);
    // The charts name the week they report by its number in the year (a November week is not "wk 1").
    const charted = JSON.parse(exported.body) as { blocks: Array<{ xAxis?: string[] }> };
    const weekNumber = demoWeekNumber(parseIsoDay(deck.snapshots[0]!.weekEnding)!);
    expect(charted.blocks.find((block) => block.xAxis !== undefined)?.xAxis?.slice(4, 6)).toEqual([`wk ${((weekNumber + 50) % 52) + 1}`, `wk ${((weekNumber - 1) % 52) + 1}`]);
  });
});
