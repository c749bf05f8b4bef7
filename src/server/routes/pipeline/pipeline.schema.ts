import { z } from '@hono/zod-openapi';
import { PIPELINE_RULES, REASON_MAX_LENGTH } from '../../../domain/initiatives/pipeline-rules.js';
import { INITIATIVE_STAGES, PIPELINE_STAGES } from '../../../domain/initiatives/stages.js';
import { SIGNAL_RULES } from '../../../domain/wbr-review/review-rules.js';
import { INITIATIVE_STATUSES } from '../../../domain/people/people-rules.js';
import { nullableRef, OrgParamsSchema, Uuid } from '../common/common.schema.js';
import { RequisitionFieldsSchema } from '../hiring/hiring.schema.js';
import { name } from '../people/people.schema.js';

export const PipelineInitiativeParamsSchema = OrgParamsSchema.extend({ initiativeId: Uuid.openapi({ param: { name: 'initiativeId', in: 'path' } }) });

const Stage = z.enum(INITIATIVE_STAGES, { message: `must be one of ${INITIATIVE_STAGES.join(', ')}` });
const LinkedDocumentSchema = z.object({ id: z.string(), title: z.string().nullable().openapi({ description: 'Null when you may not read the document: its title is withheld.' }), kind: z.enum(['prfaq', 'memo']) }).openapi('LinkedDocument');
const PersonRefSchema = z.object({ id: z.string(), name: z.string() });

export const PipelineItemSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    stage: Stage,
    status: z.enum(INITIATIVE_STATUSES),
    stl: PersonRefSchema.nullable(),
    stageChangedAt: z.string(),
    prfaq: nullableRef(LinkedDocumentSchema),
    memo: nullableRef(LinkedDocumentSchema),
  })
  .openapi('PipelineItem');

const GateCheckSchema = z.object({
  rule: z.enum(Object.keys(PIPELINE_RULES) as [keyof typeof PIPELINE_RULES, ...Array<keyof typeof PIPELINE_RULES>]),
  met: z.boolean(),
  message: z.string(),
});

export const InitiativeRecordSchema = PipelineItemSchema.extend({
  transitions: z.array(z.object({
    from: Stage,
    to: Stage,
    reason: z.string(),
    by: z.object({ id: z.string(), name: z.string(), personId: z.string().nullable().openapi({ description: 'Their person in the org chart (for their page); null when they are not on it.' }) }).nullable().openapi({ description: 'The account that made the move (`id` is a user id); null for someone who left.' }),
    at: z.string(),
    source: z.object({
      kind: z.enum(['verdict', 'document', 'reading']).openapi({ description: '`verdict`: the PR/FAQ review whose compelling verdict passed the press release gate; `document`: the document version a gate read (the FAQ, the memo\'s checks); `reading`: the reading meeting whose decision passed the gate or made the move.' }),
      document: z.object({ id: z.string(), kind: z.enum(['prfaq', 'memo']), version: z.number().int().nullable().openapi({ description: 'The version the gate read (a verdict: the version it judged; a reading: the version read); null when not kept.' }) }),
      readingMeetingId: z.string().nullable(),
    }).nullable().openapi({ description: 'What the move stood on, to link to; null when it read no document (a move back or a kill by hand, a gate on people or metrics), for moves recorded before sources were kept, and when you may not read the document.' }),
  })),
  hiring: z.array(RequisitionFieldsSchema).openapi({ description: 'The requisitions of the teams that work on it, open ones first (roles only: candidates stay confidential).' }),
  enteredAt: Stage.openapi({ description: 'The stage it entered the pipeline at: idea, or a later one for work that started before Pulse (whose earlier gates were never checked).' }),
  next: z.object({ stage: z.enum(PIPELINE_STAGES), checks: z.array(GateCheckSchema) }).nullable().openapi({ description: 'The stage a move forward enters and its gate; null once launched or killed, or for a role that cannot move initiatives.' }),
  metrics: z.array(z.object({
    id: z.string(),
    name: z.string(),
    kind: z.enum(['input', 'output']),
    controllable: z.boolean(),
    unit: z.string().openapi({ description: 'The catalog unit (`%`, `ms`, `orders`; empty for none).' }),
    target: z.number().nullable().openapi({ description: 'The catalog target, in the unit the review shows the metric in.' }),
    targetStatus: z.enum(['met', 'missed']).nullable().openapi({ description: 'Whether the last published week met the target, in the metric\'s good direction; null without a target or a published week.' }),
    lastWeek: z.object({
      deck: z.object({ id: z.string(), name: z.string() }),
      weekEnding: z.string(),
      value: z.number().nullable(),
      valueText: z.string().nullable().openapi({ description: 'The value as the deck\'s chart writes it (its y_scaling).' }),
      previousValue: z.number().nullable(),
      valueForTarget: z.number().nullable().openapi({ description: 'The value in the unit a target is written in (a percent chart\'s value × 100, a bps chart\'s × 10,000).' }),
      changePercent: z.number().nullable().openapi({ description: 'Change on the week before, in percent.' }),
      unresolvedAnomalies: z.number().int(),
    }).nullable().openapi({ description: 'The latest published week of a business review deck that charts the metric; null when none does.' }),
  })),
  teams: z.array(z.object({ id: z.string(), name: z.string(), isSingleThreaded: z.boolean() })),
  anomalies: z.array(z.object({
    id: z.string(),
    metric: z.string(),
    deck: z.object({ id: z.string(), name: z.string() }),
    rule: z.enum(SIGNAL_RULES),
    direction: z.enum(['up', 'down']),
    firstWeekEnding: z.string(),
    lastWeekEnding: z.string(),
    status: z.enum(['open', 'explained']),
    rootCause: z.string(),
    owner: PersonRefSchema.nullable(),
  })).openapi({ description: 'The unresolved anomalies on its metrics, in the decks their `lastWeek` comes from (the ones `unresolvedAnomalies` counts), latest first.' }),
  editToken: z.string().openapi({ description: 'The same token as the initiative\'s in `GET /orgs/{orgId}/initiatives`: send it back as `baseToken` when changing the initiative (its leader), and a change made since is refused (409).' }),
  isReadingUnderWay: z.boolean().openapi({ description: 'At its reading review with a reading of its memo started and not ended: the approvers\' decision moves it, and until then it is only killed by hand (rule pipeline.reading_under_way).' }),
}).openapi('InitiativeRecord');

