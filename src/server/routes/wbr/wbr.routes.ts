import { createRoute, z } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import type { secureHeaders } from 'hono/secure-headers';
import { AppError } from '../../../domain/errors.js';
import { ANNOTATION_FILE_MAX_BYTES, ANNOTATION_LIMITS } from '../../../domain/wbr-review/annotations.js';
import { emailSettingsFrom } from '../../../services/mail/outbox.service.js';
import { listAnomalies, updateAnomaly } from '../../../services/wbr/wbr-anomalies.service.js';
import { createDeck, deleteDeck, getDeck, listDecks, pushDeckRows, updateDeck, uploadDeckData } from '../../../services/wbr/wbr-decks.service.js';
import { refreshDeckFromSources } from '../../../services/wbr/wbr-deck-sources.service.js';
import { createSalesDeck, refreshSalesDeckData } from '../../../services/wbr/wbr-sales-deck.service.js';
import { addAnnotation, listAnnotations, removeAnnotation, replaceAnnotationsFromCsv } from '../../../services/wbr/wbr-annotations.service.js';
import { correctWeek, exportWeek, getWeek, previewWeek, publishWeek, weekLagAnalysis } from '../../../services/wbr/wbr-weeks.service.js';
import { uploadedFileFields } from '../../body-fields.js';
import { orgScope } from '../../middleware/org-scope.js';
import { createRouter } from '../../router.js';
import { errorResponses, json, jsonBody, OrgParamsSchema } from '../common/common.schema.js';
import {
  AnnotationParamsSchema,
  AnomalyParamsSchema,
  CorrectWeekSchema,
  CreateAnnotationSchema,
  CreateDeckSchema,
  CreateSalesDeckSchema,
  DeckParamsSchema,
  ExportQuerySchema,
  LagQuerySchema,
  ListAnomaliesQuerySchema,
  PreviewQuerySchema,
  PublishSchema,
  PushRowsSchema,
  SnapshotParamsSchema,
  UpdateAnomalySchema,
  UpdateDeckSchema,
  UploadQuerySchema,
  WbrAnnotationSchema,
  WbrAnomalySchema,
  WbrDeckSchema,
  WbrDeckSummarySchema,
  WbrLagSchema,
  WbrSnapshotSchema,
} from './wbr.schema.js';

const tags = ['Weekly business review'];
const ruleResponses = {
  ...errorResponses,
  409: { description: 'A name clash, a week already published (`rule` wbr.snapshot_exists), or a correction of a version already corrected (`rule` wbr.snapshot_superseded).', content: errorResponses[400].content },
  422: { description: 'A review rule refuses it; `rule` and `field` name it.', content: errorResponses[400].content },
};

/** The data upload takes the CSV itself as the body, so it has its own size limit (the app's default is for JSON). */
export const WBR_DATA_UPLOAD_PATH = /^\/api\/v1\/orgs\/[^/]+\/wbr\/decks\/[^/]+\/data$/;

/** So does the annotation file's upload: its documented maximum (5,000 rows of 500 characters) is above the JSON limit. */
export const WBR_ANNOTATIONS_UPLOAD_PATH = /^\/api\/v1\/orgs\/[^/]+\/wbr\/decks\/[^/]+\/annotations$/;

/** Whether a request is one of the review's CSV uploads, which take the file as the body and limit it on their route. */
export function isWbrCsvUpload(method: string, path: string): boolean {
  return method === 'PUT' && (WBR_DATA_UPLOAD_PATH.test(path) || WBR_ANNOTATIONS_UPLOAD_PATH.test(path));
}

/** A published week's export, or a week's preview, framed by the deck's page (see app.ts). */
export const WBR_DECK_EXPORT_PATH = /^\/api\/v1\/orgs\/[^/]+\/wbr\/decks\/[^/]+\/(snapshots\/[^/]+\/export|preview)$/;

/**
 * The export's security headers: the deck has no script, so nothing may run in it (sandbox), nothing may load
 * from anywhere, and only the app itself may frame it (its deck page). The file carries the same policy in a meta
 * tag for when it is opened from disk.
 */
