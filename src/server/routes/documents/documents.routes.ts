import { createRoute, z } from '@hono/zod-openapi';
import { formatDay } from '../../../domain/dates.js';
import { renderPrintableHtml } from '../../../domain/documents/markdown-html.js';
import { downloadBaseName } from '../../../domain/file-names.js';
import { createDocument, diffDocumentVersions, getDocument, getDocumentVersion, listDocuments, listDocumentVersions, saveDocumentVersion, setDocumentAccess } from '../../../services/documents/documents.service.js';
import { getWritingSettings, lintDocumentVersion, removeDocumentSuppression, saveWritingSettings, suppressDocumentFinding } from '../../../services/documents/document-lint.service.js';
import { addComment, castVote, getDocumentReview, recordVerdict, reopenCommentThread, replyToComment, resolveCommentThread } from '../../../services/documents/document-review.service.js';
import { listReviewRequests, requestReviews, withdrawReviewRequest } from '../../../services/documents/review-requests.service.js';
import { emailSettingsFrom } from '../../../services/mail/outbox.service.js';
import { orgScope } from '../../middleware/org-scope.js';
import { createRouter } from '../../router.js';
import { errorResponses, json, jsonBody, OrgParamsSchema } from '../common/common.schema.js';
import {
  AddCommentSchema,
  CastVoteSchema,
  CommentParamsSchema,
  CreateDocumentSchema,
  DiffQuerySchema,
  DiffSchema,
  DocumentAccessSchema,
  DocumentCommentReplySchema,
  DocumentCommentSchema,
  DocumentLintSchema,
  DocumentParamsSchema,
  DocumentReviewSchema,
  DocumentSchema,
  DocumentSummarySchema,
  DocumentVersionSchema,
  DocumentVersionTextSchema,
  ExportQuerySchema,
  OptionalVersionQuerySchema,
  RecordVerdictSchema,
  ReplyToCommentSchema,
  RequestReviewsSchema,
  ReviewRequestParamsSchema,
  ReviewRequestSchema,
  SaveVersionSchema,
  SaveWritingSettingsSchema,
  SuppressFindingSchema,
  SuppressionParamsSchema,
  SuppressionSchema,
  VersionParamsSchema,
  WritingSettingsSchema,
} from './documents.schema.js';

const tags = ['Documents'];
const DocumentOne = z.object({ document: DocumentSchema });
const conflict = { 409: errorResponses[400], 422: errorResponses[400] };
const SettingsView = z.object({
  input: WritingSettingsSchema,
  resolved: z.unknown().openapi({ description: 'The settings the linter uses: the input over the defaults.' }),
  editToken: z.string().openapi({ description: 'Send it back as `baseToken` when saving the settings: if they were saved since you read them, the save is refused (409).' }),
});
const SuppressionList = z.object({ suppressions: z.array(SuppressionSchema) });

export const documentsRoutes = createRouter();
documentsRoutes.use('/orgs/:orgId/documents', orgScope);
documentsRoutes.use('/orgs/:orgId/documents/*', orgScope);
documentsRoutes.use('/orgs/:orgId/writing-settings', orgScope);

documentsRoutes.openapi(
  createRoute({ method: 'get', path: '/orgs/{orgId}/documents', tags, request: { params: OrgParamsSchema }, responses: { 200: json(z.object({ documents: z.array(DocumentSummarySchema) }), 'The documents you may read, newest change first.'), ...errorResponses } }),
  async (c) => c.json({ documents: await listDocuments(c.get('deps').db, c.get('actor')) }, 200),
);

documentsRoutes.openapi(
  createRoute({ method: 'post', path: '/orgs/{orgId}/documents', tags, request: { params: OrgParamsSchema, ...jsonBody(CreateDocumentSchema) }, responses: { 201: json(DocumentOne, 'The new document at version 1.'), ...errorResponses } }),
  async (c) => c.json({ document: await createDocument(c.get('deps').db, c.get('actor'), c.req.valid('json')) }, 201),
);

documentsRoutes.openapi(
  createRoute({ method: 'get', path: '/orgs/{orgId}/documents/{documentId}', tags, request: { params: DocumentParamsSchema }, responses: { 200: json(DocumentOne, 'The document at its current version.'), ...errorResponses } }),
  async (c) => c.json({ document: await getDocument(c.get('deps').db, c.get('actor'), c.req.valid('param').documentId) }, 200),
);

documentsRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/orgs/{orgId}/documents/{documentId}/versions',
    tags,
    request: { params: DocumentParamsSchema, ...jsonBody(SaveVersionSchema) },
    responses: { 201: json(DocumentOne, 'The document at its new version (unchanged text makes no version).'), ...conflict, ...errorResponses },
  }),
  async (c) => c.json({ document: await saveDocumentVersion(c.get('deps').db, c.get('actor'), c.req.valid('param').documentId, c.req.valid('json')) }, 201),
);

documentsRoutes.openapi(
  createRoute({ method: 'get', path: '/orgs/{orgId}/documents/{documentId}/versions', tags, request: { params: DocumentParamsSchema }, responses: { 200: json(z.object({ versions: z.array(DocumentVersionSchema) }), 'Every version, newest first.'), ...errorResponses } }),
  async (c) => c.json({ versions: await listDocumentVersions(c.get('deps').db, c.get('actor'), c.req.valid('param').documentId) }, 200),
);

documentsRoutes.openapi(
  createRoute({ method: 'get', path: '/orgs/{orgId}/documents/{documentId}/versions/{version}', tags, request: { params: VersionParamsSchema }, responses: { 200: json(z.object({ version: DocumentVersionTextSchema }), 'The text of one version.'), ...errorResponses } }),
  async (c) => {
    const { documentId, version } = c.req.valid('param');
    return c.json({ version: await getDocumentVersion(c.get('deps').db, c.get('actor'), documentId, version) }, 200);
  },
);

documentsRoutes.openapi(
  createRoute({ method: 'get', path: '/orgs/{orgId}/documents/{documentId}/diff', tags, request: { params: DocumentParamsSchema, query: DiffQuerySchema }, responses: { 200: json(z.object({ diff: DiffSchema }), 'A word diff of two versions.'), ...errorResponses } }),
  async (c) => {
    const { from, to } = c.req.valid('query');
    return c.json({ diff: await diffDocumentVersions(c.get('deps').db, c.get('actor'), c.req.valid('param').documentId, from, to) }, 200);
  },
);

documentsRoutes.openapi(
  createRoute({ method: 'put', path: '/orgs/{orgId}/documents/{documentId}/access', tags, request: { params: DocumentParamsSchema, ...jsonBody(DocumentAccessSchema) }, responses: { 200: json(DocumentOne, 'The document with its new authors and readers.'), ...conflict, ...errorResponses } }),
  async (c) => c.json({ document: await setDocumentAccess(c.get('deps').db, c.get('actor'), c.req.valid('param').documentId, c.req.valid('json')) }, 200),
);

documentsRoutes.openapi(
  createRoute({ method: 'get', path: '/orgs/{orgId}/documents/{documentId}/lint', tags, request: { params: DocumentParamsSchema, query: OptionalVersionQuerySchema }, responses: { 200: json(z.object({ lint: DocumentLintSchema }), 'Findings of one version with the org\'s settings and the document\'s suppressions.'), ...errorResponses } }),
  async (c) => c.json({ lint: await lintDocumentVersion(c.get('deps').db, c.get('actor'), c.req.valid('param').documentId, c.req.valid('query').version) }, 200),
);

documentsRoutes.openapi(
  createRoute({ method: 'post', path: '/orgs/{orgId}/documents/{documentId}/suppressions', tags, request: { params: DocumentParamsSchema, ...jsonBody(SuppressFindingSchema) }, responses: { 201: json(SuppressionList, 'The document\'s suppressions.'), ...conflict, ...errorResponses } }),
  async (c) => c.json({ suppressions: await suppressDocumentFinding(c.get('deps').db, c.get('actor'), c.req.valid('param').documentId, c.req.valid('json')) }, 201),
);

documentsRoutes.openapi(
  createRoute({ method: 'delete', path: '/orgs/{orgId}/documents/{documentId}/suppressions/{suppressionId}', tags, request: { params: SuppressionParamsSchema }, responses: { 200: json(SuppressionList, 'The document\'s remaining suppressions.'), ...errorResponses } }),
  async (c) => {
    const { documentId, suppressionId } = c.req.valid('param');
    return c.json({ suppressions: await removeDocumentSuppression(c.get('deps').db, c.get('actor'), documentId, suppressionId) }, 200);
  },
);

documentsRoutes.openapi(
  createRoute({ method: 'get', path: '/orgs/{orgId}/documents/{documentId}/review', tags, request: { params: DocumentParamsSchema, query: OptionalVersionQuerySchema }, responses: { 200: json(z.object({ review: DocumentReviewSchema }), 'Tally, votes, comments carried to the version, verdicts.'), ...errorResponses } }),
  async (c) => c.json({ review: await getDocumentReview(c.get('deps').db, c.get('actor'), c.req.valid('param').documentId, c.req.valid('query').version) }, 200),
);

