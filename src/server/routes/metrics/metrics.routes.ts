import { createRoute, z } from '@hono/zod-openapi';
import { createMetric, deleteMetric, getMetric, listMetrics, updateMetric } from '../../../services/metrics/metrics.service.js';
import { orgScope } from '../../middleware/org-scope.js';
import { createRouter } from '../../router.js';
import { errorResponses, json, jsonBody, OrgParamsSchema } from '../common/common.schema.js';
import { CreateMetricSchema, ListMetricsQuerySchema, MetricListItemSchema, MetricParamsSchema, MetricSchema, UpdateMetricSchema } from './metrics.schema.js';

const tags = ['Metrics'];
const ruleResponses = {
  ...errorResponses,
  409: { description: 'Another metric of the org has that name (compared without regard to case, spacing or look-alike characters); `field` is `body.name`.', content: errorResponses[400].content },
  422: { description: 'A metric rule refuses it (an output cannot be controllable, …); `rule` and `field` name it.', content: errorResponses[400].content },
};

export const metricsRoutes = createRouter();
metricsRoutes.use('/orgs/:orgId/metrics', orgScope);
metricsRoutes.use('/orgs/:orgId/metrics/*', orgScope);

metricsRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/orgs/{orgId}/metrics',
    tags,
    request: { params: OrgParamsSchema, query: ListMetricsQuerySchema },
    responses: { 200: json(z.object({ metrics: z.array(MetricListItemSchema) }), 'The catalog by name, with owner and initiative names and each metric\'s last published week against its target, narrowed by the filters.'), ...errorResponses },
  }),
  async (c) => {
    const { kind, controllable, ownerPersonId, initiativeId } = c.req.valid('query');
    const metrics = await listMetrics(c.get('deps').db, c.get('actor'), { kind, controllable: controllable === undefined ? undefined : controllable === 'true', ownerPersonId, initiativeId });
    return c.json({ metrics }, 200);
  },
);

metricsRoutes.openapi(
  createRoute({ method: 'post', path: '/orgs/{orgId}/metrics', tags, description: 'Admins and members add metrics; the owner must be someone in the org who has not left.', request: { params: OrgParamsSchema, ...jsonBody(CreateMetricSchema) }, responses: { 201: json(z.object({ metric: MetricSchema }), 'The new metric.'), ...ruleResponses } }),
  async (c) => c.json({ metric: await createMetric(c.get('deps').db, c.get('actor'), c.req.valid('json')) }, 201),
);

metricsRoutes.openapi(
  createRoute({ method: 'get', path: '/orgs/{orgId}/metrics/{metricId}', tags, request: { params: MetricParamsSchema }, responses: { 200: json(z.object({ metric: MetricSchema }), 'The metric.'), ...errorResponses } }),
  async (c) => c.json({ metric: await getMetric(c.get('deps').db, c.get('actor'), c.req.valid('param').metricId) }, 200),
);

metricsRoutes.openapi(
  createRoute({
    method: 'patch',
    path: '/orgs/{orgId}/metrics/{metricId}',
    tags,
    description: 'Changes the fields sent, by the metric\'s owner or an admin (403 for anyone else). The rules apply to the metric as it would be after the change.',
    request: { params: MetricParamsSchema, ...jsonBody(UpdateMetricSchema) },
    responses: { 200: json(z.object({ metric: MetricSchema }), 'The metric after the change.'), ...ruleResponses },
  }),
  async (c) => c.json({ metric: await updateMetric(c.get('deps').db, c.get('actor'), c.req.valid('param').metricId, c.req.valid('json')) }, 200),
);

metricsRoutes.openapi(
  createRoute({ method: 'delete', path: '/orgs/{orgId}/metrics/{metricId}', tags, description: 'By the metric\'s owner or an admin.', request: { params: MetricParamsSchema }, responses: { 204: { description: 'Deleted.' }, ...errorResponses } }),
  async (c) => {
    await deleteMetric(c.get('deps').db, c.get('actor'), c.req.valid('param').metricId);
    return c.body(null, 204);
  },
);
