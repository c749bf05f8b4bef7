import { z } from '@hono/zod-openapi';
import { DEFAULT_GROSS_PROFIT_PERIOD, GROSS_PROFIT_GROUPINGS, GROSS_PROFIT_PERIODS } from '../../../domain/sales/gross-profit.js';
import { OBJECTION_STATUSES, OPEN_STAGES, OPPORTUNITY_STAGES, SALES_LIMITS, SALES_RULES } from '../../../domain/sales/opportunity-rules.js';
import { isWholeCents, MONEY_MAX, WHOLE_CENTS_MESSAGE } from '../../../domain/sales/sales-figures.js';
import { PIPELINE_SORT_KEYS, SORT_ORDERS } from '../../../domain/sales/pipeline-list.js';
import { FORECAST_PERIODS } from '../../../domain/sales/stage-probabilities.js';
import { baseToken, baseUpdatedAt, OrgParamsSchema, storableDate, Uuid } from '../common/common.schema.js';

export const OpportunityParamsSchema = OrgParamsSchema.extend({ opportunityId: Uuid.openapi({ param: { name: 'opportunityId', in: 'path' } }) });
export const CriterionParamsSchema = OpportunityParamsSchema.extend({ criterionId: Uuid.openapi({ param: { name: 'criterionId', in: 'path' } }) });
export const ObjectionParamsSchema = OpportunityParamsSchema.extend({ objectionId: Uuid.openapi({ param: { name: 'objectionId', in: 'path' } }) });

const stage = z.enum(OPPORTUNITY_STAGES, { message: `must be one of ${OPPORTUNITY_STAGES.join(', ')}` });
const objectionStatus = z.enum(OBJECTION_STATUSES, { message: `must be one of ${OBJECTION_STATUSES.join(', ')}` });
// Year 0000 passes the ISO pattern but PostgreSQL has no year zero (it would be a 500).
const IsoDate = storableDate('2027-03-31');
const text = (max: number) => z.string({ message: 'must be text' }).max(max, `must be at most ${max} characters`);
const requiredText = (max: number) => z.string({ message: 'must be text' }).trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

const OwnerSchema = z.object({ id: z.string(), name: z.string(), leftOn: z.string().nullable().openapi({ description: 'Set when the owner has left the company: the deal needs a new owner.' }) });

