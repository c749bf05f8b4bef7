import { createRoute, z } from '@hono/zod-openapi';
import { createPrinciple, editPrinciple, getPrinciple, listPrinciples, listPrincipleVersions, reorderPrinciples, setPrincipleStatus } from '../../../services/principles/principles.service.js';
import { principlesOrderToken } from '../../../domain/principles/principle-rules.js';
import { orgScope } from '../../middleware/org-scope.js';
import { createRouter } from '../../router.js';
import { errorResponses, json, jsonBody, OrgParamsSchema } from '../common/common.schema.js';
import {
  CreatePrincipleSchema,
  EditPrincipleSchema,
  ListPrinciplesQuerySchema,
  PrincipleParamsSchema,
  PrincipleSchema,
  PrincipleVersionSchema,
  ReorderPrinciplesSchema,
  SetPrincipleStatusQuerySchema,
} from './principles.schema.js';

const tags = ['Principles'];
const PrincipleList = z.object({
  principles: z.array(PrincipleSchema),
  orderToken: z.string().openapi({ description: 'Send it back as `baseToken` when reordering: if the order of the active principles changed since (a move, a new, retired or restored principle), the reorder is refused (409).' }),
});
const PrincipleOne = z.object({ principle: PrincipleSchema });

export const principlesRoutes = createRouter();
for (const path of ['/orgs/:orgId/principles', '/orgs/:orgId/principles/*']) {
  principlesRoutes.use(path, orgScope);
  // This instance forgets the org's cached list as soon as its own change succeeds; other instances
  // hear of it through the change feed.
  principlesRoutes.use(path, async (c, next) => {
    await next();
    if (c.req.method !== 'GET' && c.res.status < 400) c.var.deps.caches.apply({ topic: 'principles', orgId: c.var.actor.orgId });
  });
}

principlesRoutes.openapi(
  createRoute({ method: 'get', path: '/orgs/{orgId}/principles', tags, request: { params: OrgParamsSchema, query: ListPrinciplesQuerySchema }, responses: { 200: json(PrincipleList, 'The org\'s principles in order.'), ...errorResponses } }),
  async (c) => {
    const { includeRetired } = c.req.valid('query');
    const { db, caches } = c.var.deps;
    const principles = await listPrinciples(db, c.var.actor, { includeRetired: includeRetired === 'true' }, caches.principles);
    return c.json({ principles, orderToken: principlesOrderToken(principles) }, 200);
  },
);

principlesRoutes.openapi(
  createRoute({ method: 'post', path: '/orgs/{orgId}/principles', tags, request: { params: OrgParamsSchema, ...jsonBody(CreatePrincipleSchema) }, responses: { 201: json(PrincipleOne, 'The new principle.'), ...errorResponses } }),
  async (c) => c.json({ principle: await createPrinciple(c.get('deps').db, c.get('actor'), c.req.valid('json')) }, 201),
);

// Registered before `/principles/{principleId}` so "order" is never read as an id.
principlesRoutes.openapi(
  createRoute({
    method: 'put',
    path: '/orgs/{orgId}/principles/order',
    tags,
    description: 'Puts every principle of the org (retired ones included) in the order given. With `baseToken` (the list\'s `orderToken` as you read it), an order changed since is refused with 409 (`field` is `body.baseToken`, `data.token` the current token) and nothing moves.',
    request: { params: OrgParamsSchema, ...jsonBody(ReorderPrinciplesSchema) },
    responses: { 200: json(PrincipleList, 'All principles in the new order.'), 409: errorResponses[400], ...errorResponses },
  }),
  async (c) => {
    const { ids, baseToken } = c.req.valid('json');
    const principles = await reorderPrinciples(c.get('deps').db, c.get('actor'), ids, baseToken);
    return c.json({ principles, orderToken: principlesOrderToken(principles) }, 200);
  },
);

principlesRoutes.openapi(
  createRoute({ method: 'get', path: '/orgs/{orgId}/principles/{principleId}', tags, request: { params: PrincipleParamsSchema }, responses: { 200: json(PrincipleOne, 'The principle.'), ...errorResponses } }),
  async (c) => c.json({ principle: await getPrinciple(c.get('deps').db, c.get('actor'), c.req.valid('param').principleId) }, 200),
);

principlesRoutes.openapi(
  createRoute({
    method: 'patch',
    path: '/orgs/{orgId}/principles/{principleId}',
    tags,
    request: { params: PrincipleParamsSchema, ...jsonBody(EditPrincipleSchema) },
    responses: { 200: json(PrincipleOne, 'The principle, at its new version.'), 409: errorResponses[400], ...errorResponses },
  }),
  async (c) => c.json({ principle: await editPrinciple(c.get('deps').db, c.get('actor'), c.req.valid('param').principleId, c.req.valid('json')) }, 200),
);

for (const [action, status] of [['retire', 'retired'], ['restore', 'active']] as const) {
  principlesRoutes.openapi(
    createRoute({
      method: 'post',
      path: `/orgs/{orgId}/principles/{principleId}/${action}`,
      tags,
      description: 'With `?baseUpdatedAt=` (the principle\'s `updatedAt` as you read it), a principle reworded, retired or restored since is refused with 409 (`field` is `query.baseUpdatedAt`) and stays as it is; without it the change is not checked.',
      request: { params: PrincipleParamsSchema, query: SetPrincipleStatusQuerySchema },
      responses: { 200: json(PrincipleOne, `The principle, ${status}.`), 409: errorResponses[400], ...errorResponses },
    }),
    async (c) => c.json({ principle: await setPrincipleStatus(c.get('deps').db, c.get('actor'), c.req.valid('param').principleId, status, undefined, c.req.valid('query').baseUpdatedAt) }, 200),
  );
}

principlesRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/orgs/{orgId}/principles/{principleId}/versions',
    tags,
    request: { params: PrincipleParamsSchema },
    responses: { 200: json(z.object({ versions: z.array(PrincipleVersionSchema) }), 'Every wording the principle has had, newest first.'), ...errorResponses },
  }),
  async (c) => c.json({ versions: await listPrincipleVersions(c.get('deps').db, c.get('actor'), c.req.valid('param').principleId) }, 200),
);