export const WBR_DECK_EXPORT_HEADERS: Parameters<typeof secureHeaders>[0] = {
  contentSecurityPolicy: { defaultSrc: ["'none'"], styleSrc: ["'unsafe-inline'"], imgSrc: ['data:'], baseUri: ["'none'"], formAction: ["'none'"], frameAncestors: ["'self'"], sandbox: [] },
  xFrameOptions: 'SAMEORIGIN',
};

/** An uploaded CSV file, sent as the request body itself. */
async function csvBody(request: Request, fileName: string): Promise<string> {
  if (!/^(text\/|application\/octet-stream)/i.test(request.headers.get('content-type') ?? '')) {
    throw new AppError('validation_failed', 'body: send the CSV file itself as the body, with content-type text/csv.', { field: 'body' });
  }
  // Decoded strictly: a file saved in another encoding would otherwise be read with replacement characters and
  // refused later for cells or columns that look wrong for no visible reason.
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(await request.arrayBuffer());
  } catch {
    throw new AppError('invalid_data', 'The file is not UTF-8 text: save it as UTF-8 (in Excel, "CSV UTF-8") and upload it again.', { field: 'body', file: fileName });
  }
}

export const wbrRoutes = createRouter();
wbrRoutes.use('/orgs/:orgId/wbr/*', orgScope);

wbrRoutes.openapi(
  createRoute({ method: 'get', path: '/orgs/{orgId}/wbr/decks', tags, request: { params: OrgParamsSchema }, responses: { 200: json(z.object({ decks: z.array(WbrDeckSummarySchema) }), 'The org\'s decks by name.'), ...errorResponses } }),
  async (c) => c.json({ decks: await listDecks(c.get('deps').db, c.get('actor')) }, 200),
);

wbrRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/orgs/{orgId}/wbr/decks',
    tags,
    description: 'A new deck from a WBR App config. A config the engine cannot read answers 400 `invalid_config` with the key path in `field` and the `line`.',
    request: { params: OrgParamsSchema, ...jsonBody(CreateDeckSchema) },
    responses: { 201: json(z.object({ deck: WbrDeckSchema }), 'The new deck.'), ...ruleResponses },
  }),
  async (c) => c.json({ deck: await createDeck(c.get('deps').db, c.get('actor'), c.req.valid('json'), undefined, emailSettingsFrom(c.get('deps').config)) }, 201),
);

wbrRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/orgs/{orgId}/wbr/decks/from-sales',
    tags,
    description: 'A new deck over the sales pipeline: a config charting opportunities opened, deals won and lost, bookings, win rate and average deal size, with the pipeline\'s daily data up to today. Needs the rights to build the review and to read sales.',
    request: { params: OrgParamsSchema, ...jsonBody(CreateSalesDeckSchema) },
    responses: { 201: json(z.object({ deck: WbrDeckSchema }), 'The new deck, with its data.'), ...ruleResponses },
  }),
  async (c) => c.json({ deck: await createSalesDeck(c.get('deps').db, c.get('actor'), c.req.valid('json')) }, 201),
);

wbrRoutes.openapi(
  createRoute({ method: 'get', path: '/orgs/{orgId}/wbr/decks/{deckId}', tags, request: { params: DeckParamsSchema }, responses: { 200: json(z.object({ deck: WbrDeckSchema }), 'The deck with its weeks and unresolved anomalies.'), ...errorResponses } }),
  async (c) => c.json({ deck: await getDeck(c.get('deps').db, c.get('actor'), c.req.valid('param').deckId) }, 200),
);

wbrRoutes.openapi(
  createRoute({
    method: 'patch',
    path: '/orgs/{orgId}/wbr/decks/{deckId}',
    tags,
    description: 'Renames the deck, changes its owner, alerts or daily refresh, or replaces its config. A new config is checked against the data already uploaded. With `baseConfigToken` (the deck\'s `configToken` as you read it) a config saved since is refused with 409; with `baseDetailsToken`, `baseAlertsToken` or `baseRefreshToken` (its `settingsTokens`, one per settings form) so is a save since of the fields that token covers (name and owner, alerts, refresh hour) and only those; with `baseToken` (its `editToken`) so is a name, owner, alerts or refresh hour saved since (`field` the base token sent, under `body.`, `data.token` the current token), and nothing is written. Without them the change is not checked.',
    request: { params: DeckParamsSchema, ...jsonBody(UpdateDeckSchema) },
    responses: { 200: json(z.object({ deck: WbrDeckSchema }), 'The deck after the change.'), ...ruleResponses },
  }),
  async (c) => c.json({ deck: await updateDeck(c.get('deps').db, c.get('actor'), c.req.valid('param').deckId, c.req.valid('json'), new Date(), emailSettingsFrom(c.get('deps').config)) }, 200),
);

