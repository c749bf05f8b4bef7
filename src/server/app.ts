import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { bodyLimit } from 'hono/body-limit';
import { getCookie } from 'hono/cookie';
import { secureHeaders } from 'hono/secure-headers';
import { AppError } from '../domain/errors.js';
import type { AppDeps } from './app-env.js';
import { authenticate, SESSION_COOKIE, setSignedInHint, SIGNED_IN_HINT_COOKIE } from './middleware/authentication.js';
import { createRouter } from './router.js';
import { respondWithError, toAppError } from './http-errors.js';
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

  app.onError((error, c) => respondWithError(c, toAppError(error, deps.log)));
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

  const api = createRouter();
  api.get('/health', (c) => c.json({ ok: true }));
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
  app.route(API_PREFIX, api);

  app.doc31(`${API_PREFIX}/openapi.json`, {
    openapi: '3.1.0',
    info: { title: 'Pulse API', version: '1', description: 'Every change made with the session cookie needs the x-csrf-token header; API tokens go in `Authorization: Bearer`.' },
    servers: [{ url: deps.config.http.publicUrl }],
  });
  app.all(`${API_PREFIX}/*`, (c) => respondWithError(c, new AppError('not_found', `No route ${c.req.method} ${c.req.path}.`)));

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