export const OpportunitySummarySchema = z
  .object({
    id: z.string(),
    accountName: z.string(),
    name: z.string(),
    owner: OwnerSchema.nullable(),
    stage,
    lostReason: z.string().openapi({ description: 'Why it was lost; empty unless the stage is lost.' }),
    amount: z.number().nullable(),
    deliveryCost: z.number().nullable().openapi({ description: 'The direct cost to deliver the deal (its cost of goods sold); null while unknown.' }),
    territory: z.string().nullable(),
    grossProfit: z.number().nullable().openapi({ description: 'Amount less delivery cost; null while either is unknown.' }),
    grossMargin: z.number().nullable().openapi({ description: 'Gross profit ÷ amount; null while either is unknown, or when the amount is 0.' }),
    weightedAmount: z.number().nullable().openapi({ description: 'An open deal\'s amount × its stage\'s probability (the org\'s stage probabilities); null for a won or lost deal, or one with no amount yet.' }),
    closeDate: z.string().nullable().openapi({ description: 'The expected close date, YYYY-MM-DD; for a won or lost deal, the day it closed (UTC), set by the move.' }),
    stageChangedAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('OpportunitySummary');

const PressReleaseFields = {
  headline: text(SALES_LIMITS.headlineMaxLength).openapi({ description: 'What the buyer\'s executive reads in 12 months.' }),
  problem: text(SALES_LIMITS.pressReleasePartMaxLength).openapi({ description: 'The buyer\'s problem, in the buyer\'s words (Markdown).' }),
  outcome: text(SALES_LIMITS.pressReleasePartMaxLength).openapi({ description: 'What changed, in measurable terms: a number (Markdown).' }),
  quote: text(SALES_LIMITS.pressReleasePartMaxLength).openapi({ description: 'A quote from the buyer\'s executive (Markdown).' }),
};

export const PressReleaseSchema = z.strictObject({ ...PressReleaseFields, baseToken: baseToken('press release', 'pressReleaseToken') }).openapi('BuyerPressRelease', { description: `${SALES_RULES['sales.press_release']} (rule sales.press_release)` });

export const OpportunitySchema = OpportunitySummarySchema.extend({
  pressRelease: z.object({ headline: z.string(), problem: z.string(), outcome: z.string(), quote: z.string() }),
  pressReleaseToken: z.string().openapi({ description: 'Send it back as `baseToken` when saving the press release: if it was saved since you read it, the save is refused (409).' }),
  successCriteria: z.array(z.object({ id: z.string(), metric: z.string(), baseline: z.string(), target: z.string(), dueOn: z.string().nullable(), isComplete: z.boolean(), editToken: z.string().openapi({ description: 'Send it back as `baseToken` when changing the criterion: if it was changed since you read it, the change is refused (409).' }) })),
  objections: z.array(z.object({ id: z.string(), question: z.string(), answer: z.string(), status: z.enum(OBJECTION_STATUSES), editToken: z.string().openapi({ description: 'Send it back as `baseToken` when changing the objection: if it was changed since you read it, the change is refused (409).' }) })),
}).openapi('Opportunity');

// The sales reads' query strings are strict: a misspelt or unknown parameter (`?owner=` for `?ownerPersonId=`) is a 400
// naming it, not a filter silently dropped that returns the whole pipeline as if it were the one asked for.
export const NoQuerySchema = z.strictObject({});

export const ListOpportunitiesQuerySchema = z
  .strictObject({
    stage: stage.optional(),
    ownerPersonId: Uuid.optional(),
    account: Uuid.optional().openapi({ description: 'An account\'s id (from the accounts list): only its deals (400 naming `query.account` when the org has no such account).' }),
    sort: z.enum(PIPELINE_SORT_KEYS, { message: `must be one of ${PIPELINE_SORT_KEYS.join(', ')}` }).optional().openapi({ description: 'Sorts the list by this column (deals with no value there last); default: by account, then name.' }),
    order: z.enum(SORT_ORDERS, { message: `must be one of ${SORT_ORDERS.join(', ')}` }).optional().openapi({ description: 'With `sort`: asc (default) or desc.' }),
  })
  .refine((query) => query.order === undefined || query.sort !== undefined, { path: ['order'], message: 'needs sort: say which column to order' });

export const ForecastQuerySchema = z.strictObject({ ownerPersonId: Uuid.optional().openapi({ description: 'Only this seller\'s deals: their month and quarter.' }) });

const probability = (what: string) => z.number({ message: 'must be a number' }).openapi({ description: what });

export const StageProbabilitiesSchema = z
  .object(Object.fromEntries(OPPORTUNITY_STAGES.map((stage) => [stage, z.number().int()])) as Record<(typeof OPPORTUNITY_STAGES)[number], z.ZodNumber>)
  .openapi('StageProbabilities', { description: 'The chance, in whole percent, that a deal in each stage is won; won is always 100 and lost 0.' });

export const StageProbabilitiesViewSchema = z.object({
  probabilities: StageProbabilitiesSchema,
  isDefault: z.boolean().openapi({ description: 'True while the org has never changed them: Pulse\'s defaults are in force.' }),
  editToken: z.string().openapi({ description: 'Send it back as `baseToken` with a change: if an admin changed them since, the change is refused (409).' }),
});

// Numbers of any value here: the domain checks each is a whole percent from 0 to 100, and names the stage when not.
export const SetStageProbabilitiesSchema = z
  .strictObject({
    ...Object.fromEntries(OPEN_STAGES.map((stage) => [stage, probability(`The probability of a deal in ${stage}, a whole percent from 0 to 100.`)])) as Record<(typeof OPEN_STAGES)[number], z.ZodNumber>,
    won: probability('Always 100: may be sent, with that value.').optional(),
    lost: probability('Always 0: may be sent, with that value.').optional(),
    baseToken: baseToken('stage probabilities', 'editToken'),
  })
  .openapi('SetStageProbabilities');

export const ListOpportunitiesResponseSchema = z.object({
  opportunities: z.array(OpportunitySummarySchema),
  stageProbabilities: StageProbabilitiesSchema.openapi({ description: 'The org\'s stage probabilities, which weight each deal and the totals of the list.' }),
  countsByStage: z.record(z.string(), z.number().int()).openapi({ description: 'Opportunities per stage, with the owner filter but not the stage filter.' }),
});

const nameField = requiredText(SALES_LIMITS.nameMaxLength);
const money = z
  .number()
  .nonnegative('must not be negative')
  .max(MONEY_MAX, `must be at most ${MONEY_MAX.toLocaleString('en-US')}`)
  .refine(isWholeCents, WHOLE_CENTS_MESSAGE)
  .nullable();
const amount = money.openapi({ description: 'The deal\'s value (its revenue), in the org\'s currency, to the cent.' });
const deliveryCost = money.openapi({ description: 'The direct cost to deliver the deal (hosting, implementation, support: its cost of goods sold), in the org\'s currency, to the cent; null while unknown, which leaves the deal out of gross profit sums.' });
// Trimmed here; the service also makes runs of spaces one and reads an empty territory as none.
const territory = z.string({ message: 'must be text' }).trim().max(SALES_LIMITS.territoryMaxLength, `must be at most ${SALES_LIMITS.territoryMaxLength} characters`).nullable().openapi({ description: 'The sales territory, e.g. "West"; grouped without regard to case.' });

export const CreateOpportunitySchema = z
  .strictObject({
    accountName: nameField.openapi({ description: 'The buyer\'s company.' }),
    name: nameField.openapi({ description: 'The opportunity, unique per account (without regard to case, spacing or look-alike characters).' }),
    ownerPersonId: Uuid.openapi({ description: 'The seller who owns it: someone in the org who has not left.' }),
    amount: amount.default(null),
    deliveryCost: deliveryCost.default(null),
    territory: territory.default(null),
    closeDate: IsoDate.nullable().default(null),
  })
  .openapi('CreateOpportunity');

export const UpdateOpportunitySchema = z
  .strictObject({
    accountName: nameField.optional(),
    name: nameField.optional(),
    ownerPersonId: Uuid.optional(),
    amount: amount.optional(),
    deliveryCost: deliveryCost.optional(),
    territory: territory.optional(),
    closeDate: IsoDate.nullable().optional(),
    baseUpdatedAt: baseUpdatedAt('deal'),
  })
  .openapi('UpdateOpportunity');

const criterionFields = {
  metric: requiredText(SALES_LIMITS.criterionFieldMaxLength).openapi({ description: 'What the buyer will measure.' }),
  baseline: text(SALES_LIMITS.criterionFieldMaxLength).openapi({ description: 'Where it stands today, e.g. "61%".' }),
  target: text(SALES_LIMITS.criterionFieldMaxLength).openapi({ description: 'Where it must be, e.g. "97%".' }),
  dueOn: IsoDate.nullable().openapi({ description: 'The day the buyer judges it.' }),
};

export const CreateSuccessCriterionSchema = z
  .strictObject({ ...criterionFields, baseline: criterionFields.baseline.default(''), target: criterionFields.target.default(''), dueOn: criterionFields.dueOn.default(null) })
  .openapi('CreateSuccessCriterion', { description: `${SALES_RULES['sales.success_criterion']} (rule sales.success_criterion)` });

export const UpdateSuccessCriterionSchema = z
  .strictObject({ metric: criterionFields.metric.optional(), baseline: criterionFields.baseline.optional(), target: criterionFields.target.optional(), dueOn: criterionFields.dueOn.optional(), baseToken: baseToken('criterion', 'editToken') })
  .openapi('UpdateSuccessCriterion');

const question = requiredText(SALES_LIMITS.questionMaxLength).openapi({ description: 'The objection, as the buyer put it.' });
const answer = text(SALES_LIMITS.answerMaxLength).openapi({ description: 'The answer (Markdown).' });

export const CreateObjectionSchema = z
  .strictObject({ question, answer: answer.default(''), status: objectionStatus.default('open').openapi({ description: `${SALES_RULES['sales.answer_needed']} (rule sales.answer_needed)` }) })
  .openapi('CreateObjection');

export const UpdateObjectionSchema = z.strictObject({ question: question.optional(), answer: answer.optional(), status: objectionStatus.optional(), baseToken: baseToken('objection', 'editToken') }).openapi('UpdateObjection');

/** A removal sends the item's editToken as it was read: one a colleague changed since is refused (409), not deleted unseen. */
export const RemoveCriterionQuerySchema = z.strictObject({ baseToken: baseToken('criterion', 'editToken') });
export const RemoveObjectionQuerySchema = z.strictObject({ baseToken: baseToken('objection', 'editToken') });

export const MoveOpportunitySchema = z
  .strictObject({
    to: stage.openapi({ description: 'The stage to move to: the next one through its gate, an earlier one, or lost.' }),
    reason: text(SALES_LIMITS.reasonMaxLength).default('').openapi({ description: `${SALES_RULES['sales.lost_reason']} (rule sales.lost_reason)` }),
    baseUpdatedAt: baseUpdatedAt('deal'),
  })
  .openapi('MoveOpportunity');

const StagePipelineSchema = z.object({
  deals: z.number().int(),
  amount: z.number().openapi({ description: 'The sum of the known amounts.' }),
  weightedAmount: z.number().openapi({ description: 'The known amounts, each × its stage\'s probability.' }),
  dealsWithoutAmount: z.number().int().openapi({ description: 'The deals with no amount yet, left out of `amount` (their size is unknown, not 0).' }),
});

export const SalesKpisSchema = z
  .object({
    asOf: z.string().openapi({ description: 'The day the KPIs are measured on (UTC), YYYY-MM-DD.' }),
    wonDeals: z.number().int(),
    lostDeals: z.number().int(),
    winRate: z.number().nullable().openapi({ description: 'Won ÷ (won + lost), 0 to 1; null until a deal has closed.' }),
    averageWonDeal: z.number().nullable().openapi({ description: 'The mean amount of won deals with a known amount; null when there is none.' }),
    medianSalesCycleDays: z.number().nullable().openapi({ description: 'The median of days from opened to won; null until a deal is won.' }),
    pipelineByStage: z.object(Object.fromEntries(OPEN_STAGES.map((stage) => [stage, StagePipelineSchema])) as Record<(typeof OPEN_STAGES)[number], typeof StagePipelineSchema>).openapi({ description: 'Open deals per open stage, with the sum of their known amounts.' }),
    quarterStart: z.string().openapi({ description: 'The first day of the calendar quarter of `asOf`.' }),
    bookingsQuarterToDate: z.number().openapi({ description: 'The amounts won from `quarterStart` to `asOf` (a deal without an amount counts 0).' }),
    salesVelocityPerDay: z.number().nullable().openapi({ description: 'Open deals × average won deal × win rate ÷ median sales cycle (at least one day): what the pipeline is expected to book per day; null while any of them is unknown.' }),
  })
  .openapi('SalesKpis');

const PeriodForecastSchema = z.object({
  period: z.enum(FORECAST_PERIODS),
  from: z.string(),
  to: z.string(),
  committed: StagePipelineSchema.openapi({ description: 'The deals won in the period (by close date).' }),
  open: StagePipelineSchema.openapi({ description: 'The open deals whose close date falls in the period or has passed (overdue ones are still expected), weighted by stage.' }),
  overdueDeals: z.number().int().openapi({ description: 'Of the open deals, those whose close date has passed.' }),
  weighted: z.number().openapi({ description: 'Committed + the open deals\' weighted amounts.' }),
  bestCase: z.number().openapi({ description: 'Committed + the open deals\' full amounts.' }),
});

export const SalesForecastSchema = z
  .object({
    asOf: z.string(),
    probabilities: StageProbabilitiesSchema,
    month: PeriodForecastSchema.openapi({ description: 'This calendar month (UTC).' }),
    quarter: PeriodForecastSchema.openapi({ description: 'This calendar quarter (UTC).' }),
    openDealsWithoutCloseDate: z.number().int().openapi({ description: 'Open deals with no close date: in no period\'s forecast.' }),
  })
  .openapi('SalesForecast');

export const GrossProfitQuerySchema = z.strictObject({
  period: z
    .enum(GROSS_PROFIT_PERIODS, { message: `must be one of ${GROSS_PROFIT_PERIODS.join(', ')}` })
    .default(DEFAULT_GROSS_PROFIT_PERIOD)
    .openapi({ description: `The won deals counted: those won this calendar quarter, in the last 12 months, or ever (UTC days). Default ${DEFAULT_GROSS_PROFIT_PERIOD}.` }),
  groupBy: z.enum(GROSS_PROFIT_GROUPINGS, { message: `must be one of ${GROSS_PROFIT_GROUPINGS.join(', ')}` }).default('rep').openapi({ description: 'Roll up per rep (the deal\'s owner) or per territory. Default rep.' }),
});

const GrossProfitRollupSchema = z
  .object({
    deals: z.number().int(),
    costedDeals: z.number().int().openapi({ description: 'Deals whose amount and delivery cost are both known: the sums are made of these.' }),
    costUnknownDeals: z.number().int().openapi({ description: 'Deals whose delivery cost (or amount) is unknown: left out of every sum, not counted as free.' }),
    costUnknownRevenue: z.number().openapi({ description: 'The known amounts of the cost-unknown deals: revenue the margin does not cover.' }),
    amountUnknownDeals: z.number().int().openapi({ description: 'The cost-unknown deals with no amount either: revenue not recorded (not a revenue of 0).' }),
    revenue: z.number(),
    deliveryCost: z.number(),
    grossProfit: z.number(),
    grossMargin: z.number().nullable().openapi({ description: 'Gross profit ÷ revenue of the costed deals; null when they have no revenue.' }),
  })
  .openapi('GrossProfitRollup');

export const GrossProfitReportSchema = z
  .object({
    period: z.enum(GROSS_PROFIT_PERIODS),
    from: z.string().nullable().openapi({ description: 'The first day of the period, YYYY-MM-DD; null for all time.' }),
    to: z.string().openapi({ description: 'The last day of the period: today (UTC).' }),
    groupBy: z.enum(GROSS_PROFIT_GROUPINGS),
    won: GrossProfitRollupSchema.openapi({ description: 'Every deal won in the period.' }),
    pipeline: GrossProfitRollupSchema.openapi({ description: 'Every open deal as priced now: the gross profit the pipeline is expected to bring.' }),
    groups: z
      .array(z.object({ key: z.string().nullable(), label: z.string(), won: GrossProfitRollupSchema, pipeline: GrossProfitRollupSchema }))
      .openapi({ description: 'Each rep or territory with a deal won in the period or open now, by gross profit won; the deals without a rep or territory last (key null).' }),
  })
  .openapi('GrossProfitReport');

export const AccountParamsSchema = OrgParamsSchema.extend({ accountId: Uuid.openapi({ param: { name: 'accountId', in: 'path' } }) });

export const AccountSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    isStrategic: z.boolean(),
    owner: z.object({ id: z.string(), name: z.string(), leftOn: z.string().nullable() }).nullable(),
    ownerSince: z.string().nullable(),
    updatedAt: z.string().openapi({ description: 'When its owner or strategic mark last changed; send it back as `baseUpdatedAt`.' }),
    openDeals: z.number().int(),
    openAmount: z.number().openapi({ description: 'The sum of the open deals\' known amounts, to the cent.' }),
    openDealsWithoutAmount: z.number().int().openapi({ description: 'Open deals with no amount yet, left out of `openAmount` (their size is unknown, not 0).' }),
    openWeightedAmount: z.number().openapi({ description: 'The open deals\' known amounts, each at its stage\'s probability, to the cent: the account\'s share of the weighted pipeline.' }),
    wonAmount: z.number(),
    drift: z.array(z.object({
      kind: z.enum(['owner_left', 'many_hands', 'owner_churn', 'owner_overloaded', 'deals_elsewhere']),
      count: z.number().int(),
      message: z.string(),
    })).openapi({ description: 'Signs that a strategic account drifts into shared ownership (none for other accounts).' }),
  })
  .openapi('Account');

