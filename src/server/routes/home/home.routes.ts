import { createRoute } from '@hono/zod-openapi';
import { getHome } from '../../../services/home/home.service.js';
import { orgScope } from '../../middleware/org-scope.js';
import { createRouter } from '../../router.js';
import { errorResponses, json, OrgParamsSchema } from '../common/common.schema.js';
import { HomeSchema } from './home.schema.js';

const tags = ['Home'];

export const homeRoutes = createRouter();
homeRoutes.use('/orgs/:orgId/home', orgScope);

homeRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/orgs/{orgId}/home',
    tags,
    description: 'Your home in the org: the getting-started steps your role can take, and what waits for you (interview feedback, reading meetings, open anomalies you own, reviews of your reports, deals past their close date, initiatives you lead that wait at a gate or are at risk), each only as far as you may see it; and, for admins, what waits on the leadership across the other initiatives (readings with no decision, press releases with votes and no verdict, gates waited at too long, initiatives at risk).',
    request: { params: OrgParamsSchema },
    responses: { 200: json(HomeSchema, 'Getting started and what needs you.'), ...errorResponses },
  }),
  async (c) => c.json(await getHome(c.get('deps').db, c.get('actor'), new Date()), 200),
);
