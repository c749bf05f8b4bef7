import { createRoute, z } from '@hono/zod-openapi';
import { playbookMarkdown, renderPlaybookPrintPage } from '../../../domain/playbooks/playbook.js';
import { answerPlaybookHelpful, listPlaybooks, playbookForDownload, readPlaybook } from '../../../services/playbooks/playbooks.service.js';
import { orgScope } from '../../middleware/org-scope.js';
import { createRouter } from '../../router.js';
import { errorResponses, json, jsonBody, OrgParamsSchema } from '../common/common.schema.js';
import { HelpfulCountsSchema, ListPlaybooksQuerySchema, PlaybookExportQuerySchema, PlaybookFeedbackSchema, PlaybookParamsSchema, PlaybookSchema, PlaybookSummarySchema } from './playbooks.schema.js';

const tags = ['Playbooks'];

export const playbooksRoutes = createRouter();
playbooksRoutes.use('/orgs/:orgId/playbooks', orgScope);
playbooksRoutes.use('/orgs/:orgId/playbooks/*', orgScope);

playbooksRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/orgs/{orgId}/playbooks',
    tags,
    description: 'Every role reads the library.',
    request: { params: OrgParamsSchema, query: ListPlaybooksQuerySchema },
    responses: { 200: json(z.object({ playbooks: z.array(PlaybookSummarySchema) }), 'The playbooks by mechanism, with this org\'s views and answers, narrowed by the filters.'), ...errorResponses },
  }),
  async (c) => {
    const { mechanism, q } = c.req.valid('query');
    return c.json({ playbooks: await listPlaybooks(c.get('deps').db, c.get('actor'), c.get('deps').playbooks, { mechanism, query: q }) }, 200);
  },
);

playbooksRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/orgs/{orgId}/playbooks/{slug}',
    tags,
    description: 'Reading a playbook records your view: the first of each day (UTC) counts.',
    request: { params: PlaybookParamsSchema },
    responses: { 200: json(z.object({ playbook: PlaybookSchema }), 'The playbook with its safe HTML, diagrams, related playbooks and "Apply this".'), ...errorResponses },
  }),
  async (c) => {
    const { slug } = c.req.valid('param');
    return c.json({ playbook: await readPlaybook(c.get('deps').db, c.get('actor'), c.get('deps').playbooks, slug, { recordView: c.req.method !== 'HEAD' }) }, 200);
  },
);

playbooksRoutes.openapi(
  createRoute({
    method: 'put',
    path: '/orgs/{orgId}/playbooks/{slug}/feedback',
    tags,
    description: 'Your answer to "Was this helpful?": one per reader and playbook; sending it again changes it.',
    request: { params: PlaybookParamsSchema, ...jsonBody(PlaybookFeedbackSchema) },
    responses: { 200: json(z.object({ helpful: HelpfulCountsSchema }), 'The playbook\'s answers after yours.'), ...errorResponses },
  }),
  async (c) => {
    const { slug } = c.req.valid('param');
    return c.json({ helpful: await answerPlaybookHelpful(c.get('deps').db, c.get('actor'), c.get('deps').playbooks, slug, c.req.valid('json').helpful) }, 200);
  },
);

playbooksRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/orgs/{orgId}/playbooks/{slug}/export',
    tags,
    description: 'Markdown (a download), a print-ready HTML page, or a PDF (a download), as documents export theirs. The page has no script, so its diagrams are written out as steps; the PDF draws each diagram and writes out its steps under it.',
    request: { params: PlaybookParamsSchema, query: PlaybookExportQuerySchema },
    responses: { 200: { description: 'The playbook as Markdown, as a print-ready HTML page, or as a PDF.', content: { 'text/markdown': { schema: z.string() }, 'text/html': { schema: z.string() }, 'application/pdf': { schema: z.string().openapi({ format: 'binary' }) } } }, ...errorResponses },
  }),
  async (c) => {
    const playbook = playbookForDownload(c.get('actor'), c.get('deps').playbooks, c.req.valid('param').slug);
    if (c.req.valid('query').format === 'markdown') {
      c.header('content-disposition', `attachment; filename="${playbook.slug}.md"`);
      return c.body(playbookMarkdown(playbook), 200, { 'content-type': 'text/markdown; charset=utf-8' });
    }
    if (c.req.valid('query').format === 'pdf') {
      const { renderPlaybookPdf } = await import('../../../pdf/printable-pdf.js');
      const { renderOneAtATime } = await import('../../../pdf/pdf-serving.js');
      c.header('content-disposition', `attachment; filename="${playbook.slug}.pdf"`);
      return c.body(await renderOneAtATime(() => renderPlaybookPdf(playbook)), 200, { 'content-type': 'application/pdf' });
    }
    return c.body(renderPlaybookPrintPage(playbook), 200, { 'content-type': 'text/html; charset=utf-8' });
  },
);
