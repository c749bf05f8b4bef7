import { z } from '@hono/zod-openapi';
import { ALERT_LIMITS } from '../../../domain/wbr-review/alerts.js';
import { ANNOTATION_LIMITS } from '../../../domain/wbr-review/annotations.js';
import { ANOMALY_OWNER_REASONS } from '../../../domain/wbr-review/catalog-links.js';
import { CORRECTION_REASON_MAX_LENGTH } from '../../../domain/wbr-review/corrections.js';
import { PUSH_LIMITS } from '../../../domain/wbr-review/pushed-rows.js';
import { ANOMALY_STATUSES, SIGNAL_RULES, WBR_REVIEW_LIMITS, WBR_REVIEW_RULES } from '../../../domain/wbr-review/review-rules.js';
import { baseToken, baseUpdatedAt, nullableRef, OrgParamsSchema, Uuid } from '../common/common.schema.js';

export const DeckParamsSchema = OrgParamsSchema.extend({ deckId: Uuid.openapi({ param: { name: 'deckId', in: 'path' } }) });
export const SnapshotParamsSchema = DeckParamsSchema.extend({ snapshotId: Uuid.openapi({ param: { name: 'snapshotId', in: 'path' } }) });
export const AnomalyParamsSchema = OrgParamsSchema.extend({ anomalyId: Uuid.openapi({ param: { name: 'anomalyId', in: 'path' } }) });

const IsoDate = z.string().openapi({ description: 'A date, YYYY-MM-DD.', example: '2024-12-28' });
const NamedRef = z.object({ id: z.string(), name: z.string() });
const OwnerRef = z.object({ id: z.string(), name: z.string(), leftOn: IsoDate.nullable().openapi({ description: 'Set when the owner has left the company: it needs a new owner.' }) });
const SignalRuleSchema = z.enum(SIGNAL_RULES).openapi({ description: 'What raised it: an XmR run rule (a point outside the limits, 3 of 4 near a limit, 8 on one side of the centre), or an alert on the week-over-week or year-over-year change.' });
const Direction = z.enum(['up', 'down']);
const AnomalyStatusSchema = z.enum(ANOMALY_STATUSES, { message: `must be one of ${ANOMALY_STATUSES.join(', ')}` });

const DataInfoSchema = z
  .object({ fileName: z.string(), rows: z.number().int(), firstDate: IsoDate, lastDate: IsoDate, uploadedAt: z.string(), uploadedBy: NamedRef.nullable().openapi({ description: 'The login that uploaded it.' }) })
  .openapi('WbrDataInfo');

export const WbrDeckSummarySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    owner: OwnerRef.nullable().openapi({ description: 'The person who answers for the review (and, by default, for anomalies on metrics the catalog does not know).' }),
    data: nullableRef(DataInfoSchema),
    latestWeekEnding: IsoDate.nullable(),
    snapshotCount: z.number().int(),
    unresolvedAnomalies: z.number().int(),
    updatedAt: z.string(),
  })
  .openapi('WbrDeckSummary');

export const WbrSnapshotSummarySchema = z
  .object({
    id: z.string(),
    weekEnding: IsoDate,
    publishedAt: z.string(),
    publishedBy: NamedRef.nullable(),
    newSignals: z.number().int(),
    blockCount: z.number().int(),
    version: z.number().int().openapi({ description: '1 as first published; each correction of the week is the next version.' }),
    correctionReason: z.string().nullable().openapi({ description: 'Why this version corrects the one before it; null for the week as first published.' }),
    supersededBy: z.object({ id: z.string(), publishedAt: z.string(), publishedBy: NamedRef.nullable(), reason: z.string() }).nullable()
      .openapi({ description: 'The correction that replaced this version, when one did: the week reads as its latest version; this one stays as it was.' }),
  })
  .openapi('WbrSnapshotSummary');