wbrRoutes.openapi(
  createRoute({ method: 'delete', path: '/orgs/{orgId}/wbr/decks/{deckId}', tags, description: 'Admins only: removes the deck with its published weeks and anomalies.', request: { params: DeckParamsSchema }, responses: { 204: { description: 'Deleted.' }, ...errorResponses } }),
  async (c) => {
    await deleteDeck(c.get('deps').db, c.get('actor'), c.req.valid('param').deckId);
    return c.body(null, 204);
  },
);

wbrRoutes.use('/orgs/:orgId/wbr/decks/:deckId/data', async (c, next) => {
  const limit = bodyLimit({
    maxSize: c.get('deps').config.http.maxUploadBytes,
    onError: () => {
      throw new AppError('payload_too_large', `The data file is larger than ${c.get('deps').config.http.maxUploadBytes} bytes (PULSE_MAX_UPLOAD_BYTES).`, { field: 'body' });
    },
  });
  return limit(c, next);
});

// The annotation file: as large as the most annotations a deck holds may be written (annotations.ts), and no larger.
const annotationFileLimit = bodyLimit({
  maxSize: ANNOTATION_FILE_MAX_BYTES,
  onError: () => {
    throw new AppError('payload_too_large', `The annotation file is larger than ${ANNOTATION_FILE_MAX_BYTES.toLocaleString('en-US')} bytes, more than ${ANNOTATION_LIMITS.perDeck.toLocaleString('en-US')} annotations of ${ANNOTATION_LIMITS.descriptionMaxLength} characters can take.`, { field: 'body' });
  },
});
wbrRoutes.use('/orgs/:orgId/wbr/decks/:deckId/annotations', (c, next) => (c.req.method === 'PUT' ? annotationFileLimit(c, next) : next()));

wbrRoutes.openapi(
  createRoute({
    method: 'put',
    path: '/orgs/{orgId}/wbr/decks/{deckId}/data',
    tags,
    description: 'Replaces the deck\'s data with the CSV sent as the body (`content-type: text/csv`). Every cell is checked against the config first; a bad one answers 400 `invalid_data` with its `line` and `column`, and the previous data stays.',
    request: { params: DeckParamsSchema, query: UploadQuerySchema, body: { content: { 'text/csv': { schema: z.string() } }, required: true } },
    responses: { 200: json(z.object({ deck: WbrDeckSchema }), 'The deck with its new data.'), ...ruleResponses, 413: { description: 'Larger than PULSE_MAX_UPLOAD_BYTES.', content: errorResponses[400].content } },
  }),
  async (c) => {
    const csv = await csvBody(c.req.raw, c.req.valid('query').fileName);
    return c.json({ deck: await uploadDeckData(c.get('deps').db, c.get('actor'), c.req.valid('param').deckId, { fileName: c.req.valid('query').fileName, csv }).catch(uploadedFileFields) }, 200);
  },
);

wbrRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/orgs/{orgId}/wbr/decks/{deckId}/data/rows',
    tags,
    description: 'Pushes rows into the deck\'s data (a day\'s numbers from a script): a pushed day replaces every row of that day, a new day is added, other rows stay as they were. The columns must be the data\'s (a deck without data takes the pushed ones). The merged data is checked like an upload; a bad row or cell answers 400 naming it, and the data stays as it was.',
    request: { params: DeckParamsSchema, ...jsonBody(PushRowsSchema) },
    responses: { 200: json(z.object({ deck: WbrDeckSchema }), 'The deck with its merged data.'), ...ruleResponses, 413: { description: 'The merged data would be larger than PULSE_MAX_UPLOAD_BYTES.', content: errorResponses[400].content } },
  }),
  async (c) => c.json({ deck: await pushDeckRows(c.get('deps').db, c.get('actor'), c.req.valid('param').deckId, c.req.valid('json').rows, { maxBytes: c.get('deps').config.http.maxUploadBytes }) }, 200),
);

