import { can, type Role } from '../accounts/roles.js';
import { AppError } from '../errors.js';
import { nameKey } from '../names.js';
import type { FunctionOperand, MetricConfig } from '../wbr/wbr-config.js';
import { catalogLookup, catalogMetricFor, defaultAnomalyOwner, type CatalogEntry } from './review-rules.js';

/**
 * How a deck's metric answers to the metric catalog. The link is the metric's name in the config: the catalog
 * metric of the same name (catalogMetricFor, case, spacing and look-alike characters aside) is the one whose owner
 * is asked about its anomalies, whose direction judges it and whose target is drawn on its chart. The WBR App's
 * config has no place to name a catalog metric, and the same file is read by `pulse wbr build`, so the name is the
 * whole link: these rules make it visible where it decides who answers, and keep a rename from moving it silently.
 */

/** Why a metric's anomalies go to the person they go to. */
export const ANOMALY_OWNER_REASONS = ['catalog_owner', 'no_catalog_metric', 'catalog_metric_unowned', 'catalog_owner_left'] as const;
export type AnomalyOwnerReason = (typeof ANOMALY_OWNER_REASONS)[number];

export interface MetricAnswerer<T extends CatalogEntry> {
  /** The catalog metric the deck's metric is linked to by its name, if any. */
  catalogMetric: T | undefined;
  /** Who a new anomaly of the metric goes to (defaultAnomalyOwner, as a publish decides it); null for nobody. */
  personId: string | null;
  reason: AnomalyOwnerReason;
}

/**
 * Who answers for a deck metric's anomalies, and why: the same decision a publish makes (defaultAnomalyOwner), with
 * the reason a reader needs when it is not the catalog metric's owner. `deckOwnerPersonId` is null when the deck has
 * no owner or its owner has left, as the publish reads it.
 */
export function metricAnswerer<T extends CatalogEntry>(metric: string, catalog: readonly T[], deckOwnerPersonId: string | null): MetricAnswerer<T> {
  const catalogMetric = catalogMetricFor(metric, catalog);
  const personId = defaultAnomalyOwner(catalogMetric, deckOwnerPersonId);
  const reason: AnomalyOwnerReason =
    catalogMetric === undefined ? 'no_catalog_metric' : catalogMetric.ownerPersonId === null ? 'catalog_metric_unowned' : catalogMetric.ownerHasLeft ? 'catalog_owner_left' : 'catalog_owner';
  return { catalogMetric, personId, reason };
}

/** Numbers what a metric of a config reads: the same number for the same data, in every config it was given. */
type DataReads = (metric: MetricConfig, config: readonly MetricConfig[]) => number;

/**
 * What metrics read, down to the columns, as numbers to compare: two metrics read the same data exactly when their
 * numbers are the same. A column, a column filtered by a query, or a function of its operands, each operand metric
 * read as its own definition in its config, by what it reads and not by its name: renaming a helper metric (and the
 * formulas that use it) reads the same data, and an operand metric repointed repoints the formulas over it. Its
 * aggregation (`aggf`), comparison method, direction and how a chart draws it are left out: they say how the same
 * data is summed up and shown, not which data it is.
 *
 * Each metric of a config is numbered once, a function by its operation and its operands' numbers, so a chain of
 * formulas costs its length. Spelled out in full, a chain of sums each reading the one before twice doubled at every
 * link (millions of characters by the 16th, more than a string holds before the 30th, the request held all along).
 * One reader per comparison, so that the numbers of the saved config and of the new one compare.
 */
