import { can, type Role } from '../accounts/roles.js';
import { AppError } from '../errors.js';
import { nameKey, normalizeName } from '../names.js';

/**
 * The metric catalog's rules. A metric is worth a slot in the weekly review only if everyone reads it the same
 * way: it has a definition, an owner, and says whether it is an input (something the team does) or an output (a
 * result it can only watch). Only inputs can be controllable, because an output moves only through the inputs
 * that drive it; a team that "owns" an output directly ends up explaining it instead of changing it.
 */

export const METRIC_KINDS = ['input', 'output'] as const;
export type MetricKind = (typeof METRIC_KINDS)[number];

/** Which way is good; a metric with none (null) is watched, not judged (e.g. a demand the team serves). */
export const GOOD_DIRECTIONS = ['up', 'down'] as const;
export type GoodDirection = (typeof GOOD_DIRECTIONS)[number];

/** Limits shared by the API schemas, the web form and these rules. */
export const METRIC_LIMITS = {
  nameMaxLength: 120,
  definitionMaxLength: 2000,
  unitMaxLength: 24,
} as const;

export const METRIC_RULES = {
  'metric.output_not_controllable': 'Only an input metric can be controllable: an output moves only through the inputs that drive it.',
  'metric.target_needs_direction': 'A target needs a good direction (up or down): without one nobody can say whether the metric is on target.',
} as const;

export type MetricRule = keyof typeof METRIC_RULES;

/** Everything a person writes about a metric (ids are checked against the org by the service). */
export interface MetricFields {
  name: string;
  definition: string;
  kind: MetricKind;
  controllable: boolean;
  ownerPersonId: string | null;
  unit: string;
  goodDirection: GoodDirection | null;
  target: number | null;
  initiativeId: string | null;
}

/**
 * A metric's name as stored (names.ts normalizeName: composed form, nothing invisible, one line, runs of spaces made
 * one), so "Weekly  orders " and "weekly orders" are recognised as the same metric by the case-insensitive unique index.
 */
export const normalizeMetricName = normalizeName;

/** What metric names are compared on (names.ts nameKey): names with one key look the same in a review. */
export const metricNameKey = nameKey;

const invalid = (field: keyof MetricFields, message: string) => new AppError('validation_failed', `${field}: ${message}`, { field });
const refused = (rule: MetricRule, field: keyof MetricFields, message: string) => new AppError('rule_violation', message, { rule, field });

/**
 * Checks a whole metric (a new one, or an existing one with a change applied) and returns it normalised. Run on
 * the merged state, so a partial change that breaks a rule together with a stored field (e.g. turning a
 * controllable input into an output) is refused like a new metric would be.
 */
export function validateMetric(fields: MetricFields): MetricFields {
  const name = normalizeMetricName(fields.name);
  if (name.length === 0) throw invalid('name', 'must not be empty.');
  if (name.length > METRIC_LIMITS.nameMaxLength) throw invalid('name', `must be at most ${METRIC_LIMITS.nameMaxLength} characters.`);

  const definition = fields.definition.trim();
  if (definition.length === 0) throw invalid('definition', 'say what is counted and how: a metric nobody can define cannot be reviewed.');
  if (definition.length > METRIC_LIMITS.definitionMaxLength) throw invalid('definition', `must be at most ${METRIC_LIMITS.definitionMaxLength} characters.`);
  // Compared as names are (runs of white space made one, case aside): "Orders  picked" only repeats "Orders picked".
  if (metricNameKey(definition) === metricNameKey(name)) throw invalid('definition', 'repeats the name: say what is counted, from which data, and over which period.');

  // A unit is a short label shown after every value: written on one line, as a name is.
  const unit = normalizeMetricName(fields.unit);
  if (unit.length > METRIC_LIMITS.unitMaxLength) throw invalid('unit', `must be at most ${METRIC_LIMITS.unitMaxLength} characters.`);
  if (fields.target !== null && !Number.isFinite(fields.target)) throw invalid('target', 'must be a finite number.');

  if (fields.kind === 'output' && fields.controllable) {
    throw refused('metric.output_not_controllable', 'controllable', `"${name}" is an output: outputs cannot be controllable, they move only through the inputs that drive them. Mark it not controllable, or make it an input if the team moves it directly.`);
  }
  if (fields.target !== null && fields.goodDirection === null) {
    throw refused('metric.target_needs_direction', 'goodDirection', `"${name}" has a target but no good direction: choose up or down, or remove the target.`);
  }
  return { ...fields, name, definition, unit };
}

/**
 * Who may change or delete a metric: an admin, or the person who owns it (through the login linked to them).
 * Anyone else reads it; the owner answers for its definition, so nobody else rewrites it behind their back.
 */
export function assertCanChangeMetric(actor: { role: Role; personId: string | null }, metric: { name: string; ownerPersonId: string | null }): void {
  if (can(actor.role, 'metrics.manage')) return;
  if (actor.personId !== null && actor.personId === metric.ownerPersonId) return;
  throw new AppError('forbidden', `Only the owner of "${metric.name}" or an admin may change it.`);
}

/** A target as the catalog writes it: the number with its unit, `%` without a space, a dash when there is none. */
export function formatTarget(metric: { target: number | null; unit: string }): string {
  if (metric.target === null) return '—';
  const number = metric.target.toLocaleString('en-US', { maximumFractionDigits: 4 });
  if (metric.unit === '') return number;
  return metric.unit === '%' ? `${number}%` : `${number} ${metric.unit}`;
}

export type TargetStatus = 'met' | 'missed';

/**
 * Whether a week's value meets the metric's target, read in the metric's good direction (at or above the target
 * when up is good, at or below when down is); null without a value or a target (a target always has a direction).
 */
export function targetStatus(value: number | null, target: number | null, goodDirection: GoodDirection | null): TargetStatus | null {
  if (value === null || target === null || goodDirection === null) return null;
  return (goodDirection === 'up' ? value >= target : value <= target) ? 'met' : 'missed';
}