export const UpdateAccountSchema = z
  .strictObject({
    isStrategic: z.boolean().optional().openapi({ description: 'A strategic account has exactly one owner (rule account.single_owner).' }),
    ownerPersonId: Uuid.nullable().optional(),
    baseUpdatedAt: baseUpdatedAt('account'),
  })
  .openapi('UpdateAccount');

const QuarterLabel = z.string({ message: 'must be a quarter like 2026-Q4' }).regex(/^\d{4}-Q[1-4]$/, 'must be a quarter like 2026-Q4');

export const QuotaQuerySchema = z.strictObject({
  quarter: QuarterLabel.optional().openapi({ description: 'The calendar quarter, like 2026-Q4; default: the one today (UTC) falls in.' }),
});

export const QuotaParamsSchema = OrgParamsSchema.extend({
  quarter: QuarterLabel.openapi({ param: { name: 'quarter', in: 'path' }, example: '2026-Q4' }),
  personId: Uuid.openapi({ param: { name: 'personId', in: 'path' } }),
});

export const SetQuotaSchema = z
  .strictObject({
    amount: z.number().positive('must be above 0').max(MONEY_MAX, `must be at most ${MONEY_MAX}`).refine(isWholeCents, WHOLE_CENTS_MESSAGE).openapi({ description: 'What the seller is asked to book in the quarter, in the org\'s currency, to the cent.' }),
    baseToken: baseToken('quota', 'editToken'),
  })
  .openapi('SetQuota');

