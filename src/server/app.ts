import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { bodyLimit } from 'hono/body-limit';
import { getCookie } from 'hono/cookie';
import { secureHeaders } from 'hono/secure-headers';
import { AppError } from '../domain/errors.js';
import type { AppDeps } from './app-env.js';
import { authenticate, SESSION_COOKIE, setSignedInHint, SIGNED_IN_HINT_COOKIE } from './middleware/authentication.js';
import { allowedMethodsOf, completeOpenApiDocument, type OpenApiDocument } from './openapi-document.js';
import { createRouter } from './router.js';
import { createRoute, z } from '@hono/zod-openapi';
import { respondWithError, toAppError } from './http-errors.js';
import { malformedJsonBodyError, requireUtf8JsonBody } from './json-body.js';
import { authRoutes } from './routes/auth/auth.routes.js';
import { orgAdminRoutes } from './routes/org-admin/org-admin.routes.js';
import { hiringRoutes } from './routes/hiring/hiring.routes.js';
import { homeRoutes } from './routes/home/home.routes.js';
import { metricsRoutes } from './routes/metrics/metrics.routes.js';
import { playbooksRoutes } from './routes/playbooks/playbooks.routes.js';
import { peopleRoutes } from './routes/people/people.routes.js';
import { pipelineRoutes } from './routes/pipeline/pipeline.routes.js';
import { principlesRoutes } from './routes/principles/principles.routes.js';
import { reviewsRoutes } from './routes/reviews/reviews.routes.js';
import { salesRoutes } from './routes/sales/sales.routes.js';
import { searchRoutes } from './routes/search/search.routes.js';
import { documentsRoutes } from './routes/documents/documents.routes.js';
import { readingMeetingsRoutes } from './routes/documents/reading-meetings.routes.js';
import { isWbrCsvUpload, WBR_DECK_EXPORT_HEADERS, WBR_DECK_EXPORT_PATH, wbrRoutes } from './routes/wbr/wbr.routes.js';

export const API_PREFIX = '/api/v1';

/**
 * The HTTP application: JSON API under /api/v1, its OpenAPI document, and the built web app. Stateless:
 * everything it knows lives in the database, so many instances can serve one database.
 */