export const PipelineRowSchema = PipelineItemSchema.extend({
  openRoles: z.number().int().nullable().openapi({ description: 'Open requisitions of the teams working on it; null for a role that may not read hiring.' }),
  metrics: z.object({
    count: z.number().int().openapi({ description: 'Metrics of the catalog linked to it.' }),
    openAnomalies: z.number().int().nullable().openapi({ description: 'Open anomalies on those metrics in the latest published business review week (as the record shows each); null when no published week charts any of them.' }),
  }),
}).openapi('PipelineRow');

export const PipelineSchema = z
  .object({
    counts: z.record(Stage, z.number().int()),
    initiatives: z.array(PipelineRowSchema),
    attention: z.array(z.object({ initiativeId: z.string(), name: z.string(), rule: GateCheckSchema.shape.rule, message: z.string() })).openapi({ description: 'Active initiatives that lack what their stage stands on: building without a single-threaded team, launched without a controllable input metric.' }),
  })
  .openapi('Pipeline');

export const PipelineQuerySchema = z.object({
  documentId: Uuid.optional().openapi({ description: 'Only the initiatives this document is the PR/FAQ or the memo of.' }),
});

export const ProposeIdeaSchema = z
  .strictObject({ name, prfaqDocumentId: Uuid.nullable().optional().openapi({ description: 'The PR/FAQ the idea is written up in, if it exists already.' }) })
  .openapi('ProposeIdea');

export const LinkDocumentsSchema = z
  .strictObject({
    prfaqDocumentId: Uuid.nullable().optional().openapi({ description: 'The PR/FAQ document (kind prfaq); null unlinks it.' }),
    memoDocumentId: Uuid.nullable().optional().openapi({ description: 'The narrative memo (kind memo); null unlinks it.' }),
  })
  .openapi('LinkDocuments');

export const MoveSchema = z
  .strictObject({
    to: Stage,
    reason: z.string().max(REASON_MAX_LENGTH, `must be at most ${REASON_MAX_LENGTH} characters`).optional().openapi({ description: 'Why: required to kill the initiative or send it back to an earlier stage.' }),
    from: Stage.optional().openapi({ description: 'The stage you saw the initiative at: if it has moved since (a colleague, a reading review\'s decision), the move is refused (409) instead of undoing that move. Omitted: not checked.' }),
  })
  .openapi('Move');
