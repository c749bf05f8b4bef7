import { fileURLToPath } from 'node:url';
import { serve, type ServerType } from '@hono/node-server';
import type { PulseConfig } from '../config/config.js';
import type { AccountSettings } from '../services/accounts/accounts.service.js';
import type { PlaybookLibrary } from '../domain/playbooks/playbook.js';
import { loadPlaybookLibrary } from '../services/playbooks/playbook-files.js';
import type { ChangeFeed } from '../storage/change-feed.js';
import type { Db } from '../storage/database.js';
import { loadWbrSourceSettings, type DataSourceLimits } from '../services/wbr/wbr-data-sources.js';
import { createApp } from './app.js';
import { createReadCaches } from './read-caches.js';
import { createTokenRateLimit } from './token-rate-limit.js';
import type { AppDeps } from './app-env.js';

export function accountSettingsFrom(config: PulseConfig): AccountSettings {
  const { sessionDays, passwordHashLog2N, loginAttemptsPerWindow, loginWindowMinutes } = config.security;
  return { sessionDays, passwordHashLog2N, loginAttemptsPerWindow, loginWindowMinutes };
}

/**
 * The playbooks Pulse ships (content/playbooks in the Pulse folder). This module sits two folders below that
 * folder in src/server, dist/server and the CLI bundle's dist/bundle alike, as src/cli/package-root.ts does
 * (decision 011), so the path holds in all three.
 */
export const SHIPPED_PLAYBOOKS_DIR = fileURLToPath(new URL('../../content/playbooks', import.meta.url));

/** Reads and checks the shipped playbooks (once per process); throws on the first broken file, naming it and the line. */
export function loadShippedPlaybooks(): PlaybookLibrary {
  return loadPlaybookLibrary(SHIPPED_PLAYBOOKS_DIR);
}

/** How long a deck's query may run and how much it may return: the upload limit, since its rows become the deck's data. */
export function wbrSourceLimits(config: PulseConfig): DataSourceLimits {
  return { timeoutMs: config.wbr.queryTimeoutMs, maxBytes: config.http.maxUploadBytes };
}

/**
 * Without a change feed the in-memory caches stay off (every read goes to the database). The playbook library and
 * the business review's connections file are read here, at start: a broken file stops the start with its line (the
 * connections file is read again when it changes, see loadWbrSourceSettings).
 */
export function appDepsFrom(db: Db, config: PulseConfig, log: (message: string) => void, feed?: ChangeFeed): AppDeps {
  return {
    db,
    config,
    log,
    accountSettings: accountSettingsFrom(config),
    caches: createReadCaches(config.security.cacheSeconds, feed),
    tokenRateLimit: createTokenRateLimit(config.security.tokenRequestsPerMinute),
    playbooks: loadShippedPlaybooks(),
    wbrSources: loadWbrSourceSettings(config.wbr.connectionsFile, wbrSourceLimits(config), log),
  };
}

/** Starts listening; resolves with the server and the port it got (port 0 picks a free one). */
export function startHttpServer(deps: AppDeps, webRoot: string | undefined): Promise<{ server: ServerType; port: number }> {
  const app = createApp(deps, { webRoot });
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, hostname: deps.config.http.host, port: deps.config.http.port }, (info) => resolve({ server, port: info.port }));
    // A port in use (or not ours to take) is reported as an event, not thrown: without this it crashed the process
    // with a stack trace and left the embedded PostgreSQL running behind it.
    server.once('error', reject);
  });
}
