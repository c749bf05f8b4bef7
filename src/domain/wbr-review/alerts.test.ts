import { describe, expect, it } from 'vitest';
import { FULFILMENT_CONFIG, fulfilmentCsv } from '../../../test/support/wbr-review-fixture.js';
import { buildWbrDeckFromText, parseWbrConfig } from '../wbr/wbr-deck.js';
import { alertSignals, checkAlertThresholds, weekAlerts, weeklyChanges, type WeeklyChange } from './alerts.js';

describe('the week\'s changes', () => {
  it('reads each charted metric\'s WOW and YOY box totals, with its unit and good direction', () => {
    const config = parseWbrConfig(FULFILMENT_CONFIG, { fileName: 'config.yaml' });
    const deck = buildWbrDeckFromText({ configText: FULFILMENT_CONFIG, configFile: 'config.yaml', csvText: fulfilmentCsv('2025-01-04', ['2025-01-04']), csvFile: 'data.csv' });
    const changes = weeklyChanges(config, deck);
    expect([...changes.keys()]).toEqual(['Late deliveries', 'Orders shipped']);
    const late = changes.get('Late deliveries') as WeeklyChange;
    // Tripled this week: about +200% week over week and year over year.
    expect(late.wow).toBeGreaterThan(180);
    expect(late).toMatchObject({ unit: '%', goodDirection: 'down' });
    expect(late.yoy).toBeGreaterThan(180);
  });

  it('names the rows of a chart with a target line and two metrics by the config, skipping the target', () => {
    const twoMetrics = FULFILMENT_CONFIG.replace(`      metrics:
        Late deliveries:
          graph_prior_year_flag: true`, `      metrics:
        Orders shipped:
          line_style: target
        Late deliveries:
          graph_prior_year_flag: true`);
    const config = parseWbrConfig(twoMetrics, { fileName: 'config.yaml' });
    const deck = buildWbrDeckFromText({ configText: twoMetrics, configFile: 'config.yaml', csvText: fulfilmentCsv('2025-01-04', ['2025-01-04']), csvFile: 'data.csv' });
    expect((weeklyChanges(config, deck).get('Late deliveries') as WeeklyChange).wow).toBeGreaterThan(180);
  });
});

describe('alerts', () => {
  const change = (wow: number | null, yoy: number | null, goodDirection: 'up' | 'down' | null): WeeklyChange => ({ wow, yoy, unit: '%', goodDirection });

  it('fire when the change goes beyond the threshold in the bad direction, on the published week', () => {
    const changes = new Map([
      ['Orders', change(-12, 3, 'up')],
      ['Late', change(8, 40, 'down')],
      ['Returns', change(-30, -5, null)],
    ]);
    const alerts = weekAlerts(changes, [{ metric: 'Orders', wow: 10, yoy: 10 }, { metric: 'Late', wow: 10, yoy: 25 }, { metric: 'Returns', wow: 25, yoy: null }]);
    // The deck keeps the numbers that fired, so its downloads show them.
    expect(alerts[0]).toEqual({ metric: 'Orders', rule: 'wow_alert', change: -12, threshold: 10, unit: '%' });
    const signals = alertSignals(alerts, '2025-01-04');
    expect(signals).toEqual([
      { metric: 'Orders', rule: 'wow_alert', direction: 'down', weekEnding: '2025-01-04' },
      { metric: 'Late', rule: 'yoy_alert', direction: 'up', weekEnding: '2025-01-04' },
      { metric: 'Returns', rule: 'wow_alert', direction: 'down', weekEnding: '2025-01-04' },
    ]);
  });

  it('stay quiet in the good direction, without a change, and at exactly the threshold they fire', () => {
    const changes = new Map([['Orders', change(15, null, 'up')]]);
    expect(alertSignals(weekAlerts(changes, [{ metric: 'Orders', wow: 10, yoy: 10 }]), '2025-01-04')).toEqual([]);
    expect(alertSignals(weekAlerts(new Map([['Orders', change(-10, null, 'up')]]), [{ metric: 'Orders', wow: 10, yoy: null }]), '2025-01-04')).toHaveLength(1);
    expect(alertSignals(weekAlerts(changes, [{ metric: 'Gone', wow: 1, yoy: 1 }]), '2025-01-04')).toEqual([]);
  });

  it('are checked against the config\'s metrics, once each, with positive thresholds', () => {
    const metrics = new Set(['Orders', 'Late']);
    expect(checkAlertThresholds([{ metric: 'Orders', wow: 10, yoy: null }], metrics)).toEqual([{ metric: 'Orders', wow: 10, yoy: null }]);
    expect(() => checkAlertThresholds([{ metric: 'Refunds', wow: 10, yoy: null }], metrics)).toThrow('alerts[0]: "Refunds" is not a metric of this deck\'s config.');
    expect(() => checkAlertThresholds([{ metric: 'Orders', wow: 10, yoy: null }, { metric: 'Orders', wow: null, yoy: 5 }], metrics)).toThrow(/alerts\[1\]: "Orders" has alerts twice/);
    expect(() => checkAlertThresholds([{ metric: 'Late', wow: 0, yoy: null }], metrics)).toThrow(/alerts\[0\]\.wow: must be a number above 0/);
    expect(() => checkAlertThresholds([{ metric: 'Late', wow: null, yoy: null }], metrics)).toThrow(/needs a wow or a yoy threshold/);
  });
});