documentsRoutes.openapi(
  createRoute({ method: 'post', path: '/orgs/{orgId}/documents/{documentId}/votes', tags, request: { params: DocumentParamsSchema, ...jsonBody(CastVoteSchema) }, responses: { 201: json(z.object({ review: DocumentReviewSchema }), 'The review of the voted version.'), ...conflict, ...errorResponses } }),
  async (c) => c.json({ review: await castVote(c.get('deps').db, c.get('actor'), c.req.valid('param').documentId, c.req.valid('json'), new Date()) }, 201),
);

const ReviewRequestList = z.object({ requests: z.array(ReviewRequestSchema).openapi({ description: 'The open review requests of the document, oldest first.' }) });

documentsRoutes.openapi(
  createRoute({ method: 'get', path: '/orgs/{orgId}/documents/{documentId}/review-requests', tags, request: { params: DocumentParamsSchema }, responses: { 200: json(ReviewRequestList, 'Who has been asked to review the document and has not voted since: every open request for its authors and admins, only the ones asking the caller for any other reader.'), ...errorResponses } }),
  async (c) => c.json({ requests: await listReviewRequests(c.get('deps').db, c.get('actor'), c.req.valid('param').documentId) }, 200),
);

documentsRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/orgs/{orgId}/documents/{documentId}/review-requests',
    tags,
    description: 'An author asks org members to review the current version. Each one sees "Review requested" on Home (and is emailed, when email is on) until they vote on the document or an author withdraws the request. Refused, naming `body.reviewerIds`, for yourself or another author (400), someone who cannot read the document (400), someone already asked who has not voted yet (409); only authors may ask (403).',
    request: { params: DocumentParamsSchema, ...jsonBody(RequestReviewsSchema) },
    responses: { 201: json(ReviewRequestList, 'The open requests, the new ones included.'), ...conflict, ...errorResponses },
  }),
  async (c) => c.json({ requests: await requestReviews(c.get('deps').db, c.get('actor'), c.req.valid('param').documentId, c.req.valid('json'), new Date(), emailSettingsFrom(c.get('deps').config)) }, 201),
);

documentsRoutes.openapi(
  createRoute({
    method: 'delete',
    path: '/orgs/{orgId}/documents/{documentId}/review-requests/{requestId}',
    tags,
    description: 'An author withdraws an open request: it leaves the reviewer\'s Home. A request already answered by a vote, or withdrawn, is refused (409).',
    request: { params: ReviewRequestParamsSchema },
    responses: { 200: json(ReviewRequestList, 'The open requests left.'), ...conflict, ...errorResponses },
  }),
  async (c) => {
    const { documentId, requestId } = c.req.valid('param');
    return c.json({ requests: await withdrawReviewRequest(c.get('deps').db, c.get('actor'), documentId, requestId, new Date()) }, 200);
  },
);

documentsRoutes.openapi(
  createRoute({ method: 'post', path: '/orgs/{orgId}/documents/{documentId}/comments', tags, request: { params: DocumentParamsSchema, ...jsonBody(AddCommentSchema) }, responses: { 201: json(z.object({ comment: DocumentCommentSchema }), 'The new comment.'), ...errorResponses } }),
  async (c) => c.json({ comment: await addComment(c.get('deps').db, c.get('actor'), c.req.valid('param').documentId, c.req.valid('json'), new Date()) }, 201),
);

documentsRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/orgs/{orgId}/documents/{documentId}/comments/{commentId}/replies',
    tags,
    request: { params: CommentParamsSchema, ...jsonBody(ReplyToCommentSchema) },
    responses: { 201: json(z.object({ reply: DocumentCommentReplySchema }), 'The new reply, shown under its thread.'), ...conflict, ...errorResponses },
  }),
  async (c) => {
    const { documentId, commentId } = c.req.valid('param');
    return c.json({ reply: await replyToComment(c.get('deps').db, c.get('actor'), documentId, commentId, c.req.valid('json'), new Date()) }, 201);
  },
);

