import { createRoute, z } from '@hono/zod-openapi';
import { addObjection, addSuccessCriterion, removeObjection, removeSuccessCriterion, savePressRelease, updateObjection, updateSuccessCriterion } from '../../../services/sales/discovery-record.service.js';
import { listAccounts, updateAccount } from '../../../services/sales/accounts.service.js';
import { getGrossProfit } from '../../../services/sales/gross-profit.service.js';
import { createOpportunity, getOpportunity, listOpportunities, moveOpportunity, updateOpportunity } from '../../../services/sales/opportunities.service.js';
import { getSalesForecast, getSalesKpis } from '../../../services/sales/sales-kpis.service.js';
import { getStageProbabilities, setStageProbabilities } from '../../../services/sales/stage-probabilities.service.js';
import { getQuotaReport, removeQuota, setQuota } from '../../../services/sales/quotas.service.js';
import { orgScope } from '../../middleware/org-scope.js';
import { createRouter } from '../../router.js';
import { errorResponses, json, jsonBody, OrgParamsSchema } from '../common/common.schema.js';
import {
  AccountParamsSchema,
  AccountSchema,
  CreateObjectionSchema,
  CreateOpportunitySchema,
  CreateSuccessCriterionSchema,
  CriterionParamsSchema,
  ForecastQuerySchema,
  GrossProfitQuerySchema,
  GrossProfitReportSchema,
  ListOpportunitiesQuerySchema,
  ListOpportunitiesResponseSchema,
  MoveOpportunitySchema,
  NoQuerySchema,
  ObjectionParamsSchema,
  OpportunityParamsSchema,
  OpportunitySchema,
  PressReleaseSchema,
  QuotaParamsSchema,
  QuotaQuerySchema,
  QuotaReportSchema,
  RemoveCriterionQuerySchema,
  RemoveObjectionQuerySchema,
  RemoveQuotaQuerySchema,
  SalesForecastSchema,
  SalesKpisSchema,
  SetQuotaSchema,
  SetStageProbabilitiesSchema,
  StageProbabilitiesViewSchema,
  UpdateAccountSchema,
  UpdateObjectionSchema,
  UpdateOpportunitySchema,
  UpdateSuccessCriterionSchema,
} from './sales.schema.js';

const tags = ['Sales'];
const ruleResponses = {
  ...errorResponses,
  409: { description: 'The account already has an opportunity with that name (without regard to case, spacing or look-alike characters); `field` is `body.name`.', content: errorResponses[400].content },
  422: { description: 'A sales rule refuses it (a gate, a closed opportunity, lost without a reason, …); `rule` names it.', content: errorResponses[400].content },
};
const opportunityAnswer = (description: string) => json(z.object({ opportunity: OpportunitySchema }), description);
const ownerOnly = 'By the opportunity\'s owner or an admin (403 for anyone else), while it is open.';
const REMOVAL_STALE_NOTE = (what: string) => `With \`?baseToken=\` (the ${what}'s \`editToken\` as you read it), a ${what} changed since is not removed: 409 (\`field\` is \`query.baseToken\`) with a message saying what it now reads.`;

export const salesRoutes = createRouter();
salesRoutes.use('/orgs/:orgId/opportunities', orgScope);
salesRoutes.use('/orgs/:orgId/opportunities/*', orgScope);
salesRoutes.use('/orgs/:orgId/accounts', orgScope);
salesRoutes.use('/orgs/:orgId/accounts/*', orgScope);
salesRoutes.use('/orgs/:orgId/quotas', orgScope);
salesRoutes.use('/orgs/:orgId/quotas/*', orgScope);
salesRoutes.use('/orgs/:orgId/stage-probabilities', orgScope);