wbrRoutes.openapi(
  createRoute({
    method: 'put',
    path: '/orgs/{orgId}/wbr/decks/{deckId}/data/from-sales',
    tags,
    description: 'Replaces the deck\'s data with the sales pipeline\'s daily CSV as of today. A deck whose config reads a column the sales CSV lacks answers 400 `invalid_config` naming it, and its data stays.',
    request: { params: DeckParamsSchema },
    responses: { 200: json(z.object({ deck: WbrDeckSchema }), 'The deck with the pipeline\'s data.'), ...ruleResponses },
  }),
  async (c) => c.json({ deck: await refreshSalesDeckData(c.get('deps').db, c.get('actor'), c.req.valid('param').deckId) }, 200),
);

wbrRoutes.openapi(
  createRoute({
    method: 'put',
    path: '/orgs/{orgId}/wbr/decks/{deckId}/data/from-sources',
    tags,
    description: 'Runs the deck config\'s `data_sources` SQL queries (read-only, with a time limit) on the databases the server\'s connections file names (`PULSE_WBR_CONNECTIONS`), merges their rows on `Date` as the WBR App does, and replaces the deck\'s data with the result through the same checks as an upload. A failing query answers with its name, connection and config line, and the data stays as it was.',
    request: { params: DeckParamsSchema },
    responses: {
      200: json(z.object({ deck: WbrDeckSchema }), 'The deck with the data its queries returned.'),
      ...ruleResponses,
      413: { description: 'The queries returned more than PULSE_MAX_UPLOAD_BYTES of data.', content: errorResponses[400].content },
      502: { description: 'A database did not answer, refused the connection, or a query ran past its time limit (`upstream_failed`).', content: errorResponses[400].content },
    },
  }),
  async (c) => c.json({ deck: await refreshDeckFromSources(c.get('deps').db, c.get('actor'), c.req.valid('param').deckId, c.get('deps').wbrSources) }, 200),
);

wbrRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/orgs/{orgId}/wbr/decks/{deckId}/snapshots',
    tags,
    description: 'Publishes a week: builds the deck from the current config and data and keeps it unchanged from then on. Weeks go in order; new anomaly signals open anomalies (or add to the unresolved one of their metric).',
    request: { params: DeckParamsSchema, ...jsonBody(PublishSchema) },
    responses: { 201: json(z.object({ snapshot: WbrSnapshotSchema }), 'The published week.'), ...ruleResponses },
  }),
  async (c) => c.json({ snapshot: await publishWeek(c.get('deps').db, c.get('actor'), c.req.valid('param').deckId, c.req.valid('json'), new Date(), emailSettingsFrom(c.get('deps').config)) }, 201),
);

wbrRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/orgs/{orgId}/wbr/decks/{deckId}/snapshots/{snapshotId}/corrections',
    tags,
    description: 'Corrects a published week (the deck\'s owner or an admin; 403 otherwise): keeps a new version of the week built from the deck\'s data, config and annotations as they are now, with the reason. The version corrected stays as it was, marked superseded. Only a week\'s latest version is corrected (409 `wbr.snapshot_superseded` otherwise, as when two people correct it at once). Signals no earlier version of the week raised join the anomaly list; the anomalies raised before carry on as they are.',
    request: { params: SnapshotParamsSchema, ...jsonBody(CorrectWeekSchema) },
    responses: { 201: json(z.object({ snapshot: WbrSnapshotSchema }), 'The correction: the week\'s new latest version.'), ...ruleResponses },
  }),
  async (c) => {
    const { deckId, snapshotId } = c.req.valid('param');
    return c.json({ snapshot: await correctWeek(c.get('deps').db, c.get('actor'), deckId, snapshotId, c.req.valid('json'), new Date(), emailSettingsFrom(c.get('deps').config)) }, 201);
  },
);