export const RemoveQuotaQuerySchema = z.strictObject({ baseToken: baseToken('quota', 'editToken') });

const SellerAttainmentSchema = z.object({
  seller: OwnerSchema,
  quota: z.number().nullable().openapi({ description: 'Null when the seller books without a quota this quarter.' }),
  bookings: z.number(),
  attainment: z.number().nullable().openapi({ description: 'Bookings ÷ quota; null without a quota.' }),
  pipeline: z.number().openapi({ description: 'Their open deals expected to close by the quarter\'s end.' }),
  editToken: z.string().openapi({ description: 'Send it back as `baseToken` when setting or removing this seller\'s quota: if it was set, changed or removed since you read it, the change is refused (409).' }),
});

export const QuotaReportSchema = z
  .object({
    quarter: z.string().openapi({ example: '2026-Q4' }),
    firstDay: z.string(),
    lastDay: z.string(),
    isClosed: z.boolean().openapi({ description: 'The quarter is over: its quotas can no longer change (rule sales.quota_closed).' }),
    teamQuota: z.number().nullable().openapi({ description: 'The sum of the sellers\' quotas; null when nobody has one.' }),
    bookings: z.number().openapi({ description: 'The amounts won in the quarter up to today, by everyone.' }),
    attainment: z.number().nullable().openapi({ description: 'Bookings ÷ team quota.' }),
    remaining: z.number().nullable().openapi({ description: 'Team quota less bookings, never below 0.' }),
    pipeline: z.number().openapi({ description: 'Open deals whose close date is on or before the quarter\'s last day (overdue ones included).' }),
    coverage: z.number().nullable().openapi({ description: 'Pipeline ÷ remaining; null without a quota, with nothing left to book, or once the quarter is over.' }),
    sellers: z.array(SellerAttainmentSchema),
  })
  .openapi('QuotaReport');