export const WbrAnomalySchema = z
  .object({
    id: z.string(),
    deck: NamedRef.openapi({ description: 'The deck (id and name).' }),
    metric: z.string().openapi({ description: 'The metric as the deck\'s config names it.' }),
    catalogMetric: NamedRef.nullable().openapi({ description: 'The catalog metric of the same name (id and name), if any.' }),
    rule: SignalRuleSchema,
    direction: Direction,
    firstWeekEnding: IsoDate.openapi({ description: 'The first week it signalled on.' }),
    lastWeekEnding: IsoDate.openapi({ description: 'The latest week it signalled on.' }),
    raisedByWeekEnding: IsoDate.openapi({ description: 'The published week that raised it.' }),
    occurrences: z.number().int().openapi({ description: 'Distinct weeks the metric signalled against its good direction.' }),
    weeksSeen: z.array(IsoDate).openapi({ description: 'The weeks it was seen in that the latest version of every published week still shows, oldest first (a correction that drops a week\'s signal drops the week). Empty once a correction withdrew it.' }),
    owner: OwnerRef.nullable(),
    status: AnomalyStatusSchema,
    rootCause: z.string(),
    carriedOver: z.boolean().openapi({ description: 'Raised before the deck\'s latest published week and not resolved: on the agenda again.' }),
    withdrawn: z.object({
      snapshotId: z.string(),
      weekEnding: IsoDate,
      version: z.number().int(),
      reason: z.string(),
      at: z.string(),
      by: NamedRef.nullable(),
    }).nullable().openapi({ description: 'The correction that withdrew it (the corrected week no longer shows its signal): off the agenda, its status and root cause kept. Null when it stands.' }),
    updatedAt: z.string(),
  })
  .openapi('WbrAnomaly');