wbrRoutes.openapi(
  createRoute({ method: 'get', path: '/orgs/{orgId}/wbr/decks/{deckId}/snapshots/{snapshotId}', tags, request: { params: SnapshotParamsSchema }, responses: { 200: json(z.object({ snapshot: WbrSnapshotSchema }), 'A published week with its anomaly signals.'), ...errorResponses } }),
  async (c) => {
    const { deckId, snapshotId } = c.req.valid('param');
    return c.json({ snapshot: await getWeek(c.get('deps').db, c.get('actor'), deckId, snapshotId) }, 200);
  },
);

wbrRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/orgs/{orgId}/wbr/decks/{deckId}/snapshots/{snapshotId}/export',
    tags,
    description: 'A published week as the self-contained HTML deck (shown inline, so the web app can frame it), as a PDF (A4, every chart and table whole on a page, bookmarks per block) or as the deck JSON exactly as stored.',
    request: { params: SnapshotParamsSchema, query: ExportQuerySchema },
    responses: { 200: { description: 'The file.', content: { 'text/html': { schema: z.string() }, 'application/json': { schema: z.looseObject({}).openapi({ description: 'The deck JSON: the WBR App\'s, plus Pulse\'s `pulse` keys (docs/wbr.md).' }) }, 'application/pdf': { schema: z.string().openapi({ format: 'binary' }) } } }, ...errorResponses },
  }),
  async (c) => {
    const { deckId, snapshotId } = c.req.valid('param');
    const { format, download } = c.req.valid('query');
    const file = await exportWeek(c.get('deps').db, c.get('actor'), deckId, snapshotId, format);
    const disposition = format === 'json' || download === '1' ? 'attachment' : 'inline';
    return c.body(file.body, 200, {
      'content-type': file.contentType,
      'content-disposition': `${disposition}; filename="${file.fileName}"`,
    });
  },
);

wbrRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/orgs/{orgId}/wbr/decks/{deckId}/preview',
    tags,
    description: 'Previews a week without publishing it: the deck built exactly as publishing that week would build it now, from the current config, data and annotations, as the self-contained HTML deck (shown inline, so the web app can frame it) or as the deck JSON. Any week the data reaches may be previewed, in any order, including the week not over yet; the title marks it as a preview (and a partial week). Nothing is saved: no snapshot, no anomaly raised or extended, no audit entry. Needs the right to read the review. A `weekEnding` not on the config\'s week-ending weekday, or whose week the data does not reach, answers 400 with `field` `query.weekEnding`.',
    request: { params: DeckParamsSchema, query: PreviewQuerySchema },
    responses: { 200: { description: 'The previewed deck.', content: { 'text/html': { schema: z.string() }, 'application/json': { schema: z.looseObject({}).openapi({ description: 'The deck JSON, as a published week\'s export.' }) } } }, ...ruleResponses },
  }),
  async (c) => {
    const { weekEnding, format } = c.req.valid('query');
    const file = await previewWeek(c.get('deps').db, c.get('actor'), c.req.valid('param').deckId, { weekEnding }, format);
    return c.body(file.body, 200, { 'content-type': file.contentType, 'content-disposition': `${format === 'json' ? 'attachment' : 'inline'}; filename="${file.fileName}"` });
  },
);

wbrRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/orgs/{orgId}/wbr/decks/{deckId}/snapshots/{snapshotId}/lag',
    tags,
    description: 'How strongly the output follows the input at lags of 0 to 12 weeks, from the weekly series of a published week (week-over-week changes, so that two growing metrics do not look related by their growth alone).',
    request: { params: SnapshotParamsSchema, query: LagQuerySchema },
    responses: { 200: json(z.object({ analysis: WbrLagSchema }), 'The correlation at each lag and the strongest one.'), ...errorResponses },
  }),
  async (c) => {
    const { deckId, snapshotId } = c.req.valid('param');
    return c.json({ analysis: await weekLagAnalysis(c.get('deps').db, c.get('actor'), deckId, snapshotId, c.req.valid('query')) }, 200);
  },
);

wbrRoutes.openapi(
  createRoute({ method: 'get', path: '/orgs/{orgId}/wbr/anomalies', tags, request: { params: OrgParamsSchema, query: ListAnomaliesQuerySchema }, responses: { 200: json(z.object({ anomalies: z.array(WbrAnomalySchema) }), 'Anomalies, oldest first, narrowed by the filters.'), ...errorResponses } }),
  async (c) => c.json({ anomalies: await listAnomalies(c.get('deps').db, c.get('actor'), c.req.valid('query')) }, 200),
);

