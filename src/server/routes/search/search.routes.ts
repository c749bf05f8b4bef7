import { createRoute } from '@hono/zod-openapi';
import { searchOrg } from '../../../services/search/search.service.js';
import { orgScope } from '../../middleware/org-scope.js';
import { createRouter } from '../../router.js';
import { errorResponses, json, OrgParamsSchema } from '../common/common.schema.js';
import { SearchAnswerSchema, SearchQuerySchema } from './search.schema.js';

export const searchRoutes = createRouter();
searchRoutes.use('/orgs/:orgId/search', orgScope);

searchRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/orgs/{orgId}/search',
    tags: ['Search'],
    summary: 'Finds anything in the org by name or text.',
    description:
      'Initiatives, documents, people, teams, metrics, business review decks, deals, accounts, playbooks, candidates and principles, each kind only for a role that reads its section, and only what the viewer may see: documents they may read, candidates they may know of. A read-only API token is enough.',
    request: { params: OrgParamsSchema, query: SearchQuerySchema },
    responses: { 200: json(SearchAnswerSchema, 'The best matches and how many of each kind matched.'), ...errorResponses },
  }),
  async (c) => {
    const { q, kind, limit } = c.req.valid('query');
    const { db, playbooks } = c.get('deps');
    return c.json(await searchOrg(db, c.get('actor'), playbooks, { query: q, kinds: kind ?? [], limit }), 200);
  },
);
