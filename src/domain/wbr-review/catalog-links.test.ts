import { describe, expect, it } from 'vitest';
import { parseWbrConfig, type MetricConfig } from '../wbr/wbr-config.js';
import { assertKeepsCatalogLinks, catalogMetricsArriving, catalogMetricsLeaving, dataReadWords, metricAnswerer } from './catalog-links.js';

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

  it('reads an operand metric by what it reads, not by its name: renaming a helper of a linked formula is anyone\'s', () => {
    const rate = (helper: string, lateColumn = 'late') => metrics(`  ${helper}:\n    column: ${lateColumn}\n    aggf: sum\n  Orders:\n    column: orders\n    aggf: sum\n  Late rate:\n    function:\n      divide:\n        - metric: {name: ${helper}}\n        - metric: {name: Orders}`);
    const linked = [{ ...LATE, name: 'Late rate' }];
    expect(() => assertKeepsCatalogLinks(member, rate('Late'), rate('Late count'), linked, [])).not.toThrow();
    // Renamed and repointed at once is repointing still, told with the helper's new name (the line to look at).
    expect(() => assertKeepsCatalogLinks(member, rate('Late'), rate('Late count', 'returns'), linked, [])).toThrow(/would read divide of "Late count" \(column "returns"\), "Orders" \(column "orders"\)/);
  });

  it('names the line of the spelling repointed when the config holds two spellings of the name', () => {
    const late = (name: string, column: string) => `  ${name}:\n    column: ${column}\n    aggf: sum`;
    const both = metrics(`${late('Late deliveries', 'late')}\n${late('LATE DELIVERIES', 'orders')}`);
    // "LATE DELIVERIES" (line 7 now) still reads what it read; "Late deliveries" (line 10 now) is repointed.
    const repointed = metrics(`${late('LATE DELIVERIES', 'orders')}\n${late('Late deliveries', 'returns')}`);
    expect(() => assertKeepsCatalogLinks(member, both, repointed, [LATE], [])).toThrow(/^Line 10 \(metrics\.Late deliveries\.column\): .* it read column "late", and would read column "returns"/);
    // Respelled and repointed at once: the new spelling is the one named.
    const respelled = metrics(`${late('LATE DELIVERIES', 'orders')}\n${late('late deliveries', 'returns')}`);
    expect(() => assertKeepsCatalogLinks(member, both, respelled, [LATE], [])).toThrow(/^Line 10 \(metrics\.late deliveries\.column\)/);
  });

  it('describes each metric once: a chain of 40 formulas, each reading the one before twice, is compared and told in words that grow with the chain', () => {
    // Spelled out in full, the words doubled at every link: millions of characters by the 16th, out of memory long before the 40th.
    const chain = (column: string) => metrics([`  Step 0:\n    column: ${column}\n    aggf: sum`, ...Array.from({ length: 40 }, (_, index) => `  Step ${index + 1}:\n    function:\n      sum:\n        - metric: {name: Step ${index}}\n        - metric: {name: Step ${index}}`)].join('\n'));
    const linked = [{ ...LATE, name: 'Step 40' }];
    expect(() => assertKeepsCatalogLinks(member, chain('late'), chain('late'), linked, [])).not.toThrow();
    let refusal: unknown;
    try {
      assertKeepsCatalogLinks(member, chain('late'), chain('orders'), linked, []);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toMatchObject({ code: 'forbidden', details: { rule: 'wbr.repoints_linked_metric' } });
    const { message } = refusal as Error;
    expect(message).toContain('it read sum of "Step 39" (sum of "Step 38" (sum of "Step 37" (');
    expect(message).toContain('"Step 0" (column "late"), "Step 0"), "Step 1")');
    expect(message).toContain('"Step 0" (column "orders"), "Step 0"), "Step 1")');
    expect(message.length).toBeLessThan(6000);
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

describe('catalogMetricsArriving', () => {
  const withoutLate = metrics('  Orders shipped:\n    column: orders\n    aggf: sum');
  const backOverOrders = metrics('  Orders shipped:\n    column: orders\n    aggf: sum\n  late deliveries:\n    column: orders\n    aggf: sum');

  it('names the catalog metrics someone else owns that the new config links and the saved one did not, with the metric reading for them', () => {
    expect(catalogMetricsArriving(member, withoutLate, backOverOrders, [LATE, ORDERS]).map(({ entry, metric }) => [entry.name, metric.name])).toEqual([['Late deliveries', 'late deliveries']]);
    // A new deck (no saved config) puts on every catalog metric it links.
    expect(catalogMetricsArriving(member, [], backOverOrders, [LATE, ORDERS]).map(({ entry }) => entry.name)).toEqual(['Orders shipped', 'Late deliveries']);
    // Linked before already (another spelling): nothing arrives; its repointing is assertKeepsCatalogLinks's.
    expect(catalogMetricsArriving(member, metrics('  Late deliveries:\n    column: late\n    aggf: sum'), backOverOrders, [LATE])).toEqual([]);
    // Its owner and admins may point it at any data; nobody is here to tell when it has no owner or its owner has left.
    expect(catalogMetricsArriving({ role: 'member', personId: 'kofi' }, withoutLate, backOverOrders, [LATE])).toEqual([]);
    expect(catalogMetricsArriving({ role: 'admin', personId: 'sam' }, withoutLate, backOverOrders, [LATE])).toEqual([]);
    expect(catalogMetricsArriving(member, withoutLate, backOverOrders, [{ ...LATE, ownerPersonId: null }])).toEqual([]);
    expect(catalogMetricsArriving(member, withoutLate, backOverOrders, [{ ...LATE, ownerHasLeft: true }])).toEqual([]);
  });

  it('is told in words that say what the metric reads', () => {
    const config = metrics('  Late:\n    column: late\n    aggf: sum\n  Returned:\n    filter:\n      base_column: returns\n      query: "returns > 0"\n    aggf: sum\n  Late deliveries:\n    function:\n      sum:\n        - metric: {name: Late}\n        - metric: {name: Returned}\n        - metric: {name: Late}');
    const late = config.find((metric) => metric.name === 'Late deliveries')!;
    expect(dataReadWords(late, config)).toBe('sum of "Late" (column "late"), "Returned" (column "returns" filtered by "returns > 0"), "Late"');
  });
});

describe('large configs', () => {
  // A chain of formulas each reading the next, as long as a config's 1 MiB holds: it was read by recursion, one
  // call per link, and ran out of call stack.
  const CHAIN = 15_000;
  const chain = (column: string) => metrics([
    ...Array.from({ length: CHAIN }, (_, index) => `  Step ${index}:\n    function:\n      sum:\n        - metric:\n            name: Step ${index + 1}`),
    `  Step ${CHAIN}:\n    column: ${column}\n    aggf: sum`,
  ].join('\n'));

  it('compares and tells in words a chain of 15,000 formulas', () => {
    const linked = [{ ...LATE, name: 'Step 0' }];
    expect(() => assertKeepsCatalogLinks(member, chain('late'), chain('late'), linked, [])).not.toThrow();
    expect(() => assertKeepsCatalogLinks(member, chain('late'), chain('orders'), linked, [])).toThrow(expect.objectContaining({ code: 'forbidden', details: expect.objectContaining({ rule: 'wbr.repoints_linked_metric' }) }));
    const after = chain('orders');
    const words = dataReadWords(after.find((metric) => metric.name === 'Step 0') as MetricConfig, after);
    expect(words.startsWith('sum of "Step 1" (sum of "Step 2" (')).toBe(true);
    expect(words.endsWith(`"Step ${CHAIN}" (column "orders"))${')'.repeat(CHAIN - 2)}`)).toBe(true);
  });

  it('finds the catalog metrics of thousands of metrics against a catalog of thousands, and sees a catalog grown since', () => {
    const many = metrics(Array.from({ length: 3_000 }, (_, index) => `  M ${index}:\n    column: c${index}\n    aggf: sum`).join('\n'));
    const catalog = Array.from({ length: 3_000 }, (_, index) => ({ id: `c${index}`, name: `m  ${index}`, ownerPersonId: `p${index}`, ownerName: `P ${index}`, ownerHasLeft: false }));
    const arriving = catalogMetricsArriving(member, [], many, catalog);
    expect(arriving).toHaveLength(3_000);
    expect(arriving[2_999]).toMatchObject({ entry: { id: 'c2999' }, metric: { name: 'M 2999' } });
    expect(catalogMetricsLeaving('sam', many, many.slice(1), catalog).map((item) => item.entry.id)).toEqual(['c0']);
    expect(metricAnswerer('M 3000', catalog, 'dana').reason).toBe('no_catalog_metric');
    catalog.push({ id: 'c3000', name: 'M 3000', ownerPersonId: 'kofi', ownerName: 'Kofi', ownerHasLeft: false });
    expect(metricAnswerer('M 3000', catalog, 'dana')).toMatchObject({ personId: 'kofi', reason: 'catalog_owner' });
    // Two catalog entries of one name key: the first is the link, as it always was.
    expect(metricAnswerer('x', [{ ...LATE, name: 'X' }, { ...ORDERS, name: 'x' }], null).catalogMetric?.id).toBe('m1');
  });
});