wbrRoutes.openapi(
  createRoute({
    method: 'patch',
    path: '/orgs/{orgId}/wbr/anomalies/{anomalyId}',
    tags,
    description: 'Records the root cause, the status or a new owner, by the anomaly\'s owner or an admin, or by an admin or member when nobody owns it (403 for anyone else). Explained and resolved need a root cause (422, rule wbr.root_cause_required).',
    request: { params: AnomalyParamsSchema, ...jsonBody(UpdateAnomalySchema) },
    responses: { 200: json(z.object({ anomaly: WbrAnomalySchema }), 'The anomaly after the change.'), ...ruleResponses },
  }),
  async (c) => c.json({ anomaly: await updateAnomaly(c.get('deps').db, c.get('actor'), c.req.valid('param').anomalyId, c.req.valid('json'), undefined, emailSettingsFrom(c.get('deps').config)) }, 200),
);

const annotationsAnswer = (description: string) => json(z.object({ annotations: z.array(WbrAnnotationSchema) }), description);

wbrRoutes.openapi(
  createRoute({ method: 'get', path: '/orgs/{orgId}/wbr/decks/{deckId}/annotations', tags, description: 'The deck\'s annotations, newest day first. A week\'s deck carries those in its six weeks and in the same weeks a year before.', request: { params: DeckParamsSchema }, responses: { 200: annotationsAnswer('The annotations.'), ...errorResponses } }),
  async (c) => c.json({ annotations: await listAnnotations(c.get('deps').db, c.get('actor'), c.req.valid('param').deckId) }, 200),
);

wbrRoutes.openapi(
  createRoute({ method: 'post', path: '/orgs/{orgId}/wbr/decks/{deckId}/annotations', tags, description: 'Annotates a metric of the deck on a day. The metric must be one of the config\'s; weeks published before keep what they were published with.', request: { params: DeckParamsSchema, ...jsonBody(CreateAnnotationSchema) }, responses: { 201: annotationsAnswer('Every annotation of the deck, the new one included.'), ...ruleResponses } }),
  async (c) => c.json({ annotations: await addAnnotation(c.get('deps').db, c.get('actor'), c.req.valid('param').deckId, c.req.valid('json')) }, 201),
);

wbrRoutes.openapi(
  createRoute({
    method: 'put',
    path: '/orgs/{orgId}/wbr/decks/{deckId}/annotations',
    tags,
    description: 'Replaces every annotation of the deck with the WBR App\'s annotation CSV sent as the body (`content-type: text/csv`; columns Date, MetricName, EventDescription). All or nothing: a bad row answers 400 `invalid_data` with its `line` (and the message starts "Line N:"), and the annotations stay as they were.',
    request: { params: DeckParamsSchema, query: UploadQuerySchema, body: { content: { 'text/csv': { schema: z.string() } }, required: true } },
    responses: { 200: annotationsAnswer('The annotations of the file.'), ...ruleResponses, 413: { description: `Larger than ${ANNOTATION_FILE_MAX_BYTES.toLocaleString('en-US')} bytes: more than the most annotations a deck holds can take.`, content: errorResponses[400].content } },
  }),
  async (c) => {
    const { fileName } = c.req.valid('query');
    const csv = await csvBody(c.req.raw, fileName);
    return c.json({ annotations: await replaceAnnotationsFromCsv(c.get('deps').db, c.get('actor'), c.req.valid('param').deckId, { csv, fileName }).catch(uploadedFileFields) }, 200);
  },
);

wbrRoutes.openapi(
  createRoute({ method: 'delete', path: '/orgs/{orgId}/wbr/decks/{deckId}/annotations/{annotationId}', tags, description: 'Removes an annotation; weeks published with it keep it.', request: { params: AnnotationParamsSchema }, responses: { 200: annotationsAnswer('The annotations left.'), ...errorResponses } }),
  async (c) => {
    const { deckId, annotationId } = c.req.valid('param');
    return c.json({ annotations: await removeAnnotation(c.get('deps').db, c.get('actor'), deckId, annotationId) }, 200);
  },
);
