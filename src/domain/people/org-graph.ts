import { AppError } from '../errors.js';

/** The smallest view of a person the reporting-line rules need. */
export interface ReportingLine {
  id: string;
  managerId: string | null;
}

export interface OrgChartNode<P> {
  person: P;
  reports: OrgChartNode<P>[];
}

/**
 * Builds the org chart as a forest: people without a manager (or whose manager is unknown) are roots.
 * Children keep the order of the input, so callers sort once (by name) before building.
 */
export function buildOrgChart<P extends ReportingLine>(people: readonly P[]): OrgChartNode<P>[] {
  const nodes = new Map<string, OrgChartNode<P>>();
  for (const person of people) nodes.set(person.id, { person, reports: [] });
  const roots: OrgChartNode<P>[] = [];
  for (const person of people) {
    const node = nodes.get(person.id)!;
    const manager = person.managerId === null ? undefined : nodes.get(person.managerId);
    if (manager && manager !== node) manager.reports.push(node);
    else roots.push(node);
  }
  return roots;
}

/** The managers above a person, nearest first. Stops at a cycle instead of looping forever. */
export function managementChain(personId: string, managerOf: ReadonlyMap<string, string | null>): string[] {
  const chain: string[] = [];
  const seen = new Set([personId]);
  let current = managerOf.get(personId) ?? null;
  while (current !== null && !seen.has(current)) {
    chain.push(current);
    seen.add(current);
    current = managerOf.get(current) ?? null;
  }
  return chain;
}

/**
 * Finds a reporting loop through any mix of managers and dotted-line managers (A reports to B, who reports or has a
 * dotted line to A), returned as the people on it in the order the lines run, or null. A depth-first walk that
 * visits each person and line once, so it is linear in the size of the org.
 */
export function findReportingLoop(linesOf: ReportingLinesOf): string[] | null {
  const state = new Map<string, 'walking' | 'done'>();
  for (const start of linesOf.keys()) {
    if (state.has(start)) continue;
    // The people walked from `start`, each with the lines above them still to follow.
    const path: string[] = [start];
    const toFollow: string[][] = [[...(linesOf.get(start) ?? [])]];
    state.set(start, 'walking');
    while (path.length > 0) {
      const next = toFollow[toFollow.length - 1]!.pop();
      if (next === undefined) {
        state.set(path.pop()!, 'done');
        toFollow.pop();
        continue;
      }
      const seen = state.get(next);
      if (seen === 'walking') return path.slice(path.indexOf(next));
      if (seen === 'done') continue;
      state.set(next, 'walking');
      path.push(next);
      toFollow.push([...(linesOf.get(next) ?? [])]);
    }
  }
  return null;
}

/**
 * Refuses a new reporting line, solid (`managerId`) or dotted (`dottedLineManagerId`), from a person to someone who
 * already answers to them through any mix of managers and dotted-line managers: A reporting to B while B has a dotted
 * line to A is as much a loop as two solid lines, and the chain rules (a bar raiser from outside the hiring manager's
 * chain) read dotted lines as reporting lines. `linesOf` holds the lines above the proposed manager (loadReportingLines).
 */
export function assertNoReportingCycle(personId: string, newManagerId: string | null, linesOf: ReportingLinesOf, line: 'managerId' | 'dottedLineManagerId' = 'managerId'): void {
  if (newManagerId === null) return;
  const what = line === 'managerId' ? 'manager' : 'dotted-line manager';
  if (newManagerId === personId) throw new AppError('rule_violation', `A person cannot be their own ${what}.`, { rule: 'org.no_reporting_cycle', field: line });
  if (everyoneAbove(newManagerId, linesOf).has(personId)) {
    throw new AppError('rule_violation', `That ${what} reports to this person (directly or not, through a manager or a dotted line): the change would make a reporting cycle.`, { rule: 'org.no_reporting_cycle', field: line });
  }
}

/**
 * Each person's reporting lines upward: their manager and their dotted-line manager, those they have. A partial map
 * is enough for the chain rules, which only walk upwards (the service loads the lines above the people in question).
 */
export type ReportingLinesOf = ReadonlyMap<string, readonly string[]>;

/** The reporting lines of a plain manager map (no dotted lines). */
export function solidLinesOf(managerOf: ReadonlyMap<string, string | null>): ReportingLinesOf {
  return new Map([...managerOf].map(([id, managerId]) => [id, managerId === null ? [] : [managerId]]));
}

/** Everyone above a person through any mix of managers and dotted-line managers. Each person is visited once, so a cycle ends the walk. */
export function everyoneAbove(personId: string, linesOf: ReportingLinesOf): Set<string> {
  const above = new Set<string>();
  const toVisit = [...(linesOf.get(personId) ?? [])];
  while (toVisit.length > 0) {
    const next = toVisit.pop()!;
    if (next === personId || above.has(next)) continue;
    above.add(next);
    toVisit.push(...(linesOf.get(next) ?? []));
  }
  return above;
}

/**
 * The hiring manager's reporting chain, as the Bar Raiser rule reads it: the hiring manager, everyone above them and
 * everyone below them (the hiring team), where a dotted line is a reporting line like a solid one, all the way up: a
 * person whose dotted-line manager reports to the hiring manager answers to the hiring manager too. A bar raiser must
 * come from outside it.
 */
export function isInReportingChain(candidateId: string, hiringManagerId: string, linesOf: ReportingLinesOf): boolean {
  if (candidateId === hiringManagerId) return true;
  if (everyoneAbove(hiringManagerId, linesOf).has(candidateId)) return true;
  return everyoneAbove(candidateId, linesOf).has(hiringManagerId);
}