salesRoutes.openapi(
  createRoute({ method: 'get', path: '/orgs/{orgId}/stage-probabilities', tags, description: 'The chance, in whole percent, that a deal in each stage is won: the org\'s own, or Pulse\'s defaults until an admin changes them. They weight each open deal, the pipeline\'s totals and the forecast.', request: { params: OrgParamsSchema }, responses: { 200: json(z.object({ stageProbabilities: StageProbabilitiesViewSchema }), 'The stage probabilities.'), ...errorResponses } }),
  async (c) => c.json({ stageProbabilities: await getStageProbabilities(c.get('deps').db, c.get('actor')) }, 200),
);

salesRoutes.openapi(
  createRoute({ method: 'put', path: '/orgs/{orgId}/stage-probabilities', tags, description: 'Sets the open stages\' probabilities. Admins only (403 for anyone else). Each a whole percent from 0 to 100 (400 naming the stage); won is always 100 and lost 0 (400 naming the stage when sent with another value). With `baseToken` (the `editToken` you read), a change another admin made since is refused with 409 (`field` `body.baseToken`, `data.token` the current one), naming what they set; saving what is already stored is no change and no refusal. Audited.', request: { params: OrgParamsSchema, ...jsonBody(SetStageProbabilitiesSchema) }, responses: { 200: json(z.object({ stageProbabilities: StageProbabilitiesViewSchema }), 'The stage probabilities after the change.'), ...errorResponses } }),
  async (c) => c.json({ stageProbabilities: await setStageProbabilities(c.get('deps').db, c.get('actor'), c.req.valid('json')) }, 200),
);

salesRoutes.openapi(
  createRoute({ method: 'get', path: '/orgs/{orgId}/accounts', tags, description: 'Every account the deals name, strategic ones first, with their owner, their deals and the drift flags of the strategic ones.', request: { params: OrgParamsSchema, query: NoQuerySchema }, responses: { 200: json(z.object({ accounts: z.array(AccountSchema) }), 'The accounts.'), ...errorResponses } }),
  async (c) => c.json({ accounts: await listAccounts(c.get('deps').db, c.get('actor')) }, 200),
);

salesRoutes.openapi(
  createRoute({ method: 'patch', path: '/orgs/{orgId}/accounts/{accountId}', tags, description: 'Marks an account strategic (or not) and sets its owner. An admin changes both; the account\'s owner may only hand it to someone else (403 with rule account.strategic_by_admin or account.owner_or_admin otherwise; 403 for anyone else). A strategic account has exactly one owner, who has not left (rules account.single_owner, account.owner_left). With `baseUpdatedAt`, an account changed since is refused with 409.', request: { params: AccountParamsSchema, ...jsonBody(UpdateAccountSchema) }, responses: { 200: json(z.object({ account: AccountSchema }), 'The account after the change.'), ...ruleResponses } }),
  async (c) => c.json({ account: await updateAccount(c.get('deps').db, c.get('actor'), c.req.valid('param').accountId, c.req.valid('json')) }, 200),
);

salesRoutes.openapi(
  createRoute({ method: 'get', path: '/orgs/{orgId}/opportunities', tags, description: 'The pipeline, filtered by stage, owner or account and sorted by any column. An unknown parameter or value is a 400 naming it.', request: { params: OrgParamsSchema, query: ListOpportunitiesQuerySchema }, responses: { 200: json(ListOpportunitiesResponseSchema, 'The pipeline by account, with counts by stage.'), ...errorResponses } }),
  async (c) => c.json(await listOpportunities(c.get('deps').db, c.get('actor'), c.req.valid('query')), 200),
);

salesRoutes.openapi(
  createRoute({ method: 'post', path: '/orgs/{orgId}/opportunities', tags, description: 'Admins and members open opportunities, in discovery. A member opens them as their own owner (the person linked to their login); only an admin names someone else (403 with rule sales.own_deals and `field` `body.ownerPersonId` otherwise).', request: { params: OrgParamsSchema, ...jsonBody(CreateOpportunitySchema) }, responses: { 201: opportunityAnswer('The new opportunity.'), ...ruleResponses } }),
  async (c) => c.json({ opportunity: await createOpportunity(c.get('deps').db, c.get('actor'), c.req.valid('json')) }, 201),
);

