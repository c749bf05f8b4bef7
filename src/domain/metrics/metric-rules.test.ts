import { describe, expect, it } from 'vitest';
import { appErrorOf as refusal } from '../../../test/support/app-error.js';
import { assertCanChangeMetric, METRIC_LIMITS, normalizeMetricName, targetStatus, validateMetric, type MetricFields } from './metric-rules.js';

const pickRate: MetricFields = {
  name: 'Pick success rate',
  definition: 'Picks completed on the first grasp, divided by all pick attempts in the week, from the gripper logs.',
  kind: 'input',
  controllable: true,
  ownerPersonId: 'kofi',
  unit: '%',
  goodDirection: 'up',
  target: 99.5,
  initiativeId: 'gripper',
};

describe('validateMetric', () => {
  it('accepts a well-defined controllable input and normalises its text', () => {
    expect(validateMetric({ ...pickRate, name: '  Pick   success rate ', definition: ` ${pickRate.definition}\n`, unit: ' % ' })).toEqual(pickRate);
  });

  it('accepts an output that is watched, not controlled, and a metric with no good direction and no target', () => {
    expect(() => validateMetric({ ...pickRate, name: 'Orders shipped', kind: 'output', controllable: false, initiativeId: null })).not.toThrow();
    expect(() => validateMetric({ ...pickRate, name: 'Return requests', kind: 'input', controllable: false, goodDirection: null, target: null, initiativeId: null })).not.toThrow();
  });

  it('refuses an empty or too long name, naming the field', () => {
    const empty = refusal(() => validateMetric({ ...pickRate, name: '   ' }));
    expect(empty).toMatchObject({ code: 'validation_failed', details: { field: 'name' } });
    expect(refusal(() => validateMetric({ ...pickRate, name: 'x'.repeat(METRIC_LIMITS.nameMaxLength + 1) })).details.field).toBe('name');
    expect(() => validateMetric({ ...pickRate, name: 'x'.repeat(METRIC_LIMITS.nameMaxLength) })).not.toThrow();
  });

  it('refuses a metric without a definition, and one whose definition only repeats its name', () => {
    const missing = refusal(() => validateMetric({ ...pickRate, definition: ' \n ' }));
    expect(missing).toMatchObject({ code: 'validation_failed', details: { field: 'definition' } });
    expect(missing.message).toMatch(/cannot be reviewed/);
    expect(refusal(() => validateMetric({ ...pickRate, definition: 'pick SUCCESS rate' })).details.field).toBe('definition');
    // White space inside does not make it a definition either: compared as names are compared.
    expect(refusal(() => validateMetric({ ...pickRate, name: 'Orders picked', definition: 'Orders  picked' })).details.field).toBe('definition');
    expect(refusal(() => validateMetric({ ...pickRate, name: 'Orders picked', definition: 'orders\tPICKED\n' })).details.field).toBe('definition');
  });

  it('refuses a controllable output with the rule that says why', () => {
    const error = refusal(() => validateMetric({ ...pickRate, name: 'Orders shipped', kind: 'output', controllable: true, initiativeId: null }));
    expect(error.code).toBe('rule_violation');
    expect(error.details).toEqual({ rule: 'metric.output_not_controllable', field: 'controllable' });
    expect(error.message).toContain('move only through the inputs');
  });

  it('lets an output be linked to an initiative (the result it aims at), as long as it is not controllable', () => {
    expect(validateMetric({ ...pickRate, kind: 'output', controllable: false }).initiativeId).toBe('gripper');
  });

  it('refuses a target without a good direction, and a target that is not a finite number', () => {
    expect(refusal(() => validateMetric({ ...pickRate, goodDirection: null })).details).toEqual({ rule: 'metric.target_needs_direction', field: 'goodDirection' });
    expect(refusal(() => validateMetric({ ...pickRate, target: Number.NaN })).details.field).toBe('target');
    expect(() => validateMetric({ ...pickRate, target: 0 })).not.toThrow();
  });

  it('writes a unit on one line, as a name is written', () => {
    expect(validateMetric({ ...pickRate, unit: ' per\n  visit\u00ad ' }).unit).toBe('per visit');
  });

  it('refuses a unit longer than the limit', () => {
    expect(refusal(() => validateMetric({ ...pickRate, unit: 'u'.repeat(METRIC_LIMITS.unitMaxLength + 1) })).details.field).toBe('unit');
  });
});

describe('normalizeMetricName', () => {
  it('makes names that differ only in spacing the same', () => {
    expect(normalizeMetricName('  Weekly \t orders  shipped ')).toBe('Weekly orders shipped');
  });
});

describe('metricNameKey', () => {
  // The key itself is names.ts nameKey, tested there; here, what the metric rules use it for.
  it('is what a definition that only repeats the name is found by', () => {
    expect(refusal(() => validateMetric({ ...pickRate, name: 'Orders picked', definition: 'ＯＲＤＥＲＳ picked' })).details.field).toBe('definition');
  });
});

describe('assertCanChangeMetric', () => {
  const metric = { name: 'Pick success rate', ownerPersonId: 'kofi' };

  it('lets an admin and the owner change a metric', () => {
    expect(() => assertCanChangeMetric({ role: 'admin', personId: null }, metric)).not.toThrow();
    expect(() => assertCanChangeMetric({ role: 'member', personId: 'kofi' }, metric)).not.toThrow();
  });

  it('refuses a member who does not own it, and a member with no person record', () => {
    const error = refusal(() => assertCanChangeMetric({ role: 'member', personId: 'sam' }, metric));
    expect(error.code).toBe('forbidden');
    expect(error.message).toBe('Only the owner of "Pick success rate" or an admin may change it.');
    expect(refusal(() => assertCanChangeMetric({ role: 'member', personId: null }, { ...metric, ownerPersonId: null })).code).toBe('forbidden');
  });
});

describe('targetStatus', () => {
  it('reads a week against the target in the good direction, the target itself counting as met', () => {
    expect(targetStatus(97, 97, 'up')).toBe('met');
    expect(targetStatus(96.9, 97, 'up')).toBe('missed');
    expect(targetStatus(84, 90, 'down')).toBe('met');
    expect(targetStatus(90.1, 90, 'down')).toBe('missed');
  });

  it('says nothing without a value or a target', () => {
    expect(targetStatus(null, 97, 'up')).toBeNull();
    expect(targetStatus(97, null, 'up')).toBeNull();
    expect(targetStatus(97, 97, null)).toBeNull();
  });
});