function dataReads(): DataReads {
  const numbers = new Map<string, number>();
  const numberOf = (key: string): number => {
    const known = numbers.get(key);
    if (known !== undefined) return known;
    numbers.set(key, numbers.size);
    return numbers.size - 1;
  };
  const configs = new Map<readonly MetricConfig[], { byName: Map<string, MetricConfig>; read: Map<string, number>; reading: Set<string> }>();
  const read: DataReads = (metric, config) => {
    let state = configs.get(config);
    if (state === undefined) {
      state = { byName: new Map(config.map((other) => [other.name, other])), read: new Map(), reading: new Set() };
      configs.set(config, state);
    }
    const { byName, read: numbered, reading } = state;
    const known = numbered.get(metric.name);
    if (known !== undefined) return known;
    // Depth first with a stack of its own, not by recursion: a chain of thousands of formulas, each over the next,
    // would overflow the call stack. A function is numbered once every operand metric is; each frame keeps the
    // numbers of the operands read so far, so a wide formula is walked once.
    const pending: Array<{ metric: MetricConfig; operands: number[] }> = [{ metric, operands: [] }];
    reading.add(metric.name);
    while (pending.length > 0) {
      const frame = pending[pending.length - 1] as (typeof pending)[number];
      const current = frame.metric;
      let key: string;
      if (current.kind === 'column') key = JSON.stringify(['column', current.column]);
      else if (current.kind === 'filter') key = JSON.stringify(['filter', current.baseColumn, current.queryText]);
      else {
        let descended = false;
        while (frame.operands.length < current.operands.length) {
          const operand = current.operands[frame.operands.length] as FunctionOperand;
          if (operand.kind === 'column') {
            frame.operands.push(numberOf(JSON.stringify(['column', operand.name])));
            continue;
          }
          const definition = byName.get(operand.name);
          const done = numbered.get(operand.name);
          if (done !== undefined) {
            frame.operands.push(done);
          } else if (definition === undefined || reading.has(operand.name)) {
            // The config reader refuses an unknown operand and a circle; the guard keeps a stored config from looping here.
            frame.operands.push(numberOf(JSON.stringify(['unread', operand.name])));
          } else {
            reading.add(operand.name);
            pending.push({ metric: definition, operands: [] });
            descended = true;
            break;
          }
        }
        if (descended) continue;
        key = JSON.stringify([current.operation, ...frame.operands]);
      }
      pending.pop();
      reading.delete(current.name);
      const number = numberOf(key);
      numbered.set(current.name, number);
      // The operand just numbered is the next one its user reads.
      pending[pending.length - 1]?.operands.push(number);
    }
    return numbered.get(metric.name) as number;
  };
  return read;
}

/**
 * What a metric reads, in words for the person told (a refusal, an email): what dataReads compares, with each operand
 * metric named (so it can be found in the config) and spelled out where the words first mention it, named alone after
 * that. The words grow with the config, not with how often its formulas reuse a metric.
 */
export function dataReadWords(metric: MetricConfig, config: readonly MetricConfig[]): string {
  const byName = new Map(config.map((other) => [other.name, other]));
  const spelled = new Set<string>([metric.name]);
  const plain = (current: MetricConfig): string | undefined => {
    if (current.kind === 'column') return `column "${current.column}"`;
    if (current.kind === 'filter') return `column "${current.baseColumn}" filtered by "${current.queryText}"`;
    return undefined;
  };
  // Written as one list of pieces, in order, joined once: a stack of the functions being spelled out (innermost
  // last, each with the operand it is at) rather than recursion, so that a chain of thousands of formulas neither
  // runs out of call stack nor copies the words of every inner formula into each outer one.
  const first = plain(metric);
  if (first !== undefined) return first;
  const pieces: string[] = [];
  const frames: Array<{ metric: MetricConfig & { kind: 'function' }; next: number }> = [];
  const open = (current: MetricConfig & { kind: 'function' }): void => {
    pieces.push(`${current.operation} of `);
    frames.push({ metric: current, next: 0 });
  };
  open(metric as MetricConfig & { kind: 'function' });
  while (frames.length > 0) {
    const frame = frames[frames.length - 1] as (typeof frames)[number];
    const { operands } = frame.metric;
    if (frame.next === operands.length) {
      frames.pop();
      if (frames.length > 0) pieces.push(')');
      continue;
    }
    const operand = operands[frame.next] as FunctionOperand;
    if (frame.next > 0) pieces.push(', ');
    frame.next++;
    if (operand.kind === 'column') { pieces.push(`column "${operand.name}"`); continue; }
    const definition = byName.get(operand.name);
    if (definition === undefined || spelled.has(operand.name)) { pieces.push(`"${operand.name}"`); continue; }
    spelled.add(operand.name);
    const words = plain(definition);
    if (words !== undefined) { pieces.push(`"${operand.name}" (${words})`); continue; }
    pieces.push(`"${operand.name}" (`);
    open(definition as MetricConfig & { kind: 'function' });
  }
  return pieces.join('');
}

