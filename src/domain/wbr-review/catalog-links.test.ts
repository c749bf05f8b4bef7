import { describe, expect, it } from 'vitest';
import { parseWbrConfig } from '../wbr/wbr-config.js';
import { assertKeepsCatalogLinks, metricAnswerer } from './catalog-links.js';

const metrics = (block: string) =>
  parseWbrConfig(`setup:\n  week_ending: 04-JAN-2025\n  week_number: 1\n  title: T\nmetrics:\n${block}\ndeck:\n  - block:\n      ui_type: section\n      title: S\n`, { fileName: 'config.yaml' }).metrics;

const LATE = { id: 'm1', name: 'Late deliveries', ownerPersonId: 'kofi', ownerName: 'Kofi Mensah', ownerHasLeft: false };
const ORDERS = { id: 'm2', name: 'Orders shipped', ownerPersonId: 'ines', ownerName: 'Ines Duarte', ownerHasLeft: false };
const member = { role: 'member' as const, personId: 'sam' };

describe('metricAnswerer', () => {
  it('names the catalog metric\'s owner, or the deck\'s owner with the reason', () => {
    expect(metricAnswerer('late  DELIVERIES', [LATE], 'dana')).toMatchObject({ personId: 'kofi', reason: 'catalog_owner' });
    expect(metricAnswerer('Late (ops)', [LATE], 'dana')).toMatchObject({ personId: 'dana', reason: 'no_catalog_metric', catalogMetric: undefined });
    expect(metricAnswerer('Late deliveries', [{ ...LATE, ownerHasLeft: true }], 'dana')).toMatchObject({ personId: 'dana', reason: 'catalog_owner_left' });
    expect(metricAnswerer('Late deliveries', [{ ...LATE, ownerPersonId: null }], null)).toMatchObject({ personId: null, reason: 'catalog_metric_unowned' });
  });
});

describe('assertKeepsCatalogLinks', () => {
  const before = metrics('  Late deliveries:\n    column: late\n    aggf: sum\n  Orders shipped:\n    column: orders\n    aggf: sum');

  it('refuses a rename of a linked metric\'s data to another name, and one that lands on another catalog metric', () => {
    expect(() => assertKeepsCatalogLinks(member, before, metrics('  Late (ops):\n    column: late\n    aggf: sum\n  Orders shipped:\n    column: orders\n    aggf: sum'), [LATE], [])).toThrow(/metrics\.Late \(ops\).*matches no catalog metric/);
    const swapped = metrics('  Orders shipped:\n    column: late\n    aggf: sum\n  Orders out:\n    column: orders\n    aggf: sum');
    expect(() => assertKeepsCatalogLinks(member, metrics('  Late deliveries:\n    column: late\n    aggf: sum\n  Orders out:\n    column: orders\n    aggf: sum'), swapped, [LATE, ORDERS], [])).toThrow(/"Orders shipped"/);
  });

  it('reads a function metric by its operation and operands', () => {
    const rate = (name: string, second: string) => metrics(`  Late:\n    column: late\n    aggf: sum\n  Orders:\n    column: orders\n    aggf: sum\n  ${name}:\n    function:\n      divide:\n        - metric: {name: Late}\n        - metric: {name: ${second}}`);
    const linked = [{ ...LATE, name: 'Late rate' }];
    expect(() => assertKeepsCatalogLinks(member, rate('Late rate', 'Orders'), rate('Late share', 'Orders'), linked, [])).toThrow(/Line \d+ \(metrics\.Late share\)/);
    // Another formula under another name is another metric: the old one was removed, not renamed.
    expect(() => assertKeepsCatalogLinks(member, rate('Late rate', 'Orders'), rate('Late share', 'Late'), linked, [])).not.toThrow();
  });

  it('lets the catalog metric\'s owner and admins rename it, and anyone when its owner has left or there is none', () => {
    const renamed = metrics('  Late (ops):\n    column: late\n    aggf: sum\n  Orders shipped:\n    column: orders\n    aggf: sum');
    expect(() => assertKeepsCatalogLinks({ role: 'member', personId: 'kofi' }, before, renamed, [LATE], [])).not.toThrow();
    expect(() => assertKeepsCatalogLinks({ role: 'admin', personId: null }, before, renamed, [LATE], [])).not.toThrow();
    expect(() => assertKeepsCatalogLinks(member, before, renamed, [{ ...LATE, ownerHasLeft: true }], [])).not.toThrow();
    expect(() => assertKeepsCatalogLinks(member, before, renamed, [{ ...LATE, ownerPersonId: null }], [])).not.toThrow();
  });

  it('refuses removing a linked metric while the deck has unresolved anomalies on it, naming the saved config\'s line', () => {
    const removed = metrics('  Orders shipped:\n    column: orders\n    aggf: sum');
    const open = [{ metric: 'late deliveries' }, { metric: 'Orders shipped' }];
    expect(() => assertKeepsCatalogLinks(member, before, removed, [LATE], open)).toThrow(
      'Removing "Late deliveries" (metrics.Late deliveries, line 7 of the saved config) takes the catalog\'s "Late deliveries", owned by Kofi Mensah, off this review while it has an unresolved anomaly here: no later week would chart or signal it. Keep the metric until it is resolved, or ask Kofi Mensah or an admin to remove it.',
    );
    // Nothing waiting on it: no anomaly moves and none is stranded, as if the deck had never charted it.
    expect(() => assertKeepsCatalogLinks(member, before, removed, [LATE], [{ metric: 'Orders shipped' }])).not.toThrow();
    // Its owner and admins may; so may anyone when the catalog metric's owner has left.
    expect(() => assertKeepsCatalogLinks({ role: 'member', personId: 'kofi' }, before, removed, [LATE], open)).not.toThrow();
    expect(() => assertKeepsCatalogLinks({ role: 'admin', personId: null }, before, removed, [LATE], open)).not.toThrow();
    expect(() => assertKeepsCatalogLinks(member, before, removed, [{ ...LATE, ownerHasLeft: true }], open)).not.toThrow();
  });
});
