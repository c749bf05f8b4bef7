import { createRoute } from '@hono/zod-openapi';
import { getInitiativeRecord, getPipeline, linkInitiativeDocuments, moveInitiative, proposeIdea } from '../../../services/initiatives/pipeline.service.js';
import { orgScope } from '../../middleware/org-scope.js';
import { createRouter } from '../../router.js';
import { errorResponses, json, jsonBody, OrgParamsSchema } from '../common/common.schema.js';
import { InitiativeRecordSchema, LinkDocumentsSchema, MoveSchema, PipelineInitiativeParamsSchema, PipelineQuerySchema, PipelineSchema, ProposeIdeaSchema } from './pipeline.schema.js';

const tags = ['Pipeline'];
const ruleResponses = { ...errorResponses, 422: { description: 'A gate of the pipeline refuses the move; `rule` names it.', content: errorResponses[400].content } };

export const pipelineRoutes = createRouter();
pipelineRoutes.use('/orgs/:orgId/pipeline', orgScope);
pipelineRoutes.use('/orgs/:orgId/pipeline/*', orgScope);

pipelineRoutes.openapi(
  createRoute({ method: 'get', path: '/orgs/{orgId}/pipeline', tags, request: { params: OrgParamsSchema, query: PipelineQuerySchema }, responses: { 200: json(PipelineSchema, 'Every initiative with its stage, and the count at each stage.'), ...errorResponses } }),
  async (c) => c.json(await getPipeline(c.get('deps').db, c.get('actor'), c.req.valid('query')), 200),
);

pipelineRoutes.openapi(
  createRoute({ method: 'post', path: '/orgs/{orgId}/pipeline/ideas', tags, request: { params: OrgParamsSchema, ...jsonBody(ProposeIdeaSchema) }, responses: { 201: json(InitiativeRecordSchema, 'The new initiative, at the idea stage.'), ...errorResponses } }),
  async (c) => c.json(await proposeIdea(c.get('deps').db, c.get('actor'), c.req.valid('json')), 201),
);

pipelineRoutes.openapi(
  createRoute({ method: 'get', path: '/orgs/{orgId}/pipeline/initiatives/{initiativeId}', tags, request: { params: PipelineInitiativeParamsSchema }, responses: { 200: json(InitiativeRecordSchema, 'The initiative\'s record: documents, leader, teams, metrics, history and the gate of its next stage.'), ...errorResponses } }),
  async (c) => c.json(await getInitiativeRecord(c.get('deps').db, c.get('actor'), c.req.valid('param').initiativeId), 200),
);

pipelineRoutes.openapi(
  createRoute({ method: 'put', path: '/orgs/{orgId}/pipeline/initiatives/{initiativeId}/documents', tags, request: { params: PipelineInitiativeParamsSchema, ...jsonBody(LinkDocumentsSchema) }, responses: { 200: json(InitiativeRecordSchema, 'The record after the change.'), ...errorResponses } }),
  async (c) => c.json(await linkInitiativeDocuments(c.get('deps').db, c.get('actor'), c.req.valid('param').initiativeId, c.req.valid('json')), 200),
);

pipelineRoutes.openapi(
  createRoute({ method: 'post', path: '/orgs/{orgId}/pipeline/initiatives/{initiativeId}/moves', tags, request: { params: PipelineInitiativeParamsSchema, ...jsonBody(MoveSchema) }, responses: { 200: json(InitiativeRecordSchema, 'The record at its new stage.'), ...ruleResponses, 409: { description: 'It moved after you saw it at `from`: reload it, then decide again.', content: errorResponses[400].content } } }),
  async (c) => c.json(await moveInitiative(c.get('deps').db, c.get('actor'), c.req.valid('param').initiativeId, c.req.valid('json')), 200),
);
