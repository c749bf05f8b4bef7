import { createRoute, z } from '@hono/zod-openapi';
import { addEvidence, closeCycle, correctEvidence, deleteEvidence, createCycle, createPromotionCase, getCalibration, listCycleReviews, listCycles, readLedger, saveReview } from '../../../services/reviews/reviews.service.js';
import { orgScope } from '../../middleware/org-scope.js';
import { createRouter } from '../../router.js';
import { errorResponses, json, jsonBody, OrgParamsSchema } from '../common/common.schema.js';
import {
  AddEvidenceSchema,
  CalibrationQuerySchema,
  CalibrationSchema,
  CorrectEvidenceSchema,
  DeleteEvidenceQuerySchema,
  EvidenceParamsSchema,
  PersonReviewSchema,
  CreateCycleSchema,
  CreatePromotionCaseSchema,
  CycleParamsSchema,
  CyclePersonParamsSchema,
  CycleSchema,
  EvidenceSchema,
  LedgerParamsSchema,
  PromotionCaseSchema,
  ReviewSchema,
  SaveReviewSchema,
} from './reviews.schema.js';

const tags = ['Reviews'];
const ruleResponses = { ...errorResponses, 422: { description: 'A review rule refuses the change; `rule` names it.', content: errorResponses[400].content } };

export const reviewsRoutes = createRouter();
for (const prefix of ['review-cycles', 'ledgers']) {
  reviewsRoutes.use(`/orgs/:orgId/${prefix}`, orgScope);
  reviewsRoutes.use(`/orgs/:orgId/${prefix}/*`, orgScope);
}

reviewsRoutes.openapi(
  createRoute({ method: 'get', path: '/orgs/{orgId}/review-cycles', tags, request: { params: OrgParamsSchema }, responses: { 200: json(z.object({ cycles: z.array(CycleSchema) }), 'Review cycles, newest first.'), ...errorResponses } }),
  async (c) => c.json({ cycles: await listCycles(c.get('deps').db, c.get('actor')) }, 200),
);

reviewsRoutes.openapi(
  createRoute({ method: 'post', path: '/orgs/{orgId}/review-cycles', tags, request: { params: OrgParamsSchema, ...jsonBody(CreateCycleSchema) }, responses: { 201: json(z.object({ id: z.string() }), 'The new, open cycle.'), 409: { description: 'A cycle of that name (ignoring case and spacing) already exists; `field` is `body.name`.', content: errorResponses[400].content }, ...ruleResponses } }),
  async (c) => c.json(await createCycle(c.get('deps').db, c.get('actor'), c.req.valid('json')), 201),
);

reviewsRoutes.openapi(
  createRoute({ method: 'get', path: '/orgs/{orgId}/review-cycles/{cycleId}', tags, request: { params: CycleParamsSchema }, responses: { 200: json(z.object({ cycle: CycleSchema, reviews: z.array(ReviewSchema) }), 'The cycle and its reviews.'), ...errorResponses } }),
  async (c) => c.json(await listCycleReviews(c.get('deps').db, c.get('actor'), c.req.valid('param').cycleId), 200),
);

reviewsRoutes.openapi(
  createRoute({ method: 'post', path: '/orgs/{orgId}/review-cycles/{cycleId}/close', tags, request: { params: CycleParamsSchema }, responses: { 204: { description: 'Closed: its reviews no longer change.' }, ...errorResponses } }),
  async (c) => {
    await closeCycle(c.get('deps').db, c.get('actor'), c.req.valid('param').cycleId);
    return c.body(null, 204);
  },
);

reviewsRoutes.openapi(
  createRoute({ method: 'put', path: '/orgs/{orgId}/review-cycles/{cycleId}/reviews/{personId}', tags, request: { params: CyclePersonParamsSchema, ...jsonBody(SaveReviewSchema) }, responses: { 204: { description: 'Saved.' }, 409: { description: 'The review changed since `baseVersion`; the answer carries `currentVersion`.', content: errorResponses[400].content }, ...ruleResponses } }),
  async (c) => {
    const { cycleId, personId } = c.req.valid('param');
    const { ratings, baseVersion } = c.req.valid('json');
    await saveReview(c.get('deps').db, c.get('actor'), cycleId, personId, ratings, baseVersion);
    return c.body(null, 204);
  },
);

