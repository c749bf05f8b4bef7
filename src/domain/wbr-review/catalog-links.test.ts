import { describe, expect, it } from 'vitest';
import { parseWbrConfig } from '../wbr/wbr-config.js';
import { assertKeepsCatalogLinks, catalogMetricsLeaving, metricAnswerer } from './catalog-links.js';

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

  it('refuses repointing a linked metric: its name kept over another column, filter, function or operand', () => {
    const late = (body: string) => metrics(`  LATE deliveries:\n${body}\n  Orders shipped:\n    column: orders\n    aggf: sum`);
    expect(() => assertKeepsCatalogLinks(member, before, late('    column: orders\n    aggf: sum'), [LATE], [])).toThrow(expect.objectContaining({
      code: 'forbidden',
      message: 'Line 7 (metrics.LATE deliveries.column): "LATE deliveries" is the catalog\'s "Late deliveries", whose anomalies go to its owner (Kofi Mensah); it read column "late", and would read column "orders", so Kofi Mensah would answer for other data under the metric\'s name. Keep what it reads (its aggf, comparison and charts may change), give the new data a name of its own, or ask Kofi Mensah or an admin to change it.',
      details: { field: 'config', line: 7, rule: 'wbr.repoints_linked_metric' },
    }));
    expect(() => assertKeepsCatalogLinks(member, before, late('    filter:\n      base_column: late\n      query: "late > 3"\n    aggf: sum'), [LATE], [])).toThrow(/metrics\.LATE deliveries\.filter\).*would read column "late" filtered by "late > 3"/);
    // How the same data is summed up and shown is anyone's to change: the owner answers for the same column.
    expect(() => assertKeepsCatalogLinks(member, before, late('    column: late\n    aggf: mean\n    metric_comparison_method: bps'), [LATE], [])).not.toThrow();
    // The owner, an admin, or anyone when nobody answers for the catalog metric, may repoint it.
    expect(() => assertKeepsCatalogLinks({ role: 'member', personId: 'kofi' }, before, late('    column: orders\n    aggf: sum'), [LATE], [])).not.toThrow();
    expect(() => assertKeepsCatalogLinks({ role: 'admin', personId: null }, before, late('    column: orders\n    aggf: sum'), [LATE], [])).not.toThrow();
    expect(() => assertKeepsCatalogLinks(member, before, late('    column: orders\n    aggf: sum'), [{ ...LATE, ownerHasLeft: true }], [])).not.toThrow();
  });

  it('reads a formula down to its operands\' columns: an operand metric repointed repoints the formula', () => {
    const rate = (lateColumn: string, operation = 'divide') => metrics(`  Late:\n    column: ${lateColumn}\n    aggf: sum\n  Orders:\n    column: orders\n    aggf: sum\n  Late rate:\n    function:\n      ${operation}:\n        - metric: {name: Late}\n        - metric: {name: Orders}`);
    const linked = [{ ...LATE, name: 'Late rate' }];
    expect(() => assertKeepsCatalogLinks(member, rate('late'), rate('returns'), linked, [])).toThrow(/metrics\.Late rate\.function\).*it read divide of "Late" \(column "late"\), "Orders" \(column "orders"\), and would read divide of "Late" \(column "returns"\)/);
    expect(() => assertKeepsCatalogLinks(member, rate('late'), rate('late', 'difference'), linked, [])).toThrow(/would read difference of/);
    expect(() => assertKeepsCatalogLinks(member, rate('late'), rate('late'), linked, [])).not.toThrow();
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

describe('catalogMetricsLeaving', () => {
  const before = metrics('  Late deliveries:\n    column: late\n    aggf: sum\n  Orders shipped:\n    column: orders\n    aggf: sum');
  const withoutLate = metrics('  Orders shipped:\n    column: orders\n    aggf: sum');

  it('names the catalog metrics someone else owns that no metric of the new config is linked to', () => {
    expect(catalogMetricsLeaving('sam', before, withoutLate, [LATE, ORDERS]).map(({ entry }) => entry.name)).toEqual(['Late deliveries']);
    // Renamed away (by someone allowed to) is taken off the review too; another spelling keeps it.
    expect(catalogMetricsLeaving(null, before, metrics('  Late (ops):\n    column: late\n    aggf: sum'), [LATE]).map(({ entry }) => entry.name)).toEqual(['Late deliveries']);
    expect(catalogMetricsLeaving('sam', before, metrics('  late  DELIVERIES:\n    column: late\n    aggf: sum'), [LATE])).toEqual([]);
    // Its owner took it off themselves; nobody is here to tell when it has no owner or its owner has left.
    expect(catalogMetricsLeaving('kofi', before, withoutLate, [LATE])).toEqual([]);
    expect(catalogMetricsLeaving('sam', before, withoutLate, [{ ...LATE, ownerPersonId: null }])).toEqual([]);
    expect(catalogMetricsLeaving('sam', before, withoutLate, [{ ...LATE, ownerHasLeft: true }])).toEqual([]);
  });
});