for (const [action, setResolved, description] of [
  ['resolve', resolveCommentThread, 'The thread, resolved (by whoever started it or an author of the document; resolving it again keeps who did it first).'],
  ['reopen', reopenCommentThread, 'The thread, open again (the same people may reopen it).'],
] as const) {
  documentsRoutes.openapi(
    createRoute({ method: 'post', path: `/orgs/{orgId}/documents/{documentId}/comments/{commentId}/${action}`, tags, request: { params: CommentParamsSchema }, responses: { 200: json(z.object({ comment: DocumentCommentSchema }), description), ...conflict, ...errorResponses } }),
    async (c) => {
      const { documentId, commentId } = c.req.valid('param');
      return c.json({ comment: await setResolved(c.get('deps').db, c.get('actor'), documentId, commentId, new Date()) }, 200);
    },
  );
}

documentsRoutes.openapi(
  createRoute({ method: 'post', path: '/orgs/{orgId}/documents/{documentId}/verdicts', tags, request: { params: DocumentParamsSchema, ...jsonBody(RecordVerdictSchema) }, responses: { 201: json(z.object({ review: DocumentReviewSchema }), 'The review with the recorded verdict.'), ...conflict, ...errorResponses } }),
  async (c) => c.json({ review: await recordVerdict(c.get('deps').db, c.get('actor'), c.req.valid('param').documentId, c.req.valid('json'), new Date()) }, 201),
);

documentsRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/orgs/{orgId}/documents/{documentId}/export',
    tags,
    request: { params: DocumentParamsSchema, query: ExportQuerySchema },
    responses: { 200: { description: 'The version as Markdown, as a print-ready HTML page, or as a PDF (A4, the same layout).', content: { 'text/markdown': { schema: z.string() }, 'text/html': { schema: z.string() }, 'application/pdf': { schema: z.string().openapi({ format: 'binary' }) } } }, ...errorResponses },
  }),
  async (c) => {
    const { db } = c.get('deps');
    const { documentId } = c.req.valid('param');
    const { format, version } = c.req.valid('query');
    const document = await getDocument(db, c.get('actor'), documentId);
    const text = await getDocumentVersion(db, c.get('actor'), documentId, version ?? document.version, 'query.version');
    const fileName = `${downloadBaseName(text.title, 'document').slice(0, 60)}-v${text.version}`;
    const kindName = document.kind === 'prfaq' ? 'PR/FAQ' : 'Memo';
    if (format === 'markdown') {
      c.header('content-disposition', `attachment; filename="${fileName}.md"`);
      return c.body(text.body, 200, { 'content-type': 'text/markdown; charset=utf-8' });
    }
    // The day the version was saved, named as Pulse names days to people (its UTC day: the server knows no reader's zone).
    const subtitle = `${kindName} · version ${text.version} · ${document.authors.map((author) => author.name).join(', ')} · ${formatDay(new Date(text.createdAt))}`;
    if (format === 'pdf') {
      const { renderMarkdownPdf } = await import('../../../pdf/printable-pdf.js');
      const { renderOneAtATime } = await import('../../../pdf/pdf-serving.js');
      c.header('content-disposition', `attachment; filename="${fileName}.pdf"`);
      return c.body(await renderOneAtATime(() => renderMarkdownPdf({ title: text.title, subtitle, markdown: text.body })), 200, { 'content-type': 'application/pdf' });
    }
    return c.body(renderPrintableHtml({ title: text.title, subtitle, markdown: text.body }), 200, { 'content-type': 'text/html; charset=utf-8' });
  },
);

documentsRoutes.openapi(
  createRoute({ method: 'get', path: '/orgs/{orgId}/writing-settings', tags, request: { params: OrgParamsSchema }, responses: { 200: json(SettingsView, 'The org\'s writing-check settings.'), ...errorResponses } }),
  async (c) => c.json(await getWritingSettings(c.get('deps').db, c.get('actor')), 200),
);

documentsRoutes.openapi(
  createRoute({
    method: 'put',
    path: '/orgs/{orgId}/writing-settings',
    tags,
    description: 'Replaces the whole settings object. With `baseToken` (the `editToken` as you read it), settings saved since are refused with 409 (`field` is `body.baseToken`, `data.token` the current token) and nothing is written; without it the save is not checked.',
    request: { params: OrgParamsSchema, ...jsonBody(SaveWritingSettingsSchema) },
    responses: { 200: json(SettingsView, 'The saved settings.'), ...errorResponses, 409: errorResponses[400] },
  }),
  async (c) => {
    const { baseToken, ...input } = c.req.valid('json');
    return c.json(await saveWritingSettings(c.get('deps').db, c.get('actor'), input, baseToken), 200);
  },
);