// Registered before /opportunities/{opportunityId}, which would otherwise take "kpis" for an id and refuse it.
salesRoutes.openapi(
  createRoute({ method: 'get', path: '/orgs/{orgId}/opportunities/kpis', tags, description: 'The core sales KPIs of the whole pipeline, as of today (UTC).', request: { params: OrgParamsSchema, query: NoQuerySchema }, responses: { 200: json(z.object({ kpis: SalesKpisSchema }), 'Win rate, average won deal, median sales cycle, open pipeline by stage, bookings this quarter.'), ...errorResponses } }),
  async (c) => c.json({ kpis: await getSalesKpis(c.get('deps').db, c.get('actor')) }, 200),
);

// Also before /opportunities/{opportunityId}.
salesRoutes.openapi(
  createRoute({ method: 'get', path: '/orgs/{orgId}/opportunities/forecast', tags, description: 'This month\'s and this quarter\'s forecast, as of today (UTC): committed (won in the period), weighted (committed + the open deals expected in it at their stage\'s probability) and best case (committed + every one of those open deals won). Deals are placed by their close date; overdue open deals count in the current period. `?ownerPersonId=` narrows it to one seller\'s deals.', request: { params: OrgParamsSchema, query: ForecastQuerySchema }, responses: { 200: json(z.object({ forecast: SalesForecastSchema }), 'The forecast.'), ...errorResponses } }),
  async (c) => c.json({ forecast: await getSalesForecast(c.get('deps').db, c.get('actor'), c.req.valid('query')) }, 200),
);

const quotaAnswer = (description: string) => json(z.object({ quotas: QuotaReportSchema }), description);
const quotaResponses = { ...ruleResponses, 409: { description: 'The seller\'s quota was set, changed or removed since you read it (`baseToken`): `field` is `body.baseToken` (`query.baseToken` for a removal), `data.token` the current token, and nothing is written.', content: errorResponses[400].content } };
const QUOTA_STALE_NOTE = 'With `baseToken` (the seller row\'s `editToken` as you read it; for a seller the report does not list, the token of no quota), a quota set, changed or removed since is refused with 409 and nothing is written; without it the change is not checked.';
salesRoutes.openapi(
  createRoute({ method: 'get', path: '/orgs/{orgId}/quotas', tags, description: 'A quarter\'s sales quotas with quota attainment (bookings ÷ quota) per seller and for the team, and pipeline coverage (pipeline expected by the quarter\'s end ÷ quota left), as of today (UTC).', request: { params: OrgParamsSchema, query: QuotaQuerySchema }, responses: { 200: quotaAnswer('The quarter\'s quota report.'), ...errorResponses } }),
  async (c) => c.json({ quotas: await getQuotaReport(c.get('deps').db, c.get('actor'), c.req.valid('query').quarter) }, 200),
);

salesRoutes.openapi(
  createRoute({ method: 'put', path: '/orgs/{orgId}/quotas/{quarter}/{personId}', tags, description: `Sets a seller's quota for a quarter. Admins only (403 for anyone else: a seller does not set what they are asked to book); the seller is a current person of the org; a quarter that is over keeps its quotas (rule sales.quota_closed). ${QUOTA_STALE_NOTE}`, request: { params: QuotaParamsSchema, ...jsonBody(SetQuotaSchema) }, responses: { 200: quotaAnswer('The quarter\'s quota report after the change.'), ...quotaResponses } }),
  async (c) => {
    const { quarter, personId } = c.req.valid('param');
    const { amount, baseToken } = c.req.valid('json');
    return c.json({ quotas: await setQuota(c.get('deps').db, c.get('actor'), { quarter, personId, amount, baseToken }) }, 200);
  },
);