reviewsRoutes.openapi(
  createRoute({ method: 'get', path: '/orgs/{orgId}/review-cycles/{cycleId}/calibration', tags, request: { params: CycleParamsSchema, query: CalibrationQuerySchema }, responses: { 200: json(CalibrationSchema, 'Reviews grouped by role and level.'), ...errorResponses } }),
  async (c) => c.json(await getCalibration(c.get('deps').db, c.get('actor'), c.req.valid('param').cycleId, c.req.valid('query')), 200),
);

reviewsRoutes.openapi(
  createRoute({ method: 'get', path: '/orgs/{orgId}/ledgers/{personId}', tags, request: { params: LedgerParamsSchema }, responses: { 200: json(z.object({ evidence: z.array(EvidenceSchema), promotionCases: z.array(PromotionCaseSchema).nullable().openapi({ description: 'The promotion cases about the person, for their reviewers; null when the person reads their own ledger.' }), reviews: z.array(PersonReviewSchema).openapi({ description: 'The reviews of the person you may read, newest cycle first: every cycle\'s for their reviewers, the closed cycles\' for the person themselves.' }) }), 'The person\'s evidence ledger and promotion cases: for admins, the people above the person, and (evidence only) the person.'), ...errorResponses } }),
  async (c) => c.json(await readLedger(c.get('deps').db, c.get('actor'), c.req.valid('param').personId), 200),
);

reviewsRoutes.openapi(
  createRoute({ method: 'post', path: '/orgs/{orgId}/ledgers/{personId}/evidence', tags, request: { params: LedgerParamsSchema, ...jsonBody(AddEvidenceSchema) }, responses: { 201: json(z.object({ id: z.string() }), 'The new ledger entry.'), ...ruleResponses } }),
  async (c) => c.json(await addEvidence(c.get('deps').db, c.get('actor'), c.req.valid('param').personId, c.req.valid('json')), 201),
);

reviewsRoutes.openapi(
  createRoute({ method: 'post', path: '/orgs/{orgId}/ledgers/{personId}/promotion-cases', tags, request: { params: LedgerParamsSchema, ...jsonBody(CreatePromotionCaseSchema) }, responses: { 201: json(z.object({ id: z.string() }), 'The new promotion case.'), 409: { description: 'A case about the person was written since `baseCaseId`: `field` is `body.baseCaseId`, `data.currentCaseId` the newest case, and nothing is written.', content: errorResponses[400].content }, ...ruleResponses } }),
  async (c) => c.json(await createPromotionCase(c.get('deps').db, c.get('actor'), c.req.valid('param').personId, c.req.valid('json')), 201),
);

const evidenceChangeResponses = {
  ...ruleResponses,
  403: { description: 'Only whoever wrote the entry, or an admin, may change it.', content: errorResponses[400].content },
  409: { description: 'The entry changed since you read it (`baseToken`): `field` is `body.baseToken` (`query.baseToken` for a removal), `data.token` the current token, and nothing is written.', content: errorResponses[400].content },
};

reviewsRoutes.openapi(
  createRoute({ method: 'patch', path: '/orgs/{orgId}/ledgers/{personId}/evidence/{evidenceId}', tags, description: 'Corrects a ledger entry\'s text or principle: by whoever wrote it, or an admin. An entry a saved review or promotion case cites stays as they read it: 422 `evidence.cited`.', request: { params: EvidenceParamsSchema, ...jsonBody(CorrectEvidenceSchema) }, responses: { 200: json(EvidenceSchema, 'The corrected entry.'), ...evidenceChangeResponses } }),
  async (c) => {
    const { personId, evidenceId } = c.req.valid('param');
    return c.json(await correctEvidence(c.get('deps').db, c.get('actor'), personId, evidenceId, c.req.valid('json')), 200);
  },
);

reviewsRoutes.openapi(
  createRoute({ method: 'delete', path: '/orgs/{orgId}/ledgers/{personId}/evidence/{evidenceId}', tags, description: 'Deletes a ledger entry: by whoever wrote it, or an admin. An entry a saved review or promotion case cites is kept: 422 `evidence.cited`, naming what cites it when you may read it.', request: { params: EvidenceParamsSchema, query: DeleteEvidenceQuerySchema }, responses: { 204: { description: 'Deleted.' }, ...evidenceChangeResponses } }),
  async (c) => {
    const { personId, evidenceId } = c.req.valid('param');
    await deleteEvidence(c.get('deps').db, c.get('actor'), personId, evidenceId, c.req.valid('query').baseToken);
    return c.body(null, 204);
  },
);