export const WbrDeckSchema = WbrDeckSummarySchema.extend({
  config: z.string().openapi({ description: 'The deck config: YAML in the open-source WBR App\'s format.' }),
  configToken: z.string().openapi({ description: 'Send it back as `baseConfigToken` with a new config: if the config was saved since you read it, the change is refused (409).' }),
  editToken: z.string().openapi({ description: 'Send it back as `baseToken` with a new name, owner, alerts or refresh hour: if any of these was saved since you read them, the change is refused (409, `field` `body.baseToken`, `data.token` the current token) and nothing is written.' }),
  settingsTokens: z.object({ details: z.string(), alerts: z.string(), refresh: z.string() }).openapi({ description: 'One token per settings form, over only the fields it writes: send `details` back as `baseDetailsToken` with a new name or owner, `alerts` as `baseAlertsToken` with new alerts, `refresh` as `baseRefreshToken` with a new refresh hour. Only a save of those same fields since you read them refuses the change (409, `field` the base token\'s name under `body.`, `data.token` the current one); `editToken` still covers all four.' }),
  nextWeekEnding: IsoDate.nullable().openapi({ description: 'The week publishing takes by default (the latest week on the config\'s week-ending weekday that is over and holds rows; rows dated after today never choose it), when it can be published now; otherwise null.' }),
  previewWeekEnding: IsoDate.nullable().openapi({ description: 'The week a preview shows by default: the latest on the config\'s week-ending weekday holding rows dated up to today, over or not (the week under way while its days come in); null without data.' }),
  alerts: z.array(z.object({ metric: z.string(), wow: z.number().nullable(), yoy: z.number().nullable() })).openapi({ description: 'Alert thresholds on the week\'s change, per metric, in the unit of its box totals (percent, or bps).' }),
  publishNote: z.string().nullable().openapi({ description: 'Why no week can be published now (no data, or the data does not reach the next week); null when one can.' }),
  rowsAfterToday: z.object({
    rows: z.number().int().openapi({ description: 'How many rows are dated after today (UTC).' }),
    firstDate: IsoDate.openapi({ description: 'The earliest of their dates.' }),
    line: z.number().int().openapi({ description: 'The line of the data file where the first row of that date starts.' }),
    fileName: z.string(),
    message: z.string().openapi({ description: 'The warning shown to the deck\'s owner, in words.' }),
  }).nullable().openapi({ description: 'Rows of the data dated after today (a typo, or a plan for the weeks ahead). They stay in the data but never choose the week to review; null when there are none.' }),
  shortRows: z.object({
    rows: z.number().int().openapi({ description: 'How many rows have fewer cells than the header.' }),
    lines: z.array(z.number().int()).openapi({ description: 'The lines of the data file where the first few start.' }),
    fileName: z.string(),
    message: z.string().openapi({ description: 'The warning shown to the deck\'s owner, in words.' }),
  }).nullable().openapi({ description: 'Rows of the data with fewer cells than the header: their missing cells read as blank, as the WBR App reads them, so a week\'s sum may be lower than it should; null when there are none.' }),
  metrics: z.array(z.object({
    name: z.string(),
    changeUnit: z.enum(['%', 'bps']).openapi({ description: 'The unit of the metric\'s week-over-week and year-over-year changes (and of its alert thresholds).' }),
    catalogMetric: z.object({ id: z.string(), name: z.string(), kind: z.enum(['input', 'output']), owner: NamedRef.nullable() }).nullable().openapi({ description: 'The catalog metric of the same name as the config gives the metric (case, spacing and look-alike characters aside): the whole link; null when no catalog metric has that name.' }),
    anomalyOwner: z.object({
      person: NamedRef.nullable().openapi({ description: 'Who a new anomaly of the metric goes to now; null for nobody (the deck has no owner, or its owner has left).' }),
      reason: z.enum(ANOMALY_OWNER_REASONS).openapi({ description: '`catalog_owner`: the linked catalog metric\'s owner; otherwise the deck\'s owner, because no catalog metric has the name (`no_catalog_metric`), the catalog metric has no owner (`catalog_metric_unowned`) or its owner has left (`catalog_owner_left`).' }),
    }).openapi({ description: 'Who answers for the metric\'s anomalies, as a publish decides it.' }),
    goodDirection: Direction.nullable().openapi({ description: 'The direction the review judges the metric in (signals the other way are anomalies): the config\'s `good_direction`, else the catalog metric\'s; null when neither has one (judged both ways).' }),
    goodDirectionFrom: z.enum(['config', 'catalog']).nullable().openapi({ description: 'Where `goodDirection` comes from.' }),
    goodDirectionConflict: z.string().nullable().openapi({ description: 'Set when the config and the catalog metric name opposite directions: the review reads the config\'s.' }),
  })),
  snapshots: z.array(WbrSnapshotSummarySchema).openapi({ description: 'The published weeks, newest first, each week\'s versions latest first (a week\'s latest version is the week; the others were superseded by corrections).' }),
  anomalies: z.array(WbrAnomalySchema).openapi({ description: 'The unresolved anomalies (open and explained), oldest first.' }),
  withdrawnAnomalies: z.array(WbrAnomalySchema).openapi({ description: 'The anomalies corrections withdrew (their signal came from the data corrected), oldest first.' }),
  dataSources: z.array(z.object({ kind: z.enum(['query', 'csv']), name: z.string(), connection: z.string().nullable() }))
    .openapi({ description: 'The config\'s `data_sources`, in order: the SQL queries (with their connection) that *Refresh from the database* runs.' }),
  refresh: z.object({
    hourUtc: z.number().int(),
    by: NamedRef.nullable().openapi({ description: 'Who set the schedule: the refresh runs with their rights.' }),
    nextAt: z.string().openapi({ description: 'When the next refresh runs (ISO 8601, UTC).' }),
    lastAt: z.string().nullable(),
    lastError: z.string().nullable().openapi({ description: 'Why the last refresh left the data as it was; null when it replaced it.' }),
  }).nullable().openapi({ description: 'The daily refresh from the queries, when one is set.' }),
}).openapi('WbrDeck');

export const WbrSnapshotSchema = WbrSnapshotSummarySchema.extend({
  deckId: z.string(),
  signals: z.array(z.object({ metric: z.string(), rule: SignalRuleSchema, direction: Direction, weekEnding: IsoDate, isNew: z.boolean().openapi({ description: 'First raised by this week.' }) })),
}).openapi('WbrSnapshot');

const deckName = z.string({ message: 'must be text' }).trim().min(1, 'must not be empty').max(WBR_REVIEW_LIMITS.deckNameMaxLength, `must be at most ${WBR_REVIEW_LIMITS.deckNameMaxLength} characters`);
const config = z.string({ message: 'must be text: the YAML config' }).min(1, 'must not be empty: paste or upload the YAML config').max(1024 * 1024, 'must be at most 1 MiB').openapi({ description: 'YAML in the WBR App\'s format; errors name the key path (`field`) and the `line`.' });

