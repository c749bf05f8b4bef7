import { z } from '@hono/zod-openapi';
import { INITIATIVE_STAGES } from '../../../domain/initiatives/stages.js';
import { GOOD_DIRECTIONS, METRIC_KINDS, METRIC_LIMITS, METRIC_RULES } from '../../../domain/metrics/metric-rules.js';
import { baseUpdatedAt, OrgParamsSchema, Uuid } from '../common/common.schema.js';

export const MetricParamsSchema = OrgParamsSchema.extend({ metricId: Uuid.openapi({ param: { name: 'metricId', in: 'path' } }) });

const kind = z.enum(METRIC_KINDS, { message: `must be one of ${METRIC_KINDS.join(', ')}` }).openapi({ description: 'An input is something the team does; an output is a result it watches.' });
const goodDirection = z
  .enum(GOOD_DIRECTIONS, { message: `must be one of ${GOOD_DIRECTIONS.join(', ')}, or null` })
  .nullable()
  .openapi({ description: 'Which way is good; null when neither is (the metric is watched, not judged). Required with a target.' });

export const MetricSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    definition: z.string(),
    kind: z.enum(METRIC_KINDS),
    controllable: z.boolean(),
    owner: z.object({ id: z.string(), name: z.string(), leftOn: z.string().nullable().openapi({ description: 'Set when the owner has left the company: the metric needs a new owner.' }) }).nullable(),
    unit: z.string(),
    goodDirection: z.enum(GOOD_DIRECTIONS).nullable(),
    target: z.number().nullable(),
    initiative: z
      .object({ id: z.string(), name: z.string(), stage: z.enum(INITIATIVE_STAGES).openapi({ description: 'Where it is in the pipeline: `killed` means the metric needs another initiative, or none.' }) })
      .nullable()
      .openapi({ description: 'The initiative that promises to move this metric.' }),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Metric');

export const MetricListItemSchema = MetricSchema.extend({
  lastWeek: z
    .object({
      deck: z.object({ id: z.string(), name: z.string() }),
      weekEnding: z.string(),
      valueText: z.string().nullable().openapi({ description: 'The value as the deck\'s chart writes it; null when the week is blank.' }),
      targetStatus: z.enum(['met', 'missed']).nullable().openapi({ description: 'Whether that week met the target, in the metric\'s good direction; null without a target or a value.' }),
    })
    .nullable()
    .openapi({ description: 'The latest published week of a business review deck that charts the metric; null when none does (or for a role that does not read the review).' }),
}).openapi('MetricListItem');

export const ListMetricsQuerySchema = z.object({
  kind: kind.optional(),
  controllable: z.enum(['true', 'false'], { message: 'must be true or false' }).optional(),
  ownerPersonId: Uuid.optional(),
  initiativeId: Uuid.optional(),
});

const name = z.string({ message: 'must be text' }).trim().min(1, 'must not be empty').max(METRIC_LIMITS.nameMaxLength, `must be at most ${METRIC_LIMITS.nameMaxLength} characters`);
const definition = z
  .string({ message: 'must be text' })
  .trim()
  .min(1, 'must not be empty: say what is counted and how')
  .max(METRIC_LIMITS.definitionMaxLength, `must be at most ${METRIC_LIMITS.definitionMaxLength} characters`)
  .openapi({ description: 'What is counted, from which data, over which period.' });
const unit = z.string({ message: 'must be text' }).trim().max(METRIC_LIMITS.unitMaxLength, `must be at most ${METRIC_LIMITS.unitMaxLength} characters`).openapi({ description: 'Free text: orders, %, ms, USD…' });
const target = z.number({ message: 'must be a number, such as 99.5 or -2, with a dot before any decimals' }).nullable().openapi({ description: 'The value to reach (at least it when up is good, at most it when down is good).' });

export const CreateMetricSchema = z
  .strictObject({
    name,
    definition,
    kind,
    controllable: z.boolean({ message: 'must be true or false' }).default(false).openapi({ description: `${METRIC_RULES['metric.output_not_controllable']} (rule metric.output_not_controllable)` }),
    ownerPersonId: Uuid.openapi({ description: 'The person who owns the metric: someone in the org who has not left.' }),
    unit: unit.default(''),
    goodDirection: goodDirection.default(null),
    target: target.default(null),
    initiativeId: Uuid.nullable().default(null).openapi({ description: 'The initiative that promises to move this metric (for its launch: a controllable input).' }),
  })
  .openapi('CreateMetric');

export const UpdateMetricSchema = z
  .strictObject({
    name: name.optional(),
    definition: definition.optional(),
    kind: kind.optional(),
    controllable: z.boolean({ message: 'must be true or false' }).optional(),
    ownerPersonId: Uuid.optional(),
    unit: unit.optional(),
    goodDirection: goodDirection.optional(),
    target: target.optional(),
    initiativeId: Uuid.nullable().optional(),
    baseUpdatedAt: baseUpdatedAt('metric'),
  })
  .openapi('UpdateMetric');