salesRoutes.openapi(
  createRoute({ method: 'delete', path: '/orgs/{orgId}/quotas/{quarter}/{personId}', tags, description: `Removes a seller's quota for a quarter that is not over. Admins only. ${QUOTA_STALE_NOTE.replace('`baseToken`', '`?baseToken=`')}`, request: { params: QuotaParamsSchema, query: RemoveQuotaQuerySchema }, responses: { 200: quotaAnswer('The quarter\'s quota report after the change.'), ...quotaResponses } }),
  async (c) => {
    const { quarter, personId } = c.req.valid('param');
    return c.json({ quotas: await removeQuota(c.get('deps').db, c.get('actor'), { quarter, personId, baseToken: c.req.valid('query').baseToken }) }, 200);
  },
);

// Also before /opportunities/{opportunityId}, for the same reason.
salesRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/orgs/{orgId}/opportunities/gross-profit',
    tags,
    description: 'Gross profit (amount less delivery cost) and margin of the deals won in the period and of the open pipeline, in total and per rep or per territory, as of today (UTC). Deals whose cost or amount is unknown are counted apart and left out of the sums.',
    request: { params: OrgParamsSchema, query: GrossProfitQuerySchema },
    responses: { 200: json(z.object({ grossProfit: GrossProfitReportSchema }), 'The gross profit report.'), ...errorResponses },
  }),
  async (c) => c.json({ grossProfit: await getGrossProfit(c.get('deps').db, c.get('actor'), c.req.valid('query')) }, 200),
);

salesRoutes.openapi(
  createRoute({ method: 'get', path: '/orgs/{orgId}/opportunities/{opportunityId}', tags, request: { params: OpportunityParamsSchema }, responses: { 200: opportunityAnswer('The opportunity with its discovery record.'), ...errorResponses } }),
  async (c) => c.json({ opportunity: await getOpportunity(c.get('deps').db, c.get('actor'), c.req.valid('param').opportunityId) }, 200),
);

salesRoutes.openapi(
  createRoute({ method: 'patch', path: '/orgs/{orgId}/opportunities/{opportunityId}', tags, description: `Changes the fields sent. ${ownerOnly}`, request: { params: OpportunityParamsSchema, ...jsonBody(UpdateOpportunitySchema) }, responses: { 200: opportunityAnswer('The opportunity after the change.'), ...ruleResponses } }),
  async (c) => c.json({ opportunity: await updateOpportunity(c.get('deps').db, c.get('actor'), c.req.valid('param').opportunityId, c.req.valid('json')) }, 200),
);

salesRoutes.openapi(
  createRoute({ method: 'put', path: '/orgs/{orgId}/opportunities/{opportunityId}/press-release', tags, description: `Writes the buyer's press release, all four parts. ${ownerOnly}`, request: { params: OpportunityParamsSchema, ...jsonBody(PressReleaseSchema) }, responses: { 200: opportunityAnswer('The opportunity after the change.'), ...ruleResponses } }),
  async (c) => c.json({ opportunity: await savePressRelease(c.get('deps').db, c.get('actor'), c.req.valid('param').opportunityId, c.req.valid('json')) }, 200),
);

salesRoutes.openapi(
  createRoute({ method: 'post', path: '/orgs/{orgId}/opportunities/{opportunityId}/success-criteria', tags, description: ownerOnly, request: { params: OpportunityParamsSchema, ...jsonBody(CreateSuccessCriterionSchema) }, responses: { 201: opportunityAnswer('The opportunity with the new criterion.'), ...ruleResponses } }),
  async (c) => c.json({ opportunity: await addSuccessCriterion(c.get('deps').db, c.get('actor'), c.req.valid('param').opportunityId, c.req.valid('json')) }, 201),
);

salesRoutes.openapi(
  createRoute({ method: 'patch', path: '/orgs/{orgId}/opportunities/{opportunityId}/success-criteria/{criterionId}', tags, description: `${ownerOnly} With \`baseToken\` (the criterion's \`editToken\` as you read it), a criterion changed since is refused with 409 (\`field\` is \`body.baseToken\`) and nothing is written.`, request: { params: CriterionParamsSchema, ...jsonBody(UpdateSuccessCriterionSchema) }, responses: { 200: opportunityAnswer('The opportunity after the change.'), ...ruleResponses } }),
  async (c) => {
    const { opportunityId, criterionId } = c.req.valid('param');
    return c.json({ opportunity: await updateSuccessCriterion(c.get('deps').db, c.get('actor'), opportunityId, criterionId, c.req.valid('json')) }, 200);
  },
);