const deckOwner = Uuid.nullable().openapi({ description: 'A person of the org who has not left; null for none. By default, the person linked to the creator\'s login. Handing an existing deck to another owner is for its owner or an admin (403 otherwise).' });
const threshold = z.number({ message: 'must be a number, or null' }).nullable();
const alerts = z
  .array(z.strictObject({ metric: z.string({ message: 'must name a metric of the config' }), wow: threshold.default(null), yoy: threshold.default(null) }), { message: 'must be a list of { metric, wow, yoy }' })
  .max(ALERT_LIMITS.maxAlerts, `must list at most ${ALERT_LIMITS.maxAlerts} metrics`)
  .openapi({ description: 'Replaces the alert thresholds: a week-over-week (`wow`) or year-over-year (`yoy`) change beyond the threshold in the bad direction (either way without a good_direction) raises a signal. In percent, or bps for a metric compared in bps.' });
export const CreateDeckSchema = z.strictObject({ name: deckName, ownerPersonId: deckOwner.optional(), config }).openapi('CreateWbrDeck');
export const CreateSalesDeckSchema = z.strictObject({ name: deckName, ownerPersonId: deckOwner.optional() }).openapi('CreateWbrSalesDeck');
const refreshHourUtc = z.number().int().min(0).max(23).nullable()
  .openapi({ description: 'Refresh the data from the config\'s queries every day at this hour (UTC), with your rights; null stops it.' });
export const UpdateDeckSchema = z
  .strictObject({ name: deckName.optional(), ownerPersonId: deckOwner.optional(), config: config.optional(), alerts: alerts.optional(), refreshHourUtc: refreshHourUtc.optional(), baseConfigToken: baseToken('config', 'configToken'), baseToken: baseToken('deck', 'editToken'), baseDetailsToken: baseToken('deck\'s name and owner', 'settingsTokens.details'), baseAlertsToken: baseToken('deck\'s alerts', 'settingsTokens.alerts'), baseRefreshToken: baseToken('deck\'s daily refresh', 'settingsTokens.refresh') })
  .openapi('UpdateWbrDeck');

export const UploadQuerySchema = z.object({
  fileName: z.string({ message: 'must name the uploaded file' }).min(1, 'must name the uploaded file').openapi({ description: 'The file\'s name, shown with the data and named in its errors.', example: 'wbr-data.csv' }),
});

export const CorrectWeekSchema = z
  .strictObject({
    reason: z.string({ message: 'must say why the week is corrected' }).max(CORRECTION_REASON_MAX_LENGTH, `must be at most ${CORRECTION_REASON_MAX_LENGTH} characters`)
      .openapi({ description: 'Why the week is corrected (a late file, a wrong row): kept with the correction and shown on the version it supersedes.', example: 'The Friday file arrived late' }),
  })
  .openapi('CorrectWbrWeek');

export const PublishSchema = z
  .strictObject({ weekEnding: IsoDate.optional().openapi({ description: 'The last day of the week to publish; by default the latest week the data covers.' }) })
  .openapi('PublishWbrWeek');

export const ExportQuerySchema = z.object({
  format: z.enum(['html', 'json', 'pdf'], { message: 'must be html, json or pdf' }).default('html'),
  download: z.enum(['0', '1'], { message: 'must be 0 or 1' }).optional().openapi({ description: '1 asks for the file as an attachment (the HTML and PDF decks are otherwise shown inline).' }),
});

export const PreviewQuerySchema = z.object({
  weekEnding: IsoDate.optional().openapi({ description: 'The last day of the week to preview: a day on the config\'s week-ending weekday whose week the data reaches, over or not; by default the latest week with data.' }),
  format: z.enum(['html', 'json'], { message: 'must be html or json' }).default('html'),
});

export const ListAnomaliesQuerySchema = z.object({
  status: z.enum([...ANOMALY_STATUSES, 'unresolved', 'withdrawn'], { message: `must be one of ${[...ANOMALY_STATUSES, 'unresolved', 'withdrawn'].join(', ')}` }).optional(),
  deckId: Uuid.optional(),
  ownerPersonId: Uuid.optional(),
});