/**
 * Refuses a config change that renames a metric away from its catalog metric. A metric linked to a catalog metric
 * whose owner answers for it, renamed so that no metric of the new config is linked to it any more while one reads
 * the same data under another name, would send that owner's anomalies to the deck's owner (or to another catalog
 * metric's owner) without anyone being told, and would slip out of the catalog's direction too. So only the catalog
 * metric's owner (through the login linked to their person record) or whoever manages the review may do it; anyone
 * else is told which line, which metric and what to do. A metric whose catalog metric has no owner here (none, or
 * one who has left) already goes to the deck's owner: renaming it moves nothing.
 *
 * Keeping the name while changing what it reads (another column, filter, function or operand) is held to the same
 * people: the owner would answer for other data under their metric's name. What only changes how the same data is
 * summed up or shown (aggf, comparison method, charts, y_scaling) stays anyone's: it is how the deck presents the
 * metric, and fixing it (a rate averaged rather than summed) is ordinary editing that moves no anomaly.
 *
 * Removing such a metric is held to the same people while the deck has unresolved anomalies on it
 * (`unresolvedAnomalies`: the deck's, neither resolved nor withdrawn). They stay on the agenda (their owner's answer
 * is still owed), but no later week charts or signals the metric again: the owner would be answering for a chart the
 * deck no longer shows, taken away by someone else. A metric with nothing unresolved may be removed by anyone who
 * builds the review, as it could have been left out of the deck to begin with: no anomaly moves, none is stranded.
 */
export function assertKeepsCatalogLinks(
  actor: { role: Role; personId: string | null },
  before: readonly MetricConfig[],
  after: readonly MetricConfig[],
  catalog: readonly (CatalogEntry & { ownerName: string })[],
  unresolvedAnomalies: readonly { metric: string }[],
): void {
  if (can(actor.role, 'wbr.manage')) return;
  const reads = dataReads();
  const namesBefore = new Set(before.map((metric) => nameKey(metric.name)));
  const linkedTo = catalogLookup(catalog);
  // The new config's metrics by the catalog metric they are linked to, found once rather than for every saved metric.
  const keptBy = new Map<CatalogEntry, MetricConfig[]>();
  for (const metric of after) {
    const entry = linkedTo(metric.name);
    if (entry === undefined) continue;
    const kept = keptBy.get(entry);
    if (kept === undefined) keptBy.set(entry, [metric]);
    else kept.push(metric);
  }
  // The first new name reading each piece of data: where a saved metric that lost its link went, if it was renamed.
  const renamedTo = new Map<number, MetricConfig>();
  for (const metric of after) {
    if (namesBefore.has(nameKey(metric.name))) continue;
    const read = reads(metric, after);
    if (!renamedTo.has(read)) renamedTo.set(read, metric);
  }
  for (const earlier of before) {
    const entry = linkedTo(earlier.name);
    if (entry === undefined || entry.ownerPersonId === null || entry.ownerHasLeft || entry.ownerPersonId === actor.personId) continue;
    const kept = keptBy.get(entry) ?? [];
    if (kept.length > 0) {
      assertReadsSameData(earlier, before, kept, after, entry, reads);
      continue;
    }
    const renamed = renamedTo.get(reads(earlier, before));
    if (renamed === undefined) {
      assertLeavesNoAnomalyStranded(earlier, entry, unresolvedAnomalies.filter((anomaly) => linkedTo(anomaly.metric) === entry).length);
      continue;
    }
    const other = linkedTo(renamed.name);
    const goesTo = other === undefined ? 'it matches no catalog metric, so its anomalies would go to the deck\'s owner' : `it is the catalog's "${other.name}", so its anomalies would go to that metric's owner`;
    throw new AppError(
      'forbidden',
      `Line ${renamed.line} (metrics.${renamed.name}): this metric reads the data of "${earlier.name}", the catalog's "${entry.name}", whose anomalies go to its owner (${entry.ownerName}); under the new name ${goesTo}. Keep the name "${earlier.name}" (capitals and spacing do not matter), or ask ${entry.ownerName} or an admin to rename it.`,
      { field: 'config', line: renamed.line },
    );
  }
}

/**
 * Refuses repointing a linked metric: the name kept (so the catalog metric's owner still answers for it) over other
 * data (another column, filter, function or operand). Its anomalies would reach the owner for numbers that are not
 * their metric's. A config that holds two spellings of the name passes while one of them still reads what it read;
 * the refusal names the line of the one repointed: the spelling `earlier` had, else a spelling the saved config did
 * not have (a metric respelled and repointed at once), else the first.
 */
function assertReadsSameData(earlier: MetricConfig, before: readonly MetricConfig[], kept: readonly MetricConfig[], after: readonly MetricConfig[], entry: CatalogEntry & { ownerName: string }, reads: DataReads): void {
  const read = reads(earlier, before);
  if (kept.some((metric) => reads(metric, after) === read)) return;
  const spellingsBefore = new Set(before.map((metric) => metric.name));
  const repointed = kept.find((metric) => metric.name === earlier.name) ?? kept.find((metric) => !spellingsBefore.has(metric.name)) ?? (kept[0] as MetricConfig);
  // A metric's kind is the name of the key that says what it reads (column, filter or function).
  throw new AppError(
    'forbidden',
    `Line ${repointed.line} (metrics.${repointed.name}.${repointed.kind}): "${repointed.name}" is the catalog's "${entry.name}", whose anomalies go to its owner (${entry.ownerName}); it read ${dataReadWords(earlier, before)}, and would read ${dataReadWords(repointed, after)}, so ${entry.ownerName} would answer for other data under the metric's name. Keep what it reads (its aggf, comparison and charts may change), give the new data a name of its own, or ask ${entry.ownerName} or an admin to change it.`,
    { field: 'config', line: repointed.line, rule: 'wbr.repoints_linked_metric' },
  );
}