salesRoutes.openapi(
  createRoute({ method: 'delete', path: '/orgs/{orgId}/opportunities/{opportunityId}/success-criteria/{criterionId}', tags, description: `${ownerOnly} Past discovery the last complete criterion stays (rule sales.discovery_kept). ${REMOVAL_STALE_NOTE('criterion')}`, request: { params: CriterionParamsSchema, query: RemoveCriterionQuerySchema }, responses: { 200: opportunityAnswer('The opportunity after the change.'), ...ruleResponses } }),
  async (c) => {
    const { opportunityId, criterionId } = c.req.valid('param');
    return c.json({ opportunity: await removeSuccessCriterion(c.get('deps').db, c.get('actor'), opportunityId, criterionId, c.req.valid('query').baseToken) }, 200);
  },
);

salesRoutes.openapi(
  createRoute({ method: 'post', path: '/orgs/{orgId}/opportunities/{opportunityId}/objections', tags, description: ownerOnly, request: { params: OpportunityParamsSchema, ...jsonBody(CreateObjectionSchema) }, responses: { 201: opportunityAnswer('The opportunity with the new objection.'), ...ruleResponses } }),
  async (c) => c.json({ opportunity: await addObjection(c.get('deps').db, c.get('actor'), c.req.valid('param').opportunityId, c.req.valid('json')) }, 201),
);

salesRoutes.openapi(
  createRoute({ method: 'patch', path: '/orgs/{orgId}/opportunities/{opportunityId}/objections/{objectionId}', tags, description: `${ownerOnly} With \`baseToken\` (the objection's \`editToken\` as you read it), an objection changed since is refused with 409 (\`field\` is \`body.baseToken\`) and nothing is written.`, request: { params: ObjectionParamsSchema, ...jsonBody(UpdateObjectionSchema) }, responses: { 200: opportunityAnswer('The opportunity after the change.'), ...ruleResponses } }),
  async (c) => {
    const { opportunityId, objectionId } = c.req.valid('param');
    return c.json({ opportunity: await updateObjection(c.get('deps').db, c.get('actor'), opportunityId, objectionId, c.req.valid('json')) }, 200);
  },
);

salesRoutes.openapi(
  createRoute({ method: 'delete', path: '/orgs/{orgId}/opportunities/{opportunityId}/objections/{objectionId}', tags, description: `${ownerOnly} ${REMOVAL_STALE_NOTE('objection')}`, request: { params: ObjectionParamsSchema, query: RemoveObjectionQuerySchema }, responses: { 200: opportunityAnswer('The opportunity after the change.'), ...ruleResponses } }),
  async (c) => {
    const { opportunityId, objectionId } = c.req.valid('param');
    return c.json({ opportunity: await removeObjection(c.get('deps').db, c.get('actor'), opportunityId, objectionId, c.req.valid('query').baseToken) }, 200);
  },
);

salesRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/orgs/{orgId}/opportunities/{opportunityId}/moves',
    tags,
    description: 'Moves the opportunity: forward one stage through its gate (discovery → solution → proposal → won), back to an earlier stage, or to lost with a reason. By its owner or an admin; a refused gate is a 422 naming its rule. With `baseUpdatedAt` (the `updatedAt` you read), a deal changed since (moved, repriced, its record changed) is refused with 409 naming the stage it is in now, so a move chosen on an old view (back to solution, from a deal a colleague has since sent back to discovery) does not land as another move.',
    request: { params: OpportunityParamsSchema, ...jsonBody(MoveOpportunitySchema) },
    responses: { 200: opportunityAnswer('The opportunity in its new stage.'), ...ruleResponses },
  }),
  async (c) => c.json({ opportunity: await moveOpportunity(c.get('deps').db, c.get('actor'), c.req.valid('param').opportunityId, c.req.valid('json')) }, 200),
);