export const UpdateAnomalySchema = z
  .strictObject({
    ownerPersonId: Uuid.nullable().optional().openapi({ description: 'A person of the org who has not left. An anomaly always has an owner: null is refused (400) unless it has none yet. One whose owner is still here is handed on only by them or an admin (403, rule wbr.hands_on_others_anomaly).' }),
    rootCause: z.string({ message: 'must be text' }).max(WBR_REVIEW_LIMITS.rootCauseMaxLength, `must be at most ${WBR_REVIEW_LIMITS.rootCauseMaxLength} characters`).optional(),
    status: AnomalyStatusSchema.optional().openapi({ description: `${WBR_REVIEW_RULES['wbr.root_cause_required']} (rule wbr.root_cause_required) An anomaly someone else owns is resolved only by them or an admin (403, rule wbr.resolves_others_anomaly). ${WBR_REVIEW_RULES['wbr.reopens_metric_off_deck']} (422, rule wbr.reopens_metric_off_deck)` }),
    baseUpdatedAt: baseUpdatedAt('anomaly'),
  })
  .openapi('UpdateWbrAnomaly');

export const LagQuerySchema = z.object({
  input: z.string({ message: 'must name a metric charted in the deck' }).min(1, 'must name a metric charted in the deck').openapi({ description: 'The input metric (the one expected to move first).' }),
  output: z.string({ message: 'must name a metric charted in the deck' }).min(1, 'must name a metric charted in the deck').openapi({ description: 'The output metric (the one expected to follow).' }),
});

const LagCorrelationSchema = z.object({
  lag: z.number().int().openapi({ description: 'Weeks the output trails the input by.' }),
  pairs: z.number().int().openapi({ description: 'Weeks with both week-over-week changes known at this lag.' }),
  r: z.number().nullable().openapi({ description: 'Pearson correlation of the input\'s weekly change with the output\'s change `lag` weeks later; null with fewer than 8 pairs or no variation.' }),
});

export const WbrLagSchema = z
  .object({ input: z.string(), output: z.string(), weeks: z.number().int(), correlations: z.array(LagCorrelationSchema), strongest: LagCorrelationSchema.nullable() })
  .openapi('WbrLagAnalysis');

export const AnnotationParamsSchema = DeckParamsSchema.extend({ annotationId: Uuid.openapi({ param: { name: 'annotationId', in: 'path' } }) });

export const CreateAnnotationSchema = z
  .strictObject({
    date: IsoDate.openapi({ description: 'The day it happened, YYYY-MM-DD.' }),
    metric: z.string({ message: 'must name a metric of the deck' }).min(1, 'must name a metric of the deck').openapi({ description: 'A metric of the deck\'s config.' }),
    description: z.string({ message: 'must be text' }).openapi({ description: `What happened, one line of at most ${ANNOTATION_LIMITS.descriptionMaxLength} characters.` }),
  })
  .openapi('CreateWbrAnnotation');

export const WbrAnnotationSchema = z
  .object({
    id: z.string(),
    date: z.string(),
    metric: z.string(),
    description: z.string(),
    createdBy: z.string().nullable().openapi({ description: 'Who wrote it (null once their account is gone).' }),
    createdAt: z.string(),
  })
  .openapi('WbrAnnotation');

export const PushRowsSchema = z
  .strictObject({
    rows: z
      .array(
        z.strictObject({
          date: z.string({ message: 'must be a date written YYYY-MM-DD' }).openapi({ example: '2026-11-25' }),
          values: z.record(z.string(), z.number({ message: 'must be a number, or null for a blank cell' }).nullable()).openapi({ description: 'Each column\'s value by the data\'s column name; null, or a column left out, is a blank cell.', example: { late: 12, orders: 1040 } }),
        }),
        { message: 'must be a list of { date, values }' },
      )
      .min(1, 'must hold at least one row')
      .max(PUSH_LIMITS.maxRows, `must hold at most ${PUSH_LIMITS.maxRows} rows`),
  })
  .openapi('PushWbrRows');