export function createApp(deps: AppDeps, options: { webRoot?: string | undefined } = {}) {
  const app = createRouter();

  app.onError(async (error, c) => respondWithError(c, (await malformedJsonBodyError(c, error)) ?? toAppError(error, deps.log)));
  app.notFound((c) => respondWithError(c, new AppError('not_found', `No route ${c.req.method} ${c.req.path}.`)));

  app.use('*', async (c, next) => {
    c.set('deps', deps);
    await next();
  });
  const appHeaders = secureHeaders({ contentSecurityPolicy: { defaultSrc: ["'self'"], scriptSrc: ["'self'"], styleSrc: ["'self'", "'unsafe-inline'"], imgSrc: ["'self'", 'data:'], objectSrc: ["'none'"], frameAncestors: ["'none'"] } });
  // A published WBR week is shown framed in its deck's page: the one response the app itself may frame, with a
  // policy under which nothing in it can run (WBR_DECK_EXPORT_HEADERS). Every other response keeps the app's.
  const deckExportHeaders = secureHeaders(WBR_DECK_EXPORT_HEADERS);
  app.use('*', (c, next) => (c.req.method === 'GET' && WBR_DECK_EXPORT_PATH.test(c.req.path) ? deckExportHeaders(c, next) : appHeaders(c, next)));
  const limitBody = bodyLimit({
    maxSize: deps.config.http.maxBodyBytes,
    onError: () => {
      throw new AppError('payload_too_large', `The request body is larger than ${deps.config.http.maxBodyBytes} bytes.`, { field: 'body' });
    },
  });
  // Reads carry no body; skipping them also spares building a full Request object on every GET. A deck's data and
  // annotation uploads (the CSV itself as the body) have their own limits on their routes.
  app.use(`${API_PREFIX}/*`, (c, next) => (c.req.method === 'GET' || c.req.method === 'HEAD' || isWbrCsvUpload(c.req.method, c.req.path) ? next() : limitBody(c, next)));
  app.use(`${API_PREFIX}/*`, authenticate);
  app.use(`${API_PREFIX}/*`, requireUtf8JsonBody);

  const api = createRouter();
  api.openapi(
    createRoute({ method: 'get', path: '/health', tags: ['Health'], summary: 'Whether the server answers (no sign-in).', responses: { 200: { description: 'It does.', content: { 'application/json': { schema: z.object({ ok: z.literal(true) }) } } } } }),
    (c) => c.json({ ok: true as const }, 200),
  );
  api.route('/', authRoutes);
  api.route('/', principlesRoutes);
  api.route('/', documentsRoutes);
  api.route('/', readingMeetingsRoutes);
  api.route('/', orgAdminRoutes);
  api.route('/', peopleRoutes);
  api.route('/', pipelineRoutes);
  api.route('/', hiringRoutes);
  api.route('/', reviewsRoutes);
  api.route('/', metricsRoutes);
  api.route('/', salesRoutes);
  api.route('/', playbooksRoutes);
  api.route('/', wbrRoutes);
  api.route('/', homeRoutes);
  api.route('/', searchRoutes);
  app.route(API_PREFIX, api);

  // The document is made on first request and kept: the routes do not change while the server runs.
  let document: OpenApiDocument | undefined;
  const openApiDocument = (): OpenApiDocument => {
    document ??= completeOpenApiDocument(app.getOpenAPI31Document({
      openapi: '3.1.0',
      info: { title: 'Pulse API', version: '1', description: 'Every change made with the session cookie needs the x-csrf-token header; API tokens go in `Authorization: Bearer`.' },
      servers: [{ url: deps.config.http.publicUrl }],
    }) as unknown as OpenApiDocument, API_PREFIX);
    return document;
  };
  let allowed: ReturnType<typeof allowedMethodsOf> | undefined;
  app.get(`${API_PREFIX}/openapi.json`, (c) => c.json(openApiDocument()));
  app.all(`${API_PREFIX}/*`, (c) => {
    // A path Pulse has, asked with a method it does not take: 405 and the methods it does (Allow), not "no route".
    allowed ??= allowedMethodsOf(openApiDocument());
    const methods = allowed.filter((entry) => entry.pattern.test(c.req.path)).flatMap((entry) => entry.methods);
    if (methods.length > 0) {
      c.header('Allow', [...new Set(methods)].join(', '));
      return c.json({ error: { code: 'validation_failed', message: `${c.req.method} is not a method of ${c.req.path}: it takes ${[...new Set(methods)].join(', ')}.` } }, 405);
    }
    return respondWithError(c, new AppError('not_found', `No route ${c.req.method} ${c.req.path}.`));
  });

  const webRoot = options.webRoot;
  if (webRoot && existsSync(path.join(webRoot, 'index.html'))) {
    const indexHtml = readFileSync(path.join(webRoot, 'index.html'), 'utf8');
    app.use('/assets/*', serveStatic({ root: path.relative(process.cwd(), webRoot) || '.' }));
    // Client-side routes (/principles, /audit, /invite/...) all load the single-page app. A browser that holds a
    // session cookie from before the signed-in hint existed gets the hint here, so the app still asks for its
    // session (a session that has ended answers 401 and the app drops the hint).
    app.get('*', (c) => {
      if (getCookie(c, SESSION_COOKIE) !== undefined && getCookie(c, SIGNED_IN_HINT_COOKIE) === undefined) {
        setSignedInHint(c);
      }
      return c.html(indexHtml);
    });
  }
  return app;
}

export type PulseApp = ReturnType<typeof createApp>;