/**
 * The catalog metrics owned by someone else (not `actorPersonId`, and still here) that a metric of `from` is linked
 * to and no metric of `to` is, once each, with the first such metric of `from`.
 */
function catalogMetricsOnlyIn<T extends CatalogEntry>(actorPersonId: string | null, from: readonly MetricConfig[], to: readonly MetricConfig[], catalog: readonly T[]): Array<{ entry: T; metric: MetricConfig }> {
  const only: Array<{ entry: T; metric: MetricConfig }> = [];
  const linkedTo = catalogLookup(catalog);
  // Sets rather than searches of `to` and `only` per metric: a large config times a large catalog would be quadratic.
  const inTo = new Set(to.map((other) => linkedTo(other.name)));
  const listed = new Set<T>();
  for (const metric of from) {
    const entry = linkedTo(metric.name);
    if (entry === undefined || entry.ownerPersonId === null || entry.ownerHasLeft || entry.ownerPersonId === actorPersonId) continue;
    if (listed.has(entry) || inTo.has(entry)) continue;
    listed.add(entry);
    only.push({ entry, metric });
  }
  return only;
}

/**
 * The catalog metrics owned by someone else (not `actorPersonId`, and still here) that a config change takes off a
 * deck: a metric of the saved config is linked to one, and no metric of the new config is any more (removed, or
 * renamed away by someone allowed to). Their owners are told (wbr-decks.service), as they would otherwise learn it
 * only when they next look at the deck: no later week charts or signals the metric there.
 */
export function catalogMetricsLeaving<T extends CatalogEntry>(actorPersonId: string | null, before: readonly MetricConfig[], after: readonly MetricConfig[], catalog: readonly T[]): Array<{ entry: T; metric: MetricConfig }> {
  return catalogMetricsOnlyIn(actorPersonId, before, after, catalog);
}

/**
 * The catalog metrics owned by someone else (still here) that a config (a new deck's, `before` empty, or a change)
 * puts on a deck where the saved config had none linked to them (added, or renamed to the catalog's name), by anyone
 * but their owner or an admin, with the metric of the new config that reads for them. Their owners are told what it
 * reads (wbr-decks.service): the anomalies it raises go to them, and the rule against repointing a linked metric
 * (assertKeepsCatalogLinks) sees one save only, so a metric removed in one save and added back over other data in the
 * next would otherwise have its owner answer for that data unaware. Refusing the addition instead would make every
 * deck that charts a colleague's metric, its first setup included, an admin's to build.
 */
export function catalogMetricsArriving<T extends CatalogEntry>(actor: { role: Role; personId: string | null }, before: readonly MetricConfig[], after: readonly MetricConfig[], catalog: readonly T[]): Array<{ entry: T; metric: MetricConfig }> {
  // Its owner and admins may point it at any data (assertKeepsCatalogLinks): they need no telling.
  if (can(actor.role, 'wbr.manage')) return [];
  return catalogMetricsOnlyIn(actor.personId, after, before, catalog);
}

/**
 * Refuses removing a metric (linked to `entry`, whose owner is someone else) while `unresolved` of its anomalies wait
 * on the deck. No line of the new config names it, so the refusal names the line of the saved one, inside the message:
 * the page selects the line a message starts with ("Line 14 …") in the text being edited, which this one is not.
 */
function assertLeavesNoAnomalyStranded(removed: MetricConfig, entry: CatalogEntry & { ownerName: string }, unresolved: number): void {
  if (unresolved === 0) return;
  const anomalies = unresolved === 1 ? 'an unresolved anomaly' : `${unresolved} unresolved anomalies`;
  throw new AppError(
    'forbidden',
    `Removing "${removed.name}" (metrics.${removed.name}, line ${removed.line} of the saved config) takes the catalog's "${entry.name}", owned by ${entry.ownerName}, off this review while it has ${anomalies} here: no later week would chart or signal it. Keep the metric until ${unresolved === 1 ? 'it is' : 'they are'} resolved, or ask ${entry.ownerName} or an admin to remove it.`,
    { field: 'config', rule: 'wbr.removes_linked_metric' },
  );
}
